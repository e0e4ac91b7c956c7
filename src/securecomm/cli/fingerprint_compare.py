"""`securecomm fingerprints compare A B`: one comparison, with optional match-evidence picture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option

__all__ = ["compare_command"]


@click.command(name="compare")
@click.argument("probe", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("candidate", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--evidence",
    "evidence_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a PNG of both prints with the paired minutiae.",
)
@json_option
def compare_command(probe: Path, candidate: Path, evidence_out: Path | None, as_json: bool) -> None:
    """Compare PROBE with CANDIDATE; each may be an image, a saved template or an ISO 19794-2 record."""
    from securecomm.biometrics.evidence import match_evidence
    from securecomm.cli.fingerprint_io import load_print

    probe_template, probe_image = load_print(probe)
    candidate_template, candidate_image = load_print(candidate)
    evidence = match_evidence(
        probe_template, candidate_template, probe_image=probe_image, candidate_image=candidate_image
    )
    if evidence_out is not None:
        evidence_out.write_bytes(evidence.png)
    score = evidence.score
    payload: dict[str, Any] = {
        "probe": probe,
        "candidate": candidate,
        "score": round(score.value, 6),
        "false_match_rate": score.false_match_rate,
        "paired_minutiae": score.paired,
        "probe_minutiae": probe_template.count,
        "candidate_minutiae": candidate_template.count,
        "probe_overlap": score.probe_overlap,
        "candidate_overlap": score.candidate_overlap,
        "field_agreement": round(score.field_agreement, 4),
        "evidence": evidence_out,
        "pairs": evidence.as_dict()["pairs"],
    }

    def human(p: dict[str, Any]) -> str:
        return (
            f"score {p['score']:.4f} (impostors reach it at a rate of about {p['false_match_rate']:.1e});"
            f" {p['paired_minutiae']} minutiae paired of {p['probe_overlap']} and {p['candidate_overlap']} in the overlap"
        )

    emit(payload, as_json=as_json, human=human)
