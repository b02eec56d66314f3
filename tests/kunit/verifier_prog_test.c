// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite: the verifier, part 3 — whole programs: filters compiled by
 * clang (-O2 -target bpf -mcpu=v3) and mutations of them that must fail,
 * bounded and unbounded loops, pruning, budgets, the log, and the verifier
 * time of a 1000-instruction rule set.
 *
 * The clang programs were written for these tests (Oko ABI: r1 = frame,
 * r2 = length); their source, for reference:
 *
 *   u64 fw(u8 *pkt, u64 len)
 *   {
 *	if (len < 54) return 0;
 *	if (pkt[12] != 0x08 || pkt[13] != 0x00) return 0;
 *	if (pkt[23] != 6) return 0;
 *	u16 dport = (pkt[36] << 8) | pkt[37];
 *	if (dport == 22 || dport == 23) return 0;
 *	return 1;
 *   }
 *   u64 ihl(u8 *pkt, u64 len)
 *   {
 *	u8 *end = pkt + len, *ip = pkt + 14;
 *	if (ip + 20 > end) return 0;
 *	if (pkt[12] != 0x08) return 0;
 *	u32 hl = (ip[0] & 0xf) * 4;
 *	if (hl < 20) return 0;
 *	u8 *tcp = ip + hl;
 *	if (tcp + 4 > end) return 0;
 *	return tcp[2] == 0 && tcp[3] == 80;
 *   }
 *   u64 count(u8 *pkt, u64 len)		(map 0: hash, key 4, value 16)
 *   {
 *	if (len < 34) return 0;
 *	u32 key = *(u32 *)(pkt + 26);
 *	u64 *v = map_lookup(&counters, &key);
 *	if (v) {
 *		__sync_fetch_and_add(&v[0], 1);
 *		__sync_fetch_and_add(&v[1], len);
 *		return v[0] > 100;
 *	}
 *	u64 init[2] = { 1, len };
 *	map_update(&counters, &key, init);
 *	return 0;
 *   }
 *   u64 loop2(u8 *pkt, u64 len)		(loop unrolling disabled)
 *   {
 *	u32 sum = 0;
 *	if (len < 24) return 0;
 *	u32 n = pkt[0] & 15;
 *	for (u32 i = 0; i < n; i++)
 *		sum += pkt[8 + i];
 *	return sum == 7;
 *   }
 *   u64 vlan(u8 *pkt, u64 len)		(loop unrolling disabled)
 *   {
 *	u8 *end = pkt + len;
 *	u32 off = 12;
 *	for (int i = 0; i < 4; i++) {
 *		if (pkt + off + 2 > end) return 0;
 *		u16 t = (pkt[off] << 8) | pkt[off + 1];
 *		if (t != 0x8100) return t == 0x0800;
 *		off += 4;
 *	}
 *	return 0;
 *   }
 *   u64 loop(u8 *pkt, u64 len)		(clang unrolls it)
 *   {
 *	u32 sum = 0;
 *	for (u32 i = 0; i < 16; i++) {
 *		if (i >= len) break;
 *		sum += pkt[i];
 *	}
 *	return sum & 1;
 *   }
 */
#include "verifier_test.h"

/* s_fw: 20 insns */
static const struct bpf_insn clang_fw[] = {
	SBPF_RAW_INSN(0xb7, 0, 0, 0, 0),
	SBPF_RAW_INSN(0xa5, 2, 0, 17, 54),
	SBPF_RAW_INSN(0x71, 2, 1, 12, 0),
	SBPF_RAW_INSN(0x56, 2, 0, 15, 8),
	SBPF_RAW_INSN(0x71, 2, 1, 13, 0),
	SBPF_RAW_INSN(0x56, 2, 0, 13, 0),
	SBPF_RAW_INSN(0x71, 2, 1, 23, 0),
	SBPF_RAW_INSN(0x56, 2, 0, 11, 6),
	SBPF_RAW_INSN(0x71, 2, 1, 37, 0),
	SBPF_RAW_INSN(0x71, 1, 1, 36, 0),
	SBPF_RAW_INSN(0x64, 1, 0, 0, 8),
	SBPF_RAW_INSN(0x4c, 1, 2, 0, 0),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 1),
	SBPF_RAW_INSN(0xb4, 2, 0, 0, 1),
	SBPF_RAW_INSN(0x56, 1, 0, 1, 23),
	SBPF_RAW_INSN(0xb4, 2, 0, 0, 0),
	SBPF_RAW_INSN(0x56, 1, 0, 1, 22),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x5c, 0, 2, 0, 0),
	SBPF_RAW_INSN(0x95, 0, 0, 0, 0),
};

