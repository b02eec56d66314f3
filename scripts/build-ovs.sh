#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Build the Open vSwitch userspace (Debian's openvswitch-source 3.1.0 plus
# patches/openvswitch/series, with the Sluice files that
# patches/openvswitch/overlay lists copied in) in a cache directory outside
# any git work tree.
#
# Usage: scripts/build-ovs.sh [--print-dir | --print-key]
#   (no option)   build if needed, then print the build directory
#   --print-dir   print the build directory the current inputs map to, and
#                 exit 0 if it holds a complete build, 1 if not (no building)
#   --print-key   print the cache key of the current inputs
#
# Environment:
#   SRCDIR        the Sluice tree (default: this script's parent directory)
#   SLUICE_CACHE  cache root (default /var/cache/sluice)
#   BUILD         Sluice build dir; ovs.env is written there (default
#                 $SRCDIR/build)
#   JOBS          parallel make jobs (default: nproc)
#   OVS_DPDK      1 to configure --with-dpdk=shared (needs libdpdk-dev)
#   OVS_TARBALL   the tarball (default Debian's); its checksum must still be
#                 the recorded one (the override exists to test that check)
#   OVS_CACHE_KEEP  complete builds kept in the cache, most recently used
#                 first (default 3)
#   OVS_PATCHES_DIR  directory holding `series` and its patches, and
#                 optionally `overlay` (default $SRCDIR/patches/openvswitch;
#                 e.g. an empty series and no overlay build stock OVS, to
#                 compare)
#
# The cache key covers every input: the tarball's checksum, the name and
# content of each patch in the series and of each overlaid file, the
# configure flags and this script's procedure version.  A complete build for the key is reused as is; a new key
# recompiles through ccache (CCACHE_DIR under $SLUICE_CACHE), with paths made
# relative to the key directory so objects are shared between keys.

set -eu

# The one tarball we build from; both must match or we refuse.
OVS_PKG=openvswitch-source
OVS_PKG_VERSION=3.1.0-2+deb12u1
OVS_TARBALL=${OVS_TARBALL:-/usr/src/openvswitch/openvswitch.tar.gz}
OVS_TARBALL_SHA256=82dde6737921b63b284ad8399f95c7f1de94e1b96b2036dcf4a78c9f969ab03f
# Bump when the steps below change in a way that changes the output.
PROCEDURE=2

# Root's pyenv python3 shadows Debian's; OVS must use /usr/bin/python3.
PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
export PATH

SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
SLUICE_CACHE=${SLUICE_CACHE:-/var/cache/sluice}
BUILD=${BUILD:-$SRCDIR/build}
JOBS=${JOBS:-$(nproc)}
OVS_DPDK=${OVS_DPDK:-0}
SERIES_DIR=${OVS_PATCHES_DIR:-$SRCDIR/patches/openvswitch}

die() {
    echo "build-ovs: error: $*" >&2
    exit 1
}

mode=build
case "${1:-}" in
"") ;;
--print-dir) mode=print-dir ;;
--print-key) mode=print-key ;;
*) die "unknown option '$1' (usage: $0 [--print-dir | --print-key])" ;;
esac

# --- Inputs -----------------------------------------------------------------

ver=$(dpkg-query -W -f='${Version}' "$OVS_PKG" 2>/dev/null) ||
    die "package $OVS_PKG is not installed (run scripts/install-deps.sh)"
[ "$ver" = "$OVS_PKG_VERSION" ] ||
    die "$OVS_PKG is version $ver; this build and its patches are for" \
        "$OVS_PKG_VERSION"
[ -f "$OVS_TARBALL" ] || die "$OVS_TARBALL is missing"
sum=$(sha256sum "$OVS_TARBALL" | cut -d' ' -f1)
[ "$sum" = "$OVS_TARBALL_SHA256" ] ||
    die "$OVS_TARBALL has sha256 $sum, expected $OVS_TARBALL_SHA256"

