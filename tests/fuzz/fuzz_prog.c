// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * libFuzzer target for the BPF core's verifier: arbitrary bytes become a
 * program image with a fixed set of maps; sbpf_prog_load() verifies it;
 * when it is accepted, the interpreter runs it (twice, so map state
 * carries over) under ASan/UBSan.  Every accepted program must run without
 * any sanitizer report, fault or hang: a finding is an unsound verifier
 * (or an interpreter/helper/map bug).
 *
 * The frame ends exactly at a PROT_NONE guard page, so a read one byte
 * past it faults even where ASan would not look.  The interpreter's
 * 512-byte stack is a local array of the ASan-instrumented interpreter:
 * accesses outside it hit ASan's stack redzones.  Map values live in ASan
 * heap allocations.
 *
 * Input: byte 0 = frame length (0..255), byte 1 = mode, then 8-byte chunks.
 *   mode bit 0 clear: chunks are raw struct bpf_insn (little endian);
 *   mode bit 0 set:   chunks are decoded into mostly well-formed
 *                     instructions (opcode from the instruction table,
 *                     registers 0..10, small offsets, edge immediates,
 *                     valid helper numbers and atomic operations, map
 *                     references to the fixed maps), which gets past the
 *                     verifier's first passes far more often;
 *   mode bit 1: a 64-byte verifier log buffer (truncation paths) instead
 *               of a 4 KiB one.
 *
 * Maps (indices for LD_IMM64 map references):
 *   0 array  key 4, value 16, 4 entries
 *   1 hash   key 8, value 8, 8 entries
 *   2 bloom  key 4, 64 bytes of bits, 3 hash functions
 *   3 count-min  key 4, value 4, 2 rows of 32
 *   4 read-only array, one 32-byte value: "x=%d y=%u z=%x\n" (trace)
 */
#include "fuzz_image.h"

static unsigned long n_inputs, n_accepted;

static void print_stats(void)
{
	fprintf(stderr, "fuzz-prog: %lu inputs, %lu accepted and run\n",
		n_inputs, n_accepted);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_guard_init();
	sbpf_thread_register();
	atexit(print_stats);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bpf_insn insns[FUZZ_MAX_INSNS];
	static char logbuf[4096];
	struct sbpf_verifier_log log = { .buf = logbuf,
					 .level = SBPF_LOG_ERRORS };
	struct sbpf_image img = {
		.name = "fuzz",
		.insns = insns,
		.maps = maps,
		.n_maps = ARRAY_SIZE(maps),
		.init_data = init_data,
		.license = "GPL",
	};
	struct sbpf_prog *prog;
	unsigned int k, len;
	uint8_t *frame;

	n_inputs++;
	if (size < 2 + 8)
		return 0;
	len = data[0];
	log.size = data[1] & 2 ? 64 : sizeof(logbuf);
	img.n_insns = fuzz_decode_insns(data, size, insns);
	if (sbpf_prog_load(&img, &log, NULL, &prog))
		return 0;
	if (log.len >= log.size || logbuf[log.len] != '\0')
		abort();	/* the log overran its buffer */

	n_accepted++;
	/* The frame ends exactly at the guard page. */
	frame = fuzz_frame(len);
	for (k = 0; k < len; k++)
		frame[k] = (uint8_t)(k * 7 + 3);
	sbpf_rcu_read_lock();
	sbpf_prog_run(prog, frame, len);
	sbpf_prog_run(prog, frame, len);
	sbpf_rcu_read_unlock();
	sbpf_prog_free(prog);
	return 0;
}

#ifdef FUZZ_PROG_MAIN
/*
 * Standalone replay without libFuzzer (any build, e.g. the plain -O2
 * library, to time the verifier on an input): fuzz-prog-replay FILE...
 */
#include <time.h>

int main(int argc, char **argv)
{
	static uint8_t buf[1 << 16];
	int i;

	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct timespec a, b;
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		clock_gettime(CLOCK_MONOTONIC, &a);
		LLVMFuzzerTestOneInput(buf, n);
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("%s: %zu bytes, %.1f ms, %s\n", argv[i], n,
		       (b.tv_sec - a.tv_sec) * 1e3 +
		       (b.tv_nsec - a.tv_nsec) / 1e6,
		       n_accepted ? "accepted and run" : "rejected");
		n_accepted = 0;
	}
	return 0;
}
#endif
