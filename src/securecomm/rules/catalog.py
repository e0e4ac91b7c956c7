"""The rule catalog: every rule and parameter as law text, values by date and code location.

Catala's lesson is that lawyers review law as text with the code beside it; this renders the
registry and the parameter files as one Markdown document for that review (the CLI also writes
it as HTML). The [U] section at the top lists every uncertain fact and the file that holds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from securecomm.rules.model import Confidence, Parameter, Reference
from securecomm.rules.registry import RuleSpec, registered_rules
from securecomm.rules.ruleset import RuleSet

__all__ = ["render_catalog", "uncertain_facts"]


def _anchor(name: str) -> str:
    return "p-" + name.replace(".", "-").replace("_", "-")


def _rule_anchor(spec: RuleSpec) -> str:
    return "r-" + f"{spec.id}-{spec.version}".replace(".", "-").replace("_", "-")


def _reference_lines(references: Iterable[Reference]) -> list[str]:
    lines = []
    for ref in references:
        line = f"- [{ref.title}]({ref.href}) ({ref.kind.value}"
        line += f", issued {ref.issued_on.isoformat()})" if ref.issued_on else ")"
        lines.append(line)
        if ref.quote:
            lines.append(f"  > {' '.join(ref.quote.split())}")
        if ref.note:
            lines.append(f"  *Note:* {' '.join(ref.note.split())}")
    return lines


def _value_block(value: Any) -> list[str]:
    text = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
    return ["```yaml", text.rstrip(), "```"]


def uncertain_facts(ruleset: RuleSet) -> list[tuple[Parameter, str]]:
    """(parameter, what) for every parameter or dated value tagged U."""
    found: list[tuple[Parameter, str]] = []
    for parameter in ruleset:
        if parameter.confidence is Confidence.U:
            found.append((parameter, "the whole parameter"))
        for dated in parameter.values:
            if dated.confidence is Confidence.U and parameter.confidence is not Confidence.U:
                found.append((parameter, f"the value from {dated.effective_from.isoformat()}"))
    return found


def _rule_section(spec: RuleSpec, ruleset: RuleSet) -> list[str]:
    end = spec.effective_to.isoformat() if spec.effective_to else "open"
    lines = [
        f'<a id="{_rule_anchor(spec)}"></a>',
        f"### `{spec.id}` — {spec.version}",
        "",
        f"In force **{spec.effective_from.isoformat()} to {end}**. Code: `{spec.location}`.",
        "",
    ]
    for paragraph in spec.doc.split("\n\n"):
        lines.append("> " + " ".join(paragraph.split()))
        lines.append(">")
    if lines[-1] == ">":
        lines.pop()
    lines.append("")
    if spec.parameters:
        links = ", ".join(
            f"[`{name}`](#{_anchor(name)})" if name in ruleset.parameters else f"`{name}` (missing!)"
            for name in spec.parameters
        )
        lines += [f"Parameters read: {links}.", ""]
    lines += ["Sources:", "", *_reference_lines(spec.references), ""]
    return lines


def _parameter_section(parameter: Parameter) -> list[str]:
    lines = [
        f'<a id="{_anchor(parameter.name)}"></a>',
        f"### `{parameter.name}`" + (f" — {parameter.label}" if parameter.label else ""),
        "",
        " ".join(parameter.description.split()),
        "",
        f"File: `{parameter.file}`. Unit: {parameter.unit}."
        + (f" Calendar: {parameter.calendar}." if parameter.calendar else "")
        + f" Confidence: **{parameter.confidence.value}**. Last verified on {parameter.last_verified_on.isoformat()}.",
        "",
        "Sources:",
        "",
        *_reference_lines(parameter.references),
        "",
    ]
    for dated in parameter.values:
        tag = f" (confidence {dated.confidence.value})" if dated.confidence else ""
        lines.append(f"#### From {dated.effective_from.isoformat()}{tag}")
        lines.append("")
        if dated.value is None:
            lines.append("*No value: the rule ends on this date.*")
        else:
            lines += _value_block(dated.value)
        lines.append("")
        if dated.note:
            lines += [" ".join(dated.note.split()), ""]
        if dated.references:
            lines += ["Sources for this value:", "", *_reference_lines(dated.references), ""]
    if parameter.notes:
        lines += [f"*Notes:* {' '.join(parameter.notes.split())}", ""]
    return lines


def render_catalog(ruleset: RuleSet) -> str:
    """The whole catalog as Markdown."""
    rules = registered_rules()
    lines = [
        "# securecomm rule catalog",
        "",
        "Every rule and parameter of `securecomm.rules`: the law's text, the values by date, and where the code "
        "lives, for legal review. Rules advise; an officer decides, and that decision is recorded separately.",
        "",
        "Confidence tags: **V** verified in a named public source; **M** well known, wording or number not "
        "re-checked; **U** uncertain or reconstructed, a labelled and replaceable assumption.",
        "",
        "## Uncertain facts (U)",
        "",
    ]
    for parameter, what in uncertain_facts(ruleset):
        lines.append(f"- [`{parameter.name}`](#{_anchor(parameter.name)}): {what} (`{parameter.file}`)")
    lines += ["", "## Rules", ""]
    for spec in rules:
        end = spec.effective_to.isoformat() if spec.effective_to else "open"
        lines.append(
            f"- [`{spec.id}` {spec.version}](#{_rule_anchor(spec)}): {spec.effective_from.isoformat()} to {end}"
        )
    lines += ["", "## Parameters", ""]
    for parameter in ruleset:
        lines.append(
            f"- [`{parameter.name}`](#{_anchor(parameter.name)}): {parameter.label or parameter.description[:60]}"
        )
    lines += ["", "## Rules in detail", ""]
    for spec in rules:
        lines += _rule_section(spec, ruleset)
    lines += ["## Parameters in detail", ""]
    for parameter in ruleset:
        lines += _parameter_section(parameter)
    return "\n".join(lines).rstrip() + "\n"
