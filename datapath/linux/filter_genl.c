// SPDX-License-Identifier: GPL-2.0
/*
 * The "ovs_filter" generic netlink family: filter programs and their maps.
 *
 * Every request starts with a struct ovs_header naming the datapath by
 * ifindex in the caller's network namespace; a datapath of another
 * namespace is not found.  Everything that changes a program or reads or
 * writes a map needs CAP_NET_ADMIN in that namespace (GENL_UNS_ADMIN_PERM);
 * program get and dump do not.  Attributes are validated strictly against
 * the policies below: unknown attributes, wrong lengths, out-of-range
 * values and trailing bytes are refused before a handler runs, and a
 * handler that refuses a request changes nothing.
 *
 * Large images.  No attribute can exceed 64 KiB (nla_len is 16 bits), so a
 * program image travels as a sequence of top-level attributes: the
 * instructions in one (at most SBPF_MAX_INSNS * 8 = 32 KiB), one
 * OVS_FILTER_ATTR_MAP per map in index order, and every map's initial data
 * as consecutive OVS_FILTER_ATTR_MAP_DATA chunks (index, offset, at most
 * OVS_FILTER_DATA_CHUNK bytes).  The message as a whole is bounded by the
 * sender's socket buffer; the kernel bounds the initial data it accepts to
 * OVS_FILTER_INIT_MAX bytes.
 *
 * Verification runs without ovs_mutex (it may take milliseconds); the
 * datapath is looked up again under ovs_mutex to publish the program.
 */
#include <linux/kernel.h>
#include <linux/netlink.h>
#include <linux/openvswitch.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "datapath.h"
#include "filter.h"

/* Bound on the initial map data of one load request. */
#define OVS_FILTER_INIT_MAX	(16U << 20)

/* Largest key and value the control plane carries (one attribute each). */
#define OVS_FILTER_KEY_MAX	512
#define OVS_FILTER_VALUE_MAX	32768

#define OVS_FILTER_LOG_DEFAULT	4096

static struct netlink_range_validation filter_insns_range = {
	.min = sizeof(struct bpf_insn),
	.max = SBPF_MAX_INSNS * sizeof(struct bpf_insn),
};

static struct netlink_range_validation filter_log_size_range = {
	.min = 0,
	.max = OVS_FILTER_LOG_MAX,
};

static struct netlink_range_validation filter_value_size_range = {
	.min = 0,
	.max = 1U << 20,
};

static struct netlink_range_validation filter_chunk_range = {
	.min = 1,
	.max = OVS_FILTER_DATA_CHUNK,
};

static struct netlink_range_validation filter_packet_range = {
	.min = 1,
	.max = U16_MAX,
};

static struct netlink_range_validation filter_key_range = {
	.min = 1,
	.max = OVS_FILTER_KEY_MAX,
};

static struct netlink_range_validation filter_value_range = {
	.min = 1,
	.max = OVS_FILTER_VALUE_MAX,
};

static const struct nla_policy
filter_map_policy[OVS_FILTER_MAP_ATTR_MAX + 1] = {
	[OVS_FILTER_MAP_ATTR_TYPE] = NLA_POLICY_RANGE(NLA_U32, SBPF_MAP_ARRAY,
						      __SBPF_MAP_TYPE_MAX - 1),
	[OVS_FILTER_MAP_ATTR_KEY_SIZE] = NLA_POLICY_MAX(NLA_U32,
							OVS_FILTER_KEY_MAX),
	[OVS_FILTER_MAP_ATTR_VALUE_SIZE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &filter_value_size_range),
	[OVS_FILTER_MAP_ATTR_MAX_ENTRIES] = NLA_POLICY_MIN(NLA_U32, 1),
	[OVS_FILTER_MAP_ATTR_N_HASH] = NLA_POLICY_MAX(NLA_U32, 16),
	[OVS_FILTER_MAP_ATTR_FLAGS] = NLA_POLICY_MASK(NLA_U32,
						      SBPF_F_RDONLY_PROG),
	[OVS_FILTER_MAP_ATTR_NAME] = { .type = NLA_NUL_STRING,
				       .len = SBPF_NAME_LEN - 1 },
	[OVS_FILTER_MAP_ATTR_INDEX] = NLA_POLICY_MAX(NLA_U32,
						     SBPF_MAX_MAPS - 1),
};

static const struct nla_policy
filter_data_policy[OVS_FILTER_DATA_ATTR_MAX + 1] = {
	[OVS_FILTER_DATA_ATTR_INDEX] = NLA_POLICY_MAX(NLA_U32,
						      SBPF_MAX_MAPS - 1),
	[OVS_FILTER_DATA_ATTR_OFFSET] = { .type = NLA_U32 },
	[OVS_FILTER_DATA_ATTR_BYTES] =
		NLA_POLICY_FULL_RANGE(NLA_BINARY, &filter_chunk_range),
};

static const struct nla_policy
filter_entry_policy[OVS_FILTER_ENTRY_ATTR_MAX + 1] = {
	[OVS_FILTER_ENTRY_ATTR_KEY] =
		NLA_POLICY_FULL_RANGE(NLA_BINARY, &filter_key_range),
	[OVS_FILTER_ENTRY_ATTR_VALUE] =
		NLA_POLICY_FULL_RANGE(NLA_BINARY, &filter_value_range),
};

