#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The filter program demo (`make demo`), inside the VM guest with our
# module: a stateless firewall loaded with ovs-dpctl, flows whose match
# includes filter_prog(...), ping passing, a map update blocking it, the map
# and the flows dumped, the entry deleted and ping passing again.  Every
# command is printed before it runs, with its output, so a person can
# follow; each expectation is also a TAP test point, and the demo fails if
# one does not hold.
#
# Usage: ovs-filter-demo.sh OVS_BUILD EXAMPLES_DIR

set -u
name=ovs-filter-demo
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
EX=$2
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"
# shellcheck source=tests/system/lib-traffic.sh
. "$SELF_DIR/lib-traffic.sh"

# say TEXT: a narration paragraph.
say() {
    echo
    echo "==== $*"
}

# show COMMAND...: print it as typed at a shell prompt, run it, print its
# output; stop the demo if it fails.
show() {
    line='$'
    for a in "$@"; do
        case $a in
        '' | *[!A-Za-z0-9_./:=,@+-]*) line="$line '$a'" ;;
        *) line="$line $a" ;;
        esac
    done
    echo "$line"
    if ! "$@"; then
        bail "'$*' failed"
    fi
}

# expect DESCRIPTION CONDITION: a checked expectation, printed as TAP.
expect() {
    check "$@"
}

DP=demo
FW=$EX/stateless-firewall.o
[ -f "$FW" ] || bail "$FW is missing"

say "Two network namespaces: ns1 ($IP1) and ns2 ($IP2), each behind a veth"
echo "     pair whose other end will be a port of the datapath."
two_namespaces >/dev/null
show ip -n ns1 -br addr show v1p
show ip -n ns2 -br addr show v2p

say "A kernel datapath with the two veth ends as ports 1 and 2 (no"
echo "     ovs-vswitchd: ovs-dpctl programs the kernel module directly)."
dps=$DP
show ovs-dpctl add-dp $DP
show ovs-dpctl add-if $DP v1,port_no=1 v2,port_no=2
show ovs-dpctl show $DP

say "The stateless firewall (examples/bpf/stateless-firewall.c), compiled"
echo "     with clang -target bpf, verified and loaded as program 1.  It"
echo "     answers 'no match' for IPv4 destinations its map 0 marks with 1."
show ovs-dpctl load-filter-prog $DP 1 "$FW"
show ovs-dpctl show-filter-progs $DP

say "Flows: ARP both ways, replies from port 2 back to port 1, and IPv4"
echo "     from port 1 twice with the same key: when program 1 says match"
echo "     (filter_prog(1=1)) to port 2, when it says no (1=0) dropped."
show ovs-dpctl add-flow $DP "in_port(1),eth(),eth_type(0x0806),arp()" 2
show ovs-dpctl add-flow $DP "in_port(2),eth(),eth_type(0x0806),arp()" 1
show ovs-dpctl add-flow $DP "in_port(2),eth(),eth_type(0x0800),ipv4()" 1
show ovs-dpctl add-flow $DP \
    "in_port(1),eth(),eth_type(0x0800),ipv4(),filter_prog(1=1)" 2
show ovs-dpctl add-flow $DP \
    "in_port(1),eth(),eth_type(0x0800),ipv4(),filter_prog(1=0)" ""
show ovs-dpctl dump-flows $DP

say "ns1 pings ns2: the firewall lets it through."
echo "\$ ip netns exec ns1 ping -c 3 $IP2"
ip netns exec ns1 ping -n -c 3 -i 0.3 -w 60 $IP2
rc=$?
expect "ping passes the firewall" '[ $rc -eq 0 ]'

say "Block $IP2: key = the address as a host-order u32 (x86: 2 0 0 10),"
echo "     value 1 = drop, in Oko's byte syntax."
show ovs-dpctl update-map $DP 1 0 key 2 0 0 10 value 1 0 0 0
show ovs-dpctl lookup-map $DP 1 0 key 2 0 0 10

say "ns1 pings ns2 again: every request now takes the filter_prog(1=0)"
echo "     flow and is dropped."
echo "\$ ip netns exec ns1 ping -c 3 $IP2"
ip netns exec ns1 ping -n -c 3 -i 0.3 -W 2 $IP2
rc=$?
expect "ping is blocked" '[ $rc -ne 0 ]'

say "The map and the flows: the entry, and the packets each flow took."
show ovs-dpctl dump-map $DP 1 0
show ovs-dpctl dump-map $DP 1 0 hex
show ovs-dpctl dump-flows $DP
flows=$(ovs-dpctl dump-flows $DP)
pass=$(flow_field "filter_prog(1=1)" packets)
drop=$(flow_field "filter_prog(1=0)" packets)
expect "the 1=1 flow forwarded the 3 requests that passed" '[ "$pass" = 3 ]'
expect "the 1=0 flow dropped the 3 blocked requests" '[ "$drop" = 3 ]'
show ovs-dpctl show-filter-progs $DP

say "Delete the entry: ping passes again."
show ovs-dpctl delete-map-entry $DP 1 0 key 2 0 0 10
echo "\$ ip netns exec ns1 ping -c 3 $IP2"
ip netns exec ns1 ping -n -c 3 -i 0.3 -w 60 $IP2
rc=$?
expect "ping passes once the entry is gone" '[ $rc -eq 0 ]'

say "Done: the datapath is removed, with its programs and flows."
show ovs-dpctl del-dp $DP
dps=""
