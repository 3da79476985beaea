"""vf-l4d2: verifiers v1 environment (module vf_l4d2). See README.md."""

from .taskset import L4D2Env, L4D2Task, L4D2Taskset

__all__ = ["L4D2Taskset", "L4D2Env", "L4D2Task"]
