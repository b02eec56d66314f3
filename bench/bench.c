// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * sluice-bench: the BPF core's numbers next to the host kernel's, measured
 * on one pinned CPU, printed as two tables (bench/README.md).
 *
 * Filter programs (programs.c): the programs of bench/progs, one source
 * each, in our interpreter, our JIT and the host kernel's JIT, over 64-
 * and 1500-byte frames: the body's time and the per-call overhead apart.
 *
 * The core against the kernel (this file):
 *  1. Interpreter ns per executed instruction on a loop-heavy program, and
 *     the same program in the host kernel's JIT (BPF_PROG_TEST_RUN with
 *     repeat).  Both sides are net of an empty program ("r0 = 0; exit")
 *     timed the same way, which removes the harness: the kernel's test-run
 *     loop, our call and clock overhead.
 *  2. Verifier time per program: every examples/bpf object (Sluice only:
 *     they use Sluice's helpers and maps), a 1000-instruction rule set, and
 *     a generated 1000-instruction program with 100+ path-multiplying
 *     branches (tests/diff generator), in our verifier
 *     and in the kernel's (its own "verification time" from a
 *     BPF_LOG_STATS log, and the whole BPF_PROG_LOAD including the JIT).
 *  3. Hash map lookup ns at 1k and 1M entries (8-byte keys and values,
 *     keys visited in a pseudo-random order that changes every batch of
 *     1000): ours through the map's lookup op; the kernel's inside an XDP
 *     program looping over 1000 bpf_map_lookup_elem() calls, net of the
 *     same loop without the call (syscall lookups would measure the
 *     syscall).
 *
 * Everything is measured once in each of RUNS processes run one after the
 * other (fresh allocations, code and map placement each time); every
 * figure printed is the median over the processes.  Numbers are for
 * comparison on one machine, never assertions.
 *
 * Usage: sluice-bench [-c CPU] [-r RUNS] [-p PROGS_DIR [-P]] [EXAMPLE.o ...]
 *   -c  the CPU to pin to (default: the last)
 *   -r  processes to take the median of (default 7)
 *   -p  the compiled bench/progs objects: adds the filter programs' table
 *   -P  that table only
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "sbpf.h"
#include "sbpf_asm.h"
#include "bpf-object.h"
#include "kbpf.h"
#include "gen.h"
#include "bench.h"

#define LOOPS		1000	/* iterations of the loop program */
#define LOOP_BODY	9	/* instructions per iteration */
#define LOOKUPS		1000	/* lookups per kernel program run */
#define KEY_MULT	0x9e3779b1

/* Repetitions inside one process of the short measurements (verifier). */
#define INNER		3

static const unsigned int runs = INNER;
static bool have_kernel;
/* Logs of expected rejections are printed by the first process only. */
static bool first_process = true;

/*
 * Our side is timed in this thread's CPU time (cpu_ns(), bench.h): on a
 * shared machine the wall clock would also count the time other tasks ran
 * on our CPU.  The kernel's BPF_PROG_TEST_RUN timer likewise leaves out
 * the time it yields the CPU.
 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double median(double *v, unsigned int n)
{
	unsigned int i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[m++] = v[i];
	if (!m)
		return NAN;
	qsort(v, m, sizeof(*v), cmp_double);
	return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
}

/* ------------------------------------------------------------ table -- */

struct row {
	char what[64];
	double ours;		/* < 0: not measured */
	double kern;
	const char *unit;
	const char *target;
};

#define MAX_ROWS	64

static struct row rows[MAX_ROWS];
static unsigned int n_rows;

static void add_row(const char *what, double ours, double kern,
		    const char *unit, const char *target)
{
	struct row *r;

	if (n_rows == MAX_ROWS)
		return;
	r = &rows[n_rows++];

	snprintf(r->what, sizeof(r->what), "%s", what);
	r->ours = ours;
	r->kern = kern;
	r->unit = unit;
	r->target = target;
}

static void fmt(char *buf, size_t size, double v)
{
	if (v < 0 || isnan(v))
		snprintf(buf, size, "-");
	else if (v < 10)
		snprintf(buf, size, "%.3f", v);
	else if (v < 1000)
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "%.0f", v);
}

