/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Internals shared by the interpreter, the helpers and the program loader.
 * Not part of the public API.
 */
#ifndef SBPF_INTERNAL_H
#define SBPF_INTERNAL_H 1

#include "sbpf.h"

/*
 * A helper as the interpreter calls it: r1..r5 in, r0 out.  Pointers travel
 * as u64 (uintptr_t); the verifier has checked every argument against the
 * helper's prototype (sbpf_helper_protos).
 */
typedef u64 (*sbpf_helper_fn)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);

/* Implementations, indexed by enum sbpf_helper_id; NULL: no helper. */
extern const sbpf_helper_fn sbpf_helper_fns[__SBPF_FUNC_MAX];

/* Largest formatted trace line, NUL excluded. */
#define SBPF_TRACE_MAX		128

/*
 * sbpf_trace_format() - format a trace line as helper 7 prints it.
 * @buf, @size: output, always NUL-terminated when size > 0.
 * @fmt, @fmt_size: the format; stops at NUL or after fmt_size bytes.
 * @args: three arguments.
 *
 * Conversions: %d %i %u %x %X with optional l or ll, %c, %%; anything
 * else is copied literally (the verifier rejects such formats at load).
 *
 * Return: the length written.
 */
u32 sbpf_trace_format(char *buf, u32 size, const char *fmt, u32 fmt_size,
		      const u64 args[3]);

/*
 * sbpf_prog_bind_maps() - rewrite map references of a verified program.
 * LD_IMM64 with src_reg BPF_PSEUDO_MAP_FD gets the map's address, with
 * BPF_PSEUDO_MAP_VALUE the address of the referenced value byte; src_reg
 * is kept so the disassembler still shows map[id:N].
 *
 * Return: 0, or -EINVAL for a reference the verifier should have refused.
 */
int sbpf_prog_bind_maps(struct sbpf_prog *prog);

#endif /* SBPF_INTERNAL_H */
