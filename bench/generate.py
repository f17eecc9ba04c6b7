"""Generate a deterministic corpus of outreach templates for benchmarks.

    python bench/generate.py --count 10000 --out bench/data/gen-10k [--seed 7] [--formats ...]

Every template is an email as a marketing-ops repo holds it: a subject, a greeting with a merge
tag, 60-250 words of body, a call to action, a signature and sometimes a footer, written as
Markdown with front matter, plain text, HTML, or a Jinja/Liquid/Handlebars template (with
``{% if %}`` logic and filters). About 40% of templates are clean copy, the rest carry one to
several phrases of the kinds the built-in packs flag (closing idioms, false urgency, blast
openers, I-centric sentences), so the matcher sees realistic hit density.

The sentence bank is fixed in this file (not read from the packs), so the corpus for a given
seed and count is byte-for-byte the same across versions of the rules: figures stay comparable.
Same seed + count + formats = same files; the first N files of a larger corpus equal the files
of a smaller one (each file is seeded by its index).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

FORMATS = {
    # format name (as `outreach-lint plugins` lists it) -> extensions written for it
    "markdown": (".md",),
    "text": (".txt", ".liquid", ".j2", ".hbs"),
    "html": (".html",),
}

SUBJECTS_CLEAN = [
    "A question about {company}'s onboarding",
    "Idea for your Q3 hiring plan",
    "{first_name}, notes from our call",
    "The checklist you asked for",
    "Following up on the pilot results",
    "Your team's renewal options",
    "Quick thought on your support backlog",
    "Resources for your migration",
]
SUBJECTS_BAD = [
    "Exciting partnership opportunity!!!",
    "LAST CHANCE: offer expires tonight",
    "Don't miss out on this deal",
    "Quick question",
    "Just circling back",
    "Act now - only 3 spots left",
]
GREETINGS = [
    "Hi {first},",
    "Hello {first},",
    "Hey {first},",
    "Dear {first},",
    "Hi there,",
    "Dear Sir/Madam,",
    "To whom it may concern,",
]
CLEAN = [
    "You mentioned that onboarding new reps takes your team about six weeks.",
    "When we spoke last month, you said the handoff between sales and support was the hard part.",
    "Your post about rebuilding the renewal process had a point I keep coming back to.",
    "Teams your size usually find that the first month of a rollout decides whether it sticks.",
    "If the timing is wrong, tell me and I will stop writing about it.",
    "Here is the checklist {company} used when they moved their templates into one place.",
    "It covers the three questions your legal team will probably ask first.",
    "Would it help to see how another support team cut their first-response time in half?",
    "You can skim the summary in two minutes; the details are in the appendix.",
    "Your customers seem to value quick answers more than long explanations.",
    "I noticed your team is hiring two new account managers this quarter.",
    "The report you shared shows churn concentrated in the first ninety days.",
    "Happy to walk through it with whoever owns the process on your side.",
    "No pressure either way; the guide is yours to keep.",
    "Several of your peers solved this by writing shorter, more specific emails.",
    "What would make the next quarter feel like a success for your team?",
    "If it is useful, I can send the two examples that match your use case.",
    "Your onboarding page already answers most of the questions buyers ask.",
    "The numbers below come from teams that had the same backlog you described.",
    "Does your team review templates before they go out, or after?",
    "You know your customers better than any vendor does.",
    "The short version: fewer steps, clearer owners, and one place to look.",
    "If someone else owns this, could you point me to them?",
    "Your reply last week raised a good question about data retention.",
    "The pilot ran for four weeks with your support team in Lisbon.",
    "They measured time to resolution before and after the change.",
    "Most of the gain came from routing, not from the new tool itself.",
    "You can try the workflow on a single queue before deciding anything.",
    "Feel free to forward this to the person who runs your help desk.",
    "Would a fifteen-minute call next week be useful, or is email easier?",
    "The attached one-pager lists what changes for your agents and what stays the same.",
    "Nothing here needs a decision this month.",
    "Your team's feedback shaped the second version of the report.",
    "If the budget conversation is months away, I can check back then instead.",
    "Here are the three options, with the trade-offs of each.",
    "Which of these matters most to you right now?",
]
BAD = [
    "I hope this email finds you well.",
    "I hope you're doing well.",
    "My name is Jordan and I lead partnerships at Acme.",
    "We are the leading provider of revenue software in the world.",
    "Our award-winning platform helps companies like yours close the deal faster.",
    "Let's close the deal before Friday.",
    "I'd love to get you signed this week.",
    "What will it take to earn your business?",
    "This offer expires at midnight, so act now.",
    "There are only 3 spots left at this price.",
    "Don't miss out on this limited time offer.",
    "I wanted to reach out and introduce myself.",
    "I'm just following up to see if you saw my last email.",
    "I wanted to touch base about our solution.",
    "We would love to set up 30 minutes on your calendar to walk you through our features.",
    "Our team has built the best product on the market.",
    "We are excited to announce our new enterprise tier.",
    "I am reaching out because we are growing fast and I need to hit my number.",
    "Sign on the dotted line today and we will lock you in at this rate.",
    "Just bumping this to the top of your inbox.",
    "Act fast, this deal won't last.",
    "We help companies like yours increase revenue by 300%.",
    "I'd like to pick your brain for 15 minutes.",
    "As per my last email, we are still waiting for your decision.",
]
CTAS = [
    "Would it be worth a short call to see if this fits?",
    "Reply with the one that matters most and I will send details.",
    "[Book a time]({{ booking_link }}) if that is easier.",
    "If not, no reply needed.",
    "Can we hop on a call this week to close this out?",
    "Click here to claim your discount before it's gone!",
]
SIGNATURES = [
    "Best,\n{sender}",
    "Thanks,\n{sender}\n{sender_title}, Acme",
    "Cheers,\n{sender}",
    "Kind regards,\n{sender}\nAcme | acme.example",
]
FOOTER = "You are receiving this because you signed up at acme.example. Unsubscribe: {unsub}"

DIALECTS = {
    ".md": "liquid",
    ".txt": "liquid",
    ".liquid": "liquid",
    ".j2": "jinja",
    ".hbs": "handlebars",
    ".html": "liquid",
}


def _tags(dialect: str) -> dict[str, str]:
    if dialect == "handlebars":
        return {
            "first": "{{first_name}}",
            "company": "{{company}}",
            "sender": "{{sender.name}}",
            "sender_title": "{{sender.title}}",
            "unsub": "{{unsubscribe_url}}",
            "if_open": "{{#if case_study}}",
            "if_close": "{{/if}}",
        }
    if dialect == "jinja":
        return {
            "first": "{{ first_name | default('there') }}",
            "company": "{{ company }}",
            "sender": "{{ sender.name }}",
            "sender_title": "{{ sender.title }}",
            "unsub": "{{ unsubscribe_url }}",
            "if_open": "{% if case_study %}",
            "if_close": "{% endif %}",
        }
    return {
        "first": '{{ first_name | default: "there" }}',
        "company": "{{ company }}",
        "sender": "{{ sender.name }}",
        "sender_title": "{{ sender.title }}",
        "unsub": "{{ unsubscribe_url }}",
        "if_open": "{% if case_study %}",
        "if_close": "{% endif %}",
    }


def _fill(sentence: str, tags: dict[str, str]) -> str:
    return (
        sentence.replace("{first_name}", tags["first"])
        .replace("{first}", tags["first"])
        .replace("{company}", tags["company"])
        .replace("{sender_title}", tags["sender_title"])
        .replace("{sender}", tags["sender"])
        .replace("{unsub}", tags["unsub"])
    )


def _words(text: str) -> int:
    return len(text.split())


def template(index: int, ext: str, seed: int) -> str:
    """One template; a pure function of (index, ext, seed)."""
    rnd = random.Random(f"{seed}:{index}")
    tags = _tags(DIALECTS[ext])
    badness = rnd.random()
    n_bad = 0 if badness < 0.4 else (1 if badness < 0.7 else rnd.randint(2, 5))
    target = rnd.randint(60, 250)
    subject = rnd.choice(SUBJECTS_BAD if n_bad and rnd.random() < 0.5 else SUBJECTS_CLEAN)
    greeting = rnd.choice(GREETINGS[:5] if n_bad == 0 else GREETINGS)
    body: list[str] = []
    bad_left = n_bad
    words = 0
    while words < target:
        if bad_left and rnd.random() < 0.35:
            s = rnd.choice(BAD)
            bad_left -= 1
        else:
            s = rnd.choice(CLEAN)
        body.append(s)
        words += _words(s)
    # paragraphs of 1-4 sentences
    paragraphs: list[list[str]] = []
    i = 0
    while i < len(body):
        k = rnd.randint(1, 4)
        paragraphs.append(body[i : i + k])
        i += k
    cta = rnd.choice(CTAS[3:] if n_bad and rnd.random() < 0.4 else CTAS[:4])
    signature = rnd.choice(SIGNATURES)
    footer = rnd.random() < 0.3
    conditional = rnd.random() < 0.25
    parts = {
        "subject": _fill(subject, tags),
        "greeting": _fill(greeting, tags),
        "paragraphs": [" ".join(_fill(s, tags) for s in p) for p in paragraphs],
        "cta": cta if ext in (".md",) or "booking_link" not in cta else CTAS[0],
        "signature": _fill(signature, tags),
        "footer": _fill(FOOTER, tags) if footer else "",
        "conditional": conditional,
        "tags": tags,
        "kind": rnd.choice(["first-touch", "follow-up", "newsletter", "customer"]),
        "step": rnd.randint(1, 5),
    }
    if ext == ".md":
        return _markdown(parts, rnd)
    if ext == ".html":
        return _html(parts)
    return _text(parts)


def _wrap(paragraph: str, width: int = 96) -> str:
    lines, line = [], ""
    for word in paragraph.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def _conditional(parts: dict, paragraphs: list[str]) -> list[str]:
    if parts["conditional"] and len(paragraphs) > 1:
        t = parts["tags"]
        paragraphs = list(paragraphs)
        paragraphs[1] = f"{t['if_open']}\n{paragraphs[1]}\n{t['if_close']}"
    return paragraphs


def _markdown(parts: dict, rnd: random.Random) -> str:
    subject = parts["subject"].replace('"', "'")
    head = f'---\nsubject: "{subject}"\nkind: {parts["kind"]}\nstep: {parts["step"]}\n---\n'
    paragraphs = [_wrap(p) for p in parts["paragraphs"]]
    if rnd.random() < 0.3:
        paragraphs.insert(
            len(paragraphs) // 2 + 1, "- fewer steps\n- clearer owners\n- **one** place to look"
        )
    paragraphs = _conditional(parts, paragraphs)
    blocks = [parts["greeting"], *paragraphs, parts["cta"], parts["signature"]]
    if parts["footer"]:
        blocks.append("---\n\n" + parts["footer"])
    return head + "\n\n".join(blocks) + "\n"


def _text(parts: dict) -> str:
    paragraphs = _conditional(parts, [_wrap(p, 78) for p in parts["paragraphs"]])
    blocks = [parts["greeting"], *paragraphs, parts["cta"], parts["signature"]]
    if parts["footer"]:
        blocks.append("--\n" + parts["footer"])
    return f"Subject: {parts['subject']}\n\n" + "\n\n".join(blocks) + "\n"


def _html(parts: dict) -> str:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    paragraphs = _conditional(parts, [f"<p>{esc(p)}</p>" for p in parts["paragraphs"]])
    signature = "<br>\n".join(esc(line) for line in parts["signature"].split("\n"))
    footer = f'\n<p class="footer" style="font-size:11px">{esc(parts["footer"])}</p>' * bool(
        parts["footer"]
    )
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(parts['subject'])}</title>\n"
        "<style>p { margin: 0 0 12px; font-family: Arial, sans-serif; }</style>\n"
        "</head>\n<body>\n"
        f"<p>{esc(parts['greeting'])}</p>\n"
        + "\n".join(paragraphs)
        + f"\n<p>{esc(parts['cta'])}</p>\n<p>{signature}</p>{footer}\n</body>\n</html>\n"
    )


def generate(count: int, out: Path, seed: int, formats: list[str]) -> tuple[int, int]:
    exts = [e for name in formats for e in FORMATS[name]]
    if out.exists():
        shutil.rmtree(out)
    total = 0
    for index in range(count):
        ext = exts[index % len(exts)]
        # 100 files per folder, like a repo organised by campaign
        folder = out / f"campaign-{index // 100:04d}"
        if index % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        data = template(index, ext, seed).encode("utf-8")
        (folder / f"t{index:06d}{ext}").write_bytes(data)
        total += len(data)
    return count, total


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=10000)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"comma-separated subset of {', '.join(FORMATS)} (default: all)",
    )
    args = p.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        p.error(f"unknown formats {unknown}; known: {', '.join(FORMATS)}")
    n, size = generate(args.count, args.out, args.seed, formats)
    print(f"wrote {n} templates, {size / 1e6:.1f} MB, to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
