/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The program image: what userspace (the libelf object loader) produces from
 * a clang object file, what the ovs_filter netlink family carries to the
 * kernel, and what sbpf_prog_load() verifies.  The kernel never parses ELF.
 *
 * Map references: an LD_IMM64 whose src_reg is BPF_PSEUDO_MAP_FD (1) loads a
 * map handle; its imm is an index into the image's map table (not a file
 * descriptor).  An LD_IMM64 whose src_reg is BPF_PSEUDO_MAP_VALUE (2) loads a
 * pointer to the value of entry 0 of an array map: first imm = map index,
 * second imm = byte offset into that value.  This is how read-only data
 * (.rodata: trace format strings) reaches a program: the loader declares it
 * as a one-entry array map with SBPF_F_RDONLY_PROG and its initial content.
 *
 * Helper calls: BPF_JMP|BPF_CALL with src_reg 0 and imm = helper number
 * (enum sbpf_helper_id).
 */
#ifndef SBPF_IMAGE_H
#define SBPF_IMAGE_H 1

#define SBPF_NAME_LEN	32	/* program and map names, NUL included */

/* Map types: numbers 1..4 are Oko's. */
enum sbpf_map_type {
	SBPF_MAP_UNSPEC		= 0,
	SBPF_MAP_ARRAY		= 1,
	SBPF_MAP_BLOOM		= 2,
	SBPF_MAP_COUNTMIN	= 3,
	SBPF_MAP_HASH		= 4,
	__SBPF_MAP_TYPE_MAX,
};

/* Map flags. */
#define SBPF_F_RDONLY_PROG	(1U << 0)	/* program may not write */

/*
 * A map definition.  The first five fields are Oko's 20-byte definition,
 * in Oko's order.  For bloom filters nb_hash_functions is k; for count-min
 * sketches it is the number of rows and max_entries the row width.
 */
struct sbpf_map_def {
	u32 type;		/* enum sbpf_map_type */
	u32 key_size;		/* bytes */
	u32 value_size;		/* bytes */
	u32 max_entries;
	u32 nb_hash_functions;
	u32 flags;		/* SBPF_F_* */
	char name[SBPF_NAME_LEN];
};

/*
 * A program image.  All arrays are owned by whoever built the image.
 * init_data: optional initial content per map (NULL entries: zeroed), used
 * for .rodata/.data-backed array maps; init_data[i] holds
 * maps[i].value_size * maps[i].max_entries bytes.
 */
struct sbpf_image {
	char name[SBPF_NAME_LEN];
	const struct bpf_insn *insns;
	u32 n_insns;
	const struct sbpf_map_def *maps;
	u32 n_maps;
	const void *const *init_data;	/* NULL, or n_maps entries */
	const char *license;		/* NUL-terminated, or NULL: none */
};

#endif /* SBPF_IMAGE_H */
