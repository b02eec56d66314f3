// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite, userspace only: the x86-64 JIT (jit_x86_64_user.c).
 *
 * The other execution suites already run every case on the JIT too
 * (sbpf_engines.h); this one tests what is the JIT's own:
 *  - every opcode of the instruction table, with every destination and
 *    source register, several register contents and immediates, and memory
 *    offsets of each displacement size: the register map is where encoding
 *    bugs hide (rcx for shift counts, rax/rdx for division, r13 and rbp as
 *    bases, sil/dil as byte registers), so each instruction runs between a
 *    setup of all registers and a fold of all of them (and the memory it
 *    touched) into r0, compared with the interpreter;
 *  - short and near jumps around the rel8 boundary, forward and backward;
 *  - convergence of the image size over passes, and a stable result;
 *  - constant blinding: same results, no immediate in the code;
 *  - W^X: the image is read-execute, never writable, and unmapped on free;
 *  - the fallback: what the JIT declines stays on the interpreter, with a
 *    reason in the log; what the interpreter faults on compiles to its
 *    "return 0".
 * Named *user*_test.c: the kernel test module leaves it out.
 */
#include "sbpf_kunit.h"
#include "sbpf.h"
#include "sbpf_asm.h"
#include "insn_table.h"

#define R0	BPF_REG_0
#define R1	BPF_REG_1
#define R2	BPF_REG_2
#define R3	BPF_REG_3
#define R10	BPF_REG_10

#define GEN_MAX		64
/* Memory operations: the base points this far below r10. */
#define MEM_BASE	256

static u8 jt_frame[128];

struct gen {
	struct bpf_insn insns[GEN_MAX];
	u32 len;
};

static void put(struct gen *g, struct bpf_insn insn)
{
	if (g->len < GEN_MAX)
		g->insns[g->len++] = insn;
}

static void put_ld64(struct gen *g, u8 reg, u64 v)
{
	put(g, SBPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, reg, 0, 0, (s32)(u32)v));
	put(g, SBPF_RAW_INSN(0, 0, 0, 0, (s32)(u32)(v >> 32)));
}

/* Register contents: mixed 64-bit, small (with a zero), sign-heavy. */
static u64 pattern(u32 set, u32 reg)
{
	switch (set) {
	case 0:
		return 0x9e3779b97f4a7c15ULL * (reg + 1) ^ (0x1234567ULL << reg);
	case 1:
		return reg;	/* r0 = 0: division by zero */
	default:
		return reg & 1 ? 0xffffffff80000000ULL | reg * 3 :
				 0x80000000ULL + 65 * reg;
	}
}

#define N_SETS	3

static const s32 imms[] = {
	0, 1, -1, 7, 31, 32, 63, 64, 127, 128, 0x7fffffff, (s32)0x80000000,
	0x12345,
};

/*
 * Fold every register into r0 (pointer registers made relative to r10)
 * and the u64 the memory operation touched, then exit.
 */
static void put_fold(struct gen *g, u16 ptrs, s16 mem_off, bool mem)
{
	u32 r;

	for (r = 0; r <= 9; r++)
		if (ptrs & (1 << r))
			put(g, SBPF_ALU64_REG(BPF_SUB, r, R10));
	for (r = 1; r <= 9; r++) {
		put(g, SBPF_ALU64_IMM(BPF_MUL, R0, 31));
		put(g, SBPF_ALU64_REG(BPF_ADD, R0, r));
	}
	if (mem) {
		put(g, SBPF_LDX_MEM(BPF_DW, R1, R10, -MEM_BASE + mem_off));
		put(g, SBPF_ALU64_IMM(BPF_MUL, R0, 31));
		put(g, SBPF_ALU64_REG(BPF_ADD, R0, R1));
	}
	put(g, SBPF_EXIT());
}

struct jt_stats {
	u32 programs;
	u32 failures;
};

