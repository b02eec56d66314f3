/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Filter chains in the flow table: OVS_KEY_ATTR_FILTER_PROG.
 *
 * A flow may carry an ordered chain of (program id, expected verdict)
 * links.  A packet matches the flow iff its masked key matches and every
 * program of the chain, run in order, returns the expected verdict.  The
 * chain is part of the flow's identity: flows may share key and mask and
 * differ only by their chains.
 *
 * This header is included by flow.h, so it only declares types and takes
 * everything else by pointer.
 */
#ifndef OVS_FILTER_CHAIN_H
#define OVS_FILTER_CHAIN_H 1

#include <linux/types.h>
#include <linux/openvswitch.h>

struct datapath;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;
struct sw_flow;
struct sw_flow_key;
struct sw_flow_match;

/* A chain; n == 0: the flow has none.  Embedded in flows and matches. */
struct ovs_filter_chain {
	u32 n;
	struct ovs_filter_link links[OVS_FILTER_CHAIN_MAX];
};

/* Distinct programs one packet lookup remembers the verdicts of. */
#define OVS_FILTER_MEMO_MAX	16

/*
 * The context of one flow table lookup, handed down to the candidate
 * check in masked_flow_lookup().
 *
 * Packet lookups (ovs_filter_lookup_init()) run the programs of candidate
 * flows' chains on the packet, each at most once per lookup: verdicts are
 * memoised here.  Control-plane lookups (ovs_filter_lookup_exact())
 * instead accept only flows whose chain equals @chain.
 */
struct ovs_filter_lookup {
	const struct ovs_filter_chain *chain;	/* control plane, or NULL */
	struct datapath *dp;			/* packet lookups */
	struct sk_buff *skb;			/* NULL: programs cannot run */
	u32 n_memo;
	u32 memo_id[OVS_FILTER_MEMO_MAX];
	u8 memo_verdict[OVS_FILTER_MEMO_MAX];
};

static inline void ovs_filter_lookup_exact(struct ovs_filter_lookup *fl,
					   const struct ovs_filter_chain *chain)
{
	fl->chain = chain;
	fl->dp = NULL;
	fl->skb = NULL;
	fl->n_memo = 0;
}

void ovs_filter_lookup_init(struct ovs_filter_lookup *fl, struct datapath *dp,
			    struct sk_buff *skb, bool ethernet);
bool ovs_filter_flow_match(const struct sw_flow *flow,
			   struct ovs_filter_lookup *fl);
bool ovs_filter_chain_equal(const struct ovs_filter_chain *a,
			    const struct ovs_filter_chain *b);
int ovs_filter_chain_from_nlattr(struct sw_flow_match *match,
				 const struct nlattr *nla, bool is_mask,
				 bool log);
int ovs_filter_chain_to_nlattr(const struct ovs_filter_chain *chain,
			       bool is_mask, struct sk_buff *skb);
int ovs_nla_put_flow_key(const struct sw_flow *flow,
			 const struct sw_flow_key *swkey,
			 const struct sw_flow_key *output, int attr,
			 bool is_mask, struct sk_buff *skb);
int ovs_filter_chain_check(struct datapath *dp,
			   const struct ovs_filter_chain *chain,
			   struct netlink_ext_ack *extack);

#endif /* OVS_FILTER_CHAIN_H */
