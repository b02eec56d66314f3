// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Hash map: up to max_entries (key, value) pairs of fixed sizes.
 *
 * Memory.  Everything is allocated when the map is created: a power-of-two
 * table of bucket heads (singly linked chains) with at least two heads per
 * entry (see htab_n_buckets()), a small array of bucket
 * locks (lock i guards every bucket b with b % n_locks == i), and
 * max_entries + slack elements.  The elements are not zeroed or even
 * touched then: an element is initialised when an update first takes it
 * (elements [n_fresh, n_elems) have never been used; a used one goes back
 * to a free list), so creating a large map costs no more than the bucket
 * table and the pages of elements never used are never written.  An
 * element is
 * a small header (chain link, hash), the key (padded to 8 bytes), the value
 * (8-byte aligned, so programs may use atomic instructions on it) and a
 * trailer only the recycling path touches; elements up to 64 bytes are
 * cache-line aligned, so a lookup of a small entry touches one line after
 * the bucket head.  Nothing is allocated or freed while the map lives, in
 * particular never from program context.
 *
 * Readers.  lookup and get_next_key walk a chain with no lock, loading each
 * link with sbpf_rcu_dereference(); their callers are on the RCU read side
 * (programs always are; the control-plane entry points in map.c take it).
 * An element's hash and key never change while it is reachable.
 *
 * Writers.  update and delete take the bucket's lock (BH-safe in the
 * kernel, so a program's update and the control plane's exclude each
 * other), and publish links with sbpf_rcu_assign_pointer().  An update
 * never writes into a reachable element: it fills a free element
 * privately, then swaps it into the chain in place of the old one (or
 * pushes it at the head).  A replaced or deleted element is handed to
 * sbpf_call_rcu() and goes back to the free list only after a grace
 * period: a program that looked it up before the swap may keep reading
 * and writing its value until it exits, and never sees it reused.
 *
 * Capacity.  A counter of live entries (updated atomically, checked before
 * an insert takes an element) enforces max_entries exactly: the next insert
 * fails with -E2BIG.  The slack elements cover entries waiting for their
 * grace period; when every spare element is waiting, an insert or replace
 * fails with -EBUSY from a program (it cannot wait), while the control
 * plane (sbpf_map_update) waits for pending reclamation and retries once.
 *
 * The hash is seeded at random per map, so remote senders cannot aim
 * collisions at one chain.  sbpf_map_destroy() waits for outstanding RCU
 * callbacks (sbpf_rcu_barrier) before freeing the elements they touch.
 */
#include "sbpf.h"
#include "map_internal.h"

#define HTAB_MAX_LOCKS	1024

struct sbpf_htab;

/*
 * An element: what lookups touch first (link, hash, key, value: one cache
 * line for small keys and values, elements being 64-byte aligned), then a
 * trailer used only to recycle it.
 */
struct htab_elem {
	struct htab_elem *next;		/* chain link, RCU-published */
	u32 hash;
	u32 unused;
	/* Key, padded to 8 bytes, value, padded to 8, then the trailer. */
	u64 data[];
};

struct htab_trailer {
	struct htab_elem *elem;		/* the element this trailer ends */
	struct sbpf_htab *htab;		/* owner, for the RCU callback */
	union {
		struct htab_elem *free_next;	/* on the free list */
		struct rcu_head rcu;		/* waiting for a grace period */
	};
};

struct sbpf_htab {
	struct sbpf_map map;
	struct htab_elem **buckets;	/* chain heads, RCU-published */
	u32 bucket_mask;		/* n_buckets - 1 */
	u32 lock_mask;			/* n_locks - 1 */
	struct sbpf_spinlock *locks;
	u8 *elems_mem;			/* the allocation */
	u8 *elems;			/* n_elems * elem_size bytes, aligned */
	u32 n_elems;
	u32 elem_size;
	u32 key_slot;			/* key_size rounded up to 8 */
	u32 trailer_off;		/* offset of the trailer in an element */
	u32 count;			/* live entries (atomic) */
	u64 seed;
	struct sbpf_spinlock free_lock;	/* protects free_list, n_fresh */
	struct htab_elem *free_list;	/* used elements free again */
	u32 n_fresh;			/* elements taken at least once */
};