/* Run @g on the interpreter and the JIT (plain and blinded): equal. */
static void check_gen(struct kunit *test, struct gen *g, struct jt_stats *st,
		      const char *what)
{
	struct sbpf_prog prog = { .insns = g->insns, .len = g->len };
	char buf[256] = "";
	struct sbpf_verifier_log log = {
		.buf = buf, .size = sizeof(buf), .level = SBPF_LOG_ERRORS,
	};
	u64 want, got;
	u32 flags;

	st->programs++;
	want = sbpf_interp_run(&prog, jt_frame, sizeof(jt_frame));
	for (flags = 0; flags <= SBPF_JIT_BLIND; flags += SBPF_JIT_BLIND) {
		int err = sbpf_jit_compile(&prog, flags, &log);

		if (err) {
			if (st->failures++ < 10)
				KUNIT_FAIL(test, "%s: declined: %s", what, buf);
			continue;
		}
		got = sbpf_prog_run(&prog, jt_frame, sizeof(jt_frame));
		sbpf_jit_free(&prog);
		if (got != want && st->failures++ < 10)
			KUNIT_FAIL(test, "%s%s: jit %llx, interpreter %llx",
				   what, flags ? " (blinded)" : "", got, want);
	}
}

static void put_setup(struct gen *g, u32 set)
{
	u32 r;

	for (r = 0; r <= 9; r++)
		put_ld64(g, r, pattern(set, r));
}

/* ALU and JMP opcodes: every dst, src (X) or immediate (K). */
static void jit_alu_jmp_opcode(struct kunit *test, u8 code,
			       struct jt_stats *st)
{
	u8 cls = BPF_CLASS(code);
	bool jmp = cls == BPF_JMP || cls == BPF_JMP32;
	bool is_x = BPF_SRC(code) == BPF_X && BPF_OP(code) != BPF_END;
	static const s32 end_imms[] = { 16, 32, 64 };
	u32 set, dst, src, k, n_k;
	char what[96];

	if (BPF_OP(code) == BPF_END)
		n_k = ARRAY_SIZE(end_imms);
	else
		n_k = is_x ? 10 : ARRAY_SIZE(imms);
	for (set = 0; set < N_SETS; set++)
		for (dst = 0; dst <= 9; dst++)
			for (k = 0; k < n_k; k++) {
				struct gen g = { .len = 0 };
				s32 imm = BPF_OP(code) == BPF_END ?
					  end_imms[k] : is_x ? 0 : imms[k];

				src = is_x ? k : 0;
				put_setup(&g, set);
				put(&g, SBPF_RAW_INSN(code, dst, src,
						      jmp ? 1 : 0, imm));
				if (jmp)	/* skipped when taken */
					put(&g, SBPF_ALU64_IMM(BPF_XOR, R0,
							       0x5555));
				put_fold(&g, 0, 0, false);
				snprintf(what, sizeof(what),
					 "code 0x%02x dst r%u src r%u imm %d set %u",
					 code, dst, src, imm, set);
				check_gen(test, &g, st, what);
			}
}

/* Registers an instruction writes (for the pointer fold). */
static u16 written(const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code);

	if (cls == BPF_LDX)
		return 1 << insn->dst_reg;
	if (cls == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC) {
		if (insn->imm == BPF_CMPXCHG)
			return 1 << R0;
		if (insn->imm & BPF_FETCH)
			return 1 << insn->src_reg;
	}
	return 0;
}

/* Loads, stores and atomics: every base (r10 too), value register, size. */
static void jit_mem_opcode(struct kunit *test, u8 code, s32 aop,
			   struct jt_stats *st)
{
	static const s16 offs[] = { 0, 16, 184, -48 };
	u8 cls = BPF_CLASS(code);
	bool atomic = BPF_MODE(code) == BPF_ATOMIC;
	u32 set, base, val, o, n_o = atomic ? 1 : ARRAY_SIZE(offs);
	char what[96];

