// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Sluice verifier: the security boundary of the filter-program core.
 *
 * Design
 * ------
 * A program is accepted only if every execution, for every frame and every
 * map content, (a) terminates, (b) touches only memory it was proven to own
 * (the frame up to a length it compared against, its 512-byte stack, map
 * values within their size), (c) never reads an uninitialised register or
 * stack byte, (d) never lets a kernel address escape into a map value, a
 * helper's integer argument, the return value or a comparison with a scalar,
 * and (e) calls helpers only as their prototypes allow.
 *
 * The verifier is a pipeline of passes over an explicit env:
 *
 *   check_opcodes  every opcode exists (insn_table.h), reserved fields are
 *                  zero, register numbers, LD_IMM64 pairs and map references
 *                  are valid;
 *   check_cfg      jump targets land on instructions, every instruction is
 *                  reachable, no path falls off the end; marks prune points;
 *   compute_live   static backward liveness of registers, used to ignore
 *                  dead registers when comparing states;
 *   do_check       abstract interpretation, path by path.
 *
 * Abstract state: each register is NOT_INIT, a SCALAR (tnum + signed and
 * unsigned bounds at 64 and 32 bits) or a pointer of one type with a
 * constant offset and a scalar-like variable offset.  The stack is per byte
 * (invalid, misc, zero, spilled register, clobbered spill) with exact
 * spill/fill of whole 8-byte slots.  The frame's proven length is a lower
 * bound kept in the state; r2 at entry carries the scalar id SV_LEN_ID, so
 * every comparison of r2 (or an exact copy of it) raises that bound, and
 * r1 + r2 is the packet-end pointer whose comparisons with packet pointers
 * raise it as well.  r2 is taken to be below 2^32 (the frame length is an
 * unsigned int in the kernel datapath).
 *
 * Exploration is depth-first: a conditional jump whose outcome the bounds
 * do not decide queues the other branch, both branches refined by the
 * condition.  Loops need no special case: each iteration is a new path
 * state, and a loop whose variable's bounds make it exit terminates the
 * exploration.
 *
 * Pruning: at prune points (jump targets, fall-through of conditional
 * jumps, after calls) the state is stored as a checkpoint.  A later state
 * that is contained in a *complete* checkpoint (one whose every path has
 * been verified to the end) is safe and terminates, so its path stops there.
 * Containment: every live register of the old state is at least as general
 * (NOT_INIT in the old state is most general, scalars by range and tnum
 * inclusion, pointers of the same type and map with contained offsets),
 * every stack byte likewise, the old proven length is not longer, and the
 * old id relations hold in the new state.  Checkpoints whose paths are still
 * open (ancestors of the current path, i.e. inside a loop being explored)
 * are never used to prune: doing so could accept a loop that never ends.
 * A state exactly equal to an open checkpoint at the same instruction is an
 * abstract loop that cannot end and is rejected at once.
 *
 * Liveness: a static backward pass computes, per instruction, the registers
 * that may be read before being written.  Dead registers are ignored when
 * comparing states (their value cannot matter), which is what lets the
 * branches of "if (...) x = a; else x = b;" merge once x is overwritten.
 * Scalars are otherwise tracked precisely (no precision marks): sound, and
 * bounded by the budgets below.
 *
 * Budgets: instructions simulated, checkpoints per instruction and in total,
 * queued branches, work spent comparing states (registers and stack slots
 * compared).  Exceeding one gives -E2BIG.  Memory
 * is allocated on the heap and bounded by these budgets and the program
 * length (a checkpoint holds 11 registers and at most 64 stack slots).
 *
 * Deliberately stricter than Linux (root): no pointer may be compared with
 * a scalar other than 0, stored into a map value or the packet, passed as
 * an integer argument, returned, moved with a 32-bit instruction or read
 * back in parts from the stack; reads of uninitialised stack are errors;
 * stack offsets are constants; only add/sub of scalars on pointers; the
 * map types a helper takes are checked at load time.
 */
#include "verifier.h"
#include "insn_table.h"
#include "disasm.h"

#define SV_U64_MAX	(~(u64)0)
#define SV_S64_MAX	((s64)(SV_U64_MAX >> 1))
#define SV_S64_MIN	(-SV_S64_MAX - 1)
#define SV_U32_MAX	((u32)~0U)
#define SV_S32_MAX	((s32)(SV_U32_MAX >> 1))
#define SV_S32_MIN	(-SV_S32_MAX - 1)

#define SV_LOG_LINE	256

/* Variadic arguments without an OS header: the compiler's own. */
#define sv_va_list		__builtin_va_list
#define sv_va_start(ap, last)	__builtin_va_start(ap, last)
#define sv_va_end(ap)		__builtin_va_end(ap)

#ifndef __printf
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#endif

static const char *const sv_type_names[__SV_REG_TYPE_MAX] = {
	[SV_NOT_INIT]			= "uninitialized",
	[SV_SCALAR]			= "scalar",
	[SV_PTR_TO_PACKET]		= "packet pointer",
	[SV_PTR_TO_PACKET_END]		= "packet end pointer",
	[SV_PTR_TO_STACK]		= "stack pointer",
	[SV_PTR_TO_MAP_VALUE]		= "map value pointer",
	[SV_PTR_TO_MAP_VALUE_OR_NULL]	= "map value pointer or null",
	[SV_CONST_MAP_PTR]		= "map handle",
};

/* ------------------------------------------------------------ the log -- */

static void log_write(struct sbpf_verifier_log *log, const char *s, u32 n)
{
	u32 room;

	if (!log || !log->buf || !log->size)
		return;
	room = log->size - 1 - log->len;
	if (n > room) {
		n = room;
		log->truncated = true;
	}
	memcpy(log->buf + log->len, s, n);
	log->len += n;
	log->buf[log->len] = '\0';
}

