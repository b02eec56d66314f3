#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Host-side checks of the Open vSwitch build (TAP).  Needs a complete build
# for the current inputs (make ovs); takes a few seconds.
#
#   - scripts/build-ovs.sh refuses bad input with a precise message: a bad
#     OVS_DPDK value, a series naming a missing patch, a tarball with the
#     wrong checksum, a patch that does not apply without fuzz;
#   - a second run with no change reuses the build (prints the same
#     directory, leaves the complete build untouched); an interrupted build
#     resumes at its last stage; old builds are pruned, oldest used first;
#   - the built ovstest's test-cpu-cores passes in a time namespace whose
#     monotonic clock starts near 0: the early-boot count_cpu_cores() bug
#     (patches/openvswitch/0001-*) stays fixed.

set -u

SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD_OVS=$SRCDIR/scripts/build-ovs.sh
export SRCDIR

# shellcheck source=tests/system/lib-tap.sh
. "$SRCDIR/tests/system/lib-tap.sh"
tmp=$(mktemp -d /tmp/test-build-ovs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# expect_error DESC PATTERN -- COMMAND...: COMMAND must fail and print a
# line matching PATTERN (grep -E) on stderr.
expect_error() {
    desc=$1 pattern=$2
    shift 3
    if "$@" >"$tmp/out" 2>"$tmp/err"; then
        not_ok "$desc: succeeded"
    elif grep -Eq "$pattern" "$tmp/err"; then
        ok "$desc"
    else
        not_ok "$desc: wrong message"
        sed 's/^/# /' "$tmp/err"
    fi
}

obj=$("$BUILD_OVS" --print-dir) || {
    echo "Bail out! no complete OVS build for the current inputs ($obj):" \
        "run make ovs"
    exit 1
}

# --- Error paths (none of them builds anything) -----------------------------

expect_error "OVS_DPDK=yes is refused" "OVS_DPDK must be 0 or 1, not 'yes'" \
    -- env OVS_DPDK=yes "$BUILD_OVS" --print-key

mkdir "$tmp/missing"
printf '# comment\nnope.patch\n' >"$tmp/missing/series"
expect_error "a series naming a missing patch is refused" \
    "series names nope.patch but .*/nope.patch does not exist" \
    -- env OVS_PATCHES_DIR="$tmp/missing" "$BUILD_OVS" --print-key

mkdir "$tmp/overlay"
: >"$tmp/overlay/series"
printf 'lib/x.c lib/no-such-file.c\n' >"$tmp/overlay/overlay"
expect_error "an overlay naming a missing file is refused" \
    "overlay names lib/no-such-file.c but .*/lib/no-such-file.c does not exist" \
    -- env OVS_PATCHES_DIR="$tmp/overlay" "$BUILD_OVS" --print-key
printf 'lib/x.c\n' >"$tmp/overlay/overlay"
expect_error "an overlay line without a source is refused" \
    "overlay line 'lib/x.c' is not 'OVS-PATH SLUICE-PATH'" \
    -- env OVS_PATCHES_DIR="$tmp/overlay" "$BUILD_OVS" --print-key
printf '../x.c README.md\n' >"$tmp/overlay/overlay"
expect_error "an overlay path leaving the tree is refused" \
    "overlay line '../x.c README.md': paths must be relative" \
    -- env OVS_PATCHES_DIR="$tmp/overlay" "$BUILD_OVS" --print-key

printf 'not the tarball\n' | gzip >"$tmp/fake.tar.gz"
expect_error "a tarball with another checksum is refused" \
    "fake.tar.gz has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}" \
    -- env OVS_TARBALL="$tmp/fake.tar.gz" "$BUILD_OVS" --print-key

expect_error "an unknown option is refused" "unknown option '--bogus'" \
    -- "$BUILD_OVS" --bogus

# A patch whose last context line is wrong applies only with fuzz: the
# build must stop at it (in a scratch cache, so nothing is left behind).
mkdir "$tmp/fuzzy"
cat >"$tmp/fuzzy/0001-fuzzy.patch" <<'EOF'
--- a/NEWS
+++ b/NEWS
@@ -1,3 +1,4 @@
+Sluice test line
 v3.1.0 - 16 Feb 2023
 --------------------
 no such third line
EOF
echo 0001-fuzzy.patch >"$tmp/fuzzy/series"
expect_error "a patch that needs fuzz stops the build" \
    "'patch .*--fuzz=0.*0001-fuzzy.patch' failed" \
    -- env OVS_PATCHES_DIR="$tmp/fuzzy" SLUICE_CACHE="$tmp/cache" \
    BUILD="$tmp/build" "$BUILD_OVS"

# --- The cache ---------------------------------------------------------------

stamp=$(dirname "$obj")/complete
before=$(stat -c %Y.%i "$stamp")
if again=$(BUILD="$tmp/build" "$BUILD_OVS" 2>"$tmp/err") &&
   [ "$again" = "$obj" ] && [ "$(stat -c %Y.%i "$stamp")" = "$before" ] &&
   [ ! -s "$tmp/err" ]; then
    ok "an unchanged rebuild reuses $obj"
else
    not_ok "an unchanged rebuild did not simply reuse $obj"
    sed 's/^/# /' "$tmp/err"
fi
if [ "$(sed -n 's/^OVS_BUILD=//p' "$tmp/build/ovs.env")" = "$obj" ]; then
    ok "ovs.env names the build"
else
    not_ok "ovs.env does not name $obj"
fi

# A build interrupted after configure resumes at make, and completing it
# prunes the cache down to OVS_CACHE_KEEP builds, oldest used first.  Done
# in a scratch cache with a stand-in build tree (its Makefile only creates
# the programs), so nothing real is built or deleted.
cache=$tmp/prune-cache
key=$("$BUILD_OVS" --print-key)
top=$cache/ovs/$key
mkdir -p "$top/src/vswitchd" "$top/build"
touch "$top/source-ready" "$top/configured" "$top/src/vswitchd/vswitch.ovsschema"
progs="vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool
    utilities/ovs-vsctl utilities/ovs-ofctl utilities/ovs-dpctl
    utilities/ovs-appctl tests/ovstest"
{
    printf 'all:\n'
    for p in $progs; do
        printf '\tmkdir -p %s && touch %s && chmod +x %s\n' \
            "$(dirname "$p")" "$p" "$p"
    done
} >"$top/build/Makefile"
day=1
for old in old1 old2 old3 old4; do    # old4 is the most recently used
    mkdir -p "$cache/ovs/$old"
    touch "$cache/ovs/$old/complete"
    touch -d "2020-01-0$day" "$cache/ovs/$old/used"
    day=$((day + 1))
done
if out=$(SLUICE_CACHE=$cache BUILD="$tmp/build2" OVS_CACHE_KEEP=3 \
        "$BUILD_OVS" 2>"$tmp/err") && [ "$out" = "$top/build" ] &&
   [ -f "$top/complete" ] && ! grep -q unpacking "$tmp/err"; then
    ok "an interrupted build resumes at make and completes"
else
    not_ok "an interrupted build did not resume at make"
    sed 's/^/# /' "$tmp/err"
fi
left=$(cd "$cache/ovs" && ls -d -- */ | tr -d / | sort | tr '\n' ' ')
if [ "$left" = "$(printf '%s\n' "$key" old3 old4 | sort | tr '\n' ' ')" ]; then
    ok "the cache keeps the 3 most recently used builds"
else
    not_ok "after pruning the cache holds: $left"
fi

# --- count_cpu_cores() at early boot ----------------------------------------

read -r uptime _ </proc/uptime
up=${uptime%%.*}
if out=$(unshare --time --fork --monotonic=-$((up - 1)) \
        "$obj/tests/ovstest" test-cpu-cores 2>&1); then
    ok "test-cpu-cores passes with the monotonic clock near 0"
else
    not_ok "test-cpu-cores fails with the monotonic clock near 0"
fi
echo "$out" | sed 's/^/# /'

echo "1..$n"
[ "$failed" -eq 0 ]
