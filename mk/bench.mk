# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Benchmarks of the BPF core against the host kernel (bench/README.md).
# Not part of check: numbers, never assertions.
#
#   make bench           build and run; prints one table
#   make bench BENCH_CPU=0 BENCH_RUNS=9
#
# Needs root for the host-kernel column (BPF_PROG_LOAD/TEST_RUN); without
# it that column shows "-".

BENCH_DIR  := $(BUILD)/bench
BENCH_BIN  := $(BENCH_DIR)/sluice-bench
BENCH_SRCS := bench/bench.c tests/diff/gen.c tests/diff/kbpf.c \
	      lib/bpf-object.c
BENCH_CPU  ?= $(shell echo $$(($$(nproc) - 1)))
BENCH_RUNS ?= 7
BENCH_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra \
		-Wno-unused-parameter -Wno-missing-field-initializers \
		-Wno-sign-compare -Idatapath/bpf -Itests/kunit -Itests/diff \
		-Ilib

.PHONY: bench
$(BENCH_BIN): $(BENCH_SRCS) $(wildcard tests/diff/*.h) lib/bpf-object.h \
		$(SBPF_LIB) mk/bench.mk
	@mkdir -p $(dir $@)
	$(CORE_CC) $(BENCH_CFLAGS) -o $@ $(BENCH_SRCS) $(SBPF_LIB) -lelf \
		$(CORE_LDLIBS)

bench: $(BENCH_BIN) $(EXAMPLE_OBJS)
	taskset -c $(BENCH_CPU) $(BENCH_BIN) -c $(BENCH_CPU) \
		-r $(BENCH_RUNS) $(EXAMPLE_OBJS)
