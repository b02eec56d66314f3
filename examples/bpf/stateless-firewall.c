// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Stateless firewall: drops IPv4 packets by destination address.
 *
 * Map 0 ("lookup_table", as in Oko) is a hash keyed by the IPv4 destination
 * address as a host-order u32 (on x86, 172.16.0.14 is the key bytes
 * 14 0 16 172) with a 4-byte value; value 1 means drop, i.e. the program
 * answers "no match".  Everything else matches.  This is the layout of
 * Oko's example, so its commands work verbatim:
 *
 *   clang -O2 -target bpf -c examples/bpf/stateless-firewall.c -o fw.o
 *   ovs-ofctl load-filter-prog br0 1 fw.o
 *   ovs-ofctl add-flow br0 priority=1,in_port=1,filter_prog=1,actions=output:2
 *   # drop packets to 172.16.0.14
 *   ovs-ofctl update-map br0 1 0 key 14 0 16 172 value 1 0 0 0
 */
#include "sluice_bpf.h"

SLUICE_MAP(lookup_table, SLUICE_MAP_HASH, u32, u32, 1024);

u64 entry(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	u32 daddr;
	u32 *verdict;

	if (!ip)
		return 1;		/* not plain IPv4: not ours to judge */
	daddr = bpf_ntohl(ip->daddr);
	verdict = sbpf_map_lookup(&lookup_table, &daddr);
	if (verdict && *verdict == 1)
		return 0;
	return 1;
}

SLUICE_LICENSE("Dual BSD/GPL");