static __printf(2, 3) void log_raw(struct sv_env *env, const char *fmt, ...)
{
	char line[SV_LOG_LINE];
	sv_va_list ap;
	int n;

	if (!env->log || env->log->level == SBPF_LOG_NONE)
		return;
	sv_va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	sv_va_end(ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	log_write(env->log, line, n);
}

static void insn_text(const struct sv_env *env, u32 idx, char *buf, u32 size)
{
	const struct bpf_insn *insn = &env->insns[idx];

	if (sbpf_disasm_insn(env->prog, env->insns, env->len, idx, buf,
			     size) > 0)
		return;
	snprintf(buf, size, "(%02x) dst r%u src r%u off %d imm %d",
		 insn->code, insn->dst_reg, insn->src_reg, insn->off,
		 insn->imm);
}

/*
 * A finding: "insn N: <insn>: <reason>".  Only the first finding of a
 * verification is logged: it is the reason of the rejection.
 */
static __printf(3, 4) int verr(struct sv_env *env, int err,
			       const char *fmt, ...)
{
	char line[SV_LOG_LINE];
	char text[SBPF_DISASM_LINE];
	sv_va_list ap;
	u32 idx;

	if (env->logged_error)
		return err;
	env->logged_error = true;
	if (!env->log || env->log->level == SBPF_LOG_NONE)
		return err;
	idx = env->cur ? env->cur->insn_idx : env->prev_insn;
	if (idx < env->len) {
		insn_text(env, idx, text, sizeof(text));
		log_raw(env, "insn %u: %s: ", idx, text);
	}
	sv_va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	sv_va_end(ap);
	log_raw(env, "%s\n", line);
	return err;
}

#define reject(env, ...)	verr(env, -EINVAL, __VA_ARGS__)

static void log_reg(struct sv_env *env, u32 regno, const struct sv_reg *r)
{
	switch (r->type) {
	case SV_NOT_INIT:
		return;
	case SV_SCALAR:
		if (tnum_is_const(r->var_off))
			log_raw(env, " R%u=%lld", regno,
				(long long)r->var_off.value);
		else
			log_raw(env,
				" R%u=scalar(u[%llu,%llu] s[%lld,%lld] v(%#llx;%#llx)%s)",
				regno, (unsigned long long)r->umin,
				(unsigned long long)r->umax,
				(long long)r->smin, (long long)r->smax,
				(unsigned long long)r->var_off.value,
				(unsigned long long)r->var_off.mask,
				r->id == SV_LEN_ID ? " len" : "");
		return;
	case SV_CONST_MAP_PTR:
		log_raw(env, " R%u=map%u", regno, r->map_idx);
		return;
	default:
		log_raw(env, " R%u=%s(off=%d", regno, sv_type_names[r->type],
			r->off);
		if (!tnum_is_const(r->var_off) || r->var_off.value)
			log_raw(env, ",var=[%llu,%llu]",
				(unsigned long long)r->umin,
				(unsigned long long)r->umax);
		if (r->type == SV_PTR_TO_PACKET && r->range)
			log_raw(env, ",r=%u", r->range);
		if (r->type == SV_PTR_TO_MAP_VALUE ||
		    r->type == SV_PTR_TO_MAP_VALUE_OR_NULL)
			log_raw(env, ",map%u", r->map_idx);
		log_raw(env, ")");
	}
}

static void log_state(struct sv_env *env)
{
	struct sv_state *st = env->cur;
	char text[SBPF_DISASM_LINE];
	u32 i;

	insn_text(env, st->insn_idx, text, sizeof(text));
	log_raw(env, "%u: %s ;", st->insn_idx, text);
	for (i = 0; i < SV_NREGS; i++)
		log_reg(env, i, &st->regs[i]);
	if (st->pkt_len_min)
		log_raw(env, " len>=%u", st->pkt_len_min);
	log_raw(env, "\n");
}

/* --------------------------------------------------- scalar bounds -- */

static void mark_unknown(struct sv_reg *r)
{
	memset(r, 0, sizeof(*r));
	r->type = SV_SCALAR;
	r->var_off = tnum_unknown();
	r->smin = SV_S64_MIN;
	r->smax = SV_S64_MAX;
	r->umax = SV_U64_MAX;
	r->s32_min = SV_S32_MIN;
	r->s32_max = SV_S32_MAX;
	r->u32_max = SV_U32_MAX;
}

static void set_known(struct sv_reg *r, u64 v)
{
	r->var_off = tnum_const(v);
	r->smin = r->smax = (s64)v;
	r->umin = r->umax = v;
	r->s32_min = r->s32_max = (s32)(u32)v;
	r->u32_min = r->u32_max = (u32)v;
}

static void mark_known(struct sv_reg *r, u64 v)
{
	memset(r, 0, sizeof(*r));
	r->type = SV_SCALAR;
	set_known(r, v);
}

static void mark_not_init(struct sv_reg *r, u32 clobbered_at)
{
	memset(r, 0, sizeof(*r));
	r->clobbered_at = clobbered_at;
}

/* Forget the bounds, keep the tnum; sync() rebuilds them. */
static void reset_bounds(struct sv_reg *r)
{
	r->smin = SV_S64_MIN;
	r->smax = SV_S64_MAX;
	r->umin = 0;
	r->umax = SV_U64_MAX;
	r->s32_min = SV_S32_MIN;
	r->s32_max = SV_S32_MAX;
	r->u32_min = 0;
	r->u32_max = SV_U32_MAX;
}

static u64 max_u64(u64 a, u64 b) { return a > b ? a : b; }
static u64 min_u64(u64 a, u64 b) { return a < b ? a : b; }
static s64 max_s64(s64 a, s64 b) { return a > b ? a : b; }
static s64 min_s64(s64 a, s64 b) { return a < b ? a : b; }

/*
 * Make the five views of a scalar (tnum, u64, s64, u32, s32 bounds) agree
 * with each other.  Each step only removes values no view allows.  A result
 * with min > max in any view means the register has no possible value
 * (the path is infeasible); bounds_ok() tells.
 */
static void sync_bounds(struct sv_reg *r)
{
	int round;

	for (round = 0; round < 2; round++) {
		struct tnum sub = tnum_subreg(r->var_off);
		u64 hi;

		/* tnum -> bounds */
		r->umin = max_u64(r->umin, r->var_off.value);
		r->umax = min_u64(r->umax, r->var_off.value | r->var_off.mask);
		r->smin = max_s64(r->smin, (s64)(r->var_off.value |
					(r->var_off.mask & (u64)SV_S64_MIN)));
		r->smax = min_s64(r->smax, (s64)(r->var_off.value |
					(r->var_off.mask & (u64)SV_S64_MAX)));
		r->u32_min = max_u64(r->u32_min, sub.value);
		r->u32_max = min_u64(r->u32_max, sub.value | sub.mask);
		r->s32_min = max_s64(r->s32_min, (s32)(u32)(sub.value |
					(sub.mask & 0x80000000ULL)));
		r->s32_max = min_s64(r->s32_max, (s32)(u32)(sub.value |
					(sub.mask & 0x7fffffffULL)));

		/* signed <-> unsigned where the ranges do not wrap */
		if ((s64)r->umin <= (s64)r->umax) {
			r->smin = max_s64(r->smin, (s64)r->umin);
			r->smax = min_s64(r->smax, (s64)r->umax);
		}
		if ((u64)r->smin <= (u64)r->smax) {
			r->umin = max_u64(r->umin, (u64)r->smin);
			r->umax = min_u64(r->umax, (u64)r->smax);
		}
		if ((s32)r->u32_min <= (s32)r->u32_max) {
			r->s32_min = max_s64(r->s32_min, (s32)r->u32_min);
			r->s32_max = min_s64(r->s32_max, (s32)r->u32_max);
		}
		if ((u32)r->s32_min <= (u32)r->s32_max) {
			r->u32_min = max_u64(r->u32_min, (u32)r->s32_min);
			r->u32_max = min_u64(r->u32_max, (u32)r->s32_max);
		}

		/* 64 -> 32 when the upper halves are equal */
		if ((r->umin >> 32) == (r->umax >> 32)) {
			r->u32_min = max_u64(r->u32_min, (u32)r->umin);
			r->u32_max = min_u64(r->u32_max, (u32)r->umax);
		}
		if ((r->smin >> 32) == (r->smax >> 32) &&
		    (s32)r->smin <= (s32)r->smax) {
			r->s32_min = max_s64(r->s32_min, (s32)r->smin);
			r->s32_max = min_s64(r->s32_max, (s32)r->smax);
		}
		/* 32 -> 64 likewise */
		if ((r->umin >> 32) == (r->umax >> 32) &&
		    r->u32_min <= r->u32_max) {
			hi = r->umin & ~(u64)SV_U32_MAX;
			r->umin = max_u64(r->umin, hi | r->u32_min);
			r->umax = min_u64(r->umax, hi | r->u32_max);
		}

		/* bounds -> tnum */
		if (r->umin <= r->umax)
			r->var_off = tnum_intersect(r->var_off,
					tnum_range(r->umin, r->umax));
		if (r->u32_min <= r->u32_max)
			r->var_off = tnum_with_subreg(r->var_off,
				tnum_intersect(tnum_subreg(r->var_off),
					tnum_range(r->u32_min, r->u32_max)));
	}
}

static bool bounds_ok(const struct sv_reg *r)
{
	return r->umin <= r->umax && r->smin <= r->smax &&
	       r->u32_min <= r->u32_max && r->s32_min <= r->s32_max &&
	       !(r->var_off.value & r->var_off.mask);
}

/* Zero-extend the low 32 bits into the whole register. */
static void zext_32(struct sv_reg *r)
{
	r->var_off = tnum_subreg(r->var_off);
	r->umin = r->u32_min;
	r->umax = r->u32_max;
	r->smin = r->u32_min;
	r->smax = r->u32_max;
	sync_bounds(r);
}

/* An unknown scalar of @size bytes, zero-extended (a load). */
static void mark_unknown_sized(struct sv_reg *r, u32 size)
{
	mark_unknown(r);
	if (size < 8) {
		r->var_off = tnum_range(0, ((u64)1 << (size * 8)) - 1);
		reset_bounds(r);
		sync_bounds(r);
	}
}

static bool is_pointer(const struct sv_reg *r)
{
	return r->type > SV_SCALAR;
}

static bool is_const(const struct sv_reg *r)
{
	return r->type == SV_SCALAR && tnum_is_const(r->var_off);
}

/* ------------------------------------------------- state management -- */

static void free_state(struct sv_state *st)
{
	if (!st)
		return;
	sbpf_free(st->stack);
	sbpf_free(st);
}

static int copy_state(struct sv_state *dst, const struct sv_state *src)
{
	struct sv_stack_slot *stack = NULL;

	if (src->nslots) {
		stack = sbpf_zalloc(src->nslots * sizeof(*stack));
		if (!stack)
			return -ENOMEM;
		memcpy(stack, src->stack, src->nslots * sizeof(*stack));
	}
	sbpf_free(dst->stack);
	*dst = *src;
	dst->stack = stack;
	return 0;
}

static struct sv_state *dup_state(const struct sv_state *src)
{
	struct sv_state *st = sbpf_zalloc(sizeof(*st));

	if (!st)
		return NULL;
	if (copy_state(st, src)) {
		sbpf_free(st);
		return NULL;
	}
	return st;
}

/* Make sure slots down to fp - 8 * nslots exist. */
static int grow_stack(struct sv_state *st, u32 nslots)
{
	struct sv_stack_slot *stack;

	if (nslots <= st->nslots)
		return 0;
	stack = sbpf_zalloc(nslots * sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	if (st->nslots)
		memcpy(stack, st->stack, st->nslots * sizeof(*stack));
	sbpf_free(st->stack);
	st->stack = stack;
	st->nslots = nslots;
	return 0;
}

/* Byte at frame offset @off (-512 <= off < 0): slot and index. */
static u8 *stack_byte(struct sv_state *st, s32 off)
{
	u32 slot = (u32)(-off - 1) / 8;
	u32 idx = (u32)(off + 8 * (s32)(slot + 1));

	if (slot >= st->nslots)
		return NULL;
	return &st->stack[slot].type[idx];
}

static u8 stack_byte_type(struct sv_state *st, s32 off)
{
	u8 *b = stack_byte(st, off);

	return b ? *b : SV_STACK_INVALID;
}

/* Checkpoint accounting: one path below @cp has ended. */
static void path_done(struct sv_checkpoint *cp)
{
	while (cp) {
		if (--cp->live)
			return;
		cp = cp->parent;
	}
}

static int push_pending(struct sv_env *env, const struct sv_state *st)
{
	struct sv_state *copy;

	if (env->npending >= SV_MAX_PENDING)
		return verr(env, -E2BIG,
			    "more than %u branches waiting to be explored: the program is too complex",
			    SV_MAX_PENDING);
	copy = dup_state(st);
	if (!copy)
		return -ENOMEM;
	if (copy->parent)
		copy->parent->live++;
	env->pending[env->npending++] = copy;
	return 0;
}

/* ----------------------------------------------------- scalar ALU -- */

static void scalar_add(struct sv_reg *d, const struct sv_reg *s)
{
	s64 smin, smax;
	u64 umin, umax;

	d->var_off = tnum_add(d->var_off, s->var_off);
	if (__builtin_add_overflow(d->smin, s->smin, &smin) ||
	    __builtin_add_overflow(d->smax, s->smax, &smax)) {
		smin = SV_S64_MIN;
		smax = SV_S64_MAX;
	}
	if (__builtin_add_overflow(d->umin, s->umin, &umin) ||
	    __builtin_add_overflow(d->umax, s->umax, &umax)) {
		umin = 0;
		umax = SV_U64_MAX;
	}
	reset_bounds(d);
	d->smin = smin;
	d->smax = smax;
	d->umin = umin;
	d->umax = umax;
}

static void scalar_sub(struct sv_reg *d, const struct sv_reg *s)
{
	s64 smin, smax;
	u64 umin, umax;

	d->var_off = tnum_sub(d->var_off, s->var_off);
	if (__builtin_sub_overflow(d->smin, s->smax, &smin) ||
	    __builtin_sub_overflow(d->smax, s->smin, &smax)) {
		smin = SV_S64_MIN;
		smax = SV_S64_MAX;
	}
	if (d->umin < s->umax) {
		umin = 0;
		umax = SV_U64_MAX;
	} else {
		umin = d->umin - s->umax;
		umax = d->umax - s->umin;
	}
	reset_bounds(d);
	d->smin = smin;
	d->smax = smax;
	d->umin = umin;
	d->umax = umax;
}

/* 64-bit operation on two scalars; @d gets the result. */
static void scalar_alu64(struct sv_reg *d, const struct sv_reg *s, u8 op)
{
	u64 dumax = d->umax, dumin = d->umin;
	s64 dsmin = d->smin, dsmax = d->smax;
	u8 sh;

	switch (op) {
	case BPF_ADD:
		scalar_add(d, s);
		break;
	case BPF_SUB:
		scalar_sub(d, s);
		break;
	case BPF_MUL:
		d->var_off = tnum_mul(d->var_off, s->var_off);
		reset_bounds(d);
		if (dumax <= SV_U32_MAX && s->umax <= SV_U32_MAX) {
			d->umin = dumin * s->umin;
			d->umax = dumax * s->umax;
		}
		break;
	case BPF_DIV:
		/* x / 0 == 0 and x / y <= x */
		if (is_const(s) && s->umin) {
			d->var_off = tnum_range(dumin / s->umin,
						dumax / s->umin);
			reset_bounds(d);
			d->umin = dumin / s->umin;
			d->umax = dumax / s->umin;
		} else {
			d->var_off = tnum_range(0, dumax);
			reset_bounds(d);
		}
		break;
	case BPF_MOD:
		/* x % 0 == x and x % y <= x, x % y < y when y > 0 */
		d->var_off = tnum_range(0, s->umin ?
					min_u64(dumax, s->umax - 1) : dumax);
		reset_bounds(d);
		break;
	case BPF_AND:
		d->var_off = tnum_and(d->var_off, s->var_off);
		reset_bounds(d);
		d->umax = min_u64(dumax, s->umax);
		break;
	case BPF_OR:
		d->var_off = tnum_or(d->var_off, s->var_off);
		reset_bounds(d);
		d->umin = max_u64(dumin, s->umin);
		break;
	case BPF_XOR:
		d->var_off = tnum_xor(d->var_off, s->var_off);
		reset_bounds(d);
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (!is_const(s) || s->umin > 63) {
			/* amount not known: masked at run time */
			if (op == BPF_RSH && s->umax <= 63) {
				d->var_off = tnum_range(dumin >> s->umax,
							dumax >> s->umin);
				reset_bounds(d);
			} else {
				mark_unknown(d);
			}
			break;
		}
		sh = (u8)s->umin;
		if (op == BPF_LSH) {
			d->var_off = tnum_lshift(d->var_off, sh);
			reset_bounds(d);
			if (sh == 0 || !(dumax >> (64 - sh))) {
				d->umin = dumin << sh;
				d->umax = dumax << sh;
			}
		} else if (op == BPF_RSH) {
			d->var_off = tnum_rshift(d->var_off, sh);
			reset_bounds(d);
			d->umin = dumin >> sh;
			d->umax = dumax >> sh;
		} else {
			d->var_off = tnum_arshift(d->var_off, sh, 64);
			reset_bounds(d);
			d->smin = dsmin >> sh;
			d->smax = dsmax >> sh;
		}
		break;
	case BPF_NEG:
		d->var_off = tnum_neg(d->var_off);
		reset_bounds(d);
		if (dsmin != SV_S64_MIN) {
			d->smin = -dsmax;
			d->smax = -dsmin;
		}
		break;
	}
	sync_bounds(d);
}

/* The low 32 bits of @r as a zero-extended 64-bit scalar. */
static void view_32(struct sv_reg *v, const struct sv_reg *r)
{
	mark_unknown(v);
	v->var_off = tnum_subreg(r->var_off);
	reset_bounds(v);
	v->umin = r->u32_min;
	v->umax = r->u32_max;
	sync_bounds(v);
}

/*
 * 32-bit operation: computed on the zero-extended low halves at 64 bits,
 * then truncated; the result is zero-extended as the instruction does.
 */
static void scalar_alu32(struct sv_reg *d, const struct sv_reg *s, u8 op)
{
	struct sv_reg a, b;
	s32 smin = d->s32_min, smax = d->s32_max;

	view_32(&a, d);
	view_32(&b, s);
	if (op == BPF_ARSH) {
		if (is_const(&b) && b.umin < 32) {
			u8 sh = (u8)b.umin;

			a.var_off = tnum_arshift(a.var_off, sh, 32);
			reset_bounds(&a);
			a.u32_min = 0;
			a.s32_min = smin >> sh;
			a.s32_max = smax >> sh;
		} else {
			mark_unknown(&a);
		}
	} else if ((op == BPF_LSH || op == BPF_RSH) &&
		   !(is_const(&b) && b.umin < 32)) {
		mark_unknown(&a);
	} else {
		scalar_alu64(&a, &b, op);
		if ((a.umin >> 32) == (a.umax >> 32)) {
			u32 lo = (u32)a.umin, hi = (u32)a.umax;

			a.var_off = tnum_subreg(a.var_off);
			reset_bounds(&a);
			a.u32_min = lo;
			a.u32_max = hi;
		} else {
			a.var_off = tnum_subreg(a.var_off);
			reset_bounds(&a);
		}
	}
	sync_bounds(&a);
	*d = a;
	d->type = SV_SCALAR;
	zext_32(d);
}

/* Byte swaps: exact on constants, otherwise only the width is known. */
static void scalar_end(struct sv_reg *d, bool to_be, s32 bits)
{
	u64 v = d->var_off.value;

	if (is_const(d)) {
		if (bits == 16)
			v = to_be ? sbpf_cpu_to_be16((u16)v) :
				    sbpf_cpu_to_le16((u16)v);
		else if (bits == 32)
			v = to_be ? sbpf_cpu_to_be32((u32)v) :
				    sbpf_cpu_to_le32((u32)v);
		else
			v = to_be ? sbpf_cpu_to_be64(v) :
				    sbpf_cpu_to_le64(v);
		mark_known(d, v);
		return;
	}
	mark_unknown_sized(d, bits / 8);
}

/* ------------------------------------------------- register checks -- */

static struct sv_reg *reg(struct sv_env *env, u32 regno)
{
	return &env->cur->regs[regno];
}

/* @regno is about to be read: it must hold a value. */
static int check_reg_init(struct sv_env *env, u32 regno)
{
	struct sv_reg *r = reg(env, regno);

	if (r->type != SV_NOT_INIT)
		return 0;
	if (r->clobbered_at)
		return reject(env,
			      "R%u is not readable: clobbered by the call at insn %u",
			      regno, r->clobbered_at - 1);
	return reject(env, "R%u is not initialized", regno);
}

static u32 new_id(struct sv_env *env)
{
	return ++env->next_id;
}

/* ---------------------------------------------------- pointer ALU -- */

static const char *const sv_alu_names[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	"neg", "%=", "^=", "=", "s>>=", "endian", "?", "?",
};

/*
 * ptr += scalar, ptr -= scalar (64-bit only).  @p is the pointer operand,
 * @s the scalar; the result goes to @dst.
 */
static int ptr_alu(struct sv_env *env, u32 dst, const struct sv_reg *p,
		   u32 pregno, const struct sv_reg *s, u32 sregno, u8 op)
{
	struct sv_reg res = *p;
	s64 off;

	switch (p->type) {
	case SV_PTR_TO_PACKET:
	case SV_PTR_TO_STACK:
	case SV_PTR_TO_MAP_VALUE:
		break;
	case SV_PTR_TO_MAP_VALUE_OR_NULL:
		return reject(env,
			      "R%u arithmetic on a map value pointer that may be null: check it against 0 first",
			      pregno);
	default:
		return reject(env, "R%u arithmetic on a %s is not allowed",
			      pregno, sv_type_names[p->type]);
	}
	if (op != BPF_ADD && op != BPF_SUB)
		return reject(env,
			      "R%u pointer arithmetic with %s: only += and -= of a scalar are allowed",
			      pregno, sv_alu_names[op >> 4]);
	if (s->type == SV_SCALAR && s->id == SV_LEN_ID &&
	    p->type == SV_PTR_TO_PACKET && op == BPF_ADD && p->off == 0 &&
	    tnum_equals_const(p->var_off, 0)) {
		/* frame start + frame length */
		memset(&res, 0, sizeof(res));
		res.type = SV_PTR_TO_PACKET_END;
		res.var_off = tnum_const(0);
		env->cur->regs[dst] = res;
		return 0;
	}
	if (is_const(s)) {
		off = op == BPF_ADD ? (s64)p->off + (s64)s->var_off.value :
				      (s64)p->off - (s64)s->var_off.value;
		if ((s64)s->var_off.value < -SV_MAX_VAR_OFF ||
		    (s64)s->var_off.value > SV_MAX_VAR_OFF ||
		    off < -SV_MAX_VAR_OFF || off > SV_MAX_VAR_OFF)
			return reject(env,
				      "R%u pointer offset %lld out of range [-%d, %d]",
				      pregno, (long long)off, SV_MAX_VAR_OFF,
				      SV_MAX_VAR_OFF);
		res.off = (s32)off;
		env->cur->regs[dst] = res;
		return 0;
	}
	if (p->type == SV_PTR_TO_STACK)
		return reject(env,
			      "R%u variable offset added to a stack pointer: stack offsets must be constant",
			      pregno);
	if (op == BPF_SUB)
		return reject(env,
			      "R%u variable offset subtracted from a %s: only constants may be subtracted",
			      pregno, sv_type_names[p->type]);
	if (s->smin < 0 ||
	    s->umax > (p->type == SV_PTR_TO_PACKET ? SV_MAX_PKT_OFF :
						      SV_MAX_VAR_OFF))
		return reject(env,
			      "R%u unbounded scalar (range [%lld, %llu]) added to a %s",
			      sregno, (long long)s->smin,
			      (unsigned long long)s->umax,
			      sv_type_names[p->type]);
	scalar_add(&res, s);
	sync_bounds(&res);
	if (res.umax > SV_MAX_VAR_OFF)
		return reject(env,
			      "R%u variable offset of the %s may reach %llu",
			      pregno, sv_type_names[p->type],
			      (unsigned long long)res.umax);
	res.type = p->type;
	res.off = p->off;
	res.map_idx = p->map_idx;
	res.id = p->type == SV_PTR_TO_PACKET ? new_id(env) : 0;
	res.range = 0;
	res.clobbered_at = 0;
	env->cur->regs[dst] = res;
	return 0;
}

/* ------------------------------------------------------ ALU insns -- */

static int check_alu(struct sv_env *env, const struct bpf_insn *insn)
{
	u8 op = BPF_OP(insn->code);
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u32 dst = insn->dst_reg, src = insn->src_reg;
	struct sv_reg *d = reg(env, dst);
	struct sv_reg sv;
	int err;

	if (op == BPF_END || op == BPF_NEG) {
		err = check_reg_init(env, dst);
		if (err)
			return err;
		if (is_pointer(d))
			return reject(env, "R%u %s applied to a %s", dst,
				      op == BPF_END ? "byte swap" : "negation",
				      sv_type_names[d->type]);
		d->id = 0;
		if (op == BPF_END)
			scalar_end(d, BPF_SRC(insn->code) == BPF_TO_BE,
				   insn->imm);
		else if (is64)
			scalar_alu64(d, d, BPF_NEG);
		else
			scalar_alu32(d, d, BPF_NEG);
		return 0;
	}

	if (BPF_SRC(insn->code) == BPF_X) {
		err = check_reg_init(env, src);
		if (err)
			return err;
		sv = *reg(env, src);
	} else {
		mark_known(&sv, is64 ? (u64)(s64)insn->imm : (u32)insn->imm);
	}

	if (op == BPF_MOV) {
		if (is64) {
			if (BPF_SRC(insn->code) == BPF_X &&
			    sv.type == SV_SCALAR) {
				/* keep track of copies of one value */
				if (!sv.id) {
					sv.id = new_id(env);
					reg(env, src)->id = sv.id;
				}
			}
			*d = sv;
			return 0;
		}
		if (is_pointer(&sv))
			return reject(env,
				      "R%u 32-bit move of a %s would leak an address",
				      src, sv_type_names[sv.type]);
		*d = sv;
		d->id = 0;
		zext_32(d);
		return 0;
	}

	err = check_reg_init(env, dst);
	if (err)
		return err;

	if (is_pointer(d) || is_pointer(&sv)) {
		if (!is64)
			return reject(env, "R%u 32-bit arithmetic on a %s",
				      is_pointer(d) ? dst : src,
				      sv_type_names[is_pointer(d) ?
						    d->type : sv.type]);
		if (is_pointer(d) && is_pointer(&sv))
			return reject(env,
				      "R%u %s R%u: arithmetic between two pointers is not allowed",
				      dst, sv_alu_names[op >> 4], src);
		if (is_pointer(d))
			return ptr_alu(env, dst, d, dst, &sv, src, op);
		if (op != BPF_ADD)
			return reject(env,
				      "R%u %s with the %s R%u: only scalar += pointer is allowed",
				      dst, sv_alu_names[op >> 4],
				      sv_type_names[sv.type], src);
		{
			struct sv_reg scalar = *d;

			return ptr_alu(env, dst, &sv, src, &scalar, dst, op);
		}
	}

	d->id = 0;
	if (is64)
		scalar_alu64(d, &sv, op);
	else
		scalar_alu32(d, &sv, op);
	return 0;
}

/* ---------------------------------------------------------- stack -- */

static int check_stack_range(struct sv_env *env, u32 regno, s64 off,
			     u32 size)
{
	if (off < -SBPF_STACK_SIZE || off + size > 0 || off >= 0)
		return reject(env,
			      "R%u stack access at fp%+lld size %u is outside the frame [fp-%d, fp)",
			      regno, (long long)off, size, SBPF_STACK_SIZE);
	return 0;
}

/* Store @size bytes at fp+@off; @val is the stored register or NULL. */
static int stack_write(struct sv_env *env, s32 off, u32 size,
		       const struct sv_reg *val, u32 valno)
{
	struct sv_state *st = env->cur;
	u32 slot = (u32)(-off - 1) / 8;
	u32 i;
	int err;

	err = grow_stack(st, slot + 1);
	if (err)
		return err;
	if (val && is_pointer(val) && (size != 8 || (off & 7)))
		return reject(env,
			      "R%u partial spill of a %s to fp%+d size %u: pointers are spilled as aligned 8-byte slots",
			      valno, sv_type_names[val->type], off, size);

	/* A write that touches part of a spill destroys the spill. */
	for (i = 0; i < size; i++) {
		s32 o = off + (s32)i;
		u32 s = (u32)(-o - 1) / 8;
		struct sv_stack_slot *sl = &st->stack[s];
		u32 j;

		if (sl->type[0] != SV_STACK_SPILL)
			continue;
		for (j = 0; j < 8; j++)
			sl->type[j] = is_pointer(&sl->spill) ?
				      SV_STACK_CLOBBERED : SV_STACK_MISC;
		memset(&sl->spill, 0, sizeof(sl->spill));
	}

	if (size == 8 && !(off & 7) && val) {
		struct sv_stack_slot *sl = &st->stack[slot];

		sl->spill = *val;
		memset(sl->type, SV_STACK_SPILL, 8);
		return 0;
	}
	for (i = 0; i < size; i++)
		*stack_byte(st, off + (s32)i) =
			val && tnum_equals_const(val->var_off, 0) &&
			val->type == SV_SCALAR ? SV_STACK_ZERO : SV_STACK_MISC;
	return 0;
}

/* Whether [off, off+size) may be read as plain data; reason otherwise. */
static int stack_readable(struct sv_env *env, u32 regno, s32 off, u32 size,
			  bool data_only)
{
	struct sv_state *st = env->cur;
	u32 i;

	for (i = 0; i < size; i++) {
		s32 o = off + (s32)i;
		u8 t = stack_byte_type(st, o);

		if (t == SV_STACK_INVALID)
			return reject(env,
				      "R%u reads uninitialized stack byte fp%+d",
				      regno, o);
		if (t == SV_STACK_CLOBBERED)
			return reject(env,
				      "R%u reads stack byte fp%+d of a partially overwritten spilled pointer",
				      regno, o);
		if (t == SV_STACK_SPILL && data_only) {
			struct sv_reg *sp =
				&st->stack[(u32)(-o - 1) / 8].spill;

			if (is_pointer(sp))
				return reject(env,
					      "R%u reads stack byte fp%+d of a spilled %s as data (address leak)",
					      regno, o,
					      sv_type_names[sp->type]);
		}
	}
	return 0;
}

static int stack_read(struct sv_env *env, u32 regno, s32 off, u32 size,
		      struct sv_reg *out)
{
	struct sv_state *st = env->cur;
	bool all_zero = true;
	u32 i;
	int err;

	if (size == 8 && !(off & 7) &&
	    stack_byte_type(st, off) == SV_STACK_SPILL) {
		*out = st->stack[(u32)(-off - 1) / 8].spill;
		return 0;
	}
	for (i = 0; i < size; i++) {
		s32 o = off + (s32)i;

		if (stack_byte_type(st, o) != SV_STACK_SPILL)
			continue;
		if (is_pointer(&st->stack[(u32)(-o - 1) / 8].spill))
			return reject(env,
				      "R%u reads %u bytes at fp%+d: part of a spilled %s cannot be read",
				      regno, size, off,
				      sv_type_names[st->stack[(u32)(-o - 1) /
							8].spill.type]);
	}
	err = stack_readable(env, regno, off, size, true);
	if (err)
		return err;
	for (i = 0; i < size; i++) {
		s32 o = off + (s32)i;
		u8 t = stack_byte_type(st, o);
		struct sv_reg *sp;

		if (t == SV_STACK_SPILL)
			sp = &st->stack[(u32)(-o - 1) / 8].spill;
		if (t == SV_STACK_SPILL && is_const(sp)) {
			u32 b = (u32)(o & 7);

			if ((sp->var_off.value >> (8 * b)) & 0xff)
				all_zero = false;
			continue;
		}
		if (t != SV_STACK_ZERO)
			all_zero = false;
	}
	if (all_zero)
		mark_known(out, 0);
	else
		mark_unknown_sized(out, size);
	return 0;
}

/* ------------------------------------------------------- memory -- */

enum sv_access { SV_READ, SV_WRITE };

static void note_pkt_read(struct sv_env *env, u64 end)
{
	if (end > env->max_pkt_read)
		env->max_pkt_read = (u32)end;
}

/*
 * Readable packet bytes [r->off + off + var, ... + size): proven either by
 * the frame-length bound of the state or by the range of the pointer's
 * variable base.
 */
static int check_packet(struct sv_env *env, u32 regno, const struct sv_reg *r,
			s32 off, u32 size)
{
	s64 lo = (s64)r->off + off + r->smin;
	u64 hi = (u64)((s64)r->off + off) + r->umax + size;
	s64 rel = (s64)r->off + off;

	if (lo < 0 || r->smin < 0)
		return reject(env,
			      "R%u packet pointer, off %lld is before the frame start",
			      regno, (long long)lo);
	if (hi <= env->cur->pkt_len_min ||
	    (r->range && rel >= 0 && rel + size <= r->range)) {
		note_pkt_read(env, hi);
		return 0;
	}
	if (!tnum_is_const(r->var_off))
		return reject(env,
			      "R%u packet pointer, off %d+[%llu,%llu] size %u exceeds proven length %u (range %u)",
			      regno, (s32)rel, (unsigned long long)r->umin,
			      (unsigned long long)r->umax, size,
			      env->cur->pkt_len_min, r->range);
	return reject(env,
		      "R%u packet pointer, off %lld size %u exceeds proven length %u",
		      regno, (long long)(rel + (s64)r->var_off.value), size,
		      env->cur->pkt_len_min);
}

static int check_map_value(struct sv_env *env, u32 regno,
			   const struct sv_reg *r, s32 off, u32 size)
{
	const struct sbpf_map_def *def = &env->prog->maps[r->map_idx]->def;
	s64 lo = (s64)r->off + off + r->smin;
	u64 hi = (u64)((s64)r->off + off) + r->umax + size;

	if (lo < 0 || r->smin < 0 || hi > def->value_size)
		return reject(env,
			      "R%u map value access off %lld..%lld size %u outside value_size %u of map %u",
			      regno, (long long)lo, (long long)(hi - size), size,
			      def->value_size, r->map_idx);
	return 0;
}

/* A load or store through register @regno at insn offset @off. */
static int check_mem(struct sv_env *env, u32 regno, s32 off, u32 size,
		     enum sv_access t, const struct sv_reg *val, u32 valno,
		     struct sv_reg *out)
{
	struct sv_reg *r = reg(env, regno);
	s64 soff;
	int err;

	err = check_reg_init(env, regno);
	if (err)
		return err;
	switch (r->type) {
	case SV_PTR_TO_STACK:
		soff = (s64)r->off + off;
		err = check_stack_range(env, regno, soff, size);
		if (err)
			return err;
		if (soff & (size - 1))
			return reject(env,
				      "R%u misaligned stack access fp%+lld size %u",
				      regno, (long long)soff, size);
		if (t == SV_WRITE)
			return stack_write(env, (s32)soff, size, val, valno);
		return stack_read(env, regno, (s32)soff, size, out);
	case SV_PTR_TO_PACKET:
		if (t == SV_WRITE)
			return reject(env, "R%u packet is read-only", regno);
		err = check_packet(env, regno, r, off, size);
		if (err)
			return err;
		mark_unknown_sized(out, size);
		return 0;
	case SV_PTR_TO_MAP_VALUE:
		if (t == SV_WRITE) {
			const struct sbpf_map_def *def =
				&env->prog->maps[r->map_idx]->def;

			if (def->flags & SBPF_F_RDONLY_PROG)
				return reject(env,
					      "R%u map %u is read-only for programs",
					      regno, r->map_idx);
			if (val && is_pointer(val))
				return reject(env,
					      "R%u stores a %s into a map value (address leak)",
					      valno, sv_type_names[val->type]);
		}
		err = check_map_value(env, regno, r, off, size);
		if (err)
			return err;
		if (t == SV_READ)
			mark_unknown_sized(out, size);
		return 0;
	case SV_PTR_TO_MAP_VALUE_OR_NULL:
		return reject(env,
			      "R%u may be null: compare the map lookup result with 0 before access",
			      regno);
	default:
		return reject(env, "R%u invalid memory access: R%u is a %s",
			      regno, regno, sv_type_names[r->type]);
	}
}

static const u32 sv_size_bytes[4] = { 4, 2, 1, 8 };	/* BPF_W, H, B, DW */

static int check_ldx(struct sv_env *env, const struct bpf_insn *insn)
{
	struct sv_reg out;
	int err;

	memset(&out, 0, sizeof(out));
	err = check_mem(env, insn->src_reg, insn->off,
			sv_size_bytes[BPF_SIZE(insn->code) >> 3], SV_READ,
			NULL, 0, &out);
	if (err)
		return err;
	env->cur->regs[insn->dst_reg] = out;
	return 0;
}

static int check_st(struct sv_env *env, const struct bpf_insn *insn)
{
	u32 size = sv_size_bytes[BPF_SIZE(insn->code) >> 3];
	struct sv_reg val;
	int err;

	if (BPF_CLASS(insn->code) == BPF_STX) {
		err = check_reg_init(env, insn->src_reg);
		if (err)
			return err;
		val = *reg(env, insn->src_reg);
		if (reg(env, insn->dst_reg)->type == SV_PTR_TO_PACKET &&
		    is_pointer(&val))
			return reject(env,
				      "R%u stores a %s into the packet (address leak)",
				      insn->src_reg, sv_type_names[val.type]);
	} else {
		mark_known(&val, (u64)(s64)insn->imm);
	}
	if (size < 8 && val.type == SV_SCALAR) {
		/* only the low bytes are stored */
		struct tnum t = tnum_cast(val.var_off, size);

		if (tnum_is_const(t))
			mark_known(&val, t.value);
		else
			mark_unknown_sized(&val, size);
	}
	return check_mem(env, insn->dst_reg, insn->off, size, SV_WRITE, &val,
			 insn->src_reg, NULL);
}

static int check_atomic(struct sv_env *env, const struct bpf_insn *insn)
{
	u32 size = BPF_SIZE(insn->code) == BPF_DW ? 8 : 4;
	struct sv_reg *d = reg(env, insn->dst_reg);
	struct sv_reg old, val;
	s64 off;
	int err;

	err = check_reg_init(env, insn->src_reg) ?:
	      check_reg_init(env, insn->dst_reg);
	if (err)
		return err;
	val = *reg(env, insn->src_reg);
	if (is_pointer(&val))
		return reject(env,
			      "R%u atomic operand is a %s (address leak)",
			      insn->src_reg, sv_type_names[val.type]);
	if (insn->imm == BPF_CMPXCHG) {
		err = check_reg_init(env, BPF_REG_0);
		if (err)
			return err;
		if (is_pointer(reg(env, BPF_REG_0)))
			return reject(env,
				      "R0 atomic compare value is a %s (address leak)",
				      sv_type_names[reg(env, 0)->type]);
	}
	if (d->type == SV_PTR_TO_MAP_VALUE_OR_NULL)
		return reject(env,
			      "R%u may be null: compare the map lookup result with 0 before access",
			      insn->dst_reg);
	if (d->type != SV_PTR_TO_STACK && d->type != SV_PTR_TO_MAP_VALUE)
		return reject(env,
			      "R%u atomic operation on a %s: only stack and map values",
			      insn->dst_reg, sv_type_names[d->type]);
	off = (s64)d->off + insn->off;
	if ((off & (size - 1)) || !tnum_is_aligned(d->var_off, size))
		return reject(env, "R%u misaligned atomic access, off %lld",
			      insn->dst_reg, (long long)off);
	/* the old value is read, then a scalar written back */
	memset(&old, 0, sizeof(old));
	err = check_mem(env, insn->dst_reg, insn->off, size, SV_READ, NULL, 0,
			&old);
	if (err)
		return err;
	if (is_pointer(&old))
		return reject(env,
			      "R%u atomic operation on a spilled %s",
			      insn->dst_reg, sv_type_names[old.type]);
	mark_unknown_sized(&val, size);
	err = check_mem(env, insn->dst_reg, insn->off, size, SV_WRITE, &val,
			insn->src_reg, NULL);
	if (err)
		return err;
	if (insn->imm == BPF_CMPXCHG)
		mark_unknown_sized(reg(env, BPF_REG_0), size);
	else if (insn->imm & BPF_FETCH)
		mark_unknown_sized(reg(env, insn->src_reg), size);
	return 0;
}

static int check_ld_imm64(struct sv_env *env, const struct bpf_insn *insn)
{
	struct sv_reg *d = reg(env, insn->dst_reg);

	switch (insn->src_reg) {
	case 0:
		mark_known(d, (u64)(u32)insn[0].imm |
			      ((u64)(u32)insn[1].imm << 32));
		return 0;
	case BPF_PSEUDO_MAP_FD:
		memset(d, 0, sizeof(*d));
		d->type = SV_CONST_MAP_PTR;
		d->map_idx = (u16)insn->imm;
		return 0;
	default:	/* BPF_PSEUDO_MAP_VALUE, checked by check_opcodes */
		memset(d, 0, sizeof(*d));
		d->type = SV_PTR_TO_MAP_VALUE;
		d->map_idx = (u16)insn->imm;
		d->off = insn[1].imm;
		d->var_off = tnum_const(0);
		return 0;
	}
}

/* ------------------------------------------------------- helpers -- */

/*
 * Memory a helper reads: [ptr, ptr + size) for every size in
 * [0, size_max].  Stack bytes must be initialised and hold no pointer.
 */
static int check_helper_mem(struct sv_env *env, u32 regno, u64 size_max,
			    const char *what)
{
	struct sv_reg *r = reg(env, regno);
	s64 off;
	int err;

	if (!size_max)
		return 0;
	switch (r->type) {
	case SV_PTR_TO_STACK:
		off = r->off;
		if (off < -SBPF_STACK_SIZE || off + (s64)size_max > 0)
			return reject(env,
				      "R%u %s: stack fp%+lld size %llu is outside the frame",
				      regno, what, (long long)off,
				      (unsigned long long)size_max);
		err = stack_readable(env, regno, (s32)off, (u32)size_max, true);
		return err;
	case SV_PTR_TO_PACKET:
		return check_packet(env, regno, r, 0, (u32)size_max);
	case SV_PTR_TO_MAP_VALUE:
		return check_map_value(env, regno, r, 0, (u32)size_max);
	case SV_NOT_INIT:
		return check_reg_init(env, regno);
	default:
		return reject(env,
			      "R%u %s must point to stack, packet or map value memory, not to a %s",
			      regno, what, sv_type_names[r->type]);
	}
}

/*
 * Format of the trace helper, as the runtime prints it: %d %i %u %x %X %c
 * with an optional l or ll, and %%; at most 3 conversions.
 */
static int check_fmt(struct sv_env *env, u32 regno, const char *s, u32 n)
{
	u32 i, convs = 0, lmod;

	for (i = 0; i < n && s[i]; i++) {
		if (s[i] != '%')
			continue;
		i++;
		if (i < n && s[i] == '%')
			continue;
		for (lmod = 0; i < n && s[i] == 'l' && lmod < 2; lmod++)
			i++;
		if (i >= n || !s[i] || !strchr("diuxXc", s[i]))
			return reject(env,
				      "R%u format string: unsupported conversion at byte %u (only %%d %%i %%u %%x %%X %%c, with l or ll)",
				      regno, i);
		if (++convs > 3)
			return reject(env,
				      "R%u format string has more than 3 conversions",
				      regno);
	}
	return 0;
}

/* A constant NUL-terminated string in read-only map data. */
static int check_const_str(struct sv_env *env, u32 regno, u64 size,
			   bool size_known)
{
	struct sv_reg *r = reg(env, regno);
	const struct sbpf_map_def *def;
	struct sbpf_map *map;
	const char *data;
	u32 zero = 0, off, n;

	if (r->type != SV_PTR_TO_MAP_VALUE || !tnum_is_const(r->var_off))
		return reject(env,
			      "R%u must be a constant pointer into read-only map data (a string literal), not a %s",
			      regno, sv_type_names[r->type]);
	map = env->prog->maps[r->map_idx];
	def = &map->def;
	if (!(def->flags & SBPF_F_RDONLY_PROG) || def->type != SBPF_MAP_ARRAY)
		return reject(env,
			      "R%u string must live in a read-only array map, map %u is writable",
			      regno, r->map_idx);
	off = (u32)(r->off + (s64)r->var_off.value);
	if (r->off < 0 || off >= def->value_size)
		return reject(env, "R%u string offset %d outside map %u value",
			      regno, r->off, r->map_idx);
	n = def->value_size - off;
	if (size_known) {
		if (size > n || !size)
			return reject(env,
				      "R%u string size %llu exceeds the %u bytes of map data after offset %u",
				      regno, (unsigned long long)size, n, off);
		n = (u32)size;
	}
	data = map->ops && map->ops->lookup ? map->ops->lookup(map, &zero) :
					      NULL;
	if (!data)
		return reject(env, "R%u map %u content is not available",
			      regno, r->map_idx);
	data += off;
	if (strnlen(data, n) >= n)
		return reject(env,
			      "R%u string at map %u offset %u is not NUL-terminated within %u bytes",
			      regno, r->map_idx, off, n);
	return check_fmt(env, regno, data, n);
}

static int check_call(struct sv_env *env, const struct bpf_insn *insn)
{
	const struct sbpf_helper_proto *fn = &sbpf_helper_protos[insn->imm];
	const struct sbpf_map_def *map = NULL;
	s32 map_idx = -1;
	u32 i;
	int err;

	for (i = 0; i < 5; i++) {
		u32 regno = i + 1;
		enum sbpf_arg_type at = fn->arg[i];
		struct sv_reg *r = reg(env, regno);

		if (at == SBPF_ARG_DONTCARE)
			continue;
		err = check_reg_init(env, regno);
		if (err)
			return err;
		switch (at) {
		case SBPF_ARG_ANYTHING:
			if (is_pointer(r))
				return reject(env,
					      "R%u argument %u of %s is a %s where a scalar is expected (address leak)",
					      regno, regno, fn->name,
					      sv_type_names[r->type]);
			break;
		case SBPF_ARG_CONST_MAP_PTR:
			if (r->type != SV_CONST_MAP_PTR)
				return reject(env,
					      "R%u argument %u of %s must be a map reference, not a %s",
					      regno, regno, fn->name,
					      sv_type_names[r->type]);
			map_idx = r->map_idx;
			map = &env->prog->maps[map_idx]->def;
			if (fn->map_types &&
			    !(fn->map_types & (1U << map->type)))
				return reject(env,
					      "R%u map %u of type %u cannot be used with %s",
					      regno, map_idx, map->type,
					      fn->name);
			break;
		case SBPF_ARG_PTR_TO_MAP_KEY:
		case SBPF_ARG_PTR_TO_MAP_VALUE:
			if (!map)
				return reject(env,
					      "R%u %s: no map argument before the key/value",
					      regno, fn->name);
			err = check_helper_mem(env, regno,
					       at == SBPF_ARG_PTR_TO_MAP_KEY ?
					       map->key_size : map->value_size,
					       at == SBPF_ARG_PTR_TO_MAP_KEY ?
					       "map key" : "map value");
			if (err)
				return err;
			break;
		case SBPF_ARG_PTR_TO_MEM:
		case SBPF_ARG_PTR_TO_CONST_STR:
			if (!is_pointer(r))
				return reject(env,
					      "R%u argument %u of %s must be a pointer to memory, not a scalar",
					      regno, regno, fn->name);
			if (i == 4 || fn->arg[i + 1] != SBPF_ARG_CONST_SIZE) {
				if (at == SBPF_ARG_PTR_TO_CONST_STR) {
					err = check_const_str(env, regno, 0,
							      false);
					if (err)
						return err;
				}
			}
			break;
		case SBPF_ARG_CONST_SIZE: {
			u32 mregno = regno - 1;

			if (r->type != SV_SCALAR)
				return reject(env,
					      "R%u size argument of %s must be a scalar, not a %s",
					      regno, fn->name,
					      sv_type_names[r->type]);
			if (r->smin < 0)
				return reject(env,
					      "R%u size argument of %s may be negative (smin %lld)",
					      regno, fn->name,
					      (long long)r->smin);
			if (r->umax > SV_MAX_SIZE_ARG)
				return reject(env,
					      "R%u size argument of %s is unbounded (umax %llu, limit %u)",
					      regno, fn->name,
					      (unsigned long long)r->umax,
					      SV_MAX_SIZE_ARG);
			if (i == 0 || (fn->arg[i - 1] != SBPF_ARG_PTR_TO_MEM &&
				       fn->arg[i - 1] !=
				       SBPF_ARG_PTR_TO_CONST_STR))
				break;
			if (fn->arg[i - 1] == SBPF_ARG_PTR_TO_CONST_STR) {
				if (!is_const(r))
					return reject(env,
						      "R%u format size of %s must be a constant",
						      regno, fn->name);
				err = check_const_str(env, mregno, r->umax,
						      true);
			} else {
				err = check_helper_mem(env, mregno, r->umax,
						       "memory argument");
			}
			if (err)
				return err;
			break;
		}
		default:
			return reject(env, "%s: unknown argument kind %d",
				      fn->name, at);
		}
	}

	/* r1-r5 are clobbered by the call, r0 is its result. */
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		mark_not_init(reg(env, i), env->cur->insn_idx + 1);
	switch (fn->ret) {
	case SBPF_RET_INTEGER:
		mark_unknown(reg(env, BPF_REG_0));
		break;
	case SBPF_RET_VOID:
		mark_not_init(reg(env, BPF_REG_0), env->cur->insn_idx + 1);
		break;
	case SBPF_RET_PTR_TO_MAP_VALUE_OR_NULL:
		if (map_idx < 0)
			return reject(env, "%s returns a map value but takes no map",
				      fn->name);
		memset(reg(env, BPF_REG_0), 0, sizeof(struct sv_reg));
		reg(env, BPF_REG_0)->type = SV_PTR_TO_MAP_VALUE_OR_NULL;
		reg(env, BPF_REG_0)->map_idx = (u16)map_idx;
		reg(env, BPF_REG_0)->id = new_id(env);
		break;
	}
	return 0;
}

/* ---------------------------------------------------------- jumps -- */

/* One width of a scalar: all five views in 64-bit arithmetic. */
struct sv_view {
	u64 umin, umax;
	s64 smin, smax;
	struct tnum var;
};

static void get_view(struct sv_view *v, const struct sv_reg *r, bool is32)
{
	if (is32) {
		v->umin = r->u32_min;
		v->umax = r->u32_max;
		v->smin = r->s32_min;
		v->smax = r->s32_max;
		v->var = tnum_subreg(r->var_off);
	} else {
		v->umin = r->umin;
		v->umax = r->umax;
		v->smin = r->smin;
		v->smax = r->smax;
		v->var = r->var_off;
	}
}

static void put_view(struct sv_reg *r, const struct sv_view *v, bool is32)
{
	if (is32) {
		r->u32_min = (u32)v->umin;
		r->u32_max = (u32)v->umax;
		r->s32_min = (s32)v->smin;
		r->s32_max = (s32)v->smax;
		r->var_off = tnum_with_subreg(r->var_off, v->var);
	} else {
		r->umin = v->umin;
		r->umax = v->umax;
		r->smin = v->smin;
		r->smax = v->smax;
		r->var_off = v->var;
	}
}

/*
 * Outcome of "a op b" from the bounds: 1 always, 0 never, -1 unknown.
 * Ops are BPF_J* values; BPF_JSET negated is represented by op | 1 below
 * only internally (see negate_op).
 */
#define SV_JNSET	0xf0	/* internal: (a & b) == 0 */

static int branch_taken(const struct sv_view *a, const struct sv_view *b,
			u8 op)
{
	switch (op) {
	case BPF_JEQ:
		if (tnum_is_const(a->var) && tnum_is_const(b->var))
			return a->var.value == b->var.value;
		if (a->umin > b->umax || a->umax < b->umin ||
		    a->smin > b->smax || a->smax < b->smin)
			return 0;
		if ((a->var.value ^ b->var.value) & ~(a->var.mask | b->var.mask))
			return 0;
		return -1;
	case BPF_JNE: {
		int r = branch_taken(a, b, BPF_JEQ);

		return r < 0 ? r : !r;
	}
	case BPF_JGT:
		if (a->umin > b->umax)
			return 1;
		if (a->umax <= b->umin)
			return 0;
		return -1;
	case BPF_JGE:
		if (a->umin >= b->umax)
			return 1;
		if (a->umax < b->umin)
			return 0;
		return -1;
	case BPF_JLT:
		return branch_taken(b, a, BPF_JGT);
	case BPF_JLE:
		return branch_taken(b, a, BPF_JGE);
	case BPF_JSGT:
		if (a->smin > b->smax)
			return 1;
		if (a->smax <= b->smin)
			return 0;
		return -1;
	case BPF_JSGE:
		if (a->smin >= b->smax)
			return 1;
		if (a->smax < b->smin)
			return 0;
		return -1;
	case BPF_JSLT:
		return branch_taken(b, a, BPF_JSGT);
	case BPF_JSLE:
		return branch_taken(b, a, BPF_JSGE);
	case BPF_JSET:
		if (a->var.value & b->var.value)
			return 1;
		if (!((a->var.value | a->var.mask) &
		      (b->var.value | b->var.mask)))
			return 0;
		return -1;
	case SV_JNSET: {
		int r = branch_taken(a, b, BPF_JSET);

		return r < 0 ? r : !r;
	}
	}
	return -1;
}

static u8 negate_op(u8 op)
{
	switch (op) {
	case BPF_JEQ:	return BPF_JNE;
	case BPF_JNE:	return BPF_JEQ;
	case BPF_JGT:	return BPF_JLE;
	case BPF_JGE:	return BPF_JLT;
	case BPF_JLT:	return BPF_JGE;
	case BPF_JLE:	return BPF_JGT;
	case BPF_JSGT:	return BPF_JSLE;
	case BPF_JSGE:	return BPF_JSLT;
	case BPF_JSLT:	return BPF_JSGE;
	case BPF_JSLE:	return BPF_JSGT;
	case BPF_JSET:	return SV_JNSET;
	default:	return BPF_JSET;	/* SV_JNSET */
	}
}

/*
 * Assume "a op b" holds and narrow both.  Returns false if that is
 * impossible (bounds cross).  Widths: is32 views hold zero-/sign-extended
 * 32-bit values, so no +-1 below can overflow except at 64 bits, where
 * the impossible case is caught first.
 */
static bool refine(struct sv_view *a, struct sv_view *b, u8 op, bool is32)
{
	u64 umax_lim = is32 ? SV_U32_MAX : SV_U64_MAX;
	s64 smax_lim = is32 ? SV_S32_MAX : SV_S64_MAX;
	s64 smin_lim = is32 ? SV_S32_MIN : SV_S64_MIN;

	switch (op) {
	case BPF_JEQ:
		a->umin = b->umin = max_u64(a->umin, b->umin);
		a->umax = b->umax = min_u64(a->umax, b->umax);
		a->smin = b->smin = max_s64(a->smin, b->smin);
		a->smax = b->smax = min_s64(a->smax, b->smax);
		if ((a->var.value ^ b->var.value) &
		    ~(a->var.mask | b->var.mask))
			return false;
		a->var = b->var = tnum_intersect(a->var, b->var);
		break;
	case BPF_JNE:
		/* only a constant side can shave an end of the other */
		if (tnum_is_const(b->var)) {
			u64 c = b->var.value;
			s64 sc = is32 ? (s64)(s32)(u32)c : (s64)c;

			if (a->umin == c && a->umin < umax_lim)
				a->umin++;
			else if (a->umax == c && a->umax > 0)
				a->umax--;
			if (a->smin == sc && a->smin < smax_lim)
				a->smin++;
			else if (a->smax == sc && a->smax > smin_lim)
				a->smax--;
			if (tnum_is_const(a->var) && a->var.value == c)
				return false;
		} else if (tnum_is_const(a->var)) {
			return refine(b, a, op, is32);
		}
		break;
	case BPF_JGT:
		if (b->umin == umax_lim || a->umax == 0)
			return false;
		a->umin = max_u64(a->umin, b->umin + 1);
		b->umax = min_u64(b->umax, a->umax - 1);
		break;
	case BPF_JGE:
		a->umin = max_u64(a->umin, b->umin);
		b->umax = min_u64(b->umax, a->umax);
		break;
	case BPF_JLT:
		return refine(b, a, BPF_JGT, is32);
	case BPF_JLE:
		return refine(b, a, BPF_JGE, is32);
	case BPF_JSGT:
		if (b->smin == smax_lim || a->smax == smin_lim)
			return false;
		a->smin = max_s64(a->smin, b->smin + 1);
		b->smax = min_s64(b->smax, a->smax - 1);
		break;
	case BPF_JSGE:
		a->smin = max_s64(a->smin, b->smin);
		b->smax = min_s64(b->smax, a->smax);
		break;
	case BPF_JSLT:
		return refine(b, a, BPF_JSGT, is32);
	case BPF_JSLE:
		return refine(b, a, BPF_JSGE, is32);
	case BPF_JSET:
		/* a single known bit must be set */
		if (tnum_is_const(b->var) && b->var.value &&
		    !(b->var.value & (b->var.value - 1))) {
			a->var.value |= b->var.value;
			a->var.mask &= ~b->var.value;
		}
		break;
	case SV_JNSET:
		if (tnum_is_const(b->var)) {
			a->var.value &= ~b->var.value;
			a->var.mask &= ~b->var.value;
		}
		break;
	}
	return a->umin <= a->umax && b->umin <= b->umax &&
	       a->smin <= a->smax && b->smin <= b->smax;
}

/* Copy the knowledge of @r to every register/spill sharing its id. */
static void propagate_scalar(struct sv_state *st, const struct sv_reg *r)
{
	u32 i;

	if (r->type != SV_SCALAR || !r->id)
		return;
	for (i = 0; i < SV_NREGS; i++)
		if (st->regs[i].type == SV_SCALAR && st->regs[i].id == r->id)
			st->regs[i] = *r;
	for (i = 0; i < st->nslots; i++)
		if (st->stack[i].type[0] == SV_STACK_SPILL &&
		    st->stack[i].spill.type == SV_SCALAR &&
		    st->stack[i].spill.id == r->id)
			st->stack[i].spill = *r;
	if (r->id == SV_LEN_ID && r->umin > st->pkt_len_min)
		st->pkt_len_min = r->umin > SV_U32_MAX ? SV_U32_MAX :
						       (u32)r->umin;
}

/*
 * Narrow scalar registers @dst (and @src if a register) of @st assuming
 * "dst op src" holds.  Returns false if the assumption is impossible.
 */
static bool assume_scalar(struct sv_state *st, u32 dst, s32 src,
			  const struct sv_reg *kreg, u8 op, bool is32)
{
	struct sv_reg *d = &st->regs[dst];
	struct sv_reg sk = *kreg;
	struct sv_reg *s = src >= 0 ? &st->regs[src] : &sk;
	struct sv_view a, b;

	get_view(&a, d, is32);
	get_view(&b, s, is32);
	if (!refine(&a, &b, op, is32))
		return false;
	if (src == (s32)dst && d == s)
		b = a;
	put_view(d, &a, is32);
	sync_bounds(d);
	if (!bounds_ok(d))
		return false;
	if (s != d) {
		put_view(s, &b, is32);
		sync_bounds(s);
		if (!bounds_ok(s))
			return false;
	}
	propagate_scalar(st, d);
	if (src >= 0)
		propagate_scalar(st, s);
	return true;
}

/* Map value null check: copies of one lookup result become one thing. */
static void mark_null_checked(struct sv_state *st, u32 id, bool is_null)
{
	struct sv_reg *r;
	u32 i;

	for (i = 0; i < SV_NREGS + st->nslots; i++) {
		if (i < SV_NREGS) {
			r = &st->regs[i];
		} else {
			if (st->stack[i - SV_NREGS].type[0] != SV_STACK_SPILL)
				continue;
			r = &st->stack[i - SV_NREGS].spill;
		}
		if (r->type != SV_PTR_TO_MAP_VALUE_OR_NULL || r->id != id)
			continue;
		if (is_null) {
			mark_known(r, 0);
		} else {
			r->type = SV_PTR_TO_MAP_VALUE;
			r->id = 0;
		}
	}
}

/*
 * "pkt op end" holds: raise the proven length.  @le: pkt <= end proven,
 * else pkt < end.
 */
static void assume_pkt_end(struct sv_state *st, const struct sv_reg *p,
			   bool strict)
{
	u64 n = (u64)(s64)p->off + (strict ? 1 : 0);
	u32 i;

	if ((s64)p->off + (strict ? 1 : 0) <= 0)
		return;
	if (tnum_is_const(p->var_off)) {
		n += p->var_off.value;
		if (n > st->pkt_len_min && n <= SV_U32_MAX)
			st->pkt_len_min = (u32)n;
		return;
	}
	if (n + p->umin > st->pkt_len_min && n + p->umin <= SV_U32_MAX)
		st->pkt_len_min = (u32)(n + p->umin);
	for (i = 0; i < SV_NREGS; i++) {
		struct sv_reg *r = &st->regs[i];

		if (r->type == SV_PTR_TO_PACKET && r->id == p->id &&
		    n > r->range && n <= SV_MAX_VAR_OFF)
			r->range = (u32)n;
	}
	for (i = 0; i < st->nslots; i++) {
		struct sv_reg *r = &st->stack[i].spill;

		if (st->stack[i].type[0] == SV_STACK_SPILL &&
		    r->type == SV_PTR_TO_PACKET && r->id == p->id &&
		    n > r->range && n <= SV_MAX_VAR_OFF)
			r->range = (u32)n;
	}
}

/*
 * Apply "dst op src" (taken branch) or its negation to @st.  Returns 1 if
 * the state is feasible, 0 if not, negative errno on a rejection.
 */
static int assume_cond(struct sv_state *st, const struct bpf_insn *insn,
		       u8 op)
{
	bool is32 = BPF_CLASS(insn->code) == BPF_JMP32;
	bool reg_src = BPF_SRC(insn->code) == BPF_X;
	struct sv_reg *d = &st->regs[insn->dst_reg];
	struct sv_reg k, *s;

	memset(&k, 0, sizeof(k));
	if (reg_src) {
		s = &st->regs[insn->src_reg];
	} else {
		mark_known(&k, is32 ? (u64)(u32)insn->imm :
				      (u64)(s64)insn->imm);
		s = &k;
	}

	if (d->type == SV_SCALAR && s->type == SV_SCALAR)
		return assume_scalar(st, insn->dst_reg,
				     reg_src ? insn->src_reg : -1, &k, op,
				     is32);

	/* A map lookup result against 0. */
	if ((d->type == SV_PTR_TO_MAP_VALUE_OR_NULL && is_const(s)) ||
	    (s->type == SV_PTR_TO_MAP_VALUE_OR_NULL && is_const(d))) {
		struct sv_reg *p = is_const(s) ? d : s;

		mark_null_checked(st, p->id, op == BPF_JEQ);
		return 1;
	}
	/* A non-null pointer against 0 */
	if (is_pointer(d) != is_pointer(s))
		return op == BPF_JNE;

	/* packet pointer against the packet end */
	if (d->type == SV_PTR_TO_PACKET && s->type == SV_PTR_TO_PACKET_END) {
		if (op == BPF_JLE || op == BPF_JLT)
			assume_pkt_end(st, d, op == BPF_JLT);
	} else if (d->type == SV_PTR_TO_PACKET_END &&
		   s->type == SV_PTR_TO_PACKET) {
		if (op == BPF_JGE || op == BPF_JGT)
			assume_pkt_end(st, s, op == BPF_JGT);
	} else if (d->type == SV_PTR_TO_STACK && s->type == SV_PTR_TO_STACK) {
		struct sv_view a, b;

		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		/* same frame: addresses order as the offsets do */
		a.umin = a.umax = (u64)((s64)d->off + ((s64)1 << 32));
		a.smin = a.smax = d->off;
		a.var = tnum_const(a.umin);
		b.umin = b.umax = (u64)((s64)s->off + ((s64)1 << 32));
		b.smin = b.smax = s->off;
		b.var = tnum_const(b.umin);
		return branch_taken(&a, &b, op) != 0;
	}
	return 1;
}

static int check_cond_jmp(struct sv_env *env, const struct bpf_insn *insn,
			  u32 *next)
{
	bool is32 = BPF_CLASS(insn->code) == BPF_JMP32;
	bool reg_src = BPF_SRC(insn->code) == BPF_X;
	u8 op = BPF_OP(insn->code);
	struct sv_state *st = env->cur;
	struct sv_reg *d, *s, k;
	u32 target = st->insn_idx + 1 + insn->off;
	u32 fall = st->insn_idx + 1;
	struct sv_state *other;
	int taken, err, ok_t, ok_f;

	err = check_reg_init(env, insn->dst_reg);
	if (!err && reg_src)
		err = check_reg_init(env, insn->src_reg);
	if (err)
		return err;
	d = &st->regs[insn->dst_reg];
	if (reg_src) {
		s = &st->regs[insn->src_reg];
	} else {
		mark_known(&k, is32 ? (u64)(u32)insn->imm :
				      (u64)(s64)insn->imm);
		s = &k;
	}

	taken = -1;
	if (is_pointer(d) || is_pointer(s)) {
		const struct sv_reg *p = is_pointer(d) ? d : s;
		const struct sv_reg *o = is_pointer(d) ? s : d;
		u32 pr = is_pointer(d) ? insn->dst_reg : insn->src_reg;

		if (is32)
			return reject(env,
				      "R%u 32-bit comparison of a %s",
				      pr, sv_type_names[p->type]);
		if (op == BPF_JSET)
			return reject(env, "R%u bit test of a %s", pr,
				      sv_type_names[p->type]);
		if (!is_pointer(o)) {
			if (!tnum_equals_const(o->var_off, 0) ||
			    (op != BPF_JEQ && op != BPF_JNE))
				return reject(env,
					      "R%u %s compared with a scalar: only == 0 and != 0 are allowed",
					      pr, sv_type_names[p->type]);
			if (p->type != SV_PTR_TO_MAP_VALUE_OR_NULL)
				taken = op == BPF_JNE;
		} else {
			bool pkt_pair =
				(d->type == SV_PTR_TO_PACKET ||
				 d->type == SV_PTR_TO_PACKET_END) &&
				(s->type == SV_PTR_TO_PACKET ||
				 s->type == SV_PTR_TO_PACKET_END);

			if (d->type != s->type && !pkt_pair)
				return reject(env,
					      "R%u %s compared with R%u %s: pointers of different kinds",
					      insn->dst_reg,
					      sv_type_names[d->type],
					      insn->src_reg,
					      sv_type_names[s->type]);
			if (d->type == SV_PTR_TO_MAP_VALUE_OR_NULL ||
			    d->type == SV_CONST_MAP_PTR)
				return reject(env,
					      "R%u comparison of a %s with another pointer",
					      insn->dst_reg,
					      sv_type_names[d->type]);
			if (op >= BPF_JSGT && op != BPF_JLT && op != BPF_JLE)
				return reject(env,
					      "R%u signed comparison of pointers",
					      insn->dst_reg);
		}
	} else {
		struct sv_view a, b;

		get_view(&a, d, is32);
		get_view(&b, s, is32);
		taken = branch_taken(&a, &b, op);
	}

	if (taken == 1) {
		*next = target;
		return 0;
	}
	if (taken == 0) {
		*next = fall;
		return 0;
	}

	other = dup_state(st);
	if (!other)
		return -ENOMEM;
	ok_t = assume_cond(other, insn, op);
	ok_f = assume_cond(st, insn, negate_op(op));
	if (ok_t < 0 || ok_f < 0) {
		free_state(other);
		return ok_t < 0 ? ok_t : ok_f;
	}
	if (ok_t && ok_f) {
		other->insn_idx = target;
		err = push_pending(env, other);
		free_state(other);
		*next = fall;
		return err;
	}
	if (ok_t) {
		free_state(st);
		env->cur = other;
		*next = target;
		return 0;
	}
	free_state(other);
	*next = fall;
	/* Neither branch can happen: this path is infeasible. */
	return ok_f ? 0 : 1;
}

/* -------------------------------------------------------- pruning -- */

/* old id -> cur id pairs; old relations must hold in cur. */
struct sv_idmap {
	u32 n;
	u32 fresh;
	struct { u32 old, cur; } map[SV_NREGS + SV_STACK_SLOTS];
};

static bool ids_match(struct sv_idmap *m, u32 old, u32 cur)
{
	u32 i;

	if (!old)
		return true;
	if (old == SV_LEN_ID || cur == SV_LEN_ID)
		if (old == SV_LEN_ID && cur != SV_LEN_ID)
			return false;
	if (!cur)
		cur = 0x80000000U | ++m->fresh;	/* unrelated to anything */
	for (i = 0; i < m->n; i++)
		if (m->map[i].old == old)
			return m->map[i].cur == cur;
	if (m->n == ARRAY_SIZE(m->map))
		return false;
	m->map[m->n].old = old;
	m->map[m->n].cur = cur;
	m->n++;
	return true;
}

static bool range_within(const struct sv_reg *o, const struct sv_reg *c)
{
	return o->umin <= c->umin && c->umax <= o->umax &&
	       o->smin <= c->smin && c->smax <= o->smax &&
	       o->u32_min <= c->u32_min && c->u32_max <= o->u32_max &&
	       o->s32_min <= c->s32_min && c->s32_max <= o->s32_max &&
	       tnum_in(o->var_off, c->var_off);
}

/* Whether every concrete value of @c is one of @o. */
static bool reg_within(const struct sv_reg *o, const struct sv_reg *c,
		       struct sv_idmap *m)
{
	if (o->type == SV_NOT_INIT)
		return true;
	if (o->type != c->type)
		return false;
	switch (o->type) {
	case SV_SCALAR:
		return range_within(o, c) && ids_match(m, o->id, c->id);
	case SV_PTR_TO_PACKET:
		return o->off == c->off && range_within(o, c) &&
		       o->range <= c->range && ids_match(m, o->id, c->id);
	case SV_PTR_TO_PACKET_END:
		return true;
	case SV_PTR_TO_STACK:
		return o->off == c->off;
	case SV_PTR_TO_MAP_VALUE:
		return o->off == c->off && o->map_idx == c->map_idx &&
		       range_within(o, c);
	case SV_PTR_TO_MAP_VALUE_OR_NULL:
		return o->off == c->off && o->map_idx == c->map_idx &&
		       range_within(o, c) && ids_match(m, o->id, c->id);
	case SV_CONST_MAP_PTR:
		return o->map_idx == c->map_idx;
	}
	return false;
}

static bool stack_within(struct sv_state *o, struct sv_state *c,
			 struct sv_idmap *m)
{
	u32 s, i;

	for (s = 0; s < o->nslots; s++) {
		struct sv_stack_slot *os = &o->stack[s];
		struct sv_stack_slot *cs = s < c->nslots ? &c->stack[s] : NULL;

		/* the common case: an identical slot without id relations */
		if (cs && !os->spill.id && !memcmp(os, cs, sizeof(*os)))
			continue;
		if (os->type[0] == SV_STACK_SPILL) {
			if (!cs || cs->type[0] != SV_STACK_SPILL ||
			    !reg_within(&os->spill, &cs->spill, m))
				return false;
			continue;
		}
		for (i = 0; i < 8; i++) {
			u8 ot = os->type[i];
			u8 ct = cs ? cs->type[i] : SV_STACK_INVALID;

			switch (ot) {
			case SV_STACK_INVALID:
			case SV_STACK_CLOBBERED:
				break;		/* never read by the old path */
			case SV_STACK_ZERO:
				if (ct != SV_STACK_ZERO)
					return false;
				break;
			case SV_STACK_MISC:
				if (ct == SV_STACK_MISC ||
				    ct == SV_STACK_ZERO)
					break;
				if (ct == SV_STACK_SPILL &&
				    cs->spill.type == SV_SCALAR)
					break;
				return false;
			}
		}
	}
	return true;
}

static bool state_within(struct sv_state *o, struct sv_state *c, u16 live)
{
	struct sv_idmap m;
	u32 i;

	if (o->pkt_len_min > c->pkt_len_min)
		return false;
	m.n = 0;
	m.fresh = 0;
	for (i = 0; i < SV_NREGS; i++)
		if ((live & (1U << i)) &&
		    !reg_within(&o->regs[i], &c->regs[i], &m))
			return false;
	return stack_within(o, c, &m);
}

/*
 * At a prune point: stop this path if a complete checkpoint covers it,
 * reject a path that repeats an open checkpoint exactly, otherwise store
 * the state as a new checkpoint.  Returns 1 to prune, 0 to go on.
 */
static int is_state_visited(struct sv_env *env, u32 idx)
{
	struct sv_insn_aux *aux = &env->aux[idx];
	struct sv_state *cur = env->cur;
	struct sv_checkpoint *cp;
	u16 live = aux->live_regs;

	for (cp = aux->explored; cp; cp = cp->next) {
		/* work of one comparison: registers plus stack slots */
		env->compare_work += SV_NREGS + cp->st.nslots;
		if (env->compare_work > SV_MAX_COMPARE_WORK)
			return verr(env, -E2BIG,
				    "state comparisons exceed their budget (%u registers and stack slots compared): the program is too complex",
				    SV_MAX_COMPARE_WORK);
		if (!state_within(&cp->st, cur, live))
			continue;
		if (!cp->live)
			return 1;
		if (state_within(cur, &cp->st, live))
			return reject(env,
				      "infinite loop: the state at insn %u repeats without progress",
				      idx);
	}
	if (aux->nstates >= SV_MAX_STATES_PER_INSN)
		return verr(env, -E2BIG,
			    "more than %u states at insn %u: the program is too complex (a loop without bound?)",
			    SV_MAX_STATES_PER_INSN, idx);
	if (env->states >= SV_MAX_STATES)
		return verr(env, -E2BIG,
			    "more than %u states: the program is too complex",
			    SV_MAX_STATES);
	cp = sbpf_zalloc(sizeof(*cp));
	if (!cp)
		return -ENOMEM;
	if (copy_state(&cp->st, cur)) {
		sbpf_free(cp);
		return -ENOMEM;
	}
	cp->parent = cur->parent;
	cp->st.parent = NULL;
	cp->live = 1;
	cp->next = aux->explored;
	aux->explored = cp;
	aux->nstates++;
	env->states++;
	if (env->states > env->peak_states)
		env->peak_states = env->states;
	cur->parent = cp;
	return 0;
}

/* ----------------------------------------------------------- exit -- */

static int check_exit(struct sv_env *env)
{
	struct sv_reg *r0 = reg(env, BPF_REG_0);
	int err;

	err = check_reg_init(env, BPF_REG_0);
	if (err)
		return err;
	if (is_pointer(r0))
		return reject(env,
			      "R0 is a %s at exit: programs return a scalar (address leak)",
			      sv_type_names[r0->type]);
	return 0;
}

/* ------------------------------------------------- opcodes pass -- */

#define SV_OPCODE(name, opcode)		opcode,
static const u8 sv_opcodes[] = { SBPF_INSN_TABLE(SV_OPCODE) };

#define SV_ATOMIC_IMM(name, imm)	imm,
static const s32 sv_atomic_imms[] = { SBPF_ATOMIC_TABLE(SV_ATOMIC_IMM) };

static bool atomic_ok(s32 imm)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(sv_atomic_imms); i++)
		if (sv_atomic_imms[i] == imm)
			return true;
	return false;
}

