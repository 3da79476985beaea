"""The container recipe pins the same toolchain versions that discovery reports on this machine."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from modbench.sandboxes import require

CONTAINERFILE = Path(__file__).resolve().parents[1] / "sandboxes" / "images" / "Containerfile"


def pins() -> dict[str, str]:
    text = CONTAINERFILE.read_text()
    found = dict(re.findall(r"^\s+([a-z0-9][a-z0-9.+-]*)=(\S+)\s*\\?$", text, re.MULTILINE))
    found.update(re.findall(r"\b([a-z0-9_-]+)==(\S+)", text))
    return found


def test_every_toolchain_package_is_pinned_to_the_discovered_version():
    p = pins()
    for name in ("spcomp", "luajit", "luacheck", "minetestserver", "bwrap"):
        tc = require(name)
        assert tc.package in p, f"{tc.package} is not pinned in {CONTAINERFILE.name}"
        assert p[tc.package] == tc.package_version, f"{tc.package}: image pins {p[tc.package]}, machine has {tc.package_version}"


def test_python_side_pins_match_the_installed_distributions():
    p = pins()
    assert p["lupa"] == version("lupa")
    assert p["minetest-data"] == require("minetestserver").package_version
