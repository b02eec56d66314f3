// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Helpers declared extern by name (R_BPF_64_32 relocations), Sluice and
 * Oko names, and a trace format string in .rodata. */
typedef unsigned int u32;
typedef unsigned long long u64;

struct def { u32 type, key_size, value_size, max_entries, nb_hash_functions; };

extern void *sbpf_map_lookup(const void *map, const void *key);
extern u64 ubpf_time_get_ns(void);
extern u32 sbpf_hash(const void *mem, u64 len);
extern long sbpf_trace(const char *fmt, u64 size, ...);

struct def m __attribute__((section("maps"), used)) = { 4, 4, 4, 64, 0 };

u64 prog(void *pkt, u64 pkt_len)
{
	static const char fmt[] = "len %d";
	u32 h = sbpf_hash(&pkt_len, 8) ^ (u32)ubpf_time_get_ns();

	sbpf_trace(fmt, sizeof fmt, pkt_len);
	return sbpf_map_lookup(&m, &h) != 0;
}
char _license[] __attribute__((section("license"), used)) = "GPL";
