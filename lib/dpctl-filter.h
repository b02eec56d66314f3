/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ovs-dpctl and ovs-appctl dpctl/... commands for filter programs and their
 * maps (see lib/dpctl-filter.man).  dpctl.c lists them in its command
 * table.
 */
#ifndef DPCTL_FILTER_H
#define DPCTL_FILTER_H 1

struct dpctl_params;

int dpctl_load_filter_prog(int argc, const char *argv[],
                           struct dpctl_params *);
int dpctl_del_filter_prog(int argc, const char *argv[],
                          struct dpctl_params *);
int dpctl_show_filter_progs(int argc, const char *argv[],
                            struct dpctl_params *);
int dpctl_update_map(int argc, const char *argv[], struct dpctl_params *);
int dpctl_lookup_map(int argc, const char *argv[], struct dpctl_params *);
int dpctl_delete_map_entry(int argc, const char *argv[],
                           struct dpctl_params *);
int dpctl_dump_map(int argc, const char *argv[], struct dpctl_params *);

/* Lines for the --help of ovs-dpctl. */
#define DPCTL_FILTER_USAGE                                                  \
    "  load-filter-prog DP ID FILE.o [PROG]  verify and load a filter\n"    \
    "                           program as ID (replaces ID)\n"              \
    "  del-filter-prog DP ID [--flush-flows]  delete filter program ID\n"   \
    "  show-filter-progs [DP]   show filter programs, maps, statistics\n"   \
    "  update-map DP ID MAP key BYTES value BYTES  set a map entry\n"       \
    "  lookup-map DP ID MAP key BYTES  show a map entry's value\n"          \
    "  delete-map-entry DP ID MAP key BYTES  delete a map entry\n"          \
    "  dump-map DP ID MAP [hex] show every entry of a map\n"                \
    "BYTES are decimal bytes separated by spaces (key 10 0 0 1); MAP is\n"  \
    "a map's index or name.\n"

#endif /* dpctl-filter.h */
