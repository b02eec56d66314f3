// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Random program generator; see gen.h for what it generates and why both
 * lowerings compute the same r0.
 */
#include "gen.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum blk_kind {
	BLK_INSN,	/* one plain instruction */
	BLK_SEQ,	/* nseq instructions (LD_IMM64, ...) */
	BLK_JMP,	/* a conditional jump to block .target */
	BLK_PKT,	/* bounds check, reads, reset of the temporary */
	BLK_MAP,	/* lookup, null check, accesses to the value */
};

#define PKT_MAX_LOADS	3
#define MAX_SLOTS	8

struct gen_block {
	enum blk_kind kind;
	struct bpf_insn insn[3];
	unsigned int nseq;		/* BLK_SEQ */
	unsigned int target;		/* BLK_JMP: block index, n = epilogue */
	/* BLK_PKT */
	uint8_t tmp;			/* scratch register of the check */
	int32_t tmp_imm;		/* its value at the join */
	uint32_t need;			/* bytes the check proves */
	unsigned int nloads;
	struct bpf_insn load[PKT_MAX_LOADS];
	/* BLK_MAP (also uses nloads/load for the value accesses, tmp_imm) */
	int32_t key;
	int32_t reinit[3];		/* r3..r5 after the call */
};

struct gen_prog {
	unsigned int n;
	struct gen_block *b;
};

/* Scalar registers of the body. */
static const uint8_t sregs[] = { 0, 3, 4, 5, 6, 7, 8, 9 };

static const int32_t imm_edges[] = {
	0, 1, -1, 2, 7, 8, 16, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x100,
	0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, (int32_t)0x80000000,
	(int32_t)0x80000001, -2, -0x8000, -0x80,
};

static const uint64_t imm64_edges[] = {
	0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
	0x80000000ull, 0xffffffffull, 0x100000000ull, 0xffffffff80000000ull,
	0x7fffffffull, 0x00000000ffff0000ull, 0x8000000080000000ull,
	0xfffffffffffffffeull, 0x0123456789abcdefull, 63, 64, 32,
};

struct gen_ctx {
	uint64_t rs;
	/* Stack slots (offsets from r10) the prologue initialised. */
	int16_t slot[MAX_SLOTS];
	unsigned int nslots;
};

static uint32_t rnd(struct gen_ctx *c, uint32_t n)
{
	return n ? (uint32_t)(gen_rand(&c->rs) % n) : 0;
}

static uint8_t rnd_sreg(struct gen_ctx *c)
{
	return sregs[rnd(c, ARRAY_SIZE(sregs))];
}

static int32_t rnd_imm(struct gen_ctx *c)
{
	switch (rnd(c, 4)) {
	case 0:
	case 1:
		return imm_edges[rnd(c, ARRAY_SIZE(imm_edges))];
	case 2:
		return (int32_t)rnd(c, 256) - 128;
	default:
		return (int32_t)gen_rand(&c->rs);
	}
}

static uint64_t rnd_imm64(struct gen_ctx *c)
{
	if (rnd(c, 3))
		return imm64_edges[rnd(c, ARRAY_SIZE(imm64_edges))];
	return gen_rand(&c->rs);
}

static struct bpf_insn mk(uint8_t code, uint8_t dst, uint8_t src,
			  int16_t off, int32_t imm)
{
	struct bpf_insn i;

	memset(&i, 0, sizeof(i));
	i.code = code;
	i.dst_reg = dst;
	i.src_reg = src;
	i.off = off;
	i.imm = imm;
	return i;
}

static void set_ldimm64(struct gen_block *b, uint8_t dst, uint64_t v)
{
	b->kind = BLK_SEQ;
	b->nseq = 2;
	b->insn[0] = mk(BPF_LD | BPF_IMM | BPF_DW, dst, 0, 0, (int32_t)v);
	b->insn[1] = mk(0, 0, 0, 0, (int32_t)(v >> 32));
}

static const uint8_t size_codes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
static const unsigned int size_bytes[] = { 1, 2, 4, 8 };

