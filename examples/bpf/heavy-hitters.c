// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Heavy hitters: counts packets per IPv4 source in a count-min sketch and
 * matches the packets of sources whose estimated count exceeds a
 * threshold.  A count-min sketch never under-estimates, so every real
 * heavy hitter is caught; light sources colliding with heavy ones in every
 * row may be caught too.  Memory is fixed: rows * width counters, however
 * many sources there are.
 *
 * Map 0 ("config"), array of one u32: the threshold in packets (default
 * 1000 while it is 0).
 * Map 1 ("sketch"): count-min sketch of 4-byte keys, 4 rows of 2048 u32
 * counters.
 */
#include "sluice_bpf.h"

SLUICE_MAP(config, SLUICE_MAP_ARRAY, u32, u32, 1);
SLUICE_MAP_HASHED(sketch, SLUICE_MAP_COUNTMIN, u32, sizeof(u32), 2048, 4);

u64 entry(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	u32 zero = 0, threshold = 1000;
	u32 *cfg, *count;
	u32 saddr;

	if (!ip)
		return 0;
	cfg = sbpf_map_lookup(&config, &zero);
	if (cfg && *cfg)
		threshold = *cfg;
	saddr = ip->saddr;
	sbpf_map_add(&sketch, &saddr);
	count = sbpf_map_lookup(&sketch, &saddr);
	return count && *count > threshold;
}

SLUICE_LICENSE("Dual BSD/GPL");
