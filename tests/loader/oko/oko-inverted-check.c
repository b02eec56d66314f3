// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Oko-style program with its length check inverted: it reads the IPv4
 * header only when the packet is *shorter* than 34 bytes.  It loads (the
 * object is well formed) but the verifier must reject it, pointing at the
 * unproven packet read.
 */
#include <stdint.h>
#include <net/ethernet.h>
#include <netinet/ip.h>

uint64_t entry(void *pkt, uint64_t pkt_len)
{
    struct iphdr *ip =
        (struct iphdr *)((char *)pkt + sizeof(struct ether_header));

    if (34 < pkt_len)
        return 1;
    return ip->protocol == 6;
}
