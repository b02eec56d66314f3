#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Tests of ovs-bpf and the example programs' packet tests.
#
#   test-ovs-bpf.sh OVS_BPF OBJDIR PCAPDIR
#
# OBJDIR: the objects of mk/loader.mk (examples and test objects).
# PCAPDIR: the traces written by mkpcap.py (NAME.pcap, NAME.expected,
# NAME.args).  Every example must verify and give the expected verdict for
# every packet of its trace, leaving the expected map contents.

set -u
OVS_BPF=$1 OBJDIR=$2 PCAPDIR=$3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0 checks=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect STATUS PATTERN CMD...: runs CMD, checks its exit status and that
# its output (stdout and stderr) contains the fixed string PATTERN.
expect() {
	status=$1 pattern=$2
	shift 2
	checks=$((checks + 1))
	"$@" >"$TMP/out" 2>&1
	rc=$?
	if [ "$rc" != "$status" ]; then
		fail "$* exited $rc, expected $status"; sed 's/^/  | /' "$TMP/out" >&2
	elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$TMP/out"; then
		fail "$*: no '$pattern' in output"; sed 's/^/  | /' "$TMP/out" >&2
	fi
}

EXAMPLES="stateless-firewall rate-limiter stateful-firewall p0f dapper
	  heavy-hitters blocklist"

# ---- show, disasm, usage ----------------------------------------------
expect 0 "ovs-bpf run FILE.o TRACE.pcap" "$OVS_BPF" --help
expect 2 "unknown command 'frobnicate'" "$OVS_BPF" frobnicate x.o
expect 2 "usage: ovs-bpf run FILE.o TRACE.pcap" "$OVS_BPF" run x.o
expect 2 "--log-level 'x': expected 0, 1 or 2" "$OVS_BPF" --log-level x \
	verify x.o
expect 2 "--map, --dump-maps and --engine apply to 'run' only" "$OVS_BPF" disasm \
	--dump-maps x.o
expect 2 "--engine 'fast': expected interp or jit" "$OVS_BPF" run x.o y.pcap \
	--engine fast
expect 2 "--map, --dump-maps and --engine apply to 'run' only" "$OVS_BPF" \
	verify --engine jit x.o
# The datapath commands check their arguments before asking the kernel
# (tests/system/filter-ovs-bpf.sh runs them against the module).
expect 0 "ovs-bpf map update DP ID MAP key BYTES... value BYTES..." \
	"$OVS_BPF" --help
expect 2 "usage: ovs-bpf run DP ID PACKET.pcap|HEX" "$OVS_BPF" run x.o
expect 2 "usage: ovs-bpf unload DP ID [--flush-flows]" "$OVS_BPF" unload dp0
expect 2 "program id 'x': expected a number from 0 to 4294967295" \
	"$OVS_BPF" unload dp0 x
expect 2 "program id '4294967296': expected a number" \
	"$OVS_BPF" unload dp0 4294967296
expect 2 "program id '-1': expected a number" "$OVS_BPF" unload dp0 -- -1
expect 2 "--flush-flows applies to 'unload' only" "$OVS_BPF" list \
	--flush-flows
expect 2 "--no-replace applies to 'load' only" "$OVS_BPF" unload dp0 1 \
	--no-replace
expect 2 "--prog applies to commands that read an object file" \
	"$OVS_BPF" unload dp0 1 --prog x
expect 2 "usage: ovs-bpf map dump DP ID MAP" "$OVS_BPF" map dump dp0 1
expect 2 "map: unknown operation 'frob' (lookup, update, delete, dump)" \
	"$OVS_BPF" map frob dp0 1 0 1
expect 2 "usage: ovs-bpf map lookup DP ID MAP [key] BYTES..." \
	"$OVS_BPF" map lookup dp0 1 0 key
expect 2 "usage: ovs-bpf map dump DP ID MAP" "$OVS_BPF" map dump dp0 1 0 7
expect 2 "key byte word '256': expected a decimal byte (0 to 255)" \
	"$OVS_BPF" map lookup dp0 1 0 key 1 2 256
expect 2 "key byte word '0x123': 0x must be followed by an even number" \
	"$OVS_BPF" map delete dp0 1 0 0x123
expect 2 "key byte word '1a': expected a decimal byte" \
	"$OVS_BPF" map delete dp0 1 0 1a
expect 2 "map update: expected 'key' where '1' is" \
	"$OVS_BPF" map update dp0 1 0 1 2 value 3 4
expect 2 "map update: key without 'value BYTES...'" \
	"$OVS_BPF" map update dp0 1 0 key 1 2 3 4
expect 2 "value: no bytes given" \
	"$OVS_BPF" map update dp0 1 0 key 1 2 value key 3 value 4
expect 2 "packet 'abc': odd number of hex digits" "$OVS_BPF" run dp0 1 abc
expect 1 "not hex bytes, and not a pcap file" "$OVS_BPF" run dp0 1 \
	"$TMP/nonexistent.pcap"
