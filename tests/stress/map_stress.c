// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Concurrency stress test of the maps, for ASan and TSan builds.
 *
 *   map_stress [--short]
 *
 * Scenario 1 (hash map, RCU reclamation): writer threads insert, replace
 * and delete random keys, half through the control-plane API and half as
 * a program would (ops called inside an RCU read-side section, -EBUSY
 * allowed), while reader threads run a program through the interpreter
 * that looks a key up and checks the value it finds (key, generation and a
 * check word written together): a value reused before its grace period
 * would show a torn or foreign value.  The program also does an atomic add
 * on the value it holds.
 *
 * Scenario 2 (array map, atomics): threads run a program that adds 1 with
 * an atomic instruction to one shared counter; the total must be exact.
 *
 * Scenario 3 (count-min and bloom): threads add items while others look
 * them up; afterwards no count is below the number of adds and every added
 * item is in the bloom filter.
 *
 * Bounded by iteration counts, not time.  Exit status 1 on any violation.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbpf.h"
#include "map_internal.h"
#include "sbpf_internal.h"
#include "../kunit/sbpf_asm.h"

#define MAGIC		0x5a5a1234abcdULL
#define HASH_KEYS	512
#define HASH_MAX	256

struct hval {
	u64 key;
	u64 gen;
	u64 check;
	u64 hits;
};

static unsigned long iters = 200000;
static int failures;

static void fail(const char *what, unsigned long long a, unsigned long long b)
{
	fprintf(stderr, "map_stress: FAIL: %s (%llu, %llu)\n", what, a, b);
	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
}

static u32 rnd(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (u32)(*s >> 16);
}

/*
 * A program over maps[0], bound by hand: the test does not need the
 * verifier, only the interpreter and the map code.
 */
static struct sbpf_prog *make_prog(struct sbpf_map *map,
				   const struct bpf_insn *insns, u32 len)
{
	struct sbpf_prog *p = calloc(1, sizeof(*p));

	p->insns = malloc(len * sizeof(*insns));
	memcpy(p->insns, insns, len * sizeof(*insns));
	p->len = len;
	p->n_maps = 1;
	p->maps = calloc(1, sizeof(*p->maps));
	p->maps[0] = map;
	snprintf(p->name, sizeof(p->name), "stress");
	if (sbpf_prog_bind_maps(p)) {
		fprintf(stderr, "map_stress: bind failed\n");
		exit(1);
	}
	return p;
}

static void free_prog(struct sbpf_prog *p)
{
	free(p->maps);
	free(p->insns);
	free(p);
}

/*
 * key = *(u32 *)pkt; v = lookup; if !v return 0; check v; spin a while
 * holding v; check that v still holds the same key (an element reused
 * before the grace period ends would not); v->hits++; return 1.
 * A torn or foreign value returns 2.
 */
static const struct bpf_insn hash_reader_insns[] = {
	SBPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, 0),
	SBPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_2, -4),
	SBPF_LD_MAP(BPF_REG_1, 0),
	SBPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	SBPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
	SBPF_CALL(SBPF_FUNC_map_lookup),
	SBPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 23),	/* not found */
	SBPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
	SBPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_0, 8),
	SBPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_0, 16),
	SBPF_LD_IMM64(BPF_REG_4, MAGIC),
	SBPF_ALU64_REG(BPF_XOR, BPF_REG_1, BPF_REG_2),
	SBPF_ALU64_REG(BPF_XOR, BPF_REG_1, BPF_REG_4),
	SBPF_JMP_REG(BPF_JNE, BPF_REG_1, BPF_REG_3, 13),	/* bad */
	SBPF_LDX_MEM(BPF_W, BPF_REG_5, BPF_REG_10, -4),
	SBPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
	SBPF_JMP_REG(BPF_JNE, BPF_REG_1, BPF_REG_5, 10),	/* bad */
	SBPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
	SBPF_MOV64_IMM(BPF_REG_7, 200),
	SBPF_ALU64_IMM(BPF_SUB, BPF_REG_7, 1),
	SBPF_JMP_IMM(BPF_JNE, BPF_REG_7, 0, -2),
	SBPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
	SBPF_JMP_REG(BPF_JNE, BPF_REG_1, BPF_REG_6, 4),	/* bad */
	SBPF_MOV64_IMM(BPF_REG_1, 1),
	SBPF_ATOMIC(BPF_DW, BPF_ADD, BPF_REG_0, BPF_REG_1, 24),
	SBPF_MOV64_IMM(BPF_REG_0, 1),
	SBPF_EXIT(),
	SBPF_MOV64_IMM(BPF_REG_0, 2),	/* bad: torn or foreign value */
	SBPF_EXIT(),
	SBPF_MOV64_IMM(BPF_REG_0, 0),	/* not found */
	SBPF_EXIT(),
};

