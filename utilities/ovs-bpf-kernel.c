/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * ovs-bpf commands against a running kernel datapath, through the
 * "ovs_filter" generic netlink family (lib/filter-client.c); no
 * ovs-vswitchd involved:
 *
 *   ovs-bpf load DP ID FILE.o [--prog NAME] [--log-level N] [--no-replace]
 *   ovs-bpf unload DP ID [--flush-flows]
 *   ovs-bpf list [DP]
 *   ovs-bpf map lookup|delete DP ID MAP [key] BYTES...
 *   ovs-bpf map update DP ID MAP key BYTES... value BYTES... [key ...]...
 *   ovs-bpf map dump DP ID MAP
 *   ovs-bpf run DP ID PACKET.pcap|HEX
 *
 * DP is a datapath name, resolved to the ifindex of its local port in the
 * caller's network namespace.  Arguments are checked before the kernel is
 * asked anything, so a usage error changes nothing; the kernel's own errors
 * are printed with its extended ack message (and the verifier log when a
 * program is rejected).
 */
#include "filter-client.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>
#include <linux/openvswitch.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "bpf-object.h"
#include "ovs-bpf.h"

/* Largest packet the family accepts in a run request. */
#define MAX_PACKET 65535

/* A datapath as named on the command line. */
struct dp {
    const char *name;           /* As typed. */
    int ifindex;                /* Ifindex of its local port. */
};

/* Resolves 'name'.  Returns 0 or 1 (and prints why). */
static int
resolve_dp(const char *name, struct dp *dp)
{
    dp->name = name;
    dp->ifindex = if_nametoindex(name);
    if (!dp->ifindex) {
        error_msg("%s: no such datapath (no network device of that name)",
                  name);
        return 1;
    }
    return 0;
}

/* Parses a program id.  Returns 0 or 2 (and prints why). */
static int
parse_id(const char *s, uint32_t *id)
{
    unsigned long long v;
    char *end;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || !*s || *end || *s == '-' || v > UINT32_MAX) {
        error_msg("program id '%s': expected a number from 0 to %"PRIu32,
                  s, UINT32_MAX);
        return 2;
    }
    *id = v;
    return 0;
}

static int
open_client(struct filter_client **fcp)
{
    int error = filter_client_open(fcp);

    if (error == ENOENT) {
        error_msg("the kernel has no \"%s\" generic netlink family (is "
                  "Sluice's openvswitch.ko loaded?)", OVS_FILTER_FAMILY);
    } else if (error) {
        error_msg("cannot open a generic netlink socket: %s",
                  strerror(error));
    }
    return error ? 1 : 0;
}

/* Prints a failed request: 'what' (e.g. "dp0: program 3"), the error and
 * the kernel's message.  Returns 1. */
static int
kernel_error(struct filter_client *fc, int error, const char *what,
             const char *op)
{
    const char *msg = filter_client_error(fc);

    error_msg("%s: %s: %s%s%s", what, op, strerror(error),
              *msg ? ": " : "", msg);
    return 1;
}

/* ---------------------------------------------------------------- load -- */

static void
print_log(const char *log, FILE *f)
{
    size_t len = strlen(log);

    if (len) {
        fputs(log, f);
        if (log[len - 1] != '\n') {
            fputc('\n', f);
        }
    }
}

int
cmd_load(const struct options *opts, char *args[])
{
    struct filter_load_opts lo = {
        .log_level = opts->log_level_set ? opts->log_level : 1,
        .no_replace = opts->no_replace,
    };
    struct filter_prog_info *info = NULL;
    struct filter_client *fc = NULL;
    struct sbpf_object *obj = NULL;
    struct sbpf_image img;
    char *log = NULL, what[64];
    bool replaced;
    struct dp dp;
    uint32_t id;
    size_t idx;
    int status;

    status = parse_id(args[1], &id);
    if (status) {
        return status;
    }
    if (open_object(args[2], opts, &obj, &idx)) {
        return 1;
    }
    sbpf_object_get_image(obj, idx, &img);
    info = calloc(1, sizeof *info);
    status = 1;
    if (!info || resolve_dp(args[0], &dp) || open_client(&fc)) {
        goto out;
    }
    snprintf(what, sizeof what, "%s: program %"PRIu32, dp.name, id);
    replaced = !filter_client_get(fc, dp.ifindex, id, info);

    status = filter_client_load(fc, dp.ifindex, id, &img, &lo, info, &log);
    if (status) {
        if (log) {
            print_log(log, stderr);
        }
        kernel_error(fc, status, what, "load");
        status = 1;
        goto out;
    }
    if (log && lo.log_level >= 2) {
        print_log(log, stdout);
    }
    printf("%s %s: %s (%s), %"PRIu32" instructions, %s, reads up to %"PRIu32
           " packet bytes, %"PRIu32" maps; verifier processed %"PRIu32
           " insns, %"PRIu32" states\n", what, replaced ? "replaced" : "loaded",
           info->name, args[2], info->n_insns,
           info->jited ? "jited" : "interpreted", info->max_pkt_read,
           info->n_maps, info->insns_processed, info->states);
out:
    free(log);
    free(info);
    filter_client_close(fc);
    sbpf_object_close(obj);
    return status;
}

