// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite: maps.  A table of definitions with the error each must give,
 * then the operations of every type with their errors: array (bounds,
 * flags, iteration), hash (capacity, flags, replace, delete, iteration,
 * reuse of elements after a grace period), bloom filter (no false
 * negatives, bounded false positives, tiny bit arrays), count-min sketch
 * (exact counts when items do not collide, per-CPU/per-thread answers).
 */
#include "sbpf_kunit.h"
#include "sbpf.h"
#include "map_internal.h"

#ifndef __KERNEL__
#include <pthread.h>
#endif

struct def_case {
	const char *name;
	struct sbpf_map_def def;
	int err;
};

#define DEF(t, k, v, n, h)	{ .type = (t), .key_size = (k),		\
				  .value_size = (v), .max_entries = (n),	\
				  .nb_hash_functions = (h) }

static const struct def_case def_cases[] = {
	{ "array ok", DEF(SBPF_MAP_ARRAY, 4, 8, 16, 0), 0 },
	{ "array odd value size", DEF(SBPF_MAP_ARRAY, 4, 3, 5, 0), 0 },
	{ "array key not u32", DEF(SBPF_MAP_ARRAY, 8, 8, 16, 0), -EINVAL },
	{ "array value size 0", DEF(SBPF_MAP_ARRAY, 4, 0, 16, 0), -EINVAL },
	{ "array no entries", DEF(SBPF_MAP_ARRAY, 4, 8, 0, 0), -EINVAL },
	{ "array hash functions", DEF(SBPF_MAP_ARRAY, 4, 8, 1, 2), -EINVAL },
	{ "array too large", DEF(SBPF_MAP_ARRAY, 4, 1 << 20, 1 << 12, 0),
	  -E2BIG },
	{ "array value too large", DEF(SBPF_MAP_ARRAY, 4, (1 << 20) + 1, 1, 0),
	  -EINVAL },
	{ "hash ok", DEF(SBPF_MAP_HASH, 13, 24, 100, 0), 0 },
	{ "hash key size 0", DEF(SBPF_MAP_HASH, 0, 8, 16, 0), -EINVAL },
	{ "hash value size 0", DEF(SBPF_MAP_HASH, 4, 0, 16, 0), -EINVAL },
	{ "hash key too large", DEF(SBPF_MAP_HASH, 513, 8, 16, 0), -EINVAL },
	{ "hash no entries", DEF(SBPF_MAP_HASH, 4, 8, 0, 0), -EINVAL },
	{ "hash too large", DEF(SBPF_MAP_HASH, 4, 8, 0xffffffff, 0), -E2BIG },
	{ "hash hash functions", DEF(SBPF_MAP_HASH, 4, 8, 16, 1), -EINVAL },
	{ "bloom ok", DEF(SBPF_MAP_BLOOM, 4, 0, 1024, 3), 0 },
	{ "bloom Oko item in value_size", DEF(SBPF_MAP_BLOOM, 0, 4, 1024, 3),
	  0 },
	{ "bloom no item size", DEF(SBPF_MAP_BLOOM, 0, 0, 1024, 3), -EINVAL },
	{ "bloom k = 0", DEF(SBPF_MAP_BLOOM, 4, 0, 1024, 0), -EINVAL },
	{ "bloom k = 17", DEF(SBPF_MAP_BLOOM, 4, 0, 1024, 17), -EINVAL },
	{ "bloom no bits", DEF(SBPF_MAP_BLOOM, 4, 0, 0, 3), -EINVAL },
	{ "bloom too large", DEF(SBPF_MAP_BLOOM, 4, 0, 0x7fffffff, 3),
	  -E2BIG },
	{ "countmin ok", DEF(SBPF_MAP_COUNTMIN, 4, 4, 2048, 4), 0 },
	{ "countmin Oko item in value_size",
	  DEF(SBPF_MAP_COUNTMIN, 0, 8, 64, 2), 0 },
	{ "countmin answer too small", DEF(SBPF_MAP_COUNTMIN, 4, 2, 64, 2),
	  -EINVAL },
	{ "countmin no rows", DEF(SBPF_MAP_COUNTMIN, 4, 4, 64, 0), -EINVAL },
	{ "countmin 17 rows", DEF(SBPF_MAP_COUNTMIN, 4, 4, 64, 17), -EINVAL },
	{ "countmin too large", DEF(SBPF_MAP_COUNTMIN, 4, 4, 1 << 28, 16),
	  -E2BIG },
	{ "type 0", DEF(SBPF_MAP_UNSPEC, 4, 4, 1, 0), -EINVAL },
	{ "type past the end", DEF(__SBPF_MAP_TYPE_MAX, 4, 4, 1, 0), -EINVAL },
};

