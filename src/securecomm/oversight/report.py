"""The quarterly report (HTML and PDF) and the public statistics page, as files in memory.

`render_report` returns {relative path: bytes}; the adapter that called it writes them (the CLI writes
to a temporary folder and moves it into place only when everything rendered). The HTML is
self-contained (pictures as data URIs); the PDF is the same HTML through WeasyPrint.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2

from securecomm.oversight.analysis import Analysis, Flag
from securecomm.oversight.figures import activation_map_png, flags_map_png, funnel_png, trends_png
from securecomm.oversight.public import (
    matches_by_jurisdiction,
    methodology,
    removals_by_level_and_fiscal_year,
    table_csv,
)
from securecomm.oversight.suppression import SMALL_CELL_MINIMUM, SuppressedTable

__all__ = ["COVERAGE_LIMIT", "LIMITATIONS", "METHOD", "html_to_pdf", "render_report", "template_environment"]

COVERAGE_LIMIT = 600  # jurisdictions listed in the report's appendix; all of them are in results.csv

METHOD = (
    "This method is the reference system's own design. The Department of Homeland Security's actual "
    "quarterly statistical-monitoring protocol (CRCL/ICE, announced in 2011) is not public; what is "
    "reported about it — quarterly review of every activated jurisdiction, comparison with arrest data and "
    "peers, referral of outliers for in-depth review and to DOJ — is uncertain and treated as such [U].",
    "Measure. For each jurisdiction and quarter after activation: the share of IDENT matches that were "
    "minor (Level 3 or non-criminal, charge-based) among all its matches, beside its share of arrests for "
    "minor offenses.",
    "Expected share. A beta-binomial regression of minor matches out of all matches on the logit of the "
    "minor-arrest share, fitted over the peers of the quarter (all jurisdictions, or the same state or size "
    "band). Matches are not a random sample of arrests, so the relation is estimated from peers rather than "
    "assumed. The beta-binomial allows true shares to vary between jurisdictions beyond sampling "
    "(over-dispersion, estimated robustly from the median absolute deviation of standardized residuals), so "
    "large jurisdictions are not flagged for ordinary variation.",
    "Test. A one-sided p-value for an excess, P(Y ≥ y) under the peer model; Benjamini–Hochberg q-values "
    "across the quarter's tested jurisdictions; a flag needs q at or below the false-discovery rate and the "
    "minimum counts. Jurisdictions with a very small p-value are left out of the peer fit and the fit is "
    "repeated, so a flagged jurisdiction is judged against its peers only.",
    "Change after activation. Where activation quarters are given: the change of the minor-arrest share "
    "(and of demographic shares) from before to after activation, minus the change over the same quarters "
    "among jurisdictions whose status did not change then (difference in differences), tested one-sided "
    "with Benjamini–Hochberg q-values.",
    "Demographic shares. Where group counts are given: the group's share of minor arrests against its share "
    "of the population, with the same model and test.",
)

LIMITATIONS = (
    "Statistics are not findings: a flag is a reason to look closer. Local circumstances (a traffic "
    "enforcement campaign, a change in charging practice, a data error) can produce the same signal.",
    "Match levels are based on the arrest charge, which is often missing or later reduced; removal levels "
    "are based on convictions. The two are not comparable one to one.",
    "The expectation comes from peers: if most jurisdictions of a quarter share a practice, it becomes the "
    "norm and is not flagged. The difference in differences and the trends over quarters address part of "
    "this.",
    "The beta-binomial model assumes that, given the arrest mix, jurisdictions vary around the expected "
    "share symmetrically on the model's scale; the p-values are approximate when that fails. The "
    "uncertainty of the fitted expectation is shown but not added to the p-value.",
    "Power is limited: in the simulation study (bench/oversight_power.py) a doubling of minor "
    "identifications is found reliably only in jurisdictions with a few hundred matches a quarter and when "
    "jurisdictions differ little beyond their arrest mix; smaller effects and smaller jurisdictions are "
    "often missed.",
    "Counts of 1 to 10 are not shown in the tables of this report or of the public statistics.",
)


@dataclass(frozen=True, slots=True)
class Picture:
    name: str
    caption: str
    png: bytes

    @property
    def uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def template_environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("securecomm.oversight", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )


def html_to_pdf(html: str) -> bytes:
    """Render HTML (with data-URI images) to PDF bytes."""
    import weasyprint  # type: ignore[import-untyped]

    pdf = weasyprint.HTML(string=html).write_pdf()
    if pdf is None:
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _q(value: float | None) -> str:
    return "–" if value is None else (f"{value:.3f}" if value >= 0.001 else f"{value:.1e}")


def _count(value: int) -> str:
    return f"<{SMALL_CELL_MINIMUM}" if 0 < value < SMALL_CELL_MINIMUM else f"{value:,}"


def _flag_row(flag: Flag) -> dict[str, Any]:
    t, c = flag.test, flag.test.cell
    return {
        "measure": flag.measure,
        "jurisdiction": c.jurisdiction,
        "quarter": str(c.quarter),
        "trials": f"{c.trials:,}",
        "successes": f"{c.successes:,}",
        "observed": f"{_pct(c.share)} ({_pct(flag.observed_interval[0])}–{_pct(flag.observed_interval[1])})",
        "expected": f"{_pct(t.expected_share)} ({_pct(t.expected_low)}–{_pct(t.expected_high)})",
        "range": f"{_pct(flag.expected_range[0])}–{_pct(flag.expected_range[1])}",
        "reference": _pct(c.reference_share),
        "q": _q(t.q_value),
        "peers": f"{t.peers} ({t.peer_group})",
        "sentence": flag.sentence,
    }


def _pictures(analysis: Analysis, activation_note: str | None) -> list[Picture]:
    fdr = analysis.settings.fdr
    pictures = [
        Picture(
            f"funnel-{fit.quarter}.png",
            f"Funnel plot, {fit.quarter}: each point a jurisdiction, moved by the difference between the "
            "quarter's median expected share and its own; dashed and dotted lines hold 95 % and 99.8 % of "
            "jurisdictions under the peer model. Flagged jurisdictions are labelled.",
            funnel_png(fit, fdr=fdr, measure="minor share of IDENT matches"),
        )
        for fit in analysis.matches
    ]
    if len(analysis.matches) > 1:
        pictures.append(
            Picture(
                "trends.png",
                "Trends over quarters: the middle half and median of tested jurisdictions, and the flagged ones.",
                trends_png(analysis.matches, fdr=fdr, measure="minor share of IDENT matches"),
            )
        )
    from securecomm.oversight.maps import known_fips

    fips = known_fips()
    mapped = {t.cell.jurisdiction for fit in analysis.matches for t in fit.tested} & fips
    if mapped:
        counts: dict[str, int] = {}
        for flag in analysis.flags:
            counts[flag.jurisdiction] = counts.get(flag.jurisdiction, 0) + 1
        unmapped = len(analysis.table.jurisdictions) - len(set(analysis.table.jurisdictions) & fips)
        note = (
            f"{unmapped} jurisdictions are not county FIPS codes and are not on the map."
            if unmapped
            else None
        )
        pictures.append(
            Picture(
                "flags-map.png",
                "Flags by county: the number of quarters in which each tested county was flagged.",
                flags_map_png(counts, mapped, title="Quarters flagged, by county", note=note),
            )
        )
        activations = {
            row.jurisdiction: row.activation_quarter
            for row in analysis.table.rows
            if row.activation_quarter is not None and row.jurisdiction in fips
        }
        if activations:
            pictures.append(
                Picture(
                    "activation-map.png",
                    "Secure Communities activation by county, as given in the counts table.",
                    activation_map_png(
                        activations, title="Activation quarter, by county", note=activation_note
                    ),
                )
            )
    return pictures


def _effectiveness(analysis: Analysis) -> dict[str, Any] | None:
    rows = analysis.by_fiscal_year
    first = rows[0] if rows else None
    if first is None or not (
        first.removals_by_level
        or first.matches_by_level
        or first.submissions is not None
        or first.matches_convicted is not None
    ):
        return None
    header = ["fiscal year", "submissions", "matches", *(f"matches {n}" for n, _ in first.matches_by_level)]
    header += ["matches convicted"] if first.matches_convicted is not None else []
    header += [
        *(f"removals {n}" for n, _ in first.removals_by_level),
        "removals convicted",
        "Level 1 share",
    ]
    body = []
    for row in rows:
        body.append(
            [
                row.period,
                "–" if row.submissions is None else _count(row.submissions),
                _count(row.matches_total),
                *(_count(v) for _, v in row.matches_by_level),
                *([] if row.matches_convicted is None else [_count(row.matches_convicted)]),
                *(_count(v) for _, v in row.removals_by_level),
                "–" if row.removals_convicted is None else _count(row.removals_convicted),
                _pct(row.removals_level1_share),
            ]
        )
    return {"header": header, "rows": body}


def _did_rows(analysis: Analysis) -> list[dict[str, str]]:
    tested = [r for r in analysis.did if r.p_value is not None]
    ordered = sorted(
        tested, key=lambda r: (not r.flagged(analysis.settings.fdr), -r.did_logit, r.jurisdiction)
    )
    return [
        {
            "jurisdiction": r.jurisdiction,
            "outcome": r.outcome,
            "activation": str(r.activation),
            "pre": _pct(r.pre_share),
            "post": _pct(r.post_share),
            "peer_pre": _pct(r.peer_pre_share),
            "peer_post": _pct(r.peer_post_share),
            "q": _q(r.q_value),
            "flag": "flag" if r.flagged(analysis.settings.fdr) else "",
        }
        for r in ordered[:25]
    ]


def results_csv(analysis: Analysis) -> str:
    """Every jurisdiction-quarter, tested or not, with its verdict (for the DOJ liaison's own analysis)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "jurisdiction",
            "quarter",
            "matches_total",
            "matches_minor",
            "observed_share",
            "arrests_minor_share",
            "expected_share",
            "p_value",
            "q_value",
            "flagged",
            "peer_group",
            "note",
        ]
    )
    for fit in analysis.matches:
        for t in fit.tests:
            c = t.cell
            writer.writerow(
                [
                    c.jurisdiction,
                    c.quarter,
                    c.trials,
                    c.successes,
                    f"{c.share:.6f}",
                    f"{c.reference_share:.6f}",
                    "" if t.expected_share is None else f"{t.expected_share:.6f}",
                    "" if t.p_value is None else f"{t.p_value:.6g}",
                    "" if t.q_value is None else f"{t.q_value:.6g}",
                    int(t.flagged(analysis.settings.fdr)),
                    t.peer_group,
                    t.untested_reason or "",
                ]
            )
    return buffer.getvalue()


