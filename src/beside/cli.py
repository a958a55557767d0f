"""The ``beside`` command line. It parses, reports progress and prints; the work is elsewhere.

Every error a user can cause is one line naming the problem (and, where there are any, the
accepted values), with exit code 2; nothing is left half-written.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text
from typer.exceptions import TyperException

from beside.errors import BesideError, ConfigError, UnknownStrategy, ValidationFailed, Violation
from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    Outcome,
    ResettleMethod,
    SleepMethod,
    Strategy,
    TraitLevel,
    Trigger,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from beside.journal.schema import ChildRow, UserRow
    from beside.model.params import ModelParams
    from beside.records.document import JournalDocument

app = typer.Typer(
    pretty_exceptions_show_locals=False,  # locals may hold a family's records
    add_completion=False,
    no_args_is_help=True,
    help="Beside: how young children learn to calm.",
)
err = Console(stderr=True)
out = Console()

TYPICAL_MIX = "typical-mix"


def strategy_or_mix(name: str, *, option: str) -> Strategy | None:
    """A strategy by its CLI name; ``typical-mix`` means the default mix of caregivers."""
    if name == TYPICAL_MIX:
        return None
    try:
        return Strategy(name)
    except ValueError:
        accepted = ", ".join([TYPICAL_MIX, *(s.value for s in Strategy)])
        raise UnknownStrategy(
            f"unknown strategy '{name}' for {option}; accepted: {accepted}", field=option
        ) from None


SwitchOption = Annotated[
    list[str] | None,
    typer.Option(help="a disputed mechanism NAME=on|off (repeatable); see docs/model.md"),
]
AftercareOption = Annotated[
    str | None,
    typer.Option(
        help="after a child calms alone: comforted, acknowledged, praised_heavily, nothing"
    ),
]
ConsistencyOption = Annotated[
    float | None, typer.Option(help="share of the time the caregiver follows the strategy, 0-1")
]


def _params(switch: list[str] | None) -> ModelParams:
    from beside.model.params import default_params, parse_switches

    return default_params().with_switches(**parse_switches(switch or []))


def _aftercare(name: str | None) -> Aftercare | None:
    if name is None:
        return None
    try:
        return Aftercare(name)
    except ValueError:
        accepted = ", ".join(a.value for a in Aftercare)
        raise ConfigError(
            f"unknown aftercare '{name}'; accepted: {accepted}", field="aftercare"
        ) from None


class ChildMonthsColumn(ProgressColumn):
    """How fast a run goes, in child-months a second (a run of many children over few
    months and one of few over many compare alike)."""

    def __init__(self, months_each: float) -> None:
        super().__init__()
        self.months_each = months_each

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("")
        return Text(f"{speed * self.months_each:,.0f} child-months/s")


@contextmanager
def progress_bar(label: str, total: int, *, months_each: float | None = None) -> Iterator[Progress]:
    """A bar for a long command: done of total, the rate (in child-months a second when
    each unit is a child of ``months_each`` months), the time taken and the time left."""
    rate: tuple[ProgressColumn, ...] = (
        () if months_each is None else (ChildMonthsColumn(months_each),)
    )
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        *rate,
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=False, disable=not err.is_terminal) as bar:
        bar.add_task(label, total=total)
        yield bar


@app.command()
def simulate(
    out_dir: Annotated[Path, typer.Option("--out", help="folder for the Parquet files")],
    children: Annotated[int, typer.Option(help="how many children")] = 1000,
    months: Annotated[float, typer.Option(help="how many months to simulate")] = 12.0,
    from_months: Annotated[float, typer.Option(help="age at the start, in months")] = 0.0,
    strategy: Annotated[str, typer.Option(help="caregiver strategy, or typical-mix")] = TYPICAL_MIX,
    switch_to: Annotated[str | None, typer.Option(help="strategy to switch to")] = None,
    switch_at_months: Annotated[float | None, typer.Option(help="age of the switch")] = None,
    seed: Annotated[int, typer.Option(help="seed: same seed, same children")] = 0,
    workers: Annotated[int, typer.Option(help="worker processes on this machine")] = 1,
    scheduler: Annotated[str | None, typer.Option(help="address of a Dask scheduler")] = None,
    compression: Annotated[str, typer.Option(help="none, snappy or zstd")] = "none",
    tables: Annotated[
        str,
        typer.Option(
            help="comma-separated tables to write: children, nights, wakings, episodes, "
            "child_months (one row per child and month: the common question needs no raw table)"
        ),
    ] = "children,nights,wakings,episodes,child_months",
    switch: SwitchOption = None,
    aftercare: AftercareOption = None,
    consistency: ConsistencyOption = None,
    replay: Annotated[
        Path | None,
        typer.Option(
            help="a study.json to run again: its design, parameters, tables, compression, "
            "chunking and workers (bit for bit); the design options are then not taken"
        ),
    ] = None,
) -> None:
    """Simulate a cohort and write its tables as Parquet (by default the four raw tables
    and the child_months summary)."""
    from beside import __version__
    from beside.model.cohort import StudyDesign
    from beside.study import provenance
    from beside.study.runs import (
        check_room,
        chosen_tables,
        estimate_bytes,
        remove_stale_partials,
        run_study,
        size_words,
    )

    if scheduler is not None and workers != 1:
        raise ConfigError("give --workers or --scheduler, not both", field="scheduler")
    if compression not in ("none", "snappy", "zstd"):
        raise ConfigError("unknown compression; accepted: none, snappy, zstd", field="compression")
    design = StudyDesign(
        children=children,
        months=months,
        from_months=from_months,
        strategy=strategy_or_mix(strategy, option="--strategy"),
        switch_to=strategy_or_mix(switch_to, option="--switch-to") if switch_to else None,
        switch_at_months=switch_at_months,
        seed=seed,
        aftercare=_aftercare(aftercare),
        consistency=consistency,
    )
    chosen = chosen_tables(tuple(name.strip() for name in tables.split(",") if name.strip()))
    params = _params(switch)
    chunk_size = None
    if replay is not None:
        recorded = provenance.read(replay)
        design = provenance.design_from(recorded["design"])
        params = provenance.params_from(recorded["parameters"])
        chosen = chosen_tables(tuple(recorded.get("tables", chosen)))
        compression = recorded.get("compression", compression)
        chunk_size = recorded.get("chunk_size")
        workers = recorded.get("workers", workers) if scheduler is None else 1
        if recorded.get("beside_version") != __version__:
            out.print(
                f"note: {replay} was written by Beside {recorded.get('beside_version')}, "
                f"this is {__version__}: the records may differ"
            )
    need = estimate_bytes(design, compression, chosen)
    check_room(out_dir, need)
    for folder in remove_stale_partials(out_dir) if out_dir.is_dir() else []:
        out.print(f"removed {folder.name}, left in {out_dir} by a run that was stopped")
    out.print(f"writing about {size_words(need)} to {out_dir}")
    with progress_bar("simulating children", design.children, months_each=design.months) as bar:
        result = run_study(
            params,
            design,
            out_dir,
            workers=workers,
            scheduler=scheduler,
            chunk_size=chunk_size,
            compression=compression,
            progress=lambda done, _total: bar.update(bar.task_ids[0], completed=done),
            tables=chosen,
        )
    rate = result.child_nights / max(result.seconds, 1e-9)
    written = ", ".join(
        f"{n:,} {name.replace('_', ' ')}" for name, n in result.rows.items() if name != "children"
    )
    out.print(
        f"wrote {out_dir}: {written} in {result.seconds:.1f} s ({rate:,.0f} child-nights/s)",
        soft_wrap=True,
    )


@app.command()
def compare(
    out_dir: Annotated[Path, typer.Option("--out", help="folder for report.html")],
    strategies: Annotated[str, typer.Option(help="comma-separated strategies")] = (
        "responsive,present-nearby,extinction"
    ),
    children: Annotated[int, typer.Option(help="children per strategy")] = 400,
    months: Annotated[float, typer.Option(help="months from birth")] = 24.0,
    seed: Annotated[int, typer.Option(help="seed: the same children under every strategy")] = 0,
    switch: SwitchOption = None,
    aftercare: AftercareOption = None,
    consistency: ConsistencyOption = None,
    ensemble: Annotated[
        int | None,
        typer.Option(
            help="run under this many accepted parameter sets: bands then carry parameter "
            "uncertainty, not only Monte-Carlo noise"
        ),
    ] = None,
) -> None:
    """Run the same children under each strategy; write a self-contained HTML report."""
    from beside.model.cohort import StudyDesign
    from beside.study import ensemble as ens
    from beside.study.compare import compare_strategies, write_report

    names = [s.strip() for s in strategies.split(",") if s.strip()]
    if len(names) < 1 or len(set(names)) != len(names):
        raise ConfigError(
            "give one or more different strategies, separated by commas", field="strategies"
        )
    chosen = [strategy_or_mix(n, option="--strategies") for n in names]
    designs = {
        n: StudyDesign(
            children=children,
            months=months,
            strategy=s,
            seed=seed,
            aftercare=_aftercare(aftercare),
            consistency=consistency,
        )
        for n, s in zip(names, chosen, strict=True)
    }
    params = _params(switch)
    sets = ens.load(ensemble, params) if ensemble is not None else None
    if sets is not None and children < 2 * len(sets):
        raise ConfigError("give at least two children per parameter set", field="children")
    with progress_bar("simulating strategies", len(designs) * children, months_each=months) as bar:
        result = compare_strategies(
            params,
            designs,
            progress=lambda done: bar.update(bar.task_ids[0], completed=done),
            ensemble=sets,
        )
    path = write_report(result, out_dir, params=params)
    out.print(f"wrote {path}")


@app.command()
def calibrate(
    out_dir: Annotated[Path, typer.Option("--out", help="folder for the report")] = Path(
        "out/calibration"
    ),
    write: Annotated[
        bool, typer.Option(help="refit (with held-out folds and switch-off refits) and ship it")
    ] = False,
    evaluations: Annotated[
        int, typer.Option(help="model evaluations each fit may spend, with --write")
    ] = 150,
    workers: Annotated[int, typer.Option(help="worker processes, with --write")] = 2,
) -> None:
    """Compare the default cohort with every published figure (and refit with --write)."""
    from beside.model.params import ModelParams, default_params
    from beside.study import calibration
    from beside.study.calibration_report import write_calibration_report

    if evaluations < 1 or workers < 1:
        _fail("evaluations and workers must be at least 1 (field: evaluations)")
    params = default_params()
    if write:
        steps = 1 + len(calibration.FOLDS) + 3
        out.print(
            f"{steps} fits of up to {evaluations} evaluations each on {workers} workers: the "
            "main fit continues from the shipped one, the folds start from the declared "
            "defaults (about a minute per 15 evaluations, twice that for the main fit)"
        )
        with progress_bar("fits", steps) as bar:

            def done(what: str) -> None:
                bar.update(bar.task_ids[0], advance=1)
                out.print(f"done: {what}")

            params, report = calibration.full_calibration(
                ModelParams(),
                main_start=params,
                workers=workers,
                max_evaluations=evaluations,
                on_done=done,
            )
        calibration.fitted_path().write_text(calibration.fitted_json(params), encoding="utf-8")
        calibration.fit_report_path().write_text(
            calibration.fit_report_json(report), encoding="utf-8"
        )
    measured = calibration.simulate_and_measure(params)
    checks = calibration.checks(measured)
    path = write_calibration_report(
        measured,
        checks,
        out_dir,
        validation=calibration.validation_checks(measured),
        fit_report=calibration.read_fit_report(),
    )
    unexplained = [c for c in checks if not c.ok and c.figure.id not in calibration.KNOWN_MISSES]
    out.print(
        f"{sum(c.ok for c in checks)} of {len(checks)} checks within range "
        f"({len(checks) - sum(c.ok for c in checks) - len(unexplained)} known misses); "
        f"objective {calibration.objective(checks):.2f}; wrote {path}"
    )
    if unexplained:
        for c in unexplained:
            out.print(
                f"outside: {c.figure.id} {c.label}: {c.model:.3f} "
                f"(accepted {c.low:.3f}-{c.high:.3f})"
            )
        raise typer.Exit(1)


@app.command("ensemble")
def ensemble_command(
    write: Annotated[bool, typer.Option(help="draw the sets and ship them")] = False,
    sets: Annotated[int, typer.Option(help="parameter sets to accept")] = 12,
    candidates: Annotated[int, typer.Option(help="draws to try (default: 3 x sets)")] = 0,
    evaluations: Annotated[int, typer.Option(help="model evaluations each refit may spend")] = 26,
    workers: Annotated[int, typer.Option(help="worker processes")] = 2,
    screening: Annotated[
        Path, typer.Option(help="a `beside sensitivity` result that ranks the assumptions")
    ] = Path("docs/sensitivity/sensitivity.json"),
    leading: Annotated[int, typer.Option(help="how many of its leading assumptions to draw")] = 8,
) -> None:
    """Parameter sets consistent with the published bands, for ``compare --ensemble``."""
    import json

    from beside.study import ensemble as ens

    if sets < 2:
        _fail("sets must be at least 2 (field: sets)")
    if candidates and candidates < sets:
        _fail("candidates must be at least sets (field: candidates)")
    if evaluations < 1:
        _fail("evaluations must be at least 1 (field: evaluations)")
    if workers < 1:
        _fail("workers must be at least 1 (field: workers)")
    if leading < 1:
        _fail("leading must be at least 1 (field: leading)")
    if write:
        if not screening.is_file():
            _fail(
                f"no sensitivity result at {screening}; run `beside sensitivity` (field: screening)"
            )
        names = ens.leading_factors(screening, leading)
        tries = candidates or 3 * sets
        out.print(f"{tries} draws, each refitted with up to {evaluations} model evaluations")
        with progress_bar("candidates", tries) as bar:
            data = ens.draw(
                sets,
                names,
                candidates=tries,
                refit_evaluations=evaluations,
                workers=workers,
                on_candidate=lambda tried, _ok: bar.update(bar.task_ids[0], completed=tried),
            )
        ens.ensemble_path().write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    path = ens.ensemble_path()
    if not path.exists():
        _fail("no ensemble shipped: run `beside ensemble --write` (field: ensemble)")
    data = json.loads(path.read_text(encoding="utf-8"))
    out.print(
        f"{data['accepted']} of {data['tried']} candidate sets accepted ({data['rule']}); "
        f"{len(data['factors'])} leading assumptions drawn across their ranges"
    )


@app.command()
def sensitivity(
    out_dir: Annotated[Path, typer.Option("--out", help="folder for the results")] = Path(
        "out/sensitivity"
    ),
    trajectories: Annotated[int, typer.Option(help="Morris trajectories (runs: k+1 each)")] = 6,
    seed: Annotated[int, typer.Option(help="seed of the Morris design")] = 1,
    workers: Annotated[int, typer.Option(help="worker processes")] = 2,
) -> None:
    """Which assumptions decide the outcomes: Morris screening over every declared range."""
    import json

    from beside.reports import charts
    from beside.study import sensitivity as sa

    if trajectories < 2:
        _fail("trajectories must be at least 2 (field: trajectories)")
    if workers < 1:
        _fail("workers must be at least 1 (field: workers)")
    runs = trajectories * (len(sa.factors()) + 1)
    out.print(f"{runs} runs of {sa.SCREENING_COHORT.children} children x 24 months")
    with progress_bar("runs", runs) as bar:
        result = sa.screen(
            trajectories=trajectories,
            seed=seed,
            workers=workers,
            on_run=lambda done, _total: bar.update(bar.task_ids[0], completed=done),
        )
    rows = result.rows()
    leading = result.leading(15)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "sensitivity.json").write_text(
            json.dumps(
                {
                    "cohort": f"{sa.SCREENING_COHORT.children} children, typical mix, "
                    f"24 months, seed {sa.SCREENING_COHORT.seed}",
                    "trajectories": trajectories,
                    "runs": result.runs,
                    "baseline": dict(
                        zip(sa.OUTCOMES, result.baseline.round(4).tolist(), strict=True)
                    ),
                    "leading": leading,
                    "rows": rows,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        svg = charts.to_svg(
            charts.sensitivity(
                rows, parameters=leading, title="What moves the outcomes (Morris mu*)"
            )
        )
        (out_dir / "sensitivity.svg").write_text(svg, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write to {out_dir}: {exc.strerror or exc} (field: out)")
    for name in leading[:10]:
        best = max((r for r in rows if r["parameter"] == name), key=lambda r: r["relative"])
        out.print(f"{name}: most on {best['outcome']} ({best['relative']:.2f} of the largest)")
    out.print(f"wrote {out_dir / 'sensitivity.json'} and {out_dir / 'sensitivity.svg'}")


@app.command()
def guide(
    age_months: Annotated[float, typer.Option(help="the child's age (corrected, if preterm)")],
    situation: Annotated[
        str,
        typer.Option(
            help="crying, turning_away, came_for_comfort, calmed_alone, talking, "
            "night_waking or after_crying_alone"
        ),
    ],
    moment: Annotated[str | None, typer.Option(help="now, afterwards or anytime")] = None,
    help_now: Annotated[
        bool, typer.Option("--help-now", help="also list the signs that need a doctor now")
    ] = False,
) -> None:
    """The guidance pieces for a child's age and situation, as a parent would see them."""
    from beside.guide.content import shipped
    from beside.guide.select import DAYS_PER_MONTH, pick

    pieces = pick(age_months * DAYS_PER_MONTH, situation, moment=moment)
    if not pieces:
        out.print(f"No guidance written yet for {situation} at {age_months:g} months.")
    for p in pieces:
        out.print(f"[bold]{p.id}[/bold] ({p.moment}; {', '.join(p.claims)}; {p.status})")
        out.print(p.text)
        if p.source:
            out.print(f"Source: {p.source}")
        out.print("")
    if help_now:
        h = shipped().help_now
        out.print(h.intro)
        for line in h.emergency:
            out.print(f"  - {line}")
        out.print(h.urgent_intro)
        for line in h.urgent:
            out.print(f"  - {line}")
        out.print(h.closing)
        out.print(f"Source: {h.source}")


