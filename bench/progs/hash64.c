// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * FNV-1a over the first 64 bytes of the frame, one byte per iteration of
 * a real loop (no helper, no unrolling); returns the 32-bit hash.
 */
#include "bench_prog.h"

static __always_inline u64 body(void *pkt, void *end)
{
	const u8 *p = pkt;
	u32 h = 2166136261u;

	if ((void *)(p + 64) > end)
		return 0;
#pragma clang loop unroll(disable)
	for (u32 i = 0; i < 64; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

BENCH_ENTRY(hash64)
