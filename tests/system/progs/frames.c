// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Programs of tests/system/filter-frames.sh.  port7, deep_byte and
 * last_byte read a frame at increasing depths, past the headers the
 * datapath pulls into the skb's linear area for the flow key (Ethernet,
 * IPv4, TCP: 54 bytes), so the module must pull as many bytes as the
 * verifier proved each may read.  vlan100 reads the 802.1Q tag, which the
 * stack keeps in the skb's metadata: the module must put it back in place.
 */
#include "sluice_bpf.h"

/* TCP to port 7: reads up to byte 38. */
u64 port7(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	struct sl_tcp *tcp = ip ? sl_parse_tcp(pkt, pkt_len, ip) : NULL;

	return tcp && tcp->dest == bpf_htons(7);
}

/* Byte 2000 is 0xab: reads up to byte 2001. */
u64 deep_byte(void *pkt, u64 pkt_len)
{
	u8 *p = pkt;

	if (pkt_len < 2001)
		return 0;
	return p[2000] == 0xab;
}

/* A 5000-byte frame ending in 0xee: reads up to byte 5000. */
u64 last_byte(void *pkt, u64 pkt_len)
{
	u8 *p = pkt;

	if (pkt_len != 5000)
		return 0;
	return p[4999] == 0xee;
}

/* An 802.1Q tag with VLAN id 100: reads up to byte 16. */
u64 vlan100(void *pkt, u64 pkt_len)
{
	u8 *p = pkt;

	if (pkt_len < 18)
		return 0;
	return p[12] == 0x81 && p[13] == 0x00 && (p[14] & 0x0f) == 0 &&
	       p[15] == 100;
}

SLUICE_LICENSE("Dual BSD/GPL");
