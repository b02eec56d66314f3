/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Shared harness of the verifier suites: a fixed set of maps, the case
 * table layout and the runner.  Each case is {program, expected return,
 * expected log substring}; the runner verifies the program and checks both.
 *
 * Maps of every case (index: definition):
 *   0  hash    key 4, value 16, 64 entries
 *   1  array   key 4, value 8, 4 entries
 *   2  array   key 4, value 48, 1 entry, SBPF_F_RDONLY_PROG (.rodata):
 *              "hit %d\0" at 0, "bad %s\0" at 8, "%d %d %d %d\0" at 16,
 *              "no-nul" filling 40..47 without a terminator
 *   3  bloom   key 4
 *   4  array   key 4, value 64, 2 entries
 */
#ifndef SBPF_VERIFIER_TEST_H
#define SBPF_VERIFIER_TEST_H 1

#include "sbpf_kunit.h"
#include "sbpf_asm.h"
#include "verifier.h"

/*
 * The tables are static initializers: use brace-initializers rather than
 * the assembler's compound literals (not constant expressions in C).
 */
#undef SBPF_RAW_INSN
#define SBPF_RAW_INSN(c, d, s, o, i)				\
	{ .code = (c), .dst_reg = (d), .src_reg = (s),		\
	  .off = (o), .imm = (i) }

#define VT_MAX_INSNS	64
#define VT_NMAPS	5

struct vt_case {
	const char *name;
	struct bpf_insn insns[VT_MAX_INSNS];
	u32 len;
	int ret;		/* 0, -EINVAL, -E2BIG */
	const char *msg;	/* substring of the log, or NULL */
	u32 pkt_read;		/* expected max_pkt_read when accepted, or 0 */
};

#define VT_PROG(...)						\
	.insns = { __VA_ARGS__ },				\
	.len = sizeof((struct bpf_insn[]){ __VA_ARGS__ }) /	\
	       sizeof(struct bpf_insn)

/* Short names for the tables. */
#define R0	BPF_REG_0
#define R1	BPF_REG_1
#define R2	BPF_REG_2
#define R3	BPF_REG_3
#define R4	BPF_REG_4
#define R5	BPF_REG_5
#define R6	BPF_REG_6
#define R7	BPF_REG_7
#define R8	BPF_REG_8
#define R9	BPF_REG_9
#define R10	BPF_REG_10

#define MOV(d, i)	SBPF_MOV64_IMM(d, i)
#define MOVR(d, s)	SBPF_MOV64_REG(d, s)
#define ADDI(d, i)	SBPF_ALU64_IMM(BPF_ADD, d, i)
#define ADDR(d, s)	SBPF_ALU64_REG(BPF_ADD, d, s)
#define LDB(d, s, o)	SBPF_LDX_MEM(BPF_B, d, s, o)
#define LDH(d, s, o)	SBPF_LDX_MEM(BPF_H, d, s, o)
#define LDW(d, s, o)	SBPF_LDX_MEM(BPF_W, d, s, o)
#define LDDW(d, s, o)	SBPF_LDX_MEM(BPF_DW, d, s, o)
#define STDW(d, o, s)	SBPF_STX_MEM(BPF_DW, d, s, o)
#define STW(d, o, s)	SBPF_STX_MEM(BPF_W, d, s, o)
#define STIW(d, o, i)	SBPF_ST_MEM(BPF_W, d, o, i)
#define STIDW(d, o, i)	SBPF_ST_MEM(BPF_DW, d, o, i)
#define JI(op, d, i, o)	SBPF_JMP_IMM(BPF_##op, d, i, o)
#define JR(op, d, s, o)	SBPF_JMP_REG(BPF_##op, d, s, o)
#define EXIT		SBPF_EXIT()
#define CALL(h)		SBPF_CALL(SBPF_FUNC_##h)
/* A parameterised KUnit case running the table name##_cases. */
#define VT_SUITE_CASES(name)						\
	KUNIT_ARRAY_PARAM(name, name##_cases, vt_case_desc);		\
	static void name##_test(struct kunit *test)			\
	{								\
		vt_check_case(test, test->param_value);			\
	}

int vt_run(struct kunit *test, const struct bpf_insn *insns, u32 len,
	   struct sbpf_verifier_stats *stats, char *log, u32 log_size);
void vt_check_case(struct kunit *test, const struct vt_case *c);
void vt_case_desc(const struct vt_case *c, char *desc);

#endif /* SBPF_VERIFIER_TEST_H */
