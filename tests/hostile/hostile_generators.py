"""Large or odd hostile inputs, made by small functions instead of being stored: a case names one as
`generator = "name:arg"` (see l4d2.toml / luanti.toml). Every generator is deterministic (fixed seeds)."""

from __future__ import annotations

import random

MB = 1 << 20


def _fence(lang: str, body: str, name: str = "") -> str:
    return f"```{lang}{' ' + name if name else ''}\n{body}\n```\n"


def _code(env: str, body: str) -> str:
    return _fence("sourcepawn" if env == "l4d2" else "lua init.lua", body)


# ------------------------------------------------------------------------------------- compiler / parser bombs

def deep_parens(env: str, depth: str) -> str:
    """An expression nested `depth` parentheses deep (crashes or exhausts recursive-descent parsers)."""
    n = int(depth)
    expr = "(" * n + "1" + ")" * n
    if env == "l4d2":
        return _code(env, f"#include <sourcemod>\npublic void OnPluginStart()\n{{\n\tint x = {expr};\n"
                          "\tPrintToServer(\"%d\", x);\n}\n")
    return _code(env, f"local x = {expr}\nprint(x)\n")


def deep_braces(env: str, depth: str) -> str:
    """Nested blocks (SourcePawn) or nested table constructors (Lua), `depth` deep."""
    n = int(depth)
    if env == "l4d2":
        return _code(env, "#include <sourcemod>\npublic void OnPluginStart()\n" + "{" * n + "}" * n + "\n")
    return _code(env, "local t = " + "{" * n + "}" * n + "\nprint(t)\n")


def macro_bomb(env: str, levels: str) -> str:
    """Each macro expands to its predecessor twice: 2**levels tokens once fully expanded."""
    n = int(levels)
    lines = ["#include <sourcemod>", "#define M0 1"]
    lines += [f"#define M{i} (M{i - 1} + M{i - 1})" for i in range(1, n + 1)]
    lines += ["public void OnPluginStart()", "{", f"\tint x = M{n};", "\tPrintToServer(\"%d\", x);", "}"]
    return _code(env, "\n".join(lines))


def long_line(env: str, kib: str) -> str:
    """One source line of `kib` KiB (a string literal), under the code size limits."""
    s = "A" * (int(kib) * 1024)
    if env == "l4d2":
        return _code(env, f'#include <sourcemod>\npublic void OnPluginStart()\n{{\n\tPrintToServer("{s}");\n}}\n')
    return _code(env, f'local s = "{s}"\nprint(#s)\n')


# ------------------------------------------------------------------------------------------ completion shapes

def big_text(env: str, megabytes: str) -> str:
    """A completion of `megabytes` MB: one giant code block of valid-looking lines."""
    target = int(float(megabytes) * MB)
    line = "\tPrintToServer(\"padding\");\n" if env == "l4d2" else "print(\"padding\")\n"
    body = line * (target // len(line) + 1)
    if env == "l4d2":
        return _code(env, "#include <sourcemod>\npublic void OnPluginStart()\n{\n" + body + "}\n")
    return _code(env, body)


def binary_garbage(env: str, kib: str) -> str:
    """Random bytes, decoded the way a careless client might (latin-1): control characters everywhere."""
    rng = random.Random(1234)
    return bytes(rng.getrandbits(8) for _ in range(int(kib) * 1024)).decode("latin-1")


def binary_in_fence(env: str, kib: str) -> str:
    """Random bytes inside a proper code fence."""
    return _code(env, binary_garbage(env, kib).replace("`", "'"))


def invalid_utf8(env: str, _: str = "") -> str:
    """Lone surrogates: what invalid UTF-8 bytes become in a Python str (surrogateescape)."""
    bad = "\udcff\udcfe\ud800"
    if env == "l4d2":
        return _code(env, f'#include <sourcemod>\npublic void OnPluginStart()\n{{\n\tPrintToServer("{bad}");\n}}\n')
    return _code(env, f'print("{bad}")\n')


def many_blocks(env: str, count: str) -> str:
    """`count` tiny fenced blocks (extraction must stay linear)."""
    n = int(count)
    if env == "l4d2":
        return "".join(_fence("sourcepawn", f"int g_x{i};") for i in range(n))
    return "".join(_fence("lua", f"local x{i} = {i}", f"f{i}.lua") for i in range(n))


def many_files(env: str, count: str) -> str:
    """A mod answer of `count` files (the limit is 64)."""
    blocks = [_fence("lua", "dofile(minetest.get_modpath(minetest.get_current_modname()) .. '/f0.lua')",
                     "init.lua")]
    blocks += [_fence("lua", f"local x = {i}", f"lib/f{i}.lua") for i in range(int(count))]
    return "".join(blocks)


def fence_storm(env: str, count: str) -> str:
    """Thousands of lines that open and close fences with odd info strings, and no code."""
    n = int(count)
    return "".join(f"{'`' * (3 + i % 5)}{'x' * (i % 7)}\n" for i in range(n))


def long_file_name(env: str, length: str) -> str:
    name = "a" * int(length) + ".lua"
    return _fence("lua", "print(1)", "init.lua") + _fence("lua", "print(2)", name)


GENERATORS = {f.__name__: f for f in (deep_parens, deep_braces, macro_bomb, long_line, big_text, binary_garbage,
                                      binary_in_fence, invalid_utf8, many_blocks, many_files, fence_storm,
                                      long_file_name)}


def generate(env: str, spec: str) -> str:
    """`name:arg` -> the completion text."""
    name, _, arg = spec.partition(":")
    if name not in GENERATORS:
        raise KeyError(f"unknown generator {name!r}; known: {', '.join(sorted(GENERATORS))}")
    return GENERATORS[name](env, arg)
