// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite in openvswitch.ko: OVS_KEY_ATTR_FILTER_PROG as an attribute.
 *
 * ovs_filter_chain_from_nlattr() on chains of 1 to 8 links and on every
 * malformed form (empty, too long, a verdict other than 0 or 1, a program
 * twice, a link of the wrong size or type, trailing bytes), the mask
 * (absent or exact, nothing else); ovs_filter_chain_to_nlattr() giving
 * back the attribute it parsed byte for byte, the mask all-ones, nothing
 * for an empty chain, and -EMSGSIZE with the message untouched when the
 * chain does not fit.
 */
#include <net/netlink.h>

#include "filter_kunit.h"

/* An OVS_KEY_ATTR_FILTER_PROG attribute of @n links, in a fresh skb. */
static struct sk_buff *fn_chain_attr(struct kunit *test,
				     const struct ovs_filter_link *links,
				     u32 n, u32 link_len, u16 link_type,
				     u32 trailing)
{
	struct sk_buff *skb = alloc_skb(1024, GFP_KERNEL);
	struct nlattr *nest;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start_noflag(skb, OVS_KEY_ATTR_FILTER_PROG);
	for (i = 0; i < n; i++) {
		u8 buf[16] = { };

		memcpy(buf, &links[i], min_t(u32, sizeof(links[i]), link_len));
		nla_put(skb, link_type, link_len, buf);
	}
	if (trailing)
		memset(skb_put(skb, trailing), 0, trailing);
	nla_nest_end(skb, nest);
	return skb;
}

static int fn_parse(struct kunit *test, const struct ovs_filter_link *links,
		    u32 n, u32 link_len, u16 link_type, u32 trailing,
		    struct sw_flow_match *match)
{
	struct sk_buff *skb = fn_chain_attr(test, links, n, link_len,
					    link_type, trailing);
	int err;

	err = ovs_filter_chain_from_nlattr(match, (struct nlattr *)skb->data,
					   false, false);
	kfree_skb(skb);
	return err;
}

static const struct ovs_filter_link fn_links[9] = {
	{ 1, 1 }, { 2, 0 }, { 3, 1 }, { 4, 1 }, { 5, 0 }, { 6, 0 },
	{ 7, 1 }, { 8, 1 }, { 9, 0 },
};

/* Chains of 1 to 8 links parse, in order, and format back byte for byte. */
static void nlattr_round_trip(struct kunit *test)
{
	u32 n;

	for (n = 1; n <= OVS_FILTER_CHAIN_MAX; n++) {
		struct sk_buff *in = fn_chain_attr(test, fn_links, n,
						   sizeof(fn_links[0]),
						   OVS_FILTER_CHAIN_ATTR_LINK, 0);
		struct sk_buff *out = alloc_skb(1024, GFP_KERNEL);
		struct sw_flow_match match = { };

		KUNIT_ASSERT_NOT_NULL(test, out);
		KUNIT_EXPECT_EQ(test, ovs_filter_chain_from_nlattr(&match,
				(struct nlattr *)in->data, false, false), 0);
		KUNIT_EXPECT_EQ(test, match.filter_chain.n, n);
		KUNIT_EXPECT_EQ(test, memcmp(match.filter_chain.links,
					     fn_links, n * sizeof(fn_links[0])),
				0);
		KUNIT_EXPECT_EQ(test, ovs_filter_chain_to_nlattr(
					&match.filter_chain, false, out), 0);
		KUNIT_EXPECT_EQ(test, out->len, in->len);
		KUNIT_EXPECT_EQ(test, memcmp(out->data, in->data,
					     min(out->len, in->len)), 0);
		kfree_skb(in);
		kfree_skb(out);
	}
}

static void nlattr_malformed(struct kunit *test)
{
	struct ovs_filter_link bad_verdict[2] = { { 1, 1 }, { 2, 2 } };
	struct ovs_filter_link twice[3] = { { 1, 1 }, { 2, 0 }, { 1, 0 } };
	struct sw_flow_match match = { };

	/* Empty. */
	KUNIT_EXPECT_EQ(test, fn_parse(test, fn_links, 0, 8,
				       OVS_FILTER_CHAIN_ATTR_LINK, 0, &match),
			-EINVAL);
	/* Nine links. */
	KUNIT_EXPECT_EQ(test, fn_parse(test, fn_links, 9, 8,
				       OVS_FILTER_CHAIN_ATTR_LINK, 0, &match),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fn_parse(test, bad_verdict, 2, 8,
				       OVS_FILTER_CHAIN_ATTR_LINK, 0, &match),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fn_parse(test, twice, 3, 8,
				       OVS_FILTER_CHAIN_ATTR_LINK, 0, &match),
			-EINVAL);
	/* Links of 4 and 12 bytes. */
	KUNIT_EXPECT_EQ(test, fn_parse(test, fn_links, 1, 4,
				       OVS_FILTER_CHAIN_ATTR_LINK, 0, &match),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fn_parse(test, fn_links, 1, 12,
				       OVS_FILTER_CHAIN_ATTR_LINK, 0, &match),
			-EINVAL);
	/* Another attribute type inside. */
	KUNIT_EXPECT_EQ(test, fn_parse(test, fn_links, 1, 8,
				       OVS_FILTER_CHAIN_ATTR_LINK + 1, 0,
				       &match), -EINVAL);
	/* Trailing bytes too short for an attribute. */
	KUNIT_EXPECT_EQ(test, fn_parse(test, fn_links, 1, 8,
				       OVS_FILTER_CHAIN_ATTR_LINK, 2, &match),
			-EINVAL);
	/* Nothing was stored by any of them. */
	KUNIT_EXPECT_EQ(test, match.filter_chain.n, 0U);
}

