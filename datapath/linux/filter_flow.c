// SPDX-License-Identifier: GPL-2.0
/*
 * OVS_KEY_ATTR_FILTER_PROG: filter chains in flows.
 *
 * Parsing and formatting.  The key carries the chain as nested
 * OVS_FILTER_CHAIN_ATTR_LINK attributes, in order.  Chains are always
 * matched exactly: the mask either omits the attribute or repeats it with
 * every link all-ones (what the kernel reports, and what the exact-match
 * mask built from a key without a mask attribute contains).
 *
 * Matching.  masked_flow_lookup() asks ovs_filter_flow_match() about every
 * candidate whose masked key matches; a failed chain moves the lookup on to
 * the next candidate of the bucket, then to the next mask.  On the packet
 * path the programs run over the frame from its Ethernet header, VLAN tag
 * in place, with only as many bytes pulled into the linear area as the
 * verifier proved the program may read; each program runs at most once
 * per lookup (verdicts are memoised in struct ovs_filter_lookup), so a
 * stateful program sees each packet once per lookup.  Control-plane lookups compare chains
 * instead of running programs.
 *
 * References.  Flows name programs by id; the id must exist when the flow
 * is put (ovs_filter_chain_check(), with ovs_mutex), and a program that
 * flows name cannot be deleted unless they are flushed with it
 * (ovs_filter_flow_refs(), ovs_filter_flush_flows()).  Both sides hold
 * ovs_mutex, so a flow never names a program that is gone; a replaced
 * program keeps its id and its flows.
 */
#include <linux/if_vlan.h>
#include <linux/skbuff.h>
#include <asm/unaligned.h>

#include "datapath.h"
#include "filter.h"
#include "filter_chain.h"
#include "flow_netlink.h"

/* Packet path, BH disabled; @ethernet: the packet has an Ethernet header. */
void ovs_filter_lookup_init(struct ovs_filter_lookup *fl, struct datapath *dp,
			    struct sk_buff *skb, bool ethernet)
{
	fl->chain = NULL;
	fl->dp = dp;
	fl->skb = ethernet ? skb : NULL;
	fl->n_memo = 0;
}

/*
 * Run program @id on the packet of @fl.
 *
 * The program sees the frame as it was on the wire: a VLAN tag that the
 * stack moved into the skb's metadata (skb_vlan_untag() does it for every
 * tagged frame a device receives) is put back in place for the run, as
 * userspace sees it in upcalls and in the RUN command.  The tag goes into
 * the headroom, the MAC addresses move down over it, and both are moved
 * back afterwards; programs cannot write the packet.
 *
 * Return: its verdict (1 match, 0 no match), or negative errno if it could
 * not run (no such program, no Ethernet frame, pull failure).
 */
static int ovs_filter_eval(struct ovs_filter_lookup *fl, u32 id)
{
	struct sk_buff *skb = fl->skb;
	struct ovs_filter_prog *fp;
	int off, need, len;
	bool tagged;
	u8 *frame;
	u64 ret;

	if (!skb || !skb_mac_header_was_set(skb))
		return -EINVAL;
	fp = ovs_filter_lookup(fl->dp, id);
	if (unlikely(!fp))
		return -ENOENT;

	/* The frame starts at the MAC header, @off bytes from skb->data. */
	off = skb_mac_offset(skb);
	len = skb->len - off;
	if (unlikely(len <= 0))
		return -EINVAL;
	tagged = skb_vlan_tag_present(skb);
	need = min_t(u32, fp->prog->max_pkt_read, len);
	if (tagged) {
		if (unlikely(len < 2 * ETH_ALEN))
			return -EINVAL;
		need = max(need, 2 * ETH_ALEN);
	}
	if (off + need > (int)skb_headlen(skb) &&
	    !pskb_may_pull(skb, off + need))
		return -ENOMEM;
	if (!tagged)
		return ovs_filter_run(fp, skb_mac_header(skb), len) == 1;

	/* VLAN_HLEN bytes of private headroom before the MAC header. */
	if (skb_cow_head(skb, max_t(int, VLAN_HLEN - off, 0)))
		return -ENOMEM;
	frame = skb_mac_header(skb) - VLAN_HLEN;
	memmove(frame, frame + VLAN_HLEN, 2 * ETH_ALEN);
	put_unaligned(skb->vlan_proto, (__be16 *)(frame + 2 * ETH_ALEN));
	put_unaligned(htons(skb_vlan_tag_get(skb)),
		      (__be16 *)(frame + 2 * ETH_ALEN + 2));
	ret = ovs_filter_run(fp, frame, len + VLAN_HLEN);
	memmove(frame + VLAN_HLEN, frame, 2 * ETH_ALEN);
	return ret == 1;
}

