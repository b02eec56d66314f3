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

# Installs missing Debian packages; a no-op when everything is present.
DEPS_STAMP := $(BUILD)/.deps-ok
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh
	scripts/install-deps.sh
	@mkdir -p $(BUILD) && touch $@

include $(sort $(wildcard mk/*.mk))

# Fragments append to these.
all: $(ALL_TARGETS)
check: $(CHECK_TARGETS)
	@echo "make check: all suites passed"
demo: $(DEMO_TARGETS)

clean:
	rm -rf $(BUILD)
