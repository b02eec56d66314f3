// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The filter programs' table: the programs of bench/progs, each compiled
 * from one source into a Sluice object and an XDP object, run over the
 * same frames by our interpreter, our JIT and the host kernel's JIT.
 *
 * Method (bench/README.md has the long form).  Each program exists twice
 * per flavour: its body once per run, and BENCH_REPEAT copies of it per
 * run.  A run costs call + copies * code, so two timings give
 *
 *     code = (t(BENCH_REPEAT) - t(1)) / (BENCH_REPEAT - 1)   the body
 *     call = t(1) - code                    everything else per run
 *
 * "call" is, for our engines, sbpf_prog_run() called from a C loop (the
 * dispatch, the engine's entry and exit, the loop); for the kernel it is
 * the BPF_PROG_TEST_RUN loop around each run (ctx setup, timer checks)
 * plus the entry reading data/data_end.  The body copies share nothing
 * (bench_prog.h launders the frame pointers between them), so the slope
 * is the body's own time.
 *
 * Times are this thread's CPU time over enough runs to last SAMPLE_NS,
 * the fastest of ROUNDS timings in this process, the engines taking
 * turns (the caller takes the median over processes).  The kernel's is measured around the whole
 * BPF_PROG_TEST_RUN call (its per-call set-up is spread over millions of
 * runs), which also avoids the whole-ns rounding of the duration it
 * reports.
 *
 * Every engine's result is checked: the same value from all three, and
 * the expected one (1 = match; the FNV-1a hash of the frame's first 64
 * bytes for hash64).  The instruction count comes from insn_count.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "sbpf.h"
#include "bpf-object.h"
#include "kbpf.h"
#include "bench.h"
#include "insn_count.h"

#ifndef BENCH_REPEAT
#error "BENCH_REPEAT: the copies per run of the repeated objects (mk/bench.mk)"
#endif

#define SAMPLE_NS	2000000.0	/* each timing lasts about 2 ms */
#define ROUNDS		15		/* timings per process; the fastest is
					 * kept: interference only adds */
#define FILL		1024		/* entries put in each program's map */

/* trivial first: the summary takes the per-call overhead from it. */
static const char *const prog_names[BENCH_PROGS] = {
	"trivial", "port80", "srcmap", "hash64", "flowcount",
};
static const unsigned int frame_sizes[BENCH_FRAMES] = { 64, 1500 };

static const char *const engine_names[N_ENGINES] = {
	"interp", "JIT", "kernel",
};

/* A TCP/IPv4 frame from 10.0.0.1:40000 to 10.0.0.2:80, @size bytes. */
static void build_frame(uint8_t *f, unsigned int size)
{
	static const uint8_t hdr[54] = {
		/* Ethernet: dst, src, IPv4 */
		0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
		/* IPv4: 0x45, tos, tot_len (set below), id, DF, ttl 64, TCP,
		 * checksum, 10.0.0.1, 10.0.0.2 */
		0x45, 0, 0, 0, 0x12, 0x34, 0x40, 0, 64, 6, 0, 0,
		10, 0, 0, 1, 10, 0, 0, 2,
		/* TCP: 40000 -> 80, seq, ack, doff 5, ACK, window */
		0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x10,
		0xff, 0xff, 0, 0, 0, 0,
	};
	unsigned int i;

	memcpy(f, hdr, sizeof(hdr));
	f[16] = (size - 14) >> 8;
	f[17] = (size - 14) & 0xff;
	for (i = sizeof(hdr); i < size; i++)
		f[i] = i * 7;
}

/* What the programs must return for the frame, with one body per run. */
static uint64_t expected(unsigned int p, const uint8_t *frame)
{
	uint32_t h = 2166136261u;
	unsigned int i;

	if (strcmp(prog_names[p], "hash64"))
		return 1;
	for (i = 0; i < 64; i++)
		h = (h ^ frame[i]) * 16777619u;
	return h;
}

/*
 * The content of a program's map, by its name: "sources" holds the
 * frame's source address among FILL - 1 others; "flows" FILL - 1 other
 * 5-tuples (the frame's own is inserted by its first run).
 */
typedef int put_fn(void *ctx, const void *key, const void *value);

static int fill_map(const struct sbpf_map_def *def, put_fn *put, void *ctx)
{
	uint64_t zero = 0;
	uint32_t i;
	int err;

	for (i = 0; i < FILL; i++) {
		if (!strcmp(def->name, "sources")) {
			uint32_t a = htonl(i ? 0x0b000000 + i : 0x0a000001);

			err = put(ctx, &a, &zero);
		} else if (!strcmp(def->name, "flows")) {
			uint32_t k[4] = { htonl(0x0a000001), htonl(0x0a000002),
					  htons(1000 + i) | htons(80) << 16,
					  6 };

			if (i == FILL - 1)
				break;
			err = put(ctx, k, &zero);
		} else {
			return 0;
		}
		if (err)
			return err;
	}
	return 0;
}

static int put_ours(void *map, const void *key, const void *value)
{
	return sbpf_map_update(map, key, value, SBPF_ANY);
}

static int put_kern(void *fd, const void *key, const void *value)
{
	return kbpf_map_update(*(int *)fd, key, value, BPF_ANY);
}

/* One loaded instance of a program in one engine. */
struct instance {
	struct sbpf_prog *prog;		/* ours */
	int fd;				/* the kernel's program, or -1 */
	int map_fds[SBPF_MAX_MAPS];	/* the kernel's maps */
	unsigned int n_maps;
};

static int open_image(const char *dir, const char *name, const char *flavour,
		      unsigned int repeat, struct sbpf_object **objp,
		      struct sbpf_image *img)
{
	char path[512], *err = NULL;
	size_t idx;

	snprintf(path, sizeof(path), "%s/%s.%s-r%u.o", dir, name, flavour,
		 repeat);
	if (sbpf_object_open_file(path, objp, &err) ||
	    sbpf_object_find_prog(*objp, name, &idx, &err)) {
		fprintf(stderr, "sluice-bench: %s: %s\n", path,
			err ? err : "cannot open");
		free(err);
		return -1;
	}
	sbpf_object_get_image(*objp, idx, img);
	return 0;
}

static int load_ours(const char *dir, const char *name, unsigned int repeat,
		     enum bench_engine eng, struct instance *in)
{
	static char log[8192];
	struct sbpf_verifier_log vlog = { .buf = log, .size = sizeof(log),
					  .level = SBPF_LOG_ERRORS };
	struct sbpf_object *obj;
	struct sbpf_image img;
	unsigned int i;
	int err;

	memset(in, 0, sizeof(*in));
	in->fd = -1;
	if (open_image(dir, name, "sluice", repeat, &obj, &img))
		return -1;
	err = sbpf_prog_load(&img, &vlog, NULL, &in->prog);
	if (err) {
		fprintf(stderr, "sluice-bench: %s (%u copies): our verifier says (%d):\n%s\n",
			name, repeat, err, log);
		in->prog = NULL;
		goto out;
	}
	for (i = 0; i < img.n_maps && !err; i++)
		err = fill_map(&img.maps[i], put_ours, in->prog->maps[i]);
	if (err) {
		fprintf(stderr, "sluice-bench: %s: filling its map: %d\n",
			name, err);
		goto out;
	}
	if (eng == ENG_JIT) {
		vlog.len = 0;
		log[0] = '\0';
		err = sbpf_jit_compile(in->prog, 0, &vlog);
		if (err || !in->prog->jited) {
			fprintf(stderr, "sluice-bench: %s (%u copies): the JIT refuses (%d): %s\n",
				name, repeat, err, log);
			err = err ? err : -ENOEXEC;
		}
	}
out:
	sbpf_object_close(obj);
	if (err && in->prog) {
		sbpf_prog_free(in->prog);
		in->prog = NULL;
	}
	return err ? -1 : 0;
}

static int load_kern(const char *dir, const char *name, unsigned int repeat,
		     struct instance *in)
{
	static char log[1 << 16];
	static struct bpf_insn insns[SBPF_MAX_INSNS];
	struct sbpf_object *obj;
	struct sbpf_image img;
	unsigned int i;
	int err = 0;

	memset(in, 0, sizeof(*in));
	in->fd = -1;
	if (open_image(dir, name, "xdp", repeat, &obj, &img))
		return -1;
	if (img.n_insns > SBPF_MAX_INSNS) {
		err = -E2BIG;
		goto out;
	}
	for (i = 0; i < img.n_maps; i++) {
		const struct sbpf_map_def *d = &img.maps[i];
		uint32_t type = d->type == SBPF_MAP_HASH ? BPF_MAP_TYPE_HASH :
				d->type == SBPF_MAP_ARRAY ? BPF_MAP_TYPE_ARRAY :
				0;
		int fd;

		fd = type ? kbpf_map_create(type, d->key_size, d->value_size,
					    d->max_entries, 0) : -EINVAL;
		if (fd < 0) {
			fprintf(stderr, "sluice-bench: %s: kernel map %s: %s\n",
				name, d->name, strerror(-fd));
			err = fd;
			goto out;
		}
		in->map_fds[in->n_maps++] = fd;
		err = fill_map(d, put_kern, &in->map_fds[i]);
		if (err)
			goto out;
	}
	/* Map references carry the map's index; the kernel wants its fd. */
	memcpy(insns, img.insns, img.n_insns * sizeof(*insns));
	for (i = 0; i < img.n_insns; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insns[i].src_reg == BPF_PSEUDO_MAP_FD &&
		    (uint32_t)insns[i].imm < in->n_maps) {
			insns[i].imm = in->map_fds[insns[i].imm];
		} else if (insns[i].src_reg) {
			fprintf(stderr, "sluice-bench: %s: insn %u: a 64-bit load of neither a constant nor a map\n",
				name, i);
			err = -EINVAL;
			goto out;
		}
		i++;
	}
	in->fd = kbpf_prog_load(insns, img.n_insns, NULL, 0);
	if (in->fd < 0) {
		kbpf_prog_load(insns, img.n_insns, log, sizeof(log));
		fprintf(stderr, "sluice-bench: %s (%u copies): the kernel refuses: %s\n",
			name, repeat, log);
		err = in->fd;
	}
out:
	sbpf_object_close(obj);
	return err ? -1 : 0;
}

