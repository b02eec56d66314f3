// SPDX-License-Identifier: GPL-2.0
/*
 * Filter programs on the kernel's eBPF JIT.
 *
 * A 6.1 module cannot allocate executable memory, so a program our
 * verifier accepted is handed to the kernel's own JIT backend
 * (bpf_prog_alloc() + bpf_prog_select_runtime()).  The kernel's verifier
 * never sees it; what it would have rewritten is rewritten here:
 *
 *  - helper calls: imm becomes the helper's offset from __bpf_call_base,
 *    which the JIT adds back (the helpers are sbpf_helper_fns[], in this
 *    module, well within the +-2 GiB a call reaches on x86-64);
 *  - division and modulo by a register: a guard gives the core's semantics
 *    (x / 0 = 0, x % 0 = x, 32-bit forms zero-extended) where the CPU
 *    would fault;
 *  - 32-bit compare-and-exchange: r0 is zero-extended after it (the x86
 *    instruction leaves r0's upper half alone when the exchange happens;
 *    the kernel's verifier inserts the same zero extension);
 *  - jumps are re-targeted around the inserted instructions;
 *  - map references are already 64-bit constants (sbpf_prog_bind_maps()),
 *    which the JIT loads as such.
 *
 * The JITed image is entered with the packet in r1 and its length in r2:
 * the JIT maps r1 and r2 to the first two C arguments.  Only a program the
 * backend really compiled is used (the kernel's interpreter expects its
 * own calling convention); anything else runs on our interpreter.
 */
#include <linux/filter.h>
#include <linux/moduleparam.h>

#include "filter.h"
#include "bpf/sbpf_internal.h"

static bool jit = true;
module_param(jit, bool, 0644);
MODULE_PARM_DESC(jit, "Run filter programs on the kernel's eBPF JIT (default) or, if 0, on the interpreter");

static bool filter_is_div_x(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	return (class == BPF_ALU || class == BPF_ALU64) &&
	       BPF_SRC(insn->code) == BPF_X &&
	       (op == BPF_DIV || op == BPF_MOD);
}

static bool filter_is_jump(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	return (class == BPF_JMP || class == BPF_JMP32) &&
	       op != BPF_CALL && op != BPF_EXIT;
}

static bool filter_is_cmpxchg32(const struct bpf_insn *insn)
{
	return insn->code == (BPF_STX | BPF_ATOMIC | BPF_W) &&
	       insn->imm == BPF_CMPXCHG;
}

/* The instruction, then w0 = w0. */
static u32 filter_cmpxchg32_patch(const struct bpf_insn *insn,
				  struct bpf_insn *out)
{
	if (out) {
		out[0] = *insn;
		out[1] = (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X,
					    .dst_reg = BPF_REG_0,
					    .src_reg = BPF_REG_0 };
	}
	return 2;
}

/* Instructions replacing a division or modulo by a register. */
static u32 filter_div_patch(const struct bpf_insn *insn, struct bpf_insn *out)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u8 jmp = is64 ? BPF_JMP : BPF_JMP32;
	u8 src = insn->src_reg, dst = insn->dst_reg;
	struct bpf_insn p[4];
	u32 n;

	if (BPF_OP(insn->code) == BPF_DIV) {
		/* if src != 0 goto div; dst = 0; goto out; div: dst /= src */
		p[0] = (struct bpf_insn){ .code = jmp | BPF_JNE | BPF_K,
					  .dst_reg = src, .off = 2 };
		p[1] = (struct bpf_insn){ .code = BPF_ALU | BPF_XOR | BPF_X,
					  .dst_reg = dst, .src_reg = dst };
		p[2] = (struct bpf_insn){ .code = BPF_JMP | BPF_JA, .off = 1 };
		p[3] = *insn;
		n = 4;
	} else if (is64) {
		/* if src == 0 goto out; dst %= src */
		p[0] = (struct bpf_insn){ .code = BPF_JMP | BPF_JEQ | BPF_K,
					  .dst_reg = src, .off = 1 };
		p[1] = *insn;
		n = 2;
	} else {
		/* if src != 0 goto mod; w_dst = w_dst; goto out; mod: ... */
		p[0] = (struct bpf_insn){ .code = BPF_JMP32 | BPF_JNE | BPF_K,
					  .dst_reg = src, .off = 2 };
		p[1] = (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X,
					  .dst_reg = dst, .src_reg = dst };
		p[2] = (struct bpf_insn){ .code = BPF_JMP | BPF_JA, .off = 1 };
		p[3] = *insn;
		n = 4;
	}
	if (out)
		memcpy(out, p, n * sizeof(*p));
	return n;
}

