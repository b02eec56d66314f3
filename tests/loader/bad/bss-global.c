// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A global variable (.bss) is not a map: rejected. */
#include "sluice_bpf.h"
static u64 counter;
u64 prog(void *pkt, u64 pkt_len) { return ++counter; }
