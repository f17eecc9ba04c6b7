"""``.eml`` / RFC 822 messages: the Subject header and every text part.

The stdlib ``email`` package (``policy.default``) reads the headers and the MIME tree; part
bodies are located in the file by walking the same structure (headers, blank line, boundaries),
so findings point into the file:

* ``Subject:``: decoded (RFC 2047 encoded-words too); an unencoded subject maps character for
  character, an encoded one maps to the whole header value.
* ``7bit``/``8bit``/``binary`` parts: character for character.
* ``quoted-printable``: literal runs map character for character; each ``=XX`` sequence (one
  decoded character, possibly several bytes) maps to exactly those bytes; soft line breaks
  vanish. Columns are exact.
* ``base64``: each decoded character maps to the base64 quartets that encode its bytes, so a
  finding lands on the right line and within four characters of the right column.

``text/plain`` and ``text/html`` parts are each a Document (context ``{"part": "text/html"}``
when there are several); the subject is linted once, with the first part. Attachments
(``Content-Disposition: attachment``) are skipped.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..document import Document, Problem, Section
from ..model import Span
from ..suppress import scan_directives
from . import DocumentFormat, mapped_document
from . import html as html_format
from .sequence import empty_document
from .textmap import Builder, Region

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

_HEADER_END = re.compile(r"\r?\n\r?\n")
_QP_TOKEN = re.compile(r"(?:=[0-9A-Fa-f]{2}|=[ \t]*\r?\n)+")


@dataclass(frozen=True)
class Part:
    """One MIME part of a message: its type, charset, transfer encoding and body."""

    content_type: str
    charset: str
    encoding: str
    body: Span  # the encoded body in the file
    attachment: bool


def _headers(text: str, start: int, end: int) -> tuple[email.message.Message, int]:
    """Parse the header block at ``start``; return the message headers and the body start."""
    m = _HEADER_END.search(text, start, end)
    head_end = m.start() if m else end
    body_start = m.end() if m else end
    if text.startswith(("\n", "\r\n"), start):  # no headers at all
        head_end, body_start = start, start + (2 if text.startswith("\r\n", start) else 1)
    msg = email.message_from_string(text[start:head_end] + "\n\n", policy=email.policy.default)
    return msg, body_start


def _walk(text: str, start: int, end: int, depth: int = 0) -> list[Part]:
    msg, body_start = _headers(text, start, end)
    ctype = msg.get_content_type()
    if ctype.startswith("multipart/") and depth < 10:
        boundary = msg.get_boundary()
        if not boundary:
            return []
        delim = re.compile(r"(?m)^--" + re.escape(boundary) + r"(--)?[ \t]*\r?$")
        marks = list(delim.finditer(text, body_start, end))
        parts: list[Part] = []
        for a, b in zip(marks, marks[1:]):
            if a.group(1):
                break
            part_start = a.end() + (2 if text.startswith("\r\n", a.end()) else 1)
            part_end = b.start()
            # the line break before the boundary belongs to the boundary
            if text[part_end - 2 : part_end] == "\r\n":
                part_end -= 2
            elif text[part_end - 1 : part_end] == "\n":
                part_end -= 1
            parts.extend(_walk(text, part_start, max(part_start, part_end), depth + 1))
        return parts
    disposition = (msg.get("Content-Disposition") or "").lower()
    return [
        Part(
            ctype,
            msg.get_content_charset() or "utf-8",
            str(msg.get("Content-Transfer-Encoding") or "7bit").strip().lower(),
            Span(body_start, end),
            disposition.startswith("attachment"),
        )
    ]


def decode_part(text: str, part: Part) -> Region:
    """The decoded text of a part, mapped to the file."""
    source = Region(text)
    start, end = part.body.start, part.body.end
    builder = Builder()
    if part.encoding == "quoted-printable":
        pos = start
        for m in _QP_TOKEN.finditer(text, start, end):
            builder.copy(source, pos, m.start())
            raw = re.sub(r"=[ \t]*\r?\n", "", m.group())
            data = bytes(int(raw[i + 1 : i + 3], 16) for i in range(0, len(raw), 3))
            _decoded_bytes(builder, data, part.charset, m.start(), m.end(), m.group())
            pos = m.end()
        builder.copy(source, pos, end)
    elif part.encoding == "base64":
        _base64(builder, text, start, end, part.charset)
    else:
        builder.copy(source, start, end)
    return Region(builder.text, builder.offset_map())


def _decoded_bytes(
    builder: Builder, data: bytes, charset: str, start: int, end: int, raw: str
) -> None:
    """Map each decoded character of a ``=XX`` run to the escapes that encode its bytes."""
    # positions of each byte's "=XX" in the file
    offsets = [start + m.start() for m in re.finditer(r"=[0-9A-Fa-f]{2}", raw)]
    try:
        decoder = _codec(charset)
        pos = 0
        for ch in data.decode(decoder, errors="replace"):
            width = len(ch.encode(decoder, errors="replace")) if ch != "\ufffd" else 1
            first = offsets[min(pos, len(offsets) - 1)]
            last = offsets[min(pos + width - 1, len(offsets) - 1)] + 3
            builder.raw(ch, first, last)
            pos += width
    except (LookupError, IndexError):
        builder.raw(data.decode("latin-1"), start, end)


def _codec(charset: str) -> str:
    import codecs

    try:
        return codecs.lookup(charset).name
    except (LookupError, ValueError):  # unknown name, or a NUL in it
        return "utf-8"


def _base64(builder: Builder, text: str, start: int, end: int, charset: str) -> None:
    positions = [i for i in range(start, end) if text[i] not in " \t\r\n"]
    clean = "".join(text[i] for i in positions)
    try:
        data = base64.b64decode(clean + "=" * (-len(clean) % 4))
    except (binascii.Error, ValueError):
        builder.raw("", start, end)
        return
    codec = _codec(charset)
    byte = 0
    for ch in data.decode(codec, errors="replace"):
        width = len(ch.encode(codec, errors="replace")) if ch != "\ufffd" else 1
        first_q = (byte // 3) * 4
        last_q = ((byte + width - 1) // 3) * 4 + 3
        if not positions:
            break
        a = positions[min(first_q, len(positions) - 1)]
        b = positions[min(last_q, len(positions) - 1)] + 1
        if ch in "\r":
            ch = " "
        builder.raw(ch, a, b)
        byte += width


def _subject(text: str, header_end: int) -> tuple[Builder | None, str]:
    """The Subject header, decoded, as a builder mapped to the file."""
    m = re.compile(r"(?im)^subject[ \t]*:[ \t]*").search(text, 0, header_end)
    if not m:
        return None, ""
    # the value runs until the next line that does not start with whitespace (folding)
    end = m.end()
    while True:
        nl = text.find("\n", end, header_end)
        if nl == -1:
            end = header_end
            break
        if nl + 1 < header_end and text[nl + 1] in " \t":
            end = nl + 1
            continue
        end = nl
        break
    raw_end = end - 1 if text[end - 1 : end] == "\r" else end
    raw = text[m.end() : raw_end]
    msg = email.message_from_string(f"Subject: {raw}\n\n", policy=email.policy.default)
    decoded = str(msg.get("Subject") or "")
    builder = Builder()
    if decoded == raw:
        builder.copy(Region(text), m.end(), raw_end)
    else:
        builder.raw(decoded, m.end(), raw_end)
    return builder, decoded


def parse(path: str, text: str, settings: Mapping[str, Any]) -> list[Document]:
    head = _HEADER_END.search(text)
    header_end = head.start() if head else len(text)
    problems: list[Problem] = []
    try:
        parts = _walk(text, 0, len(text))
    except Exception as exc:  # the email package is lenient; this is a last resort
        return [
            empty_document(
                path,
                text,
                "eml",
                [Problem("OL014", f"Message does not parse: {exc}", Span(0, 1))],
            )
        ]
    texts = [p for p in parts if p.content_type in ("text/plain", "text/html") and not p.attachment]
    subject_builder, _ = _subject(text, header_end)
    # a real reply carries In-Reply-To/References (RFC 5322 3.6.4): a follow-up, not a first
    # touch, whatever its subject says (outreach_lint.kinds)
    # and one without them replies to nothing: False says so (a "Re:" subject on it is a
    # costume, session 11, ic12), where other formats say nothing
    meta = {"in-reply-to": bool(_REPLY_HEADER.search(text, 0, header_end))}
    if not texts:
        problems.append(
            Problem(
                "OL014",
                "Message has no text/plain or text/html part to lint",
                Span(0, min(1, len(text))),
                "Check the MIME structure (boundaries, Content-Type).",
            )
        )
    docs: list[Document] = []
    for i, part in enumerate(texts):
        region = decode_part(text, part)
        if part.content_type == "text/html":
            found, tags = html_format.extract(region, settings)
            part_problems = list(found.problems) + [
                Problem(p.code, p.message, region.to_source(p.span), p.suggestion)
                for p in tags.problems
            ]
        else:
            found = html_format.HtmlText()
            found.body.copy(region, 0, len(region.text))
            part_problems = []
        prose, offset_map, subject, preheader, body_start = html_format.assemble(
            found, subject_builder if i == 0 else None
        )
        if i > 0:
            subject = None
        docs.append(
            mapped_document(
                path,
                text,
                "eml",
                prose=prose,
                offset_map=offset_map,
                body=Span(body_start, len(prose)),
                subject=subject,
                extra_sections=[Section("preheader", preheader)] if preheader else [],
                directives=scan_directives(text) if i == 0 else (),
                problems=(problems if i == 0 else []) + part_problems,
                context={"part": part.content_type} if len(texts) > 1 else {},
                meta=meta,
                settings=settings,
                tag_problems=part.content_type != "text/html",
            )
        )
    if not docs:
        docs.append(empty_document(path, text, "eml", problems))
    return docs


_REPLY_HEADER = re.compile(r"(?im)^(?:in-reply-to|references)[ \t]*:[ \t]*\S")
_SNIFF = re.compile(r"\A(?:[A-Za-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*){2,}", re.M)


def sniff(text: str) -> bool:
    head = text[:4096]
    return bool(_SNIFF.match(head)) and bool(
        re.search(r"(?im)^(?:from|mime-version|message-id|received):", head)
    )


FORMAT = DocumentFormat(
    name="eml",
    extensions=(".eml",),
    parse=parse,
    sniff=sniff,
    description="RFC 822 messages (.eml): Subject header, text/plain and text/html parts",
)
