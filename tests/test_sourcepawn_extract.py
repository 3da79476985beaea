"""Tier `extract`: which code block of a completion is the plugin, and clear verdicts when there is none."""

from __future__ import annotations

import asyncio

from modbench.rubrics.sourcepawn import answer_for_code
from modbench.rubrics.sourcepawn.context import Context
from modbench.rubrics.sourcepawn.extract import MAX_CODE_BYTES, ExtractTier, find_code

PLUGIN = '#include <sourcemod>\n\npublic void OnPluginStart()\n{\n    PrintToServer("hi");\n}'


def extract(text: str, mode: str = "task"):
    ctx = Context(text=text, mode=mode)
    result = asyncio.run(ExtractTier().run(ctx))
    return result, ctx


def test_sourcepawn_fence_is_taken_verbatim():
    result, ctx = extract(f"Here it is:\n\n```sourcepawn\n{PLUGIN}\n```\nHope it helps.")
    assert result.ok and ctx.code == PLUGIN
    assert result.details["source"] == "fence:sourcepawn"


def test_answer_for_code_round_trips():
    result, ctx = extract(answer_for_code(PLUGIN))
    assert result.ok and ctx.code == PLUGIN


def test_sp_c_and_cpp_tags_count_as_sourcepawn():
    for tag in ("sp", "c", "cpp", "SourcePawn"):
        code, where = find_code(f"```{tag}\n{PLUGIN}\n```")
        assert code == PLUGIN and where == f"fence:{tag.lower()}"


def test_block_with_onpluginstart_wins_over_a_longer_snippet():
    snippet = "// config helper\n" + "stock int Helper() { return 1; }\n" * 20
    code, _ = find_code(f"```sourcepawn\n{PLUGIN}\n```\nAnd a helper:\n```sourcepawn\n{snippet}\n```")
    assert code == PLUGIN


def test_longest_block_wins_without_onpluginstart_and_later_wins_a_tie():
    short, long_ = "stock int A() { return 1; }", "stock int B() { return 2; }\nstock int C() { return 3; }"
    assert find_code(f"```sp\n{short}\n```\n```sp\n{long_}\n```")[0] == long_
    first, second = "stock int A() { return 1; }", "stock int B() { return 2; }"
    assert find_code(f"```sp\n{first}\n```\n```sp\n{second}\n```")[0] == second


def test_other_languages_are_ignored_but_an_untagged_plugin_is_found():
    text = f"```ini\nsm_cvar x 1\n```\n```\n{PLUGIN}\n```"
    assert find_code(text) == (PLUGIN, "fence")
    code, why = find_code("```python\nprint('hi')\n```")
    assert code is None and "```sourcepawn" in why and "python" in why


def test_bare_code_without_fence_is_accepted_when_it_looks_like_sourcepawn():
    code, where = find_code(f"Sure!\n{PLUGIN}")
    assert where == "bare" and code.startswith("#include <sourcemod>")
    assert find_code("I cannot help with that.")[0] is None


def test_thinking_is_not_an_answer():
    assert find_code(f"<think>```sourcepawn\n{PLUGIN}\n```</think>No code, sorry.")[0] is None
    assert find_code(f"<think>draft ```sp\nx\n```</think>\n```sourcepawn\n{PLUGIN}\n```")[0] == PLUGIN
    assert find_code(f"<think>still going ```sourcepawn\n{PLUGIN}\n```")[0] is None


def test_unclosed_fence_runs_to_the_end():
    code, _ = find_code(f"```sourcepawn\n{PLUGIN}")
    assert code == PLUGIN


def test_no_code_verdict_tells_the_model_what_to_do():
    result, ctx = extract("Just prose.")
    assert not result.ok and not result.has_error and ctx.code is None
    assert result.details["reason"] == "no_code"
    assert "```sourcepawn" in result.diagnostics[0].message


def test_too_large_code_is_a_clear_verdict():
    big = PLUGIN + "\n" + "// padding padding padding padding\n" * (MAX_CODE_BYTES // 30)
    result, _ = extract(answer_for_code(big))
    assert not result.ok and result.details["reason"] == "too_large"
    assert "answer too large" in result.details["message"]
    result, _ = extract("x" * 3_000_000)
    assert not result.ok and result.details["reason"] == "too_large"


def test_binary_garbage_and_invalid_utf8_get_a_verdict():
    garbage = bytes(range(256)).decode("latin-1") * 50
    result, _ = extract(garbage)
    assert not result.ok and result.details["reason"] == "not_text"
    lone_surrogate = "```sourcepawn\n" + PLUGIN + "\udcff\n```"
    result, _ = extract(lone_surrogate)
    assert not result.ok and result.details["reason"] == "not_text"
    result, _ = extract(answer_for_code(PLUGIN + "\x00"))
    assert not result.ok and result.details["reason"] == "not_text"


def test_file_mode_takes_the_whole_text():
    result, ctx = extract(PLUGIN, mode="file")
    assert result.ok and ctx.code == PLUGIN and result.details["source"] == "file"
