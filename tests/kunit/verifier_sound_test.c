// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite: soundness of the verifier's scalar tracking, checked
 * against concrete execution.
 *
 * Random programs load four packet fields into r3..r6, apply random 64-
 * and 32-bit arithmetic, byte swaps, stack spills and fills of every size
 * and forward conditional jumps to them,
 * then use r3 (or c - r3, which needs a lower bound on r3) as a packet
 * offset: "r1 += r3; r0 = *(u8 *)(r1 + 0)" with a proven length of 64.
 * The verifier accepts exactly when it proves the offset in [0, 64) on
 * every path.  For every accepted program, the same body ending in
 * "r0 = offset" runs in the interpreter over random frames; the offset must
 * really be below 64 and below the verifier's max_pkt_read.  A wrong
 * transfer function or branch refinement shows up as a counterexample.
 * Every run is repeated on every other engine (sbpf_engines.h), which must
 * return the same r0.  Deterministic seeds; the number of programs
 * accepted is reported.
 */
#include "verifier_test.h"
#include "sbpf_engines.h"

/*
 * The userspace runners (plain and ASan) run the full campaigns.  In the
 * kernel the suite runs in a debug kernel under emulation with KASAN on
 * every access, about a hundred times slower: a sample of each campaign,
 * yielding between programs so no CPU is held long enough to stall RCU.
 */
#ifdef __KERNEL__
#include <linux/sched.h>
#define VS_PROGS	1000
#define VP_PROGS	1000
#define vs_yield()	cond_resched()
#else
#define VS_PROGS	20000
#define VP_PROGS	20000
#define vs_yield()	do { } while (0)
#endif
#define VS_FRAMES	24
#define VS_BODY		14
#define VS_MAX		(16 + VS_BODY + 8)

struct vs_rng {
	u64 s;
};

static u32 vs_next(struct vs_rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (u32)(r->s >> 11);
}

static s32 vs_imm(struct vs_rng *r)
{
	static const s32 pick[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 100, 255, 256,
		-1, -2, -64, 0x7fffffff, (s32)0x80000000, 0xffff, 0x10000,
	};

	if (vs_next(r) % 4)
		return pick[vs_next(r) % ARRAY_SIZE(pick)];
	return (s32)vs_next(r);
}

static const u8 vs_alu[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_OR, BPF_AND, BPF_XOR,
	BPF_LSH, BPF_RSH, BPF_ARSH, BPF_MOV, BPF_NEG, BPF_AND, BPF_RSH,
	BPF_MOD, BPF_AND,
};

static const u8 vs_jmp[] = {
	BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE, BPF_JSGT,
	BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET,
};

/* One body instruction at @i of @n; jumps stay inside the body. */
static struct bpf_insn vs_insn(struct vs_rng *r, u32 i, u32 n)
{
	u8 dst = BPF_REG_3 + vs_next(r) % 4, src = BPF_REG_3 + vs_next(r) % 4;
	bool is64 = vs_next(r) % 3 != 0, reg = vs_next(r) % 3 == 0;
	u32 kind = vs_next(r) % 10;
	struct bpf_insn x = { 0 };

