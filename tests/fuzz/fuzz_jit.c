// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * libFuzzer target for the userspace JIT: differential against the
 * interpreter.
 *
 * The input is fuzz_prog.c's (fuzz_image.h), plus mode bit 2: blind
 * constants.  An image the verifier accepts is loaded twice: program A
 * stays on the interpreter, program B is compiled by the JIT, which must
 * accept every verified program.  B's maps start as copies of A's (same
 * contents, same bloom and count-min seeds), then both run over the same
 * three frames in turn (the input's length, ending at the guard page; the
 * contents vary per run), and every run must return the same r0; at the
 * end the array and hash maps must hold the same entries.  Programs that
 * call time_get_ns may legitimately differ: they only have to run.
 *
 * The core is built with ASan and UBSan as for fuzz-prog: the interpreter
 * run checks every access; the native code is not instrumented, but a
 * frame read past its end faults on the guard page, and any difference in
 * results or map state aborts.
 */
#include "fuzz_image.h"

static unsigned long n_inputs, n_compared, n_timed;

static void print_stats(void)
{
	fprintf(stderr,
		"fuzz-jit: %lu inputs, %lu accepted programs compared on 3 frames, %lu more only run (time_get_ns)\n",
		n_inputs, n_compared, n_timed);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_guard_init();
	sbpf_thread_register();
	atexit(print_stats);
	return 0;
}

static bool calls_time(const struct sbpf_prog *prog)
{
	unsigned int i;

	for (i = 0; i < prog->len; i++)
		if (prog->insns[i].code == (BPF_JMP | BPF_CALL) &&
		    prog->insns[i].imm == SBPF_FUNC_time_get_ns)
			return true;
	return false;
}

static void __attribute__((noreturn)) mismatch(const char *what)
{
	fprintf(stderr, "fuzz-jit: %s\n", what);
	abort();
}

/* Every entry of @a is in @b with the same value, and as many of them. */
static void compare_map(struct sbpf_map *a, struct sbpf_map *b)
{
	uint8_t key[64], next[64], va[64], vb[64];
	unsigned int na = 0, nb = 0;
	bool first = true;

	if (a->def.key_size > sizeof(key) || a->def.value_size > sizeof(va))
		abort();
	while (!sbpf_map_get_next_key(a, first ? NULL : key, next)) {
		first = false;
		memcpy(key, next, a->def.key_size);
		if (sbpf_map_lookup_copy(a, key, va))
			abort();
		if (sbpf_map_lookup_copy(b, key, vb))
			mismatch("an entry of the interpreter's map is missing in the JIT's");
		if (memcmp(va, vb, a->def.value_size))
			mismatch("map values differ");
		na++;
	}
	first = true;
	while (!sbpf_map_get_next_key(b, first ? NULL : key, next)) {
		first = false;
		memcpy(key, next, b->def.key_size);
		nb++;
	}
	if (na != nb)
		mismatch("the JIT's map has more entries");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bpf_insn insns[FUZZ_MAX_INSNS];
	static char logbuf[4096];
	struct sbpf_verifier_log log = { .buf = logbuf, .size = sizeof(logbuf),
					 .level = SBPF_LOG_ERRORS };
	struct sbpf_image img = {
		.name = "fuzz",
		.insns = insns,
		.maps = maps,
		.n_maps = ARRAY_SIZE(maps),
		.init_data = init_data,
		.license = "GPL",
	};
	struct sbpf_prog *a, *b;
	unsigned int i, k, run, len;
	uint8_t *frame;
	bool timed;
	int err;

	n_inputs++;
	if (size < 2 + 8)
		return 0;
	len = data[0];
	img.n_insns = fuzz_decode_insns(data, size, insns);
	if (sbpf_prog_load(&img, NULL, NULL, &a))
		return 0;
	if (sbpf_prog_load(&img, NULL, NULL, &b))
		mismatch("an accepted image failed to load a second time");
	for (i = 0; i < a->n_maps; i++)
		if (sbpf_map_copy(b->maps[i], a->maps[i]))
			abort();
	logbuf[0] = 0;
	err = sbpf_jit_compile(b, data[1] & 4 ? SBPF_JIT_BLIND : 0, &log);
	if (err) {
		fprintf(stderr, "fuzz-jit: the JIT declined a verified program (%d): %s",
			err, logbuf);
		abort();
	}
	timed = calls_time(a);
	if (timed)
		n_timed++;
	else
		n_compared++;

	frame = fuzz_frame(len);
	for (run = 0; run < 3; run++) {
		u64 ra, rb;

		for (k = 0; k < len; k++)
			frame[k] = run == 0 ? (uint8_t)(k * 7 + 3) :
				   run == 1 ? data[(k + 2) % size] :
				   (uint8_t)(0xff - k);
		sbpf_rcu_read_lock();
		ra = sbpf_prog_run(a, frame, len);
		rb = sbpf_prog_run(b, frame, len);
		sbpf_rcu_read_unlock();
		if (!timed && ra != rb) {
			fprintf(stderr, "fuzz-jit: run %u: interpreter 0x%llx, jit 0x%llx\n",
				run, ra, rb);
			mismatch("results differ");
		}
	}
	if (!timed)
		for (i = 0; i < a->n_maps; i++)
			if (a->maps[i]->def.type == SBPF_MAP_ARRAY ||
			    a->maps[i]->def.type == SBPF_MAP_HASH)
				compare_map(a->maps[i], b->maps[i]);
	sbpf_prog_free(a);
	sbpf_prog_free(b);
	return 0;
}
