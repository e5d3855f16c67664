#!/usr/bin/python3
"""Write every corrupt-member case: gen_all.py OUTDIR [CASE...] | gen_all.py --list

Each case is a member image with ONE defect (checksum fixed, so a parser goes
past the checksum and meets the defect), as cryptsetup's tests/generators do
for LUKS headers. OUTDIR/<case>.img is a sparse file of 4 MiB; a pair case
writes OUTDIR/<case>.a.img and OUTDIR/<case>.b.img, two members of one array
that disagree. With CASE arguments only those (exact names) are written;
--list prints name and description of every case. OUTDIR/cases.tsv lists
what was written, one line per case:

    name <TAB> kind <TAB> expect <TAB> scope <TAB> uuids <TAB> files <TAB> description

kind    single or pair
expect  "control": a valid member, every decoder must accept it and show
        its uuid ("control-nobitmap": the same, without a bitmap);
        "startable": a whole array by its own superblock, --assemble and -I
        may start it; "-": anything but a crash, a hang, garbage, a write or
        a started array
scope   "all": worth every command; "read": the defect is in what only the
        read-only commands tell apart (bitmap headers and state bytes, which
        --assemble and -I read with the bitmap_read_member() that -X uses; or
        a name that -I treats as another case's)
uuids   the array uuid(s) in the image's superblocks, comma-separated
files   the image file names, comma-separated

Debian's /usr/bin/python3, standard library only.
"""
import os
import sys

sys.dont_write_bytecode = True      # the source tree may be read-only (the VM)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mdimg import (FEATURES, LLB_STATES, ROLE_FAULTY, ROLE_JOURNAL, ROLE_SPARE,  # noqa: E402
                   BITMAP_FIRST_USE, Member, uuid_of, uuid_str)

U64 = (1 << 64) - 1
CASES = []          # (name, kind, expect, scope, description, builder)


def case(name, desc, expect="-", kind="single", scope="all"):
    def reg(fn):
        assert len(name) <= 32 and name not in [c[0] for c in CASES], name
        CASES.append((name, kind, expect, scope, desc, fn))
        return fn
    return reg


def simple(name, desc, **kw):
    """A case that is the default member with some superblock fields set.
    Member() arguments (minor, bitmap, level, raid_disks, dev_mib, set_name)
    go to the constructor, everything else into the superblock."""
    ctor = {k: kw.pop(k) for k in list(kw) if k in ("minor", "bitmap", "level", "raid_disks",
                                                  "dev_mib", "set_name")}
    scope = kw.pop("scope", "all")
    expect = kw.pop("expect", "-")

    def build(n):
        m = Member(n, **ctor)
        m.sb.update(kw)
        return m
    case(name, desc, expect=expect, scope=scope)(build)


# ---------------------------------------------------------------- controls
@case("control_1.2", "valid 1.2 raid1 member with a classic bitmap", expect="control")
def _(n):
    m = Member(n)
    m.bitmap_data = bytes([0x05]) + m.bitmap_data[1:]     # two dirty chunks
    return m


@case("control_1.1", "valid 1.1 raid1 member with a classic bitmap", expect="control")
def _(n):
    return Member(n, minor=1)


@case("control_1.0", "valid 1.0 raid1 member with a classic bitmap", expect="control")
def _(n):
    return Member(n, minor=0)


@case("control_llbitmap", "valid 1.2 raid1 member with an llbitmap", expect="control")
def _(n):
    return Member(n, bitmap="llbitmap")


@case("control_raid5_nobm", "valid 1.2 raid5 member (3 devices), no bitmap", expect="control-nobitmap")
def _(n):
    return Member(n, bitmap=None, level=5, raid_disks=3)


# ---------------------------------------------------------------- geometry
simple("data_offset_past_end", "data_offset beyond the device end", data_offset=8192 + 2048)
simple("data_size_past_end", "data_offset + data_size beyond the device end", data_size=8192)
simple("data_end_wraps", "data_offset + data_size wraps 2^64", data_size=U64 - 1023)
simple("super_offset_past_end", "super_offset field beyond the device end", super_offset=8192 + 8)
simple("super_offset_huge", "super_offset 2^64-1", super_offset=U64)
simple("v10_super_offset_zero", "1.0 member whose super_offset field says 0", minor=0, super_offset=0)
simple("overlap_data_super", "1.2 data area starting at sector 4, over the superblock",
       data_offset=4, data_size=8188, size=8188)
