/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Internals shared by the map implementations, the helpers and the program
 * loader.  Not part of the public API.
 */
#ifndef SBPF_MAP_INTERNAL_H
#define SBPF_MAP_INTERNAL_H 1

#include "sbpf.h"

/* Limits common to every map type. */
#define SBPF_MAP_MAX_KEY_SIZE		512
#define SBPF_MAP_MAX_VALUE_SIZE		(1U << 20)
#define SBPF_MAP_MAX_BYTES		(1ULL << 30)	/* total storage */
#define SBPF_MAP_MAX_HASH_FUNCS		16	/* bloom k, count-min rows */

extern const struct sbpf_map_ops sbpf_array_ops;
extern const struct sbpf_map_ops sbpf_hash_ops;
extern const struct sbpf_map_ops sbpf_bloom_ops;
extern const struct sbpf_map_ops sbpf_countmin_ops;

/*
 * sbpf_hash_bytes() - 64-bit hash of @len bytes at @data with @seed.
 * Fast, well mixed, not cryptographic; hash maps use a random seed per map
 * against collision flooding.  Portable: reads bytes with memcpy.
 * sbpf_hash_inline() is the same function inline, for callers that pass
 * a constant @len (the loop and tail then reduce to straight-line code).
 */
u64 sbpf_hash_bytes(const void *data, u32 len, u64 seed);

/*
 * 64-bit multiply-xorshift mixing over 8-byte words; the tail is loaded
 * into a zeroed word.  The length is mixed into the initial state so that
 * inputs differing only by trailing zero bytes hash differently.
 */
#define SBPF_HASH_K1	0x9e3779b97f4a7c15ULL
#define SBPF_HASH_K2	0xd6e8feb86659fd93ULL

static inline u64 sbpf_mix64(u64 x)
{
	x ^= x >> 32;
	x *= SBPF_HASH_K2;
	x ^= x >> 29;
	x *= SBPF_HASH_K2;
	x ^= x >> 32;
	return x;
}

static inline u64 sbpf_hash_inline(const void *data, u32 len, u64 seed)
{
	const u8 *p = data;
	u64 h = seed ^ ((u64)len * SBPF_HASH_K1);
	u64 k;

	while (len >= 8) {
		memcpy(&k, p, 8);
		h = (h ^ sbpf_mix64(k + SBPF_HASH_K1)) * SBPF_HASH_K1;
		h = (h << 27) | (h >> 37);
		p += 8;
		len -= 8;
	}
	if (len) {
		u32 w = 0;
		u16 hw = 0;
		u8 b = 0;

		/* Fixed-size loads of the 1..7 tail bytes: no memcpy call. */
		if (len & 4) {
			memcpy(&w, p, 4);
			p += 4;
		}
		if (len & 2) {
			memcpy(&hw, p, 2);
			p += 2;
		}
		if (len & 1)
			b = *p;
		k = (u64)w | ((u64)hw << 32) | ((u64)b << 48);
		h = (h ^ sbpf_mix64(k + SBPF_HASH_K2)) * SBPF_HASH_K1;
	}
	return sbpf_mix64(h);
}

/*
 * sbpf_array_value() - address of the value of entry @index of array map
 * @map, or NULL if @map is not an array or @index is out of range.  Used to
 * bind BPF_PSEUDO_MAP_VALUE references and to fill initial data.
 */
void *sbpf_array_value(struct sbpf_map *map, u32 index);

/*
 * Replace the whole state of a bloom filter or count-min sketch by that of
 * another of the same definition (hash seed, then bits or counters word by
 * word).  @to must not be in use by a program yet.
 */
void sbpf_bloom_copy(struct sbpf_map *to, struct sbpf_map *from);
void sbpf_countmin_copy(struct sbpf_map *to, struct sbpf_map *from);

/* Item size of a bloom filter or count-min sketch (the def's key_size). */
static inline u32 sbpf_map_item_size(const struct sbpf_map *map)
{
	return map->def.key_size;
}

#endif /* SBPF_MAP_INTERNAL_H */
