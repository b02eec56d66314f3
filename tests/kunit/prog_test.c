// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * KUnit suite: programs end to end through sbpf_prog_load() (maps,
 * verifier, binding of map references) and sbpf_prog_run(): image checks
 * with their errors, then a table of programs over every map type and
 * helper, each run on a test frame with the verdict it must give, the map
 * state checked from the control plane afterwards.  Each program of the
 * table is loaded and run once per engine (sbpf_engines.h): every engine
 * must give the verdict and leave the map state.
 */
#include "sbpf_kunit.h"
#include "sbpf.h"
#include "sbpf_asm.h"
#include "sbpf_engines.h"

#define R0	BPF_REG_0
#define R1	BPF_REG_1
#define R2	BPF_REG_2
#define R3	BPF_REG_3
#define R6	BPF_REG_6
#define R10	BPF_REG_10

static u8 frame[64];

static void fill_frame(void)
{
	u32 i;

	for (i = 0; i < sizeof(frame); i++)
		frame[i] = (u8)(i + 1);
}

struct load_result {
	int err;
	struct sbpf_prog *prog;
	char log[1024];
	struct sbpf_verifier_stats stats;
};

static void load(struct load_result *r, const struct bpf_insn *insns, u32 n,
		 const struct sbpf_map_def *maps, u32 n_maps,
		 const void *const *init)
{
	struct sbpf_image img = {
		.insns = insns, .n_insns = n, .maps = maps, .n_maps = n_maps,
		.init_data = init,
	};
	struct sbpf_verifier_log log = {
		.buf = r->log, .size = sizeof(r->log), .level = SBPF_LOG_ERRORS,
	};

	snprintf(img.name, sizeof(img.name), "prog_test");
	r->log[0] = 0;
	r->err = sbpf_prog_load(&img, &log, &r->stats, &r->prog);
}

static const struct bpf_insn ret1[] = {
	SBPF_MOV64_IMM(R0, 1),
	SBPF_EXIT(),
};

static void prog_image_checks(struct kunit *test)
{
	struct sbpf_map_def good = { .type = SBPF_MAP_ARRAY, .key_size = 4,
				     .value_size = 4, .max_entries = 1 };
	struct sbpf_map_def bad = { .type = 9 };
	struct sbpf_map_def hash = { .type = SBPF_MAP_HASH, .key_size = 4,
				     .value_size = 4, .max_entries = 1 };
	struct sbpf_map_def *many = kunit_kcalloc(test, SBPF_MAX_MAPS + 1,
						  sizeof(*many), GFP_KERNEL);
	const void *init[1] = { "abcd" };
	struct sbpf_image img = { .insns = ret1, .n_insns = 2 };
	struct load_result *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct sbpf_prog *prog = (void *)1;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, many);
	load(r, ret1, 0, NULL, 0, NULL);
	KUNIT_EXPECT_EQ(test, r->err, -EINVAL);
	KUNIT_EXPECT_NULL(test, r->prog);
	load(r, ret1, SBPF_MAX_INSNS + 1, NULL, 0, NULL);
	KUNIT_EXPECT_EQ(test, r->err, -E2BIG);
	for (i = 0; i < SBPF_MAX_MAPS + 1; i++)
		many[i] = good;
	load(r, ret1, 2, many, SBPF_MAX_MAPS + 1, NULL);
	KUNIT_EXPECT_EQ(test, r->err, -E2BIG);
	load(r, ret1, 2, &bad, 1, NULL);
	KUNIT_EXPECT_EQ(test, r->err, -EINVAL);
	load(r, ret1, 2, &hash, 1, init);
	KUNIT_EXPECT_EQ(test, r->err, -EINVAL);
	memset(img.name, 'x', sizeof(img.name));
	KUNIT_EXPECT_EQ(test, sbpf_prog_load(&img, NULL, NULL, &prog),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, prog);

	load(r, ret1, 2, many, SBPF_MAX_MAPS, NULL);
	KUNIT_ASSERT_EQ_MSG(test, r->err, 0, "log: %s", r->log);
	KUNIT_EXPECT_EQ(test, r->prog->n_maps, (u32)SBPF_MAX_MAPS);
	KUNIT_EXPECT_STREQ(test, r->prog->name, "prog_test");
	KUNIT_EXPECT_GT(test, r->stats.insns_processed, 0U);
	fill_frame();
	KUNIT_EXPECT_EQ(test, sbpf_prog_run(r->prog, frame, sizeof(frame)),
			1ULL);
	sbpf_prog_free(r->prog);
}

