#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""extract-vmlinux.py BZIMAGE OUT: write the uncompressed ELF vmlinux.

The x86 boot protocol header of a bzImage records where the compressed
kernel lies (payload_offset/payload_length at 0x248, relative to the
protected-mode code after the setup sectors).  Booting the ELF through its
PVH entry skips the decompressor, which under TCG emulation is most of the
boot time.
"""
import lzma
import struct
import subprocess
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, "rb") as f:
        img = f.read()
    if img[0x202:0x206] != b"HdrS":
        sys.exit(f"extract-vmlinux: {src} is not a bzImage")
    setup_sects = img[0x1F1] or 4
    off, length = struct.unpack_from("<II", img, 0x248)
    start = (setup_sects + 1) * 512 + off
    payload = img[start:start + length]
    if payload.startswith(b"\xfd7zXZ\x00"):
        elf = lzma.LZMADecompressor().decompress(payload)
    elif payload.startswith(b"\x28\xb5\x2f\xfd"):
        elf = subprocess.run(["zstd", "-dc"], input=payload,
                             stdout=subprocess.PIPE, check=True).stdout
    elif payload.startswith(b"\x1f\x8b"):
        import zlib
        elf = zlib.decompressobj(31).decompress(payload)
    else:
        sys.exit(f"extract-vmlinux: unknown compression {payload[:4].hex()}")
    if not elf.startswith(b"\x7fELF"):
        sys.exit("extract-vmlinux: payload is not an ELF image")
    with open(dst + ".tmp", "wb") as f:
        f.write(elf)
    import os
    os.replace(dst + ".tmp", dst)


if __name__ == "__main__":
    main()
