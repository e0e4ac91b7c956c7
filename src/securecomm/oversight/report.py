"""The quarterly report (HTML and PDF) and the public statistics page, as files in memory.

`render_report` returns {relative path: bytes}; the adapter that called it writes them (the CLI writes
to a temporary folder and moves it into place only when everything rendered). The HTML is
self-contained (pictures as data URIs); the PDF is the same HTML through WeasyPrint. A report from the
booking flow's database passes `ReportExtras`: the activation map of all its counties, how its counts were
made, and further tables (officers' decisions after interview). Complaint counts, when the table has them,
are shown beside each flag.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2

from securecomm.oversight.analysis import Analysis
from securecomm.oversight.figures import activation_map_png, flags_map_png, funnel_png, trends_png
from securecomm.oversight.public import public_files, public_tables
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.report_tables import (
    count_text,
    did_rows,
    effectiveness_table,
    flag_row,
    pct,
    q_text,
    results_csv,
)
from securecomm.oversight.suppression import SMALL_CELL_MINIMUM

__all__ = [
    "COVERAGE_LIMIT",
    "LIMITATIONS",
    "METHOD",
    "ExtraTable",
    "ReportExtras",
    "html_to_pdf",
    "render_report",
    "template_environment",
]

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
class ExtraTable:
    """A further table of the report (already formatted; small counts shown as `<11` by the caller)."""

    title: str
    intro: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class ReportExtras:
    """What a report from the booking flow's database adds to the counts table's own report."""

    activations: Mapping[str, Quarter] | None = (
        None  # every county with an activation date, not only tested ones
    )
    activation_caption: str = "Secure Communities activation by county, as given in the counts table."
    definitions: tuple[str, ...] = ()  # how the counts were made (method page and public methodology)
    tables: tuple[ExtraTable, ...] = ()


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


def _pictures(analysis: Analysis, extras: ReportExtras) -> list[Picture]:
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
        activations = (
            dict(extras.activations)
            if extras.activations is not None
            else {
                row.jurisdiction: row.activation_quarter
                for row in analysis.table.rows
                if row.activation_quarter is not None
            }
        )
        activations = {j: q for j, q in activations.items() if j in fips}
        if activations:
            pictures.append(
                Picture(
                    "activation-map.png",
                    extras.activation_caption,
                    activation_map_png(activations, title="Activation quarter, by county"),
                )
            )
    return pictures


def _coverage(analysis: Analysis) -> list[dict[str, str]]:
    """Every jurisdiction of the last quarter (the focus quarter of a package), tested or not."""
    last = analysis.matches[-1] if analysis.matches else None
    if last is None or len(last.tests) > COVERAGE_LIMIT:
        return []
    return [
        {
            "jurisdiction": t.cell.jurisdiction,
            "trials": count_text(t.cell.trials),
            "share": "–" if t.cell.trials < SMALL_CELL_MINIMUM else pct(t.cell.share),
            "expected": pct(t.expected_share),
            "q": q_text(t.q_value),
            "note": "flagged" if t.flagged(analysis.settings.fdr) else (t.untested_reason or ""),
        }
        for t in last.tests
    ]


def _flag_rows(analysis: Analysis, flags: Any) -> list[dict[str, Any]]:
    rows = []
    for flag in flags:
        row = flag_row(flag)
        complaints = analysis.complaints_of(flag.jurisdiction, flag.quarter)
        row["complaints"] = (
            "–" if complaints is None else f"{complaints['total']} ({complaints['crcl']} CRCL)"
        )
        rows.append(row)
    return rows


def render_report(
    analysis: Analysis,
    *,
    prepared_on: date,
    title: str = "Quarterly statistical monitoring",
    pdf: bool = True,
    extras: ReportExtras | None = None,
) -> dict[str, bytes]:
    """Render every output file of `oversight analyze` / `report`: report, pictures, results, public statistics."""
    extras = extras or ReportExtras()
    environment = template_environment()
    pictures = _pictures(analysis, extras)
    quarters = analysis.table.quarters
    did_tested = [r for r in analysis.did if r.p_value is not None]
    html = environment.get_template("report.html").render(
        title=title,
        source=analysis.table.source,
        first_quarter=str(quarters[0]) if quarters else "–",
        last_quarter=str(quarters[-1]) if quarters else "–",
        focus=None if analysis.focus is None else str(analysis.focus),
        jurisdictions=len(analysis.table.jurisdictions),
        prepared_on=prepared_on.isoformat(),
        fdr=analysis.settings.fdr,
        fdr_pct=f"{100 * analysis.settings.fdr:g} %",
        tested=analysis.tested,
        complaints_shown=analysis.table.has("complaints"),
        flags=_flag_rows(analysis, analysis.flags),
        demographic_summary=[
            (
                f"{group.replace('_', ' ')} share of minor arrests",
                sum(len(f.tested) for f in fits if analysis.focus in (None, f.quarter)),
                sum(
                    1
                    for flag in analysis.demographic_flags
                    if flag.measure.startswith(group.replace("_", " "))
                ),
            )
            for group, fits in analysis.demographics
        ],
        demographic_flags=_flag_rows(analysis, analysis.demographic_flags),
        did_tested=len(did_tested),
        did_flags=[r for r in did_tested if r.flagged(analysis.settings.fdr)],
        did_rows=did_rows(analysis),
        figures=pictures,
        effectiveness=effectiveness_table(analysis),
        extra_tables=extras.tables,
        method=METHOD,
        definitions=extras.definitions,
        limitations=LIMITATIONS,
        coverage=_coverage(analysis),
        coverage_note=f"More than {COVERAGE_LIMIT} jurisdictions: see results.csv.",
    )
    files = {"report.html": html.encode(), "results.csv": results_csv(analysis).encode()}
    files.update({picture.name: picture.png for picture in pictures})
    files["analysis.json"] = (json.dumps(analysis.to_json(), indent=1, ensure_ascii=False) + "\n").encode()
    files.update(
        public_files(
            public_tables(analysis.table), environment, source=analysis.table.source, notes=extras.definitions
        )
    )
    if pdf:
        files["report.pdf"] = html_to_pdf(html)
    return files