/* s_ihl: 22 insns */
static const struct bpf_insn clang_ihl[] = {
	SBPF_RAW_INSN(0xb7, 0, 0, 0, 0),
	SBPF_RAW_INSN(0xc5, 2, 0, 19, 34),
	SBPF_RAW_INSN(0x71, 3, 1, 12, 0),
	SBPF_RAW_INSN(0x56, 3, 0, 17, 8),
	SBPF_RAW_INSN(0xbf, 3, 1, 0, 0),
	SBPF_RAW_INSN(0x07, 3, 0, 0, 14),
	SBPF_RAW_INSN(0x71, 4, 3, 0, 0),
	SBPF_RAW_INSN(0x64, 4, 0, 0, 2),
	SBPF_RAW_INSN(0x54, 4, 0, 0, 60),
	SBPF_RAW_INSN(0xa6, 4, 0, 11, 20),
	SBPF_RAW_INSN(0x0f, 1, 2, 0, 0),
	SBPF_RAW_INSN(0x0f, 3, 4, 0, 0),
	SBPF_RAW_INSN(0xbf, 2, 3, 0, 0),
	SBPF_RAW_INSN(0x07, 2, 0, 0, 4),
	SBPF_RAW_INSN(0x2d, 2, 1, 6, 0),
	SBPF_RAW_INSN(0x71, 1, 3, 2, 0),
	SBPF_RAW_INSN(0x56, 1, 0, 4, 0),
	SBPF_RAW_INSN(0x71, 1, 3, 3, 0),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 1),
	SBPF_RAW_INSN(0x16, 1, 0, 1, 80),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x95, 0, 0, 0, 0),
};

/* s_count: 31 insns */
static const struct bpf_insn clang_count[] = {
	SBPF_RAW_INSN(0xbf, 6, 2, 0, 0),
	SBPF_RAW_INSN(0xb7, 0, 0, 0, 0),
	SBPF_RAW_INSN(0xa5, 6, 0, 27, 34),
	SBPF_RAW_INSN(0x61, 1, 1, 26, 0),
	SBPF_RAW_INSN(0x63, 10, 1, -4, 0),
	SBPF_RAW_INSN(0xbf, 2, 10, 0, 0),
	SBPF_RAW_INSN(0x07, 2, 0, 0, -4),
	SBPF_RAW_INSN(0x18, 1, 1, 0, 0),
	SBPF_RAW_INSN(0x00, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x85, 0, 0, 0, 1),
	SBPF_RAW_INSN(0x15, 0, 0, 8, 0),
	SBPF_RAW_INSN(0xb7, 1, 0, 0, 1),
	SBPF_RAW_INSN(0xdb, 0, 1, 0, 0),
	SBPF_RAW_INSN(0xdb, 0, 6, 8, 0),
	SBPF_RAW_INSN(0x79, 1, 0, 0, 0),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 1),
	SBPF_RAW_INSN(0x25, 1, 0, 13, 100),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x05, 0, 0, 11, 0),
	SBPF_RAW_INSN(0x7b, 10, 6, -16, 0),
	SBPF_RAW_INSN(0xb7, 1, 0, 0, 1),
	SBPF_RAW_INSN(0x7b, 10, 1, -24, 0),
	SBPF_RAW_INSN(0xbf, 2, 10, 0, 0),
	SBPF_RAW_INSN(0x07, 2, 0, 0, -4),
	SBPF_RAW_INSN(0xbf, 3, 10, 0, 0),
	SBPF_RAW_INSN(0x07, 3, 0, 0, -24),
	SBPF_RAW_INSN(0x18, 1, 1, 0, 0),
	SBPF_RAW_INSN(0x00, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x85, 0, 0, 0, 2),
	SBPF_RAW_INSN(0xb7, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x95, 0, 0, 0, 0),
};

/* s_loop2: 18 insns */
static const struct bpf_insn clang_loop2[] = {
	SBPF_RAW_INSN(0xb7, 0, 0, 0, 0),
	SBPF_RAW_INSN(0xa5, 2, 0, 15, 24),
	SBPF_RAW_INSN(0x71, 2, 1, 0, 0),
	SBPF_RAW_INSN(0x54, 2, 0, 0, 15),
	SBPF_RAW_INSN(0x16, 2, 0, 12, 0),
	SBPF_RAW_INSN(0xb4, 3, 0, 0, 0),
	SBPF_RAW_INSN(0xb7, 4, 0, 0, 0),
	SBPF_RAW_INSN(0x07, 1, 0, 0, 8),
	SBPF_RAW_INSN(0xbf, 5, 1, 0, 0),
	SBPF_RAW_INSN(0x0f, 5, 4, 0, 0),
	SBPF_RAW_INSN(0x71, 5, 5, 0, 0),
	SBPF_RAW_INSN(0x0c, 3, 5, 0, 0),
	SBPF_RAW_INSN(0x07, 4, 0, 0, 1),
	SBPF_RAW_INSN(0xad, 4, 2, -6, 0),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 1),
	SBPF_RAW_INSN(0x16, 3, 0, 1, 7),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x95, 0, 0, 0, 0),
};

