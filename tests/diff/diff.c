// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * sluice-diff: differential testing of the Sluice BPF core against the host
 * kernel.
 *
 * Program i of a run is generated from seed S + i (gen.h), lowered for both
 * sides, loaded by sbpf_prog_load() and by BPF_PROG_LOAD (XDP), and when
 * both accept it, run over P frames by sbpf_prog_run() (on the interpreter
 * and, in a second copy, on the userspace JIT) and by BPF_PROG_TEST_RUN.
 * The 64-bit results must be equal.  Programs that only
 * one side accepts are counted and the first few are printed with the
 * rejecting side's log: they are findings too (our verifier too strict, or
 * accepting what the kernel refuses), but they do not fail the run; a
 * result mismatch does.
 *
 * Usage: sluice-diff [-n PROGS] [-s SEED] [-p FRAMES] [-b MIN:MAX]
 *                    [-j JMP_PCT] [-m MAP_PCT] [-k] [-q] [-1 SEED] [-r SEED]
 *   -k   kernel side only (self-test of the generator and the oracle)
 *   -1   one program, verbose: both lowerings, logs, every result
 *   -r   reduce a mismatching program (drop blocks while it still
 *        mismatches) and print the result verbosely
 *   -C   write programs as seed inputs of tests/fuzz/fuzz_prog.c to DIR
 * Exit status: 0 all agree, 1 mismatch, 2 usage or setup error, 77 the host
 * kernel cannot run BPF here (skip).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"
#include "kbpf.h"

#ifdef DIFF_HAVE_CORE
#include "sbpf.h"
#include "diff_core.h"
#endif

#define MAX_FRAME	96
#define KLOG_SIZE	(1 << 16)
#define SHOW_MAX	5

struct diff_stats {
	uint64_t progs;
	uint64_t insns;			/* Sluice-side instructions */
	uint64_t runs;			/* frames run on both sides */
	uint64_t both_ok;
	uint64_t sbpf_only_rej;		/* kernel accepts, we reject */
	uint64_t kern_only_rej;		/* we accept, kernel rejects */
	uint64_t both_rej;
	uint64_t mismatches;
};

static bool kernel_only;
static int kmap_fd = -1;		/* the kernel side's array map */
static bool verbose;
static bool quiet;		/* no acceptance-disagreement logs */
static bool silent;		/* nothing per program (reducer) */
static char klog[KLOG_SIZE];

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Zero the kernel side's map before a program's first frame. */
static int kmap_reset(void)
{
	uint8_t zero[GEN_MAP_VALUE] = { 0 };
	uint32_t key;
	int err;

	for (key = 0; key < GEN_MAP_ENTRIES; key++) {
		err = kbpf_map_update(kmap_fd, &key, zero, BPF_ANY);
		if (err)
			return err;
	}
	return 0;
}

/* Run the kernel side over one frame: the epilogue left r0 in bytes 0..7. */
static int kern_run(int fd, const uint8_t *pkt, unsigned int len,
		    uint64_t *r0)
{
	uint8_t out[MAX_FRAME + 64];
	uint32_t out_len = sizeof(out), ret;
	int err;

	err = kbpf_test_run(fd, pkt, len, out, &out_len, 1, &ret, NULL);
	if (err)
		return err;
	if (ret != XDP_PASS || out_len != len ||
	    memcmp(out + 8, pkt + 8, len - 8)) {
		fprintf(stderr, "kernel side: bad epilogue result (ret %u, len %u)\n",
			ret, out_len);
		return -EPROTO;
	}
	*r0 = le64(out);
	return 0;
}

/* Why Sluice rejected programs the kernel accepts: reason -> count. */
#define MAX_REASONS	16
static struct {
	char text[96];
	uint64_t count;
} reasons[MAX_REASONS];

/* The reason of a Sluice log: the text after the last ": " of its last
 * finding (the line before "rejected: ..."), without instruction data.
 */
