"""The loader refuses bad content files, naming the file, the line and what to fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from securecomm.errors import BadInput
from securecomm.training import Catalog, TrainingContentError

BRIEFING = "detainers/front-line/briefing.md"


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fails(root: Path) -> TrainingContentError:
    with pytest.raises(TrainingContentError) as caught:
        Catalog.load(root)
    assert isinstance(caught.value, BadInput)  # the CLI turns it into exit status 2 and one line
    return caught.value


def test_the_copy_loads(content: Path) -> None:
    assert [m.id for m in Catalog.load(content).modules] == ["detainers"]


def test_unknown_front_matter_key_names_file_line_and_key(content: Path) -> None:
    _edit(content, BRIEFING, "reviewed_on:", "reviewer: Jane\nreviewed_on:")
    error = _fails(content)
    assert error.file == BRIEFING and error.key == "reviewer"
    assert error.line == 5
    assert "allowed: reviewed_on, sources, summary, title" in str(error)


def test_missing_front_matter_key(content: Path) -> None:
    _edit(content, BRIEFING, "summary: What the detainer asks", "abstract: What the detainer asks")
    error = _fails(content)
    assert error.file == BRIEFING
    assert "abstract" in str(error) or "summary" in str(error)


def test_missing_material_is_named(content: Path) -> None:
    (content / "detainers/commander/job-aid.md").unlink()
    error = _fails(content)
    assert error.file == "detainers/commander/job-aid.md"
    assert "missing" in str(error)


def test_missing_audience_folder_is_named(content: Path) -> None:
    shutil.rmtree(content / "detainers/commander")
    assert _fails(content).file == "detainers/commander"


def test_unexpected_file_is_named(content: Path) -> None:
    (content / "detainers/front-line/brefing.md").write_text("---\n---\n", encoding="utf-8")
    error = _fails(content)
    assert error.file == "detainers/front-line/brefing.md"
    assert "unexpected" in str(error)


def test_unknown_source_id(content: Path) -> None:
    _edit(content, BRIEFING, "sources: [cfr-287-7,", "sources: [cfr-287-9,")
    error = _fails(content)
    assert error.key == "sources" and "cfr-287-9" in str(error)


def test_raw_html_is_refused_with_its_line(content: Path) -> None:
    _edit(
        content, BRIEFING, "## When you receive one", "## When you receive one\n\n<script>alert(1)</script>"
    )
    error = _fails(content)
    assert "raw HTML" in str(error)
    text = (content / BRIEFING).read_text(encoding="utf-8").splitlines()
    assert error.line is not None and text[error.line - 1] == "<script>alert(1)</script>"


def test_a_title_heading_in_the_body_is_refused(content: Path) -> None:
    _edit(content, BRIEFING, "## What a detainer is", "# What a detainer is")
    assert "title comes from the front matter" in str(_fails(content))


def test_front_matter_must_be_closed(content: Path) -> None:
    path = content / BRIEFING
    path.write_text(path.read_text(encoding="utf-8").replace("---\n## What", "## What", 1), encoding="utf-8")
    assert "not closed" in str(_fails(content))


def test_front_matter_must_be_there(content: Path) -> None:
    path = content / BRIEFING
    path.write_text("## Just text\n\nNo front matter.\n", encoding="utf-8")
    assert _fails(content).line == 1


def test_duplicate_keys_are_refused(content: Path) -> None:
    _edit(content, BRIEFING, "reviewed_on: 2026-11-26", "reviewed_on: 2026-11-26\ntitle: Again")
    error = _fails(content)
    assert error.key == "title" and "duplicate" in str(error)


def test_dates_must_be_dates(content: Path) -> None:
    _edit(content, BRIEFING, "reviewed_on: 2026-11-26", "reviewed_on: last week")
    assert _fails(content).key == "reviewed_on"


def test_video_scene_heading_format(content: Path) -> None:
    _edit(
        content,
        "detainers/front-line/video-script.md",
        "## Scene 2: Check and serve (1:10)",
        "## Scene 2: Check and serve",
    )
    error = _fails(content)
    assert "Scene 1: Title (0:45)" in str(error)


def test_video_scenes_are_numbered_in_order(content: Path) -> None:
    _edit(content, "detainers/front-line/video-script.md", "## Scene 3:", "## Scene 4:")
    assert "should be scene 3" in str(_fails(content))


def test_video_scene_needs_narration(content: Path) -> None:
    _edit(
        content,
        "detainers/front-line/video-script.md",
        "**Narration:** Thursday afternoon",
        "Thursday afternoon",
    )
    assert "Narration" in str(_fails(content))


def test_video_runtime_is_the_sum_of_its_scenes(content: Path) -> None:
    before = Catalog.load(content).material("detainers", "front-line", "video-script").runtime_seconds
    _edit(content, "detainers/front-line/video-script.md", "(0:50)", "(1:50)")
    after = Catalog.load(content).material("detainers", "front-line", "video-script").runtime_seconds
    assert before is not None and after == before + 60


def test_video_too_long_for_roll_call(content: Path) -> None:
    _edit(content, "detainers/front-line/video-script.md", "(0:50)", "(14:50)")
    assert "at most 15 minutes" in str(_fails(content))


def test_discussion_question_needs_facilitator_notes(content: Path) -> None:
    _edit(content, "detainers/front-line/discussion-guide.md", "**Facilitator notes:** Count", "Count")
    assert "Facilitator notes" in str(_fails(content))


def test_job_aid_must_fit_on_a_page(content: Path) -> None:
    _edit(content, "detainers/front-line/job-aid.md", "## The clock", "## The clock\n\n" + "word " * 600)
    assert "one page" in str(_fails(content))


def test_job_aid_must_be_a_checklist(content: Path) -> None:
    path = content / "detainers/front-line/job-aid.md"
    path.write_text(path.read_text(encoding="utf-8").replace("- [ ] ", "- "), encoding="utf-8")
    assert "checklist" in str(_fails(content))


def test_commander_packet_needs_its_policy_checklist(content: Path) -> None:
    _edit(content, "detainers/commander/job-aid.md", "## Policy checklist", "## Checklist")
    error = _fails(content)
    assert error.file == "detainers/commander/job-aid.md" and "Policy checklist" in str(error)


def test_knowledge_check_answer_must_be_a_choice(content: Path) -> None:
    _edit(content, "detainers/knowledge-check.yaml", "    answer: c\n", "    answer: z\n")
    error = _fails(content)
    assert error.file == "detainers/knowledge-check.yaml"
    assert error.key == "answer" and "question 1" in str(error)
    assert error.line == 9  # the line of `answer: z`


def test_knowledge_check_unknown_key(content: Path) -> None:
    _edit(content, "detainers/knowledge-check.yaml", "pass_mark: 0.8", "pass_mark: 0.8\nshuffle: true")
    assert _fails(content).key == "shuffle"


def test_knowledge_check_pass_mark_range(content: Path) -> None:
    _edit(content, "detainers/knowledge-check.yaml", "pass_mark: 0.8", "pass_mark: 80")
    assert _fails(content).key == "pass_mark"


def test_module_yaml_status_vocabulary(content: Path) -> None:
    _edit(content, "detainers/module.yaml", "program_status: released", "program_status: published")
    error = _fails(content)
    assert error.key == "program_status" and "released" in str(error)


def test_two_modules_cannot_share_an_order(content: Path) -> None:
    shutil.copytree(content / "detainers", content / "detainers-copy")
    assert "order 3" in str(_fails(content))


def test_reserved_module_ids(content: Path) -> None:
    (content / "detainers").rename(content / "progress")
    assert "reserved" in str(_fails(content))


def test_source_entries_are_checked(content: Path) -> None:
    _edit(content, "sources.yaml", "  kind: regulation\n", "  kind: blog\n")
    error = _fails(content)
    assert error.file == "sources.yaml" and error.key == "kind"


def test_non_utf8_file(content: Path) -> None:
    (content / BRIEFING).write_bytes(b"---\ntitle: \xff\n---\n")
    assert "UTF-8" in str(_fails(content))
