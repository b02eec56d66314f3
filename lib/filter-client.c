/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Client of the "ovs_filter" generic netlink family, on libnl-3.
 *
 * Requests are sent with NLM_F_ACK on a socket with extended acks and
 * capped acks enabled, so an error comes back with the kernel's one-line
 * message and without a copy of the (possibly large) request.  A program
 * image is sent as the family carries it: instructions in one attribute,
 * one OVS_FILTER_ATTR_MAP per map, and initial map data in chunks of
 * OVS_FILTER_DATA_CHUNK bytes, so that no attribute exceeds 64 KiB.
 */
#include "filter-client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/openvswitch.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Socket buffers large enough for big images and verbose logs. */
#define FILTER_CLIENT_BUF (8 << 20)

struct filter_client {
    struct nl_sock *sk;         /* Generic netlink socket. */
    int family;                 /* "ovs_filter" family id. */
    char error[256];            /* Extended ack message of the last error. */
};

/* State of one request: per-message parser and outcome. */
struct transact {
    struct filter_client *fc;   /* Client. */
    int (*parse)(struct nlmsghdr *, void *aux); /* Reply parser or NULL. */
    void *aux;                  /* Parser's argument. */
    int error;                  /* Positive errno, 0 on success. */
    bool done;                  /* Ack, error or end of dump seen. */
};

static void
parse_ext_ack(struct filter_client *fc, const struct nlmsghdr *nlh,
              size_t offset)
{
    const struct nlattr *nla;
    int rem;

    if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < offset) {
        return;
    }
    nla = (const struct nlattr *) ((const char *) nlh + offset);
    rem = nlh->nlmsg_len - offset;
    for (; nla_ok(nla, rem); nla = nla_next(nla, &rem)) {
        if (nla_type(nla) == NLMSGERR_ATTR_MSG) {
            snprintf(fc->error, sizeof fc->error, "%.*s",
                     nla_len(nla), (const char *) nla_data(nla));
        }
    }
}

static int
error_cb(struct sockaddr_nl *who, struct nlmsgerr *err, void *t_)
{
    struct transact *t = t_;
    const struct nlmsghdr *nlh = (const struct nlmsghdr *) err - 1;
    size_t offset = NLMSG_HDRLEN + sizeof *err;

    (void) who;
    if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
        offset += NLMSG_ALIGN(err->msg.nlmsg_len) - sizeof err->msg;
    }
    t->error = -err->error;
    t->done = true;
    parse_ext_ack(t->fc, nlh, offset);
    return NL_STOP;
}

static int
ack_cb(struct nl_msg *msg, void *t_)
{
    struct transact *t = t_;

    (void) msg;
    t->done = true;
    return NL_STOP;
}

static int
finish_cb(struct nl_msg *msg, void *t_)
{
    struct transact *t = t_;
    struct nlmsghdr *nlh = nlmsg_hdr(msg);

    if (nlmsg_datalen(nlh) >= (int) sizeof(int)) {
        int err = *(int *) nlmsg_data(nlh);

        if (err < 0) {
            t->error = -err;
            parse_ext_ack(t->fc, nlh, NLMSG_HDRLEN + sizeof(int));
        }
    }
    t->done = true;
    return NL_STOP;
}

static int
valid_cb(struct nl_msg *msg, void *t_)
{
    struct transact *t = t_;

    if (t->parse && !t->error) {
        int err = t->parse(nlmsg_hdr(msg), t->aux);

        if (err) {
            t->error = err;
        }
    }
    return NL_OK;
}