static void count_reason(const char *log)
{
	const char *end = strstr(log, "\nrejected:"), *start, *r;
	char text[96];
	size_t len;
	int i;

	if (!end) {
		snprintf(text, sizeof(text), "(no log)");
	} else {
		start = end;
		while (start > log && start[-1] != '\n')
			start--;
		r = start;
		for (;;) {
			const char *c = strstr(r, ": ");

			if (!c || c >= end)
				break;
			r = c + 2;
		}
		len = end - r < (long)sizeof(text) - 1 ? (size_t)(end - r) :
			sizeof(text) - 1;
		memcpy(text, r, len);
		text[len] = '\0';
	}
	for (i = 0; i < MAX_REASONS; i++) {
		if (!reasons[i].count) {
			snprintf(reasons[i].text, sizeof(reasons[i].text),
				 "%s", text);
		}
		if (!strcmp(reasons[i].text, text)) {
			reasons[i].count++;
			return;
		}
	}
}

static void show_log(const char *who, const char *log)
{
	const char *tail = log;
	size_t n = strlen(log);

	/* The verdict is at the end of a kernel log. */
	if (n > 600)
		tail = log + n - 600;
	fprintf(stderr, "  %s log%s:\n%s\n", who, tail != log ? " (tail)" : "",
		tail);
}

/*
 * One program: returns false on a mismatch.  @expect (fixed programs only)
 * is checked against the kernel result.
 */
static bool diff_one(struct gen_prog *g, uint64_t seed, unsigned int frames,
		     struct diff_stats *st, const char *label)
{
	static struct bpf_insn kins[GEN_MAX_INSNS], sins[GEN_MAX_INSNS];
	unsigned int kn, sn, f;
	bool k_ok, s_ok = false, ok = true, with_map;
	int kfd;
#ifdef DIFF_HAVE_CORE
	struct diff_core_prog *sp = NULL;
	char slog[4096];
#endif

	kn = gen_lower(g, GEN_SIDE_KERNEL, kmap_fd, kins);
	sn = gen_lower(g, GEN_SIDE_SBPF, 0, sins);
	with_map = gen_prog_uses_map(g);
	st->progs++;
	st->insns += sn;
	if (verbose) {
		fprintf(stderr, "%s %" PRIu64 ": Sluice side, %u insns\n",
			label, seed, sn);
		gen_dump(sins, sn);
		fprintf(stderr, "kernel side, %u insns\n", kn);
		gen_dump(kins, kn);
	}

