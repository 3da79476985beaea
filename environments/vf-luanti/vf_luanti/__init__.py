"""vf-luanti: verifiers v1 environment (module vf_luanti). See README.md."""

from .taskset import LuantiEnv, LuantiTask, LuantiTaskset

__all__ = ["LuantiTaskset", "LuantiEnv", "LuantiTask"]