static int
transact(struct filter_client *fc, struct nl_msg *msg,
         int (*parse)(struct nlmsghdr *, void *), void *aux)
{
    struct transact t = { .fc = fc, .parse = parse, .aux = aux };
    struct nl_cb *cb;
    int err;

    fc->error[0] = '\0';
    cb = nl_cb_alloc(NL_CB_DEFAULT);
    if (!cb) {
        nlmsg_free(msg);
        return ENOMEM;
    }
    nl_cb_err(cb, NL_CB_CUSTOM, error_cb, &t);
    nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &t);
    nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &t);
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &t);

    err = nl_send_auto(fc->sk, msg);
    nlmsg_free(msg);
    if (err < 0) {
        nl_cb_put(cb);
        return err == -NLE_NOMEM ? ENOMEM : EMSGSIZE;
    }
    while (!t.done) {
        err = nl_recvmsgs(fc->sk, cb);
        if (err < 0 && !t.done) {
            t.error = t.error ? t.error : EPROTO;
            break;
        }
    }
    nl_cb_put(cb);
    return t.error;
}

int
filter_client_open(struct filter_client **fcp)
{
    struct filter_client *fc = calloc(1, sizeof *fc);
    int one = 1, size = FILTER_CLIENT_BUF;
    int fd;

    *fcp = NULL;
    if (!fc) {
        return ENOMEM;
    }
    fc->sk = nl_socket_alloc();
    if (!fc->sk) {
        free(fc);
        return ENOMEM;
    }
    if (genl_connect(fc->sk)) {
        nl_socket_free(fc->sk);
        free(fc);
        return ECONNREFUSED;
    }
    fc->family = genl_ctrl_resolve(fc->sk, OVS_FILTER_FAMILY);
    if (fc->family < 0) {
        nl_socket_free(fc->sk);
        free(fc);
        return ENOENT;
    }
    fd = nl_socket_get_fd(fc->sk);
    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    /* Privileged callers get big buffers, others what the system allows. */
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size)) {
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    }
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size)) {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }
    nl_socket_enable_msg_peek(fc->sk);
    *fcp = fc;
    return 0;
}

void
filter_client_close(struct filter_client *fc)
{
    if (fc) {
        nl_socket_free(fc->sk);
        free(fc);
    }
}

const char *
filter_client_error(const struct filter_client *fc)
{
    return fc->error;
}

struct nl_msg *
filter_client_msg(struct filter_client *fc, int dp_ifindex, uint8_t cmd,
                  int flags, size_t size)
{
    struct ovs_header *hdr;
    struct nl_msg *msg;

    msg = nlmsg_alloc_size(size + NLMSG_HDRLEN + GENL_HDRLEN
                           + NLMSG_ALIGN(sizeof *hdr) + 1024);
    if (!msg) {
        return NULL;
    }
    hdr = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, fc->family,
                      sizeof *hdr, flags, cmd, OVS_FILTER_VERSION);
    if (!hdr) {
        nlmsg_free(msg);
        return NULL;
    }
    hdr->dp_ifindex = dp_ifindex;
    return msg;
}

int
filter_client_transact(struct filter_client *fc, struct nl_msg *msg,
                       int (*parse)(struct nlmsghdr *, void *), void *aux)
{
    return transact(fc, msg, parse, aux);
}

int
filter_client_resolve(struct filter_client *fc, const char *family)
{
    return genl_ctrl_resolve(fc->sk, family);
}

/* Attributes of a reply, last instance of each. */
static struct nlattr **
reply_attrs(struct nlmsghdr *nlh, struct nlattr **a)
{
    if (genlmsg_parse(nlh, sizeof(struct ovs_header), a,
                      OVS_FILTER_ATTR_MAX, NULL)) {
        return NULL;
    }
    return a;
}

static uint32_t
get_u32(struct nlattr **a, int type)
{
    return a[type] && nla_len(a[type]) >= 4 ? nla_get_u32(a[type]) : 0;
}

