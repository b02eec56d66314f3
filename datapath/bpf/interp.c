// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The interpreter: the reference engine, always available.
 *
 * Dispatch is a computed goto through a 256-entry table built from
 * SBPF_INSN_TABLE: every opcode of the table has a label here (a missing
 * one fails the build), every other entry points at a default label that
 * fails loudly (a verified program never reaches it).
 *
 * Semantics are Linux's: ALU32 results are zero-extended into the 64-bit
 * register; shift amounts are masked to the operand width; division by
 * zero gives 0 and modulo by zero leaves the destination (its low 32 bits,
 * zero-extended, for ALU32); immediates are sign-extended to 64 bits for
 * ALU64 and JMP; BPF_END converts to little/big endian on 16, 32 or 64
 * bits, zero-extending; JMP32 compares the low 32 bits.  Atomic operations
 * use the platform's real atomics.
 *
 * No undefined behaviour in C for an accepted program: unsigned arithmetic
 * everywhere (signed values only through conversions, whose results are
 * implementation-defined, not undefined, and defined by every compiler the
 * kernel supports), memory accessed with memcpy (packet fields are
 * unaligned), shifts masked.
 *
 * Entry: r1 = frame, r2 = frame length, r10 = top of a 512-byte stack (8-byte
 * aligned), r3..r5 zero; r0, r6..r9 and the stack are not initialised (see
 * sbpf_interp_run() for why no accepted program can tell).
 */
#include "sbpf.h"
#include "insn_table.h"
#include "sbpf_internal.h"

/*
 * Report an instruction a verified program cannot contain.  The caller
 * returns 0 itself, so that the interpreter never leaves its frame by a
 * tail call (objtool: sibling call from a modified stack frame).
 */
static noinline void interp_fault(const struct sbpf_prog *prog,
				  const struct bpf_insn *insn, const char *why)
{
	if (sbpf_log_ratelimit())
		sbpf_pr_err("%s: interpreter fault at insn %u (code 0x%02x imm %d): %s\n",
			    prog->name, (u32)(insn - prog->insns), insn->code,
			    insn->imm, why);
}

static inline u64 ld8(u64 a)
{
	u8 v;

	memcpy(&v, (const void *)(uintptr_t)a, sizeof(v));
	return v;
}

static inline u64 ld16(u64 a)
{
	u16 v;

	memcpy(&v, (const void *)(uintptr_t)a, sizeof(v));
	return v;
}

static inline u64 ld32(u64 a)
{
	u32 v;

	memcpy(&v, (const void *)(uintptr_t)a, sizeof(v));
	return v;
}

static inline u64 ld64(u64 a)
{
	u64 v;

	memcpy(&v, (const void *)(uintptr_t)a, sizeof(v));
	return v;
}

static inline void st8(u64 a, u64 x)
{
	u8 v = (u8)x;

	memcpy((void *)(uintptr_t)a, &v, sizeof(v));
}

static inline void st16(u64 a, u64 x)
{
	u16 v = (u16)x;

	memcpy((void *)(uintptr_t)a, &v, sizeof(v));
}

static inline void st32(u64 a, u64 x)
{
	u32 v = (u32)x;

	memcpy((void *)(uintptr_t)a, &v, sizeof(v));
}

static inline void st64(u64 a, u64 x)
{
	memcpy((void *)(uintptr_t)a, &x, sizeof(x));
}

/* Arithmetic shift right of a 64-bit or 32-bit value, without UB. */
static inline u64 sar64(u64 v, u32 n)
{
	n &= 63;
	if (!n)
		return v;
	return (v >> n) | ((v >> 63) ? ~0ULL << (64 - n) : 0);
}

static inline u32 sar32(u32 v, u32 n)
{
	n &= 31;
	if (!n)
		return v;
	return (v >> n) | ((v >> 31) ? ~0U << (32 - n) : 0);
}

/*
 * atomic32() and atomic64(): atomic read-modify-write of @bits at @addr.
 * They return false for an operation not in SBPF_ATOMIC_TABLE or a
 * misaligned address (both refused by the verifier).  32-bit fetches
 * return the old value zero-extended, as Linux does.
 */
