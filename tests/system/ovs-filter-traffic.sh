#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Filter programs on real traffic, driven by ovs-dpctl alone, inside the
# VM guest with our module (TAP).  Two namespaces behind veth pairs
# (lib-traffic.sh), a datapath per part, flows with and without
# filter_prog(...) chains:
#
#   1. stateless-firewall.o as program 1, flows filter_prog(1=1) -> port 2
#      and filter_prog(1=0) -> drop with the same key: ping passes;
#      update-map blocks the destination, ping fails; lookup-map and
#      dump-map show the entry; delete-map-entry, ping passes again; the
#      program's counters and the flows' counters match the echo requests
#      the namespaces' own ICMP counters saw.  Errors: a key of the wrong
#      size, a missing object, deleting a program flows use.
#   2. The two flows with opposite chains share traffic: ns2 also has
#      10.0.0.3, which is blocked; pings to both addresses at once, each
#      flow counts exactly its share.
#   3. stateful-firewall.o: a TCP connection opened from ns1 (the inside)
#      passes and dump-map shows it established; a connection attempt from
#      ns2 is dropped and never reaches ns1.
#   4. rate-limiter.o with a bucket of 10 tokens and no refill: of a burst
#      of 30 echo requests exactly 10 pass; 5 more tokens put in the bucket
#      with update-map let exactly 5 of the next 10 through.
#   5. Program 1 replaced under traffic (tests/system/progs/count-verdict.c:
#      the old program counts in slot 0 and says 1, the new one counts in
#      slot 1 and says 0, same map): every echo request ns1 sent is counted
#      by exactly one program, and took the flow of that program's verdict.
#
# Usage: ovs-filter-traffic.sh OVS_BUILD EXAMPLES_DIR PROGS_DIR
#   EXAMPLES_DIR  the compiled examples/bpf objects (build/examples)
#   PROGS_DIR     count-old.o and count-new.o (build/tests/system-progs)

set -u
name=ovs-filter-traffic
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
EX=$2
PROGS=$3
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"
# shellcheck source=tests/system/lib-traffic.sh
. "$SELF_DIR/lib-traffic.sh"
# shellcheck source=tests/system/lib-filter.sh
. "$SELF_DIR/lib-filter.sh"

STATE=$(mktemp -d /tmp/ovs-filter.XXXXXX)
cleanup_extra='rm -rf "$STATE"'

echo "TAP version 13"
for o in "$EX/stateless-firewall.o" "$EX/stateful-firewall.o" \
         "$EX/rate-limiter.o" "$PROGS/count-old.o" "$PROGS/count-new.o"; do
    [ -f "$o" ] || bail "$o is missing"
done
check "the loaded openvswitch module is ours" '[ "$(module_kind)" = ours ]'
two_namespaces

# Flows every part uses: ARP both ways, and IPv4 from ns2 back to ns1.
plain_flows() {
    step "add-flow ARP 1 -> 2" -- ovs-dpctl add-flow "$1" \
        "in_port(1),eth(),eth_type(0x0806),arp()" 2
    step "add-flow ARP 2 -> 1" -- ovs-dpctl add-flow "$1" \
        "in_port(2),eth(),eth_type(0x0806),arp()" 1
    step "add-flow IPv4 2 -> 1" -- ovs-dpctl add-flow "$1" \
        "in_port(2),eth(),eth_type(0x0800),ipv4()" 1
}

# chain_flows DP KEY: KEY with filter_prog(1=1) to port 2 and KEY with
# filter_prog(1=0) dropped: the same key and mask, opposite chains.
chain_flows() {
    step "add-flow $2,filter_prog(1=1) -> 2" -- \
        ovs-dpctl add-flow "$1" "$2,filter_prog(1=1)" 2
    step "add-flow $2,filter_prog(1=0) -> drop" -- \
        ovs-dpctl add-flow "$1" "$2,filter_prog(1=0)" ""
}

# =============================================================================
# 1. Stateless firewall
# =============================================================================

DP=fw
IP3=10.0.0.3
new_dp $DP
plain_flows $DP
step "load-filter-prog $DP 1 stateless-firewall.o" -- \
    ovs-dpctl load-filter-prog $DP 1 "$EX/stateless-firewall.o"
