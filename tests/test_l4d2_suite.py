"""The vf-l4d2 task suite as a whole: counts, theme split, leaks between splits, prompt specificity, file shape,
scenario validity and that the files on disk are exactly what the authoring scripts generate.

The per-task truth (references pass every tier, broken variants fail at their stated tier) is checked by
`scenarios/tools/check_l4d2.py` against the real rubric; `test_sample_tasks_hold_under_the_rubric` runs that
check on a small sample so a drift between data and rubric is caught here too.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from modbench.scenarios.loader import load_tasks
from modbench.scenarios.schema import FAMILIES, VAGUE_PROMPT

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "scenarios" / "tools"
SEED_THEMES = {"tank_spawn", "hunter_pounce", "smoker_grab", "charger_carry", "bile_tracker", "jockey_ride",
               "spitter_spit", "tank_rock", "speed_boost", "friendly_fire", "saferoom_heal", "witch_proximity",
               "finale_start", "rescue_vehicle", "gauntlet_run", "null_client_check", "entity_validation",
               "random_timer"}
TIERS = {"extract", "includes", "compile", "static", "behaviour", "security"}
# Near-duplicate threshold on 5-token shingle Jaccard. Distinct tasks that share the event-handler idiom reach
# about 0.26 (prompts) and 0.36 (plugin bodies) today; a copied task with renamed identifiers stays above 0.6.
NEAR_DUP = 0.5
FENCE = re.compile(r"```sourcepawn\n(.*?\n)```", re.DOTALL)


@pytest.fixture(scope="module")
def tasks():
    return load_tasks("l4d2")


@pytest.fixture(scope="module")
def by_split(tasks):
    return {s: [t for t in tasks if t.split == s] for s in ("eval", "train")}


def code_of(text: str) -> str:
    m = FENCE.search(text)
    assert m, "no ```sourcepawn block"
    return m.group(1)


# ------------------------------------------------------------------------------------------------- counts, themes

def test_counts_per_split_and_family(by_split):
    ev, tr = by_split["eval"], by_split["train"]
    assert len(ev) >= 100, len(ev)
    assert len(tr) >= 300, len(tr)
    ev_fam, tr_fam = Counter(t.family for t in ev), Counter(t.family for t in tr)
    for fam in FAMILIES:
        assert ev_fam[fam] >= 20, (fam, ev_fam)
        assert tr_fam[fam] >= 50, (fam, tr_fam)


def test_eval_covers_the_seed_scenarios_as_themes(by_split):
    themes = {t.theme for t in by_split["eval"]}
    assert SEED_THEMES <= themes, SEED_THEMES - themes
    # every seed theme is exercised by more than one family, so a theme is not a single task
    for theme in SEED_THEMES:
        fams = {t.family for t in by_split["eval"] if t.theme == theme}
        assert len(fams) >= 3, (theme, fams)


def test_no_theme_in_both_splits(by_split):
    shared = {t.theme for t in by_split["eval"]} & {t.theme for t in by_split["train"]}
    assert not shared, shared


# ------------------------------------------------------------------------------------------------- leaks

TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+|\S")
MERSENNE = np.uint64((1 << 61) - 1)


def shingles(text: str, k: int = 5) -> np.ndarray:
    toks = TOKEN.findall(text.lower())
    grams = {" ".join(toks[i:i + k]) for i in range(max(1, len(toks) - k + 1))}
    return np.array(sorted(zlib.crc32(g.encode()) for g in grams), dtype=np.uint64)


def body(code: str) -> str:
    """A plugin without its boilerplate (pragmas, includes, myinfo), which every plugin shares."""
    code = re.sub(r"public Plugin:? ?myinfo\s*=.*?};", "", code, flags=re.DOTALL)
    return re.sub(r"^#.*$", "", code, flags=re.MULTILINE)


def minhash(sets: list[np.ndarray], perms: int = 128) -> np.ndarray:
    rng = np.random.default_rng(12345)
    a = rng.integers(1, 1 << 29, size=perms, dtype=np.uint64)
    b = rng.integers(0, 1 << 29, size=perms, dtype=np.uint64)
    return np.stack([((a[:, None] * s[None, :] + b[:, None]) % MERSENNE).min(axis=1) for s in sets])


def exact_jaccard(x: np.ndarray, y: np.ndarray) -> float:
    inter = np.intersect1d(x, y, assume_unique=True).size
    return inter / (x.size + y.size - inter)


def near_duplicates(left: list[np.ndarray], right: list[np.ndarray]) -> list[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) above NEAR_DUP: MinHash finds candidates, the exact Jaccard confirms them."""
    sig_l, sig_r = minhash(left), minhash(right)
    estimate = (sig_l[:, None, :] == sig_r[None, :, :]).mean(axis=2)
    out = []
    for i, j in zip(*np.nonzero(estimate > NEAR_DUP - 0.15)):
        jac = exact_jaccard(left[i], right[j])
        if jac > NEAR_DUP:
            out.append((int(i), int(j), jac))
    return out


