/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * filter-tool: drives the kernel's "ovs_filter" family from the guest, for
 * tests/system/filter-*.sh.  Programs are built in (small hand-assembled
 * images), so the tests need neither clang nor the ELF loader.
 *
 *   filter-tool dp-add NAME [--ifindex N] | dp-del NAME
 *   filter-tool load DP ID PROG [-v] [--no-replace] [--log-size N]
 *   filter-tool del DP ID [--flush]
 *   filter-tool get DP ID | list DP
 *   filter-tool run DP ID HEXPACKET
 *   filter-tool map-update DP ID MAP KEYHEX VALHEX [KEYHEX VALHEX...]
 *   filter-tool map-lookup|map-delete|map-next DP ID MAP [KEYHEX]
 *   filter-tool map-dump DP ID MAP [--between SHELLCMD]
 *                       (--between: run SHELLCMD once the first entry is
 *                       in, while the kernel holds the rest of the dump)
 *   filter-tool raw DP CASE      malformed requests (see raw_cases)
 *   filter-tool port-add DP IFNAME
 *   filter-tool send IFNAME HEXFRAME COUNT      (AF_PACKET)
 *   filter-tool tap-send TAP HDRLEN HEXFRAME COUNT
 *                       (into a tap, IFF_VNET_HDR with hdr_len HDRLEN)
 *   filter-tool flow-put DP INPORT CHAIN [--mask-chain|--bad-mask]
 *                                    [--ufid HEX] [--create] [--vlan VID]
 *   filter-tool flow-get|flow-del DP INPORT CHAIN [--vlan VID]
 *   filter-tool flow-dump DP
 *
 * CHAIN is "-" (none) or "ID=VERDICT,...", e.g. "3=1,2=0".  Flows match
 * on the input port only (Ethernet addresses and type wildcarded) and drop;
 * the kernel matches untagged frames then, or, with --vlan, frames with an
 * 802.1Q tag of that VLAN id (priority 0; inner type wildcarded).
 *
 * DP is a datapath name; MAP a map index or, if not a number, a map name.
 * On failure prints "error: ERRNO-NAME: extack message" and exits 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/openvswitch.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "filter-client.h"