static int check_one_opcode(struct sv_env *env, u32 i)
{
	const struct bpf_insn *insn = &env->insns[i];
	u8 code = insn->code, cls = BPF_CLASS(code), op = BPF_OP(code);
	bool is64 = cls == BPF_ALU64;

	env->prev_insn = i;
	if (!env->valid_op[code])
		return reject(env, "unknown opcode %#04x", code);
	if (insn->dst_reg > BPF_REG_10 || insn->src_reg > BPF_REG_10)
		return reject(env, "invalid register number");

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (insn->dst_reg == BPF_REG_10)
			return reject(env, "R10 is read-only");
		if (insn->off)
			return reject(env, "reserved field off is not 0");
		if (op == BPF_END) {
			if (insn->src_reg ||
			    (insn->imm != 16 && insn->imm != 32 &&
			     insn->imm != 64))
				return reject(env,
					      "invalid byte swap width %d",
					      insn->imm);
			return 0;
		}
		if (op == BPF_NEG || BPF_SRC(code) == BPF_K) {
			if (insn->src_reg)
				return reject(env,
					      "reserved field src_reg is not 0");
		} else if (insn->imm) {
			return reject(env, "reserved field imm is not 0");
		}
		if (op == BPF_NEG && insn->imm)
			return reject(env, "reserved field imm is not 0");
		if (BPF_SRC(code) == BPF_K && op != BPF_NEG) {
			if ((op == BPF_DIV || op == BPF_MOD) && !insn->imm)
				return reject(env, "division by zero");
			if ((op == BPF_LSH || op == BPF_RSH ||
			     op == BPF_ARSH) &&
			    (insn->imm < 0 || insn->imm >= (is64 ? 64 : 32)))
				return reject(env, "invalid shift %d",
					      insn->imm);
		}
		return 0;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL) {
			if (insn->src_reg == BPF_PSEUDO_CALL)
				return reject(env,
					      "calls to BPF functions are not supported");
			if (insn->src_reg || insn->dst_reg || insn->off)
				return reject(env,
					      "reserved fields of call are not 0");
			if (insn->imm <= 0 || insn->imm >= __SBPF_FUNC_MAX ||
			    !sbpf_helper_protos[insn->imm].name)
				return reject(env, "unknown helper %d",
					      insn->imm);
			return 0;
		}
		if (op == BPF_EXIT || op == BPF_JA) {
			if (insn->src_reg || insn->dst_reg || insn->imm ||
			    (op == BPF_EXIT && insn->off))
				return reject(env,
					      "reserved fields are not 0");
			return 0;
		}
		if (BPF_SRC(code) == BPF_K ? insn->src_reg : insn->imm)
			return reject(env, "reserved fields are not 0");
		return 0;
	case BPF_LD: {
		const struct bpf_insn *hi = insn + 1;
		const struct sbpf_map_def *def;

		if (i + 1 >= env->len || hi->code || hi->dst_reg ||
		    hi->src_reg || hi->off)
			return reject(env,
				      "incomplete 64-bit immediate load (LD_IMM64 pair broken)");
		if (insn->dst_reg == BPF_REG_10)
			return reject(env, "R10 is read-only");
		if (insn->off)
			return reject(env, "reserved field off is not 0");
		if (insn->src_reg == 0)
			return 0;
		if (insn->src_reg != BPF_PSEUDO_MAP_FD &&
		    insn->src_reg != BPF_PSEUDO_MAP_VALUE)
			return reject(env,
				      "unsupported LD_IMM64 source %u",
				      insn->src_reg);
		if (insn->imm < 0 || (u32)insn->imm >= env->prog->n_maps ||
		    !env->prog->maps || !env->prog->maps[insn->imm])
			return reject(env, "map reference %d out of range (%u maps)",
				      insn->imm, env->prog->n_maps);
		def = &env->prog->maps[insn->imm]->def;
		if (insn->src_reg == BPF_PSEUDO_MAP_FD) {
			if (hi->imm)
				return reject(env,
					      "map reference with a non-zero second immediate");
			return 0;
		}
		if (def->type != SBPF_MAP_ARRAY || !def->max_entries)
			return reject(env,
				      "map value reference into map %d, which is not an array",
				      insn->imm);
		if (hi->imm < 0 || (u32)hi->imm >= def->value_size)
			return reject(env,
				      "map value reference offset %d outside value_size %u",
				      hi->imm, def->value_size);
		return 0;
	}
	case BPF_LDX:
		if (insn->dst_reg == BPF_REG_10)
			return reject(env, "R10 is read-only");
		if (insn->imm)
			return reject(env, "reserved field imm is not 0");
		return 0;
	case BPF_ST:
		if (insn->src_reg)
			return reject(env, "reserved field src_reg is not 0");
		return 0;
	case BPF_STX:
		if (BPF_MODE(code) == BPF_ATOMIC) {
			if (!atomic_ok(insn->imm))
				return reject(env, "unknown atomic operation %#x",
					      insn->imm);
			return 0;
		}
		if (insn->imm)
			return reject(env, "reserved field imm is not 0");
		return 0;
	}
	return reject(env, "unknown opcode %#04x", code);
}

