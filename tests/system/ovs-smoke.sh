#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Open vSwitch userspace smoke test, run inside the VM guest (as root, with
# our openvswitch.ko loaded) by tests/system/vm/vm-run.
#
# Usage: ovs-smoke.sh [OVS_BUILD]
#   OVS_BUILD  the OVS build directory (scripts/build-ovs.sh prints it);
#              default: $OVS_BUILD, else the one recorded in build/ovs.env.
#
# What it does, each step a TAP test point:
#   - ovsdb-server and ovs-vswitchd from that build, state under a fresh
#     directory in /tmp;
#   - count_cpu_cores() is right when the monotonic clock reads below 10 s
#     (ovstest test-cpu-cores in a time namespace whose clock starts near 0):
#     OVS 3.1 said 0 there (patches/openvswitch/0001-*);
#   - ovs-vswitchd, started with bridge br0 already configured and its
#     monotonic clock near 0, runs at least one upcall handler thread (OVS
#     3.1 ran none, and lost every upcall, when started before 10 s of
#     uptime);
#   - br0 gets two veth ports whose peers live in namespaces ns1/ns2;
#   - OpenFlow rules in_port=1 -> 2 and 2 -> 1 (ovs-ofctl add-flow);
#   - ping ns1 -> ns2 passes;
#   - ovs-dpctl dump-flows shows the IPv4 megaflows of both directions,
#     in_port(v1) -> v2 and in_port(v2) -> v1, with packets counted on them;
#   - after ovs-ofctl del-flows and a revalidation round, the megaflows that
#     forward are gone and ping fails (the datapath follows OpenFlow).
# Everything is torn down on exit, pass or fail; on failure the OVS logs are
# printed.  The logs are always copied to $VM_OUT/ovs-smoke/ when the harness
# provides $VM_OUT (build/vm-out/<name>/ on the host).

set -u

SELF_DIR=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${SRCDIR:-$(cd "$SELF_DIR/../.." && pwd)}

