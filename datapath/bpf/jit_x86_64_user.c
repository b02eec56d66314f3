// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The userspace x86-64 JIT: a verified program to native code.
 *
 * Userspace only (the kernel module hands programs to the kernel's own JIT,
 * datapath/linux/filter_jit.c); the "user" in the file name keeps it out of
 * both Kbuild files.  It is the one file of the core that talks to the OS
 * directly (mmap, mprotect): executable memory has no kernel equivalent in
 * a 6.1 module, so sbpf_platform.h has no vocabulary for it.
 *
 * Register map (BPF -> x86-64), chosen so that a helper call needs no move:
 * the SysV argument registers are r1..r5, its result register is r0, and
 * r6..r9 and the frame pointer live in callee-saved registers.
 *
 *   r0 rax   r1 rdi   r2 rsi   r3 rdx   r4 rcx   r5 r8
 *   r6 rbx   r7 r13   r8 r14   r9 r15   r10 rbp
 *   r10 (x86) holds blinded constants, r11 is scratch; r9 and r12 unused.
 *
 * Entry is the C call jited(pkt, len, prog): pkt and len arrive in rdi and
 * rsi, which are r1 and r2.  The frame is
 *
 *   [rbp + 8]             return address
 *   [rbp]                 caller's rbp
 *   [rbp - 512, rbp)      the BPF stack (only if the program uses r10)
 *   below                 the callee-saved registers the program uses,
 *                         8 bytes of padding when their count is odd, so
 *                         that rsp is 16-byte aligned at every helper call
 *
 * and a program that touches none of it (no r10, no r6..r9, no call) gets
 * no frame at all.  Registers the program uses start at zero: the
 * verifier already rejects reading one before it is written, so this only
 * keeps helper arguments r3..r5 defined and costs a few xors.
 *
 * Semantics are the interpreter's (interp.c), edge case by edge case:
 * 32-bit operations use 32-bit x86 forms, whose results the CPU already
 * zero-extends, so only a 32-bit shift by an immediate 0, BPF_END to_le
 * and cmpxchg32 need an explicit zero extension; shift counts are masked
 * (the CPU masks register counts the same way); division and modulo test
 * the divisor and give 0 / leave the destination (low half, zero-extended,
 * in 32 bits) when it is zero; immediates are sign-extended for ALU64 and
 * JMP.  Helpers are called directly (call rel32 when the image lies within
 * 2 GiB of them, which the allocation tries for, else through r11: never a
 * retpoline).  Map references are already 64-bit constants.
 *
 * Jumps are short (rel8) where they fit: code is emitted in passes, forward
 * jumps using the instruction offsets of the previous pass (starting from
 * an overestimate), backward jumps the exact ones of this pass; sizes only
 * shrink, and the pass whose offsets equal its input's is the image.  A
 * chain of jumps each waiting for the next to shrink can take a pass per
 * jump: after JIT_SHRINK_PASSES, one more pass puts NOPs before every jump
 * that would still shrink, keeping every size, which converges.
 *
 * The image is W^X: mapped read-write, written, then made read-execute;
 * it is never writable and executable at once.  sbpf_prog_free() and
 * sbpf_jit_free() unmap it.
 *
 * Constant blinding (SBPF_JIT_BLIND): every immediate a program supplies
 * (ALU, JMP, ST, LD_IMM64, division) is emitted as imm ^ key followed by an
 * xor with key, with a fresh random key per constant, so that no
 * attacker-chosen 32-bit pattern appears in executable memory.  Shift
 * counts (6 bits) and memory offsets (16 bits, emitted as displacements)
 * are not blinded.
 */
#include "sbpf.h"
#include "insn_table.h"
#include "sbpf_internal.h"

#if defined(__x86_64__)

#include <stdarg.h>
#include <sys/mman.h>
#include <unistd.h>

/* x86-64 register numbers. */
enum {
	RAX = 0, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
	R8, R9, R10, R11, R12, R13, R14, R15,
};

#define AUX	R10	/* blinded constants */
#define TMP	R11	/* scratch */

static const u8 reg_map[MAX_BPF_REG] = {
	[BPF_REG_0] = RAX, [BPF_REG_1] = RDI, [BPF_REG_2] = RSI,
	[BPF_REG_3] = RDX, [BPF_REG_4] = RCX, [BPF_REG_5] = R8,
	[BPF_REG_6] = RBX, [BPF_REG_7] = R13, [BPF_REG_8] = R14,
	[BPF_REG_9] = R15, [BPF_REG_10] = RBP,
};

/* Largest code one instruction slot may produce (LD_IMM64: two slots). */
#define JIT_SLOT_MAX		64
#define JIT_PROLOGUE_MAX	64
#define JIT_EPILOGUE_MAX	64
/* Passes that may shrink jumps; then one that pads to the last sizes. */
#define JIT_SHRINK_PASSES	16

/* Condition codes (the low nibble of Jcc). */
enum {
	CC_B = 0x2, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6,
	CC_A = 0x7, CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf,
};

/* The /digit of the 0x81/0x83 group, and the matching reg-reg opcode. */
struct alu_op {
	u8 ext;
	u8 rr;
};

struct jit_ctx {
	const struct sbpf_prog *prog;
	struct sbpf_verifier_log *log;
	u8 *image;		/* read-write while compiling */
	u32 cap;		/* its size */
	u32 pos;		/* emission offset in this pass */
	u32 *addrs;		/* insn start offsets of the previous pass */
	u32 *next;		/* ... of this pass; [len] is the epilogue */
	bool overflow;		/* this pass ran past cap */
	bool pad;		/* pad each insn to its previous size */
	bool blind;
	u64 seed;		/* blinding keys: the same in every pass */
	u64 rng;
	bool near_calls;	/* every helper within rel32 of the image */
	bool frame;		/* prologue/epilogue needed at all */
	bool uses_stack;	/* r10 referenced */
	u16 used;		/* BPF registers referenced (bit per reg) */
	u32 n_saved;		/* callee-saved registers pushed */
	u8 saved[4];
};

static __printf(2, 3) void jit_log(struct sbpf_verifier_log *log,
				   const char *fmt, ...)
{
	char line[160];
	va_list ap;
	u32 n, room;
	int len;

	if (!log || !log->buf || !log->size || log->level == SBPF_LOG_NONE)
		return;
	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	n = (u32)len < sizeof(line) ? (u32)len : sizeof(line) - 1;
	room = log->size - 1 - log->len;
	if (n > room) {
		n = room;
		log->truncated = true;
	}
	memcpy(log->buf + log->len, line, n);
	log->len += n;
	log->buf[log->len] = '\0';
}

