// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A plain counting evaluator of verified programs; see insn_count.h.  Only
 * the benchmark uses it, on programs our verifier accepted, so it trusts
 * them as the interpreter does; whatever it returns is checked against the
 * interpreter's result by the caller.
 */
#include "insn_count.h"

#include <stdio.h>
#include <string.h>

#include "sbpf.h"
#include "sbpf_internal.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "insn_count.c loads and stores in little-endian order"
#endif

static u64 alu(u8 op, bool is64, u64 dst, u64 src, bool *ok)
{
	u32 x32 = dst, y32 = src;

	if (!is64) {
		switch (op) {
		case BPF_ADD: return (u32)(x32 + y32);
		case BPF_SUB: return (u32)(x32 - y32);
		case BPF_MUL: return (u32)(x32 * y32);
		case BPF_DIV:
			return y32 ? x32 / y32 : 0;
		case BPF_MOD:
			return y32 ? x32 % y32 : x32;
		case BPF_OR:  return x32 | y32;
		case BPF_AND: return x32 & y32;
		case BPF_XOR: return x32 ^ y32;
		case BPF_LSH: return (u32)(x32 << (y32 & 31));
		case BPF_RSH: return x32 >> (y32 & 31);
		case BPF_ARSH: return (u32)((s32)x32 >> (y32 & 31));
		case BPF_MOV: return y32;
		case BPF_NEG: return (u32)-x32;
		}
	} else {
		switch (op) {
		case BPF_ADD: return dst + src;
		case BPF_SUB: return dst - src;
		case BPF_MUL: return dst * src;
		case BPF_DIV:
			return src ? dst / src : 0;
		case BPF_MOD:
			return src ? dst % src : dst;
		case BPF_OR:  return dst | src;
		case BPF_AND: return dst & src;
		case BPF_XOR: return dst ^ src;
		case BPF_LSH: return dst << (src & 63);
		case BPF_RSH: return dst >> (src & 63);
		case BPF_ARSH: return (u64)((s64)dst >> (src & 63));
		case BPF_MOV: return src;
		case BPF_NEG: return -dst;
		}
	}
	*ok = false;
	return 0;
}

static bool cond(u8 op, bool is64, u64 a, u64 b, bool *ok)
{
	if (!is64) {
		a = (u64)(s64)(s32)(u32)a;
		b = (u64)(s64)(s32)(u32)b;
		if (op != BPF_JSGT && op != BPF_JSGE && op != BPF_JSLT &&
		    op != BPF_JSLE) {
			a = (u32)a;
			b = (u32)b;
		}
	}
	switch (op) {
	case BPF_JEQ:  return a == b;
	case BPF_JNE:  return a != b;
	case BPF_JGT:  return a > b;
	case BPF_JGE:  return a >= b;
	case BPF_JLT:  return a < b;
	case BPF_JLE:  return a <= b;
	case BPF_JSGT: return (s64)a > (s64)b;
	case BPF_JSGE: return (s64)a >= (s64)b;
	case BPF_JSLT: return (s64)a < (s64)b;
	case BPF_JSLE: return (s64)a <= (s64)b;
	case BPF_JSET: return a & b;
	}
	*ok = false;
	return false;
}

static const unsigned int sizes[] = { 4, 2, 1, 8 };	/* BPF_W, H, B, DW */

/* Fields are little endian in memory: the host's order (x86-64). */
static u64 load(u64 addr, unsigned int size)
{
	u64 v = 0;

	memcpy(&v, (const void *)(uintptr_t)addr, size);
	return v;
}

static void store(u64 addr, unsigned int size, u64 v)
{
	memcpy((void *)(uintptr_t)addr, &v, size);
}

