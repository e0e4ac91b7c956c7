"""The knowledge check of a module: its file format and its grading.

"Completed" means *passed the check*: at least the pass mark of the questions answered right. Grading
returns every question's verdict with the reason the right answer is right, so a failed attempt teaches
as much as a passed one. A submission that skips a question or names a choice that does not exist is
bad input, not a wrong answer: the form shows it again with the error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from securecomm.training.errors import AnswerError
from securecomm.training.files import Fields, nested, parse_yaml_mapping
from securecomm.training.model import Choice, KnowledgeCheck, Question

__all__ = ["Grade", "QuestionResult", "grade", "parse_knowledge_check"]

CHECK_KEYS = {"pass_mark": True, "questions": True}
QUESTION_KEYS = {"id": True, "prompt": True, "choices": True, "answer": True, "why": True}
QUESTION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CHOICE_KEY = re.compile(r"[a-e]")
MIN_QUESTIONS, MAX_QUESTIONS = 3, 10
MIN_CHOICES, MAX_CHOICES = 2, 5


def parse_knowledge_check(text: str, *, module_id: str, file: str) -> KnowledgeCheck:
    fields = parse_yaml_mapping(text, file=file)
    fields.check_keys(CHECK_KEYS, "a knowledge check")
    pass_mark = fields.values["pass_mark"]
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, int | float) or not 0 < pass_mark <= 1:
        raise fields.fail(f"{pass_mark!r} must be a fraction above 0 and at most 1 (e.g. 0.8)", "pass_mark")
    raw = fields.values["questions"]
    if not isinstance(raw, list) or not MIN_QUESTIONS <= len(raw) <= MAX_QUESTIONS:
        raise fields.fail(f"must list {MIN_QUESTIONS} to {MAX_QUESTIONS} questions", "questions")
    questions: list[Question] = []
    for number, item in enumerate(raw, start=1):
        what = f"question {number}"
        entry = nested(fields, number - 1, item, what=what, parent="questions")
        entry.check_keys(QUESTION_KEYS, what)
        questions.append(_question(entry))
    ids = [q.id for q in questions]
    for question_id in ids:
        if ids.count(question_id) > 1:
            raise fields.fail(f"question id {question_id!r} is used twice", "questions")
    return KnowledgeCheck(module_id=module_id, pass_mark=float(pass_mark), questions=tuple(questions))


def _question(entry: Fields) -> Question:
    question_id = entry.text("id")
    if not QUESTION_ID.fullmatch(question_id):
        raise entry.fail("an id is lower case letters, digits and single hyphens", "id")
    raw_choices = entry.values["choices"]
    if not isinstance(raw_choices, dict) or not MIN_CHOICES <= len(raw_choices) <= MAX_CHOICES:
        raise entry.fail(f"must map {MIN_CHOICES} to {MAX_CHOICES} letters (a, b, ...) to answers", "choices")
    choices: list[Choice] = []
    for key, text in raw_choices.items():
        if not CHOICE_KEY.fullmatch(str(key)):
            raise entry.fail(f"choice {key!r}: label choices a, b, c, d, e", "choices")
        if not isinstance(text, str) or not text.strip():
            raise entry.fail(
                f"choice {key!r} needs text (put quotes around answers that look like numbers)", "choices"
            )
        choices.append(Choice(key=str(key), text=text.strip()))
    answer = entry.text("answer")
    if answer not in {c.key for c in choices}:
        raise entry.fail(f"{answer!r} is not one of the choices", "answer")
    return Question(
        id=question_id,
        prompt=entry.text("prompt"),
        choices=tuple(choices),
        answer=answer,
        why=entry.text("why"),
    )


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: Question
    chosen: str

    @property
    def right(self) -> bool:
        return self.chosen == self.question.answer


@dataclass(frozen=True, slots=True)
class Grade:
    """The outcome of one attempt: every question's verdict, the score, and whether it is a pass."""

    module_id: str
    results: tuple[QuestionResult, ...]
    needed: int

    @property
    def correct(self) -> int:
        return sum(1 for r in self.results if r.right)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def score(self) -> float:
        return self.correct / self.total

    @property
    def passed(self) -> bool:
        return self.correct >= self.needed


def grade(check: KnowledgeCheck, answers: Mapping[str, str]) -> Grade:
    """Grade `answers` (question id -> choice letter); every question must be answered exactly once."""
    known = {q.id for q in check.questions}
    for question_id in answers:
        if question_id not in known:
            raise AnswerError(
                f"there is no question {question_id!r} (questions: {', '.join(sorted(known))})",
                module_id=check.module_id,
            )
    results: list[QuestionResult] = []
    for question in check.questions:
        chosen = (answers.get(question.id) or "").strip()
        if not chosen:
            raise AnswerError(
                "answer every question; this one has no answer",
                module_id=check.module_id,
                question=question.id,
            )
        if question.choice(chosen) is None:
            letters = ", ".join(c.key for c in question.choices)
            raise AnswerError(
                f"{chosen!r} is not one of the choices ({letters})",
                module_id=check.module_id,
                question=question.id,
            )
        results.append(QuestionResult(question=question, chosen=chosen))
    return Grade(module_id=check.module_id, results=tuple(results), needed=check.needed)
