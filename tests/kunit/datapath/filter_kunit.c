// SPDX-License-Identifier: GPL-2.0
/*
 * Fixtures of the KUnit suites in openvswitch.ko: see filter_kunit.h.
 */
#include <kunit/resource.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>

#include "filter_kunit.h"
#include "sbpf_asm.h"

#define R0	BPF_REG_0
#define R1	BPF_REG_1
#define R2	BPF_REG_2
#define R10	BPF_REG_10

/* ------------------------------------------------------------ datapath -- */

int fk_suite_init(struct kunit_suite *suite)
{
	return ovs_flow_init();
}

void fk_suite_exit(struct kunit_suite *suite)
{
	/* Flows and tables freed after a grace period go first. */
	rcu_barrier();
	ovs_filter_exit();
	ovs_flow_exit();
}

static void fk_mask_init(struct sw_flow_mask *mask, size_t off, size_t len)
{
	memset(mask, 0, sizeof(*mask));
	mask->range.start = rounddown(off, sizeof(long));
	mask->range.end = roundup(off + len, sizeof(long));
	memset((u8 *)&mask->key + off, 0xff, len);
}

static int fk_dp_init(struct kunit_resource *res, void *context)
{
	struct fk_dp *fk = context;

	res->data = fk;
	return 0;
}

static void fk_dp_free(struct kunit_resource *res)
{
	fk_dp_destroy(res->data);
	kfree(res->data);
}

struct fk_dp *fk_dp_new(struct kunit *test)
{
	struct fk_dp *fk = kzalloc(sizeof(*fk), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fk);
	fk->dp = kzalloc(sizeof(*fk->dp), GFP_KERNEL);
	if (!fk->dp) {
		kfree(fk);
		KUNIT_ASSERT_FAILURE(test, "out of memory");
	}
	if (ovs_flow_tbl_init(&fk->dp->table)) {
		kfree(fk->dp);
		kfree(fk);
		KUNIT_ASSERT_FAILURE(test, "ovs_flow_tbl_init failed");
	}
	ovs_lock();
	ovs_filter_tbl_init(fk->dp);
	ovs_unlock();
	fk_mask_init(&fk->mask, offsetof(struct sw_flow_key, eth),
		     2 * ETH_ALEN);
	fk_mask_init(&fk->mask_src, offsetof(struct sw_flow_key, eth.src),
		     ETH_ALEN);
	/* Torn down with the test if the case does not do it itself. */
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, fk_dp_init,
							 fk_dp_free,
							 GFP_KERNEL, fk));
	return fk;
}

/*
 * As __dp_destroy() and destroy_dp_rcu(): flows flushed, programs
 * unpublished, then the tables freed after a grace period; the deferred
 * program frees are waited for, so that kmemleak and KASAN judge them.
 */
bool fk_dp_destroy(struct fk_dp *fk)
{
	struct flow_table *table;
	bool empty;

	if (fk->destroyed)
		return true;
	fk->destroyed = true;
	table = &fk->dp->table;
	ovs_lock();
	table_instance_flow_flush(table, ovsl_dereference(table->ti),
				  ovsl_dereference(table->ufid_ti));
	ovs_filter_tbl_destroy(fk->dp);
	empty = xa_empty(&fk->dp->filter_tbl.progs) &&
		!ovs_flow_tbl_count(table) && !table->ufid_count;
	ovs_unlock();
	ovs_flow_tbl_destroy(table);
	rcu_barrier();
	ovs_filter_exit();
	kfree(fk->dp);
	/* fk itself goes with the test (fk_dp_free()). */
	return empty;
}

void fk_key(struct sw_flow_key *key, u8 src, u8 dst)
{
	memset(key, 0, sizeof(*key));
	key->mac_proto = MAC_PROTO_ETHERNET;
	eth_zero_addr(key->eth.src);
	eth_zero_addr(key->eth.dst);
	key->eth.src[0] = 0x02;
	key->eth.src[5] = src;
	key->eth.dst[0] = 0x02;
	key->eth.dst[5] = dst;
	key->eth.type = htons(ETH_P_IP);
}

/* ------------------------------------------------------------ programs -- */

int fk_prog_load_image(struct kunit *test, struct fk_dp *fk, u32 id,
		       struct sbpf_image *img, struct ovs_filter_prog **fpp)
{
	struct sbpf_verifier_stats stats;
	struct ovs_filter_prog *fp, *old;
	struct ovs_filter_share share;
	struct sbpf_prog *prog;
	char *log;
	struct sbpf_verifier_log vlog = { .size = 2048,
					  .level = SBPF_LOG_ERRORS };
	int err;