/* ---------------------------------------------------------- emitters -- */

static void emit1(struct jit_ctx *ctx, u8 b)
{
	if (ctx->pos < ctx->cap)
		ctx->image[ctx->pos] = b;
	else
		ctx->overflow = true;
	ctx->pos++;
}

static void emit2(struct jit_ctx *ctx, u8 a, u8 b)
{
	emit1(ctx, a);
	emit1(ctx, b);
}

static void emit_u32(struct jit_ctx *ctx, u32 v)
{
	emit2(ctx, v, v >> 8);
	emit2(ctx, v >> 16, v >> 24);
}

static void emit_u64(struct jit_ctx *ctx, u64 v)
{
	emit_u32(ctx, (u32)v);
	emit_u32(ctx, (u32)(v >> 32));
}

static bool is_s8(s64 v)
{
	return v >= -128 && v <= 127;
}

static bool is_s32(s64 v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

/*
 * REX prefix for operand size @w, ModRM reg @reg and rm/base @rm; emitted
 * when needed, or always with @force (byte access to sil/dil/spl/bpl).
 */
static void emit_rex(struct jit_ctx *ctx, bool w, u8 reg, u8 rm, bool force)
{
	u8 rex = 0x40 | (w << 3) | ((reg >> 3) << 2) | (rm >> 3);

	if (rex != 0x40 || force)
		emit1(ctx, rex);
}

static void emit_modrm_reg(struct jit_ctx *ctx, u8 reg, u8 rm)
{
	emit1(ctx, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

/* ModRM (and displacement) for [base + off]; base is never rsp or r12. */
static void emit_modrm_mem(struct jit_ctx *ctx, u8 reg, u8 base, s32 off)
{
	u8 r = (reg & 7) << 3, b = base & 7;

	if (!off && b != 5) {
		emit1(ctx, r | b);
	} else if (is_s8(off)) {
		emit2(ctx, 0x40 | r | b, (u8)off);
	} else {
		emit1(ctx, 0x80 | r | b);
		emit_u32(ctx, (u32)off);
	}
}

/* op rm, reg: the two-operand register form (add, mov, cmp, test...). */
static void emit_rr(struct jit_ctx *ctx, bool w, u8 opcode, u8 rm, u8 reg)
{
	emit_rex(ctx, w, reg, rm, false);
	emit1(ctx, opcode);
	emit_modrm_reg(ctx, reg, rm);
}

static void emit_mov_rr(struct jit_ctx *ctx, bool w, u8 dst, u8 src)
{
	emit_rr(ctx, w, 0x89, dst, src);
}

/* xor r32, r32: zero, the whole 64-bit register. */
static void emit_zero(struct jit_ctx *ctx, u8 reg)
{
	emit_rr(ctx, false, 0x31, reg, reg);
}

/* mov r32, imm32 (zero-extended into the 64-bit register). */
static void emit_mov32_imm(struct jit_ctx *ctx, u8 reg, u32 imm)
{
	emit_rex(ctx, false, 0, reg, false);
	emit1(ctx, 0xb8 | (reg & 7));
	emit_u32(ctx, imm);
}

/* mov r64, simm32 (sign-extended), always 7 bytes. */
static void emit_mov64_simm(struct jit_ctx *ctx, u8 reg, s32 imm)
{
	emit_rex(ctx, true, 0, reg, false);
	emit1(ctx, 0xc7);
	emit_modrm_reg(ctx, 0, reg);
	emit_u32(ctx, (u32)imm);
}

/* reg = v, in the shortest form. */
static void emit_load_imm64(struct jit_ctx *ctx, u8 reg, u64 v)
{
	if (!v) {
		emit_zero(ctx, reg);
	} else if (v <= UINT32_MAX) {
		emit_mov32_imm(ctx, reg, (u32)v);
	} else if (is_s32((s64)v)) {
		emit_mov64_simm(ctx, reg, (s32)v);
	} else {
		emit_rex(ctx, true, 0, reg, false);
		emit1(ctx, 0xb8 | (reg & 7));
		emit_u64(ctx, v);
	}
}

/* movabs reg, v: always 10 bytes (blinding). */
static void emit_movabs(struct jit_ctx *ctx, u8 reg, u64 v)
{
	emit_rex(ctx, true, 0, reg, false);
	emit1(ctx, 0xb8 | (reg & 7));
	emit_u64(ctx, v);
}

/* The 0x81/0x83 group: op rm, imm (sign-extended to the operand size). */
static void emit_alu_imm(struct jit_ctx *ctx, bool w, u8 ext, u8 rm, s32 imm)
{
	emit_rex(ctx, w, 0, rm, false);
	if (is_s8(imm)) {
		emit2(ctx, 0x83, 0xc0 | (ext << 3) | (rm & 7));
		emit1(ctx, (u8)imm);
	} else {
		emit2(ctx, 0x81, 0xc0 | (ext << 3) | (rm & 7));
		emit_u32(ctx, (u32)imm);
	}
}

/* Same, always with a 32-bit immediate (blinding keys). */
static void emit_alu_imm32(struct jit_ctx *ctx, bool w, u8 ext, u8 rm,
			   s32 imm)
{
	emit_rex(ctx, w, 0, rm, false);
	emit2(ctx, 0x81, 0xc0 | (ext << 3) | (rm & 7));
	emit_u32(ctx, (u32)imm);
}

#define EXT_ADD	0
#define EXT_OR	1
#define EXT_AND	4
#define EXT_SUB	5
#define EXT_XOR	6
#define EXT_CMP	7

static u32 next_key(struct jit_ctx *ctx)
{
	/* xorshift64*, seeded once per compilation. */
	ctx->rng ^= ctx->rng >> 12;
	ctx->rng ^= ctx->rng << 25;
	ctx->rng ^= ctx->rng >> 27;
	return (u32)((ctx->rng * 0x2545f4914f6cdd1dULL) >> 32);
}

/*
 * AUX = the immediate as the operation sees it: sign-extended (w) or the
 * low 32 bits, without the value itself appearing in the code.
 */
static void emit_blinded_aux(struct jit_ctx *ctx, bool w, s32 imm)
{
	s32 key = (s32)next_key(ctx);

	if (w) {
		emit_mov64_simm(ctx, AUX, imm ^ key);
		emit_alu_imm32(ctx, true, EXT_XOR, AUX, key);
	} else {
		emit_mov32_imm(ctx, AUX, (u32)(imm ^ key));
		emit_alu_imm32(ctx, false, EXT_XOR, AUX, key);
	}
}

/* Memory access [base + off] with opcode bytes @op (1 or 2 of them). */
static void emit_mem(struct jit_ctx *ctx, bool w, bool byte_reg, u16 prefix,
		     const u8 *op, u32 n_op, u8 reg, u8 base, s16 off)
{
	u32 i;

	if (prefix)
		emit1(ctx, (u8)prefix);
	emit_rex(ctx, w, reg, base, byte_reg && reg >= 4 && reg < 8);
	for (i = 0; i < n_op; i++)
		emit1(ctx, op[i]);
	emit_modrm_mem(ctx, reg, base, off);
}

static void emit_ldx(struct jit_ctx *ctx, u8 size, u8 dst, u8 base, s16 off)
{
	static const u8 movzb[] = { 0x0f, 0xb6 }, movzw[] = { 0x0f, 0xb7 },
			mov[] = { 0x8b };

	switch (size) {
	case BPF_B:
		emit_mem(ctx, false, false, 0, movzb, 2, dst, base, off);
		break;
	case BPF_H:
		emit_mem(ctx, false, false, 0, movzw, 2, dst, base, off);
		break;
	case BPF_W:
		emit_mem(ctx, false, false, 0, mov, 1, dst, base, off);
		break;
	default:
		emit_mem(ctx, true, false, 0, mov, 1, dst, base, off);
		break;
	}
}

static void emit_stx(struct jit_ctx *ctx, u8 size, u8 base, u8 src, s16 off)
{
	static const u8 mov8[] = { 0x88 }, mov[] = { 0x89 };

	switch (size) {
	case BPF_B:
		emit_mem(ctx, false, true, 0, mov8, 1, src, base, off);
		break;
	case BPF_H:
		emit_mem(ctx, false, false, 0x66, mov, 1, src, base, off);
		break;
	case BPF_W:
		emit_mem(ctx, false, false, 0, mov, 1, src, base, off);
		break;
	default:
		emit_mem(ctx, true, false, 0, mov, 1, src, base, off);
		break;
	}
}

static void emit_st_imm(struct jit_ctx *ctx, u8 size, u8 base, s16 off,
			s32 imm)
{
	static const u8 mov8[] = { 0xc6 }, mov[] = { 0xc7 };

	if (ctx->blind) {
		emit_blinded_aux(ctx, size == BPF_DW, imm);
		emit_stx(ctx, size, base, AUX, off);
		return;
	}
	switch (size) {
	case BPF_B:
		emit_mem(ctx, false, false, 0, mov8, 1, 0, base, off);
		emit1(ctx, (u8)imm);
		break;
	case BPF_H:
		emit_mem(ctx, false, false, 0x66, mov, 1, 0, base, off);
		emit2(ctx, (u8)imm, (u8)(imm >> 8));
		break;
	case BPF_W:
		emit_mem(ctx, false, false, 0, mov, 1, 0, base, off);
		emit_u32(ctx, (u32)imm);
		break;
	default:
		emit_mem(ctx, true, false, 0, mov, 1, 0, base, off);
		emit_u32(ctx, (u32)imm);
		break;
	}
}

/* A jump inside one instruction's code: rel8, patched once known. */
static u32 emit_jcc8(struct jit_ctx *ctx, u8 opcode)
{
	emit2(ctx, opcode, 0);
	return ctx->pos;
}

static void patch_jcc8(struct jit_ctx *ctx, u32 after)
{
	s32 rel = (s32)(ctx->pos - after);

	if (after - 1 < ctx->cap)
		ctx->image[after - 1] = (u8)rel;
}

/* ---------------------------------------------------------------- ALU -- */

static void emit_shift(struct jit_ctx *ctx, bool w, u8 ext, u8 dst, u8 src,
		       bool is_imm, s32 imm)
{
	u8 mask = w ? 63 : 31;

	if (is_imm) {
		u8 n = (u8)imm & mask;

		if (!n) {
			if (!w)	/* a shift by 0 still truncates */
				emit_mov_rr(ctx, false, dst, dst);
			return;
		}
		emit_rex(ctx, w, 0, dst, false);
		if (n == 1) {
			emit2(ctx, 0xd1, 0xc0 | (ext << 3) | (dst & 7));
		} else {
			emit2(ctx, 0xc1, 0xc0 | (ext << 3) | (dst & 7));
			emit1(ctx, n);
		}
		return;
	}
	/* The count must be in cl; rcx is r4. */
	if (src == RCX) {
		emit_rex(ctx, w, 0, dst, false);
		emit2(ctx, 0xd3, 0xc0 | (ext << 3) | (dst & 7));
	} else if (dst == RCX) {
		emit_mov_rr(ctx, true, TMP, RCX);
		emit_mov_rr(ctx, true, RCX, src);
		emit_rex(ctx, w, 0, TMP, false);
		emit2(ctx, 0xd3, 0xc0 | (ext << 3) | (TMP & 7));
		emit_mov_rr(ctx, w, RCX, TMP);
	} else {
		emit_mov_rr(ctx, true, TMP, RCX);
		emit_mov_rr(ctx, true, RCX, src);
		emit_rex(ctx, w, 0, dst, false);
		emit2(ctx, 0xd3, 0xc0 | (ext << 3) | (dst & 7));
		emit_mov_rr(ctx, true, RCX, TMP);
	}
}

/*
 * dst = dst / src or dst % src, unsigned; src is a register (for an
 * immediate, the caller loaded it).  @known_nonzero skips the test.
 */
static void emit_divmod(struct jit_ctx *ctx, bool w, bool mod, u8 dst,
			u8 src, bool known_nonzero)
{
	u32 skip = 0, done = 0;
	u8 res = mod ? RDX : RAX;

	if (src == RAX || src == RDX) {
		emit_mov_rr(ctx, true, TMP, src);
		src = TMP;
	}
	if (!known_nonzero) {
		/* test src, src; jne .divide; <by zero>; jmp .done */
		emit_rr(ctx, w, 0x85, src, src);
		if (mod && w) {
			done = emit_jcc8(ctx, 0x70 | CC_E);
		} else {
			skip = emit_jcc8(ctx, 0x70 | CC_NE);
			if (mod)
				emit_mov_rr(ctx, false, dst, dst);
			else
				emit_zero(ctx, dst);
			done = emit_jcc8(ctx, 0xeb);
			patch_jcc8(ctx, skip);
		}
	}
	if (dst != RAX)
		emit1(ctx, 0x50);		/* push rax */
	if (dst != RDX)
		emit1(ctx, 0x52);		/* push rdx */
	if (dst != RAX)
		emit_mov_rr(ctx, true, RAX, dst);
	emit_zero(ctx, RDX);
	emit_rex(ctx, w, 0, src, false);	/* div src */
	emit2(ctx, 0xf7, 0xc0 | (6 << 3) | (src & 7));
	if (dst != res)
		emit_mov_rr(ctx, w, dst, res);
	if (dst != RDX)
		emit1(ctx, 0x5a);		/* pop rdx */
	if (dst != RAX)
		emit1(ctx, 0x58);		/* pop rax */
	if (done)
		patch_jcc8(ctx, done);
}

static bool alu_op(u8 op, struct alu_op *a)
{
	switch (op) {
	case BPF_ADD:
		*a = (struct alu_op){ EXT_ADD, 0x01 };
		return true;
	case BPF_SUB:
		*a = (struct alu_op){ EXT_SUB, 0x29 };
		return true;
	case BPF_AND:
		*a = (struct alu_op){ EXT_AND, 0x21 };
		return true;
	case BPF_OR:
		*a = (struct alu_op){ EXT_OR, 0x09 };
		return true;
	case BPF_XOR:
		*a = (struct alu_op){ EXT_XOR, 0x31 };
		return true;
	}
	return false;
}

static int emit_alu(struct jit_ctx *ctx, const struct bpf_insn *insn)
{
	bool w = BPF_CLASS(insn->code) == BPF_ALU64;
	bool is_imm = BPF_SRC(insn->code) == BPF_K;
	u8 op = BPF_OP(insn->code);
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	s32 imm = insn->imm;
	struct alu_op a;

	if (op == BPF_END) {
		/* BPF_ALU only: to_le / to_be of 16, 32 or 64 bits. */
		bool be = BPF_SRC(insn->code) == BPF_TO_BE;

		switch (imm) {
		case 16:
			if (be) {	/* ror r16, 8 */
				emit1(ctx, 0x66);
				emit_rex(ctx, false, 0, dst, false);
				emit2(ctx, 0xc1, 0xc8 | (dst & 7));
				emit1(ctx, 8);
			}
			emit_rex(ctx, false, dst, dst, false);	/* movzx */
			emit2(ctx, 0x0f, 0xb7);
			emit_modrm_reg(ctx, dst, dst);
			return 0;
		case 32:
			if (be) {
				emit_rex(ctx, false, 0, dst, false);
				emit2(ctx, 0x0f, 0xc8 | (dst & 7));
			} else {
				emit_mov_rr(ctx, false, dst, dst);
			}
			return 0;
		case 64:
			if (be) {
				emit_rex(ctx, true, 0, dst, false);
				emit2(ctx, 0x0f, 0xc8 | (dst & 7));
			}
			return 0;
		}
		return -EINVAL;
	}

	if (op == BPF_NEG) {
		emit_rex(ctx, w, 0, dst, false);
		emit2(ctx, 0xf7, 0xc0 | (3 << 3) | (dst & 7));
		return 0;
	}

	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
		u8 ext = op == BPF_LSH ? 4 : op == BPF_RSH ? 5 : 7;

		emit_shift(ctx, w, ext, dst, src, is_imm, imm);
		return 0;
	}

	if (op == BPF_MOV) {
		if (!is_imm) {
			if (w && dst == src)
				return 0;
			emit_mov_rr(ctx, w, dst, src);
		} else if (ctx->blind) {
			s32 key = (s32)next_key(ctx);

			if (w)
				emit_mov64_simm(ctx, dst, imm ^ key);
			else
				emit_mov32_imm(ctx, dst, (u32)(imm ^ key));
			emit_alu_imm32(ctx, w, EXT_XOR, dst, key);
		} else if (w) {
			emit_load_imm64(ctx, dst, (u64)(s64)imm);
		} else if (!imm) {
			emit_zero(ctx, dst);
		} else {
			emit_mov32_imm(ctx, dst, (u32)imm);
		}
		return 0;
	}

	if (op == BPF_DIV || op == BPF_MOD) {
		bool mod = op == BPF_MOD;

		if (!is_imm) {
			emit_divmod(ctx, w, mod, dst, src, false);
		} else if (ctx->blind) {
			emit_blinded_aux(ctx, w, imm);
			emit_divmod(ctx, w, mod, dst, AUX, false);
		} else if (!imm) {
			/* Division by the constant 0: 0; modulo: dst. */
			if (!mod)
				emit_zero(ctx, dst);
			else if (!w)
				emit_mov_rr(ctx, false, dst, dst);
		} else {
			if (w)
				emit_mov64_simm(ctx, TMP, imm);
			else
				emit_mov32_imm(ctx, TMP, (u32)imm);
			emit_divmod(ctx, w, mod, dst, TMP, true);
		}
		return 0;
	}

	if (op == BPF_MUL) {
		if (is_imm && ctx->blind) {
			emit_blinded_aux(ctx, w, imm);
			src = AUX;
			is_imm = false;
		}
		if (!is_imm) {	/* imul dst, src */
			emit_rex(ctx, w, dst, src, false);
			emit2(ctx, 0x0f, 0xaf);
			emit_modrm_reg(ctx, dst, src);
		} else {	/* imul dst, dst, imm */
			emit_rex(ctx, w, dst, dst, false);
			if (is_s8(imm)) {
				emit1(ctx, 0x6b);
				emit_modrm_reg(ctx, dst, dst);
				emit1(ctx, (u8)imm);
			} else {
				emit1(ctx, 0x69);
				emit_modrm_reg(ctx, dst, dst);
				emit_u32(ctx, (u32)imm);
			}
		}
		return 0;
	}

	if (!alu_op(op, &a))
		return -EINVAL;
	if (is_imm && ctx->blind) {
		emit_blinded_aux(ctx, w, imm);
		src = AUX;
		is_imm = false;
	}
	if (is_imm)
		emit_alu_imm(ctx, w, a.ext, dst, imm);
	else
		emit_rr(ctx, w, a.rr, dst, src);
	return 0;
}

/* -------------------------------------------------------------- jumps -- */

/*
 * A jump to BPF instruction @target, as the last code of instruction @i;
 * @cc < 0 is an unconditional jmp.  Backward, the target is already placed
 * in this pass: the distance is exact.  Forward, it is the previous pass's
 * distance over the instructions in between, which is never less than
 * this pass's (sizes only shrink) and equal to it in the final pass.
 * rel8 if the distance fits, else rel32.
 */
static void emit_jump(struct jit_ctx *ctx, int cc, u32 i, u32 target)
{
	u32 long_len = cc < 0 ? 5 : 6;
	s64 rel;

	if (ctx->pad) {
		/* NOPs first, so the jump ends where it did last pass. */
		u32 end = ctx->addrs[i + 1], len;

		rel = (s64)(target <= i ? ctx->next[target] :
			    ctx->addrs[target]) - (s64)end;
		len = is_s8(rel) ? 2 : long_len;
		while (ctx->pos + len < end)
			emit1(ctx, 0x90);
	} else if (target <= i) {
		rel = (s64)ctx->next[target] - (s64)(ctx->pos + 2);
	} else {
		rel = (s64)ctx->addrs[target] - (s64)ctx->addrs[i + 1];
	}
	if (is_s8(rel)) {
		emit2(ctx, cc < 0 ? 0xeb : 0x70 | cc, (u8)rel);
		return;
	}
	if (target <= i && !ctx->pad)
		rel = (s64)ctx->next[target] - (s64)(ctx->pos + long_len);
	if (cc < 0)
		emit1(ctx, 0xe9);
	else
		emit2(ctx, 0x0f, 0x80 | cc);
	emit_u32(ctx, (u32)(s32)rel);
}

static int jmp_cc(u8 op)
{
	switch (op) {
	case BPF_JEQ:	return CC_E;
	case BPF_JNE:	return CC_NE;
	case BPF_JSET:	return CC_NE;
	case BPF_JGT:	return CC_A;
	case BPF_JGE:	return CC_AE;
	case BPF_JLT:	return CC_B;
	case BPF_JLE:	return CC_BE;
	case BPF_JSGT:	return CC_G;
	case BPF_JSGE:	return CC_GE;
	case BPF_JSLT:	return CC_L;
	case BPF_JSLE:	return CC_LE;
	}
	return -1;
}

static int emit_cond_jump(struct jit_ctx *ctx, const struct bpf_insn *insn,
			  u32 i)
{
	bool w = BPF_CLASS(insn->code) == BPF_JMP;
	bool is_imm = BPF_SRC(insn->code) == BPF_K;
	u8 op = BPF_OP(insn->code);
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	int cc = jmp_cc(op);

	if (cc < 0)
		return -EINVAL;
	if (!insn->off)		/* falls through either way */
		return 0;
	if (is_imm && ctx->blind) {
		emit_blinded_aux(ctx, w, insn->imm);
		src = AUX;
		is_imm = false;
	}
	if (op == BPF_JSET) {
		if (is_imm) {	/* test dst, imm32 */
			emit_rex(ctx, w, 0, dst, false);
			emit2(ctx, 0xf7, 0xc0 | (dst & 7));
			emit_u32(ctx, (u32)insn->imm);
		} else {
			emit_rr(ctx, w, 0x85, dst, src);
		}
	} else if (is_imm && !insn->imm) {
		emit_rr(ctx, w, 0x85, dst, dst);	/* test: flags as cmp 0 */
	} else if (is_imm) {
		emit_alu_imm(ctx, w, EXT_CMP, dst, insn->imm);
	} else {
		emit_rr(ctx, w, 0x39, dst, src);
	}
	emit_jump(ctx, cc, i, i + 1 + insn->off);
	return 0;
}

/* ------------------------------------------------------------ atomics -- */

static int emit_atomic(struct jit_ctx *ctx, const struct bpf_insn *insn)
{
	bool w = BPF_SIZE(insn->code) == BPF_DW;
	u8 base = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	s16 off = insn->off;
	u8 op[2];
	u32 loop;

	switch (insn->imm) {
	case BPF_ADD:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		emit1(ctx, 0xf0);	/* lock */
		op[0] = insn->imm == BPF_ADD ? 0x01 : insn->imm == BPF_AND ?
			0x21 : insn->imm == BPF_OR ? 0x09 : 0x31;
		emit_mem(ctx, w, false, 0, op, 1, src, base, off);
		return 0;
	case BPF_ADD | BPF_FETCH:
		emit1(ctx, 0xf0);	/* lock xadd */
		op[0] = 0x0f;
		op[1] = 0xc1;
		emit_mem(ctx, w, false, 0, op, 2, src, base, off);
		return 0;
	case BPF_XCHG:
		op[0] = 0x87;		/* xchg: locked by itself */
		emit_mem(ctx, w, false, 0, op, 1, src, base, off);
		return 0;
	case BPF_CMPXCHG:
		emit1(ctx, 0xf0);	/* lock cmpxchg */
		op[0] = 0x0f;
		op[1] = 0xb1;
		emit_mem(ctx, w, false, 0, op, 2, src, base, off);
		/* A 32-bit hit leaves the high half of rax: clear it. */
		if (!w)
			emit_mov_rr(ctx, false, RAX, RAX);
		return 0;
	case BPF_AND | BPF_FETCH:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR | BPF_FETCH: {
		u8 rr = insn->imm == (BPF_AND | BPF_FETCH) ? 0x21 :
			insn->imm == (BPF_OR | BPF_FETCH) ? 0x09 : 0x31;
		u8 opnd = src == RAX ? AUX : src;

		/* A cmpxchg loop; r0 (rax) is saved in AUX meanwhile. */
		emit_mov_rr(ctx, true, AUX, RAX);
		if (base == RAX)
			base = AUX;
		op[0] = 0x8b;
		emit_mem(ctx, w, false, 0, op, 1, RAX, base, off);
		loop = ctx->pos;
		emit_mov_rr(ctx, w, TMP, RAX);
		emit_rr(ctx, w, rr, TMP, opnd);
		emit1(ctx, 0xf0);
		op[0] = 0x0f;
		op[1] = 0xb1;
		emit_mem(ctx, w, false, 0, op, 2, TMP, base, off);
		emit2(ctx, 0x70 | CC_NE, (u8)(loop - (ctx->pos + 2)));
		if (src != RAX) {
			emit_mov_rr(ctx, w, src, RAX);
			emit_mov_rr(ctx, true, RAX, AUX);
		}
		return 0;
	}
	}
	return -EINVAL;
}

/* -------------------------------------------------------------- calls -- */

static int emit_call(struct jit_ctx *ctx, const struct bpf_insn *insn)
{
	sbpf_helper_fn fn;
	s64 rel;

	if ((u32)insn->imm >= __SBPF_FUNC_MAX || !sbpf_helper_fns[insn->imm])
		return -EINVAL;
	fn = sbpf_helper_fns[insn->imm];
	if (ctx->near_calls) {
		rel = (s64)(uintptr_t)fn -
		      (s64)(uintptr_t)(ctx->image + ctx->pos + 5);
		emit1(ctx, 0xe8);
		emit_u32(ctx, (u32)(s32)rel);
	} else {
		emit_movabs(ctx, TMP, (u64)(uintptr_t)fn);
		emit_rex(ctx, false, 0, TMP, false);	/* call r11 */
		emit2(ctx, 0xff, 0xd0 | (TMP & 7));
	}
	return 0;
}

/* ------------------------------------------------------ program frame -- */

static void emit_prologue(struct jit_ctx *ctx)
{
	u32 i;

	if (ctx->frame) {
		emit1(ctx, 0x55);			/* push rbp */
		emit_mov_rr(ctx, true, RBP, RSP);	/* mov rbp, rsp */
		if (ctx->uses_stack)			/* sub rsp, 512 */
			emit_alu_imm(ctx, true, EXT_SUB, RSP, SBPF_STACK_SIZE);
		for (i = 0; i < ctx->n_saved; i++) {	/* push */
			emit_rex(ctx, false, 0, ctx->saved[i], false);
			emit1(ctx, 0x50 | (ctx->saved[i] & 7));
		}
		if (ctx->n_saved & 1)
			emit_alu_imm(ctx, true, EXT_SUB, RSP, 8);
	}
	/* Registers the program uses start at zero (see the top comment). */
	for (i = BPF_REG_0; i <= BPF_REG_9; i++)
		if (i != BPF_REG_1 && i != BPF_REG_2 && (ctx->used & (1 << i)))
			emit_zero(ctx, reg_map[i]);
}

static void emit_epilogue(struct jit_ctx *ctx)
{
	static const u8 mov[] = { 0x8b };
	u32 i, below = ctx->uses_stack ? SBPF_STACK_SIZE : 0;

	if (ctx->frame) {
		for (i = 0; i < ctx->n_saved; i++)
			emit_mem(ctx, true, false, 0, mov, 1, ctx->saved[i],
				 RBP, -(s16)(below + 8 * (i + 1)));
		emit1(ctx, 0xc9);			/* leave */
	}
	emit1(ctx, 0xc3);				/* ret */
}

/* ----------------------------------------------------------- the pass -- */

/*
 * What the interpreter does on an instruction a verified program cannot
 * execute (it may still contain it in dead code): return 0.
 */
static void emit_fault(struct jit_ctx *ctx, u32 i)
{
	emit_zero(ctx, RAX);
	emit_jump(ctx, -1, i, ctx->prog->len);
}

static bool insn_faults(const struct bpf_insn *insn)
{
#define JIT_KNOWN(name, opcode)	[(opcode)] = true,
	static const bool known[256] = { SBPF_INSN_TABLE(JIT_KNOWN) };
#undef JIT_KNOWN
	static const s32 atomics[] = {
#define JIT_ATOMIC(name, imm)	imm,
		SBPF_ATOMIC_TABLE(JIT_ATOMIC)
#undef JIT_ATOMIC
	};
	u32 k;

	if (!known[insn->code])
		return true;
	if (insn->code == (BPF_JMP | BPF_CALL))
		return (u32)insn->imm >= __SBPF_FUNC_MAX ||
		       !sbpf_helper_fns[insn->imm];
	if (BPF_CLASS(insn->code) == BPF_ALU && BPF_OP(insn->code) == BPF_END)
		return insn->imm != 16 && insn->imm != 32 && insn->imm != 64;
	if (BPF_CLASS(insn->code) != BPF_STX ||
	    BPF_MODE(insn->code) != BPF_ATOMIC)
		return false;
	/* The interpreter checks alignment; on the stack, so can we. */
	if (insn->dst_reg == BPF_REG_10 &&
	    (insn->off & (BPF_SIZE(insn->code) == BPF_DW ? 7 : 3)))
		return true;
	for (k = 0; k < ARRAY_SIZE(atomics); k++)
		if (insn->imm == atomics[k])
			return false;
	return true;
}

static int emit_insn(struct jit_ctx *ctx, u32 i, const char **why)
{
	const struct bpf_insn *insn = &ctx->prog->insns[i];
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	u8 cls = BPF_CLASS(insn->code);
	int err;

	if (insn_faults(insn)) {
		emit_fault(ctx, i);
		return 0;
	}
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		err = emit_alu(ctx, insn);
		if (err)
			*why = "unsupported ALU operation";
		return err;
	case BPF_JMP:
	case BPF_JMP32:
		if (insn->code == (BPF_JMP | BPF_CALL)) {
			err = emit_call(ctx, insn);
			if (err)
				*why = "unknown helper";
			return err;
		}
		if (insn->code == (BPF_JMP | BPF_EXIT)) {
			if (i + 1 != ctx->prog->len)
				emit_jump(ctx, -1, i, ctx->prog->len);
			return 0;
		}
		if (insn->code == (BPF_JMP | BPF_JA)) {
			if (insn->off)
				emit_jump(ctx, -1, i, i + 1 + insn->off);
			return 0;
		}
		err = emit_cond_jump(ctx, insn, i);
		if (err)
			*why = "unsupported jump";
		return err;
	case BPF_LD: {
		u64 v = (u64)(u32)insn[0].imm | ((u64)(u32)insn[1].imm << 32);

		if (ctx->blind) {
			u64 key = ((u64)next_key(ctx) << 32) | next_key(ctx);

			emit_movabs(ctx, dst, v ^ key);
			emit_movabs(ctx, AUX, key);
			emit_rr(ctx, true, 0x31, dst, AUX);
		} else {
			emit_load_imm64(ctx, dst, v);
		}
		return 0;
	}
	case BPF_LDX:
		emit_ldx(ctx, BPF_SIZE(insn->code), dst, src, insn->off);
		return 0;
	case BPF_ST:
		emit_st_imm(ctx, BPF_SIZE(insn->code), dst, insn->off,
			    insn->imm);
		return 0;
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			err = emit_atomic(ctx, insn);
			if (err)
				*why = "unknown atomic operation";
			return err;
		}
		emit_stx(ctx, BPF_SIZE(insn->code), dst, src, insn->off);
		return 0;
	}
	*why = "unknown instruction class";
	return -EINVAL;
}

