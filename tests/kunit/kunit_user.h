/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A userspace implementation of the subset of the KUnit API (Linux 6.1)
 * that the core's suites use, so that the same *_test.c files run in the
 * kernel (tests/kunit/Kbuild) and as a userspace binary (make check-core).
 *
 * Suites include sbpf_kunit.h, never this file.  Output is KTAP; the runner
 * (kunit_user.c) exits non-zero if any case failed.  Assertions (KUNIT_ASSERT_*)
 * abort the running case with longjmp, as KUnit aborts its kthread.
 *
 * Only real KUnit API belongs here: anything a suite uses must also exist in
 * <kunit/test.h> of Linux 6.1.
 */
#ifndef KUNIT_USER_H
#define KUNIT_USER_H 1

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

typedef unsigned int gfp_t;
#ifndef GFP_KERNEL
#define GFP_KERNEL	0U
#endif
#ifndef __GFP_ZERO
#define __GFP_ZERO	0x100U
#endif

#define KUNIT_PARAM_DESC_SIZE		128
#define KUNIT_STATUS_COMMENT_SIZE	256

enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

struct kunit_user_alloc;

struct kunit {
	void *priv;
	/* private: */
	const char *name;
	const void *param_value;
	int param_index;
	enum kunit_status status;
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	jmp_buf abort;
	struct kunit_user_alloc *allocs;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(const void *prev, char *desc);
	/* private: */
	enum kunit_status status;
	char *log;
};

struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
	/* private: */
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	char *log;
	int suite_init_err;
};

#define KUNIT_CASE(test_name)	{ .run_case = test_name, .name = #test_name }
#define KUNIT_CASE_PARAM(test_name, gen_params)			\
	{ .run_case = test_name, .name = #test_name,		\
	  .generate_params = gen_params }

#define KUNIT_ARRAY_PARAM(name, array, get_desc)			\
	static const void *name##_gen_params(const void *prev, char *desc) \
	{								\
		typeof(&(array)[0]) __first = (array);			\
		typeof(__first) __next = prev ?				\
			(typeof(__first))prev + 1 : __first;		\
		if ((size_t)(__next - (array)) < ARRAY_SIZE((array))) {	\
			void (*__get_desc)(typeof(__next), char *) =	\
				get_desc;				\
			if (__get_desc)					\
				__get_desc(__next, desc);		\
			return __next;					\
		}							\
		return NULL;						\
	}

/* Registration: a constructor per kunit_test_suites() use. */
void kunit_user_register(struct kunit_suite *const *suites, int n);

#define KUNIT_USER_CAT2(a, b)	a##b
#define KUNIT_USER_CAT(a, b)	KUNIT_USER_CAT2(a, b)
#define KUNIT_USER_SUITES(id, ...)					\
	static struct kunit_suite *const id[] = { __VA_ARGS__ };	\
	__attribute__((constructor))					\
	static void KUNIT_USER_CAT(id, _register)(void)		\
	{								\
		kunit_user_register(id, (int)ARRAY_SIZE(id));		\
	}
#define kunit_test_suites(...)						\
	KUNIT_USER_SUITES(KUNIT_USER_CAT(kunit_user_suites_, __COUNTER__), \
			  __VA_ARGS__)
#define kunit_test_suite(suite)	kunit_test_suites(&suite)

/* Test-managed allocations, freed when the case ends. */
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp);
void kunit_kfree(struct kunit *test, const void *ptr);

static inline void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, 1, size, gfp);
}

static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}

static inline void *kunit_kcalloc(struct kunit *test, size_t n, size_t size,
				  gfp_t gfp)
{
	return kunit_kmalloc_array(test, n, size, gfp | __GFP_ZERO);
}

/* Messages. */
void kunit_user_log(struct kunit *test, const char *level, const char *fmt,
		    ...) __attribute__((__format__(printf, 3, 4)));