static void gen_alu(struct gen_ctx *c, struct gen_block *b)
{
	static const uint8_t ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_OR, BPF_AND,
		BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH, BPF_MOV,
	};
	uint8_t cls = rnd(c, 2) ? BPF_ALU64 : BPF_ALU;
	uint8_t op = ops[rnd(c, ARRAY_SIZE(ops))];
	uint8_t dst = rnd_sreg(c);
	int32_t imm;

	b->kind = BLK_INSN;
	if (rnd(c, 2)) {
		b->insn[0] = mk(cls | op | BPF_X, dst, rnd_sreg(c), 0, 0);
		return;
	}
	imm = rnd_imm(c);
	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH)
		imm &= cls == BPF_ALU64 ? 63 : 31;
	if ((op == BPF_DIV || op == BPF_MOD) && imm == 0)
		imm = rnd(c, 2) ? -1 : 3;
	b->insn[0] = mk(cls | op | BPF_K, dst, 0, 0, imm);
}

static void gen_end(struct gen_ctx *c, struct gen_block *b)
{
	static const int32_t widths[] = { 16, 32, 64 };

	b->kind = BLK_INSN;
	b->insn[0] = mk(BPF_ALU | BPF_END | (rnd(c, 2) ? BPF_TO_BE : BPF_TO_LE),
			rnd_sreg(c), 0, 0, widths[rnd(c, 3)]);
}

static void gen_neg(struct gen_ctx *c, struct gen_block *b)
{
	b->kind = BLK_INSN;
	b->insn[0] = mk((rnd(c, 2) ? BPF_ALU64 : BPF_ALU) | BPF_NEG,
			rnd_sreg(c), 0, 0, 0);
}

static void gen_jmp(struct gen_ctx *c, struct gen_block *b,
		    unsigned int self, unsigned int n)
{
	static const uint8_t conds[] = {
		BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
		BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET,
	};
	uint8_t cls = rnd(c, 2) ? BPF_JMP : BPF_JMP32;
	uint8_t op = conds[rnd(c, ARRAY_SIZE(conds))];
	unsigned int span = n - self;	/* targets self+1 .. n */

	b->kind = BLK_JMP;
	/* Mostly short hops, sometimes to the end. */
	b->target = self + 1 + rnd(c, span < 8 ? span : (rnd(c, 4) ? 8 : span));
	if (rnd(c, 2))
		b->insn[0] = mk(cls | op | BPF_X, rnd_sreg(c), rnd_sreg(c),
				0, 0);
	else
		b->insn[0] = mk(cls | op | BPF_K, rnd_sreg(c), 0, 0,
				rnd_imm(c));
}

/* A random naturally aligned access of @size inside an initialised slot. */
static int16_t rnd_stack_off(struct gen_ctx *c, unsigned int size)
{
	int16_t base = c->slot[rnd(c, c->nslots)];

	return base + (int16_t)(rnd(c, 8 / size) * size);
}

static void gen_stack(struct gen_ctx *c, struct gen_block *b)
{
	unsigned int sz = rnd(c, 4);
	int16_t off = rnd_stack_off(c, size_bytes[sz]);

	b->kind = BLK_INSN;
	switch (rnd(c, 3)) {
	case 0:
		b->insn[0] = mk(BPF_ST | BPF_MEM | size_codes[sz], BPF_REG_10,
				0, off, rnd_imm(c));
		break;
	case 1:
		b->insn[0] = mk(BPF_STX | BPF_MEM | size_codes[sz], BPF_REG_10,
				rnd_sreg(c), off, 0);
		break;
	default:
		b->insn[0] = mk(BPF_LDX | BPF_MEM | size_codes[sz], rnd_sreg(c),
				BPF_REG_10, off, 0);
		break;
	}
}

