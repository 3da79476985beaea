"""Generate data/lua_api_catalog.json from the installed engine's lua_api.txt.gz (never by hand).

    python -m modbench.rubrics.luanti.tools.gen_api_catalog [--check]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from modbench.rubrics.luanti.api_catalog import CATALOG_JSON, LUA_API_TXT, parse_lua_api, read_lua_api


def generate() -> str:
    catalog = {"source": str(LUA_API_TXT), "package": "minetest-data",
               "package_version": _dpkg_version("minetest-data"), **parse_lua_api(read_lua_api(LUA_API_TXT))}
    return json.dumps(catalog, indent=1) + "\n"


def _dpkg_version(package: str) -> str | None:
    try:
        proc = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True)
    except OSError:
        return None
    return proc.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed catalog differs")
    args = ap.parse_args(argv)
    text = generate()
    if args.check:
        same = CATALOG_JSON.is_file() and CATALOG_JSON.read_text() == text
        print("up to date" if same else "DIFFERS from lua_api.txt: regenerate with gen_api_catalog")
        return 0 if same else 1
    CATALOG_JSON.write_text(text)
    print(f"wrote {CATALOG_JSON}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
