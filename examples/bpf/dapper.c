// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Dapper-style TCP diagnosis: watches both directions of TCP connections
 * and keeps, per connection, what tells a network problem from a sender or
 * receiver problem:
 *   - the round-trip time of the handshake (SYN to SYN-ACK, seen from the
 *     switch: the server side's share of the RTT) and of data (a data
 *     segment to the first ACK covering it);
 *   - retransmissions: data segments that do not advance the sender's
 *     highest sequence number;
 *   - the receiver's advertised window (raw, unscaled) and how often it
 *     was zero.
 * A packet matches when it is a retransmission or advertises a zero
 * window, so that a flow with filter_prog=N can mirror just the troubled
 * packets to an analyser.
 *
 * Map 0 ("flows"), hash: a connection's 5-tuple in the direction of the
 * packet's sender -> struct flow, that sender's view.
 */
#include "sluice_bpf.h"

struct flow_key {
	u32 saddr;		/* sender, network order */
	u32 daddr;		/* receiver */
	u16 sport;
	u16 dport;
	u32 pad;		/* zero */
};

struct flow {
	u32 snd_nxt;		/* highest sequence sent + 1 (host) */
	u32 timed_seq;		/* sequence being timed, 0 if none */
	u64 timed_ns;		/* when it was sent */
	u64 srtt_ns;		/* smoothed RTT (7/8 old + 1/8 sample) */
	u64 rtt_samples;	/* number of RTT samples */
	u64 packets;		/* segments sent */
	u64 retrans;		/* retransmitted segments */
	u32 rwnd;		/* last window advertised by this sender */
	u32 zero_windows;	/* segments advertising a zero window */
};

SLUICE_MAP(flows, SLUICE_MAP_HASH, struct flow_key, struct flow, 16384);

/* True if sequence number a is after b (modulo 2^32). */
static __always_inline int seq_after(u32 a, u32 b)
{
	return (s32)(a - b) > 0;
}

u64 entry(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	struct flow_key key, rkey;
	struct flow *f, *peer;
	struct sl_tcp *tcp;
	u32 seq, end, ack, paylen, hdrs;
	u64 now, verdict = 0;
	u16 tot_len;
	u8 flags;

	if (!ip)
		return 0;
	tcp = sl_parse_tcp(pkt, pkt_len, ip);
	if (!tcp)
		return 0;
	now = sbpf_time_get_ns();
	flags = tcp->flags;
	seq = bpf_ntohl(tcp->seq);
	ack = bpf_ntohl(tcp->ack_seq);
	tot_len = bpf_ntohs(ip->tot_len);
	hdrs = sizeof(struct sl_ipv4) + (tcp->doff >> 4) * 4;
	paylen = tot_len > hdrs ? tot_len - hdrs : 0;
	/* SYN and FIN take one sequence number each. */
	end = seq + paylen + !!(flags & SL_TCP_SYN) + !!(flags & SL_TCP_FIN);

	__builtin_memset(&key, 0, sizeof key);
	key.saddr = ip->saddr;
	key.daddr = ip->daddr;
	key.sport = tcp->source;
	key.dport = tcp->dest;
	__builtin_memset(&rkey, 0, sizeof rkey);
	rkey.saddr = ip->daddr;
	rkey.daddr = ip->saddr;
	rkey.sport = tcp->dest;
	rkey.dport = tcp->source;

	f = sbpf_map_lookup(&flows, &key);
	if (!f) {
		struct flow nf;

		__builtin_memset(&nf, 0, sizeof nf);
		nf.snd_nxt = end;
		nf.packets = 1;
		nf.rwnd = bpf_ntohs(tcp->window);
		nf.zero_windows = !nf.rwnd && !(flags & SL_TCP_RST);
		if (end != seq) {
			nf.timed_seq = end;
			nf.timed_ns = now;
		}
		sbpf_map_update(&flows, &key, &nf);
		verdict = nf.zero_windows;
	} else {
		f->packets++;
		f->rwnd = bpf_ntohs(tcp->window);
		if (!f->rwnd && !(flags & SL_TCP_RST)) {
			f->zero_windows++;
			verdict = 1;
		}
		if (end != seq && !seq_after(end, f->snd_nxt)) {
			/* Nothing new: a retransmission.  Karn: stop timing. */
			f->retrans++;
			f->timed_seq = 0;
			verdict = 1;
		} else if (end != seq) {
			f->snd_nxt = end;
			if (!f->timed_seq) {
				f->timed_seq = end;
				f->timed_ns = now;
			}
		}
	}

	/* An ACK from this side closes an RTT sample of the other side. */
	peer = sbpf_map_lookup(&flows, &rkey);
	if (peer && (flags & SL_TCP_ACK) && peer->timed_seq &&
	    !seq_after(peer->timed_seq, ack)) {
		u64 sample = now - peer->timed_ns;

		peer->srtt_ns = peer->rtt_samples ?
			peer->srtt_ns - (peer->srtt_ns >> 3) + (sample >> 3) :
			sample;
		peer->rtt_samples++;
		peer->timed_seq = 0;
	}
	return verdict;
}

SLUICE_LICENSE("Dual BSD/GPL");