static void def_case_desc(const struct def_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(def_cases, def_cases, def_case_desc);

static void map_def_check(struct kunit *test)
{
	const struct def_case *c = test->param_value;
	struct sbpf_map *map = (void *)1;
	int err = sbpf_map_create(&c->def, &map);

	KUNIT_EXPECT_EQ_MSG(test, err, c->err, "%s", c->name);
	if (err) {
		KUNIT_EXPECT_NULL(test, map);
		return;
	}
	KUNIT_ASSERT_NOT_NULL(test, map);
	KUNIT_EXPECT_EQ(test, map->def.type, c->def.type);
	KUNIT_EXPECT_NOT_NULL(test, map->ops);
	sbpf_map_destroy(map);
}

static void map_def_flags_and_name(struct kunit *test)
{
	struct sbpf_map_def def = DEF(SBPF_MAP_ARRAY, 4, 4, 1, 0);
	struct sbpf_map *map;

	def.flags = 1U << 5;
	KUNIT_EXPECT_EQ(test, sbpf_map_create(&def, &map), -EINVAL);
	def.flags = SBPF_F_RDONLY_PROG;
	memset(def.name, 'x', sizeof(def.name));
	KUNIT_EXPECT_EQ(test, sbpf_map_create(&def, &map), -EINVAL);
	def.name[SBPF_NAME_LEN - 1] = 0;
	KUNIT_ASSERT_EQ(test, sbpf_map_create(&def, &map), 0);
	KUNIT_EXPECT_STREQ(test, map->def.name, def.name);
	KUNIT_EXPECT_EQ(test, map->def.flags, (u32)SBPF_F_RDONLY_PROG);
	sbpf_map_destroy(map);
}

static struct sbpf_map *make_map(struct kunit *test, u32 type, u32 key,
				 u32 value, u32 n, u32 nhash)
{
	struct sbpf_map_def def = DEF(type, key, value, n, nhash);
	struct sbpf_map *map = NULL;

	KUNIT_EXPECT_EQ(test, sbpf_map_create(&def, &map), 0);
	return map;
}

/* ----------------------------------------------------------- array -- */

static void array_ops(struct kunit *test)
{
	struct sbpf_map *map = make_map(test, SBPF_MAP_ARRAY, 4, 12, 5, 0);
	u8 value[12], out[12];
	u32 k, next;
	void *p[5];

	KUNIT_ASSERT_NOT_NULL(test, map);
	for (k = 0; k < 5; k++) {
		p[k] = map->ops->lookup(map, &k);
		KUNIT_ASSERT_NOT_NULL(test, p[k]);
		KUNIT_EXPECT_EQ(test, (uintptr_t)p[k] % 8, (uintptr_t)0);
		if (k)
			KUNIT_EXPECT_EQ(test, (uintptr_t)p[k] -
					(uintptr_t)p[k - 1], (uintptr_t)16);
	}
	k = 5;
	KUNIT_EXPECT_NULL(test, map->ops->lookup(map, &k));
	k = 0xffffffff;
	KUNIT_EXPECT_NULL(test, map->ops->lookup(map, &k));

	memset(value, 0xab, sizeof(value));
	k = 4;
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, value, SBPF_ANY), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, value, SBPF_EXIST), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, value, SBPF_NOEXIST),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, value, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(p[4], value, sizeof(value)), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &k, out), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out, value, sizeof(value)), 0);
	k = 5;
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, value, SBPF_ANY),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &k, out), -ENOENT);
	k = 1;
	KUNIT_EXPECT_EQ(test, sbpf_map_delete(map, &k), -EINVAL);
	KUNIT_EXPECT_EQ(test, map->ops->add(map, &k), -EOPNOTSUPP);

	/* Iteration: 0..4 then -ENOENT; unknown keys restart at 0. */
	KUNIT_EXPECT_EQ(test, sbpf_map_get_next_key(map, NULL, &next), 0);
	KUNIT_EXPECT_EQ(test, next, 0U);
	for (k = 0; k < 4; k++) {
		KUNIT_EXPECT_EQ(test, sbpf_map_get_next_key(map, &k, &next), 0);
		KUNIT_EXPECT_EQ(test, next, k + 1);
	}
	KUNIT_EXPECT_EQ(test, sbpf_map_get_next_key(map, &k, &next), -ENOENT);
	k = 77;
	KUNIT_EXPECT_EQ(test, sbpf_map_get_next_key(map, &k, &next), 0);
	KUNIT_EXPECT_EQ(test, next, 0U);
	KUNIT_EXPECT_PTR_EQ(test, sbpf_array_value(map, 2), p[2]);
	KUNIT_EXPECT_NULL(test, sbpf_array_value(map, 5));
	sbpf_map_destroy(map);
}