	for (set = 0; set < N_SETS; set += 2)
		for (base = 0; base <= 10; base++)
			for (val = 0; val <= 9; val++)
				for (o = 0; o < n_o; o++) {
					struct gen g = { .len = 0 };
					s16 off = atomic ? 16 : offs[o];
					struct bpf_insn insn;
					u16 ptrs;

					if (val == base && cls == BPF_STX)
						continue;	/* pointer as data */
					if (cls == BPF_ST && val)
						continue;	/* no value register */
					put_setup(&g, set);
					if (base != R10) {
						put(&g, SBPF_MOV64_REG(base, R10));
						put(&g, SBPF_ALU64_IMM(BPF_ADD, base,
								       -MEM_BASE));
					}
					/* the memory the operation touches */
					put(&g, SBPF_ST_MEM(BPF_DW, R10,
							    -MEM_BASE + off,
							    0x5a5a1234));
					put(&g, SBPF_ST_MEM(BPF_W, R10,
							    -MEM_BASE + off + 4,
							    (s32)0x8badf00d));
					if (cls == BPF_LDX)
						insn = SBPF_RAW_INSN(code, val, base,
								     base == R10 ? off - MEM_BASE : off, 0);
					else if (cls == BPF_ST)
						insn = SBPF_RAW_INSN(code, base, 0,
								     base == R10 ? off - MEM_BASE : off,
								     imms[(o * 3 + set) % ARRAY_SIZE(imms)]);
					else
						insn = SBPF_RAW_INSN(code, base, val,
								     base == R10 ? off - MEM_BASE : off,
								     aop);
					put(&g, insn);
					ptrs = base == R10 ? 0 :
					       (1 << base) & ~written(&insn);
					put_fold(&g, ptrs, off, true);
					snprintf(what, sizeof(what),
						 "code 0x%02x op 0x%x base r%u val r%u off %d set %u",
						 code, aop, base, val, off, set);
					check_gen(test, &g, st, what);
				}
}

/* Every opcode of the instruction table (calls, exit, ja: below). */
static void jit_every_opcode(struct kunit *test)
{
#define JT_OPC(name, opcode)	opcode,
	static const u8 codes[] = { SBPF_INSN_TABLE(JT_OPC) };
#undef JT_OPC
#define JT_AOP(name, imm)	imm,
	static const s32 aops[] = { SBPF_ATOMIC_TABLE(JT_AOP) };
#undef JT_AOP
	struct jt_stats st = { 0 };
	u32 i, j;

	for (i = 0; i < sizeof(jt_frame); i++)
		jt_frame[i] = (u8)(i * 7 + 1);
	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		u8 cls = BPF_CLASS(codes[i]);

		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64:
			jit_alu_jmp_opcode(test, codes[i], &st);
			break;
		case BPF_JMP:
		case BPF_JMP32:
			if (codes[i] == (BPF_JMP | BPF_CALL) ||
			    codes[i] == (BPF_JMP | BPF_EXIT) ||
			    codes[i] == (BPF_JMP | BPF_JA))
				break;
			jit_alu_jmp_opcode(test, codes[i], &st);
			break;
		case BPF_LDX:
		case BPF_ST:
			jit_mem_opcode(test, codes[i], 0, &st);
			break;
		case BPF_STX:
			if (BPF_MODE(codes[i]) != BPF_ATOMIC) {
				jit_mem_opcode(test, codes[i], 0, &st);
				break;
			}
			for (j = 0; j < ARRAY_SIZE(aops); j++)
				jit_mem_opcode(test, codes[i], aops[j], &st);
			break;
		}
	}
	kunit_info(test, "%u programs, each on the JIT plain and blinded\n",
		   st.programs);
	KUNIT_EXPECT_EQ(test, st.failures, 0U);
	KUNIT_EXPECT_GT(test, st.programs, 10000U);
}

/* --------------------------------------------------------- jumps -- */

