// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Programs: load (maps, verification, binding), run and free.
 *
 * Load order matters: maps are created first (the verifier reads their
 * definitions), the verifier sees the instructions exactly as the image
 * carries them (map references as indices), and only an accepted program
 * has its map references rewritten into addresses, which the interpreter
 * and JITs then load as plain 64-bit constants.
 *
 * A loaded program is immutable and may run on any number of CPUs at once.
 * Its owner unpublishes it (RCU) before sbpf_prog_free(), which waits for a
 * grace period before freeing the maps, so that no running program still
 * holds a map value.
 */
#include "sbpf.h"
#include "map_internal.h"
#include "sbpf_internal.h"
#include "verifier.h"

static bool is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

int sbpf_prog_bind_maps(struct sbpf_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->len; i++) {
		struct bpf_insn *insn = &prog->insns[i];
		u32 idx = (u32)insn[0].imm;
		u64 addr;

		if (!is_ld_imm64(insn))
			continue;
		if (i + 1 >= prog->len)
			return -EINVAL;
		i++;	/* the second half */
		switch (insn->src_reg) {
		case 0:
			continue;
		case BPF_PSEUDO_MAP_FD:
			if (idx >= prog->n_maps || insn[1].imm)
				return -EINVAL;
			addr = (u64)(uintptr_t)prog->maps[idx];
			break;
		case BPF_PSEUDO_MAP_VALUE: {
			u32 off = (u32)insn[1].imm;
			u8 *value;

			if (idx >= prog->n_maps ||
			    off >= prog->maps[idx]->def.value_size)
				return -EINVAL;
			value = sbpf_array_value(prog->maps[idx], 0);
			if (!value)
				return -EINVAL;
			addr = (u64)(uintptr_t)(value + off);
			break;
		}
		default:
			return -EINVAL;
		}
		insn[0].imm = (s32)(u32)addr;
		insn[1].imm = (s32)(u32)(addr >> 32);
	}
	return 0;
}

static void prog_destroy(struct sbpf_prog *prog)
{
	u32 i;

#ifndef __KERNEL__
	sbpf_jit_free(prog);
#endif
	if (prog->maps) {
		for (i = 0; i < prog->n_maps; i++)
			sbpf_map_put(prog->maps[i]);
		sbpf_free(prog->maps);
	}
	sbpf_vfree(prog->insns);
	sbpf_free(prog);
}

static int prog_init_map(struct sbpf_map *map, const void *data)
{
	const u8 *src = data;
	u32 i;

	if (map->def.type != SBPF_MAP_ARRAY)
		return -EINVAL;
	for (i = 0; i < map->def.max_entries; i++)
		memcpy(sbpf_array_value(map, i),
		       src + (size_t)i * map->def.value_size,
		       map->def.value_size);
	return 0;
}

/*
 * Maps at index i < @n_share whose @share[i] has the image's definition
 * are shared (a reference, no copy): updates through either program, or
 * the control plane, reach the one map.  Read-only maps are not shared:
 * their content is the image's.
 */
static int prog_create_maps(struct sbpf_prog *prog,
			    const struct sbpf_image *img,
			    struct sbpf_map *const *share, u32 n_share)
{
	u32 i;
	int err;

	if (!img->n_maps)
		return 0;
	if (!img->maps)
		return -EINVAL;
	prog->maps = sbpf_zalloc(img->n_maps * sizeof(*prog->maps));
	if (!prog->maps)
		return -ENOMEM;
	prog->n_maps = img->n_maps;
	for (i = 0; i < img->n_maps; i++) {
		if (i < n_share && share[i] &&
		    !(img->maps[i].flags & SBPF_F_RDONLY_PROG) &&
		    sbpf_map_matches_def(share[i], &img->maps[i])) {
			sbpf_map_get(share[i]);
			prog->maps[i] = share[i];
			continue;
		}
		err = sbpf_map_create(&img->maps[i], &prog->maps[i]);
		if (err)
			return err;
		if (img->init_data && img->init_data[i]) {
			err = prog_init_map(prog->maps[i], img->init_data[i]);
			if (err)
				return err;
		}
	}
	return 0;
}

