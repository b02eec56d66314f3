#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Guest test (TAP): the ovs-bpf commands against the kernel datapath, with
# no ovs-vswitchd: load, list, replace, unload; map update, lookup, delete
# and dump round trips (Oko's decimal byte syntax and hex, maps by name and
# index, a multi-part dump); the example programs' traces run in the kernel
# with the verdicts ovs-bpf's offline run expects (tests/loader/mkpcap.py);
# every error path with its message, each leaving programs and maps as they
# were.
#
# usage: filter-ovs-bpf.sh FILTER_TOOL
# ovs-bpf, the examples and the traces are taken from $BUILD (mk/loader.mk).
set -u
tool=$1
ob_bin=$BUILD/utilities/ovs-bpf
ex=$BUILD/examples
objs=$BUILD/loader/objs
pcaps=$BUILD/loader/pcap
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"
out=${VM_OUT:-/tmp}/filter-ovs-bpf.out
tap_log=$out

# t_out DESC PATTERN CMD...: CMD succeeds and prints the fixed string PATTERN.
t_out() {
	desc=$1; pat=$2; shift 2
	if "$@" >"$out" 2>&1 && grep -qF -- "$pat" "$out"; then ok "$desc"
	else not_ok "$desc (want '$pat')"; fi
}
# t_fail DESC STATUS PATTERN CMD...: CMD exits STATUS printing PATTERN.
t_fail() {
	desc=$1; status=$2; pat=$3; shift 3
	"$@" >"$out" 2>&1
	rc=$?
	if [ $rc = "$status" ] && grep -qF -- "$pat" "$out"; then ok "$desc"
	else not_ok "$desc (exit $rc, want $status and '$pat')"; fi
}
ft() { "$tool" "$@"; }
ob() { "$ob_bin" "$@"; }

# state: everything a refused command must leave alone (programs with
# their statistics and flow references, and the contents of every map).
state() {
	ob list
	ob map dump dp0 1 lookup_table
	ob map dump dp0 3 config
}
save_state() { state >"$VM_OUT/state.before" 2>&1; }
check_state() {
	state >"$VM_OUT/state.after" 2>&1
	if cmp -s "$VM_OUT/state.before" "$VM_OUT/state.after"; then
		ok "... nothing changed"
	else
		diff "$VM_OUT/state.before" "$VM_OUT/state.after" >"$out"
		not_ok "... nothing changed"
	fi
}

# verdicts TRACE: runs the trace in the kernel, one verdict per line.
verdicts() {
	ob run dp0 "$1" "$2" | sed -n 's/^[0-9]* \(match\|no-match\)[ (].*/\1/p'
}
# t_trace DESC ID NAME [PCAP]: the kernel's verdicts on trace NAME are those
# the example's test expects.
t_trace() {
	desc=$1; id=$2; name=$3; pcap=${4:-$pcaps/$name.pcap}
	verdicts "$id" "$pcap" >"$VM_OUT/verdicts" 2>"$out"
	if cmp -s "$VM_OUT/verdicts" "$pcaps/$name.expected"; then
		ok "$desc"
	else
		diff "$pcaps/$name.expected" "$VM_OUT/verdicts" >>"$out"
		not_ok "$desc"
	fi
}

echo "TAP version 13"
ft dp-add dp0 >/dev/null && ip link set dp0 up

# ---------------------------------------------------------- load, list --
t_out "an empty datapath lists no programs" "(no programs)" ob list dp0
t_out "load the stateless firewall as program 1" \
	"dp0: program 1 loaded: entry ($ex/stateless-firewall.o), 25 instructions" \
	ob load dp0 1 "$ex/stateless-firewall.o"
t_out "list: id, name, instructions, engine, statistics, flow refs" \
	"program 1 entry: insns 25, jited, max_pkt_read 34, flow_refs 0, runs 0, matches 0" \
	ob list dp0
t_out "list: the program's maps" \
	"map 0 lookup_table: hash, key 4 bytes, value 4 bytes, max_entries 1024" \
	ob list dp0
t_out "load heavy-hitters as program 3 (array and count-min)" \
	"program 3 loaded: entry" ob load dp0 3 "$ex/heavy-hitters.o"
t_out "... list shows its count-min sketch" \
	"map 1 sketch: count-min, key 4 bytes, value 4 bytes, max_entries 2048, 4 hash functions" \
	ob list dp0
t_out "load with --log-level 2 prints the verifier trace" "processed" \
	ob load dp0 4 "$ex/blocklist.o" --log-level 2
t_out "a second datapath" ok ft dp-add dp1
t_out "list with no datapath lists every datapath" "dp1:" ob list
t_out "... dp0 too" "program 4 entry" ob list
t_out "... and dp1 has no programs" "(no programs)" ob list dp1
ft dp-del dp1 >/dev/null

# ------------------------------------------------------------------ maps --
t_out "map update in Oko's syntax (172.16.0.14 drops)" \
	"dp0: program 1: map lookup_table: 1 entry updated" \
	ob map update dp0 1 lookup_table key 14 0 16 172 value 1 0 0 0
