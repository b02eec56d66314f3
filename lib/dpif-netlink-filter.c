/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Filter programs of the Linux kernel datapath over the "ovs_filter"
 * generic netlink family (its commands and attributes are described in
 * include/linux/openvswitch.h).  See dpif-netlink-filter.h.
 *
 * Requests that are not dumps run on a socket of their own, receiving
 * until the kernel's acknowledgement: a rejected load answers with a
 * message carrying the verifier log and only then with the error, and a
 * refused deletion with the count of flows naming the program.
 */
#include <config.h>
#include "dpif-netlink-filter.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include "odp-netlink.h"
#include "bpf-object.h"
#include "netlink.h"
#include "netlink-socket.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "unaligned.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(dpif_netlink_filter);

/* The family's number, once filter_family_init() succeeded. */
static int ovs_filter_family;

/* Looks up the family once.  Without it: EOPNOTSUPP and a message. */
static int
filter_family_init(char **errorp)
{
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;
    static int error;

    if (ovsthread_once_start(&once)) {
        if (nl_lookup_genl_family(OVS_FILTER_FAMILY, &ovs_filter_family)) {
            VLOG_INFO("Generic Netlink family '%s' does not exist: the "
                      "kernel module does not support filter programs",
                      OVS_FILTER_FAMILY);
            error = EOPNOTSUPP;
        }
        ovsthread_once_done(&once);
    }
    if (error && errorp) {
        *errorp = xstrdup("kernel module does not support filter programs");
    }
    return error;
}

/* Starts in 'buf' a request 'cmd' of the family for 'dpif', with room for
 * 'payload' bytes of attributes. */
static void
filter_request(struct ofpbuf *buf, const struct dpif *dpif, uint8_t cmd,
               size_t payload)
{
    struct ovs_header *ovs_header;

    ofpbuf_init(buf, NLMSG_HDRLEN + GENL_HDRLEN + sizeof *ovs_header
                     + payload + 64);
    nl_msg_put_genlmsghdr(buf, payload, ovs_filter_family,
                          NLM_F_REQUEST | NLM_F_ACK, cmd, OVS_FILTER_VERSION);
    ovs_header = ofpbuf_put_uninit(buf, sizeof *ovs_header);
    ovs_header->dp_ifindex = dpif_netlink_dp_ifindex(dpif);
}

/* Starts a request about program 'id'. */
static void
prog_request(struct ofpbuf *buf, const struct dpif *dpif, uint8_t cmd,
             uint32_t id, size_t payload)
{
    filter_request(buf, dpif, cmd, payload + 8);
    nl_msg_put_u32(buf, OVS_FILTER_ATTR_ID, id);
}

/* Starts a request about map 'map' of program 'id'. */
static void
map_request(struct ofpbuf *buf, const struct dpif *dpif, uint8_t cmd,
            uint32_t id, uint32_t map, size_t payload)
{
    prog_request(buf, dpif, cmd, id, payload + 8);
    nl_msg_put_u32(buf, OVS_FILTER_ATTR_MAP_INDEX, map);
}

/* Points 'attrs' at the attributes of 'msg', a message of the family.
 * Returns false if 'msg' is not one. */
static bool
reply_attrs(const struct ofpbuf *msg, struct ofpbuf *attrs)
{
    struct ofpbuf b = ofpbuf_const_initializer(msg->data, msg->size);
    struct nlmsghdr *nlmsg = ofpbuf_try_pull(&b, sizeof *nlmsg);
    struct genlmsghdr *genl = ofpbuf_try_pull(&b, sizeof *genl);
    struct ovs_header *ovs_header = ofpbuf_try_pull(&b, sizeof *ovs_header);

    if (!nlmsg || !genl || !ovs_header
        || nlmsg->nlmsg_type != ovs_filter_family) {
        return false;
    }
    *attrs = b;
    return true;
}

/* Sends 'request' (and uninitializes it) on a socket of its own and
 * receives until the kernel's acknowledgement, handing every other message
 * to 'parse', if nonnull.  Returns 0 or a positive errno value; the
 * kernel's extended ack message goes to '*errorp' (if nonnull). */