static const struct nla_policy filter_policy[OVS_FILTER_ATTR_MAX + 1] = {
	[OVS_FILTER_ATTR_ID] = { .type = NLA_U32 },
	[OVS_FILTER_ATTR_NAME] = { .type = NLA_NUL_STRING,
				   .len = SBPF_NAME_LEN - 1 },
	[OVS_FILTER_ATTR_INSNS] =
		NLA_POLICY_FULL_RANGE(NLA_BINARY, &filter_insns_range),
	[OVS_FILTER_ATTR_MAP] = NLA_POLICY_NESTED(filter_map_policy),
	[OVS_FILTER_ATTR_MAP_DATA] = NLA_POLICY_NESTED(filter_data_policy),
	[OVS_FILTER_ATTR_LICENSE] = { .type = NLA_NUL_STRING, .len = 127 },
	[OVS_FILTER_ATTR_LOG_LEVEL] = NLA_POLICY_MAX(NLA_U32,
						     SBPF_LOG_VERBOSE),
	[OVS_FILTER_ATTR_LOG_SIZE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &filter_log_size_range),
	[OVS_FILTER_ATTR_LOG] = { .type = NLA_REJECT },
	[OVS_FILTER_ATTR_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, OVS_FILTER_F_FLUSH_FLOWS |
					 OVS_FILTER_F_NO_REPLACE),
	[OVS_FILTER_ATTR_N_INSNS] = { .type = NLA_REJECT },
	[OVS_FILTER_ATTR_JITED] = { .type = NLA_REJECT },
	[OVS_FILTER_ATTR_MAX_PKT_READ] = { .type = NLA_REJECT },
	[OVS_FILTER_ATTR_STATS] = { .type = NLA_REJECT },
	[OVS_FILTER_ATTR_VERIFIER_STATS] = { .type = NLA_REJECT },
	[OVS_FILTER_ATTR_FLOW_REFS] = { .type = NLA_REJECT },
	[OVS_FILTER_ATTR_PACKET] =
		NLA_POLICY_FULL_RANGE(NLA_BINARY, &filter_packet_range),
	[OVS_FILTER_ATTR_VERDICT] = { .type = NLA_REJECT },
	[OVS_FILTER_ATTR_MAP_INDEX] = NLA_POLICY_MAX(NLA_U32,
						     SBPF_MAX_MAPS - 1),
	[OVS_FILTER_ATTR_MAP_NAME] = { .type = NLA_NUL_STRING,
				       .len = SBPF_NAME_LEN - 1 },
	[OVS_FILTER_ATTR_ENTRY] = NLA_POLICY_NESTED(filter_entry_policy),
	[OVS_FILTER_ATTR_UPDATE_FLAGS] =
		NLA_POLICY_MAX(NLA_U32, OVS_FILTER_UPDATE_EXIST),
	[OVS_FILTER_ATTR_PAD] = { .type = NLA_REJECT },
};

/* The request's attributes, in order (repeated ones included). */
#define filter_for_each_attr(nla, info, rem)				\
	nla_for_each_attr(nla,						\
		nlmsg_attrdata((info)->nlhdr, GENL_HDRLEN +		\
			       sizeof(struct ovs_header)),		\
		nlmsg_attrlen((info)->nlhdr, GENL_HDRLEN +		\
			      sizeof(struct ovs_header)), rem)

/*
 * The extack message for a request whose ifindex names no datapath: no
 * device at all, or a device that is not a datapath (a veth, lo, ...).
 */
static void filter_no_dp(struct net *net, int ifindex,
			 struct netlink_ext_ack *extack)
{
	bool exists;

	rcu_read_lock();
	exists = dev_get_by_index_rcu(net, ifindex);
	rcu_read_unlock();
	if (exists)
		NL_SET_ERR_MSG(extack,
			       "The device with this ifindex is not an Open vSwitch datapath");
	else
		NL_SET_ERR_MSG(extack,
			       "No datapath with this ifindex in this netns");
}

/* Called with ovs_mutex. */
static struct datapath *filter_get_dp(struct sk_buff *skb,
				      struct genl_info *info)
{
	struct ovs_header *hdr = info->userhdr;
	struct datapath *dp;

	dp = get_dp(sock_net(skb->sk), hdr->dp_ifindex);
	if (!dp)
		filter_no_dp(sock_net(skb->sk), hdr->dp_ifindex, info->extack);
	return dp;
}

/* Called with ovs_mutex. */
static struct ovs_filter_prog *filter_get_prog(struct datapath *dp,
					       struct genl_info *info)
{
	struct nlattr *id = info->attrs[OVS_FILTER_ATTR_ID];
	struct ovs_filter_prog *fp;

	fp = ovs_filter_lookup_ovsl(dp, nla_get_u32(id));
	if (!fp)
		NL_SET_ERR_MSG_ATTR(info->extack, id,
				    "No filter program with this id");
	return fp;
}

static size_t filter_prog_msg_size(const struct ovs_filter_prog *fp)
{
	size_t map_size = nla_total_size(7 * nla_total_size(sizeof(u32)) +
					 nla_total_size(SBPF_NAME_LEN));

	return NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size(sizeof(u32))		/* ID */
		+ nla_total_size(SBPF_NAME_LEN)		/* NAME */
		+ nla_total_size(sizeof(u32))		/* N_INSNS */
		+ nla_total_size(sizeof(u8))		/* JITED */
		+ nla_total_size(sizeof(u32))		/* MAX_PKT_READ */
		+ nla_total_size_64bit(sizeof(struct ovs_filter_stats))
		+ nla_total_size(sizeof(struct ovs_filter_verifier_stats))
		+ nla_total_size(sizeof(u32))		/* FLOW_REFS */
		+ (fp ? fp->prog->n_maps : 0) * map_size;
}

static int filter_put_map_def(struct sk_buff *skb, u32 index,
			      const struct sbpf_map_def *def)
{
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, OVS_FILTER_ATTR_MAP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, OVS_FILTER_MAP_ATTR_INDEX, index) ||
	    nla_put_u32(skb, OVS_FILTER_MAP_ATTR_TYPE, def->type) ||
	    nla_put_u32(skb, OVS_FILTER_MAP_ATTR_KEY_SIZE, def->key_size) ||
	    nla_put_u32(skb, OVS_FILTER_MAP_ATTR_VALUE_SIZE, def->value_size) ||
	    nla_put_u32(skb, OVS_FILTER_MAP_ATTR_MAX_ENTRIES,
			def->max_entries) ||
	    nla_put_u32(skb, OVS_FILTER_MAP_ATTR_N_HASH,
			def->nb_hash_functions) ||
	    nla_put_u32(skb, OVS_FILTER_MAP_ATTR_FLAGS, def->flags) ||
	    nla_put_string(skb, OVS_FILTER_MAP_ATTR_NAME, def->name)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* RCU read side or ovs_mutex. */
