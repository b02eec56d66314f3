// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* An initialised global in .data that is not a 20-byte map: rejected. */
#include "sluice_bpf.h"
u32 limit = 5;
u64 prog(void *pkt, u64 pkt_len) { return pkt_len > limit; }