static int ovs_filter_verdict(struct ovs_filter_lookup *fl, u32 id)
{
	int verdict;
	u32 i;

	for (i = 0; i < fl->n_memo; i++)
		if (fl->memo_id[i] == id)
			return fl->memo_verdict[i];
	verdict = ovs_filter_eval(fl, id);
	if (verdict >= 0 && fl->n_memo < OVS_FILTER_MEMO_MAX) {
		fl->memo_id[fl->n_memo] = id;
		fl->memo_verdict[fl->n_memo] = verdict;
		fl->n_memo++;
	}
	return verdict;
}

/**
 * ovs_filter_flow_match() - does @flow's chain accept this lookup?
 * @flow: a candidate whose masked key matches.
 * @fl:   the lookup.
 *
 * RCU read side with BH disabled (packet lookups) or ovs_mutex.
 *
 * Return: true if @flow has no chain and @fl is a packet lookup, if every
 * link of the chain gets its expected verdict from the packet, or if the
 * chain equals the one of a control-plane lookup.
 */
bool ovs_filter_flow_match(const struct sw_flow *flow,
			   struct ovs_filter_lookup *fl)
{
	const struct ovs_filter_chain *chain = &flow->filter_chain;
	u32 i;

	if (fl->chain)
		return ovs_filter_chain_equal(chain, fl->chain);
	for (i = 0; i < chain->n; i++) {
		int verdict = ovs_filter_verdict(fl, chain->links[i].prog_id);

		if (verdict < 0 || verdict != chain->links[i].verdict)
			return false;
	}
	return true;
}

bool ovs_filter_chain_equal(const struct ovs_filter_chain *a,
			    const struct ovs_filter_chain *b)
{
	return a->n == b->n &&
	       !memcmp(a->links, b->links, a->n * sizeof(a->links[0]));
}

/**
 * ovs_filter_chain_from_nlattr() - parse OVS_KEY_ATTR_FILTER_PROG.
 * @match:   the match being built; the key's chain goes to
 *           match->filter_chain.
 * @nla:     the attribute.
 * @is_mask: parsing the mask: it must be exact for the key's chain.
 * @log:     log parse errors.
 *
 * Return: 0 or -EINVAL.
 */
int ovs_filter_chain_from_nlattr(struct sw_flow_match *match,
				 const struct nlattr *nla, bool is_mask,
				 bool log)
{
	struct ovs_filter_chain chain = { };
	const struct nlattr *link;
	int rem;
	u32 i;

	nla_for_each_nested(link, nla, rem) {
		const struct ovs_filter_link *l = nla_data(link);

		if (nla_type(link) != OVS_FILTER_CHAIN_ATTR_LINK ||
		    nla_len(link) != sizeof(*l)) {
			OVS_NLERR(log, "filter_prog: bad link attribute");
			return -EINVAL;
		}
		if (chain.n == OVS_FILTER_CHAIN_MAX) {
			OVS_NLERR(log, "filter_prog: more than %d links",
				  OVS_FILTER_CHAIN_MAX);
			return -EINVAL;
		}
		chain.links[chain.n++] = *l;
	}
	if (rem) {
		OVS_NLERR(log, "filter_prog: %d trailing bytes", rem);
		return -EINVAL;
	}

	if (is_mask) {
		/* Absent (all-zero, skipped by the parser) or exact. */
		if (chain.n != match->filter_chain.n)
			goto bad_mask;
		for (i = 0; i < chain.n; i++)
			if (chain.links[i].prog_id != U32_MAX ||
			    chain.links[i].verdict != U32_MAX)
				goto bad_mask;
		return 0;
	}

	if (!chain.n) {
		OVS_NLERR(log, "filter_prog: empty chain");
		return -EINVAL;
	}
	for (i = 0; i < chain.n; i++) {
		u32 j;

		if (chain.links[i].verdict > 1) {
			OVS_NLERR(log, "filter_prog: verdict %u is not 0 or 1",
				  chain.links[i].verdict);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (chain.links[j].prog_id == chain.links[i].prog_id) {
				OVS_NLERR(log, "filter_prog: program %u twice",
					  chain.links[i].prog_id);
				return -EINVAL;
			}
		}
	}
	match->filter_chain = chain;
	return 0;

bad_mask:
	OVS_NLERR(log, "filter_prog: the mask must be absent or exact");
	return -EINVAL;
}

/**
 * ovs_filter_chain_to_nlattr() - format a chain (nothing if empty).
 * @chain:   the chain.
 * @is_mask: format its mask (every link all-ones).
 * @skb:     the message.
 *
 * Return: 0 or -EMSGSIZE.
 */