static int filter_fill_prog(struct sk_buff *skb, struct datapath *dp,
			    const struct ovs_filter_prog *fp, int dp_ifindex,
			    u32 portid, u32 seq, u32 flags, u8 cmd)
{
	const struct sbpf_prog *prog = fp->prog;
	struct ovs_filter_verifier_stats vs;
	struct ovs_filter_stats st;
	struct ovs_header *hdr;
	u32 i;

	hdr = genlmsg_put(skb, portid, seq, &dp_filter_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = dp_ifindex;

	ovs_filter_get_stats(fp, &st.runs, &st.matches, &st.run_ns);
	vs.insns_processed = fp->vstats.insns_processed;
	vs.states = fp->vstats.states;
	vs.peak_states = fp->vstats.peak_states;
	vs.max_pkt_read = fp->vstats.max_pkt_read;

	if (nla_put_u32(skb, OVS_FILTER_ATTR_ID, fp->id) ||
	    nla_put_string(skb, OVS_FILTER_ATTR_NAME, prog->name) ||
	    nla_put_u32(skb, OVS_FILTER_ATTR_N_INSNS, prog->len) ||
	    nla_put_u8(skb, OVS_FILTER_ATTR_JITED,
		       fp->kprog || prog->jited) ||
	    nla_put_u32(skb, OVS_FILTER_ATTR_MAX_PKT_READ,
			prog->max_pkt_read) ||
	    nla_put_64bit(skb, OVS_FILTER_ATTR_STATS, sizeof(st), &st,
			  OVS_FILTER_ATTR_PAD) ||
	    nla_put(skb, OVS_FILTER_ATTR_VERIFIER_STATS, sizeof(vs), &vs) ||
	    nla_put_u32(skb, OVS_FILTER_ATTR_FLOW_REFS,
			ovs_filter_flow_refs(dp, fp->id)))
		goto nla_put_failure;
	for (i = 0; i < prog->n_maps; i++)
		if (filter_put_map_def(skb, i, &prog->maps[i]->def))
			goto nla_put_failure;
	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * A program image assembled from a load request.  The instructions point
 * into the request; map definitions and initial data are owned.
 */
struct filter_image {
	struct sbpf_image img;
	struct sbpf_map_def *maps;
	void **init;			/* n_maps entries, NULL: none */
	u32 *filled;			/* bytes of init received per map */
};

static void filter_image_free(struct filter_image *fi)
{
	u32 i;

	if (fi->init)
		for (i = 0; i < fi->img.n_maps; i++)
			kvfree(fi->init[i]);
	kfree(fi->init);
	kfree(fi->filled);
	kfree(fi->maps);
}

static int filter_parse_map(const struct nlattr *nla, u32 index,
			    struct sbpf_map_def *def,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *a[OVS_FILTER_MAP_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested(a, OVS_FILTER_MAP_ATTR_MAX, nla,
			       filter_map_policy, extack);
	if (err)
		return err;
	if (!a[OVS_FILTER_MAP_ATTR_TYPE] ||
	    !a[OVS_FILTER_MAP_ATTR_VALUE_SIZE] ||
	    !a[OVS_FILTER_MAP_ATTR_MAX_ENTRIES]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "Map needs a type, a value size and max entries");
		return -EINVAL;
	}
	if (a[OVS_FILTER_MAP_ATTR_INDEX] &&
	    nla_get_u32(a[OVS_FILTER_MAP_ATTR_INDEX]) != index) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_FILTER_MAP_ATTR_INDEX],
				    "Map index differs from the map's position");
		return -EINVAL;
	}
	def->type = nla_get_u32(a[OVS_FILTER_MAP_ATTR_TYPE]);
	if (a[OVS_FILTER_MAP_ATTR_KEY_SIZE])
		def->key_size = nla_get_u32(a[OVS_FILTER_MAP_ATTR_KEY_SIZE]);
	def->value_size = nla_get_u32(a[OVS_FILTER_MAP_ATTR_VALUE_SIZE]);
	def->max_entries = nla_get_u32(a[OVS_FILTER_MAP_ATTR_MAX_ENTRIES]);
	if (a[OVS_FILTER_MAP_ATTR_N_HASH])
		def->nb_hash_functions =
			nla_get_u32(a[OVS_FILTER_MAP_ATTR_N_HASH]);
	if (a[OVS_FILTER_MAP_ATTR_FLAGS])
		def->flags = nla_get_u32(a[OVS_FILTER_MAP_ATTR_FLAGS]);
	if (a[OVS_FILTER_MAP_ATTR_NAME])
		nla_strscpy(def->name, a[OVS_FILTER_MAP_ATTR_NAME],
			    sizeof(def->name));
	return 0;
}

static int filter_parse_data(const struct nlattr *nla, struct filter_image *fi,
			     u64 *total, struct netlink_ext_ack *extack)
{
	struct nlattr *a[OVS_FILTER_DATA_ATTR_MAX + 1];
	const struct sbpf_map_def *def;
	u32 index, offset, len;
	u64 size;
	int err;

	err = nla_parse_nested(a, OVS_FILTER_DATA_ATTR_MAX, nla,
			       filter_data_policy, extack);
	if (err)
		return err;
	if (!a[OVS_FILTER_DATA_ATTR_INDEX] || !a[OVS_FILTER_DATA_ATTR_OFFSET] ||
	    !a[OVS_FILTER_DATA_ATTR_BYTES]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "Map data needs an index, an offset and bytes");
		return -EINVAL;
	}
	index = nla_get_u32(a[OVS_FILTER_DATA_ATTR_INDEX]);
	offset = nla_get_u32(a[OVS_FILTER_DATA_ATTR_OFFSET]);
	len = nla_len(a[OVS_FILTER_DATA_ATTR_BYTES]);
	if (index >= fi->img.n_maps) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_FILTER_DATA_ATTR_INDEX],
				    "Map data for a map the image does not declare");
		return -EINVAL;
	}
	def = &fi->maps[index];
	if (def->type != SBPF_MAP_ARRAY) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "Initial data is only for array maps");
		return -EINVAL;
	}
	size = (u64)def->value_size * def->max_entries;
	if (offset != fi->filled[index] || offset + (u64)len > size) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_FILTER_DATA_ATTR_OFFSET],
				    "Map data chunk out of order or past the map's end");
		return -EINVAL;
	}
	if (!fi->init[index]) {
		*total += size;
		if (*total > OVS_FILTER_INIT_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "Initial map data too large");
			return -E2BIG;
		}
		fi->init[index] = kvzalloc(size, GFP_KERNEL);
		if (!fi->init[index]) {
			NL_SET_ERR_MSG(extack,
				       "Out of memory for the initial map data");
			return -ENOMEM;
		}
	}
	memcpy((u8 *)fi->init[index] + offset,
	       nla_data(a[OVS_FILTER_DATA_ATTR_BYTES]), len);
	fi->filled[index] += len;
	return 0;
}

