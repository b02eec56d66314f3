// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Two static maps: clang refers to both through the "maps" section symbol
 * with different addends; they must stay two maps.  Map b is used first. */
#include "sluice_bpf.h"

static struct sluice_map_def a SEC("maps") = {
	.type = SLUICE_MAP_HASH, .key_size = 4, .value_size = 8,
	.max_entries = 16,
};
static struct sluice_map_def b SEC("maps") = {
	.type = SLUICE_MAP_ARRAY, .key_size = 4, .value_size = 4,
	.max_entries = 8, .flags = SLUICE_F_RDONLY_PROG,
};

u64 prog(void *pkt, u64 pkt_len)
{
	u32 k = 0;

	if (sbpf_map_lookup(&b, &k))
		return 2;
	return sbpf_map_lookup(&a, &k) != NULL;
}
