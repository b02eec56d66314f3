# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The VM harness (tests/system/vm/vm-run) and the boot checks.

VM_RUN := tests/system/vm/vm-run
export VM_RUN

.PHONY: check-vm-stock
# Boot Debian's kernel with our module: the module that runs is ours.
check-vm-stock: $(STOCK_MODULE)
	$(VM_RUN) --kernel stock --timeout 180 tests/system/module-loaded.sh

CHECK_TARGETS += check-vm-stock