static int filter_parse_image(struct genl_info *info, struct filter_image *fi)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	const struct nlattr *nla;
	u32 n_maps = 0, i;
	u64 total = 0;
	int rem, err;

	memset(fi, 0, sizeof(*fi));
	if (nla_len(a[OVS_FILTER_ATTR_INSNS]) % sizeof(struct bpf_insn)) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_FILTER_ATTR_INSNS],
				    "Instructions are not a whole number of 8-byte insns");
		return -EINVAL;
	}
	fi->img.insns = nla_data(a[OVS_FILTER_ATTR_INSNS]);
	fi->img.n_insns = nla_len(a[OVS_FILTER_ATTR_INSNS]) /
			  sizeof(struct bpf_insn);
	if (a[OVS_FILTER_ATTR_NAME])
		nla_strscpy(fi->img.name, a[OVS_FILTER_ATTR_NAME],
			    sizeof(fi->img.name));
	if (a[OVS_FILTER_ATTR_LICENSE])
		fi->img.license = nla_data(a[OVS_FILTER_ATTR_LICENSE]);

	filter_for_each_attr(nla, info, rem)
		if (nla_type(nla) == OVS_FILTER_ATTR_MAP)
			n_maps++;
	if (n_maps > SBPF_MAX_MAPS) {
		NL_SET_ERR_MSG(extack, "Too many maps");
		return -E2BIG;
	}
	if (n_maps) {
		fi->maps = kcalloc(n_maps, sizeof(*fi->maps), GFP_KERNEL);
		fi->init = kcalloc(n_maps, sizeof(*fi->init), GFP_KERNEL);
		fi->filled = kcalloc(n_maps, sizeof(*fi->filled), GFP_KERNEL);
		if (!fi->maps || !fi->init || !fi->filled) {
			NL_SET_ERR_MSG(extack,
				       "Out of memory for the map definitions");
			return -ENOMEM;
		}
		fi->img.maps = fi->maps;
		fi->img.n_maps = n_maps;
		fi->img.init_data = (const void *const *)fi->init;
	}

	i = 0;
	filter_for_each_attr(nla, info, rem) {
		if (nla_type(nla) != OVS_FILTER_ATTR_MAP)
			continue;
		err = filter_parse_map(nla, i, &fi->maps[i], extack);
		if (err)
			return err;
		i++;
	}
	filter_for_each_attr(nla, info, rem) {
		if (nla_type(nla) != OVS_FILTER_ATTR_MAP_DATA)
			continue;
		err = filter_parse_data(nla, fi, &total, extack);
		if (err)
			return err;
	}
	for (i = 0; i < n_maps; i++) {
		if (fi->init[i] && fi->filled[i] !=
		    (u64)fi->maps[i].value_size * fi->maps[i].max_entries) {
			NL_SET_ERR_MSG(extack, "Initial map data incomplete");
			return -EINVAL;
		}
	}
	return 0;
}

static int filter_send_log(struct genl_info *info, u32 id,
			   const struct sbpf_verifier_log *log,
			   const struct sbpf_verifier_stats *stats)
{
	struct ovs_filter_verifier_stats vs = {
		.insns_processed = stats->insns_processed,
		.states = stats->states,
		.peak_states = stats->peak_states,
		.max_pkt_read = stats->max_pkt_read,
	};
	struct ovs_header *hdr;
	struct sk_buff *reply;

	reply = genlmsg_new(nla_total_size(sizeof(u32)) +
			    nla_total_size(sizeof(vs)) +
			    nla_total_size(log->len + 1), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &dp_filter_genl_family, 0,
				OVS_FILTER_CMD_LOAD);
	if (!hdr)
		goto fail;
	hdr->dp_ifindex = ((struct ovs_header *)info->userhdr)->dp_ifindex;
	if (nla_put_u32(reply, OVS_FILTER_ATTR_ID, id) ||
	    nla_put(reply, OVS_FILTER_ATTR_VERIFIER_STATS, sizeof(vs), &vs) ||
	    (log->buf && nla_put_string(reply, OVS_FILTER_ATTR_LOG, log->buf)))
		goto fail;
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
fail:
	nlmsg_free(reply);
	return -EMSGSIZE;
}

static void filter_load_errmsg(struct netlink_ext_ack *extack, int err)
{
	switch (err) {
	case -EINVAL:
		NL_SET_ERR_MSG(extack,
			       "Filter program rejected: see the verifier log");
		break;
	case -E2BIG:
		NL_SET_ERR_MSG(extack,
			       "Filter program too large, or verification over budget");
		break;
	case -ENOMEM:
		NL_SET_ERR_MSG(extack, "Out of memory loading the filter program");
		break;
	default:
		NL_SET_ERR_MSG(extack, "Filter program load failed");
		break;
	}
}

static int ovs_filter_cmd_load(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_header *ovs_header = info->userhdr;
	struct nlattr **a = info->attrs;
	struct sbpf_verifier_stats stats;
	struct sbpf_verifier_log log = { };
	struct ovs_filter_prog *fp, *old;
	struct sbpf_prog *prog = NULL;
	struct ovs_filter_share share;
	struct filter_image fi;
	struct sk_buff *reply;
	struct datapath *dp;
	u32 id, flags = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ID) ||
	    GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_INSNS))
		return -EINVAL;
	id = nla_get_u32(a[OVS_FILTER_ATTR_ID]);
	if (a[OVS_FILTER_ATTR_FLAGS])
		flags = nla_get_u32(a[OVS_FILTER_ATTR_FLAGS]);

	err = filter_parse_image(info, &fi);
	if (err)
		goto out_image;

	log.level = a[OVS_FILTER_ATTR_LOG_LEVEL] ?
		    nla_get_u32(a[OVS_FILTER_ATTR_LOG_LEVEL]) : SBPF_LOG_ERRORS;
	log.size = a[OVS_FILTER_ATTR_LOG_SIZE] ?
		   nla_get_u32(a[OVS_FILTER_ATTR_LOG_SIZE]) :
		   OVS_FILTER_LOG_DEFAULT;
	if (!log.size)
		log.level = SBPF_LOG_NONE;
	if (log.level != SBPF_LOG_NONE) {
		log.buf = kvzalloc(log.size, GFP_KERNEL);
		if (!log.buf) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    a[OVS_FILTER_ATTR_LOG_SIZE],
					    "Out of memory for the verifier log");
			err = -ENOMEM;
			goto out_image;
		}
	}

	/*
	 * The maps of the program being replaced, shared where unchanged;
	 * their references are held until the publish (or the failure).
	 */
	ovs_lock();
	dp = filter_get_dp(skb, info);
	err = dp ? ovs_filter_share_maps(dp, id, &share) : -ENODEV;
	ovs_unlock();
	if (err) {
		if (err == -ENOMEM)
			NL_SET_ERR_MSG(info->extack,
				       "Out of memory loading the filter program");
		goto out_log;
	}
	err = sbpf_prog_load_shared(&fi.img, share.maps, share.n,
				    log.level ? &log : NULL, &stats, &prog);
	if (err) {
		filter_load_errmsg(info->extack, err);
		if (log.buf)
			filter_send_log(info, id, &log, &stats);
		goto out_share;
	}

	fp = ovs_filter_prog_alloc(id, prog);
	if (!fp) {
		NL_SET_ERR_MSG(info->extack,
			       "Out of memory loading the filter program");
		sbpf_prog_free(prog);
		err = -ENOMEM;
		goto out_share;
	}
	fp->vstats = stats;
	fp->kprog = ovs_filter_jit(prog);

	reply = genlmsg_new(filter_prog_msg_size(fp) +
			    nla_total_size(log.len + 1), GFP_KERNEL);
	if (!reply) {
		NL_SET_ERR_MSG(info->extack, "Out of memory for the reply");
		err = -ENOMEM;
		goto out_free_fp;
	}

	ovs_lock();
	dp = filter_get_dp(skb, info);
	if (!dp) {
		err = -ENODEV;
		goto out_unlock;
	}
	if ((flags & OVS_FILTER_F_NO_REPLACE) &&
	    ovs_filter_lookup_ovsl(dp, id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_FILTER_ATTR_ID],
				    "A filter program with this id exists");
		err = -EEXIST;
		goto out_unlock;
	}
	err = ovs_filter_publish(dp, fp, &share, &old);
	if (err == -EAGAIN) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_FILTER_ATTR_ID],
				    "The filter program with this id changed during the load; load again");
		goto out_unlock;
	} else if (err) {
		NL_SET_ERR_MSG(info->extack, "Could not insert the program");
		goto out_unlock;
	}
	err = filter_fill_prog(reply, dp, fp, ovs_header->dp_ifindex,
			       info->snd_portid, info->snd_seq, 0,
			       OVS_FILTER_CMD_LOAD);
	ovs_unlock();
	ovs_filter_prog_free_deferred(old);
	ovs_filter_unshare_maps(&share);

	if (!err && log.buf && log.len &&
	    nla_put_string(reply, OVS_FILTER_ATTR_LOG, log.buf))
		err = -EMSGSIZE;
	if (err) {
		/* The program is in; only the reply failed. */
		WARN_ON_ONCE(1);
		nlmsg_free(reply);
		err = 0;
		goto out_log;
	}
	/* The log follows the program's attributes in the same message. */
	nlmsg_end(reply, nlmsg_hdr(reply));
	kvfree(log.buf);
	filter_image_free(&fi);
	return genlmsg_reply(reply, info);

