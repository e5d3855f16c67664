#!/usr/bin/python3
"""Check the output of mdctl's read-only commands run over many generated images
at once (tests/vm/t_generators.sh), and say which image each problem belongs to.

    check_batch.py GENDIR LOOPS INDEX

GENDIR holds cases.tsv (gen_all.py); LOOPS is loops.py attach's output
("FILE<TAB>/dev/loopN<TAB>SHA256"); INDEX has one line per run that did not
crash, hang or trip a sanitizer (those are judged by the shell):
"CMD<TAB>EXIT<TAB>STDOUT-FILE<TAB>STDERR-FILE<TAB>DEVICE DEVICE...". Prints
"CASE<TAB>CMD<TAB>WHY" per problem ("batch" when no image can be named), and
last "checked N runs". Parsing a few thousand lines in a shell loop takes
tens of seconds under emulation; here it takes well under one. Standard
library and python3-jsonschema (for --examine --json against the schema).

Rules, per device of a run:
  every stderr line is one message "mdctl: ..." without control characters,
  naming the device it is about; at most one per device; the exit status is
  non-zero exactly when there is one;
  examine, xbitmap: one decode (a "DEV:" / "Filename : DEV" block) or one
  error, not both, not neither;
  export: only KEY=value lines without control characters, one block
  (MD_LEVEL= first) per device without an error, each with an MD_UUID;
  brief: only ARRAY lines (and "   spares=N" after them), one per array (a
  pair whose members disagree: one per member at most), each
  "ARRAY [/dev/md/NAME] metadata=1.x UUID=..." with nothing else;
  names (MD_NAME, the ARRAY line's) in the safe set [A-Za-z0-9._+:-], and
  neither "." nor ".." whole or after the host part;
  a decode that calls the checksum wrong (or an error about it) on an image
  other than bad_checksum is a generator bug;
  json: one document, valid UTF-8, no raw C0 control bytes, valid by
  schema/mdctl-v1.schema.json, one entry per device without an error;
  control images: decoded, their uuid shown (Array UUID, MD_UUID, UUID=,
  array_uuid),
  checksum correct; their bitmap decoded by -X unless they have none.
"""
import json
import os
import re
import sys

import jsonschema

CNTRL = re.compile(r"[\x00-\x1f\x7f]")
MSG = re.compile(r"^mdctl: [^\x00-\x1f\x7f]{8,}$")
DEVRE = re.compile(r"(/dev/loop[0-9]+)(?![0-9])")
UUIDRE = re.compile(r"UUID=([0-9a-f]{8}(?::[0-9a-f]{8}){3})")
ARRAY = re.compile(r"^ARRAY( /dev/md/([^ ]*))? +metadata=1\.[012] UUID=[0-9a-f:]{35}$")
SPARES = re.compile(r"^   spares=[0-9]+$")
SAFE = re.compile(r"^[A-Za-z0-9._+:-]+$")

problems = []


def bad(case, cmd, why):
    problems.append((case, cmd, why))


def show(s, n=300):
    s = s if len(s) <= n else s[:n] + "..."
    return repr(s)


def name_safe(n):
    if not SAFE.match(n):
        return False
    short = n.split(":", 1)[1] if ":" in n else n
    return n not in (".", "..") and short not in (".", "..")


def load(gendir, loops):
    cases, case_of_dev, case_of_uuid = {}, {}, {}
    dev_of_file = {}
    for line in open(loops, encoding="utf-8"):
        f, d, _ = line.rstrip("\n").split("\t")
        dev_of_file[f] = d
    for line in open(gendir + "/cases.tsv", encoding="utf-8"):
        name, kind, expect, _, uuids, files = line.rstrip("\n").split("\t")[:6]
        devs = [dev_of_file[f] for f in files.split(",")]
        cases[name] = {"kind": kind, "expect": expect, "uuids": uuids.split(","), "devs": devs}
        for d in devs:
            case_of_dev[d] = name
        for u in uuids.split(","):
            case_of_uuid[u] = name
    return cases, case_of_dev, case_of_uuid


def errors(cmd, rc, err, devs, case_of):
    """Attribute stderr lines to devices; returns {dev: [lines]}."""
    per = {d: [] for d in devs}
    lines = err.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for l in lines:
        m = DEVRE.search(l)
        if not m or m.group(1) not in per:
            bad("batch", cmd, "error line naming no device: " + show(l))
            continue
        d = m.group(1)
        per[d].append(l)
        if not MSG.match(l):
            bad(case_of[d], cmd, "malformed stderr line " + show(l))
        csum_sane(case_of[d], cmd, l)
    n = 0
    for d in devs:
        if len(per[d]) > 1:
            bad(case_of[d], cmd, "%d error lines for %s: %s" % (len(per[d]), d, show("\n".join(per[d]))))
        n += len(per[d])
    if n and rc == 0:
        bad("batch", cmd, "exit 0 with %d error line(s)" % n)
    if not n and rc != 0:
        bad("batch", cmd, "exit %d without an error line" % rc)
    return per


