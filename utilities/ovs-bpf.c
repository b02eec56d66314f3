/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * ovs-bpf: inspect, verify and run Sluice filter programs offline, and
 * manage them in a running kernel datapath.
 *
 *   ovs-bpf show FILE.o
 *   ovs-bpf disasm FILE.o [--prog NAME]
 *   ovs-bpf verify FILE.o [--prog NAME] [--log-level N]
 *   ovs-bpf run FILE.o TRACE.pcap [--prog NAME] [--map 'MAP KEY=VALUE']...
 *               [--dump-maps] [--engine interp|jit]
 *
 * The object loader (lib/bpf-object.c) reads the object; the BPF core
 * (datapath/bpf), linked in as a library, verifies, runs and disassembles
 * it: the same verifier and interpreter as the kernel module.  The commands
 * that talk to the kernel (load, unload, list, map, run DP ID PACKET) are
 * in ovs-bpf-kernel.c.  See utilities/ovs-bpf.8.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "bpf-object.h"
#include "sbpf.h"
#include "disasm.h"
#include "ovs-bpf.h"

/* One command. */
struct command {
    const char *name;           /* As typed. */
    const char *usage;          /* Arguments, for --help. */
    int min_args, max_args;     /* Positional arguments after the name. */
    int (*handler)(const struct options *, char *args[]);
};

static const char *program_name = "ovs-bpf";

void
error_msg(const char *format, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", program_name);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
}

static const char *
map_type_str(uint32_t type)
{
    switch (type) {
    case SBPF_MAP_ARRAY: return "array";
    case SBPF_MAP_BLOOM: return "bloom";
    case SBPF_MAP_COUNTMIN: return "count-min";
    case SBPF_MAP_HASH: return "hash";
    default: return "unknown";
    }
}

/* Opens 'file' and selects the program. */
int
open_object(const char *file, const struct options *opts,
            struct sbpf_object **objp, size_t *idxp)
{
    char *err;
    int error;

    error = sbpf_object_open_file(file, objp, &err);
    if (!error) {
        error = sbpf_object_find_prog(*objp, opts->prog, idxp, &err);
        if (error) {
            sbpf_object_close(*objp);
            *objp = NULL;
        }
    }
    if (error) {
        error_msg("%s", err ? err : strerror(error));
        free(err);
    }
    return error;
}

/* ---------------------------------------------------------------- show -- */

void
print_map_def(uint32_t i, const struct sbpf_map_def *d)
{
    printf("map %"PRIu32" %s: %s, key %"PRIu32" bytes, value %"PRIu32
           " bytes, max_entries %"PRIu32, i, d->name, map_type_str(d->type),
           d->key_size, d->value_size, d->max_entries);
    if (d->type == SBPF_MAP_BLOOM || d->type == SBPF_MAP_COUNTMIN) {
        printf(", %"PRIu32" hash functions", d->nb_hash_functions);
    }
    if (d->flags & SBPF_F_RDONLY_PROG) {
        printf(", read-only");
    }
    putchar('\n');
}

static int
cmd_show(const struct options *opts, char *args[])
{
    struct sbpf_object *obj;
    struct sbpf_image img;
    size_t idx;

    if (open_object(args[0], opts, &obj, &idx)) {
        return 1;
    }
    printf("%s: %zu program(s), license: %s\n", args[0],
           sbpf_object_n_progs(obj),
           sbpf_object_license(obj) ? sbpf_object_license(obj) : "(none)");
    for (size_t i = 0; i < sbpf_object_n_progs(obj); i++) {
        sbpf_object_get_image(obj, i, &img);
        printf("program %s: section %s, %"PRIu32" instructions%s\n",
               img.name, sbpf_object_prog_section(obj, i), img.n_insns,
               i == idx ? " (default)" : "");
    }
    sbpf_object_get_image(obj, idx, &img);
    for (uint32_t i = 0; i < img.n_maps; i++) {
        print_map_def(i, &img.maps[i]);
    }
    sbpf_object_close(obj);
    return 0;
}

