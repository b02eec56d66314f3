// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite: the interpreter, instruction by instruction.
 *
 * Each case is a small program and the r0 it must return, worked out by
 * hand from the eBPF semantics (RFC 9669, Linux): ALU64 and ALU32 with
 * their zero extension, sign-extended immediates, shifts by amounts at or
 * beyond the width, division and modulo by zero, byte swaps, every jump
 * condition in 64 and 32 bits, loads and stores of every size (unaligned on
 * the packet), and every atomic operation.  A coverage case checks that
 * the table uses every opcode of the instruction table.
 *
 * Programs run unverified, so edge cases the verifier would refuse
 * (division by a zero immediate, faults) are exercised too.  Every case
 * runs on every engine (sbpf_engines.h): the interpreter, and in userspace
 * the JIT, plain and blinded, which must compile every case (the faults
 * into code that returns 0, as the interpreter does).
 * Little-endian hosts: packet loads read the test frame (byte i = i) in
 * host order.
 */
#include "sbpf_kunit.h"
#include "sbpf.h"
#include "sbpf_asm.h"
#include "sbpf_engines.h"
#include "disasm.h"

#define R0	BPF_REG_0
#define R1	BPF_REG_1
#define R2	BPF_REG_2
#define R3	BPF_REG_3
#define R4	BPF_REG_4
#define R5	BPF_REG_5
#define R10	BPF_REG_10

#define MAX_CASE_INSNS	24

/* The program ends at its last non-zero instruction (an exit). */
struct interp_case {
	const char *name;
	struct bpf_insn insns[MAX_CASE_INSNS];
	u64 expect;
};

#define CASE(nm, exp, ...)						\
	{ .name = nm, .insns = { __VA_ARGS__ }, .expect = (exp) }

/*
 * r0 = 1 if the jump is taken, 0 if not.  Registers for jump cases:
 * r1 = -1, r2 = 1, r3 = 2^32, r4 = 0x80000000, r5 = 2^32 + 1.
 */
#define JCASE(nm, taken, jmp)						\
	CASE(nm, taken, SBPF_MOV64_IMM(R1, -1), SBPF_MOV64_IMM(R2, 1),	\
	     SBPF_LD_IMM64(R3, 0x100000000ULL),				\
	     SBPF_MOV32_IMM(R4, 0x80000000),				\
	     SBPF_LD_IMM64(R5, 0x100000001ULL), SBPF_MOV64_IMM(R0, 0),	\
	     jmp, SBPF_EXIT(), SBPF_MOV64_IMM(R0, 1), SBPF_EXIT())

/*
 * Run an atomic op of @size on the u64 at r10-8 holding @init, with
 * r1 = @src and r0 = @r0v, then return what @ret puts in r0: MEM_RET (the
 * u64 in memory) or REG_RET(reg).
 */
#define ATOMIC_CASE(nm, exp, size, op, init, src, r0v, ret)		\
	CASE(nm, exp, SBPF_LD_IMM64(R3, init),				\
	     SBPF_STX_MEM(BPF_DW, R10, R3, -8),				\
	     SBPF_LD_IMM64(R1, src), SBPF_LD_IMM64(R0, r0v),		\
	     SBPF_ATOMIC(size, op, R10, R1, -8), ret, SBPF_EXIT())
#define ATOMIC64_CASE(nm, exp, op, init, src, r0v, ret)		\
	ATOMIC_CASE(nm, exp, BPF_DW, op, init, src, r0v, ret)
#define ATOMIC32_CASE(nm, exp, op, init, src, r0v, ret)		\
	ATOMIC_CASE(nm, exp, BPF_W, op, init, src, r0v, ret)
#define MEM_RET		SBPF_LDX_MEM(BPF_DW, R0, R10, -8)
#define REG_RET(r)	SBPF_MOV64_REG(R0, r)