#define INSN(c, d, s, o, i) \
    ((struct bpf_insn) { .code = (c), .dst_reg = (d), .src_reg = (s), \
                         .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)   INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)   INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)   INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o)  INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)  INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, i)   INSN(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define JMP_IMM(op, d, i, o) INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JA(o)             INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(f)           INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()            INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_MAP(d, idx)    INSN(BPF_LD | BPF_IMM | BPF_DW, d, \
                               BPF_PSEUDO_MAP_FD, 0, idx), INSN(0, 0, 0, 0, 0)
#define ATOMIC_ADD64(d, s, o) \
    INSN(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, o, BPF_ADD)

/* Returns 1. */
static const struct bpf_insn prog_accept[] = {
    MOV64_IMM(0, 1), EXIT(),
};

/* Returns 0. */
static const struct bpf_insn prog_reject[] = {
    MOV64_IMM(0, 0), EXIT(),
};

/* Match IPv4 frames: EtherType 0x0800 (reads 14 bytes). */
static const struct bpf_insn prog_ipv4[] = {
    JMP_IMM(BPF_JLT, 2, 14, 4),
    LDX(BPF_H, 3, 1, 12),
    JMP_IMM(BPF_JNE, 3, 0x0008, 2),
    MOV64_IMM(0, 1), EXIT(),
    MOV64_IMM(0, 0), EXIT(),
};

/* Count runs in counts[0] (array of u64); match. */
static const struct bpf_insn prog_counter[] = {
    ST(BPF_W, 10, -4, 0),
    MOV64_REG(2, 10), ADD64_IMM(2, -4),
    LD_MAP(1, 0),
    CALL(1),
    JMP_IMM(BPF_JEQ, 0, 0, 2),
    MOV64_IMM(1, 1),
    ATOMIC_ADD64(0, 1, 0),
    MOV64_IMM(0, 1), EXIT(),
};

/* hosts[first 4 bytes of the frame] (hash u32 -> u64) is the verdict. */
static const struct bpf_insn prog_hash[] = {
    JMP_IMM(BPF_JLT, 2, 4, 10),
    LDX(BPF_W, 3, 1, 0),
    STX(BPF_W, 10, 3, -4),
    MOV64_REG(2, 10), ADD64_IMM(2, -4),
    LD_MAP(1, 0),
    CALL(1),
    JMP_IMM(BPF_JEQ, 0, 0, 2),
    LDX(BPF_DW, 0, 0, 0), EXIT(),
    MOV64_IMM(0, 0), EXIT(),
};

/* Division and modulo by a zero register: 0, 7 and a zero-extended
 * 32-bit remainder; returns 0 + 7 + 0xf = 22 on every engine. */
#define ALU_REG(cls, op, d, s) INSN((cls) | (op) | BPF_X, d, s, 0, 0)
static const struct bpf_insn prog_div[] = {
    MOV64_REG(0, 2),
    MOV64_IMM(3, 0),
    ALU_REG(BPF_ALU64, BPF_DIV, 0, 3),
    MOV64_IMM(4, 7),
    ALU_REG(BPF_ALU64, BPF_MOD, 4, 3),
    ALU_REG(BPF_ALU64, BPF_ADD, 0, 4),
    MOV64_IMM(5, -1),
    ALU_REG(BPF_ALU, BPF_MOD, 5, 3),
    INSN(BPF_ALU64 | BPF_RSH | BPF_K, 5, 0, 0, 28),
    ALU_REG(BPF_ALU64, BPF_ADD, 0, 5),
    MOV64_IMM(6, 9),
    ALU_REG(BPF_ALU, BPF_DIV, 6, 3),
    ALU_REG(BPF_ALU64, BPF_ADD, 0, 6),
    EXIT(),
};

/* Reads byte 20 without a length check: the verifier must refuse it. */
static const struct bpf_insn prog_oob[] = {
    LDX(BPF_B, 0, 1, 20), EXIT(),
};

/* Never terminates: the verifier must refuse it. */
static const struct bpf_insn prog_loop[] = {
    MOV64_IMM(0, 0), JA(-1), EXIT(),
};

static const struct sbpf_map_def counter_maps[] = {
    { .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
      .max_entries = 4, .name = "counts" },
};

static const struct sbpf_map_def hash_maps[] = {
    { .type = SBPF_MAP_HASH, .key_size = 4, .value_size = 8,
      .max_entries = 16, .name = "hosts" },
};

/* A 160000-byte array with initial data: the image exceeds 64 KiB. */
#define BIG_ENTRIES 20000
static const struct sbpf_map_def big_maps[] = {
    { .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
      .max_entries = BIG_ENTRIES, .name = "big" },
};

struct builtin {
    const char *name;
    const struct bpf_insn *insns;
    size_t n_insns;
    const struct sbpf_map_def *maps;
    size_t n_maps;
    bool big_init;
};

#define N(a) (sizeof a / sizeof a[0])
#define BUILTIN(n, i, m, b) { n, i, N(i), m, N(m), b }
static const struct builtin builtins[] = {
    { "accept", prog_accept, N(prog_accept), NULL, 0, false },
    { "reject", prog_reject, N(prog_reject), NULL, 0, false },
    { "ipv4", prog_ipv4, N(prog_ipv4), NULL, 0, false },
    BUILTIN("counter", prog_counter, counter_maps, false),
    BUILTIN("hash", prog_hash, hash_maps, false),
    BUILTIN("big", prog_accept, big_maps, true),
    { "div", prog_div, N(prog_div), NULL, 0, false },
    { "oob", prog_oob, N(prog_oob), NULL, 0, false },
    { "loop", prog_loop, N(prog_loop), NULL, 0, false },
};

static struct filter_client *fc;

static void
fail(int err)
{
    const char *msg = fc ? filter_client_error(fc) : "";

    printf("error: %s: %s\n", strerrorname_np(err) ? strerrorname_np(err)
                                                   : "?", msg);
    exit(1);
}

static int
dp_index(const char *name)
{
    int idx = if_nametoindex(name);

    if (!idx) {
        fprintf(stderr, "no datapath %s\n", name);
        exit(2);
    }
    return idx;
}

static size_t
hex_decode(const char *hex, uint8_t **out)
{
    size_t n = strlen(hex) / 2, i;

    *out = calloc(1, n + 1);
    for (i = 0; i < n; i++) {
        unsigned int b;

        if (sscanf(hex + 2 * i, "%2x", &b) != 1) {
            fprintf(stderr, "bad hex: %s\n", hex);
            exit(2);
        }
        (*out)[i] = b;
    }
    return n;
}

static void
hex_print(const void *p_, size_t n)
{
    const uint8_t *p = p_;
    size_t i;

    for (i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
}

static void
print_prog(const struct filter_prog_info *info, void *aux)
{
    uint32_t i;

    (void) aux;
    printf("prog %"PRIu32" name=%s insns=%"PRIu32" jited=%d "
           "max_pkt_read=%"PRIu32" runs=%"PRIu64" matches=%"PRIu64
           " flow_refs=%"PRIu32" maps=%"PRIu32, info->id, info->name,
           info->n_insns, info->jited, info->max_pkt_read, info->runs,
           info->matches, info->flow_refs, info->n_maps);
    for (i = 0; i < info->n_maps; i++) {
        const struct sbpf_map_def *d = &info->maps[i].def;

        printf(" [%"PRIu32":%s type=%"PRIu32" key=%"PRIu32" value=%"PRIu32
               " max=%"PRIu32"]", i, d->name, d->type, d->key_size,
               d->value_size, d->max_entries);
    }
    printf("\n");
}

/* Map operations need the map's sizes: ask the kernel. */
static const struct sbpf_map_def *
map_def(int dp, uint32_t id, const char *map, uint32_t *index,
        const char **name)
{
    static struct filter_prog_info info;
    char *end;
    uint32_t i;
    int err;

    err = filter_client_get(fc, dp, id, &info);
    if (err) {
        fail(err);
    }
    i = strtoul(map, &end, 0);
    *name = NULL;
    *index = i;
    if (*end) {
        *name = map;
        for (i = 0; i < info.n_maps; i++) {
            if (!strcmp(info.maps[i].def.name, map)) {
                return &info.maps[i].def;
            }
        }
        /* Let the kernel refuse the name. */
        static struct sbpf_map_def none = { .key_size = 4, .value_size = 8 };
        return &none;
    }
    if (i < info.n_maps) {
        return &info.maps[i].def;
    }
    static struct sbpf_map_def none = { .key_size = 4, .value_size = 8 };
    return &none;
}

static void
print_entry(const void *k, size_t kl, const void *v, size_t vl, void *aux)
{
    (void) aux;
    printf("key ");
    hex_print(k, kl);
    if (v) {
        printf(" value ");
        hex_print(v, vl);
    }
    printf("\n");
}

/* map-dump --between: prints as print_entry(), and runs the command
 * (aux) at the first entry, between two parts of a multi-part dump. */
static void
print_entry_between(const void *k, size_t kl, const void *v, size_t vl,
                    void *aux)
{
    const char **cmd = aux;

    print_entry(k, kl, v, vl, NULL);
    if (*cmd) {
        fflush(stdout);
        if (system(*cmd)) {
            printf("between: '%s' failed\n", *cmd);
        }
        printf("between: done\n");
        *cmd = NULL;
    }
}

/* Raw requests for the error-path tests. */
static struct nl_msg *
raw_load_base(int dp, uint32_t id)
{
    struct nl_msg *msg = filter_client_msg(fc, dp, OVS_FILTER_CMD_LOAD,
                                           NLM_F_ACK, 300000);

    nla_put_u32(msg, OVS_FILTER_ATTR_ID, id);
    nla_put_string(msg, OVS_FILTER_ATTR_NAME, "raw");
    return msg;
}

static void
put_array_map(struct nl_msg *msg, uint32_t type, uint32_t entries)
{
    struct nlattr *n = nla_nest_start(msg, OVS_FILTER_ATTR_MAP);

    nla_put_u32(msg, OVS_FILTER_MAP_ATTR_TYPE, type);
    nla_put_u32(msg, OVS_FILTER_MAP_ATTR_KEY_SIZE, 4);
    nla_put_u32(msg, OVS_FILTER_MAP_ATTR_VALUE_SIZE, 8);
    nla_put_u32(msg, OVS_FILTER_MAP_ATTR_MAX_ENTRIES, entries);
    nla_nest_end(msg, n);
}

static void
put_chunk(struct nl_msg *msg, uint32_t index, uint32_t off, uint32_t len)
{
    struct nlattr *n = nla_nest_start(msg, OVS_FILTER_ATTR_MAP_DATA);
    uint8_t *buf = calloc(1, len + 1);

    nla_put_u32(msg, OVS_FILTER_DATA_ATTR_INDEX, index);
    nla_put_u32(msg, OVS_FILTER_DATA_ATTR_OFFSET, off);
    nla_put(msg, OVS_FILTER_DATA_ATTR_BYTES, len, buf);
    nla_nest_end(msg, n);
    free(buf);
}

static int
raw(int dp, const char *name)
{
    struct nl_msg *msg;
    static struct bpf_insn many[4097];
    int i;

    for (i = 0; i < 4097; i++) {
        many[i] = MOV64_IMM(0, 1);
    }
    many[4095] = EXIT();

    if (!strcmp(name, "insns-odd")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, 12, prog_accept);
    } else if (!strcmp(name, "insns-empty")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, 0, NULL);
    } else if (!strcmp(name, "insns-oversize")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof many, many);
    } else if (!strcmp(name, "no-insns")) {
        msg = raw_load_base(dp, 50);
    } else if (!strcmp(name, "no-id")) {
        msg = filter_client_msg(fc, dp, OVS_FILTER_CMD_LOAD, NLM_F_ACK, 64);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
    } else if (!strcmp(name, "short-id")) {
        uint16_t id = 50;

        msg = filter_client_msg(fc, dp, OVS_FILTER_CMD_LOAD, NLM_F_ACK, 64);
        nla_put(msg, OVS_FILTER_ATTR_ID, sizeof id, &id);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
    } else if (!strcmp(name, "unknown-attr")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        nla_put_u32(msg, 200, 1);
    } else if (!strcmp(name, "reply-attr")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        nla_put_u64(msg, OVS_FILTER_ATTR_VERDICT, 1);
    } else if (!strcmp(name, "long-name")) {
        msg = filter_client_msg(fc, dp, OVS_FILTER_CMD_LOAD, NLM_F_ACK, 64);
        nla_put_u32(msg, OVS_FILTER_ATTR_ID, 50);
        nla_put_string(msg, OVS_FILTER_ATTR_NAME,
                       "a-name-that-is-longer-than-31-bytes");
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
    } else if (!strcmp(name, "trailing")) {
        struct nlmsghdr *nlh;

        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        nlh = nlmsg_hdr(msg);
        memset((char *) nlh + nlh->nlmsg_len, 0xff, 3);
        nlh->nlmsg_len += 3;
    } else if (!strcmp(name, "bad-map-type")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        put_array_map(msg, 9, 4);
    } else if (!strcmp(name, "map-no-entries")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        put_array_map(msg, SBPF_MAP_ARRAY, 0);
    } else if (!strcmp(name, "too-many-maps")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        for (i = 0; i < 65; i++) {
            put_array_map(msg, SBPF_MAP_ARRAY, 1);
        }
    } else if (!strcmp(name, "chunk-gap")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        put_array_map(msg, SBPF_MAP_ARRAY, 8);
        put_chunk(msg, 0, 8, 8);
    } else if (!strcmp(name, "chunk-past-end")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        put_array_map(msg, SBPF_MAP_ARRAY, 8);
        put_chunk(msg, 0, 0, 72);
    } else if (!strcmp(name, "chunk-incomplete")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        put_array_map(msg, SBPF_MAP_ARRAY, 8);
        put_chunk(msg, 0, 0, 32);
    } else if (!strcmp(name, "chunk-no-map")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        put_chunk(msg, 3, 0, 8);
    } else if (!strcmp(name, "chunk-hash")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        put_array_map(msg, SBPF_MAP_HASH, 8);
        put_chunk(msg, 0, 0, 8);
    } else if (!strcmp(name, "chunk-oversize")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        put_array_map(msg, SBPF_MAP_ARRAY, 8192);
        put_chunk(msg, 0, 0, OVS_FILTER_DATA_CHUNK + 8);
    } else if (!strcmp(name, "log-oversize")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        nla_put_u32(msg, OVS_FILTER_ATTR_LOG_SIZE, 70000);
    } else if (!strcmp(name, "bad-flags")) {
        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        nla_put_u32(msg, OVS_FILTER_ATTR_FLAGS, 0x80);
    } else if (!strcmp(name, "bad-dp")) {
        msg = filter_client_msg(fc, 999999, OVS_FILTER_CMD_LOAD, NLM_F_ACK,
                                64);
        nla_put_u32(msg, OVS_FILTER_ATTR_ID, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
    } else if (!strcmp(name, "reserved-hdr")) {
        struct genlmsghdr *g;

        msg = raw_load_base(dp, 50);
        nla_put(msg, OVS_FILTER_ATTR_INSNS, sizeof prog_accept, prog_accept);
        g = nlmsg_data(nlmsg_hdr(msg));
        g->reserved = 1;
    } else if (!strcmp(name, "run-empty-packet")) {
        msg = filter_client_msg(fc, dp, OVS_FILTER_CMD_RUN, NLM_F_ACK, 64);
        nla_put_u32(msg, OVS_FILTER_ATTR_ID, 1);
        nla_put(msg, OVS_FILTER_ATTR_PACKET, 0, NULL);
    } else if (!strcmp(name, "entry-key-size")) {
        struct nlattr *n;
        uint16_t k = 0;

        msg = filter_client_msg(fc, dp, OVS_FILTER_CMD_MAP_LOOKUP,
                                NLM_F_ACK, 64);
        nla_put_u32(msg, OVS_FILTER_ATTR_ID, 3);
        nla_put_u32(msg, OVS_FILTER_ATTR_MAP_INDEX, 0);
        n = nla_nest_start(msg, OVS_FILTER_ATTR_ENTRY);
        nla_put(msg, OVS_FILTER_ENTRY_ATTR_KEY, sizeof k, &k);
        nla_nest_end(msg, n);
    } else if (!strcmp(name, "update-batch-bad")) {
        /* Two good entries then a short value: nothing may change. */
        uint32_t k0 = 0, k1 = 1;
        uint64_t v = 77;
        struct nlattr *n;

        msg = filter_client_msg(fc, dp, OVS_FILTER_CMD_MAP_UPDATE,
                                NLM_F_ACK, 256);
        nla_put_u32(msg, OVS_FILTER_ATTR_ID, 3);
        nla_put_u32(msg, OVS_FILTER_ATTR_MAP_INDEX, 0);
        for (i = 0; i < 3; i++) {
            n = nla_nest_start(msg, OVS_FILTER_ATTR_ENTRY);
            nla_put(msg, OVS_FILTER_ENTRY_ATTR_KEY, 4, i ? &k1 : &k0);
            nla_put(msg, OVS_FILTER_ENTRY_ATTR_VALUE, i == 2 ? 4 : 8, &v);
            nla_nest_end(msg, n);
        }
    } else if (!strcmp(name, "map-dump-3") || !strcmp(name, "map-dump-77")) {
        /* A map dump of program 3 (or 77) map 0 on DP, as is. */
        msg = filter_client_msg(fc, dp, OVS_FILTER_CMD_MAP_DUMP,
                                NLM_F_DUMP, 64);
        nla_put_u32(msg, OVS_FILTER_ATTR_ID, name[9] == '3' ? 3 : 77);
        nla_put_u32(msg, OVS_FILTER_ATTR_MAP_INDEX, 0);
    } else {
        fprintf(stderr, "unknown raw case %s\n", name);
        return 2;
    }
    i = filter_client_transact(fc, msg, NULL, NULL);
    if (i) {
        fail(i);
    }
    printf("ok\n");
    return 0;
}


