"""Validate the vf-l4d2 task files against the real toolchain.

    .venv/bin/python scenarios/tools/check_l4d2.py [--split eval|train] [--id ID ...] [--compile-only] [-v]

--compile-only (no rubric needed): every reference compiles with zero errors and zero warnings, calls every
`require_natives` name and no `forbid_natives` name; variants marked fails="compile" do not compile; variants
marked static/behaviour/security compile.
Default (needs modbench.rubrics.sourcepawn.score_answer): every reference passes all tiers, every broken
variant does not pass and its first failing tier is its `fails` tier, and for refactor tasks the legacy plugin
quoted in the prompt passes the scenarios (so they pin down the behaviour the refactor must keep). Exit 1 on
any mismatch.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from l4d2_spcomp import compile_source, smx_natives  # noqa: E402

from modbench.scenarios.loader import load_tasks  # noqa: E402
from modbench.scenarios.schema import TaskSpec  # noqa: E402

FENCE = "```sourcepawn\n"
DIAG_LINE = re.compile(r"^plugin\.sp\(\d+\) : (error|warning) \d+: ")


def _code(text: str) -> str | None:
    """The first ```sourcepawn block of an answer or a prompt."""
    m = re.search(r"```sourcepawn\n(.*?\n)```", text, re.DOTALL)
    return m.group(1) if m else None


async def check_compile(spec: TaskSpec) -> list[str]:
    problems: list[str] = []
    ok, diags, smx = await compile_source(_code(spec.reference) or "")
    if not ok or diags:
        problems.append(f"reference: compiled={ok} diagnostics={diags}")
    else:
        natives = smx_natives(smx)
        missing = [n for n in spec.checks.get("require_natives", []) if n not in natives]
        banned = [n for n in spec.checks.get("forbid_natives", []) if n in natives]
        if missing or banned:
            problems.append(f"reference: missing natives {missing}, forbidden natives used {banned}")
    if "compile-error" in spec.tags:
        problems += await check_quoted_diagnostics(spec)
    for i, b in enumerate(spec.broken):
        code = _code(b.answer)
        if b.fails in ("extract", "includes") or code is None:
            continue
        ok, diags, _ = await compile_source(code)
        if b.fails == "compile" and ok:
            problems.append(f"broken[{i}] ({b.why[:60]}): expected a compile failure, it compiled")
        elif b.fails != "compile" and not ok:
            problems.append(f"broken[{i}] ({b.why[:60]}): expected to compile, got {diags}")
    return problems


async def check_quoted_diagnostics(spec: TaskSpec) -> list[str]:
    """A compile-error repair quotes spcomp's output: it must be exactly what spcomp says about the quoted code."""
    code = _code(spec.prompt)
    quoted = [line for line in spec.prompt.split("\n") if DIAG_LINE.match(line)]
    ok, diags, _ = await compile_source(code or "")
    if ok or quoted != diags:
        return [f"quoted diagnostics {quoted} but spcomp says {diags} (compiled={ok})"]
    return []


def _first_failed(verdict) -> str | None:
    for name, tr in verdict.tiers.items():
        if not tr.skipped and not tr.ok:
            return name
    return None


async def check_rubric(spec: TaskSpec, verbose: bool, tiers: set[str] | None = None) -> list[str]:
    """Reference passes; each variant fails first at its `fails` tier. With `tiers` (a subset), a variant whose
    tier is left out must pass the tiers that remain (its failure is checked when all tiers run)."""
    from modbench.rubrics.sourcepawn import score_answer  # noqa: PLC0415

    problems: list[str] = []
    v = await score_answer(spec, spec.reference, tiers=tiers)
    if v.has_error or not v.passed:
        problems.append(f"reference: passed={v.passed} has_error={v.has_error} error={v.error} "
                        f"first_failed={_first_failed(v)} {_brief(v, verbose)}")
    if spec.family == "refactor" and (tiers is None or "behaviour" in tiers):
        # the scenarios must describe the legacy plugin's behaviour too, or "behaviour unchanged" means nothing
        legacy = _code(spec.prompt)
        lv = await score_answer(spec, "```sourcepawn\n" + (legacy or "") + "```\n",
                                tiers={"extract", "includes", "compile", "behaviour"})
        if lv.has_error or not lv.passed:
            problems.append(f"legacy plugin in the prompt does not pass the scenarios: first_failed={_first_failed(lv)} "
                            f"{_brief(lv, verbose)}")
    results = await asyncio.gather(*(score_answer(spec, b.answer, tiers=tiers) for b in spec.broken))
    for i, (b, vb) in enumerate(zip(spec.broken, results)):
        first = _first_failed(vb)
        if vb.has_error:
            problems.append(f"broken[{i}] fails={b.fails}: has_error {vb.error}")
        elif tiers is not None and b.fails not in tiers:
            if not vb.passed:
                problems.append(f"broken[{i}] fails={b.fails} (tier left out): should pass the other tiers, "
                                f"first_failed={first} {_brief(vb, verbose)}")
        elif vb.passed or first != b.fails:
            problems.append(f"broken[{i}] fails={b.fails}: passed={vb.passed} first_failed={first} "
                            f"({b.why[:70]}) {_brief(vb, verbose)}")
    return problems


def _brief(v, verbose: bool) -> str:
    parts = []
    for name, tr in v.tiers.items():
        if tr.skipped or tr.ok:
            continue
        d = tr.details if verbose else str(tr.details)[:600]
        diags = [f"{x.severity}:{x.message}" for x in tr.diagnostics][:6]
        parts.append(f"[{name}] {d} {diags}")
    if verbose:
        parts.append(json.dumps(v.metrics))
    return " ".join(parts)


async def main_async(args) -> int:
    specs = load_tasks("l4d2", split=args.split, ids=args.id or None)
    sem = asyncio.Semaphore(args.jobs)

    async def one(spec: TaskSpec) -> tuple[str, list[str]]:
        async with sem:
            try:
                tiers = set(args.tiers.split(",")) if args.tiers else None
                probs = await (check_compile(spec) if args.compile_only else check_rubric(spec, args.verbose, tiers))
            except Exception as exc:  # noqa: BLE001 - report and keep checking the other tasks
                probs = [f"exception: {type(exc).__name__}: {exc}"]
            return spec.id, probs

    results = await asyncio.gather(*(one(s) for s in specs))
    bad = 0
    for tid, probs in results:
        if probs:
            bad += 1
            print(f"FAIL {tid}")
            for p in probs:
                print(f"    {p}")
    print(f"{len(specs) - bad}/{len(specs)} tasks hold ({'compile-only' if args.compile_only else 'score_answer'})")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["eval", "train"])
    ap.add_argument("--id", action="append")
    ap.add_argument("--compile-only", action="store_true")
    ap.add_argument("--tiers", help="comma-separated subset of tiers for score_answer (e.g. without behaviour)")
    ap.add_argument("-j", "--jobs", type=int, default=4)
    ap.add_argument("-v", "--verbose", action="store_true")
    return asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