/* Instructions replacing @insn (into @out if not NULL); 1: unchanged. */
static u32 filter_patch(const struct bpf_insn *insn, struct bpf_insn *out)
{
	if (filter_is_div_x(insn))
		return filter_div_patch(insn, out);
	if (filter_is_cmpxchg32(insn))
		return filter_cmpxchg32_patch(insn, out);
	return 1;
}

/* The program's instructions as the kernel JIT needs them, or NULL. */
static struct bpf_insn *filter_jit_rewrite(const struct sbpf_prog *prog,
					   u32 *lenp)
{
	struct bpf_insn *out = NULL;
	u32 *pos, i, n = 0;

	pos = kvcalloc(prog->len + 1, sizeof(*pos), GFP_KERNEL);
	if (!pos)
		return NULL;
	for (i = 0; i < prog->len; i++) {
		pos[i] = n;
		n += filter_patch(&prog->insns[i], NULL);
	}
	pos[prog->len] = n;
	out = kvcalloc(n, sizeof(*out), GFP_KERNEL);
	if (!out)
		goto fail;

	for (i = 0; i < prog->len; i++) {
		const struct bpf_insn *insn = &prog->insns[i];
		struct bpf_insn *o = &out[pos[i]];

		if (filter_patch(insn, NULL) > 1) {
			filter_patch(insn, o);
			continue;
		}
		*o = *insn;
		if (filter_is_jump(insn)) {
			s64 target = (s64)i + 1 + insn->off, off;

			if (target < 0 || target > prog->len)
				goto fail;
			off = (s64)pos[target] - (pos[i] + 1);
			if (off < S16_MIN || off > S16_MAX)
				goto fail;
			o->off = off;
		} else if (insn->code == (BPF_JMP | BPF_CALL)) {
			s64 delta;

			if (insn->imm <= 0 || insn->imm >= __SBPF_FUNC_MAX ||
			    !sbpf_helper_fns[insn->imm])
				goto fail;
			delta = (s64)(unsigned long)sbpf_helper_fns[insn->imm] -
				(s64)(unsigned long)__bpf_call_base;
			if (delta < S32_MIN || delta > S32_MAX)
				goto fail;
			o->imm = delta;
		}
	}
	kvfree(pos);
	*lenp = n;
	return out;

fail:
	kvfree(pos);
	kvfree(out);
	return NULL;
}

/**
 * ovs_filter_jit() - compile a verified program with the kernel's JIT.
 * @prog: the program, verified and with its maps bound.
 *
 * Control plane; may sleep.
 *
 * Return: the JITed kernel program, or NULL (JIT disabled, unavailable or
 * refused): run @prog on the interpreter.
 */
struct bpf_prog *ovs_filter_jit(const struct sbpf_prog *prog)
{
	struct bpf_prog *kp;
	struct bpf_insn *insns;
	u32 len;
	int err = 0;

	if (!READ_ONCE(jit))
		return NULL;
	insns = filter_jit_rewrite(prog, &len);
	if (!insns)
		return NULL;
	kp = bpf_prog_alloc(bpf_prog_size(len), 0);
	if (!kp) {
		kvfree(insns);
		return NULL;
	}
	memcpy(kp->insnsi, insns, len * sizeof(*insns));
	kvfree(insns);
	kp->len = len;
	kp->type = BPF_PROG_TYPE_UNSPEC;
	kp->aux->stack_depth = SBPF_STACK_SIZE;
	kp = bpf_prog_select_runtime(kp, &err);
	if (err || !kp->jited) {
		bpf_prog_free(kp);
		return NULL;
	}
	return kp;
}

/* Any context. */
void ovs_filter_jit_free(struct bpf_prog *kp)
{
	if (kp)
		bpf_prog_free(kp);
}

#ifdef OVS_FILTER_KUNIT
/* The KUnit build only (datapath/linux/Kbuild): tests of the statics. */
#include "kunit/datapath/filter_jit_test.c"
#endif
