/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Random program generator for differential testing.
 *
 * A program is generated once, as a list of blocks, from a 64-bit seed
 * (same seed, same program), and then lowered twice:
 *
 *   GEN_SIDE_SBPF    Sluice's entry ABI: r1 = frame, r2 = frame length,
 *                    the program returns its full 64-bit r0.
 *   GEN_SIDE_KERNEL  an XDP program for the host kernel: a prologue spills
 *                    the context to r10-8 and loads r1 = data,
 *                    r2 = data_end; an epilogue writes the 64-bit r0 into
 *                    the first 8 bytes of the frame (which
 *                    BPF_PROG_TEST_RUN hands back as data_out) and returns
 *                    XDP_PASS.  This is how the whole 64-bit result crosses
 *                    the 32-bit XDP return value.
 *
 * The body is identical on both sides except for packet bounds checks: the
 * Sluice side compares the length (if r2 < N goto skip), the kernel side a
 * derived pointer against data_end (rT = r1; rT += N; if rT > r2 goto
 * skip).  Either way the reads that follow are proven in bounds, and the
 * temporary is overwritten by a constant at the join on both sides.
 *
 * What the body contains: ALU and ALU64 (every operation, immediate and
 * register source; edge constants 0, -1, INT_MIN, ...; register shift
 * amounts of any value, immediate ones masked to the width the kernel
 * accepts; division and modulo by registers that are often zero), NEG, END
 * (to LE/BE, 16/32/64), LD_IMM64, JMP and JMP32 with every condition jumping
 * forward to a block boundary, packet reads of 1/2/4/8 bytes after a length
 * check, stack stores (ST and STX) and loads in slots initialised by the
 * prologue, and atomics (every operation of SBPF_ATOMIC_TABLE, W and DW) on
 * those slots, and optionally array map lookups (see GEN_MAP_*).  r0 and
 * r3..r9 hold scalars between blocks; r1 and r2 are never written by the
 * body except to be refilled after a helper call.  r10-8 is reserved for
 * the kernel side's context, r10-32..r10-9 for map blocks.
 * Forward jumps only, and no unconditional ones, so every instruction is
 * reachable and every program terminates.  The body ends with a fold that
 * mixes every scalar register and every initialised stack slot into r0
 * (r0 = r0 * K ^ x), so that a wrong value anywhere shows in the result.
 */
#ifndef SLUICE_DIFF_GEN_H
#define SLUICE_DIFF_GEN_H 1

#include <stdbool.h>
#include <stdint.h>
#include <linux/bpf.h>

enum gen_side {
	GEN_SIDE_SBPF,
	GEN_SIDE_KERNEL,
};

/* Upper bound on the lowered length of any generated program. */
#define GEN_MAX_INSNS	12288

struct gen_params {
	unsigned int min_blocks;	/* body blocks, inclusive range */
	unsigned int max_blocks;
	unsigned int jmp_pct;		/* percent of blocks that branch */
	unsigned int map_pct;		/* percent of blocks using the map */
};

/*
 * The map of programs generated with map_pct > 0: map 0 (Sluice side), an
 * array of GEN_MAP_ENTRIES values of GEN_MAP_VALUE bytes, 4-byte keys,
 * zeroed at load on both sides.  A map block spills r1/r2 to r10-16 and
 * r10-24, looks up a key stored at r10-32 (keys up to GEN_MAP_ENTRIES + 1,
 * so some lookups fail), re-initialises the clobbered r3..r5, refills r1/r2
 * and, when the value was found, reads, writes and runs atomics (every
 * operation but CMPXCHG, whose comparand r0 is the value pointer here) on
 * it.  Map state carries over from frame to frame on both sides and is
 * compared at the end.
 */
#define GEN_MAP_ENTRIES	4
#define GEN_MAP_VALUE	16

struct gen_prog;

/* Generate the program of @seed.  Return: NULL on allocation failure. */
struct gen_prog *gen_prog_new(uint64_t seed, const struct gen_params *p);
void gen_prog_free(struct gen_prog *g);

/*
 * For test-case reduction: a copy of @g without block @idx (jumps to it
 * land on its successor), and the number of blocks.  The copy may well be
 * invalid (a read of a register or slot no longer initialised): both
 * verifiers then reject it.
 */
struct gen_prog *gen_prog_drop(const struct gen_prog *g, unsigned int idx);
unsigned int gen_prog_blocks(const struct gen_prog *g);

/*
 * Fixed programs for the tools' self-test (0: r0 = 0x8000000000000001;
 * 1: r0 = the frame's first 8 bytes if it has 8, else 7; 2: r0 = ~0 via a
 * division by a zero register).
 */
#define GEN_N_FIXED	3
struct gen_prog *gen_prog_fixed(unsigned int which);

/*
 * gen_lower() - lower @g for @side into @out (GEN_MAX_INSNS entries).
 * @map_fd: the kernel side's map (its LD_IMM64 map references carry the fd;
 * the Sluice side's carry map index 0).
 * Return: number of instructions.
 */
unsigned int gen_lower(const struct gen_prog *g, enum gen_side side,
		       int map_fd, struct bpf_insn *out);

/* Does @g use the map? */
bool gen_prog_uses_map(const struct gen_prog *g);

/* A pseudo-random frame for run @i of the program: 14..@max_len bytes. */
unsigned int gen_packet(uint64_t seed, unsigned int i, uint8_t *buf,
			unsigned int max_len);

/* Print one instruction per line (raw fields and a mnemonic) to stderr. */
void gen_dump(const struct bpf_insn *insns, unsigned int n);

/* Deterministic PRNG shared by the tools (splitmix64). */
static inline uint64_t gen_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

#endif /* SLUICE_DIFF_GEN_H */
