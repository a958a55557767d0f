"""What produced a study, recorded in its ``study.json`` so that it can be rerun a year
later (issue 13, item 4): the full parameter set and its SHA-256, the switches, the design
(seed included), the tables and compression, the package version and git commit, the
machine and the timing. ``replay`` reads it back: the same file gives the same records,
bit for bit, with the same chunking and workers."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from dataclasses import asdict, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from beside import __version__
from beside.errors import ConfigError
from beside.model.cohort import StudyDesign
from beside.model.curves import AgeCurve
from beside.model.params import ModelParams, Switches
from beside.records.enums import Aftercare, Strategy, TraitLevel

#: The design fields that hold an enum's value in the file.
_ENUMS: dict[str, type[StrEnum]] = {
    "strategy": Strategy,
    "switch_to": Strategy,
    "aftercare": Aftercare,
    "sensitivity": TraitLevel,
    "reactivity": TraitLevel,
}


def parameters_of(params: ModelParams) -> dict[str, Any]:
    """Every parameter's value, as JSON holds it (curves as knots and values)."""
    out: dict[str, Any] = json.loads(json.dumps(asdict(params)))
    return out


def parameters_sha256(values: dict[str, Any]) -> str:
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def params_from(values: dict[str, Any]) -> ModelParams:
    """The parameter set a study recorded (its checks run again)."""
    base = ModelParams()
    given: dict[str, Any] = {}
    for f in fields(ModelParams):
        if f.name not in values:
            raise ConfigError(f"study.json has no parameter {f.name!r}", field="replay")
        value, default = values[f.name], getattr(base, f.name)
        if isinstance(default, AgeCurve):
            given[f.name] = AgeCurve(tuple(value["knots_days"]), tuple(value["values"]))
        elif isinstance(default, Switches):
            given[f.name] = Switches(**value)
        elif isinstance(default, tuple):
            given[f.name] = tuple(value)
        else:
            given[f.name] = value
    return ModelParams(**given)


def design_of(design: StudyDesign) -> dict[str, Any]:
    return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in asdict(design).items()}


def design_from(values: dict[str, Any]) -> StudyDesign:
    given: dict[str, Any] = {
        k: (_ENUMS[k](v) if k in _ENUMS and v is not None else v) for k, v in values.items()
    }
    try:
        return StudyDesign(**given)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"study.json's design is not one Beside knows: {exc}", field="replay"
        ) from exc


def code() -> dict[str, Any]:
    """The package version, and the git commit when run from a checkout (with whether its
    files differ from that commit: then the commit does not say everything)."""
    here = Path(__file__).resolve().parent
    commit = dirty = None
    try:
        # this very file tracked by the checkout (not an install inside someone's repo)
        subprocess.run(
            ["git", "ls-files", "--error-unmatch", Path(__file__).name],
            cwd=here,
            capture_output=True,
            check=True,
        )
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "."],
            cwd=here.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        dirty = bool(status.strip())
    except (OSError, subprocess.CalledProcessError):
        pass  # an installed package, not a checkout
    return {"version": __version__, "git_commit": commit, "uncommitted_changes": dirty}


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }


def manifest(
    params: ModelParams,
    design: StudyDesign,
    *,
    rows: dict[str, int],
    seconds: float,
    chunk_size: int,
    workers: int,
    tables: tuple[str, ...],
    compression: str,
) -> dict[str, Any]:
    values = parameters_of(params)
    return {
        "format": "beside-study",
        "version": 2,
        "beside_version": __version__,
        "code": code(),
        "machine": machine(),
        "design": design_of(design),
        "switches": asdict(params.switches),
        "parameters": values,
        "parameters_sha256": parameters_sha256(values),
        "tables": list(tables),
        "compression": compression,
        "rows": rows,
        "seconds": round(seconds, 3),
        "chunk_size": chunk_size,
        "workers": workers,
        "note": "Simulated children. Columns marked latent exist only in simulation.",
    }


def read(path: Path) -> dict[str, Any]:
    """A ``study.json`` to replay, its parameters checked against their hash."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}", field="replay") from exc
    if "parameters" not in data or "parameters_sha256" not in data:
        raise ConfigError(
            f"{path} records no parameter set (written before Beside recorded one)",
            field="replay",
        )
    if parameters_sha256(data["parameters"]) != data["parameters_sha256"]:
        raise ConfigError(
            f"{path}: the parameters do not match their SHA-256; was the file edited?",
            field="replay",
        )
    return data