def _fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, never wrapped, then exit."""
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    sys.exit(code)


class Stopped(BaseException):
    """A signal to stop: a BaseException, so no ``except Exception`` swallows it and every
    ``finally`` on the way out runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


def _stopped(signum: int, _frame: object) -> None:
    raise Stopped(signum)


def main() -> None:
    # Beside does no linear algebra, and NumPy has not been imported yet: without this,
    # OpenBLAS starts a thread per core whose spinning took CPU from the simulator's threads.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Everything Beside writes is private to the user who ran it (files 0600, folders 0700):
    # journals, exports, reports and simulated cohorts alike, in the workers too (they
    # inherit it). The review found the database, its WAL and exports readable by all
    # (issue 11); a researcher who means to share a cohort can chmod it.
    os.umask(0o077)
    # SIGTERM (timeout, SLURM, docker stop) and Ctrl-C unwind alike, so a run's staging
    # folder and worker processes are cleaned up on the way out either way, and the last
    # line says so (Typer would turn Ctrl-C into a silent exit 130).
    signal.signal(signal.SIGTERM, _stopped)
    signal.signal(signal.SIGINT, _stopped)
    try:
        result = app(standalone_mode=False)
    except Stopped as stop:
        _fail(f"stopped by {stop.name}: nothing half-written was left behind", 128 + stop.signum)
    except BesideError as exc:
        _fail(exc.message)
    except typer.Abort:
        _fail("aborted", 130)
    except TyperException as exc:
        format_message = getattr(exc, "format_message", None)
        _fail(format_message() if callable(format_message) else str(exc))
    if isinstance(result, int) and result:
        sys.exit(result)


