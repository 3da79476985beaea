"""Turning one server run into the engine tier's result: pass, failure with diagnostics, or has_error.

Pass = the server exited 0, logged no ERROR, the harness report is present and genuine, every required
registration is in it, every probe passed and the report checks found no error. Warnings (deprecations,
undeclared globals) never fail. A failure the mod caused (a load error, an endless loop at load, a crash)
is the mod's failure; a failure of ours (the sandbox, the harness, a task probe that does not compile) is
`has_error`.
"""

from __future__ import annotations

import re
from typing import Any

from modbench.rubrics.verdict import Diagnostic, TierResult

from .log import MOD_NOTICE, UNSATISFIED, headline, positions
from .report_checks import as_dict, as_list, check_report, item_name
from .runner import EngineRun
from .world import SourceMap, WorldMod

TIER = "engine"
ITEM_KINDS = ("nodes", "craftitems", "tools")
NAMED_KINDS = ITEM_KINDS + ("entities", "chatcommands", "privileges")
REGISTRATION_KINDS = NAMED_KINDS + ("abms", "lbms", "crafts")       # the keys of checks.registers
_POSITION_PREFIX = re.compile(r"^(?:\.\.\.)?\S+?\.lua:\d+: ")
_PROBE_PREFIX = re.compile(r"^probe\[\d+\]:\d+: ")
# the machine's problem, not the mod's (only possible without bubblewrap's private network namespace)
INFRA_ERRORS = ("Failed to bind socket",)
# said again, less precisely, by an ERROR that is reported already
REDUNDANT_WARNINGS = ("You have unsatisfied dependencies, loading your world anyway",)
_KIND_WORDS = {"nodes": "node", "craftitems": "craftitem", "tools": "tool", "entities": "entity",
               "chatcommands": "chat command", "privileges": "privilege", "abms": "ABM", "lbms": "LBM",
               "crafts": "craft recipe"}


