"""Write the vf-l4d2 task files from the authoring modules in this folder.

    .venv/bin/python scenarios/tools/gen_l4d2.py [--split eval|train] [--out DIR] [--check]

eval: hand-written tasks (l4d2_eval_*.py). train: parametrised templates (l4d2_train.py). The output is a pure
function of those modules (no randomness, no clock), so regenerating gives byte-identical files; `--check`
compares instead of writing and exits 1 on any difference (the suite test runs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from l4d2_common import Task, task_toml  # noqa: E402

ROOT = Path(__file__).resolve().parents[1] / "l4d2"


def eval_tasks() -> list[Task]:
    import l4d2_eval_a  # noqa: PLC0415
    mods = [l4d2_eval_a]
    for name in ("l4d2_eval_b", "l4d2_eval_c", "l4d2_eval_d"):
        try:
            mods.append(__import__(name))
        except ModuleNotFoundError:
            pass
    out: list[Task] = []
    for mod in mods:
        for fn in mod.THEMES if hasattr(mod, "THEMES") else []:
            out.extend(fn())
    return out


def train_tasks() -> list[Task]:
    try:
        import l4d2_train  # noqa: PLC0415
    except ModuleNotFoundError:
        return []
    return l4d2_train.tasks()


def render(split: str) -> dict[str, str]:
    tasks = eval_tasks() if split == "eval" else train_tasks()
    files: dict[str, str] = {}
    for t in tasks:
        if t.id in files:
            raise SystemExit(f"duplicate task id {t.id}")
        files[t.id] = task_toml(t, "l4d2", split)
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["eval", "train"], action="append")
    ap.add_argument("--out", type=Path, default=ROOT)
    ap.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = ap.parse_args()
    bad = 0
    for split in args.split or ["eval", "train"]:
        files = render(split)
        folder = args.out / split
        existing = {p.stem for p in folder.glob("*.toml")} if folder.is_dir() else set()
        if args.check:
            for tid, text in files.items():
                p = folder / f"{tid}.toml"
                if not p.is_file() or p.read_text(encoding="utf-8") != text:
                    print(f"differs: {p}")
                    bad += 1
            for stale in sorted(existing - set(files)):
                print(f"not generated: {folder / (stale + '.toml')}")
                bad += 1
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for stale in sorted(existing - set(files)):
            (folder / f"{stale}.toml").unlink()
        for tid, text in files.items():
            (folder / f"{tid}.toml").write_text(text, encoding="utf-8")
        print(f"{split}: wrote {len(files)} task files to {folder}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
