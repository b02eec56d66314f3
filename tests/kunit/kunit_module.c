// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Module glue of sluice_kunit.ko.  The suites register themselves through
 * kunit_test_suite() in their own files; KUnit runs them while the module
 * loads and prints their results (KTAP) to the kernel log.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("Sluice KUnit suites: the BPF core");
MODULE_LICENSE("Dual BSD/GPL");
