/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Filter chains in datapath flow keys: parsing, formatting, conversion.
 * See odp-filter.h.
 */
#include <config.h>
#include "odp-filter.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "netlink.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"

/* Appends 'chain' to 'buf' as an OVS_KEY_ATTR_FILTER_PROG attribute, or, if
 * 'is_mask', its exact mask (every link all-ones).  Appends nothing for an
 * empty chain. */
void
odp_filter_chain_put(struct ofpbuf *buf, const struct odp_filter_chain *chain,
                     bool is_mask)
{
    static const struct ovs_filter_link exact = {
        .prog_id = UINT32_MAX,
        .verdict = UINT32_MAX,
    };
    size_t ofs;

    if (!chain->n) {
        return;
    }
    ofs = nl_msg_start_nested(buf, OVS_KEY_ATTR_FILTER_PROG);
    for (size_t i = 0; i < chain->n; i++) {
        nl_msg_put_unspec(buf, OVS_FILTER_CHAIN_ATTR_LINK,
                          is_mask ? &exact : &chain->links[i],
                          sizeof exact);
    }
    nl_msg_end_nested(buf, ofs);
}

/* Adds the link 'prog_id'='verdict' to 'chain', or returns EINVAL if the
 * chain is full, the verdict is not 0 or 1, or the program is already in
 * the chain: the rules the kernel applies. */
static int
chain_add(struct odp_filter_chain *chain, uint32_t prog_id, uint32_t verdict)
{
    if (chain->n >= OVS_FILTER_CHAIN_MAX || verdict > 1) {
        return EINVAL;
    }
    for (size_t i = 0; i < chain->n; i++) {
        if (chain->links[i].prog_id == prog_id) {
            return EINVAL;
        }
    }
    chain->links[chain->n].prog_id = prog_id;
    chain->links[chain->n].verdict = verdict;
    chain->n++;
    return 0;
}

/* Parses the OVS_KEY_ATTR_FILTER_PROG attribute 'nla' into 'chain'.
 * Returns 0, or EINVAL if it is not a valid chain (1 to
 * OVS_FILTER_CHAIN_MAX well-formed links, verdicts 0 or 1, no program
 * twice). */
int
odp_filter_chain_from_attr(const struct nlattr *nla,
                           struct odp_filter_chain *chain)
{
    const struct nlattr *link;
    size_t left;

    chain->n = 0;
    NL_NESTED_FOR_EACH (link, left, nla) {
        const struct ovs_filter_link *l;

        if (nl_attr_type(link) != OVS_FILTER_CHAIN_ATTR_LINK
            || nl_attr_get_size(link) != sizeof *l) {
            return EINVAL;
        }
        l = nl_attr_get(link);
        if (chain_add(chain, l->prog_id, l->verdict)) {
            return EINVAL;
        }
    }
    return left || !chain->n ? EINVAL : 0;
}

/* Stores in 'chain' the filter chain of the 'key_len' bytes of
 * OVS_KEY_ATTR_* attributes in 'key' (n == 0 if it has none).  Returns 0, or
 * EINVAL if the chain is malformed. */
int
odp_filter_chain_from_key(const struct nlattr *key, size_t key_len,
                          struct odp_filter_chain *chain)
{
    const struct nlattr *nla;

    nla = nl_attr_find__(key, key_len, OVS_KEY_ATTR_FILTER_PROG);
    if (!nla) {
        chain->n = 0;
        return 0;
    }
    return odp_filter_chain_from_attr(nla, chain);
}

/* Parses "filter_prog(ID=V,...)" at the start of 's' (the caller checked
 * the name) and appends the chain to 'key' and its exact mask to 'mask', if
 * nonnull.  IDs are decimal 32-bit program ids, V is 1 (the program must
 * match) or 0 (it must not).  Returns the number of characters parsed, or
 * -EINVAL. */
int
odp_filter_chain_from_string(const char *s, struct ofpbuf *key,
                             struct ofpbuf *mask)
{
    struct odp_filter_chain chain = { .n = 0 };
    const char *p = s + strlen("filter_prog(");

    for (;;) {
        unsigned long long int id;
        char *end;

        if (!isdigit((unsigned char) *p)) {
            return -EINVAL;
        }
        errno = 0;
        id = strtoull(p, &end, 10);
        if (errno || id > UINT32_MAX || *end != '='
            || (end[1] != '0' && end[1] != '1')
            || chain_add(&chain, id, end[1] - '0')) {
            return -EINVAL;
        }
        p = end + 2;
        if (*p == ')') {
            p++;
            break;
        } else if (*p++ != ',') {
            return -EINVAL;
        }
    }

    odp_filter_chain_put(key, &chain, false);
    if (mask) {
        odp_filter_chain_put(mask, &chain, true);
    }
    return p - s;
}

/* True if 'mask' is an exact mask for a chain of 'n' links, or all-zero
 * (a mask without the attribute: the kernel treats it as exact too). */
static bool
chain_mask_is_exact(const struct nlattr *mask, size_t n)
{
    const uint8_t *bytes = nl_attr_get(mask);
    const struct nlattr *link;
    size_t n_links = 0;
    size_t left;

    if (!nl_attr_get_size(mask)
        || (bytes[0] == 0 && !memcmp(bytes, bytes + 1,
                                     nl_attr_get_size(mask) - 1))) {
        return true;
    }
    NL_NESTED_FOR_EACH (link, left, mask) {
        const struct ovs_filter_link *l = nl_attr_get(link);

        if (nl_attr_type(link) != OVS_FILTER_CHAIN_ATTR_LINK
            || nl_attr_get_size(link) != sizeof *l
            || l->prog_id != UINT32_MAX || l->verdict != UINT32_MAX) {
            return false;
        }
        n_links++;
    }
    return !left && n_links == n;
}

/* Formats the chain in 'key' ("1=1,7=0"), with its mask 'mask' (may be
 * null), into 'ds'.  A malformed chain or an inexact mask is shown as an
 * error with the attribute's bytes. */
void
odp_filter_chain_format(const struct nlattr *key, const struct nlattr *mask,
                        struct ds *ds)
{
    struct odp_filter_chain chain;

    if (odp_filter_chain_from_attr(key, &chain)) {
        ds_put_cstr(ds, "<error: malformed chain: ");
        ds_put_hex(ds, nl_attr_get(key), nl_attr_get_size(key));
        ds_put_char(ds, '>');
        return;
    }
    for (size_t i = 0; i < chain.n; i++) {
        ds_put_format(ds, "%s%"PRIu32"=%"PRIu32, i ? "," : "",
                      chain.links[i].prog_id, chain.links[i].verdict);
    }
    if (mask && !chain_mask_is_exact(mask, chain.n)) {
        ds_put_cstr(ds, "/<error: inexact mask: ");
        ds_put_hex(ds, nl_attr_get(mask), nl_attr_get_size(mask));
        ds_put_char(ds, '>');
    }
}
