# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# openvswitch.ko: upstream net/openvswitch + patches/linux + datapath/.
#
# KVER/KSRC select the kernel to build for (default: the newest Debian
# linux-image installed, whose headers are in /lib/modules/$(KVER)/build).
# The stock module is what users run; the debug one (mk/debug-kernel.mk
# sets DEBUG_KSRC) is what KUnit and the sanitizers run.

KVER ?= $(shell ls -d /lib/modules/*/build 2>/dev/null | sed 's,/lib/modules/,,;s,/build,,' | sort -V | tail -1)
KSRC ?= /lib/modules/$(KVER)/build
export KVER

MODULE_INPUTS := $(shell find datapath patches/linux -type f 2>/dev/null) \
		 scripts/build-module.sh scripts/apply-series.sh \
		 scripts/extract-linux.sh

.PHONY: module module-debug
module: $(STOCK_MODULE)
module-debug: $(DEBUG_MODULE)

$(STOCK_MODULE): $(MODULE_INPUTS) | $(DEPS_STAMP)
	scripts/build-module.sh $(KSRC) $(BUILD)/module/stock

$(DEBUG_MODULE): $(MODULE_INPUTS) $(DEBUG_KERNEL_STAMP) | $(DEPS_STAMP)
	scripts/build-module.sh $(DEBUG_KSRC) $(BUILD)/module/debug

ALL_TARGETS += module