out_unlock:
	ovs_unlock();
	nlmsg_free(reply);
out_free_fp:
	ovs_filter_prog_free_deferred(fp);
out_share:
	ovs_filter_unshare_maps(&share);
out_log:
	kvfree(log.buf);
out_image:
	filter_image_free(&fi);
	return err;
}

/* Called with ovs_mutex: a reply carrying @fp's attributes. */
static int filter_reply_prog(struct genl_info *info, struct datapath *dp,
			     const struct ovs_filter_prog *fp, u8 cmd)
{
	struct ovs_header *ovs_header = info->userhdr;
	struct sk_buff *reply;
	int err;

	reply = genlmsg_new(filter_prog_msg_size(fp), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	err = filter_fill_prog(reply, dp, fp, ovs_header->dp_ifindex,
			       info->snd_portid, info->snd_seq, 0, cmd);
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

static int ovs_filter_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_filter_prog *fp;
	struct datapath *dp;
	u32 flags = 0;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ID))
		return -EINVAL;
	if (info->attrs[OVS_FILTER_ATTR_FLAGS])
		flags = nla_get_u32(info->attrs[OVS_FILTER_ATTR_FLAGS]);

	ovs_lock();
	dp = filter_get_dp(skb, info);
	if (!dp) {
		err = -ENODEV;
		goto out;
	}
	fp = filter_get_prog(dp, info);
	if (!fp) {
		err = -ENOENT;
		goto out;
	}
	if (ovs_filter_flow_refs(dp, fp->id)) {
		if (!(flags & OVS_FILTER_F_FLUSH_FLOWS)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[OVS_FILTER_ATTR_ID],
					    "Filter program is referenced by flows (count in the reply's FLOW_REFS); set OVS_FILTER_F_FLUSH_FLOWS to flush them");
			filter_reply_prog(info, dp, fp, OVS_FILTER_CMD_DEL);
			err = -EBUSY;
			goto out;
		}
		err = ovs_filter_flush_flows(dp, fp->id);
		if (err) {
			NL_SET_ERR_MSG(info->extack,
				       "Could not flush the referencing flows");
			goto out;
		}
	}
	ovs_filter_unpublish(dp, fp);
	ovs_unlock();
	ovs_filter_prog_free_deferred(fp);
	return 0;
out:
	ovs_unlock();
	return err;
}

static int ovs_filter_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_header *ovs_header = info->userhdr;
	struct ovs_filter_prog *fp;
	struct sk_buff *reply;
	struct datapath *dp;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ID))
		return -EINVAL;

	ovs_lock();
	dp = filter_get_dp(skb, info);
	if (!dp) {
		err = -ENODEV;
		goto out;
	}
	fp = filter_get_prog(dp, info);
	if (!fp) {
		err = -ENOENT;
		goto out;
	}
	reply = genlmsg_new(filter_prog_msg_size(fp), GFP_KERNEL);
	if (!reply) {
		NL_SET_ERR_MSG(info->extack, "Out of memory for the reply");
		err = -ENOMEM;
		goto out;
	}
	err = filter_fill_prog(reply, dp, fp, ovs_header->dp_ifindex,
			       info->snd_portid, info->snd_seq, 0,
			       OVS_FILTER_CMD_GET);
	ovs_unlock();
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
out:
	ovs_unlock();
	return err;
}

/* cb->args[0]: next id to dump; cb->args[1]: set once the walk is over. */
static int ovs_filter_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	struct ovs_filter_prog *fp;
	struct datapath *dp;
	unsigned long id;

	if (cb->args[1])
		return 0;
	rcu_read_lock();
	dp = get_dp_rcu(sock_net(skb->sk), ovs_header->dp_ifindex);
	if (!dp) {
		rcu_read_unlock();
		filter_no_dp(sock_net(skb->sk), ovs_header->dp_ifindex,
			     cb->extack);
		return -ENODEV;
	}
	id = cb->args[0];
	xa_for_each_start(&dp->filter_tbl.progs, id, fp, cb->args[0]) {
		if (filter_fill_prog(skb, dp, fp, ovs_header->dp_ifindex,
				     NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI,
				     OVS_FILTER_CMD_GET))
			break;
		if (id == U32_MAX) {
			cb->args[1] = 1;
			break;
		}
		cb->args[0] = id + 1;
	}
	if (!fp)
		cb->args[1] = 1;
	rcu_read_unlock();
	return skb->len;
}