/* ------------------------------------------------------------ flows -- */

/* A request to one of the other OVS families, through the client. */
static int
ovs_request(const char *family_name, int version, uint8_t cmd, int flags,
            int dp, void (*build)(struct nl_msg *, void *),
            int (*parse)(struct nlmsghdr *, void *), void *aux)
{
    int family = filter_client_resolve(fc, family_name);
    struct ovs_header *hdr;
    struct nl_msg *msg;

    if (family < 0) {
        return ENOENT;
    }
    msg = nlmsg_alloc_size(65536);
    hdr = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, sizeof *hdr,
                      flags, cmd, version);
    hdr->dp_ifindex = dp;
    build(msg, aux);
    return filter_client_transact(fc, msg, parse, aux);
}

struct port_args {
    const char *name;
    uint32_t port_no;
};

static void
build_port(struct nl_msg *msg, void *pa_)
{
    struct port_args *pa = pa_;
    uint32_t pid = 0;

    nla_put_u32(msg, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_NETDEV);
    nla_put_string(msg, OVS_VPORT_ATTR_NAME, pa->name);
    nla_put(msg, OVS_VPORT_ATTR_UPCALL_PID, sizeof pid, &pid);
}

static int
parse_port(struct nlmsghdr *nlh, void *pa_)
{
    struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
    struct port_args *pa = pa_;

    if (!genlmsg_parse(nlh, sizeof(struct ovs_header), a,
                       OVS_VPORT_ATTR_MAX, NULL)
        && a[OVS_VPORT_ATTR_PORT_NO]) {
        pa->port_no = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
    }
    return 0;
}

