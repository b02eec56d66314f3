// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite in openvswitch.ko: the bridge to the kernel's eBPF JIT.
 *
 * Included at the end of filter_jit.c in the KUnit build only
 * (OVS_FILTER_KUNIT), to reach its rewrite and its module parameter.
 *
 * The rewrite the kernel's verifier would have made: helper calls become
 * offsets from __bpf_call_base that land on the core's helpers, division
 * and modulo by a register get their zero guard, 32-bit compare-and-
 * exchange its zero extension of r0, and jumps are moved around the
 * inserted instructions so they reach the same instruction.
 * Programs really run as native code where the kernel JIT is enabled, and
 * openvswitch.jit=0 sends them to the interpreter with the same results.
 * The core's execution tests on both engines are filter_engines_*.
 */
#include "filter_kunit.h"
#include "sbpf_asm.h"

/* Rewritten program of a loaded one; asserts the rewrite succeeds. */
static struct bpf_insn *jt_rewrite(struct kunit *test,
				   const struct bpf_insn *insns, u32 n,
				   u32 *lenp, struct sbpf_prog **progp)
{
	struct sbpf_image img = { .name = "jit_test", .insns = insns,
				  .n_insns = n };
	struct bpf_insn *out;

	KUNIT_ASSERT_EQ(test, sbpf_prog_load(&img, NULL, NULL, progp), 0);
	out = filter_jit_rewrite(*progp, lenp);
	KUNIT_ASSERT_NOT_NULL(test, out);
	return out;
}

/* Guards around divisions by a register; jumps still reach their target. */
static void jit_rewrite_div_guard(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		/* 0 */ SBPF_MOV64_IMM(BPF_REG_0, 100),
		/* 1 */ SBPF_MOV64_IMM(BPF_REG_1, 0),
		/* 2 */ SBPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 4),	/* to 7 */
		/* 3 */ SBPF_ALU64_REG(BPF_DIV, BPF_REG_0, BPF_REG_1),
		/* 4 */ SBPF_ALU64_REG(BPF_MOD, BPF_REG_0, BPF_REG_1),
		/* 5 */ SBPF_ALU32_REG(BPF_MOD, BPF_REG_0, BPF_REG_1),
		/* 6 */ SBPF_ALU32_REG(BPF_DIV, BPF_REG_0, BPF_REG_1),
		/* 7 */ SBPF_JMP_A(-6),				/* to 2 */
	};
	struct sbpf_prog *prog;
	struct bpf_insn *out;
	u32 len;

	/* The verifier refuses the backward jump: check the rewrite alone. */
	prog = kunit_kzalloc(test, sizeof(*prog), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	prog->insns = (struct bpf_insn *)insns;
	prog->len = ARRAY_SIZE(insns);
	out = filter_jit_rewrite(prog, &len);
	KUNIT_ASSERT_NOT_NULL(test, out);
	/* div64 +3, mod64 +1, mod32 +3, div32 +3. */
	KUNIT_EXPECT_EQ(test, len, (u32)ARRAY_SIZE(insns) + 10);
	/* Forward jump over 4 guarded insns: 4 + 10 inserted. */
	KUNIT_EXPECT_EQ(test, out[2].code, (u8)(BPF_JMP | BPF_JEQ | BPF_K));
	KUNIT_EXPECT_EQ(test, (int)out[2].off, 14);
	/* div64 guard: if src != 0 skip 2; dst = 0; skip 1; dst /= src. */
	KUNIT_EXPECT_EQ(test, out[3].code, (u8)(BPF_JMP | BPF_JNE | BPF_K));
	KUNIT_EXPECT_EQ(test, (u8)out[3].dst_reg, (u8)BPF_REG_1);
	KUNIT_EXPECT_EQ(test, out[4].code, (u8)(BPF_ALU | BPF_XOR | BPF_X));
	KUNIT_EXPECT_EQ(test, out[6].code, insns[3].code);
	/* mod64 guard: if src == 0 skip the modulo. */
	KUNIT_EXPECT_EQ(test, out[7].code, (u8)(BPF_JMP | BPF_JEQ | BPF_K));
	KUNIT_EXPECT_EQ(test, (int)out[7].off, 1);
	KUNIT_EXPECT_EQ(test, out[8].code, insns[4].code);
	/* mod32 guard zero-extends dst: w_dst = w_dst. */
	KUNIT_EXPECT_EQ(test, out[9].code, (u8)(BPF_JMP32 | BPF_JNE | BPF_K));
	KUNIT_EXPECT_EQ(test, out[10].code, (u8)(BPF_ALU | BPF_MOV | BPF_X));
	KUNIT_EXPECT_EQ(test, out[12].code, insns[5].code);
	KUNIT_EXPECT_EQ(test, out[16].code, insns[6].code);
	/* Backward jump from the end to insn 2. */
	KUNIT_EXPECT_EQ(test, out[17].code, (u8)(BPF_JMP | BPF_JA));
	KUNIT_EXPECT_EQ(test, (int)out[17].off, 2 - 18);
	kvfree(out);
}