progs=$(ovs-dpctl show-filter-progs $DP 2>&1)
diag "+ ovs-dpctl show-filter-progs $DP"
diag "$progs"
check "show-filter-progs lists program 1 with its map lookup_table" \
    'echo "$progs" | grep -q "^ *prog 1: name=" &&
     echo "$progs" | grep -q "map 0: name=lookup_table "'
IPV4_1="in_port(1),eth(),eth_type(0x0800),ipv4()"
chain_flows $DP "$IPV4_1"
dump $DP
check "dump-flows shows the chain 1=1 flow to port 2" \
    'echo "$flows" | grep -F "filter_prog(1=1)" | grep -q "actions:2\$"'
check "dump-flows shows the chain 1=0 flow dropping" \
    'echo "$flows" | grep -F "filter_prog(1=0)" | grep -q "actions:drop\$"'

out1=$(icmp_stat ns1 OutEchos)
in2=$(icmp_stat ns2 InEchos)
step "ping $IP2 passes the firewall (5 requests)" -- ping_ns ns1 $IP2 5

# 10.0.0.2 as a host-order u32 (x86): bytes 2 0 0 10.
KEY2="2 0 0 10"
step "update-map $DP 1 0 key $KEY2 value 1 0 0 0 blocks $IP2" -- \
    ovs-dpctl update-map $DP 1 0 key $KEY2 value 1 0 0 0
step "lookup-map shows the entry" -- sh -c \
    "ovs-dpctl lookup-map $DP 1 0 key $KEY2 | tee /dev/stderr |
     grep -q 'value 1 0 0 0'"
if ping_none ns1 $IP2 3; then
    ok "ping $IP2 fails while it is blocked (3 requests)"
else
    not_ok "ping $IP2 passes although it is blocked"
fi
maps=$(ovs-dpctl dump-map $DP 1 0 2>&1)
diag "+ ovs-dpctl dump-map $DP 1 0"
diag "$maps"
check "dump-map shows key $KEY2 value 1 0 0 0" \
    'echo "$maps" | grep -q "key $KEY2 value 1 0 0 0"'
maps=$(ovs-dpctl dump-map $DP 1 0 hex 2>&1)
diag "+ ovs-dpctl dump-map $DP 1 0 hex"
diag "$maps"
check "dump-map hex shows the same entry in hex" \
    'echo "$maps" | grep -q "key 02 00 00 0a value 01 00 00 00"'

# Errors change nothing.
refuse "update-map with a 3-byte key is refused" \
    "key has 3 bytes but the map's keys have 4" -- \
    ovs-dpctl update-map $DP 1 0 key 2 0 0 value 0 0 0 0
refuse "load-filter-prog of a missing file is refused" "$STATE/none.o" -- \
    ovs-dpctl load-filter-prog $DP 2 "$STATE/none.o"
refuse "del-filter-prog of a program flows use is refused" \
    "2 datapath flows name program 1; --flush-flows deletes them" -- \
    ovs-dpctl del-filter-prog $DP 1
step "the entry is still there" -- sh -c \
    "ovs-dpctl lookup-map $DP 1 0 key $KEY2 | grep -q 'value 1 0 0 0'"

step "delete-map-entry $DP 1 0 key $KEY2" -- \
    ovs-dpctl delete-map-entry $DP 1 0 key $KEY2
refuse "lookup-map of the deleted entry finds nothing" "has no such key" -- \
    ovs-dpctl lookup-map $DP 1 0 key $KEY2
step "ping $IP2 passes again (5 requests)" -- ping_ns ns1 $IP2 5

sent=$(( $(icmp_stat ns1 OutEchos) - out1 ))
got=$(( $(icmp_stat ns2 InEchos) - in2 ))
dump $DP
pass=$(flow_field "filter_prog(1=1)" packets)
drop=$(flow_field "filter_prog(1=0)" packets)
diag "ns1 sent $sent echo requests, ns2 got $got;" \
    "flow 1=1 counted ${pass:-none}, flow 1=0 ${drop:-none}"
