"""The answer format of vf-luanti: a model's completion -> the files of one Luanti mod.

A completion holds fenced code blocks, each headed by its file name, either in the fence's info string or on
the line just before the fence:

    ```lua init.lua            or      **init.lua**  /  `init.lua`  /  -- file: init.lua  (line before)
    ...                                ```lua
    ```                                ...

A single unnamed Lua block is `init.lua`; a missing `mod.conf` is generated from the task's mod name. Names
that would leave the mod folder, too many files or too much text make the answer unusable (`problems`), and
the rubric turns that into a clear failed verdict instead of writing anything anywhere.

Parsing is one linear pass over the lines, so a 10 MB completion or thousands of blocks cost milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modbench.rubrics.verdict import TierResult

MAX_FILES = 64
MAX_TOTAL_BYTES = 1 << 20            # all files together, UTF-8 encoded
MOD_NAME_RE = re.compile(r"^[a-z0-9_]+$")    # the engine's rule for mod names (mod.conf `name`)

# Which files a text answer may write. Everything else is ignored with a note (never written anywhere).
# depends.txt / description.txt are legacy files the engine still reads; they are kept so that a task can
# forbid them (refactor tasks: depends.txt -> mod.conf).
_ALLOWED = (
    re.compile(r"^(?:[A-Za-z0-9_\-]+/)*[A-Za-z0-9_\-.]+\.lua$"),
    re.compile(r"^mod\.conf$"),
    re.compile(r"^settingtypes\.txt$"),
    re.compile(r"^README(?:\.md|\.txt)?$"),
    re.compile(r"^(?:depends|description)\.txt$"),
    re.compile(r"^locale/[A-Za-z0-9_\-.]+\.(?:tr|txt)$"),
)
# a mod folder on disk may also hold data files its code reads (moreores' _config.txt, JSON tables, ...)
_DISK_TEXT = re.compile(r"\.(?:txt|json|conf|cfg|csv|tr|md)$", re.IGNORECASE)
_BINARY_EXT = re.compile(r"\.(?:png|jpe?g|ogg|obj|b3d|x|gltf|glb|mts|we)$", re.IGNORECASE)

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`]*)$")
# A token that names a file: has a slash, a backslash or an extension, or is one of the known bare names.
_FILE_TOKEN = re.compile(r"""^[^\s"'`<>|*]*(?:[/\\.])[^\s"'`<>|*]*$|^(?:README)$""")
_KNOWN_EXT = re.compile(r"\.(?:lua|conf|txt|md|tr|png|jpe?g|ogg|obj|b3d|json)$", re.IGNORECASE)
_LANGS_LUA = {"lua", "luajit", "lua5.1"}
_LANGS_CONF = {"ini", "conf", "cfg", "toml", "properties"}


@dataclass
class ModAnswer:
    mod_name: str
    files: dict[str, str] = field(default_factory=dict)   # relative path -> text; init.lua and mod.conf when ok
    problems: list[str] = field(default_factory=list)     # why the answer is unusable (empty when ok)
    notes: list[str] = field(default_factory=list)        # harmless observations (generated mod.conf, ...)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def conf(self) -> dict[str, str]:
        return parse_mod_conf(self.files.get("mod.conf", ""))

    @property
    def depends(self) -> list[str]:
        """Hard dependencies declared in mod.conf (or the legacy depends.txt)."""
        return _declared(self, optional=False)

    @property
    def optional_depends(self) -> list[str]:
        return _declared(self, optional=True)

    def lua_files(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".lua"))