static void gen_atomic(struct gen_ctx *c, struct gen_block *b)
{
	static const int32_t ops[] = {
		BPF_ADD, BPF_AND, BPF_OR, BPF_XOR,
		BPF_ADD | BPF_FETCH, BPF_AND | BPF_FETCH,
		BPF_OR | BPF_FETCH, BPF_XOR | BPF_FETCH,
		BPF_XCHG, BPF_CMPXCHG,
	};
	bool dw = rnd(c, 2);
	int32_t op = ops[rnd(c, ARRAY_SIZE(ops))];
	uint8_t src = rnd_sreg(c);

	int16_t off = rnd_stack_off(c, dw ? 8 : 4);
	uint8_t code = BPF_STX | BPF_ATOMIC | (dw ? BPF_DW : BPF_W);

	b->kind = BLK_SEQ;
	b->nseq = 0;
	/*
	 * The host kernel (seen on 6.18) gives the register an atomic fetch
	 * or xchg loads from a stack slot holding a known constant that
	 * constant, but its precision backtracking does not follow the value
	 * back to the slot: the slot is not marked precise, a path where it
	 * held another value is pruned as equivalent, and a branch on the
	 * register is compiled as decided by the first path.  RFC 9669 and
	 * Sluice give the value actually in memory (tests/diff/README.md has
	 * the reproducer).  A non-fetching atomic add on the same bytes first
	 * (part of the program on both sides) makes the slot unknown to the
	 * kernel's verifier, which keeps this oracle bug out of the results.
	 */
	if (op & BPF_FETCH)
		b->insn[b->nseq++] = mk(code, BPF_REG_10, src, off, BPF_ADD);
	b->insn[b->nseq++] = mk(code, BPF_REG_10, src, off, op);
	/*
	 * The host kernel (seen on 6.18, x86-64 JIT) may leave the upper half
	 * of r0 unchanged after a successful 32-bit CMPXCHG when a later path
	 * reads all of r0 (x86 does not write eax when the comparison
	 * succeeds, and the verifier's zero extension is not always
	 * inserted).  RFC 9669 zero-extends, as Sluice does; an explicit
	 * w0 = w0 (a no-op by the RFC) keeps this oracle bug out of the
	 * results.  tests/diff/README.md has a reproducer.
	 */
	if (!dw && op == BPF_CMPXCHG)
		b->insn[b->nseq++] = mk(BPF_ALU | BPF_MOV | BPF_X, 0, 0, 0, 0);
}

static void gen_pkt(struct gen_ctx *c, struct gen_block *b)
{
	unsigned int i;

	b->kind = BLK_PKT;
	b->tmp = rnd_sreg(c);
	b->tmp_imm = rnd_imm(c);
	/* Frames are 14..96 bytes: some checks fail. */
	b->need = 1 + rnd(c, 80);
	b->nloads = 1 + rnd(c, PKT_MAX_LOADS);
	for (i = 0; i < b->nloads; i++) {
		unsigned int sz = rnd(c, 4);
		uint8_t dst;

		while (size_bytes[sz] > b->need)
			sz--;
		do {
			dst = rnd_sreg(c);
		} while (dst == b->tmp);
		b->load[i] = mk(BPF_LDX | BPF_MEM | size_codes[sz], dst,
				BPF_REG_1,
				rnd(c, b->need - size_bytes[sz] + 1), 0);
	}
}

static void gen_map(struct gen_ctx *c, struct gen_block *b)
{
	static const int32_t ops[] = {
		BPF_ADD, BPF_AND, BPF_OR, BPF_XOR,
		BPF_ADD | BPF_FETCH, BPF_AND | BPF_FETCH,
		BPF_OR | BPF_FETCH, BPF_XOR | BPF_FETCH, BPF_XCHG,
	};
	unsigned int i;

	b->kind = BLK_MAP;
	b->key = rnd(c, GEN_MAP_ENTRIES + 2);
	b->tmp_imm = rnd_imm(c);
	for (i = 0; i < 3; i++)
		b->reinit[i] = rnd_imm(c);
	b->nloads = 1 + rnd(c, PKT_MAX_LOADS);
	for (i = 0; i < b->nloads; i++) {
		unsigned int sz = rnd(c, 4), k = 1 + rnd(c, 7);
		int16_t off;
		bool dw;

		off = rnd(c, GEN_MAP_VALUE / size_bytes[sz]) * size_bytes[sz];
		switch (rnd(c, 4)) {
		case 0:
			b->load[i] = mk(BPF_LDX | BPF_MEM | size_codes[sz],
					sregs[k], 0, off, 0);
			break;
		case 1:
			b->load[i] = mk(BPF_STX | BPF_MEM | size_codes[sz], 0,
					sregs[k], off, 0);
			break;
		case 2:
			b->load[i] = mk(BPF_ST | BPF_MEM | size_codes[sz], 0,
					0, off, rnd_imm(c));
			break;
		default:
			dw = rnd(c, 2);
			off = rnd(c, GEN_MAP_VALUE / (dw ? 8 : 4)) * (dw ? 8 : 4);
			b->load[i] = mk(BPF_STX | BPF_ATOMIC |
					(dw ? BPF_DW : BPF_W), 0, sregs[k],
					off, ops[rnd(c, ARRAY_SIZE(ops))]);
			break;
		}
	}
}