	kfd = kbpf_prog_load(kins, kn, NULL, 0);
	k_ok = kfd >= 0;
#ifdef DIFF_HAVE_CORE
	if (!kernel_only) {
		slog[0] = '\0';
		s_ok = diff_core_load(sins, sn, with_map, slog, sizeof(slog),
				      &sp) == 0;
	}
#endif
	if (kernel_only) {
		if (k_ok)
			st->both_ok++;
		else
			st->kern_only_rej++;
	} else if (k_ok && s_ok) {
		st->both_ok++;
	} else if (k_ok) {
#ifdef DIFF_HAVE_CORE
		count_reason(slog);
#endif
		st->sbpf_only_rej++;
		if (!quiet && !silent && st->sbpf_only_rej <= SHOW_MAX) {
			fprintf(stderr, "%s %" PRIu64 ": kernel accepts, Sluice rejects\n",
				label, seed);
#ifdef DIFF_HAVE_CORE
			show_log("Sluice", slog);
#endif
		}
	} else if (s_ok) {
		st->kern_only_rej++;
		if (!quiet && !silent && st->kern_only_rej <= SHOW_MAX) {
			fprintf(stderr, "%s %" PRIu64 ": Sluice accepts, kernel rejects (%s)\n",
				label, seed, strerror(-kfd));
			kbpf_prog_load(kins, kn, klog, sizeof(klog));
			show_log("kernel", klog);
		}
	} else {
		st->both_rej++;
	}
	if (verbose && !k_ok) {
		kbpf_prog_load(kins, kn, klog, sizeof(klog));
		show_log("kernel", klog);
	}
#ifdef DIFF_HAVE_CORE
	if (verbose && !kernel_only && !s_ok)
		show_log("Sluice", slog);
#endif

#ifdef DIFF_HAVE_CORE
	if (k_ok && s_ok && !diff_core_jit_ok(sp, slog, sizeof(slog))) {
		ok = false;
		st->mismatches++;
		if (!silent)
			fprintf(stderr, "MISMATCH %s %" PRIu64 ": the JIT declined a verified program: %s  reproduce: sluice-diff -1 %" PRIu64 "\n",
				label, seed, slog, seed);
		s_ok = false;
	}
#endif
	if (k_ok && with_map && kmap_reset()) {
		fprintf(stderr, "cannot reset the kernel map\n");
		ok = false;
		k_ok = false;
		close(kfd);
	}
	for (f = 0; k_ok && f < frames; f++) {
		uint8_t pkt[MAX_FRAME];
		unsigned int len = gen_packet(seed, f, pkt, MAX_FRAME);
		uint64_t kr0 = 0, sr0 = 0, jr0 = 0;
		int err;

		err = kern_run(kfd, pkt, len, &kr0);
		if (err) {
			fprintf(stderr, "%s %" PRIu64 ": BPF_PROG_TEST_RUN: %s\n",
				label, seed, strerror(-err));
			ok = false;
			break;
		}
		if (verbose)
			fprintf(stderr, "frame %u (%u bytes): kernel r0 = 0x%016" PRIx64 "\n",
				f, len, kr0);
		if (!s_ok)
			continue;
#ifdef DIFF_HAVE_CORE
		sr0 = diff_core_run(sp, DIFF_CORE_INTERP, pkt, len);
		jr0 = diff_core_run(sp, DIFF_CORE_JIT, pkt, len);
#endif
		st->runs++;
		if (sr0 == kr0 && jr0 == kr0)
			continue;
		ok = false;
		st->mismatches++;
		if (!silent && (st->mismatches <= SHOW_MAX || verbose)) {
			fprintf(stderr, "MISMATCH %s %" PRIu64 " frame %u (%u bytes): Sluice 0x%016" PRIx64 " (JIT 0x%016" PRIx64 "), kernel 0x%016" PRIx64 "\n",
				label, seed, f, len, sr0, jr0, kr0);
			fprintf(stderr, "  reproduce: sluice-diff -1 %" PRIu64 "\n",
				seed);
		}
	}
#ifdef DIFF_HAVE_CORE
	/* The map state the frames left behind must agree too. */
	if (ok && k_ok && s_ok && with_map && frames) {
		uint8_t kv[GEN_MAP_VALUE], sv[GEN_MAP_VALUE], jv[GEN_MAP_VALUE];
		uint32_t key;

		for (key = 0; key < GEN_MAP_ENTRIES; key++) {
			if (kbpf_map_lookup(kmap_fd, &key, kv) ||
			    diff_core_map_read(sp, DIFF_CORE_INTERP, key, sv) ||
			    diff_core_map_read(sp, DIFF_CORE_JIT, key, jv) ||
			    memcmp(kv, sv, sizeof(kv)) ||
			    memcmp(kv, jv, sizeof(kv))) {
				ok = false;
				st->mismatches++;
				if (!silent)
					fprintf(stderr, "MISMATCH %s %" PRIu64 ": map value %u differs\n  reproduce: sluice-diff -1 %" PRIu64 "\n",
						label, seed, key, seed);
				break;
			}
		}
	}
	if (sp)
		diff_core_free(sp);
#endif
	if (k_ok)
		close(kfd);
	return ok;
}

