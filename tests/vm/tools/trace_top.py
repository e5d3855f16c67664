#!/usr/bin/env python3
"""Where a traced VM test spends its time (VM_TRACE=1, run-tests.sh):

    tests/vm/tools/trace_top.py RESULTS/logs/NAME.trace [N]

Each xtrace line carries the time it started; a line's time is the gap to
the next one, summed per source line (file:line) and per command word. Prints
the N (20) costliest of each. Lines of a pipeline run at once: their time
lands on the last one started.
"""
import collections
import re
import sys


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    recs = []
    with open(path, errors="replace") as f:
        for line in f:
            m = re.match(r"^\++ (\d+\.\d+) (\S*):(\d+) (.*)", line)
            if m:
                recs.append((float(m.group(1)), m.group(2), int(m.group(3)), m.group(4)))
    if len(recs) < 2:
        sys.exit(f"{path}: no timestamped xtrace lines")
    by_line, by_cmd, text = collections.Counter(), collections.Counter(), {}
    for (t, f, n, c), nxt in zip(recs, recs[1:]):
        dt = nxt[0] - t
        by_line[(f, n)] += dt
        text[(f, n)] = c[:100]
        by_cmd[c.split()[0] if c.split() else ""] += dt
    print(f"{recs[-1][0] - recs[0][0]:.1f} s in {len(recs)} traced lines")
    for (f, n), dt in by_line.most_common(top):
        print(f"{dt:8.1f}  {f}:{n}  {text[(f, n)]}")
    print()
    for c, dt in by_cmd.most_common(top):
        print(f"{dt:8.1f}  {c}")


if __name__ == "__main__":
    main()
