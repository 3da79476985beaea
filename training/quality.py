"""The quality filter every exported or harvested row passes through, and the report of what it dropped.

Why each check exists:
- vague prompts: the L4D2 seed project found 69% of its prompts were one-line "Implement: <signature>" snippets,
  and training on them failed completely. A prompt must say what to build in words, not only paste code.
- duplicates and near-duplicates: repeated (prompt, answer) pairs over-weight one task and leak memorisation.
  Near-duplicates are found by MinHash over word 5-gram shingles, confirmed by exact Jaccard similarity.
- over-long rows: a row longer than the training context is truncated mid-answer, teaching the model to stop
  writing code halfway. The length is measured with the tokenizer when one is given, else estimated.
- answers that fail the rubric: a reference that does not pass its own environment's checks teaches wrong code.
  Answers the rubric could not judge (an infrastructure error) are dropped too and reported as such.

Checks run cheapest first; only rows that survive the others are scored by the rubric.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from modbench.scenarios.schema import VAGUE_PROMPT

from .rows import Row

# Reason codes, in the order the checks run, with the wording the report prints.
REASONS: dict[str, str] = {
    "vague": "vague prompt (too little instruction in words)",
    "duplicate": "exact duplicate (same prompt and answer)",
    "near-duplicate": "near-duplicate (prompt+answer shingles)",
    "too-long": "over-long (token estimate above the maximum)",
    "fails-rubric": "answer fails the environment's rubric",
    "rubric-error": "rubric could not judge the answer (infrastructure error)",
}

MIN_INSTRUCTION_WORDS = 12        # words of prose outside code blocks a prompt needs
IMPLEMENT_SNIPPET = re.compile(r"^\s*(implement|complete|write|fix)\s*:", re.IGNORECASE)
FENCE = re.compile(r"```.*?(```|\Z)", re.DOTALL)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
CHARS_PER_TOKEN = 3.0             # conservative for code (BPE tokenizers give 3-4 characters per token on code)
SHINGLE_WORDS = 5
NEAR_DUP_THRESHOLD = 0.85
_PERMUTATIONS, _BANDS = 64, 16    # 16 bands of 4: a pair at Jaccard 0.85 becomes a candidate with p > 0.9999


@dataclass
class Drop:
    key: str
    reason: str                   # a key of REASONS
    detail: str = ""


@dataclass
class FilterReport:
    candidates: int = 0
    kept: int = 0
    drops: list[Drop] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # e.g. "verification skipped (--no-verify)"

    def counts(self) -> dict[str, int]:
        c = Counter(d.reason for d in self.drops)
        return {r: c[r] for r in REASONS if c[r]} | {r: n for r, n in c.items() if r not in REASONS}

    def merge(self, other: "FilterReport") -> "FilterReport":
        return FilterReport(self.candidates + other.candidates, self.kept + other.kept, self.drops + other.drops,
                            self.notes + other.notes)

    def to_json(self) -> dict[str, Any]:
        return {"candidates": self.candidates, "kept": self.kept, "dropped": len(self.drops),
                "by_reason": self.counts(), "notes": self.notes,
                "drops": [{"row": d.key, "reason": d.reason, "detail": d.detail} for d in self.drops]}


def instruction_words(prompt: str) -> int:
    """Words of prose in the prompt, code blocks removed."""
    return len(WORD.findall(FENCE.sub(" ", prompt)))


def vague_reason(prompt: str) -> str | None:
    if VAGUE_PROMPT.match(prompt):
        return "a bare one-line request"
    words = instruction_words(prompt)
    if IMPLEMENT_SNIPPET.match(prompt) and words < 2 * MIN_INSTRUCTION_WORDS:
        return f"an 'Implement:'-style snippet with {words} words of instruction"
    if words < MIN_INSTRUCTION_WORDS:
        return f"only {words} words of instruction outside code blocks (< {MIN_INSTRUCTION_WORDS})"
    return None


def token_counter(tokenizer=None) -> Callable[[Row], int]:
    """Tokens of a whole row (system + user + assistant): exact with a tokenizer, else a conservative estimate."""
    if tokenizer is None:
        return lambda row: int(sum(len(t) for t in (row.system, row.user, row.assistant)) / CHARS_PER_TOKEN) + 16

    def count(row: Row) -> int:
        try:
            return len(tokenizer.apply_chat_template(row.messages(), tokenize=True))
        except Exception:  # no chat template: count the texts and a few tokens of framing per message
            return sum(len(tokenizer(t, add_special_tokens=False)["input_ids"])
                       for t in (row.system, row.user, row.assistant)) + 12
    return count


def _normalise(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text.lower())


def shingles(text: str, n: int = SHINGLE_WORDS) -> set[int]:
    """Hashed word n-grams (stable across processes, unlike hash())."""
    words = _normalise(text)
    grams = [" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))]
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in grams}


def _minhash(sh: set[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    h = np.fromiter(sh, dtype=np.uint64, count=len(sh))
    with np.errstate(over="ignore"):
        return (np.outer(a, h) + b[:, None]).min(axis=1)     # multiply-add hashing mod 2^64


def jaccard(x: set[int], y: set[int]) -> float:
    return len(x & y) / len(x | y) if x or y else 1.0


def find_duplicates(texts: list[str], threshold: float = NEAR_DUP_THRESHOLD) -> dict[int, tuple[str, int, float]]:
    """{index: (reason, index of the earlier row it repeats, similarity)} for every exact or near duplicate.
    The first occurrence is kept; later ones are reported."""
    rng = np.random.default_rng(20261124)
    a = rng.integers(1, 2**63, size=_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=_PERMUTATIONS, dtype=np.uint64)
    rows_per_band = _PERMUTATIONS // _BANDS
    exact: dict[str, int] = {}
    buckets: dict[tuple[int, bytes], list[int]] = {}
    kept_shingles: dict[int, set[int]] = {}
    out: dict[int, tuple[str, int, float]] = {}
    for i, text in enumerate(texts):
        digest = hashlib.sha256(" ".join(_normalise(text)).encode()).hexdigest()
        if digest in exact:
            out[i] = ("duplicate", exact[digest], 1.0)
            continue
        sh = shingles(text)
        sig = _minhash(sh, a, b)
        keys = [(band, sig[band * rows_per_band:(band + 1) * rows_per_band].tobytes()) for band in range(_BANDS)]
        candidates = {j for k in keys for j in buckets.get(k, ())}
        best = max(((jaccard(sh, kept_shingles[j]), j) for j in candidates), default=(0.0, -1))
        if best[0] >= threshold:
            out[i] = ("near-duplicate", best[1], best[0])
            continue
        exact[digest] = i
        kept_shingles[i] = sh
        for k in keys:
            buckets.setdefault(k, []).append(i)
    return out


def quality_filter(rows: list[Row], *, verify: bool = True, max_tokens: int = 4096, tokenizer=None,
                   near_dup_threshold: float = NEAR_DUP_THRESHOLD, specs: dict | None = None,
                   concurrency: int | None = None, disk=None,
                   on_verified: Callable[[int, int], None] | None = None) -> tuple[list[Row], FilterReport]:
    """Apply every check to `rows` (in order) and return the survivors and the report.

    `specs` maps (env, task_id) to the TaskSpec a row answers; it is needed only to verify. `disk` is a
    DiskVerdicts cache (None: no disk cache); `on_verified(done, total)` is called after each scored answer."""
    report = FilterReport(candidates=len(rows))
    alive: list[Row] = []
    for row in rows:
        why = vague_reason(row.user)
        if why:
            report.drops.append(Drop(row.key, "vague", why))
        else:
            alive.append(row)

    dups = find_duplicates([r.user + "\n" + r.assistant for r in alive], near_dup_threshold)
    survivors = []
    for i, row in enumerate(alive):
        if i in dups:
            reason, j, sim = dups[i]
            report.drops.append(Drop(row.key, reason, f"of {alive[j].key}" + (
                f" (Jaccard {sim:.2f})" if reason == "near-duplicate" else "")))
        else:
            survivors.append(row)

    count = token_counter(tokenizer)
    alive, survivors = survivors, []
    for row in alive:
        n = count(row)
        if n > max_tokens:
            report.drops.append(Drop(row.key, "too-long", f"~{n} tokens > {max_tokens}"))
        else:
            survivors.append(row)

    if verify and survivors:
        survivors = _verify(survivors, report, specs or {}, concurrency, disk, on_verified)
    elif not verify:
        report.notes.append("rubric verification skipped (--no-verify)")
    report.kept = len(survivors)
    return survivors, report


def _verify(rows: list[Row], report: FilterReport, specs: dict, concurrency: int | None, disk,
            on_verified) -> list[Row]:
    from .verify import verify_answers

    pairs, known = [], []
    for row in rows:
        spec = specs.get((row.meta.get("env"), row.meta.get("task_id")))
        if spec is None:
            report.drops.append(Drop(row.key, "rubric-error", "no task file for this row, so it cannot be scored"))
            continue
        pairs.append((spec, row.assistant))
        known.append(row)
    verdicts = asyncio.run(verify_answers(pairs, concurrency=concurrency, disk=disk, on_done=on_verified))
    retry = [i for i, v in enumerate(verdicts) if v.has_error]
    if retry:   # an infrastructure error is often load (process limits, timeouts): one more try, one at a time
        again = asyncio.run(verify_answers([pairs[i] for i in retry], concurrency=1, disk=disk))
        for i, v in zip(retry, again):
            verdicts[i] = v
        report.notes.append(f"{len(retry)} answers re-scored once after an infrastructure error, "
                            f"{sum(v.has_error for v in again)} still unjudged")
    kept = []
    for row, v in zip(known, verdicts):
        if v.has_error:
            report.drops.append(Drop(row.key, "rubric-error", (v.error or "")[:200]))
        elif not v.passed:
            report.drops.append(Drop(row.key, "fails-rubric", " ".join((v.feedback or "").split())[:200]))
        else:
            kept.append(row)
    if disk is not None:
        report.notes.append(f"verdict cache: {disk.hits} of {len(pairs)} answers already verified ({disk.root})")
    return kept
