# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The object loader (lib/bpf-object.c), the example filter programs
# (examples/bpf), their tests (tests/loader) and the ovs-bpf tool.
#
#   make examples        compile examples/bpf/*.c with clang -target bpf
#   make check-loader    loader tests, malformed objects, example packets
#   make fuzz-loader     libFuzzer target (see tests/loader/README)

LOADER_B      := $(BUILD)/loader
EXAMPLES_B    := $(BUILD)/examples
LOADER_OBJS_B := $(LOADER_B)/objs

CLANG         ?= clang
BPF_CFLAGS    := -O2 -target bpf -Wall -Werror
# Oko-style programs include glibc's network headers (see sluice_bpf.h).
OKO_CFLAGS    := -O2 -target bpf -D__x86_64__ \
		 -I/usr/include/$(shell gcc -print-multiarch)

LOADER_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O1 -g -Wall -Wextra \
		 -Wno-unused-parameter -Wno-sign-compare \
		 -Wno-missing-field-initializers \
		 -I$(SRCDIR)/lib -I$(SRCDIR)/datapath/bpf
# The tests run the loader under the sanitizers.
LOADER_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all \
		 -fno-omit-frame-pointer

EXAMPLE_NAMES := stateless-firewall rate-limiter stateful-firewall p0f \
		 dapper heavy-hitters blocklist
EXAMPLE_OBJS  := $(addprefix $(EXAMPLES_B)/,$(addsuffix .o,$(EXAMPLE_NAMES)))

