"""The embedded default "model": retrieval, NOT an LLM.

For a prompt, it answers with the reference solutions of the most similar train-split tasks (BM25 over the
prompts), one per sample. It needs no GPU, no network and no key, is fully reproducible, and exercises the
whole pipeline (endpoint, verifiers rollouts, sandboxed rubric, pass@k report). Its scores say how far copying
the nearest known solution gets — a floor any real model should clear.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

from modbench.scenarios import TaskSpec, load_tasks

LABEL = "retrieval (BM25 nearest train-split references; a non-LLM baseline)"
_TOKEN = re.compile(r"[a-z0-9_]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.docs = [Counter(d) for d in docs]
        self.lengths = [len(d) for d in docs]
        self.avg = (sum(self.lengths) / len(docs)) if docs else 0.0
        df = Counter(t for d in self.docs for t in d)
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: list[str]) -> list[float]:
        out = []
        for doc, length in zip(self.docs, self.lengths):
            s = 0.0
            for t in set(query):
                f = doc.get(t, 0)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * length / self.avg))
            out.append(s)
        return out


class RetrievalModel:
    """Nearest train-split references for a prompt, in a fixed order (score, then task id)."""

    def __init__(self, env: str):
        self.env = env
        self.train: list[TaskSpec] = load_tasks(env, split="train")
        if not self.train:
            raise ValueError(f"the {env} train split is empty: retrieval has nothing to retrieve")
        self.index = BM25([tokens(t.prompt) for t in self.train])

    def neighbours(self, prompt: str, k: int) -> list[TaskSpec]:
        scores = self.index.scores(tokens(prompt))
        order = sorted(range(len(self.train)), key=lambda i: (-scores[i], self.train[i].id))
        return [self.train[i] for i in order[:k]]

    def answer(self, prompt: str, sample: int, k: int = 5) -> str:
        near = self.neighbours(prompt, k)
        return near[sample % len(near)].reference


@functools.lru_cache(maxsize=None)
def model_for(env: str) -> RetrievalModel:
    return RetrievalModel(env)

