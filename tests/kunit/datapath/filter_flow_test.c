// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites in openvswitch.ko: flows that differ only by their chains,
 * and the lifetime of programs and flows.
 *
 * ovs_filter_flows: flows with the same key and mask and different chains
 * coexist; insertion's duplicate check (ovs_flow_tbl_lookup()), the exact
 * lookup of flow get/set/del (ovs_flow_tbl_lookup_exact()) and UFID
 * handling (ovs_flow_tbl_lookup_ufid() + ovs_flow_cmp()) tell them apart
 * by chain; a packet lookup whose chain fails on one candidate moves on to
 * the next, with and without the mask cache.
 *
 * ovs_filter_lifetime: replacing a program while another CPU looks
 * packets up (readers see the old or the new program, never none, never
 * freed memory: KASAN); flow references and the flush that program delete
 * with OVS_FILTER_F_FLUSH_FLOWS does; a flow may only name programs that
 * exist; datapath teardown with programs, maps and flows frees everything
 * (kmemleak, checked after the module is unloaded); a replacement shares
 * the unchanged maps (never read-only data) and publishes only over the
 * program it shares them with.
 */
#include <linux/kthread.h>

#include "filter_kunit.h"
#include "sbpf_asm.h"

enum { P_ONE = 1, P_ZERO, P_A, P_B, P_C };

static struct sw_flow *fk_lookup_chain(struct fk_dp *fk,
				       const struct sw_flow_key *key,
				       const struct sw_flow_mask *mask,
				       const struct ovs_filter_chain *chain)
{
	struct sw_flow_key k = *key;
	struct sw_flow_match match = {
		.key = &k, .range = mask->range,
		.mask = (struct sw_flow_mask *)mask,
		.filter_chain = *chain,
	};
	struct sw_flow *flow;

	ovs_lock();
	flow = ovs_flow_tbl_lookup_exact(&fk->dp->table, &match);
	ovs_unlock();
	return flow;
}

/* Three flows, one key and mask, three chains: all in, each found. */
static void flows_coexist(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_A, 1));
	struct ovs_filter_chain b = FK_CHAIN(FK_LINK(P_B, 1));
	struct ovs_filter_chain ab = FK_CHAIN(FK_LINK(P_A, 1),
					      FK_LINK(P_B, 1));
	struct ovs_filter_chain ba = FK_CHAIN(FK_LINK(P_B, 1),
					      FK_LINK(P_A, 1));
	struct ovs_filter_chain a0 = FK_CHAIN(FK_LINK(P_A, 0));
	struct ovs_filter_chain none = { .n = 0 };
	struct sw_flow *fa, *fb, *fab;
	struct sw_flow_key key;

	fk_prog_ret(test, fk, P_A, 1);
	fk_prog_ret(test, fk, P_B, 1);
	fk_key(&key, 1, 2);

	/* Insertion's duplicate check compares chains. */
	ovs_lock();
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup(&fk->dp->table, &key, &a));
	ovs_unlock();
	fa = fk_flow_add(test, fk, &key, &fk->mask, &a, 0);
	ovs_lock();
	KUNIT_EXPECT_PTR_EQ(test, ovs_flow_tbl_lookup(&fk->dp->table, &key,
						      &a), fa);
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup(&fk->dp->table, &key, &b));
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup(&fk->dp->table, &key,
						    &none));
	ovs_unlock();
	fb = fk_flow_add(test, fk, &key, &fk->mask, &b, 0);
	fab = fk_flow_add(test, fk, &key, &fk->mask, &ab, 0);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(&fk->dp->table), 3);
	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(&fk->dp->table), 1);
	ovs_unlock();

	/* The exact lookup of flow get/set/del. */
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup_chain(fk, &key, &fk->mask, &a), fa);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup_chain(fk, &key, &fk->mask, &b), fb);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup_chain(fk, &key, &fk->mask, &ab),
			    fab);
	/* Order and verdicts are part of the chain; no chain is a chain. */
	KUNIT_EXPECT_NULL(test, fk_lookup_chain(fk, &key, &fk->mask, &ba));
	KUNIT_EXPECT_NULL(test, fk_lookup_chain(fk, &key, &fk->mask, &a0));
	KUNIT_EXPECT_NULL(test, fk_lookup_chain(fk, &key, &fk->mask, &none));

	/* Deleting one leaves the others. */
	fk_flow_del(fk, fb);
	KUNIT_EXPECT_NULL(test, fk_lookup_chain(fk, &key, &fk->mask, &b));
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup_chain(fk, &key, &fk->mask, &a), fa);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup_chain(fk, &key, &fk->mask, &ab),
			    fab);
}