/* Known answers for the fixed programs, on both sides. */
static int self_test(struct diff_stats *st)
{
	unsigned int w;

	for (w = 0; w < GEN_N_FIXED; w++) {
		struct gen_prog *g = gen_prog_fixed(w);
		struct bpf_insn ins[GEN_MAX_INSNS];
		uint8_t pkt[MAX_FRAME];
		unsigned int n, len;
		uint64_t r0, want;
		int fd, err;

		if (!g)
			return -ENOMEM;
		len = gen_packet(w, 0, pkt, MAX_FRAME);
		want = w == 0 ? 0x8000000000000001ull :
		       w == 1 ? le64(pkt) : ~0ull;
		n = gen_lower(g, GEN_SIDE_KERNEL, kmap_fd, ins);
		fd = kbpf_prog_load(ins, n, klog, sizeof(klog));
		if (fd < 0) {
			fprintf(stderr, "self-test %u: kernel rejects\n%s\n",
				w, klog);
			gen_prog_free(g);
			return fd;
		}
		err = kern_run(fd, pkt, len, &r0);
		close(fd);
		if (err || r0 != want) {
			fprintf(stderr, "self-test %u: kernel r0 0x%" PRIx64 ", want 0x%" PRIx64 " (%d)\n",
				w, r0, want, err);
			gen_prog_free(g);
			return -EPROTO;
		}
		/* The same programs through the normal path, both sides. */
		if (!diff_one(g, w, 4, st, "fixed")) {
			gen_prog_free(g);
			return -EPROTO;
		}
		gen_prog_free(g);
	}
	return 0;
}

/*
 * Reduce the program of @seed: drop blocks one at a time while a mismatch
 * remains, then print what is left.
 */
static int reduce(uint64_t seed, const struct gen_params *gp,
		  unsigned int frames)
{
	struct gen_prog *g = gen_prog_new(seed, gp), *d;
	struct diff_stats st = { 0 };
	bool progress = true;
	unsigned int i;

	if (!g)
		return 2;
	silent = true;
	if (diff_one(g, seed, frames, &st, "program")) {
		fprintf(stderr, "program %" PRIu64 ": no mismatch\n", seed);
		gen_prog_free(g);
		return 0;
	}
	while (progress) {
		progress = false;
		for (i = gen_prog_blocks(g); i-- > 0;) {
			memset(&st, 0, sizeof(st));
			d = gen_prog_drop(g, i);
			if (!d)
				break;
			if (!diff_one(d, seed, frames, &st, "program") &&
			    st.mismatches) {
				gen_prog_free(g);
				g = d;
				progress = true;
			} else {
				gen_prog_free(d);
			}
		}
	}
	silent = false;
	verbose = true;
	memset(&st, 0, sizeof(st));
	fprintf(stderr, "reduced to %u blocks:\n", gen_prog_blocks(g));
	diff_one(g, seed, frames, &st, "reduced");
	gen_prog_free(g);
	return 1;
}

/*
 * Write the Sluice side of programs seed..seed+n-1 as inputs of the fuzz
 * target (tests/fuzz/fuzz_prog.c, raw mode: frame length, mode 0, insns).
 */