	log = kunit_kzalloc(test, vlog.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log);
	vlog.buf = log;
	*fpp = NULL;
	snprintf(img->name, sizeof(img->name), "kunit_%u", id);
	/* As the load command: share the replaced program's maps. */
	ovs_lock();
	err = ovs_filter_share_maps(fk->dp, id, &share);
	ovs_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	err = sbpf_prog_load_shared(img, share.maps, share.n, &vlog, &stats,
				    &prog);
	if (err)
		ovs_filter_unshare_maps(&share);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "program %u: verifier log:\n%s", id,
			    log);
	fp = ovs_filter_prog_alloc(id, prog);
	if (!fp) {
		sbpf_prog_free(prog);
		ovs_filter_unshare_maps(&share);
		KUNIT_ASSERT_FAILURE(test, "out of memory");
	}
	fp->vstats = stats;
	fp->kprog = ovs_filter_jit(prog);

	ovs_lock();
	err = ovs_filter_publish(fk->dp, fp, &share, &old);
	ovs_unlock();
	if (err)
		ovs_filter_prog_free_deferred(fp);
	ovs_filter_unshare_maps(&share);
	if (err)
		return err;
	ovs_filter_prog_free_deferred(old);
	*fpp = fp;
	return 0;
}

struct ovs_filter_prog *fk_prog_load(struct kunit *test, struct fk_dp *fk,
				     u32 id, const struct bpf_insn *insns,
				     u32 n_insns,
				     const struct sbpf_map_def *map)
{
	struct sbpf_image img = {
		.insns = insns, .n_insns = n_insns,
		.maps = map, .n_maps = map ? 1 : 0,
	};
	struct ovs_filter_prog *fp;

	KUNIT_ASSERT_EQ(test, fk_prog_load_image(test, fk, id, &img, &fp), 0);
	return fp;
}

struct ovs_filter_prog *fk_prog_ret(struct kunit *test, struct fk_dp *fk,
				    u32 id, s32 ret)
{
	const struct bpf_insn insns[] = {
		SBPF_MOV64_IMM(R0, ret),
		SBPF_EXIT(),
	};

	return fk_prog_load(test, fk, id, insns, ARRAY_SIZE(insns), NULL);
}

static const struct sbpf_map_def fk_counter_map = {
	.type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
	.max_entries = 1, .name = "runs",
};

struct ovs_filter_prog *fk_prog_count(struct kunit *test, struct fk_dp *fk,
				      u32 id, s32 ret)
{
	const struct bpf_insn insns[] = {
		SBPF_ST_MEM(BPF_W, R10, -4, 0),
		SBPF_LD_MAP(R1, 0),
		SBPF_MOV64_REG(R2, R10),
		SBPF_ALU64_IMM(BPF_ADD, R2, -4),
		SBPF_CALL(SBPF_FUNC_map_lookup),
		SBPF_JMP_IMM(BPF_JEQ, R0, 0, 2),
		SBPF_MOV64_IMM(R1, 1),
		SBPF_ATOMIC(BPF_DW, BPF_ADD, R0, R1, 0),
		SBPF_MOV64_IMM(R0, ret),
		SBPF_EXIT(),
	};

	return fk_prog_load(test, fk, id, insns, ARRAY_SIZE(insns),
			    &fk_counter_map);
}

struct ovs_filter_prog *fk_prog_byte(struct kunit *test, struct fk_dp *fk,
				     u32 id, u16 off, u8 byte)
{
	const struct bpf_insn insns[] = {
		SBPF_MOV64_IMM(R0, 0),
		SBPF_JMP_IMM(BPF_JLE, R2, off, 3),
		SBPF_LDX_MEM(BPF_B, R1, R1, off),
		SBPF_JMP_IMM(BPF_JNE, R1, byte, 1),
		SBPF_MOV64_IMM(R0, 1),
		SBPF_EXIT(),
	};

	return fk_prog_load(test, fk, id, insns, ARRAY_SIZE(insns), NULL);
}

u64 fk_prog_counter(struct kunit *test, struct fk_dp *fk, u32 id)
{
	struct ovs_filter_prog *fp;
	u32 zero = 0;
	u64 v = 0;

	ovs_lock();
	fp = ovs_filter_lookup_ovsl(fk->dp, id);
	KUNIT_EXPECT_NOT_NULL(test, fp);
	if (fp) {
		KUNIT_EXPECT_EQ(test, fp->prog->n_maps, 1U);
		KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(fp->prog->maps[0],
							   &zero, &v), 0);
	}
	ovs_unlock();
	return v;
}

u64 fk_prog_runs(struct fk_dp *fk, u32 id)
{
	struct ovs_filter_prog *fp;
	u64 runs = 0, matches, ns;

	ovs_lock();
	fp = ovs_filter_lookup_ovsl(fk->dp, id);
	if (fp)
		ovs_filter_get_stats(fp, &runs, &matches, &ns);
	ovs_unlock();
	return runs;
}

