/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ovs-dpctl / ovs-appctl dpctl/... commands for filter programs and maps.
 *
 * Map keys and values are written as Oko wrote them: decimal bytes
 * separated by spaces, "key 14 0 16 172 value 1 0 0 0".  Entries are shown
 * the same way (so a dump line can be pasted back into update-map), or in
 * hexadecimal bytes with "hex".  Sizes are checked against the map's
 * definition before anything is sent, so a wrong entry changes nothing.
 */
#include <config.h>
#include "dpctl-filter.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "bpf-object.h"
#include "dpctl.h"
#include "dpif.h"
#include "dpif-filter.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/util.h"
#include "sset.h"
#include "util.h"

/* Prints an error: "PROGRAM: COMMAND: MESSAGE[: DETAIL] (ERROR)", where
 * DETAIL is the datapath's explanation 'detail' (freed here). */
static void OVS_PRINTF_FORMAT(5, 6)
filter_error(struct dpctl_params *dpctl_p, const char *command, int error,
             char *detail, const char *format, ...)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    va_list args;

    ds_put_format(&ds, "%s: %s: ", program_name, command);
    va_start(args, format);
    ds_put_format_valist(&ds, format, args);
    va_end(args);
    if (detail && *detail) {
        ds_put_format(&ds, ": %s", detail);
    }
    if (error) {
        ds_put_format(&ds, " (%s)", ovs_strerror(error));
    }
    ds_put_char(&ds, '\n');
    dpctl_p->output(dpctl_p->aux, true, ds_cstr(&ds));
    ds_destroy(&ds);
    free(detail);
}

static int
open_dp(const char *command, const char *arg, struct dpif **dpifp,
        struct dpctl_params *dpctl_p)
{
    char *name, *type;
    int error;

    dp_parse_name(arg, &name, &type);
    error = dpif_open(name, type, dpifp);
    free(name);
    free(type);
    if (error) {
        filter_error(dpctl_p, command, error, NULL,
                     "opening datapath %s failed", arg);
    }
    return error;
}

/* Parses a program id. */
static int
parse_id(const char *command, const char *arg, uint32_t *id,
         struct dpctl_params *dpctl_p)
{
    if (!str_to_uint(arg, 10, id)) {
        filter_error(dpctl_p, command, EINVAL, NULL,
                     "'%s' is not a program id (0 to %"PRIu32")",
                     arg, UINT32_MAX);
        return EINVAL;
    }
    return 0;
}

/* Opens datapath argv[1], parses program id argv[2] and gets the program
 * into 'prog', printing an error on failure. */
static int
open_prog(const char *argv[], struct dpif **dpifp, uint32_t *id,
          struct dpif_filter_prog *prog, struct dpctl_params *dpctl_p)
{
    char *detail;
    int error;

    error = parse_id(argv[0], argv[2], id, dpctl_p);
    if (error) {
        return error;
    }
    error = open_dp(argv[0], argv[1], dpifp, dpctl_p);
    if (error) {
        return error;
    }
    error = dpif_filter_prog_get(*dpifp, *id, prog, &detail);
    if (error) {
        filter_error(dpctl_p, argv[0], error, detail,
                     error == ENOENT ? "%s has no filter program %"PRIu32
                                     : "%s: getting filter program %"PRIu32,
                     dpif_name(*dpifp), *id);
        dpif_close(*dpifp);
        *dpifp = NULL;
    }
    return error;
}

