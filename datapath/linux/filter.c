// SPDX-License-Identifier: GPL-2.0
/*
 * The filter program table of a datapath.
 *
 * Concurrency.  A datapath's programs live in an xarray keyed by program
 * id.  The packet path and program runs look entries up under RCU (BH
 * disabled: the per-CPU statistics and the BPF core require it); every
 * change is made under ovs_mutex.  A load publishes a complete program
 * with one xa_store(), so a reader sees either the old program or the new
 * one, never a mix.  An unpublished program is freed from a work item,
 * after a grace period (sbpf_prog_free() waits for one), so no reader
 * still runs it and no running program still holds one of its map values.
 *
 * Lifetime.  Programs die with their datapath (ovs_filter_tbl_destroy()
 * from __dp_destroy()) and the module's exit waits for the deferred frees
 * (ovs_filter_exit()), so neither a datapath deletion nor a module unload
 * leaks a program or a map.
 */
#include <linux/filter.h>
#include <linux/workqueue.h>

#include "datapath.h"
#include "filter.h"

static LLIST_HEAD(ovs_filter_free_list);

/*
 * Numbers every published program, across all datapaths, under ovs_mutex:
 * a number names one program for the module's lifetime, so state kept
 * between requests (a map dump's position) can tell that the program it
 * started on is still the one in place.  A per-datapath counter would not:
 * a datapath deleted and created again (same ifindex) counts from one.
 */
static u64 ovs_filter_gen;

static void ovs_filter_free_work(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&ovs_filter_free_list);
	struct ovs_filter_prog *fp, *next;

	llist_for_each_entry_safe(fp, next, list, free_node) {
		/* Waits for a grace period before freeing code and maps. */
		sbpf_prog_free(fp->prog);
		ovs_filter_jit_free(fp->kprog);
		free_percpu(fp->stats);
		kfree(fp);
	}
}

static DECLARE_WORK(ovs_filter_free_wk, ovs_filter_free_work);

/**
 * ovs_filter_prog_alloc() - wrap a loaded program for the table.
 * @id:   its id.
 * @prog: the loaded program; owned by the result on success.
 *
 * Return: the new entry, or NULL on allocation failure (@prog not freed).
 */
struct ovs_filter_prog *ovs_filter_prog_alloc(u32 id, struct sbpf_prog *prog)
{
	struct ovs_filter_prog *fp;
	int cpu;

	fp = kzalloc(sizeof(*fp), GFP_KERNEL);
	if (!fp)
		return NULL;
	fp->stats = alloc_percpu(struct ovs_filter_cpu_stats);
	if (!fp->stats) {
		kfree(fp);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(fp->stats, cpu)->syncp);
	fp->id = id;
	fp->prog = prog;
	return fp;
}

/**
 * ovs_filter_prog_free_deferred() - free an unpublished program later.
 * @fp: the program, no longer reachable from any table, or NULL.
 *
 * Any context; the program is freed from a work item after a grace period.
 */
void ovs_filter_prog_free_deferred(struct ovs_filter_prog *fp)
{
	if (!fp)
		return;
	if (llist_add(&fp->free_node, &ovs_filter_free_list))
		schedule_work(&ovs_filter_free_wk);
}

/* Called with ovs_mutex (datapath creation, before it is published). */
void ovs_filter_tbl_init(struct datapath *dp)
{
	xa_init(&dp->filter_tbl.progs);
}

/* Called with ovs_mutex, from __dp_destroy(). */
void ovs_filter_tbl_destroy(struct datapath *dp)
{
	struct ovs_filter_prog *fp;
	unsigned long id;

	xa_for_each(&dp->filter_tbl.progs, id, fp) {
		xa_erase(&dp->filter_tbl.progs, id);
		ovs_filter_prog_free_deferred(fp);
	}
	xa_destroy(&dp->filter_tbl.progs);
}

/* Module exit: every datapath is gone; wait for the deferred frees. */
void ovs_filter_exit(void)
{
	flush_work(&ovs_filter_free_wk);
}

/* RCU read side, or ovs_mutex. */
struct ovs_filter_prog *ovs_filter_lookup(struct datapath *dp, u32 id)
{
	return xa_load(&dp->filter_tbl.progs, id);
}

/* Called with ovs_mutex. */
struct ovs_filter_prog *ovs_filter_lookup_ovsl(struct datapath *dp, u32 id)
{
	ASSERT_OVSL();
	return xa_load(&dp->filter_tbl.progs, id);
}

/**
 * ovs_filter_share_maps() - the maps a new program @id may share.
 * @dp: the datapath.
 * @id: the id being loaded.
 * @sh: on return, the maps of the current program @id, each with a
 *      reference (ovs_filter_unshare_maps() drops them); empty if there is
 *      no program @id.
 *
 * A replacement shares (sbpf_prog_load_shared()) the maps whose definition
 * is unchanged, read-only data excepted, so updates made by the old
 * program or the control plane up to the swap, and after it, all reach
 * the one map: nothing to copy, nothing lost.  Called with ovs_mutex.
 *
 * Return: 0 or -ENOMEM (@sh empty).
 */
int ovs_filter_share_maps(struct datapath *dp, u32 id,
			  struct ovs_filter_share *sh)
{
	struct ovs_filter_prog *old;
	u32 i, n;