/* -------------------------------------------------------------- unload -- */

int
cmd_unload(const struct options *opts, char *args[])
{
    struct filter_client *fc;
    struct filter_prog_info *info;
    char what[64];
    uint32_t id;
    struct dp dp;
    int error;

    error = parse_id(args[1], &id);
    if (error) {
        return error;
    }
    if (resolve_dp(args[0], &dp) || open_client(&fc)) {
        return 1;
    }
    snprintf(what, sizeof what, "%s: program %"PRIu32, dp.name, id);
    error = filter_client_delete(fc, dp.ifindex, id, opts->flush_flows);
    if (error) {
        kernel_error(fc, error, what, "unload");
        info = error == EBUSY ? calloc(1, sizeof *info) : NULL;
        if (info && !filter_client_get(fc, dp.ifindex, id, info)) {
            error_msg("%"PRIu32" flow(s) use the program; --flush-flows "
                      "deletes them with it", info->flow_refs);
        }
        free(info);
        filter_client_close(fc);
        return 1;
    }
    printf("%s unloaded\n", what);
    filter_client_close(fc);
    return 0;
}

/* ---------------------------------------------------------------- list -- */

static void
print_prog(const struct filter_prog_info *info, void *aux)
{
    size_t *n = aux;

    printf("  program %"PRIu32" %s: insns %"PRIu32", %s, max_pkt_read %"
           PRIu32", flow_refs %"PRIu32", runs %"PRIu64", matches %"PRIu64
           ", run_ns %"PRIu64"\n", info->id, info->name, info->n_insns,
           info->jited ? "jited" : "interpreted", info->max_pkt_read,
           info->flow_refs, info->runs, info->matches, info->run_ns);
    for (uint32_t i = 0; i < info->n_maps; i++) {
        fputs("    ", stdout);
        print_map_def(i, &info->maps[i].def);
    }
    (*n)++;
}

static int
list_dp(struct filter_client *fc, const struct dp *dp)
{
    size_t n = 0;
    int error;

    printf("%s:\n", dp->name);
    error = filter_client_list(fc, dp->ifindex, print_prog, &n);
    if (error) {
        return kernel_error(fc, error, dp->name, "list");
    }
    if (!n) {
        printf("  (no programs)\n");
    }
    return 0;
}

/* The datapaths of the caller's namespace, from the ovs_datapath family. */
struct dp_names {
    char **names;               /* Names, malloc'd. */
    size_t n;                   /* Number of names. */
};

static int
parse_dp_name(struct nlmsghdr *nlh, void *dn_)
{
    struct nlattr *a[OVS_DP_ATTR_MAX + 1];
    struct dp_names *dn = dn_;
    char **names;

    if (genlmsg_parse(nlh, sizeof(struct ovs_header), a, OVS_DP_ATTR_MAX,
                      NULL) || !a[OVS_DP_ATTR_NAME]) {
        return EPROTO;
    }
    names = realloc(dn->names, (dn->n + 1) * sizeof *names);
    if (!names) {
        return ENOMEM;
    }
    dn->names = names;
    dn->names[dn->n] = strndup(nla_data(a[OVS_DP_ATTR_NAME]),
                               nla_len(a[OVS_DP_ATTR_NAME]));
    if (!dn->names[dn->n]) {
        return ENOMEM;
    }
    dn->n++;
    return 0;
}

static int
dump_dp_names(struct filter_client *fc, struct dp_names *dn)
{
    int family = filter_client_resolve(fc, OVS_DATAPATH_FAMILY);
    struct ovs_header *hdr;
    struct nl_msg *msg;

    if (family < 0) {
        return ENOENT;
    }
    msg = nlmsg_alloc();
    if (!msg) {
        return ENOMEM;
    }
    hdr = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, sizeof *hdr,
                      NLM_F_DUMP, OVS_DP_CMD_GET, OVS_DATAPATH_VERSION);
    if (!hdr) {
        nlmsg_free(msg);
        return ENOMEM;
    }
    hdr->dp_ifindex = 0;
    return filter_client_transact(fc, msg, parse_dp_name, dn);
}