/* -------------------------------------------------------------- disasm -- */

static bool
is_jump(const struct bpf_insn *insn)
{
    uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

    return ((cls == BPF_JMP || cls == BPF_JMP32)
            && op != BPF_CALL && op != BPF_EXIT);
}

/* The core's disassembler (the verifier log's syntax), plus what only the
 * object knows: map names, and jump targets as instruction indexes. */
static int
cmd_disasm(const struct options *opts, char *args[])
{
    struct sbpf_object *obj;
    struct sbpf_image img;
    size_t idx;
    int n;

    if (open_object(args[0], opts, &obj, &idx)) {
        return 1;
    }
    sbpf_object_get_image(obj, idx, &img);
    printf("program %s (section %s), %"PRIu32" instructions:\n", img.name,
           sbpf_object_prog_section(obj, idx), img.n_insns);
    for (uint32_t i = 0; i < img.n_insns; i += n) {
        const struct bpf_insn *insn = &img.insns[i];
        char line[SBPF_DISASM_LINE];

        n = sbpf_disasm_insn(NULL, img.insns, img.n_insns, i, line,
                             sizeof line);
        if (n <= 0) {
            break;
        }
        printf("%5"PRIu32": %s", i, line);
        if (n == 2 && (insn->src_reg == BPF_PSEUDO_MAP_FD
                       || insn->src_reg == BPF_PSEUDO_MAP_VALUE)
            && (uint32_t) insn->imm < img.n_maps) {
            printf(" (%s)", img.maps[insn->imm].name);
        } else if (is_jump(insn)) {
            printf(" <%"PRId64">", (int64_t) i + 1 + insn->off);
        }
        putchar('\n');
    }
    sbpf_object_close(obj);
    return 0;
}

/* ------------------------------------------------------------- verify -- */

#define LOG_SIZE (1u << 20)

/* Verifies and loads the selected program of 'file'.  Prints statistics
 * (and the log on rejection, or always at level 2). */
static int
load_prog(const char *file, const struct options *opts, bool quiet,
          struct sbpf_object **objp, struct sbpf_prog **progp)
{
    struct sbpf_verifier_stats stats;
    struct sbpf_verifier_log log;
    struct sbpf_image img;
    size_t idx;
    int error;

    *progp = NULL;
    if (open_object(file, opts, objp, &idx)) {
        return 1;
    }
    sbpf_object_get_image(*objp, idx, &img);

    memset(&stats, 0, sizeof stats);
    memset(&log, 0, sizeof log);
    log.level = opts->log_level;
    log.size = LOG_SIZE;
    log.buf = calloc(1, LOG_SIZE);
    if (!log.buf) {
        error_msg("out of memory");
        return 1;
    }
    error = sbpf_prog_load(&img, &log, &stats, progp);
    if (error || !quiet || opts->log_level >= SBPF_LOG_VERBOSE) {
        if (log.len && (error || opts->log_level >= SBPF_LOG_VERBOSE)) {
            fputs(log.buf, error ? stderr : stdout);
            if (log.buf[log.len - 1] != '\n') {
                fputc('\n', error ? stderr : stdout);
            }
            if (log.truncated) {
                fprintf(error ? stderr : stdout, "(log truncated)\n");
            }
        }
        fprintf(error ? stderr : stdout,
                "%s: program %s: %s (%s); %"PRIu32" instructions, %"PRIu32
                " maps; processed %u insns, %u states, peak %u states, "
                "packet reads up to byte %u\n", file, img.name,
                error ? "rejected" : "accepted",
                error ? strerror(-error) : "ok", img.n_insns, img.n_maps,
                stats.insns_processed, stats.states, stats.peak_states,
                stats.max_pkt_read);
    }
    free(log.buf);
    if (error) {
        if (!log.len && error == -EINVAL) {
            error_msg("%s: rejected; rerun with --log-level 1 to see why",
                      file);
        }
        sbpf_object_close(*objp);
        *objp = NULL;
        return 1;
    }
    return 0;
}

