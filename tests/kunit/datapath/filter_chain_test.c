// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites in openvswitch.ko: filter chains on the packet path.
 *
 * ovs_filter_chain: a flow matches a packet iff its masked key matches and
 * every program of its chain, run in order on the frame, gives the link's
 * expected verdict (1 = returned 1, 0 = returned anything else); the first
 * failing link stops the chain; a program that is gone or a packet that
 * is not an Ethernet frame fails the chain, and flows without chains are
 * not affected.
 *
 * ovs_filter_memo: each program runs at most once per packet per lookup,
 * across the candidates of a bucket and across masks, so a stateful
 * program counts each packet exactly once.
 *
 * Packets go through ovs_flow_tbl_lookup_stats() with the lookup context
 * ovs_dp_process_packet() builds; programs are loaded, JITed and
 * published as the ovs_filter family does (filter_kunit.c).
 */
#include "filter_kunit.h"

enum { P_ONE = 1, P_ZERO, P_TWO, P_COUNT, P_BYTE, P_COUNT2, P_TAIL };

/* Does a lookup of a src 1 -> dst 2 frame find @flow? */
static bool fk_hits(struct kunit *test, struct fk_dp *fk, struct sw_flow *flow)
{
	struct sk_buff *skb = fk_skb(test, 1, 2, 64);
	struct sw_flow_key key;

	fk_key(&key, 1, 2);
	return fk_lookup(fk, &key, skb, 0) == flow;
}

struct chain_case {
	const char *name;
	struct ovs_filter_chain chain;
	bool match;
};

static const struct chain_case chain_cases[] = {
	{ "returns 1, expected 1", FK_CHAIN(FK_LINK(P_ONE, 1)), true },
	{ "returns 1, expected 0", FK_CHAIN(FK_LINK(P_ONE, 0)), false },
	{ "returns 0, expected 0", FK_CHAIN(FK_LINK(P_ZERO, 0)), true },
	{ "returns 0, expected 1", FK_CHAIN(FK_LINK(P_ZERO, 1)), false },
	{ "returns 2, expected 0", FK_CHAIN(FK_LINK(P_TWO, 0)), true },
	{ "returns 2, expected 1", FK_CHAIN(FK_LINK(P_TWO, 1)), false },
	{ "two links, both hold",
	  FK_CHAIN(FK_LINK(P_ONE, 1), FK_LINK(P_ZERO, 0)), true },
	{ "two links, the second fails",
	  FK_CHAIN(FK_LINK(P_ONE, 1), FK_LINK(P_ZERO, 1)), false },
	{ "two links, the first fails",
	  FK_CHAIN(FK_LINK(P_ZERO, 1), FK_LINK(P_ONE, 1)), false },
	{ "three links, order kept",
	  FK_CHAIN(FK_LINK(P_TWO, 0), FK_LINK(P_ONE, 1), FK_LINK(P_ZERO, 0)),
	  true },
};

static void chain_case_desc(const struct chain_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(chain_cases, chain_cases, chain_case_desc);

static void chain_verdicts(struct kunit *test)
{
	const struct chain_case *c = test->param_value;
	struct fk_dp *fk = fk_dp_new(test);
	struct sw_flow_key key;
	struct sw_flow *flow;

	fk_prog_ret(test, fk, P_ONE, 1);
	fk_prog_ret(test, fk, P_ZERO, 0);
	fk_prog_ret(test, fk, P_TWO, 2);
	fk_key(&key, 1, 2);
	flow = fk_flow_add(test, fk, &key, &fk->mask, &c->chain, 0);
	KUNIT_EXPECT_EQ_MSG(test, fk_hits(test, fk, flow), c->match, "%s",
			    c->name);
	/* The masked key still decides first: another frame misses. */
	fk_key(&key, 1, 3);
	KUNIT_EXPECT_NULL(test, fk_lookup(fk, &key, fk_skb(test, 1, 3, 64),
					  0));
}

/* A failing link stops the chain: the programs after it never run. */
static void chain_short_circuit(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain fail = FK_CHAIN(FK_LINK(P_ZERO, 1),
						FK_LINK(P_COUNT, 1));
	struct ovs_filter_chain pass = FK_CHAIN(FK_LINK(P_ONE, 1),
						FK_LINK(P_COUNT, 1));
	struct sw_flow_key key;
	struct sw_flow *flow;

	fk_prog_ret(test, fk, P_ONE, 1);
	fk_prog_ret(test, fk, P_ZERO, 0);
	fk_prog_count(test, fk, P_COUNT, 1);
	fk_key(&key, 1, 2);

	flow = fk_flow_add(test, fk, &key, &fk->mask, &fail, 0);
	KUNIT_EXPECT_FALSE(test, fk_hits(test, fk, flow));
	KUNIT_EXPECT_EQ(test, fk_prog_runs(fk, P_ZERO), 1ULL);
	KUNIT_EXPECT_EQ(test, fk_prog_runs(fk, P_COUNT), 0ULL);
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_COUNT), 0ULL);
	fk_flow_del(fk, flow);

	flow = fk_flow_add(test, fk, &key, &fk->mask, &pass, 0);
	KUNIT_EXPECT_TRUE(test, fk_hits(test, fk, flow));
	KUNIT_EXPECT_EQ(test, fk_prog_runs(fk, P_COUNT), 1ULL);
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_COUNT), 1ULL);
}

