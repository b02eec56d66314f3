/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The instruction set, declared once.
 *
 * SBPF_INSN_TABLE(X) calls X(name, opcode) for every opcode the core
 * accepts: everything clang emits for -mcpu=v1..v3 (RFC 9669 minus the
 * legacy packet-access LD_ABS/LD_IND, the v4 additions and BPF-to-BPF
 * calls).  The interpreter builds its dispatch table from it, the verifier
 * its opcode check, the disassembler and the test assembler their opcode
 * lists.  An opcode not listed here does not exist for Sluice.
 *
 * Atomic operations share the opcodes BPF_STX|BPF_ATOMIC|{W,DW}; the
 * operation is in imm and is checked against SBPF_ATOMIC_TABLE.
 */
#ifndef SBPF_INSN_TABLE_H
#define SBPF_INSN_TABLE_H 1

/* One ALU operation with an immediate and a register source. */
#define SBPF_ALU_KX(X, cls, CLS, op, OP)			\
	X(cls##_##op##_K, BPF_##CLS | BPF_##OP | BPF_K)		\
	X(cls##_##op##_X, BPF_##CLS | BPF_##OP | BPF_X)

#define SBPF_ALU_CLASS(X, cls, CLS)				\
	SBPF_ALU_KX(X, cls, CLS, ADD, ADD)			\
	SBPF_ALU_KX(X, cls, CLS, SUB, SUB)			\
	SBPF_ALU_KX(X, cls, CLS, MUL, MUL)			\
	SBPF_ALU_KX(X, cls, CLS, DIV, DIV)			\
	SBPF_ALU_KX(X, cls, CLS, MOD, MOD)			\
	SBPF_ALU_KX(X, cls, CLS, OR, OR)			\
	SBPF_ALU_KX(X, cls, CLS, AND, AND)			\
	SBPF_ALU_KX(X, cls, CLS, XOR, XOR)			\
	SBPF_ALU_KX(X, cls, CLS, LSH, LSH)			\
	SBPF_ALU_KX(X, cls, CLS, RSH, RSH)			\
	SBPF_ALU_KX(X, cls, CLS, ARSH, ARSH)			\
	SBPF_ALU_KX(X, cls, CLS, MOV, MOV)			\
	X(cls##_NEG, BPF_##CLS | BPF_NEG | BPF_K)

/* One conditional jump with an immediate and a register operand. */
#define SBPF_JMP_KX(X, cls, CLS, op)				\
	X(cls##_##op##_K, BPF_##CLS | BPF_##op | BPF_K)		\
	X(cls##_##op##_X, BPF_##CLS | BPF_##op | BPF_X)

#define SBPF_JMP_CONDS(X, cls, CLS)				\
	SBPF_JMP_KX(X, cls, CLS, JEQ)				\
	SBPF_JMP_KX(X, cls, CLS, JNE)				\
	SBPF_JMP_KX(X, cls, CLS, JGT)				\
	SBPF_JMP_KX(X, cls, CLS, JGE)				\
	SBPF_JMP_KX(X, cls, CLS, JLT)				\
	SBPF_JMP_KX(X, cls, CLS, JLE)				\
	SBPF_JMP_KX(X, cls, CLS, JSGT)				\
	SBPF_JMP_KX(X, cls, CLS, JSGE)				\
	SBPF_JMP_KX(X, cls, CLS, JSLT)				\
	SBPF_JMP_KX(X, cls, CLS, JSLE)				\
	SBPF_JMP_KX(X, cls, CLS, JSET)

#define SBPF_MEM_SIZES(X, cls, CLS, MODE)			\
	X(cls##_B,  BPF_##CLS | BPF_##MODE | BPF_B)		\
	X(cls##_H,  BPF_##CLS | BPF_##MODE | BPF_H)		\
	X(cls##_W,  BPF_##CLS | BPF_##MODE | BPF_W)		\
	X(cls##_DW, BPF_##CLS | BPF_##MODE | BPF_DW)

#define SBPF_INSN_TABLE(X)					\
	SBPF_ALU_CLASS(X, ALU64, ALU64)				\
	SBPF_ALU_CLASS(X, ALU, ALU)				\
	X(ALU_END_TO_LE, BPF_ALU | BPF_END | BPF_TO_LE)		\
	X(ALU_END_TO_BE, BPF_ALU | BPF_END | BPF_TO_BE)		\
	X(JMP_JA, BPF_JMP | BPF_JA)				\
	SBPF_JMP_CONDS(X, JMP, JMP)				\
	SBPF_JMP_CONDS(X, JMP32, JMP32)				\
	X(JMP_CALL, BPF_JMP | BPF_CALL)				\
	X(JMP_EXIT, BPF_JMP | BPF_EXIT)				\
	X(LD_IMM_DW, BPF_LD | BPF_IMM | BPF_DW)			\
	SBPF_MEM_SIZES(X, LDX_MEM, LDX, MEM)			\
	SBPF_MEM_SIZES(X, ST_MEM, ST, MEM)			\
	SBPF_MEM_SIZES(X, STX_MEM, STX, MEM)			\
	X(STX_ATOMIC_W,  BPF_STX | BPF_ATOMIC | BPF_W)		\
	X(STX_ATOMIC_DW, BPF_STX | BPF_ATOMIC | BPF_DW)

/*
 * Atomic operations (the imm of BPF_STX|BPF_ATOMIC): X(name, imm).
 * FETCH variants return the old value in src_reg; CMPXCHG compares with r0
 * and returns the old value in r0.
 */
#define SBPF_ATOMIC_TABLE(X)					\
	X(ADD,       BPF_ADD)					\
	X(AND,       BPF_AND)					\
	X(OR,        BPF_OR)					\
	X(XOR,       BPF_XOR)					\
	X(FETCH_ADD, BPF_ADD | BPF_FETCH)			\
	X(FETCH_AND, BPF_AND | BPF_FETCH)			\
	X(FETCH_OR,  BPF_OR | BPF_FETCH)			\
	X(FETCH_XOR, BPF_XOR | BPF_FETCH)			\
	X(XCHG,      BPF_XCHG)					\
	X(CMPXCHG,   BPF_CMPXCHG)

#endif /* SBPF_INSN_TABLE_H */
