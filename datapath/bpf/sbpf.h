/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Sluice BPF core: public interface.
 *
 * The core verifies and runs filter programs: eBPF programs that read an
 * Ethernet frame (never write it), keep state in typed maps and return a
 * verdict (1 = match).  The same files build into the kernel module and into
 * a userspace static library; the only OS contact is sbpf_platform.h, which
 * selects platform_kernel.h or platform_user.h.
 *
 * Instruction encoding, opcodes and register numbers are those of the Linux
 * UAPI (<linux/bpf.h>: struct bpf_insn, BPF_ALU64, BPF_ADD, ...), which both
 * platform headers include.
 *
 * Object lifetime: an sbpf_prog owns its maps.  sbpf_prog_run() may run
 * concurrently on any number of CPUs/threads, and concurrently with map
 * updates and deletes from the control plane.  Memory a running program may
 * hold (map values) is reclaimed only after a grace period (RCU in the
 * kernel, liburcu in userspace).
 */
#ifndef SBPF_H
#define SBPF_H 1

#include "sbpf_platform.h"
#include "image.h"

/* Execution limits. */
#define SBPF_STACK_SIZE		512
#define SBPF_MAX_INSNS		4096	/* program length limit */
#define SBPF_MAX_MAPS		64	/* maps per program */

/*
 * Helper numbers.  1..7 are Oko's, so Oko programs run unchanged; new
 * helpers take new numbers.  Each has a prototype (struct sbpf_helper_proto)
 * that the verifier checks calls against.
 */
enum sbpf_helper_id {
	SBPF_FUNC_unspec	= 0,
	SBPF_FUNC_map_lookup	= 1,	/* void *(map, const void *key) */
	SBPF_FUNC_map_update	= 2,	/* int (map, const void *key, const void *value) */
	SBPF_FUNC_map_delete	= 3,	/* int (map, const void *key) */
	SBPF_FUNC_map_add	= 4,	/* int (map, const void *item): bloom, count-min */
	SBPF_FUNC_time_get_ns	= 5,	/* u64 (void): monotonic */
	SBPF_FUNC_hash		= 6,	/* u32 (const void *mem, u64 len) */
	SBPF_FUNC_trace		= 7,	/* int (const char *fmt, u64 fmt_size, a, b, c) */
	__SBPF_FUNC_MAX,
};

/* Argument and return kinds of helper prototypes. */
enum sbpf_arg_type {
	SBPF_ARG_DONTCARE = 0,		/* unused argument */
	SBPF_ARG_ANYTHING,		/* any initialised scalar */
	SBPF_ARG_CONST_MAP_PTR,		/* map handle (from a map reference) */
	SBPF_ARG_PTR_TO_MAP_KEY,	/* readable memory of the map's key_size */
	SBPF_ARG_PTR_TO_MAP_VALUE,	/* readable memory of the map's value_size */
	SBPF_ARG_PTR_TO_MEM,		/* readable memory, size in the next arg */
	SBPF_ARG_CONST_SIZE,		/* scalar size of the previous PTR_TO_MEM */
	SBPF_ARG_PTR_TO_CONST_STR,	/* pointer into read-only map data:
					 * a NUL-terminated format string known
					 * at verification time */
};

enum sbpf_ret_type {
	SBPF_RET_INTEGER = 0,
	SBPF_RET_VOID,
	SBPF_RET_PTR_TO_MAP_VALUE_OR_NULL,
};

struct sbpf_helper_proto {
	const char *name;
	enum sbpf_ret_type ret;
	enum sbpf_arg_type arg[5];
	/* Map types the CONST_MAP_PTR argument may be (bit per type). */
	u32 map_types;
};

/* Helper table: indexed by enum sbpf_helper_id, NULL name = no helper. */
extern const struct sbpf_helper_proto sbpf_helper_protos[__SBPF_FUNC_MAX];

/* ---------------------------------------------------------------- maps -- */

struct sbpf_map;

/**
 * struct sbpf_map_ops - operations of one map type.
 *
 * lookup/update/delete/add are callable from a running program (RCU read
 * side / epoch) and from the control plane.  get_next_key iterates for
 * dumps: key NULL gives the first key; -ENOENT at the end.
 */
struct sbpf_map_ops {
	int (*check_def)(const struct sbpf_map_def *def);
	struct sbpf_map *(*alloc)(const struct sbpf_map_def *def);
	void (*free)(struct sbpf_map *map);
	void *(*lookup)(struct sbpf_map *map, const void *key);
	int (*update)(struct sbpf_map *map, const void *key,
		      const void *value, u64 flags);
	int (*delete)(struct sbpf_map *map, const void *key);
	int (*add)(struct sbpf_map *map, const void *item);
	int (*get_next_key)(struct sbpf_map *map, const void *key,
			    void *next_key);
	/* Copy one entry's value out for the control plane (dump/lookup). */
	int (*copy_value)(struct sbpf_map *map, const void *key, void *value);
};

struct sbpf_map {
	const struct sbpf_map_ops *ops;
	struct sbpf_map_def def;
	u32 refs;		/* holders (programs, loads); atomic */
};

/* Update flags, as in Linux. */
#define SBPF_ANY	0	/* create or update */
#define SBPF_NOEXIST	1	/* create only */
#define SBPF_EXIST	2	/* update only */

/**
 * sbpf_map_create() - validate @def and allocate a map into *@mapp.
 * Return: 0, or -EINVAL (bad definition), -E2BIG (too large), -ENOMEM.
 */
