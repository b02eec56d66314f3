// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite in openvswitch.ko: the ovs_filter family's attributes.
 *
 * Included at the end of filter_genl.c in the KUnit build only
 * (OVS_FILTER_KUNIT), to reach its policies and static parsers.
 *
 * Requests are built as userspace sends them and parsed the way genetlink
 * parses them for the family (strict, against filter_policy), then handed
 * to the parser a handler would call: program images (instructions, map
 * definitions, initial data chunks) and map entries, well formed and
 * malformed, each malformed one refused with its errno and message.
 * Program replies (filter_fill_prog()) are parsed back and checked
 * attribute by attribute, in a message of exactly the size the family
 * allocates for them.
 */
#include <kunit/resource.h>

#include "filter_kunit.h"
#include "sbpf_asm.h"

#define FG_HDRLEN	(GENL_HDRLEN + sizeof(struct ovs_header))

struct fg_req {
	struct sk_buff *skb;
	struct nlattr *attrs[OVS_FILTER_ATTR_MAX + 1];
	struct netlink_ext_ack extack;
	struct genl_info info;
};

static int fg_skb_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void fg_skb_free(struct kunit_resource *res)
{
	kfree_skb(res->data);
}

/* @skb is freed with the test, however it ends. */
static struct sk_buff *fg_own(struct kunit *test, struct sk_buff *skb)
{
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, fg_skb_init,
							 fg_skb_free,
							 GFP_KERNEL, skb));
	return skb;
}

static struct fg_req *fg_new(struct kunit *test, u8 cmd)
{
	struct fg_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct ovs_header *hdr;

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->skb = fg_own(test, nlmsg_new(96 * 1024, GFP_KERNEL));
	hdr = genlmsg_put(r->skb, 0, 1, &dp_filter_genl_family, 0, cmd);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	hdr->dp_ifindex = 0;
	return r;
}

/* Parse as genetlink does for the family (strict), then set up info. */
static int fg_parse(struct fg_req *r)
{
	struct nlmsghdr *nlh = nlmsg_hdr(r->skb);

	nlh->nlmsg_len = r->skb->len;
	r->info.nlhdr = nlh;
	r->info.genlhdr = nlmsg_data(nlh);
	r->info.userhdr = (u8 *)nlmsg_data(nlh) + GENL_HDRLEN;
	r->info.attrs = r->attrs;
	r->info.extack = &r->extack;
	return nlmsg_parse(nlh, GENL_HDRLEN + sizeof(struct ovs_header),
			   r->attrs, OVS_FILTER_ATTR_MAX, filter_policy,
			   &r->extack);
}

static const struct bpf_insn fg_insns[] = {
	SBPF_MOV64_IMM(BPF_REG_0, 1),
	SBPF_EXIT(),
};

static void fg_put_map(struct sk_buff *skb, s32 index, u32 type,
		       u32 key_size, u32 value_size, u32 max_entries,
		       const char *name)
{
	struct nlattr *nest = nla_nest_start(skb, OVS_FILTER_ATTR_MAP);

	if (index >= 0)
		nla_put_u32(skb, OVS_FILTER_MAP_ATTR_INDEX, index);
	nla_put_u32(skb, OVS_FILTER_MAP_ATTR_TYPE, type);
	nla_put_u32(skb, OVS_FILTER_MAP_ATTR_KEY_SIZE, key_size);
	if (value_size)
		nla_put_u32(skb, OVS_FILTER_MAP_ATTR_VALUE_SIZE, value_size);
	nla_put_u32(skb, OVS_FILTER_MAP_ATTR_MAX_ENTRIES, max_entries);
	if (name)
		nla_put_string(skb, OVS_FILTER_MAP_ATTR_NAME, name);
	nla_nest_end(skb, nest);
}

static void fg_put_data(struct sk_buff *skb, u32 index, u32 offset,
			const void *bytes, u32 len)
{
	struct nlattr *nest = nla_nest_start(skb, OVS_FILTER_ATTR_MAP_DATA);

	nla_put_u32(skb, OVS_FILTER_DATA_ATTR_INDEX, index);
	nla_put_u32(skb, OVS_FILTER_DATA_ATTR_OFFSET, offset);
	nla_put(skb, OVS_FILTER_DATA_ATTR_BYTES, len, bytes);
	nla_nest_end(skb, nest);
}

static const u8 fg_bytes[16] = { 1, 2, 3, 4, 5, 6, 7, 8,
				 9, 10, 11, 12, 13, 14, 15, 16 };