simple("v10_overlap_data_super", "1.0 data area running over the superblock at the end",
       minor=0, data_size=8184, size=8184)


@case("overlap_bitmap_data", "bitmap (a valid header) inside the data area")
def _(n):
    m = Member(n)
    m.sb["bitmap_offset"] = 2112                     # sector 2120, data from 2048
    return m


simple("overlap_bitmap_super", "bitmap_offset 0: the bitmap is the superblock", bitmap_offset=0)
simple("bitmap_before_start", "1.2 bitmap_offset -100, before sector 0", bitmap_offset=-100)
simple("bitmap_past_end", "bitmap_offset 0x7fffffff, past the end", bitmap_offset=0x7FFFFFFF)
simple("bitmap_offset_int_min", "bitmap_offset -2^31", bitmap_offset=-(1 << 31))
simple("overlap_bblog_super", "bad-block log at -4: over the superblock", bblog_offset=-4)
simple("v10_overlap_bblog_data", "1.0 bad-block log of 16 sectors at -24, over the bitmap and data end",
       minor=0, bblog_offset=-24, bblog_size=16)

# ---------------------------------------------------------------- max_dev
simple("max_dev_ffffffff", "max_dev 0xffffffff", max_dev=0xFFFFFFFF)
simple("max_dev_1921", "max_dev 1921: roles just past the 4 KiB superblock", max_dev=1921)
simple("max_dev_80000000", "max_dev 0x80000000 (2*max_dev wraps 32 bits)", max_dev=0x80000000)
simple("max_dev_0", "max_dev 0: no role table, dev_number 0 not below it", max_dev=0)


@case("max_dev_1920", "max_dev 1920: the role table fills the 4 KiB (valid edge)")
def _(n):
    m = Member(n)
    m.sb["max_dev"] = 1920
    m.roles += [ROLE_SPARE] * (1920 - len(m.roles))
    return m


# ---------------------------------------------------------------- features
simple("feat_unknown_2000", "feature bit 0x2000 (first unknown)",
       feature_map=FEATURES["bitmap_offset"] | 0x2000)
simple("feat_unknown_80000000", "feature bit 0x80000000",
       feature_map=FEATURES["bitmap_offset"] | 0x80000000)
simple("feat_ffffffff", "every feature bit", feature_map=0xFFFFFFFF)
simple("feat_none", "feature map 0 (bitmap fields left in place)", feature_map=0)


def feature_alone(fname, bit):
    @case("feat_" + fname, "feature map %#x (%s) alone" % (bit, fname))
    def _(n):
        m = Member(n)
        m.sb["feature_map"] = bit
        if fname in ("ppl", "multiple_ppls"):
            m.ppl = (8, 8)                 # ppl where the bitmap was
            m.bitmap = None
            m.sb["level"], m.sb["raid_disks"], m.sb["layout"], m.sb["chunksize"] = 5, 3, 2, 1024
            m.roles[2] = 2
        if fname == "reshape_active":
            m.sb.update(new_level=1, reshape_position=1024)
        if fname == "journal":
            m.roles[0] = ROLE_JOURNAL
        return m


for _f, _b in FEATURES.items():
    feature_alone(_f, _b)