int sbpf_map_create(const struct sbpf_map_def *def, struct sbpf_map **mapp);
void sbpf_map_destroy(struct sbpf_map *map);

/* Control-plane accessors (copy in/out; safe against concurrent programs). */
int sbpf_map_lookup_copy(struct sbpf_map *map, const void *key, void *value);
int sbpf_map_update(struct sbpf_map *map, const void *key, const void *value,
		    u64 flags);
int sbpf_map_delete(struct sbpf_map *map, const void *key);
int sbpf_map_get_next_key(struct sbpf_map *map, const void *key,
			  void *next_key);
/* Carry a map's content over into a map of the same definition. */
int sbpf_map_copy(struct sbpf_map *to, struct sbpf_map *from);
/* Would sbpf_map_create(@def) make a map of @map's definition? */
bool sbpf_map_matches_def(const struct sbpf_map *map,
		       const struct sbpf_map_def *def);
/* References: sbpf_map_create() returns one; the last put destroys. */
void sbpf_map_get(struct sbpf_map *map);
void sbpf_map_put(struct sbpf_map *map);

/* ------------------------------------------------------------- verifier -- */

/* Verifier log levels. */
#define SBPF_LOG_NONE		0
#define SBPF_LOG_ERRORS		1	/* findings only */
#define SBPF_LOG_VERBOSE	2	/* plus per-insn state trace */

struct sbpf_verifier_log {
	char *buf;		/* caller's buffer, NUL-terminated on return */
	u32 size;		/* its size */
	u32 len;		/* bytes written (excluding NUL) */
	u32 level;		/* SBPF_LOG_* */
	bool truncated;		/* set if the log did not fit */
};

/* Statistics of one verification, reported on success and failure. */
struct sbpf_verifier_stats {
	u32 insns_processed;	/* instructions simulated */
	u32 states;		/* states explored */
	u32 peak_states;	/* states stored at prune points, peak */
	u32 max_pkt_read;	/* highest packet byte offset + 1 any
				 * accepted access may read */
};

/* ------------------------------------------------------------- programs -- */

struct sbpf_prog;

/* Native code of a program: called as the C function it is. */
typedef u64 (*sbpf_jited_fn)(const void *pkt, u64 len,
			     const struct sbpf_prog *prog);

struct sbpf_prog {
	struct bpf_insn *insns;		/* verified and rewritten insns */
	u32 len;			/* number of instructions */
	u32 n_maps;
	struct sbpf_map **maps;		/* owned; index = image map index */
	char name[SBPF_NAME_LEN];
	u32 max_pkt_read;		/* from the verifier */
	/* Engine: the interpreter, or a JIT image filled in later. */
	sbpf_jited_fn jited;
#ifndef __KERNEL__
	/* The userspace JIT's image (sbpf_jit_compile()), or NULL. */
	void *jit_image;
	size_t jit_alloc;		/* bytes mapped */
	u32 jit_size;			/* bytes of code */
	u32 jit_passes;			/* passes until the size converged */
#endif
};

/**
 * sbpf_prog_load() - create maps, verify and prepare a program image.
 * @img:   the program image (see image.h); not retained.
 * @log:   optional verifier log.
 * @stats: optional statistics, filled on success and failure.
 * @progp: the new program on success.
 *
 * Return: 0, or negative errno (-EINVAL: rejected by the verifier, the log
 * says why; -E2BIG: too large; -ENOMEM).
 */
int sbpf_prog_load(const struct sbpf_image *img,
		   struct sbpf_verifier_log *log,
		   struct sbpf_verifier_stats *stats,
		   struct sbpf_prog **progp);
int sbpf_prog_load_shared(const struct sbpf_image *img,
			  struct sbpf_map *const *share, u32 n_share,
			  struct sbpf_verifier_log *log,
			  struct sbpf_verifier_stats *stats,
			  struct sbpf_prog **progp);
void sbpf_prog_free(struct sbpf_prog *prog);

/**
 * sbpf_prog_run() - run a loaded program over one frame.
 * Caller is inside the RCU read side (kernel: softirq or rcu_read_lock with
 * BH disabled; userspace: a registered liburcu reader).
 * Return: the program's r0; 1 means match.
 */
u64 sbpf_prog_run(const struct sbpf_prog *prog, const void *pkt, u64 len);

/* The interpreter, always available: the reference engine. */
u64 sbpf_interp_run(const struct sbpf_prog *prog, const void *pkt, u64 len);

#ifndef __KERNEL__
/*
 * The userspace JIT (x86-64; jit_x86_64_user.c).  The kernel module uses
 * the kernel's own JIT instead (datapath/linux/filter_jit.c).
 */
#define SBPF_JIT_BLIND	(1U << 0)	/* blind constants */

/**
 * sbpf_jit_compile() - compile a loaded, not yet published program.
 * @prog:  from sbpf_prog_load().
 * @flags: SBPF_JIT_* flags.
 * @log:   optional; the reason when it declines (summary at VERBOSE).
 *
 * Return: 0 and prog->jited set (sbpf_prog_run() then runs native code),
 * or a negative errno with the program left on the interpreter and the
 * reason in @log.
 */
int sbpf_jit_compile(struct sbpf_prog *prog, u32 flags,
		     struct sbpf_verifier_log *log);

/* Drop the image (back to the interpreter); sbpf_prog_free() calls it. */
void sbpf_jit_free(struct sbpf_prog *prog);
#endif

#endif /* SBPF_H */
