// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * bpf(2) wrappers for the host kernel; see kbpf.h.
 */
#include "kbpf.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static uint64_t ptr_u64(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

int kbpf_prog_load(const struct bpf_insn *insns, unsigned int n,
		   char *log, size_t log_size)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insns = ptr_u64(insns);
	attr.insn_cnt = n;
	attr.license = ptr_u64("GPL");
	if (log && log_size) {
		log[0] = '\0';
		attr.log_buf = ptr_u64(log);
		attr.log_size = log_size;
		attr.log_level = 1;
	}
	/* Retry on EAGAIN: the kernel returns it when its log overflows. */
	do {
		fd = sys_bpf(BPF_PROG_LOAD, &attr);
	} while (fd < 0 && errno == EAGAIN && !log);
	return fd < 0 ? -errno : fd;
}

int kbpf_test_run(int fd, const void *data_in, uint32_t size_in,
		  void *data_out, uint32_t *size_out, uint32_t repeat,
		  uint32_t *retval, uint32_t *duration_ns)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = ptr_u64(data_in);
	attr.test.data_size_in = size_in;
	if (data_out && size_out) {
		attr.test.data_out = ptr_u64(data_out);
		attr.test.data_size_out = *size_out;
	}
	attr.test.repeat = repeat;
	if (sys_bpf(BPF_PROG_TEST_RUN, &attr) < 0)
		return -errno;
	if (size_out)
		*size_out = attr.test.data_size_out;
	if (retval)
		*retval = attr.test.retval;
	if (duration_ns)
		*duration_ns = attr.test.duration;
	return 0;
}

int kbpf_map_create(uint32_t type, uint32_t key_size, uint32_t value_size,
		    uint32_t max_entries, uint32_t flags)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = flags;
	fd = sys_bpf(BPF_MAP_CREATE, &attr);
	return fd < 0 ? -errno : fd;
}

int kbpf_map_update(int fd, const void *key, const void *value,
		    uint64_t flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = ptr_u64(key);
	attr.value = ptr_u64(value);
	attr.flags = flags;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr) < 0 ? -errno : 0;
}

int kbpf_map_lookup(int fd, const void *key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = ptr_u64(key);
	attr.value = ptr_u64(value);
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) < 0 ? -errno : 0;
}

uint64_t kbpf_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

bool kbpf_available(const char **why)
{
	/* r0 = 2 (XDP_PASS); exit */
	static const struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 2 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	unsigned char pkt[64] = { 0 };
	uint32_t ret = 0;
	int fd, err;

	fd = kbpf_prog_load(prog, 2, NULL, 0);
	if (fd < 0) {
		*why = fd == -EPERM ? "BPF_PROG_LOAD: permission denied (not root?)"
				    : "BPF_PROG_LOAD of a trivial XDP program failed";
		return false;
	}
	err = kbpf_test_run(fd, pkt, sizeof(pkt), NULL, NULL, 1, &ret, NULL);
	close(fd);
	if (err || ret != 2) {
		*why = "BPF_PROG_TEST_RUN of a trivial XDP program failed";
		return false;
	}
	return true;
}