static int check_opcodes(struct sv_env *env)
{
	u32 i;
	int err;

	for (i = 0; i < ARRAY_SIZE(sv_opcodes); i++)
		env->valid_op[sv_opcodes[i]] = 1;
	if (!env->len)
		return reject(env, "empty program");
	if (env->len > SBPF_MAX_INSNS)
		return verr(env, -E2BIG, "program of %u insns exceeds %u",
			    env->len, SBPF_MAX_INSNS);
	for (i = 0; i < env->len; i++) {
		err = check_one_opcode(env, i);
		if (err)
			return err;
		if (env->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			i++;
	}
	return 0;
}

/* ----------------------------------------------------- cfg pass -- */

static bool is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Successors of insn @i (at most 2); returns their number. */
static u32 successors(const struct sv_env *env, u32 i, s64 succ[2])
{
	const struct bpf_insn *insn = &env->insns[i];
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (is_ld_imm64(insn)) {
		succ[0] = (s64)i + 2;
		return 1;
	}
	if (cls != BPF_JMP && cls != BPF_JMP32) {
		succ[0] = (s64)i + 1;
		return 1;
	}
	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_CALL) {
		succ[0] = (s64)i + 1;
		return 1;
	}
	if (op == BPF_JA) {
		succ[0] = (s64)i + 1 + insn->off;
		return 1;
	}
	succ[0] = (s64)i + 1;
	succ[1] = (s64)i + 1 + insn->off;
	return 2;
}