if [ $# -ge 1 ]; then
    OVS_BUILD=$1
elif [ -z "${OVS_BUILD:-}" ] && [ -f "${BUILD:-$SRCDIR/build}/ovs.env" ]; then
    OVS_BUILD=$(sed -n 's/^OVS_BUILD=//p' "${BUILD:-$SRCDIR/build}/ovs.env")
fi
if [ -z "${OVS_BUILD:-}" ]; then
    echo "Bail out! no OVS build given (argument, \$OVS_BUILD or" \
        "build/ovs.env); run scripts/build-ovs.sh" >&2
    exit 1
fi

# TAP: bail and a failed step stop the test; the EXIT trap tears down and
# prints logs.
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"

# --- Environment ------------------------------------------------------------

for f in vswitchd/ovs-vswitchd vswitchd/vswitch.ovsschema ovsdb/ovsdb-server \
         ovsdb/ovsdb-tool utilities/ovs-vsctl utilities/ovs-ofctl \
         utilities/ovs-dpctl utilities/ovs-appctl tests/ovstest; do
    if [ ! -e "$OVS_BUILD/$f" ]; then
        echo "Bail out! $OVS_BUILD/$f is missing" >&2
        exit 1
    fi
done
PATH=$OVS_BUILD/vswitchd:$OVS_BUILD/ovsdb:$OVS_BUILD/utilities:$OVS_BUILD/tests
PATH=$PATH:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

if [ ! -d /sys/module/openvswitch ]; then
    echo "Bail out! the openvswitch module is not loaded" >&2
    exit 1
fi

STATE=$(mktemp -d /tmp/ovs-smoke.XXXXXX)
export OVS_RUNDIR=$STATE/run OVS_LOGDIR=$STATE/log OVS_DBDIR=$STATE/db
export OVS_SYSCONFDIR=$STATE/etc OVS_PKGDATADIR=$OVS_BUILD/vswitchd
export OVS_BINDIR=$OVS_BUILD/vswitchd
mkdir -p "$OVS_RUNDIR" "$OVS_LOGDIR" "$OVS_DBDIR" "$OVS_SYSCONFDIR"

VSCTL="ovs-vsctl --timeout=120"

teardown() {
    status=$?
    trap - EXIT INT TERM
    set +e
    if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then
        for log in "$OVS_LOGDIR"/*.log; do
            [ -f "$log" ] || continue
            diag "---- $log ----"
            diag "$(tail -n 60 "$log")"
        done
    fi
    if [ -n "${VM_OUT:-}" ] && [ -d "$VM_OUT" ]; then
        mkdir -p "$VM_OUT/ovs-smoke"
        cp "$OVS_LOGDIR"/*.log "$VM_OUT/ovs-smoke/" 2>/dev/null
    fi
    if [ -f "$OVS_RUNDIR/ovs-vswitchd.pid" ]; then
        ovs-appctl --timeout=60 -t ovs-vswitchd exit --cleanup >/dev/null 2>&1
    fi
    if [ -f "$OVS_RUNDIR/ovsdb-server.pid" ]; then
        ovs-appctl --timeout=60 -t ovsdb-server exit >/dev/null 2>&1
    fi
    ip netns del ns1 2>/dev/null
    ip netns del ns2 2>/dev/null
    ip link del v1 2>/dev/null
    ip link del v2 2>/dev/null
    rm -rf "$STATE"
    if [ "$status" -eq 0 ] && [ "$failed" -ne 0 ]; then
        status=1
    fi
    plan
    if [ "$status" -eq 0 ]; then
        diag "ovs-smoke: all $n passed"
    else
        diag "ovs-smoke: FAILED ($failed of $n failed)"
    fi
    exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

read -r uptime _ </proc/uptime
diag "OVS build: $OVS_BUILD"
diag "kernel $(uname -r), $(nproc) CPU(s), uptime ${uptime}s"

# --- count_cpu_cores() before 10 s of monotonic time -----------------------

# OVS 3.1 lost every upcall when ovs-vswitchd opened the kernel datapath
# before CLOCK_MONOTONIC reached 10 s: count_cpu_cores() said 0 CPUs, so it
# started 0 handler threads (see the patch).  The guest boots in seconds,
# but under TCG on a busy host it may pass 10 s before we get here; a time
# namespace whose monotonic clock starts at about 1 s recreates the
# early-boot case whatever the boot took.  (In it, idle times computed
# against the kernel's flow "used" stamps are off by the offset; this test
# never waits for idle expiry.)
#
# timens: set tns to an unshare command line for such a namespace (empty if
# the kernel has no time namespaces), and tns_wall, tns_uptime, tns_shift
# so that ns_clock can tell what a process in it read on its monotonic
# clock at a given wall-clock time.
timens() {
    tns_wall=$(date +%s.%N)
    read -r tns_uptime _ </proc/uptime
    up=${tns_uptime%%.*}
    tns=""
    tns_shift=0
    if [ "$up" -ge 2 ] &&
       unshare --time --fork --monotonic=-$((up - 1)) true 2>/dev/null; then
        tns="unshare --time --fork --monotonic=-$((up - 1))"
        tns_shift=$((up - 1))
    fi
}

# ns_clock WALL: the namespace's monotonic clock, in seconds, at WALL
# (seconds since the epoch).  The guest never suspends, so its uptime is
# its monotonic clock.
ns_clock() {
    awk -v w="$1" -v w0="$tns_wall" -v u0="$tns_uptime" -v s="$tns_shift" \
        'BEGIN { printf "%.1f\n", u0 + (w - w0) - s }'
}

# Read the big binaries once so that loading them over 9p does not eat
# into the first seconds of the namespace's clock.
cat "$OVS_BUILD/tests/ovstest" "$OVS_BUILD/vswitchd/ovs-vswitchd" >/dev/null

timens
if [ -n "$tns" ]; then
    diag "+ $tns ovstest test-cpu-cores"
    if out=$($tns ovstest test-cpu-cores 2>&1); then
        diag "$out"
        ok "count_cpu_cores() is right with the monotonic clock near 0"
    else
        diag "$out"
        not_ok "count_cpu_cores() is wrong with the monotonic clock near 0"
    fi
else
    diag "+ ovstest test-cpu-cores (no time namespace, uptime ${tns_uptime}s)"
    step "count_cpu_cores() matches the affinity mask" -- \
        ovstest test-cpu-cores
fi

# --- Daemons ----------------------------------------------------------------

DB=$OVS_DBDIR/conf.db
step "ovsdb-tool creates the database" -- \
    ovsdb-tool create "$DB" "$OVS_BUILD/vswitchd/vswitch.ovsschema"
step "ovsdb-server starts" -- \
    ovsdb-server "$DB" --remote="punix:$OVS_RUNDIR/db.sock" \
    --pidfile --detach --no-chdir --log-file
step "database initialised (max-idle 60 s so megaflows outlive slow steps)" \
    -- $VSCTL --no-wait -- init -- \
    set Open_vSwitch . other_config:max-idle=60000

# br0 exists before ovs-vswitchd starts, so its first configuration pass
# opens the kernel datapath and sizes the upcall handlers; --detach returns
# only after that pass.
step "bridge br0 configured in the database (kernel datapath)" -- \
    $VSCTL --no-wait add-br br0 \
    -- set Bridge br0 datapath_type=system fail_mode=secure

timens
if [ -n "$tns" ]; then
    diag "uptime ${tns_uptime}s; ovs-vswitchd's monotonic clock starts at ~1s"
else
    diag "uptime ${tns_uptime}s; no time namespace for ovs-vswitchd"
fi
step "ovs-vswitchd starts and opens the datapath" -- \
    $tns ovs-vswitchd "unix:$OVS_RUNDIR/db.sock" \
    --pidfile --detach --no-chdir --log-file -vconsole:off

# When did it size its handlers, on its own clock?  The log line that
# reports the count carries the wall-clock time.
line=$(grep -m 1 'n-handler-threads to' "$OVS_LOGDIR/ovs-vswitchd.log")
diag "$line"
stamp=$(echo "$line" | sed -n 's/^\([0-9T:.-]*\)Z|.*/\1/p')
if [ -n "$stamp" ] && wall=$(date -u -d "$stamp" +%s.%N 2>/dev/null); then
    clock=$(ns_clock "$wall")
else
    bail "ovs-vswitchd did not log its handler thread count"
fi
if awk -v c="$clock" 'BEGIN { exit !(c < 10) }'; then
    diag "handlers sized at ovs-vswitchd monotonic time ${clock}s:" \
        "the early-boot case"
    early=yes
else
    diag "handlers sized at ovs-vswitchd monotonic time ${clock}s:" \
        "NOT the early-boot case"
    early=no
fi
step "br0 is up" -- $VSCTL -- set Bridge br0 other_config:smoke=1

# --- Upcall handlers (the early-boot bug) -----------------------------------

# Every time ovs-vswitchd sized its handlers, it logged the count; the first
# is the one taken at early boot.
counts=$(sed -n 's/.*n-handler-threads to \([0-9]*\).*/\1/p' \
    "$OVS_LOGDIR/ovs-vswitchd.log" | tr '\n' ' ')
diag "handler counts logged: $counts"
case " $counts" in
*" 0 "*) bail "ovs-vswitchd sized its upcall handlers to 0 (upcalls lost)" ;;
esac
ok "ovs-vswitchd never sized its upcall handlers to 0"
if [ "$early" = yes ]; then
    ok "... although it sized them before its clock reached 10 s"
else
    ok "# SKIP early-boot case not reached (clock ${clock}s)"
fi

# handler_threads: count the threads ovs-vswitchd named "handler<N>".
pid=$(cat "$OVS_RUNDIR/ovs-vswitchd.pid")
handler_threads() {
    nt=0
    for comm in /proc/"$pid"/task/*/comm; do
        case $(cat "$comm" 2>/dev/null) in
        handler*) nt=$((nt + 1)) ;;
        esac
    done
    echo "$nt"
}
# A new thread names itself once it runs: wait (bounded) for the names to
# match the count ovs-vswitchd reports.
tries=0
while :; do
    n_threads=$(handler_threads)
    mem=$(ovs-appctl memory/show 2>&1)
    n_handlers=$(echo "$mem" | sed -n 's/.*handlers:\([0-9]*\).*/\1/p')
    if [ "${n_handlers:-0}" -ge 1 ] && [ "$n_threads" -eq "$n_handlers" ]; then
        break
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 120 ] || break
    sleep 0.5
done
diag "memory/show: $mem"
diag "handler threads: $n_threads"
if [ "${n_handlers:-0}" -ge 1 ] && [ "$n_threads" -eq "$n_handlers" ]; then
    ok "ovs-vswitchd runs $n_handlers upcall handler thread(s)"
else
    bail "ovs-vswitchd has no working upcall handlers (memory/show" \
        "handlers:${n_handlers:-?}, $n_threads handler threads)"
fi

# --- Topology ---------------------------------------------------------------

# addns NS VETH ADDR: a veth pair VETH <-> VETH-peer, the peer in NS.
addns() {
    ip netns add "$1" &&
    ip link add "$2" type veth peer name "$2p" &&
    ip link set "$2p" netns "$1" &&
    ip -n "$1" addr add "$3/24" dev "$2p" &&
    ip -n "$1" link set "$2p" up &&
    ip -n "$1" link set lo up &&
    ip link set "$2" up
}
step "namespace ns1 with 10.0.0.1 behind veth v1" -- addns ns1 v1 10.0.0.1
step "namespace ns2 with 10.0.0.2 behind veth v2" -- addns ns2 v2 10.0.0.2
step "v1 and v2 added to br0 as OpenFlow ports 1 and 2" -- $VSCTL \
    -- add-port br0 v1 -- set Interface v1 ofport_request=1 \
    -- add-port br0 v2 -- set Interface v2 ofport_request=2
step "ofport numbers are 1 and 2" -- sh -c \
    "[ \"\$(ovs-vsctl get Interface v1 ofport)\" = 1 ] &&
     [ \"\$(ovs-vsctl get Interface v2 ofport)\" = 2 ]"

# --- Flows and traffic ------------------------------------------------------

step "add-flow in_port=1,actions=output:2" -- \
    ovs-ofctl add-flow br0 in_port=1,actions=output:2
step "add-flow in_port=2,actions=output:1" -- \
    ovs-ofctl add-flow br0 in_port=2,actions=output:1
step "OpenFlow table holds both rules" -- sh -c \
    "ovs-ofctl --no-names dump-flows br0 | tee /dev/stderr |
     grep -q 'in_port=1 actions=output:2' &&
     ovs-ofctl --no-names dump-flows br0 | grep -q 'in_port=2 actions=output:1'"

# -w is a hang guard, not a timing assertion: with -c, ping fails unless
# all 5 replies come back.
step "ping 10.0.0.1 -> 10.0.0.2 through br0" -- \
    ip netns exec ns1 ping -n -c 5 -i 0.2 -w 60 10.0.0.2

# Kernel datapath port numbers of v1 and v2 ("  port 2: v1").
dp_show=$(ovs-dpctl show 2>&1)
diag "$dp_show"
dp1=$(echo "$dp_show" | sed -n 's/^[[:space:]]*port \([0-9]*\): v1$/\1/p')
dp2=$(echo "$dp_show" | sed -n 's/^[[:space:]]*port \([0-9]*\): v2$/\1/p')
if [ -n "$dp1" ] && [ -n "$dp2" ]; then
    ok "ovs-dpctl show lists v1 (port $dp1) and v2 (port $dp2)"
else
    bail "ovs-dpctl show does not list v1 and v2"
fi

flows=$(ovs-dpctl dump-flows 2>&1)
diag "+ ovs-dpctl dump-flows"
diag "$flows"

# has_megaflow IN OUT: an IPv4 megaflow from datapath port IN to port OUT
# that has counted packets.
has_megaflow() {
    echo "$flows" | grep "in_port($1)" | grep 'eth_type(0x0800)' |
        grep -v 'packets:0,' | grep -Eq "actions:$2\$"
}
if has_megaflow "$dp1" "$dp2"; then
    ok "dump-flows: IPv4 megaflow in_port($dp1) -> $dp2 with packets"
else
    not_ok "dump-flows: no IPv4 megaflow in_port($dp1) -> $dp2 with packets"
fi
if has_megaflow "$dp2" "$dp1"; then
    ok "dump-flows: IPv4 megaflow in_port($dp2) -> $dp1 with packets"
else
    not_ok "dump-flows: no IPv4 megaflow in_port($dp2) -> $dp1 with packets"
fi
# A megaflow, not an exact-match flow: fields the rules never looked at
# (the IPv4 addresses) must be wildcarded.
if echo "$flows" | grep "in_port($dp1)" | grep 'eth_type(0x0800)' |
        grep -q 'src=10\.0\.0\.1'; then
    not_ok "dump-flows: IPv4 source is not wildcarded in the megaflow"
else
    ok "dump-flows: IPv4 addresses are wildcarded (megaflow)"
fi

# --- The datapath follows OpenFlow changes ----------------------------------

step "del-flows br0" -- ovs-ofctl del-flows br0
step "revalidation round completed" -- ovs-appctl revalidator/wait
if ip netns exec ns1 ping -n -c 2 -i 0.2 -w 4 10.0.0.2 >/dev/null 2>&1; then
    not_ok "ping still passes with an empty OpenFlow table"
else
    ok "ping fails with an empty OpenFlow table"
fi
flows=$(ovs-dpctl dump-flows 2>&1)
diag "+ ovs-dpctl dump-flows"
diag "$flows"
if echo "$flows" | grep "in_port($dp1)" | grep -Eq "actions:$dp2\$"; then
    not_ok "dump-flows: a megaflow still forwards $dp1 -> $dp2"
else
    ok "dump-flows: no megaflow forwards $dp1 -> $dp2 any more"
fi