struct gen_prog *gen_prog_new(uint64_t seed, const struct gen_params *p)
{
	struct gen_ctx c = { .rs = seed };
	unsigned int nbody, nfold, n, i, k;
	struct gen_prog *g;
	struct gen_block *b;

	nbody = p->min_blocks + rnd(&c, p->max_blocks - p->min_blocks + 1);
	/* Prologue: every scalar register, then up to MAX_SLOTS slots. */
	c.nslots = 1 + rnd(&c, MAX_SLOTS);
	for (i = 0; i < c.nslots; i++) {
		int16_t off;
again:
		off = -40 - 8 * (int16_t)rnd(&c, 60);	/* -40 .. -512 */
		for (k = 0; k < i; k++)
			if (c.slot[k] == off)
				goto again;
		c.slot[i] = off;
	}
	/* Epilogue fold: every scalar register and every slot into r0. */
	nfold = 2 * (ARRAY_SIZE(sregs) - 1) + 3 * c.nslots;
	n = ARRAY_SIZE(sregs) + c.nslots + nbody + nfold;

	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->b = calloc(n, sizeof(*g->b));
	if (!g->b) {
		free(g);
		return NULL;
	}
	g->n = n;
	b = g->b;
	for (i = 0; i < ARRAY_SIZE(sregs); i++, b++) {
		if (rnd(&c, 2)) {
			set_ldimm64(b, sregs[i], rnd_imm64(&c));
		} else {
			b->kind = BLK_INSN;
			b->insn[0] = mk(BPF_ALU64 | BPF_MOV | BPF_K, sregs[i],
					0, 0, rnd_imm(&c));
		}
	}
	for (i = 0; i < c.nslots; i++, b++) {
		b->kind = BLK_INSN;
		if (rnd(&c, 2))
			b->insn[0] = mk(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10,
					0, c.slot[i], rnd_imm(&c));
		else
			b->insn[0] = mk(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10,
					rnd_sreg(&c), c.slot[i], 0);
	}
	for (i = n - nfold - nbody; i < n - nfold; i++, b++) {
		unsigned int r = rnd(&c, 100);

		if (r < p->jmp_pct) {
			gen_jmp(&c, b, i, n - nfold);
			continue;
		}
		if (r < p->jmp_pct + p->map_pct) {
			gen_map(&c, b);
			continue;
		}
		r = rnd(&c, 100);
		if (r < 50)
			gen_alu(&c, b);
		else if (r < 55)
			gen_neg(&c, b);
		else if (r < 62)
			gen_end(&c, b);
		else if (r < 68)
			set_ldimm64(b, rnd_sreg(&c), rnd_imm64(&c));
		else if (r < 80)
			gen_stack(&c, b);
		else if (r < 88)
			gen_atomic(&c, b);
		else
			gen_pkt(&c, b);
	}
	/* r0 = r0 * K ^ rN ...; then the slots, through r3. */
	for (i = 1; i < ARRAY_SIZE(sregs); i++) {
		b->kind = BLK_INSN;
		b++->insn[0] = mk(BPF_ALU64 | BPF_MUL | BPF_K, 0, 0, 0,
				  0x9e3779b1);
		b->kind = BLK_INSN;
		b++->insn[0] = mk(BPF_ALU64 | BPF_XOR | BPF_X, 0, sregs[i],
				  0, 0);
	}
	for (i = 0; i < c.nslots; i++) {
		b->kind = BLK_INSN;
		b++->insn[0] = mk(BPF_LDX | BPF_MEM | BPF_DW, 3, BPF_REG_10,
				  c.slot[i], 0);
		b->kind = BLK_INSN;
		b++->insn[0] = mk(BPF_ALU64 | BPF_MUL | BPF_K, 0, 0, 0,
				  0x9e3779b1);
		b->kind = BLK_INSN;
		b++->insn[0] = mk(BPF_ALU64 | BPF_XOR | BPF_X, 0, 3, 0, 0);
	}
	return g;
}

struct gen_prog *gen_prog_fixed(unsigned int which)
{
	struct gen_prog *g = calloc(1, sizeof(*g));
	struct gen_block *b;