# ---------------------------------------------------------------- names
NAMES = [
    ("name_newline", b"x\nARRAY /dev/md/pwn", "newline then a forged ARRAY line"),
    ("name_host_newline", b"h:x\nARRAY /dev/sda", "host part, newline, forged line"),
    ("name_esc", b"\x1b[2J\x1b[31mred\x1b[0m", "terminal escape sequences"),
    ("name_tab", b"a\tb", "a tab"),
    ("name_cr", b"abc\rdef", "a carriage return"),
    ("name_del", b"a\x7fb", "DEL"),
    ("name_highbit", b"caf\xc3\xa9\xff\xfe", "UTF-8 and invalid bytes"),
    ("name_dotdot_etc", b"../../etc/x", "relative path up and out"),
    ("name_slash", b"a/b", "a path separator"),
    ("name_abs", b"/etc/passwd", "an absolute path"),
    ("name_space", b"my array", "a space"),
    ("name_quotes", b"a\"b'c", "double and single quotes"),
    ("name_shell", b"$(reboot)`id`;|&", "shell metacharacters"),
    ("name_percent", b"%s%n%x%p", "printf conversions"),
    ("name_dot", b".", "."),
    ("name_dotdot", b"..", ".."),
    ("name_host_dot", b"host:.", "host part and ."),
    ("name_host_dotdot", b"host:..", "host part and .."),
    ("name_host_slash", b"host:../x", "host part and ../x"),
    ("name_32", b"abcdefghijklmnopqrstuvwxyz012345", "32 bytes, no NUL"),
    ("name_32_ctrl", b"\x01" * 32, "32 control bytes, no NUL"),
    ("name_empty", b"", "empty name"),
    ("name_host", b"host:name", "homehost-looking host:name"),
    ("name_colons", b"a:b:c", "two colons"),
    ("name_colon", b":", "only a colon"),
    ("name_dash", b"-rf", "leading dash"),
    ("name_after_nul", b"ok\x00\n../../x", "bytes after the NUL"),
]
# -I gives these no link at all (udev_name_from_disk() refuses them), as it
# does the names of name_newline, name_esc, name_dot, name_dotdot_etc and
# name_empty: only the read-only commands.
READ_ONLY_NAMES = {"name_cr", "name_del", "name_highbit", "name_shell", "name_percent",
                   "name_32_ctrl", "name_colons", "name_dash", "name_tab", "name_quotes",
                   "name_dotdot", "name_abs", "name_host_newline"}
for _n, _v, _d in NAMES:
    simple(_n, "set_name " + _d, set_name=_v, scope="read" if _n in READ_ONLY_NAMES else "all")

# ---------------------------------------------------------------- level/layout
simple("level_99", "raid level 99", level=99)
simple("level_neg_99", "raid level -99", level=-99)
simple("level_multipath", "old multipath level (-4)", level=-4)
simple("raid10_layout_0", "raid10 with layout 0 (no copies)", level=10, bitmap=None, layout=0,
       chunksize=1024)
simple("raid10_layout_ffffffff", "raid10 with layout 0xffffffff", level=10, bitmap=None,
       layout=0xFFFFFFFF, chunksize=1024)
simple("raid5_layout_99", "raid5 layout 99", level=5, raid_disks=3, layout=99)
simple("raid5_chunk_0", "raid5 chunk size 0", level=5, raid_disks=3, chunksize=0)
simple("raid5_chunk_not_pow2", "raid5 chunk size 3 sectors", level=5, raid_disks=3, chunksize=3)
simple("raid5_chunk_huge", "raid5 chunk size 0xffffffff", level=5, raid_disks=3,
       chunksize=0xFFFFFFFF)
simple("raid0_chunk_0", "raid0 chunk size 0", level=0, bitmap=None, chunksize=0)
simple("raid_disks_0", "raid1 with raid_disks 0", raid_disks=0)
simple("raid_disks_gt_max_dev", "raid_disks 129 with max_dev 128", raid_disks=129)
simple("raid_disks_ffffffff", "raid_disks 0xffffffff", raid_disks=0xFFFFFFFF)
# Complete as it says (the kernel runs a one-device raid5): may be started.
simple("raid5_raid_disks_1", "raid5 with one device", level=5, raid_disks=1, expect="startable")
simple("raid6_raid_disks_1", "raid6 with one device", level=6, raid_disks=1)

# ---------------------------------------------------------------- device role
simple("dev_number_eq_max_dev", "dev_number 128 with max_dev 128", dev_number=128)
simple("dev_number_ffffffff", "dev_number 0xffffffff", dev_number=0xFFFFFFFF)


def roles_case(name, desc, value):
    @case(name, desc)
    def _(n):
        m = Member(n)
        m.roles = [value] * len(m.roles)
        return m


roles_case("roles_all_faulty", "every role 0xfffe (faulty)", ROLE_FAULTY)
roles_case("roles_all_spare", "every role 0xffff (spare)", ROLE_SPARE)
roles_case("roles_all_journal", "every role 0xfffd (journal)", ROLE_JOURNAL)
roles_case("roles_all_zero", "every device claims slot 0", 0)
roles_case("roles_all_ff00", "every role 0xff00 (no special meaning)", 0xFF00)