def parse_mod_conf(text: str) -> dict[str, str]:
    """`key = value` lines of a mod.conf (the engine's Settings format, without multi-line values)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def _split_names(value: str) -> list[str]:
    return [n.strip() for n in re.split(r"[,\s]+", value) if n.strip()]


def _declared(mod: ModAnswer, *, optional: bool) -> list[str]:
    conf = mod.conf
    names = _split_names(conf.get("optional_depends" if optional else "depends", ""))
    legacy = mod.files.get("depends.txt")
    if legacy and not conf.get("depends") and not conf.get("optional_depends"):
        for line in legacy.splitlines():
            line = line.strip()
            if line and (line.endswith("?") == optional):
                names.append(line.rstrip("?").strip())
    seen: list[str] = []
    for n in names:
        if n not in seen:
            seen.append(n)
    return seen


# --------------------------------------------------------------------------------------------------- parsing

@dataclass
class _Block:
    info: str                 # the fence's info string
    label: str | None         # the file-name-like line before the fence, already extracted
    body: str
    line: int                 # 1-based line of the opening fence
    closed: bool


def clean_text(text: str | bytes) -> str:
    """Any completion as clean text: invalid UTF-8 and lone surrogates replaced, CRLF/CR as LF."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "replace")
    else:
        text = str(text).encode("utf-8", "replace").decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _label_of(line: str) -> str | None:
    """The file name a line before a fence announces, if it announces one."""
    s = line.strip()
    if not s or len(s) > 160:
        return None
    # `-- file: init.lua`, `# File: init.lua`, `**init.lua**`, `### `init.lua``, `init.lua:`
    bare = re.sub(r"^(?:--+|#+|//+|>+)\s*", "", s)
    bare = bare.strip("*_` \t")
    bare = re.sub(r"^(?:file(?:name)?|path)\s*[:=]\s*", "", bare, flags=re.IGNORECASE)
    bare = bare.strip("*_` \t").rstrip(":").strip("*_` \t")
    if bare and " " not in bare and _FILE_TOKEN.match(bare) and (_KNOWN_EXT.search(bare) or "/" in bare
                                                                 or bare.startswith(("..", "/", "\\"))):
        return bare
    # "Create `mymod/init.lua`:" - a short line with exactly one backticked file name
    ticked = [t for t in re.findall(r"`([^`\s]+)`", s) if _FILE_TOKEN.match(t) and _KNOWN_EXT.search(t)]
    if len(ticked) == 1 and len(s) <= 120:
        return ticked[0]
    return None


def _name_in_info(info: str) -> tuple[str, str | None]:
    """(language, file name) from a fence info string such as `lua init.lua`, `lua:init.lua`, `init.lua`."""
    info = info.strip()
    if not info:
        return "", None
    tokens = re.split(r"[\s]+", info)
    lang = tokens[0]
    rest = tokens[1:]
    if ":" in lang and not lang.startswith(("/", ".")):          # ```lua:init.lua
        lang, _, first = lang.partition(":")
        rest = [first, *rest]
    elif _FILE_TOKEN.match(lang) and (_KNOWN_EXT.search(lang) or "/" in lang or "\\" in lang):   # ```init.lua
        rest = [lang, *rest]
        lang = _lang_for(lang)
    for tok in rest:
        tok = re.sub(r"^(?:title|file(?:name)?|name|path)\s*=\s*", "", tok, flags=re.IGNORECASE).strip("\"'{}")
        if tok and tok not in ("--", "#") and _FILE_TOKEN.match(tok):
            return lang.lower(), tok
    return lang.lower(), None


def _lang_for(name: str) -> str:
    if name.endswith(".lua"):
        return "lua"
    if name.endswith(".conf"):
        return "ini"
    return "text"


def _first_line_name(body: str) -> str | None:
    """`-- file: init.lua` or `-- mymod/init.lua` as the first line inside a Lua block."""
    first = body.split("\n", 1)[0].strip()
    m = re.match(r"^--+\s*(?:file(?:name)?\s*:\s*)?([^\s]+)\s*$", first, re.IGNORECASE)
    if m and _FILE_TOKEN.match(m.group(1)) and _KNOWN_EXT.search(m.group(1)):
        return m.group(1)
    return None


def _blocks(text: str) -> list[_Block]:
    lines = text.split("\n")
    blocks: list[_Block] = []
    i, n = 0, len(lines)
    while i < n:
        m = _FENCE_OPEN.match(lines[i])
        if not m or (m.group(1)[0] == "`" and "`" in m.group(2)):
            i += 1
            continue
        fence, info = m.group(1), m.group(2)
        label = None
        j = i - 1
        while j >= 0 and j >= i - 3 and not lines[j].strip():
            j -= 1
        if j >= 0 and not _FENCE_OPEN.match(lines[j]):
            label = _label_of(lines[j])
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        k = i + 1
        while k < n and not close.match(lines[k]):
            k += 1
        blocks.append(_Block(info=info, label=label, body="\n".join(lines[i + 1:k]), line=i + 1, closed=k < n))
        i = k + 1
    return blocks


def normalize_path(name: str, mod_name: str) -> str:
    """A safe path relative to the mod folder, or ValueError saying why not.

    `./init.lua` and `<mod_name>/init.lua` (a model naming the folder too) are the mod's own `init.lua`.
    """
    if not name or "\x00" in name or "\\" in name or name.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", name):
        raise ValueError(f"file name {name!r} is not a relative path inside the mod folder")
    parts = [p for p in PurePosixPath(name).parts if p != "."]
    if any(p == ".." for p in parts) or not parts:
        raise ValueError(f"file name {name!r} escapes the mod folder")
    if len(parts) > 1 and parts[0] in (mod_name, "mods"):
        parts = parts[1:]
        if len(parts) > 1 and parts[0] == mod_name:      # mods/<mod_name>/init.lua
            parts = parts[1:]
    if len(name) > 200 or len(parts) > 6:
        raise ValueError(f"file name {name!r} is too long or too deep")
    return "/".join(parts)