static int
filter_transact(struct ofpbuf *request,
                int (*parse)(const struct ofpbuf *, void *aux), void *aux,
                char **errorp)
{
    int parse_error = 0;
    struct nl_sock *sock;
    int error;

    error = nl_sock_create(NETLINK_GENERIC, &sock);
    if (error) {
        ofpbuf_uninit(request);
        return error;
    }
    /* Program images can exceed the default socket buffer. */
    int size = MAX(request->size * 2, 256 * 1024);
    if (setsockopt(nl_sock_fd(sock), SOL_SOCKET, SO_SNDBUFFORCE,
                   &size, sizeof size)) {
        setsockopt(nl_sock_fd(sock), SOL_SOCKET, SO_SNDBUF,
                   &size, sizeof size);
    }

    error = nl_sock_send(sock, request, true);
    ofpbuf_uninit(request);
    while (!error) {
        struct ofpbuf reply;
        const char *msg = NULL;
        int status;

        /* Room for the largest reply: a 65000-byte verifier log. */
        ofpbuf_init(&reply, 128 * 1024);
        error = nl_sock_recv(sock, &reply, NULL, true);
        if (error) {
            ofpbuf_uninit(&reply);
            break;
        }
        if (nl_msg_nlmsgerr(&reply, &status, &msg)) {
            if (status && errorp && msg && *msg) {
                *errorp = xstrdup(msg);
            }
            ofpbuf_uninit(&reply);
            error = status ? status : parse_error;
            break;
        }
        if (parse && !parse_error) {
            parse_error = parse(&reply, aux);
        }
        ofpbuf_uninit(&reply);
    }
    nl_sock_destroy(sock);
    return error;
}

/* Runs the dump 'request' (uninitializing it), handing each reply message
 * to 'parse'. */
static int
filter_dump(struct ofpbuf *request,
            int (*parse)(const struct ofpbuf *, void *aux), void *aux)
{
    uint64_t stub[NL_DUMP_BUFSIZE / 8];
    struct ofpbuf buf, reply;
    struct nl_dump dump;
    int parse_error = 0;
    int error;

    nl_dump_start(&dump, NETLINK_GENERIC, request);
    ofpbuf_uninit(request);
    ofpbuf_use_stub(&buf, stub, sizeof stub);
    while (nl_dump_next(&dump, &reply, &buf)) {
        if (!parse_error) {
            parse_error = parse(&reply, aux);
        }
    }
    ofpbuf_uninit(&buf);
    error = nl_dump_done(&dump);
    return error ? error : parse_error;
}

static bool
attr_u32(const struct nlattr *a, uint32_t *dst)
{
    if (nl_attr_get_size(a) != sizeof(uint32_t)) {
        return false;
    }
    *dst = nl_attr_get_u32(a);
    return true;
}

/* Copies the string attribute 'a' into 'dst' of DPIF_FILTER_NAME_LEN
 * bytes, truncating if needed. */
static void
attr_name(const struct nlattr *a, char *dst)
{
    size_t n = MIN(nl_attr_get_size(a), DPIF_FILTER_NAME_LEN - 1);

    memcpy(dst, nl_attr_get(a), n);
    dst[n] = '\0';
    dst[strnlen(dst, n)] = '\0';
}

static int
parse_map_def(const struct nlattr *nest, struct dpif_filter_map *map)
{
    const struct nlattr *a;
    size_t left;
    bool ok = true;

    memset(map, 0, sizeof *map);
    NL_NESTED_FOR_EACH (a, left, nest) {
        switch (nl_attr_type(a)) {
        case OVS_FILTER_MAP_ATTR_TYPE:
            ok = ok && attr_u32(a, &map->type);
            break;
        case OVS_FILTER_MAP_ATTR_KEY_SIZE:
            ok = ok && attr_u32(a, &map->key_size);
            break;
        case OVS_FILTER_MAP_ATTR_VALUE_SIZE:
            ok = ok && attr_u32(a, &map->value_size);
            break;
        case OVS_FILTER_MAP_ATTR_MAX_ENTRIES:
            ok = ok && attr_u32(a, &map->max_entries);
            break;
        case OVS_FILTER_MAP_ATTR_N_HASH:
            ok = ok && attr_u32(a, &map->n_hash);
            break;
        case OVS_FILTER_MAP_ATTR_FLAGS:
            ok = ok && attr_u32(a, &map->flags);
            break;
        case OVS_FILTER_MAP_ATTR_NAME:
            attr_name(a, map->name);
            break;
        }
    }
    return ok && !left ? 0 : EPROTO;
}