/* s_vlan: 21 insns */
static const struct bpf_insn clang_vlan[] = {
	SBPF_RAW_INSN(0xbf, 3, 1, 0, 0),
	SBPF_RAW_INSN(0x0f, 3, 2, 0, 0),
	SBPF_RAW_INSN(0xb7, 0, 0, 0, 0),
	SBPF_RAW_INSN(0xb7, 2, 0, 0, 0),
	SBPF_RAW_INSN(0xbf, 4, 1, 0, 0),
	SBPF_RAW_INSN(0x0f, 4, 2, 0, 0),
	SBPF_RAW_INSN(0xbf, 5, 4, 0, 0),
	SBPF_RAW_INSN(0x07, 5, 0, 0, 14),
	SBPF_RAW_INSN(0x2d, 5, 3, 11, 0),
	SBPF_RAW_INSN(0x71, 5, 4, 13, 0),
	SBPF_RAW_INSN(0x71, 4, 4, 12, 0),
	SBPF_RAW_INSN(0x64, 4, 0, 0, 8),
	SBPF_RAW_INSN(0x4c, 4, 5, 0, 0),
	SBPF_RAW_INSN(0x56, 4, 0, 3, 33024),
	SBPF_RAW_INSN(0x07, 2, 0, 0, 4),
	SBPF_RAW_INSN(0x16, 2, 0, 4, 16),
	SBPF_RAW_INSN(0x05, 0, 0, -13, 0),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 1),
	SBPF_RAW_INSN(0x16, 4, 0, 1, 2048),
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x95, 0, 0, 0, 0),
};

/* s_loop: 50 insns */
static const struct bpf_insn clang_loop[] = {
	SBPF_RAW_INSN(0xb4, 0, 0, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 46, 0),
	SBPF_RAW_INSN(0x71, 0, 1, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 44, 1),
	SBPF_RAW_INSN(0x71, 3, 1, 1, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 41, 2),
	SBPF_RAW_INSN(0x71, 3, 1, 2, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 38, 3),
	SBPF_RAW_INSN(0x71, 3, 1, 3, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 35, 4),
	SBPF_RAW_INSN(0x71, 3, 1, 4, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 32, 5),
	SBPF_RAW_INSN(0x71, 3, 1, 5, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 29, 6),
	SBPF_RAW_INSN(0x71, 3, 1, 6, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 26, 7),
	SBPF_RAW_INSN(0x71, 3, 1, 7, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 23, 8),
	SBPF_RAW_INSN(0x71, 3, 1, 8, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 20, 9),
	SBPF_RAW_INSN(0x71, 3, 1, 9, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 17, 10),
	SBPF_RAW_INSN(0x71, 3, 1, 10, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 14, 11),
	SBPF_RAW_INSN(0x71, 3, 1, 11, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 11, 12),
	SBPF_RAW_INSN(0x71, 3, 1, 12, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 8, 13),
	SBPF_RAW_INSN(0x71, 3, 1, 13, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 5, 14),
	SBPF_RAW_INSN(0x71, 3, 1, 14, 0),
	SBPF_RAW_INSN(0x0c, 0, 3, 0, 0),
	SBPF_RAW_INSN(0x15, 2, 0, 2, 15),
	SBPF_RAW_INSN(0x71, 1, 1, 15, 0),
	SBPF_RAW_INSN(0x0c, 0, 1, 0, 0),
	SBPF_RAW_INSN(0x54, 0, 0, 0, 1),
	SBPF_RAW_INSN(0x95, 0, 0, 0, 0),
};

/* A compiled program, optionally with one instruction replaced. */
struct vt_clang_case {
	const char *name;
	const struct bpf_insn *insns;
	u32 len;
	int patch_at;			/* -1: none */
	struct bpf_insn patch;
	int ret;
	const char *msg;
	u32 pkt_read;
};

