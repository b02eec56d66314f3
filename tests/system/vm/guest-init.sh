#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# PID 1 of the test guest, run from the host's root (read-only) after the
# initramfs.  Loads Sluice's openvswitch.ko, runs the test script named in
# $VM_OUT/cmd, reports its exit status on the console and in $VM_OUT/rc,
# saves the kernel log, and powers off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
out=$(sed -n 's/.*\bsluice\.out=\([^ ]*\).*/\1/p' /proc/cmdline)
export VM_OUT=$out HOME=/tmp TMPDIR=/tmp

finish() {
	echo "SLUICE-VM-EXIT: $1"
	echo "$1" > "$VM_OUT/rc"
	dmesg > "$VM_OUT/dmesg.log" 2>&1
	sync
	# reboot(2) directly: PID 1 must never return.
	exec /bin/busybox poweroff -f
}

mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
hostname sluice-vm
ip link set lo up

# shellcheck disable=SC1091
. "$VM_OUT/env"

if [ -n "${VM_MODULE:-}" ]; then
	if [ -d "/lib/modules/$(uname -r)" ]; then
		deps=$(modinfo -F depends "$VM_MODULE" | tr , ' ')
		# shellcheck disable=SC2086
		[ -z "$deps" ] || modprobe -a $deps ||
			{ echo "vm: cannot load $deps"; finish 125; }
	fi
	insmod "$VM_MODULE" || { echo "vm: cannot load $VM_MODULE"; finish 125; }
fi

cd /tmp || finish 125
# The test runs with the console as its terminal-less stdio.
sh -c '. "$VM_OUT/cmd"' < /dev/null
finish $?