expect 1 "nosuchdp0: no such datapath (no network device of that name)" \
	"$OVS_BPF" map lookup nosuchdp0 1 0 1 2 3 4
expect 1 "nosuchdp0: no such datapath" "$OVS_BPF" load nosuchdp0 1 \
	"$OBJDIR/blocklist.o"
expect 1 "no program 'nope' in the object" "$OVS_BPF" load nosuchdp0 1 \
	"$OBJDIR/multi-prog.o" --prog nope
expect 1 "cannot read: No such file or directory" "$OVS_BPF" show \
	"$TMP/nonexistent.o"
expect 1 "wrong machine 62" "$OVS_BPF" show "$OVS_BPF"
expect 1 "no program 'nope' in the object; it has: third (.text)" \
	"$OVS_BPF" disasm --prog nope "$OBJDIR/multi-prog.o"
expect 0 "map 1 sketch: count-min, key 4 bytes, value 4 bytes, max_entries 2048, 4 hash functions" \
	"$OVS_BPF" show "$OBJDIR/heavy-hitters.o"
expect 0 "program second: section filter/second" "$OVS_BPF" show \
	"$OBJDIR/multi-prog.o"
expect 0 "r1 = map[id:0] (lookup_table)" "$OVS_BPF" disasm \
	"$OBJDIR/stateless-firewall.o"
expect 0 "call map_lookup#1" "$OVS_BPF" disasm \
	"$OBJDIR/stateless-firewall.o"
expect 0 "= map[id:1][0]+0 (.rodata)" "$OVS_BPF" disasm \
	"$OBJDIR/extern-helpers.o"
expect 0 "program second (section filter/second)" "$OVS_BPF" disasm \
	--prog filter/second "$OBJDIR/multi-prog.o"
# Every instruction of every example disassembles to something known.
for ex in $EXAMPLES; do
	checks=$((checks + 1))
	"$OVS_BPF" disasm "$OBJDIR/$ex.o" >"$TMP/dis" 2>&1 ||
		fail "disasm $ex failed"
	if grep -q "unknown" "$TMP/dis"; then
		fail "disasm $ex: unknown instruction"; grep unknown "$TMP/dis" >&2
	fi
	# Jump targets: "N: ... goto +K <T>" with T = N + 1 + K, a real line.
	awk '/goto [-+][0-9]+ </ {
		n = $1 + 0; k = $0; t = $0
		sub(/.*goto /, "", k); sub(/ <.*/, "", k)
		sub(/.*</, "", t); sub(/>.*/, "", t)
		if (t != n + 1 + k) { print "bad target: " $0; bad = 1 }
		targets[t] = 1; jumps++
	}
	/^ *[0-9]+:/ { lines[$1 + 0] = 1 }
	END {
		for (t in targets) if (!(t in lines)) { print "no insn " t; bad = 1 }
		if (!jumps) { print "no jumps"; bad = 1 }
		exit bad
	}' "$TMP/dis" >&2 || fail "disasm $ex: jump targets"
done

# ---- verify -----------------------------------------------------------
for ex in $EXAMPLES oko-firewall oko-syn-guard trace; do
	expect 0 "accepted" "$OVS_BPF" verify "$OBJDIR/$ex.o"
done
# The inverted length check: rejected, the log naming the packet read.
"$OVS_BPF" disasm "$OBJDIR/oko-inverted-check.o" >"$TMP/dis"
read_insn=$(sed -n 's/^ *\([0-9]*\): r[0-9]* = \*(u8 \*)(r1 +23)$/\1/p' \
	"$TMP/dis")
checks=$((checks + 1))
[ -n "$read_insn" ] || fail "oko-inverted-check: packet read not found"
expect 1 "rejected" "$OVS_BPF" verify "$OBJDIR/oko-inverted-check.o"
expect 1 "insn $read_insn" "$OVS_BPF" verify "$OBJDIR/oko-inverted-check.o"
# run refuses it too, with the log, before reading any packet.
expect 1 "insn $read_insn" "$OVS_BPF" run "$OBJDIR/oko-inverted-check.o" \
	"$PCAPDIR/stateless-firewall.pcap"