static int
cmd_verify(const struct options *opts, char *args[])
{
    struct sbpf_object *obj;
    struct sbpf_prog *prog;
    struct options o = *opts;

    if (!o.log_level) {
        o.log_level = SBPF_LOG_ERRORS;
    }
    if (load_prog(args[0], &o, false, &obj, &prog)) {
        return 1;
    }
    sbpf_prog_free(prog);
    sbpf_object_close(obj);
    return 0;
}

/* ---------------------------------------------------------------- run -- */

/* Parses 'text', a comma-separated list of items, into exactly 'size'
 * bytes at 'out':  ip:A.B.C.D (4 bytes, network order), u8:N, u16:N,
 * u32:N, u64:N (host order), be16:N, be32:N (network order), or an even
 * number of hex digits (optionally 0x-prefixed) taken as bytes. */
static int
parse_bytes(const char *text, uint8_t *out, size_t size, const char *what,
            const char *map)
{
    char *copy = strdup(text), *save = NULL, *item;
    size_t len = 0;
    int error = 0;

    for (item = strtok_r(copy, ",", &save); item && !error;
         item = strtok_r(NULL, ",", &save)) {
        uint8_t tmp[8];
        size_t n = 0;
        char *end;

        if (!strncmp(item, "ip:", 3)) {
            struct in_addr a;

            if (inet_pton(AF_INET, item + 3, &a) != 1) {
                error_msg("map %s: %s item '%s' is not an IPv4 address",
                          map, what, item);
                error = EINVAL;
                break;
            }
            memcpy(tmp, &a, 4);
            n = 4;
        } else if (strchr(item, ':')) {
            static const struct { const char *p; size_t n; bool be; } t[] = {
                { "u8:", 1, false }, { "u16:", 2, false },
                { "u32:", 4, false }, { "u64:", 8, false },
                { "be16:", 2, true }, { "be32:", 4, true },
            };
            unsigned long long v;
            size_t k;

            for (k = 0; k < sizeof t / sizeof t[0]; k++) {
                if (!strncmp(item, t[k].p, strlen(t[k].p))) {
                    break;
                }
            }
            if (k == sizeof t / sizeof t[0]) {
                error_msg("map %s: %s item '%s': unknown type (ip, u8, u16, "
                          "u32, u64, be16, be32)", map, what, item);
                error = EINVAL;
                break;
            }
            errno = 0;
            v = strtoull(item + strlen(t[k].p), &end, 0);
            if (errno || *end || end == item + strlen(t[k].p)
                || (t[k].n < 8 && v >> (8 * t[k].n))) {
                error_msg("map %s: %s item '%s': bad number for %zu bytes",
                          map, what, item, t[k].n);
                error = EINVAL;
                break;
            }
            n = t[k].n;
            for (size_t b = 0; b < n; b++) {
                size_t pos = t[k].be ? n - 1 - b : b;

                tmp[pos] = v >> (8 * b);
            }
        } else {
            const char *h = item;

            if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) {
                h += 2;
            }
            if (!*h || strlen(h) % 2 || strspn(h, "0123456789abcdefABCDEF")
                                        != strlen(h)) {
                error_msg("map %s: %s item '%s' is neither typed (ip:, "
                          "u32:, ...) nor an even number of hex digits",
                          map, what, item);
                error = EINVAL;
                break;
            }
            for (; *h; h += 2) {
                unsigned int byte;

                sscanf(h, "%2x", &byte);
                if (len + n < size) {
                    out[len + n] = byte;
                }
                n++;
            }
            len += n;
            continue;
        }
        if (len + n <= size) {
            memcpy(out + len, tmp, n);
        }
        len += n;
    }
    if (!error && len != size) {
        error_msg("map %s: %s has %zu bytes, the map needs %zu", map, what,
                  len, size);
        error = EINVAL;
    }
    free(copy);
    return error;
}

