/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Filter programs of a datapath: the dpif wrappers around the providers'
 * operations, and the start-up probe.  See dpif-filter.h.
 */
#include <config.h>
#include "dpif-filter.h"

#include <errno.h>
#include "dpif-provider.h"
#include "flow.h"
#include "odp-filter.h"
#include "odp-util.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif_filter);

/* Returns the name of map type 'type', or "unknown". */
const char *
dpif_filter_map_type_name(uint32_t type)
{
    switch (type) {
    case 1: return "array";
    case 2: return "bloom";
    case 3: return "count-min";
    case 4: return "hash";
    default: return "unknown";
    }
}

static void
clear_error(char **errorp)
{
    *errorp = NULL;
}

static int
log_op(const struct dpif *dpif, const char *op, uint32_t id, int error,
       char **errorp)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    if (error && error != EOPNOTSUPP) {
        VLOG_DBG_RL(&rl, "%s: %s of filter program %"PRIu32" failed (%s%s%s)",
                    dpif_name(dpif), op, id, ovs_strerror(error),
                    *errorp ? ": " : "", *errorp ? *errorp : "");
    }
    return error;
}

/* Verifies and loads 'image' into 'dpif' as program 'id', replacing any
 * program with that id.  Appends the verifier's log to 'log', if nonnull,
 * on success and on failure. */
int
dpif_filter_prog_load(struct dpif *dpif, uint32_t id,
                      const struct sbpf_image *image, struct ds *log,
                      char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;
    int error;

    clear_error(errorp);
    error = (class->filter_prog_load
             ? class->filter_prog_load(dpif, id, image, log, errorp)
             : EOPNOTSUPP);
    return log_op(dpif, "load", id, error, errorp);
}

/* Deletes program 'id' and its maps.  Fails with EBUSY while datapath flows
 * name it, unless 'flush_flows', which deletes those flows with it. */
int
dpif_filter_prog_del(struct dpif *dpif, uint32_t id, bool flush_flows,
                     char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;
    int error;

    clear_error(errorp);
    error = (class->filter_prog_del
             ? class->filter_prog_del(dpif, id, flush_flows, errorp)
             : EOPNOTSUPP);
    return log_op(dpif, "deletion", id, error, errorp);
}

/* Stores program 'id' of 'dpif' into '*prog'. */
int
dpif_filter_prog_get(struct dpif *dpif, uint32_t id,
                     struct dpif_filter_prog *prog, char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;

    clear_error(errorp);
    return (class->filter_prog_get
            ? class->filter_prog_get(dpif, id, prog, errorp)
            : EOPNOTSUPP);
}

/* Stores the programs of 'dpif', by increasing id, into a malloc()'d array
 * '*progsp' of '*n_progsp' elements, which the caller frees. */
int
dpif_filter_prog_list(struct dpif *dpif, struct dpif_filter_prog **progsp,
                      size_t *n_progsp, char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;

    clear_error(errorp);
    *progsp = NULL;
    *n_progsp = 0;
    return (class->filter_prog_list
            ? class->filter_prog_list(dpif, progsp, n_progsp, errorp)
            : EOPNOTSUPP);
}

/* Runs program 'id' on the Ethernet frame 'packet' of 'size' bytes, as the
 * datapath would (maps and statistics are updated), and stores its return
 * value into '*verdict' (1: match). */
int
dpif_filter_prog_run(struct dpif *dpif, uint32_t id, const void *packet,
                     size_t size, uint64_t *verdict, char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;

    clear_error(errorp);
    *verdict = 0;
    return (class->filter_prog_run
            ? class->filter_prog_run(dpif, id, packet, size, verdict, errorp)
            : EOPNOTSUPP);
}

/* Looks up 'key' in map 'map' of program 'id' and appends the value to
 * 'value'.  ENOENT: no such entry. */
int
dpif_filter_map_lookup(struct dpif *dpif, uint32_t id, uint32_t map,
                       const void *key, size_t key_size,
                       struct ofpbuf *value, char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;

    clear_error(errorp);
    return (class->filter_map_lookup
            ? class->filter_map_lookup(dpif, id, map, key, key_size, value,
                                       errorp)
            : EOPNOTSUPP);
}

/* Creates or updates the entry 'key' of map 'map' of program 'id'. */
int
dpif_filter_map_update(struct dpif *dpif, uint32_t id, uint32_t map,
                       const void *key, size_t key_size, const void *value,
                       size_t value_size, char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;

    clear_error(errorp);
    return (class->filter_map_update
            ? class->filter_map_update(dpif, id, map, key, key_size,
                                       value, value_size, errorp)
            : EOPNOTSUPP);
}

/* Deletes the entry 'key' of map 'map' of program 'id'. */
int
dpif_filter_map_delete(struct dpif *dpif, uint32_t id, uint32_t map,
                       const void *key, size_t key_size, char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;

    clear_error(errorp);
    return (class->filter_map_delete
            ? class->filter_map_delete(dpif, id, map, key, key_size, errorp)
            : EOPNOTSUPP);
}

/* Calls 'cb' for every entry of map 'map' of program 'id'. */
int
dpif_filter_map_dump(struct dpif *dpif, uint32_t id, uint32_t map,
                     dpif_filter_map_dump_cb *cb, void *aux, char **errorp)
{
    const struct dpif_class *class = dpif->dpif_class;

    clear_error(errorp);
    return (class->filter_map_dump
            ? class->filter_map_dump(dpif, id, map, cb, aux, errorp)
            : EOPNOTSUPP);
}

/* Returns true if the flow table of 'dpif' matches on filter chains
 * (OVS_KEY_ATTR_FILTER_PROG).
 *
 * The probe puts a flow whose chain names program UINT32_MAX.  A datapath
 * that knows chains checks that the program exists: ENOENT, or success if
 * it does (the flow is then deleted).  One that does not rejects the
 * unknown key attribute (EINVAL) and so never holds such a flow. */
bool
dpif_filter_probe(struct dpif *dpif)
{
    struct odp_filter_chain chain = {
        .n = 1,
        .links = { { .prog_id = UINT32_MAX, .verdict = 1 } },
    };
    struct flow flow = { .dl_type = CONSTANT_HTONS(ETH_TYPE_IP) };
    struct odp_flow_key_parms odp_parms = {
        .flow = &flow,
        .probe = true,
        .filter_chain = &chain,
    };
    struct odputil_keybuf keybuf;
    struct ofpbuf key;
    ovs_u128 ufid;
    int error;

    ofpbuf_use_stack(&key, &keybuf, sizeof keybuf);
    odp_flow_key_from_flow(&odp_parms, &key);
    odp_flow_key_hash(key.data, key.size, &ufid);

    error = dpif_flow_put(dpif, DPIF_FP_CREATE | DPIF_FP_PROBE,
                          key.data, key.size, NULL, 0, NULL, 0,
                          &ufid, NON_PMD_CORE_ID, NULL);
    if (!error) {
        dpif_flow_del(dpif, key.data, key.size, &ufid, NON_PMD_CORE_ID,
                      NULL);
    }

    if (!error || error == ENOENT) {
        VLOG_INFO("%s: Datapath supports filter programs", dpif_name(dpif));
        return true;
    }
    VLOG_INFO("%s: Datapath does not support filter programs (%s): flows "
              "with filter_prog cannot be installed", dpif_name(dpif),
              ovs_strerror(error));
    return false;
}
