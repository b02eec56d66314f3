/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Instructions executed by one run of a loaded program (bench/README.md).
 */
#ifndef BENCH_INSN_COUNT_H
#define BENCH_INSN_COUNT_H 1

#include <stdint.h>

struct sbpf_prog;

/*
 * insn_count_run() - run @prog over one frame, counting instructions.
 * @r0: the program's result, which the caller compares with the
 *      interpreter's: the two must agree.
 *
 * A second, deliberately plain evaluator: the interpreter has no counter
 * and its hot loop must not get one.  It executes the same rewritten
 * instructions (map references bound), calls the same helpers, and counts
 * one per instruction dispatched (LD_IMM64 counts once, as the
 * interpreter dispatches it once).
 *
 * Return: the count, or 0 for an instruction it does not know (it then
 * says which on stderr).
 */
uint64_t insn_count_run(const struct sbpf_prog *prog, const void *pkt,
			uint64_t len, uint64_t *r0);

#endif /* BENCH_INSN_COUNT_H */
