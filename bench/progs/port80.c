// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Parse Ethernet, IPv4 and TCP; match TCP destination port 80. */
#include "bench_prog.h"

static __always_inline u64 body(void *pkt, void *end)
{
	struct sl_ipv4 *ip;
	struct sl_tcp *tcp = bench_parse_tcp(pkt, end, &ip);

	return tcp && tcp->dest == bpf_htons(80);
}

BENCH_ENTRY(port80)
