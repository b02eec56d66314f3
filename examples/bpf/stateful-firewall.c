// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Stateful firewall: TCP connections may only be opened from the inside
 * network; packets of connections it tracks match in both directions,
 * everything else TCP is "no match".  Non-TCP traffic matches (other rules
 * deal with it).
 *
 * A connection is keyed by its 5-tuple in the direction of the opening SYN
 * (client address and port first), with the padding zeroed so that equal
 * tuples are equal keys.  A reply is looked up with the tuple reversed.
 * States follow the handshake: SYN seen, SYN-ACK seen, established; a RST
 * or the final ACK after FINs from both sides removes the entry.
 *
 * Map 0 ("inside"), array of one entry { network, netmask } (network
 * order): the inside network.  Default while zero: 10.0.0.0/8.
 * Map 1 ("conns"), hash: struct conn_key -> struct conn.
 */
#include "sluice_bpf.h"

struct inside {
	u32 net;		/* network order */
	u32 mask;		/* network order */
};

struct conn_key {
	u32 saddr;		/* client, network order */
	u32 daddr;		/* server */
	u16 sport;		/* client port */
	u16 dport;		/* server port */
	u8 proto;		/* always SL_IPPROTO_TCP here */
	u8 pad[3];		/* zero */
};

enum conn_state {
	ST_SYN_SENT = 1,	/* client SYN seen */
	ST_SYN_RCVD = 2,	/* server SYN-ACK seen */
	ST_ESTABLISHED = 3,	/* client ACK seen */
};

struct conn {
	u32 state;		/* enum conn_state */
	u32 fins;		/* bit 0: client FIN seen, bit 1: server FIN */
};

SLUICE_MAP(inside, SLUICE_MAP_ARRAY, u32, struct inside, 1);
SLUICE_MAP(conns, SLUICE_MAP_HASH, struct conn_key, struct conn, 8192);

u64 entry(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	u32 net = bpf_htonl(0x0a000000), mask = bpf_htonl(0xff000000);
	struct conn_key key;
	struct inside *in;
	struct sl_tcp *tcp;
	struct conn *c;
	u32 zero = 0;
	int reply = 0;
	u8 flags;

	if (!ip)
		return 1;
	tcp = sl_parse_tcp(pkt, pkt_len, ip);
	if (!tcp)	/* not TCP: match; truncated TCP: refuse */
		return ip->protocol != SL_IPPROTO_TCP;
	in = sbpf_map_lookup(&inside, &zero);
	if (in && in->mask) {
		net = in->net;
		mask = in->mask;
	}

	__builtin_memset(&key, 0, sizeof key);
	key.saddr = ip->saddr;
	key.daddr = ip->daddr;
	key.sport = tcp->source;
	key.dport = tcp->dest;
	key.proto = SL_IPPROTO_TCP;
	flags = tcp->flags;

	c = sbpf_map_lookup(&conns, &key);
	if (!c) {
		/* Not from the client: maybe a reply. */
		key.saddr = ip->daddr;
		key.daddr = ip->saddr;
		key.sport = tcp->dest;
		key.dport = tcp->source;
		c = sbpf_map_lookup(&conns, &key);
		reply = 1;
	}

	if (!c) {
		struct conn nc = { .state = ST_SYN_SENT };

		/* A new connection: a bare SYN from the inside network. */
		if ((flags & (SL_TCP_SYN | SL_TCP_ACK | SL_TCP_RST)) !=
		    SL_TCP_SYN || (ip->saddr & mask) != net)
			return 0;
		key.saddr = ip->saddr;
		key.daddr = ip->daddr;
		key.sport = tcp->source;
		key.dport = tcp->dest;
		return sbpf_map_update(&conns, &key, &nc) == 0;
	}

	if (flags & SL_TCP_RST) {
		sbpf_map_delete(&conns, &key);
		return 1;
	}
	switch (c->state) {
	case ST_SYN_SENT:
		if (reply && (flags & (SL_TCP_SYN | SL_TCP_ACK)) ==
		    (SL_TCP_SYN | SL_TCP_ACK))
			c->state = ST_SYN_RCVD;
		else if (reply || !(flags & SL_TCP_SYN))
			return 0;	/* only SYNs until the SYN-ACK */
		return 1;
	case ST_SYN_RCVD:
		if (!reply && (flags & SL_TCP_ACK) && !(flags & SL_TCP_SYN))
			c->state = ST_ESTABLISHED;
		return 1;
	default:
		break;
	}
	if (flags & SL_TCP_FIN)
		c->fins |= reply ? 2 : 1;
	else if (c->fins == 3 && (flags & SL_TCP_ACK))
		sbpf_map_delete(&conns, &key);	/* last ACK */
	return 1;
}

SLUICE_LICENSE("Dual BSD/GPL");