def test_minhash_finds_a_planted_duplicate():
    """The leak check itself can fail: a renamed copy of a plugin is found, a different plugin is not."""
    original = "public void OnPluginStart() { HookEvent(\"tank_spawn\", Ev); } " * 3 + " ".join(f"x{i}" for i in range(200))
    copy = original.replace("tank_spawn", "tank_killed")
    other = " ".join(f"y{i} = z{i};" for i in range(200))
    found = near_duplicates([shingles(original)], [shingles(copy), shingles(other)])
    assert [(i, j) for i, j, _ in found] == [(0, 0)]


def test_no_near_duplicate_prompts_or_references_across_splits(by_split):
    ev, tr = by_split["eval"], by_split["train"]
    for what, get in (("prompt", lambda t: t.prompt), ("reference", lambda t: body(code_of(t.reference)))):
        dups = near_duplicates([shingles(get(t)) for t in ev], [shingles(get(t)) for t in tr])
        assert not dups, [(what, ev[i].id, tr[j].id, round(s, 2)) for i, j, s in dups]


# ------------------------------------------------------------------------------------------------- prompts

def _mentions(prompt: str, name: str) -> bool:
    """Named literally, or as its chat trigger (`!hp` is how players type `sm_hp`)."""
    return name in prompt or (name.startswith("sm_") and f"!{name[3:]}" in prompt)


def test_every_prompt_is_specific(tasks):
    for t in tasks:
        p = t.prompt
        assert not VAGUE_PROMPT.match(p) and not re.match(r"^\s*Implement\s*:", p), t.id
        assert len(p) >= 250, (t.id, len(p))
        assert "```sourcepawn" in p, t.id          # the answer format (and, for repair/refactor, the code)
        # the prose (outside quoted code) names concrete things in code spans: events, natives, commands, texts
        prose = re.sub(r"```.*?```", "", p, flags=re.DOTALL)
        spans = re.findall(r"`[^`\n]+`", prose)
        assert len(spans) >= (3 if t.family in ("scaffold", "doc") else 1), (t.id, spans)
        # everything the rubric checks by name is named in the prompt (or in the code it quotes)
        c = t.checks
        for key in ("require_events", "require_commands", "require_admin_commands", "require_convars",
                    "require_netprops"):
            for name in c.get(key, []):
                assert _mentions(p, name), (t.id, key, name)


