"""Tier `includes`: the include policy that runs before the compiler ever sees the code."""

from __future__ import annotations

import asyncio

import pytest

from modbench.rubrics.sourcepawn.context import Context
from modbench.rubrics.sourcepawn.includes import EXTRA_DIRS_ENV, IncludesTier

BODY = "\npublic void OnPluginStart() {}\n"


def check(code: str, community: list[str] | None = None):
    ctx = Context(text="", checks={"community_includes": community or []})
    ctx.code = code
    return asyncio.run(IncludesTier().run(ctx)), ctx


def test_stock_includes_pass_with_or_without_inc_and_with_leading_whitespace():
    result, ctx = check("#include <sourcemod>\n  #include <sdktools.inc>\n\t#tryinclude <sdkhooks>\n" + BODY)
    assert result.ok, result.diagnostics
    assert [i["name"] for i in result.details["includes"]] == ["sourcemod", "sdktools", "sdkhooks"]
    assert ctx.include_dirs == []


def test_commented_out_includes_are_ignored():
    result, _ = check('#include <sourcemod>\n// #include "/etc/passwd"\n/* #include </etc/shadow> */' + BODY)
    assert result.ok


@pytest.mark.parametrize("directive", [
    '#include "/etc/passwd"',                      # absolute, quoted
    '#include /etc/passwd',                        # absolute, no quotes
    '#tryinclude "/etc/shadow"',
    '   #include "secret.txt"',                    # quoted relative path, leading whitespace
    '#include <../../../../../../tmp/canary>',     # traversal through the include dir
    '#include </etc/passwd>',
    '#include <sub/dir>',
    '# include "x"',                               # space after '#'
    '#include <sourcemod> extra',
    # forms spcomp honours although they do not start a line (measured: each read a host file unsandboxed)
    '\ufeff#include "/etc/passwd"',                # BOM / control characters before '#'
    '\x01#include "/etc/passwd"',
    '\v#include "/etc/passwd"',
    'int x;\r#include "/etc/passwd"',             # a lone CR is a line end to spcomp
    '// note\r#include "/etc/passwd"',
    '/* c */#include "/etc/passwd"',               # a comment before '#'
    '#include \\\n"/etc/passwd"',                  # line continuation after the keyword
    '#include\x01"/etc/passwd"',
    '#include"/etc/passwd"',
])
def test_paths_quotes_and_traversal_are_rejected_with_a_lesson(directive):
    result, _ = check("#include <sourcemod>\n" + directive + BODY)
    assert not result.ok and not result.has_error
    assert result.details["reason"] == "forbidden_include"
    message = result.diagnostics[0].message
    assert "only `#include <name>`" in message
    assert result.diagnostics[0].file == "plugin.sp" and result.diagnostics[0].line >= 2


def test_include_text_inside_strings_is_not_a_directive():
    result, _ = check('#include <sourcemod>\npublic void OnPluginStart() { PrintToServer("#include \\"/etc/passwd\\""); }\n')
    assert result.ok


def test_unknown_include_suggests_the_closest_stock_one():
    result, _ = check("#include <sourcemod>\n#include <sdktool>" + BODY)
    assert not result.ok and result.details["reason"] == "unknown_include"
    assert "did you mean <sdktools>?" in result.diagnostics[0].message


@pytest.mark.parametrize("name", ["left4dhooks", "colors", "multicolors", "l4d2util", "sourcescramble", "readyup",
                                  "builtinvotes", "actions", "l4d2lib", "l4d2_direct"])
def test_known_community_include_has_its_own_reason(name):
    result, _ = check(f"#include <sourcemod>\n#include <{name}>" + BODY)
    assert not result.ok and not result.has_error
    assert result.details["reason"] == "missing_community_include"
    assert result.details["missing"] == [name]
    assert result.diagnostics[0].code == "missing_community_include"
    assert "community include" in result.diagnostics[0].message


def test_code_errors_are_reported_before_missing_community_includes():
    result, _ = check('#include <left4dhooks>\n#include "/etc/passwd"' + BODY)
    assert result.details["reason"] == "forbidden_include"
    assert result.details["missing"] == ["left4dhooks"]


def test_community_include_the_task_allows_is_bound_when_installed(tmp_path, monkeypatch):
    (tmp_path / "left4dhooks.inc").write_text("#if defined _l4dh_included\n #endinput\n#endif\n#define _l4dh_included\n")
    tmp_path.chmod(0o755)
    monkeypatch.setenv(EXTRA_DIRS_ENV, str(tmp_path))
    result, ctx = check("#include <sourcemod>\n#include <left4dhooks>" + BODY, community=["left4dhooks"])
    assert result.ok and ctx.include_dirs == [tmp_path]


def test_community_include_the_task_allows_but_is_absent_is_an_infrastructure_error(monkeypatch):
    monkeypatch.delenv(EXTRA_DIRS_ENV, raising=False)
    result, _ = check("#include <sourcemod>\n#include <left4dhooks>" + BODY, community=["left4dhooks"])
    assert result.has_error and "left4dhooks" in result.error
