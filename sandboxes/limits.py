"""Resource limits for one sandboxed toolchain run."""

from __future__ import annotations

from dataclasses import dataclass, replace

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Explicit limits; every run states them, so a verdict can always be traced back to the bounds it ran under.

    `memory_bytes` is RLIMIT_AS (virtual address space), which is what stops a memory bomb before it touches the
    host. Tools that reserve large address ranges up front (LuaJIT, the Luanti server) need more than they use.
    """

    wall_seconds: float = 10.0
    cpu_seconds: int = 10
    memory_bytes: int = 1024 * MiB
    file_bytes: int = 64 * MiB          # largest file the program may write
    processes: int = 64                 # RLIMIT_NPROC for the sandbox's own uid (threads count too)
    output_bytes: int = 1 * MiB         # stdout and stderr, each; the program is killed when it exceeds this
    open_files: int = 256

    def with_(self, **changes) -> "Limits":
        return replace(self, **changes)