t_out "map lookup by name, decimal bytes" "value 01 00 00 00 (u32 1)" \
	ob map lookup dp0 1 lookup_table key 14 0 16 172
t_out "map lookup by index, hex bytes" "value 01 00 00 00 (u32 1)" \
	ob map lookup dp0 1 0 0x0e0010ac
t_out "map dump prints the entry" \
	"key 0e 00 10 ac (u32 2886729742) value 01 00 00 00 (u32 1)" \
	ob map dump dp0 1 lookup_table
t_out "batched update: two entries in one request" \
	"2 entries updated" ob map update dp0 1 0 key 0x0f0010ac value 1 0 0 0 \
	key 0x100010ac value 0x02000000
t_out "... the dump has three entries" "3 entries" ob map dump dp0 1 0
t_out "map delete" "map lookup_table: entry deleted" ob map delete dp0 1 lookup_table key 0x0f0010ac
t_fail "... lookup of the deleted key fails" 1 \
	"map lookup_table: lookup: No such file or directory: No entry with this key" \
	ob map lookup dp0 1 0 15 0 16 172
t_out "... the dump has two entries" "2 entries" ob map dump dp0 1 0
t_out "map update of an existing entry" "1 entry updated" \
	ob map update dp0 1 0 key 0x100010ac value 1 0 0 0
t_out "... the new value is there" "value 01 00 00 00" \
	ob map lookup dp0 1 0 0x100010ac
t_out "a 20000-entry array (loaded by filter-tool)" "prog 5" ft load dp0 5 big
ob map dump dp0 5 big >"$VM_OUT/big" 2>&1
if [ "$(grep -c '^key ' "$VM_OUT/big")" = 20000 ] &&
   grep -qx "20000 entries" "$VM_OUT/big" &&
   grep -qF "key 1f 4e 00 00 (u32 19999) value 1f 4e 00 00 00 00 00 00 (u64 19999)" "$VM_OUT/big"; then
	ok "a multi-part dump prints every entry once"
else
	tail -5 "$VM_OUT/big" >"$out"; not_ok "a multi-part dump prints every entry once"
fi
t_out "unload the big array" "dp0: program 5 unloaded" ob unload dp0 5

# ------------------------------------------------------------------- run --
t_trace "stateless firewall: the kernel's verdicts on its trace" 1 \
	stateless-firewall
t_trace "... the same from the pcapng trace" 1 stateless-firewall \
	"$pcaps/stateless-firewall.pcapng"
t_out "run on hex bytes prints the verdict" "1 packet, 1 matched" \
	ob run dp0 1 ffffffffffff00000000000108060001
t_out "... and the packet summary" "1 match arp" \
	ob run dp0 1 ffffffffffff00000000000108060001
t_out "statistics count the runs" "runs 14, matches 10" ob list dp0

ob map update dp0 3 config key 0 0 0 0 value 3 0 0 0 >/dev/null
t_trace "heavy hitters (threshold 3): its trace" 3 heavy-hitters
t_out "rate limiter (rate 0, burst 3)" "program 6 loaded" \
	ob load dp0 6 "$ex/rate-limiter.o"
ob map update dp0 6 config key 0 0 0 0 value 0 0 0 0 0 0 0 0 3 0 0 0 0 0 0 0 \
	>/dev/null
t_trace "rate limiter: its trace" 6 rate-limiter
ob load dp0 7 "$ex/p0f.o" >/dev/null
ob map update dp0 7 signatures key 0x40010a00 0x1072 0xb405 value 7 0 0 0 \
	>/dev/null
t_trace "p0f: its trace" 7 p0f
for ex_name in stateful-firewall dapper blocklist; do
	ob unload dp0 8 >/dev/null 2>&1
	ob load dp0 8 "$ex/$ex_name.o" >/dev/null
	t_trace "$ex_name: its trace" 8 "$ex_name"
done
t_out "unload program 8" "dp0: program 8 unloaded" ob unload dp0 8
t_out "p0f recorded the Linux host" "key 0a 02 00 01" ob map dump dp0 7 hosts

# --------------------------------------------------------------- replace --
t_out "replace program 1 with the same object" \
	"dp0: program 1 replaced: entry" ob load dp0 1 "$ex/stateless-firewall.o"
t_out "... its map kept its entries" "2 entries" ob map dump dp0 1 0
t_out "... and the firewall still drops 172.16.0.14" "no-match" \
	ob run dp0 1 "$pcaps/stateless-firewall.pcap"

# ---------------------------------------------------------- error paths --
save_state
t_fail "a datapath that does not exist" 1 \
	"nosuch0: no such datapath (no network device of that name)" \
	ob list nosuch0
t_fail "a network device that is not a datapath" 1 \
	"lo: list: No such device: The device with this ifindex is not an Open vSwitch datapath" \
	ob list lo