def csum_sane(case, cmd, text):
    if case != "bad_checksum" and ("- expected " in text or "bad superblock checksum" in text):
        bad(case, cmd, "checksum not accepted (generator bug?): " + show(text))


def blocks(out, header, devs):
    """Split stdout at header lines naming one of devs: {dev: [block texts]}."""
    per = {d: [] for d in devs}
    cur = None
    for l in out.split("\n"):
        m = header.match(l)
        if m and m.group(1) in per:
            cur = [l]
            per[m.group(1)].append(cur)
        elif cur is not None:
            cur.append(l)
    return {d: ["\n".join(b) + "\n" for b in bl] for d, bl in per.items()}


def decode_or_error(cmd, devs, blk, errs, case_of):
    for d in devs:
        nb, ne = len(blk[d]), len(errs[d])
        if (nb, ne) == (0, 0):
            bad(case_of[d], cmd, "neither a decode nor an error for " + d)
        elif nb + ne != 1:
            bad(case_of[d], cmd, "%d decode(s) and %d error(s) for %s" % (nb, ne, d))


def control(cases, c):
    return cases[c]["expect"].startswith("control")


def check_examine(rc, out, err, devs, cases, case_of, _):
    errs = errors("examine", rc, err, devs, case_of)
    blk = blocks(out, re.compile(r"^(/dev/loop[0-9]+):$"), devs)
    decode_or_error("examine", devs, blk, errs, case_of)
    for d in devs:
        c = case_of[d]
        for b in blk[d]:
            m = re.search(r"Checksum : [^\n]*", b)
            if m:
                csum_sane(c, "examine", m.group(0))
        if not control(cases, c):
            continue
        if len(blk[d]) != 1:
            bad(c, "examine", "control image not decoded: " + show(" ".join(errs[d])))
            continue
        if "Array UUID : %s\n" % cases[c]["uuids"][0] not in blk[d][0]:
            bad(c, "examine", "control image: no 'Array UUID : %s'" % cases[c]["uuids"][0])
        if not re.search(r"Checksum : [0-9a-f]+ - correct\n", blk[d][0]):
            bad(c, "examine", "control image: checksum not correct")


def check_export(rc, out, err, devs, cases, case_of, _):
    errs = errors("export", rc, err, devs, case_of)
    bl, cur = [], None
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for l in lines:
        if l.startswith("MD_LEVEL=") or cur is None:
            cur = []
            bl.append(cur)
        cur.append(l)
    ok = [d for d in devs if not errs[d]]
    if len(bl) != len(ok):
        bad("batch", "export", "%d KEY=value blocks for %d devices without an error" % (len(bl), len(ok)))
        return
    for d, b in zip(ok, bl):
        c = case_of[d]
        for l in b:
            if not re.match(r"^[A-Z][A-Z0-9_]*=", l) or CNTRL.search(l):
                bad(c, "export", "not a KEY=value line: " + show(l))
            elif l.startswith(("MD_NAME=", "MD_DEVNAME=")) and not name_safe(l.split("=", 1)[1]):
                bad(c, "export", "unsafe name: " + show(l))
        if not any(l.startswith("MD_UUID=") for l in b):
            bad(c, "export", "no MD_UUID line")
        if control(cases, c) and "MD_UUID=" + cases[c]["uuids"][0] not in b:
            bad(c, "export", "control image: no MD_UUID=" + cases[c]["uuids"][0])


def check_brief(rc, out, err, devs, cases, case_of, case_of_uuid):
    errors("brief", rc, err, devs, case_of)
    # An array's lines end with the one holding its UUID; lines before it
    # without one (a name split by a newline) are taken as its own too.
    per, pend, last = {}, [], None
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for l in lines:
        m = UUIDRE.search(l)
        if m and m.group(1) in case_of_uuid:
            last = m.group(1)
            per.setdefault(last, []).extend(pend + [l])
            pend = []
        elif SPARES.match(l) and last and not pend:
            per[last].append(l)
        else:
            pend.append(l)
    for l in pend:
        bad("batch", "brief", "line of no array: " + show(l))
    for u, ls in per.items():
        c = case_of_uuid[u]
        n = 0
        for l in ls:
            if SPARES.match(l):
                continue
            n += l.startswith("ARRAY")
            m = ARRAY.match(l)
            if not m:
                bad(c, "brief", "not a well-formed ARRAY line: " + show(l))
            elif m.group(1) and not name_safe(m.group(2)):
                bad(c, "brief", "unsafe name in " + show(l))
        # A pair whose members disagree on the geometry is two arrays to
        # --brief (as to mdadm): one line per member at most.
        most = len(cases[c]["devs"]) if cases[c]["kind"] == "pair" else 1
        if not 1 <= n <= most:
            bad(c, "brief", "%d ARRAY lines for one array" % n)
    for c, v in cases.items():
        if control(cases, c) and v["devs"][0] in devs and v["uuids"][0] not in per:
            bad(c, "brief", "control image: no ARRAY line with UUID=" + v["uuids"][0])


