"""One error tree for all of Beside.

Every error a user can cause is a ``BesideError`` with a stable ``code`` (snake_case, safe to
match on) and, where it concerns one input, the ``field`` it concerns. Views map the tree to
their medium (an exit code and one line in the CLI; a status and one JSON shape on the web).
The domain never raises transport errors itself.

::

    BesideError
    ├── ValidationFailed          input broke a rule; carries every ``Violation`` found
    ├── NotFound                  a named thing does not exist (or is not yours to see)
    ├── AuthFailed                wrong email or password, or a token that is not valid
    │   └── TooManyAttempts       login throttled; ``retry_after_s`` says for how long
    ├── Forbidden                 yours to see, but your role may not do this
    ├── ConfigError               a setting or option is out of range or unknown
    │   └── UnknownStrategy       a caregiver strategy name we do not know
    ├── OutputError               a result could not be written where asked
    └── SourceError               an outside source (a tracker's server or files) could not
                                  be read
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: which field, which rule (stable code), and a sentence for people."""

    field: str
    code: str
    message: str


class BesideError(Exception):
    """Root of every error Beside raises on purpose."""

    code = "beside_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(BesideError, ValueError):
    """Input broke one or more rules; ``violations`` lists them all, not just the first.

    It is a ``ValueError`` too, so that Pydantic validators can raise it and keep its
    violations (see ``records.rules.violations_from_pydantic``)."""

    code = "validation_failed"

    def __init__(self, violations: Sequence[Violation]) -> None:
        if not violations:
            raise ValueError("ValidationFailed needs at least one violation")
        first = violations[0]
        more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
        super().__init__(f"{first.field}: {first.message}{more}", field=first.field)
        self.violations = tuple(violations)


class NotFound(BesideError):
    code = "not_found"


class AuthFailed(BesideError):
    code = "auth_failed"


class TooManyAttempts(AuthFailed):
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Forbidden(BesideError):
    code = "forbidden"


class CsrfFailed(Forbidden):
    code = "csrf_failed"


class ConfigError(BesideError):
    code = "config_error"


class UnknownStrategy(ConfigError):
    code = "unknown_strategy"


class OutputError(BesideError):
    code = "output_error"


class SourceError(BesideError):
    code = "source_error"


class Busy(BesideError):
    """Work that waits its turn is full (the app's what-if runs): try again later."""

    code = "busy"