/*
 * A packet lookup tries the candidates of the bucket in turn: the one
 * whose chain holds wins, whatever the order; none holding is a miss.
 */
static void flows_next_candidate(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_A, 1));
	struct ovs_filter_chain b = FK_CHAIN(FK_LINK(P_B, 1));
	struct ovs_filter_chain c = FK_CHAIN(FK_LINK(P_C, 1));
	struct sw_flow *fa, *fb, *fc;
	struct sw_flow_key key;
	u32 hash;

	fk_prog_ret(test, fk, P_A, 0);
	fk_prog_ret(test, fk, P_B, 0);
	fk_prog_ret(test, fk, P_C, 0);
	fk_key(&key, 1, 2);
	fa = fk_flow_add(test, fk, &key, &fk->mask, &a, 0);
	fb = fk_flow_add(test, fk, &key, &fk->mask, &b, 0);
	fc = fk_flow_add(test, fk, &key, &fk->mask, &c, 0);

	for (hash = 0; hash < 2; hash++) {
		u32 h = hash ? 0xfeed : 0;

		KUNIT_EXPECT_NULL(test, fk_lookup(fk, &key,
						  fk_skb(test, 1, 2, 64), h));
		fk_prog_ret(test, fk, P_B, 1);
		KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key,
						    fk_skb(test, 1, 2, 64), h),
				    fb);
		fk_prog_ret(test, fk, P_B, 0);
		fk_prog_ret(test, fk, P_C, 1);
		KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key,
						    fk_skb(test, 1, 2, 64), h),
				    fc);
		fk_prog_ret(test, fk, P_C, 0);
		fk_prog_ret(test, fk, P_A, 1);
		KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key,
						    fk_skb(test, 1, 2, 64), h),
				    fa);
		fk_prog_ret(test, fk, P_A, 0);
	}
}

/* A failing chain under the first mask moves on to the next mask. */
static void flows_next_mask(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_A, 1));
	struct ovs_filter_chain none = { .n = 0 };
	struct sw_flow *fa, *fwide;
	struct sw_flow_key key;

	fk_prog_ret(test, fk, P_A, 0);
	fk_key(&key, 1, 2);
	fa = fk_flow_add(test, fk, &key, &fk->mask, &a, 0);
	fwide = fk_flow_add(test, fk, &key, &fk->mask_src, &none, 0);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key, fk_skb(test, 1, 2, 64),
					    0), fwide);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key, fk_skb(test, 1, 2, 64),
					    7), fwide);
	/* Once the chain holds, the first mask (inserted first) wins. */
	fk_prog_ret(test, fk, P_A, 1);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key, fk_skb(test, 1, 2, 64),
					    0), fa);
}