class _Judge:
    def __init__(self, run: EngineRun, mods: list[WorldMod], timeout: float):
        self.run = run
        self.sources = SourceMap(mods)
        self.checked = {name for m in mods if m.checked for name in m.mod_names}
        self.timeout = timeout
        self.diagnostics: list[Diagnostic] = []
        self.failed = False

    def fail(self, message: str, file: str | None = None, line: int | None = None, code: str | None = None):
        self.failed = True
        self.diagnostics.append(Diagnostic(TIER, "error", message, file, line, None, code))

    def locate_where(self, where: str | None) -> tuple[str | None, int | None]:
        return self.sources.locate(positions(where)) if where else (None, None)

    # -- the server's own log ------------------------------------------------------------------------------

    def log_errors(self) -> None:
        for entry in self.run.errors:
            dep = UNSATISFIED.match(entry.text)
            if dep:
                self.fail(self.sources.shorten(entry.text.strip()) + ": the engine does not load the mod "
                          "(available: minetest_game's mods and the given dependency folders)",
                          self.sources.mod_conf(dep.group(1)), None, "unsatisfied-dependency")
                continue
            file, line = self.sources.locate(positions(entry.text))
            message = _POSITION_PREFIX.sub("", headline(entry.text), count=1)
            self.fail(self.sources.shorten(message), file, line, "engine-error")

    def log_warnings(self) -> None:
        for entry in self.run.warnings:
            if entry.text.startswith(REDUNDANT_WARNINGS):
                continue
            notice = MOD_NOTICE.match(entry.text)
            if notice:
                if notice.group(1) not in self.checked:
                    continue
                file, line = self.sources.mod_conf(notice.group(1)), None
                message = " ".join(part.strip() for part in entry.text.split("\n")[1:]) or entry.text
            else:
                found = [self.sources.resolve(p) for p, _ in positions(entry.text)]
                if found and all(f is not None and not f[1] for f in found):
                    continue            # about a dependency, not the mod under check
                file, line = self.sources.locate(positions(entry.text))
                message = entry.text.strip()
            self.diagnostics.append(Diagnostic(TIER, "warning", self.sources.shorten(message), file, line, None,
                                               "engine-warning"))

    def outcome(self) -> None:
        run = self.run
        if run.timed_out:
            stage = run.stage
            if stage == "start":
                what = "the server did not finish loading the mods (an endless loop at load time?)"
            elif stage.startswith("probe "):
                what = f"{stage} did not finish (an endless loop in the mod's callback?)"
            else:
                what = "the server did not stop after loading the mods"
            self.fail(f"timed out after {self.timeout:g} s: {what}", code="timeout")
        elif run.output_exceeded:
            self.fail("the server's log passed the output limit (a mod logging in a loop?)", code="output-limit")
        elif run.exit_code != 0:
            if not self.run.errors:
                raw = [e.text for e in run.log if e.level == "RAW"][-5:]
                how = f"was killed by signal {run.signal}" if run.signal else f"exited with code {run.exit_code}"
                self.fail(f"the server {how}" + (": " + " | ".join(raw) if raw else ""), code="crash")
        if run.tampered:
            self.fail(f"a mod changed the harness's report files ({', '.join(run.tampered)})", code="tampered")
        if run.blocked:
            self.fail(f"a mod put a folder where the harness writes its report files ({', '.join(run.blocked)})",
                      code="tampered")

    # -- the report ----------------------------------------------------------------------------------------

    def loaded_mods(self, report: dict[str, Any]) -> None:
        loaded = set(as_list(report.get("mods")) or [])
        for name in sorted(self.checked - loaded):
            if not any(d.code == "unsatisfied-dependency" for d in self.diagnostics):
                self.fail(f"the engine did not load mod {name!r}", self.sources.mod_conf(name), None, "not-loaded")

    def registrations(self, report: dict[str, Any], registers: dict[str, Any]) -> dict[str, list]:
        missing: dict[str, list] = {}
        aliases = as_dict(report.get("aliases")) or {}
        for kind, wanted in registers.items():
            for want in wanted or []:
                if not self.has_registration(report, kind, want, aliases):
                    missing.setdefault(kind, []).append(want)
                    self.fail(f"expected {_KIND_WORDS.get(kind, kind)} {_show_wanted(want)} to be registered"
                              + self.registered_hint(report, kind), code="missing-registration")
        return missing

    def has_registration(self, report: dict[str, Any], kind: str, want: Any, aliases: dict) -> bool:
        if kind in NAMED_KINDS:
            name = str(want).lstrip(":/") if kind == "chatcommands" else str(want).lstrip(":")
            table = as_dict(report.get(kind)) or {}
            return name in table or (kind in ITEM_KINDS and aliases.get(name) in table)
        if kind == "abms":
            return any(a.get("label") == want for a in as_list(report.get("abms")) or [])
        if kind == "lbms":
            return any(want in (lbm.get("name"), lbm.get("label")) for lbm in as_list(report.get("lbms")) or [])
        if kind == "crafts":
            return any(_craft_matches(c, want) for c in as_list(report.get("crafts")) or []
                       if c.get("mod_origin") in self.checked)
        raise ValueError(f"unknown registration kind {kind!r} in checks.registers")

    def registered_hint(self, report: dict[str, Any], kind: str) -> str:
        if kind in NAMED_KINDS:
            have = sorted(n for n, origin in (as_dict(report.get(kind)) or {}).items()
                          if (origin if isinstance(origin, str) else origin.get("mod_origin")) in self.checked)
        elif kind in ("abms", "lbms"):
            have = [str(a.get("label") or a.get("name")) for a in as_list(report.get(kind)) or []
                    if a.get("mod_origin") in self.checked]
        else:
            have = [str(c.get("output")) for c in as_list(report.get("crafts")) or []
                    if c.get("mod_origin") in self.checked]
        if not have:
            return f" (the mod registered no {_KIND_WORDS.get(kind, kind)}s)"
        shown = ", ".join(have[:6]) + (", ..." if len(have) > 6 else "")
        return f" (the mod registered: {shown})"

    # -- probes --------------------------------------------------------------------------------------------

    def probes(self, expected: list[dict[str, str]]) -> tuple[list[dict[str, Any]], str | None]:
        """Per-probe outcomes, and an infrastructure error when a task's probe itself is broken."""
        results = as_list(self.run.probes) or []
        already_failed = self.failed        # probes that never ran are news only when nothing explains why
        outcomes = []
        for i, spec in enumerate(expected):
            name = str(spec.get("name", f"probe {i + 1}"))
            got = results[i] if i < len(results) and isinstance(results[i], dict) else None
            if got is None:
                if self.run.stage == f"probe {i + 1}" and self.run.timed_out:
                    why = "did not finish within the time limit (an endless loop?)"
                elif self.run.out_of_memory:
                    why = "did not report: the mods' memory use left the server no memory to finish the probes"
                else:
                    why = "did not run (the server stopped before it)"
                outcomes.append({"name": name, "ok": False, "error": why})
                continue
            if got.get("probe_error"):
                return outcomes, f"the task's probe {name!r} is broken: {got.get('error')}"
            outcome = {"name": name, "ok": bool(got.get("ok")), "seconds": got.get("seconds")}
            if not outcome["ok"]:
                error = str(got.get("error") or "failed")
                text = error + "\n" + str(got.get("traceback") or "")
                file, line = self.sources.locate(positions(text))
                outcome["error"] = self.sources.shorten(_PROBE_PREFIX.sub("", error))
                self.fail(f"probe {name!r} failed: {outcome['error']}", file, line, "probe-failed")
            notes = as_list(got.get("notes")) or []
            if notes:
                outcome["notes"] = notes
            outcomes.append(outcome)
        for o in outcomes:
            if not o["ok"] and "did not" in o.get("error", "") and not already_failed:
                self.fail(f"probe {o['name']!r} {o['error']}", code="probe-failed")
        return outcomes, None


