// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Two trace format strings through sluice_trace(): one read-only data map,
 * each reference at its own offset. */
#include "sluice_bpf.h"

u64 prog(void *pkt, u64 pkt_len)
{
	if (pkt_len < 60)
		sluice_trace("a=%d", pkt_len);
	else
		sluice_trace("b=%u\n", pkt_len, 2);
	return 1;
}