/* UFIDs identify flows; the chain is still compared (ovs_flow_cmp()). */
static void flows_ufid(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_A, 1));
	struct ovs_filter_chain b = FK_CHAIN(FK_LINK(P_B, 1));
	struct sw_flow_id id = { .ufid_len = MAX_UFID_LENGTH };
	struct sw_flow_key key, masked;
	struct sw_flow_match match = { .key = &masked };
	struct sw_flow *fa, *fb;

	fk_prog_ret(test, fk, P_A, 1);
	fk_prog_ret(test, fk, P_B, 1);
	fk_key(&key, 1, 2);
	fa = fk_flow_add(test, fk, &key, &fk->mask, &a, 0x1111);
	fb = fk_flow_add(test, fk, &key, &fk->mask, &b, 0x2222);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(&fk->dp->table), 2);

	/* Flow put compares the masked key of the request. */
	ovs_flow_mask_key(&masked, &key, true, &fk->mask);
	match.range = fk->mask.range;
	match.mask = &fk->mask;
	ovs_lock();
	id.ufid[0] = 0x1111;
	KUNIT_EXPECT_PTR_EQ(test, ovs_flow_tbl_lookup_ufid(&fk->dp->table, &id),
			    fa);
	id.ufid[0] = 0x2222;
	KUNIT_EXPECT_PTR_EQ(test, ovs_flow_tbl_lookup_ufid(&fk->dp->table, &id),
			    fb);
	id.ufid[0] = 0x3333;
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_ufid(&fk->dp->table, &id));

	/* Flow put with an existing UFID but another chain: not the same. */
	match.filter_chain = a;
	KUNIT_EXPECT_TRUE(test, ovs_flow_cmp(fa, &match));
	KUNIT_EXPECT_FALSE(test, ovs_flow_cmp(fb, &match));
	match.filter_chain = b;
	KUNIT_EXPECT_TRUE(test, ovs_flow_cmp(fb, &match));
	KUNIT_EXPECT_FALSE(test, ovs_flow_cmp(fa, &match));
	ovs_unlock();
}

static struct kunit_case flows_test_cases[] = {
	KUNIT_CASE(flows_coexist),
	KUNIT_CASE(flows_next_candidate),
	KUNIT_CASE(flows_next_mask),
	KUNIT_CASE(flows_ufid),
	{}
};

static struct kunit_suite flows_test_suite = {
	.name = "ovs_filter_flows",
	.test_cases = flows_test_cases,
	.suite_init = fk_suite_init,
	.suite_exit = fk_suite_exit,
};

/* ------------------------------------------------------------ lifetime -- */

struct replace_reader {
	struct fk_dp *fk;
	struct sw_flow_key key;
	struct sk_buff *skb;
	struct sw_flow *flow;
	atomic_t stop;
	struct completion done;
	/* Results, read after done. */
	u64 iterations;
	u64 seen_old, seen_new, bad_verdict, missed, went_back;
};

enum { R_OLD = 7, R_NEW = 9 };

/*
 * Another CPU: run program P_A by id and look the packet up (chain
 * P_B = 1), as the packet path does, until told to stop.
 */
static int replace_reader_fn(void *arg)
{
	struct replace_reader *r = arg;
	while (!atomic_read(&r->stop) || r->iterations < 100) {
		struct ovs_filter_prog *fp;
		u64 v = 0;

		local_bh_disable();
		rcu_read_lock();
		fp = ovs_filter_lookup(r->fk->dp, P_A);
		if (fp)
			v = ovs_filter_run(fp, r->skb->data, r->skb->len);
		rcu_read_unlock();
		local_bh_enable();
		if (v == R_OLD)
			r->seen_old++;
		else if (v == R_NEW)
			r->seen_new++;
		else
			r->bad_verdict++;
		if (fk_lookup(r->fk, &r->key, r->skb, 0) != r->flow)
			r->missed++;
		r->iterations++;
		cond_resched();
	}
	complete(&r->done);
	return 0;
}

/*
 * Replace two programs over and over while the reader runs: every run
 * returns the old or the new verdict, every lookup finds the flow (both
 * versions of P_B return 1), and what is replaced is freed only once no
 * reader runs it (KASAN would report a use after free).
 */
