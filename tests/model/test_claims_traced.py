"""Contract: every claim C1-C20 has a mechanism, a parameter or switch, a test, and
docs/claims.md is what the code says."""

from pathlib import Path

from beside.model.mechanisms import CLAIMS, MECHANISMS, claim_tests, claims_markdown
from beside.model.params import ModelParams, parameter_table

ROOT = Path(__file__).parents[2]
TESTS = (ROOT / "tests/model/test_claims.py").read_text()


def test_every_claim_has_a_mechanism_and_a_test() -> None:
    assert sorted({m.claim for m in MECHANISMS}, key=lambda c: int(c[1:])) == list(CLAIMS)
    tests = claim_tests(TESTS)
    assert sorted(tests, key=lambda c: int(c[1:])) == list(CLAIMS)


def test_every_parameter_names_its_claim_and_source() -> None:
    for row in parameter_table():
        assert row["claim"], row["name"]
        assert row["source"], row["name"]
        assert row["unit"] is not None, row["name"]


def test_disputed_claims_can_be_switched() -> None:
    for m in MECHANISMS:
        if m.evidence_against and "dispute" in m.evidence_against + m.evidence_for:
            assert m.switch, m.claim
    assert {m.claim for m in MECHANISMS if m.switch} >= {"C3", "C5", "C6"}


def test_docs_claims_md_is_generated_from_the_code() -> None:
    expected = claims_markdown(claim_tests(TESTS))
    assert (ROOT / "docs/claims.md").read_text() == expected


def test_every_place_a_mechanism_names_exists() -> None:
    """docs/claims.md points readers at ``module.name``; a rename must not leave it stale
    (failed when the rules moved into the kernels and still named sleep._wakings)."""
    import importlib
    import re

    for m in MECHANISMS:
        for module, name in re.findall(r"\b([a-z_]+)\.([A-Za-z_]\w*)", m.where):
            if module == "switches":
                continue
            target: object = importlib.import_module(f"beside.model.{module}")
            if module == "params" and not hasattr(target, name):
                target = ModelParams()
            assert hasattr(target, name), (m.claim, f"{module}.{name}")
