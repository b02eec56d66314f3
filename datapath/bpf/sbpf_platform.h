/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The only OS contact of the BPF core.
 *
 * Every file of datapath/bpf includes this header (directly or through
 * sbpf.h) and no other OS header.  It selects platform_kernel.h when built
 * as kernel code and platform_user.h otherwise.  Both provide the same
 * vocabulary:
 *
 *   types        u8 u16 u32 u64 s8 s16 s32 s64, bool, size_t, uintptr_t
 *   errno        the E* codes (negative errno return convention)
 *   compiler     likely, unlikely, READ_ONCE, WRITE_ONCE, container_of,
 *                ARRAY_SIZE, __maybe_unused, fallthrough, __uninitialized,
 *                SBPF_BUILD_BUG_ON, SBPF_FRAME_NON_STANDARD
 *   memory       memcpy, memset, memcmp, strlen, strnlen
 *                sbpf_zalloc, sbpf_free (small), sbpf_vzalloc, sbpf_vfree
 *                (large), sbpf_zalloc_array (overflow-checked, large),
 *                sbpf_valloc (large, not zeroed; freed with sbpf_vfree)
 *   atomics      sbpf_atomic{32,64}_{add,and,or,xor} and their fetch_
 *                variants, sbpf_atomic{32,64}_xchg, _cmpxchg, on plain
 *                naturally aligned u32/u64 memory, fully ordered
 *   RCU          struct rcu_head, sbpf_rcu_read_lock/unlock,
 *                sbpf_synchronize_rcu, sbpf_call_rcu, sbpf_rcu_barrier,
 *                sbpf_rcu_dereference, sbpf_rcu_assign_pointer,
 *                sbpf_rcu_callback_enter/exit (first and last statements
 *                of every RCU callback), sbpf_thread_register/unregister (userspace
 *                threads that call into the core; no-ops in the kernel)
 *   locks        struct sbpf_spinlock (BH-safe in the kernel; may be taken
 *                from program context), struct sbpf_mutex (control plane)
 *   per-CPU      struct sbpf_percpu: a small per-CPU (kernel, used with BH
 *                disabled) or per-thread (userspace) scratch buffer
 *   time         sbpf_ktime_get_ns (monotonic)
 *   random       sbpf_get_random_u32
 *   logging      sbpf_pr_err, sbpf_pr_warn, sbpf_pr_info, sbpf_pr_debug,
 *                sbpf_log_ratelimit (for messages programs can trigger)
 *   speculation  sbpf_array_index_nospec(index, size)
 *   byte order   sbpf_cpu_to_{be,le}{16,32,64}, sbpf_bswap{16,32,64}
 *   arithmetic   sbpf_div64_u64, sbpf_mod64_u64 (no 64-bit division
 *                instruction on some kernel architectures)
 *
 * Both include the Linux UAPI <linux/bpf.h> for struct bpf_insn and the
 * BPF_* opcode constants.  The core's own names are sbpf_/SBPF_-prefixed so
 * they never clash with kernel-internal headers.
 */
#ifndef SBPF_PLATFORM_H
#define SBPF_PLATFORM_H 1

#ifdef __KERNEL__
#include "platform_kernel.h"
#else
#include "platform_user.h"
#endif

#endif /* SBPF_PLATFORM_H */
