#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# build-module.sh KSRC OUT [--kunit]: build Sluice's openvswitch.ko for the
# kernel whose build tree is KSRC, in OUT.
#
# --kunit (debug kernel only: it needs CONFIG_KUNIT) builds the KUnit
# suites of tests/kunit/datapath into the module (datapath/linux/Kbuild,
# SLUICE_KUNIT=1); the module then runs them when it loads.
#
# Upstream net/openvswitch (from Debian's linux-source, see
# extract-linux.sh) + patches/linux/series + the overlay of datapath/linux
# and datapath/bpf, built out of tree.  The patched UAPI header goes to
# OUT/src/include/uapi/linux and is searched before the kernel's own.
set -eu
ksrc=$1
out=$2
kunit=0
if [ "${3:-}" = --kunit ]; then
	kunit=1
elif [ -n "${3:-}" ]; then
	echo "usage: build-module.sh KSRC OUT [--kunit]" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
upstream=${BUILD:-$top/build}/upstream

"$top/scripts/extract-linux.sh" "$upstream"
linux=$upstream/linux

if [ ! -f "$ksrc/Makefile" ]; then
	echo "build-module: no kernel build tree at $ksrc" >&2
	echo "build-module: install linux-headers for the kernel or set KSRC" >&2
	exit 1
fi

# The kernel we build for must be the release the sources come from.
src_ver=$(awk -F' = ' '/^VERSION =/{v=$2} /^PATCHLEVEL =/{p=$2}
	/^SUBLEVEL =/{s=$2} END{print v "." p "." s}' "$linux/Makefile")
k_ver=$(make -s -C "$ksrc" kernelversion 2>/dev/null)
if [ "$src_ver" != "$k_ver" ]; then
	echo "build-module: linux-source is $src_ver but $ksrc is $k_ver;" >&2
	echo "build-module: install matching linux-source and headers" \
	     "(or set LINUX_SRC_TARBALL)" >&2
	exit 1
fi

# Fresh tree every time: copying is cheap and stale files are not.  The
# tree mirrors upstream's layout so the series applies with -p1.
tree=$out/tree
mod=$tree/net/openvswitch
rm -rf "$tree"
mkdir -p "$tree/net" "$tree/include/uapi/linux"
cp -r "$linux/net/openvswitch" "$tree/net/"
cp "$linux/include/uapi/linux/openvswitch.h" "$tree/include/uapi/linux/"
"$top/scripts/apply-series.sh" "$top/patches/linux" "$tree"

# Overlay our own files (datapath/linux/Kbuild puts $tree/include first).
cp -r "$top/datapath/linux/." "$mod/"
mkdir -p "$mod/bpf"
cp "$top"/datapath/bpf/*.[ch] "$mod/bpf/" 2>/dev/null || true

if [ "$kunit" = 1 ]; then
	if ! grep -q '^CONFIG_KUNIT=y' "$ksrc/.config" 2>/dev/null; then
		echo "build-module: --kunit needs a kernel with CONFIG_KUNIT=y" \
		     "($ksrc)" >&2
		exit 1
	fi
	mkdir -p "$mod/kunit/datapath"
	cp "$top"/tests/kunit/*.[ch] "$mod/kunit/"
	cp "$top"/tests/kunit/datapath/*.[ch] "$mod/kunit/datapath/"
fi

make -C "$ksrc" M="$mod" -j"${JOBS:-2}" SLUICE_KUNIT=$kunit modules
cp "$mod/openvswitch.ko" "$out/openvswitch.ko"
echo "build-module: $out/openvswitch.ko for $k_ver"
