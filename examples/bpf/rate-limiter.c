// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Rate limiter: a token bucket per IPv4 source address.  A packet that
 * finds a token in its source's bucket matches (and spends the token); one
 * that does not is "no match".  Non-IPv4 traffic always matches.
 *
 * Map 0 ("config"), an array of one entry: { rate, burst }: tokens added
 * per second and bucket size.  Until the control plane writes it, the
 * default is 100 packets/s with a burst of 10.
 * Map 1 ("buckets"), a hash keyed by IPv4 source (network order): the
 * bucket, { tokens in 1e-9 units, time of last refill in ns }.
 */
#include "sluice_bpf.h"

#define NSEC 1000000000ULL

struct config {
	u64 rate;		/* tokens per second */
	u64 burst;		/* bucket capacity, in tokens */
};

struct bucket {
	u64 ntokens;		/* tokens * NSEC */
	u64 last_ns;		/* last refill */
};

SLUICE_MAP(config, SLUICE_MAP_ARRAY, u32, struct config, 1);
SLUICE_MAP(buckets, SLUICE_MAP_HASH, u32, struct bucket, 4096);

u64 entry(void *pkt, u64 pkt_len)
{
	struct sl_ipv4 *ip = sl_parse_ipv4(pkt, pkt_len);
	u64 rate = 100, burst = 10, now, elapsed;
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
	/* Bound both so that the arithmetic below cannot overflow. */
	if (rate > 1000000)
		rate = 1000000;
	if (burst > 1000000)
		burst = 1000000;

	now = sbpf_time_get_ns();
	saddr = ip->saddr;
	b = sbpf_map_lookup(&buckets, &saddr);
	if (!b) {
		/* First packet of this source: a full bucket, minus this one. */
		struct bucket nb = { .last_ns = now };

		if (!burst)
			return 0;
		nb.ntokens = (burst - 1) * NSEC;
		sbpf_map_update(&buckets, &saddr, &nb);
		return 1;
	}

	elapsed = now - b->last_ns;
	if (now < b->last_ns)
		elapsed = 0;
	if (elapsed > 3600 * NSEC)
		elapsed = 3600 * NSEC;		/* rate * elapsed < 2^63 */
	b->ntokens += elapsed * rate;
	if (b->ntokens > burst * NSEC)
		b->ntokens = burst * NSEC;
	b->last_ns = now;
	if (b->ntokens < NSEC)
		return 0;
	b->ntokens -= NSEC;
	return 1;
}

SLUICE_LICENSE("Dual BSD/GPL");