static void lifetime_replace_under_lookups(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain chain = FK_CHAIN(FK_LINK(P_B, 1));
	struct replace_reader *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct task_struct *t;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	fk_prog_ret(test, fk, P_A, R_OLD);
	fk_prog_ret(test, fk, P_B, 1);
	r->fk = fk;
	fk_key(&r->key, 1, 2);
	r->skb = fk_skb(test, 1, 2, 64);
	r->flow = fk_flow_add(test, fk, &r->key, &fk->mask, &chain, 0);
	init_completion(&r->done);

	t = kthread_run(replace_reader_fn, r, "fk_reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < 40; i++) {
		fk_prog_ret(test, fk, P_A, i % 2 ? R_OLD : R_NEW);
		if (i % 2)
			fk_prog_ret(test, fk, P_B, 1);
		else
			FK_PROG(test, fk, P_B, NULL,
				SBPF_MOV64_IMM(BPF_REG_0, 0),
				SBPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
				SBPF_EXIT());
	}
	atomic_set(&r->stop, 1);
	wait_for_completion(&r->done);

	kunit_info(test, "%llu reader iterations: %llu old, %llu new\n",
		   r->iterations, r->seen_old, r->seen_new);
	KUNIT_EXPECT_EQ(test, r->bad_verdict, 0ULL);
	KUNIT_EXPECT_EQ(test, r->missed, 0ULL);
	KUNIT_EXPECT_GE(test, r->iterations, 100ULL);
	/* The last version published (i = 39) is what runs now. */
	local_bh_disable();
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, ovs_filter_run(ovs_filter_lookup(fk->dp, P_A),
					     r->skb->data, r->skb->len),
			(u64)R_OLD);
	rcu_read_unlock();
	local_bh_enable();
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &r->key, r->skb, 0), r->flow);
}

/* ovs_filter_flow_refs() counts the flows naming a program. */
static void lifetime_flow_refs(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_A, 1));
	struct ovs_filter_chain ab = FK_CHAIN(FK_LINK(P_A, 1),
					      FK_LINK(P_B, 0));
	struct ovs_filter_chain b = FK_CHAIN(FK_LINK(P_B, 1));
	struct sw_flow_key k1, k2, k3;
	struct sw_flow *f1;

	fk_prog_ret(test, fk, P_A, 1);
	fk_prog_ret(test, fk, P_B, 1);
	fk_prog_ret(test, fk, P_C, 1);
	fk_key(&k1, 1, 2);
	fk_key(&k2, 1, 3);
	fk_key(&k3, 1, 4);
	f1 = fk_flow_add(test, fk, &k1, &fk->mask, &a, 0);
	fk_flow_add(test, fk, &k2, &fk->mask, &ab, 0x42);
	fk_flow_add(test, fk, &k3, &fk->mask_src, &b, 0);

	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, P_A), 2U);
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, P_B), 2U);
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, P_C), 0U);
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, 999), 0U);
	ovs_unlock();

	fk_flow_del(fk, f1);
	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, P_A), 1U);
	ovs_unlock();

	/* A replaced program keeps its id and its flows. */
	fk_prog_ret(test, fk, P_A, 0);
	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, P_A), 1U);
	ovs_unlock();
}

/*
 * Delete with OVS_FILTER_F_FLUSH_FLOWS: exactly the flows naming the
 * program go, the others stay and still match; then the program can go.
 */
