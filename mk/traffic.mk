# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Real traffic through the kernel datapath in the VM, driven by Open
# vSwitch's own tools from $(OVS_BUILD):
#
#   make check-ovs-seed     the seed workflow (tests/system/ovs-seed.sh):
#                           ovs-dpctl add-dp/add-if/add-flow between two
#                           namespaces, ping and TCP; run on our module and
#                           on Debian's, whose results must be identical
#   make check-ovs-kernel   a subset of Open vSwitch's `make check-kernel`
#                           (tests/system/ovs-kernel-tests.txt) against our
#                           module
#   make check-ovs-kernel-debian  the same subset on Debian's module (how
#                           the list was established; not in make check)

# Debian's own openvswitch.ko for the kernel the VM boots, to compare with.
DEBIAN_OVS_MODULE = $(shell modinfo -k $(KVER) -n openvswitch 2>/dev/null)
VM_OUT_DIR := $(BUILD)/vm-out

.PHONY: check-ovs-seed

check-ovs-seed: ovs $(STOCK_MODULE)
	$(VM_RUN) --kernel stock --timeout 600 --name ovs-seed \
		tests/system/ovs-seed.sh $(OVS_BUILD) ours
	$(VM_RUN) --kernel stock --timeout 600 --name ovs-seed-debian \
		--module $(DEBIAN_OVS_MODULE) \
		tests/system/ovs-seed.sh $(OVS_BUILD) debian
	diff -u $(VM_OUT_DIR)/ovs-seed-debian/ovs-seed.results \
		$(VM_OUT_DIR)/ovs-seed/ovs-seed.results
	@echo "check-ovs-seed: our module and Debian's gave identical results"

CHECK_TARGETS += check-ovs-seed

# Open vSwitch's kernel datapath suite, generated from the sources of the
# OVS build in use; the tests named in the list.
OVS_KERNEL_LIST ?= tests/system/ovs-kernel-tests.txt
OVS_KERNEL_SUITE = $(shell scripts/gen-kmod-testsuite.sh)

.PHONY: check-ovs-kernel check-ovs-kernel-debian

check-ovs-kernel: ovs $(STOCK_MODULE)
	$(VM_RUN) --kernel stock --timeout 2700 --name ovs-kernel \
		tests/system/ovs-kernel-suite.sh $(OVS_BUILD) \
		$(OVS_KERNEL_SUITE) $(abspath $(OVS_KERNEL_LIST)) ours

check-ovs-kernel-debian: ovs $(STOCK_MODULE)
	$(VM_RUN) --kernel stock --timeout 2700 --name ovs-kernel-debian \
		--module $(DEBIAN_OVS_MODULE) \
		tests/system/ovs-kernel-suite.sh $(OVS_BUILD) \
		$(OVS_KERNEL_SUITE) $(abspath $(OVS_KERNEL_LIST)) debian

CHECK_TARGETS += check-ovs-kernel

# Filter programs on real traffic, with ovs-dpctl's filter commands: the
# examples and the two builds of tests/system/progs/count-verdict.c.
TRAFFIC_PROGS_B := $(BUILD)/tests/system-progs
TRAFFIC_PROGS   := $(TRAFFIC_PROGS_B)/count-old.o $(TRAFFIC_PROGS_B)/count-new.o

$(TRAFFIC_PROGS_B)/count-old.o: VERDICT_FLAGS := -DSLOT=0 -DVERDICT=1
$(TRAFFIC_PROGS_B)/count-new.o: VERDICT_FLAGS := -DSLOT=1 -DVERDICT=0
$(TRAFFIC_PROGS): tests/system/progs/count-verdict.c examples/bpf/sluice_bpf.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -Iexamples/bpf $(VERDICT_FLAGS) -c $< -o $@

.PHONY: check-ovs-filter-traffic demo-filter

check-ovs-filter-traffic: ovs $(STOCK_MODULE) $(EXAMPLE_OBJS) $(TRAFFIC_PROGS)
	$(VM_RUN) --kernel stock --timeout 900 --name ovs-filter-traffic \
		tests/system/ovs-filter-traffic.sh $(OVS_BUILD) \
		$(EXAMPLES_B) $(TRAFFIC_PROGS_B)

# The main scenario of `make demo`: every command and its output printed.
demo-filter: ovs $(STOCK_MODULE) $(EXAMPLES_B)/stateless-firewall.o
	$(VM_RUN) --kernel stock --timeout 600 --name ovs-filter-demo \
		tests/system/ovs-filter-demo.sh $(OVS_BUILD) $(EXAMPLES_B)

CHECK_TARGETS += check-ovs-filter-traffic
DEMO_TARGETS += demo-filter
