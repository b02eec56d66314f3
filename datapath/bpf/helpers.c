// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Helpers: the functions programs call (BPF_CALL imm = helper number).
 *
 * Numbers 1..7 are Oko's.  Each helper has a prototype in
 * sbpf_helper_protos[] (checked by the verifier) and an implementation in
 * sbpf_helper_fns[] (called by the interpreter and JITs).  All run in
 * program context: RCU read side, BH disabled in the kernel; none sleeps or
 * allocates.
 */
#include "sbpf.h"
#include "map_internal.h"
#include "sbpf_internal.h"

#define MAP_TYPE_BIT(t)		(1U << (t))
#define ALL_MAP_TYPES		(MAP_TYPE_BIT(SBPF_MAP_ARRAY) |		\
				 MAP_TYPE_BIT(SBPF_MAP_BLOOM) |		\
				 MAP_TYPE_BIT(SBPF_MAP_COUNTMIN) |	\
				 MAP_TYPE_BIT(SBPF_MAP_HASH))

const struct sbpf_helper_proto sbpf_helper_protos[__SBPF_FUNC_MAX] = {
	[SBPF_FUNC_map_lookup] = {
		.name = "map_lookup",
		.ret = SBPF_RET_PTR_TO_MAP_VALUE_OR_NULL,
		.arg = { SBPF_ARG_CONST_MAP_PTR, SBPF_ARG_PTR_TO_MAP_KEY },
		.map_types = ALL_MAP_TYPES,
	},
	[SBPF_FUNC_map_update] = {
		.name = "map_update",
		.ret = SBPF_RET_INTEGER,
		.arg = { SBPF_ARG_CONST_MAP_PTR, SBPF_ARG_PTR_TO_MAP_KEY,
			 SBPF_ARG_PTR_TO_MAP_VALUE },
		.map_types = MAP_TYPE_BIT(SBPF_MAP_ARRAY) |
			     MAP_TYPE_BIT(SBPF_MAP_HASH),
	},
	[SBPF_FUNC_map_delete] = {
		.name = "map_delete",
		.ret = SBPF_RET_INTEGER,
		.arg = { SBPF_ARG_CONST_MAP_PTR, SBPF_ARG_PTR_TO_MAP_KEY },
		.map_types = MAP_TYPE_BIT(SBPF_MAP_HASH),
	},
	[SBPF_FUNC_map_add] = {
		.name = "map_add",
		.ret = SBPF_RET_INTEGER,
		.arg = { SBPF_ARG_CONST_MAP_PTR, SBPF_ARG_PTR_TO_MAP_KEY },
		.map_types = MAP_TYPE_BIT(SBPF_MAP_BLOOM) |
			     MAP_TYPE_BIT(SBPF_MAP_COUNTMIN),
	},
	[SBPF_FUNC_time_get_ns] = {
		.name = "time_get_ns",
		.ret = SBPF_RET_INTEGER,
	},
	[SBPF_FUNC_hash] = {
		.name = "hash",
		.ret = SBPF_RET_INTEGER,
		.arg = { SBPF_ARG_PTR_TO_MEM, SBPF_ARG_CONST_SIZE },
	},
	[SBPF_FUNC_trace] = {
		.name = "trace",
		.ret = SBPF_RET_INTEGER,
		.arg = { SBPF_ARG_PTR_TO_CONST_STR, SBPF_ARG_CONST_SIZE,
			 SBPF_ARG_ANYTHING, SBPF_ARG_ANYTHING,
			 SBPF_ARG_ANYTHING },
	},
};

static struct sbpf_map *to_map(u64 r)
{
	return (struct sbpf_map *)(uintptr_t)r;
}

static const void *to_ptr(u64 r)
{
	return (const void *)(uintptr_t)r;
}

static u64 errno_ret(int err)
{
	return (u64)(s64)err;
}

static u64 helper_map_lookup(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct sbpf_map *m = to_map(map);

	return (u64)(uintptr_t)m->ops->lookup(m, to_ptr(key));
}

static u64 helper_map_update(u64 map, u64 key, u64 value, u64 r4, u64 r5)
{
	struct sbpf_map *m = to_map(map);

	if (m->def.flags & SBPF_F_RDONLY_PROG)
		return errno_ret(-EPERM);
	return errno_ret(m->ops->update(m, to_ptr(key), to_ptr(value),
					SBPF_ANY));
}

static u64 helper_map_delete(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct sbpf_map *m = to_map(map);

	if (m->def.flags & SBPF_F_RDONLY_PROG)
		return errno_ret(-EPERM);
	return errno_ret(m->ops->delete(m, to_ptr(key)));
}

