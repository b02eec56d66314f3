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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sbpf.h"
#include "insn_table.h"

#define FUZZ_MAX_INSNS	512

static const struct sbpf_map_def maps[] = {
	{ .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 16,
	  .max_entries = 4, .name = "array" },
	{ .type = SBPF_MAP_HASH, .key_size = 8, .value_size = 8,
	  .max_entries = 8, .name = "hash" },
	{ .type = SBPF_MAP_BLOOM, .key_size = 4, .value_size = 4,
	  .max_entries = 64, .nb_hash_functions = 3, .name = "bloom" },
	{ .type = SBPF_MAP_COUNTMIN, .key_size = 4, .value_size = 4,
	  .max_entries = 32, .nb_hash_functions = 2, .name = "cm" },
	{ .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 32,
	  .max_entries = 1, .flags = SBPF_F_RDONLY_PROG, .name = ".rodata" },
};

static const char rodata[32] = "x=%d y=%u z=%x\n";
static const void *const init_data[] = { NULL, NULL, NULL, NULL, rodata };

#define OPCODE(name, code)	code,
static const uint8_t opcodes[] = { SBPF_INSN_TABLE(OPCODE) };
#undef OPCODE
#define ATOMIC(name, imm)	imm,
static const int32_t atomics[] = { SBPF_ATOMIC_TABLE(ATOMIC) };
#undef ATOMIC

static const int32_t edges[] = {
	0, 1, -1, 2, 4, 7, 8, 14, 16, 31, 32, 60, 63, 64, 0x7fffffff,
	(int32_t)0x80000000, 0xffff, 511, 512, -512, -8, -4, -1024,
};

static unsigned long n_inputs, n_accepted;

static void print_stats(void)
{
	fprintf(stderr, "fuzz-prog: %lu inputs, %lu accepted and run\n",
		n_inputs, n_accepted);
}

static uint8_t *page;		/* frame page, then a PROT_NONE page */
static long page_size;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	page_size = sysconf(_SC_PAGESIZE);
	page = mmap(NULL, 2 * page_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		abort();
	if (mprotect(page + page_size, page_size, PROT_NONE))
		abort();
	sbpf_thread_register();
	atexit(print_stats);
	return 0;
}

static void decode(const uint8_t *c, struct bpf_insn *i, bool *second)
{
	uint8_t code;

	memset(i, 0, sizeof(*i));
	if (*second) {
		/* Upper half of an LD_IMM64: only imm may be non-zero. */
		memcpy(&i->imm, c + 4, 4);
		*second = false;
		return;
	}
	code = opcodes[c[0] % sizeof(opcodes)];
	i->code = code;
	i->dst_reg = (c[1] & 0xf) % 11;
	i->src_reg = (c[1] >> 4) % 11;
	i->off = (int8_t)c[2];
	if ((c[3] & 3) == 0)
		i->off *= 8;
	if (c[3] & 0x80)
		memcpy(&i->imm, c + 4, 4);
	else
		i->imm = edges[c[4] % ARRAY_SIZE(edges)];

	switch (BPF_CLASS(code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_OP(code) == BPF_END)
			i->imm = 16 << (c[4] % 3);
		if (BPF_SRC(code) == BPF_X || BPF_OP(code) == BPF_END)
			i->off = 0;
		if (!(c[3] & 0x40)) {
			i->off = 0;
			if (BPF_SRC(code) == BPF_K)
				i->src_reg = 0;
			else
				i->imm = 0;
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		i->off = (int8_t)c[2] % 16;
		if (BPF_OP(code) == BPF_CALL) {
			i->src_reg = 0;
			i->off = 0;
			i->dst_reg = 0;
			i->imm = c[4] % (__SBPF_FUNC_MAX + 1);
		} else if (BPF_OP(code) == BPF_EXIT) {
			i->src_reg = i->dst_reg = 0;
			i->off = 0;
			i->imm = 0;
		}
		break;
	case BPF_LD:	/* LD_IMM64 */
		i->src_reg = c[1] >> 4 < 8 ? 0 : 1 + (c[1] >> 4) % 2;
		if (i->src_reg)
			i->imm = c[4] % (ARRAY_SIZE(maps) + 1);
		i->off = 0;
		*second = true;
		break;
	case BPF_STX:
		if (BPF_MODE(code) == BPF_ATOMIC)
			i->imm = atomics[c[4] % ARRAY_SIZE(atomics)];
		break;
	default:
		break;
	}
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
	unsigned int n, k, len;
	bool second = false;
	uint8_t *frame;

	n_inputs++;
	if (size < 2 + 8)
		return 0;
	len = data[0];
	log.size = data[1] & 2 ? 64 : sizeof(logbuf);
	n = (size - 2) / 8;
	if (n > FUZZ_MAX_INSNS)
		n = FUZZ_MAX_INSNS;
	for (k = 0; k < n; k++) {
		if (data[1] & 1)
			decode(data + 2 + 8 * k, &insns[k], &second);
		else
			memcpy(&insns[k], data + 2 + 8 * k, 8);
	}
	img.n_insns = n;
	if (sbpf_prog_load(&img, &log, NULL, &prog))
		return 0;
	if (log.len >= log.size || logbuf[log.len] != '\0')
		abort();	/* the log overran its buffer */

	n_accepted++;
	/* The frame ends exactly at the guard page. */
	frame = page + page_size - len;
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
