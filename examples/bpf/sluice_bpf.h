/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * sluice_bpf.h - the one header a Sluice filter program needs.
 *
 * A filter program reads an Ethernet frame and returns 1 (match) or
 * anything else (no match).  Its entry point is any global function
 *
 *     u64 prog(void *pkt, u64 pkt_len)
 *
 * where pkt is the first byte of the frame and pkt_len its length.  Every
 * packet read must be proven in bounds by a comparison with pkt_len first:
 * the verifier rejects the program otherwise.
 *
 * This header needs no libc header at all: clang's BPF target cannot use
 * Debian's multiarch glibc headers without help.  Compile with
 *
 *     clang -O2 -target bpf -c prog.c -o prog.o
 *
 * (add -I<dir of this header> when prog.c lives elsewhere; -g is fine).
 * Programs written against glibc's <netinet/ip.h>-style headers, as Oko's
 * were, need the multiarch directory and the host's word size:
 *
 *     clang -O2 -target bpf -D__x86_64__ -I/usr/include/x86_64-linux-gnu \
 *         -c prog.c -o prog.o
 */
#ifndef SLUICE_BPF_H
#define SLUICE_BPF_H 1

/* ---------------------------------------------------------------- types -- */

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT8_TYPE__ s8;
typedef __INT16_TYPE__ s16;
typedef __INT32_TYPE__ s32;
typedef __INT64_TYPE__ s64;

#ifndef NULL
#define NULL ((void *)0)
#endif

/* Put a function or variable in a named ELF section. */
#define SEC(name) __attribute__((section(name), used))

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/* The object's license string, e.g. SLUICE_LICENSE("Dual BSD/GPL"). */
#define SLUICE_LICENSE(s) char _license[] SEC("license") = s

/* ----------------------------------------------------------------- maps -- */

/* Map types (Oko's numbers). */
#define SLUICE_MAP_ARRAY	1
#define SLUICE_MAP_BLOOM	2	/* nb_hash_functions = k, max_entries =
					 * size of the bit array in bytes */
#define SLUICE_MAP_COUNTMIN	3	/* rows = nb_hash_functions,
					 * row width = max_entries */
#define SLUICE_MAP_HASH		4

/* Map flags. */
#define SLUICE_F_RDONLY_PROG	(1U << 0)	/* program may not write */

/*
 * A map definition, in the "maps" section.  The first five fields are
 * Oko's 20-byte definition; maps are numbered in definition order, from 0.
 */
struct sluice_map_def {
	u32 type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 nb_hash_functions;
	u32 flags;
};

/* SLUICE_MAP(name, SLUICE_MAP_HASH, key type, value type, max_entries) */
#define SLUICE_MAP(name, type_, key_t, value_t, max)			\
	struct sluice_map_def name SEC("maps") = {			\
		.type = (type_), .key_size = sizeof(key_t),		\
		.value_size = sizeof(value_t), .max_entries = (max),	\
	}

/* A bloom filter or count-min sketch with 'nhash' hash functions. */
#define SLUICE_MAP_HASHED(name, type_, key_t, value_size_, max, nhash)	\
	struct sluice_map_def name SEC("maps") = {			\
		.type = (type_), .key_size = sizeof(key_t),		\
		.value_size = (value_size_), .max_entries = (max),	\
		.nb_hash_functions = (nhash),				\
	}

/* -------------------------------------------------------------- helpers -- */

/*
 * Helpers are constants holding the helper's number (Oko's numbering); with
 * -O2 clang turns a call through them into "call N".  A map argument is the
 * address of a map definition.
 */

/* Pointer to the value stored under key, or NULL.  For a bloom filter:
 * non-NULL if the item may be present; for a count-min sketch: pointer to
 * the item's estimated count (u32). */
static void *(*const sbpf_map_lookup)(const void *map, const void *key) =
	(void *)1;
/* Insert or replace; 0 on success, negative errno (map full: -E2BIG). */
static long (*const sbpf_map_update)(const void *map, const void *key,
				     const void *value) = (void *)2;
/* Delete; 0 on success, -ENOENT if absent. */
static long (*const sbpf_map_delete)(const void *map, const void *key) =
	(void *)3;
/* Add an item to a bloom filter or count it in a count-min sketch. */
static long (*const sbpf_map_add)(const void *map, const void *item) =
	(void *)4;
