// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Count-min sketch: approximate per-item counts in fixed memory, never
 * under-estimated.
 *
 * Definition (Oko compatible).  key_size is the item size (an Oko
 * definition with key_size 0 has it in value_size; map.c copies it over),
 * nb_hash_functions is the number of rows d (1..16), max_entries the row
 * width w, and value_size (>= 4) the size of a lookup's answer: the
 * estimated count as a u32 in its first four bytes, zeros after (Oko's
 * layout).  Counters are u32 and wrap after 2^32 - 1 adds.
 *
 * Hashing.  One 64-bit hash of the item (random seed per map) gives h1 and
 * h2; row i uses column (h1 + i * h2) mod w.  The counter of row i, column
 * c is counters[i * w + c] (Oko indexed rows with the number of rows and
 * overlapped them).
 *
 * Operations.  map_add adds 1 to the item's counter in every row, each
 * with an atomic add.  map_lookup computes the minimum over the rows and
 * writes it into a scratch buffer that is per CPU in the kernel (programs
 * run with BH disabled: nothing else uses this CPU's buffer until the
 * program exits) and per thread in userspace, then returns its address: a
 * result is never shared between CPUs, and a later lookup in the same
 * program run overwrites it (programs copy the count before the next
 * lookup of the same map).  Nothing is stored per item: update, delete and
 * get_next_key are -EOPNOTSUPP; the control plane reads an estimate with
 * sbpf_map_lookup_copy().
 *
 * Concurrency.  Counters change only by atomic adds and are read with
 * READ_ONCE; a lookup racing with adds sees each row before or after each
 * add, so the estimate stays within the counts of the two instants.
 */
#include "sbpf.h"
#include "map_internal.h"

struct sbpf_countmin {
	struct sbpf_map map;
	u64 seed;
	struct sbpf_percpu *scratch;	/* lookup answers */
	u32 scratch_size;
	u32 unused;
	u32 counters[];			/* rows * width */
};

static struct sbpf_countmin *to_cm(struct sbpf_map *map)
{
	return container_of(map, struct sbpf_countmin, map);
}

static int cm_check_def(const struct sbpf_map_def *def)
{
	u64 bytes = (u64)def->nb_hash_functions * def->max_entries *
		    sizeof(u32);

	if (!def->key_size || def->value_size < sizeof(u32) ||
	    !def->nb_hash_functions ||
	    def->nb_hash_functions > SBPF_MAP_MAX_HASH_FUNCS)
		return -EINVAL;
	if (bytes > SBPF_MAP_MAX_BYTES)
		return -E2BIG;
	return 0;
}

static struct sbpf_map *cm_alloc(const struct sbpf_map_def *def)
{
	u64 n = (u64)def->nb_hash_functions * def->max_entries;
	struct sbpf_countmin *cm;

	cm = sbpf_vzalloc(sizeof(*cm) + n * sizeof(u32));
	if (!cm)
		return NULL;
	cm->seed = ((u64)sbpf_get_random_u32() << 32) | sbpf_get_random_u32();
	cm->scratch_size = (def->value_size + 7) & ~7U;
	cm->scratch = sbpf_percpu_alloc(cm->scratch_size);
	if (!cm->scratch) {
		sbpf_vfree(cm);
		return NULL;
	}
	return &cm->map;
}

static void cm_free(struct sbpf_map *map)
{
	struct sbpf_countmin *cm = to_cm(map);

	sbpf_percpu_free(cm->scratch);
	sbpf_vfree(cm);
}

/* Index of row @row's counter for hash @h. */
static u64 cm_index(const struct sbpf_countmin *cm, u64 h, u32 row)
{
	u64 w = cm->map.def.max_entries;
	u64 h1 = (u32)h, h2 = (h >> 32) | 1;

	return row * w + sbpf_mod64_u64(h1 + (u64)row * h2, w);
}

static u32 cm_estimate(struct sbpf_countmin *cm, const void *item)
{
	u64 h = sbpf_hash_bytes(item, cm->map.def.key_size, cm->seed);
	u32 row, min = ~0U;

	for (row = 0; row < cm->map.def.nb_hash_functions; row++) {
		u32 c = READ_ONCE(cm->counters[cm_index(cm, h, row)]);

		if (c < min)
			min = c;
	}
	return min;
}

/* Program context, with BH disabled (kernel). */
static void *cm_lookup(struct sbpf_map *map, const void *item)
{
	struct sbpf_countmin *cm = to_cm(map);
	u32 count = cm_estimate(cm, item);
	u8 *ans = sbpf_this_cpu_ptr(cm->scratch);

	if (!ans)
		return NULL;
	memset(ans, 0, cm->scratch_size);
	memcpy(ans, &count, sizeof(count));
	return ans;
}

static int cm_add(struct sbpf_map *map, const void *item)
{
	struct sbpf_countmin *cm = to_cm(map);
	u64 h = sbpf_hash_bytes(item, map->def.key_size, cm->seed);
	u32 row;

	for (row = 0; row < map->def.nb_hash_functions; row++)
		sbpf_atomic32_add(&cm->counters[cm_index(cm, h, row)], 1);
	return 0;
}

static int cm_update(struct sbpf_map *map, const void *key,
		     const void *value, u64 flags)
{
	return -EOPNOTSUPP;
}

static int cm_delete(struct sbpf_map *map, const void *key)
{
	return -EOPNOTSUPP;
}

static int cm_get_next_key(struct sbpf_map *map, const void *key,
			   void *next_key)
{
	return -EOPNOTSUPP;
}

void sbpf_countmin_copy(struct sbpf_map *to, struct sbpf_map *from)
{
	struct sbpf_countmin *t = to_cm(to), *f = to_cm(from);
	u64 i, n = (u64)from->def.nb_hash_functions * from->def.max_entries;

	/* The counters only mean something with the seed that placed them. */
	t->seed = f->seed;
	for (i = 0; i < n; i++)
		WRITE_ONCE(t->counters[i], READ_ONCE(f->counters[i]));
}

static int cm_copy_value(struct sbpf_map *map, const void *key, void *value)
{
	u32 count = cm_estimate(to_cm(map), key);

	memset(value, 0, map->def.value_size);
	memcpy(value, &count, sizeof(count));
	return 0;
}

const struct sbpf_map_ops sbpf_countmin_ops = {
	.check_def	= cm_check_def,
	.alloc		= cm_alloc,
	.free		= cm_free,
	.lookup		= cm_lookup,
	.update		= cm_update,
	.delete		= cm_delete,
	.add		= cm_add,
	.get_next_key	= cm_get_next_key,
	.copy_value	= cm_copy_value,
};