int
cmd_list(const struct options *opts, char *args[])
{
    struct dp_names dn = { NULL, 0 };
    struct filter_client *fc;
    int status = 0, error;
    struct dp dp;

    (void) opts;
    if (args[0]) {
        if (resolve_dp(args[0], &dp) || open_client(&fc)) {
            return 1;
        }
        status = list_dp(fc, &dp);
        filter_client_close(fc);
        return status;
    }
    if (open_client(&fc)) {
        return 1;
    }
    error = dump_dp_names(fc, &dn);
    if (error) {
        status = kernel_error(fc, error, "datapaths", "dump");
    }
    for (size_t i = 0; i < dn.n; i++) {
        if (!status && !resolve_dp(dn.names[i], &dp)) {
            status = list_dp(fc, &dp);
        }
        free(dn.names[i]);
    }
    free(dn.names);
    filter_client_close(fc);
    return status;
}

/* ----------------------------------------------------------------- map -- */

/* Bytes parsed from the command line. */
struct bytes {
    uint8_t *data;              /* Bytes, malloc'd. */
    size_t len;                 /* Number of bytes. */
};

static int
bytes_add(struct bytes *b, uint8_t byte)
{
    uint8_t *data = realloc(b->data, b->len + 1);

    if (!data) {
        error_msg("out of memory");
        return 1;
    }
    b->data = data;
    b->data[b->len++] = byte;
    return 0;
}

/* Parses the words of 'args' up to the next 'stop' keyword (or the end)
 * into 'b': each word is a decimal byte (0 to 255) or 0x followed by an
 * even number of hex digits (bytes in memory order).  Returns the number
 * of words consumed, or -1 (and prints why). */
static int
parse_byte_words(char *args[], const char *stop, const char *what,
                 struct bytes *b)
{
    int n;

    for (n = 0; args[n] && (!stop || strcmp(args[n], stop)); n++) {
        const char *w = args[n];

        if (w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
            const char *h = w + 2;
            size_t len = strlen(h);

            if (!len || len % 2
                || strspn(h, "0123456789abcdefABCDEF") != len) {
                error_msg("%s byte word '%s': 0x must be followed by an even "
                          "number of hex digits", what, w);
                return -1;
            }
            for (; *h; h += 2) {
                unsigned int byte;

                sscanf(h, "%2x", &byte);
                if (bytes_add(b, byte)) {
                    return -1;
                }
            }
        } else {
            size_t len = strlen(w);
            unsigned long v;

            if (!len || len > 3 || strspn(w, "0123456789") != len
                || (v = strtoul(w, NULL, 10)) > 255) {
                error_msg("%s byte word '%s': expected a decimal byte (0 to "
                          "255) or 0x and hex digits", what, w);
                return -1;
            }
            if (bytes_add(b, v)) {
                return -1;
            }
        }
    }
    if (!n) {
        error_msg("%s: no bytes given", what);
        return -1;
    }
    return n;
}

/* A map request as typed, parsed and checked against the map. */
struct map_request {
    const char *op;             /* "lookup", "update", "delete", "dump". */
    struct dp dp;               /* Datapath. */
    uint32_t id;                /* Program id. */
    const char *map;            /* Map, as typed (name or index). */
    uint32_t index;             /* Map index, once resolved. */
    struct bytes *keys;         /* Keys, 'n' of them. */
    struct bytes *values;       /* Values (update), 'n' of them. */
    size_t n;                   /* Number of keys. */
    char what[96];              /* "dp0: program 3: map counts". */
};

static void
map_request_free(struct map_request *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->keys[i].data);
        if (r->values) {
            free(r->values[i].data);
        }
    }
    free(r->keys);
    free(r->values);
}

static int
map_usage(const char *op)
{
    if (!strcmp(op, "update")) {
        error_msg("usage: ovs-bpf map update DP ID MAP key BYTES... value "
                  "BYTES... [key BYTES... value BYTES...]...");
    } else if (!strcmp(op, "dump")) {
        error_msg("usage: ovs-bpf map dump DP ID MAP");
    } else {
        error_msg("usage: ovs-bpf map %s DP ID MAP [key] BYTES...", op);
    }
    return 2;
}

/* Parses the key and value words after "map OP DP ID MAP".  Returns 0 or
 * 2 (and prints why). */
