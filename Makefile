# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Sluice top-level build.  Every output goes to $(BUILD); caches that
# survive `make clean` (the debug kernel, the Open vSwitch build cache) live
# in $(SLUICE_CACHE), keyed by their inputs.
#
#   make          build the module, the core library and the tools
#   make demo     build what is needed, boot the VM, run the main scenario
#   make check    the whole test suite (see README.md)
#
# Each area of the project has its own fragment in mk/.

SRCDIR       := $(CURDIR)
BUILD        ?= $(CURDIR)/build
SLUICE_CACHE ?= /var/cache/sluice
JOBS         ?= $(shell nproc)

export SRCDIR BUILD SLUICE_CACHE JOBS

.DEFAULT_GOAL := all
.PHONY: all check demo clean deps

# Debian packages come first: the fragments probe the installed system
# (kernel headers, tarballs) when they are read, so a fresh machine installs
# before anything else is parsed.  A no-op once the stamp is newer than the
# package list.
DEPS_STAMP := $(BUILD)/.deps-ok
ifeq ($(filter clean,$(MAKECMDGOALS)),)
ifneq ($(shell test $(DEPS_STAMP) -nt scripts/install-deps.sh && echo ok),ok)
$(info make: installing the Debian packages Sluice needs (scripts/install-deps.sh))
ifneq ($(shell scripts/install-deps.sh >&2; echo $$?),0)
$(error scripts/install-deps.sh failed)
endif
$(shell mkdir -p $(BUILD) && touch $(DEPS_STAMP))
endif
endif
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh
	scripts/install-deps.sh
	@mkdir -p $(BUILD) && touch $@

# Paths more than one fragment uses.  Defined here, before any fragment is
# read: make expands prerequisites while reading, in mk/ name order.
STOCK_MODULE := $(BUILD)/module/stock/openvswitch.ko
DEBUG_MODULE := $(BUILD)/module/debug/openvswitch.ko
KUNIT_OVS_MODULE := $(BUILD)/module/kunit/openvswitch.ko
VM_RUN       := tests/system/vm/vm-run
export STOCK_MODULE DEBUG_MODULE VM_RUN

include $(sort $(wildcard mk/*.mk))

# Fragments append to these.
all: $(ALL_TARGETS)
# Every suite runs, even after one fails; each is timed; the last line
# counts them.
check:
	@pass=0; fail=0; failed=""; \
	for t in $(CHECK_TARGETS); do \
		start=$$(date +%s); \
		if $(MAKE) --no-print-directory $$t; then \
			pass=$$((pass + 1)); r=ok; \
		else \
			fail=$$((fail + 1)); failed="$$failed $$t"; r=FAILED; \
		fi; \
		echo "check: $$t $$r ($$(( $$(date +%s) - start )) s)"; \
	done; \
	[ -z "$$failed" ] || echo "check: failed:$$failed"; \
	echo "check: $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]
demo: $(DEMO_TARGETS)

clean:
	rm -rf $(BUILD)