static int ovs_filter_cmd_run(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_header *ovs_header = info->userhdr;
	struct nlattr *pkt = info->attrs[OVS_FILTER_ATTR_PACKET];
	struct ovs_filter_prog *fp;
	struct ovs_header *hdr;
	struct sk_buff *reply;
	struct datapath *dp;
	u64 verdict;
	u32 id;

	if (GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ID) ||
	    GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_PACKET))
		return -EINVAL;
	id = nla_get_u32(info->attrs[OVS_FILTER_ATTR_ID]);

	reply = genlmsg_new(nla_total_size(sizeof(u32)) +
			    nla_total_size_64bit(sizeof(u64)), GFP_KERNEL);
	if (!reply) {
		NL_SET_ERR_MSG(info->extack, "Out of memory for the reply");
		return -ENOMEM;
	}

	/* Programs run as on the packet path: RCU, BH disabled. */
	local_bh_disable();
	rcu_read_lock();
	dp = get_dp_rcu(sock_net(skb->sk), ovs_header->dp_ifindex);
	fp = dp ? ovs_filter_lookup(dp, id) : NULL;
	if (fp)
		verdict = ovs_filter_run(fp, nla_data(pkt), nla_len(pkt));
	rcu_read_unlock();
	local_bh_enable();

	if (!dp || !fp) {
		nlmsg_free(reply);
		if (!dp) {
			filter_no_dp(sock_net(skb->sk),
				     ovs_header->dp_ifindex, info->extack);
			return -ENODEV;
		}
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[OVS_FILTER_ATTR_ID],
				    "No filter program with this id");
		return -ENOENT;
	}

	hdr = genlmsg_put_reply(reply, info, &dp_filter_genl_family, 0,
				OVS_FILTER_CMD_RUN);
	if (!hdr ||
	    nla_put_u32(reply, OVS_FILTER_ATTR_ID, id) ||
	    nla_put_u64_64bit(reply, OVS_FILTER_ATTR_VERDICT, verdict,
			      OVS_FILTER_ATTR_PAD)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	hdr->dp_ifindex = ovs_header->dp_ifindex;
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

/* ------------------------------------------------------------- maps -- */

/* Called with ovs_mutex. */
static struct sbpf_map *filter_find_map(const struct ovs_filter_prog *fp,
					struct nlattr **a, u32 *indexp,
					struct netlink_ext_ack *extack)
{
	const struct sbpf_prog *prog = fp->prog;
	u32 i;

	if (a[OVS_FILTER_ATTR_MAP_INDEX]) {
		i = nla_get_u32(a[OVS_FILTER_ATTR_MAP_INDEX]);
		if (i < prog->n_maps)
			goto found;
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_FILTER_ATTR_MAP_INDEX],
				    "The program has no map with this index");
		return NULL;
	}
	if (a[OVS_FILTER_ATTR_MAP_NAME]) {
		for (i = 0; i < prog->n_maps; i++)
			if (!nla_strcmp(a[OVS_FILTER_ATTR_MAP_NAME],
					prog->maps[i]->def.name))
				goto found;
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_FILTER_ATTR_MAP_NAME],
				    "The program has no map with this name");
		return NULL;
	}
	NL_SET_ERR_MSG(extack, "Missing map index or map name");
	return NULL;

found:
	if (prog->maps[i]->def.value_size > OVS_FILTER_VALUE_MAX) {
		NL_SET_ERR_MSG(extack,
			       "Map values too large for this interface");
		return NULL;
	}
	*indexp = i;
	return prog->maps[i];
}

/*
 * The map a map request names: its datapath, then its program, then the
 * map by index or name.  Called with ovs_mutex.
 *
 * Return: the map (its program in *@fpp, its index in *@indexp), or
 * ERR_PTR(-ENODEV) / ERR_PTR(-ENOENT) with an extack message.
 */
static struct sbpf_map *filter_req_map(struct sk_buff *skb,
				       struct genl_info *info,
				       struct ovs_filter_prog **fpp,
				       u32 *indexp)
{
	struct sbpf_map *map;
	struct datapath *dp;

	dp = filter_get_dp(skb, info);
	if (!dp)
		return ERR_PTR(-ENODEV);
	*fpp = filter_get_prog(dp, info);
	if (!*fpp)
		return ERR_PTR(-ENOENT);
	map = filter_find_map(*fpp, info->attrs, indexp, info->extack);
	return map ?: ERR_PTR(-ENOENT);
}

/*
 * Parse an OVS_FILTER_ATTR_ENTRY for @map.  A key is always required and
 * must have the map's key size; a value, when @need_value, must have the
 * map's value size.
 */
static int filter_parse_entry(const struct nlattr *nla,
			      const struct sbpf_map *map, bool need_value,
			      const void **key, const void **value,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *e[OVS_FILTER_ENTRY_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested(e, OVS_FILTER_ENTRY_ATTR_MAX, nla,
			       filter_entry_policy, extack);
	if (err)
		return err;
	if (!e[OVS_FILTER_ENTRY_ATTR_KEY] ||
	    nla_len(e[OVS_FILTER_ENTRY_ATTR_KEY]) != map->def.key_size) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "Entry key missing or not of the map's key size");
		return -EINVAL;
	}
	*key = nla_data(e[OVS_FILTER_ENTRY_ATTR_KEY]);
	if (!need_value) {
		if (e[OVS_FILTER_ENTRY_ATTR_VALUE]) {
			NL_SET_ERR_MSG_ATTR(extack,
					    e[OVS_FILTER_ENTRY_ATTR_VALUE],
					    "This operation takes no value");
			return -EINVAL;
		}
		return 0;
	}
	if (!e[OVS_FILTER_ENTRY_ATTR_VALUE] ||
	    nla_len(e[OVS_FILTER_ENTRY_ATTR_VALUE]) != map->def.value_size) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "Entry value missing or not of the map's value size");
		return -EINVAL;
	}
	*value = nla_data(e[OVS_FILTER_ENTRY_ATTR_VALUE]);
	return 0;
}

static bool filter_map_has_values(const struct sbpf_map *map)
{
	return map->def.type != SBPF_MAP_BLOOM;
}

static int filter_put_entry(struct sk_buff *skb, const struct sbpf_map *map,
			    const void *key, const void *value)
{
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, OVS_FILTER_ATTR_ENTRY);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, OVS_FILTER_ENTRY_ATTR_KEY, map->def.key_size, key) ||
	    (value && nla_put(skb, OVS_FILTER_ENTRY_ATTR_VALUE,
			      map->def.value_size, value))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static size_t filter_entry_size(const struct sbpf_map *map)
{
	return nla_total_size(nla_total_size(map->def.key_size) +
			      nla_total_size(map->def.value_size));
}

/*
 * Lookup and get-next-key: reply with one entry (key and value, or the
 * next key only).
 */