void fk_prog_del(struct kunit *test, struct fk_dp *fk, u32 id)
{
	struct ovs_filter_prog *fp;

	ovs_lock();
	fp = ovs_filter_lookup_ovsl(fk->dp, id);
	if (fp)
		ovs_filter_unpublish(fk->dp, fp);
	ovs_unlock();
	KUNIT_ASSERT_NOT_NULL(test, fp);
	ovs_filter_prog_free_deferred(fp);
}

/* ---------------------------------------------------------------- flows -- */

struct sw_flow *fk_flow_add(struct kunit *test, struct fk_dp *fk,
			    const struct sw_flow_key *key,
			    const struct sw_flow_mask *mask,
			    const struct ovs_filter_chain *chain, u32 ufid)
{
	struct sw_flow *flow = ovs_flow_alloc();
	int err;

	KUNIT_ASSERT_FALSE(test, IS_ERR(flow));
	ovs_flow_mask_key(&flow->key, key, true, mask);
	flow->filter_chain = *chain;
	if (ufid) {
		flow->id.ufid_len = MAX_UFID_LENGTH;
		flow->id.ufid[0] = ufid;
	} else {
		flow->id.unmasked_key = kmemdup(key, sizeof(*key), GFP_KERNEL);
		if (!flow->id.unmasked_key) {
			ovs_flow_free(flow, false);
			KUNIT_ASSERT_FAILURE(test, "out of memory");
		}
	}
	ovs_lock();
	err = ovs_filter_chain_check(fk->dp, chain, NULL);
	if (!err)
		err = ovs_flow_tbl_insert(&fk->dp->table, flow, mask);
	ovs_unlock();
	if (err)
		ovs_flow_free(flow, false);
	KUNIT_ASSERT_EQ(test, err, 0);
	return flow;
}

void fk_flow_del(struct fk_dp *fk, struct sw_flow *flow)
{
	ovs_lock();
	ovs_flow_tbl_remove(&fk->dp->table, flow);
	ovs_unlock();
	ovs_flow_free(flow, true);
}

/* -------------------------------------------------------------- packets -- */

static int fk_skb_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void fk_skb_free(struct kunit_resource *res)
{
	kfree_skb(res->data);
}

struct sk_buff *fk_skb(struct kunit *test, u8 src, u8 dst, u32 len)
{
	struct sk_buff *skb = alloc_skb(len + NET_IP_ALIGN, GFP_KERNEL);
	struct ethhdr *eth;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, fk_skb_init,
							 fk_skb_free,
							 GFP_KERNEL, skb));
	KUNIT_ASSERT_GE(test, len, (u32)ETH_HLEN);
	skb_reserve(skb, NET_IP_ALIGN);
	memset(skb_put(skb, len), 0xab, len);
	skb_reset_mac_header(skb);
	eth = eth_hdr(skb);
	eth_zero_addr(eth->h_dest);
	eth_zero_addr(eth->h_source);
	eth->h_dest[0] = 0x02;
	eth->h_dest[5] = dst;
	eth->h_source[0] = 0x02;
	eth->h_source[5] = src;
	eth->h_proto = htons(ETH_P_IP);
	return skb;
}

static struct sw_flow *fk_lookup_eth(struct fk_dp *fk,
				      const struct sw_flow_key *key,
				      struct sk_buff *skb, u32 skb_hash,
				      bool ethernet)
{
	struct ovs_filter_lookup fl;
	u32 n_mask_hit, n_cache_hit;
	struct sw_flow *flow;

	local_bh_disable();
	rcu_read_lock();
	ovs_filter_lookup_init(&fl, fk->dp, skb, ethernet);
	flow = ovs_flow_tbl_lookup_stats(&fk->dp->table, key, skb_hash,
					 &n_mask_hit, &n_cache_hit, &fl);
	rcu_read_unlock();
	local_bh_enable();
	return flow;
}

struct sw_flow *fk_lookup(struct fk_dp *fk, const struct sw_flow_key *key,
			  struct sk_buff *skb, u32 skb_hash)
{
	return fk_lookup_eth(fk, key, skb, skb_hash, true);
}

struct sw_flow *fk_lookup_l3(struct fk_dp *fk, const struct sw_flow_key *key,
			     struct sk_buff *skb)
{
	return fk_lookup_eth(fk, key, skb, 0, false);
}

bool fk_kernel_jit_enabled(void)
{
	struct bpf_prog *kp = bpf_prog_alloc(bpf_prog_size(1), 0);
	bool on;

	if (!kp)
		return false;
	/* bpf_prog_alloc() asks the kernel's bpf_jit_enable. */
	on = kp->jit_requested;
	bpf_prog_free(kp);
	return on;
}
