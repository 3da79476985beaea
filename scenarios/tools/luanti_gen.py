"""Generate the vf-luanti task files: scenarios/luanti/{eval,train}/<id>.toml (deterministic).

    .venv/bin/python scenarios/tools/luanti_gen.py            # rewrite every task file
    .venv/bin/python scenarios/tools/luanti_gen.py --check    # fail if the files on disk differ

Every task is built from a reviewed kind (luanti_bases / luanti_refactors / luanti_docs) and a theme
(luanti_themes); eval and train use disjoint theme lists. The schedule spreads kinds evenly over themes and
never builds the same (kind, theme) base twice within a split, so no two tasks share a reference mod.

The train split also holds hand-written tasks (luanti_unique_docs / luanti_unique_mods), each its own mod in its
own setting, and drops the template tasks listed in RETIRED. No two tasks of a split may be near-duplicates by
the measure the training export's quality filter uses (checked on every run, --check included).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import luanti_bases as bases
import luanti_docs as docs
import luanti_refactors as refactors
import luanti_unique_docs as unique_docs
import luanti_unique_mods as unique_mods
from luanti_common import SUITE, Task, Variant, api_quote, render_answer, task_toml
from luanti_families import (ANSWER_FORMAT, ENGINE, INJECTIONS, REPAIR_BUGS, TIER, bullets, checks_for, files_of,
                             first_tier, repair, scaffold)
from luanti_themes import EVAL, SETTINGS, TRAIN

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from modbench.training.quality import NEAR_DUP_THRESHOLD, find_duplicates  # noqa: E402

COUNTS = {"eval": {"scaffold": 25, "repair": 27, "refactor": 25, "doc": 26},
          "train": {"scaffold": 80, "repair": 84, "refactor": 80, "doc": 80}}


# Doc tasks test using an API from its documentation, so eval asks for APIs that train never shows.
DOC_APIS = {
    "eval": ["swap_node", "find_node_near", "get_node_timer", "serialize", "add_item", "hash_node_position"],
    "train": ["objects_inside_radius", "find_nodes_in_area", "item_eat_replace", "formspec_escape", "colorize",
              "mod_storage", "get_item_group", "override_item", "write_json", "wrap_text"],
}
assert not set(DOC_APIS["eval"]) & set(DOC_APIS["train"])
assert set(DOC_APIS["eval"]) | set(DOC_APIS["train"]) == set(docs.KINDS)
EVAL_DOC_CALLS = ("minetest.swap_node", "minetest.find_node_near", "minetest.get_node_timer", "minetest.serialize",
                  "minetest.deserialize", "minetest.add_item", "minetest.hash_node_position",
                  "minetest.get_position_from_hash")

# Template doc tasks that came out as near-duplicates of a sibling of the same kind (only a command name and a
# number differ; the export's quality filter measured Jaccard 0.86-0.88 and dropped them). The hand-written doc
# tasks of luanti_unique_docs.py take their place.
RETIRED = {
    "doc_get_item_group_pottery", "doc_get_item_group_robotics", "doc_get_item_group_salt_flats",
    "doc_get_item_group_winery", "doc_get_item_group_wizard_tower", "doc_override_item_sunken_ship",
    "doc_wrap_text_dwarf_hall", "doc_wrap_text_mangrove", "doc_wrap_text_mine_shaft", "doc_wrap_text_quarry",
    "doc_wrap_text_space_station", "doc_write_json_hunting_lodge", "doc_write_json_library", "doc_write_json_meadow",
    "doc_write_json_monastery", "doc_write_json_oil_rig", "doc_write_json_pirate_cove", "doc_write_json_savanna",
}


def rng_for(*parts) -> random.Random:
    return random.Random(":".join(map(str, parts)))


class Schedule:
    """Hands out (kind, theme) pairs round-robin; each base pair is used once per split."""

    def __init__(self, themes):
        self.themes = themes
        self.used: set[tuple[str, str]] = set()
        self.cursor = 0

    def theme_for(self, kind: str, ok=lambda th: True):
        for step in range(len(self.themes)):
            th = self.themes[(self.cursor + step) % len(self.themes)]
            if (kind, th.key) not in self.used and ok(th):
                self.used.add((kind, th.key))
                self.cursor = (self.cursor + step + 1) % len(self.themes)
                return th
        return None


def refactor_task(rf: refactors.Refactor, split: str, th, label: str) -> Task:
    b = rf.base
    apis = ", ".join(f"`{a}`" for a in b.require_api)
    if split == "eval":
        prompt = (
            f"My {ENGINE} mod `{b.mod}` is old:\n\n{render_answer(rf.legacy)}\nModernise it: {rf.what}. It has to "
            f"keep working exactly as now:\n{bullets(b.requirements)}\n\nThe result uses {apis}; in the real "
            f"engine, {b.observe}.\n\n{ANSWER_FORMAT}"
        )
    else:
        prompt = (
            f"Port this legacy {ENGINE} mod `{b.mod}` to the current API: {rf.what}. The behaviour must not "
            f"change:\n{bullets(b.requirements)}\n\nThe port uses {apis}. Checked in the real engine: "
            f"{b.observe}.\n\n{render_answer(rf.legacy)}\n{ANSWER_FORMAT}"
        )
    extra = {}
    if rf.forbid_api:
        extra["forbid_api"] = rf.forbid_api
    if rf.forbid_files:
        extra["forbid_files"] = rf.forbid_files
    broken = [Variant(files, first_tier(b, files["init.lua"], cls), why, intro="Ported mod:")
              for files, cls, why in rf.variants]
    return Task(id=f"refactor_{label}_{th.key}", family="refactor", split=split, theme=th.key,
                title=f"{th.title}: port `{b.mod}` ({rf.kind.replace('_', ' ')})", prompt=prompt,
                files=files_of(b), broken=broken, checks=checks_for(b, **extra),
                tags=["refactor", rf.kind, *b.tags], intro="The ported mod:")


def doc_task(d: docs.Doc, split: str, th) -> Task:
    b = d.base
    prompt = (
        f"Build {d.task} as a {ENGINE} mod named `{b.mod}`, using `{d.api}`. Its entry in lua_api.txt "
        f"(5.6.1) reads:\n\n```\n{api_quote(d.api)}\n```\n\nRequirements:\n{bullets(b.requirements)}\n\n"
        f"Checked in the real engine: {b.observe}. mod.conf: `name = {b.mod}`, a description, "
        f"`depends = {', '.join(b.depends)}`.\n\n{ANSWER_FORMAT}"
    )
    broken = [Variant(files_of(b, init), first_tier(b, init, cls), why) for init, cls, why in d.variants]
    return Task(id=f"doc_{b.kind}_{th.key}", family="doc", split=split, theme=th.key,
                title=f"{th.title}: {d.api} in `{b.mod}`", prompt=prompt, files=files_of(b), broken=broken,
                checks=checks_for(b), api=[d.api], tags=["doc", b.kind])


def build(split: str) -> list[Task]:
    themes = EVAL if split == "eval" else TRAIN
    counts = COUNTS[split]
    sched = Schedule(themes)
    tasks: list[Task] = []
    kinds = list(bases.KINDS)

    def base(kind, th):
        return bases.KINDS[kind](th, rng_for("base", kind, th.key))

    for i in range(counts["scaffold"]):
        kind = kinds[i % len(kinds)]
        th = sched.theme_for(kind)
        tasks.append(scaffold(base(kind, th), split, th, rng_for("scaffold", kind, th.key)))

    made = 0
    i = 0
    while made < counts["repair"]:
        bug = REPAIR_BUGS[i % len(REPAIR_BUGS)]
        i += 1
        for k in range(len(kinds)):
            kind = kinds[(i + k) % len(kinds)]
            probe_base = base(kind, themes[0])
            if bug != "logic" and not INJECTIONS[bug](probe_base, probe_base.init):
                continue
            th = sched.theme_for(kind)
            if th is None:
                continue
            t = repair(base(kind, th), bug, split, th, rng_for("repair", bug, kind, th.key))
            if t:
                tasks.append(t)
                made += 1
                break

    rkinds = ["depends_txt", "env", *refactors.CUSTOM]
    made = i = 0
    while made < counts["refactor"]:
        rk = rkinds[i % len(rkinds)]
        i += 1
        if rk in refactors.BASED:
            for k in range(len(kinds)):
                kind = kinds[(i + k) % len(kinds)]
                if not refactors.BASED[rk](base(kind, themes[0])):
                    continue
                th = sched.theme_for(kind)
                if th is None:
                    continue
                tasks.append(refactor_task(refactors.BASED[rk](base(kind, th)), split, th, f"{rk}_{kind}"))
                made += 1
                break
        else:
            th = sched.theme_for(rk)
            tasks.append(refactor_task(refactors.CUSTOM[rk](th, rng_for("refactor", rk, th.key)), split, th, rk))
            made += 1

    dkinds = DOC_APIS[split]
    for i in range(counts["doc"]):
        dk = dkinds[i % len(dkinds)]
        th = sched.theme_for(dk)
        tasks.append(doc_task(docs.KINDS[dk](th, rng_for("doc", dk, th.key)), split, th))
    if split == "train":
        tasks = [t for t in tasks if t.id not in RETIRED] + unique(split)
    return tasks


def unique(split: str) -> list[Task]:
    """The hand-written train tasks. None of them may use an API that an eval doc task asks about."""
    tasks = []
    for make in unique_docs.KINDS:
        key, d = make()
        tasks.append(doc_task(d, split, SETTINGS[key]))
    for make, s_key, s_args, r_key, bug, r_args in unique_mods.BASES:
        b = make(**s_args)
        tasks.append(scaffold(b, split, SETTINGS[s_key], rng_for("scaffold", b.kind, s_key)))
        b = make(**r_args)
        t = repair(b, bug, split, SETTINGS[r_key], rng_for("repair", bug, b.kind, r_key))
        assert t is not None, f"{b.kind} has no site for a {bug} bug"
        tasks.append(t)
    for make in unique_mods.REFACTORS:
        key, rf = make()
        tasks.append(refactor_task(rf, split, SETTINGS[key], rf.kind))
    for t in tasks:
        used = [api for api in EVAL_DOC_CALLS if any(api + "(" in text for text in t.files.values())]
        assert not used, f"{t.id} uses {used}, which eval doc tasks ask about"
    return tasks


def assert_no_near_duplicates(tasks: list[Task]) -> None:
    """The export's quality filter drops a row whose prompt+answer is a near-duplicate of an earlier one; a task
    the filter would drop is a task wasted, so the generator refuses to write one."""
    texts = [t.prompt.strip() + "\n" + render_answer(t.files, t.intro).strip() for t in tasks]
    dups = find_duplicates(texts, NEAR_DUP_THRESHOLD)
    bad = [f"{tasks[i].id} ~ {tasks[j].id} ({reason}, Jaccard {sim:.2f})" for i, (reason, j, sim) in dups.items()]
    assert not bad, "near-duplicate tasks:\n" + "\n".join(bad)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    want: dict[Path, str] = {}
    for split in ("eval", "train"):
        tasks = build(split)
        if split == "train":        # the split that is exported as training data
            assert_no_near_duplicates(tasks)
        for t in tasks:
            path = SUITE / split / f"{t.id}.toml"
            assert path not in want, f"duplicate task id {t.id}"
            want[path] = task_toml(t)
    have = {p: p.read_text() for s in ("eval", "train") for p in (SUITE / s).glob("*.toml")}
    if args.check:
        diff = sorted(str(p) for p in set(want) | set(have) if want.get(p) != have.get(p))
        print("\n".join(diff) or "up to date")
        return 1 if diff else 0
    for p in set(have) - set(want):
        p.unlink()
    for p, text in want.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        if have.get(p) != text:
            p.write_text(text)
    print(f"{len(want)} task files ({sum(1 for p in want if p.parent.name == 'eval')} eval)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
