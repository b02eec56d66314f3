# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Shared by the traffic tests that run in the VM guest (tests/system/ovs-*.sh)
# and by the filter demo: TAP checks, the OVS build's tools on PATH, two
# network namespaces behind veth pairs, datapath flow counters, teardown.
# Sourced, never run, after lib-tap.sh.  The caller sets `name` (its results
# go to $VM_OUT/$name.*) before sourcing, and OVS_BUILD (or passes it as $1).
#
# Topology made by two_namespaces:
#
#   ns1: v1p 10.0.0.1 02:00:00:00:00:01 -- v1 (datapath port 1)
#   ns2: v2p 10.0.0.2 02:00:00:00:00:02 -- v2 (datapath port 2)
#
# IPv6 is off in both namespaces, so the only frames the namespaces send
# are the ones a test provokes (ARP, IPv4).

# --- TAP --------------------------------------------------------------------

# check DESCRIPTION CONDITION...: a test point that passes when the shell
# condition (evaluated with eval) holds.
check() {
    desc=$1
    shift
    if eval "$*"; then
        ok "$desc"
    else
        not_ok "$desc"
    fi
}

# refuse DESCRIPTION MESSAGE -- COMMAND...: COMMAND must fail and say
# MESSAGE (a fixed string) on its output.
refuse() {
    desc=$1
    want=$2
    shift 3
    diag "+ $*"
    if out=$("$@" 2>&1); then
        diag "$out"
        not_ok "$desc (succeeded; want a failure saying '$want')"
    elif echo "$out" | grep -qF -- "$want"; then
        diag "$out"
        ok "$desc"
    else
        diag "$out"
        not_ok "$desc (want '$want')"
    fi
}

# --- Environment ------------------------------------------------------------

if [ $# -ge 1 ] && [ -n "$1" ]; then
    OVS_BUILD=$1
fi
if [ -z "${OVS_BUILD:-}" ]; then
    echo "Bail out! no OVS build given (argument or \$OVS_BUILD)" >&2
    exit 1
fi
for f in utilities/ovs-dpctl utilities/ovs-vsctl utilities/ovs-ofctl; do
    if [ ! -x "$OVS_BUILD/$f" ]; then
        echo "Bail out! $OVS_BUILD/$f is missing" >&2
        exit 1
    fi
done
PATH=$OVS_BUILD/utilities:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
if [ ! -d /sys/module/openvswitch ]; then
    echo "Bail out! the openvswitch module is not loaded" >&2
    exit 1
fi
RESULTS=${VM_OUT:-/tmp}/$name.results
: >"$RESULTS"

# record LINE...: a line of the run's results, compared between modules.
record() {
    echo "$*" >>"$RESULTS"
}

# module_kind: "ours" for Sluice's build (out of tree: taint O), else
# "debian".
module_kind() {
    case $(cat /sys/module/openvswitch/taint) in
    *O*) echo ours ;;
    *) echo debian ;;
    esac
}

# --- Topology ---------------------------------------------------------------

# addns NS VETH ADDR MAC: namespace NS with IPv6 off, a veth pair VETH <->
# VETHp, VETHp in NS with ADDR/24 and MAC.
addns() {
    ip netns add "$1" &&
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 &&
    ip link add "$2" type veth peer name "$2p" &&
    ip link set "$2p" netns "$1" &&
    ip -n "$1" link set "$2p" address "$4" &&
    ip -n "$1" addr add "$3/24" dev "$2p" &&
    ip -n "$1" link set "$2p" up &&
    ip -n "$1" link set lo up &&
    ip link set "$2" up
}

MAC1=02:00:00:00:00:01
MAC2=02:00:00:00:00:02
IP1=10.0.0.1
IP2=10.0.0.2

two_namespaces() {
    sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
    step "namespace ns1: $IP1 behind veth v1" -- addns ns1 v1 $IP1 $MAC1
    step "namespace ns2: $IP2 behind veth v2" -- addns ns2 v2 $IP2 $MAC2
}