# ---- run: the examples' packet tests -----------------------------------
# On both engines: $ex.out from the JIT (which must take every example),
# $ex.interp.out from the interpreter; the same verdicts and map contents.
for engine in jit interp; do
sfx=$([ $engine = jit ] || echo .interp)
for ex in $EXAMPLES oko-syn-guard; do
	checks=$((checks + 1))
	set --
	while IFS= read -r arg; do
		set -- "$@" "$arg"
	done <"$PCAPDIR/$ex.args"
	if ! "$OVS_BPF" run "$OBJDIR/$ex.o" "$PCAPDIR/$ex.pcap" "$@" \
		--dump-maps --engine $engine >"$TMP/$ex$sfx.out" 2>&1; then
		fail "run $ex ($engine) failed"
		sed 's/^/  | /' "$TMP/$ex$sfx.out" >&2
		continue
	fi
	sed -n 's/^[0-9][0-9]* \(match\|no-match\)[^ ]* .*/\1/p' \
		"$TMP/$ex$sfx.out" >"$TMP/$ex.verdicts"
	if ! cmp -s "$TMP/$ex.verdicts" "$PCAPDIR/$ex.expected"; then
		fail "run $ex ($engine): verdicts differ (expected, got):"
		diff "$PCAPDIR/$ex.expected" "$TMP/$ex.verdicts" >&2
		sed 's/^/  | /' "$TMP/$ex$sfx.out" >&2
	fi
done

# Map contents after the runs.
grep -qF "key 0e 00 10 ac (u32 2886729742) value 01 00 00 00 (u32 1)" \
	"$TMP/stateless-firewall$sfx.out" ||
	fail "stateless-firewall ($engine): map 0 does not hold 172.16.0.14 -> 1"
grep -qF "key 0a 02 00 01 (u32 16777738) value 07 00 00 00 (u32 7)" \
	"$TMP/p0f$sfx.out" || fail "p0f ($engine): host 10.2.0.1 not recorded as class 7"
[ "$(grep -c '^  key' "$TMP/p0f$sfx.out")" = 2 ] ||
	fail "p0f ($engine): expected one signature and one host"
sed -n '/^map 1 conns/,$p' "$TMP/stateful-firewall$sfx.out" | grep -q "(empty)" ||
	fail "stateful-firewall ($engine): the closed connection is still tracked"
[ "$(grep -c '^  key' "$TMP/dapper$sfx.out")" = 2 ] ||
	fail "dapper ($engine): expected two flow directions"
[ "$(sed -n '/^map 0 buckets/,/^map 1/p' "$TMP/rate-limiter$sfx.out" |
	grep -c '^  key .* value .. .. .. .. .. .. .. .. 00 00 00 00 00 00 00 00$')" = 2 ] ||
	fail "rate-limiter ($engine): expected two buckets, both empty"
checks=$((checks + 5))
done

# pcapng reads like pcap.
"$OVS_BPF" run "$OBJDIR/stateless-firewall.o" \
	"$PCAPDIR/stateless-firewall.pcapng" --map "lookup_table 0e0010ac=01000000" \
	2>&1 | sed -n 's/^[0-9][0-9]* \(match\|no-match\)[^ ]* .*/\1/p' \
	>"$TMP/ng.verdicts"
checks=$((checks + 1))
cmp -s "$TMP/ng.verdicts" "$PCAPDIR/stateless-firewall.expected" ||
	fail "pcapng trace: verdicts differ"

# A truncated capture: the program sees the captured bytes only, too few
# for an IPv4 header, so the blocked destination is not recognised.
expect 0 "1 match ethertype 0x0800 (captured 30 of 50 bytes)" "$OVS_BPF" run \
	"$OBJDIR/stateless-firewall.o" "$PCAPDIR/truncated.pcap" \
	--map "lookup_table 0e0010ac=01000000"

# ---- run: errors ------------------------------------------------------
FW="$OBJDIR/stateless-firewall.o"
FWP="$PCAPDIR/stateless-firewall.pcap"
expect 1 "map lookup_table: key has 3 bytes, the map needs 4" "$OVS_BPF" run \
	"$FW" "$FWP" --map "lookup_table 0e0010=01000000"
expect 1 "the program has no map 'nosuch'" "$OVS_BPF" run "$FW" "$FWP" \
	--map "nosuch 00=00"
expect 1 "expected 'MAP KEY=VALUE'" "$OVS_BPF" run "$FW" "$FWP" \
	--map "lookup_table"
expect 1 "is not an IPv4 address" "$OVS_BPF" run "$FW" "$FWP" \
	--map "lookup_table ip:300.1.1.1=u32:1"
expect 1 "unknown type (ip, u8, u16" "$OVS_BPF" run "$FW" "$FWP" \
	--map "lookup_table s32:1=u32:1"
expect 1 "bad number for 1 bytes" "$OVS_BPF" run "$FW" "$FWP" \
	--map "lookup_table u8:256,u8:0,u16:0=u32:1"
expect 1 "filter programs read Ethernet frames" "$OVS_BPF" run "$FW" \
	"$PCAPDIR/rawip.pcap"
expect 1 "$TMP/none.pcap" "$OVS_BPF" run "$FW" "$TMP/none.pcap"
expect 0 "6 packets, 4 matched" "$OVS_BPF" run "$FW" "$FWP" \
	--map "lookup_table ip:172.16.0.14=u32:0" \
	--map "lookup_table u32:2886729742=be32:16777216"

echo "test-ovs-bpf: $checks checks, $failures failures"
[ "$failures" = 0 ]
