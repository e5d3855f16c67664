"""Build md member images byte by byte, valid or with chosen defects.

Shared by the generators in this directory (gen_all.py). Standard library
only; run with Debian's /usr/bin/python3.

On-disk formats, all little endian (Linux 7.2):
  - v1.x superblock: include/uapi/linux/raid/md_p.h struct mdp_superblock_1,
    256 fixed bytes then dev_roles[max_dev] (le16 each); its checksum is
    drivers/md/md.c calc_sb_1_csum(). Placement (super_1_load()): 1.0 at
    (sectors - 16) & ~7 (8..12 KiB before the end), 1.1 at 0, 1.2 at 4 KiB.
  - bitmap_super_t (drivers/md/md-bitmap.h), 256 bytes, at bitmap_offset
    sectors from the superblock (signed). Classic (version 4, md-bitmap.c):
    chunksize in bytes, one bit per chunk right after the header. llbitmap
    (version 6, md-llbitmap.c): chunksize in sectors, one state byte per chunk
    from byte 1024 of the bitmap (BITMAP_DATA_OFFSET).

A Member holds every field as a plain integer or bytes, so a generator can put
any value in any field (values are masked to the field's width, negative
numbers stored in two's complement). write() lays the member out in a sparse
file and fixes the superblock checksum unless told not to.
"""
import hashlib
import os
import struct

SECTOR = 512
SB_MAGIC = 0xA92B4EFC
SB_FIXED = 256
SB_READ = 4096                     # the kernel reads 4 KiB
SB_MAX_DEV = (SB_READ - SB_FIXED) // 2   # 1920: super_1_load() bound

ROLE_SPARE = 0xFFFF
ROLE_FAULTY = 0xFFFE
ROLE_JOURNAL = 0xFFFD

# feature_map bits (md_p.h MD_FEATURE_*)
FEATURES = {
    "bitmap_offset": 0x0001,
    "recovery_offset": 0x0002,
    "reshape_active": 0x0004,
    "bad_blocks": 0x0008,
    "replacement": 0x0010,
    "reshape_backwards": 0x0020,
    "new_offset": 0x0040,
    "recovery_bitmap": 0x0080,
    "clustered": 0x0100,
    "journal": 0x0200,
    "ppl": 0x0400,
    "multiple_ppls": 0x0800,
    "raid0_layout": 0x1000,
}
FEATURE_ALL = 0x1FFF

# struct mdp_superblock_1: name -> (offset, width in bytes, kind); kind
# 'u' integer, 'b' bytes. bitmap_offset shares its 4 bytes with ppl.offset
# (le16 @96) and ppl.size (le16 @98): set ppl_offset/ppl_size to write those.
SB_FIELDS = {
    "magic": (0, 4, "u"), "major_version": (4, 4, "u"), "feature_map": (8, 4, "u"),
    "pad0": (12, 4, "u"), "set_uuid": (16, 16, "b"), "set_name": (32, 32, "b"),
    "ctime": (64, 8, "u"), "level": (72, 4, "u"), "layout": (76, 4, "u"),
    "size": (80, 8, "u"), "chunksize": (88, 4, "u"), "raid_disks": (92, 4, "u"),
    "bitmap_offset": (96, 4, "u"), "new_level": (100, 4, "u"),
    "reshape_position": (104, 8, "u"), "delta_disks": (112, 4, "u"),
    "new_layout": (116, 4, "u"), "new_chunk": (120, 4, "u"), "new_offset": (124, 4, "u"),
    "data_offset": (128, 8, "u"), "data_size": (136, 8, "u"), "super_offset": (144, 8, "u"),
    "recovery_offset": (152, 8, "u"), "dev_number": (160, 4, "u"),
    "cnt_corrected_read": (164, 4, "u"), "device_uuid": (168, 16, "b"),
    "devflags": (184, 1, "u"), "bblog_shift": (185, 1, "u"), "bblog_size": (186, 2, "u"),
    "bblog_offset": (188, 4, "u"), "utime": (192, 8, "u"), "events": (200, 8, "u"),
    "resync_offset": (208, 8, "u"), "sb_csum": (216, 4, "u"), "max_dev": (220, 4, "u"),
    "logical_block_size": (224, 4, "u"), "pad3": (228, 28, "b"),
}
O_SB_CSUM = 216

