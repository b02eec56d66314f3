// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The empty filter: matches every frame without reading it. */
#include "bench_prog.h"

static __always_inline u64 body(void *pkt, void *end)
{
	return 1;
}

BENCH_ENTRY(trivial)
