"""The task file schema shared by both environments: one reviewed TOML file per task.

    scenarios/<env>/<split>/<task id>.toml

Task knowledge lives in these files, not in code branches: the prompt, the reference answer, the broken
variants with the tier each must fail, and `checks`, the environment-specific expectations (required natives,
a behaviour scenario, engine probes, ...) that the environment's rubric validates and runs.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Env = Literal["l4d2", "luanti"]
Family = Literal["scaffold", "repair", "refactor", "doc"]
Split = Literal["eval", "train"]
FAMILIES: tuple[str, ...] = ("scaffold", "repair", "refactor", "doc")
ENVS: tuple[str, ...] = ("l4d2", "luanti")

_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{2,100}$")
# The seed projects found that vague one-word prompts ("Implement: ...") ruin training data.
VAGUE_PROMPT = re.compile(r"^\s*(implement|write|create|make)\s*:?\s*\S*\s*$", re.IGNORECASE)


class BrokenVariant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str                      # a completion, formatted like a model's answer
    fails: str                       # the tier that must fail for this variant (e.g. "compile", "behaviour")
    why: str                         # what is wrong with it, for reviewers


class TaskSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    env: Env
    family: Family
    split: Split
    theme: str                       # train and eval never share a theme (checked by the leak test)
    title: str
    prompt: str                      # the full user message; repair/refactor prompts include the code
    reference: str                   # a passing answer, formatted exactly like a model's completion
    broken: list[BrokenVariant] = Field(min_length=2)
    checks: dict[str, Any] = Field(default_factory=dict)
    api: list[str] = Field(default_factory=list)        # doc tasks: the API the task is about
    tags: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"task id {v!r} must be lowercase letters, digits, '-' and '_' (3-100 chars)")
        return v

    @field_validator("prompt")
    @classmethod
    def _specific_prompt(cls, v: str) -> str:
        if len(v.strip()) < 60 or VAGUE_PROMPT.match(v):
            raise ValueError("prompt is too vague: say what to build, which API/events to use and what to observe")
        return v
