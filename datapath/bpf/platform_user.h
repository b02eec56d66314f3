/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Platform layer of the BPF core for userspace builds (glibc, liburcu).
 * See sbpf_platform.h for the vocabulary.  Include sbpf_platform.h, not
 * this file.
 *
 * RCU is liburcu's urcu-memb flavour (link with -lurcu-memb -lurcu-common).
 * Every thread that runs programs or calls map operations must be
 * registered once with sbpf_thread_register() (urcu-memb readers must be).
 * Pointer publication uses C11 acquire/release atomics so that
 * ThreadSanitizer understands it; in ThreadSanitizer builds the grace period
 * is also annotated (a release at each read-side unlock, an acquire after
 * each grace period and at the start of each RCU callback), because TSan
 * cannot see liburcu's membarrier-based synchronisation.
 */
#ifndef SBPF_PLATFORM_USER_H
#define SBPF_PLATFORM_USER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <endian.h>
#include <pthread.h>
#include <sys/random.h>
#include <linux/bpf.h>
#include <urcu/urcu-memb.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;	/* as in the kernel: %llu formats */
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

/* ---------------------------------------------------------- compiler -- */

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif
#ifndef __maybe_unused
#define __maybe_unused	__attribute__((__unused__))
#endif
#ifndef noinline
#define noinline	__attribute__((__noinline__))
#endif
#ifndef fallthrough
#define fallthrough	__attribute__((__fallthrough__))
#endif
/* Exempt a local from -ftrivial-auto-var-init (as the kernel's macro). */
#ifndef __uninitialized
#if defined(__has_attribute) && __has_attribute(__uninitialized__)
#define __uninitialized	__attribute__((__uninitialized__))
#else
#define __uninitialized
#endif
#endif
#ifndef __printf
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

/* Scalars only; relaxed atomics, so that TSan sees them as intended. */
#ifndef READ_ONCE
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#endif
#ifndef WRITE_ONCE
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#endif

#define SBPF_BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

/* For objtool in the kernel; nothing to say in userspace. */
#define SBPF_FRAME_NON_STANDARD(func)

/* ------------------------------------------------------------ memory -- */

static inline void *sbpf_zalloc(size_t size)
{
	return calloc(1, size);
}

static inline void sbpf_free(const void *p)
{
	free((void *)p);
}

static inline void *sbpf_vzalloc(size_t size)
{
	return calloc(1, size);
}

static inline void *sbpf_zalloc_array(size_t n, size_t size)
{
	return calloc(n, size);	/* calloc checks n * size overflow */
}

/* Not zeroed: for memory the caller initialises piece by piece on use. */
static inline void *sbpf_valloc(size_t size)
{
	return malloc(size);
}

static inline void sbpf_vfree(const void *p)
{
	free((void *)p);
}

/* ----------------------------------------------------------- atomics -- */

static inline void sbpf_atomic32_add(u32 *p, u32 v)
{
	__atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}

static inline void sbpf_atomic32_and(u32 *p, u32 v)
{
	__atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
}

static inline void sbpf_atomic32_or(u32 *p, u32 v)
{
	__atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
}

static inline void sbpf_atomic32_xor(u32 *p, u32 v)
{
	__atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
}

static inline u32 sbpf_atomic32_fetch_add(u32 *p, u32 v)
{
	return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}

static inline u32 sbpf_atomic32_fetch_and(u32 *p, u32 v)
{
	return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
}

static inline u32 sbpf_atomic32_fetch_or(u32 *p, u32 v)
{
	return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
}

static inline u32 sbpf_atomic32_fetch_xor(u32 *p, u32 v)
{
	return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
}

static inline u32 sbpf_atomic32_xchg(u32 *p, u32 v)
{
	return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

static inline u32 sbpf_atomic32_cmpxchg(u32 *p, u32 old, u32 new)
{
	__atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST);
	return old;
}

static inline void sbpf_atomic64_add(u64 *p, u64 v)
{
	__atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}

static inline void sbpf_atomic64_and(u64 *p, u64 v)
{
	__atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
}

static inline void sbpf_atomic64_or(u64 *p, u64 v)
{
	__atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
}

static inline void sbpf_atomic64_xor(u64 *p, u64 v)
{
	__atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
}

static inline u64 sbpf_atomic64_fetch_add(u64 *p, u64 v)
{
	return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}

static inline u64 sbpf_atomic64_fetch_and(u64 *p, u64 v)
{
	return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
}

static inline u64 sbpf_atomic64_fetch_or(u64 *p, u64 v)
{
	return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
}