static const struct vt_clang_case clang_cases[] = {
	{ "clang fw", clang_fw, ARRAY_SIZE(clang_fw), -1, {}, 0, NULL, 38 },
	{ "clang fw, length check 37",
	  clang_fw, ARRAY_SIZE(clang_fw), 1, SBPF_RAW_INSN(0xa5, 2, 0, 17, 37), -EINVAL,
	  "insn 8: r2 = *(u8 *)(r1 +37): R1 packet pointer, off 37 size 1 exceeds proven length 37" },
	{ "clang fw, signed length check",
	  clang_fw, ARRAY_SIZE(clang_fw), 1, SBPF_RAW_INSN(0xc5, 2, 0, 17, 54), 0, NULL, 38 },
	{ "clang ihl (variable header length, packet end)",
	  clang_ihl, ARRAY_SIZE(clang_ihl), -1, {}, 0, NULL, 78 },
	{ "clang ihl, end check one byte short",
	  clang_ihl, ARRAY_SIZE(clang_ihl), 13, SBPF_RAW_INSN(0x07, 2, 0, 0, 3), -EINVAL,
	  "insn 17: r1 = *(u8 *)(r3 +3): R3 packet pointer, off 17+[20,60] size 1 exceeds proven length 37 (range 17)" },
	{ "clang ihl, longer header length: the end check still covers it",
	  clang_ihl, ARRAY_SIZE(clang_ihl), 8, SBPF_RAW_INSN(0x54, 4, 0, 0, 0x3fc), 0, NULL,
	  1038 },
	{ "clang ihl, end check made a no-op",
	  clang_ihl, ARRAY_SIZE(clang_ihl), 14, SBPF_RAW_INSN(0x2d, 2, 1, 0, 0), -EINVAL,
	  "insn 15: r1 = *(u8 *)(r3 +2): R3 packet pointer, off 16+[20,60] size 1 exceeds proven length 34 (range 0)" },
	{ "clang count (map, atomics)", clang_count, ARRAY_SIZE(clang_count), -1, {}, 0, NULL, 30 },
	{ "clang count, null check removed",
	  clang_count, ARRAY_SIZE(clang_count), 10, SBPF_RAW_INSN(0x15, 6, 0, 8, 0), -EINVAL,
	  "insn 12: lock *(u64 *)(r0 +0) += r1: R0 may be null" },
	{ "clang count, key left uninitialized",
	  clang_count, ARRAY_SIZE(clang_count), 4, SBPF_RAW_INSN(0x63, 10, 1, -8, 0), -EINVAL,
	  "R2 reads uninitialized stack byte fp-4" },
	{ "clang count, value half written",
	  clang_count, ARRAY_SIZE(clang_count), 19, SBPF_RAW_INSN(0xb7, 6, 0, 0, 0), -EINVAL,
	  "R3 reads uninitialized stack byte fp-16" },
	{ "clang loop2 (bounded loop)", clang_loop2, ARRAY_SIZE(clang_loop2), -1, {}, 0, NULL, 23 },
	{ "clang loop2, length 22",
	  clang_loop2, ARRAY_SIZE(clang_loop2), 1, SBPF_RAW_INSN(0xa5, 2, 0, 15, 22), -EINVAL,
	  "R5 packet pointer, off 22 size 1 exceeds proven length 22" },
	{ "clang loop2, count of 31",
	  clang_loop2, ARRAY_SIZE(clang_loop2), 3, SBPF_RAW_INSN(0x54, 2, 0, 0, 31), -EINVAL,
	  "R5 packet pointer, off 24 size 1 exceeds proven length 24" },
	{ "clang vlan (loop with packet end checks)",
	  clang_vlan, ARRAY_SIZE(clang_vlan), -1, {}, 0, NULL, 26 },
	{ "clang vlan, end check short",
	  clang_vlan, ARRAY_SIZE(clang_vlan), 7, SBPF_RAW_INSN(0x07, 5, 0, 0, 13), -EINVAL,
	  "R4 packet pointer, off 13 size 1 exceeds proven length 13" },
	{ "clang vlan, loop exit removed",
	  clang_vlan, ARRAY_SIZE(clang_vlan), 15, SBPF_RAW_INSN(0x16, 2, 0, 4, 0x7fffffff),
	  -E2BIG, "the program is too complex" },
	{ "clang loop (unrolled)", clang_loop, ARRAY_SIZE(clang_loop), -1, {}, 0, NULL, 16 },
	{ "clang loop, one check removed",
	  clang_loop, ARRAY_SIZE(clang_loop), 42, SBPF_RAW_INSN(0x15, 2, 0, 5, 100), -EINVAL,
	  "R1 packet pointer, off 14 size 1 exceeds proven length 14" },
};

