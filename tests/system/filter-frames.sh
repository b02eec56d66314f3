#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Guest test (TAP): programs on the packet path see the frame as it was
# on the wire.
#
# Non-linear skbs: a tap written with a virtio_net_hdr whose hdr_len is 14
# gives the datapath frames of 4200 and 5000 bytes with only their
# Ethernet header in the linear area (the rest in page fragments); the
# flow key extraction pulls the IPv4 and TCP headers.  Programs then read
# at byte 38, 2000 and 4999: the module must pull what the verifier proved
# each may read.
#
# VLAN tags: the stack moves the 802.1Q tag of every frame a device
# receives into the skb's metadata; programs must still see it in the
# frame, as userspace does in upcalls and in the RUN command.
#
# In both, the verdicts, the flows' packet counts and the programs'
# statistics must be exactly those of the frames' contents.
#
# usage: filter-frames.sh FILTER_TOOL
# ovs-bpf and the programs (tests/system/progs) are taken from $BUILD.
set -u
tool=$1
ob_bin=$BUILD/utilities/ovs-bpf
progs=$BUILD/system/progs/frames.o
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/system/lib-tap.sh
. "$SELF_DIR/lib-tap.sh"
out=${VM_OUT:-/tmp}/filter-frames.out
tap_log=$out

t_out() {
	desc=$1; pat=$2; shift 2
	if "$@" >"$out" 2>&1 && grep -qF -- "$pat" "$out"; then ok "$desc"
	else not_ok "$desc (want '$pat')"; fi
}
ft() { "$tool" "$@"; }
ob() { "$ob_bin" "$@"; }
# prog_line ID: the line of program ID in ovs-bpf list.
prog_line() {
	ob list dp0 >"$VM_OUT/list" && grep "^  program $1 " "$VM_OUT/list"
}

# flow_packets CHAIN[@VLAN]...: the sum of the packet counts of the flows
# of $port with these chains (and VLAN ids).
flow_packets() {
	sum=0
	for c in "$@"; do
		chain=${c%@*}
		vlan=""
		[ "$chain" = "$c" ] || vlan="--vlan ${c#*@}"
		# shellcheck disable=SC2086
		p=$(ft flow-get dp0 "$port" "$chain" $vlan |
			sed -n 's/.*packets=\([0-9]*\).*/\1/p')
		sum=$((sum + ${p:-0}))
	done
	echo $sum
}
# wait_packets N CHAIN[@VLAN]...: frames are processed in softirq context after
# the send returns; wait until N reached these flows (or give up), the
# counts themselves are checked after.
wait_packets() {
	want=$1; shift
	i=0
	while [ "$(flow_packets "$@")" -lt "$want" ] && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
}

# bytes HEXBYTE COUNT: COUNT copies of a byte, in hex.
bytes() { printf "%0$(($2 * 2))d" 0 | sed "s/00/$1/g"; }
# frame LEN BYTE2000 LASTBYTE: a TCP frame to port 7 of LEN bytes whose
# payload is 0x5a except byte 2000 and the last byte.
frame() {
	len=$1
	iplen=$(printf %04x $((len - 14)))
	printf 02000000000202000000000108004500%s0000400040060000 "$iplen"
	printf 0a0000010a000002
	printf 3039000700000000000000005002ffff00000000
	bytes 5a $((2000 - 54))
	printf %s "$2"
	bytes 5a $((len - 2001 - 1))
	printf %s "$3"
}

echo "TAP version 13"
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
modprobe tun
ft dp-add dp0 >/dev/null
ip tuntap add dev tap0 mode tap vnet_hdr
ip link set tap0 up
port=$(ft port-add dp0 tap0 | sed -n 's/^port //p')
if [ -n "$port" ]; then echo "ok" >"$out"; ok "tap0 is port $port of dp0"
else not_ok "tap0 is a port of dp0"; fi

t_out "program 1 reads up to byte 38" "reads up to 38 packet bytes" \
	ob load dp0 1 "$progs" --prog port7
t_out "program 2 reads up to byte 2001" "reads up to 2001 packet bytes" \
	ob load dp0 2 "$progs" --prog deep_byte
t_out "program 3 reads up to byte 5000" "reads up to 5000 packet bytes" \
	ob load dp0 3 "$progs" --prog last_byte