static int
parse_prog(struct nlmsghdr *nlh, void *info_)
{
    struct filter_prog_info *info = info_;
    struct nlattr *a[OVS_FILTER_ATTR_MAX + 1];
    struct nlattr *nla;
    int rem;

    if (!reply_attrs(nlh, a)) {
        return EPROTO;
    }
    memset(info, 0, sizeof *info);
    info->id = get_u32(a, OVS_FILTER_ATTR_ID);
    if (a[OVS_FILTER_ATTR_NAME]) {
        nla_strlcpy(info->name, a[OVS_FILTER_ATTR_NAME], sizeof info->name);
    }
    info->n_insns = get_u32(a, OVS_FILTER_ATTR_N_INSNS);
    info->jited = a[OVS_FILTER_ATTR_JITED]
                  && nla_get_u8(a[OVS_FILTER_ATTR_JITED]);
    info->max_pkt_read = get_u32(a, OVS_FILTER_ATTR_MAX_PKT_READ);
    info->flow_refs = get_u32(a, OVS_FILTER_ATTR_FLOW_REFS);
    if (a[OVS_FILTER_ATTR_STATS]
        && nla_len(a[OVS_FILTER_ATTR_STATS])
           >= (int) sizeof(struct ovs_filter_stats)) {
        struct ovs_filter_stats st;

        memcpy(&st, nla_data(a[OVS_FILTER_ATTR_STATS]), sizeof st);
        info->runs = st.runs;
        info->matches = st.matches;
        info->run_ns = st.run_ns;
    }
    if (a[OVS_FILTER_ATTR_VERIFIER_STATS]
        && nla_len(a[OVS_FILTER_ATTR_VERIFIER_STATS])
           >= (int) sizeof(struct ovs_filter_verifier_stats)) {
        struct ovs_filter_verifier_stats vs;

        memcpy(&vs, nla_data(a[OVS_FILTER_ATTR_VERIFIER_STATS]), sizeof vs);
        info->insns_processed = vs.insns_processed;
        info->states = vs.states;
    }
    nlmsg_for_each_attr (nla, nlh, GENL_HDRLEN + sizeof(struct ovs_header),
                         rem) {
        struct nlattr *m[OVS_FILTER_MAP_ATTR_MAX + 1];
        struct sbpf_map_def *def;

        if (nla_type(nla) != OVS_FILTER_ATTR_MAP
            || info->n_maps >= sizeof info->maps / sizeof info->maps[0]
            || nla_parse_nested(m, OVS_FILTER_MAP_ATTR_MAX, nla, NULL)) {
            continue;
        }
        def = &info->maps[info->n_maps++].def;
        def->type = get_u32(m, OVS_FILTER_MAP_ATTR_TYPE);
        def->key_size = get_u32(m, OVS_FILTER_MAP_ATTR_KEY_SIZE);
        def->value_size = get_u32(m, OVS_FILTER_MAP_ATTR_VALUE_SIZE);
        def->max_entries = get_u32(m, OVS_FILTER_MAP_ATTR_MAX_ENTRIES);
        def->nb_hash_functions = get_u32(m, OVS_FILTER_MAP_ATTR_N_HASH);
        def->flags = get_u32(m, OVS_FILTER_MAP_ATTR_FLAGS);
        if (m[OVS_FILTER_MAP_ATTR_NAME]) {
            nla_strlcpy(def->name, m[OVS_FILTER_MAP_ATTR_NAME],
                        sizeof def->name);
        }
    }
    return 0;
}

/* Load reply: the program (on success) and the verifier log. */
struct load_reply {
    struct filter_prog_info *info; /* Program, or NULL. */
    char **logp;                /* Log, or NULL. */
};

static int
parse_load(struct nlmsghdr *nlh, void *lr_)
{
    struct load_reply *lr = lr_;
    struct nlattr *a[OVS_FILTER_ATTR_MAX + 1];

    if (!reply_attrs(nlh, a)) {
        return EPROTO;
    }
    if (lr->logp && a[OVS_FILTER_ATTR_LOG]) {
        free(*lr->logp);
        *lr->logp = strndup(nla_data(a[OVS_FILTER_ATTR_LOG]),
                            nla_len(a[OVS_FILTER_ATTR_LOG]));
    }
    if (lr->info && a[OVS_FILTER_ATTR_N_INSNS]) {
        return parse_prog(nlh, lr->info);
    }
    return 0;
}