static inline u64 sbpf_atomic64_fetch_xor(u64 *p, u64 v)
{
	return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
}

static inline u64 sbpf_atomic64_xchg(u64 *p, u64 v)
{
	return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

static inline u64 sbpf_atomic64_cmpxchg(u64 *p, u64 old, u64 new)
{
	__atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST);
	return old;
}

/* --------------------------------------------------------------- RCU -- */

#if defined(__SANITIZE_THREAD__)
#define SBPF_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SBPF_TSAN 1
#endif
#endif

#ifdef SBPF_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
/*
 * Only its address is used: the TSan happens-before token of RCU.  Weak, so
 * that every object file shares one token.
 */
char sbpf_tsan_rcu_token __attribute__((__weak__));
#define SBPF_TSAN_RELEASE()	__tsan_release(&sbpf_tsan_rcu_token)
#define SBPF_TSAN_ACQUIRE()	__tsan_acquire(&sbpf_tsan_rcu_token)
#else
#define SBPF_TSAN_RELEASE()	do { } while (0)
#define SBPF_TSAN_ACQUIRE()	do { } while (0)
#endif

static inline void sbpf_rcu_read_lock(void)
{
	urcu_memb_read_lock();
}

static inline void sbpf_rcu_read_unlock(void)
{
	SBPF_TSAN_RELEASE();
	urcu_memb_read_unlock();
}

static inline void sbpf_synchronize_rcu(void)
{
	urcu_memb_synchronize_rcu();
	SBPF_TSAN_ACQUIRE();
}

static inline void sbpf_rcu_barrier(void)
{
	urcu_memb_barrier();
	SBPF_TSAN_ACQUIRE();
}

static inline void sbpf_rcu_callback_enter(void)
{
	SBPF_TSAN_ACQUIRE();
}

static inline void sbpf_rcu_callback_exit(void)
{
	SBPF_TSAN_RELEASE();
}

static inline void sbpf_call_rcu(struct rcu_head *head,
				 void (*func)(struct rcu_head *head))
{
	SBPF_TSAN_RELEASE();
	urcu_memb_call_rcu(head, func);
}

static inline void sbpf_thread_register(void)
{
	urcu_memb_register_thread();
}

static inline void sbpf_thread_unregister(void)
{
	urcu_memb_unregister_thread();
}

#define sbpf_rcu_dereference(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define sbpf_rcu_assign_pointer(p, v) \
	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

/* ------------------------------------------------------------- locks -- */

/*
 * A short critical section lock.  A mutex rather than a spinning lock in
 * userspace: threads may be preempted while holding it.
 */
struct sbpf_spinlock {
	pthread_mutex_t lock;
};

static inline void sbpf_spin_lock_init(struct sbpf_spinlock *l)
{
	pthread_mutex_init(&l->lock, NULL);
}

static inline void sbpf_spin_lock_destroy(struct sbpf_spinlock *l)
{
	pthread_mutex_destroy(&l->lock);
}

static inline void sbpf_spin_lock(struct sbpf_spinlock *l)
{
	pthread_mutex_lock(&l->lock);
}

static inline void sbpf_spin_unlock(struct sbpf_spinlock *l)
{
	pthread_mutex_unlock(&l->lock);
}

struct sbpf_mutex {
	pthread_mutex_t lock;
};

static inline void sbpf_mutex_init(struct sbpf_mutex *m)
{
	pthread_mutex_init(&m->lock, NULL);
}

static inline void sbpf_mutex_destroy(struct sbpf_mutex *m)
{
	pthread_mutex_destroy(&m->lock);
}

static inline void sbpf_mutex_lock(struct sbpf_mutex *m)
{
	pthread_mutex_lock(&m->lock);
}

static inline void sbpf_mutex_unlock(struct sbpf_mutex *m)
{
	pthread_mutex_unlock(&m->lock);
}

/* ----------------------------------------------------------- per-CPU -- */

/*
 * Per-thread scratch buffers standing in for per-CPU data.  One pthread key
 * per object; a thread's buffer is allocated on its first use and stays
 * until sbpf_percpu_free(), which frees every buffer (they are chained, so
 * no thread-exit destructor is needed and none can race with the free).
 * The caller of sbpf_percpu_free() guarantees no thread still uses it.
 */
struct sbpf_percpu_buf {
	struct sbpf_percpu_buf *next;
	u64 data[];
};

struct sbpf_percpu {
	pthread_key_t key;
	size_t size;
	pthread_mutex_t lock;		/* protects bufs */
	struct sbpf_percpu_buf *bufs;
};

