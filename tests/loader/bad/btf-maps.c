// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* libbpf's BTF-style map definitions: rejected with a pointer to ours. */
#include "sluice_bpf.h"
struct { int (*type)[1]; int (*max_entries)[16]; } m SEC(".maps");
u64 prog(void *pkt, u64 pkt_len)
{
	u32 k = 0;
	return sbpf_map_lookup(&m, &k) != NULL;
}
