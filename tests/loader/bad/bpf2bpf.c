// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A call to a non-inlined function: rejected. */
#include "sluice_bpf.h"
__attribute__((noinline)) u64 helper_fn(u64 x) { return x * 3 + 1; }
u64 prog(void *pkt, u64 pkt_len) { return helper_fn(pkt_len); }
