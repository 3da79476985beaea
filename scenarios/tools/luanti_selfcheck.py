"""Authoring self-check for vf-luanti task files with the raw tools, independent of the product rubric.

For the reference and every broken variant of each task: `luajit -b` (syntax), luacheck with an engine-derived
std + the task's forbid/require rules (lint), then the real minetestserver with the authoring harness (engine:
rc, ERROR lines, registrations, probes). Prints the first failing tier of each answer and whether it matches.
Only task-file (reviewed, trusted) code is run here, so no sandbox; each run gets a throwaway world.

    .venv/bin/python scenarios/tools/luanti_selfcheck.py [--split eval] [--ids a b] [-j 2] [-v]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
from scenarios.loader import load_file, task_files  # noqa: E402

HARNESS = HERE / "luanti_harness"
PROBE_LIB = HERE.parents[1] / "rubrics" / "luanti" / "engine" / "harness" / "modbench_harness" / "probe.lua"
SERVER = "/usr/lib/minetest/minetestserver"
BLOCK = re.compile(r"```[ \t]*([A-Za-z]*)[ \t]*([^\n`]*)\n(.*?)```", re.S)
ERROR_LINE = re.compile(r"^\S+ \S+: ERROR\[\w+\]: (.*)$", re.M)
SECURITY = ("os.execute", "io.popen", "require(", "debug.", "request_insecure_environment", "dofile(")


def parse(answer: str) -> dict[str, str]:
    files = {}
    for lang, name, body in BLOCK.findall(answer):
        name = name.strip() or ("init.lua" if lang == "lua" else "")
        if name:
            files[name] = body
    return files


def luacheckrc(deps: list[str]) -> str:
    g = json.loads((HARNESS / "engine_globals.json").read_text())
    fields = ", ".join(f'["{k}"] = {{read_only = false, other_fields = true}}' for k in g["minetest"])
    reads = [k for k in g["globals"] if k not in ("minetest", "core", "_G")]
    return (
        "unused_args = false\nallow_defined_top = true\nmax_line_length = false\n"
        "stds.luanti = { globals = { minetest = { read_only = false, fields = {" + fields + "} },"
        " core = { read_only = false, fields = {" + fields + "} } },"
        " read_globals = {" + ", ".join(f'"{k}"' for k in reads if k not in ("os", "io", "debug")) +
        ', os = { fields = {"clock","date","difftime","getenv","remove","rename","setlocale","time"} },'
        ' io = { fields = {"close","flush","input","lines","open","output","read","type","write"} },'
        ' debug = { fields = {"traceback"} } } }\n'
        'std = "luanti"\nread_globals = {' + ", ".join(f'"{d}"' for d in deps) + "}\n"
    )


async def sh(*argv, cwd=None, timeout=60) -> tuple[int, str]:
    p = await asyncio.create_subprocess_exec(*argv, cwd=cwd, stdout=asyncio.subprocess.PIPE,
                                             stderr=asyncio.subprocess.STDOUT)
    try:
        out, _ = await asyncio.wait_for(p.communicate(), timeout)
    except asyncio.TimeoutError:
        p.kill()
        return 124, "timeout"
    return p.returncode, out.decode("utf-8", "replace")


def mod_deps(files: dict[str, str]) -> list[str]:
    m = re.search(r"^depends\s*=\s*(.*)$", files.get("mod.conf", ""), re.M)
    return [d.strip() for d in m.group(1).split(",") if d.strip()] if m else []


async def check_answer(spec, answer: str, port: int) -> tuple[str, str]:
    """(first failing tier or 'pass', detail)."""
    checks = spec.checks
    files = parse(answer)
    if "init.lua" not in files:
        return "parse", "no init.lua"
    with tempfile.TemporaryDirectory(prefix="ltsc_") as tmp:
        t = Path(tmp)
        mod = t / "world" / "worldmods" / checks["mod_name"]
        mod.mkdir(parents=True)
        for rel, text in files.items():
            (mod / rel).parent.mkdir(parents=True, exist_ok=True)
            (mod / rel).write_text(text)
        luas = [rel for rel in files if rel.endswith(".lua")]
        for rel in luas:
            rc, out = await sh("luajit", "-b", rel, "/dev/null", cwd=mod)
            if rc:
                return "syntax", out.strip()
        # lint
        for bad in checks.get("forbid_files", []):
            if bad in files:
                return "lint", f"forbidden file {bad}"
        code = "\n".join(files[r] for r in luas)
        for api in checks.get("forbid_api", []):
            if re.search(re.escape(api) + r"\b", code):
                return "lint", f"forbidden api {api}"
        for api in checks.get("require_api", []):
            if not re.search(re.escape(api).replace(r"\.", r"\s*\.\s*") + r"\b", code):
                return "lint", f"required api {api} not used"
        for s in SECURITY:
            if s in code:
                return "lint", f"security: {s}"
        (t / "rc").write_text(luacheckrc(mod_deps(files)))
        rc, out = await sh("luacheck", *luas, "--no-color", "--config", str(t / "rc"), "--formatter", "plain",
                           "--codes", cwd=mod)
        bad = [ln for ln in out.splitlines() if re.search(r"\((W11[13]|W14[23]|E\d+)\)", ln)]
        if bad:
            return "lint", "\n".join(bad)
        # engine
        shutil.copytree(HARNESS, t / "world" / "worldmods" / "lt_author_harness")
        shutil.copy(PROBE_LIB, t / "world" / "worldmods" / "lt_author_harness" / "probe.lua")
        (t / "world" / "worldmods" / "lt_author_harness" / "probes.json").write_text(
            json.dumps(checks.get("probes", [])))
        (t / "world" / "world.mt").write_text("gameid = minetest\nbackend = sqlite3\nplayer_backend = sqlite3\n"
                                             "auth_backend = sqlite3\nmod_storage_backend = sqlite3\n")
        (t / "minetest.conf").write_text("bind_address = 127.0.0.1\nserver_announce = false\n"
                                         "ipv6_server = false\nmg_name = singlenode\n")
        (t / "home").mkdir()
        rc, out = await sh("env", f"HOME={t / 'home'}", SERVER, "--world", "world", "--config", "minetest.conf",
                           "--logfile", "", "--port", str(port), "--color", "never", cwd=t)
        errors = ERROR_LINE.findall(out)
        if rc or errors:
            return "engine", f"rc={rc} " + "\n".join(errors[:6])
        rep_p = t / "world" / "lt_report.json"
        if not rep_p.exists():
            return "engine", "no report"
        rep = json.loads(rep_p.read_text())
        regs = checks.get("registers", {})
        for kind in ("nodes", "craftitems", "tools", "entities", "chatcommands", "lbms"):
            for n in regs.get(kind, []):
                if n not in rep[kind]:
                    return "engine", f"{kind}: {n} not registered"
        labels = {a["label"] for a in rep["abms"]}
        for lab in regs.get("abms", []):
            if lab not in labels:
                return "engine", f"abm {lab!r} not registered"
        outs = {c["output"] for c in rep["crafts"]}
        for c in regs.get("crafts", []):
            if c["output"] not in outs:
                return "engine", f"craft {c['output']} not registered"
        pr = t / "world" / "lt_probes.json"
        if not pr.exists():
            return "engine", "no probe results"
        fails = [p for p in json.loads(pr.read_text()) if not p["ok"]]
        if fails:
            return "engine", "; ".join(f"{p['name']}: {p.get('error', '')[:300]}" for p in fails)
        if len(json.loads(pr.read_text())) != len(checks.get("probes", [])):
            return "engine", "probe count mismatch"
    return "pass", ""


EQUIV = {"sim": {"sim", "engine"}}


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split")
    ap.add_argument("--ids", nargs="*")
    ap.add_argument("--prefix")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    specs = [load_file(p) for p in task_files("luanti", args.split)]
    if args.ids:
        specs = [s for s in specs if s.id in args.ids]
    if args.prefix:
        specs = [s for s in specs if s.id.startswith(args.prefix)]
    sem = asyncio.Semaphore(args.j)
    ports = iter(range(40000, 60000))
    bad = 0

    async def one(spec, label, answer, want):
        async with sem:
            got, detail = await check_answer(spec, answer, next(ports))
        ok = got == want or got in EQUIV.get(want, ()) if want != "pass" else got == "pass"
        return spec.id, label, want, got, detail, ok

    jobs = []
    for s in specs:
        jobs.append(one(s, "reference", s.reference, "pass"))
        for i, b in enumerate(s.broken):
            jobs.append(one(s, f"broken[{i}]", b.answer, b.fails))
    for fut in asyncio.as_completed(jobs):
        tid, label, want, got, detail, ok = await fut
        if not ok:
            bad += 1
        if not ok or args.v:
            print(f"{'OK ' if ok else 'BAD'} {tid} {label}: want {want}, got {got}: {detail[:600]}", flush=True)
    print(f"{len(jobs) - bad} ok, {bad} bad, {len(specs)} tasks")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