/* Parses a program reply into 'prog_'. */
static int
parse_prog(const struct ofpbuf *msg, void *prog_)
{
    struct dpif_filter_prog *prog = prog_;
    const struct nlattr *a;
    struct ofpbuf attrs;
    size_t left;
    bool ok = true;

    if (!reply_attrs(msg, &attrs)) {
        return EPROTO;
    }
    memset(prog, 0, sizeof *prog);
    NL_ATTR_FOR_EACH (a, left, attrs.data, attrs.size) {
        size_t size = nl_attr_get_size(a);

        switch (nl_attr_type(a)) {
        case OVS_FILTER_ATTR_ID:
            ok = ok && attr_u32(a, &prog->id);
            break;
        case OVS_FILTER_ATTR_NAME:
            attr_name(a, prog->name);
            break;
        case OVS_FILTER_ATTR_N_INSNS:
            ok = ok && attr_u32(a, &prog->n_insns);
            break;
        case OVS_FILTER_ATTR_JITED:
            ok = ok && size == 1;
            prog->jited = ok && nl_attr_get_u8(a);
            break;
        case OVS_FILTER_ATTR_MAX_PKT_READ:
            ok = ok && attr_u32(a, &prog->max_pkt_read);
            break;
        case OVS_FILTER_ATTR_FLOW_REFS:
            ok = ok && attr_u32(a, &prog->flow_refs);
            break;
        case OVS_FILTER_ATTR_STATS: {
            struct ovs_filter_stats st;

            if (size < sizeof st) {
                ok = false;
                break;
            }
            memcpy(&st, nl_attr_get(a), sizeof st);
            prog->runs = get_32aligned_u64(&st.runs);
            prog->matches = get_32aligned_u64(&st.matches);
            prog->run_ns = get_32aligned_u64(&st.run_ns);
            break;
        }
        case OVS_FILTER_ATTR_VERIFIER_STATS: {
            struct ovs_filter_verifier_stats vs;

            if (size < sizeof vs) {
                ok = false;
                break;
            }
            memcpy(&vs, nl_attr_get(a), sizeof vs);
            prog->insns_processed = vs.insns_processed;
            prog->states = vs.states;
            break;
        }
        case OVS_FILTER_ATTR_MAP:
            if (prog->n_maps >= DPIF_FILTER_MAX_MAPS
                || parse_map_def(a, &prog->maps[prog->n_maps])) {
                ok = false;
                break;
            }
            prog->n_maps++;
            break;
        }
    }
    return ok && !left ? 0 : EPROTO;
}

/* What a load request gets back. */
struct load_reply {
    struct ds *log;             /* Verifier log, or NULL. */
};

static int
parse_load(const struct ofpbuf *msg, void *lr_)
{
    struct load_reply *lr = lr_;
    const struct nlattr *log;
    struct ofpbuf attrs;

    if (!reply_attrs(msg, &attrs)) {
        return EPROTO;
    }
    log = nl_attr_find__(attrs.data, attrs.size, OVS_FILTER_ATTR_LOG);
    if (log && lr->log) {
        ds_put_buffer(lr->log, nl_attr_get(log),
                      strnlen(nl_attr_get(log), nl_attr_get_size(log)));
    }
    return 0;
}

/* Starts a nested attribute: the family's strict validation wants
 * NLA_F_NESTED on every nest. */
static size_t
start_nested(struct ofpbuf *buf, uint16_t type)
{
    return nl_msg_start_nested(buf, type | NLA_F_NESTED);
}

static void
put_map_def(struct ofpbuf *buf, const struct sbpf_map_def *def)
{
    size_t ofs = start_nested(buf, OVS_FILTER_ATTR_MAP);

    nl_msg_put_u32(buf, OVS_FILTER_MAP_ATTR_TYPE, def->type);
    nl_msg_put_u32(buf, OVS_FILTER_MAP_ATTR_KEY_SIZE, def->key_size);
    nl_msg_put_u32(buf, OVS_FILTER_MAP_ATTR_VALUE_SIZE, def->value_size);
    nl_msg_put_u32(buf, OVS_FILTER_MAP_ATTR_MAX_ENTRIES, def->max_entries);
    nl_msg_put_u32(buf, OVS_FILTER_MAP_ATTR_N_HASH, def->nb_hash_functions);
    nl_msg_put_u32(buf, OVS_FILTER_MAP_ATTR_FLAGS, def->flags);
    nl_msg_put_string(buf, OVS_FILTER_MAP_ATTR_NAME, def->name);
    nl_msg_end_nested(buf, ofs);
}

