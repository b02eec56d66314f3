/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The engines an execution test runs a program on, which must agree.
 *
 * The interpreter everywhere; in the userspace runner (kunit_user) also the
 * userspace JIT, plain and with constant blinding.  In the kernel test
 * module the JIT does not exist (the module uses the kernel's JIT, tested
 * apart) and everything here reduces to the interpreter.
 *
 * Two ways to use it:
 *  - a program with maps whose state the runs change: load it once per
 *    engine (sbpf_test_engine_set() on each fresh load) and check every
 *    engine against the expected results;
 *  - a program without state: sbpf_engines_init() makes one compiled copy
 *    per JIT engine, sbpf_engines_run() runs the interpreter and every
 *    copy on a frame and expects the same r0.
 */
#ifndef SBPF_ENGINES_H
#define SBPF_ENGINES_H 1

#include "sbpf_kunit.h"
#include "sbpf.h"

enum sbpf_test_engine {
	SBPF_ENGINE_INTERP,
#ifndef __KERNEL__
	SBPF_ENGINE_JIT,
	SBPF_ENGINE_JIT_BLIND,
#endif
	SBPF_N_ENGINES,
};

static const char *const sbpf_engine_names[] __maybe_unused = {
	[SBPF_ENGINE_INTERP] = "interpreter",
#ifndef __KERNEL__
	[SBPF_ENGINE_JIT] = "jit",
	[SBPF_ENGINE_JIT_BLIND] = "jit (blinded)",
#endif
};

/*
 * Put @prog on @engine (the interpreter, or a fresh JIT image).
 * Return: 0, or the JIT's negative errno (the program is then on the
 * interpreter, the reason in @log).
 */
static inline int sbpf_test_engine_set(struct sbpf_prog *prog, int engine,
				       struct sbpf_verifier_log *log)
{
#ifndef __KERNEL__
	if (engine == SBPF_ENGINE_INTERP) {
		sbpf_jit_free(prog);
		return 0;
	}
	return sbpf_jit_compile(prog, engine == SBPF_ENGINE_JIT_BLIND ?
					SBPF_JIT_BLIND : 0, log);
#else
	return 0;
#endif
}

/* Back to the interpreter; the image (if any) is released. */
static inline void sbpf_test_engine_clear(struct sbpf_prog *prog)
{
#ifndef __KERNEL__
	sbpf_jit_free(prog);
#endif
}

struct sbpf_engines {
	/* [0] unused: the interpreter runs the caller's program. */
	struct sbpf_prog copy[SBPF_N_ENGINES];
};

/*
 * One compiled copy of @prog (sharing its instructions and maps) per JIT
 * engine; a program the JIT must compile, so a refusal fails the test.
 */
static inline void sbpf_engines_init(struct kunit *test,
				     struct sbpf_engines *e,
				     const struct sbpf_prog *prog)
{
	int k;

	for (k = 1; k < SBPF_N_ENGINES; k++) {
		char buf[256] = "";
		struct sbpf_verifier_log log = {
			.buf = buf, .size = sizeof(buf),
			.level = SBPF_LOG_ERRORS,
		};

		e->copy[k] = *prog;
		e->copy[k].jited = NULL;
		KUNIT_EXPECT_EQ_MSG(test, sbpf_test_engine_set(&e->copy[k], k,
							       &log), 0,
				    "%s declined: %s", sbpf_engine_names[k],
				    buf);
	}
}

/* The interpreter's r0 on the frame; every other engine must agree. */
static inline u64 sbpf_engines_run(struct kunit *test, struct sbpf_engines *e,
				   const struct sbpf_prog *prog,
				   const void *pkt, u64 len)
{
	u64 v = sbpf_interp_run(prog, pkt, len);
	int k;

	for (k = 1; k < SBPF_N_ENGINES; k++)
		KUNIT_EXPECT_EQ_MSG(test, sbpf_prog_run(&e->copy[k], pkt, len),
				    v, "%s disagrees with the interpreter",
				    sbpf_engine_names[k]);
	return v;
}

static inline void sbpf_engines_fini(struct sbpf_engines *e)
{
	int k;

	for (k = 1; k < SBPF_N_ENGINES; k++)
		sbpf_test_engine_clear(&e->copy[k]);
}

#endif /* SBPF_ENGINES_H */
