/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Tristate numbers: bit-level knowledge of a 64-bit value.
 *
 * A tnum is a pair (value, mask).  A bit set in mask is unknown; a bit clear
 * in mask is known and equal to the same bit of value.  Invariant:
 * (value & mask) == 0.  The set of concrete numbers a tnum stands for is
 * { x : (x & ~mask) == value }.
 *
 * Every operation below over-approximates: if a is in A and b is in B, then
 * a OP b is in tnum_OP(A, B).  The tests (tests/kunit/tnum_test.c) check this
 * exhaustively on small widths.
 */
#ifndef SBPF_TNUM_H
#define SBPF_TNUM_H 1

#include "sbpf_platform.h"

struct tnum {
	u64 value;
	u64 mask;
};

#define TNUM(_v, _m)	((struct tnum){ .value = (_v), .mask = (_m) })

static inline struct tnum tnum_const(u64 v)
{
	return TNUM(v, 0);
}

static inline struct tnum tnum_unknown(void)
{
	return TNUM(0, ~(u64)0);
}

static inline bool tnum_is_const(struct tnum a)
{
	return a.mask == 0;
}

static inline bool tnum_equals_const(struct tnum a, u64 v)
{
	return a.mask == 0 && a.value == v;
}

static inline bool tnum_is_unknown(struct tnum a)
{
	return a.mask == ~(u64)0;
}

/* Smallest and largest unsigned members. */
static inline u64 tnum_umin(struct tnum a)
{
	return a.value;
}

static inline u64 tnum_umax(struct tnum a)
{
	return a.value | a.mask;
}

struct tnum tnum_range(u64 min, u64 max);
struct tnum tnum_lshift(struct tnum a, u8 shift);
struct tnum tnum_rshift(struct tnum a, u8 shift);
struct tnum tnum_arshift(struct tnum a, u8 shift, u8 insn_bitness);
struct tnum tnum_add(struct tnum a, struct tnum b);
struct tnum tnum_sub(struct tnum a, struct tnum b);
struct tnum tnum_neg(struct tnum a);
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);
struct tnum tnum_mul(struct tnum a, struct tnum b);
struct tnum tnum_intersect(struct tnum a, struct tnum b);
struct tnum tnum_union(struct tnum a, struct tnum b);
struct tnum tnum_cast(struct tnum a, u8 size);
bool tnum_in(struct tnum a, struct tnum b);
bool tnum_is_aligned(struct tnum a, u64 size);

/* The low 32 bits, zero-extended. */
static inline struct tnum tnum_subreg(struct tnum a)
{
	return tnum_cast(a, 4);
}

/* @a with its low 32 bits replaced by those of @sub. */
struct tnum tnum_with_subreg(struct tnum a, struct tnum sub);

/* Format as "(value; mask)" hex into @buf; returns chars written. */
int tnum_snprint(char *buf, u32 size, struct tnum a);

#endif /* SBPF_TNUM_H */
