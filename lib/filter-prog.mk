# SPDX-License-Identifier: Apache-2.0
#
# Filter programs in the Open vSwitch build: Sluice's files, overlaid on the
# source tree by scripts/build-ovs.sh and included from lib/automake.mk.

lib_libopenvswitch_la_SOURCES += \
	lib/odp-filter.c \
	lib/odp-filter.h
lib_libopenvswitch_la_SOURCES += \
	lib/bpf-object.c \
	lib/bpf-object.h \
	lib/image.h \
	lib/dpif-filter.c \
	lib/dpif-filter.h
if LINUX
lib_libopenvswitch_la_SOURCES += \
	lib/dpif-netlink-filter.c \
	lib/dpif-netlink-filter.h
endif
lib_libopenvswitch_la_LIBADD += -lelf
lib_libopenvswitch_la_SOURCES += \
	lib/dpctl-filter.c \
	lib/dpctl-filter.h
MAN_FRAGMENTS += lib/dpctl-filter.man