#define kunit_info(test, fmt, ...)	kunit_user_log(test, "", fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...)	\
	kunit_user_log(test, "warning: ", fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...)	\
	kunit_user_log(test, "error: ", fmt, ##__VA_ARGS__)

#define kunit_mark_skipped(test, fmt, ...)				\
	do {								\
		(test)->status = KUNIT_SKIPPED;				\
		snprintf((test)->status_comment,			\
			 KUNIT_STATUS_COMMENT_SIZE, fmt, ##__VA_ARGS__); \
	} while (0)
#define kunit_skip(test, fmt, ...)					\
	do {								\
		kunit_mark_skipped(test, fmt, ##__VA_ARGS__);		\
		longjmp((test)->abort, 1);				\
	} while (0)

/*
 * Failure reporting: header line, optional user message, then the end.
 * The message format arrives prefixed with KUNIT_USER_INDENT, so that it is
 * never empty; an indent alone means no message.
 */
#define KUNIT_USER_INDENT	"        "
void kunit_user_fail(struct kunit *test, const char *file, int line,
		     bool assert, const char *fmt, ...)
	__attribute__((__format__(printf, 5, 6)));
void kunit_user_msg(struct kunit *test, const char *fmt, ...)
	__attribute__((__format__(printf, 2, 3)));
void kunit_user_end(struct kunit *test, bool assert);

#define KUNIT_USER_END(test, assert, ...)				\
	do {								\
		kunit_user_msg(test, KUNIT_USER_INDENT __VA_ARGS__);			\
		kunit_user_end(test, assert);				\
	} while (0)

#define KUNIT_SUCCEED(test)	do { } while (0)
#define KUNIT_FAIL(test, fmt, ...)					\
	do {								\
		kunit_user_fail(test, __FILE__, __LINE__, false,	\
				"%s", "failure");			\
		KUNIT_USER_END(test, false, fmt, ##__VA_ARGS__);	\
	} while (0)

#define KUNIT_USER_BOOL(test, assert, cond, want, ...)			\
	do {								\
		if ((bool)(cond) != (want)) {				\
			kunit_user_fail(test, __FILE__, __LINE__, assert, \
					"Expected %s to be %s, but is %s", \
					#cond, (want) ? "true" : "false", \
					(want) ? "false" : "true");	\
			KUNIT_USER_END(test, assert, ##__VA_ARGS__);	\
		}							\
	} while (0)

#define KUNIT_USER_INT(test, assert, left, op, right, ...)		\
	do {								\
		const typeof(left) __kl = (left);			\
		const typeof(right) __kr = (right);			\
		if (!(__kl op __kr)) {					\
			kunit_user_fail(test, __FILE__, __LINE__, assert, \
				"Expected %s %s %s, but\n"		\
				"        %s == %lld (0x%llx)\n"		\
				"        %s == %lld (0x%llx)",		\
				#left, #op, #right,			\
				#left, (long long)__kl,			\
				(unsigned long long)__kl,		\
				#right, (long long)__kr,		\
				(unsigned long long)__kr);		\
			KUNIT_USER_END(test, assert, ##__VA_ARGS__);	\
		}							\
	} while (0)

#define KUNIT_USER_PTR(test, assert, left, op, right, ...)		\
	do {								\
		const void *__kl = (left);				\
		const void *__kr = (right);				\
		if (!(__kl op __kr)) {					\
			kunit_user_fail(test, __FILE__, __LINE__, assert, \
				"Expected %s %s %s, but\n"		\
				"        %s == %p\n        %s == %p",	\
				#left, #op, #right, #left, __kl,	\
				#right, __kr);				\
			KUNIT_USER_END(test, assert, ##__VA_ARGS__);	\
		}							\
	} while (0)

#define KUNIT_USER_STR(test, assert, left, op, right, ...)		\
	do {								\
		const char *__kl = (left);				\
		const char *__kr = (right);				\
		if (!(strcmp(__kl, __kr) op 0)) {			\
			kunit_user_fail(test, __FILE__, __LINE__, assert, \
				"Expected %s %s %s, but\n"		\
				"        %s == \"%s\"\n"		\
				"        %s == \"%s\"",			\
				#left, #op, #right, #left, __kl,	\
				#right, __kr);				\
			KUNIT_USER_END(test, assert, ##__VA_ARGS__);	\
		}							\
	} while (0)

#define KUNIT_USER_IS_ERR_OR_NULL(p)					\
	(!(p) || (unsigned long)(p) >= (unsigned long)-4095)

#define KUNIT_USER_NOT_ERR_OR_NULL(test, assert, p, ...)		\
	do {								\
		const void *__kp = (p);					\
		if (KUNIT_USER_IS_ERR_OR_NULL(__kp)) {			\
			kunit_user_fail(test, __FILE__, __LINE__, assert, \
				"Expected %s is not error or NULL, but is %p", \
				#p, __kp);				\
			KUNIT_USER_END(test, assert, ##__VA_ARGS__);	\
		}							\
	} while (0)

#define KUNIT_EXPECT_TRUE(t, c)		KUNIT_USER_BOOL(t, false, c, true)
#define KUNIT_EXPECT_FALSE(t, c)	KUNIT_USER_BOOL(t, false, c, false)
#define KUNIT_EXPECT_TRUE_MSG(t, c, ...)	\
	KUNIT_USER_BOOL(t, false, c, true, __VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(t, c, ...)	\
	KUNIT_USER_BOOL(t, false, c, false, __VA_ARGS__)
#define KUNIT_ASSERT_TRUE(t, c)		KUNIT_USER_BOOL(t, true, c, true)
#define KUNIT_ASSERT_FALSE(t, c)	KUNIT_USER_BOOL(t, true, c, false)
#define KUNIT_ASSERT_TRUE_MSG(t, c, ...)	\
	KUNIT_USER_BOOL(t, true, c, true, __VA_ARGS__)
#define KUNIT_ASSERT_FALSE_MSG(t, c, ...)	\
	KUNIT_USER_BOOL(t, true, c, false, __VA_ARGS__)

#define KUNIT_EXPECT_EQ(t, l, r)	KUNIT_USER_INT(t, false, l, ==, r)
#define KUNIT_EXPECT_NE(t, l, r)	KUNIT_USER_INT(t, false, l, !=, r)
#define KUNIT_EXPECT_LT(t, l, r)	KUNIT_USER_INT(t, false, l, <, r)
#define KUNIT_EXPECT_LE(t, l, r)	KUNIT_USER_INT(t, false, l, <=, r)
#define KUNIT_EXPECT_GT(t, l, r)	KUNIT_USER_INT(t, false, l, >, r)
#define KUNIT_EXPECT_GE(t, l, r)	KUNIT_USER_INT(t, false, l, >=, r)
#define KUNIT_EXPECT_EQ_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, false, l, ==, r, __VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, false, l, !=, r, __VA_ARGS__)
#define KUNIT_EXPECT_LT_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, false, l, <, r, __VA_ARGS__)
#define KUNIT_EXPECT_LE_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, false, l, <=, r, __VA_ARGS__)
#define KUNIT_EXPECT_GT_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, false, l, >, r, __VA_ARGS__)
#define KUNIT_EXPECT_GE_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, false, l, >=, r, __VA_ARGS__)
#define KUNIT_ASSERT_EQ(t, l, r)	KUNIT_USER_INT(t, true, l, ==, r)
#define KUNIT_ASSERT_NE(t, l, r)	KUNIT_USER_INT(t, true, l, !=, r)
#define KUNIT_ASSERT_LT(t, l, r)	KUNIT_USER_INT(t, true, l, <, r)
#define KUNIT_ASSERT_LE(t, l, r)	KUNIT_USER_INT(t, true, l, <=, r)
#define KUNIT_ASSERT_GT(t, l, r)	KUNIT_USER_INT(t, true, l, >, r)
#define KUNIT_ASSERT_GE(t, l, r)	KUNIT_USER_INT(t, true, l, >=, r)
#define KUNIT_ASSERT_EQ_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, true, l, ==, r, __VA_ARGS__)
#define KUNIT_ASSERT_NE_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, true, l, !=, r, __VA_ARGS__)
#define KUNIT_ASSERT_LT_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, true, l, <, r, __VA_ARGS__)
#define KUNIT_ASSERT_LE_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, true, l, <=, r, __VA_ARGS__)
#define KUNIT_ASSERT_GT_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, true, l, >, r, __VA_ARGS__)
#define KUNIT_ASSERT_GE_MSG(t, l, r, ...)	\
	KUNIT_USER_INT(t, true, l, >=, r, __VA_ARGS__)

#define KUNIT_EXPECT_PTR_EQ(t, l, r)	KUNIT_USER_PTR(t, false, l, ==, r)
#define KUNIT_EXPECT_PTR_NE(t, l, r)	KUNIT_USER_PTR(t, false, l, !=, r)
#define KUNIT_ASSERT_PTR_EQ(t, l, r)	KUNIT_USER_PTR(t, true, l, ==, r)
#define KUNIT_ASSERT_PTR_NE(t, l, r)	KUNIT_USER_PTR(t, true, l, !=, r)
#define KUNIT_EXPECT_PTR_EQ_MSG(t, l, r, ...)	\
	KUNIT_USER_PTR(t, false, l, ==, r, __VA_ARGS__)
#define KUNIT_EXPECT_PTR_NE_MSG(t, l, r, ...)	\
	KUNIT_USER_PTR(t, false, l, !=, r, __VA_ARGS__)
#define KUNIT_ASSERT_PTR_EQ_MSG(t, l, r, ...)	\
	KUNIT_USER_PTR(t, true, l, ==, r, __VA_ARGS__)
#define KUNIT_ASSERT_PTR_NE_MSG(t, l, r, ...)	\
	KUNIT_USER_PTR(t, true, l, !=, r, __VA_ARGS__)

#define KUNIT_EXPECT_NULL(t, p)		KUNIT_USER_PTR(t, false, p, ==, NULL)
#define KUNIT_EXPECT_NOT_NULL(t, p)	KUNIT_USER_PTR(t, false, p, !=, NULL)
#define KUNIT_ASSERT_NULL(t, p)		KUNIT_USER_PTR(t, true, p, ==, NULL)
#define KUNIT_ASSERT_NOT_NULL(t, p)	KUNIT_USER_PTR(t, true, p, !=, NULL)
#define KUNIT_EXPECT_NULL_MSG(t, p, ...)	\
	KUNIT_USER_PTR(t, false, p, ==, NULL, __VA_ARGS__)
#define KUNIT_EXPECT_NOT_NULL_MSG(t, p, ...)	\
	KUNIT_USER_PTR(t, false, p, !=, NULL, __VA_ARGS__)
#define KUNIT_ASSERT_NULL_MSG(t, p, ...)	\
	KUNIT_USER_PTR(t, true, p, ==, NULL, __VA_ARGS__)
#define KUNIT_ASSERT_NOT_NULL_MSG(t, p, ...)	\
	KUNIT_USER_PTR(t, true, p, !=, NULL, __VA_ARGS__)

#define KUNIT_EXPECT_NOT_ERR_OR_NULL(t, p)	\
	KUNIT_USER_NOT_ERR_OR_NULL(t, false, p)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, p)	\
	KUNIT_USER_NOT_ERR_OR_NULL(t, true, p)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(t, p, ...)	\
	KUNIT_USER_NOT_ERR_OR_NULL(t, false, p, __VA_ARGS__)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(t, p, ...)	\
	KUNIT_USER_NOT_ERR_OR_NULL(t, true, p, __VA_ARGS__)

#define KUNIT_EXPECT_STREQ(t, l, r)	KUNIT_USER_STR(t, false, l, ==, r)
#define KUNIT_EXPECT_STRNEQ(t, l, r)	KUNIT_USER_STR(t, false, l, !=, r)
#define KUNIT_ASSERT_STREQ(t, l, r)	KUNIT_USER_STR(t, true, l, ==, r)
#define KUNIT_ASSERT_STRNEQ(t, l, r)	KUNIT_USER_STR(t, true, l, !=, r)
#define KUNIT_EXPECT_STREQ_MSG(t, l, r, ...)	\
	KUNIT_USER_STR(t, false, l, ==, r, __VA_ARGS__)
#define KUNIT_EXPECT_STRNEQ_MSG(t, l, r, ...)	\
	KUNIT_USER_STR(t, false, l, !=, r, __VA_ARGS__)
#define KUNIT_ASSERT_STREQ_MSG(t, l, r, ...)	\
	KUNIT_USER_STR(t, true, l, ==, r, __VA_ARGS__)
#define KUNIT_ASSERT_STRNEQ_MSG(t, l, r, ...)	\
	KUNIT_USER_STR(t, true, l, !=, r, __VA_ARGS__)

#define KUNIT_ASSERT_FAILURE(t, fmt, ...)				\
	do {								\
		kunit_user_fail(t, __FILE__, __LINE__, true,		\
				"%s", "failure");			\
		KUNIT_USER_END(t, true, fmt, ##__VA_ARGS__);		\
	} while (0)

#endif /* KUNIT_USER_H */