def _craft_matches(craft: dict[str, Any], want: Any) -> bool:
    if not isinstance(want, dict):
        want = {"output": want}
    for key, value in want.items():
        have = craft.get(key)
        if key == "output":
            if not isinstance(have, str) or _stack(have) != _stack(str(value)):
                return False
        elif key == "type":
            if (have or "shaped") != value:
                return False
        elif _normal(have) != _normal(value):
            return False
    return True


def _stack(itemstring: str) -> tuple[str, int]:
    parts = itemstring.strip().split()
    count = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
    return item_name(itemstring), count


def _normal(value: Any) -> Any:
    if value == {}:
        return []
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _show_wanted(want: Any) -> str:
    if isinstance(want, dict):
        return ", ".join(f"{k}={v!r}" for k, v in want.items())
    return repr(want)


def judge(run: EngineRun, mods: list[WorldMod], *, registers: dict[str, Any] | None = None,
          probes: list[dict[str, str]] | None = None, timeout: float) -> TierResult:
    """The engine tier's result for one run of `mods` (those with `checked` are the ones judged)."""
    if run.has_error:
        return TierResult.infra_error(TIER, run.error or "the server could not be run")
    if run.internal_errors:
        return TierResult.infra_error(TIER, "the harness failed: " + run.internal_errors[0])
    ours = [e.text for e in run.errors if any(marker in e.text for marker in INFRA_ERRORS)]
    if ours:
        return TierResult.infra_error(TIER, "the server could not start: " + headline(ours[0]))
    j = _Judge(run, mods, timeout)
    j.log_errors()
    j.outcome()
    report = run.report
    details: dict[str, Any] = {"exit_code": run.exit_code, "server_seconds": round(run.wall_seconds, 3),
                               "stage": run.stage}
    findings: list[Diagnostic] = []
    if report is None:
        if run.out_of_memory:
            j.fail("the server ran out of memory before the harness could report what the mod registered "
                   "(a memory bomb?)", code="out-of-memory")
        elif not j.failed:
            j.fail("the harness report is missing: the server stopped before its first step", code="no-report")
    else:
        j.loaded_mods(report)
        details["registered"] = _registered_summary(report, j.checked)
        if registers:
            details["missing"] = j.registrations(report, registers)
        optional = {name: deps for m in mods if m.checked for name, deps in m.optional_depends().items()}
        findings = check_report(report, j.checked, j.locate_where, optional)
        for f in findings:
            j.diagnostics.append(f)
            j.failed = j.failed or f.severity == "error"
    expected = list(probes or [])
    if expected:
        outcomes, broken = j.probes(expected)
        if broken:
            return TierResult.infra_error(TIER, broken)
        passed = sum(1 for o in outcomes if o["ok"])
        details["probes"] = outcomes
        details["probe_pass_rate"] = passed / len(expected)
    j.log_warnings()
    details["errors"] = sum(1 for d in j.diagnostics if d.severity == "error")
    details["warnings"] = sum(1 for d in j.diagnostics if d.severity == "warning")
    details["report_findings"] = len(findings)
    diagnostics = sorted(j.diagnostics, key=lambda d: d.severity != "error")
    return TierResult(TIER, ok=not j.failed, details=details, diagnostics=diagnostics, seconds=run.wall_seconds)


def _registered_summary(report: dict[str, Any], checked: set[str]) -> dict[str, list]:
    """What the mods under check registered, by kind (names; labels for ABMs; outputs for crafts)."""
    out: dict[str, list] = {}
    for kind in ("nodes", "craftitems", "tools", "entities"):
        out[kind] = sorted(n for n, origin in (as_dict(report.get(kind)) or {}).items() if origin in checked)
    out["chatcommands"] = sorted(n for n, c in (as_dict(report.get("chatcommands")) or {}).items()
                                 if c.get("mod_origin") in checked)
    out["abms"] = [a.get("label") for a in as_list(report.get("abms")) or [] if a.get("mod_origin") in checked]
    out["lbms"] = [a.get("name") for a in as_list(report.get("lbms")) or [] if a.get("mod_origin") in checked]
    out["crafts"] = [c.get("output") or f"{c.get('type')}: {c.get('recipe')}"
                     for c in as_list(report.get("crafts")) or [] if c.get("mod_origin") in checked]
    return {k: v for k, v in out.items() if v}
