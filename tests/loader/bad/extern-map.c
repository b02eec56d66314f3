// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A map declared but not defined: rejected. */
#include "sluice_bpf.h"
extern struct sluice_map_def elsewhere;
u64 prog(void *pkt, u64 pkt_len)
{
	u32 k = 0;
	return sbpf_map_lookup(&elsewhere, &k) != NULL;
}