/* Appends map 'index''s initial data of 'size' bytes as consecutive
 * MAP_DATA chunks: no attribute can exceed 64 kB. */
static void
put_map_data(struct ofpbuf *buf, uint32_t index, const uint8_t *data,
             uint64_t size)
{
    for (uint64_t off = 0; off < size; off += OVS_FILTER_DATA_CHUNK) {
        uint64_t len = MIN(size - off, OVS_FILTER_DATA_CHUNK);
        size_t ofs = start_nested(buf, OVS_FILTER_ATTR_MAP_DATA);

        nl_msg_put_u32(buf, OVS_FILTER_DATA_ATTR_INDEX, index);
        nl_msg_put_u32(buf, OVS_FILTER_DATA_ATTR_OFFSET, off);
        nl_msg_put_unspec(buf, OVS_FILTER_DATA_ATTR_BYTES, data + off, len);
        nl_msg_end_nested(buf, ofs);
    }
}

static uint64_t
map_data_size(const struct sbpf_map_def *def)
{
    return (uint64_t) def->value_size * def->max_entries;
}

int
dpif_netlink_filter_prog_load(struct dpif *dpif, uint32_t id,
                              const struct sbpf_image *img, struct ds *log,
                              char **errorp)
{
    struct load_reply lr = { .log = log };
    size_t insns_size = (size_t) img->n_insns * sizeof(struct bpf_insn);
    struct ofpbuf request;
    uint64_t payload;
    int error;

    error = filter_family_init(errorp);
    if (error) {
        return error;
    }
    if (insns_size > UINT16_MAX - NLA_HDRLEN) {
        *errorp = xasprintf("program has %"PRIu32" instructions, more than "
                            "one message attribute can carry",
                            img->n_insns);
        return EFBIG;
    }

    payload = insns_size + 256;
    for (uint32_t i = 0; i < img->n_maps; i++) {
        payload += 128;
        if (img->init_data && img->init_data[i]) {
            payload += map_data_size(&img->maps[i]) * 33 / 32 + 64;
        }
    }
    if (payload > INT32_MAX) {
        *errorp = xstrdup("program image too large");
        return EFBIG;
    }

    prog_request(&request, dpif, OVS_FILTER_CMD_LOAD, id, payload);
    nl_msg_put_string(&request, OVS_FILTER_ATTR_NAME, img->name);
    nl_msg_put_unspec(&request, OVS_FILTER_ATTR_INSNS, img->insns,
                      insns_size);
    if (img->license) {
        nl_msg_put_string(&request, OVS_FILTER_ATTR_LICENSE, img->license);
    }
    /* Level 1: the log says why a program is rejected. */
    nl_msg_put_u32(&request, OVS_FILTER_ATTR_LOG_LEVEL, 1);
    for (uint32_t i = 0; i < img->n_maps; i++) {
        put_map_def(&request, &img->maps[i]);
    }
    for (uint32_t i = 0; img->init_data && i < img->n_maps; i++) {
        if (img->init_data[i]) {
            put_map_data(&request, i, img->init_data[i],
                         map_data_size(&img->maps[i]));
        }
    }
    return filter_transact(&request, parse_load, &lr, errorp);
}

static int
parse_flow_refs(const struct ofpbuf *msg, void *refs_)
{
    const struct nlattr *refs;
    struct ofpbuf attrs;

    if (!reply_attrs(msg, &attrs)) {
        return EPROTO;
    }
    refs = nl_attr_find__(attrs.data, attrs.size, OVS_FILTER_ATTR_FLOW_REFS);
    if (refs && !attr_u32(refs, refs_)) {
        return EPROTO;
    }
    return 0;
}

