#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Guest test: the openvswitch module the kernel runs is the one this tree
# built (out of tree: taint flag O, which Debian's own module never has).
set -eu
taint=$(cat /sys/module/openvswitch/taint)
case $taint in
*O*) echo "ok 1 - openvswitch is our out-of-tree build (taint $taint)" ;;
*) echo "not ok 1 - the loaded openvswitch is not ours (taint '$taint')"
   exit 1 ;;
esac
echo "ok 2 - $(uname -r), openvswitch loaded"
