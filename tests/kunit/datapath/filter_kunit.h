/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixtures of the KUnit suites built into openvswitch.ko (debug test build
 * only: scripts/build-module.sh --kunit).  They drive the module's own
 * code: a datapath's flow table and program table, programs loaded, JITed
 * and published as the ovs_filter family does, flows inserted as flow put
 * does, packet lookups as ovs_dp_process_packet() makes them.
 *
 * The datapath of a test has no port and no netdev (the suites cannot
 * create one without a netlink socket of their own): it is a struct
 * datapath with its flow table and program table, torn down in the order
 * of __dp_destroy().  Everything here is tied to the test: KUnit
 * resources undo it if a test case stops early.
 */
#ifndef OVS_FILTER_KUNIT_H
#define OVS_FILTER_KUNIT_H 1

#include <kunit/test.h>
#include <linux/skbuff.h>

#include "datapath.h"
#include "filter.h"
#include "filter_chain.h"
#include "flow.h"
#include "flow_table.h"

/*
 * KUnit runs a module's suites before its init function (6.1: at
 * MODULE_STATE_COMING): every suite sets these, which make what the
 * suites use of the module's init (the flow caches) and undo it.
 */
int fk_suite_init(struct kunit_suite *suite);
void fk_suite_exit(struct kunit_suite *suite);

/* A datapath with only the tables the filter code uses. */
struct fk_dp {
	struct datapath *dp;
	struct sw_flow_mask mask;	/* exact on the Ethernet addresses */
	struct sw_flow_mask mask_src;	/* exact on the source address only */
	bool destroyed;
};

struct fk_dp *fk_dp_new(struct kunit *test);
/* Tear down as __dp_destroy() does; true if both tables were emptied. */
bool fk_dp_destroy(struct fk_dp *fk);

/* A flow key with these Ethernet addresses (last byte of each). */
void fk_key(struct sw_flow_key *key, u8 src, u8 dst);

/*
 * Load @img as the load command does (sharing the unchanged maps of the
 * program @id it replaces), JIT and publish it; assert the load.
 * Return: 0 (the program in *@fpp) or ovs_filter_publish()'s error.
 */
int fk_prog_load_image(struct kunit *test, struct fk_dp *fk, u32 id,
		       struct sbpf_image *img, struct ovs_filter_prog **fpp);
/*
 * Load, JIT and publish program @id (replacing any program of that id)
 * from instructions and at most one map; assert success.
 */
struct ovs_filter_prog *fk_prog_load(struct kunit *test, struct fk_dp *fk,
				     u32 id, const struct bpf_insn *insns,
				     u32 n_insns,
				     const struct sbpf_map_def *map);
#define FK_PROG(test, fk, id, map, ...)					\
	({								\
		static const struct bpf_insn __insns[] = { __VA_ARGS__ }; \
		fk_prog_load(test, fk, id, __insns,			\
			     ARRAY_SIZE(__insns), map);			\
	})
/* Program @id returning @ret. */
struct ovs_filter_prog *fk_prog_ret(struct kunit *test, struct fk_dp *fk,
				    u32 id, s32 ret);
/*
 * Program @id counting its runs in map 0 (array, one u64) and returning
 * @ret.
 */
struct ovs_filter_prog *fk_prog_count(struct kunit *test, struct fk_dp *fk,
				      u32 id, s32 ret);
/* Program @id returning 1 iff the frame's byte at @off is @byte. */
struct ovs_filter_prog *fk_prog_byte(struct kunit *test, struct fk_dp *fk,
				     u32 id, u16 off, u8 byte);
/* The counter of a program made by fk_prog_count(). */
u64 fk_prog_counter(struct kunit *test, struct fk_dp *fk, u32 id);
/* Runs of program @id, from its statistics (0 if it does not exist). */
u64 fk_prog_runs(struct fk_dp *fk, u32 id);
/* Unpublish and free program @id, as the family's delete does. */
void fk_prog_del(struct kunit *test, struct fk_dp *fk, u32 id);

/* A chain from (id, verdict) pairs. */
#define FK_CHAIN(...)							\
	((struct ovs_filter_chain){					\
		.n = sizeof((struct ovs_filter_link[]){ __VA_ARGS__ }) / \
		     sizeof(struct ovs_filter_link),			\
		.links = { __VA_ARGS__ } })
#define FK_LINK(id, v)	{ .prog_id = (id), .verdict = (v) }

/*
 * Insert a flow as flow put does: key masked with @mask, @chain, and a
 * UFID if @ufid is not 0 (else the unmasked key identifies it).  Returns
 * the flow (owned by the table).
 */
struct sw_flow *fk_flow_add(struct kunit *test, struct fk_dp *fk,
			    const struct sw_flow_key *key,
			    const struct sw_flow_mask *mask,
			    const struct ovs_filter_chain *chain, u32 ufid);
void fk_flow_del(struct fk_dp *fk, struct sw_flow *flow);

/* An Ethernet frame of @len bytes: dst ..:@dst, src ..:@src, then 0xab. */
struct sk_buff *fk_skb(struct kunit *test, u8 src, u8 dst, u32 len);

/*
 * A packet lookup as the datapath makes it (BH disabled, RCU), with
 * @skb_hash 0 (no mask cache) or not.
 */
struct sw_flow *fk_lookup(struct fk_dp *fk, const struct sw_flow_key *key,
			  struct sk_buff *skb, u32 skb_hash);
/* The same for a packet that is not an Ethernet frame. */
struct sw_flow *fk_lookup_l3(struct fk_dp *fk, const struct sw_flow_key *key,
			     struct sk_buff *skb);

/* Is the kernel's eBPF JIT enabled (net.core.bpf_jit_enable)? */
bool fk_kernel_jit_enabled(void);

/* ------------------------------------------ both engines (filter_engines.c) */

struct fk_engines_stats {
	u32 compared;		/* runs compared, JIT vs interpreter */
	u32 jited;		/* programs the kernel JIT took */
	u32 not_jited;		/* verified programs it did not take */
	u32 unverified;		/* case programs our verifier refuses */
	u32 maps_compared;	/* maps compared after the runs */
};

extern struct fk_engines_stats fk_engines_stats;

u64 fk_engines_interp_run(const struct sbpf_prog *prog, const void *pkt,
			  u64 len);
int fk_engines_load(const struct sbpf_image *img,
		    struct sbpf_verifier_log *log,
		    struct sbpf_verifier_stats *stats,
		    struct sbpf_prog **progp);
u64 fk_engines_run(const struct sbpf_prog *prog, const void *pkt, u64 len);
void fk_engines_free(struct sbpf_prog *prog);
/* Report the tallies; fail if nothing was compared or the JIT refused. */
void fk_engines_summary(struct kunit *test, const char *what);

#endif /* OVS_FILTER_KUNIT_H */
