"""The simulated SourceMod/L4D2 native layer: `NATIVES` maps every implemented native name to its function.

Importing the area modules registers their natives (the `@native` decorator in `base.py`).
"""

from . import adt, commands, convars, entities, events, files, fmt, mathf, menus, output  # noqa: F401
from . import players, strings, system, timers  # noqa: F401
from .base import NATIVES

__all__ = ["NATIVES"]
