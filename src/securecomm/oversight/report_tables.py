"""The report's tables as text: flags, effectiveness, difference in differences, and every result as CSV.

Numbers are formatted once here for the HTML, the PDF and the database package pages: shares as percentages,
q-values to three places, and counts from 1 to 10 as `<11` (small cells are never shown, even internally).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from securecomm.oversight.analysis import Analysis, Flag
from securecomm.oversight.suppression import SMALL_CELL_MINIMUM

__all__ = ["count_text", "did_rows", "effectiveness_table", "flag_row", "pct", "q_text", "results_csv"]


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def q_text(value: float | None) -> str:
    return "–" if value is None else (f"{value:.3f}" if value >= 0.001 else f"{value:.1e}")


def count_text(value: int) -> str:
    return f"<{SMALL_CELL_MINIMUM}" if 0 < value < SMALL_CELL_MINIMUM else f"{value:,}"


def flag_row(flag: Flag) -> dict[str, Any]:
    t, c = flag.test, flag.test.cell
    return {
        "measure": flag.measure,
        "jurisdiction": c.jurisdiction,
        "quarter": str(c.quarter),
        "trials": f"{c.trials:,}",
        "successes": f"{c.successes:,}",
        "observed": f"{pct(c.share)} ({pct(flag.observed_interval[0])}–{pct(flag.observed_interval[1])})",
        "expected": f"{pct(t.expected_share)} ({pct(t.expected_low)}–{pct(t.expected_high)})",
        "range": f"{pct(flag.expected_range[0])}–{pct(flag.expected_range[1])}",
        "reference": pct(c.reference_share),
        "q": q_text(t.q_value),
        "peers": f"{t.peers} ({t.peer_group})",
        "sentence": flag.sentence,
    }


def effectiveness_table(analysis: Analysis) -> dict[str, Any] | None:
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
                "–" if row.submissions is None else count_text(row.submissions),
                count_text(row.matches_total),
                *(count_text(v) for _, v in row.matches_by_level),
                *([] if row.matches_convicted is None else [count_text(row.matches_convicted)]),
                *(count_text(v) for _, v in row.removals_by_level),
                "–" if row.removals_convicted is None else count_text(row.removals_convicted),
                pct(row.removals_level1_share),
            ]
        )
    return {"header": header, "rows": body}


def did_rows(analysis: Analysis) -> list[dict[str, str]]:
    tested = [r for r in analysis.did if r.p_value is not None]
    ordered = sorted(
        tested, key=lambda r: (not r.flagged(analysis.settings.fdr), -r.did_logit, r.jurisdiction)
    )
    return [
        {
            "jurisdiction": r.jurisdiction,
            "outcome": r.outcome,
            "activation": str(r.activation),
            "pre": pct(r.pre_share),
            "post": pct(r.post_share),
            "peer_pre": pct(r.peer_pre_share),
            "peer_post": pct(r.peer_post_share),
            "q": q_text(r.q_value),
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
