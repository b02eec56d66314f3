/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Disassembler: one instruction per line in the syntax of the Linux
 * verifier log, e.g.
 *
 *	r0 = *(u8 *)(r1 +12)
 *	if r2 > 0x22 goto +3
 *	w1 s>>= 4
 *	r1 = be16 r1
 *	lock *(u64 *)(r10 -8) += r1
 *	r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r1)
 *	call map_lookup#1
 *	r1 = map[id:0] (flows)
 *	r1 = map[id:2][0]+8 (.rodata)
 *	r1 = 0x123456789 ll
 *
 * Opcodes outside the instruction table print as "(xx) unknown opcode".
 * Map references print as map indices whether the program is raw (as the
 * verifier sees it) or bound (addresses, after sbpf_prog_load): a bound
 * address is never printed.
 */
#ifndef SBPF_DISASM_H
#define SBPF_DISASM_H 1

#include "sbpf.h"

/* Enough for any instruction with a map name. */
#define SBPF_DISASM_LINE	96

/**
 * sbpf_disasm_insn() - disassemble one instruction.
 * @prog:  the program the instructions belong to, for map names and bound
 *         map references; may be NULL.
 * @insns: the instructions.
 * @n:     their number.
 * @idx:   the instruction to print.
 * @buf:   output, NUL-terminated (truncated to @size).
 * @size:  its size.
 *
 * Return: instructions consumed (2 for a 64-bit immediate load, else 1),
 * or -EINVAL if @idx is out of range.
 */
int sbpf_disasm_insn(const struct sbpf_prog *prog,
		     const struct bpf_insn *insns, u32 n, u32 idx, char *buf,
		     size_t size);

/**
 * sbpf_disasm_prog() - disassemble a whole program, "%4u: insn\n" lines.
 * @prog: the program (prog->insns, prog->len).
 * @buf:  output, NUL-terminated (truncated to @size).
 * @size: its size.
 *
 * Return: the length of the full text (excluding the NUL), as snprintf():
 * the output was truncated if it is >= @size.
 */
size_t sbpf_disasm_prog(const struct sbpf_prog *prog, char *buf, size_t size);

#endif /* SBPF_DISASM_H */