static int
parse_map_words(struct map_request *r, char *words[])
{
    bool update = !strcmp(r->op, "update");
    size_t cap = 0;
    int i = 0, n;

    if (!strcmp(r->op, "dump")) {
        return words[0] ? map_usage(r->op) : 0;
    }
    if (!update && words[0] && !strcmp(words[0], "key")) {
        i++;
    }
    if (!words[i]) {
        return map_usage(r->op);
    }
    while (words[i]) {
        struct bytes *keys, *values;

        if (update && strcmp(words[i], "key")) {
            error_msg("map update: expected 'key' where '%s' is; entries "
                      "are 'key BYTES... value BYTES...'", words[i]);
            return 2;
        }
        i += update;
        if (r->n == cap) {
            cap = cap ? 2 * cap : 4;
            keys = realloc(r->keys, cap * sizeof *keys);
            values = update ? realloc(r->values, cap * sizeof *values) : NULL;
            if (keys) {
                r->keys = keys;
            }
            if (values) {
                r->values = values;
            }
            if (!keys || (update && !values)) {
                error_msg("out of memory");
                return 2;
            }
        }
        memset(&r->keys[r->n], 0, sizeof r->keys[r->n]);
        if (update) {
            memset(&r->values[r->n], 0, sizeof r->values[r->n]);
        }
        r->n++;
        n = parse_byte_words(&words[i], update ? "value" : NULL, "key",
                             &r->keys[r->n - 1]);
        if (n < 0) {
            return 2;
        }
        i += n;
        if (!update) {
            break;
        }
        if (!words[i]) {
            error_msg("map update: key without 'value BYTES...'");
            return 2;
        }
        i++;
        n = parse_byte_words(&words[i], "key", "value",
                             &r->values[r->n - 1]);
        if (n < 0) {
            return 2;
        }
        i += n;
    }
    return 0;
}

/* Finds the map 'r->map' of the program and checks the sizes of the parsed
 * bytes against it.  Returns 0 or 1 (and prints why). */
static int
resolve_map(struct filter_client *fc, struct map_request *r,
            struct sbpf_map_def *def)
{
    struct filter_prog_info *info = calloc(1, sizeof *info);
    char what[64];
    bool found = false;
    char *end;
    int error;

    if (!info) {
        error_msg("out of memory");
        return 1;
    }
    snprintf(what, sizeof what, "%s: program %"PRIu32, r->dp.name, r->id);
    error = filter_client_get(fc, r->dp.ifindex, r->id, info);
    if (error) {
        free(info);
        return kernel_error(fc, error, what, "get");
    }
    for (uint32_t i = 0; i < info->n_maps; i++) {
        if (!strcmp(info->maps[i].def.name, r->map)) {
            r->index = i;
            found = true;
            break;
        }
    }
    if (!found) {
        unsigned long v;

        errno = 0;
        v = strtoul(r->map, &end, 10);
        found = !errno && *r->map && !*end && v < info->n_maps;
        r->index = v;
    }
    if (!found) {
        error_msg("%s: no map '%s' (give a name or an index below %"PRIu32
                  ")", what, r->map, info->n_maps);
        free(info);
        return 1;
    }
    *def = info->maps[r->index].def;
    free(info);
    snprintf(r->what, sizeof r->what, "%s: program %"PRIu32": map %s",
             r->dp.name, r->id, def->name);
    for (size_t i = 0; i < r->n; i++) {
        if (r->keys[i].len != def->key_size) {
            error_msg("%s: key has %zu bytes, the map's keys have %"PRIu32,
                      r->what, r->keys[i].len, def->key_size);
            return 1;
        }
        if (r->values && r->values[i].len != def->value_size) {
            error_msg("%s: value has %zu bytes, the map's values have %"
                      PRIu32, r->what, r->values[i].len, def->value_size);
            return 1;
        }
    }
    return 0;
}

static void
print_dump_entry(const void *key, size_t key_len, const void *value,
                 size_t value_len, void *n_)
{
    size_t *n = n_;

    fputs("key ", stdout);
    print_decoded(key, key_len);
    if (value) {
        fputs(" value ", stdout);
        print_decoded(value, value_len);
    }
    putchar('\n');
    (*n)++;
}