	if (kind < 2 && i + 1 < n) {
		u8 op = vs_jmp[vs_next(r) % ARRAY_SIZE(vs_jmp)];

		x.code = (is64 ? BPF_JMP : BPF_JMP32) | op |
			 (reg ? BPF_X : BPF_K);
		x.dst_reg = dst;
		x.src_reg = reg ? src : 0;
		x.imm = reg ? 0 : vs_imm(r);
		x.off = (s16)(vs_next(r) % (n - i - 1) + 1);
		if (x.off > (s16)(n - i - 1))
			x.off = (s16)(n - i - 1);
		return x;
	}
	if (kind == 3 || kind == 4) {
		/* spill/fill through fp-16..fp-1 at natural alignment */
		static const u8 sz[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
		static const u8 bytes[] = { 1, 2, 4, 8 };
		u32 k = vs_next(r) % 4;
		s16 off = (s16)(-16 + (s16)(vs_next(r) % (16 / bytes[k])) *
				bytes[k]);

		x.code = (kind == 3 ? BPF_STX : BPF_LDX) | BPF_MEM | sz[k];
		x.dst_reg = kind == 3 ? BPF_REG_10 : dst;
		x.src_reg = kind == 3 ? src : BPF_REG_10;
		x.off = off;
		return x;
	}
	if (kind == 2) {
		static const s32 w[] = { 16, 32, 64 };

		x.code = BPF_ALU | BPF_END |
			 (vs_next(r) % 2 ? BPF_TO_BE : BPF_TO_LE);
		x.dst_reg = dst;
		x.imm = w[vs_next(r) % 3];
		return x;
	}
	x.code = (is64 ? BPF_ALU64 : BPF_ALU) |
		 vs_alu[vs_next(r) % ARRAY_SIZE(vs_alu)];
	x.dst_reg = dst;
	if (BPF_OP(x.code) == BPF_NEG)
		return x;
	if (reg) {
		x.code |= BPF_X;
		x.src_reg = src;
		return x;
	}
	x.imm = vs_imm(r);
	switch (BPF_OP(x.code)) {
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		x.imm = (s32)((u32)x.imm % (is64 ? 64 : 32));
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (!x.imm)
			x.imm = 64;
		break;
	}
	return x;
}

/* Builds the program; @observe: end in "r0 = r3" instead of the access. */
static u32 vs_build(struct bpf_insn *p, u64 seed, bool observe)
{
	const struct bpf_insn head[] = {
		JI(JGE, R2, 64, 2), MOV(R0, 0), EXIT,
		LDDW(R3, R1, 0), LDW(R4, R1, 8), LDB(R5, R1, 12),
		LDH(R6, R1, 14), LDB(R7, R1, 16),
		STIDW(R10, -16, 0), STIDW(R10, -8, 0),
	};
	/* r3 itself, or c - r3 (which needs a lower bound on r3) */
	s32 c = seed % 3 ? 0 : (s32)(seed % 200);
	const struct bpf_insn use[] = {
		MOV(R8, c), SBPF_ALU64_REG(BPF_SUB, R8, R3), ADDR(R1, R8),
		LDB(R0, R1, 0), EXIT,
	};
	const struct bpf_insn use0[] = { ADDR(R1, R3), LDB(R0, R1, 0), EXIT };
	const struct bpf_insn obs[] = { MOV(R0, c), SBPF_ALU64_REG(BPF_SUB, R0, R3), EXIT };
	const struct bpf_insn obs0[] = { MOVR(R0, R3), EXIT };
	struct vs_rng r = { seed * 0x9e3779b97f4a7c15ULL + 1 };
	u32 n = ARRAY_SIZE(head), i, body = 3 + vs_next(&r) % VS_BODY;

	memcpy(p, head, sizeof(head));
	/*
	 * A body jump lands at most on the first instruction after the body:
	 * the verified and the observing variant differ from the second one
	 * on, so a jump there would run an observer the verifier never saw
	 * (one that may exit with r0 never written).
	 */
	for (i = 0; i < body; i++)
		p[n++] = vs_insn(&r, i, body);
	if (observe && c) {
		memcpy(p + n, obs, sizeof(obs));
		return n + ARRAY_SIZE(obs);
	}
	if (observe) {
		memcpy(p + n, obs0, sizeof(obs0));
		return n + ARRAY_SIZE(obs0);
	}
	if (c) {
		memcpy(p + n, use, sizeof(use));
		return n + ARRAY_SIZE(use);
	}
	memcpy(p + n, use0, sizeof(use0));
	return n + ARRAY_SIZE(use0);
}

static void scalar_soundness_test(struct kunit *test)
{
	struct sbpf_verifier_stats stats;
	struct sbpf_engines eng;
	struct bpf_insn *p, *q;
	struct vs_rng fr = { 12345 };
	u32 accepted = 0, rejected = 0, runs = 0, i, f, len, qlen;
	u8 *frame;

	p = kunit_kcalloc(test, VS_MAX, sizeof(*p), GFP_KERNEL);
	q = kunit_kcalloc(test, VS_MAX, sizeof(*q), GFP_KERNEL);
	frame = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, q);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, frame);

	for (i = 0; i < VS_PROGS; i++) {
		vs_yield();
		struct sbpf_prog prog;
		int ret;

		len = vs_build(p, i, false);
		ret = vt_run(test, p, len, &stats, NULL, 0);
		if (ret) {
			KUNIT_EXPECT_EQ(test, ret, -EINVAL);
			rejected++;
			continue;
		}
		accepted++;
		qlen = vs_build(q, i, true);
		memset(&prog, 0, sizeof(prog));
		prog.insns = q;
		prog.len = qlen;
		sbpf_engines_init(test, &eng, &prog);
		for (f = 0; f < VS_FRAMES; f++) {
			u64 v;
			u32 b;

			for (b = 0; b < 64; b++)
				frame[b] = (u8)vs_next(&fr);
			/* some frames with extreme fields */
			if (f % 4 == 1)
				memset(frame, 0, 17);
			else if (f % 4 == 2)
				memset(frame, 0xff, 17);
			v = sbpf_engines_run(test, &eng, &prog, frame, 64);
			runs++;
			KUNIT_EXPECT_LT_MSG(test, v, 64ULL,
					    "program %u accepted but r3 = %llu",
					    i, (unsigned long long)v);
			KUNIT_EXPECT_LT_MSG(test, v, (u64)stats.max_pkt_read,
					    "program %u: max_pkt_read %u",
					    i, stats.max_pkt_read);
			if (v >= 64) {
				sbpf_engines_fini(&eng);
				return;
			}
		}
		sbpf_engines_fini(&eng);
	}
	kunit_info(test, "%u programs: %u accepted (%u runs checked), %u rejected\n",
		   VS_PROGS, accepted, runs, rejected);
	/* the generator must exercise both outcomes */
	KUNIT_EXPECT_GT(test, accepted, VS_PROGS / 50);
	KUNIT_EXPECT_GT(test, rejected, VS_PROGS / 50);
}