struct hash_ctx {
	struct sbpf_map *map;
	struct sbpf_prog *prog;
	u64 seed;
	unsigned long found, missing, busy, full;
};

static void *hash_writer(void *arg)
{
	struct hash_ctx *c = arg;
	unsigned long i;
	u64 s = c->seed;

	sbpf_thread_register();
	for (i = 0; i < iters; i++) {
		u32 key = rnd(&s) % HASH_KEYS, op = rnd(&s) % 4;
		struct hval v = { .key = key, .gen = i };
		int err;

		v.check = v.key ^ v.gen ^ MAGIC;
		if (op == 3) {
			err = sbpf_map_delete(c->map, &key);
			if (err && err != -ENOENT)
				fail("delete", key, (u64)-err);
			continue;
		}
		if (op == 2) {
			/* As a program would: read side, no waiting. */
			sbpf_rcu_read_lock();
			err = c->map->ops->update(c->map, &key, &v, SBPF_ANY);
			sbpf_rcu_read_unlock();
		} else {
			err = sbpf_map_update(c->map, &key, &v, SBPF_ANY);
		}
		if (err == -EBUSY)
			c->busy++;
		else if (err == -E2BIG)
			c->full++;
		else if (err)
			fail("update", key, (u64)-err);
	}
	sbpf_thread_unregister();
	return NULL;
}

static void *hash_reader(void *arg)
{
	struct hash_ctx *c = arg;
	unsigned long i;
	u64 s = c->seed;

	sbpf_thread_register();
	for (i = 0; i < iters; i++) {
		u32 key = rnd(&s) % HASH_KEYS;
		u64 r;

		sbpf_rcu_read_lock();
		r = sbpf_prog_run(c->prog, &key, sizeof(key));
		sbpf_rcu_read_unlock();
		if (r == 1)
			c->found++;
		else if (r == 0)
			c->missing++;
		else
			fail("reader saw a bad value", key, r);
	}
	sbpf_thread_unregister();
	return NULL;
}

static void scenario_hash(int nw, int nr)
{
	struct sbpf_map_def def = {
		.type = SBPF_MAP_HASH, .key_size = 4,
		.value_size = sizeof(struct hval), .max_entries = HASH_MAX,
	};
	struct hash_ctx ctx[8];
	pthread_t t[8];
	unsigned long found = 0, missing = 0, busy = 0, full = 0;
	struct sbpf_map *map;
	struct sbpf_prog *prog;
	u32 key, next, n = 0;
	int i, err;

	if (sbpf_map_create(&def, &map)) {
		fail("create hash", 0, 0);
		return;
	}
	prog = make_prog(map, hash_reader_insns,
			 ARRAY_SIZE(hash_reader_insns));
	for (i = 0; i < nw + nr; i++) {
		memset(&ctx[i], 0, sizeof(ctx[i]));
		ctx[i].map = map;
		ctx[i].prog = prog;
		ctx[i].seed = 0x9e3779b97f4a7c15ULL * (i + 1);
		pthread_create(&t[i], NULL, i < nw ? hash_writer : hash_reader,
			       &ctx[i]);
	}
	for (i = 0; i < nw + nr; i++) {
		pthread_join(t[i], NULL);
		found += ctx[i].found;
		missing += ctx[i].missing;
		busy += ctx[i].busy;
		full += ctx[i].full;
	}
	/* Iteration sees at most max_entries distinct, consistent keys. */
	for (err = sbpf_map_get_next_key(map, NULL, &next); !err;
	     err = sbpf_map_get_next_key(map, &key, &next)) {
		struct hval v;

		if (sbpf_map_lookup_copy(map, &next, &v) ||
		    v.key != next || v.check != (v.key ^ v.gen ^ MAGIC))
			fail("dump saw a bad value", next, v.key);
		key = next;
		if (++n > HASH_MAX)
			break;
	}
	if (n > HASH_MAX)
		fail("more entries than max_entries", n, HASH_MAX);
	printf("hash: %d writers, %d readers, %lu ops each: found %lu, missing %lu, full %lu, busy %lu, %u entries left\n",
	       nw, nr, iters, found, missing, full, busy, n);
	free_prog(prog);
	sbpf_map_destroy(map);
}

