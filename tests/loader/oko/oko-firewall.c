// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * An Oko-style program, written the way Oko's examples were: glibc network
 * headers, helpers as function-pointer constants, maps as initialised
 * globals of the 20-byte definition in .data, entry(pkt, pkt_len).
 * Drops (no match) IPv4 packets whose destination is in map 0.
 */
#include <stdint.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <netinet/ip.h>

struct ubpf_map_def {
    unsigned int type;
    unsigned int key_size;
    unsigned int value_size;
    unsigned int max_entries;
    unsigned int nb_hash_functions;
};

static void *(*ubpf_map_lookup)(const void *, const void *) = (void *)1;
static int (*ubpf_map_update)(void *, const void *, void *) = (void *)2;

struct ubpf_map_def blocked = {
    .type = 4, .key_size = sizeof(uint32_t), .value_size = sizeof(uint32_t),
    .max_entries = 256, .nb_hash_functions = 0,
};

struct ubpf_map_def counters = {
    .type = 1, .key_size = sizeof(uint32_t), .value_size = sizeof(uint64_t),
    .max_entries = 2, .nb_hash_functions = 0,
};

uint64_t entry(void *pkt, uint64_t pkt_len)
{
    struct ether_header *eth = pkt;
    struct iphdr *ip = (struct iphdr *)(eth + 1);
    uint32_t daddr, idx;
    uint64_t *n;

    if (pkt_len < sizeof *eth + sizeof *ip)
        return 1;
    if (eth->ether_type != htons(ETHERTYPE_IP))
        return 1;
    daddr = ntohl(ip->daddr);
    idx = ubpf_map_lookup(&blocked, &daddr) != 0;
    n = ubpf_map_lookup(&counters, &idx);
    if (n) {
        uint64_t v = *n + 1;
        ubpf_map_update(&counters, &idx, &v);
    }
    return !idx;
}
