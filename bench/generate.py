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
# Clean copy is built from parts, so that two random templates share few word sequences (as in a
# real repo); near-duplicates are made on purpose (see DUPLICATE_RATE), not by a small bank.
OPENERS = [
    "You mentioned that",
    "When we spoke last month, you said that",
    "Your post last week suggested that",
    "Your team told us that",
    "From your job listing, it looks like",
    "Your support lead wrote that",
    "In your reply, you noted that",
    "Your last quarterly update said that",
    "At the meetup in Porto you explained that",
    "Your onboarding page hints that",
    "Your colleague Dana mentioned that",
    "The survey your team ran shows that",
]
TOPICS = [
    "onboarding new reps",
    "the handoff between sales and support",
    "renewals in the mid-market segment",
    "first-response time on the help desk",
    "the quarterly board report",
    "data retention reviews",
    "the migration to the new CRM",
    "hiring for the Lisbon office",
    "the partner referral program",
    "invoice disputes with larger accounts",
    "the weekly pipeline review",
    "training for new support agents",
    "the security questionnaire for enterprise deals",
    "the product feedback loop",
    "churn in the first ninety days",
    "routing tickets between regions",
    "the pricing page experiment",
    "the annual customer conference",
    "translating the help center",
    "the trial-to-paid handoff",
    "scheduling field technicians",
    "month-end reconciliation",
    "the internal wiki cleanup",
    "vendor reviews for procurement",
]
PREDICATES = [
    "takes about six weeks",
    "is the hard part this quarter",
    "keeps slipping past the deadline",
    "needs two people to sign off",
    "still depends on one spreadsheet",
    "got easier after the reorg",
    "is on the list for next year",
    "costs the team most of Friday",
    "has three different owners",
    "works well until volume doubles",
    "is where most complaints start",
    "was rebuilt twice already",
    "varies a lot by region",
    "is measured but rarely discussed",
    "matters more to finance than to sales",
    "is handled by a contractor today",
    "is blocked on a legal review",
    "changes every time the team grows",
    "gets reviewed only after something breaks",
    "runs on a tool nobody likes",
    "depends on a few experienced people",
    "is the first thing new hires ask about",
    "was the topic of your last offsite",
    "shows up in every customer interview",
]
PEERS = [
    "a support team in Berlin",
    "a twelve-person sales team",
    "a nonprofit with a similar backlog",
    "one of your peers in logistics",
    "a retailer that grew fast last year",
    "a clinic network with three regions",
    "a fintech with a small ops team",
    "a university help desk",
    "an agency that works with your competitors",
    "a SaaS company your size",
]
ARTIFACTS = [
    "the checklist",
    "a two-page summary",
    "the spreadsheet template",
    "a short recording",
    "the onboarding plan",
    "a before-and-after comparison",
    "the list of questions",
    "a sample timeline",
]
QUESTIONS = [
    "Would it help to see how {peer} handled {topic}?",
    "What would make {topic} feel solved for your team?",
    "Is {topic} something you own, or should I ask someone else?",
    "How are you handling {topic} today?",
    "Would {artifact} that {peer} used for {topic} be useful?",
]
OFFERS = [
    "Here is {artifact} that {peer} used for {topic}.",
    "If it helps, I can send {artifact} for {topic}.",
    "{peer_cap} cut the time spent on {topic} roughly in half.",
    "No pressure either way; {artifact} is yours to keep.",
    "If {topic} is months away, I can check back then instead.",
    "Feel free to forward this to whoever owns {topic}.",
]
#: share of templates that are a light edit of an earlier one (copy-pasted campaigns)
DUPLICATE_RATE = 0.05


def clean_sentence(rnd: random.Random) -> str:
    kind = rnd.random()
    topic = rnd.choice(TOPICS)
    if kind < 0.5:
        return f"{rnd.choice(OPENERS)} {topic} {rnd.choice(PREDICATES)}."
    peer = rnd.choice(PEERS)
    fill = {"peer": peer, "peer_cap": peer[0].upper() + peer[1:], "topic": topic}
    fill["artifact"] = rnd.choice(ARTIFACTS)
    bank = QUESTIONS if kind < 0.75 else OFFERS
    return rnd.choice(bank).format(**fill)


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
    if index > 10 and rnd.random() < DUPLICATE_RATE:
        # a copy-pasted campaign: an earlier template's copy, one sentence swapped
        source = rnd.randrange(max(0, index - 300), index)
        rnd = random.Random(f"{seed}:{source}")
        rnd.random()  # the same draws as the source from here on
        return _swap_one(template_body(rnd, ext), random.Random(f"{seed}:{index}:swap"))
    return template_body(rnd, ext)


def _swap_one(text: str, rnd: random.Random) -> str:
    ends = [i for i, c in enumerate(text) if c == "."]
    if len(ends) < 3:
        return text
    cut = rnd.choice(ends[1:-1])
    return text[: cut + 1] + " " + clean_sentence(rnd) + text[cut + 1 :]


def template_body(rnd: random.Random, ext: str) -> str:
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
            s = clean_sentence(rnd)
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
