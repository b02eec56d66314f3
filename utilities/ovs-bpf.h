/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * ovs-bpf: what the offline commands (utilities/ovs-bpf.c) and the commands
 * against a running datapath (utilities/ovs-bpf-kernel.c) share.
 */
#ifndef OVS_BPF_H
#define OVS_BPF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sbpf_map_def;
struct sbpf_object;

/* Command-line options shared by all commands. */
struct options {
    const char *prog;           /* --prog: program name, or NULL. */
    unsigned int log_level;     /* --log-level: verifier log level. */
    bool log_level_set;         /* --log-level was given. */
    bool dump_maps;             /* --dump-maps. */
    char **maps;                /* --map arguments. */
    size_t n_maps;              /* Number of --map arguments. */
    const char *engine;         /* --engine: "interp", "jit", or NULL for
                                 * the JIT where it compiles, else the
                                 * interpreter. */
    bool flush_flows;           /* --flush-flows (unload). */
    bool no_replace;            /* --no-replace (load). */
};

void error_msg(const char *format, ...) __attribute__((format(printf, 1, 2)));
int open_object(const char *file, const struct options *,
                struct sbpf_object **, size_t *idxp);
void print_map_def(uint32_t index, const struct sbpf_map_def *);
void print_decoded(const uint8_t *, size_t);
void summarize(const uint8_t *, size_t len, char *buf, size_t size);

/* The packets a command runs a program on (ovs-bpf-packets.c): the frames
 * of a pcap or pcapng trace of Ethernet link type or, where a command
 * allows it, one frame typed as hex bytes. */
struct packets {
    const char *arg;            /* The argument, as typed. */
    struct pcap *pcap;          /* The open trace, or NULL for hex bytes. */
    uint8_t *hex;               /* The hex bytes' frame, malloc'd. */
    size_t hex_len;             /* Its length in bytes. */
    size_t n;                   /* Packets returned so far. */
};

int packets_open(struct packets *, const char *arg, bool allow_hex);
int packets_next(struct packets *, const uint8_t **data, size_t *caplen,
                 size_t *len);
void packets_close(struct packets *);

/* Commands against a running datapath (ovs-bpf-kernel.c). */
int cmd_load(const struct options *, char *args[]);
int cmd_unload(const struct options *, char *args[]);
int cmd_list(const struct options *, char *args[]);
int cmd_map(const struct options *, char *args[]);
int cmd_kernel_run(const struct options *, char *args[]);

#endif /* OVS_BPF_H */
