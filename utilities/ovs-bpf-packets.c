/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * ovs-bpf: the packets a command runs a program on, from its argument: a
 * pcap or pcapng trace of Ethernet frames (offline "run FILE.o TRACE.pcap"
 * and "run DP ID PACKET.pcap"), or one frame typed as hex bytes ("run DP ID
 * HEX").  One place for the checks and their messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/dlt.h>
#include <pcap/pcap.h>

#include "ovs-bpf.h"

/* Parses 'text' as hex bytes (optional 0x) into 'p'.  Returns 0, -1 if
 * 'text' is not hex (a file name, then), or 2 (and prints why). */
static int
parse_hex(const char *text, struct packets *p)
{
    const char *h = text;
    size_t len;

    if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) {
        h += 2;
    }
    len = strlen(h);
    if (!len || strspn(h, "0123456789abcdefABCDEF") != len) {
        return -1;
    }
    if (len % 2) {
        error_msg("packet '%s': odd number of hex digits", text);
        return 2;
    }
    p->hex = malloc(len / 2);
    if (!p->hex) {
        error_msg("out of memory");
        return 2;
    }
    for (; *h; h += 2) {
        unsigned int byte;

        sscanf(h, "%2x", &byte);
        p->hex[p->hex_len++] = byte;
    }
    return 0;
}

/* Opens the packets of 'arg': hex bytes if 'allow_hex' and 'arg' is made of
 * hex digits, else a trace file of Ethernet link type.  Returns 0, or the
 * command's exit status after printing why (2 for hex bytes that do not
 * make whole bytes, 1 for a file that is not such a trace); 'p' then needs
 * no packets_close(). */
int
packets_open(struct packets *p, const char *arg, bool allow_hex)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    int status;

    *p = (struct packets) { .arg = arg };
    if (allow_hex) {
        status = parse_hex(arg, p);
        if (status >= 0) {
            if (status) {
                packets_close(p);
            }
            return status;
        }
    }
    p->pcap = pcap_open_offline(arg, errbuf);
    if (!p->pcap) {
        if (allow_hex) {
            error_msg("%s: not hex bytes, and not a pcap file: %s", arg,
                      errbuf);
        } else {
            error_msg("%s: %s", arg, errbuf);
        }
        return 1;
    }
    if (pcap_datalink(p->pcap) != DLT_EN10MB) {
        error_msg("%s: link type %s, filter programs read Ethernet frames "
                  "(DLT_EN10MB)", arg,
                  pcap_datalink_val_to_name(pcap_datalink(p->pcap)));
        packets_close(p);
        return 1;
    }
    return 0;
}

/* Gets the next packet of 'p': its captured bytes in '*data' and '*caplen'
 * (valid until the next call), its length on the wire in '*len'.  Returns
 * 1, 0 at the end, or -1 after printing why the trace cannot be read on. */
int
packets_next(struct packets *p, const uint8_t **data, size_t *caplen,
             size_t *len)
{
    if (!p->pcap) {
        if (p->n) {
            return 0;
        }
        *data = p->hex;
        *caplen = *len = p->hex_len;
    } else {
        struct pcap_pkthdr *hdr;
        const u_char *bytes;
        int rc = pcap_next_ex(p->pcap, &hdr, &bytes);

        if (rc == PCAP_ERROR) {
            error_msg("%s: after packet %zu: %s", p->arg, p->n,
                      pcap_geterr(p->pcap));
            return -1;
        } else if (rc != 1) {
            return 0;
        }
        *data = bytes;
        *caplen = hdr->caplen;
        *len = hdr->len;
    }
    p->n++;
    return 1;
}

void
packets_close(struct packets *p)
{
    if (p->pcap) {
        pcap_close(p->pcap);
        p->pcap = NULL;
    }
    free(p->hex);
    p->hex = NULL;
}
