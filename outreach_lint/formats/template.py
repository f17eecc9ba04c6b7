"""Template files (``.j2``, ``.jinja``, ``.liquid``, ``.hbs``, ``.mustache``, ``.tmpl``...).

The extension says "template", not what the template renders to, so the content decides: HTML
(a doctype, ``<html>``, or block tags such as ``<p>``/``<table>``) is read as an HTML email,
front matter or Markdown syntax as Markdown, anything else as plain text. In every case merge
tags and template logic are masked in place and the prose of every branch of a conditional is
linted. ``x.html.j2`` and friends go straight to the HTML reader by their double extension.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..document import Document
from . import TEMPLATE_EXTENSIONS, DocumentFormat
from . import html as html_format
from . import markdown as markdown_format
from . import text as text_format

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

EXTENSIONS = TEMPLATE_EXTENSIONS
_MARKDOWN = re.compile(r"^#{1,6} |\]\((?:https?://|\{\{)|^\s*[-*] \S|\*\*\S", re.M)


def kind_of(text: str) -> str:
    """``html``, ``markdown`` or ``text`` for a template's content."""
    if html_format.sniff(text):
        return "html"
    if text.startswith(("---\n", "---\r\n")) or _MARKDOWN.search(text[:8192]):
        return "markdown"
    return "text"


def parse(path: str, text: str, settings: Mapping[str, Any]) -> list[Document]:
    kind = kind_of(text)
    if kind == "html":
        return html_format.parse(path, text, settings)
    if kind == "markdown":
        return markdown_format.parse(path, text, settings)
    return text_format.parse(path, text, settings)


FORMAT = DocumentFormat(
    name="template",
    extensions=EXTENSIONS,
    parse=parse,
    description="Jinja, Liquid, Handlebars, Mustache, HubL files: read as HTML, Markdown or text "
    "by their content",
)
