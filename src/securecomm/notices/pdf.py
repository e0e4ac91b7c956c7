"""HTML in, PDF out: Jinja2 templates typeset by WeasyPrint with the Noto fonts Debian installs.

Fonts are found through fontconfig by family name (`Noto Sans`, `Noto Sans CJK SC`, `Noto Naskh Arabic`,
from the Debian packages fonts-noto-core and fonts-noto-cjk that `scripts/install-system-deps` installs);
each language's file names its families in `meta.fonts`. Several HTML documents can be bound into one PDF
(the consular statement and its fax sheet).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["html_to_pdf", "render_template"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("securecomm.notices", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _stylesheet() -> str:
    return (
        resources.files("securecomm.notices")
        .joinpath("templates")
        .joinpath("notices.css")
        .read_text(encoding="utf-8")
    )


def render_template(name: str, **context: Any) -> str:
    """The HTML of template `name` with the shared stylesheet inlined (the PDF needs no other file)."""
    # Markup: inside <style> entities are not decoded, so the stylesheet must not be HTML-escaped.
    return _environment().get_template(name).render(stylesheet=Markup(_stylesheet()), **context)


def html_to_pdf(*documents: str) -> bytes:
    """One PDF with the pages of every HTML document, in order."""
    import weasyprint  # type: ignore[import-untyped]  # heavy (Pango, fonts): imported only when a PDF is made

    if not documents:
        raise ValueError("html_to_pdf needs at least one HTML document")
    rendered = [weasyprint.HTML(string=html).render() for html in documents]
    pages = [page for document in rendered for page in document.pages]
    pdf: bytes = rendered[0].copy(pages).write_pdf()
    return pdf
