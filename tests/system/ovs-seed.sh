#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The seed workflow, run inside the VM guest (TAP): direct kernel flow
# programming with ovs-dpctl alone, no ovs-vswitchd, as in Red Hat's "Direct
# Kernel Open vSwitch Flow Programming":
#
#   - ovs-dpctl add-dp, add-if of two veth ends whose peers live in the
#     namespaces ns1 (10.0.0.1) and ns2 (10.0.0.2);
#   - without flows nothing passes (ping fails);
#   - add-flow with in_port/eth/eth_type/arp keys (ARP both ways) and
#     ipv4/icmp keys (echo both ways): ping passes, each ICMP flow counts
#     exactly the 5 packets of its direction;
#   - add-flow with ipv4/tcp keys: 1 MiB over TCP with nc arrives intact,
#     the TCP flows count it;
#   - errors: a flow added twice, a datapath that does not exist, a key
#     that does not parse;
#   - del-flow of the ICMP request flow stops ping; del-flows empties the
#     table; del-if and del-dp.
#
# Usage: ovs-seed.sh OVS_BUILD ours|debian
#   The second argument says which openvswitch.ko the harness loaded; the
#   test checks it.  The lines both runs must agree on (flow keys, actions,
#   exact counters where the traffic is deterministic, error messages) go to
#   $VM_OUT/ovs-seed.results, which `make check-ovs-seed` compares between
#   the two modules.

set -u
name=ovs-seed
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
expect=${2:-ours}
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"
# shellcheck source=tests/system/lib-traffic.sh
. "$SELF_DIR/lib-traffic.sh"

STATE=$(mktemp -d /tmp/ovs-seed.XXXXXX)
cleanup_extra='rm -rf "$STATE"'
DP=seed
PORT=5001
SIZE=1048576

echo "TAP version 13"
kind=$(module_kind)
diag "kernel $(uname -r); openvswitch module: $kind (${VM_MODULE:-?})"
check "the loaded openvswitch module is $expect" '[ "$kind" = "$expect" ]'

two_namespaces
new_dp $DP

show=$(ovs-dpctl show $DP 2>&1)
diag "+ ovs-dpctl show $DP"
diag "$show"
check "ovs-dpctl show lists v1 as port 1 and v2 as port 2" \
    'echo "$show" | grep -q "port 1: v1\$" &&
     echo "$show" | grep -q "port 2: v2\$"'
record "ports: $(echo "$show" | grep 'port [0-9]*:' | tr -s ' ' | tr '\n' ';')"

# --- No flows: every packet misses ------------------------------------------

dump $DP
check "a new datapath has no flows" '[ -z "$flows" ]'
if ping_none ns1 $IP2 2; then
    ok "ping fails while the datapath has no flows"
    record "ping without flows: no reply"
else
    not_ok "ping passes through a datapath without flows"
fi

# --- ARP and ICMP flows -----------------------------------------------------

ARP12="in_port(1),eth(),eth_type(0x0806),arp()"
ARP21="in_port(2),eth(),eth_type(0x0806),arp()"
ICMP12="in_port(1),eth(src=$MAC1,dst=$MAC2),eth_type(0x0800),ipv4(src=$IP1,dst=$IP2,proto=1),icmp()"
ICMP21="in_port(2),eth(src=$MAC2,dst=$MAC1),eth_type(0x0800),ipv4(src=$IP2,dst=$IP1,proto=1),icmp()"
# What finds each flow in dump-flows (see flow_field).
SEL_ARP12="in_port(1), eth_type(0x0806)"
SEL_ARP21="in_port(2), eth_type(0x0806)"
SEL_ICMP12="in_port(1), proto=1"
SEL_ICMP21="in_port(2), proto=1"
step "add-flow ARP from port 1 to port 2" -- ovs-dpctl add-flow $DP "$ARP12" 2
step "add-flow ARP from port 2 to port 1" -- ovs-dpctl add-flow $DP "$ARP21" 1
step "add-flow ICMP $IP1 -> $IP2 to port 2" -- \
    ovs-dpctl add-flow $DP "$ICMP12" 2
step "add-flow ICMP $IP2 -> $IP1 to port 1" -- \
    ovs-dpctl add-flow $DP "$ICMP21" 1

dump $DP
check "dump-flows lists the 4 flows" '[ "$(echo "$flows" | wc -l)" -eq 4 ]'
record "flows added:"
record "$(flows_normalized)"

step "ping $IP1 -> $IP2 (5 echo requests) passes" -- ping_ns ns1 $IP2 5

dump $DP
for f in "$SEL_ICMP12" "$SEL_ICMP21"; do
    p=$(flow_field "$f" packets)
    b=$(flow_field "$f" bytes)
    check "ICMP flow ($f) counted 5 packets, 490 bytes (got ${p:-none}, ${b:-none})" \
        '[ "$p" = 5 ] && [ "$b" = 490 ]'
done
for f in "$SEL_ARP12" "$SEL_ARP21"; do
    p=$(flow_field "$f" packets)
    check "ARP flow ($f) counted packets (got ${p:-none})" \
        '[ "${p:-0}" -ge 1 ]'