static void unload(struct instance *in)
{
	unsigned int i;

	if (in->prog)
		sbpf_prog_free(in->prog);
	if (in->fd >= 0)
		close(in->fd);
	for (i = 0; i < in->n_maps; i++)
		close(in->map_fds[i]);
	in->prog = NULL;
	in->fd = -1;
	in->n_maps = 0;
}

static bool loaded(const struct instance *in)
{
	return in->prog || in->fd >= 0;
}

/* @reps runs of @in over the frame: mean ns per run; *@r0: a result. */
static double time_runs(const struct instance *in, const uint8_t *frame,
			unsigned int size, uint32_t reps, uint64_t *r0)
{
	uint64_t t0, t1;

	if (in->prog) {
		volatile uint64_t sink;
		uint64_t acc = 0;
		uint32_t i;

		sbpf_rcu_read_lock();
		*r0 = sbpf_prog_run(in->prog, frame, size);
		t0 = cpu_ns();
		for (i = 0; i < reps; i++)
			acc += sbpf_prog_run(in->prog, frame, size);
		t1 = cpu_ns();
		sbpf_rcu_read_unlock();
		sink = acc;
		(void)sink;
	} else {
		uint32_t ret = 0;

		if (kbpf_test_run(in->fd, frame, size, NULL, NULL, 1, &ret,
				  NULL))
			return -1;
		*r0 = ret;
		t0 = cpu_ns();
		if (kbpf_test_run(in->fd, frame, size, NULL, NULL, reps, NULL,
				  NULL))
			return -1;
		t1 = cpu_ns();
	}
	return (double)(t1 - t0) / reps;
}

