// SPDX-License-Identifier: GPL-2.0
/*
 * Both engines on the core's execution tests: the runners the suites of
 * filter_engines_*_test.c substitute for the core's, and their tallies.
 *
 * The core's suites (tests/kunit/interp_test.c, prog_test.c) are compiled
 * again with sbpf_prog_run() (interp_test.c), or sbpf_prog_load(),
 * sbpf_prog_run() and sbpf_prog_free() (prog_test.c), replaced by these:
 *
 *  - fk_engines_interp_run(): the interpreter's result on the (unverified)
 *    case program is the reference; if our verifier accepts the program,
 *    it is loaded, handed to the kernel JIT (ovs_filter_jit()), run there
 *    and on the interpreter again, and all three must agree; the JIT's
 *    result is what the case then checks.
 *  - fk_engines_load() loads the image twice: the case's program, which
 *    runs on the kernel JIT, and a twin with its own maps, which runs on
 *    the interpreter.  fk_engines_run() runs both and requires the same
 *    r0; fk_engines_free() requires the same map contents (every key of
 *    array and hash maps) before freeing both.
 *
 * Where the kernel JIT is enabled, a program that verifies but is not
 * JITed fails the case: the JIT, not the fallback, is what is tested.
 */
#include <linux/filter.h>
#include <linux/sched.h>

#include "filter_kunit.h"

struct fk_engines_stats fk_engines_stats;

static struct kunit *fk_current(void)
{
	return current->kunit_test;
}

static u64 fk_jit_run(const struct bpf_prog *kp, const void *pkt, u64 len)
{
	u64 (*run)(const void *pkt, u64 len) = (void *)kp->bpf_func;
	u64 ret;

	local_bh_disable();
	rcu_read_lock();
	ret = run(pkt, len);
	rcu_read_unlock();
	local_bh_enable();
	return ret;
}

static u64 fk_interp(const struct sbpf_prog *prog, const void *pkt, u64 len)
{
	u64 ret;

	local_bh_disable();
	rcu_read_lock();
	ret = sbpf_interp_run(prog, pkt, len);
	rcu_read_unlock();
	local_bh_enable();
	return ret;
}

/* The JIT image of @prog, failing the test if the JIT should have taken it. */
static struct bpf_prog *fk_jit(struct kunit *test, const struct sbpf_prog *prog)
{
	struct bpf_prog *kp = ovs_filter_jit(prog);

	if (kp) {
		fk_engines_stats.jited++;
		return kp;
	}
	fk_engines_stats.not_jited++;
	if (fk_kernel_jit_enabled() && test)
		KUNIT_FAIL(test, "%s: verified but not JITed (fallback)",
			   prog->name);
	return NULL;
}

u64 fk_engines_interp_run(const struct sbpf_prog *prog, const void *pkt,
			  u64 len)
{
	struct kunit *test = fk_current();
	struct sbpf_image img = { .insns = prog->insns, .n_insns = prog->len };
	struct sbpf_prog *loaded;
	struct bpf_prog *kp;
	u64 want, again, got;

	want = sbpf_interp_run(prog, pkt, len);
	snprintf(img.name, sizeof(img.name), "%s", prog->name);
	if (sbpf_prog_load(&img, NULL, NULL, &loaded)) {
		/* Not a program the datapath would ever run. */
		fk_engines_stats.unverified++;
		return want;
	}
	kp = fk_jit(test, loaded);
	if (!kp) {
		sbpf_prog_free(loaded);
		return want;
	}
	got = fk_jit_run(kp, pkt, len);
	again = fk_interp(loaded, pkt, len);
	if (test) {
		KUNIT_EXPECT_EQ_MSG(test, got, want,
				    "kernel JIT vs interpreter");
		KUNIT_EXPECT_EQ_MSG(test, again, want,
				    "verified vs unverified program");
	}
	fk_engines_stats.compared++;
	ovs_filter_jit_free(kp);
	sbpf_prog_free(loaded);
	return got;
}

/* Programs loaded through fk_engines_load(), live at the same time. */
#define FK_TWINS	8

static struct fk_twin {
	struct sbpf_prog *prog;		/* the case's: runs on the JIT */
	struct sbpf_prog *twin;		/* same image: on the interpreter */
	struct bpf_prog *kp;		/* prog's JIT image, or NULL */
} fk_twins[FK_TWINS];

static struct fk_twin *fk_twin_of(const struct sbpf_prog *prog)
{
	u32 i;

	for (i = 0; i < FK_TWINS; i++)
		if (prog && fk_twins[i].prog == prog)
			return &fk_twins[i];
	return NULL;
}