# --- the journal ------------------------------------------------------------------------


def _no_password_in_url(value: str | None) -> str | None:
    """A password given on the command line is in the process list, for every account on
    the machine to read (``ps``; issue 11): refused, with where to put it instead."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        password = make_url(value).password if value else None
    except ArgumentError:
        return value  # not a URL at all: said when it is opened
    if password:
        raise ConfigError(
            "database_url: a password in --database-url shows in the process list; set"
            " BESIDE_DATABASE_URL instead, or keep the password in ~/.pgpass",
            field="database_url",
        )
    return value


DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL, without a password (use BESIDE_DATABASE_URL or ~/.pgpass for"
        " one); default: BESIDE_DATABASE_URL, else the SQLite journal in your data folder"
        " (docs/settings.md)",
        callback=_no_password_in_url,
    ),
]


@contextmanager
def journal_session(database_url: str | None) -> Iterator[Session]:
    """A migrated store and one transaction, committed if the command succeeds."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from beside.journal.db import make_engine
    from beside.journal.migrate import upgrade
    from beside.settings import load

    url = load(database_url=database_url).journal_url()
    try:
        engine = make_engine(url)
        upgrade(engine)
    except (SQLAlchemyError, ValueError) as exc:
        raise ConfigError(
            f"database_url: cannot open {_shown(url)}: {_first_line(exc)}", field="database_url"
        ) from None
    try:
        with Session(engine) as s:
            yield s
            s.commit()
    finally:
        engine.dispose()


