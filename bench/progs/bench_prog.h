/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * bench_prog.h - one source body, two program flavours, two lengths.
 *
 * Every benchmark program (the .c files of bench/progs) defines its work once, as
 *
 *     static __always_inline u64 body(void *pkt, void *end) { ... }
 *
 * reading the frame between pkt and end (every read proven in bounds by a
 * comparison with end first), and ends with BENCH_ENTRY(name).  The
 * compiler flags pick what that entry is:
 *
 *   (default)     a Sluice filter program: u64 name(void *pkt, u64 len),
 *                 end = pkt + len (our verifier treats r1 + r2 as the
 *                 packet end), maps and helpers as in sluice_bpf.h;
 *   -DBENCH_XDP   an XDP program for the host kernel: pkt and end are
 *                 ctx->data and ctx->data_end.  Maps are declared the same
 *                 way; sluice-bench creates a kernel BPF_MAP_TYPE_HASH
 *                 (ARRAY) for each SLUICE_MAP_HASH (ARRAY) definition and
 *                 puts its fd into the map references.  Helpers 1 and 2
 *                 are map lookup and update in both numberings; the
 *                 kernel's update takes a fourth argument (flags, 0).
 *
 *   -DBENCH_REPEAT=N  the body runs N times per program run (unrolled,
 *                 default 1), each copy on the frame pointers laundered
 *                 through an empty asm so that the compiler can neither
 *                 share work between copies nor drop one.  The entry
 *                 returns the sum of the N bodies' results.  Timing N and
 *                 1 separates the body's time (the slope) from the
 *                 per-run cost of the engine (bench/README.md).
 */
#ifndef BENCH_PROG_H
#define BENCH_PROG_H 1

#include "sluice_bpf.h"

#ifndef BENCH_REPEAT
#define BENCH_REPEAT 1
#endif

/* Hide a value from the optimiser: it must assume the asm changed it. */
#define bench_launder(x) asm volatile("" : "+r"(x))

#ifdef BENCH_XDP
/* The fields of the kernel's struct xdp_md that the entry reads. */
struct xdp_md {
	u32 data;
	u32 data_end;
	u32 data_meta;
	u32 ingress_ifindex;
	u32 rx_queue_index;
	u32 egress_ifindex;
};

static long (*const bench_kernel_map_update)(const void *map, const void *key,
					     const void *value, u64 flags) =
	(void *)2;
#define bench_map_update(map, key, value)				\
	bench_kernel_map_update(map, key, value, 0 /* BPF_ANY */)
#else
#define bench_map_update(map, key, value) sbpf_map_update(map, key, value)
#endif
#define bench_map_lookup(map, key) sbpf_map_lookup(map, key)

static __always_inline u64 body(void *pkt, void *end);

static __always_inline u64 bench_repeat(void *pkt, void *end)
{
	u64 acc = 0;

#pragma clang loop unroll(full)
	for (int i = 0; i < BENCH_REPEAT; i++) {
		void *p = pkt, *e = end;

		bench_launder(p);
		bench_launder(e);
		acc += body(p, e);
		bench_launder(acc);
	}
	return acc;
}

#ifdef BENCH_XDP
#define BENCH_ENTRY(name)						\
	SEC("xdp") int name(struct xdp_md *ctx)				\
	{								\
		return bench_repeat((void *)(long)ctx->data,		\
				    (void *)(long)ctx->data_end);	\
	}
#else
#define BENCH_ENTRY(name)						\
	u64 name(void *pkt, u64 len)					\
	{								\
		return bench_repeat(pkt, (u8 *)pkt + len);		\
	}
#endif

/*
 * The TCP header of an untagged IPv4 frame without options, not a
 * fragment, or NULL: the parse every header-reading program shares.
 */
static __always_inline struct sl_tcp *bench_parse_tcp(void *pkt, void *end,
						      struct sl_ipv4 **ipp)
{
	struct sl_eth *eth = pkt;
	struct sl_ipv4 *ip = (void *)(eth + 1);
	struct sl_tcp *tcp = (void *)(ip + 1);

	if ((void *)(tcp + 1) > end)
		return NULL;
	if (eth->type != bpf_htons(SL_ETH_P_IP) || ip->ver_ihl != 0x45 ||
	    (ip->frag_off & bpf_htons(SL_IP_MF | SL_IP_OFFMASK)) ||
	    ip->protocol != SL_IPPROTO_TCP)
		return NULL;
	*ipp = ip;
	return tcp;
}

SLUICE_LICENSE("Dual BSD/GPL");

#endif /* BENCH_PROG_H */
