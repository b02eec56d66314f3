/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the core's fuzz targets share: the input format (byte 0 = frame
 * length, byte 1 = mode, then 8-byte instruction chunks, raw or decoded;
 * see fuzz_prog.c), the fixed maps programs refer to, and the frame that
 * ends exactly at a PROT_NONE guard page.
 */
#ifndef FUZZ_IMAGE_H
#define FUZZ_IMAGE_H 1

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

/* Instructions from the input after its two header bytes; their number. */
static unsigned int fuzz_decode_insns(const uint8_t *data, size_t size,
				      struct bpf_insn *insns)
{
	unsigned int n = (size - 2) / 8, k;
	bool second = false;

	if (n > FUZZ_MAX_INSNS)
		n = FUZZ_MAX_INSNS;
	for (k = 0; k < n; k++) {
		if (data[1] & 1)
			decode(data + 2 + 8 * k, &insns[k], &second);
		else
			memcpy(&insns[k], data + 2 + 8 * k, 8);
	}
	return n;
}

static uint8_t *fuzz_page;	/* frame page, then a PROT_NONE page */
static long fuzz_page_size;

static void fuzz_guard_init(void)
{
	fuzz_page_size = sysconf(_SC_PAGESIZE);
	fuzz_page = mmap(NULL, 2 * fuzz_page_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fuzz_page == MAP_FAILED)
		abort();
	if (mprotect(fuzz_page + fuzz_page_size, fuzz_page_size, PROT_NONE))
		abort();
}

/* A frame of @len bytes ending exactly at the guard page. */
static uint8_t *fuzz_frame(unsigned int len)
{
	return fuzz_page + fuzz_page_size - len;
}

#endif /* FUZZ_IMAGE_H */