static const struct interp_case interp_cases[] = {
	/* Moves and immediates. */
	CASE("mov64 imm sign-extends", 0xffffffffffffffffULL,
	     SBPF_MOV64_IMM(R0, -1), SBPF_EXIT()),
	CASE("mov32 imm zero-extends", 0xffffffffULL,
	     SBPF_MOV32_IMM(R0, -1), SBPF_EXIT()),
	CASE("mov64 reg", 0xfffffffffffffff9ULL,
	     SBPF_MOV64_IMM(R1, -7), SBPF_MOV64_REG(R0, R1), SBPF_EXIT()),
	CASE("mov32 reg truncates", 0xffffffffULL,
	     SBPF_MOV64_IMM(R1, -1), SBPF_MOV32_REG(R0, R1), SBPF_EXIT()),
	CASE("ld_imm64", 0x123456789abcdef0ULL,
	     SBPF_LD_IMM64(R0, 0x123456789abcdef0ULL), SBPF_EXIT()),
	CASE("ld_imm64 high bit", 0x8000000000000001ULL,
	     SBPF_LD_IMM64(R0, 0x8000000000000001ULL), SBPF_EXIT()),
	CASE("r2 is the frame length", 64,
	     SBPF_MOV64_REG(R0, R2), SBPF_EXIT()),
	CASE("r10 is 8-byte aligned", 0,
	     SBPF_MOV64_REG(R0, R10), SBPF_ALU64_IMM(BPF_AND, R0, 7),
	     SBPF_EXIT()),
	CASE("registers start at zero", 0,
	     SBPF_MOV64_REG(R0, R3), SBPF_ALU64_REG(BPF_OR, R0, R4),
	     SBPF_ALU64_REG(BPF_OR, R0, R5), SBPF_EXIT()),

	/* ADD, SUB, MUL. */
	CASE("add64 carries into high half", 0x100000001ULL,
	     SBPF_LD_IMM64(R0, 0xfffffffeULL), SBPF_ALU64_IMM(BPF_ADD, R0, 3),
	     SBPF_EXIT()),
	CASE("add64 reg", 5, SBPF_MOV64_IMM(R0, 2), SBPF_MOV64_IMM(R1, 3),
	     SBPF_ALU64_REG(BPF_ADD, R0, R1), SBPF_EXIT()),
	CASE("add32 wraps", 1, SBPF_MOV32_IMM(R0, -1),
	     SBPF_ALU32_IMM(BPF_ADD, R0, 2), SBPF_EXIT()),
	CASE("add32 clears high half", 5,
	     SBPF_LD_IMM64(R0, 0xffffffff00000005ULL),
	     SBPF_ALU32_IMM(BPF_ADD, R0, 0), SBPF_EXIT()),
	CASE("add32 reg", 0x2ULL, SBPF_MOV64_IMM(R0, -1),
	     SBPF_MOV64_IMM(R1, 3), SBPF_ALU32_REG(BPF_ADD, R0, R1),
	     SBPF_EXIT()),
	CASE("sub64 below zero", 0xfffffffffffffffeULL,
	     SBPF_MOV64_IMM(R0, 3), SBPF_ALU64_IMM(BPF_SUB, R0, 5),
	     SBPF_EXIT()),
	CASE("sub64 reg", 0xfffffffffffffffeULL, SBPF_MOV64_IMM(R0, 3),
	     SBPF_MOV64_IMM(R1, 5), SBPF_ALU64_REG(BPF_SUB, R0, R1),
	     SBPF_EXIT()),
	CASE("sub32 below zero", 0xfffffffeULL, SBPF_MOV64_IMM(R0, 3),
	     SBPF_ALU32_IMM(BPF_SUB, R0, 5), SBPF_EXIT()),
	CASE("sub32 reg", 0xfffffffeULL, SBPF_MOV64_IMM(R0, 3),
	     SBPF_MOV64_IMM(R1, 5), SBPF_ALU32_REG(BPF_SUB, R0, R1),
	     SBPF_EXIT()),
	CASE("mul64", 0x1000000000ULL, SBPF_LD_IMM64(R0, 0x100000000ULL),
	     SBPF_ALU64_IMM(BPF_MUL, R0, 16), SBPF_EXIT()),
	CASE("mul64 negative imm", 0xfffffffffffffffaULL,
	     SBPF_MOV64_IMM(R0, 3), SBPF_ALU64_IMM(BPF_MUL, R0, -2),
	     SBPF_EXIT()),
	CASE("mul64 reg wraps", 0xfffffffe00000001ULL,
	     SBPF_LD_IMM64(R0, 0xffffffffULL), SBPF_LD_IMM64(R1, 0xffffffffULL),
	     SBPF_ALU64_REG(BPF_MUL, R0, R1), SBPF_EXIT()),
	CASE("mul32 wraps to zero", 0, SBPF_MOV64_IMM(R0, 0x10000),
	     SBPF_ALU32_IMM(BPF_MUL, R0, 0x10000), SBPF_EXIT()),
	CASE("mul32 reg", 0xfffffffaULL, SBPF_MOV64_IMM(R0, 3),
	     SBPF_MOV64_IMM(R1, -2), SBPF_ALU32_REG(BPF_MUL, R0, R1),
	     SBPF_EXIT()),

	/* DIV and MOD: unsigned, by zero, by negative immediates. */
	CASE("div64 reg", 14, SBPF_MOV64_IMM(R0, 100), SBPF_MOV64_IMM(R1, 7),
	     SBPF_ALU64_REG(BPF_DIV, R0, R1), SBPF_EXIT()),
	CASE("div64 by zero reg is 0", 0, SBPF_MOV64_IMM(R0, 100),
	     SBPF_MOV64_IMM(R1, 0), SBPF_ALU64_REG(BPF_DIV, R0, R1),
	     SBPF_EXIT()),
	CASE("div64 by zero imm is 0", 0, SBPF_MOV64_IMM(R0, 100),
	     SBPF_ALU64_IMM(BPF_DIV, R0, 0), SBPF_EXIT()),
	CASE("div64 by -1 imm is unsigned", 0, SBPF_MOV64_IMM(R0, 100),
	     SBPF_ALU64_IMM(BPF_DIV, R0, -1), SBPF_EXIT()),
	CASE("div64 unsigned", 0x7fffffffffffffffULL, SBPF_MOV64_IMM(R0, -1),
	     SBPF_ALU64_IMM(BPF_DIV, R0, 2), SBPF_EXIT()),
	CASE("div32 by zero reg is 0", 0, SBPF_LD_IMM64(R0, 0x100000005ULL),
	     SBPF_MOV64_IMM(R1, 0), SBPF_ALU32_REG(BPF_DIV, R0, R1),
	     SBPF_EXIT()),
	CASE("div32 ignores high half of divisor", 0, SBPF_MOV64_IMM(R0, 7),
	     SBPF_LD_IMM64(R1, 0x100000000ULL), SBPF_ALU32_REG(BPF_DIV, R0, R1),
	     SBPF_EXIT()),
	CASE("div32 by -1 imm", 0, SBPF_MOV64_IMM(R0, 100),
	     SBPF_ALU32_IMM(BPF_DIV, R0, -1), SBPF_EXIT()),
	CASE("div32 imm", 0x7fffffffULL, SBPF_MOV32_IMM(R0, -1),
	     SBPF_ALU32_IMM(BPF_DIV, R0, 2), SBPF_EXIT()),
	CASE("div32 by zero imm is 0", 0, SBPF_MOV64_IMM(R0, 9),
	     SBPF_ALU32_IMM(BPF_DIV, R0, 0), SBPF_EXIT()),
	CASE("mod64 reg", 2, SBPF_MOV64_IMM(R0, 100), SBPF_MOV64_IMM(R1, 7),
	     SBPF_ALU64_REG(BPF_MOD, R0, R1), SBPF_EXIT()),
	CASE("mod64 by zero keeps dst", 0x123456789ULL,
	     SBPF_LD_IMM64(R0, 0x123456789ULL), SBPF_MOV64_IMM(R1, 0),
	     SBPF_ALU64_REG(BPF_MOD, R0, R1), SBPF_EXIT()),
	CASE("mod64 by zero imm keeps dst", 0x123456789ULL,
	     SBPF_LD_IMM64(R0, 0x123456789ULL), SBPF_ALU64_IMM(BPF_MOD, R0, 0),
	     SBPF_EXIT()),
	CASE("mod64 imm", 2, SBPF_MOV64_IMM(R0, 17),
	     SBPF_ALU64_IMM(BPF_MOD, R0, 5), SBPF_EXIT()),
	CASE("mod64 by -1 imm is unsigned", 17, SBPF_MOV64_IMM(R0, 17),
	     SBPF_ALU64_IMM(BPF_MOD, R0, -1), SBPF_EXIT()),
	CASE("mod32 by zero keeps low half", 0x23456789ULL,
	     SBPF_LD_IMM64(R0, 0x123456789ULL), SBPF_MOV64_IMM(R1, 0),
	     SBPF_ALU32_REG(BPF_MOD, R0, R1), SBPF_EXIT()),
	CASE("mod32 by 2^32 (low half zero)", 7, SBPF_MOV64_IMM(R0, 7),
	     SBPF_LD_IMM64(R1, 0x100000000ULL), SBPF_ALU32_REG(BPF_MOD, R0, R1),
	     SBPF_EXIT()),
	CASE("mod32 imm unsigned", 5, SBPF_MOV32_IMM(R0, -1),
	     SBPF_ALU32_IMM(BPF_MOD, R0, 10), SBPF_EXIT()),
	CASE("mod32 by zero imm keeps low half", 0x23456789ULL,
	     SBPF_LD_IMM64(R0, 0x123456789ULL), SBPF_ALU32_IMM(BPF_MOD, R0, 0),
	     SBPF_EXIT()),

	/* Bitwise. */
	CASE("or64 imm", 0xff, SBPF_MOV64_IMM(R0, 0xf0),
	     SBPF_ALU64_IMM(BPF_OR, R0, 0x0f), SBPF_EXIT()),
	CASE("or64 reg", 0xff, SBPF_MOV64_IMM(R0, 0xf0),
	     SBPF_MOV64_IMM(R1, 0x0f), SBPF_ALU64_REG(BPF_OR, R0, R1),
	     SBPF_EXIT()),
	CASE("or32 clears high half", 0xff,
	     SBPF_LD_IMM64(R0, 0xffffffff000000f0ULL),
	     SBPF_ALU32_IMM(BPF_OR, R0, 0x0f), SBPF_EXIT()),
	CASE("or32 reg", 0xff, SBPF_MOV64_IMM(R0, 0xf0),
	     SBPF_LD_IMM64(R1, 0xff0000000fULL), SBPF_ALU32_REG(BPF_OR, R0, R1),
	     SBPF_EXIT()),
	CASE("and64 imm sign-extends", 0xffffffff80000000ULL,
	     SBPF_MOV64_IMM(R0, -1), SBPF_ALU64_IMM(BPF_AND, R0, 0x80000000),
	     SBPF_EXIT()),
	CASE("and64 reg", 0x0c, SBPF_MOV64_IMM(R0, 0x0e),
	     SBPF_MOV64_IMM(R1, 0x1c), SBPF_ALU64_REG(BPF_AND, R0, R1),
	     SBPF_EXIT()),
	CASE("and32 imm", 0x80000000ULL, SBPF_MOV64_IMM(R0, -1),
	     SBPF_ALU32_IMM(BPF_AND, R0, 0x80000000), SBPF_EXIT()),
	CASE("and32 reg", 0x0c, SBPF_MOV64_IMM(R0, -2),
	     SBPF_MOV64_IMM(R1, 0x0d), SBPF_ALU32_REG(BPF_AND, R0, R1),
	     SBPF_EXIT()),
	CASE("xor64 imm", 0xffffffffffffff0fULL, SBPF_MOV64_IMM(R0, 0xf0),
	     SBPF_ALU64_IMM(BPF_XOR, R0, -1), SBPF_EXIT()),
	CASE("xor64 reg", 0xf0, SBPF_MOV64_IMM(R0, 0xff),
	     SBPF_MOV64_IMM(R1, 0x0f), SBPF_ALU64_REG(BPF_XOR, R0, R1),
	     SBPF_EXIT()),
	CASE("xor32 imm", 0xffffff0fULL, SBPF_MOV64_IMM(R0, 0xf0),
	     SBPF_ALU32_IMM(BPF_XOR, R0, -1), SBPF_EXIT()),
	CASE("xor32 reg", 0xf0, SBPF_LD_IMM64(R0, 0xffffffff000000ffULL),
	     SBPF_MOV64_IMM(R1, 0x0f), SBPF_ALU32_REG(BPF_XOR, R0, R1),
	     SBPF_EXIT()),

	/* Shifts: masked to the width, ALU32 zero-extends. */
	CASE("lsh64 by 63", 0x8000000000000000ULL, SBPF_MOV64_IMM(R0, 1),
	     SBPF_ALU64_IMM(BPF_LSH, R0, 63), SBPF_EXIT()),
	CASE("lsh64 reg by 65 is by 1", 2, SBPF_MOV64_IMM(R0, 1),
	     SBPF_MOV64_IMM(R1, 65), SBPF_ALU64_REG(BPF_LSH, R0, R1),
	     SBPF_EXIT()),
	CASE("lsh64 reg by 64 is by 0", 1, SBPF_MOV64_IMM(R0, 1),
	     SBPF_MOV64_IMM(R1, 64), SBPF_ALU64_REG(BPF_LSH, R0, R1),
	     SBPF_EXIT()),
	CASE("lsh32 reg by 33 is by 1", 2, SBPF_MOV64_IMM(R0, 1),
	     SBPF_MOV64_IMM(R1, 33), SBPF_ALU32_REG(BPF_LSH, R0, R1),
	     SBPF_EXIT()),
	CASE("lsh32 drops high half", 0x80000000ULL,
	     SBPF_LD_IMM64(R0, 0xffffffff00000001ULL),
	     SBPF_ALU32_IMM(BPF_LSH, R0, 31), SBPF_EXIT()),
	CASE("lsh32 out of the word", 0, SBPF_MOV64_IMM(R0, 2),
	     SBPF_ALU32_IMM(BPF_LSH, R0, 31), SBPF_EXIT()),
	CASE("rsh64 imm", 0xf, SBPF_MOV64_IMM(R0, -1),
	     SBPF_ALU64_IMM(BPF_RSH, R0, 60), SBPF_EXIT()),
	CASE("rsh64 reg by 68 is by 4", 0x0fffffffffffffffULL,
	     SBPF_MOV64_IMM(R0, -1), SBPF_MOV64_IMM(R1, 68),
	     SBPF_ALU64_REG(BPF_RSH, R0, R1), SBPF_EXIT()),
	CASE("rsh32 imm", 0xf, SBPF_MOV64_IMM(R0, -1),
	     SBPF_ALU32_IMM(BPF_RSH, R0, 28), SBPF_EXIT()),
	CASE("rsh32 reg by 36 is by 4", 0x0fffffffULL, SBPF_MOV64_IMM(R0, -1),
	     SBPF_MOV64_IMM(R1, 36), SBPF_ALU32_REG(BPF_RSH, R0, R1),
	     SBPF_EXIT()),
	CASE("arsh64 sign fills", 0xffffffffffffffffULL,
	     SBPF_LD_IMM64(R0, 0x8000000000000000ULL),
	     SBPF_ALU64_IMM(BPF_ARSH, R0, 63), SBPF_EXIT()),
	CASE("arsh64 positive", 1, SBPF_LD_IMM64(R0, 0x4000000000000000ULL),
	     SBPF_ALU64_IMM(BPF_ARSH, R0, 62), SBPF_EXIT()),
	CASE("arsh64 reg by 64 is by 0", 0xfffffffffffffffbULL,
	     SBPF_MOV64_IMM(R0, -5), SBPF_MOV64_IMM(R1, 64),
	     SBPF_ALU64_REG(BPF_ARSH, R0, R1), SBPF_EXIT()),
	CASE("arsh64 reg by 65 is by 1", 0xfffffffffffffffdULL,
	     SBPF_MOV64_IMM(R0, -5), SBPF_MOV64_IMM(R1, 65),
	     SBPF_ALU64_REG(BPF_ARSH, R0, R1), SBPF_EXIT()),
	CASE("arsh32 sign fills then zero-extends", 0xffffffffULL,
	     SBPF_MOV32_IMM(R0, 0x80000000),
	     SBPF_ALU32_IMM(BPF_ARSH, R0, 31), SBPF_EXIT()),
	CASE("arsh32 uses bit 31, not 63", 0x3fffffffULL,
	     SBPF_LD_IMM64(R0, 0xffffffff7fffffffULL),
	     SBPF_ALU32_IMM(BPF_ARSH, R0, 1), SBPF_EXIT()),
	CASE("arsh32 reg by 36 is by 4", 0xf8000000ULL,
	     SBPF_MOV32_IMM(R0, 0x80000000), SBPF_MOV64_IMM(R1, 36),
	     SBPF_ALU32_REG(BPF_ARSH, R0, R1), SBPF_EXIT()),

	/* NEG. */
	CASE("neg64", 0xffffffffffffffffULL, SBPF_MOV64_IMM(R0, 1),
	     SBPF_NEG64(R0), SBPF_EXIT()),
	CASE("neg64 of INT64_MIN", 0x8000000000000000ULL,
	     SBPF_LD_IMM64(R0, 0x8000000000000000ULL), SBPF_NEG64(R0),
	     SBPF_EXIT()),
	CASE("neg32 zero-extends", 0xffffffffULL, SBPF_MOV64_IMM(R0, 1),
	     SBPF_NEG32(R0), SBPF_EXIT()),
	CASE("neg32 of INT32_MIN", 0x80000000ULL,
	     SBPF_LD_IMM64(R0, 0xffffffff80000000ULL), SBPF_NEG32(R0),
	     SBPF_EXIT()),

	/* Byte swaps. */
	CASE("be16", 0x8877, SBPF_LD_IMM64(R0, 0x1122334455667788ULL),
	     SBPF_ENDIAN(BPF_TO_BE, R0, 16), SBPF_EXIT()),
	CASE("be32", 0x88776655ULL, SBPF_LD_IMM64(R0, 0x1122334455667788ULL),
	     SBPF_ENDIAN(BPF_TO_BE, R0, 32), SBPF_EXIT()),
	CASE("be64", 0x8877665544332211ULL,
	     SBPF_LD_IMM64(R0, 0x1122334455667788ULL),
	     SBPF_ENDIAN(BPF_TO_BE, R0, 64), SBPF_EXIT()),
	CASE("le16 truncates", 0x7788, SBPF_LD_IMM64(R0, 0x1122334455667788ULL),
	     SBPF_ENDIAN(BPF_TO_LE, R0, 16), SBPF_EXIT()),
	CASE("le32 truncates", 0x55667788ULL,
	     SBPF_LD_IMM64(R0, 0x1122334455667788ULL),
	     SBPF_ENDIAN(BPF_TO_LE, R0, 32), SBPF_EXIT()),
	CASE("le64", 0x1122334455667788ULL,
	     SBPF_LD_IMM64(R0, 0x1122334455667788ULL),
	     SBPF_ENDIAN(BPF_TO_LE, R0, 64), SBPF_EXIT()),

	/* Jumps, 64-bit. */
	CASE("ja skips", 2, SBPF_MOV64_IMM(R0, 2), SBPF_JMP_A(1),
	     SBPF_MOV64_IMM(R0, 3), SBPF_EXIT()),
	JCASE("jeq imm sign-extends", 1,
	      SBPF_JMP_IMM(BPF_JEQ, R1, -1, 1)),
	JCASE("jeq reg", 0, SBPF_JMP_REG(BPF_JEQ, R1, R2, 1)),
	JCASE("jne imm", 0, SBPF_JMP_IMM(BPF_JNE, R2, 1, 1)),
	JCASE("jne reg", 1, SBPF_JMP_REG(BPF_JNE, R1, R2, 1)),
	JCASE("jgt reg unsigned", 1, SBPF_JMP_REG(BPF_JGT, R1, R2, 1)),
	JCASE("jgt imm", 0, SBPF_JMP_IMM(BPF_JGT, R2, 1, 1)),
	JCASE("jge imm", 1, SBPF_JMP_IMM(BPF_JGE, R2, 1, 1)),
	JCASE("jge reg", 0, SBPF_JMP_REG(BPF_JGE, R2, R1, 1)),
	JCASE("jlt reg", 1, SBPF_JMP_REG(BPF_JLT, R2, R1, 1)),
	JCASE("jlt imm unsigned", 0, SBPF_JMP_IMM(BPF_JLT, R1, 5, 1)),
	JCASE("jle imm", 0, SBPF_JMP_IMM(BPF_JLE, R1, 5, 1)),
	JCASE("jle reg", 1, SBPF_JMP_REG(BPF_JLE, R2, R2, 1)),
	JCASE("jsgt reg signed", 0, SBPF_JMP_REG(BPF_JSGT, R1, R2, 1)),
	JCASE("jsgt imm", 1, SBPF_JMP_IMM(BPF_JSGT, R1, -2, 1)),
	JCASE("jsge imm", 1, SBPF_JMP_IMM(BPF_JSGE, R1, -1, 1)),
	JCASE("jsge reg", 0, SBPF_JMP_REG(BPF_JSGE, R1, R2, 1)),
	JCASE("jslt reg", 1, SBPF_JMP_REG(BPF_JSLT, R1, R2, 1)),
	JCASE("jslt imm", 0, SBPF_JMP_IMM(BPF_JSLT, R2, 1, 1)),
	JCASE("jsle imm", 1, SBPF_JMP_IMM(BPF_JSLE, R1, 5, 1)),
	JCASE("jsle reg", 0, SBPF_JMP_REG(BPF_JSLE, R2, R1, 1)),
	JCASE("jset imm", 1, SBPF_JMP_IMM(BPF_JSET, R2, 3, 1)),
	JCASE("jset imm no common bit", 0, SBPF_JMP_IMM(BPF_JSET, R2, 2, 1)),
	JCASE("jset reg high bits", 1, SBPF_JMP_REG(BPF_JSET, R3, R1, 1)),
	JCASE("jeq64 sees high half", 0, SBPF_JMP_IMM(BPF_JEQ, R3, 0, 1)),
	JCASE("jslt64 of 0x80000000", 0, SBPF_JMP_IMM(BPF_JSLT, R4, 0, 1)),
	JCASE("jgt64 reg high half", 1, SBPF_JMP_REG(BPF_JGT, R5, R2, 1)),
	CASE("backward jump loop sums 1..1000", 500500,
	     SBPF_MOV64_IMM(R0, 0), SBPF_MOV64_IMM(R1, 1000),
	     SBPF_ALU64_REG(BPF_ADD, R0, R1), SBPF_ALU64_IMM(BPF_SUB, R1, 1),
	     SBPF_JMP_IMM(BPF_JNE, R1, 0, -3), SBPF_EXIT()),

	/* Jumps, 32-bit: only the low halves count. */
	JCASE("jeq32 imm ignores high half", 1,
	      SBPF_JMP32_IMM(BPF_JEQ, R3, 0, 1)),
	JCASE("jeq32 imm -1", 1, SBPF_JMP32_IMM(BPF_JEQ, R1, -1, 1)),
	JCASE("jeq32 reg", 1, SBPF_JMP32_REG(BPF_JEQ, R5, R2, 1)),
	JCASE("jne32 imm", 1, SBPF_JMP32_IMM(BPF_JNE, R5, 0, 1)),
	JCASE("jne32 reg", 0, SBPF_JMP32_REG(BPF_JNE, R5, R2, 1)),
	JCASE("jgt32 reg", 0, SBPF_JMP32_REG(BPF_JGT, R5, R2, 1)),
	JCASE("jgt32 imm", 1, SBPF_JMP32_IMM(BPF_JGT, R4, 0x7fffffff, 1)),
	JCASE("jge32 imm", 0, SBPF_JMP32_IMM(BPF_JGE, R3, 1, 1)),
	JCASE("jge32 reg", 1, SBPF_JMP32_REG(BPF_JGE, R5, R2, 1)),
	JCASE("jlt32 imm", 1, SBPF_JMP32_IMM(BPF_JLT, R3, 1, 1)),
	JCASE("jlt32 reg", 1, SBPF_JMP32_REG(BPF_JLT, R3, R2, 1)),
	JCASE("jle32 imm", 1, SBPF_JMP32_IMM(BPF_JLE, R5, 1, 1)),
	JCASE("jle32 reg", 0, SBPF_JMP32_REG(BPF_JLE, R1, R2, 1)),
	JCASE("jsgt32 imm", 1, SBPF_JMP32_IMM(BPF_JSGT, R1, -2, 1)),
	JCASE("jsgt32 reg", 0, SBPF_JMP32_REG(BPF_JSGT, R4, R2, 1)),
	JCASE("jsge32 imm", 0, SBPF_JMP32_IMM(BPF_JSGE, R4, 0, 1)),
	JCASE("jsge32 reg", 1, SBPF_JMP32_REG(BPF_JSGE, R2, R4, 1)),
	JCASE("jslt32 imm of 0x80000000", 1,
	      SBPF_JMP32_IMM(BPF_JSLT, R4, 0, 1)),
	JCASE("jslt32 reg", 0, SBPF_JMP32_REG(BPF_JSLT, R2, R1, 1)),
	JCASE("jsle32 imm", 1, SBPF_JMP32_IMM(BPF_JSLE, R1, -1, 1)),
	JCASE("jsle32 reg", 1, SBPF_JMP32_REG(BPF_JSLE, R4, R1, 1)),
	JCASE("jset32 imm ignores high half", 0,
	      SBPF_JMP32_IMM(BPF_JSET, R3, -1, 1)),
	JCASE("jset32 reg", 1, SBPF_JMP32_REG(BPF_JSET, R5, R2, 1)),

	/* Packet loads (frame byte i = i), unaligned. */
	CASE("ldx b", 12, SBPF_LDX_MEM(BPF_B, R0, R1, 12), SBPF_EXIT()),
	CASE("ldx h unaligned", 0x0e0d, SBPF_LDX_MEM(BPF_H, R0, R1, 13),
	     SBPF_EXIT()),
	CASE("ldx w unaligned", 0x100f0e0dULL,
	     SBPF_LDX_MEM(BPF_W, R0, R1, 13), SBPF_EXIT()),
	CASE("ldx dw unaligned", 0x0807060504030201ULL,
	     SBPF_LDX_MEM(BPF_DW, R0, R1, 1), SBPF_EXIT()),
	CASE("ldx negative offset", 0x3f, SBPF_MOV64_REG(R3, R1),
	     SBPF_ALU64_IMM(BPF_ADD, R3, 64), SBPF_LDX_MEM(BPF_B, R0, R3, -1),
	     SBPF_EXIT()),

	/* Stack stores and loads. */
	CASE("st dw sign-extends imm", 0xffffffffffffffffULL,
	     SBPF_ST_MEM(BPF_DW, R10, -8, -1),
	     SBPF_LDX_MEM(BPF_DW, R0, R10, -8), SBPF_EXIT()),
	CASE("st w", 0xffffffffULL, SBPF_ST_MEM(BPF_W, R10, -4, -1),
	     SBPF_LDX_MEM(BPF_W, R0, R10, -4), SBPF_EXIT()),
	CASE("st h truncates", 0x2345, SBPF_ST_MEM(BPF_H, R10, -2, 0x12345),
	     SBPF_LDX_MEM(BPF_H, R0, R10, -2), SBPF_EXIT()),
	CASE("st b truncates", 0xff, SBPF_ST_MEM(BPF_B, R10, -1, 0x1ff),
	     SBPF_LDX_MEM(BPF_B, R0, R10, -1), SBPF_EXIT()),
	CASE("stx dw then stx b", 0x11223344556677aaULL,
	     SBPF_LD_IMM64(R3, 0x1122334455667788ULL),
	     SBPF_STX_MEM(BPF_DW, R10, R3, -8), SBPF_MOV64_IMM(R4, 0xaa),
	     SBPF_STX_MEM(BPF_B, R10, R4, -8),
	     SBPF_LDX_MEM(BPF_DW, R0, R10, -8), SBPF_EXIT()),
	CASE("stx h", 0x11223344aa667788ULL,
	     SBPF_LD_IMM64(R3, 0x1122334455667788ULL),
	     SBPF_STX_MEM(BPF_DW, R10, R3, -8), SBPF_MOV64_IMM(R4, 0xaa66),
	     SBPF_STX_MEM(BPF_H, R10, R4, -6),
	     SBPF_LDX_MEM(BPF_DW, R0, R10, -8), SBPF_EXIT()),
	CASE("stx w", 0xdeadbeef55667788ULL,
	     SBPF_LD_IMM64(R3, 0x1122334455667788ULL),
	     SBPF_STX_MEM(BPF_DW, R10, R3, -8),
	     SBPF_LD_IMM64(R4, 0x99deadbeefULL),
	     SBPF_STX_MEM(BPF_W, R10, R4, -4),
	     SBPF_LDX_MEM(BPF_DW, R0, R10, -8), SBPF_EXIT()),
	CASE("whole stack is usable", 0x77, SBPF_ST_MEM(BPF_B, R10, -512, 0x77),
	     SBPF_LDX_MEM(BPF_B, R0, R10, -512), SBPF_EXIT()),

	/* Atomics, 64-bit. */
	ATOMIC64_CASE("atomic add64", 15, BPF_ADD, 10, 5, 0, MEM_RET),
	ATOMIC64_CASE("atomic add64 leaves src", 5, BPF_ADD, 10, 5, 0, REG_RET(R1)),
	ATOMIC64_CASE("atomic fetch_add64 old", 10, BPF_ADD | BPF_FETCH, 10,
		      5, 0, REG_RET(R1)),
	ATOMIC64_CASE("atomic fetch_add64 mem", 15, BPF_ADD | BPF_FETCH, 10,
		      5, 0, MEM_RET),
	ATOMIC64_CASE("atomic and64", 0x0c, BPF_AND, 0x0e, 0x1c, 0, MEM_RET),
	ATOMIC64_CASE("atomic fetch_and64", 0x0e, BPF_AND | BPF_FETCH, 0x0e,
		      0x1c, 0, REG_RET(R1)),
	ATOMIC64_CASE("atomic or64", 0x1e, BPF_OR, 0x0e, 0x1c, 0, MEM_RET),
	ATOMIC64_CASE("atomic fetch_or64", 0x0e, BPF_OR | BPF_FETCH, 0x0e,
		      0x1c, 0, REG_RET(R1)),
	ATOMIC64_CASE("atomic xor64", 0x12, BPF_XOR, 0x0e, 0x1c, 0, MEM_RET),
	ATOMIC64_CASE("atomic fetch_xor64", 0x0e, BPF_XOR | BPF_FETCH, 0x0e,
		      0x1c, 0, REG_RET(R1)),
	ATOMIC64_CASE("atomic xchg64 old", 0x100000007ULL, BPF_XCHG,
		      0x100000007ULL, 9, 0, REG_RET(R1)),
	ATOMIC64_CASE("atomic xchg64 mem", 9, BPF_XCHG, 7, 9, 0, MEM_RET),
	ATOMIC64_CASE("cmpxchg64 hit returns old", 0x100000007ULL,
		      BPF_CMPXCHG, 0x100000007ULL, 9, 0x100000007ULL, REG_RET(R0)),
	ATOMIC64_CASE("cmpxchg64 hit writes", 9, BPF_CMPXCHG, 7, 9, 7,
		      MEM_RET),
	ATOMIC64_CASE("cmpxchg64 miss returns old", 7, BPF_CMPXCHG, 7, 9, 8,
		      REG_RET(R0)),
	ATOMIC64_CASE("cmpxchg64 miss keeps mem", 7, BPF_CMPXCHG, 7, 9, 8,
		      MEM_RET),
	ATOMIC64_CASE("cmpxchg64 compares all 64 bits", 7, BPF_CMPXCHG, 7, 9,
		      0x100000007ULL, MEM_RET),

	/* Atomics, 32-bit, on the low word of a u64 (little endian). */
	ATOMIC32_CASE("atomic add32 wraps in the word", 0xaaaaaaaa00000000ULL,
		      BPF_ADD, 0xaaaaaaaaffffffffULL, 1, 0, MEM_RET),
	ATOMIC32_CASE("atomic fetch_add32 zero-extends", 0xffffffffULL,
		      BPF_ADD | BPF_FETCH, 0xaaaaaaaaffffffffULL,
		      0x500000001ULL, 0, REG_RET(R1)),
	ATOMIC32_CASE("atomic and32", 0x1100000004ULL, BPF_AND,
		      0x110000000eULL, 0xffff00000005ULL, 0, MEM_RET),
	ATOMIC32_CASE("atomic fetch_and32", 0x0e, BPF_AND | BPF_FETCH,
		      0x110000000eULL, 5, 0, REG_RET(R1)),
	ATOMIC32_CASE("atomic or32", 0x110000000fULL, BPF_OR,
		      0x110000000eULL, 0x2200000001ULL, 0, MEM_RET),
	ATOMIC32_CASE("atomic fetch_or32", 0x0e, BPF_OR | BPF_FETCH,
		      0x110000000eULL, 1, 0, REG_RET(R1)),
	ATOMIC32_CASE("atomic xor32", 0x110000000bULL, BPF_XOR,
		      0x110000000eULL, 5, 0, MEM_RET),
	ATOMIC32_CASE("atomic fetch_xor32", 0x0e, BPF_XOR | BPF_FETCH,
		      0x110000000eULL, 5, 0, REG_RET(R1)),
	ATOMIC32_CASE("atomic xchg32 old zero-extended", 0xfffffffeULL,
		      BPF_XCHG, 0x33fffffffeULL, 9, 0, REG_RET(R1)),
	ATOMIC32_CASE("atomic xchg32 mem", 0x3300000009ULL, BPF_XCHG,
		      0x33fffffffeULL, 0x4400000009ULL, 0, MEM_RET),
	ATOMIC32_CASE("cmpxchg32 compares low half of r0", 0x3300000009ULL,
		      BPF_CMPXCHG, 0x3300000007ULL, 9, 0xff00000007ULL,
		      MEM_RET),
	ATOMIC32_CASE("cmpxchg32 returns old zero-extended", 0xfffffff7ULL,
		      BPF_CMPXCHG, 0x33fffffff7ULL, 9, 0xfffffffffffffff7ULL,
		      REG_RET(R0)),
	ATOMIC32_CASE("cmpxchg32 miss keeps mem", 0x3300000007ULL,
		      BPF_CMPXCHG, 0x3300000007ULL, 9, 8, MEM_RET),
	ATOMIC32_CASE("cmpxchg32 miss returns old", 7, BPF_CMPXCHG,
		      0x3300000007ULL, 9, 0xff00000008ULL, REG_RET(R0)),

	/* Helpers without maps. */
	CASE("call time_get_ns is not zero", 1,
	     SBPF_CALL(SBPF_FUNC_time_get_ns), SBPF_JMP_IMM(BPF_JNE, R0, 0, 1),
	     SBPF_EXIT(), SBPF_MOV64_IMM(R0, 1), SBPF_EXIT()),
	CASE("call hash is deterministic and uses len", 1,
	     SBPF_MOV64_REG(BPF_REG_6, R1), SBPF_MOV64_IMM(R2, 6),
	     SBPF_CALL(SBPF_FUNC_hash), SBPF_MOV64_REG(BPF_REG_7, R0),
	     SBPF_MOV64_REG(R1, BPF_REG_6), SBPF_MOV64_IMM(R2, 6),
	     SBPF_CALL(SBPF_FUNC_hash), SBPF_MOV64_REG(BPF_REG_8, R0),
	     SBPF_MOV64_REG(R1, BPF_REG_6), SBPF_MOV64_IMM(R2, 5),
	     SBPF_CALL(SBPF_FUNC_hash), SBPF_MOV64_REG(BPF_REG_9, R0),
	     SBPF_MOV64_IMM(R0, 0),
	     SBPF_JMP_REG(BPF_JNE, BPF_REG_7, BPF_REG_8, 2),
	     SBPF_JMP_REG(BPF_JEQ, BPF_REG_7, BPF_REG_9, 1),
	     SBPF_MOV64_IMM(R0, 1), SBPF_EXIT()),
	CASE("call hash fits in 32 bits", 0, SBPF_MOV64_IMM(R2, 8),
	     SBPF_CALL(SBPF_FUNC_hash), SBPF_ALU64_IMM(BPF_RSH, R0, 32),
	     SBPF_EXIT()),
	CASE("call clobbers nothing but r0", 6, SBPF_MOV64_IMM(BPF_REG_6, 6),
	     SBPF_CALL(SBPF_FUNC_time_get_ns), SBPF_MOV64_REG(R0, BPF_REG_6),
	     SBPF_EXIT()),

	/* Faults a verified program cannot reach: loud, return 0. */
	CASE("unknown opcode faults to 0", 0, SBPF_MOV64_IMM(R0, 5),
	     SBPF_RAW_INSN(0xff, 0, 0, 0, 0), SBPF_EXIT()),
	CASE("bad atomic op faults to 0", 0, SBPF_MOV64_IMM(R0, 5),
	     SBPF_ATOMIC(BPF_DW, BPF_SUB, R10, R1, -8), SBPF_EXIT()),
	CASE("misaligned atomic faults to 0", 0, SBPF_MOV64_IMM(R0, 5),
	     SBPF_ATOMIC(BPF_DW, BPF_ADD, R10, R1, -12), SBPF_EXIT()),
	CASE("unknown helper faults to 0", 0, SBPF_MOV64_IMM(R0, 5),
	     SBPF_CALL(99), SBPF_EXIT()),
	CASE("bad byte-swap width faults to 0", 0, SBPF_MOV64_IMM(R0, 5),
	     SBPF_ENDIAN(BPF_TO_BE, R0, 8), SBPF_EXIT()),
};

