"""`securecomm oversight ...`: quarterly statistical monitoring from the command line.

The adapter's part: read files or the booking flow's database, call the pure analysis in
`securecomm.oversight`, and write its outputs into a temporary folder that replaces the target only when
everything rendered, so bad input leaves the target folder untouched. `report --deliver` records the
package's delivery to the DOJ liaison; `referrals` and `act` run the referral workflow, each act audited.
"""

from __future__ import annotations

import getpass
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option
from securecomm.errors import BadInput

__all__ = ["group"]


@click.group(name="oversight")
def group() -> None:
    """Quarterly statistical monitoring of jurisdictions: analysis, report, public statistics."""


def write_outputs(files: dict[str, bytes], out: Path) -> list[str]:
    """Write `files` (relative path -> bytes) into `out` via a temporary sibling folder."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise BadInput(f"{out} exists and is not a folder", where="--out")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if not out.exists():
            staging.chmod(0o755)  # mkdtemp makes it private; the report is meant to be shared
            os.replace(staging, out)
        else:
            for name in files:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(files)


def _read_text(path: Path, *, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{path} does not exist", where=option) from None
    except UnicodeDecodeError as error:
        raise BadInput(f"{path} is not UTF-8 text (byte {error.start})", where=option) from None


def _report_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options `analyze` and `report` share: where the report goes, and the test's settings."""
    options = [
        click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the report."),
        click.option("--fdr", type=float, default=0.05, show_default=True, help="Benjamini-Hochberg false-discovery rate."),
        click.option("--peers", type=click.Choice(["all", "state", "size-band"]), default="all", show_default=True,
                     help="Whom each jurisdiction is compared with."),
        click.option("--min-matches", type=int, default=30, show_default=True, help="Minimum matches to test a cell."),
        click.option("--min-arrests", type=int, default=100, show_default=True, help="Minimum arrests to test a cell."),
        click.option("--no-pdf", is_flag=True, help="Skip the PDF (faster; the HTML has everything)."),
        json_option,
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _settings(fdr: float, peers: str, min_matches: int, min_arrests: int) -> Any:
    from securecomm.oversight.outliers import OutlierSettings, PeerScheme

    return OutlierSettings(
        fdr=fdr, peers=PeerScheme(peers), min_trials=min_matches, min_reference=min_arrests
    )


@group.command("analyze")
@click.option(
    "--counts",
    "counts_path",
    type=click.Path(path_type=Path),
    required=True,
    help="CSV: jurisdiction,quarter,arrests_total,arrests_minor,matches_total,matches_minor[,...]",
)
@_report_options
def analyze_command(
    counts_path: Path, out: Path, fdr: float, peers: str, min_matches: int, min_arrests: int, no_pdf: bool,
    as_json: bool,
) -> None:  # fmt: skip
    """Analyse a counts CSV: flags with evidence, funnel plots, report (HTML + PDF), public statistics."""
    from securecomm.clock import SystemClock
    from securecomm.oversight.analysis import analyze
    from securecomm.oversight.report import render_report
    from securecomm.oversight.table import parse_counts_csv

    settings = _settings(fdr, peers, min_matches, min_arrests)
    table = parse_counts_csv(_read_text(counts_path, option="--counts"), source=counts_path.name)
    analysis = analyze(table, settings)
    files = render_report(analysis, prepared_on=SystemClock().now().date(), pdf=not no_pdf)
    written = write_outputs(files, out)
    payload: dict[str, Any] = analysis.to_json()
    payload["files"] = written

    def human(p: dict[str, Any]) -> str:
        lines = [f"tested {p['tested']} jurisdiction-quarters; {len(p['flags'])} flagged (q <= {fdr:g})"]
        lines += [f"  {f['jurisdiction']} {f['quarter']}: {f['evidence']['sentence']}" for f in p["flags"]]
        lines.append(f"report: {out / 'report.html'}")
        return "\n".join(lines)

    emit(payload, as_json=as_json, human=human)


@group.command("simulate")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="CSV file to write.")
@click.option("--jurisdictions", type=click.IntRange(10, 5000), default=200, show_default=True)
@click.option("--quarters", type=click.IntRange(1, 40), default=8, show_default=True)
@click.option("--first-quarter", default="2010Q1", show_default=True)
@click.option(
    "--planted-share",
    type=click.FloatRange(0, 0.5),
    default=0.05,
    show_default=True,
    help="Share of jurisdictions with a pretextual-arrest practice from activation on.",
)
@click.option(
    "--effect",
    type=click.FloatRange(1, 10),
    default=2.0,
    show_default=True,
    help="Factor on the minor matches of a planted jurisdiction.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--fips/--no-fips", default=True, show_default=True, help="Name jurisdictions by real county FIPS codes."
)
@json_option
def simulate_command(
    out: Path, jurisdictions: int, quarters: int, first_quarter: str, planted_share: float, effect: float,
    seed: int, fips: bool, as_json: bool,
) -> None:  # fmt: skip
    """Write a synthetic counts CSV with planted pretextual arrests (ground truth on stdout)."""
    import numpy as np

    from securecomm.oversight.quarters import Quarter, QuarterFormatError
    from securecomm.oversight.simulation import SimulationSettings, simulate_table, table_to_csv

    try:
        first = Quarter.parse(first_quarter)
    except QuarterFormatError as error:
        raise BadInput(str(error), where="--first-quarter") from None
    ids = None
    if fips:
        from securecomm.oversight.maps import known_fips

        rng_ids = np.random.default_rng(seed + 1)
        pool = sorted(known_fips())
        ids = tuple(sorted(rng_ids.choice(pool, size=min(jurisdictions, len(pool)), replace=False).tolist()))
    settings = SimulationSettings(jurisdictions=jurisdictions, planted_share=planted_share, effect=effect)
    world = simulate_table(np.random.default_rng(seed), settings, first=first, quarters=quarters, ids=ids)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table_to_csv(world.table), encoding="utf-8")
    emit(
        {"file": out, "rows": len(world.table.rows), "planted": sorted(world.planted), "seed": seed},
        as_json=as_json,
    )


