// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Rate limiter: a token bucket per IPv4 source address.  A packet that
 * finds a token in its source's bucket matches (and spends the token); one
 * that does not is "no match".  Non-IPv4 traffic always matches.
 *
 * Map 0 ("buckets"), a hash keyed by the IPv4 source (network order) whose
 * value is Oko's bucket: { time of the last refill in ns, tokens left }.
 * Map 1 ("config"), an array of one entry { rate, burst }: tokens added
 * per second and bucket size.  While the control plane leaves it zero, the
 * default is 100 packets/s with a burst of 10.
 *
 * Unlike Oko's example, which answered 1 for the packets over the limit,
 * this one matches the packets within it, so that a flow with
 * filter_prog=N forwards the conforming traffic.
 */
#include "sluice_bpf.h"

#define NSEC 1000000000ULL
#define MAX_RATE 1000000ULL	/* tokens/s; keeps the arithmetic exact */

struct bucket {
	u64 ts;			/* last refill, ns */
	u64 count;		/* tokens left */
};

struct config {
	u64 rate;		/* tokens per second */
	u64 burst;		/* bucket capacity, in tokens */
};

SLUICE_MAP(buckets, SLUICE_MAP_HASH, u32, struct bucket, 4096);
SLUICE_MAP(config, SLUICE_MAP_ARRAY, u32, struct config, 1);

u64 entry(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	u64 rate = 100, burst = 10, now, elapsed, added;
	struct config *cfg;
	struct bucket *b;
	u32 zero = 0;
	u32 saddr;

	if (!ip)
		return 1;
	cfg = sbpf_map_lookup(&config, &zero);
	if (cfg && (cfg->rate || cfg->burst)) {
		rate = cfg->rate;
		burst = cfg->burst;
	}
	if (rate > MAX_RATE)
		rate = MAX_RATE;

	now = sbpf_time_get_ns();
	saddr = ip->saddr;
	b = sbpf_map_lookup(&buckets, &saddr);
	if (!b) {
		/* First packet of this source: a full bucket, minus one. */
		struct bucket nb = { .ts = now };

		if (!burst)
			return 0;
		nb.count = burst - 1;
		sbpf_map_update(&buckets, &saddr, &nb);
		return 1;
	}

	/* Refill whole tokens; the time of a partial token is kept by
	 * advancing ts only by the time the added tokens took. */
	elapsed = now > b->ts ? now - b->ts : 0;
	if (elapsed > 3600 * NSEC)
		elapsed = 3600 * NSEC;	/* rate * elapsed < 2^63 */
	if (rate) {
		added = elapsed * rate / NSEC;
		if (added) {
			b->count += added;
			if (b->count > burst)
				b->count = burst;
			b->ts += added * NSEC / rate;
			if (elapsed == 3600 * NSEC)
				b->ts = now;
		}
	}
	if (!b->count)
		return 0;
	b->count--;
	return 1;
}

SLUICE_LICENSE("Dual BSD/GPL");
