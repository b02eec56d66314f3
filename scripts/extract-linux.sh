#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# extract-linux.sh DEST: extract from Debian's linux-source tarball the parts
# of Linux that Sluice builds on (net/openvswitch, its UAPI header, the
# openvswitch selftests) into DEST/linux.  Re-extracts only when the tarball
# changed.  LINUX_SRC_TARBALL overrides the tarball.
set -eu
dest=$1
tarball=${LINUX_SRC_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
if [ ! -f "$tarball" ]; then
	echo "extract-linux: $tarball not found (install linux-source-6.1)" >&2
	exit 1
fi
key=$(stat -c '%s-%Y' "$tarball")
[ -f "$dest/.key" ] && [ "$(cat "$dest/.key")" = "$key" ] && exit 0

top=$(tar -tJf "$tarball" | head -1 | cut -d/ -f1)
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
tar -xJf "$tarball" -C "$dest.tmp" --no-same-owner \
	"$top/Makefile" "$top/net/openvswitch" \
	"$top/include/uapi/linux/openvswitch.h" \
	"$top/tools/testing/selftests/net/openvswitch" \
	"$top/tools/testing/kunit"
mv "$dest.tmp/$top" "$dest.tmp/linux"
echo "$key" > "$dest.tmp/.key"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