/*
 * Packet bounds: random sequences of length checks (of r2 and of packet
 * pointers against the packet end, in every direction), constant and
 * variable-offset reads; checks exit the program.  Every accepted program
 * runs over frames of random lengths, each in an allocation of exactly that
 * size: an access the verifier wrongly proved in bounds is a heap overflow,
 * which the AddressSanitizer run of this suite reports.
 */
#define VP_MAX		64

static u32 vp_build(struct bpf_insn *p, u64 seed, u32 *exits, u32 *nexit)
{
	static const u8 rel[] = { BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE };
	static const u8 lenop[] = {
		BPF_JLT, BPF_JLE, BPF_JGT, BPF_JGE, BPF_JEQ, BPF_JNE,
		BPF_JSLT, BPF_JSGT,
	};
	struct vs_rng r = { seed * 0xd1b54a32d192ed03ULL + 7 };
	u32 n = 0, blocks = 2 + vs_next(&r) % 5, b;

	*nexit = 0;
	p[n++] = (struct bpf_insn)MOV(R0, 0);
	p[n++] = (struct bpf_insn)MOVR(R7, R1);
	p[n++] = (struct bpf_insn)ADDR(R7, R2);
	p[n++] = (struct bpf_insn)MOV(R5, 0);
	for (b = 0; b < blocks; b++) {
		s32 k = (s32)(vs_next(&r) % 80);
		u32 kind = vs_next(&r) % 6;

		switch (kind) {
		case 0:		/* if r2 op k goto exit */
			exits[(*nexit)++] = n;
			p[n++] = (struct bpf_insn)SBPF_RAW_INSN(BPF_JMP |
				lenop[vs_next(&r) % ARRAY_SIZE(lenop)] | BPF_K,
				R2, 0, 0, k);
			break;
		case 1:		/* r3 = r1 + k; if r3 op end goto exit */
			p[n++] = (struct bpf_insn)MOVR(R3, R1);
			p[n++] = (struct bpf_insn)ADDI(R3, k);
			exits[(*nexit)++] = n;
			if (vs_next(&r) % 2)
				p[n++] = (struct bpf_insn)SBPF_RAW_INSN(BPF_JMP |
					rel[vs_next(&r) % 4] | BPF_X, R3, R7,
					0, 0);
			else
				p[n++] = (struct bpf_insn)SBPF_RAW_INSN(BPF_JMP |
					rel[vs_next(&r) % 4] | BPF_X, R7, R3,
					0, 0);
			break;
		case 2:
			p[n++] = (struct bpf_insn)LDB(R4, R1, (s16)k);
			break;
		case 3:
			p[n++] = (struct bpf_insn)LDW(R4, R1, (s16)k);
			break;
		case 4:		/* r5 = pkt[k] & mask */
			p[n++] = (struct bpf_insn)LDB(R5, R1, (s16)k);
			p[n++] = (struct bpf_insn)SBPF_ALU64_IMM(BPF_AND, R5,
				(1 << (vs_next(&r) % 7)) - 1);
			break;
		default:	/* variable base, end check, read below it */
			p[n++] = (struct bpf_insn)MOVR(R3, R1);
			p[n++] = (struct bpf_insn)ADDR(R3, R5);
			p[n++] = (struct bpf_insn)ADDI(R3, k);
			exits[(*nexit)++] = n;
			p[n++] = (struct bpf_insn)SBPF_RAW_INSN(BPF_JMP |
				rel[vs_next(&r) % 4] | BPF_X, R3, R7, 0, 0);
			p[n++] = (struct bpf_insn)LDB(R4, R3,
				(s16)(-(s32)(vs_next(&r) % 8) - 1));
			break;
		}
	}
	p[n++] = (struct bpf_insn)MOVR(R0, R4);
	p[n++] = (struct bpf_insn)SBPF_ALU64_IMM(BPF_AND, R0, 1);
	p[n++] = (struct bpf_insn)EXIT;
	for (b = 0; b < *nexit; b++)
		p[exits[b]].off = (s16)(n - 1 - (exits[b] + 1));
	return n;
}

