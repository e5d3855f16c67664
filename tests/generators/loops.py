#!/usr/bin/python3
"""Loop devices and fingerprints for the images gen_all.py wrote, in one process
(losetup costs a third of a second per call under emulation; this, a few ms).

    loops.py attach DIR   attach every image of DIR/cases.tsv to a free loop
                          device (read-write); print "FILE<TAB>/dev/loopN<TAB>SHA256"
    loops.py hash DIR     print "FILE<TAB>SHA256" for the same images
    loops.py hash --detach DIR
                          the same, then detach the loop devices backed by
                          them (losetup -D and its waits cost seconds)

SHA256 is a fingerprint of the backing file: its size, then the offset, length
and bytes of every data extent (SEEK_DATA/SEEK_HOLE; an allocated block counts
as data even when it holds zeros). Any write through the loop device that
reached the file changes it, zeros into a hole included, at a fraction of the
cost of hashing every byte of the sparse images. Writes still in the loop
device's page cache are not in the file: sync(1) before "hash". Linux only,
standard library only.
"""
import fcntl
import hashlib
import os
import struct
import sys

LOOP_CTL_GET_FREE = 0x4C82
LOOP_SET_FD = 0x4C00
LOOP_CLR_FD = 0x4C01
LOOP_SET_STATUS64 = 0x4C04
LO_NAME_SIZE = 64


def images(d):
    out = []
    with open(os.path.join(d, "cases.tsv")) as fh:
        for line in fh:
            out.extend(line.rstrip("\n").split("\t")[5].split(","))
    return out


def fingerprint(path):
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        h.update(b"size %d\n" % size)
        pos = 0
        while pos < size:
            try:
                start = os.lseek(fd, pos, os.SEEK_DATA)
            except OSError:
                break                      # ENXIO: only a hole is left
            end = os.lseek(fd, start, os.SEEK_HOLE)
            h.update(b"extent %d %d\n" % (start, end - start))
            off = start
            while off < end:
                chunk = os.pread(fd, min(1 << 20, end - off), off)
                if not chunk:
                    break
                h.update(chunk)
                off += len(chunk)
            pos = end
    finally:
        os.close(fd)
    return h.hexdigest()


def attach(path, ctl):
    """Attach path to a free loop device; return its name."""
    for _ in range(16):
        n = fcntl.ioctl(ctl, LOOP_CTL_GET_FREE)
        dev = "/dev/loop%d" % n
        ffd = os.open(path, os.O_RDWR)
        try:
            lfd = os.open(dev, os.O_RDWR)
            try:
                fcntl.ioctl(lfd, LOOP_SET_FD, ffd)
            except OSError:
                os.close(lfd)
                continue                   # taken meanwhile: try the next free one
            # struct loop_info64: 8+8+8+8+8 (dev, inode, rdevice, offset,
            # sizelimit), 4 x u32 (number, encrypt_type, encrypt_key_size,
            # flags), file_name[64], crypt_name[64], encrypt_key[32], init[2] u64
            name = os.path.abspath(path).encode()[:LO_NAME_SIZE - 1]
            info = struct.pack("=QQQQQIIII64s64s32sQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0,
                               name, b"", b"", 0, 0)
            fcntl.ioctl(lfd, LOOP_SET_STATUS64, info)
            os.close(lfd)
            return dev
        finally:
            os.close(ffd)
    raise OSError("no free loop device for " + path)


def detach(d):
    """Detach every loop device whose backing file is an image of d."""
    want = {os.path.realpath(os.path.join(d, f)) for f in images(d)}
    for n in os.listdir("/sys/block"):
        bf = "/sys/block/%s/loop/backing_file" % n
        try:
            with open(bf) as fh:
                back = fh.read().rstrip("\n")
        except OSError:
            continue
        if back not in want:
            continue
        try:
            fd = os.open("/dev/" + n, os.O_RDONLY)
            try:
                fcntl.ioctl(fd, LOOP_CLR_FD)
            finally:
                os.close(fd)
        except OSError as e:
            sys.stderr.write("loops.py: cannot detach /dev/%s: %s\n" % (n, e))


def main(argv):
    args = argv[1:]
    det = "--detach" in args
    args = [a for a in args if a != "--detach"]
    if len(args) != 2 or args[0] not in ("attach", "hash") or (det and args[0] != "hash"):
        sys.stderr.write(__doc__)
        return 2
    d = args[1]
    if args[0] == "hash":
        for f in images(d):
            print("%s\t%s" % (f, fingerprint(os.path.join(d, f))))
        sys.stdout.flush()
        if det:
            detach(d)
        return 0
    ctl = os.open("/dev/loop-control", os.O_RDWR)
    for f in images(d):
        p = os.path.join(d, f)
        dev = attach(p, ctl)
        print("%s\t%s\t%s" % (f, dev, fingerprint(p)))
    os.close(ctl)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
