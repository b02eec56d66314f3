// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite: the verifier, part 1 — the harness (see verifier_test.h),
 * program structure (opcodes, CFG), registers, scalar arithmetic, bounds,
 * pointer rules and address leaks.
 */
#include "verifier_test.h"

/* ---------------------------------------------------------- maps -- */

struct vt_map {
	struct sbpf_map map;		/* first: the verifier sees this */
	u8 data[64];			/* entry 0 of array maps */
};

static void *vt_lookup(struct sbpf_map *map, const void *key)
{
	struct vt_map *m = (struct vt_map *)map;

	if (*(const u32 *)key)
		return NULL;
	return m->data;
}

static const struct sbpf_map_ops vt_ops = {
	.lookup = vt_lookup,
};

#define VT_DEF(t, k, v, n, f) \
	{ .type = (t), .key_size = (k), .value_size = (v), \
	  .max_entries = (n), .flags = (f) }

static struct vt_map vt_maps[VT_NMAPS] = {
	{ { &vt_ops, VT_DEF(SBPF_MAP_HASH, 4, 16, 64, 0) } },
	{ { &vt_ops, VT_DEF(SBPF_MAP_ARRAY, 4, 8, 4, 0) } },
	{ { &vt_ops, VT_DEF(SBPF_MAP_ARRAY, 4, 48, 1, SBPF_F_RDONLY_PROG) },
	  "hit %d\0\0" "bad %s\0\0" "%d %d %d %d\0"
	  "\0\0\0\0\0\0\0\0\0\0\0\0" "no-nul!!" },
	{ { &vt_ops, VT_DEF(SBPF_MAP_BLOOM, 4, 0, 1024, 0) } },
	{ { &vt_ops, VT_DEF(SBPF_MAP_ARRAY, 4, 64, 2, 0) } },
};

/* --------------------------------------------------------- runner -- */

int vt_run(struct kunit *test, const struct bpf_insn *insns, u32 len,
	   struct sbpf_verifier_stats *stats, char *log, u32 log_size)
{
	struct sbpf_map *maps[VT_NMAPS];
	struct sbpf_verifier_log vlog = {
		.buf = log, .size = log_size, .level = SBPF_LOG_ERRORS,
	};
	struct sbpf_prog prog;
	u32 i;

	for (i = 0; i < VT_NMAPS; i++)
		maps[i] = &vt_maps[i].map;
	memset(&prog, 0, sizeof(prog));
	prog.insns = (struct bpf_insn *)insns;
	prog.len = len;
	prog.n_maps = VT_NMAPS;
	prog.maps = maps;
	return sbpf_verify(&prog, log ? &vlog : NULL, stats);
}

void vt_check_case(struct kunit *test, const struct vt_case *c)
{
	struct sbpf_verifier_stats stats;
	char *log;
	int ret;

	log = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, log);
	ret = vt_run(test, c->insns, c->len, &stats, log, 4096);
	KUNIT_EXPECT_EQ_MSG(test, ret, c->ret, "%s: log:\n%s", c->name, log);
	if (c->msg)
		KUNIT_EXPECT_TRUE_MSG(test, strstr(log, c->msg) != NULL,
				      "%s: expected \"%s\" in log:\n%s",
				      c->name, c->msg, log);
	if (!c->ret && c->pkt_read)
		KUNIT_EXPECT_EQ_MSG(test, stats.max_pkt_read, c->pkt_read,
				    "%s", c->name);
	/* "processed N insns, M states" is always reported */
	KUNIT_EXPECT_TRUE(test, strstr(log, "processed ") != NULL);
	KUNIT_EXPECT_GT(test, stats.insns_processed + (c->ret ? 1 : 0), 0U);
}

