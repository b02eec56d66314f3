/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Filter programs of the Linux kernel datapath: the dpif-netlink provider
 * operations, over the kernel's "ovs_filter" generic netlink family.  The
 * family is optional: without it every operation fails with EOPNOTSUPP and
 * says that the kernel module does not support filter programs.
 */
#ifndef DPIF_NETLINK_FILTER_H
#define DPIF_NETLINK_FILTER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dpif-filter.h"

struct dpif;

/* Defined in dpif-netlink.c: the ifindex naming 'dpif' to the kernel. */
int dpif_netlink_dp_ifindex(const struct dpif *);

int dpif_netlink_filter_prog_load(struct dpif *, uint32_t id,
                                  const struct sbpf_image *, struct ds *log,
                                  char **errorp);
int dpif_netlink_filter_prog_del(struct dpif *, uint32_t id,
                                 bool flush_flows, char **errorp);
int dpif_netlink_filter_prog_get(struct dpif *, uint32_t id,
                                 struct dpif_filter_prog *, char **errorp);
int dpif_netlink_filter_prog_list(struct dpif *, struct dpif_filter_prog **,
                                  size_t *n_progs, char **errorp);
int dpif_netlink_filter_prog_run(struct dpif *, uint32_t id,
                                 const void *packet, size_t size,
                                 uint64_t *verdict, char **errorp);
int dpif_netlink_filter_map_lookup(struct dpif *, uint32_t id, uint32_t map,
                                   const void *key, size_t key_size,
                                   struct ofpbuf *value, char **errorp);
int dpif_netlink_filter_map_update(struct dpif *, uint32_t id, uint32_t map,
                                   const void *key, size_t key_size,
                                   const void *value, size_t value_size,
                                   char **errorp);
int dpif_netlink_filter_map_delete(struct dpif *, uint32_t id, uint32_t map,
                                   const void *key, size_t key_size,
                                   char **errorp);
int dpif_netlink_filter_map_dump(struct dpif *, uint32_t id, uint32_t map,
                                 dpif_filter_map_dump_cb *, void *aux,
                                 char **errorp);

#endif /* dpif-netlink-filter.h */
