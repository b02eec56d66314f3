// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Bloom filter: set membership with false positives, no false negatives.
 *
 * Definition (Oko compatible).  key_size is the item size (an Oko
 * definition with key_size 0 has it in value_size; map.c copies it over),
 * nb_hash_functions is k (1..16), and max_entries is the size of the bit
 * array in bytes: m = 8 * max_entries bits, the range Oko hashed into (Oko
 * then allocated max_entries / 8 bytes and wrote past them; here the array
 * is exactly m bits, in 64-bit words).  8 bits per expected item with k = 3
 * to 6 gives a false-positive rate of 2-3 %.
 *
 * Hashing.  One 64-bit hash of the item (random seed per map) gives h1 and
 * h2; probe i tests bit (h1 + i * h2) mod m (double hashing, h2 odd).
 *
 * Operations.  map_add (and a control-plane update, value ignored) sets the
 * k bits with atomic OR on their words.  map_lookup returns NULL when some
 * bit is clear (certainly absent) and otherwise a pointer to a scratch
 * value ("maybe present"): value_size bytes (at least 8 are allocated)
 * holding the u32 1 when value_size >= 4, as Oko's lookup answered 1.  The
 * scratch buffer is per CPU in the kernel (programs run with BH disabled,
 * so nothing else runs on this CPU until the program exits) and per thread
 * in userspace, so answers are never shared between CPUs and a program may
 * even write to it harmlessly.  Items cannot be removed (delete is
 * -EOPNOTSUPP) and no keys are stored (get_next_key is -EOPNOTSUPP).
 *
 * Concurrency.  Bits only go from 0 to 1, with atomic OR; lookups read
 * words with READ_ONCE.  A lookup racing with an add of the same item may
 * answer either way, as if it ran before or after.  The bit array lives as
 * long as the map.
 */
#include "sbpf.h"
#include "map_internal.h"

struct sbpf_bloom {
	struct sbpf_map map;
	u64 nbits;			/* m */
	u64 seed;
	struct sbpf_percpu *scratch;	/* lookup answers */
	u32 scratch_size;
	u64 words[];			/* m bits */
};

static struct sbpf_bloom *to_bloom(struct sbpf_map *map)
{
	return container_of(map, struct sbpf_bloom, map);
}

static int bloom_check_def(const struct sbpf_map_def *def)
{
	if (!def->key_size || !def->nb_hash_functions ||
	    def->nb_hash_functions > SBPF_MAP_MAX_HASH_FUNCS)
		return -EINVAL;
	if (def->max_entries > SBPF_MAP_MAX_BYTES)
		return -E2BIG;
	return 0;
}

static struct sbpf_map *bloom_alloc(const struct sbpf_map_def *def)
{
	u64 nbits = (u64)def->max_entries * 8;
	u64 nwords = (nbits + 63) / 64;
	struct sbpf_bloom *b;

	b = sbpf_vzalloc(sizeof(*b) + nwords * sizeof(u64));
	if (!b)
		return NULL;
	b->nbits = nbits;
	b->seed = ((u64)sbpf_get_random_u32() << 32) | sbpf_get_random_u32();
	b->scratch_size = def->value_size > 8 ? (def->value_size + 7) & ~7U
					      : 8;
	b->scratch = sbpf_percpu_alloc(b->scratch_size);
	if (!b->scratch) {
		sbpf_vfree(b);
		return NULL;
	}
	return &b->map;
}

static void bloom_free(struct sbpf_map *map)
{
	struct sbpf_bloom *b = to_bloom(map);

	sbpf_percpu_free(b->scratch);
	sbpf_vfree(b);
}

/* Bit of probe @i: (h1 + i * h2) mod m, computed without overflow. */
static u64 bloom_bit(const struct sbpf_bloom *b, u64 h, u32 i)
{
	u64 h1 = (u32)h, h2 = (h >> 32) | 1;

	return sbpf_mod64_u64(h1 + (u64)i * h2, b->nbits);
}

static bool bloom_test(struct sbpf_bloom *b, const void *item)
{
	u64 h = sbpf_hash_bytes(item, b->map.def.key_size, b->seed);
	u32 i;

	for (i = 0; i < b->map.def.nb_hash_functions; i++) {
		u64 bit = bloom_bit(b, h, i);

		if (!(READ_ONCE(b->words[bit / 64]) & (1ULL << (bit % 64))))
			return false;
	}
	return true;
}

/* Program context, with BH disabled (kernel). */
static void *bloom_lookup(struct sbpf_map *map, const void *item)
{
	struct sbpf_bloom *b = to_bloom(map);
	u8 *ans;
	u32 one = 1;

	if (!bloom_test(b, item))
		return NULL;
	ans = sbpf_this_cpu_ptr(b->scratch);
	if (!ans)
		return NULL;
	memset(ans, 0, b->scratch_size);
	if (map->def.value_size >= sizeof(one))
		memcpy(ans, &one, sizeof(one));
	return ans;
}

static int bloom_add(struct sbpf_map *map, const void *item)
{
	struct sbpf_bloom *b = to_bloom(map);
	u64 h = sbpf_hash_bytes(item, map->def.key_size, b->seed);
	u32 i;

	for (i = 0; i < map->def.nb_hash_functions; i++) {
		u64 bit = bloom_bit(b, h, i);

		sbpf_atomic64_or(&b->words[bit / 64], 1ULL << (bit % 64));
	}
	return 0;
}

static int bloom_update(struct sbpf_map *map, const void *key,
			const void *value, u64 flags)
{
	if (flags != SBPF_ANY)
		return -EINVAL;
	return bloom_add(map, key);
}

static int bloom_delete(struct sbpf_map *map, const void *key)
{
	return -EOPNOTSUPP;
}

static int bloom_get_next_key(struct sbpf_map *map, const void *key,
			      void *next_key)
{
	return -EOPNOTSUPP;
}

void sbpf_bloom_copy(struct sbpf_map *to, struct sbpf_map *from)
{
	struct sbpf_bloom *t = to_bloom(to), *f = to_bloom(from);
	u64 i;

	/* The bits only mean something with the hash seed that set them. */
	t->seed = f->seed;
	for (i = 0; i < (f->nbits + 63) / 64; i++)
		WRITE_ONCE(t->words[i], READ_ONCE(f->words[i]));
}

/* Control plane: the answer a program would get, or -ENOENT. */
static int bloom_copy_value(struct sbpf_map *map, const void *key,
			    void *value)
{
	u32 one = 1;

	if (!bloom_test(to_bloom(map), key))
		return -ENOENT;
	memset(value, 0, map->def.value_size);
	if (map->def.value_size >= sizeof(one))
		memcpy(value, &one, sizeof(one));
	return 0;
}

const struct sbpf_map_ops sbpf_bloom_ops = {
	.check_def	= bloom_check_def,
	.alloc		= bloom_alloc,
	.free		= bloom_free,
	.lookup		= bloom_lookup,
	.update		= bloom_update,
	.delete		= bloom_delete,
	.add		= bloom_add,
	.get_next_key	= bloom_get_next_key,
	.copy_value	= bloom_copy_value,
};
