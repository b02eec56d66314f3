#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Build (or find in the cache) Sluice's debug test kernel: Debian's
# linux-source-6.1 configured with `make allnoconfig` plus the fragment
# tests/kunit/debug.config (KUnit, KASAN, lockdep, PROVE_RCU, kmemleak,
# virtio/9p and every dependency of net/openvswitch built in).
#
# The build tree lives outside the repository, at a fixed path:
#   $SLUICE_CACHE/debug-kernel/linux-source-6.1
# It is kept: out-of-tree modules are built against it with
# `make -C <tree> M=...`.  The cache is keyed by a hash of the tarball's
# checksum (from dpkg), the compiler version, the build recipe of this
# script and the fragment:
#   - same key as the finished build: nothing to do (instant);
#   - same sources, compiler and recipe, other fragment: the tree is
#     reconfigured in place and kbuild rebuilds what the change affects;
#   - otherwise: the tree is extracted afresh and built cold.
# (The path is fixed because kbuild's objtool records absolute paths: a
# moved tree rebuilds from scratch.)  An interrupted build resumes.
#
# Usage:
#   build-debug-kernel.sh            build if needed, print the tree's path
#   build-debug-kernel.sh --key      print the cache key only (no build)
#   build-debug-kernel.sh --dir      print the tree's path only (no build)
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

# The recipe: how the tree is configured and built.  Change it (or its
# version) whenever a change of this script changes the kernel it builds.
RECIPE="v1: make ARCH=x86_64 KCONFIG_ALLCONFIG=<fragment> allnoconfig; all"

srckey=$({
	echo "tarball ${tarsum:-none}"
	echo "cc $(gcc --version 2>/dev/null | head -n 1)"
	echo "recipe $RECIPE"
} | sha256sum | cut -c1-16)
key=$({ echo "$srckey"; cat "$FRAG"; } | sha256sum | cut -c1-16)

top=$SLUICE_CACHE/debug-kernel
ksrc=$top/linux-source-6.1

case "${1:-}" in
--key)	echo "$key"; exit 0 ;;
--dir)	echo "$ksrc"; exit 0 ;;
"")	;;
*)	die "unknown argument: $1" ;;
esac

[ -r "$TARBALL" ] || die "$TARBALL missing (install linux-source-6.1)"
done_key() { cat "$top/.built-key" 2>/dev/null || true; }
if [ "$(done_key)" = "$key" ]; then
	echo "$ksrc"
	exit 0
fi

# One builder at a time; a second caller waits, then finds it done.
mkdir -p "$top"
exec 9>"$top/.lock"
flock 9
if [ "$(done_key)" = "$key" ]; then
	echo "$ksrc"
	exit 0
fi
rm -f "$top/.built-key"

log=$top/build.log
: > "$log"
echo "build-debug-kernel: building $key in $ksrc (log: $log)" >&2
start=$(date +%s)

if [ "$(cat "$top/.src-key" 2>/dev/null)" != "$srckey" ]; then
	rm -rf "$ksrc" "$top/.src-key"
	tar -C "$top" -xJf "$TARBALL" --no-same-owner
	[ -f "$ksrc/Makefile" ] || die "unexpected tarball layout"
	echo "$srckey" > "$top/.src-key"
fi

kmake() {
	make -C "$ksrc" ARCH=x86_64 "$@" >>"$log" 2>&1 ||
		{ tail -n 60 "$log" >&2; die "make $* failed (see $log)"; }
}

# allnoconfig with the fragment forced in: symbols the fragment names get its
# values, everything else its most minimal one.  (Unchanged: kbuild notices
# and rebuilds nothing.)
kmake KCONFIG_ALLCONFIG="$FRAG" allnoconfig

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
[ -z "$missing" ] || die "options of $FRAG missing from the resulting .config:
$missing"

kmake -j"$JOBS" all
[ -f "$ksrc/arch/x86/boot/bzImage" ] || die "no bzImage produced"
[ -f "$ksrc/Module.symvers" ] || die "no Module.symvers produced"

echo "$key" > "$top/.built-key"
echo "build-debug-kernel: done in $(($(date +%s) - start)) s" >&2
echo "$ksrc"
