# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Open vSwitch userspace: Debian's openvswitch-source 3.1.0 plus
# patches/openvswitch/series and the files patches/openvswitch/overlay
# lists, built by scripts/build-ovs.sh in
# $(SLUICE_CACHE)/ovs/<key>/ (outside the git tree; key = tarball checksum +
# patches + overlaid files + configure flags), compiled through ccache.
#
#   make ovs               build (seconds when the key's build is complete)
#   make check-ovs-build   host checks of the build script and of the
#                          early-boot CPU count fix (scripts/test-build-ovs.sh)
#   make check-ovs-smoke   the smoke test in the VM (tests/system/ovs-smoke.sh)
#   make check-ovs-unit    OVS autotests for what our series touches (odp,
#                          dpctl), and ours (scripts/check-ovs-unit.sh)
#   make check-ovs-unit-dpif  the ofproto-dpif group (scripts/check-ovs-unit.sh)
#   make demo-ovs          the same scenario, for `make demo`
#   make OVS_DPDK=1 ...    configure --with-dpdk=shared (needs libdpdk-dev)
#
# For other fragments: $(OVS_BUILD) is the OVS build directory, holding
# vswitchd/ovs-vswitchd, vswitchd/vswitch.ovsschema, ovsdb/ovsdb-server,
# ovsdb/ovsdb-tool, utilities/ovs-{vsctl,ofctl,dpctl,appctl}, tests/ovstest.
# Depend on the `ovs` target before using it in a recipe, and hand it to
# scripts as OVS_BUILD=$(OVS_BUILD); a script can also read it from
# $(BUILD)/ovs.env.

OVS_DPDK ?= 0
export OVS_DPDK

# Recursive on purpose: evaluated only in recipes, after `ovs` has run (and
# after the packages are installed), never at parse time.
# Not exported (every recipe would run the script): pass it on explicitly.
OVS_BUILD = $(shell $(SRCDIR)/scripts/build-ovs.sh --print-dir 2>/dev/null)

.PHONY: ovs ovs-print-dir

ALL_TARGETS += ovs

# Phony: the script computes the key of the current inputs every time and
# returns at once when that build is complete.
ovs: $(DEPS_STAMP)
	@scripts/build-ovs.sh >/dev/null

ovs-print-dir:
	@scripts/build-ovs.sh --print-dir

.PHONY: check-ovs-build check-ovs-smoke demo-ovs

# Host side, seconds: the build script's error paths and cache reuse, and
# count_cpu_cores() with the monotonic clock near 0 (time namespace).
check-ovs-build: ovs
	scripts/test-build-ovs.sh

# In the VM on Debian's kernel with our module: daemons from this build, a
# bridge, two veth ports in namespaces, OpenFlow rules, ping, megaflows.
check-ovs-smoke: ovs $(STOCK_MODULE)
	$(VM_RUN) --kernel stock --timeout 600 --name ovs-smoke \
		tests/system/ovs-smoke.sh $(OVS_BUILD)

# The same scenario, for a person to follow: every command and its output
# is printed as it runs.
demo-ovs: ovs $(STOCK_MODULE)
	$(VM_RUN) --kernel stock --timeout 600 --name ovs-demo \
		tests/system/ovs-smoke.sh $(OVS_BUILD)

CHECK_TARGETS += check-ovs-build check-ovs-smoke
DEMO_TARGETS += demo-ovs

.PHONY: check-ovs-unit check-ovs-unit-dpif

# Host side: Open vSwitch's autotests for what patches/openvswitch touches
# (odp.at, dpctl.at) and ours (tests/ovs/filter-prog.at), run from the
# cached build in $(BUILD)/ovs-unit.
check-ovs-unit: ovs
	scripts/check-ovs-unit.sh

# The ofproto-dpif group (ofproto-dpif.at, 253 of its 254 tests): the
# translation and upcall code over the dummy datapath, which our dpif and
# odp-util changes sit under.
check-ovs-unit-dpif: ovs
	OVS_UNIT_GROUPS=ofproto-dpif scripts/check-ovs-unit.sh

CHECK_TARGETS += check-ovs-unit check-ovs-unit-dpif
