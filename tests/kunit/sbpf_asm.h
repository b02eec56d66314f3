/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Instruction-building macros for tests: each expands to one struct
 * bpf_insn initialiser (SBPF_LD_IMM64, SBPF_LD_MAP and SBPF_LD_MAP_VALUE to
 * two), usable in static arrays:
 *
 *	static const struct bpf_insn prog[] = {
 *		SBPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 12),
 *		SBPF_JMP_IMM(BPF_JGT, BPF_REG_0, 0x22, 1),
 *		SBPF_MOV64_IMM(BPF_REG_0, 1),
 *		SBPF_EXIT(),
 *	};
 *
 * Operation arguments are the UAPI values (BPF_ADD, BPF_JEQ, BPF_W, ...),
 * so tables of cases can carry them as data.  sbpf_asm_opcode_known() says
 * whether an opcode is in the instruction table (insn_table.h); tests use
 * it to make sure what they build is what the core declares.
 */
#ifndef SBPF_ASM_H
#define SBPF_ASM_H 1

#include "sbpf_platform.h"
#include "insn_table.h"

#define SBPF_RAW_INSN(c, d, s, o, i)				\
	((struct bpf_insn) {					\
		.code = (c), .dst_reg = (d), .src_reg = (s),	\
		.off = (o), .imm = (i) })

/* ALU: op is BPF_ADD, BPF_SUB, ..., BPF_MOV. */
#define SBPF_ALU64_REG(op, dst, src)				\
	SBPF_RAW_INSN(BPF_ALU64 | (op) | BPF_X, dst, src, 0, 0)
#define SBPF_ALU64_IMM(op, dst, imm)				\
	SBPF_RAW_INSN(BPF_ALU64 | (op) | BPF_K, dst, 0, 0, imm)
#define SBPF_ALU32_REG(op, dst, src)				\
	SBPF_RAW_INSN(BPF_ALU | (op) | BPF_X, dst, src, 0, 0)
#define SBPF_ALU32_IMM(op, dst, imm)				\
	SBPF_RAW_INSN(BPF_ALU | (op) | BPF_K, dst, 0, 0, imm)
#define SBPF_MOV64_REG(dst, src)	SBPF_ALU64_REG(BPF_MOV, dst, src)
#define SBPF_MOV64_IMM(dst, imm)	SBPF_ALU64_IMM(BPF_MOV, dst, imm)
#define SBPF_MOV32_REG(dst, src)	SBPF_ALU32_REG(BPF_MOV, dst, src)
#define SBPF_MOV32_IMM(dst, imm)	SBPF_ALU32_IMM(BPF_MOV, dst, imm)
#define SBPF_NEG64(dst)			\
	SBPF_RAW_INSN(BPF_ALU64 | BPF_NEG | BPF_K, dst, 0, 0, 0)
#define SBPF_NEG32(dst)			\
	SBPF_RAW_INSN(BPF_ALU | BPF_NEG | BPF_K, dst, 0, 0, 0)

/* Byte swap: type BPF_TO_LE or BPF_TO_BE, bits 16, 32 or 64. */
#define SBPF_ENDIAN(type, dst, bits)				\
	SBPF_RAW_INSN(BPF_ALU | BPF_END | (type), dst, 0, 0, bits)

/* Memory: size is BPF_B, BPF_H, BPF_W or BPF_DW. */
#define SBPF_LDX_MEM(size, dst, src, off)			\
	SBPF_RAW_INSN(BPF_LDX | BPF_MEM | (size), dst, src, off, 0)
#define SBPF_STX_MEM(size, dst, src, off)			\
	SBPF_RAW_INSN(BPF_STX | BPF_MEM | (size), dst, src, off, 0)
#define SBPF_ST_MEM(size, dst, off, imm)			\
	SBPF_RAW_INSN(BPF_ST | BPF_MEM | (size), dst, 0, off, imm)

/* Atomics: size BPF_W or BPF_DW, op BPF_ADD, BPF_ADD | BPF_FETCH, ... */
#define SBPF_ATOMIC(size, op, dst, src, off)			\
	SBPF_RAW_INSN(BPF_STX | BPF_ATOMIC | (size), dst, src, off, op)

/* A comma-separated list of instructions, as one macro argument. */
#define SBPF_INSN_LIST(...)	__VA_ARGS__

/* 64-bit immediate: two instructions. */
#define SBPF_LD_IMM64_RAW(dst, src, imm_lo, imm_hi)		\
	SBPF_INSN_LIST(						\
		SBPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, \
			      (s32)(u32)(imm_lo)),		\
		SBPF_RAW_INSN(0, 0, 0, 0, (s32)(u32)(imm_hi)))
#define SBPF_LD_IMM64(dst, imm)					\
	SBPF_LD_IMM64_RAW(dst, 0, (u64)(imm), (u64)(imm) >> 32)
/* Map handle of the image's map number idx. */
#define SBPF_LD_MAP(dst, idx)					\
	SBPF_LD_IMM64_RAW(dst, BPF_PSEUDO_MAP_FD, idx, 0)
/* Pointer to byte off of entry 0's value of array map number idx. */
#define SBPF_LD_MAP_VALUE(dst, idx, off)			\
	SBPF_LD_IMM64_RAW(dst, BPF_PSEUDO_MAP_VALUE, idx, off)

/* Jumps: op is BPF_JEQ, BPF_JGT, ...; off relative to the next insn. */
#define SBPF_JMP_REG(op, dst, src, off)				\
	SBPF_RAW_INSN(BPF_JMP | (op) | BPF_X, dst, src, off, 0)
#define SBPF_JMP_IMM(op, dst, imm, off)				\
	SBPF_RAW_INSN(BPF_JMP | (op) | BPF_K, dst, 0, off, imm)
#define SBPF_JMP32_REG(op, dst, src, off)			\
	SBPF_RAW_INSN(BPF_JMP32 | (op) | BPF_X, dst, src, off, 0)
#define SBPF_JMP32_IMM(op, dst, imm, off)			\
	SBPF_RAW_INSN(BPF_JMP32 | (op) | BPF_K, dst, 0, off, imm)
#define SBPF_JMP_A(off)						\
	SBPF_RAW_INSN(BPF_JMP | BPF_JA, 0, 0, off, 0)

/* Helper call (enum sbpf_helper_id) and exit. */
#define SBPF_CALL(helper)					\
	SBPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define SBPF_EXIT()						\
	SBPF_RAW_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/**
 * sbpf_asm_opcode_known() - is @code in the instruction table?
 * @code: the opcode byte.
 *
 * Return: true if insn_table.h declares @code.
 */
static inline bool sbpf_asm_opcode_known(u8 code)
{
#define SBPF_ASM_OPCODE(name, opcode)	opcode,
	static const u8 known[] = { SBPF_INSN_TABLE(SBPF_ASM_OPCODE) };
#undef SBPF_ASM_OPCODE
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i] == code)
			return true;
	return false;
}

#endif /* SBPF_ASM_H */