void vt_case_desc(const struct vt_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

/* ----------------------------------------------- structure cases -- */

static const struct vt_case structure_cases[] = {
	{ "minimal program", VT_PROG(MOV(R0, 1), EXIT), 0, "accepted" },
	{ "empty program", .len = 0, .ret = -EINVAL, .msg = "empty program" },
	{ "unknown opcode 0xff",
	  VT_PROG(SBPF_RAW_INSN(0xff, 0, 0, 0, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "insn 0: (ff) unknown opcode: unknown opcode 0xff" },
	{ "legacy LD_ABS is not in the ISA",
	  VT_PROG(SBPF_RAW_INSN(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, 12),
		  MOV(R0, 0), EXIT),
	  -EINVAL, "unknown opcode 0x30" },
	{ "register number 11",
	  VT_PROG(SBPF_MOV64_IMM(11, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "invalid register number" },
	{ "write to r10",
	  VT_PROG(SBPF_MOV64_IMM(R10, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R10 is read-only" },
	{ "load into r10",
	  VT_PROG(LDDW(R10, R10, -8), MOV(R0, 0), EXIT),
	  -EINVAL, "R10 is read-only" },
	{ "alu imm with src_reg set",
	  VT_PROG(SBPF_RAW_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 0, 1, 0, 1),
		  MOV(R0, 0), EXIT),
	  -EINVAL, "reserved field src_reg is not 0" },
	{ "alu with off set (sdiv of v4)",
	  VT_PROG(MOV(R0, 1),
		  SBPF_RAW_INSN(BPF_ALU64 | BPF_DIV | BPF_K, 0, 0, 1, 1),
		  EXIT),
	  -EINVAL, "reserved field off is not 0" },
	{ "division by constant zero",
	  VT_PROG(MOV(R0, 1), SBPF_ALU64_IMM(BPF_DIV, R0, 0), EXIT),
	  -EINVAL, "division by zero" },
	{ "modulo by constant zero",
	  VT_PROG(MOV(R0, 1), SBPF_ALU32_IMM(BPF_MOD, R0, 0), EXIT),
	  -EINVAL, "division by zero" },
	{ "shift by 64",
	  VT_PROG(MOV(R0, 1), SBPF_ALU64_IMM(BPF_LSH, R0, 64), EXIT),
	  -EINVAL, "invalid shift 64" },
	{ "32-bit shift by 32",
	  VT_PROG(MOV(R0, 1), SBPF_ALU32_IMM(BPF_RSH, R0, 32), EXIT),
	  -EINVAL, "invalid shift 32" },
	{ "byte swap of 24 bits",
	  VT_PROG(MOV(R0, 1), SBPF_ENDIAN(BPF_TO_BE, R0, 24), EXIT),
	  -EINVAL, "invalid byte swap width 24" },
	{ "unknown helper 99",
	  VT_PROG(SBPF_CALL(99), EXIT),
	  -EINVAL, "unknown helper 99" },
	{ "helper 0",
	  VT_PROG(SBPF_CALL(0), EXIT),
	  -EINVAL, "unknown helper 0" },
	{ "bpf-to-bpf call",
	  VT_PROG(SBPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 1, 0, 1), MOV(R0, 0), EXIT,
		  MOV(R0, 1), EXIT),
	  -EINVAL, "calls to BPF functions are not supported" },
	{ "exit with fields set",
	  VT_PROG(MOV(R0, 0), SBPF_RAW_INSN(BPF_JMP | BPF_EXIT, 1, 0, 0, 0)),
	  -EINVAL, "reserved fields are not 0" },
	{ "unknown atomic operation",
	  VT_PROG(STIDW(R10, -8, 0), MOV(R1, 1),
		  SBPF_ATOMIC(BPF_DW, BPF_SUB, R10, R1, -8), MOV(R0, 0), EXIT),
	  -EINVAL, "unknown atomic operation 0x10" },
	{ "LD_IMM64 as last insn",
	  VT_PROG(MOV(R0, 0), EXIT,
		  SBPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, 0, 0, 0, 1)),
	  -EINVAL, "LD_IMM64 pair broken" },
	{ "LD_IMM64 second half with an opcode",
	  VT_PROG(SBPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, 0, 0, 0, 1),
		  MOV(R0, 0), EXIT),
	  -EINVAL, "LD_IMM64 pair broken" },
	{ "LD_IMM64 with unknown source 3",
	  VT_PROG(SBPF_LD_IMM64_RAW(R0, 3, 0, 0), EXIT),
	  -EINVAL, "unsupported LD_IMM64 source 3" },
	{ "map reference out of range",
	  VT_PROG(SBPF_LD_MAP(R1, 5), MOV(R0, 0), EXIT),
	  -EINVAL, "map reference 5 out of range (5 maps)" },
	{ "map value reference into a hash map",
	  VT_PROG(SBPF_LD_MAP_VALUE(R1, 0, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "which is not an array" },
	{ "map value reference past value_size",
	  VT_PROG(SBPF_LD_MAP_VALUE(R1, 2, 48), MOV(R0, 0), EXIT),
	  -EINVAL, "offset 48 outside value_size 48" },
	{ "jump into the middle of LD_IMM64",
	  VT_PROG(JI(JEQ, R2, 0, 1), SBPF_LD_IMM64(R0, 1), EXIT),
	  -EINVAL, "jump into the middle of a 64-bit immediate load" },
	{ "jump past the end",
	  VT_PROG(JI(JEQ, R2, 0, 5), MOV(R0, 0), EXIT),
	  -EINVAL, "jump to 6 out of the program" },
	{ "jump before the start",
	  VT_PROG(MOV(R0, 0), SBPF_JMP_A(-3), EXIT),
	  -EINVAL, "jump to -1 out of the program" },
	{ "falls off the end",
	  VT_PROG(MOV(R0, 0)),
	  -EINVAL, "insn 0: r0 = 0: control falls off the end" },
	{ "conditional falls off the end",
	  VT_PROG(MOV(R0, 0), JI(JEQ, R2, 0, -2)),
	  -EINVAL, "control falls off the end" },
	{ "unreachable instruction",
	  VT_PROG(MOV(R0, 0), EXIT, MOV(R0, 1), EXIT),
	  -EINVAL, "insn 2: r0 = 1: unreachable instruction" },
	{ "unreachable after unconditional jump",
	  VT_PROG(MOV(R0, 0), SBPF_JMP_A(1), MOV(R0, 1), EXIT),
	  -EINVAL, "insn 2: r0 = 1: unreachable" },
	{ "too long",
	  .len = SBPF_MAX_INSNS + 1, .ret = -E2BIG, .msg = "exceeds 4096" },
	{ "every atomic operation on a map value",
	  VT_PROG(SBPF_LD_MAP_VALUE(R6, 4, 0), MOV(R1, 1),
		  SBPF_ATOMIC(BPF_DW, BPF_ADD, R6, R1, 0),
		  SBPF_ATOMIC(BPF_DW, BPF_AND, R6, R1, 8),
		  SBPF_ATOMIC(BPF_DW, BPF_OR, R6, R1, 16),
		  SBPF_ATOMIC(BPF_DW, BPF_XOR, R6, R1, 24),
		  SBPF_ATOMIC(BPF_W, BPF_ADD | BPF_FETCH, R6, R1, 32),
		  SBPF_ATOMIC(BPF_W, BPF_AND | BPF_FETCH, R6, R1, 36),
		  SBPF_ATOMIC(BPF_W, BPF_OR | BPF_FETCH, R6, R1, 40),
		  SBPF_ATOMIC(BPF_W, BPF_XOR | BPF_FETCH, R6, R1, 44),
		  SBPF_ATOMIC(BPF_DW, BPF_XCHG, R6, R1, 48),
		  MOV(R0, 0),
		  SBPF_ATOMIC(BPF_DW, BPF_CMPXCHG, R6, R1, 56),
		  EXIT), 0, "accepted" },
};

/* ------------------------------------------------ register cases -- */

static const struct vt_case register_cases[] = {
	{ "r0 uninitialized at exit", VT_PROG(EXIT),
	  -EINVAL, "insn 0: exit: R0 is not initialized" },
	{ "read of uninitialized r3",
	  VT_PROG(MOVR(R0, R3), EXIT), -EINVAL, "R3 is not initialized" },
	{ "alu on uninitialized r4",
	  VT_PROG(ADDI(R4, 1), MOV(R0, 0), EXIT), -EINVAL, "R4 is not initialized" },
	{ "compare of uninitialized r5",
	  VT_PROG(JI(JEQ, R5, 0, 0), MOV(R0, 0), EXIT), -EINVAL,
	  "R5 is not initialized" },
	{ "store of uninitialized r6",
	  VT_PROG(STDW(R10, -8, R6), MOV(R0, 0), EXIT), -EINVAL,
	  "R6 is not initialized" },
	{ "r2 is the frame length: a scalar",
	  VT_PROG(MOVR(R0, R2), EXIT), 0, NULL },
	{ "r1 after a call",
	  VT_PROG(MOVR(R6, R1), CALL(time_get_ns), LDB(R0, R1, 0), EXIT),
	  -EINVAL, "R1 is not readable: clobbered by the call at insn 1" },
	{ "r5 after a call",
	  VT_PROG(MOV(R5, 1), CALL(time_get_ns), MOVR(R0, R5), EXIT),
	  -EINVAL, "R5 is not readable: clobbered by the call at insn 1" },
	{ "r3 passed through a call",
	  VT_PROG(MOV(R3, 1), CALL(time_get_ns), ADDR(R0, R3), EXIT),
	  -EINVAL, "R3 is not readable: clobbered by the call at insn 1" },
	{ "callee-saved r6-r9 survive a call",
	  VT_PROG(MOV(R6, 1), MOV(R7, 2), MOV(R8, 3), MOV(R9, 4),
		  CALL(time_get_ns), ADDR(R6, R7), ADDR(R6, R8),
		  ADDR(R6, R9), MOVR(R0, R6), EXIT), 0, NULL },
	{ "r0 of an integer helper is a scalar",
	  VT_PROG(CALL(time_get_ns), EXIT), 0, NULL },
	{ "packet pointer returned",
	  VT_PROG(MOVR(R0, R1), EXIT), -EINVAL,
	  "R0 is a packet pointer at exit: programs return a scalar (address leak)" },
	{ "stack pointer returned",
	  VT_PROG(MOVR(R0, R10), EXIT), -EINVAL,
	  "R0 is a stack pointer at exit" },
	{ "map handle returned",
	  VT_PROG(SBPF_LD_MAP(R0, 1), EXIT), -EINVAL,
	  "R0 is a map handle at exit" },
	{ "packet end pointer returned",
	  VT_PROG(MOVR(R0, R1), ADDR(R0, R2), EXIT), -EINVAL,
	  "R0 is a packet end pointer at exit" },
	{ "map value returned",
	  VT_PROG(SBPF_LD_MAP_VALUE(R0, 4, 8), EXIT), -EINVAL,
	  "R0 is a map value pointer at exit" },
	{ "lookup result returned",
	  VT_PROG(STIW(R10, -4, 0), MOVR(R2, R10), ADDI(R2, -4),
		  SBPF_LD_MAP(R1, 0), CALL(map_lookup), EXIT), -EINVAL,
	  "R0 is a map value pointer or null at exit" },
	{ "null lookup result returned is fine",
	  VT_PROG(STIW(R10, -4, 0), MOVR(R2, R10), ADDI(R2, -4),
		  SBPF_LD_MAP(R1, 0), CALL(map_lookup), JI(JNE, R0, 0, 1),
		  EXIT, MOV(R0, 1), EXIT), 0, NULL },
	{ "pointer hidden by 32-bit move",
	  VT_PROG(SBPF_MOV32_REG(R0, R10), EXIT), -EINVAL,
	  "R10 32-bit move of a stack pointer would leak an address" },
};

/* ------------------------------------------------- scalar cases -- */

static const struct vt_case scalar_cases[] = {
	{ "all 64-bit alu ops on scalars",
	  VT_PROG(MOVR(R0, R2), ADDI(R0, 3),
		  SBPF_ALU64_IMM(BPF_SUB, R0, 1),
		  SBPF_ALU64_IMM(BPF_MUL, R0, 3),
		  SBPF_ALU64_IMM(BPF_DIV, R0, 2),
		  SBPF_ALU64_IMM(BPF_MOD, R0, 1000),
		  SBPF_ALU64_IMM(BPF_OR, R0, 1),
		  SBPF_ALU64_IMM(BPF_AND, R0, 0xff),
		  SBPF_ALU64_IMM(BPF_XOR, R0, 0x0f),
		  SBPF_ALU64_IMM(BPF_LSH, R0, 3),
		  SBPF_ALU64_IMM(BPF_RSH, R0, 1),
		  SBPF_ALU64_IMM(BPF_ARSH, R0, 1),
		  SBPF_NEG64(R0),
		  SBPF_ALU64_REG(BPF_DIV, R0, R2),
		  SBPF_ALU64_REG(BPF_MOD, R0, R2),
		  SBPF_ALU64_REG(BPF_LSH, R0, R2),
		  EXIT), 0, NULL },
	{ "all 32-bit alu ops on scalars",
	  VT_PROG(SBPF_MOV32_REG(R0, R2), SBPF_ALU32_IMM(BPF_ADD, R0, 3),
		  SBPF_ALU32_IMM(BPF_SUB, R0, 1),
		  SBPF_ALU32_IMM(BPF_MUL, R0, 3),
		  SBPF_ALU32_IMM(BPF_DIV, R0, 2),
		  SBPF_ALU32_IMM(BPF_MOD, R0, 1000),
		  SBPF_ALU32_IMM(BPF_OR, R0, 1),
		  SBPF_ALU32_IMM(BPF_AND, R0, 0xff),
		  SBPF_ALU32_IMM(BPF_XOR, R0, 0x0f),
		  SBPF_ALU32_IMM(BPF_LSH, R0, 3),
		  SBPF_ALU32_IMM(BPF_RSH, R0, 1),
		  SBPF_ALU32_IMM(BPF_ARSH, R0, 1),
		  SBPF_NEG32(R0),
		  SBPF_ENDIAN(BPF_TO_BE, R0, 16),
		  SBPF_ENDIAN(BPF_TO_LE, R0, 32),
		  SBPF_ENDIAN(BPF_TO_BE, R0, 64),
		  EXIT), 0, NULL },
	/* Each check below proves a bound by using it as a packet offset. */
	{ "and-mask bounds an offset",
	  VT_PROG(JI(JGE, R2, 64, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU64_IMM(BPF_AND, R3, 63),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), 0, NULL, 64 },
	{ "and-mask one too wide",
	  VT_PROG(JI(JGE, R2, 64, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU64_IMM(BPF_AND, R3, 127),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), -EINVAL,
	  "R1 packet pointer, off 0+[0,127] size 1 exceeds proven length 64" },
	{ "rsh bounds an offset",
	  VT_PROG(JI(JGE, R2, 64, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU64_IMM(BPF_RSH, R3, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), 0, NULL, 64 },
	{ "u8 load times 4 is at most 1020",
	  VT_PROG(JI(JGE, R2, 1021, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU64_IMM(BPF_LSH, R3, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), 0, NULL, 1021 },
	{ "u8 load times 4 needs 1021 bytes",
	  VT_PROG(JI(JGE, R2, 1020, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU64_IMM(BPF_LSH, R3, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), -EINVAL,
	  "exceeds proven length 1020" },
	{ "unsigned upper bound from jgt",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), JI(JGT, R3, 99, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT), 0, NULL, 100 },
	{ "off by one: jgt 100 allows 100",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), JI(JGT, R3, 100, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT), -EINVAL,
	  "off 0+[0,100] size 1 exceeds proven length 100" },
	{ "signed 32-bit check does not bound an unsigned value",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDW(R3, R1, 0),
		  SBPF_JMP32_IMM(BPF_JSGT, R3, 99, 2), ADDR(R1, R3),
		  LDB(R0, R1, 0), MOV(R0, 0), EXIT), -EINVAL,
	  "R3 unbounded scalar (range [0, 4294967295]) added to a packet pointer" },
	{ "signed/unsigned confusion: jsgt on a 64-bit value",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDW(R3, R1, 0), SBPF_ALU64_IMM(BPF_LSH, R3, 32),
		  SBPF_ALU64_IMM(BPF_ARSH, R3, 32),
		  JI(JSGT, R3, 99, 2), ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 unbounded scalar" },
	{ "signed lower and upper bound make it safe",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDW(R3, R1, 0), SBPF_ALU64_IMM(BPF_LSH, R3, 32),
		  SBPF_ALU64_IMM(BPF_ARSH, R3, 32),
		  JI(JSGT, R3, 99, 3), JI(JSLT, R3, 0, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT), 0, NULL, 100 },
	{ "jlt with a register bound",
	  VT_PROG(JI(JGE, R2, 50, 2), MOV(R0, 0), EXIT, MOV(R4, 50), LDB(R3, R1, 0),
		  JR(JLT, R3, R4, 2), MOV(R0, 0), EXIT, ADDR(R1, R3), LDB(R0, R1, 0),
		  EXIT), 0, NULL, 50 },
	{ "jge register bound on the wrong side",
	  VT_PROG(JI(JGE, R2, 50, 2), MOV(R0, 0), EXIT, MOV(R4, 50), LDB(R3, R1, 0),
		  JR(JGE, R3, R4, 2), MOV(R0, 0), EXIT, ADDR(R1, R3), LDB(R0, R1, 0),
		  EXIT), -EINVAL, "exceeds proven length 50" },
	{ "jmp32 bounds the low half only",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDDW(R3, R1, 0), SBPF_JMP32_IMM(BPF_JGT, R3, 99, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT), -EINVAL,
	  "R3 unbounded scalar" },
	{ "jmp32 on a zero-extended value bounds it",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDW(R3, R1, 0), SBPF_JMP32_IMM(BPF_JGT, R3, 99, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT), 0, NULL, 100 },
	{ "w-register arithmetic stays bounded",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU32_IMM(BPF_AND, R3, 31),
		  SBPF_ALU32_IMM(BPF_ADD, R3, 3), ADDR(R1, R3), LDB(R0, R1, 0),
		  EXIT), 0, NULL, 35 },
	{ "32-bit subtraction wraps",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU32_IMM(BPF_SUB, R3, 1),
		  SBPF_ALU64_IMM(BPF_AND, R3, 0xffff),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), -EINVAL,
	  "off 0+[0,65535] size 1 exceeds proven length 100" },
	{ "jeq makes a constant",
	  VT_PROG(JI(JGE, R2, 20, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), JI(JNE, R3, 10, 2),
		  ADDR(R1, R3), LDB(R0, R1, 9), MOV(R0, 0), EXIT), 0, NULL, 20 },
	{ "jne shaves the top",
	  VT_PROG(JI(JGE, R2, 255, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), JI(JEQ, R3, 255, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT), 0, NULL, 255 },
	{ "jset clear keeps bits clear",
	  VT_PROG(JI(JGE, R2, 128, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), JI(JSET, R3, 0x80, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT), 0, NULL, 128 },
	{ "mod by constant bounds",
	  VT_PROG(JI(JGE, R2, 16, 2), MOV(R0, 0), EXIT, LDW(R3, R1, 0), SBPF_ALU64_IMM(BPF_MOD, R3, 16),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), 0, NULL, 16 },
	{ "div by a register may keep the dividend",
	  VT_PROG(JI(JGE, R2, 256, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), LDB(R4, R1, 1),
		  SBPF_ALU64_REG(BPF_DIV, R3, R4), ADDR(R1, R3),
		  LDB(R0, R1, 0), EXIT), 0, NULL, 256 },
	{ "mod by a register that may be zero keeps the dividend",
	  VT_PROG(JI(JGE, R2, 256, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), LDB(R4, R1, 1),
		  SBPF_ALU64_REG(BPF_MOD, R3, R4), ADDR(R1, R3),
		  LDB(R0, R1, 0), EXIT), 0, NULL, 256 },
	{ "multiplication overflow is unbounded",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDDW(R3, R1, 0), SBPF_ALU64_IMM(BPF_MUL, R3, 3),
		  SBPF_ALU64_IMM(BPF_AND, R3, 7), ADDR(R1, R3), LDB(R0, R1, 0),
		  EXIT), 0, NULL, 8 },
	{ "addition overflow is caught",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDDW(R3, R1, 0), JI(JLT, R3, 10, 4),
		  ADDI(R3, 10), JI(JGT, R3, 20, 2),
		  ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT), 0, NULL, 21 },
	{ "negative offset by subtraction below zero",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU64_IMM(BPF_SUB, R3, 10),
		  JI(JGT, R3, 50, 2), ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT),
	  0, NULL, 51 },
	{ "signed negative offset rejected",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), SBPF_ALU64_IMM(BPF_SUB, R3, 10),
		  JI(JSGT, R3, 50, 2), ADDR(R1, R3), LDB(R0, R1, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 unbounded scalar (range [-10, 18446744073709551615])" },
	{ "variable shift is unknown",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), LDB(R4, R1, 1),
		  SBPF_ALU64_REG(BPF_LSH, R3, R4), SBPF_ALU64_IMM(BPF_AND, R3, 63),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), 0, NULL, 64 },
	{ "byte swap of an unknown u16 stays 16-bit",
	  VT_PROG(JI(JGE, R2, 65535, 2), MOV(R0, 0), EXIT, LDH(R3, R1, 12), SBPF_ENDIAN(BPF_TO_BE, R3, 16),
		  ADDR(R1, R3), LDB(R0, R1, 0), EXIT), -EINVAL,
	  "exceeds proven length 65535" },
	{ "copies share bounds (find equal scalars)",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), MOVR(R4, R3),
		  JI(JGT, R3, 99, 2), ADDR(R1, R4), LDB(R0, R1, 0), MOV(R0, 0), EXIT),
	  0, NULL, 100 },
	{ "a copy changed after the copy does not share bounds",
	  VT_PROG(JI(JGE, R2, 100, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), MOVR(R4, R3), ADDI(R4, 1),
		  JI(JGT, R3, 99, 2), ADDR(R1, R4), LDB(R0, R1, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "off 0+[1,256] size 1 exceeds proven length 100" },
	{ "dead branch is not explored",
	  VT_PROG(MOV(R3, 5), JI(JGT, R3, 4, 1), LDDW(R0, R10, -8),
		  MOV(R0, 0), EXIT), 0, NULL },
	{ "live branch is explored",
	  VT_PROG(MOV(R3, 5), JI(JGT, R3, 5, 1), LDDW(R0, R10, -8),
		  MOV(R0, 0), EXIT), -EINVAL, "R10 reads uninitialized stack byte fp-8" },
};

/* ------------------------------------------------ pointer cases -- */

static const struct vt_case pointer_cases[] = {
	{ "pointer minus pointer",
	  VT_PROG(MOVR(R3, R1), SBPF_ALU64_REG(BPF_SUB, R3, R1), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 -= R1: arithmetic between two pointers is not allowed" },
	{ "pointer plus pointer",
	  VT_PROG(MOVR(R3, R10), ADDR(R3, R1), MOV(R0, 0), EXIT),
	  -EINVAL, "arithmetic between two pointers" },
	{ "pointer multiplied",
	  VT_PROG(MOVR(R3, R1), SBPF_ALU64_IMM(BPF_MUL, R3, 2), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 pointer arithmetic with *=: only += and -= of a scalar" },
	{ "pointer and-masked",
	  VT_PROG(MOVR(R3, R10), SBPF_ALU64_IMM(BPF_AND, R3, -8), MOV(R0, 0), EXIT),
	  -EINVAL, "pointer arithmetic with &=" },
	{ "pointer xor",
	  VT_PROG(MOVR(R3, R1), SBPF_ALU64_IMM(BPF_XOR, R3, 1), MOV(R0, 0), EXIT),
	  -EINVAL, "pointer arithmetic with ^=" },
	{ "pointer negated",
	  VT_PROG(MOVR(R3, R1), SBPF_NEG64(R3), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 negation applied to a packet pointer" },
	{ "pointer byte-swapped",
	  VT_PROG(MOVR(R3, R1), SBPF_ENDIAN(BPF_TO_BE, R3, 64), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 byte swap applied to a packet pointer" },
	{ "32-bit add to a pointer",
	  VT_PROG(MOVR(R3, R1), SBPF_ALU32_IMM(BPF_ADD, R3, 1), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 32-bit arithmetic on a packet pointer" },
	{ "scalar minus pointer",
	  VT_PROG(MOV(R3, 0), SBPF_ALU64_REG(BPF_SUB, R3, R10), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 -= with the stack pointer R10: only scalar += pointer" },
	{ "scalar plus pointer is a pointer",
	  VT_PROG(JI(JGE, R2, 4, 2), MOV(R0, 0), EXIT, MOV(R3, 2), ADDR(R3, R1), LDB(R0, R3, 1),
		  EXIT), 0, NULL, 4 },
	{ "arithmetic on a map handle",
	  VT_PROG(SBPF_LD_MAP(R3, 1), ADDI(R3, 8), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 arithmetic on a map handle is not allowed" },
	{ "arithmetic on the packet end",
	  VT_PROG(MOVR(R3, R1), ADDR(R3, R2), ADDI(R3, -4), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 arithmetic on a packet end pointer is not allowed" },
	{ "arithmetic on a lookup result before the null check",
	  VT_PROG(STIW(R10, -4, 0), MOVR(R2, R10), ADDI(R2, -4),
		  SBPF_LD_MAP(R1, 0), CALL(map_lookup), ADDI(R0, 4), MOV(R0, 0), EXIT),
	  -EINVAL, "R0 arithmetic on a map value pointer that may be null" },
	{ "pointer offset overflow",
	  VT_PROG(MOVR(R3, R10), SBPF_LD_IMM64(R4, 0x40000000ULL), ADDR(R3, R4),
		  MOV(R0, 0), EXIT),
	  -EINVAL, "R3 pointer offset 1073741824 out of range" },
	{ "pointer compared with a scalar",
	  VT_PROG(MOVR(R3, R1), JI(JGT, R3, 100, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 packet pointer compared with a scalar: only == 0 and != 0" },
	{ "pointer compared with the frame length",
	  VT_PROG(JR(JGT, R1, R2, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R1 packet pointer compared with a scalar" },
	{ "pointer compared with 0 is decided",
	  VT_PROG(JI(JEQ, R10, 0, 2), MOV(R0, 0), EXIT, LDDW(R0, R10, -8), EXIT),
	  0, NULL },
	{ "pointers of different kinds compared",
	  VT_PROG(JR(JGT, R1, R10, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R1 packet pointer compared with R10 stack pointer: pointers of different kinds" },
	{ "map handle compared with a map handle",
	  VT_PROG(SBPF_LD_MAP(R3, 1), SBPF_LD_MAP(R4, 1), JR(JEQ, R3, R4, 0),
		  MOV(R0, 0), EXIT), -EINVAL, "comparison of a map handle with another pointer" },
	{ "signed comparison of packet pointers",
	  VT_PROG(MOVR(R3, R1), ADDI(R3, 4), JR(JSGT, R3, R1, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R3 signed comparison of pointers" },
	{ "32-bit comparison of a pointer",
	  VT_PROG(SBPF_JMP32_IMM(BPF_JEQ, R1, 0, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R1 32-bit comparison of a packet pointer" },
	{ "bit test of a pointer",
	  VT_PROG(JI(JSET, R10, 4, 0), MOV(R0, 0), EXIT),
	  -EINVAL, "R10 bit test of a stack pointer" },
	{ "stack pointers compare by offset",
	  VT_PROG(MOVR(R3, R10), ADDI(R3, -8), JR(JGT, R3, R10, 2), MOV(R0, 0), EXIT,
		  LDDW(R0, R10, -16), EXIT), 0, NULL },
	{ "a map handle is not forged from a constant",
	  VT_PROG(MOV(R1, 0), STIW(R10, -4, 0), MOVR(R2, R10), ADDI(R2, -4),
		  CALL(map_lookup), MOV(R0, 0), EXIT),
	  -EINVAL, "R1 argument 1 of map_lookup must be a map reference, not a scalar" },
	{ "a map handle is not a map value pointer",
	  VT_PROG(SBPF_LD_MAP_VALUE(R1, 4, 0), STIW(R10, -4, 0), MOVR(R2, R10),
		  ADDI(R2, -4), CALL(map_lookup), MOV(R0, 0), EXIT),
	  -EINVAL, "R1 argument 1 of map_lookup must be a map reference, not a map value pointer" },
	{ "a map handle is not read from a map value",
	  VT_PROG(SBPF_LD_MAP_VALUE(R3, 4, 0), LDDW(R1, R3, 0),
		  STIW(R10, -4, 0), MOVR(R2, R10), ADDI(R2, -4),
		  CALL(map_lookup), MOV(R0, 0), EXIT),
	  -EINVAL, "must be a map reference, not a scalar" },
	{ "a map handle is not dereferenced",
	  VT_PROG(SBPF_LD_MAP(R3, 1), LDDW(R0, R3, 0), EXIT),
	  -EINVAL, "R3 invalid memory access: R3 is a map handle" },
	{ "a scalar is not dereferenced",
	  VT_PROG(MOV(R3, 4096), LDDW(R0, R3, 0), EXIT),
	  -EINVAL, "R3 invalid memory access: R3 is a scalar" },
	{ "the packet end is not dereferenced",
	  VT_PROG(MOVR(R3, R1), ADDR(R3, R2), LDB(R0, R3, -1), EXIT),
	  -EINVAL, "R3 invalid memory access: R3 is a packet end pointer" },
	{ "a map handle survives a spill",
	  VT_PROG(SBPF_LD_MAP(R1, 1), STDW(R10, -16, R1), STIW(R10, -4, 0),
		  MOVR(R2, R10), ADDI(R2, -4), LDDW(R1, R10, -16),
		  CALL(map_lookup), MOV(R0, 0), EXIT), 0, NULL },
};

VT_SUITE_CASES(structure)
VT_SUITE_CASES(register)
VT_SUITE_CASES(scalar)
VT_SUITE_CASES(pointer)

static struct kunit_case verifier_cases[] = {
	KUNIT_CASE_PARAM(structure_test, structure_gen_params),
	KUNIT_CASE_PARAM(register_test, register_gen_params),
	KUNIT_CASE_PARAM(scalar_test, scalar_gen_params),
	KUNIT_CASE_PARAM(pointer_test, pointer_gen_params),
	{}
};

static struct kunit_suite verifier_suite = {
	.name = "sbpf_verifier",
	.test_cases = verifier_cases,
};
kunit_test_suite(verifier_suite);
