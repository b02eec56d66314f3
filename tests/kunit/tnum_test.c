// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite: tristate numbers (datapath/bpf/tnum.c).
 *
 * Soundness is checked exhaustively on a small universe: every tnum whose
 * unknown and known-one bits lie in the low 4 bits (81 of them), and every
 * member of each.  For each operation and each pair (A, B), a OP b must be
 * a member of tnum_OP(A, B) for all a in A and b in B.  The same is done
 * with the universe shifted to the top bits, where carries and sign bits
 * live.  A few exact results pin down precision.
 */
#include "sbpf_kunit.h"
#include "tnum.h"

#define TT_BITS		4
#define TT_N		81	/* 3^4 */

/* The i-th tnum of the universe, placed at bit @shift. */
static struct tnum tt_nth(u32 i, u32 shift)
{
	u64 v = 0, m = 0;
	u32 b;

	for (b = 0; b < TT_BITS; b++, i /= 3) {
		if (i % 3 == 1)
			v |= 1ULL << b;
		else if (i % 3 == 2)
			m |= 1ULL << b;
	}
	return TNUM(v << shift, m << shift);
}

static bool tt_member(struct tnum t, u64 x)
{
	return (x & ~t.mask) == t.value;
}

enum tt_op { TT_ADD, TT_SUB, TT_AND, TT_OR, TT_XOR, TT_MUL, TT_NEG,
	     TT_INTERSECT, TT_UNION, TT_LSH, TT_RSH, TT_ARSH, TT_ARSH32,
	     __TT_MAX };

static const char *const tt_names[__TT_MAX] = {
	"add", "sub", "and", "or", "xor", "mul", "neg", "intersect", "union",
	"lsh", "rsh", "arsh", "arsh32",
};

/* Checks one operation over the whole universe; returns the failures. */
static u32 tt_check(struct kunit *test, enum tt_op op, u32 shift)
{
	u32 i, j, fails = 0;

	for (i = 0; i < TT_N; i++) {
		for (j = 0; j < TT_N; j++) {
			struct tnum A = tt_nth(i, shift), B = tt_nth(j, shift);
			struct tnum R;
			u8 sh = (u8)(j % 64);
			u64 ma, mb;

			switch (op) {
			case TT_ADD: R = tnum_add(A, B); break;
			case TT_SUB: R = tnum_sub(A, B); break;
			case TT_AND: R = tnum_and(A, B); break;
			case TT_OR: R = tnum_or(A, B); break;
			case TT_XOR: R = tnum_xor(A, B); break;
			case TT_MUL: R = tnum_mul(A, B); break;
			case TT_NEG: R = tnum_neg(A); break;
			case TT_INTERSECT: R = tnum_intersect(A, B); break;
			case TT_UNION: R = tnum_union(A, B); break;
			case TT_LSH: R = tnum_lshift(A, sh); break;
			case TT_RSH: R = tnum_rshift(A, sh); break;
			case TT_ARSH: R = tnum_arshift(A, sh, 64); break;
			default: R = tnum_arshift(A, sh % 32, 32); break;
			}
			KUNIT_EXPECT_EQ(test, R.value & R.mask, 0ULL);
			/* enumerate members by subsets of the masks */
			ma = A.mask;
			for (;;) {
				mb = B.mask;
				for (;;) {
					u64 a = A.value | ma, b = B.value | mb;
					u64 r;
					bool ok;

					switch (op) {
					case TT_ADD: r = a + b; break;
					case TT_SUB: r = a - b; break;
					case TT_AND: r = a & b; break;
					case TT_OR: r = a | b; break;
					case TT_XOR: r = a ^ b; break;
					case TT_MUL: r = a * b; break;
					case TT_NEG: r = 0 - a; break;
					case TT_LSH: r = a << sh; break;
					case TT_RSH: r = a >> sh; break;
					case TT_ARSH: r = (u64)((s64)a >> sh); break;
					case TT_ARSH32:
						r = (u32)((s32)(u32)a >> (sh % 32));
						break;
					default: r = 0; break;
					}
					if (op == TT_INTERSECT)
						ok = !(tt_member(A, a) &&
						       tt_member(B, a)) ||
						     tt_member(R, a);
					else if (op == TT_UNION)
						ok = tt_member(R, a) &&
						     tt_member(R, b);
					else
						ok = tt_member(R, r);
					if (!ok && fails++ < 4)
						KUNIT_FAIL(test,
							   "%s: (%llx;%llx) (%llx;%llx) members %llx %llx: result (%llx;%llx)",
							   tt_names[op],
							   A.value, A.mask,
							   B.value, B.mask, a, b,
							   R.value, R.mask);
					if (!mb)
						break;
					mb = (mb - 1) & B.mask;
				}
				if (!ma)
					break;
				ma = (ma - 1) & A.mask;
			}
		}
	}
	return fails;
}

static void tnum_sound_low_test(struct kunit *test)
{
	u32 op;

	for (op = 0; op < __TT_MAX; op++)
		KUNIT_EXPECT_EQ_MSG(test, tt_check(test, op, 0), 0U, "%s",
				    tt_names[op]);
}