def test_family_specific_prompt_content(tasks):
    for t in tasks:
        quoted = FENCE.findall(t.prompt)
        if t.family in ("repair", "refactor"):
            assert quoted, (t.id, "must quote the code")
        if t.family == "repair":
            # what is observed: an error text, a log line or a behaviour, not where the bug is
            assert re.search(r"(error|never|nothing|instead|only|report|still|always|does not|goes on|keeps)", t.prompt,
                             re.IGNORECASE), t.id
        if t.family == "refactor":
            assert t.checks.get("forbid_natives") or "newdecls" in t.prompt, t.id
            assert t.checks.get("scenarios"), (t.id, "behaviour must be proven equal in the simulator")
        if t.family == "doc":
            assert t.api, t.id
            assert re.search(r"\b(native|forward|stock|property|typedef|public native)\b", t.prompt), (t.id, "signature")
            for api in t.api:
                assert api.split(".")[-1] in t.prompt, (t.id, api)


# ------------------------------------------------------------------------------------------------- answers

def test_references_are_complete_new_style_plugins(tasks):
    for t in tasks:
        code = code_of(t.reference)
        assert t.reference.startswith("```sourcepawn\n"), t.id
        for needle in ("#pragma semicolon 1", "#pragma newdecls required", "#include <sourcemod>", "public Plugin myinfo"):
            assert needle in code, (t.id, needle)
        assert not re.search(r'#\s*include\s*(<[^>]*(left4dhooks|colors|multicolors)|")', code), t.id
        assert re.search(r"\bpublic\s+(void|Action)\s+\w+\s*\(", code), t.id


def test_broken_variants_are_distinct_and_mostly_not_compile_errors(tasks):
    for t in tasks:
        answers = [b.answer for b in t.broken]
        assert len(t.broken) >= 2, t.id
        assert t.reference not in answers and len(set(answers)) == len(answers), t.id
        assert all(b.fails in TIERS and len(b.why) >= 15 for b in t.broken), t.id
        assert any(b.fails not in ("compile", "extract") for b in t.broken), (t.id, "needs a semantic variant")


def test_eval_variants_cover_every_tier(by_split):
    tiers = Counter(b.fails for t in by_split["eval"] for b in t.broken)
    assert TIERS <= set(tiers), tiers
    assert tiers["behaviour"] >= 100, tiers


def test_scenarios_are_valid_for_the_simulator(tasks):
    from modbench.rubrics.sourcepawn.sim import validate

    for t in tasks:
        scenarios = t.checks.get("scenarios")
        assert scenarios, (t.id, "every task makes its behaviour observable")
        validate(scenarios)
        # userids in fired events belong to clients the scenario added (index + 100), or are deliberately unknown
        for sc in scenarios:
            added = {s["add_client"]["index"] for s in sc["steps"] if "add_client" in s}
            for s in sc["steps"]:
                if "fire_event" in s:
                    for key in ("userid", "attacker", "victim", "subject", "rescuer"):
                        v = s["fire_event"].get("fields", {}).get(key)
                        if isinstance(v, int) and 100 < v < 133:
                            assert v - 100 in added or any("remove_client" in x for x in sc["steps"]), (t.id, sc["name"], key, v)


def test_generated_files_match_the_authoring_scripts():
    proc = subprocess.run([sys.executable, str(TOOLS / "gen_l4d2.py"), "--check"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_sample_tasks_hold_under_the_rubric(by_split):
    """One task per family and split against the real rubric: reference passes, variants fail at their tier."""
    pytest.importorskip("modbench.rubrics.sourcepawn")
    from modbench.rubrics.sourcepawn import score_answer

    sample = []
    for split in ("eval", "train"):
        for fam in FAMILIES:
            sample.append(next(t for t in by_split[split] if t.family == fam))

    async def run():
        out = []
        for t in sample:
            ref = await score_answer(t, t.reference)
            out.append((t.id, "reference", ref.passed, None, None))
            for b in t.broken:
                v = await score_answer(t, b.answer)
                first = next((n for n, r in v.tiers.items() if not r.skipped and not r.ok), None)
                out.append((t.id, b.fails, v.passed, first, v.has_error))
        return out

    for tid, kind, passed, first, has_error in asyncio.run(run()):
        if kind == "reference":
            assert passed, tid
        else:
            assert not has_error and not passed and first == kind, (tid, kind, first)