# bitmap_super_t (md-bitmap.h)
BITMAP_MAGIC = 0x6D746962
BITMAP_SB = 256
LLBITMAP_DATA_OFFSET = 1024
BM_FIELDS = {
    "magic": (0, 4, "u"), "version": (4, 4, "u"), "uuid": (8, 16, "b"),
    "events": (24, 8, "u"), "events_cleared": (32, 8, "u"), "sync_size": (40, 8, "u"),
    "state": (48, 4, "u"), "chunksize": (52, 4, "u"), "daemon_sleep": (56, 4, "u"),
    "write_behind": (60, 4, "u"), "sectors_reserved": (64, 4, "u"), "nodes": (68, 4, "u"),
    "cluster_name": (72, 64, "b"),
}
# bitmap state bits (enum bitmap_state)
BITMAP_STALE, BITMAP_FIRST_USE, BITMAP_CLEAN = 1, 3, 4

# md-llbitmap.c enum llbitmap_state
LLB_STATES = ["unwritten", "clean", "dirty", "need_sync", "syncing",
              "need_sync_unwritten", "syncing_unwritten", "clean_unwritten"]

TIME = 1700000000                  # ctime/utime seconds of every generated member


def put(buf, fields, name, value):
    """Store value in field name of buf (a bytearray) per the field table."""
    off, width, kind = fields[name]
    if kind == "b":
        raw = bytes(value)[:width]
        buf[off:off + width] = raw + bytes(width - len(raw))
    else:
        buf[off:off + width] = (int(value) & ((1 << (8 * width)) - 1)).to_bytes(width, "little")


def sb1_csum(sb):
    """drivers/md/md.c calc_sb_1_csum() over the encoded superblock sb (bytes).

    size = 256 + max_dev*2 computed in 32 bits and taken as an int, as the
    kernel does; the words summed are the le32 ones of the first size bytes
    with sb_csum counted as 0, then a trailing le16 when size is 2 mod 4; the
    64-bit sum's high half is added once to its low half. sb must hold size
    bytes; the caller passes the bytes that follow the superblock on the device
    when max_dev reaches past 4 KiB (decoders refuse such a max_dev before
    looking at the checksum anyway)."""
    max_dev = int.from_bytes(sb[220:224], "little")
    size = (256 + max_dev * 2) & 0xFFFFFFFF
    if size >= 1 << 31:
        size -= 1 << 32
    total, i = 0, 0
    while size >= 4:
        if i != O_SB_CSUM:
            total += int.from_bytes(sb[i:i + 4], "little")
        i += 4
        size -= 4
    if size == 2:
        total += int.from_bytes(sb[i:i + 2], "little")
    return ((total & 0xFFFFFFFF) + (total >> 32)) & 0xFFFFFFFF


def uuid_of(text):
    """A fixed 16-byte uuid derived from text (so every case has its own)."""
    return hashlib.sha256(text.encode()).digest()[:16]


def uuid_str(u):
    """mdadm's form: 8:8:8:8 hex digits."""
    h = u.hex()
    return ":".join(h[i:i + 8] for i in range(0, 32, 8))


def super_offset(minor, sectors):
    if minor == 0:
        return (sectors - 16) & ~7
    return 0 if minor == 1 else 8