@group.command("worked-example")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="The public data folder (default: shared/data/public beside the checkout).",
)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the outputs.")
@click.option("--no-pdf", is_flag=True, help="Skip the PDF.")
@json_option
def worked_example_command(data_dir: Path | None, out: Path, no_pdf: bool, as_json: bool) -> None:
    """Reproduce activation, detainer and "declined by LEA" figures from real public data, with checks."""
    from securecomm.clock import SystemClock
    from securecomm.config import shared_data_dir
    from securecomm.oversight.worked_example import checks, load_public_data
    from securecomm.oversight.worked_report import render_worked_example

    if data_dir is None:
        shared = shared_data_dir()
        if shared is None:
            raise BadInput(
                "no shared data folder found; pass --data DIR (shared/data/public)", where="--data"
            )
        data_dir = shared / "public"
    root = data_dir

    def read(relative: str) -> str:
        return _read_text(root / relative, option="--data")

    data = load_public_data(read)
    files = render_worked_example(data, prepared_on=SystemClock().now().date(), pdf=not no_pdf)
    written = write_outputs(files, out)
    results = [c.to_json() for c in checks(data)]
    payload = {"checks": results, "all_passed": all(c["passed"] for c in results), "files": written}

    def human(p: dict[str, Any]) -> str:
        lines = [f"{'pass' if c['passed'] else 'FAIL'}  {c['name']}: published {c['published']:,}, "
                 f"reproduced {c['reproduced']:,}" for c in p["checks"]]  # fmt: skip
        return "\n".join([*lines, f"report: {out / 'worked-example.html'}"])

    emit(payload, as_json=as_json, human=human)


db_option = click.option(
    "--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db."
)
as_option = click.option(
    "--as", "actor", default=None, help="Who acts, for the audit trail (default: cli:<your user name>)."
)


def _actor(actor: str | None) -> str:
    if actor is not None:
        if not actor.strip():
            raise BadInput("is empty; name who acts", where="--as")
        return actor.strip()
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name for this uid (containers)
        return "cli"


def _open(url: str) -> Any:
    """The database at `url`; a SQLite path that does not exist is refused (reading must not create one)."""
    from sqlalchemy.engine import make_url

    from securecomm.storage.db import open_database

    try:
        parsed = make_url(url)
    except Exception:  # SQLAlchemy raises ArgumentError for any malformed URL
        raise BadInput("not a database URL (e.g. sqlite:///var/securecomm.db)", where="--db") from None
    local = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if local and not Path(parsed.database or "").exists():
        raise BadInput(f"no database file at {parsed.database}", where="--db")
    return open_database(url)