static struct sbpf_htab *to_htab(struct sbpf_map *map)
{
	return container_of(map, struct sbpf_htab, map);
}

static void *elem_key(struct htab_elem *e)
{
	return e->data;
}

static void *elem_value(struct sbpf_htab *h, struct htab_elem *e)
{
	return (u8 *)e->data + h->key_slot;
}

static struct htab_trailer *elem_trailer(struct sbpf_htab *h,
					 struct htab_elem *e)
{
	return (struct htab_trailer *)((u8 *)e + h->trailer_off);
}

static u64 round_up8(u64 n)
{
	return (n + 7) & ~7ULL;
}

static u64 roundup_pow2(u64 n)
{
	u64 p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/*
 * Two bucket heads or more per entry: a full map has chains of 0.5
 * entries or fewer on average, and a lookup that finds its key visits
 * 1.25 elements (1.5 at one head per entry).  In a map far larger than
 * the caches each element visited is a cache miss, and the bucket head
 * another: 2.25 misses instead of 2.5 per lookup.  The heads cost 16
 * bytes per entry instead of 8, next to elements of 64 bytes or more.
 */
static u64 htab_n_buckets(u32 max_entries)
{
	return 2 * roundup_pow2(max_entries);
}

/* Elements beyond max_entries, for entries waiting for a grace period. */
static u64 htab_slack(u32 max_entries)
{
	return max_entries / 4 + 16;
}

#define HTAB_LINE	64

static u64 htab_trailer_off(const struct sbpf_map_def *def)
{
	return sizeof(struct htab_elem) + round_up8(def->key_size) +
	       round_up8(def->value_size);
}

/* Small elements fill one cache line each; larger ones 8-byte multiples. */
static u64 htab_elem_size(const struct sbpf_map_def *def)
{
	u64 n = htab_trailer_off(def) + sizeof(struct htab_trailer);

	return n <= HTAB_LINE ? HTAB_LINE : round_up8(n);
}

static int htab_check_def(const struct sbpf_map_def *def)
{
	u64 n, bytes;

	if (!def->key_size || !def->value_size || def->nb_hash_functions)
		return -EINVAL;
	n = (u64)def->max_entries + htab_slack(def->max_entries);
	bytes = n * htab_elem_size(def) +
		htab_n_buckets(def->max_entries) * sizeof(void *);
	if (bytes > SBPF_MAP_MAX_BYTES)
		return -E2BIG;
	return 0;
}

static void htab_free(struct sbpf_map *map)
{
	struct sbpf_htab *h = to_htab(map);
	u32 i;

	/* Elements replaced or deleted recently may still be in flight. */
	sbpf_rcu_barrier();
	if (h->locks) {
		for (i = 0; i <= h->lock_mask; i++)
			sbpf_spin_lock_destroy(&h->locks[i]);
		sbpf_vfree(h->locks);
	}
	sbpf_spin_lock_destroy(&h->free_lock);
	sbpf_vfree(h->buckets);
	sbpf_vfree(h->elems_mem);
	sbpf_free(h);
}

static struct sbpf_map *htab_alloc(const struct sbpf_map_def *def)
{
	struct sbpf_htab *h = sbpf_zalloc(sizeof(*h));
	u64 n_buckets = htab_n_buckets(def->max_entries);
	u32 n_locks, i;

	if (!h)
		return NULL;
	n_locks = n_buckets < HTAB_MAX_LOCKS ? n_buckets : HTAB_MAX_LOCKS;
	h->bucket_mask = n_buckets - 1;
	h->lock_mask = n_locks - 1;
	h->key_slot = round_up8(def->key_size);
	h->elem_size = htab_elem_size(def);
	h->trailer_off = htab_trailer_off(def);
	h->n_elems = def->max_entries + htab_slack(def->max_entries);
	h->seed = ((u64)sbpf_get_random_u32() << 32) | sbpf_get_random_u32();
	sbpf_spin_lock_init(&h->free_lock);
	h->buckets = sbpf_zalloc_array(n_buckets, sizeof(*h->buckets));
	h->locks = sbpf_zalloc_array(n_locks, sizeof(*h->locks));
	h->elems_mem = sbpf_valloc((size_t)h->n_elems * h->elem_size +
				   HTAB_LINE);
	if (!h->buckets || !h->locks || !h->elems_mem) {
		sbpf_vfree(h->buckets);
		sbpf_vfree(h->locks);
		sbpf_vfree(h->elems_mem);
		sbpf_spin_lock_destroy(&h->free_lock);
		sbpf_free(h);
		return NULL;
	}
	h->elems = h->elems_mem + (HTAB_LINE - 1 -
		   (((uintptr_t)h->elems_mem + HTAB_LINE - 1) % HTAB_LINE));
	for (i = 0; i < n_locks; i++)
		sbpf_spin_lock_init(&h->locks[i]);
	return &h->map;
}

/* 4- and 8-byte keys (addresses, flows of a few ports) without a call. */
static u32 htab_hash(struct sbpf_htab *h, const void *key)
{
	u64 v;

	switch (h->map.def.key_size) {
	case 4:
		v = sbpf_hash_inline(key, 4, h->seed);
		break;
	case 8:
		v = sbpf_hash_inline(key, 8, h->seed);
		break;
	default:
		v = sbpf_hash_bytes(key, h->map.def.key_size, h->seed);
	}

	return (u32)(v ^ (v >> 32));
}

/* Key equality; 4- and 8-byte keys (addresses, ports) without a call. */
static bool key_eq(const void *a, const void *b, u32 size)
{
	u64 x, y;
	u32 p, q;

	switch (size) {
	case 4:
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		return p == q;
	case 8:
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		return x == y;
	}
	return !memcmp(a, b, size);
}

/* RCU read side, or under the bucket's lock. */
static struct htab_elem *htab_find(struct sbpf_htab *h, u32 hash,
				   const void *key)
{
	struct htab_elem *e;

	for (e = sbpf_rcu_dereference(h->buckets[hash & h->bucket_mask]); e;
	     e = sbpf_rcu_dereference(e->next))
		if (e->hash == hash &&
		    key_eq(elem_key(e), key, h->map.def.key_size))
			return e;
	return NULL;
}

/* Program context (RCU read side) or control plane (map.c takes it). */
static void *htab_lookup(struct sbpf_map *map, const void *key)
{
	struct sbpf_htab *h = to_htab(map);
	struct htab_elem *e = htab_find(h, htab_hash(h, key), key);

	return e ? elem_value(h, e) : NULL;
}

/*
 * A free element: one used before and freed after its grace period, else
 * one never used, zeroed and set up here.  Neither is reachable yet.
 */
static struct htab_elem *htab_pop_free(struct sbpf_htab *h)
{
	struct htab_trailer *t;
	struct htab_elem *e;

	sbpf_spin_lock(&h->free_lock);
	e = h->free_list;
	if (e) {
		h->free_list = elem_trailer(h, e)->free_next;
	} else if (h->n_fresh < h->n_elems) {
		e = (struct htab_elem *)(h->elems +
					 (size_t)h->n_fresh++ * h->elem_size);
		memset(e, 0, h->elem_size);
		t = elem_trailer(h, e);
		t->elem = e;
		t->htab = h;
	}
	sbpf_spin_unlock(&h->free_lock);
	return e;
}

/* RCU callback: the grace period is over, nobody holds @head's element. */
static void htab_elem_free_rcu(struct rcu_head *head)
{
	struct htab_trailer *t = container_of(head, struct htab_trailer, rcu);
	struct sbpf_htab *h = t->htab;

	sbpf_rcu_callback_enter();
	sbpf_spin_lock(&h->free_lock);
	t->free_next = h->free_list;
	h->free_list = t->elem;
	sbpf_spin_unlock(&h->free_lock);
	sbpf_rcu_callback_exit();
}

static struct sbpf_spinlock *htab_lock(struct sbpf_htab *h, u32 hash)
{
	/* lock_mask <= bucket_mask: one lock per bucket at most. */
	return &h->locks[hash & h->lock_mask];
}

/*
 * Find @key in its chain under the bucket lock; *pprev is the link that
 * points to the element found (or to the chain head when none is).
 */
static struct htab_elem *htab_find_locked(struct sbpf_htab *h, u32 hash,
					  const void *key,
					  struct htab_elem ***pprev)
{
	struct htab_elem **link = &h->buckets[hash & h->bucket_mask];
	struct htab_elem *e;

	for (; (e = *link); link = &e->next) {
		if (e->hash == hash &&
		    key_eq(elem_key(e), key, h->map.def.key_size)) {
			*pprev = link;
			return e;
		}
	}
	*pprev = &h->buckets[hash & h->bucket_mask];
	return NULL;
}

static int htab_update(struct sbpf_map *map, const void *key,
		       const void *value, u64 flags)
{
	struct sbpf_htab *h = to_htab(map);
	u32 hash = htab_hash(h, key);
	struct sbpf_spinlock *lock = htab_lock(h, hash);
	struct htab_elem *old, *e, **pprev;
	int err = 0;

	if (flags > SBPF_EXIST)
		return -EINVAL;
	sbpf_spin_lock(lock);
	old = htab_find_locked(h, hash, key, &pprev);
	if (old && flags == SBPF_NOEXIST) {
		err = -EEXIST;
		goto out;
	}
	if (!old && flags == SBPF_EXIST) {
		err = -ENOENT;
		goto out;
	}
	if (!old &&
	    sbpf_atomic32_fetch_add(&h->count, 1) >= map->def.max_entries) {
		sbpf_atomic32_add(&h->count, (u32)-1);
		err = -E2BIG;
		goto out;
	}
	e = htab_pop_free(h);
	if (!e) {
		if (!old)
			sbpf_atomic32_add(&h->count, (u32)-1);
		err = -EBUSY;
		goto out;
	}
	e->hash = hash;
	memcpy(elem_key(e), key, map->def.key_size);
	memcpy(elem_value(h, e), value, map->def.value_size);
	/* Fully built before it becomes reachable. */
	e->next = old ? old->next : *pprev;
	sbpf_rcu_assign_pointer(*pprev, e);
out:
	sbpf_spin_unlock(lock);
	if (!err && old)
		sbpf_call_rcu(&elem_trailer(h, old)->rcu, htab_elem_free_rcu);
	return err;
}

static int htab_delete(struct sbpf_map *map, const void *key)
{
	struct sbpf_htab *h = to_htab(map);
	u32 hash = htab_hash(h, key);
	struct sbpf_spinlock *lock = htab_lock(h, hash);
	struct htab_elem *e, **pprev;

	sbpf_spin_lock(lock);
	e = htab_find_locked(h, hash, key, &pprev);
	if (e) {
		sbpf_rcu_assign_pointer(*pprev, e->next);
		sbpf_atomic32_add(&h->count, (u32)-1);
	}
	sbpf_spin_unlock(lock);
	if (!e)
		return -ENOENT;
	sbpf_call_rcu(&elem_trailer(h, e)->rcu, htab_elem_free_rcu);
	return 0;
}

static int htab_add(struct sbpf_map *map, const void *item)
{
	return -EOPNOTSUPP;
}

/* RCU read side (map.c takes it). */
static int htab_get_next_key(struct sbpf_map *map, const void *key,
			     void *next_key)
{
	struct sbpf_htab *h = to_htab(map);
	struct htab_elem *e;
	u64 i = 0;

	if (key) {
		u32 hash = htab_hash(h, key);

		e = htab_find(h, hash, key);
		if (e) {
			e = sbpf_rcu_dereference(e->next);
			if (e)
				goto found;
			i = (u64)(hash & h->bucket_mask) + 1;
		}
	}
	for (; i <= h->bucket_mask; i++) {
		e = sbpf_rcu_dereference(h->buckets[i]);
		if (e)
			goto found;
	}
	return -ENOENT;
found:
	memcpy(next_key, elem_key(e), map->def.key_size);
	return 0;
}

static int htab_copy_value(struct sbpf_map *map, const void *key,
			   void *value)
{
	void *v = htab_lookup(map, key);

	if (!v)
		return -ENOENT;
	memcpy(value, v, map->def.value_size);
	return 0;
}

const struct sbpf_map_ops sbpf_hash_ops = {
	.check_def	= htab_check_def,
	.alloc		= htab_alloc,
	.free		= htab_free,
	.lookup		= htab_lookup,
	.update		= htab_update,
	.delete		= htab_delete,
	.add		= htab_add,
	.get_next_key	= htab_get_next_key,
	.copy_value	= htab_copy_value,
};
