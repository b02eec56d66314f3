# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The debug test kernel: Debian's linux-source-6.1 with KUnit, KASAN,
# lockdep/PROVE_RCU, kmemleak, and virtio/9p plus every dependency of
# net/openvswitch built in (config fragment: tests/kunit/debug.config).
# scripts/build-debug-kernel.sh builds it once per set of inputs into
# $(SLUICE_CACHE)/debug-kernel/linux-source-6.1 and keeps the build tree;
# the script's cache key (sources, compiler, recipe, fragment) decides
# whether anything needs doing.
#
#   make debug-kernel   build it (cold: see README; cached: instant)
#
# For the other fragments, and exported to the environment:
#   DEBUG_KSRC          the build tree: make -C $(DEBUG_KSRC) M=... modules
#   DEBUG_KERNEL_IMAGE  the image to boot (bzImage)
#   SLUICE_DEBUG_KERNEL the same, for tests/system/vm/vm-run --kernel debug
#   DEBUG_KERNEL_STAMP  exists once the kernel is built; depend on it
#
DEBUG_KERNEL_SCRIPT := scripts/build-debug-kernel.sh
DEBUG_KERNEL_FRAG   := tests/kunit/debug.config

DEBUG_KSRC         ?= $(SLUICE_CACHE)/debug-kernel/linux-source-6.1
# bzImage: the uncompressed vmlinux's PVH entry does not boot with KASAN.
DEBUG_KERNEL_IMAGE ?= $(DEBUG_KSRC)/arch/x86/boot/bzImage
SLUICE_DEBUG_KERNEL ?= $(DEBUG_KERNEL_IMAGE)
export DEBUG_KSRC DEBUG_KERNEL_IMAGE SLUICE_DEBUG_KERNEL

# Holds the key of the kernel built; rewritten (so dependents rebuild) only
# when that changes.  The script runs every time: when the cache already
# has this key it returns at once.
DEBUG_KERNEL_STAMP := $(BUILD)/debug-kernel.stamp

.PHONY: debug-kernel debug-kernel-force
debug-kernel: $(DEBUG_KERNEL_STAMP)

$(DEBUG_KERNEL_STAMP): debug-kernel-force | $(DEPS_STAMP)
	@$(DEBUG_KERNEL_SCRIPT) >/dev/null
	@test -f $(DEBUG_KERNEL_IMAGE) || \
		{ echo "debug kernel: $(DEBUG_KERNEL_IMAGE) missing" >&2; exit 1; }
	@mkdir -p $(dir $@); key=$$($(DEBUG_KERNEL_SCRIPT) --key); \
	if [ "$$(cat $@ 2>/dev/null)" != "$$key" ]; then \
		echo "$$key" > $@; \
		echo "debug kernel: $(DEBUG_KSRC) ($$key)"; \
	fi
