/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Verifier internals: the abstract state (register -> frame -> state ->
 * env) and the entry point.  Only verifier.c and its tests include this.
 */
#ifndef SBPF_VERIFIER_H
#define SBPF_VERIFIER_H 1

#include "sbpf.h"
#include "tnum.h"

/* Budgets: every input is verified in bounded time and memory. */
#define SV_MAX_INSNS_PROCESSED	200000	/* simulated instructions */
#define SV_MAX_STATES_PER_INSN	1024	/* checkpoints kept per insn */
#define SV_MAX_STATES		4096	/* checkpoints kept in total */
#define SV_MAX_PENDING		1024	/* unexplored branches queued */
#define SV_MAX_COMPARE_WORK	16000000	/* registers + slots compared */

#define SV_MAX_PKT_OFF		0xffff	/* largest variable packet offset */
#define SV_MAX_VAR_OFF		(1 << 29)	/* largest pointer offset */
#define SV_MAX_SIZE_ARG		(1 << 16)	/* largest helper size argument */
#define SV_STACK_SLOTS		(SBPF_STACK_SIZE / 8)
#define SV_NREGS		11	/* r0..r10 */
#define SV_LEN_ID		1	/* scalar id of the frame length (r2) */

enum sv_reg_type {
	SV_NOT_INIT = 0,
	SV_SCALAR,
	SV_PTR_TO_PACKET,	/* frame start + off + var_off */
	SV_PTR_TO_PACKET_END,	/* frame start + frame length */
	SV_PTR_TO_STACK,	/* r10 + off (off constant, var_off 0) */
	SV_PTR_TO_MAP_VALUE,	/* value of maps[map_idx] + off + var_off */
	SV_PTR_TO_MAP_VALUE_OR_NULL,
	SV_CONST_MAP_PTR,	/* map handle of maps[map_idx] */
	__SV_REG_TYPE_MAX,
};

/*
 * One register.  For scalars, var_off and the bounds describe the value.
 * For pointers they describe the variable part of the offset, and off the
 * constant part.  Field order keeps the structure free of padding so that
 * states can be compared and copied as memory.
 */
struct sv_reg {
	struct tnum var_off;
	s64 smin, smax;		/* signed 64-bit bounds */
	u64 umin, umax;		/* unsigned 64-bit bounds */
	s32 s32_min, s32_max;	/* bounds of the low 32 bits */
	u32 u32_min, u32_max;
	s32 off;		/* pointers: constant offset */
	/*
	 * Scalars: registers with the same non-zero id hold the same value
	 * (SV_LEN_ID: the frame length).  MAP_VALUE_OR_NULL: copies of one
	 * lookup result.  PACKET: pointers sharing the same variable offset.
	 */
	u32 id;
	u32 range;		/* PACKET: bytes readable from (var base) */
	u16 map_idx;		/* MAP_VALUE*, CONST_MAP_PTR */
	u8 type;		/* enum sv_reg_type */
	u8 unused;
	u32 clobbered_at;	/* NOT_INIT: 1 + insn of the clobbering call */
	u32 unused2;
};

/* Per-byte stack state. */
enum sv_slot_type {
	SV_STACK_INVALID = 0,	/* never written: unreadable */
	SV_STACK_MISC,		/* some scalar bytes */
	SV_STACK_ZERO,		/* known zero */
	SV_STACK_SPILL,		/* part of an 8-byte register spill */
	SV_STACK_CLOBBERED,	/* rest of a partly overwritten pointer spill */
};

struct sv_stack_slot {
	u8 type[8];		/* byte i is fp - 8 * (slot + 1) + i */
	struct sv_reg spill;	/* when all 8 bytes are SV_STACK_SPILL */
};

/* The abstract machine state on one path. */
struct sv_state {
	struct sv_reg regs[SV_NREGS];
	struct sv_stack_slot *stack;	/* nslots slots, slot 0 is fp-8 */
	u32 nslots;
	u32 insn_idx;
	u32 pkt_len_min;	/* proven lower bound of the frame length */
	struct sv_checkpoint *parent;	/* last checkpoint on this path */
};

/* A state stored at a prune point. */
struct sv_checkpoint {
	struct sv_checkpoint *next;	/* same insn */
	struct sv_checkpoint *parent;
	u32 live;		/* unfinished paths below; 0: complete */
	struct sv_state st;
};

struct sv_insn_aux {
	struct sv_checkpoint *explored;
	u32 nstates;
	u16 live_regs;		/* registers read before written from here */
	u8 prune_point;
	u8 reachable;
};

struct sv_env {
	struct sbpf_prog *prog;
	const struct bpf_insn *insns;
	u32 len;
	struct sbpf_verifier_log *log;
	struct sv_insn_aux *aux;
	struct sv_state *cur;
	struct sv_state **pending;	/* DFS stack */
	u32 npending;
	u32 next_id;
	u32 insn_processed;
	u32 compare_work;	/* registers + stack slots compared */
	u32 states;		/* checkpoints stored */
	u32 peak_states;
	u32 max_pkt_read;
	u32 prev_insn;
	bool logged_error;
	u8 valid_op[256];	/* from insn_table.h */
};

/**
 * sbpf_verify() - verify a program image before map references are bound.
 * @prog:  the program; insns are the raw image instructions, maps created
 * @log:   optional log (findings, and per-insn state at SBPF_LOG_VERBOSE)
 * @stats: optional statistics, filled on success and on failure
 *
 * Return: 0 if the program is safe; -EINVAL if it is rejected (the log says
 * why), -E2BIG if verification exceeded a budget, -ENOMEM.
 */
int sbpf_verify(struct sbpf_prog *prog, struct sbpf_verifier_log *log,
		struct sbpf_verifier_stats *stats);

#endif /* SBPF_VERIFIER_H */
