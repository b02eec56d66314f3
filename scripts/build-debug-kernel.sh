#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Build (or find in the cache) Sluice's debug test kernel: Debian's
# linux-source-6.1 configured with `make allnoconfig` plus the fragment
# tests/kunit/debug.config (KUnit, KASAN, lockdep, PROVE_RCU, kmemleak,
# virtio/9p and every dependency of net/openvswitch built in).
#
# The build tree lives outside the repository, under
#   $SLUICE_CACHE/debug-kernel/<key>/linux-source-6.1
# where <key> hashes the tarball's checksum (from dpkg), the fragment, this
# script and the compiler version.  The tree is kept: out-of-tree modules are
# built against it with `make -C <tree> M=...`.  A finished build is marked
# by <key>/.complete; an interrupted one resumes incrementally.
#
# Usage:
#   build-debug-kernel.sh            build if needed, print the tree's path
#   build-debug-kernel.sh --key      print the cache key only (no build)
#   build-debug-kernel.sh --dir      print the cache directory only (no build)
#
# Environment: SLUICE_CACHE (default /var/cache/sluice), JOBS (default nproc),
# SRCDIR (default: the repository containing this script).

set -eu

here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${SRCDIR:-$(dirname "$here")}
SLUICE_CACHE=${SLUICE_CACHE:-/var/cache/sluice}
JOBS=${JOBS:-$(nproc)}
TARBALL=/usr/src/linux-source-6.1.tar.xz
MD5SUMS=/var/lib/dpkg/info/linux-source-6.1.md5sums
FRAG=$SRCDIR/tests/kunit/debug.config
SELF=$here/build-debug-kernel.sh

die() {
	echo "build-debug-kernel: $*" >&2
	exit 1
}

[ -r "$FRAG" ] || die "$FRAG missing"

# The tarball's checksum as recorded by dpkg: no need to hash 130 MiB on
# every make invocation.  Fall back to hashing it if dpkg has no record.
# (--key and --dir work before the packages are installed; the key they
# print then differs, which is why make evaluates them late.)
tarsum=$(grep ' usr/src/linux-source-6.1.tar.xz$' "$MD5SUMS" 2>/dev/null |
	cut -d' ' -f1) || true
[ -n "$tarsum" ] || [ ! -r "$TARBALL" ] ||
	tarsum=$(md5sum "$TARBALL" | cut -d' ' -f1)

# What the sources and the compiler are; the key adds the configuration.
base="tarball ${tarsum:-none}
cc $(gcc --version 2>/dev/null | head -n 1)"
key=$({
	echo "$base"
	cat "$FRAG" "$SELF"
} | sha256sum | cut -c1-16)

top=$SLUICE_CACHE/debug-kernel
dir=$top/$key
ksrc=$dir/linux-source-6.1

case "${1:-}" in
--key)	echo "$key"; exit 0 ;;
--dir)	echo "$dir"; exit 0 ;;
"")	;;
*)	die "unknown argument: $1" ;;
esac

[ -r "$TARBALL" ] || die "$TARBALL missing (install linux-source-6.1)"
if [ -e "$dir/.complete" ]; then
	echo "$ksrc"
	exit 0
fi

# One builder at a time; a second caller waits, then finds it done.
mkdir -p "$top"
exec 9>"$top/.lock"
flock 9
if [ -e "$dir/.complete" ]; then
	echo "$ksrc"
	exit 0
fi

# A new configuration of the same sources and compiler starts from the
# previous tree (kbuild then rebuilds what the change affects) instead of
# from scratch.  Trees of other sources or compilers are never reused.
if [ ! -d "$dir" ]; then
	for old in "$top"/*; do
		[ -d "$old" ] && [ -e "$old/.extracted" ] || continue
		[ "$(cat "$old/.base" 2>/dev/null)" = "$base" ] || continue
		echo "build-debug-kernel: reusing the tree of $(basename "$old")" >&2
		rm -f "$old/.complete" "$old/.configured" "$old/build.log"
		mv "$old" "$dir"
		break
	done
fi
mkdir -p "$dir"
printf '%s\n' "$base" > "$dir/.base"

log=$dir/build.log
echo "build-debug-kernel: building $key in $dir (log: $log)" >&2
start=$(date +%s)

if [ ! -e "$dir/.extracted" ]; then
	rm -rf "$ksrc"
	tar -C "$dir" -xJf "$TARBALL" --no-same-owner
	[ -f "$ksrc/Makefile" ] || die "unexpected tarball layout"
	touch "$dir/.extracted"
fi

kmake() {
	make -C "$ksrc" ARCH=x86_64 "$@" >>"$log" 2>&1 ||
		{ tail -n 60 "$log" >&2; die "make $* failed (see $log)"; }
}

# allnoconfig with the fragment forced in: symbols the fragment names get its
# values, everything else its most minimal one.
if [ ! -e "$dir/.configured" ]; then
	kmake KCONFIG_ALLCONFIG="$FRAG" allnoconfig
	touch "$dir/.configured"
fi

# Every option the fragment sets must have survived Kconfig.
missing=$(grep -E '^(CONFIG_[A-Za-z0-9_]+=.*|# CONFIG_[A-Za-z0-9_]+ is not set)$' \
		"$FRAG" | while IFS= read -r want; do
	case $want in
	"# "*)	sym=${want#\# }; sym=${sym%% *}
		grep -q "^$sym=" "$ksrc/.config" && echo "  $want"
		;;
	*)	grep -qxF "$want" "$ksrc/.config" || echo "  $want"
		;;
	esac
done) || true
if [ -n "$missing" ]; then
	rm -f "$dir/.configured"
	die "options of $FRAG missing from the resulting .config:
$missing"
fi

kmake -j"$JOBS" all
[ -f "$ksrc/arch/x86/boot/bzImage" ] || die "no bzImage produced"
[ -f "$ksrc/Module.symvers" ] || die "no Module.symvers produced"

touch "$dir/.complete"
echo "build-debug-kernel: done in $(($(date +%s) - start)) s" >&2

# Drop trees of older keys: each is a few GiB.
for old in "$top"/*; do
	[ "$old" = "$dir" ] || [ ! -d "$old" ] || rm -rf "$old"
done

echo "$ksrc"
