"""Every number that moves the model's behaviour lives in ``model/params.py``.

The mechanism modules may hold only the numbers listed here, each for a reason that is not
behaviour: identities (0, 1), a half in a formula, unit conversions, the width of a random
draw, and a few named structural constants. Any other literal fails the test with its file
and line, so an assumption cannot slip into a mechanism unrecorded (issue 8).
"""

from __future__ import annotations

import ast
from pathlib import Path

MODEL = Path(__file__).parents[2] / "src/beside/model"
MECHANISM_MODULES = (
    "distress.py",
    "sleep.py",
    "attachment.py",
    "development.py",
    "strategies.py",
    "state.py",
    "episode_kernel.py",
    "waking_kernel.py",
)
#: Numbers that carry no behaviour: identities, a half (centring a spread, the log-normal
#: mean correction), minutes in an hour, 16-bit draws (four to a hash), and small counts
#: of kinds.
ALLOWED = {0, 1, -1, 0.5, 2, 3, 4, 60.0, 65536.0, 1e-6, 0.01}
#: Named structural constants, with why they are not behaviour.
NAMED = {
    "MAX_EPISODES_PER_DAY": "a bound on array sizes; no cohort comes near it",
    "TODDLER_DAYS": "DESIGN.md: day care counts as time away from 12 months",
    "MAX_SIBLINGS_COUNTED": "the cohort has at most 3 older siblings; 2 or more count alike",
    "FULL_TIME_H": "day care hours are scaled per full-time week",
    "DISTRESS_MAX": "DESIGN.md: distress is on a 0-10 scale",
    "DAYS_PER_YEAR": "a unit conversion",
    "GALLAND_SCALE_Y": "part of Galland et al.'s published regression, not a free number",
}


def _structural(tree: ast.AST) -> set[int]:
    """Ids of integer literals that index or size random draws: a subscript (``b[5]``), a
    ``hashes=`` count, a ``range(...)`` bound."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            out.update(id(n) for n in ast.walk(node.slice) if isinstance(n, ast.Constant))
        elif isinstance(node, ast.keyword) and node.arg == "hashes":
            out.add(id(node.value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "range"
        ):
            out.update(id(a) for a in node.args if isinstance(a, ast.Constant))
    return out


def _hidden(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    named_lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in NAMED for t in node.targets
        ):
            named_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    structural = _structural(tree)
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
            and node.value not in ALLOWED
            and node.lineno not in named_lines
            and id(node) not in structural
        ):
            out.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return out


def test_no_behaviour_bearing_literal_in_a_mechanism_module() -> None:
    found = [hit for name in MECHANISM_MODULES for hit in _hidden(MODEL / name)]
    assert found == []


def test_the_check_finds_a_planted_number(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("def f(x):\n    return x * 0.37\n")
    assert _hidden(planted) == ["planted.py:2: 0.37"]
