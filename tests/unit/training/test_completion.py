"""Completion records and per-agency summaries, in memory and in a migrated SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from securecomm.clock import ManualClock
from securecomm.storage.db import open_database
from securecomm.storage.training_records import SqlTrainingRecords
from securecomm.training import (
    AgencyError,
    AgencyKind,
    AnswerError,
    Catalog,
    CompletionRepository,
    InMemoryCompletions,
    TrainingRecords,
    UnknownTrainingItem,
    parse_agency,
)

T0 = datetime(2012, 6, 4, 14, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", "sqlite"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CompletionRepository]:
    if request.param == "memory":
        yield InMemoryCompletions()
        return
    database = open_database(f"sqlite:///{tmp_path / 'training.db'}")
    try:
        yield SqlTrainingRecords(database)
    finally:
        database.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def service(repository: CompletionRepository, catalog: Catalog, clock: ManualClock) -> TrainingRecords:
    return TrainingRecords(repository, catalog=catalog, clock=clock)


def _answers(catalog: Catalog, module_id: str, wrong: int = 0) -> dict[str, str]:
    answers = {}
    for index, question in enumerate(catalog.module(module_id).knowledge_check.questions):
        bad = next(c.key for c in question.choices if c.key != question.answer)
        answers[question.id] = bad if index < wrong else question.answer
    return answers


def test_the_migration_creates_the_table(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        columns = {c["name"] for c in inspect(database.engine).get_columns("training_completions")}
    finally:
        database.dispose()
    assert {
        "user_id",
        "agency_kind",
        "agency",
        "module_id",
        "audience",
        "completed_at",
        "correct",
        "total",
    } <= columns


def test_a_pass_is_recorded_with_time_score_and_text_version(
    service: TrainingRecords, catalog: Catalog
) -> None:
    submission = service.submit(
        "detainers", user_id="jail-48201", agency=parse_agency("48201"), audience="front-line",
        answers=_answers(catalog, "detainers", wrong=1),
    )  # fmt: skip
    assert submission.grade.passed and submission.record is not None
    [stored] = service.completions_for("jail-48201")
    assert stored == submission.record
    assert stored.completed_at == T0 and (stored.correct, stored.total) == (4, 5) and stored.score == 0.8
    assert stored.content_digest == catalog.module("detainers").digest
    assert stored.agency.kind is AgencyKind.FIPS and stored.agency.code == "48201"


def test_a_fail_records_nothing(service: TrainingRecords, catalog: Catalog) -> None:
    submission = service.submit(
        "detainers", user_id="jail-48201", agency=parse_agency("48201"), audience="commander",
        answers=_answers(catalog, "detainers", wrong=2),
    )  # fmt: skip
    assert not submission.grade.passed and submission.record is None
    assert service.completions_for("jail-48201") == []
    assert service.summary(parse_agency("48201")).completions == 0


def test_bad_submissions_are_refused_before_anything_is_stored(
    service: TrainingRecords, catalog: Catalog
) -> None:
    agency = parse_agency("48201")
    with pytest.raises(UnknownTrainingItem, match="audience"):
        service.submit(
            "detainers", user_id="u", agency=agency, audience="chief", answers=_answers(catalog, "detainers")
        )
    with pytest.raises(UnknownTrainingItem, match="module"):
        service.submit("no-such", user_id="u", agency=agency, audience="front-line", answers={})
    with pytest.raises(AnswerError):
        service.submit("detainers", user_id="u", agency=agency, audience="front-line", answers={})
    with pytest.raises(AnswerError, match="user id"):
        service.submit("detainers", user_id="two words", agency=agency, audience="front-line", answers={})
    assert service.summaries() == []


def test_agency_summary_counts_officers_once_per_module(
    service: TrainingRecords, catalog: Catalog, clock: ManualClock
) -> None:
    harris, travis, houston = parse_agency("48201"), parse_agency("48453"), parse_agency("HOU")
    done = _answers(catalog, "detainers")
    for user, agency, audience in [
        ("deputy-a", harris, "front-line"),
        ("deputy-b", harris, "front-line"),
        ("deputy-a", harris, "front-line"),  # annual refresher: a second record, the same officer
        ("sheriff", harris, "commander"),
        ("deputy-c", travis, "front-line"),
        ("officer-h", houston, "commander"),
    ]:
        clock.advance(timedelta(hours=1))
        service.submit("detainers", user_id=user, agency=agency, audience=audience, answers=done)
    clock.advance(timedelta(days=1))
    service.submit(
        "consular-notification", user_id="deputy-b", agency=harris, audience="front-line",
        answers=_answers(catalog, "consular-notification"),
    )  # fmt: skip

    summary = service.summary(harris)
    assert (summary.officers, summary.completions) == (3, 5)
    tallies = {t.module_id: t for t in summary.modules}
    assert [t.module_id for t in summary.modules] == [m.id for m in catalog.modules]
    detainers = tallies["detainers"]
    assert (detainers.front_line, detainers.commander, detainers.officers) == (2, 1, 3)
    assert detainers.last_completed_at == T0 + timedelta(hours=4)
    assert tallies["consular-notification"].officers == 1
    assert tallies["introduction"].officers == 0 and tallies["introduction"].last_completed_at is None

    assert [(s.agency.code, s.officers) for s in service.summaries()] == [
        ("HOU", 1),
        ("48201", 3),
        ("48453", 1),
    ]
    assert [r.module_id for r in service.completions_for("deputy-b")] == [
        "detainers",
        "consular-notification",
    ]


def test_summaries_are_ordered_by_kind_then_code(service: TrainingRecords, catalog: Catalog) -> None:
    for user, scope in [("n", None), ("h", "HOU"), ("j", "48201"), ("a", "ATL"), ("k", "01001")]:
        service.submit("detainers", user_id=user, agency=parse_agency(scope), audience="front-line",
                       answers=_answers(catalog, "detainers"))  # fmt: skip
    assert [s.agency.code for s in service.summaries()] == ["ATL", "HOU", "01001", "48201", "national"]


@pytest.mark.parametrize(
    ("scope", "kind", "code"),
    [("48201", "fips", "48201"), ("1001", "fips", "01001"), ("hou", "aor", "HOU"), (None, "national", "national"),
     ("", "national", "national"), ("National", "national", "national")],
)  # fmt: skip
def test_parse_agency(scope: str | None, kind: str, code: str) -> None:
    agency = parse_agency(scope)
    assert (agency.kind.value, agency.code) == (kind, code)


@pytest.mark.parametrize("scope", ["482011", "HOUS", "H1U", "48 201", "١٢٣", "ﬀa", "-1"])
def test_parse_agency_refuses_other_codes(scope: str) -> None:
    with pytest.raises(AgencyError, match="not an agency code"):
        parse_agency(scope)
