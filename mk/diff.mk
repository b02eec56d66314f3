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
#                        200000) from DIFF_SEED, larger and branchier
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
DIFF_CAMPAIGN_N ?= 200000
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
	$(DIFF_BIN) -n $(DIFF_CAMPAIGN_N) -s $(DIFF_SEED) -b 20:300 -j 12

ALL_TARGETS += $(DIFF_BIN)
CHECK_TARGETS += check-diff