/* Programs see the frame from its Ethernet header. */
static void chain_reads_frame(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain chain = FK_CHAIN(FK_LINK(P_BYTE, 1),
						 FK_LINK(P_TAIL, 1));
	struct sw_flow_key key;
	struct sw_flow *flow;

	/* Byte 11: the last byte of the source address. */
	fk_prog_byte(test, fk, P_BYTE, 11, 7);
	/* Byte 40: payload (0xab), read only if the frame is long enough. */
	fk_prog_byte(test, fk, P_TAIL, 40, 0xab);
	fk_key(&key, 7, 2);
	flow = fk_flow_add(test, fk, &key, &fk->mask_src, &chain, 0);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key, fk_skb(test, 7, 2, 60),
					    0), flow);
	/* Same source in the key (the mask ignores the rest), other frame. */
	KUNIT_EXPECT_NULL(test, fk_lookup(fk, &key, fk_skb(test, 8, 2, 60),
					  0));
	/* Too short for the read: the program returns 0. */
	KUNIT_EXPECT_NULL(test, fk_lookup(fk, &key, fk_skb(test, 7, 2, 40),
					  0));
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key, fk_skb(test, 7, 2, 41),
					    0), flow);
}

/* A chain naming a program that is gone fails; chainless flows match. */
static void chain_missing_program(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain chain = FK_CHAIN(FK_LINK(P_ONE, 1));
	struct ovs_filter_chain none = { .n = 0 };
	struct sw_flow *flow, *plain;
	struct sw_flow_key key, key2;

	fk_prog_ret(test, fk, P_ONE, 1);
	fk_key(&key, 1, 2);
	flow = fk_flow_add(test, fk, &key, &fk->mask, &chain, 0);
	KUNIT_EXPECT_TRUE(test, fk_hits(test, fk, flow));
	/* Behind the family's back (it refuses while flows name it). */
	fk_prog_del(test, fk, P_ONE);
	KUNIT_EXPECT_FALSE(test, fk_hits(test, fk, flow));

	fk_key(&key2, 1, 5);
	plain = fk_flow_add(test, fk, &key2, &fk->mask, &none, 0);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key2, fk_skb(test, 1, 5, 64),
					    0), plain);
}

/* Without an Ethernet header programs cannot run: chains fail. */
static void chain_not_ethernet(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain chain = FK_CHAIN(FK_LINK(P_ONE, 1));
	struct ovs_filter_chain none = { .n = 0 };
	struct sw_flow_key key, key2;
	struct sw_flow *plain;

	fk_prog_ret(test, fk, P_ONE, 1);
	fk_key(&key, 1, 2);
	fk_flow_add(test, fk, &key, &fk->mask, &chain, 0);
	KUNIT_EXPECT_NULL(test, fk_lookup_l3(fk, &key, fk_skb(test, 1, 2, 64)));
	KUNIT_EXPECT_EQ(test, fk_prog_runs(fk, P_ONE), 0ULL);

	fk_key(&key2, 1, 5);
	plain = fk_flow_add(test, fk, &key2, &fk->mask, &none, 0);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup_l3(fk, &key2,
					       fk_skb(test, 1, 5, 64)), plain);
}

static struct kunit_case chain_test_cases[] = {
	KUNIT_CASE_PARAM(chain_verdicts, chain_cases_gen_params),
	KUNIT_CASE(chain_short_circuit),
	KUNIT_CASE(chain_reads_frame),
	KUNIT_CASE(chain_missing_program),
	KUNIT_CASE(chain_not_ethernet),
	{}
};

static struct kunit_suite chain_test_suite = {
	.name = "ovs_filter_chain",
	.test_cases = chain_test_cases,
	.suite_init = fk_suite_init,
	.suite_exit = fk_suite_exit,
};