static int
map_op(struct filter_client *fc, struct map_request *r,
       const struct sbpf_map_def *def)
{
    int error = 0;

    if (!strcmp(r->op, "lookup")) {
        uint8_t *value = malloc(def->value_size ? def->value_size : 1);

        error = value ? filter_client_map_lookup(fc, r->dp.ifindex, r->id,
                                                 r->index, NULL,
                                                 r->keys[0].data,
                                                 def->key_size, value,
                                                 def->value_size)
                      : ENOMEM;
        if (!error) {
            fputs("value ", stdout);
            print_decoded(value, def->value_size);
            putchar('\n');
        }
        free(value);
    } else if (!strcmp(r->op, "delete")) {
        error = filter_client_map_delete(fc, r->dp.ifindex, r->id, r->index,
                                         NULL, r->keys[0].data,
                                         def->key_size);
        if (!error) {
            printf("%s: entry deleted\n", r->what);
        }
    } else if (!strcmp(r->op, "update")) {
        struct filter_entry *entries = calloc(r->n, sizeof *entries);

        for (size_t i = 0; entries && i < r->n; i++) {
            entries[i].key = r->keys[i].data;
            entries[i].value = r->values[i].data;
        }
        error = entries ? filter_client_map_update(fc, r->dp.ifindex, r->id,
                                                   r->index, NULL, entries,
                                                   r->n, def->key_size,
                                                   def->value_size, 0)
                        : ENOMEM;
        free(entries);
        if (!error) {
            printf("%s: %zu entr%s updated\n", r->what, r->n,
                   r->n == 1 ? "y" : "ies");
        }
    } else {
        size_t n = 0;

        error = filter_client_map_dump(fc, r->dp.ifindex, r->id, r->index,
                                       NULL, print_dump_entry, &n);
        if (!error) {
            printf("%zu entr%s\n", n, n == 1 ? "y" : "ies");
        }
    }
    return error ? kernel_error(fc, error, r->what, r->op) : 0;
}

int
cmd_map(const struct options *opts, char *args[])
{
    static const char *const ops[] = { "lookup", "update", "delete", "dump" };
    struct map_request r = { .op = NULL };
    struct filter_client *fc = NULL;
    struct sbpf_map_def def;
    int status;

    (void) opts;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (!strcmp(args[0], ops[i])) {
            r.op = ops[i];
        }
    }
    if (!r.op) {
        error_msg("map: unknown operation '%s' (lookup, update, delete, "
                  "dump)", args[0]);
        return 2;
    }
    if (!args[1] || !args[2] || !args[3]) {
        return map_usage(r.op);
    }
    r.map = args[3];
    status = parse_id(args[2], &r.id) ?: parse_map_words(&r, &args[4]);
    if (!status) {
        status = (resolve_dp(args[1], &r.dp) || open_client(&fc)
                  || resolve_map(fc, &r, &def) || map_op(fc, &r, &def));
    }
    filter_client_close(fc);
    map_request_free(&r);
    return status;
}

/* ----------------------------------------------------------------- run -- */

/* Runs program 'id' on one packet; prints the line of packet 'n'. */
static int
run_one(struct filter_client *fc, const struct dp *dp, uint32_t id,
        const char *what, size_t n, const uint8_t *data, size_t len,
        size_t *matches)
{
    char summary[160];
    uint64_t verdict;
    int error;

    if (!len || len > MAX_PACKET) {
        error_msg("%s: packet %zu has %zu bytes; a run takes 1 to %d",
                  what, n, len, MAX_PACKET);
        return 1;
    }
    error = filter_client_run(fc, dp->ifindex, id, data, len, &verdict);
    if (error) {
        return kernel_error(fc, error, what, "run");
    }
    summarize(data, len, summary, sizeof summary);
    if (verdict == 1) {
        printf("%zu match %s\n", n, summary);
        (*matches)++;
    } else {
        printf("%zu no-match(%"PRIu64") %s\n", n, verdict, summary);
    }
    return 0;
}

int
cmd_kernel_run(const struct options *opts, char *args[])
{
    struct filter_client *fc = NULL;
    struct packets packets;
    const uint8_t *data;
    size_t caplen, len;
    size_t matches = 0;
    int status, rc;
    char what[64];
    uint32_t id;
    struct dp dp;

    (void) opts;
    status = parse_id(args[1], &id);
    if (status) {
        return status;
    }
    status = packets_open(&packets, args[2], true);
    if (status) {
        return status;
    }
    status = 1;
    if (resolve_dp(args[0], &dp) || open_client(&fc)) {
        goto out;
    }
    snprintf(what, sizeof what, "%s: program %"PRIu32, dp.name, id);
    status = 0;
    while (!status
           && (rc = packets_next(&packets, &data, &caplen, &len)) > 0) {
        /* The kernel runs the program on the captured bytes. */
        status = run_one(fc, &dp, id, what, packets.n, data, caplen,
                         &matches);
    }
    if (!status && rc < 0) {
        status = 1;
    }
    if (!status) {
        printf("%zu packet%s, %zu matched\n", packets.n,
               packets.n == 1 ? "" : "s", matches);
    }
out:
    packets_close(&packets);
    filter_client_close(fc);
    return status;
}