def check_xbitmap(rc, out, err, devs, cases, case_of, _):
    errs = errors("xbitmap", rc, err, devs, case_of)
    blk = blocks(out, re.compile(r"^ *Filename : (/dev/loop[0-9]+)$"), devs)
    decode_or_error("xbitmap", devs, blk, errs, case_of)
    for d in devs:
        c = case_of[d]
        if cases[c]["expect"] != "control":
            continue
        if len(blk[d]) != 1:
            bad(c, "xbitmap", "control bitmap not decoded: " + show(" ".join(errs[d])))
        elif not re.search(r" UUID : %s\n" % cases[c]["uuids"][0], blk[d][0]):
            bad(c, "xbitmap", "control bitmap: no UUID " + cases[c]["uuids"][0])


SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schema", "mdctl-v1.schema.json")


def check_json(rc, out, err, devs, cases, case_of, _):
    """--examine --json: one document, valid UTF-8 with no raw control bytes
    but its own newlines, valid by the schema, one entry per device decoded;
    control images: their UUID (canonical 8-4-4-4-12 form)."""
    errs = errors("json", rc, err, devs, case_of)
    if any(0xdc80 <= ord(ch) <= 0xdcff for ch in out):
        bad("batch", "json", "output is not valid UTF-8")
        return
    # JSON must escape the C0 controls (RFC 8259 section 7); the pretty
    # printer's own newlines are the only raw ones allowed (DEL is a plain
    # character to JSON)
    if re.search(r"[\x00-\x09\x0b-\x1f]", out):
        bad("batch", "json", "raw control byte in the output")
    try:
        doc = json.loads(out)
    except ValueError as e:
        bad("batch", "json", "not one JSON document: %s" % e)
        return
    try:
        jsonschema.validate(doc, json.load(open(SCHEMA, encoding="utf-8")))
    except jsonschema.ValidationError as e:
        bad("batch", "json", "schema: %s at %s" % (e.message[:200], "/".join(str(p) for p in e.absolute_path)))
    if doc.get("version") != 1 or doc.get("command") != "examine" or not isinstance(doc.get("devices"), list):
        bad("batch", "json", "not an examine document of version 1")
        return
    by_dev = {}
    for entry in doc["devices"]:
        by_dev.setdefault(entry.get("device"), []).append(entry)
    for d in devs:
        c = case_of[d]
        n = len(by_dev.get(d, []))
        if errs[d] and n:
            bad(c, "json", "an error and an entry for " + d)
        elif not errs[d] and n != 1:
            bad(c, "json", "%d entries for %s without an error" % (n, d))
        if control(cases, c) and n == 1:
            u = cases[c]["uuids"][0].replace(":", "")
            want = "-".join((u[0:8], u[8:12], u[12:16], u[16:20], u[20:32]))
            if by_dev[d][0].get("array_uuid") != want:
                bad(c, "json", "control image: array_uuid %r, not %s" % (by_dev[d][0].get("array_uuid"), want))


CHECKS = {"examine": check_examine, "export": check_export, "brief": check_brief,
          "xbitmap": check_xbitmap, "json": check_json}


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    cases, case_of, case_of_uuid = load(argv[1], argv[2])
    runs = 0
    for line in open(argv[3], encoding="utf-8"):
        cmd, rc, fo, fe, devs = line.rstrip("\n").split("\t")
        out = open(fo, "rb").read().decode("utf-8", "surrogateescape")
        err = open(fe, "rb").read().decode("utf-8", "surrogateescape")
        CHECKS[cmd](int(rc), out, err, devs.split(), cases, case_of, case_of_uuid)
        runs += 1
    for c, cmd, why in problems:
        sys.stdout.write("%s\t%s\t%s\n" % (c, cmd, why.replace("\t", "\\t").replace("\n", "\\n")))
    sys.stdout.write("checked %d runs\n" % runs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
