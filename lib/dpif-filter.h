/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Filter programs of a datapath: verified eBPF programs that datapath flows
 * match on (OVS_KEY_ATTR_FILTER_PROG, see odp-filter.h), and their maps.
 *
 * Programs are per datapath and named by a 32-bit id; loading an existing
 * id replaces the program atomically.  Maps belong to a program and are
 * named by their index in the program's object file.  A datapath that has
 * no filter programs returns EOPNOTSUPP from every function here.
 *
 * Functions return 0 or a positive errno value, and store in '*errorp',
 * on failure, a malloc()'d message from the datapath explaining it, or
 * NULL; the caller frees it.
 */
#ifndef DPIF_FILTER_H
#define DPIF_FILTER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dpif;
struct ds;
struct ofpbuf;
struct sbpf_image;

/* Program and map names, NUL included (SBPF_NAME_LEN). */
#define DPIF_FILTER_NAME_LEN 32

/* Maps per program reported (SBPF_OBJECT_MAX_MAPS). */
#define DPIF_FILTER_MAX_MAPS 64

/* A map of a program. */
struct dpif_filter_map {
    uint32_t type;              /* 1 array, 2 bloom, 3 count-min, 4 hash. */
    uint32_t key_size;          /* Key bytes. */
    uint32_t value_size;        /* Value bytes. */
    uint32_t max_entries;       /* Capacity. */
    uint32_t n_hash;            /* Hash functions (bloom), rows (count-min). */
    uint32_t flags;             /* Map flags. */
    char name[DPIF_FILTER_NAME_LEN]; /* Name in the object file. */
};

/* A program as the datapath reports it. */
struct dpif_filter_prog {
    uint32_t id;                /* Program id. */
    char name[DPIF_FILTER_NAME_LEN]; /* Function name in the object. */
    uint32_t n_insns;           /* Instructions. */
    bool jited;                 /* Runs JIT compiled. */
    uint32_t max_pkt_read;      /* Packet bytes the program may read. */
    uint64_t runs;              /* Times the program ran. */
    uint64_t matches;           /* Runs that returned 1. */
    uint64_t run_ns;            /* Total run time, nanoseconds. */
    uint32_t insns_processed;   /* Verifier: instructions simulated. */
    uint32_t states;            /* Verifier: states explored. */
    uint32_t flow_refs;         /* Datapath flows naming the program. */
    size_t n_maps;              /* Maps in 'maps'. */
    struct dpif_filter_map maps[DPIF_FILTER_MAX_MAPS]; /* By index. */
};

const char *dpif_filter_map_type_name(uint32_t type);

int dpif_filter_prog_load(struct dpif *, uint32_t id,
                          const struct sbpf_image *, struct ds *log,
                          char **errorp);
int dpif_filter_prog_del(struct dpif *, uint32_t id, bool flush_flows,
                         char **errorp);
int dpif_filter_prog_get(struct dpif *, uint32_t id,
                         struct dpif_filter_prog *, char **errorp);
int dpif_filter_prog_list(struct dpif *, struct dpif_filter_prog **progsp,
                          size_t *n_progsp, char **errorp);
int dpif_filter_prog_run(struct dpif *, uint32_t id, const void *packet,
                         size_t size, uint64_t *verdict, char **errorp);

int dpif_filter_map_lookup(struct dpif *, uint32_t id, uint32_t map,
                           const void *key, size_t key_size,
                           struct ofpbuf *value, char **errorp);
int dpif_filter_map_update(struct dpif *, uint32_t id, uint32_t map,
                           const void *key, size_t key_size,
                           const void *value, size_t value_size,
                           char **errorp);
int dpif_filter_map_delete(struct dpif *, uint32_t id, uint32_t map,
                           const void *key, size_t key_size, char **errorp);

/* Called once per entry by dpif_filter_map_dump(). */
typedef void dpif_filter_map_dump_cb(const void *key, size_t key_size,
                                     const void *value, size_t value_size,
                                     void *aux);
int dpif_filter_map_dump(struct dpif *, uint32_t id, uint32_t map,
                         dpif_filter_map_dump_cb *, void *aux,
                         char **errorp);

bool dpif_filter_probe(struct dpif *);

#endif /* dpif-filter.h */
