# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The debug test kernel: Debian's linux-source-6.1 with KUnit, KASAN,
# lockdep/PROVE_RCU, kmemleak, and virtio/9p plus every dependency of
# net/openvswitch built in (config fragment: tests/kunit/debug.config).
# scripts/build-debug-kernel.sh builds it once per set of inputs into
# $(SLUICE_CACHE)/debug-kernel/<key> and keeps the build tree.
#
#   make debug-kernel   build it (cold: see README; cached: instant)
#
# For the other fragments, and exported to the environment:
#   DEBUG_KSRC          the build tree: make -C $(DEBUG_KSRC) M=... modules
#   DEBUG_KERNEL_IMAGE  the image to boot (vmlinux, booted through its PVH
#                       entry: no decompression under TCG)
#   SLUICE_DEBUG_KERNEL the same, for tests/system/vm/vm-run --kernel debug
#   DEBUG_KERNEL_STAMP  exists once the kernel is built; depend on it
#
# The paths are evaluated late (recursive variables): the cache key hashes
# the tarball's dpkg checksum, which a fresh machine only has once
# $(DEPS_STAMP) has installed linux-source-6.1.

DEBUG_KERNEL_SCRIPT := scripts/build-debug-kernel.sh
DEBUG_KERNEL_FRAG   := tests/kunit/debug.config

DEBUG_KERNEL_DIR    = $(shell $(DEBUG_KERNEL_SCRIPT) --dir 2>/dev/null)
DEBUG_KSRC         ?= $(DEBUG_KERNEL_DIR)/linux-source-6.1
DEBUG_KERNEL_IMAGE ?= $(DEBUG_KSRC)/vmlinux
SLUICE_DEBUG_KERNEL ?= $(DEBUG_KERNEL_IMAGE)
export DEBUG_KSRC DEBUG_KERNEL_IMAGE SLUICE_DEBUG_KERNEL

# A fixed path, remade when an input changes; the script itself finds a
# finished build of the same inputs in the cache at once.
DEBUG_KERNEL_STAMP := $(BUILD)/debug-kernel.stamp

.PHONY: debug-kernel
debug-kernel: $(DEBUG_KERNEL_STAMP)

$(DEBUG_KERNEL_STAMP): $(DEBUG_KERNEL_SCRIPT) $(DEBUG_KERNEL_FRAG) \
		      $(wildcard /usr/src/linux-source-6.1.tar.xz) \
		      | $(DEPS_STAMP)
	@$(DEBUG_KERNEL_SCRIPT) >/dev/null
	@test -f $(DEBUG_KERNEL_IMAGE) || \
		{ echo "debug kernel: $(DEBUG_KERNEL_IMAGE) missing" >&2; exit 1; }
	@echo "debug kernel: $(DEBUG_KSRC)"
	@mkdir -p $(dir $@) && touch $@
