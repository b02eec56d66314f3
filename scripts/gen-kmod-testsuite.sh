#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Generate Open vSwitch's kernel datapath test suite (the script `make
# check-kernel` runs, tests/system-kmod-testsuite) from the sources of the
# current OVS build (scripts/build-ovs.sh, patches included), and print its
# path.  The OVS build cache is only read: the suite is written under
# $BUILD/ovs-kernel/<OVS build key>/ and regenerated when the key changes.
#
# Usage: scripts/gen-kmod-testsuite.sh
set -eu
PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$SRCDIR/build}

obj=$("$SRCDIR/scripts/build-ovs.sh" --print-dir) || {
    echo "gen-kmod-testsuite: no complete OVS build (make ovs)" >&2
    exit 1
}
key=$("$SRCDIR/scripts/build-ovs.sh" --print-key)
src=$(dirname "$obj")/src
out=$BUILD/ovs-kernel/$key
suite=$out/system-kmod-testsuite
if [ ! -f "$suite" ]; then
    [ -f "$src/tests/system-kmod-testsuite.at" ] || {
        echo "gen-kmod-testsuite: $src/tests/system-kmod-testsuite.at" \
            "is missing" >&2
        exit 1
    }
    echo "gen-kmod-testsuite: generating $suite" >&2
    mkdir -p "$out"
    # From $out, so that autom4te leaves nothing in the cache's tree.
    (cd "$out" && autom4te --no-cache -l autotest -I "$src" \
        -o "$suite.tmp" "$src/tests/system-kmod-testsuite.at")
    mv "$suite.tmp" "$suite"
fi
echo "$suite"