/* Finds map 'name' (a name or an index) of 'prog'. */
static struct sbpf_map *
find_map(const struct sbpf_prog *prog, const char *name, uint32_t *idxp)
{
    char *end;
    unsigned long idx = strtoul(name, &end, 10);

    if (*name && !*end && idx < prog->n_maps) {
        *idxp = idx;
        return prog->maps[idx];
    }
    for (uint32_t i = 0; i < prog->n_maps; i++) {
        if (!strcmp(prog->maps[i]->def.name, name)) {
            *idxp = i;
            return prog->maps[i];
        }
    }
    return NULL;
}

/* Applies one --map 'MAP KEY=VALUE' argument. */
static int
apply_map_arg(struct sbpf_prog *prog, const char *arg)
{
    char *copy = strdup(arg), *space, *eq;
    struct sbpf_map *map;
    uint8_t *key = NULL, *value = NULL;
    uint32_t idx;
    int error = EINVAL;

    space = strchr(copy, ' ');
    eq = space ? strchr(space + 1, '=') : NULL;
    if (!space || !eq) {
        error_msg("--map '%s': expected 'MAP KEY=VALUE', e.g. --map "
                  "'lookup_table ip:10.0.0.1=u32:1'", arg);
        goto out;
    }
    *space = *eq = '\0';
    map = find_map(prog, copy, &idx);
    if (!map) {
        error_msg("--map '%s': the program has no map '%s' (give a name or "
                  "an index below %"PRIu32")", arg, copy, prog->n_maps);
        goto out;
    }
    key = calloc(1, map->def.key_size + 1);
    value = calloc(1, map->def.value_size + 1);
    if (parse_bytes(space + 1, key, map->def.key_size, "key", copy)
        || parse_bytes(eq + 1, value, map->def.value_size, "value", copy)) {
        goto out;
    }
    error = -sbpf_map_update(map, key, value, SBPF_ANY);
    if (error) {
        error_msg("--map '%s': update of map %s failed: %s", arg, copy,
                  strerror(error));
    }
out:
    free(key);
    free(value);
    free(copy);
    return error;
}

static void
print_hex(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        printf("%s%02x", i ? " " : "", p[i]);
    }
}

/* Hex, then a decoding when the size says what it is. */
void
print_decoded(const uint8_t *p, size_t n)
{
    print_hex(p, n);
    if (n == 1 || n == 2 || n == 4 || n == 8) {
        uint64_t v = 0;

        memcpy(&v, p, n);       /* little-endian host */
        printf(" (u%zu %"PRIu64")", n * 8, v);
    }
}

static void
dump_map(uint32_t idx, struct sbpf_map *map)
{
    const struct sbpf_map_def *d = &map->def;
    uint8_t *key = calloc(1, d->key_size), *next = calloc(1, d->key_size);
    uint8_t *value = calloc(1, d->value_size ? d->value_size : 1);
    size_t n = 0, zeros = 0;
    bool first = true;
    int error;

    print_map_def(idx, d);
    for (;;) {
        error = sbpf_map_get_next_key(map, first ? NULL : key, next);
        if (error) {
            break;
        }
        first = false;
        memcpy(key, next, d->key_size);
        error = sbpf_map_lookup_copy(map, key, value);
        if (error) {
            continue;           /* deleted meanwhile */
        }
        if (d->type == SBPF_MAP_ARRAY && d->value_size
            && !value[0] && !memcmp(value, value + 1, d->value_size - 1)) {
            zeros++;
            continue;
        }
        n++;
        printf("  key ");
        print_decoded(key, d->key_size);
        printf(" value ");
        print_decoded(value, d->value_size);
        putchar('\n');
    }
    if (error != -ENOENT) {
        printf("  (contents cannot be listed: %s%s)\n", strerror(-error),
               d->type == SBPF_MAP_BLOOM || d->type == SBPF_MAP_COUNTMIN
               ? "; bloom filters and count-min sketches have no keys" : "");
    } else if (zeros) {
        printf("  (%zu all-zero entries not shown)\n", zeros);
    } else if (!n) {
        printf("  (empty)\n");
    }
    free(key);
    free(next);
    free(value);
}

