// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite in openvswitch.ko: the core's interpreter cases
 * (tests/kunit/interp_test.c) on the kernel's eBPF JIT too.
 *
 * The core's file is compiled here again with sbpf_prog_run() replaced by
 * fk_engines_interp_run() (filter_engines.c; in the kernel the core's own
 * engine list is the interpreter alone): each case program that
 * our verifier accepts also runs through ovs_filter_jit() and must give
 * the interpreter's result, which the case then checks against its own
 * expected value.  The core's suites are not registered from here; this
 * file registers its parameterised case under its own suite, followed by
 * a summary that requires that cases were compared and every verified
 * program was really JITed.
 */
#include <kunit/test.h>

#include "filter_kunit.h"

#undef kunit_test_suites
#define kunit_test_suites(...)						\
	static struct kunit_suite *const __maybe_unused			\
		__UNIQUE_ID(core_suites)[] = { __VA_ARGS__ }
#define sbpf_prog_run fk_engines_interp_run
#include "../interp_test.c"
#undef sbpf_prog_run

static int engines_interp_init(struct kunit_suite *suite)
{
	memset(&fk_engines_stats, 0, sizeof(fk_engines_stats));
	return 0;
}

static void engines_interp_summary(struct kunit *test)
{
	fk_engines_summary(test, "interpreter cases");
}

static struct kunit_case engines_interp_cases[] = {
	KUNIT_CASE_PARAM(interp_case_run, interp_cases_gen_params),
	KUNIT_CASE(engines_interp_summary),
	{}
};

static struct kunit_suite engines_interp_suite = {
	.name = "ovs_filter_engines_interp",
	.suite_init = engines_interp_init,
	.test_cases = engines_interp_cases,
};

/* The macro above is the core's; register ours as KUnit does. */
#undef kunit_test_suites
#define kunit_test_suites(__suites...)					\
	__kunit_test_suites(__UNIQUE_ID(array), ##__suites)
kunit_test_suite(engines_interp_suite);