/* *(u32 *)(r10-4) = 0; v = lookup(array, &key); lock *(u64 *)v += 1. */
static const struct bpf_insn array_adder_insns[] = {
	SBPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
	SBPF_LD_MAP(BPF_REG_1, 0),
	SBPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	SBPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
	SBPF_CALL(SBPF_FUNC_map_lookup),
	SBPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 3),
	SBPF_MOV64_IMM(BPF_REG_1, 1),
	SBPF_ATOMIC(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_0, BPF_REG_1, 0),
	SBPF_MOV64_IMM(BPF_REG_0, 1),
	SBPF_EXIT(),
};

static void *array_adder(void *arg)
{
	struct sbpf_prog *prog = arg;
	unsigned long i;
	u8 pkt[16] = { 0 };

	sbpf_thread_register();
	for (i = 0; i < iters; i++) {
		sbpf_rcu_read_lock();
		if (sbpf_prog_run(prog, pkt, sizeof(pkt)) != 1)
			fail("array program", i, 0);
		sbpf_rcu_read_unlock();
	}
	sbpf_thread_unregister();
	return NULL;
}

static void scenario_array(int n)
{
	struct sbpf_map_def def = {
		.type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
		.max_entries = 1,
	};
	struct sbpf_map *map;
	struct sbpf_prog *prog;
	pthread_t t[8];
	u32 zero = 0;
	u64 total = 0;
	int i;

	if (sbpf_map_create(&def, &map)) {
		fail("create array", 0, 0);
		return;
	}
	prog = make_prog(map, array_adder_insns,
			 ARRAY_SIZE(array_adder_insns));
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, array_adder, prog);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	sbpf_map_lookup_copy(map, &zero, &total);
	if (total != (u64)n * iters)
		fail("atomic adds lost", total, (u64)n * iters);
	printf("array: %d threads, atomic counter %llu (expected %llu)\n", n,
	       total, (unsigned long long)n * iters);
	free_prog(prog);
	sbpf_map_destroy(map);
}

struct sketch_ctx {
	struct sbpf_map *cm, *bloom;
	int adder;
};

#define SKETCH_ITEMS	64

static void *sketch_thread(void *arg)
{
	struct sketch_ctx *c = arg;
	unsigned long i;

	sbpf_thread_register();
	for (i = 0; i < iters; i++) {
		u32 item = i % SKETCH_ITEMS;

		sbpf_rcu_read_lock();
		if (c->adder) {
			c->cm->ops->add(c->cm, &item);
			c->bloom->ops->add(c->bloom, &item);
		} else {
			u32 *ans = c->cm->ops->lookup(c->cm, &item);

			if (!ans)
				fail("count-min lookup", item, 0);
			c->bloom->ops->lookup(c->bloom, &item);
		}
		sbpf_rcu_read_unlock();
	}
	sbpf_thread_unregister();
	return NULL;
}

static void scenario_sketch(int n)
{
	struct sbpf_map_def cmdef = {
		.type = SBPF_MAP_COUNTMIN, .key_size = 4, .value_size = 4,
		.max_entries = 1024, .nb_hash_functions = 4,
	};
	struct sbpf_map_def bdef = {
		.type = SBPF_MAP_BLOOM, .key_size = 4, .max_entries = 256,
		.nb_hash_functions = 3,
	};
	struct sketch_ctx ctx[8];
	pthread_t t[8];
	int i, adders = 0;
	u32 item;

	if (sbpf_map_create(&cmdef, &ctx[0].cm) ||
	    sbpf_map_create(&bdef, &ctx[0].bloom)) {
		fail("create sketches", 0, 0);
		return;
	}
	for (i = 0; i < n; i++) {
		ctx[i].cm = ctx[0].cm;
		ctx[i].bloom = ctx[0].bloom;
		ctx[i].adder = i % 2 == 0;
		adders += ctx[i].adder;
		pthread_create(&t[i], NULL, sketch_thread, &ctx[i]);
	}
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	for (item = 0; item < SKETCH_ITEMS; item++) {
		u32 count;
		u64 min = (u64)adders * (iters / SKETCH_ITEMS);

		sbpf_map_lookup_copy(ctx[0].cm, &item, &count);
		if (count < min)
			fail("count-min under-estimates", count, min);
		if (sbpf_map_lookup_copy(ctx[0].bloom, &item, &count))
			fail("bloom false negative", item, 0);
	}
	printf("sketches: %d threads (%d adding), %d items checked\n", n,
	       adders, SKETCH_ITEMS);
	sbpf_map_destroy(ctx[0].cm);
	sbpf_map_destroy(ctx[0].bloom);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--short"))
		iters = 20000;
	sbpf_thread_register();
	scenario_hash(2, 2);
	scenario_array(4);
	scenario_sketch(4);
	sbpf_thread_unregister();
	if (failures) {
		printf("map_stress: %d failures\n", failures);
		return 1;
	}
	printf("map_stress: ok\n");
	return 0;
}
