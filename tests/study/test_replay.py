"""Provenance (issue 13, item 4): ``study.json`` records the full parameter set with its
SHA-256, the switches, the design and seed, the tables, the code (version, git commit)
and the machine; ``beside simulate --replay study.json`` writes the same files, byte for
byte; a file whose parameters no longer match their hash is refused, naming the option."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from beside import __version__
from beside.model.params import default_params
from beside.study import provenance

BESIDE = [sys.executable, "-c", "from beside.cli import main; main()"]


def _beside(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BESIDE, *args], capture_output=True, text=True, check=False)


def test_a_study_replayed_from_its_file_is_the_same_bit_for_bit(tmp_path: Path) -> None:
    first, again = tmp_path / "first", tmp_path / "again"
    made = _beside(
        "simulate", "--children", "120", "--months", "1.5", "--seed", "9",
        "--strategy", "camping-out", "--switch", "suppression_learning=off",
        "--tables", "nights,episodes,child_months", "--compression", "zstd", "--out", str(first),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    recorded = json.loads((first / "study.json").read_text())
    assert recorded["design"]["seed"] == 9
    assert recorded["design"]["strategy"] == "camping-out"
    assert recorded["switches"]["suppression_learning"] is False
    assert recorded["parameters"]["switches"]["suppression_learning"] is False
    assert recorded["tables"] == ["nights", "episodes", "child_months"]
    assert recorded["code"]["version"] == __version__
    assert recorded["machine"]["cores"] >= 1
    values = recorded["parameters"]
    assert recorded["parameters_sha256"] == provenance.parameters_sha256(values)
    assert provenance.params_from(values) == default_params().with_switches(
        suppression_learning=False
    )

    replayed = _beside("simulate", "--replay", str(first / "study.json"), "--out", str(again))
    assert replayed.returncode == 0, replayed.stderr
    files = sorted(p.name for p in first.glob("*.parquet"))
    assert files == ["child_months.parquet", "episodes.parquet", "nights.parquet"]
    for name in files:
        assert (first / name).read_bytes() == (again / name).read_bytes(), name

    # the parameters replayed are the file's: changed there (hash and all), the records change
    changed = json.loads(json.dumps(recorded))
    changed["parameters"]["peak_sd"] *= 1.5
    changed["parameters_sha256"] = provenance.parameters_sha256(changed["parameters"])
    (tmp_path / "changed.json").write_text(json.dumps(changed))
    other = tmp_path / "other"
    moved = _beside("simulate", "--replay", str(tmp_path / "changed.json"), "--out", str(other))
    assert moved.returncode == 0, moved.stderr
    assert (other / "episodes.parquet").read_bytes() != (first / "episodes.parquet").read_bytes()

    values["rate_held"] = values["rate_held"] * 1.1  # edited by hand, hash left as it was
    (tmp_path / "edited.json").write_text(json.dumps(recorded))
    edited = _beside(
        "simulate", "--replay", str(tmp_path / "edited.json"), "--out", str(tmp_path / "x")
    )
    assert edited.returncode == 2
    assert edited.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'edited.json'}: the parameters do not match their SHA-256; was "
        "the file edited?"
    ]
    assert not (tmp_path / "x").exists()
