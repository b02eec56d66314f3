# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# openvswitch.ko: upstream net/openvswitch + patches/linux + datapath/.
#
# KVER/KSRC select the kernel to build for (default: the newest Debian
# linux-image installed, whose headers are in /lib/modules/$(KVER)/build).
# The stock module is what users run; the debug one (mk/debug-kernel.mk
# sets DEBUG_KSRC) is what the sanitizers run; the KUnit one is the debug
# one with the suites of tests/kunit/datapath built in (check-kunit).
#
#   make module-kunit   $(KUNIT_OVS_MODULE)

KVER ?= $(shell ls -d /lib/modules/*/build 2>/dev/null | sed 's,/lib/modules/,,;s,/build,,' | sort -V | tail -1)
KSRC ?= /lib/modules/$(KVER)/build
export KVER

MODULE_INPUTS := $(shell find datapath patches/linux -type f 2>/dev/null) \
		 scripts/build-module.sh scripts/apply-series.sh \
		 scripts/extract-linux.sh

.PHONY: module module-debug module-kunit
module: $(STOCK_MODULE)
module-debug: $(DEBUG_MODULE)
module-kunit: $(KUNIT_OVS_MODULE)

$(STOCK_MODULE): $(MODULE_INPUTS) | $(DEPS_STAMP)
	scripts/build-module.sh $(KSRC) $(BUILD)/module/stock

$(DEBUG_MODULE): $(MODULE_INPUTS) $(DEBUG_KERNEL_STAMP) | $(DEPS_STAMP)
	scripts/build-module.sh $(DEBUG_KSRC) $(BUILD)/module/debug

$(KUNIT_OVS_MODULE): $(MODULE_INPUTS) $(wildcard tests/kunit/*.[ch] \
		     tests/kunit/datapath/*.[ch]) $(DEBUG_KERNEL_STAMP) \
		     | $(DEPS_STAMP)
	scripts/build-module.sh $(DEBUG_KSRC) $(BUILD)/module/kunit --kunit

ALL_TARGETS += module