/* ------------------------------------------------------------ hash -- */

struct hkey {
	u32 a;
	u8 b;
};	/* 8 bytes with padding: keys are compared as bytes */

static void hkey_make(struct hkey *k, u32 i)
{
	memset(k, 0, sizeof(*k));
	k->a = i * 2654435761U;
	k->b = (u8)i;
}

static void hash_capacity_and_flags(struct kunit *test)
{
	const u32 n = 64;
	struct sbpf_map *map = make_map(test, SBPF_MAP_HASH,
					sizeof(struct hkey), 8, n, 0);
	struct hkey k;
	u64 v, out;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, map);
	for (i = 0; i < n; i++) {
		hkey_make(&k, i);
		v = i * 3;
		KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_NOEXIST),
				0);
	}
	hkey_make(&k, n);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_ANY), -E2BIG);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_EXIST),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, sbpf_map_delete(map, &k), -ENOENT);
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &k, &out), -ENOENT);
	KUNIT_EXPECT_NULL(test, map->ops->lookup(map, &k));
	hkey_make(&k, 7);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_NOEXIST),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, 3), -EINVAL);
	/* Replacing when full is fine. */
	v = 1234;
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_EXIST), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &k, &out), 0);
	KUNIT_EXPECT_EQ(test, out, 1234ULL);
	for (i = 0; i < n; i++) {
		hkey_make(&k, i);
		KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &k, &out), 0);
		KUNIT_EXPECT_EQ(test, out, i == 7 ? 1234ULL : (u64)i * 3);
	}
	/* Delete one, insert another: room again. */
	hkey_make(&k, 3);
	KUNIT_EXPECT_EQ(test, sbpf_map_delete(map, &k), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_delete(map, &k), -ENOENT);
	KUNIT_EXPECT_NULL(test, map->ops->lookup(map, &k));
	hkey_make(&k, n);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_ANY), 0);
	hkey_make(&k, n + 1);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_ANY), -E2BIG);
	KUNIT_EXPECT_EQ(test, map->ops->add(map, &k), -EOPNOTSUPP);
	sbpf_map_destroy(map);
}