static void lifetime_flush(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_A, 1));
	struct ovs_filter_chain ba = FK_CHAIN(FK_LINK(P_B, 1),
					      FK_LINK(P_A, 1));
	struct ovs_filter_chain b = FK_CHAIN(FK_LINK(P_B, 1));
	struct sw_flow_key key, k2;
	struct sw_flow *fb;
	u32 i;

	fk_prog_ret(test, fk, P_A, 1);
	fk_prog_ret(test, fk, P_B, 1);
	fk_key(&key, 1, 2);
	fb = fk_flow_add(test, fk, &key, &fk->mask, &b, 0);
	/* Enough flows naming P_A to make the table grow. */
	for (i = 0; i < 40; i++) {
		fk_key(&k2, 1, 10 + i);
		fk_flow_add(test, fk, &k2, &fk->mask, i % 2 ? &a : &ba,
			    i % 3 ? 0 : 0x100 + i);
	}
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(&fk->dp->table), 41);

	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, P_A), 40U);
	KUNIT_EXPECT_EQ(test, ovs_filter_flush_flows(fk->dp, P_A), 0);
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, P_A), 0U);
	KUNIT_EXPECT_EQ(test, ovs_filter_flow_refs(fk->dp, P_B), 1U);
	ovs_unlock();
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(&fk->dp->table), 1);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key, fk_skb(test, 1, 2, 64),
					    0), fb);
	fk_prog_del(test, fk, P_A);
	KUNIT_EXPECT_PTR_EQ(test, fk_lookup(fk, &key, fk_skb(test, 1, 2, 64),
					    0), fb);
}

/* A flow may only name programs that exist (flow put's check). */
static void lifetime_chain_check(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain ok = FK_CHAIN(FK_LINK(P_A, 1));
	struct ovs_filter_chain bad = FK_CHAIN(FK_LINK(P_A, 1),
					       FK_LINK(P_C, 1));
	struct netlink_ext_ack extack = { };

	fk_prog_ret(test, fk, P_A, 1);
	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_filter_chain_check(fk->dp, &ok, &extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);
	KUNIT_EXPECT_EQ(test, ovs_filter_chain_check(fk->dp, &bad, &extack),
			-ENOENT);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "Flow references a filter program that does not exist");
	ovs_unlock();
}

/*
 * Datapath teardown with programs (with maps, some replaced and waiting
 * for their deferred free), flows naming them and flows without chains:
 * everything goes.  kmemleak judges it once the module is unloaded;
 * here the tables must be empty and the run must not touch freed memory.
 */
static void lifetime_teardown(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain a = FK_CHAIN(FK_LINK(P_A, 1),
					     FK_LINK(P_B, 1));
	struct ovs_filter_chain none = { .n = 0 };
	struct sw_flow_key key;
	u32 i;

	for (i = 0; i < 3; i++) {
		fk_prog_count(test, fk, P_A, 1);
		fk_prog_count(test, fk, P_B, 1);
	}
	fk_prog_ret(test, fk, P_C, 1);
	for (i = 0; i < 20; i++) {
		fk_key(&key, 1, i);
		fk_flow_add(test, fk, &key, i % 2 ? &fk->mask : &fk->mask_src,
			    i % 4 ? &a : &none, i % 3 ? 0 : 0x200 + i);
	}
	fk_key(&key, 1, 1);
	KUNIT_EXPECT_NOT_NULL(test, fk_lookup(fk, &key, fk_skb(test, 1, 1, 64),
					      0));
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_A), 1ULL);

	KUNIT_EXPECT_TRUE(test, fk_dp_destroy(fk));
}

/* Run program @id once over a 64-byte frame; its r0. */
static u64 fk_run_id(struct kunit *test, struct fk_dp *fk, u32 id)
{
	struct sk_buff *skb = fk_skb(test, 1, 2, 64);
	struct ovs_filter_prog *fp;
	u64 v = ~0ULL;

	local_bh_disable();
	rcu_read_lock();
	fp = ovs_filter_lookup(fk->dp, id);
	if (fp)
		v = ovs_filter_run(fp, skb->data, skb->len);
	rcu_read_unlock();
	local_bh_enable();
	return v;
}

/*
 * Replace shares the unchanged maps: the same map object, its content
 * (what the old program and the control plane wrote) seen and extended
 * by the replacement; a changed definition gets a fresh map.
 */