static void print_table(void)
{
	unsigned int i;

	printf("| %-44s | %10s | %11s | %13s | %-6s | %-8s |\n",
	       "measurement", "Sluice", "host kernel", "kernel/Sluice",
	       "unit", "target");
	printf("|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------------",
	       "-----------:", "------------:", "--------------:", "--------",
	       "----------");
	for (i = 0; i < n_rows; i++) {
		struct row *r = &rows[i];
		char a[32], b[32], c[32];

		fmt(a, sizeof(a), r->ours);
		fmt(b, sizeof(b), r->kern);
		if (r->ours > 0 && r->kern >= 0)
			snprintf(c, sizeof(c), "%.2f", r->kern / r->ours);
		else
			snprintf(c, sizeof(c), "-");
		printf("| %-44s | %10s | %11s | %13s | %-6s | %-8s |\n",
		       r->what, a, b, c, r->unit, r->target);
	}
}

/* ------------------------------------------------------ our programs -- */

static struct sbpf_prog *load_ours(const struct bpf_insn *insns,
				   unsigned int n,
				   const struct sbpf_map_def *maps,
				   unsigned int n_maps)
{
	static char log[8192];
	struct sbpf_verifier_log vlog = { .buf = log, .size = sizeof(log),
					  .level = SBPF_LOG_ERRORS };
	struct sbpf_image img = { .name = "bench", .insns = insns,
				  .n_insns = n, .maps = maps,
				  .n_maps = n_maps };
	struct sbpf_prog *prog;
	int err;

	err = sbpf_prog_load(&img, &vlog, NULL, &prog);
	if (err) {
		fprintf(stderr, "sluice-bench: our verifier rejects a bench program (%d):\n%s\n",
			err, log);
		return NULL;
	}
	return prog;
}

/* Mean ns per sbpf_prog_run() over @reps runs. */
static double time_ours(struct sbpf_prog *prog, unsigned int reps)
{
	static uint8_t pkt[64];
	volatile uint64_t sink = 0;
	uint64_t t0, t1;
	unsigned int i;

	sbpf_rcu_read_lock();
	t0 = cpu_ns();
	for (i = 0; i < reps; i++)
		sink += sbpf_prog_run(prog, pkt, sizeof(pkt));
	t1 = cpu_ns();
	sbpf_rcu_read_unlock();
	(void)sink;
	return (double)(t1 - t0) / reps;
}

/* Mean ns per run reported by BPF_PROG_TEST_RUN, or -1. */
static double time_kern(int fd, unsigned int reps)
{
	static uint8_t pkt[64];
	uint32_t dur = 0;

	if (kbpf_test_run(fd, pkt, sizeof(pkt), NULL, NULL, reps, NULL,
			  &dur))
		return -1;
	return dur;
}

/* ------------------------------------------- 1. interpreter vs JIT -- */

static unsigned int loop_prog(struct bpf_insn *p)
{
	unsigned int n = 0;

	p[n++] = SBPF_MOV64_IMM(BPF_REG_0, 0);
	p[n++] = SBPF_MOV64_IMM(BPF_REG_3, 0);
	/* loop: 9 instructions */
	p[n++] = SBPF_MOV64_REG(BPF_REG_4, BPF_REG_3);
	p[n++] = SBPF_ALU64_IMM(BPF_MUL, BPF_REG_4, 7);
	p[n++] = SBPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_4);
	p[n++] = SBPF_ALU64_REG(BPF_XOR, BPF_REG_0, BPF_REG_3);
	p[n++] = SBPF_MOV64_REG(BPF_REG_4, BPF_REG_0);
	p[n++] = SBPF_ALU64_IMM(BPF_RSH, BPF_REG_4, 5);
	p[n++] = SBPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_4);
	p[n++] = SBPF_ALU64_IMM(BPF_ADD, BPF_REG_3, 1);
	p[n++] = SBPF_JMP_IMM(BPF_JLT, BPF_REG_3, LOOPS, -(LOOP_BODY));
	/* An XDP verdict for the kernel side, data dependent. */
	p[n++] = SBPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1);
	p[n++] = SBPF_EXIT();
	return n;
}