static void interp_case_desc(const struct interp_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(interp_cases, interp_cases, interp_case_desc);

static u8 test_frame[64];

static u32 case_len(const struct interp_case *c)
{
	u32 n = MAX_CASE_INSNS;

	while (n && !c->insns[n - 1].code)
		n--;
	return n;
}

/*
 * Run @c on @engine; *@declined tells whether the JIT declined it (the
 * run then was the interpreter's).
 */
static u64 run_case_on(struct kunit *test, const struct interp_case *c,
		       int engine, bool *declined)
{
	struct sbpf_prog prog = { 0 };
	char buf[256] = "";
	struct sbpf_verifier_log log = {
		.buf = buf, .size = sizeof(buf), .level = SBPF_LOG_ERRORS,
	};
	u64 v;
	u32 i;

	for (i = 0; i < sizeof(test_frame); i++)
		test_frame[i] = (u8)i;
	prog.insns = (struct bpf_insn *)c->insns;
	prog.len = case_len(c);
	snprintf(prog.name, sizeof(prog.name), "interp_test");
	*declined = sbpf_test_engine_set(&prog, engine, &log) != 0;
	if (*declined)
		KUNIT_FAIL(test, "%s declined: %s", sbpf_engine_names[engine],
			   buf);
	v = sbpf_prog_run(&prog, test_frame, sizeof(test_frame));
	sbpf_test_engine_clear(&prog);
	return v;
}

static u64 run_case(struct kunit *test, const struct interp_case *c)
{
	bool declined;

	return run_case_on(test, c, SBPF_ENGINE_INTERP, &declined);
}

static void interp_case_run(struct kunit *test)
{
	const struct interp_case *c = test->param_value;
	bool declined;
	int k;

	KUNIT_ASSERT_EQ(test, c->insns[case_len(c) - 1].code,
			(u8)(BPF_JMP | BPF_EXIT));
	for (k = 0; k < SBPF_N_ENGINES; k++) {
		KUNIT_EXPECT_EQ_MSG(test, run_case_on(test, c, k, &declined),
				    c->expect, "case: %s, engine: %s",
				    c->name, sbpf_engine_names[k]);
	}
}

/* Every opcode of the instruction table appears in some case. */
static void interp_opcode_coverage(struct kunit *test)
{
#define OPC(name, opcode)	{ #name, opcode },
	static const struct { const char *name; u8 code; } table[] = {
		SBPF_INSN_TABLE(OPC)
	};
#undef OPC
	static const s32 atomic_ops[] = {
#define AOP(name, imm)	imm,
		SBPF_ATOMIC_TABLE(AOP)
#undef AOP
	};
	bool seen[256] = { false }, seen_w[256] = { false },
	     seen_dw[256] = { false };
	u32 i, j;

	for (i = 0; i < ARRAY_SIZE(interp_cases); i++) {
		const struct interp_case *c = &interp_cases[i];

		for (j = 0; j < case_len(c); j++) {
			const struct bpf_insn *in = &c->insns[j];

			seen[in->code] = true;
			if (in->code == (BPF_STX | BPF_ATOMIC | BPF_W))
				seen_w[in->imm & 0xff] = true;
			if (in->code == (BPF_STX | BPF_ATOMIC | BPF_DW))
				seen_dw[in->imm & 0xff] = true;
		}
	}
	for (i = 0; i < ARRAY_SIZE(table); i++)
		KUNIT_EXPECT_TRUE_MSG(test, seen[table[i].code],
				      "no case uses %s", table[i].name);
	for (i = 0; i < ARRAY_SIZE(atomic_ops); i++) {
		KUNIT_EXPECT_TRUE_MSG(test, seen_w[atomic_ops[i]],
				      "no 32-bit case of atomic 0x%x",
				      atomic_ops[i]);
		KUNIT_EXPECT_TRUE_MSG(test, seen_dw[atomic_ops[i]],
				      "no 64-bit case of atomic 0x%x",
				      atomic_ops[i]);
	}
	for (i = 0; i < ARRAY_SIZE(interp_cases); i++)
		for (j = 0; j < case_len(&interp_cases[i]); j++)
			if (interp_cases[i].insns[j].code)
				KUNIT_EXPECT_TRUE_MSG(test,
					sbpf_asm_opcode_known(interp_cases[i].insns[j].code) ||
					!strncmp(interp_cases[i].name, "unknown", 7),
					"case %s uses an opcode outside the table",
					interp_cases[i].name);
}

/* A program runs the same on many threads at once: no shared state. */
static void interp_reentrant(struct kunit *test)
{
	const struct interp_case *loop = NULL;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(interp_cases); i++)
		if (!strcmp(interp_cases[i].name,
			    "backward jump loop sums 1..1000"))
			loop = &interp_cases[i];
	KUNIT_ASSERT_NOT_NULL(test, loop);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, run_case(test, loop), 500500ULL);
}