static void hash_iteration(struct kunit *test)
{
	const u32 n = 200;
	struct sbpf_map *map = make_map(test, SBPF_MAP_HASH, 4, 4, n, 0);
	u8 *seen = kunit_kzalloc(test, n, GFP_KERNEL);
	u32 i, k, next, count = 0;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, map);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_EXPECT_EQ(test, sbpf_map_get_next_key(map, NULL, &next),
			-ENOENT);
	for (i = 0; i < n; i += 2)
		KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &i, &i, SBPF_ANY),
				0);
	for (err = sbpf_map_get_next_key(map, NULL, &next); !err;
	     err = sbpf_map_get_next_key(map, &k, &next)) {
		KUNIT_ASSERT_LT(test, next, n);
		KUNIT_EXPECT_EQ(test, next % 2, 0U);
		KUNIT_EXPECT_EQ(test, seen[next], 0);
		seen[next] = 1;
		count++;
		k = next;
		KUNIT_ASSERT_LE(test, count, n);
	}
	KUNIT_EXPECT_EQ(test, err, -ENOENT);
	KUNIT_EXPECT_EQ(test, count, n / 2);
	/* A key that is gone restarts from the first key. */
	k = 1;
	KUNIT_EXPECT_EQ(test, sbpf_map_get_next_key(map, &k, &next), 0);
	sbpf_map_destroy(map);
}

/*
 * Replaced and deleted elements come back only after a grace period; the
 * control plane waits for them when it runs short.  Thousands of
 * replacements of a map with 4 entries (21 elements) all succeed.
 */
static void hash_reuse_after_grace_period(struct kunit *test)
{
	struct sbpf_map *map = make_map(test, SBPF_MAP_HASH, 4, 8, 4, 0);
	u64 v, out;
	u32 i, k;

	KUNIT_ASSERT_NOT_NULL(test, map);
	for (i = 0; i < 2000; i++) {
		k = i % 4;
		v = i;
		KUNIT_ASSERT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_ANY), 0);
		if (i % 7 == 0)
			KUNIT_ASSERT_EQ(test, sbpf_map_delete(map, &k), 0);
	}
	for (k = 0; k < 4; k++) {
		int err = sbpf_map_lookup_copy(map, &k, &out);

		/* The last write of key k was at i = 1996 + k. */
		if ((1996 + k) % 7 == 0) {
			KUNIT_EXPECT_EQ(test, err, -ENOENT);
		} else {
			KUNIT_EXPECT_EQ(test, err, 0);
			KUNIT_EXPECT_EQ(test, out, 1996ULL + k);
		}
	}
	/* Program-side updates never wait: they succeed or say -EBUSY. */
	sbpf_rcu_read_lock();
	for (i = 0; i < 100; i++) {
		int err;

		k = 0;
		v = i;
		err = map->ops->update(map, &k, &v, SBPF_ANY);
		KUNIT_EXPECT_TRUE(test, err == 0 || err == -EBUSY);
	}
	sbpf_rcu_read_unlock();
	sbpf_map_destroy(map);
}

/*
 * Elements are set up on first use: inside one read-side section (no grace
 * period can end) a map with 4 entries (4 + 17 elements) serves 21
 * distinct, zeroed-then-written values to one insert and 20 replacements,
 * and the next replacement finds none free: -EBUSY, the entry unchanged.
 */
static void hash_every_element_once(struct kunit *test)
{
	struct sbpf_map *map = make_map(test, SBPF_MAP_HASH, 4, 8, 4, 0);
	u64 *seen[21], v, *p;
	u32 i, j, k = 9;

	KUNIT_ASSERT_NOT_NULL(test, map);
	sbpf_rcu_read_lock();
	for (i = 0; i < 21; i++) {
		v = 100 + i;
		KUNIT_ASSERT_EQ(test, map->ops->update(map, &k, &v, SBPF_ANY),
				0);
		p = map->ops->lookup(map, &k);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, *p, 100ULL + i);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_PTR_NE(test, seen[j], p);
		seen[i] = p;
	}
	v = 999;
	KUNIT_EXPECT_EQ(test, map->ops->update(map, &k, &v, SBPF_ANY), -EBUSY);
	p = map->ops->lookup(map, &k);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, *p, 120ULL);
	/* The replaced values stay as they were until the grace period. */
	for (j = 0; j < 21; j++)
		KUNIT_EXPECT_EQ(test, *seen[j], 100ULL + j);
	sbpf_rcu_read_unlock();
	/* After it, the control plane gets its elements back. */
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_ANY), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &k, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 999ULL);
	sbpf_map_destroy(map);
}

