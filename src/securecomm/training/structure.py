"""What each kind of material must contain, read from its Markdown structure.

A video script stands in for a video, so it must be producible: numbered scenes, each with a duration,
narration and on-screen text; the runtime is the sum of the scenes. A discussion guide is questions with
facilitator notes. A job aid is a checklist short enough for one printed page. A Commander's Packet
carries the planning tools, policy checklist and web resources the program's page promises leadership.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from securecomm.training.errors import TrainingContentError
from securecomm.training.model import Audience, DiscussionQuestion, MaterialKind, Scene
from securecomm.training.render import CHECK_MARKER, html_tokens, markdown_tokens

__all__ = ["Structure", "read_structure"]

SCENE = re.compile(r"Scene (?P<number>\d+): (?P<title>.+?) \((?P<minutes>\d{1,2}):(?P<seconds>[0-5]\d)\)")
QUESTION = re.compile(r"Question (?P<number>\d+): (?P<text>.+)")
NARRATION = "**Narration:**"
ON_SCREEN = "**On screen:**"
FACILITATOR = "**Facilitator notes:**"
MIN_SCENES, MAX_RUNTIME_SECONDS = 2, 15 * 60  # "a short video" for a roll-call briefing
MIN_QUESTIONS = 3
MIN_CHECKLIST, MAX_JOB_AID_WORDS = 5, 550  # one printed page
# Headings a Commander's Packet must have, by material (the packet's "planning tools, policy checklist
# and web resources").
COMMANDER_SECTIONS = {
    MaterialKind.BRIEFING: "Planning",
    MaterialKind.JOB_AID: "Policy checklist",
    MaterialKind.FACT_SHEET: "Web resources",
}


@dataclass(frozen=True, slots=True)
class Structure:
    scenes: tuple[Scene, ...] = ()
    questions: tuple[DiscussionQuestion, ...] = ()
    checklist_items: int = 0


@dataclass(frozen=True, slots=True)
class _Section:
    heading: str
    line: int
    paragraphs: tuple[str, ...]


def _sections(tokens: list[Token], body_line: int) -> list[_Section]:
    """Level-2 sections: heading text, its line in the file, and the text of the blocks under it."""
    sections: list[_Section] = []
    heading: str | None = None
    line = 0
    paragraphs: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            if heading is not None:
                sections.append(_Section(heading, line, tuple(paragraphs)))
            heading = tokens[index + 1].content.strip()
            line = body_line + (token.map[0] if token.map else 0)
            paragraphs = []
        elif token.type == "inline" and heading is not None and tokens[index - 1].type != "heading_open":
            paragraphs.append(token.content.strip())
    if heading is not None:
        sections.append(_Section(heading, line, tuple(paragraphs)))
    return sections


def read_structure(
    markdown: str, *, audience: Audience, kind: MaterialKind, file: str, body_line: int
) -> Structure:
    """Check the body of one material and return what its structure says (scenes, questions, boxes)."""
    for line, snippet in html_tokens(markdown):
        raise TrainingContentError(
            f"raw HTML is not allowed (found {snippet[:40]!r}); write Markdown instead",
            file=file,
            line=body_line + line - 1,
        )
    tokens = markdown_tokens(markdown)
    for token in tokens:
        if token.type == "heading_open" and token.tag == "h1":
            line = body_line + (token.map[0] if token.map else 0)
            raise TrainingContentError(
                "no '# ' heading in the body: the title comes from the front matter; start sections with '## '",
                file=file,
                line=line,
            )
    sections = _sections(tokens, body_line)
    if audience is Audience.COMMANDER and kind in COMMANDER_SECTIONS:
        wanted = COMMANDER_SECTIONS[kind]
        if not any(s.heading.startswith(wanted) for s in sections):
            raise TrainingContentError(
                f"a Commander's Packet {kind.value} needs a '## {wanted}' section", file=file, line=body_line
            )
    if kind is MaterialKind.VIDEO_SCRIPT:
        return Structure(scenes=_scenes(sections, file=file, body_line=body_line))
    if kind is MaterialKind.DISCUSSION_GUIDE:
        return Structure(questions=_questions(sections, file=file, body_line=body_line))
    if kind is MaterialKind.JOB_AID:
        return Structure(checklist_items=_checklist(markdown, tokens, file=file, body_line=body_line))
    return Structure()


def _scenes(sections: list[_Section], *, file: str, body_line: int) -> tuple[Scene, ...]:
    scenes: list[Scene] = []
    for section in sections:
        match = SCENE.fullmatch(section.heading)
        if match is None:
            raise TrainingContentError(
                f"{section.heading!r} is not a scene heading; write '## Scene 1: Title (0:45)'",
                file=file,
                line=section.line,
            )
        number = int(match["number"])
        if number != len(scenes) + 1:
            raise TrainingContentError(
                f"scene {number} should be scene {len(scenes) + 1} (number scenes 1, 2, 3, ...)",
                file=file,
                line=section.line,
            )
        duration = int(match["minutes"]) * 60 + int(match["seconds"])
        if duration == 0:
            raise TrainingContentError("a scene needs a duration above 0:00", file=file, line=section.line)
        for label in (NARRATION, ON_SCREEN):
            if not any(p.startswith(label) for p in section.paragraphs):
                raise TrainingContentError(
                    f"scene {number} has no paragraph starting with {label}", file=file, line=section.line
                )
        scenes.append(Scene(number=number, title=match["title"], duration_seconds=duration))
    if len(scenes) < MIN_SCENES:
        raise TrainingContentError(
            f"a video script needs at least {MIN_SCENES} scenes", file=file, line=body_line
        )
    runtime = sum(s.duration_seconds for s in scenes)
    if runtime > MAX_RUNTIME_SECONDS:
        raise TrainingContentError(
            f"the scenes add up to {runtime // 60}:{runtime % 60:02d}; a roll-call video runs at most "
            f"{MAX_RUNTIME_SECONDS // 60} minutes",
            file=file,
            line=body_line,
        )
    return tuple(scenes)


def _questions(sections: list[_Section], *, file: str, body_line: int) -> tuple[DiscussionQuestion, ...]:
    questions: list[DiscussionQuestion] = []
    for section in sections:
        if not section.heading.startswith("Question"):
            continue
        match = QUESTION.fullmatch(section.heading)
        if match is None or int(match["number"]) != len(questions) + 1:
            raise TrainingContentError(
                f"{section.heading!r}: write '## Question {len(questions) + 1}: the question'",
                file=file,
                line=section.line,
            )
        if not any(p.startswith(FACILITATOR) for p in section.paragraphs):
            raise TrainingContentError(
                f"question {match['number']} has no paragraph starting with {FACILITATOR}",
                file=file,
                line=section.line,
            )
        questions.append(DiscussionQuestion(number=int(match["number"]), question=match["text"]))
    if len(questions) < MIN_QUESTIONS:
        raise TrainingContentError(
            f"a discussion guide needs at least {MIN_QUESTIONS} '## Question N: ...' sections",
            file=file,
            line=body_line,
        )
    return tuple(questions)


def _checklist(markdown: str, tokens: list[Token], *, file: str, body_line: int) -> int:
    items = sum(
        1
        for index, token in enumerate(tokens)
        if token.type == "list_item_open" and token.attrGet("class") == "check" and index + 2 < len(tokens)
    )
    if items < MIN_CHECKLIST:
        raise TrainingContentError(
            f"a job aid is a checklist: it needs at least {MIN_CHECKLIST} items written '- {CHECK_MARKER}...'",
            file=file,
            line=body_line,
        )
    words = len(markdown.split())
    if words > MAX_JOB_AID_WORDS:
        raise TrainingContentError(
            f"a job aid fits on one page: {words} words is over the {MAX_JOB_AID_WORDS}-word limit",
            file=file,
            line=body_line,
        )
    return items