	ASSERT_OVSL();
	memset(sh, 0, sizeof(*sh));
	old = xa_load(&dp->filter_tbl.progs, id);
	if (!old)
		return 0;
	n = old->prog->n_maps;
	if (n) {
		sh->maps = kcalloc(n, sizeof(*sh->maps), GFP_KERNEL);
		if (!sh->maps)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		sbpf_map_get(old->prog->maps[i]);
		sh->maps[i] = old->prog->maps[i];
	}
	sh->n = n;
	sh->replaces = true;
	return 0;
}

/*
 * Drop the references of ovs_filter_share_maps().  Not under RCU: the
 * last reference to a map whose program is gone frees it.
 */
void ovs_filter_unshare_maps(struct ovs_filter_share *sh)
{
	u32 i;

	for (i = 0; i < sh->n; i++)
		sbpf_map_put(sh->maps[i]);
	kfree(sh->maps);
	memset(sh, 0, sizeof(*sh));
}

/*
 * Is @old (NULL: no program) still what @sh was taken from?  The same
 * maps, compared by address: @sh's references keep every one of them
 * alive, so an address cannot have been reused by another map, even one
 * of a datapath deleted and created again under the same ifindex.
 */
static bool ovs_filter_share_current(const struct ovs_filter_prog *old,
				     const struct ovs_filter_share *sh)
{
	u32 i;

	if (!old)
		return !sh->replaces;
	if (!sh->replaces || old->prog->n_maps != sh->n)
		return false;
	for (i = 0; i < sh->n; i++)
		if (old->prog->maps[i] != sh->maps[i])
			return false;
	return true;
}

/**
 * ovs_filter_publish() - insert or replace a program.
 * @dp:   the datapath.
 * @fp:   the new program (not yet reachable), loaded with the maps of @sh.
 * @sh:   what ovs_filter_share_maps() returned when the load started.
 * @oldp: the replaced program, to free with ovs_filter_prog_free_deferred().
 *
 * The swap happens only if the program @fp was built against is still in
 * place (or, for a new id, there is still none): otherwise @fp would
 * replace maps it does not share, and what was written to them would be
 * lost.  Called with ovs_mutex.
 *
 * Return: 0; -EAGAIN if program @fp->id was loaded, replaced or deleted
 * since @sh was taken; another negative errno.  Nothing changed on error.
 */
int ovs_filter_publish(struct datapath *dp, struct ovs_filter_prog *fp,
		       const struct ovs_filter_share *sh,
		       struct ovs_filter_prog **oldp)
{
	struct ovs_filter_prog *old;

	ASSERT_OVSL();
	*oldp = NULL;
	old = xa_load(&dp->filter_tbl.progs, fp->id);
	if (!ovs_filter_share_current(old, sh))
		return -EAGAIN;
	fp->gen = ++ovs_filter_gen;
	old = xa_store(&dp->filter_tbl.progs, fp->id, fp, GFP_KERNEL);
	if (xa_is_err(old))
		return xa_err(old);
	*oldp = old;
	return 0;
}

/* Called with ovs_mutex.  Free @fp with ovs_filter_prog_free_deferred(). */
void ovs_filter_unpublish(struct datapath *dp, struct ovs_filter_prog *fp)
{
	ASSERT_OVSL();
	xa_erase(&dp->filter_tbl.progs, fp->id);
}

/**
 * ovs_filter_run() - run a program on a frame and account for it.
 * @fp:  the program.
 * @pkt: the frame from its Ethernet header, linear for at least
 *       min(@len, fp->prog->max_pkt_read) bytes.
 * @len: the frame's length.
 *
 * RCU read side with BH disabled (softirq, or local_bh_disable()).
 *
 * Return: the program's return value; 1 means match.
 */
u64 ovs_filter_run(struct ovs_filter_prog *fp, const void *pkt, u32 len)
{
	struct ovs_filter_cpu_stats *s;
	u64 start = ktime_get_ns();
	u64 ret;

	if (fp->kprog) {
		/*
		 * r1 = frame, r2 = length; the JIT leaves the full 64-bit r0
		 * in the return register.
		 */
		u64 (*run)(const void *pkt, u64 len) =
			(void *)fp->kprog->bpf_func;

		ret = run(pkt, len);
	} else {
		ret = sbpf_prog_run(fp->prog, pkt, len);
	}
	s = this_cpu_ptr(fp->stats);
	u64_stats_update_begin(&s->syncp);
	s->runs++;
	if (ret == 1)
		s->matches++;
	s->run_ns += ktime_get_ns() - start;
	u64_stats_update_end(&s->syncp);
	return ret;
}

/* Sum of the per-CPU statistics.  Any context. */
void ovs_filter_get_stats(const struct ovs_filter_prog *fp, u64 *runs,
			  u64 *matches, u64 *run_ns)
{
	int cpu;

	*runs = 0;
	*matches = 0;
	*run_ns = 0;
	for_each_possible_cpu(cpu) {
		const struct ovs_filter_cpu_stats *s;
		u64 r, m, ns;
		unsigned int start;

		s = per_cpu_ptr(fp->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			r = s->runs;
			m = s->matches;
			ns = s->run_ns;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		*runs += r;
		*matches += m;
		*run_ns += ns;
	}
}