/* A packet read without a length check is refused, with a log. */
static void prog_rejected(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_LDX_MEM(BPF_W, R0, R1, 0),
		SBPF_EXIT(),
	};
	struct load_result *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	load(r, insns, ARRAY_SIZE(insns), NULL, 0, NULL);
	KUNIT_EXPECT_EQ(test, r->err, -EINVAL);
	KUNIT_EXPECT_NULL(test, r->prog);
	KUNIT_EXPECT_GT(test, strlen(r->log), (size_t)0);
}

/* ------------------------------------------------ programs with maps -- */

#define MAX_PROG	40

struct prog_case {
	const char *name;
	struct bpf_insn insns[MAX_PROG];
	struct sbpf_map_def map;
	const void *init;		/* initial data of map 0, or NULL */
	u32 runs;			/* runs over the test frame */
	u64 expect;			/* r0 of the last run */
	u32 key;			/* then map 0 holds this u32 key... */
	u64 value;			/* ...with this value (u32 or u64) */
	bool check_value;
};

static u32 prog_len(const struct prog_case *c)
{
	u32 n = MAX_PROG;

	while (n && !c->insns[n - 1].code)
		n--;
	return n;
}

#define KEY_ZERO	SBPF_ST_MEM(BPF_W, R10, -4, 0)

/* r1 = map 0, r2 = r10 - 4. */
#define MAP_KEY_ARGS							\
	SBPF_INSN_LIST(SBPF_LD_MAP(R1, 0), SBPF_MOV64_REG(R2, R10),	\
		       SBPF_ALU64_IMM(BPF_ADD, R2, -4))

static const u32 init_42[] = { 42, 43 };
static const char rodata[16] = "cnt=%d\n\0\0\0\0\0\0\0\0";