static int
send_frames(const char *ifname, const char *hex, int count)
{
    struct sockaddr_ll sll = { .sll_family = AF_PACKET };
    uint8_t *frame;
    size_t len = hex_decode(hex, &frame);
    int fd = socket(AF_PACKET, SOCK_RAW, 0);
    int i;

    sll.sll_ifindex = if_nametoindex(ifname);
    sll.sll_halen = 6;
    if (fd < 0 || !sll.sll_ifindex) {
        perror("send");
        return 1;
    }
    for (i = 0; i < count; i++) {
        if (sendto(fd, frame, len, 0, (struct sockaddr *) &sll,
                   sizeof sll) != (ssize_t) len) {
            perror("sendto");
            return 1;
        }
    }
    close(fd);
    printf("ok\n");
    return 0;
}

/* Writes a frame into tap 'ifname' (which the kernel then receives) with a
 * virtio_net_hdr whose hdr_len is 'hdr_len': for a frame over a page, tun
 * puts only 'hdr_len' bytes in the skb's linear area and the rest in page
 * fragments.  The file stays blocking, so tun does not build a linear skb
 * around the frame instead. */
static int
tap_send(const char *ifname, int hdr_len, const char *hex, int count)
{
    struct virtio_net_hdr vh = { .gso_type = VIRTIO_NET_HDR_GSO_NONE,
                                 .hdr_len = hdr_len };
    struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
    uint8_t *frame;
    size_t len = hex_decode(hex, &frame);
    int fd = open("/dev/net/tun", O_RDWR);
    int i;

    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr)) {
        perror("tap-send");
        return 1;
    }
    for (i = 0; i < count; i++) {
        struct iovec iov[2] = { { &vh, sizeof vh }, { frame, len } };

        if (writev(fd, iov, 2) != (ssize_t) (sizeof vh + len)) {
            perror("tap-send: writev");
            return 1;
        }
    }
    close(fd);
    free(frame);
    printf("ok\n");
    return 0;
}

