// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * TCP to port 80 from a source listed in a hash map (IPv4 address,
 * network order -> u64); sluice-bench fills the map.
 */
#include "bench_prog.h"

SLUICE_MAP(sources, SLUICE_MAP_HASH, u32, u64, 4096);

static __always_inline u64 body(void *pkt, void *end)
{
	struct sl_ipv4 *ip;
	struct sl_tcp *tcp = bench_parse_tcp(pkt, end, &ip);
	u32 saddr;

	if (!tcp || tcp->dest != bpf_htons(80))
		return 0;
	saddr = ip->saddr;
	return bench_map_lookup(&sources, &saddr) != NULL;
}

BENCH_ENTRY(srcmap)
