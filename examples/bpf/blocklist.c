// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Blocklist: a bloom filter of banned IPv4 source addresses.  A packet
 * from a banned source is "no match"; every other packet matches.
 *
 * Sources ban themselves: a TCP SYN to the trap port (23, telnet: nothing
 * legitimate uses it here) adds the sender to the filter, and that packet
 * is refused too.  The control plane can also add addresses.  A bloom
 * filter has no false negatives, so a banned source never gets through; a
 * false positive may refuse an innocent one, with a probability set by the
 * size (max_entries bytes of bits) and the number of hash functions.
 *
 * Map 0 ("banned"): bloom filter of 4-byte keys, 65536 bytes (2^19 bits),
 * 3 hash functions.
 */
#include "sluice_bpf.h"

#define TRAP_PORT 23

SLUICE_MAP_HASHED(banned, SLUICE_MAP_BLOOM, u32, 0, 65536, 3);

u64 entry(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	struct sl_tcp *tcp;
	u32 saddr;

	if (!ip)
		return 1;
	saddr = ip->saddr;
	if (sbpf_map_lookup(&banned, &saddr))
		return 0;
	tcp = sl_parse_tcp(pkt, pkt_len, ip);
	if (tcp && tcp->dest == bpf_htons(TRAP_PORT) &&
	    (tcp->flags & (SL_TCP_SYN | SL_TCP_ACK)) == SL_TCP_SYN) {
		sbpf_map_add(&banned, &saddr);
		return 0;
	}
	return 1;
}

SLUICE_LICENSE("Dual BSD/GPL");
