"""Tier `compile`: the real spcomp 1.11 in the sandbox; diagnostics parsed; no host path ever shown.

Hostile inputs end in bounded time with a verdict (the margins are hang detectors, not speed checks).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

from modbench.rubrics.sourcepawn.compiler import CRASH_MESSAGE, Scrubber, compile_source, parse_diagnostics
from modbench.sandboxes import isolation_level, require

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")
DATA = Path(__file__).parent / "data" / "sourcepawn"
BOTH_MODES = pytest.mark.parametrize("mode", ["auto", "rlimits"])


def compile_(code: str, **kw):
    return asyncio.run(compile_source(code, **kw))


def host_paths() -> list[str]:
    tc = require("spcomp")
    return [str(tc.path.parent), str(tc.extra["include"]), "/tc/", "/box", str(Path(sys.prefix)), "site-packages"]


def assert_no_host_path(out) -> None:
    blob = json.dumps([d.__dict__ for d in out.diagnostics]) + (out.message or "")
    for p in host_paths():
        assert p not in blob, f"{p!r} leaked into {blob[:300]}"


@BOTH_MODES
def test_valid_plugin_compiles_to_smx(monkeypatch, mode):
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)
    out = compile_((DATA / "tank_announce.sp").read_text())
    assert out.ok and out.exit_code == 0 and out.errors == 0
    assert out.smx[:4] == b"FFPS"           # the .smx magic 0x53504646, little-endian


@BOTH_MODES
def test_errors_are_parsed_with_file_line_code_and_no_host_path(monkeypatch, mode):
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)
    code = ("#include <sourcemod>\n#include <sdktools>\n\npublic void OnPluginStart()\n{\n"
            "    int x = UndefinedThing();\n    float f = RandomFloat(0.0, 1.0);\n}\n")
    out = compile_(code, file_name="tank.sp")
    assert not out.ok and out.exit_code == 1
    first = out.diagnostics[0]
    assert (first.file, first.line, first.code, first.severity) == ("tank.sp", 6, "error 017", "error")
    assert first.message == 'undefined symbol "UndefinedThing"'
    random = next(d for d in out.diagnostics if "RandomFloat" in d.message)
    assert random.message.endswith("(did you mean GetRandomFloat?)")
    assert_no_host_path(out)


def test_warnings_are_counted_and_do_not_fail():
    code = "#include <sourcemod>\npublic void OnPluginStart()\n{\n    int x;\n    if (x = 1) PrintToServer(\"x\");\n}\n"
    out = compile_(code)
    assert out.ok and out.warnings >= 1
    assert any(d.code == "warning 211" for d in out.diagnostics)


def test_scrubber_rewrites_every_path_form():
    tc = require("spcomp")
    scrub = Scrubber(["/tc/include", str(tc.extra["include"]), "/box"], "tank.sp")
    raw = "\n".join([
        "/tc/include/core.inc(12) : error 001: expected token",
        f"{tc.extra['include']}/halflife.inc(3) : warning 213: tag mismatch",
        "/box/plugin.sp(4) : error 017: undefined symbol \"x\"",
        "plugin.sp(5) : error 417: cannot read from file: \"/home/someone/secret.txt\"",
    ])
    diags = parse_diagnostics(raw, scrub)
    assert [d.file for d in diags] == ["core.inc", "halflife.inc", "tank.sp", "tank.sp"]
    assert diags[3].message == 'cannot read from file: "secret.txt"'


def test_community_include_dir_is_bound_and_searched(tmp_path):
    (tmp_path / "mylib.inc").write_text("stock int MyLibAnswer() { return 42; }\n")
    tmp_path.chmod(0o755)        # the sandbox runs as an unprivileged uid
    code = "#include <sourcemod>\n#include <mylib>\npublic void OnPluginStart() { PrintToServer(\"%d\", MyLibAnswer()); }\n"
    out = compile_(code, include_dirs=[tmp_path])
    assert out.ok, [d.render() for d in out.diagnostics]
    assert not compile_(code).ok


# ------------------------------------------------------------------------------------------ hostile inputs


@pytest.mark.skipif(isolation_level() != "bwrap", reason="only bubblewrap hides host files from the compiler")
def test_sandbox_alone_keeps_host_files_unreadable(tmp_path):
    """Defence in depth: even with the include policy bypassed, the compiler cannot read a host file."""
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY_7f3a9 hunter2\n")
    for code in (f'#include "{canary}"\n', f"#include {canary}\n", f"#include <../../../../../../..{canary}>\n",
                 f'#tryinclude "{canary}"\n'):
        out = compile_(code)
        blob = json.dumps([d.__dict__ for d in out.diagnostics])
        assert "CANARY_7f3a9" not in blob and "hunter2" not in blob
        if "#tryinclude" not in code:     # a missing #tryinclude file is silently skipped: the file is not there
            assert not out.ok and any(d.code == "error 417" for d in out.diagnostics), blob


@pytest.mark.slow
@pytest.mark.parametrize("code", [
    "#include <sourcemod>\npublic void OnPluginStart() { int x = " + "(" * 5000 + "1" + ")" * 5000 + "; }\n",
    "#include <sourcemod>\n#pragma dynamic 2000000000\npublic void OnPluginStart() {}\n",
    "#include <sourcemod>\nint g_big[200000000];\npublic void OnPluginStart() { g_big[1] = 1; }\n",
])
def test_compiler_crashes_are_the_answers_failure_with_a_clear_message(code):
    out = compile_(code)
    assert not out.ok and not out.has_error
    assert out.crashed and out.message == CRASH_MESSAGE
    assert out.seconds < 25


def test_wall_limit_stops_a_compile_that_never_ends():
    # the include policy stops a self-include before compiling; here the limits alone must end it
    out = compile_('#include "plugin.sp"\n', wall_seconds=2)
    assert not out.ok and not out.has_error
    assert out.timed_out or out.crashed
    assert out.seconds < 10