case "$OVS_DPDK" in
0) dpdk_flag= ;;
1)
    dpdk_flag=--with-dpdk=shared
    pkg-config --exists libdpdk ||
        die "OVS_DPDK=1 needs DPDK's development files (pkg-config" \
            "libdpdk): apt-get install libdpdk-dev"
    ;;
*) die "OVS_DPDK must be 0 or 1, not '$OVS_DPDK'" ;;
esac

CONFIGURE_FLAGS="--prefix=/usr --localstatedir=/var --sysconfdir=/etc"
CONFIGURE_FLAGS="$CONFIGURE_FLAGS --disable-afxdp --enable-Werror"
CONFIGURE_FLAGS="$CONFIGURE_FLAGS${dpdk_flag:+ $dpdk_flag}"
CONFIGURE_CC="ccache gcc"

# The patch list: series lines without comments and blanks.
[ -f "$SERIES_DIR/series" ] || die "$SERIES_DIR/series is missing"
patches=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' \
    "$SERIES_DIR/series")
for p in $patches; do
    [ -f "$SERIES_DIR/$p" ] ||
        die "series names $p but $SERIES_DIR/$p does not exist"
done

# The overlay: new files of Sluice copied into the OVS tree (the patches
# only hook them in), one "OVS-PATH SLUICE-PATH" pair per line.
overlay=
if [ -f "$SERIES_DIR/overlay" ]; then
    overlay=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' \
        "$SERIES_DIR/overlay")
fi
nl='
'
old_ifs=$IFS
IFS=$nl
for line in $overlay; do
    IFS=$old_ifs
    # shellcheck disable=SC2086
    set -- $line
    [ $# -eq 2 ] || die "overlay line '$line' is not 'OVS-PATH SLUICE-PATH'"
    case "$1/$2" in
    /* | */../* | ../*) die "overlay line '$line': paths must be relative" ;;
    esac
    [ -f "$SRCDIR/$2" ] || die "overlay names $2 but $SRCDIR/$2 does not exist"
done
IFS=$old_ifs

key=$({
    echo "procedure $PROCEDURE"
    echo "tarball $sum"
    for p in $patches; do
        echo "patch $p $(sha256sum "$SERIES_DIR/$p" | cut -d' ' -f1)"
    done
    echo "$overlay" | while read -r dst src; do
        [ -n "$dst" ] || continue
        echo "overlay $dst $(sha256sum "$SRCDIR/$src" | cut -d' ' -f1)"
    done
    echo "configure CC=$CONFIGURE_CC $CONFIGURE_FLAGS"
} | sha256sum | cut -c1-16)

TOP=$SLUICE_CACHE/ovs/$key
SRC=$TOP/src
OBJ=$TOP/build

case $mode in
print-key)
    echo "$key"
    exit 0
    ;;
print-dir)
    echo "$OBJ"
    [ -f "$TOP/complete" ]
    exit
    ;;
esac

# --- Build ------------------------------------------------------------------

write_env() {
    mkdir -p "$BUILD"
    cat >"$BUILD/ovs.env.tmp" <<EOF
# Generated by scripts/build-ovs.sh; source it to find the OVS build.
OVS_BUILD=$OBJ
OVS_SRC=$SRC
EOF
    mv "$BUILD/ovs.env.tmp" "$BUILD/ovs.env"
    touch "$TOP/used"
}

# Keep the OVS_CACHE_KEEP most recently used complete builds (each is
# ~270 MB) and delete older ones, skipping any that a builder holds locked.
# Half-built trees are left alone: another builder may be working on them.
prune() {
    ls -1t "$SLUICE_CACHE"/ovs/*/used 2>/dev/null |
        tail -n +$((${OVS_CACHE_KEEP:-3} + 1)) |
        while read -r used; do
            old=$(dirname "$used")
            [ "$old" != "$TOP" ] || continue
            (
                flock -n 9 || exit 0
                rm -rf "$old"
                echo "build-ovs: pruned old build $old" >&2
            ) 9>"$old.lock"
        done
}

