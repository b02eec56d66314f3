#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Guest test (TAP): the ovs_filter generic netlink family.  Program load,
# replace, delete, get/dump, run; map lookup/update/delete/get-next/dump;
# malformed, truncated and oversized requests (each refused with the
# expected errno and message, nothing changed); unprivileged and
# foreign-netns callers refused; module unload with programs and maps
# present.
#
# usage: filter-netlink.sh FILTER_TOOL
set -u
tool=$1
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"
out=${VM_OUT:-/tmp}/filter-netlink.out
tap_log=$out

# t DESC CMD...: CMD succeeds.
t() {
	desc=$1
	shift
	if "$@" >"$out" 2>&1; then ok "$desc"; else not_ok "$desc"; fi
}

# t_out DESC PATTERN CMD...: CMD succeeds and its output matches PATTERN.
t_out() {
	desc=$1
	pat=$2
	shift 2
	if "$@" >"$out" 2>&1 && grep -q -- "$pat" "$out"; then
		ok "$desc"
	else
		not_ok "$desc (want /$pat/)"
	fi
}

# t_err DESC ERRNO MESSAGE CMD...: CMD fails with ERRNO and a message
# containing MESSAGE.
t_err() {
	desc=$1
	want="error: $2: $3"
	shift 3
	if "$@" >"$out" 2>&1; then
		not_ok "$desc (succeeded, want $want)"
	elif grep -qF -- "$want" "$out"; then
		ok "$desc"
	else
		not_ok "$desc (want '$want')"
	fi
}

ft() { "$tool" "$@"; }

echo "TAP version 13"

t "create datapath dp0" ft dp-add dp0
ip link set dp0 up

# ------------------------------------------------------------- load, get --
t_out "load accept as program 1" "prog 1 name=accept insns=2" \
	ft load dp0 1 accept
t_out "load ipv4 as program 2 (max_pkt_read 14)" "max_pkt_read=14" \
	ft load dp0 2 ipv4
t_out "load counter as program 3 with an array map" \
	"\[0:counts type=1 key=4 value=8 max=4\]" ft load dp0 3 counter
t_out "load hash as program 4 with a hash map" "\[0:hosts type=4" \
	ft load dp0 4 hash
t_out "get program 2" "prog 2 name=ipv4" ft get dp0 2
ft list dp0 >"$VM_OUT/list0" 2>&1
if [ "$(grep -c '^prog ' "$VM_OUT/list0")" = 4 ]; then
	ok "dump lists the four programs"
else
	cp "$VM_OUT/list0" "$out"; not_ok "dump lists the four programs"
fi
t_err "get a missing program" ENOENT "No filter program with this id" \
	ft get dp0 77

# ------------------------------------------------------------------ run --
ipv4=ffffffffffff00000000000108004500001c000000004011000000000000
arp=ffffffffffff0000000000010806000108000604000100000000000100000000
t_out "run ipv4 on an IPv4 frame: 1" "verdict 1" ft run dp0 2 $ipv4
t_out "run ipv4 on an ARP frame: 0" "verdict 0" ft run dp0 2 $arp
t_out "run ipv4 on a 6-byte frame: 0" "verdict 0" ft run dp0 2 ffffffffffff
t_out "statistics count runs and matches" "runs=3 matches=1" ft get dp0 2
t_err "run a missing program" ENOENT "No filter program with this id" \
	ft run dp0 77 $ipv4

# --------------------------------------------------------- counter map --
ft run dp0 3 $ipv4 >/dev/null
ft run dp0 3 $ipv4 >/dev/null
t_out "the counter program counted 2 runs" \
	"key 00000000 value 0200000000000000" ft map-lookup dp0 3 0 00000000
t_out "map addressed by name" "value 0200000000000000" \
	ft map-lookup dp0 3 counts 00000000
t_out "batched update of two array entries" ok \
	ft map-update dp0 3 0 01000000 0a00000000000000 02000000 0b00000000000000
t_out "array entry 2 updated" "value 0b00000000000000" \
	ft map-lookup dp0 3 0 02000000
t_out "dump streams the array" "key 03000000 value 0000000000000000" \
	ft map-dump dp0 3 0
t_out "get-next from no key gives key 0" "key 00000000" ft map-next dp0 3 0
t_out "get-next after key 1 gives key 2" "key 02000000" \
	ft map-next dp0 3 0 01000000
t_err "get-next after the last key" ENOENT "No key after this one" \
	ft map-next dp0 3 0 03000000
t_err "array index out of range" E2BIG "" \
	ft map-update dp0 3 0 09000000 0100000000000000