/*
 * Values are 8-byte aligned (programs use atomics on them) for every key
 * and value size, and an entry of a key and a value of up to 8 bytes each
 * has them in one cache line (a lookup touches one line after the bucket
 * head): keys of 1..24 bytes, values of 1..24.
 */
static void hash_value_placement(struct kunit *test)
{
	u8 key[24], value[24];
	u32 ks, vs, i;

	for (ks = 1; ks <= 24; ks += 1) {
		for (vs = 1; vs <= 24; vs += 1) {
			struct sbpf_map *map = make_map(test, SBPF_MAP_HASH,
							ks, vs, 8, 0);
			bool small = ks <= 8 && vs <= 8;

			KUNIT_ASSERT_NOT_NULL(test, map);
			memset(value, 0x5a, sizeof(value));
			sbpf_rcu_read_lock();
			for (i = 0; i < 8; i++) {
				uintptr_t v;
				u8 *p;

				memset(key, 0, sizeof(key));
				key[0] = (u8)i;
				KUNIT_ASSERT_EQ(test, map->ops->update(map,
						key, value, SBPF_ANY), 0);
				p = map->ops->lookup(map, key);
				KUNIT_ASSERT_NOT_NULL(test, p);
				v = (uintptr_t)p;
				KUNIT_EXPECT_EQ(test, v % 8, 0UL);
				KUNIT_EXPECT_EQ(test, memcmp(p, value, vs), 0);
				if (small)
					KUNIT_EXPECT_EQ(test,
						(v - (ks + 7) / 8 * 8) / 64,
						(v + vs - 1) / 64);
			}
			sbpf_rcu_read_unlock();
			sbpf_map_destroy(map);
		}
	}
}

/* A value looked up before a replace stays readable and is not reused. */
static void hash_old_value_stays(struct kunit *test)
{
	struct sbpf_map *map = make_map(test, SBPF_MAP_HASH, 4, 8, 2, 0);
	u64 v = 111, *old, *cur;
	u32 k = 5;

	KUNIT_ASSERT_NOT_NULL(test, map);
	KUNIT_ASSERT_EQ(test, sbpf_map_update(map, &k, &v, SBPF_ANY), 0);
	sbpf_rcu_read_lock();
	old = map->ops->lookup(map, &k);
	KUNIT_ASSERT_NOT_NULL(test, old);
	v = 222;
	/* Program-side update inside the same read-side section. */
	KUNIT_EXPECT_EQ(test, map->ops->update(map, &k, &v, SBPF_ANY), 0);
	cur = map->ops->lookup(map, &k);
	KUNIT_ASSERT_NOT_NULL(test, cur);
	KUNIT_EXPECT_PTR_NE(test, old, cur);
	KUNIT_EXPECT_EQ(test, *old, 111ULL);
	KUNIT_EXPECT_EQ(test, *cur, 222ULL);
	KUNIT_EXPECT_EQ(test, map->ops->delete(map, &k), 0);
	KUNIT_EXPECT_EQ(test, *cur, 222ULL);
	sbpf_rcu_read_unlock();
	sbpf_map_destroy(map);
}

/* ----------------------------------------------------------- bloom -- */