int
dpif_netlink_filter_prog_del(struct dpif *dpif, uint32_t id,
                             bool flush_flows, char **errorp)
{
    struct ofpbuf request;
    uint32_t flow_refs = 0;
    int error;

    error = filter_family_init(errorp);
    if (error) {
        return error;
    }
    prog_request(&request, dpif, OVS_FILTER_CMD_DEL, id, 8);
    if (flush_flows) {
        nl_msg_put_u32(&request, OVS_FILTER_ATTR_FLAGS,
                       OVS_FILTER_F_FLUSH_FLOWS);
    }
    error = filter_transact(&request, parse_flow_refs, &flow_refs, errorp);
    if (error == EBUSY && flow_refs) {
        free(*errorp);
        *errorp = xasprintf("%"PRIu32" datapath flow%s name%s program "
                            "%"PRIu32, flow_refs, flow_refs == 1 ? "" : "s",
                            flow_refs == 1 ? "s" : "", id);
    }
    return error;
}

int
dpif_netlink_filter_prog_get(struct dpif *dpif, uint32_t id,
                             struct dpif_filter_prog *prog, char **errorp)
{
    struct ofpbuf request;
    int error;

    error = filter_family_init(errorp);
    if (error) {
        return error;
    }
    prog_request(&request, dpif, OVS_FILTER_CMD_GET, id, 0);
    memset(prog, 0, sizeof *prog);
    return filter_transact(&request, parse_prog, prog, errorp);
}

/* The programs a dump has returned so far. */
struct prog_list {
    struct dpif_filter_prog *progs; /* Array of 'n'. */
    size_t n;                   /* Programs in 'progs'. */
    size_t allocated;           /* Capacity of 'progs'. */
};

static int
parse_list(const struct ofpbuf *msg, void *list_)
{
    struct prog_list *list = list_;

    if (list->n >= list->allocated) {
        list->progs = x2nrealloc(list->progs, &list->allocated,
                                 sizeof *list->progs);
    }
    int error = parse_prog(msg, &list->progs[list->n]);
    if (!error) {
        list->n++;
    }
    return error;
}

int
dpif_netlink_filter_prog_list(struct dpif *dpif,
                              struct dpif_filter_prog **progsp,
                              size_t *n_progsp, char **errorp)
{
    struct prog_list list = { .progs = NULL };
    struct ofpbuf request;
    int error;

    error = filter_family_init(errorp);
    if (error) {
        return error;
    }
    filter_request(&request, dpif, OVS_FILTER_CMD_GET, 0);
    error = filter_dump(&request, parse_list, &list);
    if (error) {
        free(list.progs);
        return error;
    }
    *progsp = list.progs;
    *n_progsp = list.n;
    return 0;
}

static int
parse_verdict(const struct ofpbuf *msg, void *verdict_)
{
    const struct nlattr *verdict;
    struct ofpbuf attrs;

    if (!reply_attrs(msg, &attrs)) {
        return EPROTO;
    }
    verdict = nl_attr_find__(attrs.data, attrs.size, OVS_FILTER_ATTR_VERDICT);
    if (!verdict || nl_attr_get_size(verdict) != sizeof(uint64_t)) {
        return EPROTO;
    }
    *(uint64_t *) verdict_ = nl_attr_get_u64(verdict);
    return 0;
}

int
dpif_netlink_filter_prog_run(struct dpif *dpif, uint32_t id,
                             const void *packet, size_t size,
                             uint64_t *verdict, char **errorp)
{
    struct ofpbuf request;
    int error;

    error = filter_family_init(errorp);
    if (error) {
        return error;
    }
    prog_request(&request, dpif, OVS_FILTER_CMD_RUN, id, size + 8);
    nl_msg_put_unspec(&request, OVS_FILTER_ATTR_PACKET, packet, size);
    return filter_transact(&request, parse_verdict, verdict, errorp);
}

static void
put_entry(struct ofpbuf *buf, const void *key, size_t key_size,
          const void *value, size_t value_size)
{
    size_t ofs = start_nested(buf, OVS_FILTER_ATTR_ENTRY);

    nl_msg_put_unspec(buf, OVS_FILTER_ENTRY_ATTR_KEY, key, key_size);
    if (value) {
        nl_msg_put_unspec(buf, OVS_FILTER_ENTRY_ATTR_VALUE, value,
                          value_size);
    }
    nl_msg_end_nested(buf, ofs);
}

