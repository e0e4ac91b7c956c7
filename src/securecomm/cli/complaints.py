"""`securecomm complaints`: the complaint system's languages and letters, and a database's complaints.

* `languages`, `check-translations`: the nine language files, and whether each has every key of en.yaml;
* `letter`: a form letter in any language with sample values, for translators and reviewers;
* `summary`, `counts`: complaints by state (with overdue ones), and per county and quarter for the
  monitoring (`--csv` writes the columns the oversight counts table reads);
* `protection CASE_ID`: whether removal on an ICE case needs a supervisory override, and why.

No command prints a complainant's identity.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option, parse_date
from securecomm.errors import BadInput

__all__ = ["group"]

db_option = click.option(
    "--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db."
)


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


@click.group(name="complaints")
def group() -> None:
    """Civil-rights complaints: languages, form letters, state of the queue, counts, protection."""


@group.command(name="languages")
@json_option
def languages(as_json: bool) -> None:
    """The form's languages with their names, direction and translation status."""
    from securecomm.complaints import LANGUAGES, strings

    rows = [
        {"lang": c, "name": strings(c).name, "english_name": strings(c).english_name,
         "direction": strings(c).direction, "status": strings(c).status}
        for c in LANGUAGES
    ]  # fmt: skip

    def human(payload: dict[str, Any]) -> str:
        return "\n".join(
            f"{r['lang']}  {r['english_name']:<22} {r['direction']}  {r['status']}"
            for r in payload["languages"]
        )

    emit({"languages": rows, "count": len(rows)}, as_json=as_json, human=human)


@group.command(name="check-translations")
@json_option
def check_translations(as_json: bool) -> None:
    """Check that every language file has exactly the keys and placeholders of en.yaml (exit 2 if not)."""
    from securecomm.complaints.translations import check_all

    report = check_all()
    problems = {lang: items for lang, items in report.items() if items}
    emit({"ok": not problems, "problems": problems, "languages": sorted(report)}, as_json=as_json,
         human=lambda p: "all nine language files are complete" if p["ok"] else
         "\n".join(f"{lang}: {item}" for lang, items in p["problems"].items() for item in items))  # fmt: skip
    if problems:
        raise BadInput(f"{len(problems)} language file(s) out of step with en.yaml", where="translations")


@group.command(name="letter")
@click.option("--kind", type=click.Choice(["acknowledgment", "referral", "closure"]), required=True)
@click.option("--lang", "language", required=True, help="ISO 639-1 code: en es zh vi ar fr ht pt tl.")
@click.option("--referral", type=click.Choice(["doj", "jic", "other"]), default="doj", show_default=True)
@click.option(
    "--outcome",
    type=click.Choice(["investigated", "referred", "insufficient", "withdrawn", "duplicate", "not_covered"]),
    default="referred",
    show_default=True,
)
@click.option(
    "--on", "on_text", default="2012-03-05", show_default=True, help="The letter's date (YYYY-MM-DD)."
)
@json_option
def letter(kind: str, language: str, referral: str, outcome: str, on_text: str, as_json: bool) -> None:
    """Print a form letter with sample values (a synthetic name and receipt), for review."""
    from securecomm.complaints import LANGUAGES, ClosureOutcome, LetterKind, compose_letter
    from securecomm.complaints.model import Identity, ReferralTarget

    if language not in LANGUAGES:
        raise BadInput(f"no language {language!r}; languages: {', '.join(LANGUAGES)}", where="--lang")
    on = parse_date(on_text, option="--on")
    composed = compose_letter(
        LetterKind(kind), language=language, receipt="SC-0000-0000-0000-0000-0",
        identity=Identity(name="A. Sample", address="1 Example St"), received_on=on, today=on,
        referral=ReferralTarget(referral), identity_shared=False, closure=ClosureOutcome(outcome),
    )  # fmt: skip
    emit({"kind": kind, "lang": language, "subject": composed.subject, "body": composed.body}, as_json=as_json,
         human=lambda p: p["body"])  # fmt: skip


def _today() -> date:
    return datetime.now(UTC).date()