static int jit_pass(struct jit_ctx *ctx)
{
	const struct sbpf_prog *prog = ctx->prog;
	const char *why = NULL;
	u32 i, start;
	int err;

	ctx->pos = 0;
	ctx->overflow = false;
	ctx->rng = ctx->seed;
	emit_prologue(ctx);
	for (i = 0; i < prog->len; i++) {
		u32 slots = 1;

		ctx->next[i] = ctx->pos;
		start = ctx->pos;
		err = emit_insn(ctx, i, &why);
		if (err) {
			jit_log(ctx->log, "jit: insn %u (code 0x%02x): %s\n",
				i, prog->insns[i].code, why);
			return err;
		}
		if (prog->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW)) {
			ctx->next[++i] = ctx->pos;
			slots = 2;
		}
		/* The first pass's overestimate must hold. */
		if (ctx->pos - start > slots * JIT_SLOT_MAX) {
			jit_log(ctx->log, "jit: insn %u: code too large\n", i);
			return -EFAULT;
		}
		/* Padding passes keep every size (emit_jump pads jumps). */
		if (ctx->pad && ctx->pos != ctx->addrs[i + 1]) {
			jit_log(ctx->log, "jit: insn %u: size changed in the padding pass\n",
				i);
			return -EFAULT;
		}
	}
	ctx->next[prog->len] = ctx->pos;
	emit_epilogue(ctx);
	if (ctx->overflow) {
		jit_log(ctx->log, "jit: image larger than its bound (%u bytes)\n",
			ctx->cap);
		return -EFAULT;
	}
	return 0;
}