t_err "delete from an array" EINVAL "" ft map-delete dp0 3 0 00000000
t_err "map index that does not exist" ENOENT \
	"The program has no map with this index" \
	ft map-lookup dp0 3 5 00000000
t_err "map name that does not exist" ENOENT \
	"The program has no map with this name" \
	ft map-lookup dp0 3 nosuch 00000000
t_err "key of the wrong size" EINVAL \
	"Entry key missing or not of the map's key size" \
	ft raw dp0 entry-key-size
t_err "batched update with one bad entry" EINVAL \
	"Entry value missing or not of the map's value size" \
	ft raw dp0 update-batch-bad
t_out "... and the batch changed nothing" "value 0a00000000000000" \
	ft map-lookup dp0 3 0 01000000

# ------------------------------------------------------------ hash map --
h1=0a000001
t_out "hash program misses an absent key" "verdict 0" ft run dp0 4 ${h1}ffff
t_out "insert key into the hash map" ok \
	ft map-update dp0 4 0 $h1 0100000000000000
t_out "hash program now matches" "verdict 1" ft run dp0 4 ${h1}ffff
t_out "hash lookup" "value 0100000000000000" ft map-lookup dp0 4 hosts $h1
t_out "hash dump" "key $h1 value 0100000000000000" ft map-dump dp0 4 0
t_out "hash delete" ok ft map-delete dp0 4 0 $h1
t_err "hash lookup after delete" ENOENT "No entry with this key" \
	ft map-lookup dp0 4 0 $h1
t_err "hash delete of an absent key" ENOENT "No entry with this key" \
	ft map-delete dp0 4 0 $h1
t_out "hash program misses again" "verdict 0" ft run dp0 4 ${h1}ffff

# ------------------------------------------------------------ engines --
t_out "programs run on the kernel's JIT" "jited=1" ft get dp0 2
t_out "division and modulo by zero on the JIT" "verdict 22" \
	sh -c "$tool load dp0 8 div >/dev/null && $tool run dp0 8 00"
echo 0 > /sys/module/openvswitch/parameters/jit
t_out "jit=0 loads on the interpreter" "jited=0" ft load dp0 9 div
t_out "division and modulo by zero on the interpreter" "verdict 22" \
	ft run dp0 9 00
echo 1 > /sys/module/openvswitch/parameters/jit
t "delete program 8" ft del dp0 8
t "delete program 9" ft del dp0 9

# ------------------------------------------------------------- replace --
t_out "replace program 3 with the same code" "prog 3 name=counter" \
	ft load dp0 3 counter
t_out "unchanged map carried its contents over" "value 0b00000000000000" \
	ft map-lookup dp0 3 0 02000000
t_out "replaced program starts with fresh statistics" "runs=0" \
	ft get dp0 3
t_out "replace program 1 by other code" "prog 1 name=reject" \
	ft load dp0 1 reject
t_out "the replacement runs" "verdict 0" ft run dp0 1 $ipv4
t_err "load with no-replace on a used id" EEXIST \
	"A filter program with this id exists" \
	ft load dp0 1 accept --no-replace
t_out "... program 1 is unchanged" "name=reject" ft get dp0 1

# ---------------------------------------------------- large image (>64K) --
t_out "load a 160000-byte initialised array (chunked image)" \
	"\[0:big type=1 key=4 value=8 max=20000\]" ft load dp0 5 big
t_out "initial data of the last entry arrived" "value 1f4e000000000000" \
	ft map-lookup dp0 5 0 1f4e0000

# ------------------------------------------- map dump across a change --
# The big array takes many dump messages; --between changes things after
# the first entry is in, with the rest of the dump still to come.  The
# dump's saved position only means something in the map it came from: a
# dump that finds another program under its id ends with EAGAIN (dump
# again), it never goes on into the other program's map.
ft map-dump dp0 5 0 >"$out" 2>&1
nkeys=$(grep -c '^key ' "$out")
echo "$nkeys entries" >"$out"
if [ "$nkeys" = 20000 ]; then
	ok "a dump of the big array has its 20000 entries"
else
	not_ok "a dump of the big array has its 20000 entries"
fi
ft map-dump dp0 5 0 --between "$tool load dp0 5 big >/dev/null" \
	>"$VM_OUT/dump-reload" 2>&1
if grep -q "^between: done" "$VM_OUT/dump-reload" &&
   ! grep -q "^between: .* failed" "$VM_OUT/dump-reload" &&
   tail -n 1 "$VM_OUT/dump-reload" | grep -qF "error: EAGAIN: The filter program was replaced during the dump"; then
	ok "program reloaded under its id during a map dump: EAGAIN"