static int
put_map_def(struct nl_msg *msg, const struct sbpf_map_def *def)
{
    struct nlattr *nest = nla_nest_start(msg, OVS_FILTER_ATTR_MAP);

    if (!nest
        || nla_put_u32(msg, OVS_FILTER_MAP_ATTR_TYPE, def->type)
        || nla_put_u32(msg, OVS_FILTER_MAP_ATTR_KEY_SIZE, def->key_size)
        || nla_put_u32(msg, OVS_FILTER_MAP_ATTR_VALUE_SIZE, def->value_size)
        || nla_put_u32(msg, OVS_FILTER_MAP_ATTR_MAX_ENTRIES,
                       def->max_entries)
        || nla_put_u32(msg, OVS_FILTER_MAP_ATTR_N_HASH,
                       def->nb_hash_functions)
        || nla_put_u32(msg, OVS_FILTER_MAP_ATTR_FLAGS, def->flags)
        || nla_put_string(msg, OVS_FILTER_MAP_ATTR_NAME, def->name)) {
        return EMSGSIZE;
    }
    nla_nest_end(msg, nest);
    return 0;
}

static int
put_map_data(struct nl_msg *msg, uint32_t index, const uint8_t *data,
             uint64_t size)
{
    uint64_t off;

    for (off = 0; off < size; off += OVS_FILTER_DATA_CHUNK) {
        uint64_t len = size - off;
        struct nlattr *nest;

        if (len > OVS_FILTER_DATA_CHUNK) {
            len = OVS_FILTER_DATA_CHUNK;
        }
        nest = nla_nest_start(msg, OVS_FILTER_ATTR_MAP_DATA);
        if (!nest
            || nla_put_u32(msg, OVS_FILTER_DATA_ATTR_INDEX, index)
            || nla_put_u32(msg, OVS_FILTER_DATA_ATTR_OFFSET, off)
            || nla_put(msg, OVS_FILTER_DATA_ATTR_BYTES, len, data + off)) {
            return EMSGSIZE;
        }
        nla_nest_end(msg, nest);
    }
    return 0;
}

int
filter_client_load(struct filter_client *fc, int dp_ifindex, uint32_t id,
                   const struct sbpf_image *img,
                   const struct filter_load_opts *opts,
                   struct filter_prog_info *info, char **logp)
{
    struct load_reply lr = { .info = info, .logp = logp };
    size_t size = (size_t) img->n_insns * sizeof(struct bpf_insn) + 256;
    struct nl_msg *msg;
    uint32_t i;

    if (logp) {
        *logp = NULL;
    }
    for (i = 0; i < img->n_maps; i++) {
        size += 128;
        if (img->init_data && img->init_data[i]) {
            size += (uint64_t) img->maps[i].value_size
                    * img->maps[i].max_entries * 33 / 32 + 64;
        }
    }
    msg = filter_client_msg(fc, dp_ifindex, OVS_FILTER_CMD_LOAD, NLM_F_ACK,
                            size);
    if (!msg) {
        return ENOMEM;
    }
    if (nla_put_u32(msg, OVS_FILTER_ATTR_ID, id)
        || nla_put_string(msg, OVS_FILTER_ATTR_NAME, img->name)
        || nla_put(msg, OVS_FILTER_ATTR_INSNS,
                   img->n_insns * sizeof(struct bpf_insn), img->insns)
        || (img->license
            && nla_put_string(msg, OVS_FILTER_ATTR_LICENSE, img->license))
        || (opts && opts->no_replace
            && nla_put_u32(msg, OVS_FILTER_ATTR_FLAGS,
                           OVS_FILTER_F_NO_REPLACE))
        || (opts && nla_put_u32(msg, OVS_FILTER_ATTR_LOG_LEVEL,
                                opts->log_level))
        || (opts && opts->log_size
            && nla_put_u32(msg, OVS_FILTER_ATTR_LOG_SIZE, opts->log_size))) {
        nlmsg_free(msg);
        return EMSGSIZE;
    }
    for (i = 0; i < img->n_maps; i++) {
        if (put_map_def(msg, &img->maps[i])) {
            nlmsg_free(msg);
            return EMSGSIZE;
        }
    }
    for (i = 0; img->init_data && i < img->n_maps; i++) {
        if (img->init_data[i]
            && put_map_data(msg, i, img->init_data[i],
                            (uint64_t) img->maps[i].value_size
                            * img->maps[i].max_entries)) {
            nlmsg_free(msg);
            return EMSGSIZE;
        }
    }
    return transact(fc, msg, parse_load, &lr);
}