if [ -f "$TOP/complete" ]; then
    write_env
    echo "$OBJ"
    exit 0
fi

mkdir -p "$SLUICE_CACHE/ovs"
case "$TOP" in
"$SRCDIR"/*) die "the OVS build cache $TOP must not be inside $SRCDIR" ;;
esac
if git -C "$SLUICE_CACHE/ovs" rev-parse --is-inside-work-tree \
        >/dev/null 2>&1; then
    die "$SLUICE_CACHE/ovs is inside a git work tree; OVS's maintainer" \
        "checks break there: set SLUICE_CACHE elsewhere"
fi

# One builder per key at a time.
exec 9>"$SLUICE_CACHE/ovs/$key.lock"
flock 9

if [ -f "$TOP/complete" ]; then    # another builder finished meanwhile
    write_env
    echo "$OBJ"
    exit 0
fi

mkdir -p "$TOP"
LOG=$TOP/build.log
: >"$LOG"

step() {
    echo "build-ovs: $*" >&2
    echo "=== $*" >>"$LOG"
}

run() {
    if ! "$@" >>"$LOG" 2>&1; then
        echo "build-ovs: error: '$*' failed; last lines of $LOG:" >&2
        tail -n 40 "$LOG" >&2
        exit 1
    fi
}

# Each stage leaves a stamp; an interrupted build resumes at the stage it
# was in, and a half-unpacked tree is thrown away.
if [ ! -f "$TOP/source-ready" ]; then
    step "unpacking $OVS_TARBALL into $SRC"
    rm -rf "$SRC" "$TOP/unpack" "$OBJ" "$TOP/configured"
    mkdir -p "$TOP/unpack"
    run tar --no-same-owner -xzf "$OVS_TARBALL" -C "$TOP/unpack"
    [ -f "$TOP/unpack/openvswitch/configure.ac" ] ||
        die "$OVS_TARBALL does not hold openvswitch/configure.ac"
    mv "$TOP/unpack/openvswitch" "$SRC"
    rmdir "$TOP/unpack"
    echo "$overlay" | while read -r dst src; do
        [ -n "$dst" ] || continue
        [ ! -e "$SRC/$dst" ] ||
            die "overlay would replace $dst of the OVS tree: patch it instead"
        mkdir -p "$(dirname "$SRC/$dst")"
        cp "$SRCDIR/$src" "$SRC/$dst"
    done
    step "overlaid $(echo "$overlay" | grep -c . || true) files"
    for p in $patches; do
        step "applying $p"
        run patch -d "$SRC" -p1 --fuzz=0 --no-backup-if-mismatch \
            -i "$SERIES_DIR/$p"
    done
    step "boot.sh"
    (cd "$SRC" && run ./boot.sh)
    touch "$TOP/source-ready"
fi

export CCACHE_DIR="$SLUICE_CACHE/ccache"
export CCACHE_BASEDIR="$TOP"
export CCACHE_NOHASHDIR=1
mkdir -p "$CCACHE_DIR"

if [ ! -f "$TOP/configured" ]; then
    step "configure $CONFIGURE_FLAGS"
    rm -rf "$OBJ"
    mkdir -p "$OBJ"
    # shellcheck disable=SC2086
    (cd "$OBJ" && run ../src/configure CC="$CONFIGURE_CC" $CONFIGURE_FLAGS)
    touch "$TOP/configured"
fi

step "make -j$JOBS (log: $LOG)"
(cd "$OBJ" && run make -j"$JOBS" V=0)

for f in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
         utilities/ovs-vsctl utilities/ovs-ofctl utilities/ovs-dpctl \
         utilities/ovs-appctl tests/ovstest; do
    [ -x "$OBJ/$f" ] || die "make succeeded but $OBJ/$f is missing"
done
# Keep every artifact users need under one directory.
cp "$SRC/vswitchd/vswitch.ovsschema" "$OBJ/vswitchd/vswitch.ovsschema"

touch "$TOP/complete"
write_env
prune
step "done: $OBJ"
echo "$OBJ"
