// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite: the instruction table of the BPF core
 * (datapath/bpf/insn_table.h) against an independent classification of all
 * 256 opcodes, written from RFC 9669.
 *
 * The interpreter, the verifier's opcode check and the disassembler are all
 * generated from that table, so an opcode missing from it (or present but
 * not part of the -mcpu=v1..v3 instruction set) changes which programs
 * Sluice accepts.  The oracle below spells every field with the raw numbers
 * of the RFC rather than the <linux/bpf.h> macros the table is written with,
 * so a wrong macro in the table cannot hide behind the same macro here.
 */
#include "sbpf_kunit.h"
#include "sbpf_platform.h"
#include "insn_table.h"

struct opc_entry {
	const char *name;
	unsigned int code;
};

#define SBPF_TEST_OPC(name, code) { #name, code },
static const struct opc_entry opc_table[] = {
	SBPF_INSN_TABLE(SBPF_TEST_OPC)
};

#define SBPF_TEST_ATOMIC(name, imm) { #name, imm },
static const struct opc_entry atomic_table[] = {
	SBPF_ATOMIC_TABLE(SBPF_TEST_ATOMIC)
};

/*
 * RFC 9669 minus what Sluice leaves out (legacy LD_ABS/LD_IND, the v4
 * additions: ALU64 byte swap, JMP32 JA, sign-extending loads; "callx").
 * Opcode layout: class in bits 0-2; for ALU/JMP the source bit 3 and the
 * operation in bits 4-7; for loads and stores the size in bits 3-4 and the
 * mode in bits 5-7.
 */
static bool rfc9669_v3_opcode(unsigned int code)
{
	unsigned int cls = code & 0x07;
	unsigned int src = code & 0x08;
	unsigned int op = code & 0xf0;
	unsigned int mode = code & 0xe0;
	unsigned int size = code & 0x18;

	switch (cls) {
	case 0x04:	/* ALU */
	case 0x07:	/* ALU64 */
		if (op == 0x80)		/* NEG has no source operand */
			return !src;
		if (op == 0xd0)		/* END: 32-bit class only before v4 */
			return cls == 0x04;
		return op <= 0xc0;	/* ADD .. ARSH */
	case 0x05:	/* JMP */
	case 0x06:	/* JMP32 */
		/* JA, CALL, EXIT: JMP class, immediate form only. */
		if (op == 0x00 || op == 0x80 || op == 0x90)
			return cls == 0x05 && !src;
		return op <= 0xd0;	/* JEQ .. JSLE */
	case 0x00:	/* LD: only the 64-bit immediate load */
		return code == 0x18;
	case 0x01:	/* LDX */
		return mode == 0x60;	/* MEM, any size */
	case 0x02:	/* ST */
		return mode == 0x60;
	case 0x03:	/* STX */
		if (mode == 0x60)
			return true;
		/* ATOMIC, 32 and 64 bits only. */
		return mode == 0xc0 && (size == 0x00 || size == 0x18);
	}
	return false;
}

static bool same_name(const char *a, const char *b)
{
	size_t la = strlen(a);

	return la == strlen(b) && !memcmp(a, b, la);
}

static bool has_prefix(const char *s, const char *prefix)
{
	size_t ls = strlen(s), lp = strlen(prefix);

	return ls >= lp && !memcmp(s, prefix, lp);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !memcmp(s + ls - lx, suffix, lx);
}

static void opcodes_unique(struct kunit *test)
{
	unsigned int seen[256] = { 0 };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(opc_table); i++) {
		KUNIT_ASSERT_LT(test, opc_table[i].code, 256U);
		seen[opc_table[i].code]++;
		KUNIT_EXPECT_EQ_MSG(test, seen[opc_table[i].code], 1U,
				    "opcode 0x%02x (%s) listed twice",
				    opc_table[i].code, opc_table[i].name);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_FALSE_MSG(test,
					       same_name(opc_table[i].name,
							 opc_table[j].name),
					       "name %s used twice",
					       opc_table[i].name);
	}
}

static void opcodes_all_valid(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opc_table); i++)
		KUNIT_EXPECT_TRUE_MSG(test,
				      rfc9669_v3_opcode(opc_table[i].code),
				      "%s = 0x%02x is not a v1..v3 opcode",
				      opc_table[i].name, opc_table[i].code);
}

static void opcodes_complete(struct kunit *test)
{
	unsigned int code, n_valid = 0;
	bool listed;
	size_t i;

	for (code = 0; code < 256; code++) {
		if (!rfc9669_v3_opcode(code))
			continue;
		n_valid++;
		listed = false;
		for (i = 0; i < ARRAY_SIZE(opc_table); i++)
			listed |= opc_table[i].code == code;
		KUNIT_EXPECT_TRUE_MSG(test, listed,
				      "opcode 0x%02x missing from the table",
				      code);
	}
	/*
	 * 2 x (12 ALU ops x K/X + NEG) + 2 END + JA + 2 x 11 x 2 conditional
	 * jumps + CALL + EXIT + LD_IMM64 + 3 x 4 sizes + 2 atomics.
	 */
	KUNIT_EXPECT_EQ(test, n_valid, 114U);
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(opc_table), (size_t)n_valid);
}

