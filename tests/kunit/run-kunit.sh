#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Guest side of `make check-kunit`, run by tests/system/vm/vm-run on the
# debug kernel.  Loads each KUnit module in turn (KUnit runs its suites
# while the module loads and prints KTAP to the kernel log), unloads it,
# asks kmemleak for leaks, and leaves in $VM_OUT:
#   kunit-dmesg.log  the kernel log, each module's part between markers
#                    "SLUICE-KUNIT: begin NAME" / "... loaded NAME rc=N"
#   kmemleak.log     kmemleak's report after the last module is gone
# tests/kunit/check-kunit.py judges the results on the host.
#
# usage: run-kunit.sh MODULE.ko...   (the canary, if any, last)

set -u
: "${VM_OUT:?run me through vm-run}"

# Markers in the kernel log, at KERN_WARNING so they reach the console too.
mark() {
	echo "<4>SLUICE-KUNIT: $*" > /dev/kmsg
}

kml=/sys/kernel/debug/kmemleak
[ -d /sys/kernel/debug/kunit ] ||
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# Leaks reported from here on are ours: forget what boot left behind.
[ -w "$kml" ] && echo clear > "$kml" 2>/dev/null

status=0
for ko in "$@"; do
	name=$(basename "$ko" .ko)
	mark "begin $name"
	insmod "$ko"
	rc=$?
	mark "loaded $name rc=$rc"
	if [ "$rc" -ne 0 ]; then
		echo "run-kunit: insmod $ko failed ($rc)"
		status=1
		continue
	fi
	# Keep KUnit's own per-suite record of the results.
	for r in /sys/kernel/debug/kunit/*/results; do
		[ -r "$r" ] || continue
		suite=$(basename "$(dirname "$r")")
		cat "$r" > "$VM_OUT/results-$suite.ktap"
	done
	rmmod "$name"
	rc=$?
	mark "unloaded $name rc=$rc"
	[ "$rc" -eq 0 ] || { echo "run-kunit: rmmod $name failed"; status=1; }
done

if [ -w "$kml" ]; then
	# kmemleak only reports objects unreferenced for at least 5 s.
	sleep 6
	if echo scan > "$kml" && echo scan > "$kml"; then
		cat "$kml" > "$VM_OUT/kmemleak.log"
	else
		echo "run-kunit: kmemleak is disabled" |
			tee "$VM_OUT/kmemleak.log"
		status=1
	fi
else
	echo "run-kunit: no kmemleak" > "$VM_OUT/kmemleak.log"
	status=1
fi

mark "end status=$status"
dmesg > "$VM_OUT/kunit-dmesg.log"
exit "$status"
