"""Rendering: Markdown to HTML with raw HTML escaped, checklists as boxes, sources listed, whole documents."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from securecomm.training import Catalog, get_material, get_module, render_markdown, render_material
from securecomm.training.render import render_knowledge_check, render_material_document


def test_raw_html_is_escaped_not_passed_through() -> None:
    html = render_markdown(
        'Hello <script>alert("x")</script> and <b onclick="x()">bold</b>\n\n<iframe src="x">\n'
    )
    assert "<script" not in html and "<iframe" not in html and "<b " not in html
    assert "&lt;script&gt;" in html and "&lt;iframe" in html


def test_dangerous_links_are_not_links() -> None:
    html = render_markdown(
        "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://www.ice.gov/)"
    )
    assert 'href="javascript:' not in html and 'href="data:' not in html
    assert '<a href="https://www.ice.gov/">ok</a>' in html


def test_checklist_items_become_boxes() -> None:
    html = render_markdown("- [ ] Serve the copy.\n- [ ] Record the time.\n- Plain item\n")
    assert html.count('<li class="check">') == 2
    assert "[ ]" not in html
    assert "<li>Plain item</li>" in html


def test_tables_render() -> None:
    html = render_markdown("| a | b |\n| --- | --- |\n| 1 | 2 |\n")
    assert "<table>" in html and "<td>2</td>" in html


def test_material_has_its_sources_listed() -> None:
    material = get_material("consular-notification", "front-line", "briefing")
    html = render_material(material)
    assert '<section class="sources">' in html
    assert "Vienna Convention on Consular Relations (1963), article 36" in html
    assert html.count("<li><a href=") == len(material.sources)


def test_job_aid_renders_as_a_checklist() -> None:
    material = get_material("detainers", "front-line", "job-aid")
    assert render_material(material).count('<li class="check">') == material.checklist_items


def test_document_is_complete_and_self_contained() -> None:
    module = get_module("detainers")
    material = module.material(
        *next((m.audience, m.kind) for m in module.materials if m.kind.value == "video-script")
    )
    page = render_material_document(module, material, links=[("../index.html", "All <modules>")])
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page and "li.check" in page  # no external stylesheet needed offline
    assert "runtime 5:10" in page
    assert "All &lt;modules&gt;" in page  # labels are escaped
    assert not re.search(r"<(script|link)\b", page)


def test_knowledge_check_document_with_and_without_answers(catalog: Catalog) -> None:
    module = catalog.module("introduction")
    questions = render_knowledge_check(module, module.knowledge_check, with_answers=False)
    key = render_knowledge_check(module, module.knowledge_check, with_answers=True)
    first = module.knowledge_check.questions[0]
    assert first.prompt in questions and first.why not in questions
    assert first.why in key and 'class="answer"' in key


@given(st.text(alphabet=st.sampled_from(list("<>&\"'/ abcscriptonload=:()[]-*#\n")), max_size=200))
def test_no_input_produces_markup_from_raw_html(text: str) -> None:
    html = render_markdown(text)
    assert not re.search(r"<\s*script", html, re.IGNORECASE)
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", html, re.IGNORECASE)
    assert 'href="javascript' not in html.lower()
