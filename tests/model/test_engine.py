"""The vectorised engine: valid records, and the same records whatever the chunking."""

import pyarrow as pa
import pyarrow.compute as pc

from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params
from beside.records.tables import check_table, check_waking_in_nights
from tests.tables_equal import same_records


def test_simulated_records_pass_the_record_rules() -> None:
    design = StudyDesign(children=300, months=3, seed=4)
    tables = simulate_chunk(default_params(), design, first_id=0, size=300)
    for name, table in tables.items():
        assert check_table(name, table) == [], name
    assert check_waking_in_nights(tables["nights"], tables["wakings"]) == []
    assert tables["nights"].num_rows == 300 * design.days
    latency = tables["wakings"]["latency_min"]
    signalled = tables["wakings"]["signalled"]
    # NaN (not null) exactly where nobody was told: silent wakings.
    assert pc.sum(pc.is_null(latency)).as_py() == 0
    silent_nan = pc.and_(pc.invert(signalled), pc.is_nan(latency))
    assert pc.sum(silent_nan).as_py() == pc.sum(pc.invert(signalled)).as_py()


def test_records_do_not_depend_on_chunk_size() -> None:
    design = StudyDesign(children=90, months=2, seed=11)
    params = default_params()
    whole = simulate_chunk(params, design, first_id=0, size=90)
    parts = [simulate_chunk(params, design, first_id=first, size=30) for first in (0, 30, 60)]
    for name in whole:
        joined = pa.concat_tables([p[name] for p in parts])
        assert same_records(name, joined, whole[name]), name


def test_seed_changes_the_cohort() -> None:
    params = default_params()
    a = simulate_chunk(params, StudyDesign(children=50, months=1, seed=1), first_id=0, size=50)
    b = simulate_chunk(params, StudyDesign(children=50, months=1, seed=2), first_id=0, size=50)
    assert not a["episodes"].equals(b["episodes"])