static void bench_interp(void)
{
	const unsigned int executed = 2 + LOOP_BODY * LOOPS + 2;
	const struct bpf_insn empty[] = {
		SBPF_MOV64_IMM(BPF_REG_0, 0), SBPF_EXIT(),
	};
	struct bpf_insn loop[32];
	double o[32], k[32], oe[32], ke[32];
	struct sbpf_prog *pl, *pe;
	int kl = -1, ke_fd = -1;
	unsigned int n, i;
	double ours, kern = -1;
	char what[64];

	n = loop_prog(loop);
	pl = load_ours(loop, n, NULL, 0);
	pe = load_ours(empty, 2, NULL, 0);
	if (have_kernel) {
		kl = kbpf_prog_load(loop, n, NULL, 0);
		ke_fd = kbpf_prog_load(empty, 2, NULL, 0);
	}
	if (!pl || !pe) {
		add_row("interpreter, loop program", -1, -1, "ns/insn",
			"<= 2");
		goto out;
	}
	time_ours(pl, 200);		/* warm up */
	for (i = 0; i < runs; i++) {
		o[i] = time_ours(pl, 2000);
		oe[i] = time_ours(pe, 200000);
		if (kl >= 0 && ke_fd >= 0) {
			k[i] = time_kern(kl, 2000);
			ke[i] = time_kern(ke_fd, 200000);
		}
	}
	ours = (median(o, runs) - median(oe, runs)) / executed;
	if (kl >= 0 && ke_fd >= 0)
		kern = (median(k, runs) - median(ke, runs)) / executed;
	snprintf(what, sizeof(what), "interp vs kernel JIT: loop, %u insns",
		 executed);
	add_row(what, ours, kern, "ns/insn", "<= 2");
	add_row("  empty program (harness, subtracted)", median(oe, runs),
		kl >= 0 ? median(ke, runs) : -1, "ns/run", "");
out:
	if (pl)
		sbpf_prog_free(pl);
	if (pe)
		sbpf_prog_free(pe);
	if (kl >= 0)
		close(kl);
	if (ke_fd >= 0)
		close(ke_fd);
}

/* ------------------------------------------------- 2. verifier time -- */

static double verify_ours_ms(const struct sbpf_image *img, bool *ok)
{
	double v[32];
	unsigned int i;

	*ok = true;
	for (i = 0; i < runs; i++) {
		struct sbpf_prog *prog;
		uint64_t t0 = cpu_ns();
		int err = sbpf_prog_load(img, NULL, NULL, &prog);

		/* A rejection's time counts too: it is verifier work. */
		v[i] = (cpu_ns() - t0) / 1e6;
		if (err)
			*ok = false;
		else
			sbpf_prog_free(prog);
	}
	return median(v, runs);
}

static void bench_examples(int argc, char **argv)
{
	int a;

	for (a = 0; a < argc; a++) {
		struct sbpf_object *obj;
		char *err = NULL;
		size_t p;

		if (sbpf_object_open_file(argv[a], &obj, &err)) {
			fprintf(stderr, "sluice-bench: %s: %s\n", argv[a],
				err ? err : "cannot open");
			free(err);
			continue;
		}
		for (p = 0; p < sbpf_object_n_progs(obj); p++) {
			struct sbpf_image img;
			const char *base = strrchr(argv[a], '/');
			char what[64];
			double ms;
			bool ok;

			sbpf_object_get_image(obj, p, &img);
			ms = verify_ours_ms(&img, &ok);
			snprintf(what, sizeof(what), "verify %.24s:%.12s (%u)",
				 base ? base + 1 : argv[a],
				 sbpf_object_prog_name(obj, p), img.n_insns);
			add_row(what, ms, -1, ok ? "ms" : "ms rej", "<= 1");
		}
		sbpf_object_close(obj);
	}
}

