// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite in openvswitch.ko: the core's program cases
 * (tests/kunit/prog_test.c: every map type and helper, loaded, verified
 * and run) on the kernel's eBPF JIT and the interpreter side by side.
 *
 * The core's file is compiled here again with sbpf_prog_load(),
 * sbpf_prog_run() and sbpf_prog_free() replaced by the runners of
 * filter_engines.c: each program is loaded twice, the case's copy runs on
 * the kernel JIT and its twin on the interpreter, every run must return
 * the same r0, and the maps must hold the same entries when the case
 * frees the program; the case's own expectations then check the JIT's
 * results.  A summary follows, as for the interpreter cases.
 */
#include <kunit/test.h>

#include "filter_kunit.h"

#undef kunit_test_suites
#define kunit_test_suites(...)						\
	static struct kunit_suite *const __maybe_unused			\
		__UNIQUE_ID(core_suites)[] = { __VA_ARGS__ }
#define sbpf_prog_load fk_engines_load
#define sbpf_prog_run fk_engines_run
#define sbpf_prog_free fk_engines_free
#include "../prog_test.c"
#undef sbpf_prog_load
#undef sbpf_prog_run
#undef sbpf_prog_free

static int engines_prog_init(struct kunit_suite *suite)
{
	memset(&fk_engines_stats, 0, sizeof(fk_engines_stats));
	return 0;
}

static void engines_prog_summary(struct kunit *test)
{
	fk_engines_summary(test, "program cases");
	KUNIT_EXPECT_GT(test, fk_engines_stats.maps_compared, 0U);
}

static struct kunit_case engines_prog_cases[] = {
	KUNIT_CASE(prog_image_checks),
	KUNIT_CASE(prog_rejected),
	KUNIT_CASE_PARAM(prog_case_run, prog_cases_gen_params),
	KUNIT_CASE(prog_binding),
	KUNIT_CASE(engines_prog_summary),
	{}
};

static struct kunit_suite engines_prog_suite = {
	.name = "ovs_filter_engines_prog",
	.suite_init = engines_prog_init,
	.test_cases = engines_prog_cases,
};

/* The macro above is the core's; register ours as KUnit does. */
#undef kunit_test_suites
#define kunit_test_suites(__suites...)					\
	__kunit_test_suites(__UNIQUE_ID(array), ##__suites)
kunit_test_suite(engines_prog_suite);
