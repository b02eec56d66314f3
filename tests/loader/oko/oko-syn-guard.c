// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * An Oko-style program using the sketch maps the way Oko declared them:
 * counts each source's SYNs in a count-min sketch and, from the third,
 * adds the source to a bloom filter of banned sources (an Oko bloom filter
 * definition: key_size 0, the item size in value_size).  Banned sources
 * and further SYNs of the third get "no match"; everything else matches.
 * glibc headers, TCP flag bitfields, .data maps, function-pointer helpers.
 */
#include <stdint.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>

struct ubpf_map_def {
    unsigned int type;
    unsigned int key_size;
    unsigned int value_size;
    unsigned int max_entries;
    unsigned int nb_hash_functions;
};

static void *(*ubpf_map_lookup)(const void *, const void *) = (void *)1;
static int (*ubpf_map_add)(void *, const void *) = (void *)4;

struct ubpf_map_def syn_counts = {
    .type = 3, .key_size = sizeof(uint32_t), .value_size = sizeof(uint32_t),
    .max_entries = 1024, .nb_hash_functions = 3,
};

struct ubpf_map_def banned = {
    .type = 2, .key_size = 0, .value_size = sizeof(uint32_t),
    .max_entries = 1024, .nb_hash_functions = 3,
};

uint64_t entry(void *pkt, uint64_t pkt_len)
{
    struct ether_header *eth = pkt;
    struct iphdr *ip = (struct iphdr *)(eth + 1);
    struct tcphdr *tcp = (struct tcphdr *)(ip + 1);
    uint32_t src, *n;

    if (pkt_len < sizeof *eth + sizeof *ip + sizeof *tcp)
        return 1;
    if (eth->ether_type != htons(ETHERTYPE_IP) || ip->protocol != IPPROTO_TCP)
        return 1;
    src = ip->saddr;
    if (ubpf_map_lookup(&banned, &src))
        return 0;
    if (tcp->syn && !tcp->ack) {
        ubpf_map_add(&syn_counts, &src);
        n = ubpf_map_lookup(&syn_counts, &src);
        if (n && *n >= 3) {
            ubpf_map_add(&banned, &src);
            return 0;
        }
    }
    return 1;
}