static struct nl_msg *
prog_msg(struct filter_client *fc, int dp_ifindex, uint8_t cmd, int flags,
         uint32_t id, size_t size)
{
    struct nl_msg *msg = filter_client_msg(fc, dp_ifindex, cmd, flags, size);

    if (msg && nla_put_u32(msg, OVS_FILTER_ATTR_ID, id)) {
        nlmsg_free(msg);
        return NULL;
    }
    return msg;
}

int
filter_client_delete(struct filter_client *fc, int dp_ifindex, uint32_t id,
                     bool flush_flows)
{
    struct nl_msg *msg = prog_msg(fc, dp_ifindex, OVS_FILTER_CMD_DEL,
                                  NLM_F_ACK, id, 64);

    if (!msg) {
        return ENOMEM;
    }
    if (flush_flows
        && nla_put_u32(msg, OVS_FILTER_ATTR_FLAGS, OVS_FILTER_F_FLUSH_FLOWS)) {
        nlmsg_free(msg);
        return EMSGSIZE;
    }
    return transact(fc, msg, NULL, NULL);
}

int
filter_client_get(struct filter_client *fc, int dp_ifindex, uint32_t id,
                  struct filter_prog_info *info)
{
    struct nl_msg *msg = prog_msg(fc, dp_ifindex, OVS_FILTER_CMD_GET,
                                  NLM_F_ACK, id, 64);

    if (!msg) {
        return ENOMEM;
    }
    memset(info, 0, sizeof *info);
    return transact(fc, msg, parse_prog, info);
}

/* Program dump: calls back once per program. */
struct list_aux {
    void (*cb)(const struct filter_prog_info *, void *); /* Callback. */
    void *aux;                  /* Its argument. */
    struct filter_prog_info info; /* Scratch. */
};

static int
parse_list(struct nlmsghdr *nlh, void *la_)
{
    struct list_aux *la = la_;
    int err = parse_prog(nlh, &la->info);

    if (!err) {
        la->cb(&la->info, la->aux);
    }
    return err;
}

int
filter_client_list(struct filter_client *fc, int dp_ifindex,
                   void (*cb)(const struct filter_prog_info *, void *aux),
                   void *aux)
{
    struct list_aux *la = calloc(1, sizeof *la);
    struct nl_msg *msg;
    int err;

    if (!la) {
        return ENOMEM;
    }
    la->cb = cb;
    la->aux = aux;
    msg = filter_client_msg(fc, dp_ifindex, OVS_FILTER_CMD_GET, NLM_F_DUMP,
                            0);
    err = msg ? transact(fc, msg, parse_list, la) : ENOMEM;
    free(la);
    return err;
}

static int
parse_verdict(struct nlmsghdr *nlh, void *verdict_)
{
    struct nlattr *a[OVS_FILTER_ATTR_MAX + 1];
    uint64_t *verdict = verdict_;

    if (!reply_attrs(nlh, a) || !a[OVS_FILTER_ATTR_VERDICT]) {
        return EPROTO;
    }
    *verdict = nla_get_u64(a[OVS_FILTER_ATTR_VERDICT]);
    return 0;
}

