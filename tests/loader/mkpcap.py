#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Write the packet traces of the example tests.

    mkpcap.py OUTDIR

For each scenario writes OUTDIR/NAME.pcap (classic pcap; the stateless
firewall also as NAME.pcapng), OUTDIR/NAME.expected (one verdict per packet:
"match" or "no-match", derived from what the example is specified to do)
and OUTDIR/NAME.args (the ovs-bpf run options that set up its maps).
Also writes rawip.pcap, a trace of link type RAW, for the error test, and
truncated.pcap, captured with a 30-byte snap length.
"""

import os
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def eth(payload, ethertype=0x0800):
    return (b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" +
            struct.pack("!H", ethertype) + payload)


def ipv4(src, dst, proto, payload, ttl=64, df=True, options=b""):
    ihl = 5 + len(options) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0,
                      ihl * 4 + len(payload), 1, 0x4000 if df else 0, ttl,
                      proto, 0, ip4(src), ip4(dst)) + options
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


TCP_FLAGS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10}


def tcp(src, sport, dst, dport, flags, seq=0, ack=0, window=29200,
        options=b"", data=b"", ttl=64, df=True):
    fl = sum(TCP_FLAGS[c] for c in flags)
    doff = 5 + len(options) // 4
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, doff << 4, fl,
                      window, 0, 0) + options + data
    return eth(ipv4(src, dst, 6, seg, ttl=ttl, df=df))


def udp(src, sport, dst, dport, data=b"x" * 8):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    return eth(ipv4(src, dst, 17, seg))


ARP = eth(bytes(28), 0x0806)
MSS1460 = b"\x02\x04\x05\xb4"


def write_pcap(path, packets, linktype=1, snaplen=65535):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen,
                            linktype))
        for i, p in enumerate(packets):
            cap = p[:snaplen]
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(cap),
                                len(p)))
            f.write(cap)


def write_pcapng(path, packets):
    def block(btype, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", btype, n) + body + struct.pack("<I", n)

    with open(path, "wb") as f:
        f.write(block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)))
        f.write(block(1, struct.pack("<HHI", 1, 0, 65535)))
        for i, p in enumerate(packets):
            f.write(block(6, struct.pack("<IIIII", 0, 0, i, len(p), len(p)) +
                          p))


def scenarios():
    s = {}

    # Oko's command: update-map br0 1 0 key 14 0 16 172 value 1 0 0 0
    s["stateless-firewall"] = (
        ["--map", "lookup_table 0e0010ac=01000000"],
        [(udp("10.0.0.1", 1000, "172.16.0.14", 53), "no-match"),
         (udp("10.0.0.1", 1000, "172.16.0.15", 53), "match"),
         (tcp("10.0.0.2", 1001, "172.16.0.14", 80, "S"), "no-match"),
         (ARP, "match"),
         (b"\x01" * 20, "match"),                    # runt: not IPv4
         (eth(ipv4("10.0.0.1", "172.16.0.14", 17, bytes(8),
                   options=b"\x01\x01\x01\x00")), "match")])  # IP options

    # rate 0, burst 3: each source gets exactly 3 packets, whatever time.
    a, b = "10.1.0.1", "10.1.0.2"
    s["rate-limiter"] = (
        ["--map", "config u32:0=u64:0,u64:3"],
        [(udp(a, 1, "10.9.9.9", 2), "match"),
         (udp(a, 1, "10.9.9.9", 2), "match"),
         (udp(b, 1, "10.9.9.9", 2), "match"),
         (udp(a, 1, "10.9.9.9", 2), "match"),
         (udp(a, 1, "10.9.9.9", 2), "no-match"),
         (udp(b, 1, "10.9.9.9", 2), "match"),
         (udp(a, 1, "10.9.9.9", 2), "no-match"),
         (udp(b, 1, "10.9.9.9", 2), "match"),
         (udp(b, 1, "10.9.9.9", 2), "no-match"),
         (ARP, "match")])

    c, srv = "10.0.0.1", "192.168.1.1"
    s["stateful-firewall"] = (
        [],
        [(tcp(srv, 80, c, 1000, "S"), "no-match"),        # from outside
         (tcp(c, 1000, srv, 80, "A"), "no-match"),        # no connection
         (tcp(c, 1000, srv, 80, "S", seq=100), "match"),
         (tcp(c, 1000, srv, 80, "S", seq=100), "match"),  # SYN retransmit
         (tcp(srv, 80, c, 1000, "A", seq=5), "no-match"), # not a SYN-ACK
         (tcp(srv, 80, c, 1000, "SA", seq=500, ack=101), "match"),
         (tcp(c, 1000, srv, 80, "A", seq=101, ack=501), "match"),
         (tcp(c, 1000, srv, 80, "PA", seq=101, ack=501, data=b"GET /"),
          "match"),
         (tcp(srv, 80, c, 1000, "PA", seq=501, ack=106, data=b"200"),
          "match"),
         (tcp("192.168.1.2", 80, c, 1000, "A"), "no-match"),  # other host
         (tcp(c, 1001, srv, 80, "A"), "no-match"),            # other port
         (udp(srv, 53, c, 1000), "match"),                    # not TCP
         (tcp(c, 1000, srv, 80, "FA", seq=106, ack=504), "match"),
         (tcp(srv, 80, c, 1000, "FA", seq=504, ack=107), "match"),
         (tcp(c, 1000, srv, 80, "A", seq=107, ack=505), "match"),  # last ACK
         (tcp(srv, 80, c, 1000, "A", seq=505, ack=107), "no-match")])

    linux_syn = tcp("10.2.0.1", 40000, "10.2.0.9", 22, "S", window=29200,
                    options=MSS1460 + b"\x04\x02\x08\x0a" + bytes(8) +
                    b"\x01\x03\x03\x07", ttl=61)
    windows_syn = tcp("10.2.0.2", 50000, "10.2.0.9", 22, "S", window=64240,
                      options=MSS1460 + b"\x01\x03\x03\x08\x01\x01\x04\x02",
                      ttl=125)
    # Signature {ittl 64, df 1, 10 words, pad, window 29200, mss 1460}.
    s["p0f"] = (
        ["--map", "signatures 40010a00,u16:29200,u16:1460=u32:7"],
        [(linux_syn, "match"),
         (windows_syn, "no-match"),
         (tcp("10.2.0.1", 40000, "10.2.0.9", 22, "A"), "no-match"),
         (tcp("10.2.0.9", 22, "10.2.0.1", 40000, "SA", options=MSS1460),
          "no-match"),
         (udp("10.2.0.1", 1, "10.2.0.9", 2), "no-match")])

    c, srv = "10.3.0.1", "10.3.0.2"
    s["dapper"] = (
        [],
        [(tcp(c, 5000, srv, 80, "S", seq=1000), "no-match"),
         (tcp(srv, 80, c, 5000, "SA", seq=9000, ack=1001), "no-match"),
         (tcp(c, 5000, srv, 80, "A", seq=1001, ack=9001), "no-match"),
         (tcp(c, 5000, srv, 80, "PA", seq=1001, ack=9001, data=b"a" * 100),
          "no-match"),
         (tcp(c, 5000, srv, 80, "PA", seq=1001, ack=9001, data=b"a" * 100),
          "match"),                                   # retransmission
         (tcp(srv, 80, c, 5000, "A", seq=9001, ack=1101, window=0),
          "match"),                                   # zero window
         (tcp(srv, 80, c, 5000, "A", seq=9001, ack=1101), "no-match"),
         (udp(c, 1, srv, 2), "no-match")])

    a, b = "10.4.0.1", "10.4.0.2"
    seq = [a, a, b, a, a, a, b, a]
    counts = {}
    pkts = []
    for src in seq:
        counts[src] = counts.get(src, 0) + 1
        # Threshold 3: a source's packets match from its 4th on.
        pkts.append((udp(src, 1, "10.4.0.9", 2),
                     "match" if counts[src] > 3 else "no-match"))
    s["heavy-hitters"] = (["--map", "config u32:0=u32:3"], pkts)

    a, b = "10.5.0.1", "10.5.0.2"
    s["blocklist"] = (
        [],
        [(tcp(a, 1000, "10.5.0.9", 80, "S"), "match"),
         (tcp(b, 1000, "10.5.0.9", 80, "S"), "match"),
         (tcp(a, 1001, "10.5.0.9", 23, "SA"), "match"),  # not a bare SYN
         (tcp(a, 1001, "10.5.0.9", 23, "S"), "no-match"),  # trap: banned
         (tcp(a, 1002, "10.5.0.9", 80, "S"), "no-match"),
         (udp(a, 53, "10.5.0.9", 53), "no-match"),
         (tcp(b, 1000, "10.5.0.9", 80, "A"), "match"),
         (ARP, "match")])
    # tests/loader/oko/oko-syn-guard.c: the third SYN of a source bans it.
    a, b = "10.6.0.1", "10.6.0.2"
    s["oko-syn-guard"] = (
        [],
        [(tcp(a, 1000, "10.6.0.9", 80, "S"), "match"),
         (tcp(a, 1001, "10.6.0.9", 80, "S"), "match"),
         (tcp(b, 1000, "10.6.0.9", 80, "S"), "match"),
         (tcp(a, 1002, "10.6.0.9", 80, "SA"), "match"),   # not counted
         (tcp(a, 1003, "10.6.0.9", 80, "S"), "no-match"),  # third: banned
         (tcp(a, 1000, "10.6.0.9", 80, "A"), "no-match"),
         (tcp(b, 1000, "10.6.0.9", 80, "A"), "match"),
         (udp(a, 1, "10.6.0.9", 2), "match")])
    return s


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, (args, pkts) in scenarios().items():
        write_pcap(os.path.join(out, name + ".pcap"), [p for p, _ in pkts])
        with open(os.path.join(out, name + ".expected"), "w") as f:
            f.write("".join(v + "\n" for _, v in pkts))
        with open(os.path.join(out, name + ".args"), "w") as f:
            f.write("".join(a + "\n" for a in args))
        if name == "stateless-firewall":
            write_pcapng(os.path.join(out, name + ".pcapng"),
                         [p for p, _ in pkts])
    # Captured with a 30-byte snap length: programs see 30 bytes only.
    write_pcap(os.path.join(out, "truncated.pcap"),
               [udp("10.0.0.1", 1000, "172.16.0.14", 53)], snaplen=30)
    write_pcap(os.path.join(out, "rawip.pcap"),
               [ipv4("10.0.0.1", "10.0.0.2", 17, bytes(8))], linktype=101)


if __name__ == "__main__":
    main()
