"""`securecomm training`: list the briefing series, export it as HTML, and show completion per agency."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option
from securecomm.errors import BadInput

__all__ = ["group"]


@click.group(name="training")
def group() -> None:
    """Training briefings for state and local law enforcement (modules, materials, completion)."""


def _module_row(module: Any) -> dict[str, Any]:
    return {
        "id": module.id,
        "title": module.full_title,
        "topic": module.topic,
        "program_status": module.program_status.value,
        "as_of": module.as_of,
        "materials": [f"{m.audience.value}/{m.kind.value}" for m in module.materials],
        "questions": len(module.knowledge_check.questions),
        "pass_needs": module.knowledge_check.needed,
        "video_seconds": {m.audience.value: m.runtime_seconds for m in module.materials if m.runtime_seconds},
        "digest": module.digest,
    }


@group.command(name="list")
@json_option
def list_command(as_json: bool) -> None:
    """List the modules of the series with their materials and knowledge checks."""
    from securecomm.training import list_modules

    modules = [_module_row(m) for m in list_modules()]

    def human(payload: dict[str, Any]) -> str:
        lines = []
        for row in payload["modules"]:
            lines.append(f"{row['id']:<26} {row['title']}")
            lines.append(
                f"{'':<26} {row['program_status']}, as of {row['as_of'].isoformat()}; "
                f"{len(row['materials'])} materials; check: {row['pass_needs']} of {row['questions']} to pass"
            )
        return "\n".join(lines)

    emit({"modules": modules, "count": len(modules)}, as_json=as_json, human=human)


@group.command(name="export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write to.",
)
@json_option
def export_command(out: Path, as_json: bool) -> None:
    """Write every material as a self-contained HTML page (for printing or an LMS), with a manifest."""
    from securecomm.training import (
        list_modules,
        render_knowledge_check,
        render_material_document,
    )

    if out.exists() and any(out.iterdir()):
        raise BadInput("the folder is not empty; choose a new or empty folder", where="--out")
    out.mkdir(parents=True, exist_ok=True)
    files: list[dict[str, Any]] = []
    for module in list_modules():
        folder = out / module.id
        for material in module.materials:
            path = folder / material.audience.value / f"{material.kind.value}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            links = [
                ("../../index.html", "All modules"),
                ("../../" + module.id + "/index.html", module.full_title),
            ]
            path.write_text(render_material_document(module, material, links=links), encoding="utf-8")
            files.append(
                {
                    "path": path.relative_to(out).as_posix(),
                    "module": module.id,
                    "audience": material.audience.value,
                    "kind": material.kind.value,
                    "title": material.title,
                }
            )
        for name, answers in (("knowledge-check.html", False), ("knowledge-check-answers.html", True)):
            (folder / name).write_text(
                render_knowledge_check(module, module.knowledge_check, with_answers=answers), encoding="utf-8"
            )
            files.append(
                {"path": f"{module.id}/{name}", "module": module.id, "kind": name.removesuffix(".html")}
            )
        (folder / "index.html").write_text(_module_index(module), encoding="utf-8")
    (out / "index.html").write_text(_series_index(list_modules()), encoding="utf-8")
    manifest = {"modules": [_module_row(m) for m in list_modules()], "files": files}
    (out / "manifest.json").write_text(
        json.dumps(manifest, default=str, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    emit(
        {"out": out, "files": len(files), "modules": len(manifest["modules"])},
        as_json=as_json,
        human=lambda p: f"wrote {p['files']} documents for {p['modules']} modules to {p['out']}",
    )


def _series_index(modules: Any) -> str:
    from securecomm.training.render import render_index

    return render_index(
        "Secure Communities briefings for state and local law enforcement",
        [(f"{m.id}/index.html", m.full_title, m.summary) for m in modules],
    )


def _module_index(module: Any) -> str:
    from securecomm.training.render import render_index

    entries = [
        (f"{m.audience.value}/{m.kind.value}.html", f"{m.audience.label}: {m.kind.label}", m.title)
        for m in module.materials
    ]
    entries += [
        ("knowledge-check.html", "Knowledge check", "The questions"),
        ("knowledge-check-answers.html", "Knowledge check: answer key", "For the instructor"),
    ]
    return render_index(module.full_title, entries, up=("../index.html", "All modules"))


@group.command(name="summary")
@click.option("--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db")
@click.option("--agency", default=None, help="A county FIPS code, an AOR code or 'national' (default: all).")
@json_option
def summary_command(db_url: str, agency: str | None, as_json: bool) -> None:
    """Show how many officers completed each module, per agency."""
    from securecomm.clock import SystemClock
    from securecomm.storage.db import open_database
    from securecomm.storage.training_records import SqlTrainingRecords
    from securecomm.training import TrainingRecords, default_catalog, parse_agency

    database = open_database(db_url)
    try:
        records = TrainingRecords(
            SqlTrainingRecords(database), catalog=default_catalog(), clock=SystemClock()
        )
        summaries = (
            [records.summary(parse_agency(agency, where="--agency"))] if agency else records.summaries()
        )
    finally:
        database.dispose()
    payload = {
        "agencies": [
            {
                "agency": s.agency.code,
                "kind": s.agency.kind.value,
                "officers": s.officers,
                "completions": s.completions,
                "modules": {
                    t.module_id: {
                        "front_line": t.front_line,
                        "commander": t.commander,
                        "officers": t.officers,
                        "last_completed_at": t.last_completed_at,
                    }
                    for t in s.modules
                },
            }
            for s in summaries
        ]
    }

    def human(p: dict[str, Any]) -> str:
        if not p["agencies"]:
            return "no completions recorded"
        lines = []
        for entry in p["agencies"]:
            lines.append(
                f"{entry['kind']} {entry['agency']}: {entry['officers']} officers, {entry['completions']} completions"
            )
            for module_id, tally in entry["modules"].items():
                lines.append(
                    f"  {module_id:<26} front-line {tally['front_line']:>4}  commander {tally['commander']:>4}"
                )
        return "\n".join(lines)

    emit(payload, as_json=as_json, human=human)