t_fail "map update on a device that is not a datapath" 1 \
	"lo: program 1: get: No such device" \
	ob map update lo 1 0 key 1 2 3 4 value 1 0 0 0
t_fail "unload of an unknown id" 1 \
	"dp0: program 77: unload: No such file or directory: No filter program with this id" \
	ob unload dp0 77
t_fail "run of an unknown id" 1 \
	"dp0: program 77: run: No such file or directory: No filter program with this id" \
	ob run dp0 77 00
t_fail "map lookup on an unknown id" 1 \
	"dp0: program 77: get: No such file or directory" \
	ob map lookup dp0 77 0 1 2 3 4
t_fail "a map name the program does not have" 1 \
	"dp0: program 1: no map 'nosuch' (give a name or an index below 1)" \
	ob map lookup dp0 1 nosuch 1 2 3 4
t_fail "a map index the program does not have" 1 "no map '1'" \
	ob map dump dp0 1 1
t_fail "a byte over 255" 2 \
	"key byte word '300': expected a decimal byte (0 to 255)" \
	ob map update dp0 1 0 key 14 0 16 300 value 1 0 0 0
t_fail "odd hex digits" 2 \
	"value byte word '0x010': 0x must be followed by an even number of hex digits" \
	ob map update dp0 1 0 key 14 0 16 172 value 0x010
t_fail "a key of the wrong size" 1 \
	"dp0: program 1: map lookup_table: key has 3 bytes, the map's keys have 4" \
	ob map update dp0 1 lookup_table key 14 0 16 value 1 0 0 0
t_fail "a value of the wrong size" 1 \
	"map lookup_table: value has 8 bytes, the map's values have 4" \
	ob map update dp0 1 lookup_table key 14 0 16 172 value 0x0100000000000000
t_fail "a batch with one bad entry is refused whole" 1 \
	"value has 3 bytes" ob map update dp0 1 0 key 1 1 1 1 value 1 0 0 0 \
	key 2 2 2 2 value 1 0 0
t_fail "delete of an absent key" 1 \
	"map lookup_table: delete: No such file or directory: No entry with this key" \
	ob map delete dp0 1 0 9 9 9 9
t_fail "delete from an array" 1 "map config: delete: Invalid argument" \
	ob map delete dp0 3 config 0 0 0 0
t_fail "an array index out of range" 1 "map config: update: Argument list too long" \
	ob map update dp0 3 config key 1 0 0 0 value 1 0 0 0
t_fail "a count-min sketch cannot be dumped" 1 \
	"map sketch: dump: Operation not supported: This map type cannot be dumped" \
	ob map dump dp0 3 sketch
t_fail "--no-replace on a used id" 1 \
	"dp0: program 1: load: File exists: A filter program with this id exists" \
	ob load dp0 1 "$ex/blocklist.o" --no-replace
ob verify "$objs/oko-inverted-check.o" >"$VM_OUT/offline-log" 2>&1
insn=$(sed -n 's/^\(insn [0-9]*\):.*/\1/p' "$VM_OUT/offline-log" | head -1)
t_fail "a rejected program: the kernel's message" 1 \
	"dp0: program 9: load: Invalid argument: Filter program rejected" \
	ob load dp0 9 "$objs/oko-inverted-check.o"
t_fail "... and the verifier log, as the offline verifier's ($insn)" 1 \
	"${insn:-no offline log}:" ob load dp0 9 "$objs/oko-inverted-check.o"
t_fail "a rejected replacement of program 1" 1 "Filter program rejected" \
	ob load dp0 1 "$objs/oko-inverted-check.o"
t_fail "an object that is not an object" 1 "p0f.pcap: not an ELF file" \
	ob load dp0 9 "$pcaps/p0f.pcap"
t_fail "a trace that is not a trace" 1 "not hex bytes, and not a pcap file" \
	ob run dp0 1 "$ex/p0f.o"
check_state

# ------------------------------------------ unload with referencing flows --
t_out "a flow whose chain uses program 1" ok ft flow-put dp0 1 1=1
t_out "... list counts the reference" "flow_refs 1" ob list dp0
save_state
t_fail "unload of a program a flow uses" 1 \
	"dp0: program 1: unload: Device or resource busy: Filter program is referenced by flows" \
	ob unload dp0 1
t_fail "... says how many flows and what to do" 1 \
	"1 flow(s) use the program; --flush-flows deletes them with it" \
	ob unload dp0 1
check_state
t_out "unload --flush-flows" "dp0: program 1 unloaded" \
	ob unload dp0 1 --flush-flows
t_out "... the flow is gone" "flows 0" ft flow-dump dp0
t_fail "... and so is the program" 1 "No filter program with this id" \
	ob map dump dp0 1 0
ob list dp0 >"$out" 2>&1
if grep -q "program 1 " "$out"; then not_ok "... list no longer shows it"
else ok "... list no longer shows it"; fi

t_out "delete the datapath with its programs" ok ft dp-del dp0

plan
[ "$failed" = 0 ]