	if (!g)
		return NULL;
	g->b = b = calloc(4, sizeof(*b));
	if (!b) {
		free(g);
		return NULL;
	}
	switch (which) {
	case 0:	/* r0 = 0x8000000000000001 */
		set_ldimm64(&b[0], 0, 0x8000000000000001ull);
		g->n = 1;
		break;
	case 1:	/* r0 = first 8 bytes of the frame, little endian */
		b[0].kind = BLK_INSN;
		b[0].insn[0] = mk(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 7);
		b[1].kind = BLK_PKT;
		b[1].tmp = 3;
		b[1].tmp_imm = 0;
		b[1].need = 8;
		b[1].nloads = 1;
		b[1].load[0] = mk(BPF_LDX | BPF_MEM | BPF_DW, 0, BPF_REG_1,
				  0, 0);
		g->n = 2;
		break;
	default: /* r0 = 5; r3 = 0; r0 /= r3 (0); r0 -= 1 (~0) */
		b[0].kind = b[1].kind = b[2].kind = b[3].kind = BLK_INSN;
		b[0].insn[0] = mk(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 5);
		b[1].insn[0] = mk(BPF_ALU64 | BPF_MOV | BPF_K, 3, 0, 0, 0);
		b[2].insn[0] = mk(BPF_ALU64 | BPF_DIV | BPF_X, 0, 3, 0, 0);
		b[3].insn[0] = mk(BPF_ALU64 | BPF_SUB | BPF_K, 0, 0, 0, 1);
		g->n = 4;
		break;
	}
	return g;
}

struct gen_prog *gen_prog_drop(const struct gen_prog *g, unsigned int idx)
{
	struct gen_prog *d = calloc(1, sizeof(*d));
	unsigned int i, k;

	if (!d || idx >= g->n || g->n < 2)
		goto fail;
	d->b = calloc(g->n - 1, sizeof(*d->b));
	if (!d->b)
		goto fail;
	d->n = g->n - 1;
	for (i = 0, k = 0; i < g->n; i++) {
		if (i == idx)
			continue;
		d->b[k] = g->b[i];
		/* A jump to the dropped block now lands on its successor. */
		if (d->b[k].kind == BLK_JMP && d->b[k].target > idx)
			d->b[k].target--;
		k++;
	}
	return d;
fail:
	free(d);
	return NULL;
}

unsigned int gen_prog_blocks(const struct gen_prog *g)
{
	return g->n;
}

void gen_prog_free(struct gen_prog *g)
{
	if (g) {
		free(g->b);
		free(g);
	}
}

static unsigned int blk_len(const struct gen_block *b, enum gen_side side)
{
	switch (b->kind) {
	case BLK_SEQ:
		return b->nseq;
	case BLK_PKT:
		return b->nloads + (side == GEN_SIDE_KERNEL ? 4 : 2);
	case BLK_MAP:
		return b->nloads + 15;
	default:
		return 1;
	}
}

#define KERN_PROLOGUE	3

bool gen_prog_uses_map(const struct gen_prog *g)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (g->b[i].kind == BLK_MAP)
			return true;
	return false;
}

