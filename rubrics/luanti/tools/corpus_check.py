"""Run the fast tiers over real, published mods (the Debian minetest-mod-* packages) to find false positives.

    apt-get install -y --no-install-recommends minetest-mod-moreores minetest-mod-mesecons ...
    python -m modbench.rubrics.luanti.tools.corpus_check [ROOT=/usr/share/games/minetest/mods] [--sim]

Every mod below ROOT (modpacks are opened) is checked with its package siblings as `--with` dependencies,
like `modbench check luanti PKG --with ...`. Published mods that load fine in the real engine should pass
syntax and lint; every error printed here is either a real finding or a false positive to fix.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from pathlib import Path

from modbench.rubrics.engine import run_tiers
from modbench.rubrics.luanti.answer import load_mod_dir
from modbench.rubrics.luanti.context import LuantiContext
from modbench.rubrics.luanti.fast import fast_tiers


def mod_dirs(root: Path) -> list[Path]:
    """Mod folders below root: a folder with init.lua that is not inside another mod (moreblocks/stairsplus is
    a part of moreblocks that its init.lua dofile()s, not a mod)."""
    out: list[Path] = []
    for init in sorted(root.rglob("init.lua"), key=lambda p: len(p.parts)):
        d = init.parent
        if any(d.is_relative_to(m) for m in out):
            continue
        if not (d / "modpack.conf").exists() and not (d / "modpack.txt").exists():
            out.append(d)
    return sorted(out)


async def check(root: Path, tiers: set[str]) -> int:
    packages = sorted(p for p in root.iterdir() if p.is_dir())
    failures = 0
    errors: Counter = Counter()
    for pkg in packages:
        for d in mod_dirs(pkg):
            mod = load_mod_dir(d)
            ctx = LuantiContext(answer="", spec=None, mod=mod, deps=packages)
            verdict = await run_tiers(fast_tiers(), ctx, enabled=tiers)
            bad = [x for x in verdict.diagnostics if x.severity == "error"]
            status = "ok" if verdict.passed else ("ERROR" if verdict.has_error else "FAIL")
            lint = verdict.tiers.get("lint")
            warn = lint.details.get("warnings", 0) if lint and not lint.skipped else "-"
            print(f"{status:5} {pkg.name:18} {mod.mod_name:28} files={len(mod.lua_files()):3} warnings={warn}")
            for x in bad[:8]:
                print("        ", x.render()[:220])
                errors[x.code] += 1
            if verdict.error:
                print("         infra:", verdict.error[:300])
            failures += not verdict.passed
    print("\nerror codes:", dict(errors.most_common()))
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", nargs="?", default="/usr/share/games/minetest/mods", type=Path)
    ap.add_argument("--sim", action="store_true", help="also run the sim tier")
    args = ap.parse_args(argv)
    tiers = {"parse", "syntax", "lint"} | ({"sim"} if args.sim else set())
    failures = asyncio.run(check(args.root, tiers))
    print(f"{failures} mods failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