static struct kunit_case interp_test_cases[] = {
	KUNIT_CASE_PARAM(interp_case_run, interp_cases_gen_params),
	KUNIT_CASE(interp_opcode_coverage),
	KUNIT_CASE(interp_reentrant),
	{}
};

static struct kunit_suite interp_test_suite = {
	.name = "sbpf_interp",
	.test_cases = interp_test_cases,
};

/* ---------------------------------------------------- disassembler -- */

struct disasm_case {
	struct bpf_insn insn[2];
	const char *text;
};

static const struct disasm_case disasm_cases[] = {
	{ { SBPF_LDX_MEM(BPF_B, R0, R1, 12) }, "r0 = *(u8 *)(r1 +12)" },
	{ { SBPF_LDX_MEM(BPF_DW, R3, R10, -8) }, "r3 = *(u64 *)(r10 -8)" },
	{ { SBPF_STX_MEM(BPF_W, R10, R1, -4) }, "*(u32 *)(r10 -4) = r1" },
	{ { SBPF_ST_MEM(BPF_H, R10, -2, 7) }, "*(u16 *)(r10 -2) = 7" },
	{ { SBPF_JMP_IMM(BPF_JGT, R2, 0x22, 3) }, "if r2 > 0x22 goto +3" },
	{ { SBPF_JMP_REG(BPF_JSLE, R2, R3, -4) }, "if r2 s<= r3 goto -4" },
	{ { SBPF_JMP32_IMM(BPF_JSET, R4, 1, 0) }, "if w4 & 0x1 goto +0" },
	{ { SBPF_JMP32_REG(BPF_JNE, R4, R5, 2) }, "if w4 != w5 goto +2" },
	{ { SBPF_JMP_A(-1) }, "goto -1" },
	{ { SBPF_MOV64_IMM(R0, -1) }, "r0 = -1" },
	{ { SBPF_MOV32_REG(R1, R2) }, "w1 = w2" },
	{ { SBPF_ALU64_IMM(BPF_ADD, R1, 5) }, "r1 += 5" },
	{ { SBPF_ALU32_IMM(BPF_ARSH, R1, 4) }, "w1 s>>= 4" },
	{ { SBPF_ALU64_REG(BPF_MOD, R1, R2) }, "r1 %= r2" },
	{ { SBPF_NEG64(R3) }, "r3 = -r3" },
	{ { SBPF_NEG32(R3) }, "w3 = -w3" },
	{ { SBPF_ENDIAN(BPF_TO_BE, R1, 16) }, "r1 = be16 r1" },
	{ { SBPF_ENDIAN(BPF_TO_LE, R1, 64) }, "r1 = le64 r1" },
	{ { SBPF_ATOMIC(BPF_DW, BPF_ADD, R10, R1, -8) },
	  "lock *(u64 *)(r10 -8) += r1" },
	{ { SBPF_ATOMIC(BPF_W, BPF_XOR, R2, R3, 4) },
	  "lock *(u32 *)(r2 +4) ^= w3" },
	{ { SBPF_ATOMIC(BPF_DW, BPF_AND | BPF_FETCH, R10, R1, -8) },
	  "r1 = atomic64_fetch_and((u64 *)(r10 -8), r1)" },
	{ { SBPF_ATOMIC(BPF_W, BPF_XCHG, R10, R1, -8) },
	  "w1 = atomic_xchg((u32 *)(r10 -8), w1)" },
	{ { SBPF_ATOMIC(BPF_DW, BPF_CMPXCHG, R10, R1, -8) },
	  "r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r1)" },
	{ { SBPF_ATOMIC(BPF_DW, BPF_SUB, R10, R1, -8) },
	  "(db) unknown atomic 0x10" },
	{ { SBPF_CALL(SBPF_FUNC_map_lookup) }, "call map_lookup#1" },
	{ { SBPF_CALL(SBPF_FUNC_trace) }, "call trace#7" },
	{ { SBPF_CALL(42) }, "call unknown#42" },
	{ { SBPF_EXIT() }, "exit" },
	{ { SBPF_LD_IMM64(R1, 0x123456789ULL) }, "r1 = 0x123456789 ll" },
	{ { SBPF_LD_MAP(R1, 0) }, "r1 = map[id:0]" },
	{ { SBPF_LD_MAP_VALUE(R2, 3, 8) }, "r2 = map[id:3][0]+8" },
	{ { SBPF_RAW_INSN(0x8e, 0, 0, 0, 0) }, "(8e) unknown opcode" },
	{ { SBPF_RAW_INSN(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 0) },
	  "(20) unknown opcode" },
};