/* --------------------------------------------------- structural checks -- */

/*
 * What the JIT relies on and the verifier guarantees of every instruction
 * (dead ones too), checked again here so that an unverified program falls
 * back instead of compiling wrongly: registers in range, jumps inside the
 * program and not into the middle of an LD_IMM64, a final instruction that
 * does not fall off the end.  Instructions the interpreter faults on
 * (unknown opcodes, helpers, atomic operations, byte-swap widths, a
 * misaligned atomic on the stack) compile to what it does: return 0.
 */
static int jit_check(struct jit_ctx *ctx)
{
	const struct sbpf_prog *prog = ctx->prog;
	u32 i;

	if (!prog->len) {
		jit_log(ctx->log, "jit: empty program\n");
		return -EINVAL;
	}
	for (i = 0; i < prog->len; i++) {
		const struct bpf_insn *insn = &prog->insns[i];
		u8 cls = BPF_CLASS(insn->code);

		if (insn->dst_reg >= MAX_BPF_REG ||
		    (insn->src_reg >= MAX_BPF_REG &&
		     insn->code != (BPF_LD | BPF_IMM | BPF_DW))) {
			jit_log(ctx->log, "jit: insn %u: bad register\n", i);
			return -EINVAL;
		}
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (i + 1 >= prog->len || insn[1].code) {
				jit_log(ctx->log, "jit: insn %u: truncated ld_imm64\n",
					i);
				return -EINVAL;
			}
			i++;
			continue;
		}
		if ((cls == BPF_JMP || cls == BPF_JMP32) &&
		    insn->code != (BPF_JMP | BPF_CALL) &&
		    insn->code != (BPF_JMP | BPF_EXIT)) {
			s64 t = (s64)i + 1 + insn->off;

			if (t < 0 || t >= prog->len ||
			    (t > 0 && prog->insns[t - 1].code ==
				      (BPF_LD | BPF_IMM | BPF_DW) &&
			     !prog->insns[t].code)) {
				jit_log(ctx->log, "jit: insn %u: jump out of range\n",
					i);
				return -EINVAL;
			}
		}
	}
	i = prog->len - 1;
	if (prog->insns[i].code != (BPF_JMP | BPF_EXIT) &&
	    prog->insns[i].code != (BPF_JMP | BPF_JA)) {
		jit_log(ctx->log, "jit: last insn falls off the end\n");
		return -EINVAL;
	}
	return 0;
}

