#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Open vSwitch's own autotests for what patches/openvswitch touches (the
# groups of tests/odp.at, tests/dpctl.at and tests/ofproto-dpif.at) and
# ours (tests/ovs/filter-prog.at, overlaid as tests/filter-prog.at), run
# from the cached build of scripts/build-ovs.sh.  The cache is shared, so
# the testsuite runs in $BUILD/ovs-unit, never in the build directory.
#
# Usage: scripts/check-ovs-unit.sh [TESTSUITE-OPTIONS...]
#   e.g. -k filter_prog to run only ours.  The default runs the tests of
#   the files OVS_UNIT_GROUPS names (default "odp dpctl filter-prog";
#   make check-ovs-unit-dpif sets "ofproto-dpif", the long group),
#   OVS_UNIT_JOBS at a time, and runs the tests that failed once more, one
#   at a time (the suite's --recheck, as upstream's RECHECK=yes): the test
#   passes only if that second run passes.
# Environment: SRCDIR, BUILD, JOBS as for scripts/build-ovs.sh;
#   OVS_UNIT_JOBS (default 4 x JOBS: the tests spend most of their time
#   waiting for the daemons they start; the ofproto-dpif group used 2.6
#   CPU-minutes in 13 minutes at -j2 on an idle 2-core machine).

set -eu

SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$SRCDIR/build}
JOBS=${JOBS:-$(nproc)}
OVS_UNIT_JOBS=${OVS_UNIT_JOBS:-$((4 * JOBS))}
PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
export PATH

OBJ=$(BUILD=$BUILD "$SRCDIR/scripts/build-ovs.sh" --print-dir) || {
    echo "check-ovs-unit: no complete OVS build for the current inputs" \
         "(run make ovs)" >&2
    exit 1
}
SRC=$(dirname "$OBJ")/src
TESTSUITE=$SRC/tests/testsuite
[ -x "$TESTSUITE" ] || { echo "check-ovs-unit: $TESTSUITE missing" >&2; exit 1; }

# Test numbers of the groups, from the suite's own listing.  Left out:
# "controller action without megaflows", which fails the same way (an
# extra packet-in) with unpatched Open vSwitch 3.1.0 on these machines.
OVS_UNIT_GROUPS=${OVS_UNIT_GROUPS:-odp dpctl filter-prog}
files=$(echo "$OVS_UNIT_GROUPS" | sed 's/  */|/g')
groups=$("$TESTSUITE" -l | awk -v files="$files" '
    /controller action without megaflows/ { next }
    $2 ~ "^(" files ")\\.at:" {
        sub(":", "", $1); printf "%s ", $1
    }')
[ -n "$groups" ] || { echo "check-ovs-unit: no tests selected" >&2; exit 1; }
echo "check-ovs-unit: $(echo $groups | wc -w) tests of $OVS_UNIT_GROUPS" \
     "from $OBJ"

# The suite finds sources as ../../src and programs as ../DIR from its
# directory (build/tests): rebuild that shape out of links, one tree per
# selection of groups, so that the two targets can run side by side.
out=$BUILD/ovs-unit/$(echo "$OVS_UNIT_GROUPS" | sed 's/  */+/g')
rm -rf "$out"
mkdir -p "$out/build/tests"
ln -s "$SRC" "$out/src"
for d in utilities vswitchd ovsdb vtep ipsec; do
    ln -s "$OBJ/$d" "$out/build/$d"
done
cp "$OBJ/tests/atconfig" "$OBJ/tests/atlocal" "$out/build/tests/"
path=utilities:vswitchd:ovsdb:vtep:tests:ipsec:$OBJ/tests

recheck=no
if [ $# -eq 0 ]; then
    set -- -j"$OVS_UNIT_JOBS" $groups
    recheck=yes
fi
status=0
"$TESTSUITE" -C "$out/build/tests" AUTOTEST_PATH="$path" "$@" || status=$?
if [ $status -ne 0 ] && [ $recheck = yes ]; then
    log=$out/build/tests/testsuite.log
    cp "$log" "$out/build/tests/first-run.log"
    echo "check-ovs-unit: rechecking the failed tests once (first run's" \
         "log: $out/build/tests/first-run.log)"
    status=0
    "$TESTSUITE" -C "$out/build/tests" AUTOTEST_PATH="$path" --recheck ||
        status=$?
fi
if [ $status -ne 0 ]; then
    echo "check-ovs-unit: failures; logs in $out/build/tests/testsuite.dir" >&2
fi
exit $status
