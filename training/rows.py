"""Training rows: one (system, user, assistant) conversation per task answer, and the two JSONL shapes they take.

    chatml             {"messages": [system, user, assistant]}            OpenAI fine-tuning format
    prompt-completion  {"prompt": [system, user], "completion": [assistant]}   TRL's prompt/completion format

Both are "conversational" for TRL. `meta` (env, task id, family, source) travels with a row inside this package
for filtering and reporting; it is written to the file only when asked (`--meta`), because the OpenAI format
accepts nothing but the messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

Format = Literal["chatml", "prompt-completion"]
FORMATS: tuple[str, ...] = ("chatml", "prompt-completion")


class DataError(ValueError):
    """A data problem the user can act on (bad JSONL line, unknown format, refused split); one line, exit 2."""


@dataclass
class Row:
    system: str
    user: str
    assistant: str
    meta: dict[str, Any] = field(default_factory=dict)   # env, task_id, family, split, source, ...

    @property
    def key(self) -> str:
        """A readable identity for reports: env/task id and, for harvested rows, where the answer came from."""
        m = self.meta
        base = f"{m.get('env', '?')}/{m.get('task_id', '?')}"
        return base + (f"@{m['origin']}" if m.get("origin") else "")

    def messages(self) -> list[dict[str, str]]:
        system = [{"role": "system", "content": self.system}] if self.system else []
        return [*system, {"role": "user", "content": self.user}, {"role": "assistant", "content": self.assistant}]

    def to_json(self, fmt: Format = "chatml", with_meta: bool = False) -> dict[str, Any]:
        msgs = self.messages()
        if fmt == "chatml":
            out: dict[str, Any] = {"messages": msgs}
        elif fmt == "prompt-completion":
            out = {"prompt": msgs[:-1], "completion": msgs[-1:]}
        else:
            raise DataError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        if with_meta and self.meta:
            out["meta"] = self.meta
        return out


def row_from_json(obj: Any, where: str = "") -> Row:
    """Either JSONL shape back into a Row; anything else raises DataError naming `where`."""
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    if "messages" in obj:
        msgs = obj["messages"]
    elif "prompt" in obj and "completion" in obj:
        prompt, completion = obj["prompt"], obj["completion"]
        if not isinstance(prompt, list) or not isinstance(completion, list):
            raise DataError(f"{where}: prompt and completion must be lists of messages")
        msgs = [*prompt, *completion]
    else:
        raise DataError(f"{where}: expected 'messages' or 'prompt'+'completion'")
    if not isinstance(msgs, list) or not all(isinstance(m, dict) for m in msgs):
        raise DataError(f"{where}: messages must be a list of objects")
    roles = [m.get("role") for m in msgs]
    if not msgs or roles[-1] != "assistant":
        raise DataError(f"{where}: the last message must be the assistant's answer (roles: {roles})")
    contents = [m.get("content") for m in msgs]
    if not all(isinstance(c, str) for c in contents):
        raise DataError(f"{where}: every message needs a string 'content'")
    system = next((c for r, c in zip(roles, contents) if r == "system"), "")
    users = [c for r, c in zip(roles, contents) if r == "user"]
    if len(users) != 1 or len(msgs) > 3:
        raise DataError(f"{where}: expected one system (optional), one user and one assistant message, got {roles}")
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    return Row(system=system, user=users[0], assistant=contents[-1], meta=meta)


def read_rows(path: Path | str) -> list[Row]:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path} does not exist: write it with `modbench data export` or `modbench data harvest`")
    rows = []
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
            rows.append(row_from_json(obj, f"{path}:{lineno}"))
    if not rows:
        raise DataError(f"{path} holds no rows")
    return rows


def write_rows(rows: Iterable[Row], path: Path | str, fmt: Format = "chatml", with_meta: bool = False) -> int:
    """Write rows as JSONL (atomically: a partial file never replaces a good one); returns the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    n = 0
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row.to_json(fmt, with_meta), ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n