/* Finds the key and value of the entry attribute 'nest'. */
static bool
parse_entry(const struct nlattr *nest, const struct nlattr **key,
            const struct nlattr **value)
{
    const struct nlattr *a;
    size_t left;

    *key = *value = NULL;
    NL_NESTED_FOR_EACH (a, left, nest) {
        if (nl_attr_type(a) == OVS_FILTER_ENTRY_ATTR_KEY) {
            *key = a;
        } else if (nl_attr_type(a) == OVS_FILTER_ENTRY_ATTR_VALUE) {
            *value = a;
        }
    }
    return !left && *key;
}

static int
parse_lookup(const struct ofpbuf *msg, void *value_)
{
    const struct nlattr *entry, *key, *value;
    struct ofpbuf attrs;

    if (!reply_attrs(msg, &attrs)) {
        return EPROTO;
    }
    entry = nl_attr_find__(attrs.data, attrs.size, OVS_FILTER_ATTR_ENTRY);
    if (!entry || !parse_entry(entry, &key, &value) || !value) {
        return EPROTO;
    }
    ofpbuf_put(value_, nl_attr_get(value), nl_attr_get_size(value));
    return 0;
}

/* Sends 'cmd' about one entry of map 'map' of program 'id' ('value' may be
 * null) and hands the reply to 'parse', if nonnull. */
static int
map_entry_transact(struct dpif *dpif, uint8_t cmd, uint32_t id, uint32_t map,
                   const void *key, size_t key_size,
                   const void *value, size_t value_size,
                   int (*parse)(const struct ofpbuf *, void *aux), void *aux,
                   char **errorp)
{
    struct ofpbuf request;
    int error;

    error = filter_family_init(errorp);
    if (error) {
        return error;
    }
    map_request(&request, dpif, cmd, id, map, key_size + value_size + 32);
    put_entry(&request, key, key_size, value, value_size);
    return filter_transact(&request, parse, aux, errorp);
}

int
dpif_netlink_filter_map_lookup(struct dpif *dpif, uint32_t id, uint32_t map,
                               const void *key, size_t key_size,
                               struct ofpbuf *value, char **errorp)
{
    return map_entry_transact(dpif, OVS_FILTER_CMD_MAP_LOOKUP, id, map,
                              key, key_size, NULL, 0,
                              parse_lookup, value, errorp);
}

int
dpif_netlink_filter_map_update(struct dpif *dpif, uint32_t id, uint32_t map,
                               const void *key, size_t key_size,
                               const void *value, size_t value_size,
                               char **errorp)
{
    return map_entry_transact(dpif, OVS_FILTER_CMD_MAP_UPDATE, id, map,
                              key, key_size, value, value_size,
                              NULL, NULL, errorp);
}

int
dpif_netlink_filter_map_delete(struct dpif *dpif, uint32_t id, uint32_t map,
                               const void *key, size_t key_size,
                               char **errorp)
{
    return map_entry_transact(dpif, OVS_FILTER_CMD_MAP_DELETE, id, map,
                              key, key_size, NULL, 0, NULL, NULL, errorp);
}

/* A map dump's callback. */
struct map_dump {
    dpif_filter_map_dump_cb *cb; /* Called per entry. */
    void *aux;                  /* Its argument. */
};

static int
parse_map_dump(const struct ofpbuf *msg, void *md_)
{
    struct map_dump *md = md_;
    const struct nlattr *a;
    struct ofpbuf attrs;
    size_t left;

    if (!reply_attrs(msg, &attrs)) {
        return EPROTO;
    }
    NL_ATTR_FOR_EACH (a, left, attrs.data, attrs.size) {
        const struct nlattr *key, *value;

        if (nl_attr_type(a) != OVS_FILTER_ATTR_ENTRY) {
            continue;
        }
        if (!parse_entry(a, &key, &value)) {
            return EPROTO;
        }
        md->cb(nl_attr_get(key), nl_attr_get_size(key),
               value ? nl_attr_get(value) : NULL,
               value ? nl_attr_get_size(value) : 0, md->aux);
    }
    return 0;
}

int
dpif_netlink_filter_map_dump(struct dpif *dpif, uint32_t id, uint32_t map,
                             dpif_filter_map_dump_cb *cb, void *aux,
                             char **errorp)
{
    struct map_dump md = { .cb = cb, .aux = aux };
    struct ofpbuf request;
    int error;

    error = filter_family_init(errorp);
    if (error) {
        return error;
    }
    map_request(&request, dpif, OVS_FILTER_CMD_MAP_DUMP, id, map, 0);
    return filter_dump(&request, parse_map_dump, &md);
}