/* A load request: ID, INSNS, then what @build adds. */
struct image_case {
	const char *name;
	void (*build)(struct sk_buff *skb);
	int policy_err;		/* from parsing against the policy */
	int err;		/* then from filter_parse_image() */
	const char *msg;	/* extack message, or NULL */
};

static void b_none(struct sk_buff *skb) { }

static void b_maps_and_data(struct sk_buff *skb)
{
	nla_put_string(skb, OVS_FILTER_ATTR_NAME, "fg");
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4, "arr");
	fg_put_map(skb, -1, SBPF_MAP_HASH, 8, 16, 10, NULL);
	fg_put_data(skb, 0, 0, fg_bytes, 10);
	fg_put_data(skb, 0, 10, fg_bytes + 10, 6);
}

static void b_no_value_size(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 0, 4, NULL);
}

static void b_index_mismatch(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4, NULL);
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4, NULL);
}

static void b_bad_type(struct sk_buff *skb)
{
	fg_put_map(skb, 0, __SBPF_MAP_TYPE_MAX, 4, 4, 4, NULL);
}

static void b_long_name(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4,
		   "0123456789abcdef0123456789abcdef");
}

static void b_too_many_maps(struct sk_buff *skb)
{
	u32 i;

	for (i = 0; i <= SBPF_MAX_MAPS; i++)
		fg_put_map(skb, -1, SBPF_MAP_ARRAY, 4, 4, 1, NULL);
}

static void b_data_undeclared(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4, NULL);
	fg_put_data(skb, 1, 0, fg_bytes, 16);
}

static void b_data_hash(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_HASH, 4, 4, 4, NULL);
	fg_put_data(skb, 0, 0, fg_bytes, 16);
}

static void b_data_out_of_order(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4, NULL);
	fg_put_data(skb, 0, 8, fg_bytes, 8);
	fg_put_data(skb, 0, 0, fg_bytes, 8);
}

static void b_data_past_end(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4, NULL);
	fg_put_data(skb, 0, 0, fg_bytes, 16);
	fg_put_data(skb, 0, 16, fg_bytes, 1);
}

static void b_data_incomplete(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4, NULL);
	fg_put_data(skb, 0, 0, fg_bytes, 15);
}

static void b_data_empty(struct sk_buff *skb)
{
	fg_put_map(skb, 0, SBPF_MAP_ARRAY, 4, 4, 4, NULL);
	fg_put_data(skb, 0, 0, fg_bytes, 0);
}

static void b_reply_only(struct sk_buff *skb)
{
	nla_put_string(skb, OVS_FILTER_ATTR_LOG, "log");
}

static void b_unknown(struct sk_buff *skb)
{
	nla_put_u32(skb, OVS_FILTER_ATTR_MAX + 1, 0);
}

static void b_trailing(struct sk_buff *skb)
{
	memset(skb_put(skb, 3), 0, 3);
}

static void b_bad_flags(struct sk_buff *skb)
{
	nla_put_u32(skb, OVS_FILTER_ATTR_FLAGS, 1U << 31);
}

static const struct image_case image_cases[] = {
	{ "instructions only", b_none, 0, 0, NULL },
	{ "maps and initial data in chunks", b_maps_and_data, 0, 0, NULL },
	{ "map without value size", b_no_value_size, 0, -EINVAL,
	  "Map needs a type, a value size and max entries" },
	{ "map index not its position", b_index_mismatch, 0, -EINVAL,
	  "Map index differs from the map's position" },
	{ "map type out of range", b_bad_type, -ERANGE, 0, NULL },
	{ "map name too long", b_long_name, -EINVAL, 0, NULL },
	{ "65 maps", b_too_many_maps, 0, -E2BIG, "Too many maps" },
	{ "data for an undeclared map", b_data_undeclared, 0, -EINVAL,
	  "Map data for a map the image does not declare" },
	{ "data for a hash map", b_data_hash, 0, -EINVAL,
	  "Initial data is only for array maps" },
	{ "data chunks out of order", b_data_out_of_order, 0, -EINVAL,
	  "Map data chunk out of order or past the map's end" },
	{ "data past the map's end", b_data_past_end, 0, -EINVAL,
	  "Map data chunk out of order or past the map's end" },
	{ "data incomplete", b_data_incomplete, 0, -EINVAL,
	  "Initial map data incomplete" },
	{ "empty data chunk", b_data_empty, -ERANGE, 0, NULL },
	{ "reply-only attribute", b_reply_only, -EINVAL, 0, NULL },
	{ "unknown attribute", b_unknown, -EINVAL, 0, NULL },
	{ "trailing bytes", b_trailing, -EINVAL, 0, NULL },
	{ "unknown flag", b_bad_flags, -EINVAL, 0, NULL },
};

