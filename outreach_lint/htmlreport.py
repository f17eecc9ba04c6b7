"""``outreach-lint report``: one self-contained HTML page about the whole template library.

For the marketing lead, not the linter log: how customer-focused the library is (score
distribution), what kind of problems it has (findings by category and by template), the worst
templates with the flagged words highlighted in context, copy-paste clusters and sequence
timelines.

The page loads nothing (no network, no fonts, no CDN), runs no script (charts are inline SVG
and CSS), and a Content-Security-Policy forbids scripts anyway. Every piece of text that comes
from a template, a path or a message is HTML-escaped: a template containing ``<script>`` is
shown as text. Counts are also exposed as ``data-*`` attributes on ``<body>`` for tools and tests.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from . import __version__
from .document import LineIndex
from .scoring import BANDS, MessageScore, score_results, summary

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

BAND_COLORS = {"send": "#1a7f5a", "fix": "#c98a0b", "rewrite": "#c23b3b"}
CATEGORY_LABELS = {
    "blast": "Cold-list blast",
    "pressure": "Close-the-deal pressure",
    "i-centric": "About us, not them",
    "monologue": "Monologue",
    "follow-up": "Weak follow-up",
    "hype": "Hype",
    "template": "Broken template",
    "subject": "Subject line",
    "meta": "Tool / file problems",
}
CATEGORY_COLORS = {
    "blast": "#7b5ea7",
    "pressure": "#c23b3b",
    "i-centric": "#d9822b",
    "monologue": "#b5651d",
    "follow-up": "#2b7bb9",
    "hype": "#c2185b",
    "template": "#546e7a",
    "subject": "#00897b",
    "meta": "#9e9e9e",
}


def esc(value: Any) -> str:
    """HTML-escaped, with control and bidi characters from files made visible."""
    from .formatters._common import safe_text

    return html.escape(safe_text(str(value)), quote=True)


_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:#1f2430;background:#f4f5f8}
header{background:#1f2a44;color:#fff;padding:28px 40px 24px}
header h1{margin:0 0 4px;font-size:26px;font-weight:650}
header p{margin:0;color:#c5cbe0;font-size:14px}
main{max-width:1180px;margin:0 auto;padding:24px 40px 48px}
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:14px;margin:-44px 0 24px}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px rgba(20,30,60,.12)}
.card .n{font-size:28px;font-weight:700;line-height:1.1}
.card .l{font-size:12.5px;color:#5b6275;text-transform:uppercase;letter-spacing:.04em}
section{background:#fff;border-radius:10px;padding:20px 24px;margin:0 0 20px;
box-shadow:0 1px 3px rgba(20,30,60,.08)}
section h2{margin:0 0 4px;font-size:18px}
section .sub{margin:0 0 14px;color:#5b6275;font-size:13.5px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.grid2 section{margin:0}
.bar-row{display:grid;grid-template-columns:190px 1fr 44px;align-items:center;gap:10px;margin:7px 0}
.bar-track{background:#eef0f5;border-radius:5px;height:16px;overflow:hidden}
.bar{height:16px;border-radius:5px}
.num{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5b6275;
border-bottom:2px solid #e3e6ee;padding:6px 8px}
td{border-bottom:1px solid #eef0f5;padding:7px 8px;vertical-align:top}
td.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
.pill{display:inline-block;border-radius:999px;padding:1px 10px;color:#fff;font-size:12px;
font-weight:600;white-space:nowrap}
.score{font-weight:700;font-variant-numeric:tabular-nums}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;background:#eef0f5;
border-radius:4px;padding:0 5px;margin-right:4px;white-space:nowrap}
.worst{border:1px solid #e3e6ee;border-radius:8px;margin:14px 0;overflow:hidden}
.worst-head{display:flex;gap:14px;align-items:center;padding:10px 14px;background:#fafbfc;
border-bottom:1px solid #e3e6ee}
.worst-head .t{flex:1}
.worst-head .t b{display:block}
.worst-head .t span{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;color:#5b6275}
.big{font-size:30px;font-weight:750;min-width:52px;text-align:center}
.costs{padding:8px 14px 0 36px;margin:0;font-size:13.5px;color:#39404f}
.costs li{margin:2px 0}
pre.src{margin:10px 14px 14px;padding:12px 14px;background:#fbfbfd;border:1px solid #eef0f5;
border-radius:6px;white-space:pre-wrap;word-break:break-word;font:13px/1.55 ui-monospace,Menlo,
Consolas,monospace;max-height:420px;overflow:auto}
pre.src .ln{color:#a0a6b5;user-select:none;display:inline-block;width:2.6em}
mark{background:#ffe3a3;border-bottom:2px solid #d9822b;border-radius:2px;padding:0 1px}
mark.error{background:#ffd0d0;border-color:#c23b3b}
.cluster{border-left:4px solid #7b5ea7;padding:6px 12px;margin:12px 0;background:#faf8fd}
.cluster ul{margin:4px 0 6px;padding-left:20px}
.quote{color:#5b6275;font-style:italic;font-size:13.5px}
.seq{margin:14px 0 20px}
.seq h3{margin:0 0 2px;font-size:15px}
.legend{display:flex;gap:16px;font-size:13px;color:#5b6275;margin-top:6px}
.legend i{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:5px;
vertical-align:-1px}
.empty{color:#5b6275;font-style:italic}
footer{color:#7a8194;font-size:12.5px;text-align:center;padding:10px 0 30px}
@media (max-width:900px){.cards{grid-template-columns:repeat(3,1fr)}.grid2{grid-template-columns:1fr}}
"""