/* Finds map 'arg' (an index or a name) of 'prog'. */
static const struct dpif_filter_map *
find_map(const char *command, const struct dpif_filter_prog *prog,
         const char *arg, uint32_t *index, struct dpctl_params *dpctl_p)
{
    uint32_t i;

    if (str_to_uint(arg, 10, &i)) {
        if (i < prog->n_maps) {
            *index = i;
            return &prog->maps[i];
        }
    } else {
        for (i = 0; i < prog->n_maps; i++) {
            if (!strcmp(prog->maps[i].name, arg)) {
                *index = i;
                return &prog->maps[i];
            }
        }
    }

    struct ds maps = DS_EMPTY_INITIALIZER;
    for (i = 0; i < prog->n_maps; i++) {
        ds_put_format(&maps, "%s%"PRIu32" (%s)", i ? ", " : "", i,
                      prog->maps[i].name);
    }
    filter_error(dpctl_p, command, ENOENT, NULL,
                 "program %"PRIu32" has no map '%s' (its maps: %s)",
                 prog->id, arg, prog->n_maps ? ds_cstr(&maps) : "none");
    ds_destroy(&maps);
    return NULL;
}

/* Parses the decimal bytes of argv[*i] onwards, up to the word 'stop' (if
 * nonnull) or the end, into 'bytes'.  'what' is "key" or "value", whose
 * size in 'map' must be 'size'. */
static int
parse_bytes(const char *command, int argc, const char *argv[], int *i,
            const char *stop, const char *what, uint32_t size,
            struct ofpbuf *bytes, struct dpctl_params *dpctl_p)
{
    for (; *i < argc && !(stop && !strcmp(argv[*i], stop)); (*i)++) {
        unsigned int byte;

        if (!str_to_uint(argv[*i], 10, &byte) || byte > UINT8_MAX) {
            filter_error(dpctl_p, command, EINVAL, NULL,
                         "%s byte '%s' is not a decimal number from 0 to "
                         "255", what, argv[*i]);
            return EINVAL;
        }
        ofpbuf_put(bytes, &(uint8_t) { byte }, 1);
    }
    if (bytes->size != size) {
        filter_error(dpctl_p, command, EINVAL, NULL,
                     "%s has %"PRIu32" bytes but the map's %ss have "
                     "%"PRIu32, what, bytes->size, what, size);
        return EINVAL;
    }
    return 0;
}

/* Parses "key BYTES [value BYTES]" from argv[4] onwards; 'value' null:
 * no value may be given. */
static int
parse_entry(int argc, const char *argv[], const struct dpif_filter_map *map,
            struct ofpbuf *key, struct ofpbuf *value,
            struct dpctl_params *dpctl_p)
{
    int i = 4;

    if (i >= argc || strcmp(argv[i], "key")) {
        filter_error(dpctl_p, argv[0], EINVAL, NULL,
                     "expected 'key' at '%s'", i < argc ? argv[i] : "");
        return EINVAL;
    }
    i++;
    int error = parse_bytes(argv[0], argc, argv, &i, value ? "value" : NULL,
                            "key", map->key_size, key, dpctl_p);
    if (error || !value) {
        return error;
    }
    if (i >= argc) {
        filter_error(dpctl_p, argv[0], EINVAL, NULL,
                     "expected 'value' after the key");
        return EINVAL;
    }
    i++;
    return parse_bytes(argv[0], argc, argv, &i, NULL, "value",
                       map->value_size, value, dpctl_p);
}

static void
format_bytes(struct ds *ds, const void *bytes_, size_t n, bool hex)
{
    const uint8_t *bytes = bytes_;

    for (size_t i = 0; i < n; i++) {
        ds_put_format(ds, hex ? " %02"PRIx8 : " %"PRIu8, bytes[i]);
    }
}

/* load-filter-prog DP ID FILE.o [PROG] */
int
dpctl_load_filter_prog(int argc, const char *argv[],
                       struct dpctl_params *dpctl_p)
{
    struct ds log = DS_EMPTY_INITIALIZER;
    struct sbpf_object *obj;
    struct sbpf_image image;
    struct dpif *dpif;
    char *detail;
    size_t idx = 0;
    uint32_t id;
    int error;