done
# ARP refreshes depend on timing: only the ICMP counters are compared.
record "flows after ping:"
record "$(flows_normalized | awk '!/proto=1/ {
    gsub(/packets:[1-9][0-9]*, bytes:[0-9]*/, "packets:>0, bytes:>0") } 1')"

# --- TCP flows and a transfer with nc ---------------------------------------

# The kernel wants tcp_flags() in every TCP key, even fully wildcarded.
TCP12="in_port(1),eth(),eth_type(0x0800),ipv4(src=$IP1,dst=$IP2,proto=6),tcp(dst=$PORT),tcp_flags(0/0)"
TCP21="in_port(2),eth(),eth_type(0x0800),ipv4(src=$IP2,dst=$IP1,proto=6),tcp(src=$PORT),tcp_flags(0/0)"
SEL_TCP12="in_port(1), proto=6"
SEL_TCP21="in_port(2), proto=6"
step "add-flow TCP to port $PORT from port 1 to port 2" -- \
    ovs-dpctl add-flow $DP "$TCP12" 2
step "add-flow TCP from port $PORT from port 2 to port 1" -- \
    ovs-dpctl add-flow $DP "$TCP21" 1

head -c $SIZE /dev/urandom >"$STATE/send"
ip netns exec ns2 nc -d -l $IP2 $PORT >"$STATE/recv" 2>"$STATE/nc.err" &
server=$!
cleanup_extra="kill $server; $cleanup_extra"
wait_listen ns2 $PORT || bail "nc does not listen on $IP2:$PORT"
step "nc sends $SIZE bytes $IP1 -> $IP2:$PORT" -- \
    ip netns exec ns1 nc -N -w 60 $IP2 $PORT <"$STATE/send"
wait $server
check "the server received the $SIZE bytes intact" \
    'cmp -s "$STATE/send" "$STATE/recv"'

dump $DP
p12=$(flow_field "$SEL_TCP12" packets)
b12=$(flow_field "$SEL_TCP12" bytes)
p21=$(flow_field "$SEL_TCP21" packets)
check "TCP flow 1 -> 2 counted the data (${p12:-none} packets, ${b12:-none} bytes)" \
    '[ "${p12:-0}" -ge 1 ] && [ "${b12:-0}" -ge $SIZE ]'
check "TCP flow 2 -> 1 counted the replies (${p21:-none} packets)" \
    '[ "${p21:-0}" -ge 1 ]'
# Segment counts depend on timing (offloads, delayed ACKs): compared as
# "some".
record "flows after TCP:"
record "$(flows_normalized | awk '!/proto=1/ {
    gsub(/packets:[1-9][0-9]*, bytes:[0-9]*/, "packets:>0, bytes:>0") } 1')"

# --- Errors -----------------------------------------------------------------

# err_case DESC MESSAGE -- COMMAND: a refusal, and its message recorded.
err_case() {
    refuse "$@"
    record "error: $(echo "$out" | head -n 1)"
}
err_case "a flow added twice is refused" "File exists" -- \
    ovs-dpctl add-flow $DP "$ICMP12" 2
err_case "a flow for a datapath that does not exist is refused" \
    "datapath not found" -- ovs-dpctl add-flow nosuchdp "$ICMP12" 2
err_case "a key that does not parse is refused" "parsing flow key" -- \
    ovs-dpctl add-flow $DP "in_port(1),eth_type(0x0800),ipv4(source=10.0.0.3)" 2
dump $DP
check "the refusals left the 6 flows alone" \
    '[ "$(echo "$flows" | wc -l)" -eq 6 ]'

# --- Deleting ---------------------------------------------------------------

step "del-flow ICMP $IP1 -> $IP2" -- ovs-dpctl del-flow $DP "$ICMP12"
if ping_none ns1 $IP2 2; then
    ok "ping fails without the ICMP request flow"
    record "ping after del-flow: no reply"
else
    not_ok "ping passes without the ICMP request flow"
fi
dump $DP
check "5 flows remain, none of them the deleted one" \
    '[ "$(echo "$flows" | wc -l)" -eq 5 ] &&
     [ -z "$(flow_field "$SEL_ICMP12" packets)" ]'
record "flows after del-flow (counters left out):"
record "$(flows_normalized | sed 's/ packets:.*actions:/ actions:/')"

step "del-flows $DP" -- ovs-dpctl del-flows $DP
dump $DP
check "the flow table is empty" '[ -z "$flows" ]'

step "del-if $DP v2" -- ovs-dpctl del-if $DP v2
show=$(ovs-dpctl show $DP 2>&1)
diag "$show"
check "v2 is gone, v1 stays" \
    '! echo "$show" | grep -q ": v2\$" && echo "$show" | grep -q "port 1: v1\$"'
step "del-dp $DP" -- ovs-dpctl del-dp $DP
dps=""
refuse "the deleted datapath is gone" "No such device" -- ovs-dpctl show $DP
record "show after del-dp: $(echo "$out" | head -n 1)"