/* Each name says what the opcode is: class prefix, then K/X or size. */
static void opcode_names_match_fields(struct kunit *test)
{
	static const struct {
		const char *prefix;
		unsigned int cls;
	} classes[] = {
		/* Longer prefixes first: "ALU64_" before "ALU_" etc. */
		{ "ALU64_", 0x07 }, { "ALU_", 0x04 },
		{ "JMP32_", 0x06 }, { "JMP_", 0x05 },
		{ "LDX_", 0x01 }, { "LD_", 0x00 },
		{ "STX_", 0x03 }, { "ST_", 0x02 },
	};
	static const struct {
		const char *suffix;
		unsigned int size;
	} sizes[] = {
		{ "_W", 0x00 }, { "_H", 0x08 }, { "_B", 0x10 }, { "_DW", 0x18 },
	};
	size_t i, c, s;

	for (i = 0; i < ARRAY_SIZE(opc_table); i++) {
		const char *name = opc_table[i].name;
		unsigned int code = opc_table[i].code;
		bool found = false;

		for (c = 0; c < ARRAY_SIZE(classes) && !found; c++) {
			if (!has_prefix(name, classes[c].prefix))
				continue;
			found = true;
			KUNIT_EXPECT_EQ_MSG(test, code & 0x07, classes[c].cls,
					    "%s = 0x%02x: wrong class", name,
					    code);
		}
		KUNIT_EXPECT_TRUE_MSG(test, found, "%s: no class prefix",
				      name);

		if ((code & 0x07) >= 0x04) {	/* ALU, JMP, JMP32, ALU64 */
			if (has_suffix(name, "_K") || has_suffix(name, "_LE"))
				KUNIT_EXPECT_EQ_MSG(test, code & 0x08, 0U,
						    "%s = 0x%02x", name, code);
			else if (has_suffix(name, "_X") ||
				 has_suffix(name, "_BE"))
				KUNIT_EXPECT_EQ_MSG(test, code & 0x08, 0x08U,
						    "%s = 0x%02x", name, code);
			continue;
		}
		found = false;
		for (s = 0; s < ARRAY_SIZE(sizes) && !found; s++) {
			if (!has_suffix(name, sizes[s].suffix))
				continue;
			found = true;
			KUNIT_EXPECT_EQ_MSG(test, code & 0x18, sizes[s].size,
					    "%s = 0x%02x: wrong size", name,
					    code);
		}
		KUNIT_EXPECT_TRUE_MSG(test, found, "%s: no size suffix", name);
	}
}

/* A few opcodes spelled out in RFC 9669's tables. */
static void opcode_spot_values(struct kunit *test)
{
	static const struct opc_entry want[] = {
		{ "ALU64_ADD_K", 0x07 },	{ "ALU64_MOV_X", 0xbf },
		{ "ALU64_NEG", 0x87 },		{ "ALU64_MOD_K", 0x97 },
		{ "ALU_ARSH_X", 0xcc },		{ "ALU_END_TO_LE", 0xd4 },
		{ "ALU_END_TO_BE", 0xdc },	{ "JMP_JA", 0x05 },
		{ "JMP_JSET_K", 0x45 },		{ "JMP_CALL", 0x85 },
		{ "JMP_EXIT", 0x95 },		{ "JMP32_JSLE_X", 0xde },
		{ "LD_IMM_DW", 0x18 },		{ "LDX_MEM_B", 0x71 },
		{ "ST_MEM_DW", 0x7a },		{ "STX_MEM_W", 0x63 },
		{ "STX_ATOMIC_W", 0xc3 },	{ "STX_ATOMIC_DW", 0xdb },
	};
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		bool found = false;

		for (j = 0; j < ARRAY_SIZE(opc_table); j++) {
			if (!same_name(opc_table[j].name, want[i].name))
				continue;
			found = true;
			KUNIT_EXPECT_EQ_MSG(test, opc_table[j].code,
					    want[i].code, "%s", want[i].name);
		}
		KUNIT_EXPECT_TRUE_MSG(test, found, "%s missing", want[i].name);
	}
}

/* The atomic operations of RFC 9669 (imm field), and nothing else. */
static void atomic_ops(struct kunit *test)
{
	static const struct opc_entry want[] = {
		{ "ADD", 0x00 },	{ "OR", 0x40 },
		{ "AND", 0x50 },	{ "XOR", 0xa0 },
		{ "FETCH_ADD", 0x01 },	{ "FETCH_OR", 0x41 },
		{ "FETCH_AND", 0x51 },	{ "FETCH_XOR", 0xa1 },
		{ "XCHG", 0xe1 },	{ "CMPXCHG", 0xf1 },
	};
	size_t i, j;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(atomic_table), ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(atomic_table); i++) {
		bool found = false;

		for (j = 0; j < ARRAY_SIZE(want); j++) {
			if (!same_name(atomic_table[i].name, want[j].name))
				continue;
			found = true;
			KUNIT_EXPECT_EQ_MSG(test, atomic_table[i].code,
					    want[j].code, "%s", want[j].name);
		}
		KUNIT_EXPECT_TRUE_MSG(test, found, "unexpected atomic op %s",
				      atomic_table[i].name);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE_MSG(test, atomic_table[i].code,
					    atomic_table[j].code,
					    "imm 0x%02x listed twice",
					    atomic_table[i].code);
	}
}

static struct kunit_case insn_opcodes_cases[] = {
	KUNIT_CASE(opcodes_unique),
	KUNIT_CASE(opcodes_all_valid),
	KUNIT_CASE(opcodes_complete),
	KUNIT_CASE(opcode_names_match_fields),
	KUNIT_CASE(opcode_spot_values),
	KUNIT_CASE(atomic_ops),
	{}
};

static struct kunit_suite insn_opcodes_suite = {
	.name = "sbpf_insn_opcodes",
	.test_cases = insn_opcodes_cases,
};
kunit_test_suite(insn_opcodes_suite);