struct flow_args {
    uint32_t in_port;
    struct ovs_filter_link links[16];
    int n_links;
    bool mask_chain;
    bool bad_mask;
    bool key_only;              /* get/del: key attribute only */
    const char *ufid;
    int vlan;                   /* VLAN id, or -1: untagged. */
    /* Reply. */
    int n_flows;
};

static void
parse_chain(const char *s, struct flow_args *fa)
{
    fa->n_links = 0;
    if (!strcmp(s, "-")) {
        return;
    }
    while (*s) {
        unsigned int id, v;
        int n;

        if (sscanf(s, "%u=%u%n", &id, &v, &n) != 2) {
            fprintf(stderr, "bad chain %s\n", s);
            exit(2);
        }
        fa->links[fa->n_links].prog_id = id;
        fa->links[fa->n_links].verdict = v;
        fa->n_links++;
        s += n;
        if (*s == ',') {
            s++;
        }
    }
}

static void
put_chain(struct nl_msg *msg, const struct flow_args *fa, bool mask)
{
    struct nlattr *n;
    int i;

    if (!fa->n_links) {
        return;
    }
    n = nla_nest_start(msg, OVS_KEY_ATTR_FILTER_PROG);
    for (i = 0; i < fa->n_links; i++) {
        struct ovs_filter_link l = fa->links[i];

        if (mask) {
            l.prog_id = fa->bad_mask ? 0xff : UINT32_MAX;
            l.verdict = UINT32_MAX;
        }
        nla_put(msg, OVS_FILTER_CHAIN_ATTR_LINK, sizeof l, &l);
    }
    nla_nest_end(msg, n);
}

/* An 802.1Q tag: TPID, TCI with the "tag present" bit (VLAN_CFI), and an
 * encapsulation with no inner type (the key) and a zero inner type mask
 * (the kernel skips all-zero mask attributes, so an empty mask nest would
 * be no nest at all). */
