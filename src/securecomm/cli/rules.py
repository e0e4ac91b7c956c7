"""`securecomm rules ...`: hold deadlines, case classification, consular notification, the catalog.

The commands parse input at the edge, call `securecomm.rules`, and print either text for a person
or, with `--json`, exactly one JSON object. Bad input raises `BadInput`, which the entry point
turns into exit status 2 and one line on stderr.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option, parse_date
from securecomm.errors import BadInput

__all__ = ["group"]


@click.group(name="rules")
def group() -> None:
    """Legal rules: hold deadlines, classification, consular notification, catalog."""


def _common(determination: Any) -> dict[str, Any]:
    return {
        "rule_id": determination.rule_id,
        "rule_version": determination.rule_version,
        "confidence": determination.confidence.value,
        "reasons": [reason.as_dict() for reason in determination.reasons],
        "references": [reference.as_dict() for reference in determination.references],
    }


def _human_reasons(payload: dict[str, Any]) -> list[str]:
    lines = ["", "Why:"] + [f"  - {r['text']}" for r in payload["reasons"]]
    lines += ["", "Sources:"] + [f"  - {r['title']} <{r['href']}>" for r in payload["references"]]
    return lines


@group.command("hold-deadline")
@click.option("--form", "form_name", required=True, help="Detainer form: I-247-2010 ... I-247A.")
@click.option("--release-at", required=True, help="When the person would otherwise be released (ISO 8601).")
@click.option("--tz", default=None, help="The facility's IANA time zone, e.g. America/New_York.")
@json_option
def hold_deadline(form_name: str, release_at: str, tz: str | None, as_json: bool) -> None:
    """Until when a jail may hold a person on a detainer of the given form."""
    from securecomm.rules import compute_hold_deadline, load_ruleset, parse_form

    form = parse_form(form_name, where="--form")
    try:
        release = datetime.fromisoformat(release_at)
    except ValueError:
        raise BadInput(
            f"{release_at!r} is not a date-time (use 2012-02-17T08:00)", where="--release-at"
        ) from None
    result = compute_hold_deadline(form, release, tz=tz, ruleset=load_ruleset())
    hold = result.value
    payload: dict[str, Any] = {
        "deadline_at": hold.deadline_at.isoformat() if hold.deadline_at else None,
        "form": hold.form.value,
        "release_at": hold.release_at.isoformat(),
        "counting_from": hold.counting_from.isoformat() if hold.counting_from else None,
        "hold_hours": hold.hold_hours,
        "counting": hold.counting,
        "excluded_days": [{"date": d.isoformat(), "why": why} for d, why in hold.excluded_days],
        **_common(result),
    }

    def human(p: dict[str, Any]) -> str:
        head = (
            f"{p['form']}: no hold requested"
            if p["deadline_at"] is None
            else f"{p['form']}: hold ends {p['deadline_at']}"
        )
        return "\n".join([head, *_human_reasons(p)])

    emit(payload, as_json=as_json, human=human)


@group.command("classify")
@click.option("--case", "case_path", required=True, type=click.Path(path_type=Path), help="Case file (JSON).")
@click.option("--as-of", required=True, help="The date the rules are applied on (YYYY-MM-DD).")
@json_option
def classify(case_path: Path, as_of: str, as_json: bool) -> None:
    """Offense levels, priority, discretion factors and detainer advice for a case on a date."""
    from securecomm.rules import CaseFileError, classify_case, load_ruleset, parse_case_text

    on = parse_date(as_of, option="--as-of")
    try:
        text = case_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"no such case file: {case_path}", where="--case") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CaseFileError(f"cannot read the case file ({error})", path="$", file=str(case_path)) from None
    ruleset = load_ruleset()
    case = parse_case_text(text, ruleset=ruleset, file=str(case_path))
    payload = classify_case(case, as_of=on, ruleset=ruleset).as_dict()

    def human(p: dict[str, Any]) -> str:
        d = p["discretion"]
        lines = [
            f"As of {p['as_of']} (advisory; an officer decides):",
            f"  identification level (by charge): {p['identification_level']}",
            f"  conviction level:                 {p['conviction_level']}",
            f"  priority:                         {' '.join([p['priority'], *p['priority_clauses']])} ({p['priority_regime']})",
            f"  favorable factors:                {', '.join(d['favorable']) or '-'}",
            f"  unfavorable factors:              {', '.join(d['unfavorable']) or '-'}",
            f"  detainer advice:                  {p['detainer_advice']}",
            f"  voluntary return may be offered:  {'yes' if d['voluntary_return'] else 'no'}",
        ]
        return "\n".join(lines + _human_reasons(p))

    emit(payload, as_json=as_json, human=human)


@group.command("consular")
@click.option("--nationality", required=True, help="ISO 3166-1 alpha-2 country code, e.g. CN.")
@click.option("--lpr", is_flag=True, help="The person is a lawful permanent resident.")
@click.option("--passport", default=None, help="Country of the passport, if it matters (e.g. TW).")
@click.option("--as-of", required=True, help="The date of the arrest (YYYY-MM-DD).")
@json_option
def consular(nationality: str, lpr: bool, passport: str | None, as_of: str, as_json: bool) -> None:
    """Whether consular notification is mandatory, how soon, and what to tell the person."""
    from securecomm.rules import consular_determination, load_ruleset

    on = parse_date(as_of, option="--as-of")
    result = consular_determination(nationality, lpr=lpr, passport=passport, as_of=on, ruleset=load_ruleset())
    advice = result.value
    payload: dict[str, Any] = {
        "nationality": advice.nationality,
        "mandatory": advice.mandatory,
        "notify": advice.notify,
        "target_hours": advice.target_hours,
        "outer_hours": advice.outer_hours,
        "statement": advice.statement,
        **_common(result),
    }

    def human(p: dict[str, Any]) -> str:
        kind = "MANDATORY notification" if p["mandatory"] else "notification on request"
        lines = [
            f"{p['nationality']}: {kind} ({p['notify']}); within {p['target_hours']} h, at most "
            f"{p['outer_hours']} h.",
            "",
            "Statement to read:",
            f"  {p['statement']}",
        ]
        return "\n".join(lines + _human_reasons(p))

    emit(payload, as_json=as_json, human=human)


@group.command("holidays")
@click.option("--year", required=True, type=int, help="Calendar year.")
@json_option
def holidays(year: int, as_json: bool) -> None:
    """The observed legal public holidays of a year (the days the 2010-2012 hold clock skips)."""
    from securecomm.rules import load_ruleset, observed_holidays

    found = observed_holidays(year, ruleset=load_ruleset())
    payload = {"year": year, "holidays": [{"date": d.isoformat(), "name": name} for d, name in found.items()]}
    emit(
        payload,
        as_json=as_json,
        human=lambda p: "\n".join(f"{h['date']}  {h['name']}" for h in p["holidays"]),
    )


@group.command("catalog")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for catalog.md and catalog.html.",
)
@json_option
def catalog(out_dir: Path, as_json: bool) -> None:
    """Write every rule and parameter (law text, values by date, code location) as Markdown and HTML."""
    from markdown_it import MarkdownIt

    from securecomm.rules import load_ruleset, registered_rules
    from securecomm.rules.catalog import render_catalog

    ruleset = load_ruleset()
    markdown = render_catalog(ruleset)
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    html = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>securecomm rule catalog</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}\n"
        "blockquote{border-left:4px solid #999;margin:0.5rem 0;padding:0.25rem 1rem;background:#f6f6f6}\n"
        "pre{background:#f3f3f3;padding:0.5rem;overflow-x:auto}code{font-size:0.9em}\n"
        f"</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "catalog.md").write_text(markdown, encoding="utf-8")
        (out_dir / "catalog.html").write_text(html, encoding="utf-8")
    except OSError as error:
        raise BadInput(f"cannot write the catalog ({error.strerror})", where=str(out_dir)) from None
    payload = {
        "files": [(out_dir / "catalog.md").as_posix(), (out_dir / "catalog.html").as_posix()],
        "rules": len(registered_rules()),
        "parameters": len(ruleset),
    }
    emit(
        payload,
        as_json=as_json,
        human=lambda p: f"wrote {', '.join(p['files'])} ({p['rules']} rules, {p['parameters']} parameters)",
    )