#define SBPF_DEFINE_ATOMIC(bits)					\
static inline bool atomic##bits(u64 addr, s32 op, u64 *src, u64 *r0)	\
{									\
	u##bits *p = (u##bits *)(uintptr_t)addr;			\
	u##bits v = (u##bits)*src;					\
									\
	if (addr & (sizeof(*p) - 1))					\
		return false;						\
	switch (op) {							\
	case BPF_ADD:							\
		sbpf_atomic##bits##_add(p, v);				\
		return true;						\
	case BPF_AND:							\
		sbpf_atomic##bits##_and(p, v);				\
		return true;						\
	case BPF_OR:							\
		sbpf_atomic##bits##_or(p, v);				\
		return true;						\
	case BPF_XOR:							\
		sbpf_atomic##bits##_xor(p, v);				\
		return true;						\
	case BPF_ADD | BPF_FETCH:					\
		*src = sbpf_atomic##bits##_fetch_add(p, v);		\
		return true;						\
	case BPF_AND | BPF_FETCH:					\
		*src = sbpf_atomic##bits##_fetch_and(p, v);		\
		return true;						\
	case BPF_OR | BPF_FETCH:					\
		*src = sbpf_atomic##bits##_fetch_or(p, v);		\
		return true;						\
	case BPF_XOR | BPF_FETCH:					\
		*src = sbpf_atomic##bits##_fetch_xor(p, v);		\
		return true;						\
	case BPF_XCHG:							\
		*src = sbpf_atomic##bits##_xchg(p, v);			\
		return true;						\
	case BPF_CMPXCHG:						\
		*r0 = sbpf_atomic##bits##_cmpxchg(p, (u##bits)*r0, v);	\
		return true;						\
	}								\
	return false;							\
}

SBPF_DEFINE_ATOMIC(32)
SBPF_DEFINE_ATOMIC(64)

/**
 * sbpf_interp_run() - run a program with the interpreter.
 * @prog: a loaded program (sbpf_prog_load: verified, maps bound).
 * @pkt:  the frame, read only.
 * @len:  its length in bytes.
 *
 * Callable concurrently on any number of CPUs; RCU read side (kernel: BH
 * disabled).
 *
 * Return: r0 at exit; 1 means match.
 */