unsigned int gen_lower(const struct gen_prog *g, enum gen_side side,
		       int map_fd, struct bpf_insn *out)
{
	unsigned int start[g->n + 1];
	unsigned int i, k, pc;
	struct bpf_insn *o = out;

	pc = side == GEN_SIDE_KERNEL ? KERN_PROLOGUE : 0;
	for (i = 0; i < g->n; i++) {
		start[i] = pc;
		pc += blk_len(&g->b[i], side);
	}
	start[g->n] = pc;

	if (side == GEN_SIDE_KERNEL) {
		/* Spill ctx; r2 = data_end; r1 = data. */
		*o++ = mk(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, BPF_REG_1,
			  -8, 0);
		*o++ = mk(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1,
			  offsetof(struct xdp_md, data_end), 0);
		*o++ = mk(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_1, BPF_REG_1,
			  offsetof(struct xdp_md, data), 0);
	}
	for (i = 0; i < g->n; i++) {
		const struct gen_block *b = &g->b[i];

		switch (b->kind) {
		case BLK_INSN:
			*o++ = b->insn[0];
			break;
		case BLK_SEQ:
			for (k = 0; k < b->nseq; k++)
				*o++ = b->insn[k];
			break;
		case BLK_JMP:
			*o = b->insn[0];
			o->off = start[b->target] - (start[i] + 1);
			o++;
			break;
		case BLK_PKT:
			if (side == GEN_SIDE_KERNEL) {
				*o++ = mk(BPF_ALU64 | BPF_MOV | BPF_X, b->tmp,
					  BPF_REG_1, 0, 0);
				*o++ = mk(BPF_ALU64 | BPF_ADD | BPF_K, b->tmp,
					  0, 0, b->need);
				*o++ = mk(BPF_JMP | BPF_JGT | BPF_X, b->tmp,
					  BPF_REG_2, b->nloads, 0);
			} else {
				*o++ = mk(BPF_JMP | BPF_JLT | BPF_K, BPF_REG_2,
					  0, b->nloads, b->need);
			}
			for (k = 0; k < b->nloads; k++)
				*o++ = b->load[k];
			*o++ = mk(BPF_ALU64 | BPF_MOV | BPF_K, b->tmp, 0, 0,
				  b->tmp_imm);
			break;
		case BLK_MAP:
			*o++ = mk(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10,
				  BPF_REG_1, -16, 0);
			*o++ = mk(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10,
				  BPF_REG_2, -24, 0);
			*o++ = mk(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -32,
				  b->key);
			*o++ = mk(BPF_LD | BPF_IMM | BPF_DW, BPF_REG_1,
				  BPF_PSEUDO_MAP_FD, 0,
				  side == GEN_SIDE_KERNEL ? map_fd : 0);
			*o++ = mk(0, 0, 0, 0, 0);
			*o++ = mk(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2,
				  BPF_REG_10, 0, 0);
			*o++ = mk(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0,
				  -32);
			/* Helper 1 is map lookup on both sides. */
			*o++ = mk(BPF_JMP | BPF_CALL, 0, 0, 0, 1);
			for (k = 0; k < 3; k++)
				*o++ = mk(BPF_ALU64 | BPF_MOV | BPF_K, 3 + k, 0,
					  0, b->reinit[k]);
			*o++ = mk(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1,
				  BPF_REG_10, -16, 0);
			*o++ = mk(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_2,
				  BPF_REG_10, -24, 0);
			*o++ = mk(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0,
				  b->nloads, 0);
			for (k = 0; k < b->nloads; k++)
				*o++ = b->load[k];
			*o++ = mk(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0,
				  b->tmp_imm);
			break;
		}
	}
	if (side == GEN_SIDE_KERNEL) {
		/* Store r0 into the frame's first 8 bytes; XDP_PASS. */
		*o++ = mk(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_10,
			  -8, 0);
		*o++ = mk(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1,
			  offsetof(struct xdp_md, data), 0);
		*o++ = mk(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_1,
			  offsetof(struct xdp_md, data_end), 0);
		*o++ = mk(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, BPF_REG_2,
			  0, 0);
		*o++ = mk(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, 8);
		*o++ = mk(BPF_JMP | BPF_JGT | BPF_X, BPF_REG_4, BPF_REG_3,
			  1, 0);
		*o++ = mk(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_2, BPF_REG_0,
			  0, 0);
		*o++ = mk(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0,
			  XDP_PASS);
	}
	*o++ = mk(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return o - out;
}

unsigned int gen_packet(uint64_t seed, unsigned int i, uint8_t *buf,
			unsigned int max_len)
{
	uint64_t s = seed ^ (0x5851f42d4c957f2dull * (i + 1));
	unsigned int len, k;

	len = 14 + gen_rand(&s) % (max_len - 14 + 1);
	for (k = 0; k < len; k++) {
		uint64_t r = gen_rand(&s);

		/* Runs of 0x00 and 0xff bytes as well as random ones. */
		buf[k] = (r & 0x300) == 0 ? 0 : (r & 0x300) == 0x100 ? 0xff : r;
	}
	return len;
}

void gen_dump(const struct bpf_insn *insns, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct bpf_insn *x = &insns[i];

		fprintf(stderr,
			"%4u: code %02x dst r%u src r%u off %6d imm %11d (0x%08x)\n",
			i, x->code, x->dst_reg, x->src_reg, x->off, x->imm,
			(uint32_t)x->imm);
	}
}