static void packet_soundness_test(struct kunit *test)
{
	struct sbpf_verifier_stats stats;
	struct sbpf_engines eng;
	struct vs_rng fr = { 777 };
	u32 accepted = 0, runs = 0, i, f, len, nexit;
	struct bpf_insn *p;
	u32 *exits;

	p = kunit_kcalloc(test, VP_MAX, sizeof(*p), GFP_KERNEL);
	exits = kunit_kcalloc(test, VP_MAX, sizeof(*exits), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, exits);

	for (i = 0; i < VP_PROGS; i++) {
		vs_yield();
		struct sbpf_prog prog;
		int ret;

		len = vp_build(p, i, exits, &nexit);
		/* r4 must be set on every path: define it first */
		memmove(p + 1, p, len * sizeof(*p));
		p[0] = (struct bpf_insn)MOV(R4, 0);
		len++;
		ret = vt_run(test, p, len, &stats, NULL, 0);
		if (ret) {
			KUNIT_EXPECT_EQ(test, ret, -EINVAL);
			continue;
		}
		accepted++;
		memset(&prog, 0, sizeof(prog));
		prog.insns = p;
		prog.len = len;
		sbpf_engines_init(test, &eng, &prog);
		for (f = 0; f < 8; f++) {
			u32 flen = vs_next(&fr) % 100, b;
			u8 *frame = kunit_kzalloc(test, flen ? flen : 1,
						  GFP_KERNEL);

			KUNIT_ASSERT_NOT_ERR_OR_NULL(test, frame);
			for (b = 0; b < flen; b++)
				frame[b] = (u8)vs_next(&fr);
			sbpf_engines_run(test, &eng, &prog, frame, flen);
			kunit_kfree(test, frame);
			runs++;
		}
		sbpf_engines_fini(&eng);
	}
	kunit_info(test, "%u programs: %u accepted, %u runs on exact-size frames\n",
		   VP_PROGS, accepted, runs);
	KUNIT_EXPECT_GT(test, accepted, VP_PROGS / 50);
}

