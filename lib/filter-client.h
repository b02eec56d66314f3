/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Client of the kernel datapath's "ovs_filter" generic netlink family
 * (filter programs and their maps), on libnl-3.
 *
 * Every function returns 0 or a positive errno value.  After a failure,
 * filter_client_error() gives the kernel's extended ack message (or "").
 * A datapath is named by its ifindex (the ifindex of its local port).
 */
#ifndef FILTER_CLIENT_H
#define FILTER_CLIENT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

/* image.h is written against the kernel's fixed-width type names. */
typedef __u32 u32;
#include "image.h"

struct filter_client;
struct nl_msg;

/* Options of a program load. */
struct filter_load_opts {
    uint32_t log_level;         /* 0 none, 1 errors, 2 verbose. */
    uint32_t log_size;          /* Log buffer bytes; 0: kernel default. */
    bool no_replace;            /* Fail with EEXIST if the id is in use. */
};

/* A map as the kernel reports it. */
struct filter_map_info {
    struct sbpf_map_def def;    /* Definition. */
};

/* A program as the kernel reports it. */
struct filter_prog_info {
    uint32_t id;                /* Program id. */
    char name[SBPF_NAME_LEN];   /* Program name. */
    uint32_t n_insns;           /* Instruction count. */
    bool jited;                 /* Runs JIT compiled. */
    uint32_t max_pkt_read;      /* Packet bytes the program may read. */
    uint64_t runs;              /* Statistics: runs, */
    uint64_t matches;           /* runs that returned 1, */
    uint64_t run_ns;            /* total run time. */
    uint32_t insns_processed;   /* Verifier: instructions simulated, */
    uint32_t states;            /* states explored. */
    uint32_t flow_refs;         /* Flows referencing the program. */
    uint32_t n_maps;            /* Number of maps in 'maps'. */
    struct filter_map_info maps[64]; /* Maps, by index. */
};

/* One map entry of a batched update. */
struct filter_entry {
    const void *key;            /* Key, the map's key size. */
    const void *value;          /* Value, the map's value size, or NULL. */
};

int filter_client_open(struct filter_client **);
void filter_client_close(struct filter_client *);
const char *filter_client_error(const struct filter_client *);

int filter_client_load(struct filter_client *, int dp_ifindex, uint32_t id,
                       const struct sbpf_image *,
                       const struct filter_load_opts *,
                       struct filter_prog_info *, char **logp);
int filter_client_delete(struct filter_client *, int dp_ifindex, uint32_t id,
                         bool flush_flows);
int filter_client_get(struct filter_client *, int dp_ifindex, uint32_t id,
                      struct filter_prog_info *);
int filter_client_list(struct filter_client *, int dp_ifindex,
                       void (*cb)(const struct filter_prog_info *, void *aux),
                       void *aux);
int filter_client_run(struct filter_client *, int dp_ifindex, uint32_t id,
                      const void *packet, size_t len, uint64_t *verdict);

/* Maps are addressed by index, or by name when 'map_name' is nonnull. */
int filter_client_map_lookup(struct filter_client *, int dp_ifindex,
                             uint32_t id, uint32_t map_index,
                             const char *map_name, const void *key,
                             size_t key_len, void *value, size_t value_len);
int filter_client_map_update(struct filter_client *, int dp_ifindex,
                             uint32_t id, uint32_t map_index,
                             const char *map_name,
                             const struct filter_entry *, size_t n_entries,
                             size_t key_len, size_t value_len,
                             uint32_t flags);
int filter_client_map_delete(struct filter_client *, int dp_ifindex,
                             uint32_t id, uint32_t map_index,
                             const char *map_name, const void *key,
                             size_t key_len);
int filter_client_map_get_next(struct filter_client *, int dp_ifindex,
                               uint32_t id, uint32_t map_index,
                               const char *map_name, const void *key,
                               size_t key_len, void *next_key);
int filter_client_map_dump(struct filter_client *, int dp_ifindex,
                           uint32_t id, uint32_t map_index,
                           const char *map_name,
                           void (*cb)(const void *key, size_t key_len,
                                      const void *value, size_t value_len,
                                      void *aux),
                           void *aux);

/* For tests and other families: a request of the family, sending a request
 * as built (replies go to 'parse', if nonnull, one message at a time), and
 * the id of another generic netlink family. */
struct nlmsghdr;
struct nl_msg *filter_client_msg(struct filter_client *, int dp_ifindex,
                                 uint8_t cmd, int flags, size_t size);
int filter_client_transact(struct filter_client *, struct nl_msg *,
                           int (*parse)(struct nlmsghdr *, void *aux),
                           void *aux);
int filter_client_resolve(struct filter_client *, const char *family);

#endif /* FILTER_CLIENT_H */