static void lifetime_replace_shares_maps(struct kunit *test)
{
	static const struct sbpf_map_def wider = {
		.type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
		.max_entries = 2, .name = "runs",
	};
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_prog *fp;
	struct sbpf_map *map;
	u32 zero = 0;
	u64 v = 40;

	fp = fk_prog_count(test, fk, P_A, 1);
	map = fp->prog->maps[0];
	fk_run_id(test, fk, P_A);
	fk_run_id(test, fk, P_A);
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_A), 2ULL);

	fp = fk_prog_count(test, fk, P_A, 0);
	KUNIT_EXPECT_PTR_EQ(test, fp->prog->maps[0], map);
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_A), 2ULL);
	KUNIT_EXPECT_EQ(test, fk_run_id(test, fk, P_A), 0ULL);
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_A), 3ULL);
	/* A control-plane update, then a replacement: the update stays. */
	ovs_lock();
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &zero, &v, SBPF_ANY), 0);
	ovs_unlock();
	fp = fk_prog_count(test, fk, P_A, 1);
	KUNIT_EXPECT_PTR_EQ(test, fp->prog->maps[0], map);
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_A), 40ULL);

	/* One more entry: a new map, from zero. */
	fp = FK_PROG(test, fk, P_A, &wider,
		     SBPF_MOV64_IMM(BPF_REG_0, 1),
		     SBPF_EXIT());
	KUNIT_EXPECT_PTR_NE(test, fp->prog->maps[0], map);
	KUNIT_EXPECT_EQ(test, fk_prog_counter(test, fk, P_A), 0ULL);
}

/*
 * Read-only data is never shared, even with the same definition: a
 * replacement whose constants changed runs with its own, never with the
 * old program's.  Writable data (.data) of the same definition is shared:
 * its content is state, the new image's initial data for it is not used.
 */
static void lifetime_replace_rodata(struct kunit *test)
{
	static const struct sbpf_map_def defs[] = {
		{ .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
		  .max_entries = 1, .name = ".data" },
		{ .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
		  .max_entries = 1, .flags = SBPF_F_RDONLY_PROG,
		  .name = ".rodata" },
	};
	/* r0 = .rodata[0] * 256 + .data[0] */
	static const struct bpf_insn insns[] = {
		SBPF_LD_MAP_VALUE(BPF_REG_1, 1, 0),
		SBPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 0),
		SBPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 8),
		SBPF_LD_MAP_VALUE(BPF_REG_1, 0, 0),
		SBPF_LDX_MEM(BPF_B, BPF_REG_1, BPF_REG_1, 0),
		SBPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		SBPF_EXIT(),
	};
	static const u8 data1[8] = { 5 }, data2[8] = { 6 };
	static const u8 ro1[8] = { 'A' }, ro2[8] = { 'B' };
	const void *init1[] = { data1, ro1 }, *init2[] = { data2, ro2 };
	struct sbpf_image img = {
		.insns = insns, .n_insns = ARRAY_SIZE(insns),
		.maps = defs, .n_maps = ARRAY_SIZE(defs),
	};
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_prog *fp;
	struct sbpf_map *data, *ro;

	img.init_data = init1;
	KUNIT_ASSERT_EQ(test, fk_prog_load_image(test, fk, P_A, &img, &fp), 0);
	data = fp->prog->maps[0];
	ro = fp->prog->maps[1];
	KUNIT_EXPECT_EQ(test, fk_run_id(test, fk, P_A), (u64)('A' * 256 + 5));

	img.init_data = init2;
	KUNIT_ASSERT_EQ(test, fk_prog_load_image(test, fk, P_A, &img, &fp), 0);
	KUNIT_EXPECT_PTR_EQ(test, fp->prog->maps[0], data);
	KUNIT_EXPECT_PTR_NE(test, fp->prog->maps[1], ro);
	KUNIT_EXPECT_EQ(test, fk_run_id(test, fk, P_A), (u64)('B' * 256 + 5));
}

/*
 * A load publishes only over a program with the maps it shares: if the id
 * was replaced by a program with other maps, deleted, or first loaded
 * meanwhile, -EAGAIN and nothing changes.  The same holds across
 * datapaths: maps taken from one are never published over another's
 * program of the same id.  A replacement in between that shares the same
 * maps does not stand in the way: nothing written is lost.
 */
