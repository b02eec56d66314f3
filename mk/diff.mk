# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Differential testing of the BPF core against the host kernel
# (tests/diff/README.md).
#
#   make check-diff      DIFF_N generated programs (default 3000, 25-35 s),
#                        each over 4 frames, Sluice vs BPF_PROG_TEST_RUN;
#                        skips with a message when the host kernel cannot
#                        load BPF here (not root, bpf disabled)
#   make diff-campaign   the long run: DIFF_CAMPAIGN_N programs (default
#                        50000, 15-90 min) from DIFF_SEED, larger and
#                        branchier, with more map blocks
#
# The binary is $(DIFF_BIN); `$(DIFF_BIN) -1 SEED` replays one program
# verbosely.

DIFF_DIR  := $(BUILD)/diff
DIFF_BIN  := $(DIFF_DIR)/sluice-diff
DIFF_SRCS := tests/diff/diff.c tests/diff/gen.c tests/diff/kbpf.c \
	     tests/diff/diff_core.c
DIFF_HDRS := $(wildcard tests/diff/*.h)
DIFF_N    ?= 3000
DIFF_SEED ?= 1
DIFF_CAMPAIGN_N ?= 50000
DIFF_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
	       -Wno-unused-parameter -DDIFF_HAVE_CORE -Idatapath/bpf \
	       -Itests/diff

.PHONY: check-diff diff-campaign

$(DIFF_BIN): $(DIFF_SRCS) $(DIFF_HDRS) $(SBPF_LIB) mk/diff.mk
	@mkdir -p $(dir $@)
	$(CORE_CC) $(DIFF_CFLAGS) -o $@ $(DIFF_SRCS) $(SBPF_LIB) $(CORE_LDLIBS)

check-diff: $(DIFF_BIN)
	@$(DIFF_BIN) -q -n $(DIFF_N) -s $(DIFF_SEED); rc=$$?; \
	if [ $$rc -eq 77 ]; then echo "check-diff: SKIPPED (see above)"; \
	elif [ $$rc -ne 0 ]; then echo "check-diff: FAILED"; exit 1; \
	else echo "check-diff: ok"; fi

diff-campaign: $(DIFF_BIN)
	$(DIFF_BIN) -n $(DIFF_CAMPAIGN_N) -s $(DIFF_SEED) -b 20:300 -j 12 -m 6

ALL_TARGETS += $(DIFF_BIN)
CHECK_TARGETS += check-diff

# ---------------------------------------------------------------------------
# libFuzzer targets (tests/fuzz/README.md): fuzz-prog for the verifier,
# fuzz-jit for the userspace JIT against the interpreter.  The core is
# rebuilt with clang and ASan/UBSan so every access of an accepted program
# is checked.
#
#   make fuzz-prog        build $(FUZZ_BIN), $(FUZZ_JIT_BIN) and the seed
#                         corpus
#   make check-fuzz       short deterministic smoke runs of both (part of
#                         check)
#   $(FUZZ_BIN) -max_total_time=600 -timeout=5 $(FUZZ_DIR)/corpus  (10 min)
#   $(FUZZ_JIT_BIN) -max_total_time=600 -timeout=10 $(FUZZ_DIR)/corpus-jit

FUZZ_DIR    := $(BUILD)/fuzz
FUZZ_BIN    := $(FUZZ_DIR)/fuzz-prog
FUZZ_JIT_BIN := $(FUZZ_DIR)/fuzz-jit
FUZZ_RUNS   ?= 20000
FUZZ_JIT_RUNS ?= 20000
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all \
	       -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O1 -g -Idatapath/bpf $(FUZZ_SAN)
FUZZ_OBJS   := $(patsubst datapath/bpf/%.c,$(FUZZ_DIR)/obj/%.o,$(CORE_SRCS))

$(FUZZ_DIR)/obj/%.o: datapath/bpf/%.c $(CORE_HDRS) mk/diff.mk
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BIN): tests/fuzz/fuzz_prog.c tests/fuzz/fuzz_image.h $(FUZZ_OBJS) \
		$(CORE_HDRS)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ tests/fuzz/fuzz_prog.c \
		$(FUZZ_OBJS) $(CORE_LDLIBS)

$(FUZZ_JIT_BIN): tests/fuzz/fuzz_jit.c tests/fuzz/fuzz_image.h \
		$(FUZZ_OBJS) $(CORE_HDRS)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ tests/fuzz/fuzz_jit.c \
		$(FUZZ_OBJS) $(CORE_LDLIBS)

# Seed corpus: 300 generated programs (raw mode), then the checked-in
# regression inputs.
$(FUZZ_DIR)/corpus/.stamp: $(DIFF_BIN) $(wildcard tests/fuzz/corpus/*)
	@mkdir -p $(dir $@)
	$(DIFF_BIN) -C $(dir $@) -n 300 -s 1000000
	@if [ -d tests/fuzz/corpus ]; then cp tests/fuzz/corpus/* $(dir $@); fi
	@touch $@

.PHONY: fuzz-prog check-fuzz
fuzz-prog: $(FUZZ_BIN) $(FUZZ_JIT_BIN) $(FUZZ_DIR)/corpus/.stamp

check-fuzz: fuzz-prog
	@rm -rf $(FUZZ_DIR)/smoke && mkdir -p $(FUZZ_DIR)/smoke
	$(FUZZ_BIN) -seed=1 -runs=$(FUZZ_RUNS) -timeout=300 \
		-print_final_stats=1 $(FUZZ_DIR)/smoke $(FUZZ_DIR)/corpus \
		2> $(FUZZ_DIR)/smoke.log || \
		{ tail -60 $(FUZZ_DIR)/smoke.log; exit 1; }
	@grep -E 'stat::number_of_executed_units|^fuzz-prog:' \
		$(FUZZ_DIR)/smoke.log | sed 's/^/check-fuzz: /'
	@rm -rf $(FUZZ_DIR)/smoke-jit && mkdir -p $(FUZZ_DIR)/smoke-jit
	$(FUZZ_JIT_BIN) -seed=1 -runs=$(FUZZ_JIT_RUNS) -timeout=300 \
		-print_final_stats=1 $(FUZZ_DIR)/smoke-jit $(FUZZ_DIR)/corpus \
		2> $(FUZZ_DIR)/smoke-jit.log || \
		{ tail -60 $(FUZZ_DIR)/smoke-jit.log; exit 1; }
	@grep -E 'stat::number_of_executed_units|^fuzz-jit:' \
		$(FUZZ_DIR)/smoke-jit.log | sed 's/^/check-fuzz: /'
	@echo "check-fuzz: ok"

# Replay inputs with the plain -O2 library, timing each (no libFuzzer):
#   $(FUZZ_DIR)/fuzz-prog-replay tests/fuzz/findings/*.bin
$(FUZZ_DIR)/fuzz-prog-replay: tests/fuzz/fuzz_prog.c $(SBPF_LIB)
	@mkdir -p $(dir $@)
	$(CORE_CC) $(CORE_CFLAGS) -O2 -DFUZZ_PROG_MAIN -o $@ $< $(SBPF_LIB) \
		$(CORE_LDLIBS)
fuzz-prog: $(FUZZ_DIR)/fuzz-prog-replay

CHECK_TARGETS += check-fuzz
