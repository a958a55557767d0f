"""Counter-based draws: uniform, independent of chunking, and replayable one child at a time."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from beside.model import rng


def test_uniforms_are_uniform_and_normals_standard() -> None:
    keys = rng.child_keys(5, np.arange(200_000))
    u = rng.uniform(keys, 3, rng.Stream.NIGHT, 0)
    assert abs(u.mean() - 0.5) < 0.003
    assert abs(u.var() - 1 / 12) < 0.001
    z = rng.NORMAL16[rng.coarse_bits(keys, 3, rng.Stream.NIGHT, np.zeros(keys.size, np.int64), 1)]
    assert abs(z.mean()) < 0.01
    assert abs(z.std() - 1.0) < 0.01


@given(
    seed=hs.integers(0, 2**32),
    child=hs.integers(0, 10**7),
    day=hs.integers(0, 3000),
    slot=hs.integers(0, 1000),
)
def test_array_and_scalar_twins_agree(seed: int, child: int, day: int, slot: int) -> None:
    keys = rng.child_keys(seed, np.array([child]))
    key = rng.scalar_child_key(seed, child)
    assert int(keys[0]) == key
    arr = rng.uniform(keys, day, rng.Stream.EPISODE, np.array([slot]))
    assert arr[0] == rng.scalar_uniform(key, day, rng.Stream.EPISODE, slot)
    bits = rng.coarse_bits(keys, day, rng.Stream.WAKING, np.array([slot]), 2)[:, 0]
    assert bits.tolist() == rng.scalar_coarse_bits(key, day, rng.Stream.WAKING, slot, 2)


def test_a_childs_draws_do_not_depend_on_its_neighbours() -> None:
    alone = rng.uniform(rng.child_keys(9, np.array([42])), 7, rng.Stream.NIGHT, 0)
    among = rng.uniform(rng.child_keys(9, np.arange(100)), 7, rng.Stream.NIGHT, 0)
    assert alone[0] == among[42]


def test_streams_and_days_are_decorrelated() -> None:
    keys = rng.child_keys(1, np.arange(50_000))
    a = rng.uniform(keys, 1, rng.Stream.NIGHT, 0)
    b = rng.uniform(keys, 1, rng.Stream.EPISODE, 0)
    c = rng.uniform(keys, 2, rng.Stream.NIGHT, 0)
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.02
    assert abs(np.corrcoef(a, c)[0, 1]) < 0.02