class Member:
    """One member device: superblock, optional bitmap, raw extra writes.

    Defaults give a valid, clean member 0 of a 2-device raid1 (the other
    member absent: nothing assembles it without --run) on a device of dev_mib
    MiB, laid out as mdadm/mdctl do for that metadata version:
      1.1/1.2: superblock at 0 / 8, bitmap at +8 (its room: 8 sectors for a
               classic one, 256 for an llbitmap), bad-block log (8 sectors)
               right after the room, data from 1 MiB to the end;
      1.0:     data from 0, bitmap room, log at -8, superblock at the end.
    bitmap: "internal" (classic v4), "llbitmap" (v6) or None.
    """

    def __init__(self, name, minor=2, dev_mib=4, bitmap="internal", level=1,
                 raid_disks=2, uuid=None, set_name=None):
        self.minor = minor
        self.sectors = dev_mib * 2048
        self.kind = bitmap
        so = super_offset(minor, self.sectors)
        room = 256 if bitmap == "llbitmap" else 8
        u = uuid if uuid is not None else uuid_of(name)
        f = {
            "magic": SB_MAGIC, "major_version": 1, "feature_map": 0, "pad0": 0,
            "set_uuid": u, "set_name": (name[:32].encode() if set_name is None else set_name),
            "ctime": TIME, "level": level, "layout": 0, "chunksize": 0,
            "raid_disks": raid_disks, "bitmap_offset": 0, "new_level": 0,
            "reshape_position": 0, "delta_disks": 0, "new_layout": 0, "new_chunk": 0,
            "new_offset": 0, "super_offset": so, "recovery_offset": 0, "dev_number": 0,
            "cnt_corrected_read": 0, "device_uuid": uuid_of(name + "/dev0"), "devflags": 0,
            "bblog_shift": 0, "bblog_size": 8, "utime": TIME + 60, "events": 42,
            "resync_offset": (1 << 64) - 1, "max_dev": 128, "logical_block_size": 0,
            "pad3": b"",
        }
        if level in (0, 4, 5, 6, 10):
            f["chunksize"] = 1024          # 512 KiB
        if level in (5, 6):
            f["layout"] = 2                # left-symmetric
        if level == 10:
            f["layout"] = 0x102            # near=2
        if minor == 0:
            f["data_offset"] = 0
            f["bblog_offset"] = -8
            data_end = so - 8 - room
            f["data_size"] = data_end
            bm_off = -(8 + room)
        else:
            f["data_offset"] = 2048
            f["data_size"] = self.sectors - 2048
            bm_off = 8
            f["bblog_offset"] = 8 + room
        f["size"] = f["data_size"]
        self.sb = f
        self.roles = [0, 1] + [ROLE_SPARE] * 126   # index: dev_number
        for i in range(2, min(raid_disks, len(self.roles))):
            self.roles[i] = i
        self.ppl = None                            # (offset, size) for the union
        self.bitmap = None
        self.bitmap_data = b""                     # bytes right after the header area
        self.bitmap_at = None                      # absolute sector; None = from bitmap_offset
        self.extra = []                            # (byte offset, bytes) written last
        self.fix_csum = True
        self.other_uuids = []                      # uuids of other superblocks in extra
        self.csum_delta = 0
        if bitmap:
            f["feature_map"] |= FEATURES["bitmap_offset"]
            f["bitmap_offset"] = bm_off
            self.bitmap = self.new_bitmap(bitmap)

    def new_bitmap(self, kind):
        f = self.sb
        b = {
            "magic": BITMAP_MAGIC, "version": 4, "uuid": f["set_uuid"], "events": f["events"],
            "events_cleared": f["events"], "sync_size": f["size"], "state": 0,
            "chunksize": 65536, "daemon_sleep": 5, "write_behind": 0,
            "sectors_reserved": 8, "nodes": 0, "cluster_name": b"",
        }
        if kind == "llbitmap":
            # state 0 (the kernel has run it): the state bytes are what counts.
            # 128-sector (64 KiB) chunks, one state byte each; 254 sectors
            # reserved of the 256-sector room, as mdctl records it.
            b.update(version=6, chunksize=128, daemon_sleep=30, sectors_reserved=254)
            chunks = -(-f["size"] // 128)
            self.bitmap_data = bytes([1]) * chunks           # all clean
        else:
            bits = -(-f["size"] * SECTOR // 65536)
            self.bitmap_data = bytes((bits + 7) // 8)        # all clean
        return b

    # ---- encoding ----
    def superblock(self, tail=b""):
        """The superblock's 4 KiB (dev_roles up to what 4 KiB holds), checksum
        fixed unless fix_csum is False; csum_delta is added to it afterwards.
        tail: the device bytes after those 4 KiB, for a max_dev that reaches
        past them (checksum only)."""
        buf = bytearray(SB_READ)
        for k, v in self.sb.items():
            put(buf, SB_FIELDS, k, v)
        if self.ppl is not None:
            buf[96:98] = (self.ppl[0] & 0xFFFF).to_bytes(2, "little")
            buf[98:100] = (self.ppl[1] & 0xFFFF).to_bytes(2, "little")
        for i, r in enumerate(self.roles[:SB_MAX_DEV]):
            buf[SB_FIXED + 2 * i:SB_FIXED + 2 * i + 2] = (r & 0xFFFF).to_bytes(2, "little")
        if self.fix_csum:
            c = (sb1_csum(bytes(buf) + tail) + self.csum_delta) & 0xFFFFFFFF
            buf[O_SB_CSUM:O_SB_CSUM + 4] = c.to_bytes(4, "little")
        return bytes(buf)

    def bitmap_bytes(self):
        """Header (256 bytes; llbitmap padded to 1024) and the bit/state area."""
        if self.bitmap is None:
            return b""
        hdr = bytearray(BITMAP_SB)
        for k, v in self.bitmap.items():
            put(hdr, BM_FIELDS, k, v)
        if self.bitmap.get("version") == 6 and self.kind == "llbitmap":
            hdr += bytes(LLBITMAP_DATA_OFFSET - BITMAP_SB)
        return bytes(hdr) + self.bitmap_data

    def bitmap_sector(self):
        if self.bitmap_at is not None:
            return self.bitmap_at
        off = self.sb["bitmap_offset"]
        off = off - (1 << 32) if off >= 1 << 31 else off
        return self.sb["super_offset"] + off

    # ---- output ----
    def write(self, path):
        """Write the member as a sparse file of dev_mib MiB."""
        with open(path, "w+b") as fh:
            fh.truncate(self.sectors * SECTOR)
            fd = fh.fileno()
            writes = []
            if self.bitmap is not None:
                at = self.bitmap_sector()
                if 0 <= at < self.sectors:
                    writes.append((at * SECTOR, self.bitmap_bytes()))
            writes.extend(self.extra)
            so = super_offset(self.minor, self.sectors) * SECTOR
            # Everything but the superblock first, so that a max_dev past 4 KiB
            # is summed over what really follows it on the device.
            for off, data in writes:
                end = min(len(data), self.sectors * SECTOR - off)
                if end > 0:
                    os.pwrite(fd, data[:end], off)
            tail = b""
            if self.sb["max_dev"] > SB_MAX_DEV:
                want = min(2 * (self.sb["max_dev"] & 0xFFFFFFFF) + SB_FIXED - SB_READ, 1 << 20)
                tail = os.pread(fd, max(0, want), so + SB_READ)
            os.pwrite(fd, self.superblock(tail), so)


def write_raw(path, mib, writes):
    """A sparse file of mib MiB with the given (byte offset, bytes) writes."""
    with open(path, "wb") as fh:
        fh.truncate(mib << 20)
        for off, data in writes:
            os.pwrite(fh.fileno(), data, off)


def decode_sb(buf):
    """Field dict of an encoded superblock (for self-checks)."""
    out = {}
    for k, (off, width, kind) in SB_FIELDS.items():
        raw = buf[off:off + width]
        out[k] = bytes(raw) if kind == "b" else int.from_bytes(raw, "little")
    return out


if __name__ == "__main__":
    # Self-check on the superblocks mdadm wrote (mdctl's unit fixtures): the
    # checksum computed here is the one stored, the field table round-trips.
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    fx = os.path.join(here, "..", "unit", "fixtures")
    bad = 0
    for fn in sorted(os.listdir(fx)):
        if not fn.endswith(".sb"):
            continue
        data = open(os.path.join(fx, fn), "rb").read()
        stored = int.from_bytes(data[O_SB_CSUM:O_SB_CSUM + 4], "little")
        # and the field table: decoding and re-encoding gives the same bytes
        again = bytearray(len(data))
        for k, v in decode_sb(data).items():
            put(again, SB_FIELDS, k, v)
        n = SB_FIXED + 2 * int.from_bytes(data[220:224], "little")
        again[SB_FIXED:n] = data[SB_FIXED:n]
        ok = sb1_csum(data) == stored and bytes(again[:n]) == data[:n]
        bad += not ok
        print(("ok  " if ok else "BAD ") + fn)
    sys.exit(1 if bad else 0)
