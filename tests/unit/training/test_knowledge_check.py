"""Grading: the score, the pass mark, and clear errors for answers that cannot be graded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from securecomm.training import AnswerError, KnowledgeCheck, Question, get_module, grade
from securecomm.training.model import Choice


def _check(questions: int, pass_mark: float) -> KnowledgeCheck:
    return KnowledgeCheck(
        module_id="m",
        pass_mark=pass_mark,
        questions=tuple(
            Question(
                id=f"q{i}",
                prompt=f"Question {i}?",
                choices=(Choice("a", "yes"), Choice("b", "no")),
                answer="a",
                why="Because.",
            )
            for i in range(questions)
        ),
    )


@pytest.mark.parametrize(
    ("questions", "pass_mark", "needed"), [(5, 0.8, 4), (3, 0.6, 2), (3, 1.0, 3), (10, 0.7, 7), (4, 0.8, 4)]
)
def test_needed_is_the_pass_mark_rounded_up(questions: int, pass_mark: float, needed: int) -> None:
    assert _check(questions, pass_mark).needed == needed


def test_all_right_passes_with_feedback() -> None:
    check = get_module("detainers").knowledge_check
    result = grade(check, {q.id: q.answer for q in check.questions})
    assert result.passed and result.correct == result.total == 5 and result.score == 1.0
    assert all(r.right for r in result.results)


def test_one_wrong_still_passes_two_wrong_fail() -> None:
    check = get_module("detainers").knowledge_check
    answers = {q.id: q.answer for q in check.questions}
    first, second = check.questions[0], check.questions[1]
    answers[first.id] = next(c.key for c in first.choices if c.key != first.answer)
    assert grade(check, answers).passed
    answers[second.id] = next(c.key for c in second.choices if c.key != second.answer)
    result = grade(check, answers)
    assert not result.passed and result.correct == 3
    wrong = [r for r in result.results if not r.right]
    assert [r.question.id for r in wrong] == [first.id, second.id]


def test_missing_answer_names_the_question() -> None:
    check = _check(3, 0.6)
    with pytest.raises(AnswerError) as caught:
        grade(check, {"q0": "a", "q2": "b"})
    assert caught.value.question == "q1" and "answer every question" in str(caught.value)


def test_unknown_choice_lists_the_choices() -> None:
    with pytest.raises(AnswerError) as caught:
        grade(_check(3, 0.6), {"q0": "a", "q1": "e", "q2": "a"})
    assert "(a, b)" in str(caught.value) and caught.value.question == "q1"


def test_unknown_question_is_refused() -> None:
    with pytest.raises(AnswerError, match="no question 'q9'"):
        grade(_check(3, 0.6), {"q0": "a", "q1": "a", "q2": "a", "q9": "a"})


@given(st.lists(st.sampled_from(["a", "b"]), min_size=3, max_size=10), st.sampled_from([0.5, 0.6, 0.8, 1.0]))
def test_score_counts_right_answers_and_pass_follows_the_mark(picks: list[str], pass_mark: float) -> None:
    check = _check(len(picks), pass_mark)
    result = grade(check, {f"q{i}": pick for i, pick in enumerate(picks)})
    assert result.correct == picks.count("a")
    assert result.passed == (result.correct >= check.needed)
    assert result.passed == (result.correct / result.total >= pass_mark - 1e-9)