def _public_files(analysis: Analysis, environment: jinja2.Environment) -> dict[str, bytes]:
    tables: list[tuple[str, str, SuppressedTable, str]] = []
    removals = removals_by_level_and_fiscal_year(analysis.table)
    if removals is not None:
        tables.append(
            (
                "Removals by level and fiscal year",
                "removals_by_level_and_fiscal_year.csv",
                removals,
                "fiscal year",
            )
        )
    years = sorted({q.fiscal_year for q in analysis.table.quarters})
    for year in years:
        table = matches_by_jurisdiction(analysis.table, fiscal_year=year)
        tables.append(
            (
                f"IDENT matches by jurisdiction, FY{year}",
                f"matches_by_jurisdiction_fy{year}.csv",
                table,
                "jurisdiction",
            )
        )
    files = {f"public/{name}": table_csv(table, corner=corner).encode() for _, name, table, corner in tables}
    page = environment.get_template("public.html").render(
        tables=[{"title": title, "file": name, "table": table} for title, name, table, _ in tables],
        methodology=methodology(),
        source=analysis.table.source,
    )
    files["public/statistics.html"] = page.encode()
    files["public/methodology.txt"] = (methodology() + "\n").encode()
    return files


def render_report(
    analysis: Analysis,
    *,
    prepared_on: date,
    title: str = "Quarterly statistical monitoring",
    pdf: bool = True,
) -> dict[str, bytes]:
    """Render every output file of `oversight analyze`: report, pictures, results, public statistics."""
    environment = template_environment()
    pictures = _pictures(analysis, activation_note=None)
    last = analysis.matches[-1] if analysis.matches else None
    coverage = []
    if last is not None and len(last.tests) <= COVERAGE_LIMIT:
        coverage = [
            {
                "jurisdiction": t.cell.jurisdiction,
                "trials": _count(t.cell.trials),
                "share": "–" if t.cell.trials < SMALL_CELL_MINIMUM else _pct(t.cell.share),
                "expected": _pct(t.expected_share),
                "q": _q(t.q_value),
                "note": "flagged" if t.flagged(analysis.settings.fdr) else (t.untested_reason or ""),
            }
            for t in last.tests
        ]
    quarters = analysis.table.quarters
    did_tested = [r for r in analysis.did if r.p_value is not None]
    html = environment.get_template("report.html").render(
        title=title,
        source=analysis.table.source,
        first_quarter=str(quarters[0]) if quarters else "–",
        last_quarter=str(quarters[-1]) if quarters else "–",
        jurisdictions=len(analysis.table.jurisdictions),
        prepared_on=prepared_on.isoformat(),
        fdr=analysis.settings.fdr,
        fdr_pct=f"{100 * analysis.settings.fdr:g} %",
        tested=analysis.tested,
        flags=[_flag_row(f) for f in analysis.flags],
        demographic_summary=[
            (
                f"{group.replace('_', ' ')} share of minor arrests",
                sum(len(f.tested) for f in fits),
                sum(
                    1
                    for flag in analysis.demographic_flags
                    if flag.measure.startswith(group.replace("_", " "))
                ),
            )
            for group, fits in analysis.demographics
        ],
        demographic_flags=[_flag_row(f) for f in analysis.demographic_flags],
        did_tested=len(did_tested),
        did_flags=[r for r in did_tested if r.flagged(analysis.settings.fdr)],
        did_rows=_did_rows(analysis),
        figures=pictures,
        effectiveness=_effectiveness(analysis),
        method=METHOD,
        limitations=LIMITATIONS,
        coverage=coverage,
        coverage_note=f"More than {COVERAGE_LIMIT} jurisdictions: see results.csv.",
    )
    files = {"report.html": html.encode(), "results.csv": results_csv(analysis).encode()}
    files.update({picture.name: picture.png for picture in pictures})
    files["analysis.json"] = (json.dumps(analysis.to_json(), indent=1, ensure_ascii=False) + "\n").encode()
    files.update(_public_files(analysis, environment))
    if pdf:
        files["report.pdf"] = html_to_pdf(html)
    return files