# new_dp DP: a datapath DP with v1 as port 1 and v2 as port 2.
new_dp() {
    dps="$dps $1"
    step "ovs-dpctl add-dp $1" -- ovs-dpctl add-dp "$1"
    step "ovs-dpctl add-if: v1 is port 1, v2 is port 2" -- \
        ovs-dpctl add-if "$1" v1,port_no=1 v2,port_no=2
}
dps=""

# --- Traffic ----------------------------------------------------------------

# ping_ns NS DST COUNT: COUNT echo requests 0.2 s apart; succeeds only if
# every reply came back (-w is a hang guard, not a timed assertion).
ping_ns() {
    ip netns exec "$1" ping -n -q -c "$3" -i 0.2 -w 60 "$2"
}

# ping_none NS DST COUNT: succeeds if none of COUNT requests was answered.
# A request is given 2 s for its reply before it counts as lost.
ping_none() {
    out=$(ip netns exec "$1" ping -n -q -c "$3" -i 0.2 -W 2 "$2" 2>&1)
    echo "$out" | grep -q ' 0 received'
}

# wait_for CONDITION: evaluate the shell CONDITION every 0.1 s until it
# holds, for at most a minute (a hang guard: what a test asserts is checked
# afterwards, never the time it took).
wait_for() {
    tries=0
    until eval "$1"; do
        tries=$((tries + 1))
        [ $tries -lt 600 ] || return 1
        sleep 0.1
    done
}

# wait_listen NS PORT: until a TCP socket listens on PORT in NS.
wait_listen() {
    wait_for "ip netns exec $1 ss -Htln 'sport = :$2' | grep -q ."
}

# snmp_stat NS GROUP FIELD: a counter of /proc/net/snmp in NS (GROUP Icmp,
# Tcp, ...): what the namespace's own stack saw.
snmp_stat() {
    ip netns exec "$1" awk -v g="$2:" -v f="$3" '
        $1 == g && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
        $1 == g && h { print $col[f]; exit }' /proc/net/snmp
}
icmp_stat() { snmp_stat "$1" Icmp "$2"; }
tcp_stat() { snmp_stat "$1" Tcp "$2"; }

# --- Datapath flows ---------------------------------------------------------

# dump DP: ovs-dpctl dump-flows DP, shown as diagnostics, kept in $flows.
dump() {
    flows=$(ovs-dpctl dump-flows "$1" 2>&1)
    diag "+ ovs-dpctl dump-flows $1"
    diag "$flows"
}

# flow_field "PATTERN..." FIELD: FIELD (packets or bytes) of the single
# flow in $flows whose line contains every one of the space-separated fixed
# strings PATTERN; empty if there is not exactly one.  (dump-flows prints
# keys in its own canonical form: fully wildcarded fields such as arp() are
# left out, so a flow is found by what identifies it, not by the text it
# was added with.)
flow_field() {
    sel=$flows
    for pat in $1; do
        sel=$(echo "$sel" | grep -F -- "$pat")
    done
    [ -n "$sel" ] && [ "$(echo "$sel" | wc -l)" -eq 1 ] || return 0
    echo "$sel" | sed -n "s/.* $2:\([0-9]*\).*/\1/p"
}

# flows_normalized: $flows sorted, with the time of last use and the TCP
# flags dropped: what two runs of the same traffic must agree on.
flows_normalized() {
    echo "$flows" | sed -e 's/, used:[^,]*//' -e 's/, flags:[^,]*//' | sort
}

# --- Teardown ---------------------------------------------------------------

# Extra cleanup a test registers: a command line run at exit.
cleanup_extra=""

teardown() {
    status=$?
    trap - EXIT INT TERM
    set +e
    [ -z "$cleanup_extra" ] || eval "$cleanup_extra" >/dev/null 2>&1
    for dp in $dps; do
        ovs-dpctl del-dp "$dp" >/dev/null 2>&1
    done
    ip netns del ns1 2>/dev/null
    ip netns del ns2 2>/dev/null
    ip link del v1 2>/dev/null
    ip link del v2 2>/dev/null
    if [ "$status" -eq 0 ] && [ "$failed" -ne 0 ]; then
        status=1
    fi
    plan
    if [ "$status" -eq 0 ]; then
        diag "$name: all $n passed"
    else
        diag "$name: FAILED ($failed of $n failed)"
    fi
    exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM
