"""Counter-based random numbers: one child's draws never depend on its neighbours.

A generator spawned per chunk (``SeedSequence.spawn``) makes results depend on how the cohort
is cut into chunks. Here every draw is a pure function of (seed, child_id, day, stream, slot),
hashed with the SplitMix64 finaliser (Steele, Lea & Flood 2014), so a cohort gives the same
records with one worker or ten, in chunks of 100 or 100,000, and the loop-based reference can
replay exactly the same numbers one child at a time.

Array functions take and return NumPy arrays of shape ``(k,)``; ``scalar_*`` twins take Python
ints for the reference implementation. uint64 arithmetic wraps, as the hash requires.
"""

from __future__ import annotations

import math
from enum import IntEnum

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
F64 = npt.NDArray[np.float64]

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_DAY = 0xD1B54A32D192ED03
_STREAM = 0xAEF17502108EF2D9
_SLOT = 0xF1357AEA2E62A9C5
_INV53 = 1.0 / (1 << 53)


class Stream(IntEnum):
    """One id per kind of draw, so that adding a draw never shifts another."""

    TRAITS = 1
    EPISODE_COUNT = 2
    EPISODE = 3
    NIGHT = 4
    WAKE_BITS = 5
    WAKING = 6
    CAREGIVER = 7
    BEDTIME = 8


def _mix(z: U64) -> U64:
    """SplitMix64's finaliser, in place on ``z`` (which it returns): no temporaries beyond
    one, which measured a third faster on the engine's arrays."""
    shifted = z >> np.uint64(30)
    z ^= shifted
    z *= np.uint64(_M1)
    np.right_shift(z, np.uint64(27), out=shifted)
    z ^= shifted
    z *= np.uint64(_M2)
    np.right_shift(z, np.uint64(31), out=shifted)
    z ^= shifted
    return z


def child_keys(seed: int, child_ids: npt.NDArray[np.integer]) -> U64:
    """A 64-bit key per child from the study seed and the child's id."""
    with np.errstate(over="ignore"):
        base = np.uint64(scalar_mix((seed * _GOLDEN + 0x632BE59BD9B4E019) & _MASK))
        return _mix(child_ids.astype(np.uint64) * np.uint64(_GOLDEN) + base)


def _offset(day: int, stream: Stream) -> np.uint64:
    """What a day and a stream add to every child's key before hashing."""
    return np.uint64(((day * _DAY) ^ (int(stream) * _STREAM)) & _MASK)


def hash64(keys: U64, day: int, stream: Stream, slot: npt.NDArray[np.integer] | int = 0) -> U64:
    offset = _offset(day, stream)
    with np.errstate(over="ignore"):
        if isinstance(slot, int):
            salt = np.uint64((slot * _SLOT + _GOLDEN) & _MASK)
            return _mix((keys ^ offset) + salt)
        return _mix(
            (keys ^ offset) + slot.astype(np.uint64) * np.uint64(_SLOT) + np.uint64(_GOLDEN)
        )


def uniform(keys: U64, day: int, stream: Stream, slot: npt.NDArray[np.integer] | int = 0) -> F64:
    """Uniform on (0, 1), never exactly 0 or 1."""
    bits = hash64(keys, day, stream, slot) >> np.uint64(11)
    return (bits.astype(np.float64) + 0.5) * _INV53


def normal(keys: U64, day: int, stream: Stream, slot: npt.NDArray[np.integer] | int) -> F64:
    """Standard normal by Box–Muller from two uniforms at slots ``2s`` and ``2s+1``."""
    s = slot * 2 if isinstance(slot, int) else slot.astype(np.int64) * 2
    u1 = uniform(keys, day, stream, s)
    u2 = uniform(keys, day, stream, s + 1)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


# Scalar twins for the reference implementation -------------------------------------------


def scalar_mix(z: int) -> int:
    z = ((z ^ (z >> 30)) * _M1) & _MASK
    z = ((z ^ (z >> 27)) * _M2) & _MASK
    return z ^ (z >> 31)


def scalar_child_key(seed: int, child_id: int) -> int:
    base = scalar_mix((seed * _GOLDEN + 0x632BE59BD9B4E019) & _MASK)
    return scalar_mix((child_id * _GOLDEN + base) & _MASK)