static u32 compiled_size(struct kunit *test, struct gen *g, u64 *ret)
{
	struct sbpf_prog prog = { .insns = g->insns, .len = g->len };
	u32 size;

	KUNIT_EXPECT_EQ(test, sbpf_jit_compile(&prog, 0, NULL), 0);
	*ret = sbpf_prog_run(&prog, jt_frame, 64);
	KUNIT_EXPECT_EQ(test, *ret, sbpf_interp_run(&prog, jt_frame, 64));
	size = prog.jit_size;
	sbpf_jit_free(&prog);
	return size;
}

/*
 * A jump over n four-byte instructions (add r0, 1): rel8 up to 31 of
 * them, rel32 from 32 on.  Forward conditional (taken and not), forward
 * ja, and a backward conditional jump closing a three-round loop.
 */
static void jit_jump_boundary(struct kunit *test)
{
	u32 kind, n, prev = 0, size, grew_at;
	u64 ret;

	for (kind = 0; kind < 4; kind++) {
		grew_at = 0;
		for (n = 24; n <= 40; n++) {
			struct gen g = { .len = 0 };
			u32 i;

			put(&g, SBPF_MOV64_IMM(R0, 0));
			put(&g, SBPF_MOV64_IMM(R3, 3));
			if (kind == 0)		/* taken: len is 64 */
				put(&g, SBPF_JMP_IMM(BPF_JEQ, R2, 64, n));
			else if (kind == 1)	/* not taken */
				put(&g, SBPF_JMP_IMM(BPF_JEQ, R2, 65, n));
			else if (kind == 2)
				put(&g, SBPF_JMP_A(n));
			for (i = 0; i < n; i++)
				put(&g, SBPF_ALU64_IMM(BPF_ADD, R0, 1));
			if (kind == 3) {
				/* the jump spans the body, the sub and itself */
				put(&g, SBPF_ALU64_IMM(BPF_SUB, R3, 1));
				put(&g, SBPF_JMP_IMM(BPF_JNE, R3, 0,
						     -(s16)(n + 2)));
			}
			put(&g, SBPF_EXIT());
			size = compiled_size(test, &g, &ret);
			KUNIT_EXPECT_EQ_MSG(test, ret,
					    (u64)(kind == 1 ? n : kind == 3 ?
						  3 * n : 0),
					    "kind %u n %u", kind, n);
			if (n > 24 && size - prev != 4) {
				KUNIT_EXPECT_EQ_MSG(test, grew_at, 0U,
						    "kind %u grew twice", kind);
				grew_at = n;
				/* jcc rel8 -> rel32: +4; jmp: +3 */
				KUNIT_EXPECT_EQ_MSG(test, size - prev,
						    kind == 2 ? 7U : 8U,
						    "kind %u n %u", kind, n);
			}
			prev = size;
		}
		/*
		 * Forward: 4n bytes to skip fit rel8 up to n = 31.  Backward:
		 * 4n + sub (4) + test (3) + jne (2) = 4n + 9 <= 128: n = 29.
		 */
		KUNIT_EXPECT_EQ_MSG(test, grew_at, kind == 3 ? 30U : 32U,
				    "kind %u", kind);
	}
}

/*
 * A chain of @n forward jumps, each over 30 adds (120 bytes) and the next
 * jump (cmp 4 + jcc 2 or 6): rel8 only once the next one is short.  The
 * last skips 30 adds and one more: it is short first, then the one before
 * it, one per pass.
 */
static u32 jump_chain(struct bpf_insn *insns, u32 n)
{
	u32 len = 0, i, j;

	insns[len++] = SBPF_MOV64_IMM(R0, 0);
	for (i = 0; i < n; i++) {
		insns[len++] = SBPF_JMP_IMM(BPF_JNE, R2, 60 + i, 31);
		for (j = 0; j < 30; j++)
			insns[len++] = SBPF_ALU64_IMM(BPF_ADD, R0, 1);
	}
	for (j = 0; j < 31; j++)
		insns[len++] = SBPF_ALU64_IMM(BPF_ADD, R0, 2);
	insns[len++] = SBPF_EXIT();
	return len;
}

