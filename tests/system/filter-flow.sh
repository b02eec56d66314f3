#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Guest test (TAP): OVS_KEY_ATTR_FILTER_PROG in the flow table.  Flows that
# differ only by their chains coexist and round-trip; packets from a veth
# port hit the flow whose chain accepts them; each program runs once per
# packet per lookup (memoised); a flow naming a missing program is refused
# with an extack message; a referenced program cannot be deleted unless
# its flows are flushed with it.
#
# usage: filter-flow.sh FILTER_TOOL
set -u
tool=$1
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"
out=${VM_OUT:-/tmp}/filter-flow.out
tap_log=$out

t_out() {
	desc=$1; pat=$2; shift 2
	if "$@" >"$out" 2>&1 && grep -q -- "$pat" "$out"; then ok "$desc"
	else not_ok "$desc (want /$pat/)"; fi
}
t_err() {
	desc=$1; want="error: $2: $3"; shift 3
	if "$@" >"$out" 2>&1; then not_ok "$desc (succeeded, want $want)"
	elif grep -qF -- "$want" "$out"; then ok "$desc"
	else not_ok "$desc (want '$want')"; fi
}
ft() { "$tool" "$@"; }

echo "TAP version 13"
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

t_out "create datapath dp0" ok ft dp-add dp0
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
t_out "veth v0 is port 1" "port 1" ft port-add dp0 v0
t_out "program 2: ipv4" "prog 2" ft load dp0 2 ipv4
t_out "program 3: counter (stateful)" "prog 3" ft load dp0 3 counter

t_err "flow naming a missing program refused" ENOENT \
	"Flow references a filter program that does not exist" \
	ft flow-put dp0 1 9=1
t_err "chain verdict other than 0 or 1 refused" EINVAL "" \
	ft flow-put dp0 1 3=2
t_err "program twice in a chain refused" EINVAL "" ft flow-put dp0 1 3=1,3=0
t_err "chain longer than 8 links refused" EINVAL "" \
	ft flow-put dp0 1 1=1,2=1,3=1,4=1,5=1,6=1,7=1,8=1,9=1
t_err "inexact chain mask refused" EINVAL "" \
	ft flow-put dp0 1 3=1 --bad-mask
t_out "dump: no flow was added" "flows 0" ft flow-dump dp0

t_out "flow in_port=1 chain 3=1,2=1" ok ft flow-put dp0 1 3=1,2=1 --create
t_out "flow in_port=1 chain 3=1,2=0: same key and mask" ok \
	ft flow-put dp0 1 3=1,2=0 --create --mask-chain
t_err "exact duplicate refused" EEXIST "" \
	ft flow-put dp0 1 3=1,2=0 --create
t_out "dump shows both" "flows 2" ft flow-dump dp0
all1=4294967295=4294967295
t_out "get round-trips chain and exact mask (2=1)" \
	"chain=3=1,2=1 mask=$all1,$all1 packets=0" ft flow-get dp0 1 3=1,2=1
t_out "get round-trips chain and exact mask (2=0)" \
	"chain=3=1,2=0 mask=$all1,$all1 packets=0" ft flow-get dp0 1 3=1,2=0
t_err "get with a chain no flow has" ENOENT "" ft flow-get dp0 1 3=0

ipv4=ffffffffffff02000000000108004500001c000000004011000000000000000000000000000000000000000000000000
arp=ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002000000000000
t_out "5 IPv4 frames into port 1" ok ft send v1 $ipv4 5
t_out "3 ARP frames into port 1" ok ft send v1 $arp 3
sleep 1
t_out "IPv4 frames took the 2=1 flow" "packets=5" ft flow-get dp0 1 3=1,2=1
t_out "ARP frames took the 2=0 flow" "packets=3" ft flow-get dp0 1 3=1,2=0
t_out "the stateful program saw each packet once" \
	"value 0800000000000000" ft map-lookup dp0 3 0 00000000
t_out "program 2 ran once per packet" "runs=8 matches=5" ft get dp0 2
t_out "program 3 ran once per packet" "runs=8 matches=8" ft get dp0 3

t_out "replacing program 2 keeps its flows" "flow_refs=2" \
	ft load dp0 2 ipv4
t_out "... which still match" ok ft send v1 $ipv4 2
sleep 1
t_out "... on the replacement" "packets=7" ft flow-get dp0 1 3=1,2=1

# Map updates from userspace while the datapath's program updates the
# same map (the counter program adds to counts[0] for every packet).
"$tool" send v1 $ipv4 3000 >/dev/null 2>&1 &
sender=$!
i=0
bad=0
while [ $i -lt 40 ]; do
	ft map-update dp0 3 0 01000000 0100000000000000 \
		02000000 0200000000000000 >/dev/null 2>&1 || bad=1
	ft map-lookup dp0 3 0 00000000 >/dev/null 2>&1 || bad=1
	ft map-dump dp0 3 counts >/dev/null 2>&1 || bad=1
	i=$((i + 1))
done
wait $sender
sleep 1
if [ $bad = 0 ]; then
	ok "map operations while the program updates the same map"
else
	echo "a map operation failed" >"$out"
	not_ok "map operations while the program updates the same map"
fi
# counts[0] must equal the program's run count (the veth may drop frames
# under load; the program must not lose an update for those it ran on).
v=$(ft map-lookup dp0 3 0 00000000 | sed 's/.*value //')
le=""
for i in 15 13 11 9 7 5 3 1; do
	le="$le$(echo "$v" | cut -c$i-$((i + 1)))"
done
runs=$(ft get dp0 3 | sed 's/.* runs=\([0-9]*\).*/\1/')
echo "counter $((0x$le)) runs $runs" >"$out"
if [ "$((0x$le))" = "$runs" ] && [ "$runs" -gt 100 ]; then
	ok "... no update of the program was lost ($runs runs)"
else
	not_ok "... no update of the program was lost"
fi

# UFID-identified flows.
t_out "UFID flow in_port=5 chain 2=1" ok \
	ft flow-put dp0 5 2=1 --ufid 0102030405060708090a0b0c0d0e0f10 --create
t_out "UFID flow in_port=5 chain 2=0" ok \
	ft flow-put dp0 5 2=0 --ufid 1102030405060708090a0b0c0d0e0f10 --create
t_err "a UFID reused with another chain refused" ENOENT "" \
	ft flow-put dp0 5 2=1 --ufid 1102030405060708090a0b0c0d0e0f10
t_out "dump shows four flows" "flows 4" ft flow-dump dp0

t_err "deleting a referenced program refused" EBUSY \
	"Filter program is referenced by flows" ft del dp0 2
t_out "flow_refs counts the referencing flows" "flow_refs=4" ft get dp0 2
t_out "delete with flush" ok ft del dp0 2 --flush
t_out "the flows naming program 2 are gone" "flows 0" ft flow-dump dp0
t_out "flow on program 3 only" ok ft flow-put dp0 1 3=1
t_out "delete it by key and chain" ok ft flow-del dp0 1 3=1
t_out "no flow left" "flows 0" ft flow-dump dp0
t_out "flow left for teardown" ok ft flow-put dp0 1 3=0
t_out "delete the datapath with flows and programs" ok ft dp-del dp0

plan
[ "$failed" = 0 ]