check "13 requests sent, 10 arrived" '[ "$sent" -eq 13 ] && [ "$got" -eq 10 ]'
check "flow filter_prog(1=1) counted the 10 that arrived" \
    '[ "${pass:-x}" = "$got" ]'
check "flow filter_prog(1=0) counted the 3 blocked" \
    '[ "${drop:-x}" = $((sent - got)) ]'
runs=$(prog_stat $DP 1 runs)
matches=$(prog_stat $DP 1 matches)
check "program 1 ran once per request ($sent; counters say ${runs:-none})" \
    '[ "${runs:-x}" = "$sent" ]'
check "program 1 matched the $got that passed (counters say ${matches:-none})" \
    '[ "${matches:-x}" = "$got" ]'

# =============================================================================
# 2. Same key, opposite chains: each flow gets its share
# =============================================================================

step "ns2 also answers on $IP3" -- ip -n ns2 addr add $IP3/24 dev v2p
# 10.0.0.3 as a host-order u32: 3 0 0 10.
step "update-map blocks $IP3" -- \
    ovs-dpctl update-map $DP 1 0 key 3 0 0 10 value 1 0 0 0
dump $DP
p0=$(flow_field "filter_prog(1=1)" packets)
d0=$(flow_field "filter_prog(1=0)" packets)
ping_ns ns1 $IP2 8 >"$STATE/ping2" 2>&1 &
p2=$!
ping_none ns1 $IP3 8 >"$STATE/ping3" 2>&1 &
p3=$!
wait $p2
r2=$?
wait $p3
r3=$?
check "8 pings to $IP2 all answered while those to $IP3 were sent" \
    '[ $r2 -eq 0 ]'
check "8 pings to $IP3 none answered" '[ $r3 -eq 0 ]'
dump $DP
p1=$(flow_field "filter_prog(1=1)" packets)
d1=$(flow_field "filter_prog(1=0)" packets)
check "flow filter_prog(1=1) took the 8 to $IP2 ($((${p1:-0} - ${p0:-0})))" \
    '[ $((${p1:-0} - ${p0:-0})) -eq 8 ]'
check "flow filter_prog(1=0) took the 8 to $IP3 ($((${d1:-0} - ${d0:-0})))" \
    '[ $((${d1:-0} - ${d0:-0})) -eq 8 ]'

step "del-filter-prog $DP 1 --flush-flows" -- \
    ovs-dpctl del-filter-prog $DP 1 --flush-flows
dump $DP
check "the flows with chains are gone, the 3 others stay" \
    '! echo "$flows" | grep -q filter_prog &&
     [ "$(echo "$flows" | wc -l)" -eq 3 ]'
progs=$(ovs-dpctl show-filter-progs $DP 2>&1)
diag "$progs"
check "show-filter-progs lists no program any more" \
    'echo "$progs" | grep -q "no filter programs"'
step "del-dp $DP" -- ovs-dpctl del-dp $DP
dps=""

# =============================================================================
# 3. Stateful firewall
# =============================================================================

DP=sf
PORT=5001
new_dp $DP
step "add-flow ARP 1 -> 2" -- ovs-dpctl add-flow $DP \
    "in_port(1),eth(),eth_type(0x0806),arp()" 2
step "add-flow ARP 2 -> 1" -- ovs-dpctl add-flow $DP \
    "in_port(2),eth(),eth_type(0x0806),arp()" 1
step "load-filter-prog $DP 1 stateful-firewall.o" -- \
    ovs-dpctl load-filter-prog $DP 1 "$EX/stateful-firewall.o"
# Map 0 "inside" = { 10.0.0.1, 255.255.255.255 } in network order: only
# ns1 is inside.
step "update-map: the inside network is $IP1/32" -- \
    ovs-dpctl update-map $DP 1 0 key 0 0 0 0 value 10 0 0 1 255 255 255 255
TCP1="in_port(1),eth(),eth_type(0x0800),ipv4(proto=6),tcp(),tcp_flags(0/0)"
TCP2="in_port(2),eth(),eth_type(0x0800),ipv4(proto=6),tcp(),tcp_flags(0/0)"
chain_flows $DP "$TCP1"
step "add-flow $TCP2,filter_prog(1=1) -> 1" -- \
    ovs-dpctl add-flow $DP "$TCP2,filter_prog(1=1)" 1