static const struct prog_case prog_cases[] = {
	{
		.name = "array lookup reads initial data",
		.insns = {
			KEY_ZERO, MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_lookup),
			SBPF_JMP_IMM(BPF_JEQ, R0, 0, 2),
			SBPF_LDX_MEM(BPF_W, R0, R0, 0),
			SBPF_EXIT(),
			SBPF_MOV64_IMM(R0, 99),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_ARRAY, .key_size = 4,
			 .value_size = 4, .max_entries = 2 },
		.init = init_42, .runs = 1, .expect = 42,
		.key = 1, .value = 43, .check_value = true,
	},
	{
		.name = "array counter with atomic add",
		.insns = {
			KEY_ZERO, MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_lookup),
			SBPF_JMP_IMM(BPF_JEQ, R0, 0, 4),
			SBPF_MOV64_IMM(R1, 1),
			SBPF_ATOMIC(BPF_DW, BPF_ADD | BPF_FETCH, R0, R1, 0),
			SBPF_MOV64_REG(R0, R1),
			SBPF_EXIT(),
			SBPF_MOV64_IMM(R0, 99),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_ARRAY, .key_size = 4,
			 .value_size = 8, .max_entries = 1 },
		.runs = 5, .expect = 4, .key = 0, .value = 5,
		.check_value = true,
	},
	{
		.name = "hash insert then count per key",
		.insns = {
			SBPF_MOV64_IMM(R0, 0),
			SBPF_JMP_IMM(BPF_JLT, R2, 4, 16),
			SBPF_LDX_MEM(BPF_W, R3, R1, 0),
			SBPF_STX_MEM(BPF_W, R10, R3, -4),
			MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_lookup),
			SBPF_JMP_IMM(BPF_JNE, R0, 0, 9),
			/* absent: insert 1 */
			SBPF_ST_MEM(BPF_DW, R10, -16, 1),
			MAP_KEY_ARGS,
			SBPF_MOV64_REG(BPF_REG_3, R10),
			SBPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -16),
			SBPF_CALL(SBPF_FUNC_map_update),
			SBPF_EXIT(),	/* r0 = 0: inserted */
			SBPF_MOV64_IMM(R1, 1),
			SBPF_ATOMIC(BPF_DW, BPF_ADD | BPF_FETCH, R0, R1, 0),
			SBPF_MOV64_REG(R0, R1),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_HASH, .key_size = 4,
			 .value_size = 8, .max_entries = 16 },
		.runs = 4, .expect = 3, .key = 0x04030201, .value = 4,
		.check_value = true,
	},
	{
		.name = "hash delete",
		.insns = {
			SBPF_ST_MEM(BPF_W, R10, -4, 7),
			SBPF_ST_MEM(BPF_DW, R10, -16, 70),
			MAP_KEY_ARGS,
			SBPF_MOV64_REG(BPF_REG_3, R10),
			SBPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -16),
			SBPF_CALL(SBPF_FUNC_map_update),
			MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_delete),
			SBPF_MOV64_REG(R6, R0),
			MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_delete),
			/* r0 = first delete (0) - second delete (-ENOENT) */
			SBPF_ALU64_REG(BPF_SUB, R6, R0),
			SBPF_MOV64_REG(R0, R6),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_HASH, .key_size = 4,
			 .value_size = 8, .max_entries = 16 },
		.runs = 1, .expect = ENOENT,
	},
	{
		.name = "bloom add then lookup",
		.insns = {
			KEY_ZERO, MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_lookup),
			SBPF_MOV64_REG(R6, R0),
			MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_add),
			MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_lookup),
			/* r0 = (after != NULL) * 2 + (before != NULL) */
			SBPF_MOV64_IMM(R1, 0),
			SBPF_JMP_IMM(BPF_JEQ, R0, 0, 1),
			SBPF_MOV64_IMM(R1, 2),
			SBPF_JMP_IMM(BPF_JEQ, R6, 0, 1),
			SBPF_ALU64_IMM(BPF_OR, R1, 1),
			SBPF_MOV64_REG(R0, R1),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_BLOOM, .key_size = 4,
			 .max_entries = 64, .nb_hash_functions = 3 },
		.runs = 1, .expect = 2,
	},
	{
		.name = "count-min counts adds",
		.insns = {
			KEY_ZERO, MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_add),
			MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_lookup),
			SBPF_JMP_IMM(BPF_JEQ, R0, 0, 2),
			SBPF_LDX_MEM(BPF_W, R0, R0, 0),
			SBPF_EXIT(),
			SBPF_MOV64_IMM(R0, 99),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_COUNTMIN, .key_size = 4,
			 .value_size = 4, .max_entries = 256,
			 .nb_hash_functions = 3 },
		.runs = 3, .expect = 3, .key = 0, .value = 3,
		.check_value = true,
	},
	{
		.name = "Oko count-min definition (item size in value_size)",
		.insns = {
			KEY_ZERO, MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_add),
			MAP_KEY_ARGS,
			SBPF_CALL(SBPF_FUNC_map_lookup),
			SBPF_JMP_IMM(BPF_JEQ, R0, 0, 2),
			SBPF_LDX_MEM(BPF_W, R0, R0, 0),
			SBPF_EXIT(),
			SBPF_MOV64_IMM(R0, 99),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_COUNTMIN, .key_size = 0,
			 .value_size = 4, .max_entries = 64,
			 .nb_hash_functions = 2 },
		.runs = 2, .expect = 2,
	},
	{
		.name = "read-only data through a map value reference",
		.insns = {
			SBPF_LD_MAP_VALUE(R1, 0, 4),
			SBPF_LDX_MEM(BPF_B, R0, R1, 0),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_ARRAY, .key_size = 4,
			 .value_size = 16, .max_entries = 1,
			 .flags = SBPF_F_RDONLY_PROG },
		.init = rodata, .runs = 1, .expect = '%',
	},
	{
		.name = "trace with a constant format",
		.insns = {
			SBPF_LD_MAP_VALUE(R1, 0, 0),
			SBPF_MOV64_IMM(R2, 8),
			SBPF_MOV64_IMM(R3, -5),
			SBPF_MOV64_IMM(BPF_REG_4, 0),
			SBPF_MOV64_IMM(BPF_REG_5, 0),
			SBPF_CALL(SBPF_FUNC_trace),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_ARRAY, .key_size = 4,
			 .value_size = 16, .max_entries = 1,
			 .flags = SBPF_F_RDONLY_PROG },
		.init = rodata, .runs = 1, .expect = 7,	/* "cnt=-5\n" */
	},
	{
		.name = "hash helper over the frame",
		.insns = {
			SBPF_MOV64_IMM(R0, 0),
			SBPF_JMP_IMM(BPF_JLT, R2, 8, 4),
			SBPF_MOV64_IMM(R2, 8),
			SBPF_CALL(SBPF_FUNC_hash),
			SBPF_ALU64_IMM(BPF_RSH, R0, 32),
			SBPF_ALU64_IMM(BPF_ADD, R0, 1),
			SBPF_EXIT(),
		},
		.map = { .type = SBPF_MAP_ARRAY, .key_size = 4,
			 .value_size = 4, .max_entries = 1 },
		.runs = 1, .expect = 1,
	},
};

