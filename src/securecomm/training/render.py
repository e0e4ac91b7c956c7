"""Markdown to HTML for the briefings: CommonMark plus tables, with raw HTML switched off.

Content is reviewed text, but it is still text from files: with `html` off, a `<script>` typed into a
briefing comes out as the visible characters `&lt;script&gt;`, never as markup, and markdown-it refuses
`javascript:`, `vbscript:`, `file:` and `data:` links. The one extension is the job aid's checklist:
an item written `- [ ] text` becomes `<li class="check">text</li>`, which the stylesheet draws as a box
to tick on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

import jinja2
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

from securecomm.training.model import KnowledgeCheck, Material, Module

__all__ = [
    "CHECK_MARKER",
    "html_tokens",
    "markdown_tokens",
    "render_index",
    "render_knowledge_check",
    "render_markdown",
    "render_material",
    "render_material_document",
    "stylesheet",
]

CHECK_MARKER = "[ ] "


def _checklist_rule(state: StateCore) -> None:
    """Turn list items that start with `[ ] ` into `li.check` items without the marker."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.content.startswith(CHECK_MARKER):
            continue
        # A tight list item is: list_item_open, paragraph_open (hidden), inline.
        if (
            index < 2
            or tokens[index - 1].type != "paragraph_open"
            or tokens[index - 2].type != "list_item_open"
        ):
            continue
        tokens[index - 2].attrSet("class", "check")
        token.content = token.content[len(CHECK_MARKER) :]
        first = token.children[0] if token.children else None
        if first is not None and first.type == "text" and first.content.startswith(CHECK_MARKER):
            first.content = first.content[len(CHECK_MARKER) :]


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.core.ruler.push("checklist", _checklist_rule)
    return md


@cache
def _markdown_with_html() -> MarkdownIt:
    """A parser that *recognises* raw HTML, used only by the loader to refuse it in content files."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def markdown_tokens(text: str) -> list[Token]:
    """The block tokens of `text` as the renderer sees them (the loader reads structure from these)."""
    return _markdown().parse(text)


def html_tokens(text: str) -> list[tuple[int, str]]:
    """(line, snippet) of every raw-HTML fragment in `text`; content files must have none."""
    found: list[tuple[int, str]] = []
    for token in _markdown_with_html().parse(text):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "html_block":
            found.append((line, token.content.strip()))
        for child in token.children or ():
            if child.type == "html_inline":
                found.append((line, child.content))
    return found


def render_markdown(text: str) -> str:
    """Markdown to an HTML fragment; any raw HTML in `text` is escaped, never passed through."""
    html: str = _markdown().render(text)
    return html


def render_material(material: Material) -> str:
    """The material's body as an HTML fragment, followed by its sources."""
    return render_markdown(material.markdown) + _sources_html(material)


def _sources_html(material: Material) -> str:
    env = _environment()
    return env.get_template("sources.html").render(sources=material.sources)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("securecomm.training", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def stylesheet() -> str:
    """The print-friendly stylesheet the exported documents and the default web layout share."""
    return resources.files("securecomm.training").joinpath("templates", "training.css").read_text("utf-8")


def render_material_document(
    module: Module, material: Material, *, links: Sequence[tuple[str, str]] = ()
) -> str:
    """A complete, self-contained HTML page for one material (print or LMS upload); `links` = (href, label)."""
    return (
        _environment()
        .get_template("material_document.html")
        .render(
            module=module,
            material=material,
            body=Markup(render_material(material)),  # safe: markdown-it escapes raw HTML (html is off)
            css=Markup(stylesheet()),  # our own file
            links=list(links),
        )
    )


def render_knowledge_check(module: Module, check: KnowledgeCheck, *, with_answers: bool) -> str:
    """A complete HTML page with the module's questions, and with the answers and reasons if asked."""
    return (
        _environment()
        .get_template("knowledge_check_document.html")
        .render(module=module, check=check, with_answers=with_answers, css=Markup(stylesheet()))
    )


def render_index(
    title: str, entries: Sequence[tuple[str, str, str]], *, up: tuple[str, str] | None = None
) -> str:
    """A self-contained HTML page listing (href, label, description) entries: the export's tables of contents."""
    return (
        _environment()
        .get_template("index_document.html")
        .render(title=title, entries=list(entries), up=up, css=Markup(stylesheet()))
    )