static void lifetime_publish_stale(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test), *fk2 = fk_dp_new(test);
	struct ovs_filter_prog *fp, *cur, *old;
	struct ovs_filter_share sh;
	struct sbpf_prog *prog;
	struct sbpf_image img = { .name = "stale" };
	static const struct bpf_insn insns[] = {
		SBPF_MOV64_IMM(BPF_REG_0, 1),
		SBPF_EXIT(),
	};
	enum { REPLACED, DELETED, LOADED, OTHER_DP, SAME_MAPS, N_CASES };
	int c, err;

	img.insns = insns;
	img.n_insns = ARRAY_SIZE(insns);
	for (c = 0; c < N_CASES; c++) {
		struct fk_dp *into = c == OTHER_DP ? fk2 : fk;

		if (c != LOADED)
			fk_prog_count(test, fk, P_A, 1);
		ovs_lock();
		KUNIT_ASSERT_EQ(test, ovs_filter_share_maps(fk->dp, P_A, &sh),
				0);
		ovs_unlock();
		KUNIT_EXPECT_EQ(test, sh.n, c == LOADED ? 0U : 1U);
		KUNIT_ASSERT_EQ(test, sbpf_prog_load_shared(&img, sh.maps,
							    sh.n, NULL, NULL,
							    &prog), 0);
		fp = ovs_filter_prog_alloc(P_A, prog);
		KUNIT_ASSERT_NOT_NULL(test, fp);

		/* What happens between the load and the publish. */
		if (c == REPLACED) {
			fk_prog_ret(test, fk, P_A, 1);
		} else if (c == DELETED) {
			fk_prog_del(test, fk, P_A);
		} else if (c == LOADED || c == SAME_MAPS) {
			fk_prog_count(test, fk, P_A, 1);
		} else {
			fk_prog_count(test, fk2, P_A, 1);
		}

		ovs_lock();
		cur = ovs_filter_lookup_ovsl(into->dp, P_A);
		err = ovs_filter_publish(into->dp, fp, &sh, &old);
		if (err)
			KUNIT_EXPECT_PTR_EQ(test,
					    ovs_filter_lookup_ovsl(into->dp,
								   P_A), cur);
		ovs_unlock();
		KUNIT_EXPECT_EQ_MSG(test, err, c == SAME_MAPS ? 0 : -EAGAIN,
				    "case %d", c);
		ovs_filter_unshare_maps(&sh);
		if (err) {
			ovs_filter_prog_free_deferred(fp);
		} else {
			KUNIT_EXPECT_PTR_EQ(test, old, cur);
			ovs_filter_prog_free_deferred(old);
		}
		if (c == DELETED)
			continue;
		ovs_lock();
		fp = ovs_filter_lookup_ovsl(into->dp, P_A);
		if (fp)
			ovs_filter_unpublish(into->dp, fp);
		ovs_unlock();
		ovs_filter_prog_free_deferred(fp);
		if (c == OTHER_DP)
			fk_prog_del(test, fk, P_A);
	}
}

static struct kunit_case lifetime_test_cases[] = {
	KUNIT_CASE(lifetime_replace_under_lookups),
	KUNIT_CASE(lifetime_flow_refs),
	KUNIT_CASE(lifetime_flush),
	KUNIT_CASE(lifetime_chain_check),
	KUNIT_CASE(lifetime_teardown),
	KUNIT_CASE(lifetime_replace_shares_maps),
	KUNIT_CASE(lifetime_replace_rodata),
	KUNIT_CASE(lifetime_publish_stale),
	{}
};

static struct kunit_suite lifetime_test_suite = {
	.name = "ovs_filter_lifetime",
	.test_cases = lifetime_test_cases,
	.suite_init = fk_suite_init,
	.suite_exit = fk_suite_exit,
};

kunit_test_suites(&flows_test_suite, &lifetime_test_suite);
