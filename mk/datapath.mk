# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Filter programs in the kernel datapath: the userspace side of the
# ovs_filter family (lib/filter-client.c), the guest test tool, and the
# system tests in the VM.
#
#   make filter-tool        $(FILTER_TOOL)
#   make check-filter       tests/system/filter-*.sh in the VM, stock kernel
#   make check-filter-debug the same on the debug kernel (KASAN, lockdep,
#                           kmemleak; any report fails the run)
#
# The patched UAPI header (include/uapi/linux/openvswitch.h after
# patches/linux/series) is taken from the module build tree and installed
# under $(DP_UAPI) for userspace, ahead of the system's copy.

DP_B        := $(BUILD)/datapath
DP_UAPI     := $(DP_B)/include
FILTER_TOOL := $(DP_B)/filter-tool
export FILTER_TOOL

DP_CFLAGS   := -std=gnu11 -D_GNU_SOURCE -O1 -g -Wall -Wextra \
	       -Wno-unused-parameter -Wno-missing-field-initializers \
	       -I$(DP_UAPI) -I$(SRCDIR)/lib -I$(SRCDIR)/datapath/bpf \
	       $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
DP_LDLIBS   := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)

$(DP_UAPI)/linux/openvswitch.h: $(STOCK_MODULE)
	@mkdir -p $(dir $@)
	cp $(BUILD)/module/stock/tree/include/uapi/linux/openvswitch.h $@

$(FILTER_TOOL): tests/system/filter-tool.c lib/filter-client.c \
		lib/filter-client.h datapath/bpf/image.h \
		$(DP_UAPI)/linux/openvswitch.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(DP_CFLAGS) -o $@ tests/system/filter-tool.c \
		lib/filter-client.c $(DP_LDLIBS)

.PHONY: filter-tool check-filter
filter-tool: $(FILTER_TOOL)
ALL_TARGETS += filter-tool

FILTER_TESTS := $(sort $(wildcard tests/system/filter-*.sh))

# One guest per script; each --timeout is for one script, over twice the
# slowest one's time on a loaded machine (README).
check-filter: $(STOCK_MODULE) $(FILTER_TOOL)
	@for t in $(FILTER_TESTS); do \
		$(VM_RUN) --kernel stock --timeout 600 \
			--name $$(basename $$t .sh) $$t $(FILTER_TOOL) || exit 1; \
	done
.PHONY: check-filter-debug
check-filter-debug: $(DEBUG_MODULE) $(FILTER_TOOL)
	@for t in $(FILTER_TESTS); do \
		$(VM_RUN) --kernel debug --timeout 1500 \
			--name $$(basename $$t .sh)-debug $$t $(FILTER_TOOL) \
			|| exit 1; \
	done

CHECK_TARGETS += check-filter check-filter-debug
