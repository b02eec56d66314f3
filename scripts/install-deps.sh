#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Install every Debian 12 package Sluice needs to build and test.
# Idempotent: does nothing (and needs no network) when all are present.
# Usage: scripts/install-deps.sh [--check]   (--check: exit 1 if any missing)

set -eu

PKGS="
build-essential bc bison flex cpio kmod rsync xz-utils zstd file ccache
libssl-dev libelf-dev dwarves
clang llvm lld libclang-rt-14-dev
libnl-3-dev libnl-genl-3-dev libnl-route-3-dev
libpcap-dev liburcu-dev libbpf-dev bpftool
linux-image-amd64 linux-headers-amd64 linux-source-6.1
qemu-system-x86 busybox-static
openvswitch-source autoconf automake libtool pkg-config python3
libcap-ng-dev libunbound-dev libunwind-dev
python3-pyroute2 iproute2 iputils-ping netcat-openbsd tcpdump ethtool
"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

[ -z "$missing" ] && exit 0
if [ "${1:-}" = "--check" ]; then
	echo "missing packages:$missing" >&2
	exit 1
fi

echo "install-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