/* 32-bit compare-and-exchange: r0 zero-extended after it. */
static void jit_rewrite_cmpxchg32(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 1),
		SBPF_ATOMIC(BPF_W, BPF_CMPXCHG, BPF_REG_10, BPF_REG_1, -4),
		SBPF_ATOMIC(BPF_DW, BPF_CMPXCHG, BPF_REG_10, BPF_REG_1, -8),
		SBPF_EXIT(),
	};
	struct sbpf_prog *prog;
	struct bpf_insn *out;
	u32 len;

	prog = kunit_kzalloc(test, sizeof(*prog), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	prog->insns = (struct bpf_insn *)insns;
	prog->len = ARRAY_SIZE(insns);
	out = filter_jit_rewrite(prog, &len);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ(test, len, (u32)ARRAY_SIZE(insns) + 1);
	/* The jump over the 32-bit form still lands on the 64-bit one. */
	KUNIT_EXPECT_EQ(test, (int)out[0].off, 2);
	KUNIT_EXPECT_EQ(test, out[1].code, insns[1].code);
	KUNIT_EXPECT_EQ(test, out[2].code, (u8)(BPF_ALU | BPF_MOV | BPF_X));
	KUNIT_EXPECT_EQ(test, (u8)out[2].dst_reg, (u8)BPF_REG_0);
	KUNIT_EXPECT_EQ(test, (u8)out[2].src_reg, (u8)BPF_REG_0);
	/* The 64-bit form needs nothing. */
	KUNIT_EXPECT_EQ(test, out[3].code, insns[2].code);
	KUNIT_EXPECT_EQ(test, out[4].code, insns[3].code);
	kvfree(out);
}

/* A helper call lands on the core's helper through __bpf_call_base. */
static void jit_rewrite_helper_call(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_CALL(SBPF_FUNC_time_get_ns),
		SBPF_MOV64_IMM(BPF_REG_0, 1),
		SBPF_EXIT(),
	};
	struct sbpf_prog *prog;
	struct bpf_insn *out;
	u32 len;

	out = jt_rewrite(test, insns, ARRAY_SIZE(insns), &len, &prog);
	KUNIT_EXPECT_EQ(test, len, prog->len);
	KUNIT_EXPECT_EQ(test, out[0].code, (u8)(BPF_JMP | BPF_CALL));
	KUNIT_EXPECT_PTR_EQ(test,
			    (void *)((unsigned long)__bpf_call_base +
				     (long)out[0].imm),
			    (void *)sbpf_helper_fns[SBPF_FUNC_time_get_ns]);
	/* The program itself keeps the core's helper number. */
	KUNIT_EXPECT_EQ(test, prog->insns[0].imm, SBPF_FUNC_time_get_ns);
	kvfree(out);
	sbpf_prog_free(prog);
}

/* With the kernel JIT enabled, programs run as native code. */
static void jit_native(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_MOV64_REG(BPF_REG_0, BPF_REG_2),
		SBPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 3),
		SBPF_EXIT(),
	};
	struct fk_dp *fk;
	struct ovs_filter_prog *fp;
	u8 pkt[20] = { };

	if (!fk_kernel_jit_enabled())
		kunit_skip(test, "the kernel's eBPF JIT is disabled");
	KUNIT_ASSERT_TRUE(test, READ_ONCE(jit));
	fk = fk_dp_new(test);
	fp = fk_prog_load(test, fk, 1, insns, ARRAY_SIZE(insns), NULL);
	KUNIT_ASSERT_NOT_NULL(test, fp->kprog);
	KUNIT_EXPECT_TRUE(test, (bool)fp->kprog->jited);
	KUNIT_EXPECT_GT(test, fp->kprog->jited_len, 0U);
	local_bh_disable();
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, ovs_filter_run(fp, pkt, sizeof(pkt)), 60ULL);
	rcu_read_unlock();
	local_bh_enable();
}

/* openvswitch.jit=0: loads run on the interpreter, with the same result. */
static void jit_forced_interpreter(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_MOV64_REG(BPF_REG_0, BPF_REG_2),
		SBPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 3),
		SBPF_EXIT(),
	};
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_prog *fp;
	bool saved = READ_ONCE(jit);
	u8 pkt[20] = { };
	u64 ret;

	WRITE_ONCE(jit, false);
	fp = fk_prog_load(test, fk, 1, insns, ARRAY_SIZE(insns), NULL);
	WRITE_ONCE(jit, saved);
	KUNIT_EXPECT_NULL(test, fp->kprog);
	local_bh_disable();
	rcu_read_lock();
	ret = ovs_filter_run(fp, pkt, sizeof(pkt));
	rcu_read_unlock();
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, 60ULL);
	/* Read at load: programs loaded afterwards use the JIT again. */
	if (fk_kernel_jit_enabled()) {
		fp = fk_prog_load(test, fk, 2, insns, ARRAY_SIZE(insns), NULL);
		KUNIT_EXPECT_NOT_NULL(test, fp->kprog);
	}
}

static struct kunit_case jit_test_cases[] = {
	KUNIT_CASE(jit_rewrite_div_guard),
	KUNIT_CASE(jit_rewrite_cmpxchg32),
	KUNIT_CASE(jit_rewrite_helper_call),
	KUNIT_CASE(jit_native),
	KUNIT_CASE(jit_forced_interpreter),
	{}
};

static struct kunit_suite jit_test_suite = {
	.name = "ovs_filter_jit",
	.test_cases = jit_test_cases,
	.suite_init = fk_suite_init,
	.suite_exit = fk_suite_exit,
};

kunit_test_suite(jit_test_suite);
