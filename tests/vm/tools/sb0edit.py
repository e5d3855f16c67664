#!/usr/bin/env python3
"""Edit a member's 0.90 superblock for the VM tests (t_update0): what a test
cannot make with mdadm or mdctl themselves.

    sb0edit.py DEV counts N       every summary count (nr, active, working,
                                  failed, spare disks) set to N
    sb0edit.py DEV big-endian     rewrite it as a big-endian host writes it
    sb0edit.py DEV dirty          clear MD_SB_CLEAN (an array that needs a resync)
    sb0edit.py DEV sparc22        lay it out as a SPARC 2.2 kernel did (mdadm(8)
                                  --update=sparc2.2): a pad word before the
                                  events, every word from there one word later

Layout: Linux include/uapi/linux/raid/md_p.h mdp_super_t (32-bit words; the
events words swap places with the byte order); checksum: md.c calc_sb_csum.
"""
import os
import struct
import sys

SB_BYTES = 4096
W_STATE, W_NR, W_ACTIVE, W_WORKING, W_FAILED, W_SPARE, W_CSUM = 33, 9, 34, 35, 36, 37, 38
EVENT_PAIRS = ((39, 40), (41, 42))  # events, cp_events: lo/hi order by endianness


def sb_offset(fd):
    size = os.lseek(fd, 0, os.SEEK_END)
    return ((size // 512) & ~127) * 512 - 128 * 512


def checksum(words):
    total = sum(w for i, w in enumerate(words) if i != W_CSUM)
    return ((total & 0xFFFFFFFF) + (total >> 32)) & 0xFFFFFFFF


def main():
    dev, op = sys.argv[1], sys.argv[2]
    fd = os.open(dev, os.O_RDWR)
    off = sb_offset(fd)
    os.lseek(fd, off, os.SEEK_SET)
    words = list(struct.unpack("<1024I", os.read(fd, SB_BYTES)))
    if words[0] != 0xA92B4EFC:
        sys.exit(f"{dev}: no little-endian 0.90 superblock")
    order = "<"
    if op == "counts":
        for w in (W_STATE, W_NR, W_ACTIVE, W_WORKING, W_FAILED, W_SPARE):
            words[w] = int(sys.argv[3])
    elif op == "dirty":
        words[W_STATE] &= ~1
    elif op == "sparc22":
        words = words[:39] + [0] + words[39:1023]
    elif op == "big-endian":
        for a, b in EVENT_PAIRS:
            words[a], words[b] = words[b], words[a]
        order = ">"
    else:
        sys.exit(f"unknown operation {op}")
    words[W_CSUM] = checksum(words)
    os.lseek(fd, off, os.SEEK_SET)
    os.write(fd, struct.pack(order + "1024I", *words))
    os.fsync(fd)
    os.close(fd)


if __name__ == "__main__":
    main()
