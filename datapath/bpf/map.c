// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Maps: the common entry points and the type dispatch.
 *
 * A map is created from a struct sbpf_map_def (validated here for what is
 * common, then by the type's check_def), owned by one program, and reached
 * two ways:
 *
 *  - from a running program, through the helpers (helpers.c), which call
 *    the type's ops directly: the caller is on the RCU read side;
 *  - from the control plane, through the sbpf_map_* functions below, which
 *    copy keys and values in and out and take the RCU read side themselves.
 *
 * Per-type design notes (memory layout, concurrency) are at the top of
 * map_array.c, map_hash.c, map_bloom.c and map_countmin.c.
 *
 * Bloom filters and count-min sketches store no keys: their "key" is the
 * item hashed into the structure.  Oko's definitions put the item size in
 * value_size and leave key_size at 0; such a definition is normalised here
 * (key_size = value_size) so that the verifier checks item pointers against
 * key_size for every map type.
 */
#include "sbpf.h"
#include "map_internal.h"

static const struct sbpf_map_ops *const sbpf_map_types[__SBPF_MAP_TYPE_MAX] = {
	[SBPF_MAP_ARRAY]	= &sbpf_array_ops,
	[SBPF_MAP_BLOOM]	= &sbpf_bloom_ops,
	[SBPF_MAP_COUNTMIN]	= &sbpf_countmin_ops,
	[SBPF_MAP_HASH]		= &sbpf_hash_ops,
};

u64 sbpf_hash_bytes(const void *data, u32 len, u64 seed)
{
	return sbpf_hash_inline(data, len, seed);
}

static int sbpf_map_check_common(const struct sbpf_map_def *def)
{
	if (def->type >= __SBPF_MAP_TYPE_MAX || !sbpf_map_types[def->type])
		return -EINVAL;
	if (def->flags & ~SBPF_F_RDONLY_PROG)
		return -EINVAL;
	if (strnlen(def->name, SBPF_NAME_LEN) == SBPF_NAME_LEN)
		return -EINVAL;
	if (def->key_size > SBPF_MAP_MAX_KEY_SIZE ||
	    def->value_size > SBPF_MAP_MAX_VALUE_SIZE || !def->max_entries)
		return -EINVAL;
	return 0;
}

/**
 * sbpf_map_create() - validate @def and allocate a map.
 * @def:  the definition; copied (normalised for bloom/count-min, see above).
 * @mapp: the new map on success.
 *
 * Control plane; may sleep.
 *
 * Return: 0, -EINVAL for an invalid definition (unknown type or flag, a
 * size out of range), -E2BIG if the map would be too large, -ENOMEM.
 */
int sbpf_map_create(const struct sbpf_map_def *def, struct sbpf_map **mapp)
{
	const struct sbpf_map_ops *ops;
	struct sbpf_map_def d;
	struct sbpf_map *map;
	int err;

	*mapp = NULL;
	err = sbpf_map_check_common(def);
	if (err)
		return err;
	d = *def;
	if ((d.type == SBPF_MAP_BLOOM || d.type == SBPF_MAP_COUNTMIN) &&
	    !d.key_size)
		d.key_size = d.value_size;
	ops = sbpf_map_types[d.type];
	err = ops->check_def(&d);
	if (err)
		return err;
	map = ops->alloc(&d);
	if (!map)
		return -ENOMEM;
	map->ops = ops;
	map->def = d;
	map->refs = 1;
	*mapp = map;
	return 0;
}

/**
 * sbpf_map_matches_def() - would sbpf_map_create(@def) make a map like @map?
 * @map: an existing map.
 * @def: a definition, as an image carries it.
 *
 * Return: true if every field (type, sizes, entries, hash functions,
 * flags, name) is the same once @def is normalised as a new map's would be.
 */
bool sbpf_map_matches_def(const struct sbpf_map *map,
		       const struct sbpf_map_def *def)
{
	const struct sbpf_map_def *m = &map->def;
	u32 key_size = def->key_size;

	if ((def->type == SBPF_MAP_BLOOM || def->type == SBPF_MAP_COUNTMIN) &&
	    !key_size)
		key_size = def->value_size;
	return m->type == def->type && m->key_size == key_size &&
	       m->value_size == def->value_size &&
	       m->max_entries == def->max_entries &&
	       m->nb_hash_functions == def->nb_hash_functions &&
	       m->flags == def->flags &&
	       !strncmp(m->name, def->name, SBPF_NAME_LEN);
}

/**
 * sbpf_map_get() - take a reference on @map for one more program.
 * @map: a map with at least one reference.
 *
 * Control plane.
 */
void sbpf_map_get(struct sbpf_map *map)
{
	sbpf_atomic32_add(&map->refs, 1);
}

/**
 * sbpf_map_put() - drop a reference; the last one destroys the map.
 * @map: the map, or NULL.
 *
 * As sbpf_map_destroy() for the last reference: no program may still run
 * with the map.  Control plane; may sleep.
 */
void sbpf_map_put(struct sbpf_map *map)
{
	if (map && sbpf_atomic32_fetch_add(&map->refs, (u32)-1) == 1)
		sbpf_map_destroy(map);
}

/**
 * sbpf_map_destroy() - free a map.
 * @map: the map, or NULL.
 *
 * No program may be running with it any more (its program was freed after
 * a grace period); waits for the map's own deferred reclamation.
 * Control plane; may sleep.
 */
void sbpf_map_destroy(struct sbpf_map *map)
{
	if (map)
		map->ops->free(map);
}

/**
 * sbpf_map_lookup_copy() - copy the value stored under @key.
 * @map:   the map.
 * @key:   key_size bytes.
 * @value: value_size bytes, written on success.
 *
 * Control plane, not inside an RCU read-side section of its own (takes it).
 *
 * Return: 0, -ENOENT if absent, -EOPNOTSUPP for types without values.
 */
int sbpf_map_lookup_copy(struct sbpf_map *map, const void *key, void *value)
{
	int err;

	sbpf_rcu_read_lock();
	err = map->ops->copy_value(map, key, value);
	sbpf_rcu_read_unlock();
	return err;
}

/**
 * sbpf_map_update() - create or replace the entry under @key.
 * @map:   the map.
 * @key:   key_size bytes.
 * @value: value_size bytes.
 * @flags: SBPF_ANY, SBPF_NOEXIST or SBPF_EXIST.
 *
 * For a bloom filter, adds @key (the item); @value is ignored.  When a hash
 * map's spare elements are all waiting for a grace period, waits for them
 * once and retries.  Control plane; may sleep; not inside an RCU read-side
 * section.
 *
 * Return: 0, -EINVAL (bad flags or index), -EEXIST, -ENOENT, -E2BIG (map
 * full), -EBUSY (no free element even after a grace period), -EPERM
 * (read-only), -EOPNOTSUPP.
 */
int sbpf_map_update(struct sbpf_map *map, const void *key, const void *value,
		    u64 flags)
{
	int err;

	sbpf_rcu_read_lock();
	err = map->ops->update(map, key, value, flags);
	sbpf_rcu_read_unlock();
	if (err == -EBUSY) {
		sbpf_rcu_barrier();
		sbpf_rcu_read_lock();
		err = map->ops->update(map, key, value, flags);
		sbpf_rcu_read_unlock();
	}
	return err;
}

/**
 * sbpf_map_delete() - delete the entry under @key.
 * @map: the map.
 * @key: key_size bytes.
 *
 * Control plane.
 *
 * Return: 0, -ENOENT if absent, -EINVAL for arrays (entries always exist),
 * -EOPNOTSUPP for bloom filters and count-min sketches.
 */
int sbpf_map_delete(struct sbpf_map *map, const void *key)
{
	int err;

	sbpf_rcu_read_lock();
	err = map->ops->delete(map, key);
	sbpf_rcu_read_unlock();
	return err;
}

/**
 * sbpf_map_get_next_key() - iterate over the keys of a map, for dumps.
 * @map:      the map.
 * @key:      the previous key, or NULL for the first.
 * @next_key: key_size bytes, written on success.
 *
 * Control plane.  A key that is no longer present restarts the walk from
 * the first key (as Linux does); concurrent updates may make a walk miss
 * or repeat entries, never crash.
 *
 * Return: 0, -ENOENT after the last key, -EOPNOTSUPP for types without keys.
 */
int sbpf_map_get_next_key(struct sbpf_map *map, const void *key,
			  void *next_key)
{
	int err;

	sbpf_rcu_read_lock();
	err = map->ops->get_next_key(map, key, next_key);
	sbpf_rcu_read_unlock();
	return err;
}

static bool sbpf_map_def_same(const struct sbpf_map_def *a,
			      const struct sbpf_map_def *b)
{
	return a->type == b->type && a->key_size == b->key_size &&
	       a->value_size == b->value_size &&
	       a->max_entries == b->max_entries &&
	       a->nb_hash_functions == b->nb_hash_functions;
}

/**
 * sbpf_map_copy() - carry the content of @from over into @to.
 * @to:   the destination, same type, sizes, entries and hash functions.
 * @from: the source; programs may still be updating it.
 *
 * Arrays and hash maps copy entry by entry into @to (through
 * get_next_key, so an entry updated meanwhile may be copied old or new);
 * bloom filters and count-min sketches replace @to's state (seed, bits or
 * counters), so @to must not be in use by a program yet.  A replaced
 * program's maps are shared, not copied (sbpf_prog_load_shared()); this
 * gives two programs equal maps (the fuzzer's differential target).
 * Control plane; may sleep; not inside an RCU read-side section.
 *
 * Return: 0, -EINVAL if the definitions differ, -E2BIG if @to fills up,
 * -EAGAIN if @from changed so much that the walk did not end, -ENOMEM.
 */
int sbpf_map_copy(struct sbpf_map *to, struct sbpf_map *from)
{
	u32 ks = from->def.key_size, vs = from->def.value_size;
	/* Bounded: a walk restarts when its key vanishes under it. */
	u64 budget = 4 * (u64)from->def.max_entries + 16;
	void *key, *next, *value;
	bool first = true;
	int err;

	if (!sbpf_map_def_same(&to->def, &from->def))
		return -EINVAL;
	switch (from->def.type) {
	case SBPF_MAP_BLOOM:
		sbpf_bloom_copy(to, from);
		return 0;
	case SBPF_MAP_COUNTMIN:
		sbpf_countmin_copy(to, from);
		return 0;
	}
	key = sbpf_zalloc(ks);
	next = sbpf_zalloc(ks);
	value = sbpf_zalloc(vs);
	err = -ENOMEM;
	if (!key || !next || !value)
		goto out;
	for (;;) {
		if (!budget--) {
			err = -EAGAIN;
			break;
		}
		err = sbpf_map_get_next_key(from, first ? NULL : key, next);
		if (err == -ENOENT) {
			err = 0;
			break;
		}
		if (err)
			break;
		first = false;
		memcpy(key, next, ks);
		err = sbpf_map_lookup_copy(from, key, value);
		if (err == -ENOENT)
			continue;	/* deleted meanwhile */
		if (err)
			break;
		err = sbpf_map_update(to, key, value, SBPF_ANY);
		if (err)
			break;
	}
out:
	sbpf_free(key);
	sbpf_free(next);
	sbpf_free(value);
	return err;
}