@group.command(name="summary")
@db_option
@click.option("--today", "today_text", default=None, help="Count deadlines as of this date (default: today).")
@json_option
def summary(db_url: str, today_text: str | None, as_json: bool) -> None:
    """Complaints by state, how many open ones are past a deadline, and retaliation reports."""
    from sqlalchemy import func, select

    from securecomm.storage.complaint_queries import status_counts
    from securecomm.storage.complaint_tables import RetaliationReportRow

    today = parse_date(today_text, option="--today") if today_text else _today()
    database = _open(db_url)
    with database.transaction() as tx:
        counts = status_counts(tx, today=today)
        reports = tx.scalar(select(func.count()).select_from(RetaliationReportRow)) or 0
        unacknowledged = (
            tx.scalar(
                select(func.count())
                .select_from(RetaliationReportRow)
                .where(RetaliationReportRow.acknowledged_at.is_(None))
            )
            or 0
        )
    overdue = counts.pop("overdue")
    payload = {"as_of": today, "by_status": counts, "total": sum(counts.values()), "overdue": overdue,
               "retaliation_reports": reports, "retaliation_unacknowledged": unacknowledged}  # fmt: skip

    def human(p: dict[str, Any]) -> str:
        lines = [
            f"{p['total']} complaints as of {p['as_of'].isoformat()}; {p['overdue']} open past a deadline"
        ]
        lines += [f"  {state:<18} {n}" for state, n in p["by_status"].items() if n]
        lines.append(
            f"retaliation reports: {p['retaliation_reports']} ({p['retaliation_unacknowledged']} unacknowledged)"
        )
        return "\n".join(lines)

    emit(payload, as_json=as_json, human=human)


@group.command(name="counts")
@db_option
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the counts as CSV (jurisdiction, quarter, complaints, complaints_crcl).")  # fmt: skip
@json_option
def counts(db_url: str, csv_path: Path | None, as_json: bool) -> None:
    """Complaints per county and quarter (incident quarter, else receipt), for the quarterly monitoring."""
    from securecomm.complaints import count_complaints
    from securecomm.complaints.monitoring import counts_csv
    from securecomm.storage.complaint_queries import linked_complaints

    database = _open(db_url)
    with database.transaction() as tx:
        counted = count_complaints(linked_complaints(tx))
    if csv_path is not None:
        try:
            csv_path.write_text(counts_csv(counted), encoding="utf-8")
        except OSError as error:
            raise BadInput(f"cannot write: {error.strerror}", where=str(csv_path)) from None
    rows = [{"jurisdiction": c.jurisdiction, "quarter": str(c.quarter), "complaints": c.complaints,
             "complaints_crcl": c.complaints_crcl} for c in counted]  # fmt: skip
    emit({"rows": rows, "count": len(rows), "csv": csv_path}, as_json=as_json,
         human=lambda p: counts_csv(counted).rstrip("\n"))  # fmt: skip


@group.command(name="protection")
@db_option
@click.argument("case_id")
@json_option
def protection(db_url: str, case_id: str, as_json: bool) -> None:
    """Whether removal on CASE_ID needs a supervisory override first (exit 0 either way), and why."""
    from securecomm.clock import SystemClock
    from securecomm.storage.audit_log import SessionAuditLog
    from securecomm.storage.complaint_records import complaint_services

    database = _open(db_url)
    with database.transaction() as tx:
        _, service = complaint_services(tx, SessionAuditLog(tx), SystemClock())
        answer = service.requires_override(case_id)
    payload = {
        "case_id": answer.case_id,
        "override_required": answer.required,
        "reasons": list(answer.reasons),
        "protected_since": answer.protected_since,
        "override": None
        if answer.override is None
        else {"by": answer.override.supervisor, "at": answer.override.at, "reason": answer.override.reason},
        "references": [{"title": r.title, "href": r.href} for r in answer.references],
    }

    def human(p: dict[str, Any]) -> str:
        head = "OVERRIDE REQUIRED before removal" if p["override_required"] else "no override needed"
        return "\n".join([f"{p['case_id']}: {head}", *(f"  - {r}" for r in p["reasons"])])

    emit(payload, as_json=as_json, human=human)