int fk_engines_load(const struct sbpf_image *img,
		    struct sbpf_verifier_log *log,
		    struct sbpf_verifier_stats *stats,
		    struct sbpf_prog **progp)
{
	struct kunit *test = fk_current();
	struct fk_twin *t = fk_twin_of(NULL);
	u32 i;
	int err;

	err = sbpf_prog_load(img, log, stats, progp);
	if (err)
		return err;
	for (i = 0; i < FK_TWINS && !t; i++)
		if (!fk_twins[i].prog)
			t = &fk_twins[i];
	if (!t) {
		if (test)
			KUNIT_FAIL(test, "more than %d programs at once",
				   FK_TWINS);
		return 0;
	}
	err = sbpf_prog_load(img, NULL, NULL, &t->twin);
	if (err) {
		if (test)
			KUNIT_FAIL(test, "second load failed: %d", err);
		return 0;
	}
	t->prog = *progp;
	t->kp = fk_jit(test, t->prog);
	return 0;
}

u64 fk_engines_run(const struct sbpf_prog *prog, const void *pkt, u64 len)
{
	struct kunit *test = fk_current();
	struct fk_twin *t = fk_twin_of(prog);
	u64 want, got;

	if (!t || !t->kp)
		return sbpf_prog_run(prog, pkt, len);
	got = fk_jit_run(t->kp, pkt, len);
	want = fk_interp(t->twin, pkt, len);
	if (test)
		KUNIT_EXPECT_EQ_MSG(test, got, want,
				    "%s: kernel JIT vs interpreter", prog->name);
	fk_engines_stats.compared++;
	return got;
}

/* Every key of @a has the same value in @b, and the key counts agree. */
static void fk_maps_same(struct kunit *test, struct sbpf_map *a,
			 struct sbpf_map *b)
{
	u32 ks = a->def.key_size, vs = a->def.value_size, n_a = 0, n_b = 0;
	u8 *key = kzalloc(ks, GFP_KERNEL), *next = kzalloc(ks, GFP_KERNEL);
	u8 *va = kzalloc(vs, GFP_KERNEL), *vb = kzalloc(vs, GFP_KERNEL);
	bool first = true;

	if (!key || !next || !va || !vb)
		goto out;
	while (!sbpf_map_get_next_key(a, first ? NULL : key, next)) {
		first = false;
		memcpy(key, next, ks);
		n_a++;
		KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(a, key, va), 0);
		KUNIT_EXPECT_EQ_MSG(test, sbpf_map_lookup_copy(b, key, vb), 0,
				    "map %s: a key only the JIT's map has",
				    a->def.name);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(va, vb, vs), 0,
				    "map %s: values differ", a->def.name);
	}
	first = true;
	while (!sbpf_map_get_next_key(b, first ? NULL : key, next)) {
		first = false;
		memcpy(key, next, ks);
		n_b++;
	}
	KUNIT_EXPECT_EQ_MSG(test, n_a, n_b, "map %s: entry counts",
			    a->def.name);
	fk_engines_stats.maps_compared++;
out:
	kfree(key);
	kfree(next);
	kfree(va);
	kfree(vb);
}

void fk_engines_free(struct sbpf_prog *prog)
{
	struct kunit *test = fk_current();
	struct fk_twin *t = fk_twin_of(prog);
	u32 i;

	if (t && t->kp && test) {
		for (i = 0; i < prog->n_maps; i++) {
			u32 type = prog->maps[i]->def.type;

			if (type == SBPF_MAP_ARRAY || type == SBPF_MAP_HASH)
				fk_maps_same(test, prog->maps[i],
					     t->twin->maps[i]);
		}
	}
	if (t) {
		ovs_filter_jit_free(t->kp);
		sbpf_prog_free(t->twin);
		memset(t, 0, sizeof(*t));
	}
	sbpf_prog_free(prog);
}

void fk_engines_summary(struct kunit *test, const char *what)
{
	kunit_info(test, "%s: %u runs compared, %u programs JITed, %u not, %u unverified, %u maps compared\n",
		   what, fk_engines_stats.compared, fk_engines_stats.jited,
		   fk_engines_stats.not_jited, fk_engines_stats.unverified,
		   fk_engines_stats.maps_compared);
	if (!fk_kernel_jit_enabled())
		kunit_skip(test, "the kernel's eBPF JIT is disabled");
	KUNIT_EXPECT_GT(test, fk_engines_stats.compared, 0U);
	KUNIT_EXPECT_EQ(test, fk_engines_stats.not_jited, 0U);
}