/* Registers used, and from them the frame. */
static void jit_scan(struct jit_ctx *ctx)
{
	static const u8 callee[] = { BPF_REG_6, BPF_REG_7, BPF_REG_8,
				     BPF_REG_9 };
	const struct sbpf_prog *prog = ctx->prog;
	bool has_call = false;
	u32 i;

	ctx->used = 1 << BPF_REG_0;
	for (i = 0; i < prog->len; i++) {
		const struct bpf_insn *insn = &prog->insns[i];

		if (insn->code == (BPF_JMP | BPF_CALL)) {
			has_call = true;
			continue;
		}
		ctx->used |= 1 << insn->dst_reg;
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			i++;
			continue;
		}
		if (BPF_CLASS(insn->code) != BPF_LD &&
		    BPF_CLASS(insn->code) != BPF_ST)
			ctx->used |= 1 << insn->src_reg;
	}
	ctx->uses_stack = ctx->used & (1 << BPF_REG_10);
	ctx->n_saved = 0;
	for (i = 0; i < ARRAY_SIZE(callee); i++)
		if (ctx->used & (1 << callee[i]))
			ctx->saved[ctx->n_saved++] = reg_map[callee[i]];
	ctx->frame = ctx->uses_stack || ctx->n_saved || has_call;
}