/**
 * sbpf_prog_load() - create maps, verify and prepare a program image.
 * @img:   the program image (see image.h); not retained.
 * @log:   optional verifier log.
 * @stats: optional statistics, filled on success and failure.
 * @progp: the new program on success.
 *
 * Control plane; may sleep.
 *
 * Return: 0; -EINVAL for a malformed image (empty, unterminated name, a
 * bad map definition or initial data for a map that is not an array) or a
 * program the verifier rejects (the log says why); -E2BIG for more than
 * SBPF_MAX_INSNS instructions, more than SBPF_MAX_MAPS maps, a map too
 * large or a verification over budget; -ENOMEM.
 */
int sbpf_prog_load(const struct sbpf_image *img,
		   struct sbpf_verifier_log *log,
		   struct sbpf_verifier_stats *stats,
		   struct sbpf_prog **progp)
{
	return sbpf_prog_load_shared(img, NULL, 0, log, stats, progp);
}

/**
 * sbpf_prog_load_shared() - sbpf_prog_load(), sharing existing maps.
 * @img:     the program image.
 * @share:   @n_share maps (entries may be NULL), typically those of the
 *           program the new one replaces: the map at index i is shared
 *           instead of created when its definition equals the image's and
 *           it is not read-only (its content is kept, the image's initial
 *           data for it ignored).  The caller keeps its own references.
 * @n_share: number of entries of @share.
 * @log:     optional verifier log.
 * @stats:   optional statistics.
 * @progp:   the new program on success.
 *
 * Control plane; may sleep.
 *
 * Return: as sbpf_prog_load().
 */
int sbpf_prog_load_shared(const struct sbpf_image *img,
			  struct sbpf_map *const *share, u32 n_share,
			  struct sbpf_verifier_log *log,
			  struct sbpf_verifier_stats *stats,
			  struct sbpf_prog **progp)
{
	struct sbpf_verifier_stats local_stats;
	struct sbpf_prog *prog;
	int err;

	*progp = NULL;
	if (!stats)
		stats = &local_stats;
	memset(stats, 0, sizeof(*stats));
	if (!img || !img->insns || !img->n_insns ||
	    strnlen(img->name, SBPF_NAME_LEN) == SBPF_NAME_LEN)
		return -EINVAL;
	if (img->n_insns > SBPF_MAX_INSNS || img->n_maps > SBPF_MAX_MAPS)
		return -E2BIG;

	prog = sbpf_zalloc(sizeof(*prog));
	if (!prog)
		return -ENOMEM;
	memcpy(prog->name, img->name, sizeof(prog->name));
	prog->insns = sbpf_zalloc_array(img->n_insns, sizeof(*prog->insns));
	if (!prog->insns) {
		err = -ENOMEM;
		goto fail;
	}
	memcpy(prog->insns, img->insns, img->n_insns * sizeof(*prog->insns));
	prog->len = img->n_insns;
	err = prog_create_maps(prog, img, share, n_share);
	if (err)
		goto fail;

	err = sbpf_verify(prog, log, stats);
	if (err)
		goto fail;
	prog->max_pkt_read = stats->max_pkt_read;
	err = sbpf_prog_bind_maps(prog);
	if (err)
		goto fail;
	*progp = prog;
	return 0;
fail:
	prog_destroy(prog);
	return err;
}

/**
 * sbpf_prog_free() - free a program and its maps.
 * @prog: the program, or NULL.
 *
 * The caller has unpublished @prog; runs that started before may still be
 * going, so this waits for a grace period first.  Control plane; may
 * sleep; not inside an RCU read-side section.
 */
void sbpf_prog_free(struct sbpf_prog *prog)
{
	if (!prog)
		return;
	sbpf_synchronize_rcu();
	prog_destroy(prog);
}

/**
 * sbpf_prog_run() - run a loaded program over one frame.
 * @prog: the program.
 * @pkt:  the frame (read only).
 * @len:  its length in bytes.
 *
 * RCU read side (kernel: softirq, or BH disabled; userspace: a registered
 * thread inside sbpf_rcu_read_lock()).
 *
 * Return: the program's r0; 1 means match.
 */
u64 sbpf_prog_run(const struct sbpf_prog *prog, const void *pkt, u64 len)
{
	if (prog->jited)
		return prog->jited(pkt, len, prog);
	return sbpf_interp_run(prog, pkt, len);
}
