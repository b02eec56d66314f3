/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Filter programs of a datapath: verified eBPF programs (the BPF core in
 * bpf/) that flows can match on, keyed by a 32-bit id.
 */
#ifndef OVS_FILTER_H
#define OVS_FILTER_H 1

#include <linux/types.h>
#include <linux/llist.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>
#include <net/genetlink.h>

#include "bpf/sbpf.h"

struct bpf_prog;
struct datapath;

/*
 * The program table of one datapath.  Readers (the packet path, program
 * runs) look programs up under RCU; writers (the ovs_filter family) hold
 * ovs_mutex.  xarray's own lock only orders its internal nodes.
 */
struct dp_filter_table {
	struct xarray progs;	/* u32 id -> struct ovs_filter_prog */
};

struct ovs_filter_cpu_stats {
	u64 runs;		/* times the program ran on this CPU */
	u64 matches;		/* runs that returned 1 */
	u64 run_ns;		/* total run time */
	struct u64_stats_sync syncp;
};

/*
 * One loaded program.  Immutable once published except for the per-CPU
 * statistics; replaced as a whole (RCU pointer swap in the table) and
 * freed only after a grace period.  Flows name programs by id, so a
 * replacement keeps the flows of the program it replaces.
 */
struct ovs_filter_prog {
	u32 id;				/* id within the datapath */
	u64 gen;			/* load number, unique in the module */
	struct sbpf_prog *prog;		/* code and maps (owned) */
	struct bpf_prog *kprog;		/* kernel JIT image, or NULL (owned) */
	struct sbpf_verifier_stats vstats;	/* from the verifier */
	struct ovs_filter_cpu_stats __percpu *stats;
	struct llist_node free_node;	/* deferred free list */
};

/*
 * The maps a load may share with the program it replaces: those of the
 * program in place when the load started, each with a reference held
 * until the load is published or abandoned, so that none of them can be
 * freed (and its address reused) meanwhile.  See ovs_filter_share_maps().
 */
struct ovs_filter_share {
	struct sbpf_map **maps;		/* the maps, one reference each */
	u32 n;				/* number of maps */
	bool replaces;			/* a program had the id */
};

extern struct genl_family dp_filter_genl_family;

void ovs_filter_tbl_init(struct datapath *dp);
void ovs_filter_tbl_destroy(struct datapath *dp);
void ovs_filter_exit(void);

struct ovs_filter_prog *ovs_filter_lookup(struct datapath *dp, u32 id);
struct ovs_filter_prog *ovs_filter_lookup_ovsl(struct datapath *dp, u32 id);
int ovs_filter_share_maps(struct datapath *dp, u32 id,
			  struct ovs_filter_share *sh);
void ovs_filter_unshare_maps(struct ovs_filter_share *sh);
int ovs_filter_publish(struct datapath *dp, struct ovs_filter_prog *fp,
		       const struct ovs_filter_share *sh,
		       struct ovs_filter_prog **oldp);
void ovs_filter_unpublish(struct datapath *dp, struct ovs_filter_prog *fp);
struct ovs_filter_prog *ovs_filter_prog_alloc(u32 id, struct sbpf_prog *prog);
void ovs_filter_prog_free_deferred(struct ovs_filter_prog *fp);
struct bpf_prog *ovs_filter_jit(const struct sbpf_prog *prog);
void ovs_filter_jit_free(struct bpf_prog *kp);
u64 ovs_filter_run(struct ovs_filter_prog *fp, const void *pkt, u32 len);
int ovs_filter_flush_flows(struct datapath *dp, u32 id);
u32 ovs_filter_flow_refs(struct datapath *dp, u32 id);
void ovs_filter_get_stats(const struct ovs_filter_prog *fp, u64 *runs,
			  u64 *matches, u64 *run_ns);

#endif /* OVS_FILTER_H */