static void bloom_membership(struct kunit *test)
{
	struct sbpf_map *map = make_map(test, SBPF_MAP_BLOOM, 4, 4, 1024, 3);
	u32 i, fp = 0, one;
	u32 *ans;

	KUNIT_ASSERT_NOT_NULL(test, map);
	sbpf_rcu_read_lock();
	for (i = 0; i < 500; i++)
		KUNIT_EXPECT_EQ(test, map->ops->add(map, &i), 0);
	for (i = 0; i < 500; i++) {
		ans = map->ops->lookup(map, &i);
		KUNIT_ASSERT_NOT_NULL_MSG(test, ans, "false negative %u", i);
		KUNIT_EXPECT_EQ(test, *ans, 1U);
	}
	/* m = 8192 bits, k = 3, 500 items: about 0.5 % false positives. */
	for (i = 1000000; i < 1010000; i++)
		if (map->ops->lookup(map, &i))
			fp++;
	sbpf_rcu_read_unlock();
	KUNIT_EXPECT_LT(test, fp, 300U);
	i = 7;
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &i, &one), 0);
	KUNIT_EXPECT_EQ(test, one, 1U);
	i = 2000000;
	if (!map->ops->lookup(map, &i))
		KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &i, &one),
				-ENOENT);
	/* Control-plane update adds; the rest is not supported. */
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &i, NULL, SBPF_ANY), 0);
	KUNIT_EXPECT_NOT_NULL(test, map->ops->lookup(map, &i));
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &i, NULL, SBPF_NOEXIST),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, sbpf_map_delete(map, &i), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, sbpf_map_get_next_key(map, NULL, &i),
			-EOPNOTSUPP);
	sbpf_map_destroy(map);
}

/*
 * Oko's definition (item size in value_size), tiny bit arrays: no
 * overflow (ASan build), no false negatives.
 */
static void bloom_sizes(struct kunit *test)
{
	u32 bytes, i;

	for (bytes = 1; bytes <= 17; bytes++) {
		struct sbpf_map *map = make_map(test, SBPF_MAP_BLOOM, 0, 6,
						bytes, 5);
		u8 item[6] = { 0 };

		KUNIT_ASSERT_NOT_NULL(test, map);
		KUNIT_EXPECT_EQ(test, map->def.key_size, 6U);
		for (i = 0; i < 64; i++) {
			item[0] = (u8)i;
			item[5] = (u8)bytes;
			map->ops->add(map, item);
			KUNIT_EXPECT_NOT_NULL(test, map->ops->lookup(map, item));
		}
		sbpf_map_destroy(map);
	}
}

/* -------------------------------------------------------- countmin -- */

static void countmin_counts(struct kunit *test)
{
	struct sbpf_map *map = make_map(test, SBPF_MAP_COUNTMIN, 4, 8, 4096, 4);
	u32 item, i, *ans;
	u64 out;

	KUNIT_ASSERT_NOT_NULL(test, map);
	sbpf_rcu_read_lock();
	for (item = 1; item <= 20; item++)
		for (i = 0; i < item; i++)
			KUNIT_EXPECT_EQ(test, map->ops->add(map, &item), 0);
	/* 20 items in 4 rows of 4096: all exact unless all rows collide. */
	for (item = 1; item <= 20; item++) {
		ans = map->ops->lookup(map, &item);
		KUNIT_ASSERT_NOT_NULL(test, ans);
		KUNIT_EXPECT_EQ(test, ans[0], item);
		KUNIT_EXPECT_EQ(test, ans[1], 0U);	/* zero-padded */
	}
	item = 999;
	ans = map->ops->lookup(map, &item);
	KUNIT_ASSERT_NOT_NULL(test, ans);
	KUNIT_EXPECT_EQ(test, ans[0], 0U);
	sbpf_rcu_read_unlock();
	item = 12;
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(map, &item, &out), 0);
	KUNIT_EXPECT_EQ(test, out, 12ULL);
	KUNIT_EXPECT_EQ(test, sbpf_map_update(map, &item, &out, SBPF_ANY),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, sbpf_map_delete(map, &item), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, sbpf_map_get_next_key(map, NULL, &item),
			-EOPNOTSUPP);
	sbpf_map_destroy(map);
}

