// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Array map: max_entries values of value_size bytes, indexed by a u32 key.
 *
 * Layout.  One allocation of max_entries slots; each slot is value_size
 * rounded up to 8 bytes, so every value is 8-byte aligned (atomic
 * instructions on u64 fields of values need it).  Values start zeroed, or
 * with the image's initial data (.rodata/.data maps).
 *
 * Lookup.  The index is bounds-checked and then passed through
 * sbpf_array_index_nospec(), so that a mispredicted bounds check cannot be
 * used to read out of the array speculatively.
 *
 * Concurrency.  Slots never move and are never freed while the map lives:
 * a pointer returned by lookup stays valid for the life of the program, so
 * no RCU is needed for the memory itself.  A control-plane update copies the
 * new value over the slot in place, as Linux's array map does: a program
 * reading that value concurrently may see a mix of old and new bytes (no
 * memory-safety issue; programs that need consistent multi-word values use
 * a hash map, whose updates replace the element).  Programs share counters
 * in values with atomic instructions.  Entries always exist: delete is
 * -EINVAL, NOEXIST updates are -EEXIST.
 */
#include "sbpf.h"
#include "map_internal.h"

struct sbpf_array {
	struct sbpf_map map;
	u32 slot_size;		/* value_size rounded up to 8 */
	u8 *values;		/* max_entries * slot_size bytes */
};

static struct sbpf_array *to_array(struct sbpf_map *map)
{
	return container_of(map, struct sbpf_array, map);
}

static int array_check_def(const struct sbpf_map_def *def)
{
	u64 slot = ((u64)def->value_size + 7) & ~7ULL;

	if (def->key_size != sizeof(u32) || !def->value_size ||
	    def->nb_hash_functions)
		return -EINVAL;
	if (slot * def->max_entries > SBPF_MAP_MAX_BYTES)
		return -E2BIG;
	return 0;
}

static struct sbpf_map *array_alloc(const struct sbpf_map_def *def)
{
	struct sbpf_array *a = sbpf_zalloc(sizeof(*a));

	if (!a)
		return NULL;
	a->slot_size = (def->value_size + 7) & ~7U;
	a->values = sbpf_zalloc_array(def->max_entries, a->slot_size);
	if (!a->values) {
		sbpf_free(a);
		return NULL;
	}
	return &a->map;
}

static void array_free(struct sbpf_map *map)
{
	struct sbpf_array *a = to_array(map);

	sbpf_vfree(a->values);
	sbpf_free(a);
}

static void *array_slot(struct sbpf_array *a, u32 index)
{
	u32 n = a->map.def.max_entries;

	if (index >= n)
		return NULL;
	index = sbpf_array_index_nospec(index, n);
	return a->values + (size_t)index * a->slot_size;
}

void *sbpf_array_value(struct sbpf_map *map, u32 index)
{
	if (map->def.type != SBPF_MAP_ARRAY)
		return NULL;
	return array_slot(to_array(map), index);
}

static u32 array_key(const void *key)
{
	u32 index;

	memcpy(&index, key, sizeof(index));
	return index;
}

/* Program context (RCU read side) or control plane. */
static void *array_lookup(struct sbpf_map *map, const void *key)
{
	return array_slot(to_array(map), array_key(key));
}

static int array_update(struct sbpf_map *map, const void *key,
			const void *value, u64 flags)
{
	void *slot;

	if (flags > SBPF_EXIST)
		return -EINVAL;
	slot = array_slot(to_array(map), array_key(key));
	if (!slot)
		return -E2BIG;
	if (flags == SBPF_NOEXIST)
		return -EEXIST;
	memcpy(slot, value, map->def.value_size);
	return 0;
}

static int array_delete(struct sbpf_map *map, const void *key)
{
	return -EINVAL;
}

static int array_add(struct sbpf_map *map, const void *item)
{
	return -EOPNOTSUPP;
}

static int array_get_next_key(struct sbpf_map *map, const void *key,
			      void *next_key)
{
	u32 n = map->def.max_entries;
	u32 index = key ? array_key(key) : n;
	u32 next;

	if (key && index == n - 1)
		return -ENOENT;
	next = index >= n ? 0 : index + 1;
	memcpy(next_key, &next, sizeof(next));
	return 0;
}

static int array_copy_value(struct sbpf_map *map, const void *key,
			    void *value)
{
	void *slot = array_lookup(map, key);

	if (!slot)
		return -ENOENT;
	memcpy(value, slot, map->def.value_size);
	return 0;
}

const struct sbpf_map_ops sbpf_array_ops = {
	.check_def	= array_check_def,
	.alloc		= array_alloc,
	.free		= array_free,
	.lookup		= array_lookup,
	.update		= array_update,
	.delete		= array_delete,
	.add		= array_add,
	.get_next_key	= array_get_next_key,
	.copy_value	= array_copy_value,
};
