// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A call to an extern that is no helper: rejected. */
extern unsigned long bpf_get_prandom_u32(void);
unsigned long prog(void *pkt, unsigned long len) { return bpf_get_prandom_u32(); }