/* KTAP reads '#' as the start of a directive: keep it out of case names. */
static void disasm_case_desc(const struct disasm_case *c, char *desc)
{
	char *p;

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->text);
	for (p = desc; *p; p++)
		if (*p == '#')
			*p = '/';
}

KUNIT_ARRAY_PARAM(disasm_cases, disasm_cases, disasm_case_desc);

static void disasm_case_run(struct kunit *test)
{
	const struct disasm_case *c = test->param_value;
	bool wide = c->insn[0].code == (BPF_LD | BPF_IMM | BPF_DW);
	char buf[SBPF_DISASM_LINE];

	KUNIT_EXPECT_EQ(test, sbpf_disasm_insn(NULL, c->insn, 2, 0, buf,
					       sizeof(buf)), wide ? 2 : 1);
	KUNIT_EXPECT_STREQ(test, buf, c->text);
}

/* A loaded program shows map names and indices, never addresses. */
static void disasm_bound_prog(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_LD_MAP(R1, 1),
		SBPF_LD_MAP_VALUE(R2, 0, 5),
		SBPF_MOV64_IMM(R0, 1),
		SBPF_EXIT(),
	};
	struct sbpf_map_def maps[2] = {
		{ .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 16,
		  .max_entries = 1, .flags = SBPF_F_RDONLY_PROG,
		  .name = ".rodata" },
		{ .type = SBPF_MAP_HASH, .key_size = 4, .value_size = 4,
		  .max_entries = 4, .name = "flows" },
	};
	struct sbpf_image img = { .name = "dis", .insns = insns,
				  .n_insns = ARRAY_SIZE(insns), .maps = maps,
				  .n_maps = 2 };
	char *buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	struct sbpf_prog *prog;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, sbpf_prog_load(&img, NULL, NULL, &prog), 0);
	len = sbpf_disasm_prog(prog, buf, 512);
	KUNIT_EXPECT_STREQ(test, buf,
			   "   0: r1 = map[id:1] (flows)\n"
			   "   2: r2 = map[id:0][0]+5 (.rodata)\n"
			   "   4: r0 = 1\n"
			   "   5: exit\n");
	KUNIT_EXPECT_EQ(test, len, strlen(buf));
	/* Truncation reports the full length and stays terminated. */
	KUNIT_EXPECT_EQ(test, sbpf_disasm_prog(prog, buf, 10), len);
	KUNIT_EXPECT_EQ(test, strlen(buf), (size_t)9);
	KUNIT_EXPECT_EQ(test, sbpf_disasm_insn(prog, prog->insns, prog->len,
					       prog->len, buf, 16), -EINVAL);
	sbpf_prog_free(prog);
}

static struct kunit_case disasm_test_cases[] = {
	KUNIT_CASE_PARAM(disasm_case_run, disasm_cases_gen_params),
	KUNIT_CASE(disasm_bound_prog),
	{}
};

static struct kunit_suite disasm_test_suite = {
	.name = "sbpf_disasm",
	.test_cases = disasm_test_cases,
};

kunit_test_suites(&interp_test_suite, &disasm_test_suite);