/* ------------------------------------------------------------- memory -- */

static size_t page_round(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (n + page - 1) & ~(page - 1);
}

static bool helpers_near(const u8 *image, size_t size)
{
	u32 i;

	for (i = 0; i < __SBPF_FUNC_MAX; i++) {
		s64 fn = (s64)(uintptr_t)sbpf_helper_fns[i];

		if (!sbpf_helper_fns[i])
			continue;
		if (!is_s32(fn - (s64)(uintptr_t)image) ||
		    !is_s32(fn - (s64)(uintptr_t)(image + size)))
			return false;
	}
	return true;
}

/*
 * A read-write mapping of @size bytes, preferably within rel32 reach of the
 * helpers: hints 1 GiB below and above them (the kernel takes a free hint
 * as is), else wherever the kernel puts it.
 */
static u8 *image_alloc(size_t size, bool *near)
{
	const s64 span = 1LL << 30;
	s64 anchor = (s64)(uintptr_t)sbpf_helper_fns[SBPF_FUNC_map_lookup];
	s64 hints[2] = { anchor - span, anchor + span };
	void *p;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(hints); i++) {
		if (hints[i] <= 0)
			continue;
		p = mmap((void *)(uintptr_t)(hints[i] & ~0xfffffLL), size,
			 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		if (helpers_near(p, size)) {
			*near = true;
			return p;
		}
		munmap(p, size);
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	*near = helpers_near(p, size);
	return p;
}

/* -------------------------------------------------------------- entry -- */

/**
 * sbpf_jit_free() - release a program's JIT image; it runs on the
 * interpreter again.
 * @prog: the program; no run of it may be in progress.
 *
 * sbpf_prog_free() calls this.  Control plane.
 */
void sbpf_jit_free(struct sbpf_prog *prog)
{
	if (!prog->jit_image)
		return;
	prog->jited = NULL;
	munmap(prog->jit_image, prog->jit_alloc);
	prog->jit_image = NULL;
	prog->jit_size = 0;
	prog->jit_alloc = 0;
	prog->jit_passes = 0;
}

/**
 * sbpf_jit_compile() - compile a loaded program to x86-64 code.
 * @prog:  a program from sbpf_prog_load(), not yet published (no run in
 *         progress); a previous image is replaced.
 * @flags: SBPF_JIT_* flags.
 * @log:   optional; gets the reason when the JIT declines, and a summary
 *         line at SBPF_LOG_VERBOSE.
 *
 * Control plane.
 *
 * Return: 0 and prog->jited set (sbpf_prog_run() runs native code); or a
 * negative errno with the program left on the interpreter and the reason
 * in @log: -EOPNOTSUPP (not x86-64), -EINVAL (bad flags, or an instruction
 * the JIT refuses), -EFAULT (code larger than its bound, or the size did
 * not converge), -ENOMEM.
 */
int sbpf_jit_compile(struct sbpf_prog *prog, u32 flags,
		     struct sbpf_verifier_log *log)
{
	struct jit_ctx ctx = { .prog = prog, .log = log };
	size_t alloc, code;
	u32 pass, i;
	int err;

	if (flags & ~SBPF_JIT_BLIND) {
		jit_log(log, "jit: unknown flags 0x%x\n", flags);
		return -EINVAL;
	}
	sbpf_jit_free(prog);
	err = jit_check(&ctx);
	if (err)
		return err;
	jit_scan(&ctx);
	ctx.blind = flags & SBPF_JIT_BLIND;
	if (ctx.blind)
		ctx.seed = ((u64)sbpf_get_random_u32() << 32 |
			    sbpf_get_random_u32()) | 1;

	ctx.cap = JIT_PROLOGUE_MAX + JIT_EPILOGUE_MAX +
		  prog->len * JIT_SLOT_MAX;
	ctx.addrs = sbpf_zalloc_array(prog->len + 1, sizeof(u32));
	ctx.next = sbpf_zalloc_array(prog->len + 1, sizeof(u32));
	alloc = page_round(ctx.cap);
	ctx.image = ctx.addrs && ctx.next ?
		    image_alloc(alloc, &ctx.near_calls) : NULL;
	if (!ctx.image) {
		jit_log(log, "jit: out of memory\n");
		err = -ENOMEM;
		goto out;
	}

	/* Start from an overestimate: every slot at its maximum size. */
	for (i = 0; i <= prog->len; i++)
		ctx.addrs[i] = JIT_PROLOGUE_MAX + i * JIT_SLOT_MAX;
	for (pass = 1; pass <= JIT_SHRINK_PASSES + 1; pass++) {
		u32 *t;

		ctx.pad = pass > JIT_SHRINK_PASSES;
		err = jit_pass(&ctx);
		if (err)
			goto out_unmap;
		if (!memcmp(ctx.addrs, ctx.next,
			    (prog->len + 1) * sizeof(u32)))
			break;
		t = ctx.addrs;
		ctx.addrs = ctx.next;
		ctx.next = t;
	}
	if (pass > JIT_SHRINK_PASSES + 1) {
		jit_log(log, "jit: image size did not converge in %u passes\n",
			JIT_SHRINK_PASSES + 1);
		err = -EFAULT;
		goto out_unmap;
	}

	/* Give back the pages past the code, then W^X: read-execute. */
	code = page_round(ctx.pos);
	if (code < alloc) {
		munmap(ctx.image + code, alloc - code);
		alloc = code;
	}
	if (mprotect(ctx.image, alloc, PROT_READ | PROT_EXEC)) {
		jit_log(log, "jit: mprotect: %s\n", strerror(errno));
		err = -errno;
		goto out_unmap;
	}
	prog->jit_image = ctx.image;
	prog->jit_alloc = alloc;
	prog->jit_size = ctx.pos;
	prog->jit_passes = pass;
	prog->jited = (sbpf_jited_fn)(uintptr_t)ctx.image;
	if (log && log->level >= SBPF_LOG_VERBOSE)
		jit_log(log, "jit: %u insns, %u bytes, %u passes%s%s\n",
			prog->len, ctx.pos, pass, ctx.near_calls ?
			", direct calls" : ", calls through r11",
			ctx.blind ? ", blinded" : "");
	err = 0;
	goto out;

out_unmap:
	munmap(ctx.image, alloc);
out:
	sbpf_free(ctx.addrs);
	sbpf_free(ctx.next);
	return err;
}

#else /* !__x86_64__ */

void sbpf_jit_free(struct sbpf_prog *prog)
{
}

int sbpf_jit_compile(struct sbpf_prog *prog, u32 flags,
		     struct sbpf_verifier_log *log)
{
	if (log && log->buf && log->size && log->level != SBPF_LOG_NONE)
		snprintf(log->buf, log->size, "jit: x86-64 only\n");
	return -EOPNOTSUPP;
}

#endif /* __x86_64__ */
