"""The training briefings for state and local law enforcement, and who has completed them.

The series follows the program's own briefing page: each module has materials for front-line officers
and a Commander's Packet for leadership, each with a written briefing, a video script, a fact sheet, a
discussion guide and a job aid, plus a short knowledge check whose pass is what "completed" means.
Content is Markdown with YAML front matter under `content/`, checked strictly on load (docs/training.md).

Public API:

* `list_modules()`, `get_module(id)`, `get_material(module, audience, kind)`; `Catalog.load(path)`
* `render_material(material)` (HTML fragment), `render_material_document(...)`, `render_knowledge_check(...)`
* `grade(check, answers)` -> `Grade`
* `TrainingRecords(repository, catalog=..., clock=...)`: `submit`, `completions_for`, `summary`, `summaries`
  over a `CompletionRepository` (`InMemoryCompletions` here, `storage.training_records` for a database)
"""

from __future__ import annotations

from securecomm.training.catalog import (
    Catalog,
    content_root,
    default_catalog,
    get_material,
    get_module,
    list_modules,
)
from securecomm.training.completion import (
    Agency,
    AgencyKind,
    AgencySummary,
    CompletionRecord,
    CompletionRepository,
    InMemoryCompletions,
    ModuleTally,
    Submission,
    TrainingRecords,
    parse_agency,
)
from securecomm.training.errors import AgencyError, AnswerError, TrainingContentError, UnknownTrainingItem
from securecomm.training.knowledge_check import Grade, QuestionResult, grade
from securecomm.training.model import (
    Audience,
    KnowledgeCheck,
    Material,
    MaterialKind,
    Module,
    ProgramStatus,
    Question,
    Scene,
    Source,
)
from securecomm.training.render import (
    render_knowledge_check,
    render_markdown,
    render_material,
    render_material_document,
    stylesheet,
)

__all__ = [
    "Agency",
    "AgencyError",
    "AgencyKind",
    "AgencySummary",
    "AnswerError",
    "Audience",
    "Catalog",
    "CompletionRecord",
    "CompletionRepository",
    "Grade",
    "InMemoryCompletions",
    "KnowledgeCheck",
    "Material",
    "MaterialKind",
    "Module",
    "ModuleTally",
    "ProgramStatus",
    "Question",
    "QuestionResult",
    "Scene",
    "Source",
    "Submission",
    "TrainingContentError",
    "TrainingRecords",
    "UnknownTrainingItem",
    "content_root",
    "default_catalog",
    "get_material",
    "get_module",
    "grade",
    "list_modules",
    "parse_agency",
    "render_knowledge_check",
    "render_markdown",
    "render_material",
    "render_material_document",
    "stylesheet",
]
