// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Userspace KUnit runner: runs every registered suite (or those matching
 * the filter globs given as arguments, "suite" or "suite.case"), prints
 * KTAP, and exits 1 if any case failed, 0 otherwise.
 *
 *	kunit_user [-l] [GLOB...]	-l lists suite.case names
 */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>

#include "kunit_user.h"
#include "sbpf_platform.h"

#define KUNIT_USER_MAX_SUITES	256

/* The runner's registry: written by constructors before main(). */
static struct kunit_suite *registry[KUNIT_USER_MAX_SUITES];
static int n_registry;

struct kunit_user_alloc {
	struct kunit_user_alloc *next;
	max_align_t data[];
};

void kunit_user_register(struct kunit_suite *const *suites, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (n_registry == KUNIT_USER_MAX_SUITES) {
			fprintf(stderr, "kunit_user: too many suites\n");
			exit(2);
		}
		registry[n_registry++] = suites[i];
	}
}

void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp)
{
	struct kunit_user_alloc *a;
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	a = malloc(sizeof(*a) + bytes);
	if (!a)
		return NULL;
	if (gfp & __GFP_ZERO)
		memset(a->data, 0, bytes);
	a->next = test->allocs;
	test->allocs = a;
	return a->data;
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	struct kunit_user_alloc **pp, *a;

	for (pp = &test->allocs; (a = *pp); pp = &a->next) {
		if ((const void *)a->data == ptr) {
			*pp = a->next;
			free(a);
			return;
		}
	}
}

static void free_allocs(struct kunit *test)
{
	struct kunit_user_alloc *a, *next;

	for (a = test->allocs; a; a = next) {
		next = a->next;
		free(a);
	}
	test->allocs = NULL;
}

void kunit_user_log(struct kunit *test, const char *level, const char *fmt,
		    ...)
{
	va_list ap;

	printf("        # %s: %s", test->name, level);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void kunit_user_fail(struct kunit *test, const char *file, int line,
		     bool assert, const char *fmt, ...)
{
	va_list ap;

	test->status = KUNIT_FAILURE;
	printf("        # %s: %s FAILED at %s:%d\n        ", test->name,
	       assert ? "ASSERTION" : "EXPECTATION", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void kunit_user_msg(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	if (!strcmp(fmt, KUNIT_USER_INDENT))
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void kunit_user_end(struct kunit *test, bool assert)
{
	fflush(stdout);
	if (assert)
		longjmp(test->abort, 1);
}

static bool match_filter(const char *suite, const char *tcase, int nglob,
			 char **globs)
{
	char full[512];
	int i;

	if (!nglob)
		return true;
	snprintf(full, sizeof(full), "%s.%s", suite, tcase);
	for (i = 0; i < nglob; i++) {
		if (!fnmatch(globs[i], full, 0))
			return true;
		if (!strchr(globs[i], '.') && !fnmatch(globs[i], suite, 0))
			return true;
	}
	return false;
}

/*
 * Run one case once (one parameter).  Everything that changes across the
 * longjmp of an assertion lives in static storage, not in this frame.
 */
static enum kunit_status run_one(struct kunit_suite *suite,
				 struct kunit_case *tc, const void *param,
				 char *comment, size_t comment_size)
{
	static struct kunit test;
	static bool init_ok;

	memset(&test, 0, sizeof(test));
	test.name = tc->name;
	test.param_value = param;
	test.status = KUNIT_SUCCESS;
	init_ok = false;
	if (!setjmp(test.abort)) {
		if (suite->init && suite->init(&test)) {
			test.status = KUNIT_FAILURE;
			printf("        # %s: init failed\n", tc->name);
		} else {
			init_ok = true;
			tc->run_case(&test);
		}
	}
	if (suite->exit && init_ok)
		suite->exit(&test);
	free_allocs(&test);
	snprintf(comment, comment_size, "%s", test.status_comment);
	return test.status;
}

static const char *ok_str(enum kunit_status s)
{
	return s == KUNIT_FAILURE ? "not ok" : "ok";
}

/* Return: true if the suite passed. */
static bool run_suite(struct kunit_suite *suite, int index, int nglob,
		      char **globs)
{
	char comment[KUNIT_STATUS_COMMENT_SIZE];
	enum kunit_status suite_status = KUNIT_SUCCESS;
	struct kunit_case *tc;
	int n = 0, i = 0;

	for (tc = suite->test_cases; tc->run_case; tc++)
		if (match_filter(suite->name, tc->name, nglob, globs))
			n++;
	printf("    KTAP version 1\n    # Subtest: %s\n    1..%d\n",
	       suite->name, n);
	if (suite->suite_init && suite->suite_init(suite)) {
		printf("not ok %d %s # suite_init failed\n", index,
		       suite->name);
		return false;
	}
	for (tc = suite->test_cases; tc->run_case; tc++) {
		enum kunit_status st;

		if (!match_filter(suite->name, tc->name, nglob, globs))
			continue;
		i++;
		comment[0] = 0;
		if (tc->generate_params) {
			char desc[KUNIT_PARAM_DESC_SIZE];
			const void *param;
			int p = 0;
			enum kunit_status ps;

			st = KUNIT_SUCCESS;
			printf("        KTAP version 1\n"
			       "        # Subtest: %s\n", tc->name);
			desc[0] = 0;
			for (param = tc->generate_params(NULL, desc); param;
			     param = tc->generate_params(param, desc)) {
				p++;
				ps = run_one(suite, tc, param, comment,
					     sizeof(comment));
				printf("        %s %d %s%s%s\n", ok_str(ps), p,
				       desc[0] ? desc : "param",
				       ps == KUNIT_SKIPPED ? " # SKIP " : "",
				       ps == KUNIT_SKIPPED ? comment : "");
				if (ps == KUNIT_FAILURE)
					st = KUNIT_FAILURE;
				desc[0] = 0;
			}
			printf("        1..%d\n", p);
			comment[0] = 0;
		} else {
			st = run_one(suite, tc, NULL, comment,
				     sizeof(comment));
		}
		printf("    %s %d %s%s%s\n", ok_str(st), i, tc->name,
		       st == KUNIT_SKIPPED ? " # SKIP " : "",
		       st == KUNIT_SKIPPED ? comment : "");
		if (st == KUNIT_FAILURE)
			suite_status = KUNIT_FAILURE;
		fflush(stdout);
	}
	if (suite->suite_exit)
		suite->suite_exit(suite);
	printf("%s %d %s\n", ok_str(suite_status), index, suite->name);
	return suite_status != KUNIT_FAILURE;
}

int main(int argc, char **argv)
{
	int nglob = argc - 1, i, n = 0, failed = 0;
	char **globs = argv + 1;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		struct kunit_case *tc;

		for (i = 0; i < n_registry; i++)
			for (tc = registry[i]->test_cases; tc->run_case; tc++)
				printf("%s.%s\n", registry[i]->name, tc->name);
		return 0;
	}
	/* The core needs every thread registered with the RCU library. */
	sbpf_thread_register();
	for (i = 0; i < n_registry; i++) {
		struct kunit_case *tc;

		for (tc = registry[i]->test_cases; tc->run_case; tc++)
			if (match_filter(registry[i]->name, tc->name, nglob,
					 globs))
				break;
		if (tc->run_case)
			registry[n++] = registry[i];
	}
	printf("KTAP version 1\n1..%d\n", n);
	for (i = 0; i < n; i++)
		if (!run_suite(registry[i], i + 1, nglob, globs))
			failed++;
	sbpf_thread_unregister();
	if (failed)
		printf("# %d of %d suites failed\n", failed, n);
	return failed ? 1 : 0;
}
