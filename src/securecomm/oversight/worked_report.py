"""Pictures, tables and the HTML/PDF report of the worked example (see worked_example.py).

Returns {relative path: bytes} like the quarterly report; tables are small-cell suppressed because the
output is public (docs/worked-example/).
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
from matplotlib.figure import Figure

from securecomm.oversight.figures import activation_map_png, png_bytes
from securecomm.oversight.public import table_csv
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.report import html_to_pdf, template_environment
from securecomm.oversight.suppression import SMALL_CELL_MINIMUM, SuppressedTable, suppress
from securecomm.oversight.worked_example import (
    DECLINED,
    NO_REASON,
    PUBLISHED_ACTIVATIONS,
    PublicData,
    checks,
    declined_share,
)

__all__ = ["render_worked_example"]

MAIN_REASONS = ("Booked into Detention", "Case Closed", "Lifted", "Transferred", DECLINED)
COLOURS = ("#1b4f72", "#5499c7", "#a9cce3", "#7d8c8d", "#c0392b", "#d5dbdb", "#f2f3f4")


def _grouped(
    by_reason: dict[int, dict[str, int]], totals: dict[int, int] | None
) -> tuple[list[int], dict[str, list[int]]]:
    """Per year: the main lift reasons, "other", and (national) detainers with no lift reason."""
    years = sorted(by_reason)
    groups: dict[str, list[int]] = {name: [] for name in (*MAIN_REASONS, "other reasons", NO_REASON)}
    for year in years:
        reasons = by_reason[year]
        for name in MAIN_REASONS:
            groups[name].append(reasons.get(name, 0))
        listed = sum(v for k, v in reasons.items() if k != NO_REASON)
        groups["other reasons"].append(listed - sum(reasons.get(n, 0) for n in MAIN_REASONS))
        pending = (
            (totals or {}).get(year, listed) - listed if totals is not None else reasons.get(NO_REASON, 0)
        )
        groups[NO_REASON].append(max(pending, 0))
    return years, groups


def _stacked(years: list[int], groups: dict[str, list[int]], *, title: str, note: str) -> bytes:
    fig = Figure(figsize=(9, 5), dpi=110)
    ax = fig.add_subplot()
    bottom = np.zeros(len(years))
    for (name, values), colour in zip(groups.items(), COLOURS, strict=True):
        ax.bar(years, values, bottom=bottom, color=colour, label=name, width=0.75)
        bottom += np.array(values)
    ax.set_title(title)
    ax.set_ylabel("detainers")
    ax.set_xticks(years)
    ax.legend(fontsize=7.5, ncols=2)
    ax.grid(axis="y", alpha=0.25)
    fig.text(0.01, 0.01, note, fontsize=7, color="#444444")
    return png_bytes(fig)


def _declined_png(data: PublicData) -> bytes:
    years = sorted(y for y in data.national_by_reason if y in data.national_by_year)
    counts = [data.national_by_reason[y].get(DECLINED, 0) for y in years]
    national = [100 * declined_share(data.national_by_reason, data.national_by_year, y) for y in years]
    pa_totals = {y: sum(r.values()) for y, r in data.pa_by_reason.items()}
    pa = [100 * declined_share(data.pa_by_reason, pa_totals, y) for y in years]
    fig = Figure(figsize=(9, 5), dpi=110)
    left = fig.add_subplot()
    left.bar(years, counts, color="#c0392b", alpha=0.8, label=f'"{DECLINED}", national (count)')
    left.set_ylabel("detainers declined by the local agency")
    right = left.twinx()
    right.plot(years, national, color="#1b4f72", marker="o", label="share of all detainers, national (%)")
    right.plot(years, pa, color="#27ae60", marker="s", label="share of all detainers, Pennsylvania (%)")
    right.set_ylabel("% of detainers")
    left.set_xticks(years)
    left.set_title(f'The rise of "{DECLINED}" (calendar years; 2007 = Oct-Dec, 2015 = to 19 Jul)')
    handles = left.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    labels = left.get_legend_handles_labels()[1] + right.get_legend_handles_labels()[1]
    left.legend(handles, labels, fontsize=8, loc="upper left")
    fig.text(
        0.01,
        0.01,
        "The 2014 jump follows Galarza v. Szalczyk (3d Cir., Mar 2014) and Miranda-Olivares v. Clackamas County "
        "(D. Or., Apr 2014) and the local no-hold policies after them.",
        fontsize=7,
        color="#444444",
    )
    return png_bytes(fig)


def _activation_curve_png(data: PublicData) -> bytes:
    months = sorted(set(data.activations.values()))
    cumulative = np.cumsum([sum(1 for d in data.activations.values() if d == m) for m in months])
    fig = Figure(figsize=(9, 4.2), dpi=110)
    ax = fig.add_subplot()
    ax.step(
        [m.year + (m.month - 1) / 12 for m in months],
        cumulative,
        where="post",
        color="#1b4f72",
        label="counties activated (activation-date file)",
    )
    for day, count, _, source in PUBLISHED_ACTIVATIONS:
        ax.scatter(day.year + (day.month - 1) / 12 + day.day / 365, count, color="#c0392b", zorder=3)
        ax.annotate(
            source.split(":")[0],
            (day.year + (day.month - 1) / 12, count),
            fontsize=7,
            xytext=(4, -10),
            textcoords="offset points",
        )
    ax.scatter([], [], color="#c0392b", label="published jurisdiction counts")
    ax.set_ylabel("activated")
    ax.set_title("Secure Communities activation over time")
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.25)
    return png_bytes(fig)


def _monthly_png(data: PublicData) -> bytes:
    labels = sorted(data.national_by_month)
    x = [int(s[:4]) + (int(s[5:7]) - 1) / 12 for s in labels]
    fig = Figure(figsize=(9, 3.6), dpi=110)
    ax = fig.add_subplot()
    ax.plot(x, [data.national_by_month[s] for s in labels], color="#1b4f72")
    ax.set_title("National ICE detainers per month (Oct 2007 - Jul 2015; the last month is partial)")
    ax.set_ylabel("detainers")
    ax.grid(alpha=0.25)
    return png_bytes(fig)


def _reason_table(by_reason: dict[int, dict[str, int]]) -> SuppressedTable:
    reasons = sorted({r for year in by_reason.values() for r in year})
    years = sorted(by_reason)
    return suppress(
        [[by_reason[y].get(r, 0) for r in reasons] for y in years],
        row_labels=[str(y) for y in years],
        column_labels=reasons,
    )


def render_worked_example(data: PublicData, *, prepared_on: date, pdf: bool = True) -> dict[str, bytes]:
    """All outputs of the worked example: report, pictures, checks and suppressed tables."""
    results = checks(data)
    national_years, national_groups = _grouped(data.national_by_reason, data.national_by_year)
    pa_years, pa_groups = _grouped(data.pa_by_reason, None)
    quarters = {fips: Quarter.of(on) for fips, on in data.activations.items()}
    missing = data.counties_listed - len(data.activations)
    pictures = [
        (
            "activation-map.png",
            "Counties by the quarter Secure Communities was activated (activation-date file).",
            activation_map_png(
                quarters,
                title="Secure Communities activation, by county",
                note=f"{missing} listed units have no activation date (mostly Puerto Rico municipios and "
                "Alaska boroughs).",
            ),
        ),
        (
            "activation-curve.png",
            "Cumulative county activations against the jurisdiction counts ICE published.",
            _activation_curve_png(data),
        ),
        (
            "national-lift-reasons.png",
            "National ICE detainers by lift reason and calendar year.",
            _stacked(
                national_years,
                national_groups,
                title="National ICE detainers by lift reason",
                note="Source: ICE FOIA via NPR. 'No lift reason recorded' = pending or no paper filed.",
            ),
        ),
        (
            "declined-by-lea.png",
            f'"{DECLINED}": counts and shares of all detainers, national and Pennsylvania.',
            _declined_png(data),
        ),
        (
            "pa-lift-reasons.png",
            "Detainers lodged in Pennsylvania facilities by lift reason (row-level records).",
            _stacked(
                pa_years,
                pa_groups,
                title="Pennsylvania ICE detainers by lift reason",
                note="Source: ICE FOIA, Pennsylvania subset (eads/geocode-pa-detainers).",
            ),
        ),
        ("national-monthly.png", "National ICE detainers per month.", _monthly_png(data)),
    ]
    national_table = _reason_table(data.national_by_reason)
    pa_table = _reason_table(data.pa_by_reason)
    declined_rows = [
        {
            "year": year,
            "count": f"{data.national_by_reason[year].get(DECLINED, 0):,}",
            "share": f"{100 * declined_share(data.national_by_reason, data.national_by_year, year):.2f} %",
            "pa": f"{100 * declined_share(data.pa_by_reason, {y: sum(r.values()) for y, r in data.pa_by_reason.items()}, year):.2f} %",
        }
        for year in national_years
        if year in data.national_by_year
    ]
    html = (
        template_environment()
        .get_template("worked_example.html")
        .render(
            prepared_on=prepared_on.isoformat(),
            checks=[c.to_json() for c in results],
            all_passed=all(c.passed for c in results),
            pictures=[{"uri": _uri(png), "caption": caption} for _, caption, png in pictures],
            declined_rows=declined_rows,
            tables=[
                ("National detainers by lift reason and year", national_table),
                ("Pennsylvania detainers by lift reason and year", pa_table),
            ],
            minimum=SMALL_CELL_MINIMUM,
            pa_rows=f"{data.pa_rows:,}",
            counties=f"{data.counties_listed:,}",
            activated=f"{len(data.activations):,}",
        )
    )
    files = {"worked-example.html": html.encode()}
    files.update({name: png for name, _, png in pictures})
    files["checks.json"] = (json.dumps([c.to_json() for c in results], indent=1) + "\n").encode()
    files["national_lift_reasons_by_year.csv"] = table_csv(national_table, corner="year").encode()
    files["pa_lift_reasons_by_year.csv"] = table_csv(pa_table, corner="year").encode()
    if pdf:
        files["worked-example.pdf"] = html_to_pdf(html)
    return files


def _uri(png: bytes) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
