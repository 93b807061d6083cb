"""The counter-based hash and the named streams: pinned values, array = scalar, distributions."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from game.engine import rng

MASK = (1 << 64) - 1


def test_hash_pinned():
    # Changing these values changes every battle of every saved game and replay.
    assert rng.mix_scalar(1921, 0, 0) == 7811922992735119415
    assert rng.mix_scalar(MASK, 7, 3) == 13360620222793994900
    assert int(rng.mix(np.uint64(1921), 0, 0)) == 7811922992735119415
    assert rng.derive_key(1921, "combat") == 2556546899860467744


def test_mix_array_equals_scalar_with_broadcasting():
    g = np.random.default_rng(3)
    keys = g.integers(0, 2**63, 50, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    reps = np.arange(7)[:, None]
    slots = np.array([0, 1, 5, 2**40])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # uint64 wrap-around must not warn
        h = rng.mix(keys[None, :, None], reps[:, :, None], slots[None, None, :])
    assert h.shape == (7, 50, 4) and h.dtype == np.uint64
    for r in range(7):
        for e in (0, 17, 49):
            for s, slot in enumerate(slots):
                assert int(h[r, e, s]) == rng.mix_scalar(int(keys[e]), r, int(slot))


def test_mix_chains_like_splitmix():
    key = 0xDEADBEEF
    assert rng.mix_scalar(key, 4, 9) == rng.mix_scalar(rng.mix_scalar(key, 4), 9)
    assert rng.mix_scalar(key, 4) == rng.fmix_scalar(key + 5 * rng.GOLDEN)
    assert len({rng.mix_scalar(key, r, s) for r in range(30) for s in range(30)}) == 900


def test_scalar_overflow_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rng.mix(np.uint64(MASK), np.uint64(MASK - 1))
        rng.uniform(np.uint64(MASK))
        rng.quick_normal_pair(np.array([MASK, 0], dtype=np.uint64))


def test_uniform_open_interval_and_exact():
    lo, hi = rng.uniform_scalar(0), rng.uniform_scalar(MASK)
    assert lo > 0.0 and hi < 1.0 and lo == 1.0 - hi
    edges = np.array([0, 1, 4095, 4096, MASK - 4096, MASK], dtype=np.uint64)
    u = rng.uniform(edges)
    assert ((u > 0) & (u < 1)).all()
    assert [rng.uniform_scalar(int(x)) for x in edges] == u.tolist()


def _hashes(n: int) -> np.ndarray:
    return rng.mix(np.uint64(42), np.arange(n))


def test_uniform_distribution():
    u = rng.uniform(_hashes(200_000))
    assert abs(u.mean() - 0.5) < 0.003
    counts = np.histogram(u, bins=20, range=(0, 1))[0]
    assert counts.min() > 0.95 * 10_000 and counts.max() < 1.05 * 10_000


@pytest.mark.parametrize("pair", ["quick", "textbook"])
def test_normal_distribution(pair):
    h = _hashes(400_000)
    if pair == "quick":
        z0, z1 = rng.quick_normal_pair(h)
    else:
        z0, z1 = rng.normal_pair(h[:200_000], h[200_000:])
    for z in (z0, z1):
        assert abs(z.mean()) < 0.01 and abs(z.std() - 1.0) < 0.01
        # Quantiles of N(0, 1) at 2.5 %, 16 %, 50 %, 84 %, 97.5 %.
        q = np.quantile(z, [0.025, 0.16, 0.5, 0.84, 0.975])
        np.testing.assert_allclose(q, [-1.96, -0.994, 0.0, 0.994, 1.96], atol=0.02)
    assert abs(np.corrcoef(z0, z1)[0, 1]) < 0.01


def test_normal_pairs_array_equal_scalar():
    h = _hashes(2000)
    z0, z1 = rng.quick_normal_pair(h)
    for i in range(0, 2000, 7):
        assert (z0[i], z1[i]) == rng.quick_normal_pair_scalar(int(h[i]))
    a0, a1 = rng.normal_pair(h[:1000], h[1000:])
    for i in range(0, 1000, 7):
        s0, s1 = rng.normal_pair_scalar(int(h[i]), int(h[1000 + i]))
        assert math.isclose(a0[i], s0, rel_tol=1e-13, abs_tol=1e-13)
        assert math.isclose(a1[i], s1, rel_tol=1e-13, abs_tol=1e-13)
    assert (
        rng.normal_scalar(int(h[0]), int(h[1000]))
        == rng.normal_pair_scalar(int(h[0]), int(h[1000]))[0]
    )
    np.testing.assert_array_equal(rng.normal(h[:1000], h[1000:]), a0)


def test_quick_normal_pair_out_and_extremes():
    h = np.array([0, MASK, 1 << 32, (MASK >> 32) << 32], dtype=np.uint64)
    out = (np.empty(4), np.empty(4))
    z0, z1 = rng.quick_normal_pair(h, out=out)
    assert z0 is out[0] and z1 is out[1]
    assert np.isfinite(z0).all() and np.isfinite(z1).all()
    assert np.hypot(z0, z1).max() < 6.77  # √(−2 ln 2^-33)


def test_streams_reproducible_and_distinct():
    a = rng.make_generator(1921, "events").integers(0, 1 << 30, 8)
    b = rng.make_generator(1921, "events").integers(0, 1 << 30, 8)
    c = rng.make_generator(1921, "attrition").integers(0, 1 << 30, 8)
    d = rng.make_generator(1922, "events").integers(0, 1 << 30, 8)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c) and not np.array_equal(a, d)
    assert rng.stream_seed(5, "x").spawn_key == rng.stream_seed(5, "x").spawn_key
    keys = {rng.derive_key(1921, n) for n in ("combat", "events", "attrition", "weather")}
    assert len(keys) == 4 and all(0 <= k <= MASK for k in keys)