int
filter_client_run(struct filter_client *fc, int dp_ifindex, uint32_t id,
                  const void *packet, size_t len, uint64_t *verdict)
{
    struct nl_msg *msg = prog_msg(fc, dp_ifindex, OVS_FILTER_CMD_RUN,
                                  NLM_F_ACK, id, len + 64);

    if (!msg) {
        return ENOMEM;
    }
    if (nla_put(msg, OVS_FILTER_ATTR_PACKET, len, packet)) {
        nlmsg_free(msg);
        return EMSGSIZE;
    }
    *verdict = 0;
    return transact(fc, msg, parse_verdict, verdict);
}

static struct nl_msg *
map_msg(struct filter_client *fc, int dp_ifindex, uint8_t cmd, int flags,
        uint32_t id, uint32_t map_index, const char *map_name, size_t size)
{
    struct nl_msg *msg = prog_msg(fc, dp_ifindex, cmd, flags, id, size + 64);

    if (msg && (map_name
                ? nla_put_string(msg, OVS_FILTER_ATTR_MAP_NAME, map_name)
                : nla_put_u32(msg, OVS_FILTER_ATTR_MAP_INDEX, map_index))) {
        nlmsg_free(msg);
        return NULL;
    }
    return msg;
}

static int
put_entry(struct nl_msg *msg, const void *key, size_t key_len,
          const void *value, size_t value_len)
{
    struct nlattr *nest = nla_nest_start(msg, OVS_FILTER_ATTR_ENTRY);

    if (!nest
        || nla_put(msg, OVS_FILTER_ENTRY_ATTR_KEY, key_len, key)
        || (value
            && nla_put(msg, OVS_FILTER_ENTRY_ATTR_VALUE, value_len, value))) {
        return EMSGSIZE;
    }
    nla_nest_end(msg, nest);
    return 0;
}

/* A single-entry reply: copies the key or the value out. */
struct entry_out {
    void *buf;                  /* Destination. */
    size_t len;                 /* Its size. */
    int which;                  /* OVS_FILTER_ENTRY_ATTR_KEY or _VALUE. */
};

static int
parse_entry(struct nlmsghdr *nlh, void *eo_)
{
    struct nlattr *a[OVS_FILTER_ATTR_MAX + 1];
    struct nlattr *e[OVS_FILTER_ENTRY_ATTR_MAX + 1];
    struct entry_out *eo = eo_;

    if (!reply_attrs(nlh, a) || !a[OVS_FILTER_ATTR_ENTRY]
        || nla_parse_nested(e, OVS_FILTER_ENTRY_ATTR_MAX,
                            a[OVS_FILTER_ATTR_ENTRY], NULL)
        || !e[eo->which] || nla_len(e[eo->which]) != (int) eo->len) {
        return EPROTO;
    }
    memcpy(eo->buf, nla_data(e[eo->which]), eo->len);
    return 0;
}

int
filter_client_map_lookup(struct filter_client *fc, int dp_ifindex,
                         uint32_t id, uint32_t map_index,
                         const char *map_name, const void *key,
                         size_t key_len, void *value, size_t value_len)
{
    struct entry_out eo = { value, value_len, OVS_FILTER_ENTRY_ATTR_VALUE };
    struct nl_msg *msg = map_msg(fc, dp_ifindex, OVS_FILTER_CMD_MAP_LOOKUP,
                                 NLM_F_ACK, id, map_index, map_name,
                                 key_len);

    if (!msg) {
        return ENOMEM;
    }
    if (put_entry(msg, key, key_len, NULL, 0)) {
        nlmsg_free(msg);
        return EMSGSIZE;
    }
    return transact(fc, msg, parse_entry, &eo);
}

