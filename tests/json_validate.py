#!/usr/bin/python3
"""Validate mdctl --json output against schema/mdctl-v1.schema.json.

    tests/json_validate.py [--lines] [--command CMD] [FILE...]   (no FILE, or -: stdin)

Each FILE holds one document (--detail, --examine, --examine-bitmap, --query);
with --lines every non-empty line is one (--monitor --json). --command
also requires "command" to be CMD. Prints one line per failure and
"N valid, N invalid"; exits 1 if any document is invalid or unreadable.
Needs python3-jsonschema (Debian 12: 4.10, draft 2020-12).
"""
import json
import os
import sys

import jsonschema

KINDS = ("detail", "examine", "examine-bitmap", "query", "monitor")
SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schema", "mdctl-v1.schema.json")


def documents(name, lines):
    text = sys.stdin.read() if name == "-" else open(name, encoding="utf-8").read()
    if not lines:
        yield name, text
        return
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield "%s:%d" % (name, n), line


def main(argv):
    lines = "--lines" in argv
    command = None
    args = [a for a in argv if a != "--lines"]
    if "--command" in args:
        i = args.index("--command")
        command = args[i + 1]
        del args[i:i + 2]
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    # A document naming its command is checked against that kind alone, so
    # the messages are about its fields, not about every branch of oneOf.
    by_kind = {}
    for kind in KINDS:
        one = {k: v for k, v in schema.items() if k != "oneOf"}
        one["$ref"] = "#/$defs/" + kind
        by_kind[kind] = cls(one)
    good = bad = 0
    for name in args or ["-"]:
        try:
            docs = list(documents(name, lines))
        except (OSError, UnicodeDecodeError) as e:
            print("%s: cannot read: %s" % (name, e))
            bad += 1
            continue
        if not docs:
            print("%s: no document" % name)
            bad += 1
        for where, text in docs:
            try:
                doc = json.loads(text)
            except ValueError as e:
                print("%s: not JSON: %s" % (where, e))
                bad += 1
                continue
            kind = doc.get("command") if isinstance(doc, dict) else None
            v = by_kind[kind] if kind in KINDS else validator
            errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
            if not errors and v is not validator:
                errors = list(validator.iter_errors(doc))
            if command is not None and isinstance(doc, dict) and doc.get("command") != command:
                print("%s: command is %r, not %r" % (where, doc.get("command"), command))
                bad += 1
            elif errors:
                for e in errors[:5]:
                    path = "/".join(str(p) for p in e.absolute_path)
                    print("%s: /%s: %s" % (where, path, e.message[:300]))
                bad += 1
            else:
                good += 1
    print("%d valid, %d invalid" % (good, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
