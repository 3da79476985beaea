"""Running untrusted toolchain processes: isolation, limits, timeouts, toolchain discovery and versions.

    from modbench.sandboxes import run, Limits, Bind, WORKDIR
    result = await run(["/tc/luajit", "-b", "init.lua", "/dev/null"], files={"init.lua": src},
                       binds=[Bind(luajit_path, "/tc/luajit")], limits=Limits(wall_seconds=5))
"""

from .concurrency import POOL, set_max_concurrency
from .isolation import WORKDIR, Bind, SandboxUnavailable, isolation_level
from .limits import MiB, Limits
from .runner import BadInput, SandboxResult, run, safe_relpath
from .toolchains import Toolchain, ToolchainMissing, require, versions
from .python_worker import python_binds, python_argv

__all__ = [
    "POOL", "WORKDIR", "BadInput", "Bind", "Limits", "MiB", "SandboxResult", "SandboxUnavailable", "Toolchain",
    "ToolchainMissing", "isolation_level", "python_argv", "python_binds", "require", "run", "safe_relpath",
    "set_max_concurrency", "versions",
]