TEST_OBJ_SRCS := $(wildcard tests/loader/objs/*.c tests/loader/bad/*.c)
TEST_OKO_SRCS := $(wildcard tests/loader/oko/*.c)
TEST_BPF_OBJS := $(addprefix $(LOADER_OBJS_B)/,$(notdir \
		 $(TEST_OBJ_SRCS:.c=.o) $(TEST_OKO_SRCS:.c=.o))) \
		 $(addprefix $(LOADER_OBJS_B)/,$(addsuffix .o,$(EXAMPLE_NAMES))) \
		 $(LOADER_OBJS_B)/dapper-g.o $(LOADER_OBJS_B)/oko-firewall-O0.o

# ovs-bpf: the loader plus the core ($(SBPF_LIB), $(SBPF_LIB_ASAN) from
# mk/core.mk), libpcap, and the ovs_filter client (lib/filter-client.c on
# libnl, with the patched UAPI header from mk/datapath.mk).
OVS_BPF       := $(BUILD)/utilities/ovs-bpf
OVS_BPF_SRCS  := utilities/ovs-bpf.c utilities/ovs-bpf-kernel.c \
		 utilities/ovs-bpf-packets.c \
		 lib/bpf-object.c lib/filter-client.c
OVS_BPF_INPUT := $(OVS_BPF_SRCS) utilities/ovs-bpf.h lib/bpf-object.h \
		 lib/filter-client.h datapath/bpf/image.h \
		 $(DP_UAPI)/linux/openvswitch.h
OVS_BPF_CFLAGS := $(LOADER_CFLAGS) -I$(DP_UAPI) \
		 $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
OVS_BPF_DEPS  := $(SBPF_LIB)
OVS_BPF_LIBS  := $(SBPF_LIB) -lpcap -lelf $(DP_LDLIBS) $(CORE_LDLIBS)
OVS_BPF_ADEPS := $(SBPF_LIB_ASAN)
OVS_BPF_ALIBS := $(SBPF_LIB_ASAN) -lpcap -lelf $(DP_LDLIBS) $(CORE_LDLIBS)

$(OVS_BPF): $(OVS_BPF_INPUT) $(OVS_BPF_DEPS)
	@mkdir -p $(@D)
	$(CC) $(OVS_BPF_CFLAGS) $(OVS_BPF_SRCS) $(OVS_BPF_LIBS) -o $@

# The tests run ovs-bpf (and the core) under ASan and UBSan.
OVS_BPF_ASAN  := $(LOADER_B)/ovs-bpf-asan
$(OVS_BPF_ASAN): $(OVS_BPF_INPUT) $(OVS_BPF_ADEPS)
	@mkdir -p $(@D)
	$(CC) $(OVS_BPF_CFLAGS) $(LOADER_SAN) $(OVS_BPF_SRCS) \
		$(OVS_BPF_ALIBS) -o $@

.PHONY: ovs-bpf
ovs-bpf: $(OVS_BPF)
ALL_TARGETS += ovs-bpf

.PHONY: examples check-loader fuzz-loader
examples: $(EXAMPLE_OBJS)

$(EXAMPLE_OBJS): $(EXAMPLES_B)/%.o: examples/bpf/%.c examples/bpf/sluice_bpf.h
	$(MAKE) -s -C examples/bpf OUT=$(EXAMPLES_B) $@

$(LOADER_OBJS_B)/%.o: tests/loader/objs/%.c examples/bpf/sluice_bpf.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -Iexamples/bpf -c $< -o $@
$(LOADER_OBJS_B)/%.o: tests/loader/bad/%.c examples/bpf/sluice_bpf.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -Iexamples/bpf -c $< -o $@
$(LOADER_OBJS_B)/%.o: tests/loader/oko/%.c
	@mkdir -p $(@D)
	$(CLANG) $(OKO_CFLAGS) -c $< -o $@
# One example with debug info (BTF, DWARF and their relocations) and -mcpu=v3.
$(LOADER_OBJS_B)/dapper-g.o: examples/bpf/dapper.c examples/bpf/sluice_bpf.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -g -mcpu=v3 -c $< -o $@
# Oko's function-pointer helpers are plain variables without -O2: refused.
$(LOADER_OBJS_B)/oko-firewall-O0.o: tests/loader/oko/oko-firewall.c
	@mkdir -p $(@D)
	$(CLANG) $(OKO_CFLAGS) -O0 -c $< -o $@
$(LOADER_OBJS_B)/%.o: $(EXAMPLES_B)/%.o
	@mkdir -p $(@D)
	cp $< $@

$(LOADER_B)/test-loader: tests/loader/test-loader.c lib/bpf-object.c \
			 lib/bpf-object.h datapath/bpf/image.h
	@mkdir -p $(@D)
	$(CC) $(LOADER_CFLAGS) $(LOADER_SAN) tests/loader/test-loader.c \
		lib/bpf-object.c -lelf -o $@

check-loader: $(LOADER_B)/test-loader $(TEST_BPF_OBJS) $(OVS_BPF) \
	      $(OVS_BPF_ASAN) $(LOADER_B)/pcap/.stamp
	$(LOADER_B)/test-loader $(LOADER_OBJS_B) \
		$(wildcard tests/loader/regress/*.bin)
	sh tests/loader/test-ovs-bpf.sh $(OVS_BPF_ASAN) $(LOADER_OBJS_B) \
		$(LOADER_B)/pcap

# The example tests' traces, written by the tests themselves.
$(LOADER_B)/pcap/.stamp: tests/loader/mkpcap.py
	python3 tests/loader/mkpcap.py $(LOADER_B)/pcap
	@touch $@

# libFuzzer: make fuzz-loader, then
#   $(BUILD)/loader/fuzz-loader -max_total_time=300 $(BUILD)/loader/corpus
fuzz-loader: $(LOADER_B)/fuzz-loader $(TEST_BPF_OBJS)
	@mkdir -p $(LOADER_B)/corpus
	cp $(TEST_BPF_OBJS) $(LOADER_B)/corpus/

$(LOADER_B)/fuzz-loader: tests/loader/fuzz-loader.c lib/bpf-object.c \
			 lib/bpf-object.h datapath/bpf/image.h
	@mkdir -p $(@D)
	clang $(LOADER_CFLAGS) -fsanitize=fuzzer,address,undefined \
		tests/loader/fuzz-loader.c lib/bpf-object.c -lelf -o $@

ALL_TARGETS   += examples
CHECK_TARGETS += check-loader

# tests/system/filter-ovs-bpf.sh runs ovs-bpf, the examples and their
# traces in the VM (mk/datapath.mk), on either kernel.
check-filter check-filter-debug: $(OVS_BPF) $(EXAMPLE_OBJS) \
	      $(LOADER_B)/pcap/.stamp $(LOADER_OBJS_B)/oko-inverted-check.o

# Filter programs of tests/system/filter-frames.sh, for ovs-bpf load.
SYSTEM_PROGS_B := $(BUILD)/system/progs
SYSTEM_PROGS   := $(SYSTEM_PROGS_B)/frames.o
$(SYSTEM_PROGS_B)/%.o: tests/system/progs/%.c examples/bpf/sluice_bpf.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -Iexamples/bpf -c $< -o $@
check-filter check-filter-debug: $(SYSTEM_PROGS)
