"""Suite-level checks of the vf-luanti task files (scenarios/luanti/{eval,train}/*.toml).

Counts per split and family, theme disjointness, no near-duplicate prompts or references across the splits,
specific prompts (mod name, registered names, APIs, observable behaviour), the answer format of every
reference and broken variant, and that the files on disk are what the generator scripts produce. Whether the
references pass and the variants fail at their tier is checked against the real rubric by
scenarios/tools/luanti_validate.py (minutes of engine time; a sample of it runs here, marked slow).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from modbench.scenarios.loader import load_tasks
from modbench.scenarios.schema import FAMILIES

ROOT = Path(__file__).resolve().parents[1]
TIERS = ("parse", "syntax", "lint", "sim", "engine")
MTG_MODS = {p.name for p in Path("/usr/share/games/minetest/games/minetest_game/mods").glob("*")} or {
    "default", "vessels", "farming", "stairs"}
MIN_COUNTS = {"eval": (100, 20), "train": (300, 60)}
SHINGLE = 5                       # word 5-grams
MAX_CROSS_JACCARD = 0.7           # near-duplicate threshold (common 5-gram dedup practice: 0.7-0.85)
BLOCK = re.compile(r"```[ \t]*(\w*)[ \t]*([^\n`]*)\n(.*?)```", re.S)


@pytest.fixture(scope="module")
def tasks():
    return load_tasks("luanti")


def by_split(tasks, split):
    return [t for t in tasks if t.split == split]


@pytest.mark.parametrize("split", ["eval", "train"])
def test_counts_per_split_and_family(tasks, split):
    mine = by_split(tasks, split)
    total, per_family = MIN_COUNTS[split]
    assert len(mine) >= total
    counts = Counter(t.family for t in mine)
    for fam in FAMILIES:
        assert counts[fam] >= per_family, (fam, counts)


def test_themes_are_disjoint_between_splits(tasks):
    eval_themes = {t.theme for t in by_split(tasks, "eval")}
    train_themes = {t.theme for t in by_split(tasks, "train")}
    assert eval_themes and train_themes
    assert not eval_themes & train_themes


def _shingles(text: str) -> frozenset:
    words = re.findall(r"[a-z0-9_]+", text.lower())
    return frozenset(" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1)))


def _max_cross_jaccard(a_texts: dict, b_texts: dict) -> tuple[float, str, str]:
    """The most similar eval/train pair. An inverted index over shingles keeps this to pairs that share any."""
    index: dict[str, list[str]] = {}
    b_sh = {k: _shingles(v) for k, v in b_texts.items()}
    for k, sh in b_sh.items():
        for s in sh:
            index.setdefault(s, []).append(k)
    best = (0.0, "", "")
    for ka, text in a_texts.items():
        sa = _shingles(text)
        shared = Counter(kb for s in sa for kb in index.get(s, ()))
        for kb, inter in shared.items():
            j = inter / (len(sa) + len(b_sh[kb]) - inter)
            if j > best[0]:
                best = (j, ka, kb)
    return best


def _normalized(t, field: str) -> str:
    """The text with the mod name replaced: a copy of a task under another mod name is the same task."""
    return getattr(t, field).replace(t.checks["mod_name"], "MODNAME")


@pytest.mark.parametrize("field", ["prompt", "reference"])
def test_no_near_duplicates_across_splits(tasks, field):
    ev = {t.id: _normalized(t, field) for t in by_split(tasks, "eval")}
    tr = {t.id: _normalized(t, field) for t in by_split(tasks, "train")}
    j, a, b = _max_cross_jaccard(ev, tr)
    assert j <= MAX_CROSS_JACCARD, f"{a} and {b}: {field} Jaccard {j:.2f}"


def test_near_duplicate_detector_flags_a_copy_under_another_theme(tasks):
    """The check above must be able to fail: an eval task copied into train under another mod name, with one
    number changed, is caught."""
    t = by_split(tasks, "eval")[0]
    copy = t.model_copy(update={"reference": t.reference.replace(t.checks["mod_name"], "other_mod").replace(
        "3", "4", 1), "checks": {**t.checks, "mod_name": "other_mod"}})
    j, _, _ = _max_cross_jaccard({"a": _normalized(t, "reference")}, {"b": _normalized(copy, "reference")})
    assert j > MAX_CROSS_JACCARD


def test_no_two_tasks_share_a_reference(tasks):
    seen = Counter(t.reference for t in tasks)
    assert max(seen.values()) == 1


def _registered_names(checks: dict) -> list[str]:
    regs = checks.get("registers", {})
    names = [n for k in ("nodes", "craftitems", "tools", "entities", "chatcommands", "abms", "lbms")
             for n in regs.get(k, [])]
    return names + [c["output"].split()[0] for c in regs.get("crafts", [])]


def test_prompts_are_specific(tasks):
    for t in tasks:
        p = t.prompt
        assert t.checks["mod_name"] in p, t.id
        for name in _registered_names(t.checks):
            assert name in p, (t.id, name)
        for api in t.checks.get("require_api", []):
            # an API-typo repair shows the misspelled call; naming the right API would point at the bug
            assert api in p or "api_typo" in t.tags, (t.id, api)
        assert "real engine" in p, t.id                  # the observable behaviour is stated
        assert "```lua init.lua" in p, t.id             # the answer format is stated
        assert len(p) >= 400, t.id


def test_doc_tasks_quote_their_api(tasks):
    docs = [t for t in tasks if t.family == "doc"]
    assert docs
    for t in docs:
        assert len(t.api) == 1 and t.api[0] in t.checks["require_api"], t.id
        assert f"* `{t.api[0]}" in t.prompt, t.id          # the lua_api.txt bullet is quoted


def test_repair_and_refactor_prompts_show_the_code(tasks):
    for t in tasks:
        if t.family in ("repair", "refactor"):
            shown = {name.strip(): body for _, name, body in BLOCK.findall(t.prompt) if name.strip()}
            answer = {name.strip(): body for _, name, body in BLOCK.findall(t.reference)}
            assert "init.lua" in shown, t.id
            assert shown != answer, t.id                      # the shown mod is not already the answer


def _mod_conf(answer: str) -> dict[str, str]:
    for _, name, body in BLOCK.findall(answer):
        if name.strip() == "mod.conf":
            pairs = (line.split("=", 1) for line in body.splitlines() if "=" in line)
            return {k.strip(): v.strip() for k, v in pairs}
    return {}


def test_references_are_complete_mods(tasks):
    for t in tasks:
        files = {name.strip() for _, name, _ in BLOCK.findall(t.reference)}
        assert {"init.lua", "mod.conf"} <= files, t.id
        conf = _mod_conf(t.reference)
        assert conf.get("name") == t.checks["mod_name"], t.id
        assert conf.get("description"), t.id
        depends = [d.strip() for d in conf.get("depends", "").split(",") if d.strip()]
        assert depends, t.id
        assert set(depends) <= MTG_MODS, t.id
        assert set(t.checks.get("depends", [])) == set(depends), t.id
        assert re.fullmatch(r"[a-z0-9_]+", t.checks["mod_name"]), t.id


def test_broken_variants_name_a_tier_and_differ(tasks):
    for t in tasks:
        assert len(t.broken) >= 2, t.id
        answers = {b.answer for b in t.broken}
        assert len(answers) == len(t.broken) and t.reference not in answers, t.id
        for b in t.broken:
            assert b.fails in TIERS, (t.id, b.fails)
            assert len(b.why) > 10, t.id


def test_checks_have_probes_and_registrations(tasks):
    allowed = {"mod_name", "depends", "require_api", "forbid_api", "forbid_files", "tiers", "registers", "probes"}
    for t in tasks:
        assert set(t.checks) <= allowed, (t.id, set(t.checks) - allowed)
        assert t.checks.get("probes"), t.id
        for p in t.checks["probes"]:
            assert p["name"] and "probe." in p["lua"], t.id
        assert any(t.checks.get("registers", {}).values()) or t.family == "doc", t.id


@pytest.mark.slow
def test_generator_output_matches_the_files():
    out = subprocess.run([sys.executable, str(ROOT / "scenarios" / "tools" / "luanti_gen.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_a_sample_holds_under_the_real_rubric(tasks):
    """One eval task per family through score_answer (the real toolchain and server): the reference passes
    and every broken variant fails first at its `fails` tier. The whole suite: scenarios/tools/luanti_validate.py."""
    import asyncio

    from modbench.rubrics.luanti import TIERS, score_answer

    sample = [next(t for t in by_split(tasks, "eval") if t.family == fam) for fam in FAMILIES]

    def first_failed(v):
        return next((n for n in TIERS if n in v.tiers and not v.tiers[n].skipped and not v.tiers[n].ok), None)

    async def run():
        out = []
        for t in sample:
            v = await score_answer(t, t.reference)
            out.append((t.id, "reference", v.passed, v.has_error, v.feedback, "pass", "pass" if v.passed else None))
            for i, b in enumerate(t.broken):
                v = await score_answer(t, b.answer)
                out.append((t.id, i, v.passed, v.has_error, v.feedback, b.fails, first_failed(v)))
        return out

    rows = asyncio.run(run())
    assert len({r[0] for r in rows}) == len(FAMILIES)
    for tid, label, passed, has_error, feedback, want, got in rows:
        assert not has_error, (tid, label, feedback)
        assert got == want, (tid, label, want, got, feedback)