static int check_cfg(struct sv_env *env)
{
	u32 *work, nwork = 0, i, j, n;
	s64 succ[2];
	u8 *half;
	int err = 0;

	half = sbpf_vzalloc(env->len);
	work = sbpf_vzalloc(env->len * sizeof(*work));
	if (!half || !work) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i + 1 < env->len; i++)
		if (is_ld_imm64(&env->insns[i]))
			half[++i] = 1;

	for (i = 0; i < env->len; i++) {
		if (half[i])
			continue;
		env->prev_insn = i;
		n = successors(env, i, succ);
		for (j = 0; j < n; j++) {
			if (succ[j] == env->len) {
				err = reject(env,
					     "control falls off the end of the program");
				goto out;
			}
			if (succ[j] < 0 || succ[j] > env->len) {
				err = reject(env,
					     "jump to %lld out of the program [0, %u)",
					     (long long)succ[j], env->len);
				goto out;
			}
			if (half[succ[j]]) {
				err = reject(env,
					     "jump into the middle of a 64-bit immediate load at insn %lld",
					     (long long)succ[j]);
				goto out;
			}
		}
		if (n == 2 || (n == 1 && succ[0] != (s64)i + 1 &&
			       !is_ld_imm64(&env->insns[i]))) {
			env->aux[succ[n - 1]].prune_point = 1;
			env->aux[succ[0]].prune_point = 1;
		}
		if (BPF_CLASS(env->insns[i].code) == BPF_JMP &&
		    BPF_OP(env->insns[i].code) == BPF_CALL)
			env->aux[i + 1].prune_point = 1;
	}

	env->aux[0].reachable = 1;
	work[nwork++] = 0;
	while (nwork) {
		i = work[--nwork];
		n = successors(env, i, succ);
		for (j = 0; j < n; j++) {
			if (env->aux[succ[j]].reachable)
				continue;
			env->aux[succ[j]].reachable = 1;
			work[nwork++] = (u32)succ[j];
		}
	}
	for (i = 0; i < env->len; i++) {
		if (half[i] || env->aux[i].reachable)
			continue;
		env->prev_insn = i;
		err = reject(env, "unreachable instruction");
		goto out;
	}
