# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Benchmarks of the BPF core against the host kernel (bench/README.md).
# Not part of check: numbers, never assertions.  check-core builds (does
# not run) the benchmark and its programs, so that neither rots.
#
#   make bench           build and run; prints the tables
#   make bench BENCH_CPU=0 BENCH_RUNS=9
#
# Needs root for the host-kernel column (BPF_PROG_LOAD/TEST_RUN); without
# it that column shows "-".

BENCH_DIR  := $(BUILD)/bench
BENCH_BIN  := $(BENCH_DIR)/sluice-bench
BENCH_SRCS := bench/bench.c bench/programs.c bench/insn_count.c \
	      tests/diff/gen.c tests/diff/kbpf.c lib/bpf-object.c
BENCH_HDRS := $(wildcard bench/*.h tests/diff/*.h) lib/bpf-object.h \
	      $(wildcard datapath/bpf/*.h)
BENCH_CPU  ?= $(shell echo $$(($$(nproc) - 1)))
BENCH_RUNS ?= 7
# Copies of the body per run in the repeated programs (bench_prog.h).
BENCH_REPEAT := 16
BENCH_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
		-Wno-unused-parameter -Wno-missing-field-initializers \
		-Wno-sign-compare -Idatapath/bpf -Itests/kunit -Itests/diff \
		-Ilib -DBENCH_REPEAT=$(BENCH_REPEAT)
# $(SBPF_LIB), which mk/core.mk defines after this fragment is read:
# prerequisites are expanded while reading.  The recipe checks the two
# still agree.
BENCH_LIB  := $(BUILD)/core/libsbpf.a

# The filter programs: each source as a Sluice and an XDP object, with the
# body once and BENCH_REPEAT times per run.
BENCH_PROGS := trivial port80 srcmap hash64 flowcount
BENCH_PROG_B := $(BENCH_DIR)/progs
BENCH_OBJS := $(foreach p,$(BENCH_PROGS),$(foreach f,sluice xdp,\
		$(foreach r,1 $(BENCH_REPEAT),$(BENCH_PROG_B)/$(p).$(f)-r$(r).o)))
BENCH_CLANG := clang -O2 -target bpf -Wall -Werror -Iexamples/bpf \
	       -Ibench/progs

.PHONY: bench
$(BENCH_BIN): $(BENCH_SRCS) $(BENCH_HDRS) $(BENCH_LIB) mk/bench.mk
	@test "$(BENCH_LIB)" = "$(SBPF_LIB)" || \
		{ echo "mk/bench.mk: BENCH_LIB is not SBPF_LIB"; exit 1; }
	@mkdir -p $(dir $@)
	$(CORE_CC) $(BENCH_CFLAGS) -o $@ $(BENCH_SRCS) $(SBPF_LIB) -lelf \
		$(CORE_LDLIBS)

# $(1): program name; the stem is FLAVOUR-rCOPIES.
define bench_prog_rule
$(BENCH_PROG_B)/$(1).%.o: bench/progs/$(1).c bench/progs/bench_prog.h \
		examples/bpf/sluice_bpf.h mk/bench.mk
	@mkdir -p $$(dir $$@)
	$(BENCH_CLANG) $$(if $$(filter xdp-%,$$*),-DBENCH_XDP) \
		-DBENCH_REPEAT=$$(lastword $$(subst -r, ,$$*)) -c $$< -o $$@
endef
$(foreach p,$(BENCH_PROGS),$(eval $(call bench_prog_rule,$(p))))

bench: $(BENCH_BIN) $(BENCH_OBJS) examples
	taskset -c $(BENCH_CPU) $(BENCH_BIN) -c $(BENCH_CPU) \
		-r $(BENCH_RUNS) -p $(BENCH_PROG_B) $(EXAMPLE_OBJS)

check-core: $(BENCH_BIN) $(BENCH_OBJS)
