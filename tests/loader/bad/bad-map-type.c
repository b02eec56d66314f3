// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A map of a type that does not exist: rejected. */
#include "sluice_bpf.h"
struct sluice_map_def m SEC("maps") = { .type = 9, .key_size = 4,
					.value_size = 4, .max_entries = 1 };
u64 prog(void *pkt, u64 pkt_len)
{
	u32 k = 0;
	return sbpf_map_lookup(&m, &k) != NULL;
}