static void
put_vlan(struct nl_msg *msg, const struct flow_args *fa, bool mask)
{
    struct nlattr *n;

    if (fa->vlan < 0) {
        return;
    }
    nla_put_u16(msg, OVS_KEY_ATTR_ETHERTYPE, mask ? 0xffff : htons(0x8100));
    nla_put_u16(msg, OVS_KEY_ATTR_VLAN,
                mask ? 0xffff : htons(0x1000 | fa->vlan));
    if (mask) {
        n = nla_nest_start(msg, OVS_KEY_ATTR_ENCAP);
        nla_put_u16(msg, OVS_KEY_ATTR_ETHERTYPE, 0);
        nla_nest_end(msg, n);
    } else {
        /* libnl drops an empty nest: put it raw. */
        nla_put(msg, OVS_KEY_ATTR_ENCAP, 0, NULL);
    }
}

static void
build_flow(struct nl_msg *msg, void *fa_)
{
    struct flow_args *fa = fa_;
    struct ovs_key_ethernet eth;
    struct nlattr *n;

    memset(&eth, 0, sizeof eth);
    if (fa->ufid) {
        uint8_t *ufid;
        size_t len = hex_decode(fa->ufid, &ufid);

        nla_put(msg, OVS_FLOW_ATTR_UFID, len, ufid);
    }
    n = nla_nest_start(msg, OVS_FLOW_ATTR_KEY);
    nla_put_u32(msg, OVS_KEY_ATTR_IN_PORT, fa->in_port);
    nla_put(msg, OVS_KEY_ATTR_ETHERNET, sizeof eth, &eth);
    put_vlan(msg, fa, false);
    put_chain(msg, fa, false);
    nla_nest_end(msg, n);
    if (fa->key_only) {
        return;
    }
    n = nla_nest_start(msg, OVS_FLOW_ATTR_MASK);
    nla_put_u32(msg, OVS_KEY_ATTR_IN_PORT, UINT32_MAX);
    nla_put(msg, OVS_KEY_ATTR_ETHERNET, sizeof eth, &eth);
    put_vlan(msg, fa, true);
    if (fa->mask_chain || fa->bad_mask) {
        put_chain(msg, fa, true);
    }
    nla_nest_end(msg, n);
    /* No actions: drop.  (libnl drops an empty nest, so put it raw.) */
    nla_put(msg, OVS_FLOW_ATTR_ACTIONS, 0, NULL);
}

static void
build_none(struct nl_msg *msg, void *aux)
{
    (void) msg;
    (void) aux;
}

static void
print_chain_attr(const char *what, const struct nlattr *nest)
{
    struct nlattr *k;
    int rem, first = 1;

    nla_for_each_nested (k, nest, rem) {
        if (nla_type(k) == OVS_KEY_ATTR_FILTER_PROG) {
            struct nlattr *l;
            int rem2;

            printf(" %s=", what);
            nla_for_each_nested (l, k, rem2) {
                const struct ovs_filter_link *link = nla_data(l);

                printf("%s%"PRIu32"=%"PRIu32, first ? "" : ",",
                       link->prog_id, link->verdict);
                first = 0;
            }
        } else if (nla_type(k) == OVS_KEY_ATTR_IN_PORT
                   && !strcmp(what, "chain")) {
            printf(" in_port=%"PRIu32, nla_get_u32(k));
        }
    }
    if (first) {
        printf(" %s=-", what);
    }
}

static int
parse_flow(struct nlmsghdr *nlh, void *fa_)
{
    struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
    struct flow_args *fa = fa_;

    if (genlmsg_parse(nlh, sizeof(struct ovs_header), a,
                      OVS_FLOW_ATTR_MAX, NULL)) {
        return EPROTO;
    }
    printf("flow");
    if (a[OVS_FLOW_ATTR_KEY]) {
        print_chain_attr("chain", a[OVS_FLOW_ATTR_KEY]);
    }
    if (a[OVS_FLOW_ATTR_MASK]) {
        print_chain_attr("mask", a[OVS_FLOW_ATTR_MASK]);
    }
    if (a[OVS_FLOW_ATTR_STATS]) {
        struct ovs_flow_stats st;

        memcpy(&st, nla_data(a[OVS_FLOW_ATTR_STATS]), sizeof st);
        printf(" packets=%"PRIu64, (uint64_t) st.n_packets);
    } else {
        printf(" packets=0");
    }
    printf("\n");
    fa->n_flows++;
    return 0;
}

