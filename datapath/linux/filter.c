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
	dp->filter_tbl.gen = 0;
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

static bool ovs_filter_map_def_equal(const struct sbpf_map_def *a,
				     const struct sbpf_map_def *b)
{
	return a->type == b->type && a->key_size == b->key_size &&
	       a->value_size == b->value_size &&
	       a->max_entries == b->max_entries &&
	       a->nb_hash_functions == b->nb_hash_functions &&
	       a->flags == b->flags &&
	       !strncmp(a->name, b->name, SBPF_NAME_LEN);
}

/**
 * ovs_filter_publish() - insert or replace a program.
 * @dp:   the datapath.
 * @fp:   the new program (not yet reachable).
 * @oldp: the replaced program, to free with ovs_filter_prog_free_deferred().
 *
 * Maps whose definition (type, sizes, flags, name) is unchanged at the same
 * index carry their contents over from the replaced program, except
 * read-only data (.rodata), which belongs to the new program's image.
 * Called with ovs_mutex.
 *
 * Return: 0 or negative errno (nothing changed).
 */
int ovs_filter_publish(struct datapath *dp, struct ovs_filter_prog *fp,
		       struct ovs_filter_prog **oldp)
{
	struct ovs_filter_prog *old;
	u32 i;
	int err;

	ASSERT_OVSL();
	*oldp = NULL;
	old = xa_load(&dp->filter_tbl.progs, fp->id);
	if (old) {
		u32 n = min(fp->prog->n_maps, old->prog->n_maps);

		for (i = 0; i < n; i++) {
			struct sbpf_map *from = old->prog->maps[i];
			struct sbpf_map *to = fp->prog->maps[i];

			if (!ovs_filter_map_def_equal(&from->def, &to->def) ||
			    (to->def.flags & SBPF_F_RDONLY_PROG))
				continue;
			err = sbpf_map_copy(to, from);
			if (err)
				return err;
		}
	}
	fp->gen = ++dp->filter_tbl.gen;
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