def _allowed(path: str) -> bool:
    return any(p.match(path) for p in _ALLOWED)


def parse_answer(text: str | bytes, mod_name: str, *, depends: list[str] | tuple[str, ...] = ()) -> ModAnswer:
    """The mod files a completion defines. Never raises for any input text.

    `depends` (the task's `checks.depends`) go into a generated mod.conf, so that an answer which leaves
    mod.conf out still loads after the mods the task said it may use.
    """
    mod = ModAnswer(mod_name=mod_name)
    if not MOD_NAME_RE.match(mod_name or ""):
        mod.problems.append(f"the task's mod name {mod_name!r} is not a valid Luanti mod name ([a-z0-9_]+)")
        return mod
    text = clean_text(text)
    blocks = _blocks(text)
    if not blocks:
        mod.problems.append("no fenced code block found: put each file in a ```lua init.lua ... ``` block")
        return mod

    named: list[tuple[str, _Block]] = []
    unnamed_lua: list[_Block] = []
    unnamed_plain: list[_Block] = []
    ignored = 0
    for b in blocks:
        lang, name = _name_in_info(b.info)
        name = name or b.label
        if name is None and lang in _LANGS_LUA | {""}:
            name = _first_line_name(b.body)
        if name is None and lang in _LANGS_CONF | {"", "text", "txt"} and re.match(r"^\s*name\s*=", b.body):
            name = "mod.conf"
            mod.notes.append(f"block at line {b.line} looks like mod.conf (starts with `name =`): used as mod.conf")
        if name is not None:
            named.append((name, b))
        elif lang in _LANGS_LUA:
            unnamed_lua.append(b)
        elif lang == "":
            unnamed_plain.append(b)
        else:
            ignored += 1

    files: dict[str, str] = {}
    origin: dict[str, int] = {}
    for name, b in named:
        try:
            path = normalize_path(name, mod_name)
        except ValueError as exc:
            mod.problems.append(f"block at line {b.line}: {exc}")
            continue
        if _BINARY_EXT.search(path):
            mod.notes.append(f"block at line {b.line}: {path} is a binary asset and cannot be written from text; "
                             "ignored")
            continue
        if not _allowed(path):
            mod.notes.append(f"block at line {b.line}: {path} is not a mod file this format writes "
                             "(*.lua, mod.conf, settingtypes.txt, README.md, locale/*.tr); ignored")
            continue
        if path in files:
            mod.notes.append(f"{path} appears again at line {b.line} (first at line {origin[path]}); "
                             "the later block is used")
        files[path] = b.body + ("\n" if b.body and not b.body.endswith("\n") else "")
        origin[path] = b.line
        if not b.closed:
            mod.notes.append(f"the block for {path} (line {b.line}) has no closing fence; read to the end")

    used: set[int] = set()
    if "init.lua" not in files:
        candidates = unnamed_lua or unnamed_plain
        if len(candidates) == 1:
            b = candidates[0]
            files["init.lua"] = b.body + ("\n" if b.body and not b.body.endswith("\n") else "")
            used.add(b.line)
            mod.notes.append(f"the unnamed block at line {b.line} is used as init.lua")
        elif len(candidates) > 1 and not files:
            mod.problems.append(f"{len(candidates)} code blocks without file names: head each one with its file "
                                "name (```lua init.lua)")
            return mod
    ignored += sum(1 for b in unnamed_lua + unnamed_plain if b.line not in used)
    if ignored:
        mod.notes.append(f"{ignored} code block(s) without a mod file name were ignored")

    if mod.problems:
        return mod
    if len(files) > MAX_FILES:
        mod.problems.append(f"the answer defines {len(files)} files; at most {MAX_FILES} are allowed")
        return mod
    total = sum(len(v.encode("utf-8")) for v in files.values())
    if total > MAX_TOTAL_BYTES:
        mod.problems.append(f"the answer's files hold {total} bytes; at most {MAX_TOTAL_BYTES} are allowed")
        return mod
    mod.files = files
    _finish(mod, depends)
    return mod


def _finish(mod: ModAnswer, depends: list[str] | tuple[str, ...]) -> None:
    """Checks shared by answers and mod folders: init.lua present, mod.conf present and naming this mod."""
    if "init.lua" not in mod.files:
        mod.problems.append("no init.lua: the engine runs init.lua first, so every mod needs one")
        return
    if "mod.conf" not in mod.files:
        lines = [f"name = {mod.mod_name}"]
        deps = [d for d in depends if MOD_NAME_RE.match(d)]
        if deps:
            lines.append("depends = " + ", ".join(deps))
        mod.files["mod.conf"] = "\n".join(lines) + "\n"
        mod.notes.append("mod.conf was not given; generated one: " + "; ".join(lines))
        return
    declared = mod.conf.get("name")
    if declared is None:
        mod.notes.append(f"mod.conf has no `name`; the engine uses the folder name {mod.mod_name!r}")
    elif declared != mod.mod_name:
        if not MOD_NAME_RE.match(declared):
            mod.problems.append(f"mod.conf name {declared!r} does not follow the engine's naming rule [a-z0-9_]")
        else:
            mod.problems.append(f"mod.conf says name = {declared} but the mod must be called {mod.mod_name!r}")