static int filter_map_read(struct sk_buff *skb, struct genl_info *info,
			   u8 cmd)
{
	struct ovs_header *ovs_header = info->userhdr;
	struct nlattr **a = info->attrs;
	const void *key = NULL, *unused;
	struct ovs_filter_prog *fp;
	struct sk_buff *reply = NULL;
	struct ovs_header *hdr;
	struct sbpf_map *map;
	void *buf = NULL;
	u32 index;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ID))
		return -EINVAL;
	if (cmd == OVS_FILTER_CMD_MAP_LOOKUP &&
	    GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ENTRY))
		return -EINVAL;

	ovs_lock();
	map = filter_req_map(skb, info, &fp, &index);
	err = PTR_ERR_OR_ZERO(map);
	if (err)
		goto out;
	if (a[OVS_FILTER_ATTR_ENTRY]) {
		err = filter_parse_entry(a[OVS_FILTER_ATTR_ENTRY], map, false,
					 &key, &unused, info->extack);
		if (err)
			goto out;
	}

	err = -ENOMEM;
	buf = kvzalloc(max(map->def.key_size, map->def.value_size),
		       GFP_KERNEL);
	reply = genlmsg_new(nla_total_size(sizeof(u32)) * 2 +
			    filter_entry_size(map), GFP_KERNEL);
	if (!buf || !reply) {
		NL_SET_ERR_MSG(info->extack, "Out of memory for the reply");
		goto out;
	}

	if (cmd == OVS_FILTER_CMD_MAP_LOOKUP)
		err = sbpf_map_lookup_copy(map, key, buf);
	else
		err = sbpf_map_get_next_key(map, key, buf);
	if (err) {
		if (err == -ENOENT && cmd == OVS_FILTER_CMD_MAP_LOOKUP)
			NL_SET_ERR_MSG(info->extack, "No entry with this key");
		else if (err == -ENOENT)
			NL_SET_ERR_MSG(info->extack, "No key after this one");
		else if (err == -EOPNOTSUPP)
			NL_SET_ERR_MSG(info->extack,
				       "This map type does not support the operation");
		else
			NL_SET_ERR_MSG(info->extack, "Map read failed");
		goto out;
	}

	hdr = genlmsg_put_reply(reply, info, &dp_filter_genl_family, 0, cmd);
	err = -EMSGSIZE;
	if (!hdr ||
	    nla_put_u32(reply, OVS_FILTER_ATTR_ID, fp->id) ||
	    nla_put_u32(reply, OVS_FILTER_ATTR_MAP_INDEX, index) ||
	    (cmd == OVS_FILTER_CMD_MAP_LOOKUP ?
	     filter_put_entry(reply, map, key, buf) :
	     filter_put_entry(reply, map, buf, NULL))) {
		NL_SET_ERR_MSG(info->extack, "The entry does not fit the reply");
		goto out;
	}
	hdr->dp_ifindex = ovs_header->dp_ifindex;
	ovs_unlock();
	kvfree(buf);
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

out:
	ovs_unlock();
	kvfree(buf);
	nlmsg_free(reply);
	return err;
}

static int ovs_filter_cmd_map_lookup(struct sk_buff *skb,
				     struct genl_info *info)
{
	return filter_map_read(skb, info, OVS_FILTER_CMD_MAP_LOOKUP);
}

static int ovs_filter_cmd_map_get_next(struct sk_buff *skb,
				       struct genl_info *info)
{
	return filter_map_read(skb, info, OVS_FILTER_CMD_MAP_GET_NEXT);
}

/*
 * Batched update: every OVS_FILTER_ATTR_ENTRY of the request, in order.
 * All entries are checked before the first is applied, so a malformed
 * batch changes nothing; a map error (full, EXIST/NOEXIST) stops the batch
 * at that entry, the ones before it stay applied.
 */
static int ovs_filter_cmd_map_update(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ovs_filter_prog *fp;
	const struct nlattr *nla;
	struct sbpf_map *map;
	u32 index, flags = SBPF_ANY, n = 0;
	bool need_value;
	int rem, err;

	if (GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ID) ||
	    GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ENTRY))
		return -EINVAL;
	if (a[OVS_FILTER_ATTR_UPDATE_FLAGS])
		flags = nla_get_u32(a[OVS_FILTER_ATTR_UPDATE_FLAGS]);

	ovs_lock();
	map = filter_req_map(skb, info, &fp, &index);
	err = PTR_ERR_OR_ZERO(map);
	if (err)
		goto out;
	need_value = filter_map_has_values(map);

	filter_for_each_attr(nla, info, rem) {
		const void *key, *value;

		if (nla_type(nla) != OVS_FILTER_ATTR_ENTRY)
			continue;
		err = filter_parse_entry(nla, map, need_value, &key, &value,
					 info->extack);
		if (err)
			goto out;
		n++;
	}
	filter_for_each_attr(nla, info, rem) {
		const void *key, *value = NULL;

		if (nla_type(nla) != OVS_FILTER_ATTR_ENTRY)
			continue;
		filter_parse_entry(nla, map, need_value, &key, &value, NULL);
		err = sbpf_map_update(map, key, value ? value : key, flags);
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "Map update failed at this entry; earlier entries are applied");
			goto out;
		}
	}
	err = 0;
out:
	ovs_unlock();
	return err;
}

static int ovs_filter_cmd_map_delete(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	const void *key, *unused;
	struct ovs_filter_prog *fp;
	struct sbpf_map *map;
	u32 index;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ID) ||
	    GENL_REQ_ATTR_CHECK(info, OVS_FILTER_ATTR_ENTRY))
		return -EINVAL;

	ovs_lock();
	map = filter_req_map(skb, info, &fp, &index);
	err = PTR_ERR_OR_ZERO(map);
	if (err)
		goto out;
	err = filter_parse_entry(a[OVS_FILTER_ATTR_ENTRY], map, false, &key,
				 &unused, info->extack);
	if (err)
		goto out;
	err = sbpf_map_delete(map, key);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "No entry with this key");
	else if (err)
		NL_SET_ERR_MSG(info->extack,
			       "This map type does not support deletion");
out:
	ovs_unlock();
	return err;
}

/*
 * Map dump state, kept between the calls of one dump:
 *   cb->args[0]  the dumped program's load number (ovs_filter_prog.gen)
 *   cb->args[1]  the last key sent (kvmalloc'ed at the map's key size,
 *                freed by .done)
 *   cb->args[2]  set once a key was sent
 *   cb->args[3]  set at the end
 * Each call looks the datapath, the program and the map up again.  The
 * saved key only means something in the map it came from, so a call that
 * finds another program under the id ends the dump with -EAGAIN (dump
 * again): the program was replaced or deleted and loaded again, or the
 * datapath deleted and created again under the same ifindex.  Load
 * numbers are unique in the module, never per datapath, so a re-created
 * datapath's program cannot pass for the one the dump started on (its map
 * may differ in content and in key size: the saved key is that size).  A
 * missing datapath or program ends it with -ENODEV or -ENOENT.  The dump
 * is not restarted: the entries already sent would be sent again, mixed
 * with another map's.
 */