out:
	sbpf_vfree(half);
	sbpf_vfree(work);
	return err;
}

/* ------------------------------------------------- liveness pass -- */

static void use_def(const struct sv_env *env, u32 i, u16 *use, u16 *def)
{
	const struct bpf_insn *insn = &env->insns[i];
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	u16 d = 1U << insn->dst_reg, s = 1U << insn->src_reg;
	u32 a;

	*use = 0;
	*def = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		*def = d;
		if (op == BPF_MOV)
			*use = BPF_SRC(insn->code) == BPF_X ? s : 0;
		else
			*use = d | (BPF_SRC(insn->code) == BPF_X &&
				    op != BPF_END && op != BPF_NEG ? s : 0);
		break;
	case BPF_LD:
		*def = d;
		break;
	case BPF_LDX:
		*use = s;
		*def = d;
		break;
	case BPF_ST:
		*use = d;
		break;
	case BPF_STX:
		*use = d | s;
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			if (insn->imm == BPF_CMPXCHG) {
				*use |= 1;
				*def = 1;
			} else if (insn->imm & BPF_FETCH) {
				*def = s;
			}
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL) {
			const struct sbpf_helper_proto *fn =
				&sbpf_helper_protos[insn->imm];

			for (a = 0; a < 5; a++)
				if (fn->arg[a] != SBPF_ARG_DONTCARE)
					*use |= 1U << (a + 1);
			*def = 0x3f;
		} else if (op == BPF_EXIT) {
			*use = 1;
		} else if (op != BPF_JA) {
			*use = d | (BPF_SRC(insn->code) == BPF_X ? s : 0);
		}
		break;
	}
}