/*
 * Convergence: 12 chained jumps shrink one per pass, and compiling twice
 * gives the same image.  40 of them would take more passes than the JIT
 * shrinks for: after 16, one pass pads what still shrinks, and the result
 * is still right.  Frame lengths make the chain take or skip jumps.
 */
static void jit_convergence(struct kunit *test)
{
	struct bpf_insn *insns = kunit_kcalloc(test, 40 * 31 + 40,
					       sizeof(*insns), GFP_KERNEL);
	struct sbpf_prog a = { 0 }, b = { 0 }, c = { 0 };
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, insns);
	len = jump_chain(insns, 12);
	a.insns = b.insns = insns;
	a.len = b.len = len;
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&a, 0, NULL), 0);
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&b, 0, NULL), 0);
	kunit_info(test, "%u insns: %u bytes in %u passes\n", len, a.jit_size,
		   a.jit_passes);
	KUNIT_EXPECT_GE(test, a.jit_passes, 12U);
	KUNIT_EXPECT_LE(test, a.jit_passes, 16U);
	KUNIT_EXPECT_EQ(test, a.jit_size, b.jit_size);
	KUNIT_EXPECT_EQ(test, memcmp(a.jit_image, b.jit_image, a.jit_size), 0);
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(&a, jt_frame, 64),
			sbpf_interp_run(&a, jt_frame, 64));
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(&a, jt_frame, 65),
			sbpf_interp_run(&a, jt_frame, 65));
	sbpf_jit_free(&a);
	sbpf_jit_free(&b);

	c.insns = kunit_kcalloc(test, 40 * 31 + 40, sizeof(*insns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c.insns);
	c.len = jump_chain(c.insns, 40);
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&c, 0, NULL), 0);
	kunit_info(test, "%u insns: %u bytes in %u passes (padded)\n", c.len,
		   c.jit_size, c.jit_passes);
	KUNIT_EXPECT_EQ(test, c.jit_passes, 17U);
	for (len = 40; len < 110; len += 7)
		KUNIT_EXPECT_EQ_MSG(test, sbpf_prog_run(&c, jt_frame, len),
				    sbpf_interp_run(&c, jt_frame, len),
				    "frame length %u", len);
	sbpf_jit_free(&c);
}

/* ------------------------------------------------------ blinding -- */

static bool contains(const u8 *p, u32 n, u32 v)
{
	u32 i;

	for (i = 0; i + 4 <= n; i++)
		if (!memcmp(p + i, &v, 4))
			return true;
	return false;
}

