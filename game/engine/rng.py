"""Deterministic randomness: named generator streams and a counter-based hash.

Two tools, for two kinds of draw:

* Sequential draws (events, attrition) use one `numpy.random.Generator` per named stream,
  seeded by `SeedSequence(seed, spawn_key=(stable id of the name,))`. The stream id is derived
  from the name's SHA-256, never from `hash()`, so it is the same in every process and run.
* Combat uses a counter-based hash instead. A draw is a pure function of
  (key, engagement, replica, slot): `mix(key, replica, slot)`. Hence the single in-game
  resolution of a battle and the same battle inside a batched Monte Carlo of 10^5 engagements
  produce identical numbers, the order in which battles are resolved does not matter, and no
  Generator (≈ 30 µs each) is built per engagement. The hash is splitmix64's finaliser chained
  over the counters; it runs on uint64 NumPy arrays (wrapping arithmetic) and on Python ints
  (masked to 64 bits) with bit-identical results, which is what lets the scalar reference
  check the vectorised resolver exactly.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15  # splitmix64 increment (2^64 / golden ratio)
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_U_GOLDEN = np.uint64(GOLDEN)
_U_M1 = np.uint64(_M1)
_U_M2 = np.uint64(_M2)
_U_ONE = np.uint64(1)

# Angle table of `quick_normal_pair`: midpoints of 2^12 equal sectors. Computed once with `math`
# and shared by the array and scalar forms, so both read the very same cosines and sines.
ANGLE_BITS = 12
_ANGLE_MASK = (1 << ANGLE_BITS) - 1
_COS_LIST = [
    math.cos(2.0 * math.pi * (k + 0.5) / (1 << ANGLE_BITS)) for k in range(1 << ANGLE_BITS)
]
_SIN_LIST = [
    math.sin(2.0 * math.pi * (k + 0.5) / (1 << ANGLE_BITS)) for k in range(1 << ANGLE_BITS)
]
_COS = np.array(_COS_LIST)
_SIN = np.array(_SIN_LIST)

# The radius of `quick_normal_pair` takes NumPy's log in both forms: `np.log` runs a SIMD loop
# chosen by CPU (AVX-512 and libm differ in the last bit for ~0.3 % of inputs), and a NumPy scalar
# goes through that same loop, so array and scalar agree on every machine. A table-and-polynomial
# log built from + − × ÷ alone would be machine-independent too, but halves the resolver's speed.
_np_log = np.log


# ------------------------------------------------------------------------ generator streams


def _name_id(name: str) -> int:
    """A stable 64-bit id of a stream name (Python's `hash()` is salted per process)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


def stream_seed(seed: int, name: str) -> np.random.SeedSequence:
    """The SeedSequence of the stream `name` of game `seed`; streams never overlap."""
    return np.random.SeedSequence(int(seed), spawn_key=(_name_id(name),))


def make_generator(seed: int, name: str) -> np.random.Generator:
    """A PCG64 generator for the stream `name` of game `seed`."""
    return np.random.Generator(np.random.PCG64(stream_seed(seed, name)))


def derive_key(seed: int, name: str) -> int:
    """A uint64 key (as a Python int) for counter-based draws of the stream `name`."""
    return int(stream_seed(seed, name).generate_state(1, np.uint64)[0])


# ------------------------------------------------------------------------ counter-based hash


def fmix_inplace(z: np.ndarray, tmp: np.ndarray | None = None) -> np.ndarray:
    """splitmix64's finaliser applied in place to a uint64 array (a bijection of 64-bit words).

    `tmp`, an array of the same shape, avoids allocating a temporary for each shift.
    """
    if tmp is None:
        tmp = np.empty_like(z)
    with np.errstate(over="ignore"):
        np.right_shift(z, 30, out=tmp)
        z ^= tmp
        z *= _U_M1
        np.right_shift(z, 27, out=tmp)
        z ^= tmp
        z *= _U_M2
        np.right_shift(z, 31, out=tmp)
        z ^= tmp
    return z


def fmix_scalar(z: int) -> int:
    z &= MASK64
    z = ((z ^ (z >> 30)) * _M1) & MASK64
    z = ((z ^ (z >> 27)) * _M2) & MASK64
    return z ^ (z >> 31)


def mix(key, *counters) -> np.ndarray:
    """Hash of `key` and any number of counters, broadcasting like NumPy; returns uint64.

    Each counter advances the state as splitmix64 does: `h = fmix(h + (c + 1) · GOLDEN)`, so
    `mix(k, a, s)` is output `s + 1` of the splitmix64 stream whose state is `mix(k, a)`.
    Counters must be non-negative integers.
    """
    with np.errstate(over="ignore"):
        h = np.array(key, dtype=np.uint64)
        for c in counters:
            step = (np.asarray(c).astype(np.uint64) + _U_ONE) * _U_GOLDEN
            h = np.asarray(h + step, dtype=np.uint64)
            h = fmix_inplace(h)
    return h


def mix_scalar(key: int, *counters: int) -> int:
    """`mix` on Python ints: the same 64-bit result as the array form."""
    h = int(key) & MASK64
    for c in counters:
        h = fmix_scalar(h + ((int(c) + 1) * GOLDEN & MASK64))
    return h


# ------------------------------------------------------------------------------ draws


def uniform(h: np.ndarray) -> np.ndarray:
    """Uniform float64 in (0, 1) from the top 52 bits of a hash: (k + ½) / 2^52.

    52 rather than 53 bits, because (k + ½) / 2^53 is not representable for k ≥ 2^52 and would
    round up to exactly 1.0; with 52 bits every value is exact and lies in [2^-53, 1 − 2^-53],
    so `log(u)` and `log(1 − u)` are always finite.
    """
    u = (np.asarray(h, dtype=np.uint64) >> np.uint64(12)).astype(np.float64)
    u += 0.5
    u *= 2.0**-52
    return u


def uniform_scalar(h: int) -> float:
    return ((int(h) >> 12) + 0.5) * 2.0**-52


def normal_pair(h1: np.ndarray, h2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two independent standard normals by Box–Muller from two hashes (textbook form)."""
    u1 = uniform(h1)
    u2 = uniform(h2)
    rad = np.sqrt(-2.0 * np.log(u1))
    theta = 2.0 * math.pi * u2
    return rad * np.cos(theta), rad * np.sin(theta)


def normal_pair_scalar(h1: int, h2: int) -> tuple[float, float]:
    rad = math.sqrt(-2.0 * math.log(uniform_scalar(h1)))
    theta = 2.0 * math.pi * uniform_scalar(h2)
    return rad * math.cos(theta), rad * math.sin(theta)


def normal(h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
    """One standard normal from two hashes (the cosine half of `normal_pair`)."""
    return normal_pair(h1, h2)[0]


def normal_scalar(h1: int, h2: int) -> float:
    return normal_pair_scalar(h1, h2)[0]


def quick_normal_pair(
    h: np.ndarray, out: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Two standard normals by Box–Muller from ONE 64-bit hash, about 3× cheaper than `normal_pair`.

    The radius comes from the top 32 bits, u = (k + ½) / 2^32 (|z| < 6.77); the angle from the
    low 12 bits, as the midpoint of one of 4,096 sectors read from a table. `np.cos`/`np.sin`
    cost ≈ 25 ns per element against ≈ 1 ns for the table look-up, and the sector midpoints
    give a mixture of Rayleigh radii that matches the normal to far better than the loss
    draws need. The scalar form reads the same tables and does the same arithmetic (its log
    too, see `_np_log`), so both agree bit for bit on every machine. `out` takes two float64
    arrays of h's shape to fill.
    """
    h = np.asarray(h, dtype=np.uint64)
    z0, z1 = out if out is not None else (np.empty(h.shape), np.empty(h.shape))
    bits = np.empty(h.shape, dtype=np.uint64)
    ints = bits.view(np.int64)  # the values fit in 32 bits: int64 converts faster than uint64
    np.right_shift(h, np.uint64(32), out=bits)
    rad = ints.astype(np.float64)
    rad += 0.5
    rad *= 2.0**-32
    np.log(rad, out=rad)
    rad *= -2.0
    np.sqrt(rad, out=rad)
    np.bitwise_and(h, np.uint64(_ANGLE_MASK), out=bits)
    # The indexes are in range; mode="wrap" spares the defensive copy `out=` gets under "raise".
    _COS.take(ints, out=z0, mode="wrap")
    z0 *= rad
    _SIN.take(ints, out=z1, mode="wrap")
    z1 *= rad
    return z0, z1


def quick_normal_pair_scalar(h: int) -> tuple[float, float]:
    ln_u = float(_np_log(np.float64(((h >> 32) + 0.5) * 2.0**-32)))
    rad = math.sqrt(-2.0 * ln_u)
    k = h & _ANGLE_MASK
    return _COS_LIST[k] * rad, _SIN_LIST[k] * rad
