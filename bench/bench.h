/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * sluice-bench: what bench.c (the core's table, main) and programs.c (the
 * filter programs' table) share.
 */
#ifndef BENCH_H
#define BENCH_H 1

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* This thread's CPU time (user and system) in ns; see bench.c. */
static inline uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Median of @n values, sorting @v; NaNs (not measured) are left out,
 * and NaN returned when none remains. */
double median(double *v, unsigned int n);

/* ------------------------------------------------ filter programs -- */

enum bench_engine {
	ENG_INTERP,		/* our interpreter */
	ENG_JIT,		/* our userspace JIT */
	ENG_KERNEL,		/* the host kernel's JIT, BPF_PROG_TEST_RUN */
	N_ENGINES,
};

#define BENCH_PROGS	5
#define BENCH_FRAMES	2
#define BENCH_PROG_ROWS	(BENCH_PROGS * BENCH_FRAMES)

/* One (program, frame size) row as one process measured it. */
struct prog_row {
	char name[16];		/* program */
	unsigned int bytes;	/* frame size */
	double insns_body;	/* instructions executed per body copy */
	double code[N_ENGINES];	/* ns per body copy (slope); NaN: none */
	double call[N_ENGINES];	/* ns per run outside them (intercept) */
	bool helpers;		/* the body calls helpers (map lookups) */
	bool mismatch;		/* the engines' results disagreed */
};

/*
 * programs_measure() - measure every program once, in this process.
 * @dir: where the compiled objects are (mk/bench.mk).
 * Return: rows filled (BENCH_PROG_ROWS), 0 if none could be.
 */
unsigned int programs_measure(const char *dir, bool have_kernel,
			      struct prog_row *rows);

/* Print the table from @n_runs processes' rows. */
void programs_print(struct prog_row (*runs)[BENCH_PROG_ROWS],
		    unsigned int n_runs);

#endif /* BENCH_H */