    error = parse_id(argv[0], argv[2], &id, dpctl_p);
    if (error) {
        return error;
    }
    /* The loader's messages name the file and say what is wrong. */
    error = sbpf_object_open_file(argv[3], &obj, &detail);
    if (error) {
        filter_error(dpctl_p, argv[0], 0, detail, "object file");
        return error;
    }
    if (argc > 4) {
        error = sbpf_object_find_prog(obj, argv[4], &idx, &detail);
        if (error) {
            filter_error(dpctl_p, argv[0], 0, detail, "object file");
            goto out_close;
        }
    }
    sbpf_object_get_image(obj, idx, &image);

    error = open_dp(argv[0], argv[1], &dpif, dpctl_p);
    if (error) {
        goto out_close;
    }
    error = dpif_filter_prog_load(dpif, id, &image, &log, &detail);
    if (error) {
        filter_error(dpctl_p, argv[0], error, detail,
                     "%s: loading %s (%s) as program %"PRIu32" failed",
                     dpif_name(dpif), argv[3], image.name, id);
    }
    if (log.length && (error || dpctl_p->verbosity)) {
        if (log.string[log.length - 1] != '\n') {
            ds_put_char(&log, '\n');
        }
        dpctl_p->output(dpctl_p->aux, error != 0, ds_cstr(&log));
    }
    dpif_close(dpif);
out_close:
    ds_destroy(&log);
    sbpf_object_close(obj);
    return error;
}

/* del-filter-prog DP ID [--flush-flows] */
int
dpctl_del_filter_prog(int argc, const char *argv[],
                      struct dpctl_params *dpctl_p)
{
    bool flush_flows = dpctl_p->flush_flows;
    struct dpif *dpif;
    char *detail;
    uint32_t id;
    int error;

    if (argc > 3) {
        if (strcmp(argv[3], "--flush-flows")) {
            filter_error(dpctl_p, argv[0], EINVAL, NULL,
                         "unknown argument '%s' (only --flush-flows)",
                         argv[3]);
            return EINVAL;
        }
        flush_flows = true;
    }
    error = parse_id(argv[0], argv[2], &id, dpctl_p);
    if (error) {
        return error;
    }
    error = open_dp(argv[0], argv[1], &dpif, dpctl_p);
    if (error) {
        return error;
    }
    error = dpif_filter_prog_del(dpif, id, flush_flows, &detail);
    if (error == EBUSY) {
        char *busy = xasprintf("%s; --flush-flows deletes them with it",
                               detail ? detail : "flows name it");
        free(detail);
        detail = busy;
    }
    if (error) {
        filter_error(dpctl_p, argv[0], error, detail,
                     "%s: deleting program %"PRIu32" failed",
                     dpif_name(dpif), id);
    }
    dpif_close(dpif);
    return error;
}

static void
show_prog(const struct dpif_filter_prog *prog, struct ds *ds)
{
    ds_put_format(ds, "  prog %"PRIu32": name=%s insns=%"PRIu32
                  " jited=%s max_pkt_read=%"PRIu32" flows=%"PRIu32"\n",
                  prog->id, prog->name, prog->n_insns,
                  prog->jited ? "yes" : "no", prog->max_pkt_read,
                  prog->flow_refs);
    ds_put_format(ds, "    stats: runs=%"PRIu64" matches=%"PRIu64
                  " run_ns=%"PRIu64"\n",
                  prog->runs, prog->matches, prog->run_ns);
    ds_put_format(ds, "    verifier: insns_processed=%"PRIu32
                  " states=%"PRIu32"\n",
                  prog->insns_processed, prog->states);
    for (size_t i = 0; i < prog->n_maps; i++) {
        const struct dpif_filter_map *map = &prog->maps[i];

        ds_put_format(ds, "    map %"PRIuSIZE": name=%s type=%s key_size=%"
                      PRIu32" value_size=%"PRIu32" max_entries=%"PRIu32,
                      i, map->name, dpif_filter_map_type_name(map->type),
                      map->key_size, map->value_size, map->max_entries);
        if (map->n_hash) {
            ds_put_format(ds, " n_hash=%"PRIu32, map->n_hash);
        }
        ds_put_char(ds, '\n');
    }
}