int
filter_client_map_update(struct filter_client *fc, int dp_ifindex,
                         uint32_t id, uint32_t map_index,
                         const char *map_name,
                         const struct filter_entry *entries, size_t n,
                         size_t key_len, size_t value_len, uint32_t flags)
{
    struct nl_msg *msg = map_msg(fc, dp_ifindex, OVS_FILTER_CMD_MAP_UPDATE,
                                 NLM_F_ACK, id, map_index, map_name,
                                 n * (key_len + value_len + 16) + 16);
    size_t i;

    if (!msg) {
        return ENOMEM;
    }
    if (flags && nla_put_u32(msg, OVS_FILTER_ATTR_UPDATE_FLAGS, flags)) {
        nlmsg_free(msg);
        return EMSGSIZE;
    }
    for (i = 0; i < n; i++) {
        if (put_entry(msg, entries[i].key, key_len, entries[i].value,
                      value_len)) {
            nlmsg_free(msg);
            return EMSGSIZE;
        }
    }
    return transact(fc, msg, NULL, NULL);
}

int
filter_client_map_delete(struct filter_client *fc, int dp_ifindex,
                         uint32_t id, uint32_t map_index,
                         const char *map_name, const void *key,
                         size_t key_len)
{
    struct nl_msg *msg = map_msg(fc, dp_ifindex, OVS_FILTER_CMD_MAP_DELETE,
                                 NLM_F_ACK, id, map_index, map_name,
                                 key_len);

    if (!msg) {
        return ENOMEM;
    }
    if (put_entry(msg, key, key_len, NULL, 0)) {
        nlmsg_free(msg);
        return EMSGSIZE;
    }
    return transact(fc, msg, NULL, NULL);
}

int
filter_client_map_get_next(struct filter_client *fc, int dp_ifindex,
                           uint32_t id, uint32_t map_index,
                           const char *map_name, const void *key,
                           size_t key_len, void *next_key)
{
    struct entry_out eo = { next_key, key_len, OVS_FILTER_ENTRY_ATTR_KEY };
    struct nl_msg *msg = map_msg(fc, dp_ifindex, OVS_FILTER_CMD_MAP_GET_NEXT,
                                 NLM_F_ACK, id, map_index, map_name,
                                 key_len);

    if (!msg) {
        return ENOMEM;
    }
    if (key && put_entry(msg, key, key_len, NULL, 0)) {
        nlmsg_free(msg);
        return EMSGSIZE;
    }
    return transact(fc, msg, parse_entry, &eo);
}

/* Map dump: calls back once per entry of every reply. */
struct dump_aux {
    void (*cb)(const void *, size_t, const void *, size_t, void *);
                                /* Callback. */
    void *aux;                  /* Its argument. */
};

static int
parse_dump(struct nlmsghdr *nlh, void *da_)
{
    struct dump_aux *da = da_;
    struct nlattr *nla;
    int rem;

    nlmsg_for_each_attr (nla, nlh, GENL_HDRLEN + sizeof(struct ovs_header),
                         rem) {
        struct nlattr *e[OVS_FILTER_ENTRY_ATTR_MAX + 1];
        struct nlattr *k, *v;

        if (nla_type(nla) != OVS_FILTER_ATTR_ENTRY) {
            continue;
        }
        if (nla_parse_nested(e, OVS_FILTER_ENTRY_ATTR_MAX, nla, NULL)
            || !e[OVS_FILTER_ENTRY_ATTR_KEY]) {
            return EPROTO;
        }
        k = e[OVS_FILTER_ENTRY_ATTR_KEY];
        v = e[OVS_FILTER_ENTRY_ATTR_VALUE];
        da->cb(nla_data(k), nla_len(k), v ? nla_data(v) : NULL,
               v ? nla_len(v) : 0, da->aux);
    }
    return 0;
}

int
filter_client_map_dump(struct filter_client *fc, int dp_ifindex,
                       uint32_t id, uint32_t map_index, const char *map_name,
                       void (*cb)(const void *key, size_t key_len,
                                  const void *value, size_t value_len,
                                  void *aux),
                       void *aux)
{
    struct dump_aux da = { cb, aux };
    struct nl_msg *msg = map_msg(fc, dp_ifindex, OVS_FILTER_CMD_MAP_DUMP,
                                 NLM_F_DUMP, id, map_index, map_name, 0);

    if (!msg) {
        return ENOMEM;
    }
    return transact(fc, msg, parse_dump, &da);
}
