"""Collect the expert-readable rule cases under tests/rules/ (one pytest item per case).

A case file names the rule it exercises and lists cases, each with an `input` and an `expect`:

    rule: hold_deadline            # hold_deadline | classify | consular | holidays
    cases:
      - name: Friday release before Washington's Birthday
        source: 8 C.F.R. 287.7(d); 5 U.S.C. 6103(a)     # optional, for the reader
        input: {form: I-247-2011, release_at: "2012-02-17T08:00", tz: America/New_York}
        expect: {deadline_at: "2012-02-22T08:00:00-05:00", reasons: [hold.excluded_days]}

`expect` compares only the keys it names. A mapping compares as a subset; `reasons` lists reason
codes that must appear and `reasons_absent` codes that must not; `references` lists substrings that
some reference title must contain; `error` names the exception class expected instead of a result,
with `message` a substring of its text. Unknown keys in a case file are an error, like in rule files.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from securecomm.rules import (
    RuleSet,
    classify_case,
    compute_hold_deadline,
    consular_determination,
    load_ruleset,
    observed_holidays,
    parse_case,
)

FILE_KEYS = {"rule", "description", "cases"}
CASE_KEYS = {"name", "source", "input", "expect"}


@functools.cache
def ruleset() -> RuleSet:
    return load_ruleset()


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def run_hold_deadline(given: dict[str, Any]) -> dict[str, Any]:
    result = compute_hold_deadline(
        given["form"],
        datetime.fromisoformat(_iso(given["release_at"])),
        tz=given.get("tz"),
        ruleset=ruleset(),
    )
    hold = result.value
    return {
        "deadline_at": hold.deadline_at.isoformat() if hold.deadline_at else None,
        "counting_from": hold.counting_from.isoformat() if hold.counting_from else None,
        "counting": hold.counting,
        "excluded_days": [d.isoformat() for d, _ in hold.excluded_days],
        "reasons": [r.code for r in result.reasons],
        "reason_texts": [r.text for r in result.reasons],
        "references": [r.title for r in result.references],
    }


def run_classify(given: dict[str, Any]) -> dict[str, Any]:
    case = parse_case(json.loads(json.dumps(given["case"], default=_iso)), ruleset=ruleset())
    out = classify_case(case, as_of=date.fromisoformat(_iso(given["as_of"])), ruleset=ruleset()).as_dict()
    out["reason_texts"] = [r["text"] for r in out["reasons"]]
    out["reasons"] = [r["code"] for r in out["reasons"]]
    out["references"] = [r["title"] for r in out["references"]]
    return out


def run_consular(given: dict[str, Any]) -> dict[str, Any]:
    result = consular_determination(
        given["nationality"],
        lpr=bool(given.get("lpr", False)),
        passport=given.get("passport"),
        as_of=date.fromisoformat(_iso(given["as_of"])),
        ruleset=ruleset(),
    )
    advice = result.value
    return {
        "mandatory": advice.mandatory,
        "notify": advice.notify,
        "target_hours": advice.target_hours,
        "outer_hours": advice.outer_hours,
        "statement": advice.statement,
        "reasons": [r.code for r in result.reasons],
        "reason_texts": [r.text for r in result.reasons],
        "references": [r.title for r in result.references],
    }


def run_holidays(given: dict[str, Any]) -> dict[str, Any]:
    found = observed_holidays(int(given["year"]), ruleset=ruleset())
    return {"observed": {d.isoformat(): name for d, name in found.items()}, "count": len(found)}


RUNNERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "hold_deadline": run_hold_deadline,
    "classify": run_classify,
    "consular": run_consular,
    "holidays": run_holidays,
}


def _normal(value: Any) -> Any:
    """YAML turns unquoted dates into date objects; compare them as ISO text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_normal(item) for item in value]
    return value


def _compare(expected: Any, actual: Any, path: str, problems: list[str]) -> None:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            problems.append(f"{path}: expected a mapping, got {actual!r}")
            return
        for key, value in expected.items():
            key = _iso(key)
            if key not in actual:
                problems.append(f"{path}.{key}: missing (have {sorted(actual)})")
            else:
                _compare(value, actual[key], f"{path}.{key}", problems)
    elif _normal(expected) != _normal(actual):
        problems.append(f"{path}: expected {_normal(expected)!r}, got {actual!r}")


def check(expect: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for key, value in expect.items():
        if key == "reasons":
            missing = [code for code in value if code not in actual["reasons"]]
            if missing:
                problems.append(f"reasons: missing {missing}; got {actual['reasons']}")
        elif key == "reasons_absent":
            present = [code for code in value if code in actual["reasons"]]
            if present:
                problems.append(f"reasons: should not contain {present}")
        elif key == "reason_text":
            if not any(value in text for text in actual["reason_texts"]):
                problems.append(f"no reason text contains {value!r}; got {actual['reason_texts']}")
        elif key == "references":
            for fragment in value:
                if not any(fragment in title for title in actual["references"]):
                    problems.append(f"references: none contains {fragment!r}; got {actual['references']}")
        elif key == "statement_contains":
            if value not in actual["statement"]:
                problems.append(f"statement does not contain {value!r}: {actual['statement']!r}")
        elif key not in actual:
            problems.append(f"{key}: the {sorted(actual)} output has no such key")
        else:
            _compare(value, actual[key], key, problems)
    return problems


class RuleCaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        document = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        where = self.path.relative_to(Path(__file__).parent)
        if not isinstance(document, dict) or set(document) - FILE_KEYS or "rule" not in document:
            raise pytest.UsageError(f"{where}: a case file is a mapping with keys {sorted(FILE_KEYS)}")
        if document["rule"] not in RUNNERS:
            raise pytest.UsageError(f"{where}: rule {document['rule']!r} is not one of {sorted(RUNNERS)}")
        for index, case in enumerate(document["cases"]):
            unknown = set(case) - CASE_KEYS
            if unknown or not {"name", "input", "expect"} <= set(case):
                raise pytest.UsageError(
                    f"{where}: cases[{index}] has keys {sorted(case)}; allowed {sorted(CASE_KEYS)}"
                )
            yield RuleCase.from_parent(self, name=case["name"], rule=document["rule"], case=case)


class RuleCase(pytest.Item):
    def __init__(self, *, rule: str, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule
        self.case = case

    def runtest(self) -> None:
        expect = self.case["expect"]
        runner = RUNNERS[self.rule]
        if "error" in expect:
            try:
                got = runner(self.case["input"])
            except Exception as error:  # the case names the class it expects
                if type(error).__name__ != expect["error"] or expect.get("message", "") not in str(error):
                    raise RuleCaseFailure(
                        [
                            f"expected {expect['error']} mentioning {expect.get('message')!r}, "
                            f"got {type(error).__name__}: {error}"
                        ]
                    ) from error
                return
            raise RuleCaseFailure([f"expected {expect['error']}, got a result: {got}"])
        problems = check(expect, runner(self.case["input"]))
        if problems:
            raise RuleCaseFailure(problems)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleCaseFailure):
            source = f"\n  source: {self.case['source']}" if "source" in self.case else ""
            return f"rule case {self.name!r} ({self.rule}){source}\n  " + "\n  ".join(excinfo.value.problems)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.rule}: {self.name}"


class RuleCaseFailure(AssertionError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and Path(__file__).parent in file_path.parents:
        return RuleCaseFile.from_parent(parent, path=file_path)
    return None
