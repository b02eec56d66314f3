// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Several programs in one object: two in named sections, two in .text. */
#include "sluice_bpf.h"

SLUICE_MAP(shared, SLUICE_MAP_ARRAY, u32, u64, 4);

SEC("filter/first") u64 first(void *pkt, u64 pkt_len)
{
	return pkt_len > 60;
}

SEC("filter/second") u64 second(void *pkt, u64 pkt_len)
{
	u32 k = 1;

	return sbpf_map_lookup(&shared, &k) != NULL;
}

u64 third(void *pkt, u64 pkt_len)
{
	return 3;
}

u64 fourth(void *pkt, u64 pkt_len)
{
	u32 k = 2;
	u64 *v = sbpf_map_lookup(&shared, &k);

	return v ? *v : 4;
}
