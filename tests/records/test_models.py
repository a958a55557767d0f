"""Validation once, in records: field names and stable rule codes in every error."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from beside.errors import ValidationFailed
from beside.records import Episode, Night, Waking
from beside.records.enums import CaregiverResponse, ChildAction, Outcome, ResettleMethod
from beside.records.rules import (
    END_BEFORE_START,
    IN_FUTURE,
    OUTSIDE_NIGHT,
    OVERLAPS,
    check_no_overlap,
    check_not_future,
    violations_from_pydantic,
)

T0 = datetime(2025, 3, 1, 19, 0, tzinfo=UTC)


def episode(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "start": T0,
        "end": T0 + timedelta(minutes=12),
        "peak_distress": 6.0,
        "child_action": ChildAction.SOUGHT_CAREGIVER,
        "response": CaregiverResponse.HELD,
        "outcome": Outcome.CALMED_WITH_HELP,
    }
    data.update(overrides)
    return data


def test_valid_episode_parses() -> None:
    assert Episode(**episode()).peak_distress == 6.0  # type: ignore[arg-type]


@pytest.mark.parametrize("peak", [-0.1, 10.5])
def test_peak_distress_outside_scale_names_the_field(peak: float) -> None:
    with pytest.raises(ValidationError) as info:
        Episode(**episode(peak_distress=peak))  # type: ignore[arg-type]
    (v,) = violations_from_pydantic(info.value)
    assert v.field == "peak_distress"
    assert v.code in {"greater_than_equal", "less_than_equal"}


def test_end_before_start_has_stable_code() -> None:
    with pytest.raises(ValidationError) as info:
        Episode(**episode(end=T0 - timedelta(minutes=1)))  # type: ignore[arg-type]
    (v,) = violations_from_pydantic(info.value)
    assert (v.field, v.code) == ("end", END_BEFORE_START)


def test_unknown_enum_value_is_rejected_with_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        Episode.model_validate_json(
            '{"start": "2025-03-01T19:00:00Z", "peak_distress": 5, "child_action": "sulked",'
            ' "response": "held", "outcome": "calmed_alone"}'
        )
    fields = [v.field for v in violations_from_pydantic(info.value)]
    assert fields == ["child_action"]


def test_times_with_offsets_are_compared_as_instants() -> None:
    # 20:00 at +01:00 is 19:00 UTC: after a 18:30 UTC start, although "earlier" on the clock.
    start = datetime(2025, 3, 1, 18, 30, tzinfo=UTC)
    end = datetime.fromisoformat("2025-03-01T20:00:00+01:00")
    assert Episode(**episode(start=start, end=end)).end == end  # type: ignore[arg-type]


def test_waking_outside_its_night_is_rejected() -> None:
    waking = Waking(
        start=T0 + timedelta(hours=13),
        end=T0 + timedelta(hours=13, minutes=5),
        signalled=True,
        resettled_by=ResettleMethod.HELD,
    )
    with pytest.raises(ValidationError) as info:
        Night(
            bedtime=T0,
            sleep_onset=T0 + timedelta(minutes=15),
            wake_time=T0 + timedelta(hours=11),
            wakings=(waking,),
        )
    (v,) = violations_from_pydantic(info.value)
    assert (v.field, v.code) == ("wakings[0]", OUTSIDE_NIGHT)


def test_future_and_overlap_rules() -> None:
    with pytest.raises(ValidationFailed) as info:
        check_not_future(T0 + timedelta(days=1), field="start", now=T0)
    assert info.value.violations[0].code == IN_FUTURE
    hour = timedelta(hours=1)
    check_no_overlap([(T0, T0 + hour), (T0 + hour, T0 + 2 * hour)], field="wakings")
    with pytest.raises(ValidationFailed) as info:
        check_no_overlap([(T0, T0 + 2 * hour), (T0 + hour, T0 + 3 * hour)], field="wakings")
    assert info.value.violations[0].code == OVERLAPS
    assert info.value.violations[0].field == "wakings[1]"


def test_parse_record_raises_our_error_with_every_violation() -> None:
    from beside.records.parse import parse_record_json

    with pytest.raises(ValidationFailed) as info:
        parse_record_json(
            Episode,
            '{"start": "2025-03-01T19:00:00Z", "peak_distress": 11, "child_action": "x",'
            ' "response": "held", "outcome": "calmed_alone"}',
        )
    assert sorted(v.field for v in info.value.violations) == ["child_action", "peak_distress"]
