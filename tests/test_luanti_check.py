"""`modbench check luanti`: task-free checking of mod folders, modpacks and single files, including real
community mods from Debian's minetest-mod-* packages (installed by CI), which must pass: the checker does
not flag working code."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from modbench.rubrics.luanti import TIERS, check_paths
from modbench.rubrics.luanti.check import mod_name_for_file

DATA = Path(__file__).resolve().parent / "data" / "luanti" / "engine"
SYSTEM_MODS = Path("/usr/share/games/minetest/mods")
ROW_KEYS = {"path", "ok", "has_error", "error", "feedback", "tiers", "diagnostics", "metrics"}
# package -> (mod folder, dependency folders): what CI installs with apt (see .ci/run)
COMMUNITY = {
    "minetest-mod-moreores": ("moreores", []),
    "minetest-mod-basic-materials": ("basic_materials", []),
    "minetest-mod-unifieddyes": ("unifieddyes", ["basic_materials"]),
    "minetest-mod-mobs-redo": ("mobs_redo", []),
    "minetest-mod-ethereal": ("ethereal", []),
}


def check(paths, deps=(), **kw):
    return asyncio.run(check_paths([Path(p) for p in paths], [Path(d) for d in deps], **kw))


@pytest.mark.slow
def test_rows_for_a_good_and_a_bad_mod_name_the_real_files():
    good, bad = check([DATA / "good_mod", DATA / "unknown_craft_item"])
    assert set(good) == ROW_KEYS and good["ok"] and not good["has_error"], good["feedback"]
    assert good["path"] == str(DATA / "good_mod") and list(good["tiers"]) == list(TIERS)
    assert good["tiers"]["engine"]["details"]["registered"]["nodes"] == ["good_mod:glow_block"]
    assert not bad["ok"] and not bad["has_error"]
    errors = [d for d in bad["diagnostics"] if d["severity"] == "error"]
    assert [(d["tier"], d["file"], d["line"]) for d in errors] == [
        ("engine", str(DATA / "unknown_craft_item" / "init.lua"), 7)]


@pytest.mark.slow
def test_a_single_lua_file_is_the_init_lua_of_a_mod_named_after_it(tmp_path):
    lone = tmp_path / "My-Glow Mod.lua"
    lone.write_text('minetest.register_node("my_glow_mod:lamp", {description = "Lamp", '
                    'tiles = {"default_glass.png"}, light_source = 8})\n'
                    'minetest.register_nodee("my_glow_mod:x", {})\n')
    (row,) = check([lone], tiers={"parse", "engine"})
    assert mod_name_for_file(lone) == "my_glow_mod"
    assert not row["ok"] and row["path"] == str(lone)
    d = next(d for d in row["diagnostics"] if d["tier"] == "engine")
    assert (d["file"], d["line"]) == (str(lone), 2) and "register_nodee" in d["message"]


@pytest.mark.slow
def test_a_modpack_is_checked_mod_by_mod_with_its_siblings_loaded(tmp_path):
    pack = tmp_path / "pack"
    for name, init, conf in [
        ("alpha", 'alpha = {}\nminetest.register_node("alpha:base", {description = "Base", tiles = {"a.png"}})\n',
         "name = alpha\n"),
        ("beta", 'assert(alpha)\nminetest.register_node("beta:top", {description = "Top", tiles = {"b.png"}, '
                 'drop = "alpha:base"})\n', "name = beta\ndepends = alpha\n"),
    ]:
        (pack / name).mkdir(parents=True)
        (pack / name / "init.lua").write_text(init)
        (pack / name / "mod.conf").write_text(conf)
    (pack / "modpack.conf").write_text("name = pack\n")
    rows = check([pack], tiers={"parse", "syntax", "engine"})
    assert [r["path"] for r in rows] == [str(pack / "alpha"), str(pack / "beta")]
    assert all(r["ok"] for r in rows), [r["feedback"] for r in rows]
    assert rows[1]["tiers"]["engine"]["details"]["registered"] == {"nodes": ["beta:top"]}


def test_a_path_that_is_no_mod_gives_a_failed_row_not_an_exception(tmp_path):
    (row,) = check([tmp_path / "nowhere"])
    assert not row["ok"] and not row["has_error"]
    assert "neither a mod folder nor a .lua file" in row["feedback"]
    assert all(row["tiers"][n]["skipped"] for n in TIERS[1:])


@pytest.mark.slow
@pytest.mark.parametrize("tiers", [None, {"parse", "engine"}], ids=["all-tiers", "engine-only"])
@pytest.mark.parametrize("package", sorted(COMMUNITY))
def test_community_mods_pass_with_their_dependencies(package, tiers, tmp_path):
    folder, deps = COMMUNITY[package]
    if not (SYSTEM_MODS / folder).is_dir() or not all((SYSTEM_MODS / d).is_dir() for d in deps):
        pytest.skip(f"{package} is not installed (apt-get install {package}); CI installs it")
    # a copy: the checker must not depend on where the mod lives
    mod = shutil.copytree(SYSTEM_MODS / folder, tmp_path / folder)
    (row,) = check([mod], [SYSTEM_MODS / d for d in deps], tiers=tiers)
    errors = [f"{d['tier']}: {d['file']}:{d['line']}: {d['message']}" for d in row["diagnostics"]
              if d["severity"] == "error"]
    assert row["ok"] and not errors, errors
    assert row["tiers"]["engine"]["details"]["registered"]