/* One-line summary of an Ethernet frame. */
void
summarize(const uint8_t *p, size_t len, char *buf, size_t size)
{
    uint16_t type;
    size_t off = 14;

    if (len < 14) {
        snprintf(buf, size, "runt frame");
        return;
    }
    type = p[12] << 8 | p[13];
    if (type == 0x8100 && len >= 18) {
        type = p[16] << 8 | p[17];
        off = 18;
    }
    if (type == 0x0800 && len >= off + 20) {
        const uint8_t *ip = p + off;
        size_t ihl = (ip[0] & 0xf) * 4;
        const uint8_t *l4 = ip + ihl;
        char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];

        inet_ntop(AF_INET, ip + 12, src, sizeof src);
        inet_ntop(AF_INET, ip + 16, dst, sizeof dst);
        if (ip[9] == 6 && len >= off + ihl + 14) {
            static const char fl[] = "FSRPAU";
            char flags[8];
            int k = 0;

            for (int b = 0; b < 6; b++) {
                if (l4[13] & (1 << b)) {
                    flags[k++] = fl[b];
                }
            }
            flags[k] = '\0';
            snprintf(buf, size, "tcp %s:%u > %s:%u [%s]", src,
                     l4[0] << 8 | l4[1], dst, l4[2] << 8 | l4[3],
                     k ? flags : ".");
        } else if (ip[9] == 17 && len >= off + ihl + 4) {
            snprintf(buf, size, "udp %s:%u > %s:%u", src,
                     l4[0] << 8 | l4[1], dst, l4[2] << 8 | l4[3]);
        } else if (ip[9] == 1) {
            snprintf(buf, size, "icmp %s > %s", src, dst);
        } else {
            snprintf(buf, size, "ipv4 %s > %s proto %u", src, dst, ip[9]);
        }
    } else if (type == 0x86dd && len >= off + 40) {
        char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];

        inet_ntop(AF_INET6, p + off + 8, src, sizeof src);
        inet_ntop(AF_INET6, p + off + 24, dst, sizeof dst);
        snprintf(buf, size, "ipv6 %s > %s next %u", src, dst, p[off + 6]);
    } else if (type == 0x0806) {
        snprintf(buf, size, "arp");
    } else {
        snprintf(buf, size, "ethertype %#06x", type);
    }
}

