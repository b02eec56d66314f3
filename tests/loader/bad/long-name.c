// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A map name longer than SBPF_NAME_LEN - 1: rejected. */
#include "sluice_bpf.h"
SLUICE_MAP(a_map_name_that_is_far_too_long_to_fit, SLUICE_MAP_HASH, u32, u32, 4);
u64 prog(void *pkt, u64 pkt_len)
{
	u32 k = 0;
	return sbpf_map_lookup(&a_map_name_that_is_far_too_long_to_fit, &k) != NULL;
}