static void image_case_desc(const struct image_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(image_cases, image_cases, image_case_desc);

static void genl_image_parse(struct kunit *test)
{
	const struct image_case *c = test->param_value;
	struct fg_req *r = fg_new(test, OVS_FILTER_CMD_LOAD);
	struct filter_image fi;
	int err;

	nla_put_u32(r->skb, OVS_FILTER_ATTR_ID, 7);
	nla_put(r->skb, OVS_FILTER_ATTR_INSNS, sizeof(fg_insns), fg_insns);
	c->build(r->skb);
	err = fg_parse(r);
	KUNIT_EXPECT_EQ_MSG(test, err, c->policy_err, "%s: policy: %s",
			    c->name, r->extack._msg ?: "");
	if (err || c->policy_err) {
		return;
	}
	err = filter_parse_image(&r->info, &fi);
	KUNIT_EXPECT_EQ_MSG(test, err, c->err, "%s", c->name);
	if (c->msg)
		KUNIT_EXPECT_STREQ(test, r->extack._msg ?: "", c->msg);
	else
		KUNIT_EXPECT_NULL(test, r->extack._msg);
	if (!err && c->build == b_maps_and_data) {
		KUNIT_EXPECT_STREQ(test, fi.img.name, "fg");
		KUNIT_EXPECT_EQ(test, fi.img.n_insns, 2U);
		KUNIT_EXPECT_EQ(test, fi.img.n_maps, 2U);
		KUNIT_EXPECT_EQ(test, fi.maps[0].type, (u32)SBPF_MAP_ARRAY);
		KUNIT_EXPECT_STREQ(test, fi.maps[0].name, "arr");
		KUNIT_EXPECT_EQ(test, fi.maps[1].type, (u32)SBPF_MAP_HASH);
		KUNIT_EXPECT_EQ(test, fi.maps[1].key_size, 8U);
		KUNIT_EXPECT_EQ(test, fi.maps[1].value_size, 16U);
		KUNIT_EXPECT_EQ(test, fi.maps[1].max_entries, 10U);
		KUNIT_EXPECT_STREQ(test, fi.maps[1].name, "");
		KUNIT_ASSERT_NOT_NULL(test, fi.init[0]);
		KUNIT_EXPECT_EQ(test, memcmp(fi.init[0], fg_bytes, 16), 0);
		KUNIT_EXPECT_NULL(test, fi.init[1]);
	}
	filter_image_free(&fi);
}

/* Instruction attributes: whole instructions, 1 to 4096 of them. */
static void genl_insns_bounds(struct kunit *test)
{
	static const struct { u32 len; int policy_err, err; } cases[] = {
		{ 0, -ERANGE, 0 },
		{ 12, 0, -EINVAL },
		{ 8, 0, 0 },
		{ SBPF_MAX_INSNS * 8, 0, 0 },
		{ SBPF_MAX_INSNS * 8 + 8, -ERANGE, 0 },
	};
	void *buf = kunit_kzalloc(test, SBPF_MAX_INSNS * 8 + 8, GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fg_req *r = fg_new(test, OVS_FILTER_CMD_LOAD);
		struct filter_image fi;
		int err;

		nla_put_u32(r->skb, OVS_FILTER_ATTR_ID, 7);
		nla_put(r->skb, OVS_FILTER_ATTR_INSNS, cases[i].len, buf);
		err = fg_parse(r);
		KUNIT_EXPECT_EQ_MSG(test, err, cases[i].policy_err, "len %u",
				    cases[i].len);
		if (!err) {
			KUNIT_EXPECT_EQ_MSG(test,
					    filter_parse_image(&r->info, &fi),
					    cases[i].err, "len %u",
					    cases[i].len);
			filter_image_free(&fi);
		}
		}
}

/* Map entries: key of the map's key size; a value only where one goes. */
static void genl_entry_parse(struct kunit *test)
{
	static const struct sbpf_map_def def = {
		.type = SBPF_MAP_HASH, .key_size = 4, .value_size = 8,
		.max_entries = 4,
	};
	static const struct {
		u32 key_len, value_len;	/* 0: absent */
		bool need_value;
		int err;
		const char *msg;
	} cases[] = {
		{ 4, 8, true, 0, NULL },
		{ 4, 0, false, 0, NULL },
		{ 3, 8, true, -EINVAL,
		  "Entry key missing or not of the map's key size" },
		{ 0, 8, true, -EINVAL,
		  "Entry key missing or not of the map's key size" },
		{ 4, 0, true, -EINVAL,
		  "Entry value missing or not of the map's value size" },
		{ 4, 4, true, -EINVAL,
		  "Entry value missing or not of the map's value size" },
		{ 4, 8, false, -EINVAL, "This operation takes no value" },
		{ 513, 0, false, -ERANGE, NULL },
	};
	struct sbpf_map *map;
	u8 *buf = kunit_kzalloc(test, 1024, GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, sbpf_map_create(&def, &map), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fg_req *r = fg_new(test, OVS_FILTER_CMD_MAP_UPDATE);
		const void *key = NULL, *value = NULL;
		struct nlattr *nest;
		int err;

		nla_put_u32(r->skb, OVS_FILTER_ATTR_ID, 7);
		nest = nla_nest_start(r->skb, OVS_FILTER_ATTR_ENTRY);
		if (cases[i].key_len)
			nla_put(r->skb, OVS_FILTER_ENTRY_ATTR_KEY,
				cases[i].key_len, buf);
		if (cases[i].value_len)
			nla_put(r->skb, OVS_FILTER_ENTRY_ATTR_VALUE,
				cases[i].value_len, buf);
		nla_nest_end(r->skb, nest);
		err = fg_parse(r);
		if (!err)
			err = filter_parse_entry(r->attrs[OVS_FILTER_ATTR_ENTRY],
						 map, cases[i].need_value,
						 &key, &value, &r->extack);
		KUNIT_EXPECT_EQ_MSG(test, err, cases[i].err, "case %u", i);
		if (cases[i].msg)
			KUNIT_EXPECT_STREQ_MSG(test, r->extack._msg ?: "",
					       cases[i].msg, "case %u", i);
		if (!err) {
			KUNIT_EXPECT_NOT_NULL(test, key);
			KUNIT_EXPECT_EQ(test, value != NULL,
					cases[i].need_value);
		}
		}
	sbpf_map_destroy(map);
}

/*
 * A program reply, parsed back: every attribute as the program is, in a
 * message of the size the family allocates (64 maps with the longest
 * names must fit).
 */
static void genl_prog_reply(struct kunit *test)
{
	struct fk_dp *fk = fk_dp_new(test);
	struct ovs_filter_chain chain = FK_CHAIN(FK_LINK(3, 1));
	struct nlattr *a[OVS_FILTER_ATTR_MAX + 1];
	struct nlattr *m[OVS_FILTER_MAP_ATTR_MAX + 1];
	const struct ovs_filter_verifier_stats *vs;
	const struct ovs_filter_stats *st;
	struct ovs_filter_prog *fp;
	struct sbpf_map_def *defs;
	struct sw_flow_key key;
	struct sk_buff *skb;
	struct nlattr *nla;
	int rem, n, err;

	fp = fk_prog_count(test, fk, 3, 1);
	fk_key(&key, 1, 2);
	fk_flow_add(test, fk, &key, &fk->mask, &chain, 0);
	fk_flow_add(test, fk, &key, &fk->mask_src, &chain, 0x77);
	KUNIT_EXPECT_NOT_NULL(test, fk_lookup(fk, &key, fk_skb(test, 1, 2, 64),
					      0));

	skb = fg_own(test, genlmsg_new(filter_prog_msg_size(fp), GFP_KERNEL));
	ovs_lock();
	err = filter_fill_prog(skb, fk->dp, fp, 42, 0, 5, 0,
			       OVS_FILTER_CMD_GET);
	ovs_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	err = nla_parse_deprecated(a, OVS_FILTER_ATTR_MAX,
				   (struct nlattr *)((u8 *)nlmsg_data(nlmsg_hdr(skb)) + FG_HDRLEN),
				   nlmsg_len(nlmsg_hdr(skb)) - FG_HDRLEN,
				   NULL, NULL);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, ((struct ovs_header *)((u8 *)nlmsg_data(
				nlmsg_hdr(skb)) + GENL_HDRLEN))->dp_ifindex, 42);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_FILTER_ATTR_ID]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_FILTER_ATTR_ID]), 3U);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(a[OVS_FILTER_ATTR_NAME]),
			   "kunit_3");
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_FILTER_ATTR_N_INSNS]),
			fp->prog->len);
	KUNIT_EXPECT_EQ(test, nla_get_u8(a[OVS_FILTER_ATTR_JITED]),
			(u8)!!fp->kprog);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_FILTER_ATTR_MAX_PKT_READ]),
			fp->prog->max_pkt_read);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_FILTER_ATTR_FLOW_REFS]), 2U);
	KUNIT_ASSERT_EQ(test, nla_len(a[OVS_FILTER_ATTR_STATS]),
			(int)sizeof(*st));
	st = nla_data(a[OVS_FILTER_ATTR_STATS]);
	KUNIT_EXPECT_EQ(test, st->runs, 1ULL);
	KUNIT_EXPECT_EQ(test, st->matches, 1ULL);
	vs = nla_data(a[OVS_FILTER_ATTR_VERIFIER_STATS]);
	KUNIT_EXPECT_EQ(test, vs->insns_processed,
			fp->vstats.insns_processed);
	n = 0;
	nla_for_each_attr(nla, (struct nlattr *)((u8 *)nlmsg_data(
				  nlmsg_hdr(skb)) + FG_HDRLEN),
			  nlmsg_len(nlmsg_hdr(skb)) - FG_HDRLEN, rem) {
		if (nla_type(nla) != OVS_FILTER_ATTR_MAP)
			continue;
		/* Replies nest without NLA_F_NESTED, as OVS's do. */
		KUNIT_ASSERT_EQ(test, nla_parse_nested_deprecated(m,
				OVS_FILTER_MAP_ATTR_MAX, nla,
				filter_map_policy, NULL), 0);
		KUNIT_EXPECT_EQ(test, nla_get_u32(m[OVS_FILTER_MAP_ATTR_INDEX]),
				(u32)n);
		KUNIT_EXPECT_EQ(test, nla_get_u32(m[OVS_FILTER_MAP_ATTR_TYPE]),
				(u32)SBPF_MAP_ARRAY);
		KUNIT_EXPECT_EQ(test,
				nla_get_u32(m[OVS_FILTER_MAP_ATTR_VALUE_SIZE]),
				8U);
		KUNIT_EXPECT_STREQ(test,
				   (char *)nla_data(m[OVS_FILTER_MAP_ATTR_NAME]),
				   "runs");
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 1);

	/* The largest reply fits the size the family computes. */
	defs = kunit_kcalloc(test, SBPF_MAX_MAPS, sizeof(*defs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, defs);
	for (n = 0; n < SBPF_MAX_MAPS; n++) {
		defs[n] = (struct sbpf_map_def){
			.type = SBPF_MAP_ARRAY, .key_size = 4,
			.value_size = 4, .max_entries = 1,
		};
		memset(defs[n].name, 'm', SBPF_NAME_LEN - 1);
	}
	{
		struct sbpf_image img = { .name = "0123456789abcdef0123456789abcde",
					  .insns = fg_insns, .n_insns = 2,
					  .maps = defs,
					  .n_maps = SBPF_MAX_MAPS };
		struct sbpf_prog *prog;

		KUNIT_ASSERT_EQ(test, sbpf_prog_load(&img, NULL, NULL, &prog),
				0);
		fp = ovs_filter_prog_alloc(9, prog);
		KUNIT_ASSERT_NOT_NULL(test, fp);
		skb = genlmsg_new(filter_prog_msg_size(fp), GFP_KERNEL);
		if (skb) {
			ovs_lock();
			err = filter_fill_prog(skb, fk->dp, fp, 1, 0, 0, 0,
					       OVS_FILTER_CMD_GET);
			ovs_unlock();
			KUNIT_EXPECT_EQ(test, err, 0);
			kfree_skb(skb);
		}
		ovs_filter_prog_free_deferred(fp);
		KUNIT_EXPECT_NOT_NULL(test, skb);
	}
}

static struct kunit_case genl_test_cases[] = {
	KUNIT_CASE_PARAM(genl_image_parse, image_cases_gen_params),
	KUNIT_CASE(genl_insns_bounds),
	KUNIT_CASE(genl_entry_parse),
	KUNIT_CASE(genl_prog_reply),
	{}
};

static struct kunit_suite genl_test_suite = {
	.name = "ovs_filter_genl",
	.test_cases = genl_test_cases,
	.suite_init = fk_suite_init,
	.suite_exit = fk_suite_exit,
};

kunit_test_suite(genl_test_suite);