/* The mask: absent, or exact for every link of the key's chain. */
static void nlattr_mask(struct kunit *test)
{
	static const struct ovs_filter_link ones[3] = {
		{ U32_MAX, U32_MAX }, { U32_MAX, U32_MAX }, { U32_MAX, U32_MAX },
	};
	static const struct ovs_filter_link partial[2] = {
		{ U32_MAX, U32_MAX }, { U32_MAX, 0 },
	};
	struct sw_flow_match match = { };
	struct sk_buff *skb, *out;

	KUNIT_ASSERT_EQ(test, fn_parse(test, fn_links, 2, 8,
				       OVS_FILTER_CHAIN_ATTR_LINK, 0, &match),
			0);

	skb = fn_chain_attr(test, ones, 2, 8, OVS_FILTER_CHAIN_ATTR_LINK, 0);
	KUNIT_EXPECT_EQ(test, ovs_filter_chain_from_nlattr(&match,
			(struct nlattr *)skb->data, true, false), 0);
	kfree_skb(skb);
	skb = fn_chain_attr(test, ones, 3, 8, OVS_FILTER_CHAIN_ATTR_LINK, 0);
	KUNIT_EXPECT_EQ(test, ovs_filter_chain_from_nlattr(&match,
			(struct nlattr *)skb->data, true, false), -EINVAL);
	kfree_skb(skb);
	skb = fn_chain_attr(test, partial, 2, 8, OVS_FILTER_CHAIN_ATTR_LINK,
			    0);
	KUNIT_EXPECT_EQ(test, ovs_filter_chain_from_nlattr(&match,
			(struct nlattr *)skb->data, true, false), -EINVAL);
	kfree_skb(skb);
	/* The key's chain is what it was. */
	KUNIT_EXPECT_EQ(test, match.filter_chain.n, 2U);
	KUNIT_EXPECT_EQ(test, match.filter_chain.links[1].prog_id, 2U);

	/* Formatted as a mask: every link all-ones. */
	out = alloc_skb(256, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	skb = fn_chain_attr(test, ones, 2, 8, OVS_FILTER_CHAIN_ATTR_LINK, 0);
	KUNIT_EXPECT_EQ(test, ovs_filter_chain_to_nlattr(&match.filter_chain,
							 true, out), 0);
	KUNIT_EXPECT_EQ(test, out->len, skb->len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, skb->data,
				     min(out->len, skb->len)), 0);
	kfree_skb(skb);
	kfree_skb(out);
}

/* Formatting: nothing for no chain; a full message is left as it was. */
static void nlattr_format_limits(struct kunit *test)
{
	struct ovs_filter_chain none = { .n = 0 };
	struct ovs_filter_chain full = { .n = OVS_FILTER_CHAIN_MAX };
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	memcpy(full.links, fn_links, sizeof(full.links));
	KUNIT_EXPECT_EQ(test, ovs_filter_chain_to_nlattr(&none, false, skb), 0);
	KUNIT_EXPECT_EQ(test, skb->len, 0U);
	/* 4 + 8 * 12 bytes do not fit in the 50 bytes left. */
	len = skb_tailroom(skb) - 50;
	memset(skb_put(skb, len), 0x5a, len);
	len = skb->len;
	KUNIT_EXPECT_EQ(test, ovs_filter_chain_to_nlattr(&full, false, skb),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, skb->len, len);
	kfree_skb(skb);
}

static struct kunit_case nlattr_test_cases[] = {
	KUNIT_CASE(nlattr_round_trip),
	KUNIT_CASE(nlattr_malformed),
	KUNIT_CASE(nlattr_mask),
	KUNIT_CASE(nlattr_format_limits),
	{}
};

static struct kunit_suite nlattr_test_suite = {
	.name = "ovs_filter_nlattr",
	.test_cases = nlattr_test_cases,
};

kunit_test_suite(nlattr_test_suite);