/* Kernel verification time in ms from a BPF_LOG_STATS log, or -1. */
static double kern_verify_ms(const struct bpf_insn *insns, unsigned int n,
			     double *load_ms)
{
	static char log[1 << 16];
	double v[32], l[32];
	unsigned int i;

	for (i = 0; i < runs; i++) {
		union bpf_attr attr;
		uint64_t t0;
		char *s;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.prog_type = BPF_PROG_TYPE_XDP;
		attr.insns = (uint64_t)(uintptr_t)insns;
		attr.insn_cnt = n;
		attr.license = (uint64_t)(uintptr_t)"GPL";
		attr.log_buf = (uint64_t)(uintptr_t)log;
		attr.log_size = sizeof(log);
		attr.log_level = 4;	/* BPF_LOG_STATS */
		log[0] = '\0';
		t0 = cpu_ns();
		fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
		l[i] = (cpu_ns() - t0) / 1e6;
		if (fd < 0)
			return -1;
		close(fd);
		s = strstr(log, "verification time ");
		v[i] = s ? strtod(s + 18, NULL) / 1000 : -1;
	}
	*load_ms = median(l, runs);
	return median(v, runs);
}

static unsigned int count_branches(const struct bpf_insn *p, unsigned int n)
{
	unsigned int i, b = 0;

	for (i = 0; i < n; i++) {
		uint8_t cls = BPF_CLASS(p[i].code), op = BPF_OP(p[i].code);

		if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_JA &&
		    op != BPF_CALL && op != BPF_EXIT)
			b++;
	}
	return b;
}

static void bench_generated(void)
{
	static struct bpf_insn s[GEN_MAX_INSNS], k[GEN_MAX_INSNS];
	struct gen_params gp = { .min_blocks = 680, .max_blocks = 680,
				 .jmp_pct = 7 };
	unsigned int sn = 0, kn = 0, br = 0;
	uint64_t seed;
	double ours, kern = -1, load = -1;
	char what[64];
	bool ok;

	/* The first seed giving 950..1050 insns and 100+ branches. */
	for (seed = 1; seed < 1000; seed++) {
		struct gen_prog *g = gen_prog_new(seed, &gp);

		if (!g)
			return;
		sn = gen_lower(g, GEN_SIDE_SBPF, -1, s);
		kn = gen_lower(g, GEN_SIDE_KERNEL, -1, k);
		gen_prog_free(g);
		br = count_branches(s, sn);
		if (sn >= 950 && sn <= 1050 && br >= 100)
			break;
	}
	{
		struct sbpf_image img = { .name = "gen", .insns = s,
					  .n_insns = sn };

		ours = verify_ours_ms(&img, &ok);
		if (!ok && first_process)
			load_ours(s, sn, NULL, 0);	/* prints the log */
	}
	if (have_kernel)
		kern = kern_verify_ms(k, kn, &load);
	snprintf(what, sizeof(what), "verify generated: %u insns, %u branches",
		 sn, br);
	/* Kernel column: CPU time of the whole BPF_PROG_LOAD (incl. JIT). */
	add_row(what, ours, load, ok ? "ms" : "ms rej", "<= 10");
	if (have_kernel)
		add_row("  kernel's own \"verification time\" (wall)", -1,
			kern, "ms", "");
}

/*
 * A firewall-like rule set: after one length check, RULES rules each
 * compare two header fields with constants; the first rule matching
 * returns 1.  About 1000 instructions and 330 branches, none of which
 * multiply paths (every match exits).
 */
#define RULES	165

static unsigned int ruleset_prog(struct bpf_insn *p, enum gen_side side)
{
	static const uint8_t sizes[] = { BPF_B, BPF_H, BPF_W };
	uint64_t rs = 7;
	unsigned int n = 0, i, out;

	if (side == GEN_SIDE_KERNEL) {
		p[n++] = SBPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1,
				      offsetof(struct xdp_md, data_end));
		p[n++] = SBPF_LDX_MEM(BPF_W, BPF_REG_1, BPF_REG_1,
				      offsetof(struct xdp_md, data));
		p[n++] = SBPF_MOV64_REG(BPF_REG_3, BPF_REG_1);
		p[n++] = SBPF_ALU64_IMM(BPF_ADD, BPF_REG_3, 64);
		out = n;
		p[n++] = SBPF_JMP_REG(BPF_JGT, BPF_REG_3, BPF_REG_2, 0);
	} else {
		out = n;
		p[n++] = SBPF_JMP_IMM(BPF_JLT, BPF_REG_2, 64, 0);
	}
	for (i = 0; i < RULES; i++) {
		unsigned int f;

		for (f = 0; f < 2; f++) {
			uint8_t sz = sizes[gen_rand(&rs) % 3];
			unsigned int bytes = sz == BPF_B ? 1 : sz == BPF_H ? 2 : 4;
			int16_t off = gen_rand(&rs) % (64 / bytes) * bytes;

			p[n++] = SBPF_LDX_MEM(sz, BPF_REG_3, BPF_REG_1, off);
			p[n++] = SBPF_JMP_IMM(BPF_JNE, BPF_REG_3,
					      (int32_t)(gen_rand(&rs) %
							(1ull << (8 * bytes))) &
					      0x7fffffff,
					      f == 0 ? 4 : 2);
		}
		p[n++] = SBPF_MOV64_IMM(BPF_REG_0, 1);
		p[n++] = SBPF_EXIT();
	}
	p[out].off = n - (out + 1);
	p[n++] = SBPF_MOV64_IMM(BPF_REG_0, 0);
	p[n++] = SBPF_EXIT();
	return n;
}

