// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Sluice side of the differential tests; see diff_core.h.
 */
#include "sbpf.h"
#include "diff_core.h"
#include "gen.h"

static const struct sbpf_map_def gen_map_def = {
	.type = SBPF_MAP_ARRAY,
	.key_size = 4,
	.value_size = GEN_MAP_VALUE,
	.max_entries = GEN_MAP_ENTRIES,
	.name = "gen",
};

struct diff_core_prog {
	struct sbpf_prog *prog[DIFF_CORE_ENGINES];
	int jit_err;			/* sbpf_jit_compile() */
	char jit_log[256];		/* its reason */
};

int diff_core_init(void)
{
	sbpf_thread_register();
	return 0;
}

int diff_core_load(const struct bpf_insn *insns, unsigned int n,
		   bool with_map, char *log, size_t log_size,
		   struct diff_core_prog **pp)
{
	struct sbpf_verifier_log vlog = {
		.buf = log, .size = log_size, .level = SBPF_LOG_ERRORS,
	};
	struct sbpf_image img = {
		.name = "diff",
		.insns = insns,
		.n_insns = n,
		.maps = with_map ? &gen_map_def : NULL,
		.n_maps = with_map,
	};
	struct diff_core_prog *p;
	int err;

	*pp = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	err = sbpf_prog_load(&img, log ? &vlog : NULL, NULL,
			     &p->prog[DIFF_CORE_INTERP]);
	if (err) {
		free(p);
		return err;
	}
	/* The JIT's copy: the same image accepted again, its own map. */
	err = sbpf_prog_load(&img, NULL, NULL, &p->prog[DIFF_CORE_JIT]);
	if (!err) {
		struct sbpf_verifier_log jlog = {
			.buf = p->jit_log, .size = sizeof(p->jit_log),
			.level = SBPF_LOG_ERRORS,
		};

		p->jit_err = sbpf_jit_compile(p->prog[DIFF_CORE_JIT], 0, &jlog);
	} else {
		p->jit_err = err;
		snprintf(p->jit_log, sizeof(p->jit_log),
			 "second load failed (%d)", err);
	}
	*pp = p;
	return 0;
}

bool diff_core_jit_ok(struct diff_core_prog *p, char *why, size_t size)
{
	snprintf(why, size, "%s", p->jit_log);
	return !p->jit_err;
}

uint64_t diff_core_run(struct diff_core_prog *p, enum diff_core_engine e,
		       const void *pkt, unsigned int len)
{
	uint64_t r0;

	sbpf_rcu_read_lock();
	r0 = sbpf_prog_run(p->prog[e], pkt, len);
	sbpf_rcu_read_unlock();
	return r0;
}

int diff_core_map_read(struct diff_core_prog *p, enum diff_core_engine e,
		       uint32_t key, void *value)
{
	return sbpf_map_lookup_copy(p->prog[e]->maps[0], &key, value);
}

void diff_core_free(struct diff_core_prog *p)
{
	sbpf_prog_free(p->prog[DIFF_CORE_INTERP]);
	sbpf_prog_free(p->prog[DIFF_CORE_JIT]);
	free(p);
}