# ---------------------------------------------------------------- reshape
simple("reshape_garbage", "reshape active, new level/layout/chunk garbage, position past the end",
       feature_map=FEATURES["bitmap_offset"] | FEATURES["reshape_active"],
       new_level=99, new_layout=0xDEADBEEF, new_chunk=7, delta_disks=3,
       reshape_position=U64 - 1)
simple("reshape_delta_int_min", "reshape active, delta_disks -2^31",
       feature_map=FEATURES["bitmap_offset"] | FEATURES["reshape_active"],
       new_level=1, delta_disks=-(1 << 31), reshape_position=1024)
simple("reshape_raid5_garbage", "raid5 reshape to level -99, layout 0xffffffff, position 2^63",
       level=5, raid_disks=3, bitmap=None, feature_map=FEATURES["reshape_active"],
       new_level=-99, new_layout=0xFFFFFFFF, new_chunk=0, delta_disks=1,
       reshape_position=1 << 63)
simple("reshape_new_offset_int_min", "reshape with new_offset -2^31",
       feature_map=FEATURES["bitmap_offset"] | FEATURES["reshape_active"] | FEATURES["new_offset"],
       new_level=1, new_offset=-(1 << 31), reshape_position=1024)
simple("reshape_backwards_garbage", "backwards reshape, position past the end",
       level=5, raid_disks=3, bitmap=None,
       feature_map=FEATURES["reshape_active"] | FEATURES["reshape_backwards"] | FEATURES["new_offset"],
       new_level=5, new_layout=2, new_chunk=1024, delta_disks=-1, new_offset=0x7FFFFFFF,
       reshape_position=U64)

# ---------------------------------------------------------------- bad-block log
simple("bblog_past_end", "bad-block log at +0x7ffffff0", bblog_offset=0x7FFFFFF0)
simple("bblog_before_start", "1.2 bad-block log at -100", bblog_offset=-100)
simple("bblog_int_min", "bad-block log offset -2^31", bblog_offset=-(1 << 31))
simple("bblog_size_huge", "bad blocks present, log of 0xffff sectors",
       feature_map=FEATURES["bitmap_offset"] | FEATURES["bad_blocks"], bblog_size=0xFFFF)
simple("bblog_shift_255", "bad blocks present, bblog_shift 255",
       feature_map=FEATURES["bitmap_offset"] | FEATURES["bad_blocks"], bblog_shift=255)


@case("bblog_entries_garbage", "bad blocks present, log full of 0xff and wrapping entries")
def _(n):
    m = Member(n)
    m.sb["feature_map"] |= FEATURES["bad_blocks"]
    log = (8 + 16) * 512                           # sector 24: super 8 + 16
    ent = (U64).to_bytes(8, "little") + (0x7FFFFFFFFFFFFE00 | 0x1FF).to_bytes(8, "little")
    m.extra.append((log, ent * 256))
    return m


# ---------------------------------------------------------------- classic bitmap
def bm_case(name, desc, minor=2, **fields):
    @case(name, desc, scope="read")
    def _(n):
        m = Member(n, minor=minor)
        m.bitmap.update(fields)
        return m


bm_case("bm_chunk_0", "classic bitmap chunk size 0", chunksize=0)
bm_case("bm_chunk_not_pow2", "classic bitmap chunk 3000 bytes", chunksize=3000)
bm_case("bm_chunk_ffffffff", "classic bitmap chunk 0xffffffff", chunksize=0xFFFFFFFF)
bm_case("bm_chunk_2g", "classic bitmap chunk 2^31 bytes", chunksize=1 << 31)
bm_case("bm_sync_huge", "classic bitmap sync size 2^64-1", sync_size=U64)
bm_case("bm_sync_2p54", "classic bitmap sync size 2^54+1 (above any device)", sync_size=(1 << 54) + 1)
bm_case("bm_sync_2p54_chunk512", "sync size 2^54, chunk 512: 2^54 bits", sync_size=1 << 54, chunksize=512)
bm_case("bm_daemon_0", "classic bitmap daemon sleep 0", daemon_sleep=0)
bm_case("bm_daemon_huge", "classic bitmap daemon sleep 0xffffffff", daemon_sleep=0xFFFFFFFF)
bm_case("bm_bad_magic", "bitmap magic wrong, all else valid", magic=0x6D746963)
bm_case("bm_version_5", "clustered bitmap (version 5), no nodes", version=5)
bm_case("bm_v5_nodes_huge", "version 5 with 0xffffffff nodes", version=5, nodes=0xFFFFFFFF)
bm_case("bm_v5_cluster_name", "version 5, cluster name of 64 control bytes", version=5, nodes=2,
        cluster_name=b"\x1b[31m\n" * 12 + b"\x1b\x1b\x1b\x1b")