static void prog_case_desc(const struct prog_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(prog_cases, prog_cases, prog_case_desc);

static void prog_case_run_on(struct kunit *test, const struct prog_case *c,
			     int engine)
{
	struct load_result *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct sbpf_verifier_log log;
	const void *init[1] = { c->init };
	const char *eng = sbpf_engine_names[engine];
	u64 ret = 0, value = 0;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	load(r, c->insns, prog_len(c), &c->map, 1, c->init ? init : NULL);
	KUNIT_ASSERT_EQ_MSG(test, r->err, 0, "%s: verifier log:\n%s",
			    c->name, r->log);
	r->log[0] = 0;
	log = (struct sbpf_verifier_log){ .buf = r->log, .size = sizeof(r->log),
					  .level = SBPF_LOG_ERRORS };
	KUNIT_ASSERT_EQ_MSG(test, sbpf_test_engine_set(r->prog, engine, &log),
			    0, "%s: %s declined: %s", c->name, eng, r->log);
	fill_frame();
	for (i = 0; i < c->runs; i++) {
		sbpf_rcu_read_lock();
		ret = sbpf_prog_run(r->prog, frame, sizeof(frame));
		sbpf_rcu_read_unlock();
	}
	KUNIT_EXPECT_EQ_MSG(test, ret, c->expect, "%s (%s)", c->name, eng);
	if (c->check_value) {
		KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(r->prog->maps[0],
							   &c->key, &value), 0);
		if (c->map.value_size == 4)
			value = (u32)value;
		KUNIT_EXPECT_EQ_MSG(test, value, c->value, "%s (%s)", c->name,
				    eng);
	}
	sbpf_prog_free(r->prog);
	kunit_kfree(test, r);
}

static void prog_case_run(struct kunit *test)
{
	int k;

	for (k = 0; k < SBPF_N_ENGINES; k++)
		prog_case_run_on(test, test->param_value, k);
}

/* Map references are bound to addresses, the instruction keeps its kind. */
static void prog_binding(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_LD_MAP(R1, 1),
		SBPF_LD_MAP_VALUE(R1, 0, 8),
		SBPF_MOV64_IMM(R0, 1),
		SBPF_EXIT(),
	};
	static const struct sbpf_map_def maps[2] = {
		{ .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 16,
		  .max_entries = 1, .flags = SBPF_F_RDONLY_PROG },
		{ .type = SBPF_MAP_HASH, .key_size = 4, .value_size = 4,
		  .max_entries = 4 },
	};
	struct load_result *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	const struct bpf_insn *in;
	u32 zero = 0;
	u64 a;

	KUNIT_ASSERT_NOT_NULL(test, r);
	load(r, insns, ARRAY_SIZE(insns), maps, 2, NULL);
	KUNIT_ASSERT_EQ_MSG(test, r->err, 0, "log: %s", r->log);
	in = r->prog->insns;
	a = (u64)(u32)in[0].imm | ((u64)(u32)in[1].imm << 32);
	KUNIT_EXPECT_EQ(test, (int)in[0].src_reg, BPF_PSEUDO_MAP_FD);
	KUNIT_EXPECT_PTR_EQ(test, (void *)(uintptr_t)a, r->prog->maps[1]);
	a = (u64)(u32)in[2].imm | ((u64)(u32)in[3].imm << 32);
	KUNIT_EXPECT_EQ(test, (int)in[2].src_reg, BPF_PSEUDO_MAP_VALUE);
	KUNIT_EXPECT_PTR_EQ(test, (void *)(uintptr_t)a,
			    (u8 *)r->prog->maps[0]->ops->lookup(r->prog->maps[0],
								&zero) + 8);
	sbpf_prog_free(r->prog);
}

