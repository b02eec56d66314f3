// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * For the program replacement test (tests/system/ovs-filter-replace.sh):
 * counts every packet it judges in slot SLOT of its map and answers
 * VERDICT.  Built twice, as "old" (SLOT 0, VERDICT 1) and "new" (SLOT 1,
 * VERDICT 0): the two have the same map, which carries over when one
 * replaces the other, so after the swap slot 0 holds the packets the old
 * program judged and slot 1 those the new one judged.
 *
 * Map 0 ("judged"), array of two u64 counters.
 */
#include "sluice_bpf.h"

#ifndef SLOT
#error "build with -DSLOT=0|1 -DVERDICT=0|1"
#endif

SLUICE_MAP(judged, SLUICE_MAP_ARRAY, u32, u64, 2);

u64 entry(void *pkt, u64 pkt_len)
{
	u32 slot = SLOT;
	u64 *count = sbpf_map_lookup(&judged, &slot);

	if (count)
		__sync_fetch_and_add(count, 1);
	return VERDICT;
}

SLUICE_LICENSE("Dual BSD/GPL");
