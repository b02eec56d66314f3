// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The canary: a KUnit suite whose tests commit a memory bug and a locking
 * bug on purpose.  `make check-kunit` loads it last (after lockdep's first
 * report lockdep turns itself off, and KASAN prints only its first report)
 * and requires both reports in its part of the kernel log: a debug kernel
 * built without KASAN or lockdep, or a log check that no longer recognises
 * their reports, fails the check instead of passing silently.
 */
#include <kunit/test.h>
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

/* Reads one byte past a 13-byte allocation: KASAN reports it. */
static void canary_slab_out_of_bounds(struct kunit *test)
{
	size_t size = 13;
	char *buf;
	char c;

	buf = kmalloc(size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* Hide the size from the compiler so it cannot see the overflow. */
	OPTIMIZER_HIDE_VAR(size);
	c = READ_ONCE(buf[size]);
	kfree(buf);
	/* Use the value so the read is not dropped. */
	OPTIMIZER_HIDE_VAR(c);
}

static DEFINE_MUTEX(canary_lock_a);
static DEFINE_MUTEX(canary_lock_b);

/*
 * Takes A then B, later B then A: lockdep reports the inversion the second
 * time.  A single thread never blocks, so nothing deadlocks.
 */
static void canary_lock_inversion(struct kunit *test)
{
	mutex_lock(&canary_lock_a);
	mutex_lock(&canary_lock_b);
	mutex_unlock(&canary_lock_b);
	mutex_unlock(&canary_lock_a);

	mutex_lock(&canary_lock_b);
	mutex_lock(&canary_lock_a);
	mutex_unlock(&canary_lock_a);
	mutex_unlock(&canary_lock_b);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&canary_lock_a));
}

static struct kunit_case canary_cases[] = {
	/*
	 * Lockdep first: a KASAN report taints the kernel, and a tainted
	 * kernel turns lock debugging off.  (A KASAN report does not fail
	 * the running case in 6.1: the report itself is what is checked.)
	 */
	KUNIT_CASE(canary_lock_inversion),
	KUNIT_CASE(canary_slab_out_of_bounds),
	{}
};

static struct kunit_suite canary_suite = {
	.name = "sluice_canary",
	.test_cases = canary_cases,
};
kunit_test_suite(canary_suite);

MODULE_DESCRIPTION("Sluice KUnit canary: bugs the debug kernel must report");
MODULE_LICENSE("Dual BSD/GPL");
