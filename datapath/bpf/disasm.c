// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Disassembler (see disasm.h for the syntax).  Which opcodes exist comes
 * from SBPF_INSN_TABLE and SBPF_ATOMIC_TABLE; the text of each comes from
 * its fields (class, operation, source, size), as the kernel's
 * verifier log prints them.
 */
#include "sbpf.h"
#include "insn_table.h"
#include "disasm.h"
#include "map_internal.h"

static bool opcode_known(u8 code)
{
#define SBPF_DISASM_OPCODE(name, opcode)	opcode,
	static const u8 known[] = { SBPF_INSN_TABLE(SBPF_DISASM_OPCODE) };
#undef SBPF_DISASM_OPCODE
	u32 i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i] == code)
			return true;
	return false;
}

static bool atomic_known(s32 imm)
{
#define SBPF_DISASM_ATOMIC(name, op)	op,
	static const s32 known[] = { SBPF_ATOMIC_TABLE(SBPF_DISASM_ATOMIC) };
#undef SBPF_DISASM_ATOMIC
	u32 i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i] == imm)
			return true;
	return false;
}

/* Indexed by BPF_OP(code) >> 4. */
static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=",	[BPF_SUB >> 4] = "-=",
	[BPF_MUL >> 4] = "*=",	[BPF_DIV >> 4] = "/=",
	[BPF_OR >> 4] = "|=",	[BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=",	[BPF_RSH >> 4] = ">>=",
	[BPF_MOD >> 4] = "%=",	[BPF_XOR >> 4] = "^=",
	[BPF_MOV >> 4] = "=",	[BPF_ARSH >> 4] = "s>>=",
};

static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==",	[BPF_JGT >> 4] = ">",
	[BPF_JGE >> 4] = ">=",	[BPF_JSET >> 4] = "&",
	[BPF_JNE >> 4] = "!=",	[BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<",
	[BPF_JLE >> 4] = "<=",	[BPF_JSLT >> 4] = "s<",
	[BPF_JSLE >> 4] = "s<=",
};

/* Indexed by BPF_SIZE(code) >> 3. */
static const char *const sizes[4] = { "u32", "u16", "u8", "u64" };

static const char *atomic_op_name(s32 op)
{
	switch (op & ~BPF_FETCH) {
	case BPF_ADD:
		return "add";
	case BPF_AND:
		return "and";
	case BPF_OR:
		return "or";
	case BPF_XOR:
		return "xor";
	}
	return "?";
}

/* The map a bound or raw reference points at, and the offset into it. */
static int map_ref(const struct sbpf_prog *prog, const struct bpf_insn *insn,
		   u32 *off)
{
	u64 imm = (u64)(u32)insn[0].imm | ((u64)(u32)insn[1].imm << 32);
	u32 i;

	*off = insn->src_reg == BPF_PSEUDO_MAP_VALUE ? (u32)insn[1].imm : 0;
	if (!prog || imm < prog->n_maps)
		return (u32)insn[0].imm;	/* raw: map index */
	for (i = 0; i < prog->n_maps; i++) {
		struct sbpf_map *m = prog->maps[i];
		u8 *v;

		if (insn->src_reg == BPF_PSEUDO_MAP_FD) {
			if ((u64)(uintptr_t)m == imm)
				return i;
			continue;
		}
		v = sbpf_array_value(m, 0);
		if (v && imm >= (u64)(uintptr_t)v &&
		    imm < (u64)(uintptr_t)v + m->def.value_size) {
			*off = (u32)(imm - (u64)(uintptr_t)v);
			return i;
		}
	}
	return -1;
}

static void print_ld_imm64(const struct sbpf_prog *prog,
			   const struct bpf_insn *insn, char *buf, size_t size)
{
	u64 imm = (u64)(u32)insn[0].imm | ((u64)(u32)insn[1].imm << 32);
	const char *name = "";
	u32 off;
	int idx;

	if (insn->src_reg != BPF_PSEUDO_MAP_FD &&
	    insn->src_reg != BPF_PSEUDO_MAP_VALUE) {
		snprintf(buf, size, "r%u = 0x%llx ll", insn->dst_reg,
			 (unsigned long long)imm);
		return;
	}
	idx = map_ref(prog, insn, &off);
	if (idx < 0) {
		snprintf(buf, size, "r%u = map[?]", insn->dst_reg);
		return;
	}
	if (prog && (u32)idx < prog->n_maps && prog->maps[idx]->def.name[0])
		name = prog->maps[idx]->def.name;
	if (insn->src_reg == BPF_PSEUDO_MAP_FD)
		snprintf(buf, size, "r%u = map[id:%d]%s%s%s", insn->dst_reg,
			 idx, *name ? " (" : "", name, *name ? ")" : "");
	else
		snprintf(buf, size, "r%u = map[id:%d][0]+%u%s%s%s",
			 insn->dst_reg, idx, off, *name ? " (" : "", name,
			 *name ? ")" : "");
}

