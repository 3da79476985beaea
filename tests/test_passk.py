"""pass@k, cons@k and all@k against hand-computed values and exact comb-based reference formulas."""

import math
import random
from fractions import Fraction

import pytest

from modbench.results.passk import all_at_k, at_least_m_of_k, cons_at_k, pass_at_k


def ref_pass(n, c, k):
    """Chen et al. 2021 eq. (1) per task, exact: 1 - C(n-c, k) / C(n, k) (math.comb is 0 when n-c < k)."""
    return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))


def ref_at_least(n, c, k, m):
    """Hypergeometric upper tail, exact."""
    return sum(Fraction(math.comb(c, j) * math.comb(n - c, k - j), math.comb(n, k)) for j in range(m, k + 1))


@pytest.mark.parametrize("n, c, k, expected", [
    (5, 1, 1, Fraction(1, 5)),
    (10, 3, 1, Fraction(3, 10)),
    (5, 0, 5, Fraction(0)),
    (5, 1, 5, Fraction(1)),          # all five drawn: the one pass is always among them
    (6, 1, 5, Fraction(5, 6)),       # 1 - C(5,5)/C(6,5) = 1 - 1/6
    (10, 3, 5, Fraction(11, 12)),    # 1 - C(7,5)/C(10,5) = 1 - 21/252
    (10, 5, 5, Fraction(251, 252)),  # 1 - C(5,5)/C(10,5)
    (20, 0, 5, Fraction(0)),
    (20, 20, 5, Fraction(1)),
    (4, 2, 2, Fraction(5, 6)),       # 1 - C(2,2)/C(4,2) = 1 - 1/6
])
def test_pass_at_k_hand_computed(n, c, k, expected):
    assert pass_at_k(n, c, k) == pytest.approx(float(expected), abs=1e-12)


@pytest.mark.parametrize("n, c, expected_cons, expected_all", [
    (5, 3, Fraction(1), Fraction(0)),      # n = k: the draw is the whole sample
    (5, 2, Fraction(0), Fraction(0)),
    (5, 5, Fraction(1), Fraction(1)),
    (6, 3, Fraction(1, 2), Fraction(0)),   # drop one of six: 3 of 5 pass iff the dropped one failed
    (6, 5, Fraction(1), Fraction(1, 6)),   # all 5 pass iff the one failure is dropped
    (10, 5, Fraction(1, 2), Fraction(1, 252)),   # (C(5,3)C(5,2) + C(5,4)C(5,1) + 1) / 252 = 126/252
])
def test_cons_and_all_hand_computed(n, c, expected_cons, expected_all):
    assert cons_at_k(n, c, 5) == pytest.approx(float(expected_cons), abs=1e-12)
    assert all_at_k(n, c, 5) == pytest.approx(float(expected_all), abs=1e-12)


def test_matches_reference_on_random_inputs():
    rng = random.Random(20261124)
    for _ in range(2000):
        n = rng.randint(1, 300)
        k = rng.randint(1, n)
        c = rng.randint(0, n)
        assert pass_at_k(n, c, k) == pytest.approx(float(ref_pass(n, c, k)), abs=1e-9), (n, c, k)
        m = rng.randint(0, k)
        assert at_least_m_of_k(n, c, k, m) == pytest.approx(float(ref_at_least(n, c, k, m)), abs=1e-12)
        assert all_at_k(n, c, k) == pytest.approx(float(ref_at_least(n, c, k, k)), abs=1e-12)
        assert cons_at_k(n, c, k) == pytest.approx(float(ref_at_least(n, c, k, k // 2 + 1)), abs=1e-12)


def test_special_cases_of_the_tail():
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(5, 60)
        c = rng.randint(0, n)
        # at least 1 of k is pass@k; all k is all@k; at least 0 is certain
        assert at_least_m_of_k(n, c, 5, 1) == pytest.approx(pass_at_k(n, c, 5), abs=1e-9)
        assert at_least_m_of_k(n, c, 5, 5) == all_at_k(n, c, 5)
        assert at_least_m_of_k(n, c, 5, 0) == 1.0
        # ordering: all@5 <= cons@5 <= pass@5, and pass@1 is the plain fraction
        assert all_at_k(n, c, 5) <= cons_at_k(n, c, 5) <= pass_at_k(n, c, 5) + 1e-12
        assert pass_at_k(n, c, 1) == pytest.approx(c / n, abs=1e-12)


def test_large_n_is_stable():
    # the product form never builds C(1000, 500); the result is still the exact value to float precision
    assert pass_at_k(1000, 1, 500) == pytest.approx(0.5, abs=1e-12)
    assert 0.0 <= pass_at_k(1000, 3, 10) <= 1.0
    assert pass_at_k(1000, 3, 10) == pytest.approx(float(ref_pass(1000, 3, 10)), abs=1e-12)


@pytest.mark.parametrize("fn", [lambda n, c, k: pass_at_k(n, c, k), lambda n, c, k: cons_at_k(n, c, k),
                                lambda n, c, k: all_at_k(n, c, k)])
def test_refuses_fewer_samples_than_k(fn):
    with pytest.raises(ValueError, match="n=4 < k=5"):
        fn(4, 2, 5)
    with pytest.raises(ValueError, match="n=0 < k=1"):
        fn(0, 0, 1)


def test_refuses_impossible_counts():
    with pytest.raises(ValueError, match="c must be between 0 and n"):
        pass_at_k(5, 6, 1)
    with pytest.raises(ValueError, match="c must be between 0 and n"):
        pass_at_k(5, -1, 1)
    with pytest.raises(ValueError, match="k must be at least 1"):
        pass_at_k(5, 1, 0)
    with pytest.raises(ValueError, match="m must be between"):
        at_least_m_of_k(10, 3, 5, 6)
    with pytest.raises(TypeError):
        pass_at_k(5.0, 1, 1)
    with pytest.raises(TypeError):
        pass_at_k(5, True, 1)
