#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# apply-series.sh PATCHDIR TREE: apply PATCHDIR/series to TREE in order,
# strictly (-p1, --fuzz=0).  Blank lines and '#' comments are ignored.
# A patch that does not apply exactly stops the build with its name.
set -eu
[ -f "$1/series" ] || exit 0	# no series: nothing to apply
pdir=$(cd "$1" && pwd)
tree=$2
series=$pdir/series
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$series" | while read -r p _; do
	if ! patch -d "$tree" -p1 --fuzz=0 --no-backup-if-mismatch -s \
	     -i "$pdir/$p"; then
		echo "apply-series: $pdir/$p does not apply to $tree" >&2
		exit 1
	fi
done
