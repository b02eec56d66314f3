/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The Sluice side of the differential tests: sbpf_prog_load() and
 * sbpf_prog_run() over a plain instruction array, with no map or with the
 * generator's array map (gen.h).  Each program is loaded twice, once for
 * each engine (interpreter, userspace JIT), each with its own map.
 */
#ifndef SLUICE_DIFF_CORE_H
#define SLUICE_DIFF_CORE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

struct diff_core_prog;

/* Register the calling thread as an RCU reader.  Return: 0. */
int diff_core_init(void);

/*
 * Verify and load; @log gets the verifier's findings.
 * Return: 0, or the negative errno of sbpf_prog_load().
 */
int diff_core_load(const struct bpf_insn *insns, unsigned int n,
		   bool with_map, char *log, size_t log_size,
		   struct diff_core_prog **pp);
/* Engines: the interpreter, and the JIT's copy of the program. */
enum diff_core_engine { DIFF_CORE_INTERP, DIFF_CORE_JIT, DIFF_CORE_ENGINES };

/*
 * Whether the JIT compiled its copy; if not, its reason into @why (the
 * JIT must compile every program the verifier accepts).
 */
bool diff_core_jit_ok(struct diff_core_prog *p, char *why, size_t size);
/* Copy value @key of the engine's map (gen.h GEN_MAP_*).  Return: 0. */
int diff_core_map_read(struct diff_core_prog *p, enum diff_core_engine e,
		       uint32_t key, void *value);
uint64_t diff_core_run(struct diff_core_prog *p, enum diff_core_engine e,
		       const void *pkt, unsigned int len);
void diff_core_free(struct diff_core_prog *p);

#endif /* SLUICE_DIFF_CORE_H */