@group.command("report")
@db_option
@click.option("--quarter", required=True, help="The package's quarter, e.g. 2012Q2.")
@_report_options
@click.option(
    "--deliver", is_flag=True, help="Record the delivery to the DOJ liaison and open a referral per flag."
)
@click.option("--note", default=None, help="With --deliver: the note for the DOJ liaison.")
@as_option
def report_command(
    db_url: str, quarter: str, out: Path, fdr: float, peers: str, min_matches: int, min_arrests: int,
    no_pdf: bool, deliver: bool, note: str | None, actor: str | None, as_json: bool,
) -> None:  # fmt: skip
    """The quarterly package from the booking flow's database: flags, removals by level, activation map."""
    from securecomm.clock import SystemClock
    from securecomm.oversight.package import build_package, check_quarter
    from securecomm.oversight.quarters import Quarter, QuarterFormatError
    from securecomm.rules import load_ruleset
    from securecomm.storage.oversight_records import booking_span, flow_counts_from

    try:
        wanted = Quarter.parse(quarter)
    except QuarterFormatError as error:
        raise BadInput(str(error), where="--quarter") from None
    if deliver and not (note or "").strip():
        raise BadInput("--deliver needs --note (what this package is, for the DOJ liaison)", where="--note")
    who = _actor(actor)
    settings = _settings(fdr, peers, min_matches, min_arrests)
    database = _open(db_url)
    with database.transaction() as tx:
        check_quarter(wanted, booking_span(tx))
        counts = flow_counts_from(tx, ruleset=load_ruleset(), through=wanted)
    package = build_package(counts, wanted, settings)
    clock = SystemClock()
    written = write_outputs(package.render(prepared_on=clock.now().date(), pdf=not no_pdf), out)
    payload: dict[str, Any] = package.to_json()
    payload["files"] = written
    if deliver:
        payload["delivered"] = _deliver(database, package, actor=who, note=note or "", at=clock.now())

    def human(p: dict[str, Any]) -> str:
        lines = [
            f"{p['quarter']}: tested {p['tested']} jurisdictions; {len(p['flags'])} flagged (q <= {fdr:g})"
        ]
        lines += [f"  {f['jurisdiction']}: {f['evidence']['sentence']}" for f in p["flags"]]
        if "delivered" in p:
            d = p["delivered"]
            lines.append(f"delivered to the DOJ liaison as version {d['version']} ({d['sha256'][:12]}...)")
        lines.append(f"report: {out / 'report.html'}")
        return "\n".join(lines)

    emit(payload, as_json=as_json, human=human)


def _deliver(database: Any, package: Any, *, actor: str, note: str, at: Any) -> dict[str, Any]:
    from securecomm.oversight.delivery import deliver_package
    from securecomm.storage.audit_log import SessionAuditLog
    from securecomm.storage.oversight_records import SqlPackages, desk

    with database.transaction() as tx:
        done = deliver_package(
            package, packages=SqlPackages(tx), referrals=desk(tx), audit=SessionAuditLog(tx), actor=actor, at=at,
            note=note,
        )  # fmt: skip
    record = done.record
    return {
        "package_id": record.package_id,
        "version": record.version,
        "recipient": record.recipient,
        "sha256": record.sha256,
        "referrals_opened": [r.referral_id for r in done.opened],
    }


@group.command("referrals")
@db_option
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(["flagged", "in_review", "closed", "referred_to_doj"]),
    help="Only referrals in this state (repeatable).",
)
@json_option
def referrals_command(db_url: str, states: tuple[str, ...], as_json: bool) -> None:
    """Referrals of flagged jurisdictions and every act on them."""
    from securecomm.oversight.referral import ReferralState
    from securecomm.storage.oversight_records import referral_page

    database = _open(db_url)
    items: list[dict[str, Any]] = []
    with database.transaction() as tx:
        page, wanted = 1, tuple(ReferralState(s) for s in states) or None
        while True:
            found = referral_page(tx, states=wanted, page=page, size=500)
            items += [r.to_json() for r in found.items]
            if page * found.page_size >= found.total:
                break
            page += 1

    def human(p: dict[str, Any]) -> str:
        rows = [
            f"{r['referral_id']}  {r['jurisdiction']} {r['quarter']}  {r['state']}" for r in p["referrals"]
        ]
        return "\n".join(rows) or "no referrals"

    emit({"referrals": items, "count": len(items)}, as_json=as_json, human=human)


@group.command("act")
@db_option
@click.argument("referral_id")
@click.argument("action")
@click.option("--reason", required=True, help="Why (for a note or a summary: the text itself).")
@click.option(
    "--complaints", type=click.IntRange(min=0), default=None, help="record_complaints: how many were found."
)
@click.option(
    "--field-office", default=None, help="record_field_office_contact: the AOR contacted (e.g. HOU)."
)
@as_option
@json_option
def act_command(
    db_url: str, referral_id: str, action: str, reason: str, complaints: int | None, field_office: str | None,
    actor: str | None, as_json: bool,
) -> None:  # fmt: skip
    """Take one act on a referral: begin_review, record_note, record_complaints, record_field_office_contact,
    close or refer_to_doj. Each act is audited; an act the workflow does not allow is refused (exit 2)."""
    from securecomm.clock import SystemClock
    from securecomm.errors import IllegalTransition
    from securecomm.oversight.referral_desk import parse_action
    from securecomm.storage.oversight_records import desk

    step = parse_action(action)
    who = _actor(actor)
    database = _open(db_url)
    try:
        with database.transaction() as tx:
            after = desk(tx).act(
                referral_id, step, actor=who, at=SystemClock().now(), reason=reason, complaints=complaints,
                field_office=field_office,
            )  # fmt: skip
    except IllegalTransition as error:
        raise BadInput(str(error), where=action) from None
    emit(after.to_json(), as_json=as_json, human=lambda p: f"{p['referral_id']}: now {p['state']}")