def _password() -> str:
    """A new password: typed twice, unseen, at a terminal; else one line of stdin."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("Password (at least 10 characters): ")
    if getpass.getpass("Again: ") != first:
        raise ConfigError("the two passwords differ", field="password")
    return first


def _shown(url: str) -> str:
    """A database URL as it may be printed: never its password."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the URL given (not a database URL)"


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


users_app = typer.Typer(help="Accounts (administration).", no_args_is_help=True)
households_app = typer.Typer(help="Households (administration).", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(households_app, name="households")


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Option(help="the account's email")],
    name: Annotated[str, typer.Option(help="the name shown to others")],
    database_url: DatabaseUrl = None,
) -> None:
    """Create an account; the password is asked for without echo on a terminal, or read
    from standard input (never an argument: other users of the machine could see it)."""
    from beside.journal import access
    from beside.journal.entries import utc_now

    password = _password()
    with journal_session(database_url) as s:
        user = access.sign_up(
            s,
            email=email,
            display_name=name,
            password=password,
            now=utc_now(),
        )
        out.print(user.id)


@users_app.command("reset-password")
def users_reset_password(
    email: Annotated[str, typer.Option(help="the account's email")],
    database_url: DatabaseUrl = None,
) -> None:
    """Give an account a new password (for someone who forgot theirs): asked for without
    echo, or read from standard input. Every session and API token of the account ends."""
    from beside.journal import access, credentials
    from beside.journal import accounts as account_store
    from beside.journal.entries import utc_now

    password_hash = access.hash_password(_password())
    with journal_session(database_url) as s:
        user = account_store.user_by_email(s, email)
        ended = credentials.set_password(s, user, password_hash, now=utc_now(), reset=True)
        out.print(f"new password set for {user.email}; {ended} sessions and tokens ended")


@households_app.command("add")
def households_add(
    name: Annotated[str, typer.Option(help="the household's name")],
    time_zone: Annotated[str, typer.Option(help="IANA zone, e.g. Europe/London")],
    owner: Annotated[str, typer.Option(help="email of the owning account")],
    database_url: DatabaseUrl = None,
) -> None:
    """Create a household owned by an existing account."""
    from beside.journal import accounts as account_store
    from beside.journal import entries as entry_store
    from beside.journal import members

    with journal_session(database_url) as s:
        user = account_store.user_by_email(s, owner)
        house = members.create_owned_household(
            s, user, name=name, time_zone=time_zone, now=entry_store.utc_now()
        )
        out.print(house.id)