static int write_corpus(const char *dir, uint64_t seed, uint64_t n,
			const struct gen_params *gp)
{
	static struct bpf_insn ins[GEN_MAX_INSNS];
	char path[4096];
	uint64_t i;

	for (i = 0; i < n; i++) {
		struct gen_prog *g = gen_prog_new(seed + i, gp);
		uint8_t hdr[2] = { 14 + (seed + i) % 80, 0 };
		unsigned int k;
		FILE *f;

		if (!g)
			return 2;
		k = gen_lower(g, GEN_SIDE_SBPF, 0, ins);
		gen_prog_free(g);
		snprintf(path, sizeof(path), "%s/gen-%" PRIu64, dir, seed + i);
		f = fopen(path, "wb");
		if (!f || fwrite(hdr, 2, 1, f) != 1 ||
		    fwrite(ins, sizeof(ins[0]), k, f) != k || fclose(f)) {
			perror(path);
			return 2;
		}
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: sluice-diff [-n PROGS] [-s SEED] [-p FRAMES] [-b MIN:MAX] [-j JMP_PCT] [-m MAP_PCT] [-k] [-q] [-1 SEED] [-r SEED] [-C DIR]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct gen_params gp = { .min_blocks = 8, .max_blocks = 120,
				 .jmp_pct = 8, .map_pct = 4 };
	struct diff_stats st = { 0 };
	uint64_t seed = 1, one = 0, i, n = 1000;
	unsigned int frames = 4;
	bool single = false, reducing = false;
	const char *corpus = NULL;
	uint64_t t0, t1;
	const char *why;
	int c;

	while ((c = getopt(argc, argv, "n:s:p:b:j:m:kq1:r:C:")) != -1) {
		switch (c) {
		case 'n':
			n = strtoull(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			frames = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			if (sscanf(optarg, "%u:%u", &gp.min_blocks,
				   &gp.max_blocks) != 2 ||
			    gp.min_blocks > gp.max_blocks ||
			    gp.max_blocks > 500)
				usage();
			break;
		case 'j':
			gp.jmp_pct = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			gp.map_pct = strtoul(optarg, NULL, 0);
			break;
		case 'k':
			kernel_only = true;
			break;
		case 'q':
			quiet = true;
			break;
		case '1':
			one = strtoull(optarg, NULL, 0);
			single = true;
			verbose = true;
			break;
		case 'C':
			corpus = optarg;
			break;
		case 'r':
			one = strtoull(optarg, NULL, 0);
			reducing = true;
			break;
		default:
			usage();
		}
	}
	if (corpus)
		return write_corpus(corpus, seed, n, &gp);
#ifndef DIFF_HAVE_CORE
	kernel_only = true;
#endif
	if (!kbpf_available(&why)) {
		printf("sluice-diff: SKIP: the host kernel cannot run BPF here: %s\n",
		       why);
		return 77;
	}
#ifdef DIFF_HAVE_CORE
	if (diff_core_init())
		return 2;
#endif
	kmap_fd = kbpf_map_create(BPF_MAP_TYPE_ARRAY, 4, GEN_MAP_VALUE,
				  GEN_MAP_ENTRIES, 0);
	if (kmap_fd < 0) {
		fprintf(stderr, "sluice-diff: cannot create the kernel's array map: %s\n",
			strerror(-kmap_fd));
		return 2;
	}
	t0 = kbpf_now_ns();
	if (reducing)
		return reduce(one, &gp, frames);
	if (single) {
		struct gen_prog *g = gen_prog_new(one, &gp);

		if (!g)
			return 2;
		diff_one(g, one, frames, &st, "program");
		gen_prog_free(g);
		return st.mismatches ? 1 : 0;
	}
	if (self_test(&st)) {
		fprintf(stderr, "sluice-diff: self-test failed\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct gen_prog *g = gen_prog_new(seed + i, &gp);

		if (!g)
			return 2;
		diff_one(g, seed + i, frames, &st, "program");
		gen_prog_free(g);
	}
	t1 = kbpf_now_ns();

	printf("sluice-diff: %s; seeds %" PRIu64 "..%" PRIu64 ", %u frames each, %.1f s\n",
	       kernel_only ? "kernel side only (no core)" : "Sluice vs host kernel",
	       seed, seed + n - 1, frames, (t1 - t0) / 1e9);
	printf("  programs %" PRIu64 " (%" PRIu64 " insns, Sluice side), runs compared %" PRIu64 "\n",
	       st.progs, st.insns, st.runs);
	printf("  accepted by both %" PRIu64 " (%.1f%%)\n", st.both_ok,
	       100.0 * st.both_ok / st.progs);
	if (kernel_only) {
		printf("  kernel rejects %" PRIu64 " (%.1f%%)\n",
		       st.kern_only_rej, 100.0 * st.kern_only_rej / st.progs);
	} else {
		printf("  kernel accepts, Sluice rejects %" PRIu64 " (%.1f%%)\n",
		       st.sbpf_only_rej, 100.0 * st.sbpf_only_rej / st.progs);
		printf("  Sluice accepts, kernel rejects %" PRIu64 " (%.1f%%)\n",
		       st.kern_only_rej, 100.0 * st.kern_only_rej / st.progs);
		printf("  both reject %" PRIu64 "\n", st.both_rej);
		for (c = 0; c < MAX_REASONS && reasons[c].count; c++)
			printf("    Sluice rejects %" PRIu64 "x: %s\n",
			       reasons[c].count, reasons[c].text);
	}
	printf("  result mismatches %" PRIu64 "\n", st.mismatches);
	return st.mismatches ? 1 : 0;
}