bm_case("bm_version_3", "host-endian bitmap (version 3)", version=3)
bm_case("bm_version_0", "bitmap version 0", version=0)
bm_case("bm_version_7", "bitmap version 7 (unknown)", version=7)
bm_case("bm_version_ffffffff", "bitmap version 0xffffffff", version=0xFFFFFFFF)
bm_case("bm_write_behind_huge", "write-behind 0xffffffff", write_behind=0xFFFFFFFF)
bm_case("bm_state_all", "every bitmap state bit", state=0xFFFFFFFF)
bm_case("bm_uuid_mismatch", "bitmap uuid not the array's", uuid=bytes(range(16)))
bm_case("v10_bm_sync_huge", "1.0 classic bitmap sync size 2^64-1", minor=0, sync_size=U64)


# ---------------------------------------------------------------- llbitmap
def llb_case(name, desc, states=None, chunks=None, minor=2, **fields):
    @case(name, desc, scope="read")
    def _(n):
        m = Member(n, minor=minor, bitmap="llbitmap")
        m.bitmap.update(fields)
        if states is not None:
            count = chunks if chunks is not None else \
                -(-m.bitmap["sync_size"] // max(1, m.bitmap["chunksize"]))
            m.bitmap_data = bytes(states(i) for i in range(count))
        return m


# 8-sector chunks over 6144 sectors: 768 chunks, each byte value three times.
llb_case("llb_all_bytes", "llbitmap with every state byte 0..255 (8-sector chunks)",
         states=lambda i: i % 256, chunks=768, chunksize=8)
for _i, _s in enumerate(LLB_STATES):
    llb_case("llb_state_" + _s, "llbitmap with every chunk %s (%d)" % (_s, _i),
             states=lambda i, v=_i: v)
llb_case("llb_state_none", "llbitmap with every chunk 0xff (BitNone)", states=lambda i: 0xFF)
llb_case("llb_chunk_0", "llbitmap chunk size 0", chunksize=0)
llb_case("llb_chunk_not_pow2", "llbitmap chunk 100 sectors", chunksize=100)
llb_case("llb_chunks_over_room", "llbitmap: 6144 chunks, 1 sector reserved", chunksize=1,
         sectors_reserved=1, states=lambda i: 1, chunks=6144)
llb_case("llb_chunks_over_device", "llbitmap: 2^54 one-sector chunks, past the device end",
         chunksize=1, sync_size=1 << 54, sectors_reserved=0xFFFFFFFF)
llb_case("llb_sync_huge", "llbitmap sync size 2^64-1", sync_size=U64)
llb_case("llb_daemon_0", "llbitmap daemon sleep 0", daemon_sleep=0)
llb_case("llb_first_use_garbage", "llbitmap FIRST_USE with chunk 0 and sync 2^64-1",
         state=1 << BITMAP_FIRST_USE, chunksize=0, sync_size=U64, daemon_sleep=0)
llb_case("v10_llb_all_bytes", "1.0 llbitmap with every state byte 0..255",
         states=lambda i: i % 256, chunksize=8, minor=0)

# ---------------------------------------------------------------- sizes near 2^63
simple("v10_size_2p63", "1.0 raid1 with size 2^63-1", minor=0, size=(1 << 63) - 1)
simple("v10_size_2p64", "1.0 raid1 with size 2^64-1", minor=0, size=U64)
simple("v10_data_size_2p63", "1.0 raid1 with data_size and size 2^63-1", minor=0,
       size=(1 << 63) - 1, data_size=(1 << 63) - 1)
simple("v12_size_2p63", "1.2 raid1 with size 2^63-1", size=(1 << 63) - 1)
simple("v12_raid0_data_size_2p63", "1.2 raid0 with data_size 2^63-1", level=0, bitmap=None,
       data_size=(1 << 63) - 1)

# ---------------------------------------------------------------- other fields
@case("bad_checksum", "valid member but the checksum is one off")
def _(n):
    m = Member(n)
    m.csum_delta = 1
    return m


simple("pad_nonzero", "pad0 not zero (checksum fixed)", pad0=0xDEADBEEF)
simple("pad3_nonzero", "pad3 not zero (checksum fixed)", pad3=b"\xff" * 28)
simple("major_version_2", "major version 2", major_version=2)
simple("lbs_3", "logical block size 3", logical_block_size=3)
simple("lbs_ffffffff", "logical block size 0xffffffff", logical_block_size=0xFFFFFFFF)
simple("times_max", "ctime and utime 2^64-1", ctime=U64, utime=U64)
simple("events_max", "events 2^64-1", events=U64)
simple("offsets_max", "resync, recovery offsets 2^64-1 with recovery feature",
       feature_map=FEATURES["bitmap_offset"] | FEATURES["recovery_offset"],
       recovery_offset=U64, resync_offset=U64 - 1)
simple("devflags_ff", "every devflag", devflags=0xFF)


@case("two_superblocks", "valid 1.2 and 1.1 superblocks of different arrays, 1.1 newer")
def _(n):
    m = Member(n)
    other = Member(n + "_1.1", minor=1, bitmap=None)
    other.sb.update(bblog_offset=0, bblog_size=0)
    other.sb["ctime"] = m.sb["ctime"] + 1000
    m.extra.append((0, other.superblock()[:512]))
    m.other_uuids = [other.sb["set_uuid"]]
    return m


# ---------------------------------------------------------------- pairs
def pair(name, desc, tweak):
    """Members 0 and 1 of one raid1 array; tweak(a, b) makes them disagree."""
    @case(name, desc, kind="pair")
    def _(n):
        a = Member(n, set_name=b"pair")
        b = Member(n, set_name=b"pair")
        b.sb["dev_number"] = 1
        b.sb["device_uuid"] = uuid_of(n + "/dev1")
        tweak(a, b)
        return a, b


def _pair_uuid(a, b):
    b.sb["set_uuid"] = uuid_of("other array")
    b.bitmap["uuid"] = b.sb["set_uuid"]


def _pair_events(a, b):
    a.sb["events"] = 100
    a.bitmap["events"] = a.bitmap["events_cleared"] = 100
    b.sb["events"] = 5
    b.bitmap["events"] = b.bitmap["events_cleared"] = 5


def _pair_roles(a, b):
    for m in (a, b):
        m.roles[0] = m.roles[1] = 0


def _pair_geometry(a, b):
    b.sb.update(level=5, raid_disks=3, layout=2, chunksize=1024)
    b.roles[2] = 2


pair("pair_uuid", "two members, different array uuids", _pair_uuid)
pair("pair_events", "two members, events 100 and 5", _pair_events)
pair("pair_roles", "two members that both claim slot 0", _pair_roles)
pair("pair_geometry", "same uuid and events, one says raid1 of 2, the other raid5 of 3", _pair_geometry)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    if argv[1] == "--list":
        for name, kind, expect, scope, desc, _ in CASES:
            sys.stdout.write("%-30s %s\n" % (name, desc))
        return 0
    out = argv[1]
    want = set(argv[2:])
    os.makedirs(out, exist_ok=True)
    lines = []
    for name, kind, expect, scope, desc, build in CASES:
        if want and name not in want:
            continue
        got = build(name)
        members = got if isinstance(got, tuple) else (got,)
        files = [name + ".img"] if kind == "single" else \
            ["%s.%s.img" % (name, "ab"[i]) for i in range(len(members))]
        for m, f in zip(members, files):
            m.write(os.path.join(out, f))
        u = ",".join(sorted({uuid_str(x) for m in members
                             for x in [m.sb["set_uuid"]] + m.other_uuids}))
        lines.append("\t".join([name, kind, expect, scope, u, ",".join(files), desc]))
    with open(os.path.join(out, "cases.tsv"), "w") as fh:
        fh.write("".join(line + "\n" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
