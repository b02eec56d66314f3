# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# TAP output for the tests that run in the VM guest (tests/system/*.sh)
# and for scripts/test-build-ovs.sh on the host:
# numbered test points, diagnostics, bail out, the plan.  Sourced, never
# run, first of the test libraries.  The counts are in $n (test points so
# far) and $failed (failed ones); a test prints "TAP version 13" itself and
# ends with the plan, at exit or from its EXIT trap.
#
# A test that keeps each command's output in a file sets tap_log to that
# file: every failed test point is then followed by the file, indented, as
# diagnostics.

n=0
failed=0
tap_log=""

# ok DESCRIPTION: a test point that passed.
ok() {
    n=$((n + 1))
    echo "ok $n - $*"
}

# not_ok DESCRIPTION: a test point that failed.
not_ok() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $*"
    [ -z "$tap_log" ] || sed 's/^/#   /' "$tap_log"
}

# diag TEXT: TEXT as diagnostics, every line of it.
diag() {
    echo "$*" | sed 's/^/# /'
}

# plan: the plan line, for the test points counted so far.
plan() {
    echo "1..$n"
}

# bail MESSAGE: a failed test point, then stop; the caller's EXIT trap, if
# any, cleans up and prints the plan.
bail() {
    not_ok "$*"
    echo "Bail out! $*"
    exit 1
}

# step DESCRIPTION -- COMMAND...: run COMMAND, show it and its output as
# diagnostics, record a test point, bail out on failure (later steps build
# on earlier ones).
step() {
    desc=$1
    shift 2
    diag "+ $*"
    if out=$("$@" 2>&1); then
        [ -z "$out" ] || diag "$out"
        ok "$desc"
    else
        rc=$?
        [ -z "$out" ] || diag "$out"
        bail "$desc (exit status $rc)"
    fi
}