static void tnum_sound_high_test(struct kunit *test)
{
	u32 op;

	/* bits 60..63: carries out of the top, the sign bit */
	for (op = 0; op < __TT_MAX; op++)
		KUNIT_EXPECT_EQ_MSG(test, tt_check(test, op, 60), 0U, "%s",
				    tt_names[op]);
	/* bits 29..32: across the 32-bit boundary */
	for (op = 0; op < __TT_MAX; op++)
		KUNIT_EXPECT_EQ_MSG(test, tt_check(test, op, 29), 0U, "%s",
				    tt_names[op]);
}

static void tnum_range_test(struct kunit *test)
{
	static const u64 pts[] = {
		0, 1, 2, 3, 7, 8, 100, 255, 256, 1000, 65535, 0x7fffffffULL,
		0x80000000ULL, 0xffffffffULL, 0x123456789ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL,
	};
	u32 i, j;

	for (i = 0; i < ARRAY_SIZE(pts); i++) {
		for (j = i; j < ARRAY_SIZE(pts); j++) {
			struct tnum t = tnum_range(pts[i], pts[j]);

			/* contains both ends and what lies between */
			KUNIT_EXPECT_TRUE(test, tt_member(t, pts[i]));
			KUNIT_EXPECT_TRUE(test, tt_member(t, pts[j]));
			KUNIT_EXPECT_TRUE(test,
					  tt_member(t, pts[i] +
						    (pts[j] - pts[i]) / 2));
			KUNIT_EXPECT_LE(test, tnum_umin(t), pts[i]);
			KUNIT_EXPECT_GE(test, tnum_umax(t), pts[j]);
		}
	}
	KUNIT_EXPECT_TRUE(test, tnum_is_const(tnum_range(5, 5)));
	KUNIT_EXPECT_EQ(test, tnum_range(0, 255).mask, 0xffULL);
	KUNIT_EXPECT_EQ(test, tnum_range(0, 256).mask, 0x1ffULL);
	KUNIT_EXPECT_EQ(test, tnum_range(16, 31).value, 16ULL);
	KUNIT_EXPECT_EQ(test, tnum_range(16, 31).mask, 15ULL);
	KUNIT_EXPECT_TRUE(test, tnum_is_unknown(tnum_range(0, ~0ULL)));
}

static void tnum_precision_test(struct kunit *test)
{
	struct tnum byte = tnum_range(0, 255);
	struct tnum t;

	t = tnum_add(tnum_const(3), tnum_const(4));
	KUNIT_EXPECT_TRUE(test, tnum_equals_const(t, 7));
	t = tnum_and(tnum_unknown(), tnum_const(0x3c));
	KUNIT_EXPECT_EQ(test, t.value, 0ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 0x3cULL);
	t = tnum_lshift(tnum_and(byte, tnum_const(15)), 2);
	KUNIT_EXPECT_EQ(test, tnum_umax(t), 60ULL);
	KUNIT_EXPECT_TRUE(test, tnum_is_aligned(t, 4));
	KUNIT_EXPECT_FALSE(test, tnum_is_aligned(byte, 2));
	t = tnum_or(byte, tnum_const(0x100));
	KUNIT_EXPECT_EQ(test, tnum_umin(t), 0x100ULL);
	t = tnum_mul(tnum_const(6), tnum_const(7));
	KUNIT_EXPECT_TRUE(test, tnum_equals_const(t, 42));
	t = tnum_arshift(tnum_const(0x80000000ULL), 4, 32);
	KUNIT_EXPECT_TRUE(test, tnum_equals_const(t, 0xf8000000ULL));
	t = tnum_arshift(tnum_const(0x8000000000000000ULL), 63, 64);
	KUNIT_EXPECT_TRUE(test, tnum_equals_const(t, ~0ULL));
	t = tnum_cast(tnum_const(0x1234567890ULL), 4);
	KUNIT_EXPECT_TRUE(test, tnum_equals_const(t, 0x34567890ULL));
	t = tnum_with_subreg(tnum_const(0xaaaaaaaa00000000ULL),
			     tnum_const(0x55));
	KUNIT_EXPECT_TRUE(test, tnum_equals_const(t, 0xaaaaaaaa00000055ULL));
	KUNIT_EXPECT_TRUE(test, tnum_in(byte, tnum_const(200)));
	KUNIT_EXPECT_FALSE(test, tnum_in(byte, tnum_const(256)));
	KUNIT_EXPECT_TRUE(test, tnum_in(tnum_unknown(), byte));
	KUNIT_EXPECT_FALSE(test, tnum_in(byte, tnum_unknown()));
	KUNIT_EXPECT_TRUE(test, tnum_in(byte, tnum_range(16, 31)));
	t = tnum_intersect(byte, tnum_range(0, 15));
	KUNIT_EXPECT_EQ(test, tnum_umax(t), 15ULL);
}

static struct kunit_case tnum_cases[] = {
	KUNIT_CASE(tnum_sound_low_test),
	KUNIT_CASE(tnum_sound_high_test),
	KUNIT_CASE(tnum_range_test),
	KUNIT_CASE(tnum_precision_test),
	{}
};

static struct kunit_suite tnum_suite = {
	.name = "sbpf_tnum",
	.test_cases = tnum_cases,
};
kunit_test_suite(tnum_suite);