static u64 helper_map_add(u64 map, u64 item, u64 r3, u64 r4, u64 r5)
{
	struct sbpf_map *m = to_map(map);

	if (m->def.flags & SBPF_F_RDONLY_PROG)
		return errno_ret(-EPERM);
	return errno_ret(m->ops->add(m, to_ptr(item)));
}

static u64 helper_time_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return sbpf_ktime_get_ns();
}

/* A fixed seed: the same bytes hash the same in every run and datapath. */
#define SBPF_HELPER_HASH_SEED	0x736c75696365ULL

static u64 helper_hash(u64 mem, u64 len, u64 r3, u64 r4, u64 r5)
{
	u64 h = sbpf_hash_bytes(to_ptr(mem), (u32)len, SBPF_HELPER_HASH_SEED);

	return (u32)(h ^ (h >> 32));
}

/* Append @c to the line if room remains (one byte kept for the NUL). */
static void trace_putc(char *buf, u32 size, u32 *len, char c)
{
	if (*len + 1 < size)
		buf[(*len)++] = c;
}

static void trace_put_u64(char *buf, u32 size, u32 *len, u64 v, u32 base,
			  bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	u32 n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (n)
		trace_putc(buf, size, len, tmp[--n]);
}

u32 sbpf_trace_format(char *buf, u32 size, const char *fmt, u32 fmt_size,
		      const u64 args[3])
{
	u32 i = 0, len = 0, argi = 0;

	if (!size)
		return 0;
	while (i < fmt_size && fmt[i]) {
		u32 start = i, lmod = 0;
		u64 v;
		char c;

		if (fmt[i] != '%') {
			trace_putc(buf, size, &len, fmt[i++]);
			continue;
		}
		i++;
		while (i < fmt_size && fmt[i] == 'l' && lmod < 2) {
			lmod++;
			i++;
		}
		c = i < fmt_size ? fmt[i] : 0;
		if (c == '%' && !lmod) {
			trace_putc(buf, size, &len, '%');
			i++;
			continue;
		}
		if (!c || !strchr("diuxXc", c) || argi == 3) {
			/* Not a conversion we print: copy it as text. */
			while (start < i)
				trace_putc(buf, size, &len, fmt[start++]);
			continue;
		}
		i++;
		v = args[argi++];
		if (!lmod)
			v = (c == 'd' || c == 'i') ? (u64)(s64)(s32)v : (u32)v;
		switch (c) {
		case 'd':
		case 'i':
			if ((s64)v < 0) {
				trace_putc(buf, size, &len, '-');
				v = 0 - v;
			}
			trace_put_u64(buf, size, &len, v, 10, false);
			break;
		case 'u':
			trace_put_u64(buf, size, &len, v, 10, false);
			break;
		case 'x':
		case 'X':
			trace_put_u64(buf, size, &len, v, 16, c == 'X');
			break;
		case 'c':
			trace_putc(buf, size, &len, (char)v);
			break;
		}
	}
	buf[len] = 0;
	return len;
}

/*
 * The format is a constant string the verifier checked (NUL-terminated
 * within fmt_size, only the conversions above).  Output is one bounded line
 * through the platform log, rate limited.
 */
static u64 helper_trace(u64 fmt, u64 fmt_size, u64 a, u64 b, u64 c)
{
	const u64 args[3] = { a, b, c };
	char line[SBPF_TRACE_MAX + 1];
	u32 len;

	if (!sbpf_log_ratelimit())
		return errno_ret(-EBUSY);
	len = sbpf_trace_format(line, sizeof(line), to_ptr(fmt),
				(u32)fmt_size, args);
	/* One line per call: the log adds its own newline. */
	sbpf_pr_info("trace: %.*s\n",
		     (int)(len && line[len - 1] == '\n' ? len - 1 : len), line);
	return len;
}

const sbpf_helper_fn sbpf_helper_fns[__SBPF_FUNC_MAX] = {
	[SBPF_FUNC_map_lookup]	= helper_map_lookup,
	[SBPF_FUNC_map_update]	= helper_map_update,
	[SBPF_FUNC_map_delete]	= helper_map_delete,
	[SBPF_FUNC_map_add]	= helper_map_add,
	[SBPF_FUNC_time_get_ns]	= helper_time_get_ns,
	[SBPF_FUNC_hash]	= helper_hash,
	[SBPF_FUNC_trace]	= helper_trace,
};