/* Mean ns per run over about SAMPLE_NS, after a calibration run. */
static double time_sample(const struct instance *in, const uint8_t *frame,
			  unsigned int size, uint64_t *r0)
{
	double t = time_runs(in, frame, size, 2000, r0);
	double reps;

	if (t <= 0)
		return t;
	reps = SAMPLE_NS / t;
	if (reps < 1000)
		reps = 1000;
	if (reps > 50000000)
		reps = 50000000;
	return time_runs(in, frame, size, (uint32_t)reps, r0);
}

static bool calls_helpers(const struct sbpf_prog *prog)
{
	uint32_t i;

	for (i = 0; i < prog->len; i++)
		if (prog->insns[i].code == (BPF_JMP | BPF_CALL))
			return true;
	return false;
}

static void measure_prog(const char *dir, unsigned int p, bool have_kernel,
			 struct prog_row *rows)
{
	const unsigned int reps[2] = { 1, BENCH_REPEAT };
	struct instance in[N_ENGINES][2];
	static uint8_t frame[2048];
	const char *name = prog_names[p];
	unsigned int f, e, v;

	for (v = 0; v < 2; v++) {
		load_ours(dir, name, reps[v], ENG_INTERP, &in[ENG_INTERP][v]);
		load_ours(dir, name, reps[v], ENG_JIT, &in[ENG_JIT][v]);
		if (have_kernel)
			load_kern(dir, name, reps[v], &in[ENG_KERNEL][v]);
		else
			in[ENG_KERNEL][v] = (struct instance){ .fd = -1 };
	}
	for (f = 0; f < BENCH_FRAMES; f++) {
		struct prog_row *r = &rows[f];
		const unsigned int size = frame_sizes[f];
		uint64_t want, insns[2] = { 0, 0 };
		uint64_t got[N_ENGINES][2] = { { 0 } };
		double best[N_ENGINES][2];
		unsigned int k;

		build_frame(frame, size);
		want = expected(p, frame);
		memset(r, 0, sizeof(*r));
		snprintf(r->name, sizeof(r->name), "%s", name);
		r->bytes = size;
		/*
		 * Engines take turns, round after round, so that a change in
		 * the machine's load hits them alike.
		 */
		for (e = 0; e < N_ENGINES; e++)
			best[e][0] = best[e][1] = INFINITY;
		for (k = 0; k < ROUNDS; k++) {
			for (e = 0; e < N_ENGINES; e++) {
				if (!loaded(&in[e][0]) || !loaded(&in[e][1]))
					continue;
				for (v = 0; v < 2; v++) {
					double t = time_sample(&in[e][v], frame,
							       size,
							       &got[e][v]);

					if (t >= 0 && t < best[e][v])
						best[e][v] = t;
				}
			}
		}
		for (e = 0; e < N_ENGINES; e++) {
			r->code[e] = r->call[e] = NAN;
			if (isinf(best[e][0]) || isinf(best[e][1]))
				continue;
			r->code[e] = (best[e][1] - best[e][0]) /
				     (BENCH_REPEAT - 1);
			r->call[e] = best[e][0] - r->code[e];
		}
		/*
		 * Results: every engine the same, and the expected one.  XDP
		 * returns 32 bits: the kernel is compared on those.
		 */
		for (e = 0; e < N_ENGINES; e++) {
			uint64_t mask = e == ENG_KERNEL ? 0xffffffffull : ~0ull;

			if (isnan(r->code[e]))
				continue;
			if ((got[e][0] & mask) != want ||
			    (!isnan(r->code[ENG_INTERP]) &&
			     (got[e][1] & mask) !=
			     (got[ENG_INTERP][1] & mask))) {
				fprintf(stderr, "sluice-bench: %s, %u bytes: %s returns %#llx (1 copy) and %#llx (%u copies); expected %#llx and, as the interpreter, %#llx\n",
					name, size, engine_names[e],
					(unsigned long long)got[e][0],
					(unsigned long long)got[e][1],
					BENCH_REPEAT, (unsigned long long)want,
					(unsigned long long)got[ENG_INTERP][1]);
				r->mismatch = true;
			}
		}
		for (v = 0; v < 2 && in[ENG_INTERP][v].prog; v++) {
			uint64_t r0 = 0;

			sbpf_rcu_read_lock();
			insns[v] = insn_count_run(in[ENG_INTERP][v].prog,
						  frame, size, &r0);
			sbpf_rcu_read_unlock();
			if ((uint32_t)r0 != (uint32_t)got[ENG_INTERP][v]) {
				fprintf(stderr, "sluice-bench: %s: the instruction counter returns %#llx, the interpreter %#llx\n",
					name, (unsigned long long)r0,
					(unsigned long long)got[ENG_INTERP][v]);
				insns[0] = insns[1] = 0;
				break;
			}
		}
		r->insns_body = insns[1] && insns[0] ?
			(double)(insns[1] - insns[0]) / (BENCH_REPEAT - 1) :
			NAN;
		r->helpers = in[ENG_INTERP][0].prog &&
			     calls_helpers(in[ENG_INTERP][0].prog);
	}
	for (e = 0; e < N_ENGINES; e++)
		for (v = 0; v < 2; v++)
			unload(&in[e][v]);
}

