#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Guest test (TAP): replacing a program while packets run it and userspace
# updates its map.  The replacement shares the old program's unchanged
# maps (no copy), so not one update is lost: the counter program's count
# equals the packets its flow matched across the replacements (at least
# 30, for as long as frames flow), and the last value userspace wrote
# during them is the one in the map.  A
# replacement whose map changed gets a new map.
#
# usage: filter-replace.sh FILTER_TOOL
set -u
tool=$1
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"
out=${VM_OUT:-/tmp}/filter-replace.out
tap_log=$out

t_out() {
	desc=$1; pat=$2; shift 2
	if "$@" >"$out" 2>&1 && grep -q -- "$pat" "$out"; then ok "$desc"
	else not_ok "$desc (want /$pat/)"; fi
}
ft() { "$tool" "$@"; }
# u64 HEX16: a little-endian 8-byte value as a number.
u64() {
	le=""
	for i in 15 13 11 9 7 5 3 1; do
		le="$le$(echo "$1" | cut -c$i-$((i + 1)))"
	done
	echo $((0x$le))
}
# le64 N: N as 8 little-endian bytes, in hex.
le64() {
	be=$(printf %016x "$1")
	le=""
	for i in 15 13 11 9 7 5 3 1; do
		le="$le$(echo "$be" | cut -c$i-$((i + 1)))"
	done
	echo "$le"
}
packets() {
	ft flow-get dp0 "$port" 3=1 | sed -n 's/.*packets=\([0-9]*\).*/\1/p'
}

echo "TAP version 13"
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
ft dp-add dp0 >/dev/null
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
port=$(ft port-add dp0 v0 | sed -n 's/^port //p')
t_out "program 3: counter (counts[0] += 1 per run)" "prog 3" \
	ft load dp0 3 counter
t_out "a flow on port $port whose chain runs it" ok \
	ft flow-put dp0 "$port" 3=1

ipv4=ffffffffffff02000000000108004500001c000000004011000000000000000000000000000000000000000000000000
# Replace (and update key 1) for as long as the sender runs, at least 30
# times: the replacements overlap the traffic by construction.
"$tool" send v1 $ipv4 20000 >/dev/null 2>&1 &
sender=$!
i=0
bad=0
while [ $bad = 0 ] && [ $i -lt 400 ] &&
      { [ $i -lt 30 ] || kill -0 $sender 2>/dev/null; }; do
	i=$((i + 1))
	ft load dp0 3 counter >"$out" 2>&1 || bad=1
	ft map-update dp0 3 0 01000000 "$(le64 $i)" >"$out" 2>&1 || bad=1
done
wait $sender
last=$i
if [ $bad = 0 ]; then ok "$last replacements and updates while frames flow"
else not_ok "replacements and updates while frames flow"; fi

# The frames are processed in softirq context: wait until the count stops
# moving (bounded), then compare exactly.
prev=-1
tries=0
while [ "$(packets)" != "$prev" ] && [ $tries -lt 50 ]; do
	prev=$(packets)
	sleep 0.5
	tries=$((tries + 1))
done
total=$(packets)
count=$(u64 "$(ft map-lookup dp0 3 0 00000000 | sed 's/.*value //')")
echo "counts[0] $count, flow packets $total" >"$out"
if [ "$count" = "$total" ] && [ "$total" -gt 0 ]; then
	ok "no update of the program was lost across the replacements ($total)"
else
	not_ok "no update of the program was lost across the replacements"
fi
t_out "the last userspace update survived" "value $(le64 $last)" \
	ft map-lookup dp0 3 0 01000000

t_out "a replacement whose map changed" "prog 3 name=hash" \
	ft load dp0 3 hash
t_out "... gets a new, empty map" "error: ENOENT: No entry with this key" \
	sh -c "$tool map-lookup dp0 3 0 00000000; exit 0"
t_out "delete the datapath" ok ft dp-del dp0
ip link del v0

plan
[ "$failed" = 0 ]
