# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Filter program helpers for the guest tests and the demo, over ovs-dpctl's
# filter commands (load-filter-prog, show-filter-progs, lookup-map, ...).
# Sourced after lib-traffic.sh.

# prog_stat DP ID FIELD: statistic FIELD (runs, matches) of program ID as
# show-filter-progs DP reports it ("  prog 1: name=..." then
# "    stats: runs=N matches=N ..."); empty if not found.
prog_stat() {
    ovs-dpctl show-filter-progs "$1" 2>/dev/null | awk -v id="$2:" -v f="$3=" '
        $1 == "prog" { cur = ($2 == id); next }
        cur && $1 == "stats:" {
            for (i = 2; i <= NF; i++)
                if (index($i, f) == 1) { print substr($i, length(f) + 1); exit }
        }'
}

# map_value DP PROG MAP KEY...: the value bytes lookup-map prints for KEY
# (decimal, space separated); empty if there is no entry.
map_value() {
    dp=$1 prog=$2 map=$3
    shift 3
    ovs-dpctl lookup-map "$dp" "$prog" "$map" key "$@" 2>/dev/null |
        sed -n 's/.*value \([0-9 ]*[0-9]\).*/\1/p' | head -n 1
}

# u64_le BYTES...: the little-endian u64 the decimal bytes spell.
u64_le() {
    echo "$@" | awk '{ v = 0; for (i = NF; i >= 1; i--) v = v * 256 + $i;
                       printf "%d\n", v }'
}

# slot_count DP SLOT: counter SLOT of map 0 of program 1
# (tests/system/progs/count-verdict.c); 0 if unreadable.
slot_count() {
    v=$(map_value "$1" 1 0 "$2" 0 0 0)
    if [ -n "$v" ]; then
        u64_le $v
    else
        echo 0
    fi
}