static int
flow_cmd(const char *cmd, int dp, int argc, char **argv)
{
    struct flow_args fa;
    int i, err, flags = NLM_F_ACK;

    memset(&fa, 0, sizeof fa);
    fa.vlan = -1;
    if (!strcmp(cmd, "flow-dump")) {
        err = ovs_request(OVS_FLOW_FAMILY, OVS_FLOW_VERSION, OVS_FLOW_CMD_GET,
                          NLM_F_DUMP, dp, build_none, parse_flow, &fa);
        if (!err) {
            printf("flows %d\n", fa.n_flows);
        }
        return err;
    }
    if (argc < 2) {
        fprintf(stderr, "flow command needs INPORT CHAIN\n");
        exit(2);
    }
    fa.in_port = strtoul(argv[0], NULL, 0);
    parse_chain(argv[1], &fa);
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--mask-chain")) {
            fa.mask_chain = true;
        } else if (!strcmp(argv[i], "--bad-mask")) {
            fa.bad_mask = true;
        } else if (!strcmp(argv[i], "--create")) {
            flags |= NLM_F_CREATE;
        } else if (!strcmp(argv[i], "--ufid") && i + 1 < argc) {
            fa.ufid = argv[++i];
        } else if (!strcmp(argv[i], "--vlan") && i + 1 < argc) {
            fa.vlan = strtoul(argv[++i], NULL, 0) & 0xfff;
        }
    }
    if (!strcmp(cmd, "flow-put")) {
        return ovs_request(OVS_FLOW_FAMILY, OVS_FLOW_VERSION,
                           OVS_FLOW_CMD_NEW, flags, dp, build_flow, NULL,
                           &fa);
    }
    fa.key_only = true;
    if (!strcmp(cmd, "flow-get")) {
        return ovs_request(OVS_FLOW_FAMILY, OVS_FLOW_VERSION,
                           OVS_FLOW_CMD_GET, flags, dp, build_flow,
                           parse_flow, &fa);
    }
    if (!strcmp(cmd, "flow-del")) {
        return ovs_request(OVS_FLOW_FAMILY, OVS_FLOW_VERSION,
                           OVS_FLOW_CMD_DEL, flags, dp, build_flow, NULL,
                           &fa);
    }
    fprintf(stderr, "bad flow command\n");
    exit(2);
}

static int
load(int dp, uint32_t id, const char *prog, int argc, char **argv)
{
    struct filter_load_opts opts = { .log_level = 1 };
    struct filter_prog_info info;
    const struct builtin *b = NULL;
    struct sbpf_image img;
    const void *init[1] = { NULL };
    uint64_t *big = NULL;
    char *log = NULL;
    size_t i;
    int err;

    for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        if (!strcmp(builtins[i].name, prog)) {
            b = &builtins[i];
        }
    }
    if (!b) {
        fprintf(stderr, "unknown program %s\n", prog);
        return 2;
    }
    for (i = 0; i < (size_t) argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            opts.log_level = 2;
            opts.log_size = 65000;
        } else if (!strcmp(argv[i], "--no-replace")) {
            opts.no_replace = true;
        } else if (!strcmp(argv[i], "--log-size") && i + 1 < (size_t) argc) {
            opts.log_size = atoi(argv[++i]);
        }
    }
    memset(&img, 0, sizeof img);
    snprintf(img.name, sizeof img.name, "%s", b->name);
    img.insns = b->insns;
    img.n_insns = b->n_insns;
    img.maps = b->maps;
    img.n_maps = b->n_maps;
    img.license = "GPL";
    if (b->big_init) {
        big = calloc(BIG_ENTRIES, sizeof *big);
        for (i = 0; i < BIG_ENTRIES; i++) {
            big[i] = i;
        }
        init[0] = big;
        img.init_data = init;
    }
    err = filter_client_load(fc, dp, id, &img, &opts, &info, &log);
    free(big);
    if (log && *log) {
        printf("log: %s%s", log, log[strlen(log) - 1] == '\n' ? "" : "\n");
    }
    free(log);
    if (err) {
        fail(err);
    }
    print_prog(&info, NULL);
    return 0;
}

static int
dp_cmd(const char *name, uint8_t cmd, int ifindex)
{
    struct nl_sock *sk = nl_socket_alloc();
    struct nl_msg *msg;
    int family, err;

    if (genl_connect(sk)) {
        return 1;
    }
    family = genl_ctrl_resolve(sk, OVS_DATAPATH_FAMILY);
    if (family < 0) {
        fprintf(stderr, "no %s family\n", OVS_DATAPATH_FAMILY);
        return 1;
    }
    msg = nlmsg_alloc();
    struct ovs_header *hdr = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ,
                                         family, sizeof *hdr, NLM_F_ACK,
                                         cmd, OVS_DATAPATH_VERSION);
    hdr->dp_ifindex = 0;
    nla_put_string(msg, OVS_DP_ATTR_NAME, name);
    if (cmd == OVS_DP_CMD_NEW) {
        nla_put_u32(msg, OVS_DP_ATTR_UPCALL_PID, 0);
        if (ifindex) {
            nla_put_s32(msg, OVS_DP_ATTR_IFINDEX, ifindex);
        }
    }
    err = nl_send_sync(sk, msg);
    nl_socket_free(sk);
    if (err) {
        printf("error: %s\n", nl_geterror(err));
        return 1;
    }
    printf("ok\n");
    return 0;
}

