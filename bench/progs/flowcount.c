// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Count packets per TCP/IPv4 5-tuple in a hash map: look the tuple up,
 * add one atomically, or insert it with a count of 1.  Matches every
 * counted frame.
 */
#include "bench_prog.h"

struct flow {
	u32 saddr;
	u32 daddr;
	u16 sport;
	u16 dport;
	u32 proto;	/* a full word: no padding left uninitialised */
};

SLUICE_MAP(flows, SLUICE_MAP_HASH, struct flow, u64, 65536);

static __always_inline u64 body(void *pkt, void *end)
{
	struct sl_ipv4 *ip;
	struct sl_tcp *tcp = bench_parse_tcp(pkt, end, &ip);
	struct flow f;
	u64 one = 1, *count;

	if (!tcp)
		return 0;
	f.saddr = ip->saddr;
	f.daddr = ip->daddr;
	f.sport = tcp->source;
	f.dport = tcp->dest;
	f.proto = ip->protocol;
	count = bench_map_lookup(&flows, &f);
	if (count) {
		__sync_fetch_and_add(count, 1);
		return 1;
	}
	return bench_map_update(&flows, &f, &one) == 0;
}

BENCH_ENTRY(flowcount)