/* Never under-estimates, even with a single narrow row. */
static void countmin_narrow(struct kunit *test)
{
	struct sbpf_map *map = make_map(test, SBPF_MAP_COUNTMIN, 2, 4, 3, 1);
	u16 item;
	u32 i, *ans;

	KUNIT_ASSERT_NOT_NULL(test, map);
	for (item = 0; item < 30; item++)
		for (i = 0; i <= item; i++)
			map->ops->add(map, &item);
	for (item = 0; item < 30; item++) {
		ans = map->ops->lookup(map, &item);
		KUNIT_ASSERT_NOT_NULL(test, ans);
		KUNIT_EXPECT_GE(test, *ans, (u32)item + 1);
	}
	sbpf_map_destroy(map);
}

#ifndef __KERNEL__
struct cm_thread_arg {
	struct sbpf_map *map;
	u32 item;
	u32 *ans;
	u32 value;
};

static void *cm_thread(void *p)
{
	struct cm_thread_arg *a = p;

	sbpf_thread_register();
	sbpf_rcu_read_lock();
	a->ans = a->map->ops->lookup(a->map, &a->item);
	a->value = a->ans ? *a->ans : ~0U;
	sbpf_rcu_read_unlock();
	sbpf_thread_unregister();
	return NULL;
}
#endif

/* Answers live in per-CPU (kernel) / per-thread (userspace) scratch. */
static void countmin_answer_not_shared(struct kunit *test)
{
	struct sbpf_map *map = make_map(test, SBPF_MAP_COUNTMIN, 4, 4, 256, 2);
	u32 a = 1, b = 2, *pa, *pb;

	KUNIT_ASSERT_NOT_NULL(test, map);
	map->ops->add(map, &a);
	sbpf_rcu_read_lock();
	pa = map->ops->lookup(map, &a);
	KUNIT_ASSERT_NOT_NULL(test, pa);
	KUNIT_EXPECT_EQ(test, *pa, 1U);
	/* Same CPU/thread, same map: the next lookup reuses the buffer. */
	pb = map->ops->lookup(map, &b);
	KUNIT_EXPECT_PTR_EQ(test, pa, pb);
	KUNIT_EXPECT_EQ(test, *pb, 0U);
	sbpf_rcu_read_unlock();
#ifndef __KERNEL__
	{
		struct cm_thread_arg arg = { .map = map, .item = a };
		pthread_t t;

		KUNIT_ASSERT_EQ(test, pthread_create(&t, NULL, cm_thread, &arg),
				0);
		pthread_join(t, NULL);
		KUNIT_EXPECT_EQ(test, arg.value, 1U);
		KUNIT_EXPECT_PTR_NE(test, (void *)arg.ans, (void *)pa);
		KUNIT_EXPECT_EQ(test, *pa, 0U);	/* ours is untouched */
	}
#endif
	sbpf_map_destroy(map);
}

/* ------------------------------------------------------------ hash fn -- */

static void hash_bytes_function(struct kunit *test)
{
	u8 buf[64];
	u64 h[17];
	u32 i, j;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 7);
	for (i = 0; i <= 16; i++)
		h[i] = sbpf_hash_bytes(buf, i, 0);
	for (i = 0; i <= 16; i++)
		for (j = i + 1; j <= 16; j++)
			KUNIT_EXPECT_NE(test, h[i], h[j]);
	KUNIT_EXPECT_EQ(test, sbpf_hash_bytes(buf, 13, 5),
			sbpf_hash_bytes(buf, 13, 5));
	KUNIT_EXPECT_NE(test, sbpf_hash_bytes(buf, 13, 5),
			sbpf_hash_bytes(buf, 13, 6));
	/* A one-bit change anywhere changes the hash. */
	for (i = 0; i < 13 * 8; i++) {
		u64 before = sbpf_hash_bytes(buf, 13, 1);

		buf[i / 8] ^= 1 << (i % 8);
		KUNIT_EXPECT_NE(test, sbpf_hash_bytes(buf, 13, 1), before);
		buf[i / 8] ^= 1 << (i % 8);
	}
}