/*
 * sbpf_prog_load_shared(): a map whose definition is unchanged is the same
 * map (one more reference, content kept); a changed definition, a map
 * past the shared ones, or read-only data (even unchanged) is new; a
 * shared map outlives the program it came from.
 */
static void prog_shared_maps(struct kunit *test)
{
	static const struct bpf_insn insns[] = {
		SBPF_MOV64_IMM(R0, 1),
		SBPF_EXIT(),
	};
	static const struct sbpf_map_def a_maps[] = {
		{ .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
		  .max_entries = 1, .name = "count" },
		{ .type = SBPF_MAP_HASH, .key_size = 4, .value_size = 4,
		  .max_entries = 4, .name = "seen" },
		{ .type = SBPF_MAP_ARRAY, .key_size = 4, .value_size = 8,
		  .max_entries = 1, .flags = SBPF_F_RDONLY_PROG,
		  .name = ".rodata" },
	};
	static const struct sbpf_map_def b_maps[] = {
		a_maps[0],
		{ .type = SBPF_MAP_HASH, .key_size = 4, .value_size = 4,
		  .max_entries = 8, .name = "seen" },
		a_maps[2],
		a_maps[0],
	};
	static const char ro_a[8] = "old", ro_b[8] = "new";
	const void *init_a[] = { NULL, NULL, ro_a };
	const void *init_b[] = { NULL, NULL, ro_b, NULL };
	struct sbpf_image img = { .name = "shared", .insns = insns,
				  .n_insns = ARRAY_SIZE(insns) };
	struct sbpf_prog *a, *b;
	struct sbpf_map *count;
	u32 zero = 0;
	u64 v = 7;
	char ro[8];

	img.maps = a_maps;
	img.n_maps = ARRAY_SIZE(a_maps);
	img.init_data = init_a;
	KUNIT_ASSERT_EQ(test, sbpf_prog_load(&img, NULL, NULL, &a), 0);
	count = a->maps[0];
	KUNIT_EXPECT_EQ(test, sbpf_map_update(count, &zero, &v, SBPF_ANY), 0);

	img.maps = b_maps;
	img.n_maps = ARRAY_SIZE(b_maps);
	img.init_data = init_b;
	KUNIT_ASSERT_EQ(test, sbpf_prog_load_shared(&img, a->maps, a->n_maps,
						    NULL, NULL, &b), 0);
	KUNIT_EXPECT_PTR_EQ(test, b->maps[0], count);
	KUNIT_EXPECT_EQ(test, count->refs, 2U);
	KUNIT_EXPECT_PTR_NE(test, b->maps[1], a->maps[1]);
	KUNIT_EXPECT_EQ(test, b->maps[1]->def.max_entries, 8U);
	KUNIT_EXPECT_PTR_NE(test, b->maps[2], a->maps[2]);
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(b->maps[2], &zero, ro), 0);
	KUNIT_EXPECT_EQ(test, memcmp(ro, ro_b, sizeof(ro)), 0);
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(a->maps[2], &zero, ro), 0);
	KUNIT_EXPECT_EQ(test, memcmp(ro, ro_a, sizeof(ro)), 0);
	/* Index 3 has no map to share (a has three): a new one. */
	KUNIT_EXPECT_PTR_NE(test, b->maps[3], count);
	KUNIT_EXPECT_EQ(test, b->maps[3]->refs, 1U);

	/* The map outlives a, with what was written through a. */
	sbpf_prog_free(a);
	KUNIT_EXPECT_EQ(test, count->refs, 1U);
	v = 0;
	KUNIT_EXPECT_EQ(test, sbpf_map_lookup_copy(count, &zero, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 7ULL);
	sbpf_prog_free(b);
}

static struct kunit_case prog_test_cases[] = {
	KUNIT_CASE(prog_image_checks),
	KUNIT_CASE(prog_rejected),
	KUNIT_CASE_PARAM(prog_case_run, prog_cases_gen_params),
	KUNIT_CASE(prog_binding),
	KUNIT_CASE(prog_shared_maps),
	{}
};

static struct kunit_suite prog_test_suite = {
	.name = "sbpf_prog",
	.test_cases = prog_test_cases,
};

kunit_test_suite(prog_test_suite);
