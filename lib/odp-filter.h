/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Filter chains in datapath flow keys: OVS_KEY_ATTR_FILTER_PROG.
 *
 * A datapath flow may carry an ordered chain of (program id, expected
 * verdict) links; the flow matches a packet only if each program, run in
 * order, returns its expected verdict.  The text form is
 * "filter_prog(1=1,7=0)": program 1 must match, then program 7 must not.
 *
 * Where the chain lives.  Not in struct flow: a chain is not a packet
 * field, and struct flow (the classifier, miniflows, FLOW_WC_SEQ) stays
 * untouched.  odp-util carries it next to the flow instead: callers that
 * build keys pass it in struct odp_flow_key_parms ('filter_chain', appended
 * to the key and, all-ones, to the mask), and callers that read keys get it
 * with odp_filter_chain_from_key().  odp_flow_key_to_flow() reports a key
 * holding a chain as ODP_FIT_TOO_MUCH, so code that ignores chains never
 * mistakes a chained megaflow for the unchained one.
 *
 * The mask of a chain is exact: the kernel accepts a mask that omits the
 * attribute or repeats it with every link all-ones, and reports the latter.
 */
#ifndef ODP_FILTER_H
#define ODP_FILTER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openvswitch/types.h"
#include "odp-netlink.h"

struct ds;
struct nlattr;
struct ofpbuf;

/* A filter chain.  n == 0: none. */
struct odp_filter_chain {
    size_t n;                                     /* Links in use. */
    struct ovs_filter_link links[OVS_FILTER_CHAIN_MAX]; /* In order. */
};

int odp_filter_chain_from_string(const char *s, struct ofpbuf *key,
                                 struct ofpbuf *mask);
void odp_filter_chain_format(const struct nlattr *key,
                             const struct nlattr *mask, struct ds *);
void odp_filter_chain_put(struct ofpbuf *, const struct odp_filter_chain *,
                          bool is_mask);
int odp_filter_chain_from_key(const struct nlattr *key, size_t key_len,
                              struct odp_filter_chain *);
int odp_filter_chain_from_attr(const struct nlattr *,
                               struct odp_filter_chain *);

#endif /* odp-filter.h */
