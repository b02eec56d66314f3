/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Thin wrappers over bpf(2) for the host kernel: the oracle of the
 * differential tests and the reference of the benchmarks.  Raw syscalls, no
 * libbpf, so that nothing hides what is being measured.
 */
#ifndef SLUICE_KBPF_H
#define SLUICE_KBPF_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <linux/bpf.h>

/*
 * kbpf_available() - can this process load and test-run XDP programs?
 * @why: on false, a static string saying why not.
 */
bool kbpf_available(const char **why);

/*
 * kbpf_prog_load() - BPF_PROG_LOAD an XDP program.
 * @log, @log_size: optional verifier log buffer (level 1 when given).
 * Return: a program fd, or -errno.
 */
int kbpf_prog_load(const struct bpf_insn *insns, unsigned int n,
		   char *log, size_t log_size);

/*
 * kbpf_test_run() - BPF_PROG_TEST_RUN an XDP program.
 * @data_in/@size_in: the frame; @data_out/@size_out: optional, the frame as
 * the program left it (*size_out in: buffer size, out: bytes).
 * @repeat: runs (0 or 1: once); @retval: r0 of the last run; @duration_ns:
 * the kernel's mean time per run (may be NULL).
 * Return: 0 or -errno.
 */
int kbpf_test_run(int fd, const void *data_in, uint32_t size_in,
		  void *data_out, uint32_t *size_out, uint32_t repeat,
		  uint32_t *retval, uint32_t *duration_ns);

/* Map helpers (benchmarks).  Return an fd / 0, or -errno. */
int kbpf_map_create(uint32_t type, uint32_t key_size, uint32_t value_size,
		    uint32_t max_entries, uint32_t flags);
int kbpf_map_update(int fd, const void *key, const void *value,
		    uint64_t flags);
int kbpf_map_lookup(int fd, const void *key, void *value);

/* Monotonic clock in nanoseconds. */
uint64_t kbpf_now_ns(void);

#endif /* SLUICE_KBPF_H */