static int
cmd_run(const struct options *opts, char *args[])
{
    struct sbpf_object *obj;
    struct sbpf_prog *prog;
    struct packets packets;
    const uint8_t *data;
    size_t caplen, len;
    size_t matches = 0;
    int status = 0;
    int rc;

    struct options o = *opts;

    if (!o.log_level) {
        o.log_level = SBPF_LOG_ERRORS;
    }
    if (load_prog(args[0], &o, true, &obj, &prog)) {
        return 1;
    }
    if (!opts->engine || !strcmp(opts->engine, "jit")) {
        char jitlog[256] = "";
        struct sbpf_verifier_log log = {
            .buf = jitlog, .size = sizeof jitlog, .level = SBPF_LOG_ERRORS,
        };

        if (sbpf_jit_compile(prog, 0, &log)) {
            jitlog[strcspn(jitlog, "\n")] = '\0';
            if (opts->engine) {
                error_msg("%s", jitlog);
                status = 1;
                goto out;
            }
            fprintf(stderr, "%s: %s; running on the interpreter\n",
                    program_name, jitlog);
        }
    }
    for (size_t i = 0; i < opts->n_maps; i++) {
        if (apply_map_arg(prog, opts->maps[i])) {
            status = 1;
            goto out;
        }
    }
    status = packets_open(&packets, args[1], false);
    if (status) {
        goto out;
    }
    while ((rc = packets_next(&packets, &data, &caplen, &len)) > 0) {
        char summary[160];
        u64 verdict;

        /* The program sees the captured bytes only. */
        sbpf_rcu_read_lock();
        verdict = sbpf_prog_run(prog, data, caplen);
        sbpf_rcu_read_unlock();
        summarize(data, caplen, summary, sizeof summary);
        matches += verdict == 1;
        if (verdict == 1) {
            printf("%zu match %s", packets.n, summary);
        } else {
            printf("%zu no-match(%llu) %s", packets.n,
                   (unsigned long long) verdict, summary);
        }
        if (caplen < len) {
            printf(" (captured %zu of %zu bytes)", caplen, len);
        }
        putchar('\n');
    }
    if (rc < 0) {
        status = 1;
    }
    packets_close(&packets);
    printf("%zu packets, %zu matched\n", packets.n, matches);
    if (opts->dump_maps) {
        for (uint32_t i = 0; i < prog->n_maps; i++) {
            dump_map(i, prog->maps[i]);
        }
    }
out:
    sbpf_prog_free(prog);
    sbpf_object_close(obj);
    return status;
}

static const struct command commands[] = {
    { "show", "FILE.o", 1, 1, cmd_show },
    { "disasm", "FILE.o [--prog NAME]", 1, 1, cmd_disasm },
    { "verify", "FILE.o [--prog NAME] [--log-level N]", 1, 1, cmd_verify },
    { "run", "FILE.o TRACE.pcap [--prog NAME] [--map 'MAP KEY=VALUE']... "
      "[--dump-maps] [--engine interp|jit]", 2, 2, cmd_run },
    { "load", "DP ID FILE.o [--prog NAME] [--log-level N] [--no-replace]",
      3, 3, cmd_load },
    { "unload", "DP ID [--flush-flows]", 2, 2, cmd_unload },
    { "list", "[DP]", 0, 1, cmd_list },
    { "map", "lookup|delete DP ID MAP [key] BYTES...", 5, INT_MAX, cmd_map },
    { "map", "update DP ID MAP key BYTES... value BYTES... "
      "[key ... value ...]...", 8, INT_MAX, cmd_map },
    { "map", "dump DP ID MAP", 4, 4, cmd_map },
    { "run", "DP ID PACKET.pcap|HEX", 3, 3, cmd_kernel_run },
};

static void
usage(FILE *f)
{
    fprintf(f, "%s: inspect, verify and run Sluice filter programs, "
            "offline or in a\nkernel datapath\n"
            "usage:\n", program_name);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(f, "  %s %s %s\n", program_name, commands[i].name,
                commands[i].usage);
    }
    fprintf(f, "\noptions:\n"
            "  --prog NAME      program (function or section name); "
            "default: the first\n"
            "  --log-level N    verifier log: 0 none, 1 findings, 2 "
            "per-instruction trace\n"
            "  --map 'MAP KEY=VALUE'  set a map entry before the run; MAP "
            "is a name or\n"
            "                   index; KEY and VALUE are comma-separated "
            "items: hex bytes,\n"
            "                   ip:A.B.C.D, u8:/u16:/u32:/u64:N (host "
            "order), be16:/be32:N\n"
            "  --dump-maps      print every map after the run\n"
            "  --engine E       run on 'interp' (the interpreter) or 'jit' "
            "(the JIT, an\n"
            "                   error if it declines); default: the JIT, "
            "else the\n"
            "                   interpreter\n"
            "  --no-replace     load: fail if the id is in use\n"
            "  --flush-flows    unload: delete the flows that use the "
            "program too\n"
            "  -h, --help       this help\n"
            "\nDP is a datapath name.  BYTES are decimal bytes (0-255) or "
            "0x followed by\nhex bytes, in memory order: key 14 0 16 172 is "
            "key 0x0e0010ac.\n"
            "See ovs-bpf(8).\n");
}

