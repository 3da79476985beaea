"""The vf-luanti answer format: completions -> mod files, robust to anything a model (or an attacker) writes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from modbench.rubrics.luanti.answer import (
    MAX_FILES,
    ModAnswer,
    ParseTier,
    answer_for_files,
    load_mod_dir,
    parse_answer,
)
from modbench.rubrics.luanti.context import LuantiContext

FAST = Path(__file__).parent / "data" / "luanti" / "fast"


def fence(name: str, body: str, lang: str = "lua") -> str:
    return f"```{lang} {name}\n{body}\n```\n"


def test_named_fences_give_files_and_keep_mod_conf():
    mod = parse_answer((FAST / "good_answer.md").read_text(), "glowing_blocks")
    assert mod.ok, mod.problems
    assert sorted(mod.files) == ["abm.lua", "init.lua", "mod.conf"]
    assert mod.depends == ["default"]
    assert 'register_node("glowing_blocks:glow_block"' in mod.files["init.lua"]
    assert mod.files["abm.lua"].rstrip().endswith("})")


@pytest.mark.parametrize("label", ["**init.lua**", "`init.lua`", "-- file: init.lua", "### init.lua",
                                   "File: `init.lua`", "Create `glow/init.lua`:", "init.lua:"])
def test_label_line_before_the_fence_names_the_block(label):
    text = f"Some prose.\n\n{label}\n```lua\nprint('x')\n```\n\n**api.lua**\n\n```lua\nprint('api')\n```\n"
    mod = parse_answer(text, "glow")
    assert mod.ok, mod.problems
    assert mod.files["init.lua"] == "print('x')\n"
    assert mod.files["api.lua"] == "print('api')\n"


@pytest.mark.parametrize("info", ["lua:init.lua", "init.lua", "lua title=init.lua", 'lua file="init.lua"'])
def test_info_string_variants(info):
    mod = parse_answer(f"```{info}\nprint(1)\n```", "glow")
    assert mod.ok and mod.files["init.lua"] == "print(1)\n"


def test_first_line_comment_names_a_lua_block():
    mod = parse_answer("```lua\n-- glow/init.lua\nprint(1)\n```\n```lua\n-- file: api.lua\nprint(2)\n```", "glow")
    assert sorted(mod.files) == ["api.lua", "init.lua", "mod.conf"]


def test_single_unnamed_block_is_init_lua_and_mod_conf_is_generated_with_task_depends():
    mod = parse_answer("Here you go:\n```lua\nminetest.log('hi')\n```\nDone.", "glow", depends=["default"])
    assert mod.ok
    assert mod.files["init.lua"] == "minetest.log('hi')\n"
    assert mod.files["mod.conf"] == "name = glow\ndepends = default\n"
    assert any("generated" in n for n in mod.notes)


def test_unnamed_conf_block_starting_with_name_is_mod_conf():
    mod = parse_answer("```lua\nprint(1)\n```\n```ini\nname = glow\ndepends = default\n```", "glow")
    assert mod.ok and mod.depends == ["default"]


def test_several_unnamed_lua_blocks_are_ambiguous():
    mod = parse_answer("```lua\nprint(1)\n```\ntext\n```lua\nprint(2)\n```", "glow")
    assert not mod.ok and "without file names" in mod.problems[0]


def test_unnamed_shell_blocks_beside_named_files_are_ignored_with_a_note():
    mod = parse_answer("```bash\nls\n```\n" + fence("init.lua", "print(1)"), "glow")
    assert mod.ok and any("ignored" in n for n in mod.notes)


def test_no_code_block_is_a_clear_problem():
    mod = parse_answer("I cannot help with that.", "glow")
    assert not mod.ok and "no fenced code block" in mod.problems[0]


@pytest.mark.parametrize("name", ["../init.lua", "../../etc/passwd", "/etc/passwd", "C:\\x.lua", "a\\..\\b.lua",
                                  "sub/../../x.lua", "~/.bashrc"])
def test_names_escaping_the_mod_folder_are_rejected(name):
    mod = parse_answer(fence("init.lua", "print(1)") + fence(name, "evil()"), "glow")
    assert not mod.ok
    assert "mod folder" in mod.problems[0] or "relative path" in mod.problems[0]
    assert mod.files == {}


def test_mod_folder_prefix_and_dot_slash_are_stripped():
    mod = parse_answer(fence("glow/init.lua", "print(1)") + fence("./api.lua", "print(2)") +
                       fence("mods/glow/sub/x.lua", "print(3)"), "glow")
    assert sorted(mod.files) == ["api.lua", "init.lua", "mod.conf", "sub/x.lua"]


def test_binary_and_unknown_files_are_ignored_with_a_note():
    mod = parse_answer(fence("init.lua", "print(1)") + fence("textures/glow.png", "PNG") +
                       fence("build.sh", "rm -rf /", "bash"), "glow")
    assert mod.ok and sorted(mod.files) == ["init.lua", "mod.conf"]
    assert any("binary asset" in n for n in mod.notes) and any("build.sh" in n for n in mod.notes)


def test_legacy_depends_txt_is_kept_so_tasks_can_forbid_it():
    mod = parse_answer(fence("init.lua", "print(1)") + fence("depends.txt", "default\nmesecons?", "text"), "glow")
    assert "depends.txt" in mod.files
    assert mod.depends == ["default"] and mod.optional_depends == ["mesecons"]
    ctx = LuantiContext(answer="", spec=None, mod=mod, checks={"forbid_files": ["depends.txt"]})
    result = asyncio.run(ParseTier().run(ctx))
    assert not result.ok and result.details["forbidden_files"] == ["depends.txt"]


def test_mod_conf_naming_another_mod_is_a_problem():
    mod = parse_answer(fence("init.lua", "print(1)") + fence("mod.conf", "name = other", "ini"), "glow")
    assert not mod.ok and "other" in mod.problems[0]


def test_invalid_utf8_is_decoded_with_replacement():
    raw = b"```lua init.lua\nprint('\xff\xfe caf\xc3\xa9')\n```\n"
    mod = parse_answer(raw, "glow")
    assert mod.ok and "\ufffd" in mod.files["init.lua"] and "caf\u00e9" in mod.files["init.lua"]
    mod = parse_answer("```lua init.lua\nprint('\udcff')\n```", "glow")      # lone surrogate in a str
    assert mod.ok and "\udcff" not in mod.files["init.lua"]


def test_crlf_is_normalized():
    mod = parse_answer("```lua init.lua\r\nprint(1)\r\n```\r\n", "glow")
    assert mod.files["init.lua"] == "print(1)\n"


def test_ten_megabyte_answer_is_parsed_and_too_large_files_are_rejected():
    prose = ("lorem ipsum " * 80 + "\n") * 10_500            # ~10 MB of prose around one small block
    mod = parse_answer(prose + fence("init.lua", "print(1)") + prose, "glow")
    assert mod.ok and len(prose) * 2 > 10_000_000
    huge = fence("init.lua", "x = 1\n" * 400_000)           # 2.4 MB of code
    mod = parse_answer(huge, "glow")
    assert not mod.ok and "at most" in mod.problems[0]


def test_thousands_of_files_are_rejected_and_thousands_of_ignored_blocks_are_fine():
    many = "".join(fence(f"f{i}.lua", "print(1)") for i in range(3000))
    mod = parse_answer(fence("init.lua", "x") + many, "glow")
    assert not mod.ok and f"at most {MAX_FILES}" in mod.problems[0]
    noise = "".join(f"```bash\necho {i}\n```\n" for i in range(5000))
    mod = parse_answer(noise + fence("init.lua", "print(1)"), "glow")
    assert mod.ok and any("5000 code block(s)" in n for n in mod.notes)


def test_unclosed_fence_reads_to_the_end_with_a_note():
    mod = parse_answer("```lua init.lua\nprint(1)\n", "glow")
    assert mod.ok and mod.files["init.lua"] == "print(1)\n"
    assert any("no closing fence" in n for n in mod.notes)


def test_longer_fences_may_contain_backticks():
    body = 'local s = [[\n```\nnot a fence end\n```\n]]'
    mod = parse_answer("````lua init.lua\n" + body + "\n````\n", "glow")
    assert mod.files["init.lua"] == body + "\n"


def test_invalid_task_mod_name_is_a_problem():
    assert not parse_answer(fence("init.lua", "x"), "Bad-Name").ok


def test_answer_for_files_round_trips():
    files = {"init.lua": "print('```')\nlocal s = [[\n````\n]]\n", "mod.conf": "name = glow\n",
             "sub/api.lua": "return {}\n", "locale/glow.de.tr": "# textdomain: glow\n"}
    text = answer_for_files(files)
    assert text.index("mod.conf") < text.index("init.lua")
    assert parse_answer(text, "glow").files == files


def test_load_mod_dir_reads_a_mod_and_refuses_a_modpack(tmp_path):
    mod = load_mod_dir(FAST / "glow_mod")
    assert isinstance(mod, ModAnswer) and mod.ok
    assert mod.mod_name == "glow_mod" and sorted(mod.files) == ["init.lua", "mod.conf"]
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "modpack.conf").write_text("name = pack\n")
    assert not load_mod_dir(tmp_path / "pack").ok
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "init.lua").write_text("print(1)")
    (legacy / "evil.lua").symlink_to("/etc/passwd")
    mod = load_mod_dir(legacy)
    assert mod.ok and "evil.lua" not in mod.files and any("no mod.conf" in n for n in mod.notes)


def test_parse_tier_reports_problems_as_a_failed_tier():
    ctx = LuantiContext(answer="no code here", spec=None, checks={"mod_name": "glow"})
    result = asyncio.run(ParseTier().run(ctx))
    assert not result.ok and not result.has_error
    assert result.diagnostics[0].severity == "error"
    ctx = LuantiContext(answer=(FAST / "good_answer.md").read_text(), spec=None,
                        checks={"mod_name": "glowing_blocks"})
    result = asyncio.run(ParseTier().run(ctx))
    assert result.ok and ctx.mod.mod_name == "glowing_blocks"
    assert result.details["files"] == ["abm.lua", "init.lua", "mod.conf"]