static void bench_ruleset(void)
{
	static struct bpf_insn s[2048], k[2048];
	unsigned int sn, kn;
	struct sbpf_image img = { .name = "rules", .insns = s };
	double ours, kern = -1, load = -1;
	char what[64];
	bool ok;

	sn = ruleset_prog(s, GEN_SIDE_SBPF);
	kn = ruleset_prog(k, GEN_SIDE_KERNEL);
	img.n_insns = sn;
	ours = verify_ours_ms(&img, &ok);
	if (!ok && first_process)
		load_ours(s, sn, NULL, 0);	/* prints the log */
	if (have_kernel)
		kern = kern_verify_ms(k, kn, &load);
	snprintf(what, sizeof(what), "verify rule set: %u insns, %u branches",
		 sn, count_branches(s, sn));
	add_row(what, ours, load, ok ? "ms" : "ms rej", "<= 10");
	if (have_kernel)
		add_row("  kernel's own \"verification time\" (wall)", -1,
			kern, "ms", "");
}

/* ------------------------------------------------- 3. map lookups -- */

static double lookup_ours(uint32_t entries)
{
	struct sbpf_map_def def = { .type = SBPF_MAP_HASH, .key_size = 8,
				    .value_size = 8,
				    .max_entries = entries };
	const uint64_t mask = entries - 1;
	const unsigned int batches = entries > 100000 ? 2000 : 1000;
	struct sbpf_map *map;
	uint64_t key, val, rs = 42;
	double v[32];
	unsigned int r, b, i;

	if (sbpf_map_create(&def, &map))
		return -1;
	for (key = 0; key < entries; key++) {
		val = key * 3;
		if (sbpf_map_update(map, &key, &val, SBPF_ANY)) {
			sbpf_map_destroy(map);
			return -1;
		}
	}
	for (r = 0; r < runs; r++) {
		volatile uint64_t sink = 0;
		uint64_t t0 = cpu_ns();

		sbpf_rcu_read_lock();
		for (b = 0; b < batches; b++) {
			uint64_t base = gen_rand(&rs);

			for (i = 0; i < LOOKUPS; i++) {
				const uint64_t *p;

				key = ((base + i) * KEY_MULT) & mask;
				p = map->ops->lookup(map, &key);
				if (p)
					sink += *p;
			}
		}
		sbpf_rcu_read_unlock();
		v[r] = (double)(cpu_ns() - t0) / (batches * LOOKUPS);
		(void)sink;
	}
	sbpf_map_destroy(map);
	return median(v, runs);
}

/*
 * The kernel's in-program lookup: base = prandom; 1000 times key = ((base
 * + i) * K) & mask; v = lookup(map, &key); acc += *v.  @with_call false:
 * the same loop with r0 = &key instead of the call.
 */