static int ovs_filter_map_dump_done(struct netlink_callback *cb)
{
	kvfree((void *)cb->args[1]);
	return 0;
}

static int ovs_filter_cmd_map_dump(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	const struct genl_dumpit_info *dinfo = genl_dumpit_info(cb);
	struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	struct nlattr **a = dinfo->attrs;
	struct netlink_ext_ack *extack = cb->extack;
	struct ovs_filter_prog *fp;
	struct ovs_header *hdr;
	struct sbpf_map *map;
	struct datapath *dp;
	void *key, *next = NULL, *value = NULL;
	u32 index, n = 0;
	int err;

	if (cb->args[3])
		return 0;
	if (!a[OVS_FILTER_ATTR_ID]) {
		NL_SET_ERR_MSG(extack, "Missing program id");
		return -EINVAL;
	}

	ovs_lock();
	err = -ENODEV;
	dp = get_dp(sock_net(skb->sk), ovs_header->dp_ifindex);
	if (!dp) {
		filter_no_dp(sock_net(skb->sk), ovs_header->dp_ifindex, extack);
		goto out;
	}
	err = -ENOENT;
	fp = ovs_filter_lookup_ovsl(dp, nla_get_u32(a[OVS_FILTER_ATTR_ID]));
	if (!fp) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_FILTER_ATTR_ID],
				    "No filter program with this id");
		goto out;
	}
	if (!cb->args[0]) {
		cb->args[0] = fp->gen;
	} else if (cb->args[0] != fp->gen) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_FILTER_ATTR_ID],
				    "The filter program was replaced during the dump, or its datapath re-created; dump again");
		err = -EAGAIN;
		goto out;
	}
	map = filter_find_map(fp, a, &index, extack);
	if (!map)
		goto out;
	err = -ENOMEM;
	if (!cb->args[1])
		cb->args[1] = (long)kvzalloc(map->def.key_size, GFP_KERNEL);
	key = (void *)cb->args[1];
	next = kvzalloc(map->def.key_size, GFP_KERNEL);
	value = kvzalloc(map->def.value_size, GFP_KERNEL);
	if (!key || !next || !value) {
		NL_SET_ERR_MSG(extack, "Out of memory for the map dump");
		goto out;
	}

	err = -EMSGSIZE;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &dp_filter_genl_family, NLM_F_MULTI,
			  OVS_FILTER_CMD_MAP_DUMP);
	if (!hdr)
		goto too_small;
	hdr->dp_ifindex = ovs_header->dp_ifindex;
	if (nla_put_u32(skb, OVS_FILTER_ATTR_ID, fp->id) ||
	    nla_put_u32(skb, OVS_FILTER_ATTR_MAP_INDEX, index)) {
		genlmsg_cancel(skb, hdr);
		goto too_small;
	}
	for (;;) {
		err = sbpf_map_get_next_key(map, cb->args[2] ? key : NULL,
					    next);
		if (err == -ENOENT) {
			cb->args[3] = 1;
			break;
		}
		if (err)
			break;
		err = sbpf_map_lookup_copy(map, next, value);
		if (err && err != -ENOENT && err != -EOPNOTSUPP)
			break;
		if (err != -ENOENT &&
		    filter_put_entry(skb, map, next, err ? NULL : value)) {
			err = -EMSGSIZE;
			break;
		}
		memcpy(key, next, map->def.key_size);
		cb->args[2] = 1;
		n++;
	}
	if (err && err != -ENOENT && err != -EMSGSIZE) {
		genlmsg_cancel(skb, hdr);
		if (err == -EOPNOTSUPP)
			NL_SET_ERR_MSG(extack,
				       "This map type cannot be dumped");
		else
			NL_SET_ERR_MSG(extack, "Map dump failed");
		goto out;
	}
	if (!n && !cb->args[3]) {
		genlmsg_cancel(skb, hdr);
		err = -EMSGSIZE;
		goto too_small;
	}
	genlmsg_end(skb, hdr);
	err = skb->len;
	goto out;
too_small:
	/* Not even one entry fits an empty message. */
	NL_SET_ERR_MSG(extack, "A map entry does not fit in a dump message");
out:
	ovs_unlock();
	kvfree(next);
	kvfree(value);
	return err;
}

static const struct genl_ops dp_filter_genl_ops[] = {
	{ .cmd = OVS_FILTER_CMD_LOAD,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_filter_cmd_load,
	},
	{ .cmd = OVS_FILTER_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_filter_cmd_del,
	},
	{ .cmd = OVS_FILTER_CMD_GET,
	  .flags = 0,		/* OK for unprivileged users. */
	  .doit = ovs_filter_cmd_get,
	  .dumpit = ovs_filter_cmd_dump,
	},
	{ .cmd = OVS_FILTER_CMD_RUN,
	  .flags = GENL_UNS_ADMIN_PERM,	/* Updates the program's maps. */
	  .doit = ovs_filter_cmd_run,
	},
	{ .cmd = OVS_FILTER_CMD_MAP_LOOKUP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_filter_cmd_map_lookup,
	},
	{ .cmd = OVS_FILTER_CMD_MAP_UPDATE,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_filter_cmd_map_update,
	},
	{ .cmd = OVS_FILTER_CMD_MAP_DELETE,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_filter_cmd_map_delete,
	},
	{ .cmd = OVS_FILTER_CMD_MAP_GET_NEXT,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_filter_cmd_map_get_next,
	},
	{ .cmd = OVS_FILTER_CMD_MAP_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .dumpit = ovs_filter_cmd_map_dump,
	  .done = ovs_filter_map_dump_done,
	},
};

struct genl_family dp_filter_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_FILTER_FAMILY,
	.version = OVS_FILTER_VERSION,
	.maxattr = OVS_FILTER_ATTR_MAX,
	.policy = filter_policy,
	.netnsok = true,
	.parallel_ops = true,
	.ops = dp_filter_genl_ops,
	.n_ops = ARRAY_SIZE(dp_filter_genl_ops),
	.resv_start_op = OVS_FILTER_CMD_LOAD,
	.module = THIS_MODULE,
};

#ifdef OVS_FILTER_KUNIT
/* The KUnit build only (datapath/linux/Kbuild): tests of the statics. */
#include "kunit/datapath/filter_genl_test.c"
#endif
