// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * p0f-style passive OS fingerprinting of TCP SYNs.
 *
 * A SYN's signature is made of what its sender's TCP/IP stack chose:
 * the initial TTL (observed TTL rounded up to 32, 64, 128 or 255), the
 * don't-fragment bit, the TCP header length (how many options), the
 * window size and the MSS option (when it comes first, as every common
 * stack sends it).  The control plane fills "signatures" with the
 * signatures of the systems it knows, each with a class number; a SYN
 * whose signature is known matches, and its source is recorded with its
 * class in "hosts".  Other SYNs, and non-SYN packets, do not match.
 *
 * Map 0 ("signatures"), hash: struct sig -> u32 class.
 * Map 1 ("hosts"), hash: IPv4 source (network order) -> u32 class.
 */
#include "sluice_bpf.h"

struct sig {
	u8 ittl;		/* initial TTL guess */
	u8 df;			/* 1 if don't fragment */
	u8 hdr_words;		/* TCP data offset (5 = no options) */
	u8 pad;			/* zero */
	u16 window;		/* host order */
	u16 mss;		/* host order, 0 if no leading MSS option */
};

SLUICE_MAP(signatures, SLUICE_MAP_HASH, struct sig, u32, 1024);
SLUICE_MAP(hosts, SLUICE_MAP_HASH, u32, u32, 65536);

#define OPT_MSS		2

u64 entry(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	u8 *opt = (u8 *)pkt + SL_OFF_L4 + sizeof(struct sl_tcp);
	struct sl_tcp *tcp;
	struct sig sig;
	u32 *class;
	u32 saddr;
	u8 ttl;

	if (!ip)
		return 0;
	tcp = sl_parse_tcp(pkt, pkt_len, ip);
	if (!tcp || (tcp->flags & (SL_TCP_SYN | SL_TCP_ACK)) != SL_TCP_SYN)
		return 0;

	__builtin_memset(&sig, 0, sizeof sig);
	ttl = ip->ttl;
	sig.ittl = ttl <= 32 ? 32 : ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
	sig.df = !!(ip->frag_off & bpf_htons(SL_IP_DF));
	sig.hdr_words = tcp->doff >> 4;
	sig.window = bpf_ntohs(tcp->window);
	/* MSS: kind 2, length 4, as the first option. */
	if (sig.hdr_words >= 6 &&
	    pkt_len >= SL_OFF_L4 + sizeof(struct sl_tcp) + 4 &&
	    opt[0] == OPT_MSS && opt[1] == 4)
		sig.mss = (u16)opt[2] << 8 | opt[3];

	class = sbpf_map_lookup(&signatures, &sig);
	if (!class)
		return 0;
	saddr = ip->saddr;
	sbpf_map_update(&hosts, &saddr, class);
	return 1;
}

SLUICE_LICENSE("Dual BSD/GPL");