static int compute_live(struct sv_env *env)
{
	bool changed = true;
	s64 succ[2];
	u32 i, j, n;

	/* Live sets only grow: at most 11 * len rounds, usually 2 or 3. */
	while (changed) {
		changed = false;
		for (i = env->len; i-- > 0;) {
			u16 use, def, out = 0, in;

			if (!env->aux[i].reachable)
				continue;
			n = successors(env, i, succ);
			for (j = 0; j < n; j++)
				out |= env->aux[succ[j]].live_regs;
			use_def(env, i, &use, &def);
			in = use | (out & ~def) | (1U << BPF_REG_10);
			if (in != env->aux[i].live_regs) {
				env->aux[i].live_regs = in;
				changed = true;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------ do_check -- */

static void init_state(struct sv_env *env, struct sv_state *st)
{
	struct sv_reg *r;

	memset(st, 0, sizeof(*st));
	r = &st->regs[BPF_REG_1];
	r->type = SV_PTR_TO_PACKET;
	r->var_off = tnum_const(0);
	r = &st->regs[BPF_REG_2];
	mark_unknown(r);
	r->var_off = tnum_range(0, SV_U32_MAX);
	reset_bounds(r);
	sync_bounds(r);
	r->id = SV_LEN_ID;
	r = &st->regs[BPF_REG_10];
	r->type = SV_PTR_TO_STACK;
	r->var_off = tnum_const(0);
	env->next_id = SV_LEN_ID;
}

/* The current path ended (exit, pruned, infeasible): take the next one. */
static bool next_path(struct sv_env *env)
{
	path_done(env->cur->parent);
	free_state(env->cur);
	env->cur = NULL;
	if (!env->npending)
		return false;
	env->cur = env->pending[--env->npending];
	return true;
}

static int do_check(struct sv_env *env)
{
	int err;

	env->cur = sbpf_zalloc(sizeof(*env->cur));
	if (!env->cur)
		return -ENOMEM;
	init_state(env, env->cur);

	for (;;) {
		struct sv_state *st = env->cur;
		u32 idx = st->insn_idx;
		const struct bpf_insn *insn = &env->insns[idx];
		u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
		u32 next = idx + 1;
		bool end = false;

		if (++env->insn_processed > SV_MAX_INSNS_PROCESSED)
			return verr(env, -E2BIG,
				    "more than %u instructions processed: the program is too complex",
				    SV_MAX_INSNS_PROCESSED);
		if (env->aux[idx].prune_point) {
			err = is_state_visited(env, idx);
			if (err < 0)
				return err;
			if (err) {
				if (env->log &&
				    env->log->level >= SBPF_LOG_VERBOSE)
					log_raw(env, "%u: pruned\n", idx);
				if (!next_path(env))
					return 0;
				continue;
			}
		}
		if (env->log && env->log->level >= SBPF_LOG_VERBOSE)
			log_state(env);

		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64:
			err = check_alu(env, insn);
			break;
		case BPF_LDX:
			err = check_ldx(env, insn);
			break;
		case BPF_ST:
		case BPF_STX:
			if (BPF_MODE(insn->code) == BPF_ATOMIC)
				err = check_atomic(env, insn);
			else
				err = check_st(env, insn);
			break;
		case BPF_LD:
			err = check_ld_imm64(env, insn);
			next = idx + 2;
			break;
		default:	/* BPF_JMP, BPF_JMP32 */
			if (op == BPF_CALL) {
				err = check_call(env, insn);
			} else if (op == BPF_EXIT) {
				err = check_exit(env);
				end = true;
			} else if (op == BPF_JA) {
				next = idx + 1 + insn->off;
				err = 0;
			} else {
				err = check_cond_jmp(env, insn, &next);
				if (err > 0) {
					end = true;
					err = 0;
				}
			}
			break;
		}
		if (err)
			return err;
		if (end) {
			if (!next_path(env))
				return 0;
			continue;
		}
		env->cur->insn_idx = next;
	}
}

/* ---------------------------------------------------- entry point -- */

static void free_env(struct sv_env *env)
{
	u32 i;

	if (env->aux) {
		for (i = 0; i < env->len; i++) {
			struct sv_checkpoint *cp = env->aux[i].explored;

			while (cp) {
				struct sv_checkpoint *next = cp->next;

				sbpf_free(cp->st.stack);
				sbpf_free(cp);
				cp = next;
			}
		}
		sbpf_vfree(env->aux);
	}
	if (env->pending) {
		for (i = 0; i < env->npending; i++)
			free_state(env->pending[i]);
		sbpf_vfree(env->pending);
	}
	free_state(env->cur);
}

int sbpf_verify(struct sbpf_prog *prog, struct sbpf_verifier_log *log,
		struct sbpf_verifier_stats *stats)
{
	struct sv_env *env;
	int ret;

	if (log) {
		log->len = 0;
		log->truncated = false;
		if (log->buf && log->size)
			log->buf[0] = '\0';
	}
	if (stats)
		memset(stats, 0, sizeof(*stats));
	env = sbpf_zalloc(sizeof(*env));
	if (!env)
		return -ENOMEM;
	env->prog = prog;
	env->insns = prog->insns;
	env->len = prog->len;
	env->log = log;

	if (env->len && env->len <= SBPF_MAX_INSNS) {
		env->aux = sbpf_vzalloc(env->len * sizeof(*env->aux));
		env->pending = sbpf_vzalloc(SV_MAX_PENDING *
					    sizeof(*env->pending));
		if (!env->aux || !env->pending) {
			ret = -ENOMEM;
			goto out;
		}
	}

	ret = check_opcodes(env) ?:
	      check_cfg(env) ?:
	      compute_live(env) ?:
	      do_check(env);

	if (log && log->level != SBPF_LOG_NONE)
		log_raw(env, "%s: processed %u insns, %u states (peak %u), max packet read %u\n",
			ret ? "rejected" : "accepted", env->insn_processed,
			env->states, env->peak_states, env->max_pkt_read);
out:
	if (stats) {
		stats->insns_processed = env->insn_processed;
		stats->states = env->states;
		stats->peak_states = env->peak_states;
		stats->max_pkt_read = env->max_pkt_read;
	}
	free_env(env);
	sbpf_free(env);
	return ret;
}
