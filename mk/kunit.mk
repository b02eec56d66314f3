# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# KUnit suites in the debug test kernel.
#
#   make kunit-module   build sluice_kunit.ko (tests/kunit/*_test.c + the
#                       BPF core) and the canary module against the debug
#                       kernel (tests/kunit/Kbuild)
#   make check-kunit    boot the debug kernel (vm-run --kernel debug), load
#                       them and openvswitch.ko with its own suites
#                       (tests/kunit/datapath, make module-kunit: program
#                       table, chains, flows, netlink attributes, the
#                       kernel JIT bridge against the interpreter)
#                       (tests/kunit/run-kunit.sh), and check the KTAP
#                       results with the kernel's kunit.py parse plus
#                       tests/kunit/check-kunit.py: any failed or missing
#                       test, crash, or KASAN/lockdep/WARN/BUG report fails,
#                       and the guest console is printed.
#
# The canary module (tests/kunit/canary) makes one out-of-bounds read and
# one lock-order inversion on purpose, last in the run: the check requires
# that both are reported, so a kernel or a log check that stopped seeing
# such bugs fails too.

KUNIT_STAGE  := $(BUILD)/kunit/mod
KUNIT_MODULE := $(KUNIT_STAGE)/sluice_kunit.ko
KUNIT_CANARY := $(KUNIT_STAGE)/sluice_kunit_canary.ko
KUNIT_OUT    := $(BUILD)/vm-out/kunit
KUNIT_PY      = $(DEBUG_KSRC)/tools/testing/kunit/kunit.py

.PHONY: kunit-module check-kunit check-kunit-parser

# Everything Kbuild may compile or include, mirrored with symlinks so that
# objects stay out of the source tree.  The stage is re-synced on each run;
# kbuild itself decides what to recompile.
kunit-module: $(DEBUG_KERNEL_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(KUNIT_STAGE)
	@find $(KUNIT_STAGE) -type l -delete
	@cd $(SRCDIR) && for f in tests/kunit/Kbuild tests/kunit/*.[ch] \
			tests/kunit/canary/*.[ch] datapath/bpf/*.[ch]; do \
		[ -e "$$f" ] || continue; \
		mkdir -p $(KUNIT_STAGE)/$$(dirname $$f); \
		ln -sf $(SRCDIR)/$$f $(KUNIT_STAGE)/$$f; \
	done
	@ln -sf $(SRCDIR)/tests/kunit/Kbuild $(KUNIT_STAGE)/Kbuild
	$(MAKE) -C $(DEBUG_KSRC) M=$(KUNIT_STAGE) \
		CORE_EXCLUDE="$(CORE_EXCLUDE)" KUNIT_EXCLUDE="$(KUNIT_EXCLUDE)" \
		modules

# The checker's own tests: canned logs it must accept or reject.
check-kunit-parser: $(DEBUG_KERNEL_STAMP)
	python3 tests/kunit/check-kunit.py --self-test --kunit-py $(KUNIT_PY)

check-kunit: kunit-module $(KUNIT_OVS_MODULE) check-kunit-parser
	@rc=0; \
	tests/system/vm/vm-run --kernel debug --no-module --allow-splat --mem 1024 \
		--name kunit --timeout 1200 tests/kunit/run-kunit.sh \
		$(KUNIT_MODULE) $(KUNIT_OVS_MODULE) $(KUNIT_CANARY) \
		> $(BUILD)/kunit/vm-run.log 2>&1 || rc=$$?; \
	tail -n 3 $(BUILD)/kunit/vm-run.log; \
	python3 tests/kunit/check-kunit.py --kunit-py $(KUNIT_PY) \
		--out $(KUNIT_OUT) --module $(KUNIT_MODULE) \
		--module $(KUNIT_OVS_MODULE) \
		--canary $(KUNIT_CANARY) || rc=1; \
	if [ $$rc -ne 0 ]; then \
		echo "check-kunit: FAILED; guest console ($(KUNIT_OUT)/console.log):"; \
		cat $(KUNIT_OUT)/console.log 2>/dev/null || cat $(BUILD)/kunit/vm-run.log; \
		exit 1; \
	fi; \
	echo "check-kunit: PASS"

CHECK_TARGETS += check-kunit
