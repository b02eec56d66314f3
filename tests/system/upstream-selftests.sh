#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Guest test: Linux's own openvswitch selftests (from linux-source, with
# patches/linux-selftests applied by the host) against our module.  Fails on
# the script's status, on any [FAIL] or skipped test, and on any Python
# traceback in the output (the selftest's helper used to crash on every call
# while the script printed OK).
#   upstream-selftests.sh DIR   DIR: the patched selftest directory
set -u
src=$1
work=/tmp/ovs-selftests
rm -rf "$work"
cp -r "$src" "$work"
cd "$work" || exit 1
log=$VM_OUT/upstream-selftests.log

sh ./openvswitch.sh -v 2>&1 | tee "$log"
rc=$?
# tee's status hides the script's: ask the log too.
grep -q '\[ OK \]' "$log" || { echo "upstream selftests: no test passed"; rc=1; }
if grep -E '\[(FAIL|SKIP|NOMOD|PYLIB)\]' "$log"; then
	echo "upstream selftests: a test failed or was skipped"
	rc=1
fi
if grep -q '^Traceback' "$log" "$work"/*/debug.log 2>/dev/null; then
	echo "upstream selftests: Python traceback:"
	cat "$work"/*/debug.log 2>/dev/null
	rc=1
fi
echo "upstream selftests: $(grep -c '\[ OK \]' "$log") passed, exit $rc"
exit $rc