def scalar_hash64(key: int, day: int, stream: Stream, slot: int = 0) -> int:
    offset = ((day * _DAY) ^ (int(stream) * _STREAM)) & _MASK
    return scalar_mix(((key ^ offset) + slot * _SLOT + _GOLDEN) & _MASK)


def scalar_uniform(key: int, day: int, stream: Stream, slot: int = 0) -> float:
    return ((scalar_hash64(key, day, stream, slot) >> 11) + 0.5) * _INV53


def scalar_normal(key: int, day: int, stream: Stream, slot: int) -> float:
    u1 = scalar_uniform(key, day, stream, 2 * slot)
    u2 = scalar_uniform(key, day, stream, 2 * slot + 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def coarse_bits(
    keys: U64, day: int, stream: Stream, slot: npt.NDArray[np.integer], hashes: int
) -> npt.NDArray[np.uint16]:
    """``4 * hashes`` coarse draws per row as 16-bit integers, shape ``(4 * hashes, k)``.

    Event-level draws (which trigger, did the child try) need 16 bits, not 53; viewing each
    64-bit hash as four 16-bit parts makes them almost free. Row ``r`` is part ``r % 4`` of
    the hash at slot ``slot * 8 + r // 4``, so ``hashes`` may grow to 8 without shifting
    earlier rows. Rows are made contiguous once (strided views measured slower downstream).
    Turn them into numbers with ``uniform_from_bits`` and ``NORMAL16``.
    """
    offset = _offset(day, stream)
    out = np.empty((hashes, keys.size), dtype=np.uint64)
    with np.errstate(over="ignore"):
        # (slot * 8 + h) * _SLOT, spelled so the common part is computed once.
        common = (keys ^ offset) + slot.astype(np.uint64) * np.uint64((8 * _SLOT) & _MASK)
        common += np.uint64(_GOLDEN)
        for h in range(hashes):
            np.add(common, np.uint64((h * _SLOT) & _MASK), out=out[h])
        _mix(out.reshape(-1))
    parts = out.view(np.uint16).reshape(hashes, keys.size, 4)
    return np.ascontiguousarray(parts.transpose(0, 2, 1)).reshape(4 * hashes, keys.size)


F32 = npt.NDArray[np.float32]


def uniform_from_bits(bits: npt.NDArray[np.uint16]) -> F32:
    """Coarse draws as uniforms on (0, 1); arithmetic beats a table lookup here."""
    out: F32 = (bits.astype(np.float32) + np.float32(0.5)) * np.float32(1.0 / 65536.0)
    return out


def _inverse_normal_cdf(p: F64) -> F64:
    """Acklam's rational approximation (relative error below 1.2e-9), vectorised."""
    a = (
        -3.969683028665376e01,
        2.209460984245205e02,
        -2.759285104469687e02,
        1.383577518672690e02,
        -3.066479806614716e01,
        2.506628277459239e00,
    )
    b = (
        -5.447609879822406e01,
        1.615858368580409e02,
        -1.556989798598866e02,
        6.680131188771972e01,
        -1.328068155288572e01,
    )
    c = (
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e00,
        -2.549732539343734e00,
        4.374664141464968e00,
        2.938163982698783e00,
    )
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    low = 0.02425
    q = np.sqrt(-2.0 * np.log(np.minimum(p, 1.0 - p)))
    tail = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
        (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0
    )
    r = (p - 0.5) ** 2
    mid = (
        (p - 0.5)
        * (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    )
    out: F64 = np.where(p < low, tail, np.where(p > 1.0 - low, -tail, mid))
    return out


def _normal_table() -> F32:
    u = (np.arange(65536, dtype=np.float64) + 0.5) / 65536.0
    table: F32 = _inverse_normal_cdf(u).astype(np.float32)
    return table


#: Standard normal by inverse CDF, indexed by a 16-bit draw.
NORMAL16 = _normal_table()


def scalar_coarse_bits(key: int, day: int, stream: Stream, slot: int, hashes: int) -> list[int]:
    out: list[int] = []
    for h in range(hashes):
        bits = scalar_hash64(key, day, stream, slot * 8 + h)
        out.extend((bits >> (16 * q)) & 0xFFFF for q in range(4))
    return out
