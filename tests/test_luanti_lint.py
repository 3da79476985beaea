"""Tier `lint`: real luacheck with the std generated from the real engine, and the API/security rules on top."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

from modbench.rubrics.luanti.answer import parse_answer
from modbench.rubrics.luanti.api_catalog import CATALOG_JSON, load_catalog
from modbench.rubrics.luanti.context import LuantiContext
from modbench.rubrics.luanti.lint import LintTier
from modbench.rubrics.luanti.lua_scan import accessed_names, function_depths, security_findings, tokenize
from modbench.rubrics.luanti.tools import gen_api_catalog, gen_std

FAST = Path(__file__).parent / "data" / "luanti" / "fast"


def lint(code: str, checks: dict | None = None, conf: str | None = None, deps: list[Path] = (), extra=None):
    files = {"init.lua": code, **(extra or {})}
    text = "".join(f"```lua {n}\n{b}\n```\n" for n, b in files.items())
    if conf is not None:
        text += f"```ini mod.conf\n{conf}\n```\n"
    checks = {"mod_name": "glow", **(checks or {})}
    mod = parse_answer(text, "glow", depends=checks.get("depends", []))
    assert mod.ok, mod.problems
    ctx = LuantiContext(answer=text, spec=None, mod=mod, checks=checks, deps=list(deps))
    result = asyncio.run(LintTier().run(ctx))
    assert not result.has_error, result.error
    return result, ctx


def errors(result, code_prefix: str = ""):
    return [d for d in result.diagnostics if d.severity == "error" and (d.code or "").startswith(code_prefix)]


def test_good_answer_passes_clean():
    text = (FAST / "good_answer.md").read_text()
    mod = parse_answer(text, "glowing_blocks")
    ctx = LuantiContext(answer=text, spec=None, mod=mod, checks={
        "mod_name": "glowing_blocks", "depends": ["default"],
        "require_api": ["minetest.register_node", "core.register_abm", "minetest.register_chatcommand"]})
    result = asyncio.run(LintTier().run(ctx))
    assert result.ok, [d.render() for d in result.diagnostics]
    assert result.details["api_ok"] and result.details["security_issues"] == 0
    assert "minetest.register_node" in ctx.scratch["lint"]["accessed_api"]


def test_undefined_minetest_field_is_an_api_error_with_a_hint():
    result, _ = lint('minetest.register_nodee("glow:x", {})')
    assert not result.ok and not result.details["api_ok"]
    [d] = errors(result, "W143")
    assert (d.file, d.line) == ("init.lua", 1)
    assert "minetest.register_nodee does not exist" in d.message
    assert "did you mean minetest.register_node(name, node definition)" in d.message


def test_core_vector_and_stdlib_misuse_are_api_errors():
    result, _ = lint("local v = vector.nw(1, 2, 3)\ncore.get_nod({})\nlocal t = table.unpack({1})\nprint(v, t)")
    messages = " | ".join(d.message for d in errors(result))
    assert "vector.nw" in messages and "vector.new" in messages
    assert "core.get_nod" in messages and "table.unpack" in messages


def test_adding_fields_to_the_engine_table_is_an_api_error():
    result, _ = lint("function minetest.my_helper() end")
    assert not result.ok and "not part of the engine API" in errors(result, "W142")[0].message


def test_undefined_global_is_an_api_error_unless_a_declared_dependency():
    result, _ = lint("undefined_helper()")
    assert not result.ok and "undefined global 'undefined_helper'" in errors(result, "W113")[0].message
    # a declared dependency's name, an installed dependency's real namespace, a --with dir's globals
    result, _ = lint("mymod_api.x()", conf="name = glow\ndepends = mymod_api")
    assert result.ok
    result, _ = lint("moreores.x = 1", checks={"depends": ["moreores"]})
    assert result.ok, [d.render() for d in result.diagnostics]
    result, _ = lint("mydep_api.register_thing('x')", conf="name = glow\ndepends = mydep", deps=[FAST / "mydep"])
    assert result.ok, [d.render() for d in result.diagnostics]
    # an optional dependency whose sources are not at hand: its likely namespace is a warning, not an error
    # (a made-up mod, so that the test does not depend on which minetest-mod-* packages are installed)
    result, _ = lint("if minetest.get_modpath('fancylib') then fancy.register_stopper('glow:x') end",
                     conf="name = glow\noptional_depends = fancylib")
    assert result.ok and any("namespace of dependency 'fancylib'" in d.message for d in result.diagnostics)


def test_minetest_game_namespaces_are_checked_field_by_field():
    result, _ = lint("local s = default.node_sound_stone_default()\nprint(s)", checks={"depends": ["default"]})
    [d] = errors(result)
    assert "default.node_sound_stone_default does not exist" in d.message
    assert "default.node_sound_stone_defaults" in d.message


def test_using_a_game_mod_without_declaring_it_is_an_api_error():
    # the engine loads a mod before the game mods it does not depend on: `default` is nil at its load time
    code = "local s = default.node_sound_stone_defaults()\nprint(s, LIGHT_MAX + 1)"
    result, _ = lint(code, conf="name = glow")
    assert not result.ok and not result.details["api_ok"]
    assert "without declaring mod 'default' in mod.conf" in errors(result, "W113")[0].message
    assert {re.search(r"minetest_game's '(\w+)'", d.message).group(1) for d in errors(result)} == \
        {"default", "LIGHT_MAX"}
    # declared in mod.conf (or in the mod.conf generated from the task's depends when the answer has none)
    assert lint(code, conf="name = glow\ndepends = default")[0].ok
    assert lint(code, conf="name = glow\noptional_depends = default")[0].ok
    assert lint(code, checks={"depends": ["default"]})[0].ok
    # declared through a dependency that depends on it (mydep2 -> default) counts too
    assert lint(code, conf="name = glow\ndepends = mydep2", deps=[FAST / "mydep2"])[0].ok
    # inside a function it only runs after all mods loaded: a warning
    result, _ = lint("minetest.register_on_joinplayer(function(p)\n  if true then player_api.set_model(p, 'x') end\n"
                     "end)", conf="name = glow")
    assert result.ok and any("run time only" in d.message for d in result.diagnostics)
    # locals that happen to share a game namespace's name are not that namespace
    assert lint("local map = {}\nmap.x = 1\nlocal function f(fire) return fire.x end\nprint(map, f)")[0].ok


@pytest.mark.parametrize("code, needle", [
    ('os.execute("rm -rf /")', "os.execute"),
    ('local p = io.popen("ls") print(p)', "io.popen"),
    ('os.exit(1)', "os.exit"),
    ('local x = _G.os.execute print(x)', "os.execute"),
    ('local socket = require("socket") print(socket)', "require()"),
    ('dofile("/etc/passwd")', "/etc/passwd"),
    ('local f = io.open("/etc/passwd") print(f)', "/etc/passwd"),
    ('dofile(minetest.get_modpath("glow") .. "/../other/init.lua")', "../"),
    ('debug.sethook()', "debug.sethook"),
    ('local e = minetest.request_insecure_environment() print(e)', "request_insecure_environment"),
    ('print(package.path)', "package.path"),
    ('local http = minetest.request_http_api()\nhttp.fetch({url = "x"}, function(r) loadstring(r.data)() end)',
     "HTTP API"),
])
def test_security_findings_fail(code, needle):
    result, _ = lint(code)
    assert not result.ok and result.details["security_issues"] >= 1
    assert any(needle in d.message for d in result.diagnostics if d.severity == "error"), \
        [d.render() for d in result.diagnostics]


def test_harmless_lookalikes_are_not_security_findings():
    code = ('local f = io.open(minetest.get_worldpath() .. "/glow.txt", "w")\nif f then f:close() end\n'
            'dofile(minetest.get_modpath("glow") .. "/api.lua")\n'
            'local ok, err = xpcall(function() end, debug.traceback)\nprint(ok, err)\n'
            'local s = "os.execute require(x) debug.sethook" -- io.popen in a comment\nprint(s)\n'
            'local require = function(x) return x end\nprint(require("y"))')
    result, _ = lint(code, extra={"api.lua": "return 1"})
    assert result.ok, [d.render() for d in result.diagnostics]
    assert result.details["security_issues"] == 0


def test_style_warnings_never_fail_but_are_counted():
    code = ("local unused = 1\nlocal function f(a)\n  local x = 1\n  local x = 2\n  return x\nend\n"
            "function glow_helper() leaked = 1 end\n" + "local long = '" + "y" * 150 + "'\n")
    result, _ = lint(code)
    assert result.ok, [d.render() for d in result.diagnostics]
    assert result.details["warnings"] >= 5
    codes = result.details["codes"]
    assert {"W211", "W411", "W111", "W631"} <= set(codes)


def test_require_api_and_forbid_api():
    code = ('minetest.register_node("glow:a", {})\nlocal v = minetest.setting_get("x")\n'
            'local s = "minetest.register_abm" -- core.register_abm\nprint(v, s)')
    result, _ = lint(code, checks={"require_api": ["minetest.register_node", "minetest.register_abm"],
                                   "forbid_api": ["minetest.setting_get"]})
    assert not result.ok and not result.details["api_ok"]
    assert result.details["require_api_missing"] == ["minetest.register_abm"]
    assert result.details["forbid_api_used"] == ["minetest.setting_get"]
    forbid = errors(result, "forbid_api")[0]
    assert (forbid.line, forbid.file) == (2, "init.lua")
    # core.x satisfies minetest.x and method requirements match `obj:method(`
    result, _ = lint("core.register_abm({action = function(p) local n = ItemStack('x'):get_count() print(n) end})",
                     checks={"require_api": ["minetest.register_abm", "ItemStack:get_count", "ItemStack"]})
    assert result.ok, [d.render() for d in result.diagnostics]


def test_function_depths_follow_lua_blocks():
    src = ("local a = 1\nif a then b() elseif c then d() else e() end\nlocal function f()\n  for i = 1, 2 do x() end\n"
           "  repeat y() until z\n  return function() w() end\nend\nwhile q do r() end\ns()")
    tokens = tokenize(src)
    depth = {t.text: d for t, d in zip(tokens, function_depths(tokens)) if t.kind == "name"}
    assert [depth[n] for n in "abcdeqrs"] == [0] * 8
    assert [depth[n] for n in "xyz"] == [1, 1, 1] and depth["w"] == 2


def test_tokenizer_ignores_strings_and_long_comments():
    tokens = tokenize('--[==[ minetest.a ]==] local s = [[minetest.b]] .. "minetest.c" .. \'core.d\'\n'
                      'minetest["e"]() x = minetest.f.g -- minetest.h\n')
    names = accessed_names(tokens)
    assert {"minetest.e", "minetest.f", "minetest.f.g"} <= set(names)
    assert not {"minetest.a", "minetest.b", "minetest.c", "minetest.d", "minetest.h"} & set(names)
    assert names["minetest.f"][0] == 2
    assert security_findings(tokenize("x = 'require(\"a\")'")) == []


def test_catalog_knows_signatures_sections_and_definition_fields():
    cat = load_catalog()
    assert cat.signature("core.register_node") == "minetest.register_node(name, node definition)"
    assert "Registration functions" in cat.doc["functions"]["minetest.register_node"]["section"]
    assert {"action", "nodenames", "interval", "chance", "label"} <= cat.definition_fields("abm")
    assert {"drawtype", "tiles", "paramtype2", "on_construct"} <= cat.definition_fields("node")
    assert "get_pos" in cat.doc["classes"]["ObjectRef"]["methods"]
    assert "plantlike_rooted" in cat.enum("drawtype") and "facedir" in cat.enum("paramtype2")
    documented = {k.split(".", 1)[1] for k in cat.doc["functions"] if k.startswith("minetest.")}
    assert documented <= cat.engine_fields("minetest"), "every documented function exists in the engine"


def test_catalog_regenerates_identically():
    assert gen_api_catalog.generate() == CATALOG_JSON.read_text()


def test_std_regenerates_identically_from_the_real_engine():
    globals_text, rc_text = gen_std.generate()
    assert globals_text == gen_std.GLOBALS_JSON.read_text(), "engine globals drifted: run tools/gen_std"
    assert rc_text == gen_std.STD_RC.read_text()
    data = json.loads(globals_text)
    assert "execute" not in data["engine"]["os"]["fields"] and "popen" not in data["engine"]["io"]["fields"]
    assert "register_node" in data["engine"]["minetest"]["fields"] and "default" in data["minetest_game"]