static void print_atomic(const struct bpf_insn *insn, char *buf,
			 size_t size)
{
	bool dw = BPF_SIZE(insn->code) == BPF_DW;
	const char *sz = dw ? "u64" : "u32";
	const char *fn = dw ? "atomic64" : "atomic";
	char r = dw ? 'r' : 'w';

	if (!atomic_known(insn->imm))
		snprintf(buf, size, "(%02x) unknown atomic 0x%x", insn->code,
			 insn->imm);
	else if (insn->imm == BPF_CMPXCHG)
		snprintf(buf, size, "%c0 = %s_cmpxchg((%s *)(r%u %+d), %c0, %c%u)",
			 r, fn, sz, insn->dst_reg, insn->off, r, r,
			 insn->src_reg);
	else if (insn->imm == BPF_XCHG)
		snprintf(buf, size, "%c%u = %s_xchg((%s *)(r%u %+d), %c%u)", r,
			 insn->src_reg, fn, sz, insn->dst_reg, insn->off, r,
			 insn->src_reg);
	else if (insn->imm & BPF_FETCH)
		snprintf(buf, size, "%c%u = %s_fetch_%s((%s *)(r%u %+d), %c%u)",
			 r, insn->src_reg, fn, atomic_op_name(insn->imm), sz,
			 insn->dst_reg, insn->off, r, insn->src_reg);
	else
		snprintf(buf, size, "lock *(%s *)(r%u %+d) %s %c%u", sz,
			 insn->dst_reg, insn->off,
			 alu_ops[(insn->imm & 0xf0) >> 4], r, insn->src_reg);
}

static void print_alu(const struct bpf_insn *insn, char *buf, size_t size)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	char r = is64 ? 'r' : 'w';
	u8 op = BPF_OP(insn->code);

	if (op == BPF_NEG)
		snprintf(buf, size, "%c%u = -%c%u", r, insn->dst_reg, r,
			 insn->dst_reg);
	else if (op == BPF_END)
		snprintf(buf, size, "r%u = %s%d r%u", insn->dst_reg,
			 BPF_SRC(insn->code) == BPF_TO_BE ? "be" : "le",
			 insn->imm, insn->dst_reg);
	else if (BPF_SRC(insn->code) == BPF_X)
		snprintf(buf, size, "%c%u %s %c%u", r, insn->dst_reg,
			 alu_ops[op >> 4], r, insn->src_reg);
	else
		snprintf(buf, size, "%c%u %s %d", r, insn->dst_reg,
			 alu_ops[op >> 4], insn->imm);
}

static void print_jmp(const struct bpf_insn *insn, char *buf, size_t size)
{
	char r = BPF_CLASS(insn->code) == BPF_JMP32 ? 'w' : 'r';
	u8 op = BPF_OP(insn->code);

	if (op == BPF_JA)
		snprintf(buf, size, "goto %+d", insn->off);
	else if (op == BPF_EXIT)
		snprintf(buf, size, "exit");
	else if (op == BPF_CALL)
		snprintf(buf, size, "call %s#%d",
			 (u32)insn->imm < __SBPF_FUNC_MAX &&
			 sbpf_helper_protos[insn->imm].name ?
			 sbpf_helper_protos[insn->imm].name : "unknown",
			 insn->imm);
	else if (BPF_SRC(insn->code) == BPF_X)
		snprintf(buf, size, "if %c%u %s %c%u goto %+d", r,
			 insn->dst_reg, jmp_ops[op >> 4], r, insn->src_reg,
			 insn->off);
	else
		snprintf(buf, size, "if %c%u %s 0x%x goto %+d", r,
			 insn->dst_reg, jmp_ops[op >> 4], (u32)insn->imm,
			 insn->off);
}

int sbpf_disasm_insn(const struct sbpf_prog *prog,
		     const struct bpf_insn *insns, u32 n, u32 idx, char *buf,
		     size_t size)
{
	const struct bpf_insn *insn = &insns[idx];
	const char *sz;

	if (idx >= n)
		return -EINVAL;
	if (!opcode_known(insn->code)) {
		snprintf(buf, size, "(%02x) unknown opcode", insn->code);
		return 1;
	}
	sz = sizes[BPF_SIZE(insn->code) >> 3];
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		print_alu(insn, buf, size);
		return 1;
	case BPF_JMP:
	case BPF_JMP32:
		print_jmp(insn, buf, size);
		return 1;
	case BPF_LDX:
		snprintf(buf, size, "r%u = *(%s *)(r%u %+d)", insn->dst_reg, sz,
			 insn->src_reg, insn->off);
		return 1;
	case BPF_ST:
		snprintf(buf, size, "*(%s *)(r%u %+d) = %d", sz, insn->dst_reg,
			 insn->off, insn->imm);
		return 1;
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			print_atomic(insn, buf, size);
		else
			snprintf(buf, size, "*(%s *)(r%u %+d) = r%u", sz,
				 insn->dst_reg, insn->off, insn->src_reg);
		return 1;
	case BPF_LD:
		if (idx + 1 >= n) {
			snprintf(buf, size, "(%02x) truncated ld_imm64",
				 insn->code);
			return 1;
		}
		print_ld_imm64(prog, insn, buf, size);
		return 2;
	}
	snprintf(buf, size, "(%02x) unknown opcode", insn->code);
	return 1;
}

size_t sbpf_disasm_prog(const struct sbpf_prog *prog, char *buf, size_t size)
{
	char line[SBPF_DISASM_LINE];
	size_t len = 0;
	u32 i = 0;

	if (size)
		buf[0] = 0;
	while (i < prog->len) {
		int n = sbpf_disasm_insn(prog, prog->insns, prog->len, i, line,
					 sizeof(line));
		int w;

		w = snprintf(len < size ? buf + len : NULL,
			     len < size ? size - len : 0, "%4u: %s\n", i, line);
		if (w > 0)
			len += w;
		i += n > 0 ? n : 1;
	}
	return len;
}