u64 sbpf_interp_run(const struct sbpf_prog *prog, const void *pkt, u64 len)
{
	/* __uninitialized: see the comment on the entry below. */
	u64 stack[SBPF_STACK_SIZE / sizeof(u64)] __uninitialized;
	u64 regs[MAX_BPF_REG] __uninitialized;
	const struct bpf_insn *insn = prog->insns;
	sbpf_helper_fn fn;

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winitializer-overrides"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#endif
#define SBPF_INTERP_LABEL(name, opcode)				\
		[opcode] = &&INSN_##name,
	static const void *const jumptable[256] = {
		[0 ... 255] = &&default_label,
		SBPF_INSN_TABLE(SBPF_INTERP_LABEL)
	};
#undef SBPF_INTERP_LABEL
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#define DST	regs[insn->dst_reg]
#define SRC	regs[insn->src_reg]
#define IMM	((u64)(s64)insn->imm)
#define IMM32	((u32)insn->imm)
#define CONT	({ insn++; goto *jumptable[insn->code]; })
#define JUMP	({ insn += insn->off + 1; goto *jumptable[insn->code]; })
#define FAULT(why)	({ interp_fault(prog, insn, why); return 0; })

	/*
	 * Only what C itself may read whatever the program does is
	 * initialised: this runs once per packet.  The arrays are
	 * __uninitialized so that a kernel built with INIT_STACK_ALL_ZERO
	 * (-ftrivial-auto-var-init=zero, Debian's default) does not clear
	 * the 600 bytes of stack and registers on every call either.
	 *
	 * r1, r2, r10: the arguments and the frame pointer.  r3..r5: zero,
	 * because a call passes r1..r5 to the helper whatever its prototype,
	 * and the verifier does not look at an argument the helper does not
	 * take (SBPF_ARG_DONTCARE): C must not pass an indeterminate value.
	 *
	 * r0, r6..r9 and the stack stay uninitialised.  The verifier starts
	 * them NOT_INIT (init_state) and check_reg_init() rejects every read
	 * of such a register on any path: ALU sources and destinations other
	 * than a MOV's destination, jump operands, load and store bases and
	 * store sources, atomic operands and r0 of a cmpxchg, r0 at exit, and
	 * every argument a helper takes.  Stack bytes are tracked one by one
	 * and a read of one never written, by a load, an atomic operation or
	 * a helper's memory argument, is rejected too (stack_readable()).
	 * Those are the only places the interpreter reads a register or the
	 * stack, so for an accepted program every value read was written by
	 * the program first: no indeterminate value is used, and nothing this
	 * frame held before (kernel stack contents) reaches the program, a
	 * helper, a map or the result.
	 */
	regs[BPF_REG_1] = (u64)(uintptr_t)pkt;
	regs[BPF_REG_2] = len;
	regs[BPF_REG_3] = 0;
	regs[BPF_REG_4] = 0;
	regs[BPF_REG_5] = 0;
	regs[BPF_REG_10] = (u64)(uintptr_t)(stack + ARRAY_SIZE(stack));
	goto *jumptable[insn->code];

	/* ALU64 and ALU32: K uses the immediate, X the source register. */
INSN_ALU64_ADD_X:
	DST = DST + SRC;
	CONT;
INSN_ALU64_ADD_K:
	DST = DST + IMM;
	CONT;
INSN_ALU_ADD_X:
	DST = (u32)((u32)DST + (u32)SRC);
	CONT;
INSN_ALU_ADD_K:
	DST = (u32)((u32)DST + IMM32);
	CONT;
INSN_ALU64_SUB_X:
	DST = DST - SRC;
	CONT;
INSN_ALU64_SUB_K:
	DST = DST - IMM;
	CONT;
INSN_ALU_SUB_X:
	DST = (u32)((u32)DST - (u32)SRC);
	CONT;
INSN_ALU_SUB_K:
	DST = (u32)((u32)DST - IMM32);
	CONT;
INSN_ALU64_MUL_X:
	DST = DST * SRC;
	CONT;
INSN_ALU64_MUL_K:
	DST = DST * IMM;
	CONT;
INSN_ALU_MUL_X:
	DST = (u32)((u32)DST * (u32)SRC);
	CONT;
INSN_ALU_MUL_K:
	DST = (u32)((u32)DST * IMM32);
	CONT;
INSN_ALU64_OR_X:
	DST = DST | SRC;
	CONT;
INSN_ALU64_OR_K:
	DST = DST | IMM;
	CONT;
INSN_ALU_OR_X:
	DST = (u32)((u32)DST | (u32)SRC);
	CONT;
INSN_ALU_OR_K:
	DST = (u32)((u32)DST | IMM32);
	CONT;
INSN_ALU64_AND_X:
	DST = DST & SRC;
	CONT;
INSN_ALU64_AND_K:
	DST = DST & IMM;
	CONT;
INSN_ALU_AND_X:
	DST = (u32)((u32)DST & (u32)SRC);
	CONT;
INSN_ALU_AND_K:
	DST = (u32)((u32)DST & IMM32);
	CONT;
INSN_ALU64_XOR_X:
	DST = DST ^ SRC;
	CONT;
INSN_ALU64_XOR_K:
	DST = DST ^ IMM;
	CONT;
INSN_ALU_XOR_X:
	DST = (u32)((u32)DST ^ (u32)SRC);
	CONT;
INSN_ALU_XOR_K:
	DST = (u32)((u32)DST ^ IMM32);
	CONT;
INSN_ALU64_LSH_X:
	DST <<= SRC & 63;
	CONT;
INSN_ALU64_LSH_K:
	DST <<= IMM & 63;
	CONT;
INSN_ALU_LSH_X:
	DST = (u32)((u32)DST << (SRC & 31));
	CONT;
INSN_ALU_LSH_K:
	DST = (u32)((u32)DST << (IMM32 & 31));
	CONT;
INSN_ALU64_RSH_X:
	DST >>= SRC & 63;
	CONT;
INSN_ALU64_RSH_K:
	DST >>= IMM & 63;
	CONT;
INSN_ALU_RSH_X:
	DST = (u32)DST >> (SRC & 31);
	CONT;
INSN_ALU_RSH_K:
	DST = (u32)DST >> (IMM32 & 31);
	CONT;
INSN_ALU64_ARSH_X:
	DST = sar64(DST, SRC);
	CONT;
INSN_ALU64_ARSH_K:
	DST = sar64(DST, IMM32);
	CONT;
INSN_ALU_ARSH_X:
	DST = sar32(DST, SRC);
	CONT;
INSN_ALU_ARSH_K:
	DST = sar32(DST, IMM32);
	CONT;
INSN_ALU64_DIV_X:
	DST = SRC ? sbpf_div64_u64(DST, SRC) : 0;
	CONT;
INSN_ALU64_DIV_K:
	DST = IMM ? sbpf_div64_u64(DST, IMM) : 0;
	CONT;
INSN_ALU_DIV_X:
	DST = (u32)SRC ? (u32)DST / (u32)SRC : 0;
	CONT;
INSN_ALU_DIV_K:
	DST = IMM32 ? (u32)DST / IMM32 : 0;
	CONT;
INSN_ALU64_MOD_X:
	if (SRC)
		DST = sbpf_mod64_u64(DST, SRC);
	CONT;
INSN_ALU64_MOD_K:
	if (IMM)
		DST = sbpf_mod64_u64(DST, IMM);
	CONT;
INSN_ALU_MOD_X:
	DST = (u32)SRC ? (u32)DST % (u32)SRC : (u32)DST;
	CONT;
INSN_ALU_MOD_K:
	DST = IMM32 ? (u32)DST % IMM32 : (u32)DST;
	CONT;
INSN_ALU64_NEG:
	DST = 0 - DST;
	CONT;
INSN_ALU_NEG:
	DST = (u32)(0 - (u32)DST);
	CONT;
INSN_ALU64_MOV_X:
	DST = SRC;
	CONT;
INSN_ALU64_MOV_K:
	DST = IMM;
	CONT;
INSN_ALU_MOV_X:
	DST = (u32)SRC;
	CONT;
INSN_ALU_MOV_K:
	DST = IMM32;
	CONT;
INSN_ALU_END_TO_LE:
	switch (insn->imm) {
	case 16:
		DST = (u16)sbpf_cpu_to_le16((u16)DST);
		break;
	case 32:
		DST = (u32)sbpf_cpu_to_le32((u32)DST);
		break;
	case 64:
		DST = (u64)sbpf_cpu_to_le64(DST);
		break;
	default:
		FAULT("bad byte-swap width");
	}
	CONT;
INSN_ALU_END_TO_BE:
	switch (insn->imm) {
	case 16:
		DST = (u16)sbpf_cpu_to_be16((u16)DST);
		break;
	case 32:
		DST = (u32)sbpf_cpu_to_be32((u32)DST);
		break;
	case 64:
		DST = (u64)sbpf_cpu_to_be64(DST);
		break;
	default:
		FAULT("bad byte-swap width");
	}
	CONT;

	/* Jumps: off is relative to the next instruction. */
INSN_JMP_JA:
	JUMP;
INSN_JMP_JEQ_K:
	if (DST == IMM)
		JUMP;
	CONT;
INSN_JMP_JEQ_X:
	if (DST == SRC)
		JUMP;
	CONT;
INSN_JMP32_JEQ_K:
	if ((u32)DST == IMM32)
		JUMP;
	CONT;
INSN_JMP32_JEQ_X:
	if ((u32)DST == (u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JNE_K:
	if (DST != IMM)
		JUMP;
	CONT;
INSN_JMP_JNE_X:
	if (DST != SRC)
		JUMP;
	CONT;
INSN_JMP32_JNE_K:
	if ((u32)DST != IMM32)
		JUMP;
	CONT;
INSN_JMP32_JNE_X:
	if ((u32)DST != (u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JGT_K:
	if (DST > IMM)
		JUMP;
	CONT;
INSN_JMP_JGT_X:
	if (DST > SRC)
		JUMP;
	CONT;
INSN_JMP32_JGT_K:
	if ((u32)DST > IMM32)
		JUMP;
	CONT;
INSN_JMP32_JGT_X:
	if ((u32)DST > (u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JGE_K:
	if (DST >= IMM)
		JUMP;
	CONT;
INSN_JMP_JGE_X:
	if (DST >= SRC)
		JUMP;
	CONT;
INSN_JMP32_JGE_K:
	if ((u32)DST >= IMM32)
		JUMP;
	CONT;
INSN_JMP32_JGE_X:
	if ((u32)DST >= (u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JLT_K:
	if (DST < IMM)
		JUMP;
	CONT;
INSN_JMP_JLT_X:
	if (DST < SRC)
		JUMP;
	CONT;
INSN_JMP32_JLT_K:
	if ((u32)DST < IMM32)
		JUMP;
	CONT;
INSN_JMP32_JLT_X:
	if ((u32)DST < (u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JLE_K:
	if (DST <= IMM)
		JUMP;
	CONT;
INSN_JMP_JLE_X:
	if (DST <= SRC)
		JUMP;
	CONT;
INSN_JMP32_JLE_K:
	if ((u32)DST <= IMM32)
		JUMP;
	CONT;
INSN_JMP32_JLE_X:
	if ((u32)DST <= (u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JSGT_K:
	if ((s64)DST > (s64)IMM)
		JUMP;
	CONT;
INSN_JMP_JSGT_X:
	if ((s64)DST > (s64)SRC)
		JUMP;
	CONT;
INSN_JMP32_JSGT_K:
	if ((s32)(u32)DST > (s32)IMM32)
		JUMP;
	CONT;
INSN_JMP32_JSGT_X:
	if ((s32)(u32)DST > (s32)(u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JSGE_K:
	if ((s64)DST >= (s64)IMM)
		JUMP;
	CONT;
INSN_JMP_JSGE_X:
	if ((s64)DST >= (s64)SRC)
		JUMP;
	CONT;
INSN_JMP32_JSGE_K:
	if ((s32)(u32)DST >= (s32)IMM32)
		JUMP;
	CONT;
INSN_JMP32_JSGE_X:
	if ((s32)(u32)DST >= (s32)(u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JSLT_K:
	if ((s64)DST < (s64)IMM)
		JUMP;
	CONT;
INSN_JMP_JSLT_X:
	if ((s64)DST < (s64)SRC)
		JUMP;
	CONT;
INSN_JMP32_JSLT_K:
	if ((s32)(u32)DST < (s32)IMM32)
		JUMP;
	CONT;
INSN_JMP32_JSLT_X:
	if ((s32)(u32)DST < (s32)(u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JSLE_K:
	if ((s64)DST <= (s64)IMM)
		JUMP;
	CONT;
INSN_JMP_JSLE_X:
	if ((s64)DST <= (s64)SRC)
		JUMP;
	CONT;
INSN_JMP32_JSLE_K:
	if ((s32)(u32)DST <= (s32)IMM32)
		JUMP;
	CONT;
INSN_JMP32_JSLE_X:
	if ((s32)(u32)DST <= (s32)(u32)SRC)
		JUMP;
	CONT;
INSN_JMP_JSET_K:
	if (DST & IMM)
		JUMP;
	CONT;
INSN_JMP_JSET_X:
	if (DST & SRC)
		JUMP;
	CONT;
INSN_JMP32_JSET_K:
	if ((u32)DST & IMM32)
		JUMP;
	CONT;
INSN_JMP32_JSET_X:
	if ((u32)DST & (u32)SRC)
		JUMP;
	CONT;
INSN_JMP_CALL:
	if (unlikely((u32)insn->imm >= __SBPF_FUNC_MAX))
		FAULT("unknown helper");
	fn = sbpf_helper_fns[insn->imm];
	if (unlikely(!fn))
		FAULT("unknown helper");
	regs[BPF_REG_0] = fn(regs[BPF_REG_1], regs[BPF_REG_2],
			     regs[BPF_REG_3], regs[BPF_REG_4],
			     regs[BPF_REG_5]);
	CONT;
INSN_JMP_EXIT:
	return regs[BPF_REG_0];

	/* The second half of LD_IMM64 has code 0: skip it. */
INSN_LD_IMM_DW:
	DST = (u64)(u32)insn[0].imm | ((u64)(u32)insn[1].imm << 32);
	insn++;
	CONT;

	/* Loads and stores. */
INSN_LDX_MEM_B:
	DST = ld8(SRC + insn->off);
	CONT;
INSN_ST_MEM_B:
	st8(DST + insn->off, IMM);
	CONT;
INSN_STX_MEM_B:
	st8(DST + insn->off, SRC);
	CONT;
INSN_LDX_MEM_H:
	DST = ld16(SRC + insn->off);
	CONT;
INSN_ST_MEM_H:
	st16(DST + insn->off, IMM);
	CONT;
INSN_STX_MEM_H:
	st16(DST + insn->off, SRC);
	CONT;
INSN_LDX_MEM_W:
	DST = ld32(SRC + insn->off);
	CONT;
INSN_ST_MEM_W:
	st32(DST + insn->off, IMM);
	CONT;
INSN_STX_MEM_W:
	st32(DST + insn->off, SRC);
	CONT;
INSN_LDX_MEM_DW:
	DST = ld64(SRC + insn->off);
	CONT;
INSN_ST_MEM_DW:
	st64(DST + insn->off, IMM);
	CONT;
INSN_STX_MEM_DW:
	st64(DST + insn->off, SRC);
	CONT;

INSN_STX_ATOMIC_W:
	if (unlikely(!atomic32(DST + insn->off, insn->imm, &SRC,
			       &regs[BPF_REG_0])))
		FAULT("bad atomic operation");
	CONT;
INSN_STX_ATOMIC_DW:
	if (unlikely(!atomic64(DST + insn->off, insn->imm, &SRC,
			       &regs[BPF_REG_0])))
		FAULT("bad atomic operation");
	CONT;

default_label:
	FAULT("opcode not in the instruction table");
#undef DST
#undef SRC
#undef IMM
#undef IMM32
#undef CONT
#undef JUMP
#undef FAULT
}
SBPF_FRAME_NON_STANDARD(sbpf_interp_run);
