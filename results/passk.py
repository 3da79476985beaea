"""Unbiased per-task estimators from n valid rollouts of which c passed.

Each is the probability that k rollouts drawn *without replacement* from the n satisfy a condition, which is
the unbiased estimate of the same probability for k fresh samples (Chen et al. 2021, "Evaluating Large Language
Models Trained on Code", section 2.1):

- pass@k: at least one of k passes            1 - C(n-c, k) / C(n, k)
- cons@k: a majority of k pass (3 of 5)       sum_{j>=m} C(c, j) C(n-c, k-j) / C(n, k)   (OpenGameEval's Cons@5)
- all@k:  all k pass (pass^k)                 C(c, k) / C(n, k)                           (OpenGameEval's All@5)

With fewer than k samples none of these has an unbiased estimate, so n < k is refused; callers exclude such
tasks and report how many they excluded.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral

import numpy as np


def _check(n: int, c: int, k: int) -> None:
    for name, value in (("n", n), ("c", c), ("k", k)):
        if isinstance(value, bool) or not isinstance(value, Integral):
            raise TypeError(f"{name} must be an integer, got {value!r}")
    if k < 1:
        raise ValueError(f"k must be at least 1, got k={k}")
    if not 0 <= c <= n:
        raise ValueError(f"c must be between 0 and n: got c={c}, n={n}")
    if n < k:
        raise ValueError(f"n={n} < k={k}: no unbiased estimate of a k-sample metric from fewer than k samples")


def pass_at_k(n: int, c: int, k: int) -> float:
    """P(at least one of k passes): 1 - prod_{i=n-c+1}^{n} (1 - k/i), the numerically stable form of
    1 - C(n-c, k)/C(n, k) used by openai/human-eval (no huge binomials, no cancellation)."""
    _check(n, c, k)
    if n - c < k:            # every k-subset contains a pass
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1, dtype=np.float64)))


def at_least_m_of_k(n: int, c: int, k: int, m: int) -> float:
    """P(at least m of k drawn without replacement pass): the hypergeometric upper tail, computed exactly with
    integer binomials (n is at most a few hundred rollouts, so the integers stay small)."""
    _check(n, c, k)
    if not 0 <= m <= k:
        raise ValueError(f"m must be between 0 and k={k}, got m={m}")
    hits = sum(math.comb(c, j) * math.comb(n - c, k - j) for j in range(m, k + 1))
    return float(Fraction(hits, math.comb(n, k)))


def cons_at_k(n: int, c: int, k: int = 5) -> float:
    """P(a strict majority of k passes); cons@5 = P(at least 3 of 5)."""
    return at_least_m_of_k(n, c, k, k // 2 + 1)


def all_at_k(n: int, c: int, k: int = 5) -> float:
    """P(all k pass), pass^k: C(c, k) / C(n, k)."""
    _check(n, c, k)
    return float(Fraction(math.comb(c, k), math.comb(n, k)))
