/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Platform layer of the BPF core for kernel builds (Linux 6.1 and later).
 * See sbpf_platform.h for the vocabulary.  Include sbpf_platform.h, not
 * this file.
 */
#ifndef SBPF_PLATFORM_KERNEL_H
#define SBPF_PLATFORM_KERNEL_H 1

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/compiler.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/timekeeping.h>
#include <linux/random.h>
#include <linux/printk.h>
#include <linux/net.h>
#include <linux/nospec.h>
#include <linux/math64.h>
#include <linux/swab.h>
#include <linux/objtool.h>
#include <asm/byteorder.h>
#include <uapi/linux/bpf.h>

#define SBPF_BUILD_BUG_ON(cond)	BUILD_BUG_ON(cond)

/* The interpreter's computed gotos are not a standard stack frame. */
#define SBPF_FRAME_NON_STANDARD(func)	STACK_FRAME_NON_STANDARD(func)

/* ------------------------------------------------------------ memory -- */

static inline void *sbpf_zalloc(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

static inline void sbpf_free(const void *p)
{
	kfree(p);
}

static inline void *sbpf_vzalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

static inline void *sbpf_zalloc_array(size_t n, size_t size)
{
	return kvcalloc(n, size, GFP_KERNEL);
}

/* Not zeroed: for memory the caller initialises piece by piece on use. */
static inline void *sbpf_valloc(size_t size)
{
	return kvmalloc(size, GFP_KERNEL);
}

static inline void sbpf_vfree(const void *p)
{
	kvfree(p);
}

/* ----------------------------------------------------------- atomics -- */

/*
 * Atomic read-modify-write on plain u32/u64 memory (map values, the
 * program stack), through the kernel's atomic_t/atomic64_t operations as
 * the kernel's own eBPF interpreter does.  Fully ordered where the kernel
 * operation is (the fetch, xchg and cmpxchg forms).
 */
static inline void sbpf_atomic32_add(u32 *p, u32 v)
{
	atomic_add((int)v, (atomic_t *)p);
}

static inline void sbpf_atomic32_and(u32 *p, u32 v)
{
	atomic_and((int)v, (atomic_t *)p);
}

static inline void sbpf_atomic32_or(u32 *p, u32 v)
{
	atomic_or((int)v, (atomic_t *)p);
}

static inline void sbpf_atomic32_xor(u32 *p, u32 v)
{
	atomic_xor((int)v, (atomic_t *)p);
}

static inline u32 sbpf_atomic32_fetch_add(u32 *p, u32 v)
{
	return (u32)atomic_fetch_add((int)v, (atomic_t *)p);
}

static inline u32 sbpf_atomic32_fetch_and(u32 *p, u32 v)
{
	return (u32)atomic_fetch_and((int)v, (atomic_t *)p);
}

static inline u32 sbpf_atomic32_fetch_or(u32 *p, u32 v)
{
	return (u32)atomic_fetch_or((int)v, (atomic_t *)p);
}

static inline u32 sbpf_atomic32_fetch_xor(u32 *p, u32 v)
{
	return (u32)atomic_fetch_xor((int)v, (atomic_t *)p);
}

static inline u32 sbpf_atomic32_xchg(u32 *p, u32 v)
{
	return (u32)atomic_xchg((atomic_t *)p, (int)v);
}

static inline u32 sbpf_atomic32_cmpxchg(u32 *p, u32 old, u32 new)
{
	return (u32)atomic_cmpxchg((atomic_t *)p, (int)old, (int)new);
}

static inline void sbpf_atomic64_add(u64 *p, u64 v)
{
	atomic64_add((s64)v, (atomic64_t *)p);
}

static inline void sbpf_atomic64_and(u64 *p, u64 v)
{
	atomic64_and((s64)v, (atomic64_t *)p);
}

static inline void sbpf_atomic64_or(u64 *p, u64 v)
{
	atomic64_or((s64)v, (atomic64_t *)p);
}

static inline void sbpf_atomic64_xor(u64 *p, u64 v)
{
	atomic64_xor((s64)v, (atomic64_t *)p);
}

static inline u64 sbpf_atomic64_fetch_add(u64 *p, u64 v)
{
	return (u64)atomic64_fetch_add((s64)v, (atomic64_t *)p);
}

static inline u64 sbpf_atomic64_fetch_and(u64 *p, u64 v)
{
	return (u64)atomic64_fetch_and((s64)v, (atomic64_t *)p);
}

static inline u64 sbpf_atomic64_fetch_or(u64 *p, u64 v)
{
	return (u64)atomic64_fetch_or((s64)v, (atomic64_t *)p);
}

static inline u64 sbpf_atomic64_fetch_xor(u64 *p, u64 v)
{
	return (u64)atomic64_fetch_xor((s64)v, (atomic64_t *)p);
}

static inline u64 sbpf_atomic64_xchg(u64 *p, u64 v)
{
	return (u64)atomic64_xchg((atomic64_t *)p, (s64)v);
}

static inline u64 sbpf_atomic64_cmpxchg(u64 *p, u64 old, u64 new)
{
	return (u64)atomic64_cmpxchg((atomic64_t *)p, (s64)old, (s64)new);
}

/* --------------------------------------------------------------- RCU -- */

static inline void sbpf_rcu_read_lock(void) { rcu_read_lock(); }
static inline void sbpf_rcu_read_unlock(void) { rcu_read_unlock(); }
static inline void sbpf_synchronize_rcu(void) { synchronize_rcu(); }
static inline void sbpf_rcu_barrier(void) { rcu_barrier(); }
static inline void sbpf_rcu_callback_enter(void) { }
static inline void sbpf_rcu_callback_exit(void) { }
static inline void sbpf_thread_register(void) { }
static inline void sbpf_thread_unregister(void) { }

static inline void sbpf_call_rcu(struct rcu_head *head,
				 void (*func)(struct rcu_head *head))
{
	call_rcu(head, func);
}

/* The core's RCU pointers are not __rcu annotated: plain pointers. */
#define sbpf_rcu_dereference(p)		READ_ONCE(p)
#define sbpf_rcu_assign_pointer(p, v)	smp_store_release(&(p), (v))

/* ------------------------------------------------------------- locks -- */

/* BH-safe: taken from program context (softirq) and the control plane. */
struct sbpf_spinlock {
	spinlock_t lock;
};

/*
 * A macro, not a function: spin_lock_init() gives each call site its own
 * lockdep class, so a hash map's bucket locks and its free-list lock
 * (taken inside a bucket lock) are told apart instead of looking like one
 * lock taken recursively.
 */
#define sbpf_spin_lock_init(l)	spin_lock_init(&(l)->lock)

static inline void sbpf_spin_lock_destroy(struct sbpf_spinlock *l) { }

static inline void sbpf_spin_lock(struct sbpf_spinlock *l)
{
	spin_lock_bh(&l->lock);
}

static inline void sbpf_spin_unlock(struct sbpf_spinlock *l)
{
	spin_unlock_bh(&l->lock);
}

struct sbpf_mutex {
	struct mutex lock;
};

static inline void sbpf_mutex_init(struct sbpf_mutex *m)
{
	mutex_init(&m->lock);
}

static inline void sbpf_mutex_destroy(struct sbpf_mutex *m)
{
	mutex_destroy(&m->lock);
}

static inline void sbpf_mutex_lock(struct sbpf_mutex *m)
{
	mutex_lock(&m->lock);
}

static inline void sbpf_mutex_unlock(struct sbpf_mutex *m)
{
	mutex_unlock(&m->lock);
}

/* ----------------------------------------------------------- per-CPU -- */

/*
 * A per-CPU scratch buffer.  sbpf_this_cpu_ptr() must be called, and its
 * result used, with preemption disabled: programs run in softirq context
 * or with BH disabled, which is enough.
 */
struct sbpf_percpu {
	void __percpu *ptr;
};

static inline struct sbpf_percpu *sbpf_percpu_alloc(size_t size)
{
	struct sbpf_percpu *pc = kzalloc(sizeof(*pc), GFP_KERNEL);

	if (!pc)
		return NULL;
	pc->ptr = __alloc_percpu(size, sizeof(u64));
	if (!pc->ptr) {
		kfree(pc);
		return NULL;
	}
	return pc;
}

static inline void *sbpf_this_cpu_ptr(struct sbpf_percpu *pc)
{
	return this_cpu_ptr(pc->ptr);
}

static inline void sbpf_percpu_free(struct sbpf_percpu *pc)
{
	if (!pc)
		return;
	free_percpu(pc->ptr);
	kfree(pc);
}

/* -------------------------------------------------- time, random, log -- */

static inline u64 sbpf_ktime_get_ns(void)
{
	return ktime_get_ns();
}

static inline u32 sbpf_get_random_u32(void)
{
	return get_random_u32();
}

/*
 * Rate limit for messages a program can trigger (trace, runtime faults):
 * the kernel's networking limiter.
 */
static inline bool sbpf_log_ratelimit(void)
{
	return net_ratelimit();
}

#define sbpf_pr_err(fmt, ...)	pr_err("sbpf: " fmt, ##__VA_ARGS__)
#define sbpf_pr_warn(fmt, ...)	pr_warn("sbpf: " fmt, ##__VA_ARGS__)
#define sbpf_pr_info(fmt, ...)	pr_info("sbpf: " fmt, ##__VA_ARGS__)
#define sbpf_pr_debug(fmt, ...)	pr_debug("sbpf: " fmt, ##__VA_ARGS__)

/* ----------------------------------------------- speculation, numbers -- */

#define sbpf_array_index_nospec(index, size)	array_index_nospec(index, size)

#define sbpf_cpu_to_be16(x)	cpu_to_be16(x)
#define sbpf_cpu_to_be32(x)	cpu_to_be32(x)
#define sbpf_cpu_to_be64(x)	cpu_to_be64(x)
#define sbpf_cpu_to_le16(x)	cpu_to_le16(x)
#define sbpf_cpu_to_le32(x)	cpu_to_le32(x)
#define sbpf_cpu_to_le64(x)	cpu_to_le64(x)
#define sbpf_bswap16(x)		swab16(x)
#define sbpf_bswap32(x)		swab32(x)
#define sbpf_bswap64(x)		swab64(x)

static inline u64 sbpf_div64_u64(u64 a, u64 b)
{
	return div64_u64(a, b);
}

static inline u64 sbpf_mod64_u64(u64 a, u64 b)
{
	u64 rem;

	div64_u64_rem(a, b, &rem);
	return rem;
}

#endif /* SBPF_PLATFORM_KERNEL_H */