step "add-flow $TCP2,filter_prog(1=0) -> drop" -- \
    ovs-dpctl add-flow $DP "$TCP2,filter_prog(1=0)" ""

# A connection from ns1, held open: the client reads its input from a
# FIFO this script writes.
mkfifo "$STATE/in"
ip netns exec ns2 nc -d -l $IP2 $PORT >"$STATE/recv" 2>&1 &
server=$!
wait_listen ns2 $PORT || bail "nc does not listen on $IP2:$PORT"
ip netns exec ns1 nc -N -p 40000 $IP2 $PORT <"$STATE/in" >/dev/null 2>&1 &
client=$!
exec 3>"$STATE/in"
cleanup_extra="kill $server $client; $cleanup_extra"
echo "through the stateful firewall" >&3
wait_for 'grep -q "through the stateful firewall" "$STATE/recv"'
check "data sent from ns1 arrived in ns2" \
    'grep -q "through the stateful firewall" "$STATE/recv"'
maps=$(ovs-dpctl dump-map $DP 1 1 2>&1)
diag "+ ovs-dpctl dump-map $DP 1 1"
diag "$maps"
# struct conn_key {10.0.0.1, 10.0.0.2, 40000, 5001, 6, pad} network order;
# struct conn { 3 (established), 0 }.
CONN="10 0 0 1 10 0 0 2 156 64 19 137 6 0 0 0"
check "dump-map shows the connection established" \
    'echo "$maps" | grep -q "key $CONN value 3 0 0 0 0 0 0 0"'
exec 3>&-
wait $client
wait $server
cleanup_extra='rm -rf "$STATE"'

# From ns2, which is outside: the SYN is dropped.
passive=$(tcp_stat ns1 PassiveOpens)
ip netns exec ns1 nc -d -l $IP1 $PORT >/dev/null 2>&1 &
server=$!
cleanup_extra="kill $server; $cleanup_extra"
wait_listen ns1 $PORT || bail "nc does not listen on $IP1:$PORT"
dump $DP
d0=$(flow_field "in_port(2), filter_prog(1=0)" packets)
if ip netns exec ns2 nc -z -w 3 $IP1 $PORT >/dev/null 2>&1; then
    not_ok "a connection from ns2 (outside) got through"
else
    ok "a connection from ns2 (outside) does not get through"
fi
dump $DP
d1=$(flow_field "in_port(2), filter_prog(1=0)" packets)
check "its SYNs took the drop flow (${d0:-none} -> ${d1:-none})" \
    '[ "${d1:-0}" -gt "${d0:-0}" ]'
check "ns1 accepted no connection" \
    '[ "$(tcp_stat ns1 PassiveOpens)" -eq "$passive" ]'
kill $server 2>/dev/null
wait $server 2>/dev/null
cleanup_extra='rm -rf "$STATE"'
step "del-dp $DP" -- ovs-dpctl del-dp $DP
dps=""

# =============================================================================
# 4. Rate limiter
# =============================================================================

DP=rl
new_dp $DP
plain_flows $DP
step "load-filter-prog $DP 1 rate-limiter.o" -- \
    ovs-dpctl load-filter-prog $DP 1 "$EX/rate-limiter.o"
# Map 1 "config" = { rate 0/s, burst 10 } (u64s, little endian): a bucket
# of 10 tokens that never refills, so the counts do not depend on time.
step "update-map: bucket of 10, no refill" -- \
    ovs-dpctl update-map $DP 1 1 key 0 0 0 0 \
    value 0 0 0 0 0 0 0 0 10 0 0 0 0 0 0 0