int ovs_filter_chain_to_nlattr(const struct ovs_filter_chain *chain,
			       bool is_mask, struct sk_buff *skb)
{
	struct nlattr *nest;
	u32 i;

	if (!chain->n)
		return 0;
	nest = nla_nest_start_noflag(skb, OVS_KEY_ATTR_FILTER_PROG);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < chain->n; i++) {
		struct ovs_filter_link l = chain->links[i];

		if (is_mask) {
			l.prog_id = U32_MAX;
			l.verdict = U32_MAX;
		}
		if (nla_put(skb, OVS_FILTER_CHAIN_ATTR_LINK, sizeof(l), &l)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * ovs_nla_put_flow_key() - a flow's key or mask attribute, chain included.
 * @flow:    the flow.
 * @swkey:   the key to format.
 * @output:  the key or mask whose values are output.
 * @attr:    OVS_FLOW_ATTR_KEY or OVS_FLOW_ATTR_MASK.
 * @is_mask: formatting the mask.
 * @skb:     the message.
 *
 * Called with ovs_mutex or RCU read lock.
 *
 * Return: 0 or negative errno.
 */
int ovs_nla_put_flow_key(const struct sw_flow *flow,
			 const struct sw_flow_key *swkey,
			 const struct sw_flow_key *output, int attr,
			 bool is_mask, struct sk_buff *skb)
{
	struct nlattr *nla;
	int err;

	nla = nla_nest_start_noflag(skb, attr);
	if (!nla)
		return -EMSGSIZE;
	err = __ovs_nla_put_key(swkey, output, is_mask, skb);
	if (!err)
		err = ovs_filter_chain_to_nlattr(&flow->filter_chain, is_mask,
						 skb);
	if (err)
		return err;
	nla_nest_end(skb, nla);
	return 0;
}

/**
 * ovs_filter_chain_check() - every program of @chain exists in @dp.
 * @dp:     the datapath.
 * @chain:  the chain of a flow being put.
 * @extack: for the error message.
 *
 * Called with ovs_mutex.
 *
 * Return: 0, or -ENOENT if a program is missing.
 */
int ovs_filter_chain_check(struct datapath *dp,
			   const struct ovs_filter_chain *chain,
			   struct netlink_ext_ack *extack)
{
	u32 i;

	for (i = 0; i < chain->n; i++) {
		if (!ovs_filter_lookup_ovsl(dp, chain->links[i].prog_id)) {
			NL_SET_ERR_MSG(extack,
				       "Flow references a filter program that does not exist");
			return -ENOENT;
		}
	}
	return 0;
}

static bool ovs_filter_chain_uses(const struct ovs_filter_chain *chain, u32 id)
{
	u32 i;

	for (i = 0; i < chain->n; i++)
		if (chain->links[i].prog_id == id)
			return true;
	return false;
}

/**
 * ovs_filter_flow_refs() - count the flows whose chain names @id.
 * @dp: the datapath.
 * @id: the program id.
 *
 * Called with ovs_mutex or RCU read lock.  A walk of the flow table.
 *
 * Return: the count.
 */
u32 ovs_filter_flow_refs(struct datapath *dp, u32 id)
{
	u32 bucket = 0, obj = 0, n = 0;
	struct table_instance *ti;
	struct sw_flow *flow;

	rcu_read_lock();
	ti = rcu_dereference(dp->table.ti);
	while ((flow = ovs_flow_tbl_dump_next(ti, &bucket, &obj)))
		if (ovs_filter_chain_uses(&flow->filter_chain, id))
			n++;
	rcu_read_unlock();
	return n;
}

/* Called with ovs_mutex: the flow found stays in the table. */
static struct sw_flow *ovs_filter_find_flow(struct datapath *dp, u32 id)
{
	u32 bucket = 0, obj = 0;
	struct table_instance *ti;
	struct sw_flow *flow;

	rcu_read_lock();
	ti = rcu_dereference(dp->table.ti);
	while ((flow = ovs_flow_tbl_dump_next(ti, &bucket, &obj)))
		if (ovs_filter_chain_uses(&flow->filter_chain, id))
			break;
	rcu_read_unlock();
	return flow;
}

/**
 * ovs_filter_flush_flows() - remove the flows whose chain names @id.
 * @dp: the datapath.
 * @id: the program id.
 *
 * Called with ovs_mutex.  Flows are removed one walk at a time: removal
 * may sleep, the walk may not.
 *
 * Return: 0.
 */
int ovs_filter_flush_flows(struct datapath *dp, u32 id)
{
	struct sw_flow *flow;

	ASSERT_OVSL();
	while ((flow = ovs_filter_find_flow(dp, id))) {
		ovs_flow_tbl_remove(&dp->table, flow);
		ovs_flow_free(flow, true);
	}
	return 0;
}