int
main(int argc, char *argv[])
{
    const char *cmd = argc > 1 ? argv[1] : "";
    uint32_t id = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;
    int dp, err;

    if (argc < 3) {
        fprintf(stderr, "usage: see the comment at the top of the source\n");
        return 2;
    }
    if (!strcmp(cmd, "dp-add")) {
        return dp_cmd(argv[2], OVS_DP_CMD_NEW,
                      argc == 5 && !strcmp(argv[3], "--ifindex")
                      ? atoi(argv[4]) : 0);
    } else if (!strcmp(cmd, "dp-del")) {
        return dp_cmd(argv[2], OVS_DP_CMD_DEL, 0);
    }
    if (!strcmp(cmd, "send") && argc == 5) {
        return send_frames(argv[2], argv[3], atoi(argv[4]));
    }
    if (!strcmp(cmd, "tap-send") && argc == 6) {
        return tap_send(argv[2], atoi(argv[3]), argv[4], atoi(argv[5]));
    }
    err = filter_client_open(&fc);
    if (err) {
        fail(err);
    }
    dp = dp_index(argv[2]);

    if (!strcmp(cmd, "port-add") && argc == 4) {
        struct port_args pa = { .name = argv[3] };

        err = ovs_request(OVS_VPORT_FAMILY, OVS_VPORT_VERSION,
                          OVS_VPORT_CMD_NEW, NLM_F_ACK | NLM_F_ECHO, dp,
                          build_port,
                          parse_port, &pa);
        if (!err) {
            printf("port %"PRIu32"\n", pa.port_no);
        }
    } else if (!strncmp(cmd, "flow-", 5)) {
        err = flow_cmd(cmd, dp, argc - 3, argv + 3);
        if (!err && strcmp(cmd, "flow-get") && strcmp(cmd, "flow-dump")) {
            printf("ok\n");
        }
    } else

    if (!strcmp(cmd, "raw") && argc == 4) {
        return raw(dp, argv[3]);
    } else if (!strcmp(cmd, "load") && argc >= 5) {
        return load(dp, id, argv[4], argc - 5, argv + 5);
    } else if (!strcmp(cmd, "del") && argc >= 4) {
        err = filter_client_delete(fc, dp, id,
                                   argc > 4 && !strcmp(argv[4], "--flush"));
    } else if (!strcmp(cmd, "get") && argc == 4) {
        struct filter_prog_info info;

        err = filter_client_get(fc, dp, id, &info);
        if (!err) {
            print_prog(&info, NULL);
        }
    } else if (!strcmp(cmd, "list") && argc == 3) {
        err = filter_client_list(fc, dp, print_prog, NULL);
    } else if (!strcmp(cmd, "run") && argc == 5) {
        uint64_t verdict;
        uint8_t *pkt;
        size_t len = hex_decode(argv[4], &pkt);

        err = filter_client_run(fc, dp, id, pkt, len, &verdict);
        if (!err) {
            printf("verdict %"PRIu64"\n", verdict);
        }
    } else if (!strncmp(cmd, "map-", 4) && argc >= 5) {
        const struct sbpf_map_def *def;
        const char *name;
        uint32_t index;
        uint8_t *key = NULL, *val;

        def = map_def(dp, id, argv[4], &index, &name);
        if (argc > 5 && strncmp(argv[5], "--", 2)) {
            hex_decode(argv[5], &key);
        }
        if (!strcmp(cmd, "map-update") && argc >= 7 && argc % 2 == 1) {
            size_t n = (argc - 5) / 2, i;
            struct filter_entry *e = calloc(n, sizeof *e);

            for (i = 0; i < n; i++) {
                hex_decode(argv[5 + 2 * i], (uint8_t **) &e[i].key);
                hex_decode(argv[6 + 2 * i], (uint8_t **) &e[i].value);
            }
            err = filter_client_map_update(fc, dp, id, index, name, e, n,
                                           def->key_size, def->value_size,
                                           0);
        } else if (!strcmp(cmd, "map-lookup") && key) {
            val = calloc(1, def->value_size + 1);
            err = filter_client_map_lookup(fc, dp, id, index, name, key,
                                           def->key_size, val,
                                           def->value_size);
            if (!err) {
                print_entry(key, def->key_size, val, def->value_size, NULL);
            }
        } else if (!strcmp(cmd, "map-delete") && key) {
            err = filter_client_map_delete(fc, dp, id, index, name, key,
                                           def->key_size);
        } else if (!strcmp(cmd, "map-next")) {
            val = calloc(1, def->key_size + 1);
            err = filter_client_map_get_next(fc, dp, id, index, name, key,
                                             def->key_size, val);
            if (!err) {
                print_entry(val, def->key_size, NULL, 0, NULL);
            }
        } else if (!strcmp(cmd, "map-dump") && argc == 7
                   && !strcmp(argv[5], "--between")) {
            const char *between = argv[6];

            err = filter_client_map_dump(fc, dp, id, index, name,
                                         print_entry_between, &between);
        } else if (!strcmp(cmd, "map-dump")) {
            err = filter_client_map_dump(fc, dp, id, index, name,
                                         print_entry, NULL);
        } else {
            fprintf(stderr, "bad map command\n");
            return 2;
        }
    } else {
        fprintf(stderr, "bad command\n");
        return 2;
    }
    if (err) {
        fail(err);
    }
    if (!strcmp(cmd, "del") || !strcmp(cmd, "map-update")
        || !strcmp(cmd, "map-delete")) {
        printf("ok\n");
    }
    filter_client_close(fc);
    return 0;
}