@app.command("export")
def export_journal(
    household: Annotated[str, typer.Option(help="household id")],
    out_text: Annotated[str, typer.Option("--out", help="a .json file, or a folder for CSV")],
    csv_files: Annotated[bool, typer.Option("--csv", help="one CSV file per record type")] = False,
    with_emails: Annotated[
        bool, typer.Option(help="name who logged each entry by their e-mail")
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Export a household (everything) as one JSON document or as CSV files, readable by
    you only. Members' e-mails stay out unless --with-emails."""
    from beside.journal import csv_files as csv_io
    from beside.journal import export

    out_path = Path(out_text)  # the text first: Path("folder/") forgets its slash
    named_folder = out_text.endswith(("/", "\\")) or out_path.is_dir()
    if not csv_files and named_folder:
        raise ConfigError(
            f"out: {out_text} is a folder: name a file (home.json), or add --csv", field="out"
        )
    if csv_files and out_path.exists() and not out_path.is_dir():
        raise ConfigError(f"out: {out_path} is a file: --csv writes a folder", field="out")
    with journal_session(database_url) as s:
        if csv_files:
            files = csv_io.export_csv(s, household, with_emails=with_emails)
        else:
            document = export.export_json(s, household, with_emails=with_emails)
    if csv_files:
        try:
            out_path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            _fail(f"cannot make the folder {out_path}: {exc.strerror or exc} (field: out)")
        for name, text in files.items():
            _write_private(out_path / name, text.encode("utf-8"))
    else:
        _write_private(out_path, document.encode("utf-8"))
    from beside.journal.entries import utc_now

    with journal_session(database_url) as s:  # the owner sees it in the audit log
        export.record_export(s, household, by=None, with_emails=with_emails, now=utc_now())
    out.print(f"wrote {out_path}")


@app.command("import")
def import_journal(
    household: Annotated[str, typer.Option(help="household id to import into")],
    source: Annotated[Path, typer.Option("--in", help="a .json file, or a folder of CSV files")],
    by: Annotated[str, typer.Option(help="email of the account doing the import")],
    merge: Annotated[bool, typer.Option(help="add only the records that are not here yet")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Import everything or nothing; every bad row is listed by its place. Importing the
    same document again changes nothing (and says so)."""

    from beside.journal import access, transfer
    from beside.journal import csv_files as csv_io
    from beside.journal.accounts import user_by_email
    from beside.journal.entries import utc_now

    with journal_session(database_url) as s:
        user = user_by_email(s, by)
        access.require(s, user.id, household, access.Action.MANAGE)
        try:
            if source.is_dir():
                files = {p.name: _read_text(p) for p in source.glob("*.csv")}
                counts = csv_io.import_csv(
                    s, household, files, by=user.id, now=utc_now(), merge=merge
                )
            else:
                counts = transfer.import_household(
                    s, household, _read_document(source), by=user.id, now=utc_now(), merge=merge
                )
        except ValidationFailed as exc:
            _fail_each(exc)
    out.print(transfer.summary_line(counts))


@app.command("import-babybuddy")
def import_babybuddy(
    household: Annotated[str, typer.Option(help="household id to import into")],
    by: Annotated[str, typer.Option(help="email of the account doing the import")],
    url: Annotated[
        str | None, typer.Option(help="the Baby Buddy server, e.g. http://192.168.1.20:8000")
    ] = None,
    files: Annotated[
        Path | None,
        typer.Option("--from", help="a folder with children.json, sleep.json, notes.json"),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Children, sleep (as nights and wakings) and notes from Baby Buddy, all or nothing.

    With --url, the API key is read from BESIDE_BABYBUDDY_TOKEN or from standard input
    (never an argument: it would show in the process list)."""
    from beside.journal import access, babybuddy, transfer
    from beside.journal.accounts import user_by_email
    from beside.journal.entries import utc_now
    from beside.settings import load

    if (url is None) == (files is None):
        raise ConfigError("give either --url (a Baby Buddy server) or --from (saved files)")
    if url is not None:
        secret = load().babybuddy_token
        token = secret.get_secret_value() if secret else sys.stdin.readline().strip()
        if not token:
            raise ConfigError("no API key: set BESIDE_BABYBUDDY_TOKEN or pipe it on stdin")
        source = babybuddy.read_server(url, token)
    else:
        assert files is not None
        source = babybuddy.read_files(files)
    with journal_session(database_url) as s:
        user = user_by_email(s, by)
        access.require(s, user.id, household, access.Action.MANAGE)
        try:
            counts = babybuddy.import_babybuddy(s, household, source, by=user.id, now=utc_now())
        except ValidationFailed as exc:
            _fail_each(exc)
    out.print(transfer.summary_line(counts))


log_app = typer.Typer(help="Log what happened, now (the 3 a.m. forms).", no_args_is_help=True)
app.add_typer(log_app, name="log")

Household = Annotated[str, typer.Option(help="household id")]
ChildRef = Annotated[str, typer.Option(help="the child's id, or their name")]
As = Annotated[str, typer.Option("--as", help="email of the account logging this")]


@contextmanager
def logging_for(
    database_url: str | None, household: str, child: str, email: str
) -> Iterator[tuple[Session, ChildRow, UserRow]]:
    """The session, the child and the account, once the account may log in this household."""
    from beside.journal import access
    from beside.journal import accounts as account_store
    from beside.journal import children as child_store

    with journal_session(database_url) as s:
        user = account_store.user_by_email(s, email)
        access.require(s, user.id, household, access.Action.LOG)
        yield s, child_store.child_by_ref(s, household, child), user


#: How far back a quick log reaches (records.quick_forms: minutes_ago up to 720).
QUICK_SPAN_MIN = 720.0
At = Annotated[str | None, typer.Option(help="when: now, -10m, 19:00 or ISO (household clock)")]


def _minutes_ago(
    s: Session, household: str, at: str | None, minutes_ago: float | None, now: datetime
) -> float:
    """``--at`` (a time as typed, on the household's clock) or ``--minutes-ago``, as
    minutes before now for the quick forms."""
    from beside.journal.households import household_zone
    from beside.records.clock_input import parse_when

    if at is not None and minutes_ago is not None:
        raise ConfigError("give --at or --minutes-ago, not both", field="at")
    if at is None:
        return minutes_ago or 0.0
    when = parse_when(at, tz=household_zone(s, household), now=now, field="at")
    minutes = max((now - when).total_seconds() / 60.0, 0.0)
    if minutes > QUICK_SPAN_MIN:
        raise ValidationFailed(
            [
                Violation(
                    "at",
                    "too_long_ago",
                    "is more than 12 hours ago: a quick log covers the last 12",
                )
            ]
        )
    return minutes


@log_app.command("episode")
def log_episode(
    household: Household,
    child: ChildRef,
    email: As,
    distress: Annotated[float, typer.Option(help="how upset at the worst, 0 to 10")],
    at: At = None,
    minutes_ago: Annotated[float | None, typer.Option(help="when it began")] = None,
    trigger: Annotated[Trigger, typer.Option()] = Trigger.NOT_RECORDED,
    response: Annotated[CaregiverResponse, typer.Option()] = CaregiverResponse.NOT_RECORDED,
    outcome: Annotated[Outcome, typer.Option()] = Outcome.NOT_RECORDED,
    minutes_to_calm: Annotated[float | None, typer.Option()] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """An upset that began just now (or some minutes ago)."""
    from beside.journal import quick_log
    from beside.journal.entries import utc_now
    from beside.records.parse import parse_record
    from beside.records.quick_forms import EpisodeNow

    now = utc_now()
    with logging_for(database_url, household, child, email) as (s, kid, user):
        entry = parse_record(
            EpisodeNow,
            {
                "peak_distress": distress,
                "minutes_ago": _minutes_ago(s, household, at, minutes_ago, now),
                "trigger": trigger,
                "response": response,
                "outcome": outcome,
                "minutes_to_calm": minutes_to_calm,
            },
        )
        row = quick_log.log_episode_now(s, kid, entry, by=user.id, now=now)
        out.print(f"logged episode {row.id}")


@log_app.command("waking")
def log_waking(
    household: Household,
    child: ChildRef,
    email: As,
    at: Annotated[str | None, typer.Option(help="when the waking began: -10m, 02:40, ISO")] = None,
    minutes_ago: Annotated[float | None, typer.Option(help="when the waking began")] = None,
    awake_min: Annotated[
        float | None, typer.Option(help="how long awake (default: until now)")
    ] = None,
    signalled: Annotated[
        bool | None,
        typer.Option("--signalled/--quiet", help="did they call out or cry? (unsaid if omitted)"),
    ] = None,
    resettled_by: Annotated[ResettleMethod, typer.Option()] = ResettleMethod.NOT_RECORDED,
    bedtime: Annotated[
        str | None,
        typer.Option(help="only for the first night logged: when they went to bed (19:00, ISO)"),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A night waking, into tonight's night (opened if this is its first entry)."""
    from beside.journal import quick_log
    from beside.journal.entries import utc_now
    from beside.journal.households import household_zone
    from beside.records.clock_input import parse_when
    from beside.records.parse import parse_record
    from beside.records.quick_forms import WakingNow

    if at is None and minutes_ago is None:
        raise ConfigError("say when the waking began: --at (-10m, 02:40) or --minutes-ago")
    now = utc_now()
    with logging_for(database_url, household, child, email) as (s, kid, user):
        tz = household_zone(s, household)
        entry = parse_record(
            WakingNow,
            {
                "minutes_ago": _minutes_ago(s, household, at, minutes_ago, now),
                "awake_min": awake_min,
                "signalled": signalled,
                "resettled_by": resettled_by,
                "bedtime": None
                if bedtime is None
                else parse_when(bedtime, tz=tz, now=now, field="bedtime"),
            },
        )
        night = quick_log.log_waking_now(s, kid, entry, tz=tz, by=user.id, now=now)
        out.print(f"logged waking {len(night.wakings)} of the night of {night.evening}")


@log_app.command("nap")
def log_nap(
    household: Household,
    child: ChildRef,
    email: As,
    at: At = None,
    minutes_ago: Annotated[
        float | None, typer.Option(help="when they fell asleep (with --awake: when they woke)")
    ] = None,
    asleep_min: Annotated[
        float | None, typer.Option(help="how long they slept (omit while they sleep)")
    ] = None,
    awake: Annotated[bool, typer.Option("--awake", help="end the nap that is still going")] = False,
    sleep_method: Annotated[SleepMethod, typer.Option()] = SleepMethod.NOT_RECORDED,
    database_url: DatabaseUrl = None,
) -> None:
    """A nap: asleep now (or minutes ago), a whole nap with --asleep-min, or --awake."""
    from datetime import timedelta

    from beside.journal import naps, quick_log
    from beside.journal.entries import utc_now
    from beside.records.models import Nap
    from beside.records.parse import parse_record
    from beside.records.quick_forms import NapEnd, NapStart

    now = utc_now()
    with logging_for(database_url, household, child, email) as (s, kid, user):
        minutes_ago = _minutes_ago(s, household, at, minutes_ago, now)
        if awake:
            going = naps.nap_in_progress(s, kid)
            if going is None:
                raise ConfigError("no nap of this child is still going", field="awake")
            ended = parse_record(NapEnd, {"minutes_ago": minutes_ago})
            row = quick_log.end_nap_now(s, going, ended, now=now)
        elif asleep_min is None:
            entry = parse_record(
                NapStart, {"minutes_ago": minutes_ago, "sleep_method": sleep_method}
            )
            row = quick_log.start_nap_now(s, kid, entry, by=user.id, now=now)
        else:
            start = now - timedelta(minutes=minutes_ago)
            nap = parse_record(
                Nap,
                {
                    "start": start,
                    "end": start + timedelta(minutes=asleep_min),
                    "sleep_method": sleep_method,
                },
            )
            row = naps.log_nap(s, kid, nap, by=user.id, now=now)
        state = "still asleep" if row.end is None else "ended"
        out.print(f"logged nap {row.id} ({state})")


child_app = typer.Typer(help="A household's children.", no_args_is_help=True)
night_app = typer.Typer(help="Bedtime, morning, and the nights so far.", no_args_is_help=True)
list_app = typer.Typer(help="What was logged, oldest first.", no_args_is_help=True)
app.add_typer(child_app, name="child")
app.add_typer(night_app, name="night")
app.add_typer(list_app, name="list")
Since = Annotated[str | None, typer.Option(help="first local date, YYYY-MM-DD")]


@child_app.command("add")
def child_add(
    household: Household,
    email: As,
    name: Annotated[str, typer.Option(help="the child's name")],
    birth_date: Annotated[str, typer.Option(help="YYYY-MM-DD")],
    due_date: Annotated[
        str | None, typer.Option(help="for a baby born early: the due date, YYYY-MM-DD")
    ] = None,
    sensitivity: Annotated[TraitLevel | None, typer.Option()] = None,
    reactivity: Annotated[TraitLevel | None, typer.Option()] = None,
    daycare_hours: Annotated[float | None, typer.Option(help="hours a week")] = None,
    older_siblings: Annotated[int | None, typer.Option()] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a child to a household (you may log there); prints the child's id."""
    import json

    from beside.journal import access
    from beside.journal import accounts as account_store
    from beside.journal import children as child_store
    from beside.records.models import Child
    from beside.records.parse import parse_record_json

    given = {
        "name": name,
        "birth_date": birth_date,
        "due_date": due_date,
        "sensitivity": sensitivity,
        "reactivity": reactivity,
        "daycare_hours": daycare_hours,
        "older_siblings": older_siblings,
    }
    child = parse_record_json(Child, json.dumps({k: v for k, v in given.items() if v is not None}))
    with journal_session(database_url) as s:
        user = account_store.user_by_email(s, email)
        access.require(s, user.id, household, access.Action.LOG)
        out.print(child_store.add_child(s, household, child).id)


@child_app.command("list")
def child_list(household: Household, email: As, database_url: DatabaseUrl = None) -> None:
    """The household's children: id, name, birth date."""
    from beside.journal import access
    from beside.journal import accounts as account_store
    from beside.journal import children as child_store

    with journal_session(database_url) as s:
        user = account_store.user_by_email(s, email)
        access.require(s, user.id, household, access.Action.READ)
        rows = [
            (c.id, c.name, c.birth_date.isoformat(), _or_dash(c.due_date))
            for c in child_store.children_of(s, household)
        ]
    _table(("id", "name", "born", "due"), rows)


@night_app.command("start")
def night_start(
    household: Household,
    child: ChildRef,
    email: As,
    at: At = None,
    asleep_after_min: Annotated[
        float | None, typer.Option(help="minutes from bedtime to asleep (unsaid if omitted)")
    ] = None,
    sleep_method: Annotated[SleepMethod, typer.Option()] = SleepMethod.NOT_RECORDED,
    database_url: DatabaseUrl = None,
) -> None:
    """Bedtime (now, or --at 19:00): opens tonight's night."""
    from datetime import timedelta

    from beside.journal import entries as entry_store
    from beside.journal import households as household_store
    from beside.journal import nights as night_store
    from beside.records.clock_input import parse_when
    from beside.records.models import Night
    from beside.records.parse import parse_record

    now = entry_store.utc_now()
    with logging_for(database_url, household, child, email) as (s, kid, user):
        tz = household_store.household_zone(s, household)
        bedtime = now if at is None else parse_when(at, tz=tz, now=now, field="at")
        record = parse_record(
            Night,
            {
                "bedtime": bedtime,
                "sleep_onset": bedtime + timedelta(minutes=asleep_after_min or 0.0),
                "sleep_method": sleep_method,
            },
        )
        night = night_store.log_night(s, kid, record, tz=tz, by=user.id, now=now)
        out.print(f"night of {night.evening} started at {_clock(night.bedtime, tz)}")


@night_app.command("end")
def night_end(
    household: Household,
    child: ChildRef,
    email: As,
    at: At = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Morning (now, or --at 06:30): ends the night still open, however old it is."""
    from beside.journal import entries as entry_store
    from beside.journal import households as household_store
    from beside.journal import nights as night_store
    from beside.journal import quick_log
    from beside.records.quick_forms import NightEnd

    now = entry_store.utc_now()
    with logging_for(database_url, household, child, email) as (s, kid, _):
        night = night_store.night_in_progress(s, kid)
        if night is None:
            raise ConfigError("no night of this child is open", field="night")
        tz = household_store.household_zone(s, household)
        if at is None:
            ended = quick_log.end_night_now(s, night, NightEnd(), now=now)
        else:
            from beside.records.clock_input import parse_when

            wake = parse_when(at, tz=tz, now=now, field="at")
            ended = night_store.end_night(s, night, wake, now=now)
        assert ended.wake_time is not None
        out.print(f"night of {ended.evening} ended at {_clock(ended.wake_time, tz)}")


@night_app.command("list")
def night_list(
    household: Household,
    child: ChildRef,
    email: As,
    since: Since = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The child's nights since a date: bedtime, wake, wakings."""
    list_nights(household, child, email, since, database_url)


@list_app.command("nights")
def list_nights(
    household: Household,
    child: ChildRef,
    email: As,
    since: Since = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The child's nights since a date: bedtime, wake, wakings."""
    from beside.journal import nights as night_store

    with reading_for(database_url, household, child, email, since) as (s, kid, tz, start):
        rows = [
            (
                n.evening.isoformat(),
                _clock(n.bedtime, tz),
                "still asleep" if n.wake_time is None else _clock(n.wake_time, tz),
                str(len(n.wakings)),
                n.sleep_method.value,
            )
            for n in night_store.list_nights(s, kid, since=start, limit=10_000)
        ]
    _table(("evening", "bedtime", "woke", "wakings", "method"), rows)


@list_app.command("episodes")
def list_episodes(
    household: Household,
    child: ChildRef,
    email: As,
    since: Since = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The child's upsets since a date."""
    from beside.journal import episodes as episode_store

    with reading_for(database_url, household, child, email, since) as (s, kid, tz, start):
        rows = [
            (
                _clock(e.start, tz, date=True),
                f"{e.peak_distress:g}",
                e.child_action.value,
                e.response.value,
                e.outcome.value,
            )
            for e in episode_store.list_episodes(s, kid, since=start, limit=10_000)
        ]
    _table(("began", "distress", "child", "you", "outcome"), rows)


@list_app.command("naps")
def list_naps(
    household: Household,
    child: ChildRef,
    email: As,
    since: Since = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The child's naps since a date."""
    from beside.journal import naps

    with reading_for(database_url, household, child, email, since) as (s, kid, tz, start):
        rows = [
            (
                _clock(n.start, tz, date=True),
                "still asleep" if n.end is None else _clock(n.end, tz),
                n.sleep_method.value,
            )
            for n in naps.list_naps(s, kid, since=start, limit=10_000)
        ]
    _table(("asleep", "awake", "method"), rows)


@contextmanager
def reading_for(
    database_url: str | None, household: str, child: str, email: str, since: str | None
) -> Iterator[tuple[Session, ChildRow, tzinfo, datetime | None]]:
    """The session, the child, the household's zone and the first instant asked for, once
    the account may read this household."""
    from beside.journal import access
    from beside.journal import accounts as account_store
    from beside.journal import children as child_store
    from beside.journal import households as household_store

    first = _date_option(since, "since")
    with journal_session(database_url) as s:
        user = account_store.user_by_email(s, email)
        access.require(s, user.id, household, access.Action.READ)
        tz = household_store.household_zone(s, household)
        start = None if first is None else datetime.combine(first, datetime.min.time(), tz)
        yield s, child_store.child_by_ref(s, household, child), tz, start


def _clock(when: datetime, tz: tzinfo, *, date: bool = False) -> str:
    local = when.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M" if date else "%H:%M")


def _or_dash(value: object) -> str:
    return "-" if value is None else str(value)


def _table(columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    from rich.table import Table

    if not rows:
        out.print("nothing logged yet")
        return
    table = Table(*columns, box=None, pad_edge=False)
    for row in rows:
        table.add_row(*row)
    out.print(table)


@app.command()
def insights(
    child: Annotated[str | None, typer.Option(help="the child's id (a journal's child)")] = None,
    household: Annotated[
        str | None, typer.Option(help="household id (needed when --child is a name)")
    ] = None,
    email: Annotated[
        str | None, typer.Option("--as", help="email of the account reading the journal")
    ] = None,
    since: Annotated[str | None, typer.Option(help="first local date, YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="last local date, YYYY-MM-DD")] = None,
    simulation: Annotated[
        Path | None, typer.Option(help="a simulated cohort's folder (beside simulate --out)")
    ] = None,
    format: Annotated[str, typer.Option(help="text or json")] = "text",
    database_url: DatabaseUrl = None,
) -> None:
    """Every measure of a child's journal, or of a simulated cohort, with intervals and norms."""
    import json

    from beside.insights import summary
    from beside.reports.text import child_text, simulation_text

    if format not in ("text", "json"):
        _fail(f"format must be text or json, not {format!r} (field: format)")
    if (child is None) == (simulation is None):
        _fail("give --child (with --as) or --simulation, one of the two (field: child)")
    if simulation is not None:
        if since or until:
            _fail("--since and --until are for a journal; a simulation has ages (field: since)")
        if not any(
            (simulation / f"{name}.parquet").exists() for name in ("nights", "child_months")
        ):
            _fail(f"{simulation} holds no simulated cohort (field: simulation)")
        with progress_bar("Measuring", 1) as bar:
            task = bar.tasks[0].id

            def step(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = summary.of_simulation(simulation, progress=step)
        if format == "json":
            out.print_json(json.dumps(summary.simulation_json(report)))
        else:
            out.print(simulation_text(report))
        return
    if child is None or email is None:
        _fail("give --as with the email of the account reading the journal (field: as)")
    first, last = _date_option(since, "since"), _date_option(until, "until")
    from beside.journal.child_logs import log_for_reader

    with journal_session(database_url) as s:
        log = log_for_reader(
            s, email=email, child=child, household=household, since=first, until=last
        )
    result = summary.of_child(log)
    if format == "json":
        out.print_json(json.dumps(summary.child_json(result)))
    else:
        out.print(child_text(result))


@app.command()
def report(
    child: Annotated[str, typer.Option(help="the child's id (or its name, with --household)")],
    email: Annotated[str, typer.Option("--as", help="email of the account reading it")],
    week: Annotated[str, typer.Option(help="the ISO week, such as 2026-W48")],
    out_file: Annotated[Path, typer.Option("--out", help="FILE.html, FILE.pdf or FILE.json")],
    household: Annotated[str | None, typer.Option(help="household id")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A child's weekly report: the week's measures, norms, patterns, guidance and notes."""
    import json

    from beside.journal.child_logs import reader_child
    from beside.reports import weekly as pages
    from beside.study.weekly import weekly_report

    kind = out_file.suffix.lower()
    if kind not in (".html", ".pdf", ".json"):
        _fail(f"--out must end in .html, .pdf or .json, not {out_file.name!r} (field: out)")
    pages.parse_week(week)
    with journal_session(database_url) as s:
        house, kid = reader_child(s, email=email, child=child, household=household)
        r = weekly_report(s, house, kid, week)
    data: bytes
    if kind == ".pdf":
        data = pages.to_pdf(r)
    elif kind == ".json":
        data = json.dumps(pages.to_json(r), indent=2).encode()
    else:
        data = pages.to_html(r).encode()
    _write_private(out_file, data)
    out.print(f"wrote {out_file}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"in: {path} does not exist", field="in") from None
    except UnicodeDecodeError:
        raise ConfigError(f"in: {path} is not UTF-8 text", field="in") from None
    except OSError as exc:
        raise ConfigError(f"in: cannot read {path}: {exc.strerror or exc}", field="in") from None


def _read_document(path: Path) -> JournalDocument:
    """The file's document; a file that is not JSON at all is named with its line."""
    import json

    from beside.records.document import document_from_json_data

    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"in: {path} is not JSON (line {exc.lineno}: {exc.msg})", field="in"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"in: {path} is not a Beside export (a JSON object)", field="in")
    return document_from_json_data(data, text)


def _fail_each(exc: ValidationFailed) -> NoReturn:
    """Every broken rule on its own line (an import names each bad row), then exit 2."""
    for v in exc.violations:
        sys.stderr.write(f"error: {v.field}: {' '.join(v.message.split())}\n")
    sys.exit(2)


def _write_private(path: Path, data: bytes) -> None:
    """Whole or not at all, readable by its owner only (a child's records)."""
    tmp = path.with_name(f".{path.name}.partial")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _fail(f"cannot write {path}: {exc.strerror or exc} (field: out)")


def _date_option(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{field} must be a date YYYY-MM-DD, not {value!r} (field: {field})")


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="address to listen on (default 127.0.0.1)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
    workers: Annotated[
        int | None, typer.Option(help="server processes (default 1; 2 uses both of 2 cores)")
    ] = None,
    public_url: Annotated[
        str | None,
        typer.Option(help="the https://host people open, when a TLS proxy serves Beside"),
    ] = None,
    trusted_proxies: Annotated[
        str | None,
        typer.Option(help="comma-separated proxy addresses whose X-Forwarded-* is believed"),
    ] = None,
    allowed_hosts: Annotated[
        str | None, typer.Option(help="comma-separated host names besides addresses")
    ] = None,
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            help="Secure cookies even over http (TLS ends at a proxy elsewhere)",
            show_default=False,
        ),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Serve the journal API (on this machine only, by default). Behind a reverse proxy:
    docs/security.md. Settings: docs/settings.md."""
    import uvicorn

    from beside.settings import load
    from beside.web.app import create_app
    from beside.web.server import server_options

    settings = load(
        database_url=database_url,
        host=host,
        port=port,
        workers=workers,
        public_url=public_url,
        trusted_proxies=trusted_proxies,
        allowed_hosts=allowed_hosts,
        secure_cookies=secure_cookies,
    )
    options = server_options(settings)
    shown = settings.public_url or f"http://{settings.host}:{settings.port}"
    out.print(f"Beside is at {shown}/ (Ctrl+C stops it)")
    if settings.workers == 1:
        uvicorn.run(create_app(settings, migrate=True), **options)
        return
    create_app(settings, migrate=True).state.engine.dispose()  # migrate once, here
    # Each worker builds its app from the environment: hand this run's settings down.
    os.environ.update(settings.environment())
    uvicorn.run(
        "beside.web.app:app_from_environment",
        factory=True,
        workers=settings.workers,
        **options,
    )


@app.command()
def demo(
    months: Annotated[float, typer.Option(help="months of the simulated child's life")] = 3.0,
    seed: Annotated[int, typer.Option(help="seed for the simulated child")] = 1,
    database_url: DatabaseUrl = None,
) -> None:
    """Create a demo household filled with a simulated child's records."""
    from beside.journal.entries import utc_now
    from beside.study.demo import create_demo

    with journal_session(database_url) as s:
        made = create_demo(s, months=months, seed=seed, now=utc_now())
    out.print(
        f"demo household {made.household_id}: {made.episodes} episodes, "
        f"{made.nights} nights; sign in as {made.email} with password {made.password}",
        soft_wrap=True,  # one line, whatever the terminal's width: it is copied from
    )