def render(
    report: Any,
    *,
    sources: Mapping[str, str] | None = None,
    title: str = "Outreach copy report",
    worst: int = 5,
) -> str:
    """The report page for a linted :class:`~outreach_lint.engine.Report`."""
    sources = sources or {}
    scores = score_results(report.files)
    info = summary(scores)
    findings = report.findings
    signatures = [s for r in report.files for s in r.signatures]
    clusters = [f for f in findings if f.code == "BL201"]
    from .checks.repo import sequences

    seqs = sequences(signatures)
    n_send = info["bands"]["send"]
    n_rewrite = info["bands"]["rewrite"]
    median = info["median"]
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head>",
        f'<body data-files="{len(report.files)}" data-messages="{len(scores)}" '
        f'data-findings="{len(findings)}" data-clusters="{len(clusters)}" '
        f'data-sequences="{len(seqs)}" data-median="{esc(median if median is not None else "")}" '
        f'data-send="{n_send}" data-fix="{info["bands"]["fix"]}" data-rewrite="{n_rewrite}">',
        f"<header><h1>{esc(title)}</h1><p>{len(report.files)} files, {len(scores)} messages "
        f"&middot; generated {esc(generated)} by outreach-lint {esc(__version__)}</p></header>",
        "<main>",
        _cards(scores, findings, clusters, seqs, info),
        '<div class="grid2">',
        _distribution(scores),
        _by_category(findings),
        "</div>",
        _by_template(report, scores),
        _worst(report, scores, sources, worst),
        _clusters(clusters),
        _sequences(seqs, scores, report),
        "</main>",
        "<footer>Customer-focus score: 100 minus points for each finding (weighted by severity "
        "and kind) and for copy about us rather than the reader, no question, no personalization "
        "and length. Send 80&ndash;100 &middot; Fix one thing 60&ndash;79 &middot; Rewrite "
        "0&ndash;59. Run <code>outreach-lint explain CODE</code> for any rule.</footer>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _pill(band: str) -> str:
    label = dict((b, lab) for _low, b, lab in BANDS).get(band, band)
    return (
        f'<span class="pill" style="background:{BAND_COLORS.get(band, "#777")}">{esc(label)}</span>'
    )


def _cards(scores, findings, clusters, seqs, info) -> str:
    n = len(scores) or 1
    median = info["median"]
    cards = [
        (len(scores), "Messages", "#1f2430"),
        ("-" if median is None else f"{median:g}", "Median score", "#1f2430"),
        (f"{round(100 * info['bands']['send'] / n)}%", "Ready to send", BAND_COLORS["send"]),
        (info["bands"]["rewrite"], "Need a rewrite", BAND_COLORS["rewrite"]),
        (len(findings), "Findings", "#1f2430"),
        (len(clusters), "Copy-paste clusters", CATEGORY_COLORS["blast"]),
    ]
    body = "".join(
        f'<div class="card"><div class="n" style="color:{c}">{esc(v)}</div>'
        f'<div class="l">{esc(label)}</div></div>'
        for v, label, c in cards
    )
    return f'<div class="cards">{body}</div>'


