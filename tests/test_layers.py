"""The tree shows the architecture: data flows one way, source -> records -> insights ->
views, and a lower layer never imports an upper one (README, Layout)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src/beside"
BASE = {"errors"}
#: What each package may import besides itself.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    # one settings object, read by the views (web, CLI) and handed down as values
    "settings": BASE,
    "records": BASE,
    "model": BASE | {"records"},
    "journal": BASE | {"records"},
    "norms": BASE | {"records"},
    "insights": BASE | {"records", "norms"},
    "guide": BASE | {"records", "norms", "insights", "model"},  # model: the claim ids
    "reports": BASE | {"records", "norms", "insights", "guide"},
    "study": BASE | {"records", "model", "journal", "norms", "insights", "guide", "reports"},
    "web": BASE
    | {"settings", "records", "journal", "norms", "insights", "guide", "reports", "study"},
}


def imports_by_package() -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).parts
        package = parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                bits = name.split(".")
                if bits[0] == "beside" and len(bits) > 1 and bits[1] != package:
                    found.setdefault(package, set()).add((bits[1], str(path.relative_to(SRC))))
    return found


def test_no_layer_imports_one_above_it() -> None:
    """Seen to fail with `from beside.study import compare` planted in insights/."""
    wrong = sorted(
        f"{where} imports beside.{target}"
        for package, targets in imports_by_package().items()
        if package in ALLOWED
        for target, where in targets
        if target not in ALLOWED[package]
    )
    assert wrong == []


def test_every_package_has_a_place_in_the_layers() -> None:
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(ALLOWED) | {"cli"}


def _sqlalchemy_imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            out |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("sqlalchemy")}
    return out


def test_the_views_hold_no_sql() -> None:
    """Issue 10, item 8: routes ran their own queries. The web and the CLI may name a
    session (to hand it down) and catch the driver's errors; queries live in journal/.
    Seen to fail with ``from sqlalchemy import select`` planted in web/api/members.py."""
    allowed = {"sqlalchemy.orm.Session", "sqlalchemy.exc.SQLAlchemyError"}
    allowed |= {"sqlalchemy.make_url", "sqlalchemy.exc.ArgumentError"}  # a URL's own checks
    views = [*(SRC / "web").rglob("*.py"), SRC / "cli.py"]
    wrong = sorted(
        f"{path.relative_to(SRC)}: {name}"
        for path in views
        for name in _sqlalchemy_imports(path) - allowed
    )
    assert wrong == []


def test_the_journal_has_no_hub() -> None:
    """Issue 10, item 8: ``repository.py`` (576 lines) held every aggregate. Each module of
    the store now holds one idea; 400 lines (assumed) is where one begins to hold two.
    Seen to fail at 300 (``transfer.py`` has 392 lines, ``babybuddy.py`` 343)."""
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in (SRC / "journal").glob("*.py")
    }
    assert "repository.py" not in sizes
    assert {name: n for name, n in sizes.items() if n > 400} == {}
