"""Exceptions raised while a plugin runs, with SourcePawn's own error texts.

Three kinds, because the simulator treats them differently:
- `PluginRuntimeError`: what SourceMod reports as "Exception reported: ...". It aborts the callback that raised it;
  the game (and the scenario) goes on, exactly as on a real server.
- `BudgetExhausted`: the instruction budget ran out. SourceMod's watchdog would say "Script execution timed out";
  here it ends the whole run, because every later callback would only burn the same budget again.
- `PluginFailed`: SetFailState. The plugin is paused from then on.
"""

from __future__ import annotations

# SourcePawn's error numbers and texts (sp_vm_types.h); only the ones the interpreter raises.
HEAPLOW = "Not enough space on the heap"
INVALID_ADDRESS = "Invalid plugin address"
STACKLOW = "Not enough space on the stack"
INVALID_INSTRUCTION = "Invalid instruction"
STACKMIN = "Stack went below stack boundary"
HEAPMIN = "Heap went below heap boundary"
DIVIDE_BY_ZERO = "Divide by zero"
ARRAY_TOO_BIG = "Dynamic array is too big"
INVALID_ARRAY_SIZE = "Invalid array size"
INTEGER_OVERFLOW = "Integer overflow"
TIMEOUT = "Script execution timed out"
NOT_RUNNABLE = "Plugin not runnable"


class PluginRuntimeError(Exception):
    """A runtime error inside the plugin: bad native argument, array index out of bounds, ThrowError, ..."""

    def __init__(self, message: str, *, native: str | None = None):
        super().__init__(message)
        self.message = message
        self.native = native            # the native that reported it, if any
        self.where: str | None = None   # "file.sp:LINE in Function", filled in by the VM


class BudgetExhausted(Exception):
    """The run's instruction budget is spent (an endless or very long loop)."""

    def __init__(self, where: str | None = None):
        super().__init__(where)
        self.where = where           # where the plugin was when the budget ran out


class PluginFailed(Exception):
    """The plugin called SetFailState (or AskPluginLoad2 refused to load)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadPlugin(Exception):
    """The .smx cannot be loaded at all (not an SMX file, unsupported version, memory image too large)."""
