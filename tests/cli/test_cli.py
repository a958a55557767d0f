"""The CLI contract: commands, files, and one-line errors with exit code 2."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

BESIDE = [sys.executable, "-c", "from beside.cli import main; main()"]


def beside(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BESIDE, *args], capture_output=True, text=True, timeout=300)


def test_simulate_writes_the_contract(tmp_path: Path) -> None:
    done = beside(
        "simulate",
        "--children",
        "30",
        "--months",
        "2",
        "--from-months",
        "6",
        "--strategy",
        "responsive",
        "--switch-to",
        "extinction",
        "--switch-at-months",
        "7",
        "--seed",
        "4",
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    nights = pq.read_table(tmp_path / "nights.parquet")
    assert nights["age_days"].to_numpy().min() == round(6 * 30.44)
    strategies = set(nights["strategy"].cast("string").to_pylist())
    assert strategies == {"responsive", "extinction"}
    wakings = pq.read_table(tmp_path / "wakings.parquet")
    for column in (
        "child_id",
        "age_days",
        "start",
        "end",
        "signalled",
        "resettled_by",
        "latency_min",
        "arousal_after",
    ):
        assert column in wakings.column_names
    manifest = json.loads((tmp_path / "study.json").read_text())
    assert manifest["design"]["seed"] == 4


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--strategy", "cuddles"], "accepted: typical-mix, responsive"),
        (["--children", "-3"], "children must be between 1"),
        (["--children", "abc"], "--children"),
        (["--months", "0"], "months must be above 0"),
        (["--months", "500"], "months must be above 0 and at most 72"),
        (
            ["--switch-to", "extinction", "--switch-at-months", "40"],
            "switch-at-months must fall inside the run",
        ),
        (["--switch-to", "extinction"], "give both --switch-to and --switch-at-months"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:9"], "not both"),
    ],
)
def test_bad_input_is_one_line_naming_the_rule_exit_2(
    tmp_path: Path, args: list[str], needle: str
) -> None:
    out = tmp_path / "out"
    done = beside("simulate", "--months", "1", "--children", "5", *args, "--out", str(out))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert needle in lines[0]
    assert not out.exists() or list(out.iterdir()) == []


def test_unwritable_output_is_exit_2_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = beside("simulate", "--children", "5", "--months", "1", "--out", str(blocker / "o"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot write to")
    assert blocker.read_text() == "x"


def test_compare_writes_a_self_contained_report(tmp_path: Path) -> None:
    done = beside(
        "compare",
        "--strategies",
        "responsive,extinction",
        "--children",
        "40",
        "--months",
        "14",
        "--seed",
        "2",
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "report.html").read_text()
    assert html.count("<svg") >= 5
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html
    assert "<script" not in html
    assert "Gradisar" in html  # the disputed mechanism says so, with its source


def test_compare_rejects_unknown_and_repeated_strategies(tmp_path: Path) -> None:
    assert (
        beside("compare", "--strategies", "responsive,hugs", "--out", str(tmp_path)).returncode == 2
    )
    assert (
        beside(
            "compare", "--strategies", "responsive,responsive", "--out", str(tmp_path)
        ).returncode
        == 2
    )


def test_contrasts_from_outside_are_written_into_study_json(tmp_path: Path) -> None:
    done = beside(
        "simulate",
        "--children",
        "5",
        "--months",
        "1",
        "--strategy",
        "responsive",
        "--switch",
        "residual_arousal=off",
        "--switch",
        "attachment-from-responses=off",
        "--aftercare",
        "praised_heavily",
        "--consistency",
        "0.7",
        "--out",
        str(tmp_path / "sim"),
    )
    assert done.returncode == 0, done.stderr
    study = json.loads((tmp_path / "sim" / "study.json").read_text())
    assert study["switches"] == {
        "residual_arousal": False,
        "suppression_learning": True,
        "attachment_from_responses": False,
    }
    assert study["design"]["aftercare"] == "praised_heavily"
    assert study["design"]["consistency"] == 0.7
    children = pq.read_table(tmp_path / "sim" / "children.parquet")
    assert np.allclose(children["consistency"].to_numpy(), 0.7)
    done = beside(
        "compare",
        "--strategies",
        "responsive,extinction",
        "--children",
        "5",
        "--months",
        "2",
        "--switch",
        "suppression_learning=off",
        "--out",
        str(tmp_path / "cmp"),
    )
    assert done.returncode == 0, done.stderr
    study = json.loads((tmp_path / "cmp" / "study.json").read_text())
    assert study["switches"]["suppression_learning"] is False
    assert set(study["designs"]) == {"responsive", "extinction"}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--switch", "residual_arousal=maybe"], "switch"),
        (["--switch", "no_such_mechanism=off"], "switch"),
        (["--aftercare", "hugged"], "aftercare"),
        (["--consistency", "1.5"], "consistency"),
    ],
)
def test_bad_contrast_options_are_one_line_exit_2(
    tmp_path: Path, args: list[str], field: str
) -> None:
    done = beside("simulate", "--children", "3", "--months", "1", *args, "--out", str(tmp_path))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert field.split("_")[0] in done.stderr


def test_guide_prints_the_pieces_for_an_age_and_a_situation() -> None:
    done = beside("guide", "--age-months", "20", "--situation", "turning_away", "--help-now")
    assert done.returncode == 0, done.stderr
    assert "toddler-stay-visible" in done.stdout
    assert "infant-arching-away" not in done.stdout
    assert "HSE" in done.stdout


def test_guide_refuses_an_unknown_situation_in_one_line() -> None:
    done = beside("guide", "--age-months", "20", "--situation", "tantrum")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "situation" in done.stderr


def test_a_run_that_ends_before_twelve_months_draws_no_infinite_chart(tmp_path: Path) -> None:
    """`compare --months 12` drew the time-to-calm chart (from 12 months) with no data: an
    SVG 1.8e308 px tall. Now the page says why there is no chart."""
    done = beside(
        "compare",
        "--strategies",
        "responsive,extinction",
        "--children",
        "30",
        "--months",
        "12",
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "report.html").read_text()
    assert "e+308" not in html
    assert "nothing to show yet" in html


def test_an_empty_chart_is_refused_not_drawn() -> None:
    from beside.reports import charts

    with pytest.raises(ValueError, match="no data"):
        charts.to_svg(charts.time_to_calm([]))


def test_what_a_run_writes_is_private_to_its_user(tmp_path: Path) -> None:
    """Issue 11: files private by default, whatever the umask of the shell that ran it."""
    import os
    import stat

    out = tmp_path / "cohort" / "run"
    old = os.umask(0o022)
    try:
        done = beside("simulate", "--children", "4", "--months", "1", "--out", str(out))
        report = beside(
            "compare", "--children", "4", "--months", "1", "--out", str(tmp_path / "cmp")
        )
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    assert report.returncode == 0, report.stderr
    written = [tmp_path / "cohort", *(tmp_path / "cohort").rglob("*"), tmp_path / "cmp"]
    written += list((tmp_path / "cmp").rglob("*"))
    assert len(written) > 6
    shared = [p for p in written if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert shared == []
