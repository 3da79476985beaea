"""Tier `syntax`: the real LuaJIT (the one the server links) parses every file, inside the sandbox."""

from __future__ import annotations

import asyncio

from modbench.rubrics.luanti.answer import parse_answer
from modbench.rubrics.luanti.context import LuantiContext
from modbench.rubrics.luanti.syntax import SyntaxTier, parse_output


def syntax(files: dict[str, str]):
    text = "".join(f"```lua {name}\n{body}\n```\n" for name, body in files.items())
    mod = parse_answer(text, "glow")
    assert mod.ok, mod.problems
    ctx = LuantiContext(answer=text, spec=None, mod=mod)
    return asyncio.run(SyntaxTier().run(ctx))


def test_valid_mod_passes():
    result = syntax({"init.lua": "local x = {a = 1}\nprint(x.a)", "api.lua": "return {}"})
    assert result.ok and not result.has_error
    assert result.details["files"] == 2 and result.details["luajit"].startswith("2.1")


def test_missing_comma_gives_the_engine_message_with_file_and_line():
    result = syntax({"init.lua": 'minetest.register_node("glow:x", {\n  description = "x"\n  light_source = 3\n})'})
    assert not result.ok and not result.has_error
    [d] = result.diagnostics
    assert (d.file, d.line, d.severity) == ("init.lua", 3, "error")
    assert d.message == "'}' expected (to close '{' at line 1) near 'light_source'"


def test_only_the_broken_file_is_reported():
    result = syntax({"init.lua": "print(1)", "broken.lua": "if x then", "also_ok.lua": "return 1"})
    assert not result.ok
    # the answer's block ends with a newline, so <eof> is on line 2
    assert [(d.file, d.line) for d in result.diagnostics] == [("broken.lua", 2)]
    assert "'end' expected" in result.diagnostics[0].message


def test_luajit_extensions_are_accepted():
    # goto/labels, \x and \u{} escapes, hex floats and binary literals (LuaJIT accepts them; PUC 5.1 does not)
    code = 'for i = 1, 3 do\n if i == 2 then goto continue end\n ::continue::\nend\nlocal s = "\\x41\\u{48}"\nlocal f = 0x1p4'
    assert syntax({"init.lua": code}).ok


def test_bytecode_files_are_refused():
    result = syntax({"init.lua": "\x1bLJ\x02garbage"})
    assert not result.ok and "bytecode" in result.diagnostics[0].message


def test_parse_output_handles_garbage():
    diags, checked = parse_output("noise\nSYNTAX\tinit.lua\tinit.lua:7: unexpected symbol near '@'\nCHECKED\t1\t1\n")
    assert checked == 1 and diags[0].line == 7 and diags[0].message == "unexpected symbol near '@'"
    assert parse_output("") == ([], None)