static inline struct sbpf_percpu *sbpf_percpu_alloc(size_t size)
{
	struct sbpf_percpu *pc = calloc(1, sizeof(*pc));

	if (!pc)
		return NULL;
	if (pthread_key_create(&pc->key, NULL)) {
		free(pc);
		return NULL;
	}
	pc->size = size;
	pthread_mutex_init(&pc->lock, NULL);
	return pc;
}

/* Return: this thread's buffer (zeroed on first use), or NULL. */
static inline void *sbpf_this_cpu_ptr(struct sbpf_percpu *pc)
{
	struct sbpf_percpu_buf *b = pthread_getspecific(pc->key);

	if (likely(b))
		return b->data;
	b = calloc(1, sizeof(*b) + pc->size);
	if (!b)
		return NULL;
	if (pthread_setspecific(pc->key, b)) {
		free(b);
		return NULL;
	}
	pthread_mutex_lock(&pc->lock);
	b->next = pc->bufs;
	pc->bufs = b;
	pthread_mutex_unlock(&pc->lock);
	return b->data;
}

static inline void sbpf_percpu_free(struct sbpf_percpu *pc)
{
	struct sbpf_percpu_buf *b, *next;

	if (!pc)
		return;
	pthread_key_delete(pc->key);
	for (b = pc->bufs; b; b = next) {
		next = b->next;
		free(b);
	}
	pthread_mutex_destroy(&pc->lock);
	free(pc);
}

/* -------------------------------------------------- time, random, log -- */

static inline u64 sbpf_ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static inline u32 sbpf_get_random_u32(void)
{
	u32 v = 0;

	if (getrandom(&v, sizeof(v), 0) != sizeof(v)) {
		/* No entropy source: still vary per call and per process. */
		v = (u32)sbpf_ktime_get_ns() ^ (u32)(uintptr_t)&v;
	}
	return v;
}

/*
 * Rate limit for messages a program can trigger (trace, runtime faults):
 * at most 10 per second per thread.  Per-thread state, so threads never
 * share it.
 */
static inline bool sbpf_log_ratelimit(void)
{
	static __thread u64 window;
	static __thread u32 count;
	u64 now = sbpf_ktime_get_ns() / 1000000000ULL;

	if (now != window) {
		window = now;
		count = 0;
	}
	return count++ < 10;
}

#define sbpf_pr_err(fmt, ...) \
	fprintf(stderr, "sbpf: error: " fmt, ##__VA_ARGS__)
#define sbpf_pr_warn(fmt, ...) \
	fprintf(stderr, "sbpf: warning: " fmt, ##__VA_ARGS__)
#define sbpf_pr_info(fmt, ...) \
	fprintf(stderr, "sbpf: " fmt, ##__VA_ARGS__)
#ifdef SBPF_DEBUG
#define sbpf_pr_debug(fmt, ...) \
	fprintf(stderr, "sbpf: debug: " fmt, ##__VA_ARGS__)
#else
#define sbpf_pr_debug(fmt, ...) \
	do { if (0) fprintf(stderr, fmt, ##__VA_ARGS__); } while (0)
#endif

/* ----------------------------------------------- speculation, numbers -- */

/*
 * ~0 when index < size, 0 otherwise, without a branch the CPU could
 * mispredict (both below 2^63).
 */
static inline unsigned long sbpf_index_mask_nospec(unsigned long index,
						   unsigned long size)
{
	unsigned long x = ~(index | (size - 1 - index));

	/* Top bit set iff index < size; spread it without a signed shift. */
	return 0UL - (x >> (sizeof(long) * 8 - 1));
}

#define sbpf_array_index_nospec(index, size)				\
	((index) & sbpf_index_mask_nospec((unsigned long)(index),	\
					  (unsigned long)(size)))

#define sbpf_cpu_to_be16(x)	htobe16(x)
#define sbpf_cpu_to_be32(x)	htobe32(x)
#define sbpf_cpu_to_be64(x)	htobe64(x)
#define sbpf_cpu_to_le16(x)	htole16(x)
#define sbpf_cpu_to_le32(x)	htole32(x)
#define sbpf_cpu_to_le64(x)	htole64(x)
#define sbpf_bswap16(x)		__builtin_bswap16(x)
#define sbpf_bswap32(x)		__builtin_bswap32(x)
#define sbpf_bswap64(x)		__builtin_bswap64(x)

static inline u64 sbpf_div64_u64(u64 a, u64 b)
{
	return a / b;
}

static inline u64 sbpf_mod64_u64(u64 a, u64 b)
{
	return a % b;
}

#endif /* SBPF_PLATFORM_USER_H */
