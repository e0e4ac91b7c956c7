"""The series as shipped: every module complete, cited, and carrying the numbers where they belong."""

from __future__ import annotations

import re

import pytest

from securecomm.training import (
    Audience,
    Catalog,
    MaterialKind,
    ProgramStatus,
    get_material,
    get_module,
    list_modules,
)

SERIES = [
    (
        "introduction",
        "Introduction to Secure Communities: What Law Enforcement Needs to Know",
        "General version",
    ),
    (
        "introduction-287g",
        "Introduction to Secure Communities: What Law Enforcement Needs to Know",
        "287(g) version",
    ),
    ("detainers", "How to Respond to an Immigration Detainer", None),
    ("consular-notification", "Consular Notification: Your Role When Detaining Foreign Nationals", None),
    ("retaliation", "Unlawful Retaliation by Private Actors", None),
    (
        "victims-and-witnesses",
        "Witnesses, Refugees and Victims of Crime or Domestic Violence: Protecting Those in Need",
        None,
    ),
    ("explaining-to-community", "Explaining Secure Communities to Your Community", None),
    ("racial-profiling", "Avoiding Racial Profiling", None),
    ("limited-english", "Speaking Their Language: Working with Limited English Speakers", None),
]
RELEASED = {"introduction", "introduction-287g", "detainers", "consular-notification", "retaliation"}


def test_the_series_is_the_programs_announced_series_in_order() -> None:
    modules = list_modules()
    assert [(m.id, m.title, m.version) for m in modules] == SERIES
    assert {m.id for m in modules if m.program_status is ProgramStatus.RELEASED} == RELEASED


@pytest.mark.parametrize("module_id", [row[0] for row in SERIES])
def test_every_module_has_both_audiences_and_all_five_materials(module_id: str) -> None:
    module = get_module(module_id)
    grid = {(m.audience, m.kind) for m in module.materials}
    assert grid == {(a, k) for a in Audience for k in MaterialKind}
    assert len(module.materials) == 10
    for material in module.materials:
        assert material.sources, f"{material.file} cites no source"
        assert material.word_count > 80, f"{material.file} is too thin to brief anyone"


@pytest.mark.parametrize("module_id", [row[0] for row in SERIES])
def test_materials_have_their_kind_s_shape(module_id: str) -> None:
    module = get_module(module_id)
    for audience in Audience:
        video = module.material(audience, MaterialKind.VIDEO_SCRIPT)
        assert video.runtime_seconds is not None and 120 <= video.runtime_seconds <= 900
        assert len(module.material(audience, MaterialKind.DISCUSSION_GUIDE).questions) >= 3
        assert module.material(audience, MaterialKind.JOB_AID).checklist_items >= 5
    commander = {m.kind: m.markdown for m in module.for_audience(Audience.COMMANDER)}
    assert "## Planning" in commander[MaterialKind.BRIEFING]
    assert "## Policy checklist" in commander[MaterialKind.JOB_AID]
    assert "## Web resources" in commander[MaterialKind.FACT_SHEET]


def _all_text(catalog: Catalog, module_id: str) -> str:
    return "\n".join(m.markdown for m in catalog.module(module_id).materials)


def test_numbers_are_where_they_belong(catalog: Catalog) -> None:
    detainers = _all_text(catalog, "detainers")
    assert "(855) 448-6903" in detainers  # LESC detainee hotline
    assert "(802) 872-6020" in detainers  # LESC agency line
    assert "1-877-246-8253" in detainers  # ICE Joint Intake Center
    assert "1-866-644-8360" in detainers  # CRCL
    consular = _all_text(catalog, "consular-notification")
    assert "(202) 647-1985" in consular  # State: consular identity verification
    for module in catalog.modules:
        text = _all_text(catalog, module.id)
        assert "1-866-644-8360" in text or "crcl@dhs.gov" in text or module.id == "consular-notification", (
            module.id
        )


def test_numbers_are_always_written_the_same_way(catalog: Catalog) -> None:
    """A typo in a hotline number is the worst error a briefing can make.

    Printed text uses one form; video narration spells the digits in groups for the narrator to read.
    """
    text = "\n".join(m.markdown for module in catalog.modules for m in module.materials)
    for digits, written in [("8554486903", "(855) 448-6903"), ("8028726020", "(802) 872-6020")]:
        spoken = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
        for found in re.findall(r"\(?\d{3}\)?[ -]\d{3}[ -]\d{4}", text):
            if re.sub(r"\D", "", found) == digits:
                assert found in (written, spoken), f"{found!r} should be written {written!r}"
    narration = " ".join(get_material("introduction", "front-line", "video-script").markdown.split())
    assert "855 448 6903" in narration  # read aloud


def test_announced_topics_say_they_are_our_own_text(catalog: Catalog) -> None:
    for module in catalog.modules:
        if module.program_status is ProgramStatus.ANNOUNCED:
            briefing = module.material(Audience.FRONT_LINE, MaterialKind.BRIEFING).markdown
            assert "securecomm's own text" in briefing, module.id


def test_no_unfinished_work_markers(catalog: Catalog) -> None:
    for module in catalog.modules:
        for material in module.materials:
            for marker in ("TODO", "FIXME", "XXX", "[U]", "[M]", "lorem"):
                assert marker not in material.markdown, f"{material.file} contains {marker}"


def test_knowledge_checks_need_most_answers_right(catalog: Catalog) -> None:
    for module in catalog.modules:
        check = module.knowledge_check
        assert 3 <= len(check.questions) <= 10
        assert check.needed >= len(check.questions) * 0.6
        answers = [q.answer for q in check.questions]
        assert len(set(answers)) > 1, f"{module.id}: every answer is {answers[0]!r}"


def test_digest_changes_with_the_text(catalog: Catalog) -> None:
    digests = {m.digest for m in catalog.modules}
    assert len(digests) == len(catalog.modules)
    assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in digests)