/* Single-threaded atomics: the benchmark runs one thread. */
static bool atomic_op(u64 addr, unsigned int size, s32 op, u64 *src, u64 *r0)
{
	u64 mask = size == 8 ? ~0ull : 0xffffffffull;
	u64 old = load(addr, size), v = *src & mask;
	bool ok = true;

	switch (op & ~BPF_FETCH) {
	case BPF_ADD:
		store(addr, size, old + v);
		break;
	case BPF_OR:
		store(addr, size, old | v);
		break;
	case BPF_AND:
		store(addr, size, old & v);
		break;
	case BPF_XOR:
		store(addr, size, old ^ v);
		break;
	case BPF_XCHG & ~BPF_FETCH:
		store(addr, size, v);
		break;
	case BPF_CMPXCHG & ~BPF_FETCH:
		if (old == (*r0 & mask))
			store(addr, size, v);
		*r0 = old;
		return true;
	default:
		ok = false;
	}
	if (op & BPF_FETCH)
		*src = old;
	return ok;
}

uint64_t insn_count_run(const struct sbpf_prog *prog, const void *pkt,
			uint64_t len, uint64_t *r0)
{
	u64 stack[SBPF_STACK_SIZE / sizeof(u64)] = { 0 };
	u64 regs[MAX_BPF_REG] = { 0 };
	const struct bpf_insn *insn = prog->insns;
	uint64_t count = 0;
	bool ok = true;

	regs[BPF_REG_1] = (u64)(uintptr_t)pkt;
	regs[BPF_REG_2] = len;
	regs[BPF_REG_10] = (u64)(uintptr_t)(stack + SBPF_STACK_SIZE / 8);
	for (;; insn++) {
		u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
		u64 *dst = &regs[insn->dst_reg];
		u64 src = BPF_SRC(insn->code) == BPF_X ? regs[insn->src_reg]
						       : (u64)(s64)insn->imm;
		unsigned int size = sizes[BPF_SIZE(insn->code) >> 3];

		count++;
		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64:
			if (op == BPF_END) {
				unsigned int bits = insn->imm;
				u64 v = *dst;

				if (BPF_SRC(insn->code) == BPF_TO_BE)
					v = bits == 16 ? __builtin_bswap16(v) :
					    bits == 32 ? __builtin_bswap32(v) :
					    __builtin_bswap64(v);
				*dst = bits == 64 ? v :
				       v & ((1ull << bits) - 1);
				break;
			}
			*dst = alu(op, cls == BPF_ALU64, *dst, src, &ok);
			break;
		case BPF_JMP:
		case BPF_JMP32:
			if (op == BPF_EXIT) {
				*r0 = regs[BPF_REG_0];
				return count;
			}
			if (op == BPF_CALL) {
				sbpf_helper_fn fn = (u32)insn->imm <
						    __SBPF_FUNC_MAX ?
						    sbpf_helper_fns[insn->imm] :
						    NULL;

				if (!fn) {
					ok = false;
					break;
				}
				regs[0] = fn(regs[1], regs[2], regs[3],
					     regs[4], regs[5]);
				break;
			}
			if (op == BPF_JA ||
			    cond(op, cls == BPF_JMP, *dst, src, &ok))
				insn += insn->off;
			break;
		case BPF_LD:
			*dst = (u64)(u32)insn[0].imm |
			       ((u64)(u32)insn[1].imm << 32);
			insn++;
			break;
		case BPF_LDX:
			*dst = load(regs[insn->src_reg] + insn->off, size);
			break;
		case BPF_ST:
			store(*dst + insn->off, size, (u64)(s64)insn->imm);
			break;
		case BPF_STX:
			if (BPF_MODE(insn->code) == BPF_ATOMIC)
				ok = atomic_op(*dst + insn->off, size,
					       insn->imm,
					       &regs[insn->src_reg], &regs[0]);
			else
				store(*dst + insn->off, size,
				      regs[insn->src_reg]);
			break;
		}
		if (!ok) {
			fprintf(stderr, "sluice-bench: insn_count: %s: insn %u (code 0x%02x imm %d) unknown\n",
				prog->name, (unsigned int)(insn - prog->insns),
				insn->code, insn->imm);
			return 0;
		}
	}
}
