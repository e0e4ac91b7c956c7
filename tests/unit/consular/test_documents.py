"""The documents built from a task: the statement the person hears and the fax sheet the consulate gets.

Read back with poppler's `pdftotext`: the fax sheet of a person who claimed asylum and fears return says
nothing of it, in any form, while the task keeps the claim for the staff.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest

from securecomm.consular import ActRefused, Answer, Channel, ConsularDesk, ProtectedClaimKind, notice_for_task
from securecomm.notices import (
    PROTECTED_TERMS,
    Facility,
    Person,
    StatementKind,
    render_consular_statement,
    render_fax_sheet,
)

from .conftest import BOOKED, MemoryRecords, opened

OFFICER = "jail:48201:officer-9"
FACILITY = Facility(name="Harris County Sheriff's Office", tz="America/Chicago", location="Harris County, TX")


def pdf_text(pdf: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed: run scripts/install-system-deps (Debian poppler-utils)")
    raw = subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(raw.decode("utf-8").split())


def person(nationality: str) -> Person:
    return Person(
        name="Zhang Wei", date_of_birth=date(1980, 1, 2), nationality=nationality, place_of_birth=nationality
    )


def test_the_fax_sheet_never_carries_an_asylum_or_fear_claim(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    task = opened(records, "zhang", "CN", language="zh")
    task = desk.inform(
        task,
        at=BOOKED + timedelta(minutes=30),
        actor=OFFICER,
        reason="booking",
        language="zh",
        answer=Answer.DECLINED,
    )
    task = desk.record_protected_claim(
        task,
        at=BOOKED + timedelta(minutes=31),
        actor=OFFICER,
        reason="asked for asylum; fears persecution",
        kind=ProtectedClaimKind.ASYLUM,
    )
    task = desk.notify(
        task,
        at=BOOKED + timedelta(hours=2),
        actor=OFFICER,
        reason="mandatory",
        channel=Channel.FAX,
        confirmation="rcpt 7",
    )
    assert task.protected_claim is not None  # the staff still see it
    notice = notice_for_task(
        task, person=person("CN"), facility=FACILITY, contact="Officer Diaz, (713) 555-0199"
    )
    assert (notice.kind, notice.language, notice.told_by) == (StatementKind.MANDATORY, "zh", OFFICER)
    assert notice.consulate is not None and notice.consulate.label == "Consulate of CN, Houston, TX"
    fax = pdf_text(render_fax_sheet(notice, sent_at=BOOKED + timedelta(hours=2))).lower()
    assert "zhang wei" in fax and "consulate of cn" in fax and "officer diaz" in fax
    assert not [term for term in PROTECTED_TERMS if term in fax]
    assert "claim" not in fax
    with pytest.raises(ActRefused, match="never told of such a claim"):
        notice_for_task(task, person=person("CN"), facility=FACILITY, contact="re: the asylum request")


def test_the_statement_is_the_one_the_rules_chose_with_the_answer_recorded(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    task = opened(records, "li", "TW", language="en")
    task = desk.inform(
        task,
        at=BOOKED + timedelta(minutes=10),
        actor=OFFICER,
        reason="booking",
        language="en",
        answer=Answer.REQUESTED,
    )
    text = pdf_text(render_consular_statement(notice_for_task(task, person=person("TW"), facility=FACILITY)))
    assert "TECRO" in text and OFFICER in text


def test_an_undetermined_task_has_no_statement_yet(records: MemoryRecords) -> None:
    task = opened(records, "nobody", "XX")
    with pytest.raises(ActRefused, match="record the person's documents first"):
        notice_for_task(task, person=person("MX"), facility=FACILITY)