else
	tail -n 5 "$VM_OUT/dump-reload" >"$out"
	not_ok "program reloaded under its id during a map dump: EAGAIN"
fi
# A datapath deleted and created again under the same ifindex, with a
# program of the same id, loaded first there as the dumped one was first
# in its datapath, and a marker in its map.
t "datapath dpr" ft dp-add dpr
ifr=$(cat /sys/class/net/dpr/ifindex)
t_out "program 1 on dpr: the big array" "max=20000" ft load dpr 1 big
recreate="$tool dp-del dpr && $tool dp-add dpr --ifindex $ifr &&
	$tool load dpr 1 counter &&
	$tool map-update dpr 1 0 00000000 efbeadde00000000"
ft map-dump dpr 1 0 --between "{ $recreate; } >/dev/null" \
	>"$VM_OUT/dump-recreate" 2>&1
if grep -q "^between: done" "$VM_OUT/dump-recreate" &&
   ! grep -q "^between: .* failed" "$VM_OUT/dump-recreate" &&
   [ "$(cat /sys/class/net/dpr/ifindex)" = "$ifr" ] &&
   ! grep -q "value efbeadde00000000" "$VM_OUT/dump-recreate" &&
   tail -n 1 "$VM_OUT/dump-recreate" | grep -qF "error: EAGAIN: The filter program was replaced during the dump, or its datapath re-created; dump again"; then
	ok "datapath re-created (same ifindex, same program id) during a map dump: EAGAIN, nothing of the new map"
else
	tail -n 5 "$VM_OUT/dump-recreate" >"$out"
	not_ok "datapath re-created (same ifindex, same program id) during a map dump: EAGAIN, nothing of the new map"
fi
t_out "... the new program's map is intact" "value efbeadde00000000" \
	ft map-lookup dpr 1 0 00000000
t "delete dpr" ft dp-del dpr

# ------------------------------------------------------------ verifier --
ft load dp0 6 oob >"$out" 2>&1
if grep -q "error: EINVAL: Filter program rejected: see the verifier log" \
	"$out" && grep -q "^log: ." "$out"; then
	ok "out-of-bounds read rejected with a log and an extack message"
else
	not_ok "out-of-bounds read rejected with a log and an extack message"
fi
t_err "unbounded loop rejected" EINVAL "Filter program rejected" \
	ft load dp0 6 loop
t_err "... nothing was loaded" ENOENT "No filter program" ft get dp0 6
t_err "a rejected replacement leaves the program in place" EINVAL \
	"Filter program rejected" ft load dp0 2 oob
t_out "... program 2 still is ipv4" "name=ipv4" ft get dp0 2
t_out "verbose log level" "log: ." ft load dp0 7 accept -v

# -------------------------------------------- malformed and oversized --
ft list dp0 >"$VM_OUT/list1" 2>&1
t_err "instructions not a multiple of 8 bytes" EINVAL \
	"Instructions are not a whole number" ft raw dp0 insns-odd
t_err "empty instructions" ERANGE "binary attribute size out of range" \
	ft raw dp0 insns-empty
t_err "4097 instructions" ERANGE "binary attribute size out of range" \
	ft raw dp0 insns-oversize
t_err "missing instructions" EINVAL "" ft raw dp0 no-insns
t_err "missing program id" EINVAL "" ft raw dp0 no-id
t_err "truncated program id (2 bytes)" EINVAL "invalid attribute length" ft raw dp0 short-id
t_err "unknown attribute" EINVAL "Unknown attribute type" \
	ft raw dp0 unknown-attr
t_err "reply-only attribute in a request" EINVAL "" ft raw dp0 reply-attr
t_err "name longer than 31 bytes" EINVAL \
	"Attribute failed policy validation" ft raw dp0 long-name
t_err "trailing bytes after the attributes" EINVAL "" ft raw dp0 trailing
t_err "unknown map type" ERANGE "integer out of range" \
	ft raw dp0 bad-map-type
t_err "map with no entries" ERANGE "integer out of range" \
	ft raw dp0 map-no-entries
t_err "65 maps" E2BIG "Too many maps" ft raw dp0 too-many-maps
t_err "map data chunk with a gap" EINVAL \
	"Map data chunk out of order or past the map's end" ft raw dp0 chunk-gap
t_err "map data past the map's end" EINVAL \
	"Map data chunk out of order or past the map's end" \
	ft raw dp0 chunk-past-end
t_err "incomplete map data" EINVAL "Initial map data incomplete" \
	ft raw dp0 chunk-incomplete
t_err "map data for an undeclared map" EINVAL \
	"Map data for a map the image does not declare" \
	ft raw dp0 chunk-no-map
