"""The briefing series as values: modules, their materials for two audiences, sources and knowledge checks.

The program's own page describes each module as "a short video and related materials, such as fact
sheets, discussion guides, web-based resources, and job aids", for two audiences: front-line officers and
leadership ("Commander's Packets"). A `Module` here holds exactly that grid: every audience has every
`MaterialKind`, which the loader checks, so a page or an export never meets a hole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "Audience",
    "Choice",
    "DiscussionQuestion",
    "KnowledgeCheck",
    "Material",
    "MaterialKind",
    "Module",
    "ProgramStatus",
    "Question",
    "Scene",
    "Source",
    "SourceKind",
]


class Audience(StrEnum):
    """Who a material is written for."""

    FRONT_LINE = "front-line"
    COMMANDER = "commander"

    @property
    def label(self) -> str:
        return "Front-line officers" if self is Audience.FRONT_LINE else "Commander's Packet"


class MaterialKind(StrEnum):
    """The five materials every module has for every audience."""

    BRIEFING = "briefing"
    VIDEO_SCRIPT = "video-script"
    FACT_SHEET = "fact-sheet"
    DISCUSSION_GUIDE = "discussion-guide"
    JOB_AID = "job-aid"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    MaterialKind.BRIEFING: "Written briefing",
    MaterialKind.VIDEO_SCRIPT: "Video script",
    MaterialKind.FACT_SHEET: "Fact sheet",
    MaterialKind.DISCUSSION_GUIDE: "Discussion guide",
    MaterialKind.JOB_AID: "Job aid",
}


class ProgramStatus(StrEnum):
    """Whether the program itself released the topic (2011-2012) or only announced it."""

    RELEASED = "released"
    ANNOUNCED = "announced"


class SourceKind(StrEnum):
    STATUTE = "statute"
    REGULATION = "regulation"
    TREATY = "treaty"
    MEMO = "memo"
    FORM = "form"
    MANUAL = "manual"
    WEB_PAGE = "web_page"
    REPORT = "report"


@dataclass(frozen=True, slots=True)
class Source:
    """A public source a material cites; `id` is how the front matter names it."""

    id: str
    title: str
    publisher: str
    href: str
    kind: SourceKind
    issued_on: date | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    """One scene of a video script; the runtime is the sum of the scenes, never typed in by hand."""

    number: int
    title: str
    duration_seconds: int


@dataclass(frozen=True, slots=True)
class DiscussionQuestion:
    number: int
    question: str


@dataclass(frozen=True, slots=True)
class Material:
    """One written material: its Markdown body and what the loader learned from its structure."""

    module_id: str
    audience: Audience
    kind: MaterialKind
    title: str
    summary: str
    reviewed_on: date
    sources: tuple[Source, ...]
    markdown: str
    file: str  # the path shown in messages, relative to the content root
    scenes: tuple[Scene, ...] = ()  # video scripts only
    questions: tuple[DiscussionQuestion, ...] = ()  # discussion guides only
    checklist_items: int = 0  # job aids: how many boxes an officer ticks

    @property
    def runtime_seconds(self) -> int | None:
        """The video's running time (video scripts only)."""
        return sum(scene.duration_seconds for scene in self.scenes) if self.scenes else None

    @property
    def word_count(self) -> int:
        return len(self.markdown.split())


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Question:
    """A multiple-choice question with its right answer and why it is right."""

    id: str
    prompt: str
    choices: tuple[Choice, ...]
    answer: str
    why: str

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True, slots=True)
class KnowledgeCheck:
    """A short check per module; passing it (at least `pass_mark` of the questions right) is completion."""

    module_id: str
    pass_mark: float
    questions: tuple[Question, ...]

    @property
    def needed(self) -> int:
        """The number of right answers a pass needs (the pass mark rounded up)."""
        total = len(self.questions)
        # Integer arithmetic avoids 0.8 * 5 = 4.000000000000001 rounding up to 5.
        percent = round(self.pass_mark * 100)
        return -(-percent * total // 100)


@dataclass(frozen=True, slots=True)
class Module:
    """One module of the series with all its materials and its knowledge check."""

    id: str
    title: str
    topic: str
    version: str | None  # "General version" / "287(g) version" for the introduction's two videos
    order: int
    program_status: ProgramStatus
    summary: str
    as_of: date  # the program rules and forms the text describes are those in force on this date
    materials: tuple[Material, ...]
    knowledge_check: KnowledgeCheck
    digest: str  # SHA-256 of the module's files: which text an officer studied

    @property
    def full_title(self) -> str:
        return f"{self.title} ({self.version})" if self.version else self.title

    def material(self, audience: Audience, kind: MaterialKind) -> Material:
        for material in self.materials:
            if material.audience is audience and material.kind is kind:
                return material
        raise LookupError(f"{self.id} has no {audience.value} {kind.value}")  # the loader prevents this

    def for_audience(self, audience: Audience) -> tuple[Material, ...]:
        return tuple(m for m in self.materials if m.audience is audience)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the module's materials cite, each once, in order of first citation."""
        seen: dict[str, Source] = {}
        for material in self.materials:
            for source in material.sources:
                seen.setdefault(source.id, source)
        return tuple(seen.values())