static unsigned int lookup_prog(struct bpf_insn *p, int map_fd,
				uint32_t mask, bool with_call)
{
	unsigned int n = 0, loop;

	p[n++] = SBPF_CALL(BPF_FUNC_get_prandom_u32);
	p[n++] = SBPF_MOV64_REG(BPF_REG_9, BPF_REG_0);
	p[n++] = SBPF_MOV64_IMM(BPF_REG_6, 0);
	p[n++] = SBPF_MOV64_IMM(BPF_REG_7, 0);
	loop = n;
	p[n++] = SBPF_MOV64_REG(BPF_REG_2, BPF_REG_9);
	p[n++] = SBPF_ALU64_REG(BPF_ADD, BPF_REG_2, BPF_REG_6);
	p[n++] = SBPF_ALU64_IMM(BPF_MUL, BPF_REG_2, KEY_MULT);
	p[n++] = SBPF_ALU64_IMM(BPF_AND, BPF_REG_2, mask);
	p[n++] = SBPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -8);
	{
		const struct bpf_insn ld[] = { SBPF_LD_MAP(BPF_REG_1, map_fd) };

		p[n++] = ld[0];
		p[n++] = ld[1];
	}
	p[n++] = SBPF_MOV64_REG(BPF_REG_2, BPF_REG_10);
	p[n++] = SBPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8);
	if (with_call) {
		p[n++] = SBPF_CALL(BPF_FUNC_map_lookup_elem);
	} else {
		p[n++] = SBPF_MOV64_REG(BPF_REG_0, BPF_REG_10);
		p[n++] = SBPF_ALU64_IMM(BPF_ADD, BPF_REG_0, -8);
	}
	p[n++] = SBPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2);
	p[n++] = SBPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_0, 0);
	p[n++] = SBPF_ALU64_REG(BPF_ADD, BPF_REG_7, BPF_REG_3);
	p[n++] = SBPF_ALU64_IMM(BPF_ADD, BPF_REG_6, 1);
	p[n] = SBPF_JMP_IMM(BPF_JLT, BPF_REG_6, LOOKUPS, 0);
	p[n].off = loop - (n + 1);
	n++;
	p[n++] = SBPF_MOV64_REG(BPF_REG_0, BPF_REG_7);
	p[n++] = SBPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1);
	p[n++] = SBPF_EXIT();
	return n;
}

static double lookup_kern(uint32_t entries)
{
	static char log[1 << 16];
	struct bpf_insn p[64];
	double v[32], e[32];
	int mfd, fl, fe;
	uint64_t key, val;
	unsigned int n, r;
	const unsigned int reps = entries > 100000 ? 2000 : 1000;
	double res = -1;

	mfd = kbpf_map_create(BPF_MAP_TYPE_HASH, 8, 8, entries, 0);
	if (mfd < 0)
		return -1;
	for (key = 0; key < entries; key++) {
		val = key * 3;
		if (kbpf_map_update(mfd, &key, &val, BPF_ANY))
			goto out_map;
	}
	n = lookup_prog(p, mfd, entries - 1, true);
	fl = kbpf_prog_load(p, n, NULL, 0);
	if (fl < 0) {
		kbpf_prog_load(p, n, log, sizeof(log));
		fprintf(stderr, "sluice-bench: kernel lookup program: %s\n",
			log);
		goto out_map;
	}
	n = lookup_prog(p, mfd, entries - 1, false);
	fe = kbpf_prog_load(p, n, NULL, 0);
	if (fe < 0) {
		kbpf_prog_load(p, n, log, sizeof(log));
		fprintf(stderr, "sluice-bench: kernel empty loop: %s\n", log);
		goto out_fl;
	}
	time_kern(fl, 10);
	for (r = 0; r < runs; r++) {
		v[r] = time_kern(fl, reps);
		e[r] = time_kern(fe, reps);
	}
	res = (median(v, runs) - median(e, runs)) / LOOKUPS;
	close(fe);
out_fl:
	close(fl);
out_map:
	close(mfd);
	return res;
}

static void bench_maps(void)
{
	add_row("hash map lookup, 1k entries", lookup_ours(1024),
		have_kernel ? lookup_kern(1024) : -1, "ns", "<= 20");
	add_row("hash map lookup, 1M entries", lookup_ours(1u << 20),
		have_kernel ? lookup_kern(1u << 20) : -1, "ns", "<= 150");
}

/* What one process measured: sent to the parent through a pipe. */
struct results {
	struct row rows[MAX_ROWS];
	unsigned int n_rows;
	struct prog_row progs[BENCH_PROG_ROWS];
	unsigned int n_progs;
};