def _distribution(scores: Sequence[MessageScore]) -> str:
    bins = [0] * 10
    for s in scores:
        bins[min(9, s.score // 10)] += 1
    top = max(bins) or 1
    w, h, pad, base = 460, 210, 28, 180
    bw = (w - pad - 8) / 10
    bars = []
    for i, count in enumerate(bins):
        x = pad + i * bw + 3
        bh = (base - 16) * count / top
        band = "send" if i >= 8 else "fix" if i >= 6 else "rewrite"
        bars.append(
            f'<rect x="{x:.1f}" y="{base - bh:.1f}" width="{bw - 6:.1f}" height="{bh:.1f}" '
            f'rx="3" fill="{BAND_COLORS[band]}"><title>{i * 10}-{i * 10 + 9 if i < 9 else 100}: '
            f"{count}</title></rect>"
        )
        if count:
            bars.append(
                f'<text x="{x + (bw - 6) / 2:.1f}" y="{base - bh - 4:.1f}" font-size="11" '
                f'text-anchor="middle" fill="#39404f">{count}</text>'
            )
        bars.append(
            f'<text x="{x + (bw - 6) / 2:.1f}" y="{base + 15}" font-size="10.5" '
            f'text-anchor="middle" fill="#5b6275">{i * 10}</text>'
        )
    svg = (
        f'<svg viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="Score distribution">'
        f'<line x1="{pad}" y1="{base}" x2="{w - 8}" y2="{base}" stroke="#c8ccd8"/>'
        + "".join(bars)
        + f'<text x="{w / 2}" y="{h - 2}" font-size="11" text-anchor="middle" fill="#5b6275">'
        "customer-focus score</text></svg>"
    )
    legend = "".join(
        f'<span><i style="background:{BAND_COLORS[b]}"></i>{esc(label)} ({low}+)</span>'
        for low, b, label in BANDS
    )
    return (
        '<section id="distribution"><h2>Score distribution</h2>'
        '<p class="sub">How many messages land in each score range.</p>'
        f'{svg}<div class="legend">{legend}</div></section>'
    )


def _by_category(findings) -> str:
    counts = Counter(f.category for f in findings)
    if not counts:
        body = '<p class="empty">No findings.</p>'
    else:
        top = max(counts.values())
        rows = []
        for cat, count in counts.most_common():
            pct = 100 * count / top
            rows.append(
                f'<div class="bar-row" data-category="{esc(cat)}"><span>'
                f"{esc(CATEGORY_LABELS.get(cat, cat))}</span>"
                f'<div class="bar-track"><div class="bar" style="width:{pct:.1f}%;'
                f'background:{CATEGORY_COLORS.get(cat, "#777")}"></div></div>'
                f'<span class="num">{count}</span></div>'
            )
        body = "".join(rows)
    return (
        '<section id="categories"><h2>Findings by kind</h2>'
        '<p class="sub">What is wrong across the library.</p>' + body + "</section>"
    )


def _by_template(report, scores: Sequence[MessageScore], limit: int = 15) -> str:
    worst_score: dict[str, MessageScore] = {}
    for s in scores:
        if s.path not in worst_score or s.score < worst_score[s.path].score:
            worst_score[s.path] = s
    rows = []
    ranked = sorted(report.files, key=lambda r: (-len(r.findings), r.path))
    for r in ranked[:limit]:
        if not r.findings:
            break
        codes = Counter(f.code for f in r.findings)
        tags = "".join(
            f'<span class="code" title="{esc(n)}">{esc(c)}{" x" + str(k) if k > 1 else ""}</span>'
            for (c, k), n in (((c, k), _name(r, c)) for c, k in codes.most_common(6))
        )
        s = worst_score.get(r.path)
        score = (
            f'<span class="score" style="color:{BAND_COLORS[s.band]}">{s.score}</span>'
            if s
            else "-"
        )
        rows.append(
            f'<tr><td class="path">{esc(r.path)}</td><td>{score}</td>'
            f'<td class="num">{len(r.findings)}</td><td>{tags}</td></tr>'
        )
    clean = sum(1 for r in report.files if not r.findings)
    body = (
        "<table><thead><tr><th>Template</th><th>Score</th><th>Findings</th><th>Rules</th></tr>"
        "</thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else '<p class="empty">No findings in any template.</p>'
    )
    more = len([r for r in report.files if r.findings]) - len(rows)
    note = f" and {more} more with findings" if more > 0 else ""
    return (
        '<section id="templates"><h2>Findings by template</h2>'
        f'<p class="sub">The templates with the most findings{esc(note)}; '
        f"{clean} of {len(report.files)} templates have none.</p>{body}</section>"
    )


def _name(result, code: str) -> str:
    for f in result.findings:
        if f.code == code:
            return f.name
    return code


def _worst(report, scores: Sequence[MessageScore], sources: Mapping[str, str], n: int) -> str:
    by_path = {r.path: r for r in report.files}
    ranked = sorted(scores, key=lambda s: (s.score, s.label))[:n]
    ranked = [s for s in ranked if s.score < 100]
    if not ranked:
        return (
            '<section id="worst"><h2>Templates to fix first</h2>'
            '<p class="empty">Every message scores 100.</p></section>'
        )
    cards = []
    for s in ranked:
        result = by_path.get(s.path)
        mine = [
            f
            for f in (result.findings if result else ())
            if all((f.context or {}).get(k) == v for k, v in s.context.items())
        ]
        costs = "".join(f"<li><b>-{c.points}</b> {esc(c.reason)}</li>" for c in s.costs[:6]) + (
            "<li>&hellip;</li>" if len(s.costs) > 6 else ""
        )
        src = sources.get(s.path)
        body = _highlight(src, mine) if src is not None else ""
        cards.append(
            f'<div class="worst" data-path="{esc(s.path)}"><div class="worst-head">'
            f'<div class="big" style="color:{BAND_COLORS[s.band]}">{s.score}</div>'
            f'<div class="t"><b>{esc(s.title or s.label)}</b><span>{esc(s.label)}</span></div>'
            f'{_pill(s.band)}</div><ul class="costs">{costs}</ul>{body}</div>'
        )
    return (
        '<section id="worst"><h2>Templates to fix first</h2>'
        '<p class="sub">The lowest-scoring messages, with the flagged words highlighted '
        "(hover a highlight for the rule).</p>" + "".join(cards) + "</section>"
    )


def _highlight(source: str, findings, max_lines: int = 60) -> str:
    """The source with each finding's span in a <mark>; escaped; long files are cut."""
    index = LineIndex(source)
    marks: list[tuple[int, int, list[Any]]] = []
    for f in findings:
        if not f.line:
            continue
        start = _offset(index, f.line, f.column)
        end = _offset(index, f.end_line or f.line, f.end_column or f.column)
        if end <= start:
            continue
        marks.append((start, end, [f]))
    marks.sort(key=lambda m: (m[0], -m[1]))
    merged: list[tuple[int, int, list[Any]]] = []
    for start, end, fs in marks:
        if merged and start < merged[-1][1]:
            s0, e0, f0 = merged[-1]
            merged[-1] = (s0, max(e0, end), f0 + fs)
        else:
            merged.append((start, end, fs))
    out, pos = [], 0
    for start, end, fs in merged:
        out.append(esc(source[pos:start]))
        tip = "\n".join(f"{f.code} {f.name}: {f.message}" for f in fs)
        cls = ' class="error"' if any(f.severity.value == "error" for f in fs) else ""
        tip_html = esc(tip).replace("\n", "&#10;")
        out.append(f'<mark{cls} title="{tip_html}">{esc(source[start:end])}</mark>')
        pos = end
    out.append(esc(source[pos:]))
    lines = "".join(out).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    shown = lines[:max_lines]
    numbered = "\n".join(f'<span class="ln">{i}</span>{text}' for i, text in enumerate(shown, 1))
    if len(lines) > max_lines:
        numbered += f'\n<span class="ln"></span>&hellip; {len(lines) - max_lines} more lines'
    return f'<pre class="src">{numbered}</pre>'


def _offset(index: LineIndex, line: int, column: int) -> int:
    span = index.line_span(max(1, min(line, index.line_count)))
    return min(span.start + max(0, column - 1), span.end)


def _clusters(clusters) -> str:
    if not clusters:
        body = '<p class="empty">No near-duplicate messages found.</p>'
    else:
        items = []
        for f in clusters:
            members = (f.context or {}).get("members") or [{"path": f.path}]
            sim = (f.context or {}).get("similarity")
            lis = "".join(
                f'<li class="path">{esc(m.get("path", ""))}'
                + (f" (step {esc(m['step'])})" if "step" in m else "")
                + "</li>"
                for m in members
            )
            items.append(
                f'<div class="cluster" data-members="{len(members)}"><b>{len(members)} '
                f"near-identical messages</b>"
                + (f" &middot; at least {round(100 * float(sim))}% alike" if sim else "")
                + f"<ul>{lis}</ul></div>"
            )
        body = "".join(items)
    return (
        '<section id="clusters"><h2>Copy-paste clusters</h2>'
        '<p class="sub">Groups of templates that are the same message with names swapped: '
        "each reads as a list blast to whoever receives it.</p>" + body + "</section>"
    )


def _sequences(seqs, scores: Sequence[MessageScore], report) -> str:
    if not seqs:
        return (
            '<section id="sequences"><h2>Sequences</h2><p class="empty">No sequences found '
            "(a sequence file, or numbered templates in one folder).</p></section>"
        )
    score_of = {(s.path, tuple(sorted(s.context.items()))): s for s in scores}
    by_path = defaultdict(list)
    for r in report.files:
        for f in r.findings:
            by_path[r.path].append(f)
    blocks = []
    for seq in seqs:
        folder = seq[0].path if seq[0].step_source == "file" else seq[0].path.rsplit("/", 1)[0]
        days: list[float] = []
        day = 0.0
        known = True
        for i, s in enumerate(seq):
            if s.day is not None:
                day = s.day
            elif s.delay is not None:
                day = (days[-1] if days else 0.0) + (s.delay if i else 0.0)
            else:
                known = False
                day = float(i)
            days.append(day)
        if not known:
            days = [float(i) for i in range(len(seq))]
        span = (max(days) - min(days)) or 1.0
        w, left, right = 1000, 60, 60
        top_words = max((s.words for s in seq), default=1) or 1
        h = 190
        parts = [
            f'<line x1="{left}" y1="70" x2="{w - right}" y2="70" stroke="#c8ccd8" stroke-width="2"/>'
        ]
        for s, d in zip(seq, days):
            x = left + (w - left - right) * (d - min(days)) / span
            sc = score_of.get((s.path, tuple(sorted(s.context.items()))))
            color = BAND_COLORS[sc.band] if sc else "#777"
            mine = [
                f
                for f in by_path.get(s.path, ())
                if all((f.context or {}).get(k) == v for k, v in s.context.items())
                and f.category in ("follow-up", "pressure")
                and f.code[2] == "2"
            ]
            bar = 60 * s.words / top_words
            label = f"Step {s.step}" + (f" · day {d:g}" if known else "")
            parts.append(
                f"<g><title>{esc(s.label)}: {s.words} words, score "
                f"{sc.score if sc else '-'}</title>"
                f'<circle cx="{x:.1f}" cy="70" r="15" fill="{color}"/>'
                f'<text x="{x:.1f}" y="75" font-size="13" font-weight="700" fill="#fff" '
                f'text-anchor="middle">{sc.score if sc else ""}</text>'
                f'<text x="{x:.1f}" y="40" font-size="12.5" font-weight="600" '
                f'text-anchor="middle" fill="#1f2430">{esc(label)}</text>'
                f'<rect x="{x - 14:.1f}" y="{100}" width="28" height="{bar:.1f}" rx="3" '
                f'fill="#aab4cc"/>'
                f'<text x="{x:.1f}" y="{114 + bar:.1f}" font-size="11" text-anchor="middle" '
                f'fill="#5b6275">{s.words} words</text>'
                + "".join(
                    f'<text x="{x:.1f}" y="{18 - 0:.1f}" font-size="11" text-anchor="middle" '
                    f'fill="#c23b3b">{esc(" ".join(sorted({f.code for f in mine})))}</text>'
                    for _ in (mine[:1])
                )
                + "</g>"
            )
        svg = (
            f'<svg viewBox="0 0 {w} {h}" width="100%" role="img" '
            f'aria-label="Sequence timeline">{"".join(parts)}</svg>'
        )
        blocks.append(
            f'<div class="seq" data-steps="{len(seq)}"><h3 class="path">{esc(folder)}</h3>'
            f'<p class="sub">{len(seq)} steps'
            + ("" if known else " (no day or delay in front matter: evenly spaced)")
            + f"; circle = score, bar = length, red codes = sequence findings.</p>{svg}</div>"
        )
    return (
        '<section id="sequences"><h2>Sequences</h2><p class="sub">Each follow-up sequence '
        "step by step: does each step add something, and does the cadence give the reader "
        "room?</p>" + "".join(blocks) + "</section>"
    )