int
main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "prog", required_argument, NULL, 'p' },
        { "log-level", required_argument, NULL, 'l' },
        { "map", required_argument, NULL, 'm' },
        { "dump-maps", no_argument, NULL, 'd' },
        { "engine", required_argument, NULL, 'e' },
        { "flush-flows", no_argument, NULL, 'F' },
        { "no-replace", no_argument, NULL, 'N' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    /* Static: the --map array lives until exit on every path. */
    static struct options opts;
    const struct command *cmd = NULL;
    bool known = false;
    int n_args, status;

    opts.maps = calloc(argc, sizeof *opts.maps);
    for (;;) {
        int c = getopt_long(argc, argv, "h", long_options, NULL);
        char *end;
        unsigned long level;

        if (c == -1) {
            break;
        }
        switch (c) {
        case 'p':
            opts.prog = optarg;
            break;
        case 'l':
            errno = 0;
            level = strtoul(optarg, &end, 10);
            if (errno || *end || !*optarg || level > 2) {
                error_msg("--log-level '%s': expected 0, 1 or 2", optarg);
                status = 2;
                goto out;
            }
            opts.log_level = level;
            opts.log_level_set = true;
            break;
        case 'm':
            opts.maps[opts.n_maps++] = optarg;
            break;
        case 'd':
            opts.dump_maps = true;
            break;
        case 'e':
            if (strcmp(optarg, "interp") && strcmp(optarg, "jit")) {
                error_msg("--engine '%s': expected interp or jit", optarg);
                status = 2;
                goto out;
            }
            opts.engine = optarg;
            break;
        case 'F':
            opts.flush_flows = true;
            break;
        case 'N':
            opts.no_replace = true;
            break;
        case 'h':
            usage(stdout);
            status = 0;
            goto out;
        default:
            fprintf(stderr, "Try '%s --help'.\n", program_name);
            status = 2;
            goto out;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        status = 2;
        goto out;
    }
    /* A name may have several forms ("run" offline and in a datapath):
     * the number of arguments chooses. */
    n_args = argc - optind - 1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (!strcmp(argv[optind], commands[i].name)) {
            known = true;
            if (!cmd && n_args >= commands[i].min_args
                && n_args <= commands[i].max_args) {
                cmd = &commands[i];
            }
        }
    }
    if (!known) {
        error_msg("unknown command '%s'; try '%s --help'", argv[optind],
                  program_name);
        status = 2;
        goto out;
    }
    if (!cmd) {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
            if (!strcmp(argv[optind], commands[i].name)) {
                error_msg("usage: %s %s %s", program_name, commands[i].name,
                          commands[i].usage);
            }
        }
        status = 2;
        goto out;
    }
    if ((opts.n_maps || opts.dump_maps || opts.engine)
        && cmd->handler != cmd_run) {
        error_msg("--map, --dump-maps and --engine apply to 'run' only "
                  "(offline: run FILE.o TRACE.pcap)");
        status = 2;
        goto out;
    }
    if (opts.no_replace && cmd->handler != cmd_load) {
        error_msg("--no-replace applies to 'load' only");
        status = 2;
        goto out;
    }
    if (opts.flush_flows && cmd->handler != cmd_unload) {
        error_msg("--flush-flows applies to 'unload' only");
        status = 2;
        goto out;
    }
    if (opts.prog && cmd->handler != cmd_show && cmd->handler != cmd_disasm
        && cmd->handler != cmd_verify && cmd->handler != cmd_run
        && cmd->handler != cmd_load) {
        error_msg("--prog applies to commands that read an object file");
        status = 2;
        goto out;
    }
    sbpf_thread_register();
    status = cmd->handler(&opts, &argv[optind + 1]);
    sbpf_thread_unregister();
out:
    free(opts.maps);
    return status;
}