/* -P: the filter programs' table only. */
static bool programs_only;

static void measure(const char *progs_dir, int argc, char **argv,
		    struct results *res)
{
	const char *why = NULL;

	sbpf_thread_register();
	have_kernel = kbpf_available(&why);
	if (!have_kernel && first_process)
		fprintf(stderr, "sluice-bench: no host-kernel column: %s\n",
			why);
	memset(res, 0, sizeof(*res));
	if (progs_dir)
		res->n_progs = programs_measure(progs_dir, have_kernel,
						res->progs);
	if (programs_only)
		return;
	bench_interp();
	bench_examples(argc, argv);
	bench_ruleset();
	bench_generated();
	bench_maps();
	memcpy(res->rows, rows, sizeof(rows));
	res->n_rows = n_rows;
}

/* Run measure() in a child process; 0 when *@res was filled. */
static int measure_in_child(const char *progs_dir, int argc, char **argv,
			    struct results *res)
{
	int fds[2], status;
	size_t got = 0;
	pid_t pid;

	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		size_t put = 0;

		close(fds[0]);
		measure(progs_dir, argc, argv, res);
		while (put < sizeof(*res)) {
			ssize_t n = write(fds[1], (char *)res + put,
					  sizeof(*res) - put);

			if (n <= 0)
				_exit(1);
			put += n;
		}
		_exit(0);
	}
	close(fds[1]);
	while (got < sizeof(*res)) {
		ssize_t n = read(fds[0], (char *)res + got, sizeof(*res) - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	return got == sizeof(*res) && WIFEXITED(status) &&
	       !WEXITSTATUS(status) ? 0 : -1;
}

int main(int argc, char **argv)
{
	static struct results res[31];
	static struct prog_row progs[31][BENCH_PROG_ROWS];
	unsigned int procs = 7, n = 0, i, k;
	const char *progs_dir = NULL;
	int cpu = -1, c;

	while ((c = getopt(argc, argv, "c:r:p:P")) != -1) {
		switch (c) {
		case 'c':
			cpu = atoi(optarg);
			break;
		case 'r':
			procs = atoi(optarg);
			if (procs < 1 || procs > 31) {
				fprintf(stderr, "sluice-bench: -r: 1 to 31 processes\n");
				return 2;
			}
			break;
		case 'p':
			progs_dir = optarg;
			break;
		case 'P':
			programs_only = true;
			break;
		default:
			fprintf(stderr, "usage: sluice-bench [-c CPU] [-r RUNS] [-p PROGS_DIR [-P]] [EXAMPLE.o ...]\n");
			return 2;
		}
	}
	if (cpu < 0)
		cpu = sysconf(_SC_NPROCESSORS_ONLN) - 1;
	{
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			perror("sched_setaffinity");
	}
	for (i = 0; i < procs; i++) {
		first_process = !i;
		if (measure_in_child(progs_dir, argc - optind, argv + optind,
				     &res[n])) {
			fprintf(stderr, "sluice-bench: measuring process %u failed\n",
				i + 1);
			continue;
		}
		memcpy(progs[n], res[n].progs, sizeof(progs[n]));
		n++;
	}
	if (!n)
		return 1;

	if (progs_dir && res[0].n_progs) {
		printf("sluice-bench: filter programs, CPU %d, median of %u processes; ns per run of the body (slope of 1 and %u copies per run) and of the rest of a call (intercept)\n",
		       cpu, n, BENCH_REPEAT);
		programs_print(progs, n);
		printf("\n");
	}

	if (programs_only)
		return 0;
	/* The core's table: each cell the median over the processes. */
	n_rows = res[0].n_rows;
	memcpy(rows, res[0].rows, sizeof(rows));
	for (i = 0; i < n_rows; i++) {
		double o[31], kv[31];

		for (k = 0; k < n; k++) {
			o[k] = res[k].rows[i].ours;
			kv[k] = res[k].rows[i].kern;
		}
		rows[i].ours = median(o, n);
		rows[i].kern = median(kv, n);
	}
	printf("sluice-bench: the core against the kernel, CPU %d, median of %u processes; kernel/Sluice > 1 means Sluice is faster\n",
	       cpu, n);
	print_table();
	return 0;
}