def load_mod_dir(path: Path, *, max_files: int = 256, max_bytes: int = 8 * MAX_TOTAL_BYTES) -> ModAnswer:
    """The mod in a folder on disk (for `modbench check luanti`), read with the same rules as an answer.

    The name is mod.conf's `name` when it has one, else the folder's name. Symlinks and files the format does not
    cover are skipped. Local mods may be larger than an answer, hence the looser default limits.
    """
    path = Path(path)
    conf_path = path / "mod.conf"
    conf = parse_mod_conf(conf_path.read_text("utf-8", "replace")) if conf_path.is_file() else {}
    mod = ModAnswer(mod_name=conf.get("name") or path.name)
    if not path.is_dir():
        mod.problems.append(f"{path} is not a directory")
        return mod
    if (path / "modpack.conf").is_file() or (path / "modpack.txt").is_file():
        mod.problems.append(f"{path} is a modpack: check its mods one by one")
        return mod
    if not MOD_NAME_RE.match(mod.mod_name):
        mod.problems.append(f"mod name {mod.mod_name!r} does not follow the engine's naming rule [a-z0-9_]")
        return mod
    total = 0
    for f in sorted(path.rglob("*")):
        rel = f.relative_to(path).as_posix()
        if f.is_symlink() or not f.is_file() or any(p.startswith(".") for p in rel.split("/")):
            continue
        if not _allowed(rel) and not _DISK_TEXT.search(rel):
            continue
        if len(mod.files) >= max_files:
            mod.problems.append(f"{path} has more than {max_files} mod files")
            return mod
        data = f.read_bytes()
        total += len(data)
        if total > max_bytes:
            mod.problems.append(f"{path} holds more than {max_bytes} bytes of mod files")
            return mod
        mod.files[rel] = clean_text(data)
    if "mod.conf" not in mod.files and "init.lua" in mod.files:
        mod.notes.append("no mod.conf: the engine loads such a mod with a deprecation warning")
        mod.files["mod.conf"] = f"name = {mod.mod_name}\n"
    _finish(mod, ())
    return mod


def answer_for_files(files: dict[str, str]) -> str:
    """Render mod files as a model answer in the canonical format (mod.conf, init.lua, then the rest)."""
    order = sorted(files, key=lambda p: (p != "mod.conf", p != "init.lua", p))
    parts = []
    for name in order:
        body = files[name]
        longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=0)
        fence = "`" * max(3, longest + 1)
        lang = "ini" if name.endswith(".conf") else ("lua" if name.endswith(".lua") else "text")
        parts.append(f"{fence}{lang} {name}\n{body.rstrip(chr(10))}\n{fence}")
    return "\n\n".join(parts) + "\n"


# ------------------------------------------------------------------------------------------------------ tier

class ParseTier:
    """Tier `parse`: the completion -> `ctx.mod`. Fails on unusable answers and on files the task forbids."""

    name = "parse"
    required = True

    async def run(self, ctx) -> "TierResult":
        from modbench.rubrics.verdict import Diagnostic, TierResult  # noqa: PLC0415  (verdict is tiny)

        checks = ctx.checks
        if ctx.mod is None:
            depends = [d for d in checks.get("depends", []) if isinstance(d, str)]
            ctx.mod = parse_answer(ctx.answer, ctx.mod_name, depends=depends)
        mod: ModAnswer = ctx.mod
        diags = [Diagnostic("parse", "error", p, code="answer") for p in mod.problems]
        diags += [Diagnostic("parse", "info", n, code="answer") for n in mod.notes]
        forbidden = [f for f in checks.get("forbid_files", []) if f in mod.files]
        for f in forbidden:
            diags.append(Diagnostic("parse", "error", f"{f} must not be part of this mod (the task forbids it)",
                                    file=f, code="forbid_files"))
        ok = mod.ok and not forbidden
        details = {"mod_name": mod.mod_name, "files": sorted(mod.files),
                   "bytes": sum(len(v.encode("utf-8")) for v in mod.files.values()),
                   "problems": list(mod.problems), "notes": list(mod.notes), "forbidden_files": forbidden}
        return TierResult("parse", ok, details=details, diagnostics=diags)