/* Monotonic time in nanoseconds. */
static u64 (*const sbpf_time_get_ns)(void) = (void *)5;
/* 32-bit hash of len bytes at mem. */
static u32 (*const sbpf_hash)(const void *mem, u64 len) = (void *)6;
/* Rate-limited trace: fmt must be a string constant (see sluice_trace);
 * all three arguments are always passed (the verifier checks them). */
static long (*const sbpf_trace)(const char *fmt, u64 fmt_size, u64 a, u64 b,
				u64 c) = (void *)7;

/* sluice_trace("src %x dropped", ip->saddr): at most three arguments,
 * missing ones are zero. */
#define ___sluice_trace3(fmt, a, b, c, ...)				\
	sbpf_trace(fmt, sizeof(fmt), (u64)(a), (u64)(b), (u64)(c))
#define sluice_trace(fmt, ...)						\
	({								\
		static const char ____fmt[] = fmt;			\
		___sluice_trace3(____fmt, ##__VA_ARGS__, 0, 0, 0);	\
	})

/* ----------------------------------------------------------- byte order -- */

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define bpf_htons(x) ((u16)__builtin_bswap16((u16)(x)))
#define bpf_htonl(x) ((u32)__builtin_bswap32((u32)(x)))
#else
#define bpf_htons(x) ((u16)(x))
#define bpf_htonl(x) ((u32)(x))
#endif
#define bpf_ntohs(x) bpf_htons(x)
#define bpf_ntohl(x) bpf_htonl(x)

/* ------------------------------------------------------ packet headers -- */

#define SL_ETH_ALEN	6
#define SL_ETH_P_IP	0x0800
#define SL_ETH_P_IPV6	0x86DD
#define SL_ETH_P_8021Q	0x8100

#define SL_IPPROTO_ICMP	1
#define SL_IPPROTO_TCP	6
#define SL_IPPROTO_UDP	17

#define SL_IP_DF	0x4000		/* in frag_off, host order */
#define SL_IP_MF	0x2000
#define SL_IP_OFFMASK	0x1fff

#define SL_TCP_FIN	0x01
#define SL_TCP_SYN	0x02
#define SL_TCP_RST	0x04
#define SL_TCP_PSH	0x08
#define SL_TCP_ACK	0x10

/* All multi-byte fields are in network byte order. */
struct sl_eth {
	u8 dst[SL_ETH_ALEN];
	u8 src[SL_ETH_ALEN];
	u16 type;
};

struct sl_ipv4 {
	u8 ver_ihl;		/* version << 4 | header length in words */
	u8 tos;
	u16 tot_len;
	u16 id;
	u16 frag_off;		/* flags and fragment offset */
	u8 ttl;
	u8 protocol;
	u16 check;
	u32 saddr;
	u32 daddr;
};

struct sl_tcp {
	u16 source;
	u16 dest;
	u32 seq;
	u32 ack_seq;
	u8 doff;		/* data offset in words << 4 */
	u8 flags;		/* SL_TCP_* */
	u16 window;
	u16 check;
	u16 urg_ptr;
};

struct sl_udp {
	u16 source;
	u16 dest;
	u16 len;
	u16 check;
};

/* Offsets of an untagged IPv4 frame without IP options. */
#define SL_OFF_IP	sizeof(struct sl_eth)
#define SL_OFF_L4	(SL_OFF_IP + sizeof(struct sl_ipv4))

/*
 * Parses an untagged IPv4 frame without IP options, not a fragment.
 * Returns the IPv4 header or NULL.  All reads are at constant offsets
 * after one length check, which keeps the verifier's job simple.
 */
static __always_inline struct sl_ipv4 *
sl_parse_ipv4(void *pkt, u64 pkt_len)
{
	struct sl_eth *eth = pkt;
	struct sl_ipv4 *ip = (void *)(eth + 1);

	if (pkt_len < SL_OFF_L4)
		return NULL;
	if (eth->type != bpf_htons(SL_ETH_P_IP) || ip->ver_ihl != 0x45)
		return NULL;
	if (ip->frag_off & bpf_htons(SL_IP_MF | SL_IP_OFFMASK))
		return NULL;
	return ip;
}

/* The TCP header of an IPv4 frame parsed by sl_parse_ipv4(), or NULL. */
static __always_inline struct sl_tcp *
sl_parse_tcp(void *pkt, u64 pkt_len, struct sl_ipv4 *ip)
{
	if (ip->protocol != SL_IPPROTO_TCP ||
	    pkt_len < SL_OFF_L4 + sizeof(struct sl_tcp))
		return NULL;
	return (struct sl_tcp *)((u8 *)pkt + SL_OFF_L4);
}

#endif /* SLUICE_BPF_H */