/* Blinded code computes the same, without the immediates in it. */
static void jit_blinding(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_MOV64_IMM(R0, 0x4a3b2c1d),
		SBPF_ALU64_IMM(BPF_XOR, R0, 0x5e6f7081),
		SBPF_ALU32_IMM(BPF_ADD, R0, 0x1a2b3c4d),
		SBPF_ST_MEM(BPF_DW, R10, -8, 0x2f3e4d5c),
		SBPF_LDX_MEM(BPF_DW, R3, R10, -8),
		SBPF_ALU64_REG(BPF_ADD, R0, R3),
		SBPF_LD_IMM64(R3, 0x7c6b5a4938271605ULL),
		SBPF_ALU64_REG(BPF_XOR, R0, R3),
		SBPF_ALU64_IMM(BPF_MUL, R0, 0x3d4c5b6a),
		SBPF_ALU64_IMM(BPF_DIV, R0, 0x0e1d2c3b),
		SBPF_JMP_IMM(BPF_JEQ, R0, 0x6a5b4c3d, 1),
		SBPF_ALU64_IMM(BPF_ADD, R0, 1),
		SBPF_EXIT(),
	};
	static const u32 consts[] = {
		0x4a3b2c1d, 0x5e6f7081, 0x1a2b3c4d, 0x2f3e4d5c, 0x38271605,
		0x7c6b5a49, 0x3d4c5b6a, 0x0e1d2c3b, 0x6a5b4c3d,
	};
	struct sbpf_prog p = { .insns = (struct bpf_insn *)insns,
			       .len = ARRAY_SIZE(insns) };
	struct sbpf_prog q = p;
	u64 want = sbpf_interp_run(&p, jt_frame, sizeof(jt_frame));
	u32 i, plain_hits = 0;

	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&p, 0, NULL), 0);
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&q, SBPF_JIT_BLIND, NULL), 0);
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(&p, jt_frame, sizeof(jt_frame)),
			want);
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(&q, jt_frame, sizeof(jt_frame)),
			want);
	for (i = 0; i < ARRAY_SIZE(consts); i++) {
		plain_hits += contains(p.jit_image, p.jit_size, consts[i]);
		KUNIT_EXPECT_FALSE_MSG(test, contains(q.jit_image, q.jit_size,
						      consts[i]),
				       "constant 0x%x in blinded code",
				       consts[i]);
	}
	/* The plain image does carry them: the check can see them. */
	KUNIT_EXPECT_EQ(test, plain_hits, (u32)ARRAY_SIZE(consts));
	/* Fresh keys each time, same size. */
	{
		struct sbpf_prog r = p;

		r.jited = NULL;
		r.jit_image = NULL;
		KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&r, SBPF_JIT_BLIND,
						       NULL), 0);
		KUNIT_EXPECT_EQ(test, r.jit_size, q.jit_size);
		KUNIT_EXPECT_NE(test, memcmp(r.jit_image, q.jit_image,
					     q.jit_size), 0);
		sbpf_jit_free(&r);
	}
	sbpf_jit_free(&p);
	sbpf_jit_free(&q);
}

/* ----------------------------------------------------------- W^X -- */

/*
 * The permissions of the mapping holding @addr in /proc/self/maps, or ""
 * if none does.
 */
static void map_perms(const void *addr, char perms[5])
{
	uintptr_t a = (uintptr_t)addr, lo, hi;
	char line[512], p[5];
	FILE *f = fopen("/proc/self/maps", "r");

	perms[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 &&
		    a >= lo && a < hi) {
			memcpy(perms, p, 5);
			break;
		}
	fclose(f);
}

/* Mappings of the process that are writable and executable at once. */
static u32 wx_mappings(void)
{
	char line[512], p[5];
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi;
	u32 n = 0;

	if (!f)
		return ~0U;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 &&
		    p[1] == 'w' && p[2] == 'x')
			n++;
	fclose(f);
	return n;
}

static void jit_wx(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_MOV64_IMM(R0, 1),
		SBPF_EXIT(),
	};
	static const struct sbpf_map_def map = {
		.type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
		.max_entries = 1,
	};
	struct sbpf_image img = { .name = "wx", .insns = insns,
				  .n_insns = ARRAY_SIZE(insns), .maps = &map,
				  .n_maps = 1 };
	struct sbpf_prog *prog;
	char perms[5];
	void *image;

	KUNIT_ASSERT_EQ(test, sbpf_prog_load(&img, NULL, NULL, &prog), 0);
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(prog, 0, NULL), 0);
	image = prog->jit_image;
	KUNIT_EXPECT_PTR_EQ(test, (void *)prog->jited, image);
	map_perms(image, perms);
	KUNIT_EXPECT_STREQ(test, perms, "r-xp");
	map_perms((u8 *)image + prog->jit_alloc - 1, perms);
	KUNIT_EXPECT_STREQ(test, perms, "r-xp");
	KUNIT_EXPECT_EQ(test, wx_mappings(), 0U);
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(prog, jt_frame, sizeof(jt_frame)),
			1ULL);
	/* Recompiling replaces the image; freeing the program unmaps it. */
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(prog, SBPF_JIT_BLIND, NULL), 0);
	image = prog->jit_image;
	map_perms(image, perms);
	KUNIT_EXPECT_STREQ(test, perms, "r-xp");
	sbpf_prog_free(prog);
	map_perms(image, perms);
	KUNIT_EXPECT_STREQ(test, perms, "");
}