t_err "map data for a hash map" EINVAL "Initial data is only for array maps" \
	ft raw dp0 chunk-hash
t_err "map data chunk over 32 KiB" ERANGE \
	"binary attribute size out of range" ft raw dp0 chunk-oversize
t_err "log size over the maximum" ERANGE "integer out of range" \
	ft raw dp0 log-oversize
t_err "unknown flag" EINVAL "" ft raw dp0 bad-flags
t_err "reserved header field set" EINVAL "" ft raw dp0 reserved-hdr
t_err "datapath that does not exist" ENODEV \
	"No datapath with this ifindex in this netns" ft raw dp0 bad-dp
t_err "get on a device that is not a datapath" ENODEV \
	"The device with this ifindex is not an Open vSwitch datapath" \
	ft get lo 1
t_err "map dump on a device that is not a datapath" ENODEV \
	"The device with this ifindex is not an Open vSwitch datapath" \
	ft raw lo map-dump-3
t_err "map dump of a missing program" ENOENT \
	"No filter program with this id" ft raw dp0 map-dump-77
t_err "run on an empty packet" ERANGE "" ft raw dp0 run-empty-packet
ft list dp0 >"$VM_OUT/list2" 2>&1
if cmp -s "$VM_OUT/list1" "$VM_OUT/list2"; then
	ok "refused requests changed nothing"
else
	diff "$VM_OUT/list1" "$VM_OUT/list2" >"$out"
	not_ok "refused requests changed nothing"
fi

# --------------------------------------------------------- permissions --
unpriv() { setpriv --reuid=nobody --regid=nogroup --clear-groups \
	--inh-caps=-all --bounding-set=-all "$tool" "$@"; }
t_err "unprivileged load refused" EPERM "" unpriv load dp0 9 accept
t_err "unprivileged delete refused" EPERM "" unpriv del dp0 1
t_err "unprivileged run refused" EPERM "" unpriv run dp0 2 $ipv4
t_err "unprivileged map update refused" EPERM "" \
	unpriv map-update dp0 3 0 00000000 0100000000000000
t_err "unprivileged map lookup refused" EPERM "" \
	unpriv map-lookup dp0 3 0 00000000
t_err "unprivileged map dump refused" EPERM "" unpriv map-dump dp0 3 0
t_out "unprivileged get allowed" "prog 2" unpriv get dp0 2
t_out "unprivileged program dump allowed" "prog 3" unpriv list dp0
idx=$(cat /sys/class/net/dp0/ifindex)
ip netns add other
ip -n other link set lo up
ip netns exec other ip link add dp0 type dummy 2>/dev/null
t_err "foreign netns does not see the datapath" ENODEV \
	"The device with this ifindex is not an Open vSwitch datapath" \
	ip netns exec other "$tool" get dp0 2
ip netns del other
t_out "... program 2 is unchanged" "runs=" ft get dp0 2

# --------------------------------------------------------------- delete --
t_out "delete program 7" ok ft del dp0 7
t_err "deleted program is gone" ENOENT "No filter program" ft get dp0 7
t_err "delete a missing program" ENOENT "No filter program" ft del dp0 7

# ------------------------------------------------------ datapath teardown --
t "second datapath" ft dp-add dp1
t_out "program with a map on dp1" "prog 1" ft load dp1 1 counter
t "delete dp1 with its programs" ft dp-del dp1

# -------------------------------------------------------- module unload --
# A datapath in a namespace that goes away takes its programs with it.
ip netns add ns1
t "datapath in netns ns1" ip netns exec ns1 "$tool" dp-add dpn
t_out "program with a map in ns1" "prog 3" \
	ip netns exec ns1 "$tool" load dpn 3 counter
ip netns del ns1

# Datapaths hold the module; deleting them leaves the programs' frees
# pending (after a grace period) when the module goes.
t "dp-add dp2" ft dp-add dp2
t_out "program with maps on dp2" "prog 3" ft load dp2 3 counter
t_out "hash program on dp2" "prog 4" ft load dp2 4 hash
t "map entry on dp2" ft map-update dp2 4 0 $h1 0100000000000000
t "delete dp2 with programs and maps" ft dp-del dp2
t "delete dp0 with programs and maps" ft dp-del dp0
i=0
while ! rmmod openvswitch >"$out" 2>&1 && [ $i -lt 40 ]; do
	sleep 0.5	# the netns cleanup runs asynchronously
	i=$((i + 1))
done
if ! grep -q "^openvswitch " /proc/modules; then
	ok "module unloads right after the datapaths with programs are deleted"
else
	not_ok "module unloads right after the datapaths with programs are deleted"
fi

plan
[ "$failed" = 0 ]
