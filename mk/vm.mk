# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The VM harness (tests/system/vm/vm-run) and the boot checks.


.PHONY: check-vm-stock
# Boot Debian's kernel with our module: the module that runs is ours.
check-vm-stock: $(STOCK_MODULE)
	$(VM_RUN) --kernel stock --timeout 180 tests/system/module-loaded.sh

CHECK_TARGETS += check-vm-stock

# Linux's openvswitch selftests, patched to really test, against our module.
SELFTESTS_DIR := $(BUILD)/selftests/openvswitch
$(SELFTESTS_DIR)/.ok: $(wildcard patches/linux-selftests/*) scripts/extract-linux.sh | $(DEPS_STAMP)
	scripts/extract-linux.sh $(BUILD)/upstream
	rm -rf $(BUILD)/selftests && mkdir -p $(BUILD)/selftests/tree/tools/testing/selftests/net
	cp -r $(BUILD)/upstream/linux/tools/testing/selftests/net/openvswitch \
		$(BUILD)/selftests/tree/tools/testing/selftests/net/
	scripts/apply-series.sh patches/linux-selftests $(BUILD)/selftests/tree
	mv $(BUILD)/selftests/tree/tools/testing/selftests/net/openvswitch $(SELFTESTS_DIR)
	rm -rf $(BUILD)/selftests/tree
	touch $@

.PHONY: check-upstream-selftests
check-upstream-selftests: $(STOCK_MODULE) $(SELFTESTS_DIR)/.ok
	$(VM_RUN) --kernel stock --timeout 600 tests/system/upstream-selftests.sh $(SELFTESTS_DIR)

CHECK_TARGETS += check-upstream-selftests

.PHONY: check-vm-debug
# The same boot check on the debug kernel (KASAN, lockdep, kmemleak): our
# module built against it loads and the kernel reports nothing.
check-vm-debug: $(DEBUG_MODULE)
	$(VM_RUN) --kernel debug --timeout 300 --name module-loaded-debug \
		tests/system/module-loaded.sh

CHECK_TARGETS += check-vm-debug