/* ------------------------------------------------------ fallback -- */

static void jit_fallback(struct kunit *test)
{
	static const struct bpf_insn bad_helper[] = {
		SBPF_MOV64_IMM(R0, 5),
		SBPF_CALL(99),
		SBPF_EXIT(),
	};
	static const struct bpf_insn off_end[] = {
		SBPF_MOV64_IMM(R0, 5),
		SBPF_JMP_IMM(BPF_JEQ, R0, 5, 3),
		SBPF_EXIT(),
	};
	static const struct bpf_insn ret7[] = {
		SBPF_MOV64_IMM(R0, 7),
		SBPF_EXIT(),
	};
	struct sbpf_prog p = { .insns = (struct bpf_insn *)bad_helper,
			       .len = ARRAY_SIZE(bad_helper) };
	char buf[256] = "";
	struct sbpf_verifier_log log = {
		.buf = buf, .size = sizeof(buf), .level = SBPF_LOG_ERRORS,
	};

	/* Faults (dead code of a verified program): return 0 like it. */
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&p, 0, &log), 0);
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(&p, jt_frame, sizeof(jt_frame)),
			0ULL);
	sbpf_jit_free(&p);

	p.insns = (struct bpf_insn *)off_end;
	p.len = ARRAY_SIZE(off_end);
	KUNIT_EXPECT_EQ(test, sbpf_jit_compile(&p, 0, &log), -EINVAL);
	KUNIT_EXPECT_NULL(test, (void *)p.jited);
	KUNIT_EXPECT_NULL(test, p.jit_image);
	KUNIT_EXPECT_STREQ(test, buf, "jit: insn 1: jump out of range\n");

	/* Unknown flags: refused, a compiled image stays as it was. */
	p.insns = (struct bpf_insn *)ret7;
	p.len = ARRAY_SIZE(ret7);
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&p, 0, NULL), 0);
	log.len = 0;
	KUNIT_EXPECT_EQ(test, sbpf_jit_compile(&p, 0x80, &log), -EINVAL);
	KUNIT_EXPECT_STREQ(test, buf, "jit: unknown flags 0x80\n");
	KUNIT_EXPECT_NOT_NULL(test, (void *)p.jited);
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(&p, jt_frame, sizeof(jt_frame)),
			7ULL);
	/* Freed: back on the interpreter. */
	sbpf_jit_free(&p);
	KUNIT_EXPECT_NULL(test, (void *)p.jited);
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(&p, jt_frame, sizeof(jt_frame)),
			7ULL);
	/* A verbose log says what was built. */
	log.len = 0;
	log.level = SBPF_LOG_VERBOSE;
	KUNIT_ASSERT_EQ(test, sbpf_jit_compile(&p, 0, &log), 0);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "jit: 2 insns, ", 14), 0);
	kunit_info(test, "%s", buf);
	sbpf_jit_free(&p);
}

static struct kunit_case jit_test_cases[] = {
	KUNIT_CASE(jit_every_opcode),
	KUNIT_CASE(jit_jump_boundary),
	KUNIT_CASE(jit_convergence),
	KUNIT_CASE(jit_blinding),
	KUNIT_CASE(jit_wx),
	KUNIT_CASE(jit_fallback),
	{}
};

static struct kunit_suite jit_test_suite = {
	.name = "sbpf_jit",
	.test_cases = jit_test_cases,
};

kunit_test_suite(jit_test_suite);