/* ---------------------------------------------------------------- memo -- */

/*
 * Two flows with the same key and mask share their first program, whose
 * second link fails for one of them: whichever the bucket tries first,
 * the shared program runs once and counts the packet once.
 */
static void memo_same_bucket(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_COUNT, 1),
					     FK_LINK(P_ZERO, 1));
	struct ovs_filter_chain b = FK_CHAIN(FK_LINK(P_COUNT, 1),
					     FK_LINK(P_ONE, 1));
	struct sw_flow *fb;
	struct sw_flow_key key;
	u32 i;

	fk_prog_ret(test, fk, P_ONE, 1);
	fk_prog_ret(test, fk, P_ZERO, 0);
	fk_prog_count(test, fk, P_COUNT, 1);
	fk_key(&key, 1, 2);
	fk_flow_add(test, fk, &key, &fk->mask, &a, 0);
	fb = fk_flow_add(test, fk, &key, &fk->mask, &b, 0);

	for (i = 1; i <= 5; i++) {
		KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key,
						    fk_skb(test, 1, 2, 64),
						    0), fb);
		KUNIT_EXPECT_EQ(test, fk_prog_runs(fk, P_COUNT), (u64)i);
		KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_COUNT),
				(u64)i);
	}
}

/*
 * The memo lives for the whole lookup: a flow under a second mask that
 * names the same program does not run it again, and neither does a miss
 * that tries every flow.
 */
static void memo_across_masks(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_COUNT, 1),
					     FK_LINK(P_ZERO, 1));
	struct ovs_filter_chain b = FK_CHAIN(FK_LINK(P_COUNT2, 0),
					     FK_LINK(P_COUNT, 1),
					     FK_LINK(P_ONE, 1));
	struct ovs_filter_chain c = FK_CHAIN(FK_LINK(P_COUNT2, 1),
					     FK_LINK(P_COUNT, 1));
	struct sw_flow *fb, *fc;
	struct sw_flow_key key;
	u32 hash;

	fk_prog_ret(test, fk, P_ONE, 1);
	fk_prog_ret(test, fk, P_ZERO, 0);
	fk_prog_count(test, fk, P_COUNT, 1);
	fk_prog_count(test, fk, P_COUNT2, 0);
	fk_key(&key, 1, 2);
	fk_flow_add(test, fk, &key, &fk->mask, &a, 0);
	fb = fk_flow_add(test, fk, &key, &fk->mask_src, &b, 0);

	/* With and without the mask cache (skb hash). */
	for (hash = 0; hash < 2; hash++) {
		KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key,
						    fk_skb(test, 1, 2, 64),
						    hash * 0x1234), fb);
		KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_COUNT),
				1ULL + hash);
		KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_COUNT2),
				1ULL + hash);
	}

	/* A miss: every candidate tried, each program ran once. */
	fk_flow_del(fk, fb);
	fc = fk_flow_add(test, fk, &key, &fk->mask_src, &c, 0);
	KUNIT_EXPECT_NULL(test, fk_lookup(fk, &key, fk_skb(test, 1, 2, 64), 0));
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_COUNT), 3ULL);
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_COUNT2), 3ULL);
	KUNIT_EXPECT_EQ(test, fk_prog_runs(fk, P_COUNT), 3ULL);
	KUNIT_EXPECT_EQ(test, fk_prog_runs(fk, P_COUNT2), 3ULL);
	KUNIT_EXPECT_NOT_NULL(test, fc);
}

/* Each lookup is a new packet: its programs run again. */
static void memo_per_lookup(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_COUNT, 1));
	struct sw_flow_key key;
	struct sw_flow *flow;
	u32 i;

	fk_prog_count(test, fk, P_COUNT, 1);
	fk_key(&key, 1, 2);
	flow = fk_flow_add(test, fk, &key, &fk->mask, &a, 0);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_TRUE(test, fk_hits(test, fk, flow));
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_COUNT), 10ULL);
}

static struct kunit_case memo_test_cases[] = {
	KUNIT_CASE(memo_same_bucket),
	KUNIT_CASE(memo_across_masks),
	KUNIT_CASE(memo_per_lookup),
	{}
};

static struct kunit_suite memo_test_suite = {
	.name = "ovs_filter_memo",
	.test_cases = memo_test_cases,
	.suite_init = fk_suite_init,
	.suite_exit = fk_suite_exit,
};

kunit_test_suites(&chain_test_suite, &memo_test_suite);