/* Shows the programs of 'dpif'. */
static int
show_dp(const char *command, struct dpif *dpif, struct dpctl_params *dpctl_p)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct dpif_filter_prog *progs;
    size_t n_progs;
    char *detail;
    int error;

    error = dpif_filter_prog_list(dpif, &progs, &n_progs, &detail);
    if (error) {
        filter_error(dpctl_p, command, error, detail,
                     "%s: listing filter programs failed", dpif_name(dpif));
        return error;
    }
    ds_put_format(&ds, "%s:\n", dpif_name(dpif));
    if (!n_progs) {
        ds_put_cstr(&ds, "  no filter programs\n");
    }
    for (size_t i = 0; i < n_progs; i++) {
        show_prog(&progs[i], &ds);
    }
    dpctl_p->output(dpctl_p->aux, false, ds_cstr(&ds));
    ds_destroy(&ds);
    free(progs);
    return 0;
}

/* show-filter-progs [DP] */
int
dpctl_show_filter_progs(int argc, const char *argv[],
                        struct dpctl_params *dpctl_p)
{
    struct sset types = SSET_INITIALIZER(&types);
    const char *type;
    struct dpif *dpif;
    int lasterror = 0;

    if (argc > 1) {
        int error = open_dp(argv[0], argv[1], &dpif, dpctl_p);
        if (!error) {
            error = show_dp(argv[0], dpif, dpctl_p);
            dpif_close(dpif);
        }
        return error;
    }

    dp_enumerate_types(&types);
    SSET_FOR_EACH (type, &types) {
        struct sset names = SSET_INITIALIZER(&names);
        const char *name;

        if (dp_enumerate_names(type, &names)) {
            sset_destroy(&names);
            continue;
        }
        SSET_FOR_EACH (name, &names) {
            int error = dpif_open(name, type, &dpif);
            if (!error) {
                error = show_dp(argv[0], dpif, dpctl_p);
                dpif_close(dpif);
            }
            if (error) {
                lasterror = error;
            }
        }
        sset_destroy(&names);
    }
    sset_destroy(&types);
    return lasterror;
}

/* update-map DP ID MAP key BYTES value BYTES */
int
dpctl_update_map(int argc, const char *argv[], struct dpctl_params *dpctl_p)
{
    const struct dpif_filter_map *map;
    struct ofpbuf key, value;
    struct dpif_filter_prog *prog = xmalloc(sizeof *prog);
    struct dpif *dpif;
    uint32_t id, index;
    char *detail;
    int error;

    ofpbuf_init(&key, 0);
    ofpbuf_init(&value, 0);
    error = open_prog(argv, &dpif, &id, prog, dpctl_p);
    if (error) {
        goto out;
    }
    map = find_map(argv[0], prog, argv[3], &index, dpctl_p);
    error = (!map ? ENOENT
             : parse_entry(argc, argv, map, &key, &value, dpctl_p));
    if (!error) {
        error = dpif_filter_map_update(dpif, id, index, key.data, key.size,
                                       value.data, value.size, &detail);
        if (error) {
            filter_error(dpctl_p, argv[0], error, detail,
                         "%s: updating map %s of program %"PRIu32" failed",
                         dpif_name(dpif), argv[3], id);
        }
    }
    dpif_close(dpif);
out:
    ofpbuf_uninit(&key);
    ofpbuf_uninit(&value);
    free(prog);
    return error;
}

/* lookup-map DP ID MAP key BYTES [hex] and delete-map-entry DP ID MAP key
 * BYTES. */
static int
map_key_command(int argc, const char *argv[], bool lookup,
                struct dpctl_params *dpctl_p)
{
    const struct dpif_filter_map *map;
    struct dpif_filter_prog *prog = xmalloc(sizeof *prog);
    struct ofpbuf key, value;
    struct dpif *dpif;
    uint32_t id, index;
    bool hex = false;
    char *detail;
    int error;

