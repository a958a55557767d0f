"""Single passes over episodes and wakings, compiled with numba.

A cohort of 100,000 children over a year has some 120 million episodes and 100 million
wakings. As NumPy (one ``bincount`` per sum, a sort of the wakings for the longest stretch)
the tallies took 1.9 s per 1,000 children a year (benchmarks/RESULTS.md); one compiled pass
per table adds every sum of a row at once. The rules are the ones written in
``tallies.py`` and ``sleep_patterns.py``; ``tests/insights/test_measures.py`` checks both
passes against hand-made records.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@numba.njit(cache=True)
def grid_positions(
    child_id: I64, age_days: I64, c0: int, a0: int, width: int, grid: I64, out: I64
) -> None:
    """``out[i]``: the cell of ``grid`` (a dense child x day table of positions) holding row
    ``i``'s (child, day), or -1 outside the grid. One pass; as NumPy the same lookup made
    six temporaries per call and was half of a cohort's tally time."""
    for i in range(child_id.size):
        c = child_id[i] - c0
        a = age_days[i] - a0
        if c < 0 or a < 0 or a >= width:
            out[i] = -1
            continue
        cell = c * width + a
        out[i] = grid[cell] if cell < grid.size else -1


@numba.njit(cache=True)
def episode_sums(
    group: I64,
    peak: npt.NDArray[np.float32],
    action: npt.NDArray[np.int8],
    outcome: npt.NDArray[np.int8],
    response: npt.NDArray[np.int8],
    calm_min: npt.NDArray[np.float32],
    trigger: npt.NDArray[np.int8],
    overstim_code: int,
    tried_codes: npt.NDArray[np.int8],
    alone_code: int,
    turned_code: int,
    shut_code: int,
    band_edges: F64,
    fit_edges: F64,
    extreme_from: float,
    n_resp: int,
    out: F64,
) -> None:
    """Add each episode to its group's row of ``out`` (columns: ``tallies.EPISODE_COLUMNS``).

    Codes are -1 where not recorded: such an episode adds to no share whose denominator
    needs that field (the calming-alone bands and fit count only episodes whose outcome
    is known; the shares of what the child did, only those whose action is known; the
    share of upsets set off by too much going on, only those whose trigger is known)."""
    n_bands = band_edges.size - 1
    n_fit = fit_edges.size
    c_band = 13
    c_fit = c_band + 2 * n_bands
    c_resp = c_fit + 2 * n_fit
    c_calm_band = c_resp + 2 * n_resp
    for i in range(group.size):
        g = group[i]
        if g < 0:
            continue
        p = peak[i]
        a = action[i]
        acted = a >= 0
        known = outcome[i] >= 0
        alone = outcome[i] == alone_code
        tried = False
        for t in tried_codes:
            if a == t:
                tried = True
        out[g, 0] += 1.0
        out[g, 1] += alone
        out[g, 2] += tried
        out[g, 3] += tried and alone
        out[g, 4] += a == turned_code
        out[g, 5] += a == shut_code
        out[g, 6] += p >= extreme_from
        over = trigger[i] == overstim_code
        out[g, 7] += over
        out[g, 8] += over and a == turned_code
        out[g, 9] += acted
        out[g, 10] += known
        out[g, 11] += tried and known
        out[g, 12] += trigger[i] >= 0
        band = -1
        for k in range(n_bands):
            if band_edges[k] <= p < band_edges[k + 1]:
                band = k
        if band >= 0 and known:
            out[g, c_band + 2 * band] += 1.0
            out[g, c_band + 2 * band + 1] += alone
        if tried and known:
            b = 0
            for k in range(n_fit):
                if p >= fit_edges[k]:
                    b = k
            out[g, c_fit + 2 * b] += 1.0
            out[g, c_fit + 2 * b + 1] += alone
        m = calm_min[i]
        if not np.isnan(m):
            r = response[i]
            if 0 <= r < n_resp:
                out[g, c_resp + 2 * r] += 1.0
                out[g, c_resp + 2 * r + 1] += m
            if band >= 0:
                out[g, c_calm_band + 2 * band] += 1.0
                out[g, c_calm_band + 2 * band + 1] += m


@numba.njit(cache=True)
def night_sums(
    night: I64,
    start_s: I64,
    end_s: I64,
    signalled: npt.NDArray[np.int8],
    latency_min: npt.NDArray[np.float32],
    onset_s: I64,
    wake_s: I64,
    out: F64,
) -> bool:
    """Per night (rows of ``out``): wakings, signalled, seconds awake, signalled wakings with
    a latency, their latency minutes, the longest stretch in minutes between sleep onset,
    signalled wakings and the final wake, and silent wakings. ``signalled`` is 1, 0, or -1
    where nobody said: such a waking counts as a waking, neither signalled nor silent, and
    ends a stretch like a call (someone knew of it: only a waking known to be silent leaves
    the stretch whole; assumed). Needs each night's wakings in start order (they may
    interleave with other nights'); returns False, and stops, if they are not."""
    n = out.shape[0]
    last_end = onset_s.astype(np.float64).copy()
    last_start = np.full(n, -(2**62), dtype=np.int64)
    for k in range(n):
        out[k, 5] = 0.0
    for i in range(night.size):
        k = night[i]
        if k < 0:
            continue
        if start_s[i] < last_start[k]:
            return False
        last_start[k] = start_s[i]
        out[k, 0] += 1.0
        out[k, 2] += end_s[i] - start_s[i]
        if signalled[i] == 0:
            out[k, 6] += 1.0
        else:
            if signalled[i] == 1:
                out[k, 1] += 1.0
                if not np.isnan(latency_min[i]):
                    out[k, 3] += 1.0
                    out[k, 4] += latency_min[i]
            gap = (start_s[i] - last_end[k]) / 60.0
            if gap > out[k, 5]:
                out[k, 5] = gap
            last_end[k] = end_s[i]
    for k in range(n):
        tail = (wake_s[k] - last_end[k]) / 60.0
        if tail > out[k, 5]:
            out[k, 5] = tail
    return True
