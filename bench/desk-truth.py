#!/usr/bin/env python3
"""How well the desk finds the synthetic corpus's crises and grades each
state's response, against the generator's ground truth.

Starts `demarche serve` on a free loopback port over the synthetic store
(bench/synth-store.sh writes it and bench/out/synth-truth.jsonl), reads every
crisis the desk found (/api/crises) and, for each true crisis, the matrix of
the found crisis that covers it (same target, its first blow inside the found
span give or take `--slack` days; /api/crises/{id}). Prints:

- crises: recall (true crises found), and precision (found crises that cover
  a true one; knowledge-base and named crises are left out of it);
- responses: for every true (crisis, state) answer, whether the matrix puts
  the state on the same ladder level; a confusion table of true × found;
- silences: true silent states the matrix puts at `silence`.

Usage: bench/desk-truth.py [--db bench/out/synth.db] [--truth bench/out/synth-truth.jsonl]
       [--bin target/release/demarche] [--slack 3]
"""
import argparse
import collections
import datetime as dt
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loopback_server import LoopbackServer  # noqa: E402

# The generator's response kinds on the desk's ladder (data/analysis/desk.toml).
LEVEL = {
    "concern": "concern",
    "condemn": "condemnation",
    "demand": "diplomatic",
    "un_meeting": "diplomatic",
    "sanction": "sanctions",
    "aid": "aid",
    "military": "military",
    "silence": "silence",
}
LADDER = ["silence", "concern", "condemnation", "diplomatic", "sanctions", "aid", "military"]

ap = argparse.ArgumentParser()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
ap.add_argument("--db", default=os.path.join(root, "bench/out/synth.db"))
ap.add_argument("--truth", default=os.path.join(root, "bench/out/synth-truth.jsonl"))
ap.add_argument("--bin", default=os.path.join(target_dir, "release/demarche"))
ap.add_argument("--slack", type=int, default=3)
ap.add_argument("--ready-timeout", type=float, default=600.0)
args = ap.parse_args()

truth = [json.loads(line) for line in open(args.truth, encoding="utf-8") if line.strip()]

srv = LoopbackServer(args.bin, args.db, args.ready_timeout)
get_json = srv.get_json


def day(s):
    return dt.date.fromisoformat(s[:10])


try:
    found, offset = [], 0
    while True:
        page = get_json(f"/api/crises?limit=1000&offset={offset}")
        found += page["items"]
        if not page.get("more"):
            break
        offset += page["limit"]
    slack = dt.timedelta(days=args.slack)

    def covers(c, t):
        return (c["target"] == t["target"]
                and day(c["from"]) - slack <= day(t["date"]) <= day(c["to"]) + slack)

    matched = {}
    for t in truth:
        hits = [c for c in found if covers(c, t)]
        if hits:
            matched[t["crisis"]] = max(hits, key=lambda c: c.get("reports", 0))
    store_found = [c for c in found if c.get("origins") == ["store"]]
    true_hits = [c for c in store_found if any(covers(c, t) for t in truth)]
    print(f"crises: {len(truth)} true, {len(found)} found ({len(store_found)} from the store alone)")
    print(f"  recall    {len(matched)}/{len(truth)} = {len(matched) / max(1, len(truth)):.3f}")
    print(f"  precision {len(true_hits)}/{len(store_found)} = {len(true_hits) / max(1, len(store_found)):.3f}"
          " (found from the store alone that cover a true crisis)")

    confusion = collections.Counter()
    right = total = 0
    silent_right = silent_total = 0
    at_least = 0
    for t in truth:
        c = matched.get(t["crisis"])
        answers = [(r["actor"], LEVEL[r["level"]]) for r in t["responses"]]
        answers += [(s["actor"], "silence") for s in t.get("silent", [])]
        if not answers:
            continue
        cells = {}
        if c:
            actors = ",".join(sorted({a for a, _ in answers}))
            m = get_json(f"/api/crises/{urllib.parse.quote(c['id'])}?actors={actors}")
            cells = {r["actor"]: r["level"] for r in m["matrix"]["rows"]} if "matrix" in m else \
                {r["actor"]: r["level"] for r in m.get("rows", [])}
        for a, want in answers:
            got = cells.get(a, "not found")
            confusion[(want, got)] += 1
            if want == "silence":
                silent_total += 1
                silent_right += got == "silence"
            else:
                total += 1
                right += got == want
                at_least += got in LADDER and LADDER.index(got) >= LADDER.index(want)
    print(f"responses: {total} true answers; level exact {right / max(1, total):.3f}, "
          f"at least the true level {at_least / max(1, total):.3f}")
    print(f"silences: {silent_total} true silent states; matrix at silence {silent_right / max(1, silent_total):.3f}")
    cols = LADDER + ["not found"]
    print(f"{'true/found':14}" + "".join(f"{c[:8]:>9}" for c in cols))
    for want in LADDER:
        print(f"{want:14}" + "".join(f"{confusion[(want, g)]:9d}" for g in cols))
finally:
    srv.stop()
