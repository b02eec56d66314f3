// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Tristate numbers (see tnum.h).
 *
 * Arithmetic on tnums follows one idea: compute the result of the operation
 * on the known bits, then widen the mask by every bit that an unknown input
 * bit or a carry/borrow chain could flip.  Addition: the carries of
 * (values + masks) and of (values) differ exactly where an unknown bit may
 * have propagated a carry.  Multiplication is shift-and-add over the bits of
 * one operand, where an unknown bit contributes "0 or the other operand".
 */
#include "tnum.h"

/**
 * tnum_range() - the smallest tnum containing every number in [min, max].
 * @min: lower bound (unsigned)
 * @max: upper bound (unsigned), >= @min
 *
 * Return: a tnum whose known bits are the common prefix of @min and @max.
 */
struct tnum tnum_range(u64 min, u64 max)
{
	u64 low = min ^ max;

	/*
	 * Every bit at or below the highest differing one is unknown: smear
	 * that bit down (no loop over bit positions; the verifier calls this
	 * for every bounds update).
	 */
	low |= low >> 1;
	low |= low >> 2;
	low |= low >> 4;
	low |= low >> 8;
	low |= low >> 16;
	low |= low >> 32;
	return TNUM(min & ~low, low);
}

struct tnum tnum_lshift(struct tnum a, u8 shift)
{
	shift &= 63;
	return TNUM(a.value << shift, a.mask << shift);
}

struct tnum tnum_rshift(struct tnum a, u8 shift)
{
	shift &= 63;
	return TNUM(a.value >> shift, a.mask >> shift);
}

/**
 * tnum_arshift() - arithmetic right shift at the width of the instruction.
 * @a: operand (for 32-bit instructions, only its low half is meaningful)
 * @shift: shift amount, already masked to the width
 * @insn_bitness: 32 or 64
 *
 * Return: the shifted tnum; a 32-bit result is zero-extended.
 */
struct tnum tnum_arshift(struct tnum a, u8 shift, u8 insn_bitness)
{
	if (insn_bitness == 32) {
		u32 v = (u32)((s32)(u32)a.value >> (shift & 31));
		u32 m = (u32)((s32)(u32)a.mask >> (shift & 31));

		return TNUM(v, m);
	}
	return TNUM((u64)((s64)a.value >> (shift & 63)),
		    (u64)((s64)a.mask >> (shift & 63)));
}

struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 sum_mask = a.mask + b.mask;
	u64 sum_val = a.value + b.value;
	u64 sum_all = sum_mask + sum_val;
	u64 unknown = (sum_all ^ sum_val) | a.mask | b.mask;

	return TNUM(sum_val & ~unknown, unknown);
}

struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 diff = a.value - b.value;
	u64 hi = diff + a.mask;		/* largest borrow-free outcome */
	u64 lo = diff - b.mask;		/* smallest */
	u64 unknown = (hi ^ lo) | a.mask | b.mask;

	return TNUM(diff & ~unknown, unknown);
}

struct tnum tnum_neg(struct tnum a)
{
	return tnum_sub(tnum_const(0), a);
}

struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 may_a = a.value | a.mask;
	u64 may_b = b.value | b.mask;
	u64 ones = a.value & b.value;

	return TNUM(ones, may_a & may_b & ~ones);
}

struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 ones = a.value | b.value;

	return TNUM(ones, (a.mask | b.mask) & ~ones);
}

struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 unknown = a.mask | b.mask;

	return TNUM((a.value ^ b.value) & ~unknown, unknown);
}

struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	struct tnum acc = tnum_const(0);
	u64 may_b = b.value | b.mask;
	int i;

	for (i = 0; i < 64; i++) {
		u64 bit = (u64)1 << i;

		if (!((a.value | a.mask) >> i))
			break;
		if (a.value & bit)
			acc = tnum_add(acc, tnum_lshift(b, i));
		else if (a.mask & bit)
			acc = tnum_add(acc, TNUM(0, may_b << i));
	}
	return acc;
}

/* Numbers that are in both @a and @b (caller knows the sets overlap). */
struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 unknown = a.mask & b.mask;

	return TNUM((a.value | b.value) & ~unknown, unknown);
}

/* A tnum containing every member of @a and of @b. */
struct tnum tnum_union(struct tnum a, struct tnum b)
{
	u64 unknown = a.mask | b.mask | (a.value ^ b.value);

	return TNUM(a.value & b.value & ~unknown, unknown);
}

/* Truncate to the low @size bytes (1, 2, 4 or 8), zero-extended. */
struct tnum tnum_cast(struct tnum a, u8 size)
{
	u64 keep = size >= 8 ? ~(u64)0 : ((u64)1 << (size * 8)) - 1;

	return TNUM(a.value & keep, a.mask & keep);
}

/**
 * tnum_in() - whether every member of @b is a member of @a.
 * @a: the (more general) container
 * @b: the candidate subset
 *
 * Return: true if @b is a subset of @a.
 */
bool tnum_in(struct tnum a, struct tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	return a.value == (b.value & ~a.mask);
}

bool tnum_is_aligned(struct tnum a, u64 size)
{
	if (!size)
		return true;
	return !((a.value | a.mask) & (size - 1));
}

struct tnum tnum_with_subreg(struct tnum a, struct tnum sub)
{
	u64 hi = ~(u64)0xffffffff;

	return TNUM((a.value & hi) | (u32)sub.value,
		    (a.mask & hi) | (u32)sub.mask);
}

int tnum_snprint(char *buf, u32 size, struct tnum a)
{
	return snprintf(buf, size, "(%#llx; %#llx)",
			(unsigned long long)a.value,
			(unsigned long long)a.mask);
}