/*
 * Every comparison of the frame length against a constant, in both
 * branches, 64- and 32-bit, with the constant as an immediate or in a
 * register on either side: the proven length must be exactly what the
 * comparison implies.  A read of the last proven byte is accepted, a read
 * of the next one rejected.
 */
struct vb_op {
	u8 op;
	u8 swapped;	/* the same relation with the operands swapped */
	s8 taken;	/* proven length - K in the taken branch, -1: none */
	s8 fall;	/* in the fall-through branch */
};

static const struct vb_op vb_ops[] = {
	{ BPF_JGT, BPF_JLT, 1, -1 },	{ BPF_JGE, BPF_JLE, 0, -1 },
	{ BPF_JLT, BPF_JGT, -1, 0 },	{ BPF_JLE, BPF_JGE, -1, 1 },
	{ BPF_JSGT, BPF_JSLT, 1, -1 },	{ BPF_JSGE, BPF_JSLE, 0, -1 },
	{ BPF_JSLT, BPF_JSGT, -1, 0 },	{ BPF_JSLE, BPF_JSGE, -1, 1 },
	{ BPF_JEQ, BPF_JEQ, 0, -1 },	{ BPF_JNE, BPF_JNE, -1, 0 },
};

static void length_boundary_test(struct kunit *test)
{
	const s32 k = 34;
	u32 t, cls, form, branch, cases = 0;

	/* every op x {jmp, jmp32} x {imm, reg, swapped reg} x both branches */
	for (t = 0; t < ARRAY_SIZE(vb_ops) * 12; t++) {
		const struct vb_op *o = &vb_ops[t / 12];
		s32 proven;

		cls = (t / 6) % 2;
		form = (t / 2) % 3;
		branch = t % 2;
		proven = branch ? o->fall : o->taken;
		u8 c = cls ? BPF_JMP32 : BPF_JMP;
		struct bpf_insn p[8];
		s32 x;

		for (x = proven < 0 ? 0 : k + proven - 1;
		     x <= (proven < 0 ? 0 : k + proven); x++) {
			bool ok = proven >= 0 && x < k + proven;
			u32 n = 0;
			int ret;

			p[n++] = (struct bpf_insn)MOV(R4, k);
			if (form == 0)
				p[n++] = (struct bpf_insn)SBPF_RAW_INSN(c | o->op |
					BPF_K, R2, 0, 2, k);
			else if (form == 1)
				p[n++] = (struct bpf_insn)SBPF_RAW_INSN(c | o->op |
					BPF_X, R2, R4, 2, 0);
			else
				p[n++] = (struct bpf_insn)SBPF_RAW_INSN(c |
					o->swapped | BPF_X, R4, R2, 2, 0);
			if (branch) {
				p[n++] = (struct bpf_insn)LDB(R0, R1, (s16)x);
				p[n++] = (struct bpf_insn)EXIT;
				p[n++] = (struct bpf_insn)MOV(R0, 0);
				p[n++] = (struct bpf_insn)EXIT;
			} else {
				p[n++] = (struct bpf_insn)MOV(R0, 0);
				p[n++] = (struct bpf_insn)EXIT;
				p[n++] = (struct bpf_insn)LDB(R0, R1, (s16)x);
				p[n++] = (struct bpf_insn)EXIT;
			}
			ret = vt_run(test, p, n, NULL, NULL, 0);
			KUNIT_EXPECT_EQ_MSG(test, ret, ok ? 0 : -EINVAL,
					    "op %#x %s form %u %s branch, read at %d",
					    o->op, cls ? "jmp32" : "jmp", form,
					    branch ? "fall-through" : "taken", x);
			cases++;
		}
	}
	kunit_info(test, "%u length comparisons checked\n", cases);
}

static struct kunit_case verifier_sound_cases[] = {
	KUNIT_CASE(length_boundary_test),
	KUNIT_CASE(scalar_soundness_test),
	KUNIT_CASE(packet_soundness_test),
	{}
};

static struct kunit_suite verifier_sound_suite = {
	.name = "sbpf_verifier_soundness",
	.test_cases = verifier_sound_cases,
};
kunit_test_suite(verifier_sound_suite);
