"""Run every vf-luanti task's reference and broken variants through the product rubric (score_answer).

A task holds when its reference passes and each broken variant does not pass AND its `fails` tier is the
first tier that failed. Infrastructure errors (has_error) are reported separately: they are not the task's
fault and not a hold.

    .venv/bin/python scenarios/tools/luanti_validate.py [--split eval] [--ids ...] [--prefix repair_] [-j 4]
        [--json out.json] [-v]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from modbench.rubrics.luanti import TIERS, score_answer  # noqa: E402
from modbench.scenarios.loader import load_tasks  # noqa: E402


def first_failed(verdict) -> str:
    for name in TIERS:
        t = verdict.tiers.get(name)
        if t is not None and not t.skipped and not t.ok:
            return name
    return "pass" if verdict.passed else "?"


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split")
    ap.add_argument("--ids", nargs="*")
    ap.add_argument("--prefix")
    ap.add_argument("-j", type=int, default=4)
    ap.add_argument("--json")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    specs = load_tasks("luanti", split=args.split, ids=args.ids)
    if args.prefix:
        specs = [s for s in specs if s.id.startswith(args.prefix)]
    sem = asyncio.Semaphore(args.j)
    started = time.monotonic()

    async def one(spec, label, answer, want):
        async with sem:
            v = await score_answer(spec, answer)
        got = first_failed(v)
        if v.has_error:
            status = "infra"
        elif want == "pass":
            status = "ok" if v.passed else "bad"
        else:
            status = "ok" if (not v.passed and got == want) else "bad"
        return {"id": spec.id, "split": spec.split, "family": spec.family, "answer": label, "want": want,
                "got": got, "status": status, "feedback": v.feedback or (v.error or ""),
                "seconds": {k: round(t.seconds, 2) for k, t in v.tiers.items()}}

    jobs = []
    for s in specs:
        jobs.append(one(s, "reference", s.reference, "pass"))
        for i, b in enumerate(s.broken):
            jobs.append(one(s, f"broken[{i}]", b.answer, b.fails))
    rows = []
    for fut in asyncio.as_completed(jobs):
        r = await fut
        rows.append(r)
        if r["status"] != "ok" or args.v:
            print(f"{r['status'].upper():5} {r['id']} {r['answer']}: want {r['want']}, got {r['got']}: "
                  f"{r['feedback'][:500]}", flush=True)
    bad_tasks = {r["id"] for r in rows if r["status"] != "ok"}
    held = Counter((s.split, s.family) for s in specs if s.id not in bad_tasks)
    total = Counter((s.split, s.family) for s in specs)
    for key in sorted(total):
        print(f"{key[0]:5} {key[1]:9} {held[key]}/{total[key]} tasks hold")
    print(f"{len(specs) - len(bad_tasks)}/{len(specs)} tasks hold; {sum(r['status'] == 'bad' for r in rows)} bad and "
          f"{sum(r['status'] == 'infra' for r in rows)} infra answers of {len(rows)}; "
          f"{time.monotonic() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0 if not bad_tasks else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