static void clang_desc(const struct vt_clang_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(clang, clang_cases, clang_desc);

static void clang_test(struct kunit *test)
{
	const struct vt_clang_case *cc = test->param_value;
	struct vt_case *c;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_ASSERT_LE(test, cc->len, (u32)VT_MAX_INSNS);
	c->name = cc->name;
	memcpy(c->insns, cc->insns, cc->len * sizeof(*cc->insns));
	c->len = cc->len;
	if (cc->patch_at >= 0)
		c->insns[cc->patch_at] = cc->patch;
	c->ret = cc->ret;
	c->msg = cc->msg;
	c->pkt_read = cc->pkt_read;
	vt_check_case(test, c);
}

/* ----------------------------------------------------------- loops -- */


static const struct vt_case loop_cases[] = {
	{ "count to 100",
	  VT_PROG(MOV(R6, 0), ADDI(R6, 1), JI(JLT, R6, 100, -2), MOV(R0, 0), EXIT),
	  0, NULL },
	{ "count down from a packet byte",
	  VT_PROG(JI(JGE, R2, 1, 2), MOV(R0, 0), EXIT, LDB(R6, R1, 0),
		  JI(JEQ, R6, 0, 2), SBPF_ALU64_IMM(BPF_SUB, R6, 1),
		  SBPF_JMP_A(-3), MOV(R0, 0), EXIT), 0, NULL },
	{ "nested loops 10 x 10",
	  VT_PROG(MOV(R0, 0), MOV(R6, 0), MOV(R7, 0), ADDI(R0, 1),
		  ADDI(R7, 1), JI(JLT, R7, 10, -3), ADDI(R6, 1),
		  JI(JLT, R6, 10, -6), EXIT), 0, NULL },
	{ "loop writing the stack through a moving pointer",
	  VT_PROG(MOVR(R6, R10), MOV(R7, 0), ADDI(R6, -8), STIDW(R6, 0, 0),
		  ADDI(R7, 1), JI(JLT, R7, 8, -4), LDDW(R0, R10, -64), EXIT),
	  0, NULL },
	{ "loop writing past the frame",
	  VT_PROG(MOVR(R6, R10), MOV(R7, 0), ADDI(R6, -8), STIDW(R6, 0, 0),
		  ADDI(R7, 1), JI(JLT, R7, 65, -4), MOV(R0, 0), EXIT), -EINVAL,
	  "R6 stack access at fp-520 size 8 is outside the frame" },
	{ "loop reading the packet with a checked index",
	  VT_PROG(JI(JGE, R2, 32, 2), MOV(R0, 0), EXIT, MOV(R0, 0), MOV(R6, 0),
		  MOVR(R3, R1), ADDR(R3, R6), LDB(R4, R3, 0), ADDR(R0, R4),
		  ADDI(R6, 1), JI(JLT, R6, 32, -6), EXIT), 0, NULL, 32 },
	{ "loop reading one byte too many",
	  VT_PROG(JI(JGE, R2, 32, 2), MOV(R0, 0), EXIT, MOV(R0, 0), MOV(R6, 0),
		  MOVR(R3, R1), ADDR(R3, R6), LDB(R4, R3, 0), ADDR(R0, R4),
		  ADDI(R6, 1), JI(JLE, R6, 32, -6), EXIT), -EINVAL,
	  "R3 packet pointer, off 32 size 1 exceeds proven length 32" },
	{ "jump to itself",
	  VT_PROG(MOV(R0, 0), JI(JEQ, R2, 12345, 1), SBPF_JMP_A(-1), EXIT),
	  -EINVAL, "infinite loop: the state at insn 2 repeats without progress" },
	{ "loop on a value that never changes",
	  VT_PROG(JI(JGE, R2, 1, 2), MOV(R0, 0), EXIT, LDB(R6, R1, 0),
		  JI(JNE, R6, 0, -1), MOV(R0, 0), EXIT), -EINVAL,
	  "infinite loop: the state at insn 4 repeats" },
	{ "loop that settles on a constant",
	  VT_PROG(JI(JGE, R2, 1, 2), MOV(R0, 0), EXIT, LDB(R6, R1, 0),
		  JI(JEQ, R6, 0, 2), MOV(R6, 1), SBPF_JMP_A(-3), MOV(R0, 0), EXIT),
	  -EINVAL, "infinite loop: the state at insn 5 repeats" },
	{ "count down that can wrap",
	  VT_PROG(JI(JGE, R2, 1, 2), MOV(R0, 0), EXIT, LDB(R6, R1, 0),
		  SBPF_ALU64_IMM(BPF_SUB, R6, 2), JI(JNE, R6, 0, -2), MOV(R0, 0), EXIT),
	  -E2BIG, "the program is too complex" },
	{ "count to a million",
	  VT_PROG(MOV(R6, 0), ADDI(R6, 1), JI(JLT, R6, 1000000, -2), MOV(R0, 0), EXIT),
	  -E2BIG, "more than 1024 states at insn 1" },
	{ "nested loops beyond the instruction budget",
	  VT_PROG(MOV(R0, 0), MOV(R6, 0), MOV(R7, 0), ADDI(R0, 1),
		  ADDI(R7, 1), JI(JLT, R7, 1000, -3), ADDI(R6, 1),
		  JI(JLT, R6, 1000, -6), EXIT), -E2BIG,
	  "the program is too complex" },
	{ "loop bounded by the frame length",
	  VT_PROG(MOV(R6, 0), JR(JGE, R6, R2, 3), LDB(R0, R1, 0),
		  ADDI(R6, 1), SBPF_JMP_A(-4), MOV(R0, 0), EXIT), -E2BIG,
	  "too complex" },
};

/* -------------------------------------------- pruning soundness -- */

static const struct vt_case prune_cases[] = {
	{ "join with different offsets: the larger is checked",
	  VT_PROG(JI(JGE, R2, 20, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), MOV(R6, 10),
		  JI(JEQ, R3, 0, 1), MOV(R6, 50), ADDR(R1, R6), LDB(R0, R1, 0),
		  EXIT), -EINVAL,
	  "R1 packet pointer, off 50 size 1 exceeds proven length 20" },
	{ "join with different offsets, other order",
	  VT_PROG(JI(JGE, R2, 20, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), MOV(R6, 50),
		  JI(JEQ, R3, 0, 1), MOV(R6, 10), ADDR(R1, R6), LDB(R0, R1, 0),
		  EXIT), -EINVAL,
	  "R1 packet pointer, off 50 size 1 exceeds proven length 20" },
	{ "join where one path did not write the stack",
	  VT_PROG(JI(JGE, R2, 1, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0),
		  JI(JEQ, R3, 0, 1), STIDW(R10, -8, 0), LDDW(R0, R10, -8),
		  EXIT), -EINVAL, "R10 reads uninitialized stack byte fp-8" },
	{ "join with a pointer of another kind",
	  VT_PROG(JI(JGE, R2, 8, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), MOVR(R6, R1),
		  JI(JEQ, R3, 0, 1), MOVR(R6, R10), LDB(R0, R6, 0), EXIT),
	  -EINVAL, "R6 stack access at fp+0 size 1 is outside the frame" },
	{ "join with a spilled pointer on one path",
	  VT_PROG(JI(JGE, R2, 8, 2), MOV(R0, 0), EXIT, LDB(R3, R1, 0), STIDW(R10, -8, 0),
		  JI(JEQ, R3, 0, 1), STDW(R10, -8, R1), SBPF_LD_MAP(R1, 0),
		  MOVR(R2, R10), ADDI(R2, -8), CALL(map_lookup), MOV(R0, 0), EXIT),
	  -EINVAL, "R2 reads stack byte fp-8 of a spilled packet pointer as data" },
	{ "join with a proven length on one path only",
	  VT_PROG(MOV(R0, 0), MOVR(R6, R2), JI(JLT, R2, 40, 1), MOV(R6, 0),
		  LDB(R0, R1, 39), EXIT), -EINVAL,
	  "R1 packet pointer, off 39 size 1 exceeds proven length 0" },
	{ "join with a null-checked copy on one path only",
	  VT_PROG(STIW(R10, -4, 0), MOVR(R2, R10), ADDI(R2, -4),
		  SBPF_LD_MAP(R1, 0), CALL(map_lookup), MOVR(R6, R0),
		  MOV(R7, 0), JI(JEQ, R0, 0, 1), MOVR(R7, R6),
		  JI(JEQ, R7, 0, 2), LDB(R0, R6, 0), EXIT, MOV(R0, 0), EXIT), 0, NULL },
	{ "join of two lookups with separate null checks",
	  VT_PROG(STIW(R10, -4, 0), MOVR(R2, R10), ADDI(R2, -4),
		  SBPF_LD_MAP(R1, 0), CALL(map_lookup), MOVR(R6, R0),
		  STIW(R10, -4, 0), MOVR(R2, R10), ADDI(R2, -4),
		  SBPF_LD_MAP(R1, 0), CALL(map_lookup), MOVR(R7, R0),
		  JI(JEQ, R7, 0, 1), SBPF_JMP_A(0), JI(JEQ, R6, 0, 2),
		  LDB(R0, R7, 0), EXIT, MOV(R0, 0), EXIT), -EINVAL,
	  "insn 17: r0 = *(u8 *)(r7 +0): R7 invalid memory access: R7 is a scalar" },
};

VT_SUITE_CASES(loop)
VT_SUITE_CASES(prune)

/* ---------------------------------------------- generated programs -- */

/*
 * @n diamonds: "r3 = pkt[i]; if r3 > 100 goto B; r4 = r3; goto J;
 * B: r4 = 7; J:".  With @accumulate, the branches set r4 to 0 or 2^i and
 * each join adds r4 into r6, which stays live: every path has its own
 * constant in r6, so no state ever contains another.
 */
static u32 gen_diamonds(struct bpf_insn *p, u32 n, bool accumulate)
{
	const struct bpf_insn head[] = {
		JI(JGE, R2, 64, 2), MOV(R0, 0), EXIT, MOV(R6, 0),
	};
	const struct bpf_insn tail[] = { MOVR(R0, R6), EXIT };
	u32 len = 0, i;

	memcpy(p, head, sizeof(head));
	len += ARRAY_SIZE(head);
	for (i = 0; i < n; i++) {
		const struct bpf_insn d[] = {
			LDB(R3, R1, (s16)(i % 64)), JI(JGT, R3, 100, 2),
			MOVR(R4, R3), SBPF_JMP_A(1), MOV(R4, 7), ADDR(R6, R4),
		};
		const struct bpf_insn acc[] = {
			MOV(R4, 0), MOV(R4, 1 << i),
		};

		memcpy(p + len, d, sizeof(d) - (accumulate ? 0 : sizeof(d[0])));
		if (accumulate) {
			p[len + 2] = acc[0];
			p[len + 4] = acc[1];
		}
		len += ARRAY_SIZE(d) - (accumulate ? 0 : 1);
	}
	memcpy(p + len, tail, sizeof(tail));
	return len + ARRAY_SIZE(tail);
}

static void prune_diamonds_test(struct kunit *test)
{
	struct sbpf_verifier_stats stats;
	struct bpf_insn *p;
	char *log;
	u32 len;
	int ret;

	p = kunit_kcalloc(test, 512, sizeof(*p), GFP_KERNEL);
	log = kunit_kzalloc(test, 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, log);

	/* 2^30 paths, the same live state at every join */
	len = gen_diamonds(p, 30, false);
	ret = vt_run(test, p, len, &stats, log, 1024);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", log);
	kunit_info(test, "30 diamonds: %u insns, processed %u insns, %u states\n",
		   len, stats.insns_processed, stats.states);
	KUNIT_EXPECT_LE(test, stats.states, 4U * 30 + 4);
	KUNIT_EXPECT_LE(test, stats.insns_processed, 10U * len);
	KUNIT_EXPECT_EQ(test, stats.max_pkt_read, 30U);

	/* 2^30 paths that never merge: rejected within the budget */
	len = gen_diamonds(p, 30, true);
	ret = vt_run(test, p, len, &stats, log, 1024);
	KUNIT_EXPECT_EQ_MSG(test, ret, -E2BIG, "%s", log);
	KUNIT_EXPECT_TRUE(test, strstr(log, "too complex") != NULL);
	KUNIT_EXPECT_LE(test, stats.insns_processed,
			(u32)SV_MAX_INSNS_PROCESSED + 1);
	kunit_info(test, "30 live diamonds: rejected after %u insns, %u states\n",
		   stats.insns_processed, stats.states);
}

/*
 * A rule set of @rules rules (8 insns, 3 branches each): protocol,
 * destination port and source network; the first match accepts.
 */
static u32 gen_rules(struct bpf_insn *p, u32 rules)
{
	const struct bpf_insn head[] = { JI(JGE, R2, 40, 2), MOV(R0, 0), EXIT };
	u32 len = ARRAY_SIZE(head), i, accept;

	memcpy(p, head, sizeof(head));
	accept = len + 8 * rules + 2;
	for (i = 0; i < rules; i++) {
		const struct bpf_insn r[] = {
			LDB(R3, R1, 23), JI(JNE, R3, i & 1 ? 6 : 17, 6),
			LDH(R3, R1, 36), JI(JNE, R3, 1000 + i, 4),
			LDW(R3, R1, 26), SBPF_ALU64_IMM(BPF_AND, R3, 0xffffff),
			JI(JNE, R3, 0x0a0000 + i, 1),
			SBPF_JMP_A((s16)(accept - (len + 8))),
		};

		memcpy(p + len, r, sizeof(r));
		len += ARRAY_SIZE(r);
	}
	p[len++] = (struct bpf_insn)MOV(R0, 0);
	p[len++] = (struct bpf_insn)EXIT;
	p[len++] = (struct bpf_insn)MOV(R0, 1);
	p[len++] = (struct bpf_insn)EXIT;
	return len;
}

static void rule_set_time_test(struct kunit *test)
{
	struct sbpf_verifier_stats stats;
	struct bpf_insn *p;
	u64 t0, t1, best = ~0ULL;
	char *log;
	u32 len, i;
	int ret;

	p = kunit_kcalloc(test, 1100, sizeof(*p), GFP_KERNEL);
	log = kunit_kzalloc(test, 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, log);
	len = gen_rules(p, 125);
	KUNIT_EXPECT_GE(test, len, 1000U);
	for (i = 0; i < 5; i++) {
		t0 = sbpf_ktime_get_ns();
		ret = vt_run(test, p, len, &stats, log, 1024);
		t1 = sbpf_ktime_get_ns();
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", log);
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	KUNIT_EXPECT_EQ(test, stats.max_pkt_read, 38U);
	KUNIT_EXPECT_LE(test, stats.states, 8U * 125);
	/* informational: no timed assertion */
	kunit_info(test, "rule set: %u insns, 375 branches, processed %u insns, %u states, best of 5: %llu us\n",
		   len, stats.insns_processed, stats.states,
		   (unsigned long long)(best / 1000));
}

/* ------------------------------------------------------------- log -- */

static void log_levels_test(struct kunit *test)
{
	const struct bpf_insn bad[] = {
		JI(JGE, R2, 14, 2), MOV(R0, 0), EXIT, LDB(R0, R1, 14), EXIT,
	};
	struct sbpf_verifier_log vlog = { 0 };
	struct sbpf_verifier_stats stats;
	struct sbpf_map *maps[1] = { NULL };
	struct sbpf_prog prog;
	char *buf;
	int ret;

	buf = kunit_kzalloc(test, 8192, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(&prog, 0, sizeof(prog));
	prog.insns = (struct bpf_insn *)bad;
	prog.len = ARRAY_SIZE(bad);
	prog.maps = maps;

	/* verbose: the state at every insn, then the finding */
	vlog.buf = buf;
	vlog.size = 8192;
	vlog.level = SBPF_LOG_VERBOSE;
	ret = sbpf_verify(&prog, &vlog, &stats);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_TRUE(test, strstr(buf, "R1=packet pointer(off=0)") != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(buf, "R10=stack pointer(off=0)") != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(buf, "len>=14") != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(buf, "insn 3: r0 = *(u8 *)(r1 +14): R1 packet pointer, off 14 size 1 exceeds proven length 14") != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(buf, "rejected: processed 4 insns") != NULL);
	KUNIT_EXPECT_EQ(test, vlog.len, (u32)strlen(buf));
	KUNIT_EXPECT_FALSE(test, vlog.truncated);
	KUNIT_EXPECT_EQ(test, stats.insns_processed, 4U);

	/* a small buffer: truncated, still NUL-terminated */
	vlog.size = 24;
	vlog.level = SBPF_LOG_ERRORS;
	ret = sbpf_verify(&prog, &vlog, &stats);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_TRUE(test, vlog.truncated);
	KUNIT_EXPECT_EQ(test, vlog.len, 23U);
	KUNIT_EXPECT_EQ(test, (int)strlen(buf), 23);

	/* no log: same decision, statistics still filled */
	buf[0] = 'x';
	vlog.size = 8192;
	vlog.level = SBPF_LOG_NONE;
	ret = sbpf_verify(&prog, &vlog, &stats);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, vlog.len, 0U);
	KUNIT_EXPECT_EQ(test, buf[0], '\0');
	KUNIT_EXPECT_EQ(test, stats.insns_processed, 4U);
	ret = sbpf_verify(&prog, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
}

static struct kunit_case verifier_prog_cases[] = {
	KUNIT_CASE_PARAM(clang_test, clang_gen_params),
	KUNIT_CASE_PARAM(loop_test, loop_gen_params),
	KUNIT_CASE_PARAM(prune_test, prune_gen_params),
	KUNIT_CASE(prune_diamonds_test),
	KUNIT_CASE(rule_set_time_test),
	KUNIT_CASE(log_levels_test),
	{}
};

static struct kunit_suite verifier_prog_suite = {
	.name = "sbpf_verifier_prog",
	.test_cases = verifier_prog_cases,
};
kunit_test_suite(verifier_prog_suite);