unsigned int programs_measure(const char *dir, bool have_kernel,
			      struct prog_row *rows)
{
	unsigned int p;

	for (p = 0; p < BENCH_PROGS; p++)
		measure_prog(dir, p, have_kernel, &rows[p * BENCH_FRAMES]);
	return BENCH_PROG_ROWS;
}

/* ---------------------------------------------------------- table -- */

static void cell(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else if (fabs(v) < 100)
		snprintf(buf, size, "%.2f", v);
	else
		snprintf(buf, size, "%.0f", v);
}

static void ratio(char *buf, size_t size, double a, double b)
{
	if (isnan(a) || isnan(b) || b <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.2f", a / b);
}

void programs_print(struct prog_row (*runs)[BENCH_PROG_ROWS],
		    unsigned int n_runs)
{
	double calls[N_ENGINES][BENCH_PROG_ROWS];
	double worst_jit = NAN, worst_insn = NAN;
	unsigned int i, k, e;

	printf("| %-9s | %5s | %5s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %7s |\n",
	       "program", "frame", "insns", "interp", "ns/insn", "JIT",
	       "kernel", "int/ker", "JIT/ker", "call:in", "call:JIT",
	       "call:ker");
	printf("|-----------|------:|------:|--------:|--------:|--------:|--------:|--------:|--------:|--------:|--------:|--------:|\n");
	for (i = 0; i < BENCH_PROG_ROWS; i++) {
		const struct prog_row *r0 = &runs[0][i];
		double code[N_ENGINES], call[N_ENGINES], v[32], per;
		char c[10][16];
		bool mismatch = false;

		for (e = 0; e < N_ENGINES; e++) {
			for (k = 0; k < n_runs; k++)
				v[k] = runs[k][i].code[e];
			code[e] = median(v, n_runs);
			for (k = 0; k < n_runs; k++)
				v[k] = runs[k][i].call[e];
			call[e] = median(v, n_runs);
			calls[e][i] = call[e];
		}
		for (k = 0; k < n_runs; k++)
			mismatch |= runs[k][i].mismatch;
		per = code[ENG_INTERP] / r0->insns_body;
		cell(c[0], 16, r0->insns_body);
		cell(c[1], 16, code[ENG_INTERP]);
		cell(c[2], 15, per);
		if (r0->helpers && !isnan(per))
			strcat(c[2], "*");
		cell(c[3], 16, code[ENG_JIT]);
		cell(c[4], 16, code[ENG_KERNEL]);
		ratio(c[5], 16, code[ENG_INTERP], code[ENG_KERNEL]);
		ratio(c[6], 16, code[ENG_JIT], code[ENG_KERNEL]);
		cell(c[7], 16, call[ENG_INTERP]);
		cell(c[8], 16, call[ENG_JIT]);
		cell(c[9], 16, call[ENG_KERNEL]);
		printf("| %-9s | %5u | %5s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %7s |%s\n",
		       r0->name, r0->bytes, c[0], c[1], c[2], c[3], c[4],
		       c[5], c[6], c[7], c[8], c[9],
		       mismatch ? " RESULTS DIFFER" : "");
		/* The targets leave out bodies of a few instructions, whose
		 * time is below the noise. */
		if (r0->insns_body < 10)
			continue;
		if (code[ENG_KERNEL] > 0 &&
		    !(code[ENG_JIT] / code[ENG_KERNEL] <= worst_jit))
			worst_jit = code[ENG_JIT] / code[ENG_KERNEL];
		if (!r0->helpers && !(per <= worst_insn))
			worst_insn = per;
	}
	printf("\nns per run, median of %u processes.  insns: instructions executed per body\n"
	       "copy (interpreter); ns/insn: interpreter time per instruction (*: includes\n"
	       "the helpers' own time); int/ker, JIT/ker: code time over the kernel JIT's;\n"
	       "call:*: per-run cost outside the body (the kernel's is its test-run harness).\n",
	       n_runs);
	printf("Targets (bodies of 10+ instructions):\n");
	if (!isnan(worst_jit))
		printf("  our JIT / kernel JIT code time, worst row: %.2f (target <= 1.05)\n",
		       worst_jit);
	else
		printf("  our JIT / kernel JIT code time: no JIT column\n");
	/* The trivial program's rows: the smallest body, so the intercept
	 * least disturbed by the slope's error. */
	for (e = 0; e < N_ENGINES; e++) {
		double m = median(calls[e], BENCH_FRAMES);

		if (isnan(m))
			continue;
		printf("  per-call overhead, %s: %.2f ns (trivial program)%s\n",
		       engine_names[e], m,
		       e == ENG_KERNEL ? ", the test-run harness, for reference" :
		       ", target <= 3");
	}
	if (!isnan(worst_insn))
		printf("  interpreter, ns per instruction, worst helper-free row: %.2f (target <= 2)\n",
		       worst_insn);
}
