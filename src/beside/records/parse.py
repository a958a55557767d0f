"""One way in for outside data: parse into a record or raise ``ValidationFailed``.

The API, forms, CSV import and the simulator's output check all come through here, so an
error always names the field and the rule the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from beside.errors import ValidationFailed
from beside.records.rules import violations_from_pydantic

R = TypeVar("R", bound=BaseModel)


def parse_record(model: type[R], data: Mapping[str, Any]) -> R:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(violations_from_pydantic(exc)) from None


def parse_record_json(model: type[R], text: str | bytes) -> R:
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise ValidationFailed(violations_from_pydantic(exc)) from None