/* Carrying content over into a map of the same definition, every type. */
static void map_copy_all_types(struct kunit *test)
{
	struct sbpf_map *a, *b, *c;
	u32 k, v, out;

	/* Array and hash: every entry. */
	a = make_map(test, SBPF_MAP_ARRAY, 4, 4, 8, 0);
	b = make_map(test, SBPF_MAP_ARRAY, 4, 4, 8, 0);
	c = make_map(test, SBPF_MAP_ARRAY, 4, 4, 9, 0);
	KUNIT_ASSERT_TRUE(test, a && b && c);
	for (k = 0; k < 8; k++) {
		v = k * 10;
		sbpf_map_update(a, &k, &v, SBPF_ANY);
	}
	KUNIT_EXPECT_EQ(test, sbpf_map_copy(b, a), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_copy(c, a), -EINVAL);
	for (k = 0; k < 8; k++) {
		KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(b, &k, &out), 0);
		KUNIT_EXPECT_EQ(test, out, k * 10);
	}
	sbpf_map_destroy(a);
	sbpf_map_destroy(b);
	sbpf_map_destroy(c);

	a = make_map(test, SBPF_MAP_HASH, 4, 4, 50, 0);
	b = make_map(test, SBPF_MAP_HASH, 4, 4, 50, 0);
	KUNIT_ASSERT_TRUE(test, a && b);
	for (k = 100; k < 140; k++)
		sbpf_map_update(a, &k, &k, SBPF_ANY);
	KUNIT_EXPECT_EQ(test, sbpf_map_copy(b, a), 0);
	for (k = 100; k < 140; k++) {
		KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(b, &k, &out), 0);
		KUNIT_EXPECT_EQ(test, out, k);
	}
	k = 99;
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(b, &k, &out), -ENOENT);
	sbpf_map_destroy(a);
	sbpf_map_destroy(b);

	/* Bloom and count-min: the state (and its seed) replaces @to's. */
	a = make_map(test, SBPF_MAP_BLOOM, 4, 0, 128, 3);
	b = make_map(test, SBPF_MAP_BLOOM, 4, 0, 128, 3);
	KUNIT_ASSERT_TRUE(test, a && b);
	for (k = 0; k < 30; k++)
		a->ops->add(a, &k);
	KUNIT_EXPECT_EQ(test, sbpf_map_copy(b, a), 0);
	for (k = 0; k < 30; k++)
		KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(b, &k, &out), 0);
	sbpf_map_destroy(a);
	sbpf_map_destroy(b);

	a = make_map(test, SBPF_MAP_COUNTMIN, 4, 4, 512, 3);
	b = make_map(test, SBPF_MAP_COUNTMIN, 4, 4, 512, 3);
	KUNIT_ASSERT_TRUE(test, a && b);
	k = 5;
	a->ops->add(a, &k);
	a->ops->add(a, &k);
	b->ops->add(b, &k);
	KUNIT_EXPECT_EQ(test, sbpf_map_copy(b, a), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(b, &k, &out), 0);
	KUNIT_EXPECT_EQ(test, out, 2U);
	sbpf_map_destroy(a);
	sbpf_map_destroy(b);
}

static struct kunit_case map_test_cases[] = {
	KUNIT_CASE_PARAM(map_def_check, def_cases_gen_params),
	KUNIT_CASE(map_def_flags_and_name),
	KUNIT_CASE(array_ops),
	KUNIT_CASE(hash_capacity_and_flags),
	KUNIT_CASE(hash_iteration),
	KUNIT_CASE(hash_reuse_after_grace_period),
	KUNIT_CASE(hash_every_element_once),
	KUNIT_CASE(hash_value_placement),
	KUNIT_CASE(hash_old_value_stays),
	KUNIT_CASE(bloom_membership),
	KUNIT_CASE(bloom_sizes),
	KUNIT_CASE(countmin_counts),
	KUNIT_CASE(countmin_narrow),
	KUNIT_CASE(countmin_answer_not_shared),
	KUNIT_CASE(hash_bytes_function),
	KUNIT_CASE(map_copy_all_types),
	{}
};

static struct kunit_suite map_test_suite = {
	.name = "sbpf_maps",
	.test_cases = map_test_cases,
};

kunit_test_suite(map_test_suite);