chain_flows $DP "$IPV4_1"
in2=$(icmp_stat ns2 InEchos)
ip netns exec ns1 ping -n -q -c 30 -i 0.01 -W 2 $IP2 >"$STATE/burst" 2>&1
diag "$(cat "$STATE/burst")"
got=$(( $(icmp_stat ns2 InEchos) - in2 ))
dump $DP
pass=$(flow_field "filter_prog(1=1)" packets)
drop=$(flow_field "filter_prog(1=0)" packets)
check "of a burst of 30, exactly 10 arrived ($got)" '[ "$got" -eq 10 ]'
check "flow filter_prog(1=1) counted 10 (${pass:-none})" '[ "${pass:-x}" = 10 ]'
check "flow filter_prog(1=0) counted 20 (${drop:-none})" '[ "${drop:-x}" = 20 ]'
maps=$(ovs-dpctl dump-map $DP 1 0 2>&1)
diag "+ ovs-dpctl dump-map $DP 1 0"
diag "$maps"
check "dump-map shows ns1's bucket empty" \
    'echo "$maps" | grep -Eq "key 10 0 0 1 value( [0-9]+){8} 0 0 0 0 0 0 0 0"'
# {ts 0, count 5}: five more tokens for 10.0.0.1.
step "update-map: 5 tokens for $IP1" -- \
    ovs-dpctl update-map $DP 1 0 key 10 0 0 1 \
    value 0 0 0 0 0 0 0 0 5 0 0 0 0 0 0 0
in2=$(icmp_stat ns2 InEchos)
ip netns exec ns1 ping -n -q -c 10 -i 0.01 -W 2 $IP2 >"$STATE/burst" 2>&1
got=$(( $(icmp_stat ns2 InEchos) - in2 ))
check "of the next 10, exactly 5 arrived ($got)" '[ "$got" -eq 5 ]'
step "del-dp $DP" -- ovs-dpctl del-dp $DP
dps=""

# =============================================================================
# 5. Replacing program 1 under traffic
# =============================================================================

DP=rp
new_dp $DP
plain_flows $DP
step "load-filter-prog $DP 1 count-old.o (counts in slot 0, says 1)" -- \
    ovs-dpctl load-filter-prog $DP 1 "$PROGS/count-old.o"
chain_flows $DP "$IPV4_1"
out1=$(icmp_stat ns1 OutEchos)
in2=$(icmp_stat ns2 InEchos)
ip netns exec ns1 ping -n -q -i 0.01 $IP2 >"$STATE/flood" 2>&1 &
pinger=$!
cleanup_extra="kill $pinger; $cleanup_extra"
wait_for '[ "$(slot_count $DP 0)" -ge 100 ]'
step "load-filter-prog $DP 1 count-new.o under traffic" -- \
    ovs-dpctl load-filter-prog $DP 1 "$PROGS/count-new.o"
wait_for '[ "$(slot_count $DP 1)" -ge 100 ]'
kill -INT $pinger
wait $pinger
cleanup_extra='rm -rf "$STATE"'
diag "$(cat "$STATE/flood")"
sent=$(( $(icmp_stat ns1 OutEchos) - out1 ))
# The last requests may still be on their way through the datapath.
wait_for '[ $(( $(slot_count $DP 0) + $(slot_count $DP 1) )) -ge $sent ]'
old=$(slot_count $DP 0)
new=$(slot_count $DP 1)
wait_for '[ $(( $(icmp_stat ns2 InEchos) - in2 )) -ge "$old" ]'
got=$(( $(icmp_stat ns2 InEchos) - in2 ))
dump $DP
pass=$(flow_field "filter_prog(1=1)" packets)
drop=$(flow_field "filter_prog(1=0)" packets)
diag "sent $sent; old program judged $old, new $new; ns2 got $got;" \
    "flows 1=1: ${pass:-none}, 1=0: ${drop:-none}"
check "both programs judged traffic" '[ "$old" -gt 0 ] && [ "$new" -gt 0 ]'
check "every request judged by exactly one program ($old + $new = $sent)" \
    '[ $((old + new)) -eq "$sent" ]'
check "the old program's packets took the 1=1 flow and arrived" \
    '[ "${pass:-x}" = "$old" ] && [ "$got" -eq "$old" ]'
check "the new program's packets took the 1=0 flow" \
    '[ "${drop:-x}" = "$new" ]'
step "del-dp $DP" -- ovs-dpctl del-dp $DP
dps=""