    if (lookup && !strcmp(argv[argc - 1], "hex")) {
        hex = true;
        argc--;
    }
    ofpbuf_init(&key, 0);
    ofpbuf_init(&value, 0);
    error = open_prog(argv, &dpif, &id, prog, dpctl_p);
    if (error) {
        goto out;
    }
    map = find_map(argv[0], prog, argv[3], &index, dpctl_p);
    error = (!map ? ENOENT
             : parse_entry(argc, argv, map, &key, NULL, dpctl_p));
    if (!error) {
        error = (lookup
                 ? dpif_filter_map_lookup(dpif, id, index, key.data,
                                          key.size, &value, &detail)
                 : dpif_filter_map_delete(dpif, id, index, key.data,
                                          key.size, &detail));
        if (error) {
            filter_error(dpctl_p, argv[0], error, detail,
                         error == ENOENT
                         ? "%s: map %s of program %"PRIu32" has no such key"
                         : "%s: map %s of program %"PRIu32,
                         dpif_name(dpif), argv[3], id);
        } else if (lookup) {
            struct ds ds = DS_EMPTY_INITIALIZER;

            ds_put_cstr(&ds, "value");
            format_bytes(&ds, value.data, value.size, hex);
            ds_put_char(&ds, '\n');
            dpctl_p->output(dpctl_p->aux, false, ds_cstr(&ds));
            ds_destroy(&ds);
        }
    }
    dpif_close(dpif);
out:
    ofpbuf_uninit(&key);
    ofpbuf_uninit(&value);
    free(prog);
    return error;
}

int
dpctl_lookup_map(int argc, const char *argv[], struct dpctl_params *dpctl_p)
{
    return map_key_command(argc, argv, true, dpctl_p);
}

int
dpctl_delete_map_entry(int argc, const char *argv[],
                       struct dpctl_params *dpctl_p)
{
    return map_key_command(argc, argv, false, dpctl_p);
}

/* A dump in progress. */
struct dump_map_aux {
    struct ds ds;               /* Output. */
    bool hex;                   /* Bytes in hexadecimal? */
};

static void
dump_map_entry(const void *key, size_t key_size, const void *value,
               size_t value_size, void *aux_)
{
    struct dump_map_aux *aux = aux_;

    ds_put_cstr(&aux->ds, "key");
    format_bytes(&aux->ds, key, key_size, aux->hex);
    if (value) {
        ds_put_cstr(&aux->ds, " value");
        format_bytes(&aux->ds, value, value_size, aux->hex);
    }
    ds_put_char(&aux->ds, '\n');
}

/* dump-map DP ID MAP [hex] */
int
dpctl_dump_map(int argc, const char *argv[], struct dpctl_params *dpctl_p)
{
    struct dump_map_aux aux = { .ds = DS_EMPTY_INITIALIZER };
    struct dpif_filter_prog *prog = xmalloc(sizeof *prog);
    struct dpif *dpif;
    uint32_t id, index;
    char *detail;
    int error;

    if (argc > 4) {
        if (strcmp(argv[4], "hex")) {
            filter_error(dpctl_p, argv[0], EINVAL, NULL,
                         "unknown argument '%s' (only hex)", argv[4]);
            free(prog);
            return EINVAL;
        }
        aux.hex = true;
    }
    error = open_prog(argv, &dpif, &id, prog, dpctl_p);
    if (error) {
        free(prog);
        return error;
    }
    if (!find_map(argv[0], prog, argv[3], &index, dpctl_p)) {
        error = ENOENT;
    } else {
        error = dpif_filter_map_dump(dpif, id, index, dump_map_entry, &aux,
                                     &detail);
        if (error) {
            filter_error(dpctl_p, argv[0], error, detail,
                         "%s: dumping map %s of program %"PRIu32" failed",
                         dpif_name(dpif), argv[3], id);
        } else {
            dpctl_p->output(dpctl_p->aux, false, ds_cstr(&aux.ds));
        }
    }
    ds_destroy(&aux.ds);
    dpif_close(dpif);
    free(prog);
    return error;
}