# Three flows on the same key, differing only by their chains.
t_out "flow A: 1=1,2=1,3=1" ok ft flow-put dp0 "$port" 1=1,2=1,3=1 --create
t_out "flow B: 1=1,2=0" ok ft flow-put dp0 "$port" 1=1,2=0 --create
t_out "flow C: 1=1,2=1,3=0" ok ft flow-put dp0 "$port" 1=1,2=1,3=0 --create

f1=$(frame 5000 ab ee)		# flow A
f2=$(frame 5000 cd ee)		# flow B
f3=$(frame 4200 ab 5a)		# flow C: shorter than program 3 reads
t_out "the frames are what the programs expect (run in the kernel)" \
	"1 match" ob run dp0 3 "$f1"
t_out "3 frames of 5000 bytes, 0xab at 2000, 14 linear bytes" ok \
	ft tap-send tap0 14 "$f1" 3
t_out "2 frames of 5000 bytes, 0xcd at 2000" ok ft tap-send tap0 14 "$f2" 2
t_out "1 frame of 4200 bytes, 0xab at 2000" ok ft tap-send tap0 14 "$f3" 1

wait_packets 6 1=1,2=1,3=1 1=1,2=0 1=1,2=1,3=0
t_out "flow A took the three 0xab frames" "packets=3" \
	ft flow-get dp0 "$port" 1=1,2=1,3=1
t_out "flow B took the two 0xcd frames" "packets=2" \
	ft flow-get dp0 "$port" 1=1,2=0
t_out "flow C took the 4200-byte frame" "packets=1" \
	ft flow-get dp0 "$port" 1=1,2=1,3=0
# Program 3 also ran once from the run command above.
t_out "program 1 ran once per frame" "runs 6, matches 6" prog_line 1
t_out "program 2 matched the 0xab frames only" "runs 6, matches 4" \
	prog_line 2
t_out "program 3 ran on the frames that reached it" "runs 5, matches 4" \
	prog_line 3

t_out "delete the non-linear flows" ok ft flow-del dp0 "$port" 1=1,2=1,3=1
ft flow-del dp0 "$port" 1=1,2=0 >/dev/null
ft flow-del dp0 "$port" 1=1,2=1,3=0 >/dev/null

# ------------------------------------------------------------ VLAN tags --
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
port=$(ft port-add dp0 v0 | sed -n 's/^port //p')
if [ -n "$port" ]; then echo "ok" >"$out"; ok "veth v0 is port $port of dp0"
else not_ok "veth v0 is a port of dp0"; fi
t_out "program 4 reads the 802.1Q tag" "reads up to 16 packet bytes" \
	ob load dp0 4 "$progs" --prog vlan100
t_out "flow D: VLAN 100, 4=1" ok \
	ft flow-put dp0 "$port" 4=1 --create --vlan 100
t_out "flow F: VLAN 100, 4=0" ok \
	ft flow-put dp0 "$port" 4=0 --create --vlan 100
t_out "flow E: 4=0,1=1" ok ft flow-put dp0 "$port" 4=0,1=1 --create
eth=020000000002020000000001
ip=4500002800004000400600000a0000010a000002
tcp=3039000700000000000000005002ffff00000000
tagged=${eth}810000640800$ip$tcp
untagged=${eth}0800$ip$tcp
t_out "the RUN command sees the tag" "1 match" ob run dp0 4 "$tagged"
t_out "... and program 1 sees no IPv4 frame behind it" "1 no-match(0)" \
	ob run dp0 1 "$tagged"
t_out "3 frames tagged with VLAN 100 into v0" ok ft send v1 "$tagged" 3
t_out "2 untagged frames into v0" ok ft send v1 "$untagged" 2
wait_packets 5 4=0,1=1 4=1@100 4=0@100
t_out "flow D took the tagged frames (the program saw the tag)" \
	"packets=3" ft flow-get dp0 "$port" 4=1 --vlan 100
t_out "flow F took none" "packets=0" ft flow-get dp0 "$port" 4=0 --vlan 100
t_out "flow E took the untagged frames" "packets=2" \
	ft flow-get dp0 "$port" 4=0,1=1
t_out "program 4 saw the tag on the datapath as on the wire" \
	"runs 6, matches 4" prog_line 4

t_out "delete the datapath" ok ft dp-del dp0
ip link del tap0
ip link del v0

plan
[ "$failed" = 0 ]
