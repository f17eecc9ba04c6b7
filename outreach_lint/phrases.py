"""The phrase mini-language of rule packs, expanded into plain literals.

A pack author writes ``"close+ the deal|sale"`` once instead of eight strings:

* words are separated by spaces; a space matches any run of white space and line breaks;
* ``a|b|c`` inside a word gives alternatives (``deal|sale``);
* ``(reach out|touch base)`` groups alternatives of several words; ``(...)?`` is optional;
* a trailing ``?`` makes a word optional (``really?``);
* a trailing ``+`` inflects a verb: ``close+`` is close, closes, closed, closing;
* ``{n}`` stands for a number written in digits or as a word ("3", "three", "a few");
* apostrophes, quotes, hyphens, digits and case are normalized as in :mod:`textnorm`.

Expansion is bounded so a pack cannot blow up the matcher.
"""

from __future__ import annotations

import functools
import itertools

from .textnorm import normalize_phrase

MAX_EXPANSIONS = 512

_IRREGULAR = {
    "be": ["be", "is", "are", "was", "were", "been", "being", "am"],
    "get": ["get", "gets", "got", "gotten", "getting"],
    "go": ["go", "goes", "went", "gone", "going"],
    "have": ["have", "has", "had", "having"],
    "do": ["do", "does", "did", "done", "doing"],
    "make": ["make", "makes", "made", "making"],
    "take": ["take", "takes", "took", "taken", "taking"],
    "give": ["give", "gives", "gave", "given", "giving"],
    "send": ["send", "sends", "sent", "sending"],
    "find": ["find", "finds", "found", "finding"],
    "come": ["come", "comes", "came", "coming"],
    "run": ["run", "runs", "ran", "running"],
    "put": ["put", "puts", "putting"],
    "set": ["set", "sets", "setting"],
    "hit": ["hit", "hits", "hitting"],
    "let": ["let", "lets", "letting"],
    "leave": ["leave", "leaves", "left", "leaving"],
    "reach": ["reach", "reaches", "reached", "reaching"],
    "touch": ["touch", "touches", "touched", "touching"],
    "miss": ["miss", "misses", "missed", "missing"],
    "think": ["think", "thinks", "thought", "thinking"],
    "hear": ["hear", "hears", "heard", "hearing"],
    "write": ["write", "writes", "wrote", "written", "writing"],
    "sign": ["sign", "signs", "signed", "signing"],
    "seal": ["seal", "seals", "sealed", "sealing"],
    "see": ["see", "sees", "saw", "seen", "seeing"],
    "buy": ["buy", "buys", "bought", "buying"],
    "sell": ["sell", "sells", "sold", "selling"],
    "bring": ["bring", "brings", "brought", "bringing"],
    "win": ["win", "wins", "won", "winning"],
    "lose": ["lose", "loses", "lost", "losing"],
    "stop": ["stop", "stops", "stopped", "stopping"],
    "drop": ["drop", "drops", "dropped", "dropping"],
    "bump": ["bump", "bumps", "bumped", "bumping"],
    "circle": ["circle", "circles", "circled", "circling"],
}

_NUMBER_WORDS = (
    "#",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "a few",
    "a couple of",
    "a handful of",
)


class PhraseError(ValueError):
    """A phrase that cannot be expanded (empty, or too many forms)."""


def inflect(verb: str) -> list[str]:
    """Return the common forms of an English verb (base, -s, -ed, -ing)."""
    if verb in _IRREGULAR:
        return list(_IRREGULAR[verb])
    if verb.endswith("e") and not verb.endswith("ee"):
        stem = verb[:-1]
        return [verb, verb + "s", stem + "ed", stem + "ing"]
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        stem = verb[:-1]
        return [verb, stem + "ies", stem + "ied", verb + "ing"]
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        return [verb, verb + "es", verb + "ed", verb + "ing"]
    return [verb, verb + "s", verb + "ed", verb + "ing"]


def _word_forms(token: str) -> list[str]:
    optional = token.endswith("?") and len(token) > 1
    if optional:
        token = token[:-1]
    forms: list[str] = []
    if token.startswith("(") and token.endswith(")"):
        for alt in _split_top(token[1:-1], "|"):
            if alt.strip():
                forms.extend(_expand_raw(alt))
    else:
        for alt in token.split("|"):
            if not alt:
                continue
            if alt == "{n}":
                forms.extend(_NUMBER_WORDS)
            elif alt.endswith("+") and len(alt) > 1:
                forms.extend(inflect(alt[:-1].lower()))
            else:
                forms.append(alt)
    if optional:
        forms.append("")
    return forms


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise PhraseError(f"unbalanced ')' in {text!r}")
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if depth != 0:
        raise PhraseError(f"unbalanced '(' in {text!r}")
    parts.append("".join(current))
    return parts


def _tokens(phrase: str) -> list[str]:
    """Words of a phrase; a parenthesized group (with its ``?``) is one token."""
    tokens, depth, current = [], 0, []
    for ch in phrase:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise PhraseError(f"unbalanced ')' in {phrase!r}")
        if ch.isspace() and depth == 0:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(ch)
    if depth != 0:
        raise PhraseError(f"unbalanced '(' in {phrase!r}")
    if current:
        tokens.append("".join(current))
    return tokens


def _expand_raw(phrase: str) -> list[str]:
    tokens = _tokens(phrase)
    choices = [_word_forms(t) for t in tokens]
    total = 1
    for c in choices:
        total *= max(1, len(c))
        if total > MAX_EXPANSIONS:
            raise PhraseError(
                f"phrase {phrase!r} expands to more than {MAX_EXPANSIONS} forms; split it"
            )
    return [" ".join(w for w in combo if w) for combo in itertools.product(*choices)]


def expand(phrase: str) -> list[str]:
    """Expand one phrase of the mini-language into normalized literals, longest first."""
    from . import compiled

    known = compiled.expansions().get(phrase)
    if known is not None:  # from the disk cache of an earlier run (see compiled.py)
        return list(known)
    literals = list(_expand_cached(phrase))
    compiled.remember(phrase, literals)
    return literals


@functools.lru_cache(maxsize=8192)
def _expand_cached(phrase: str) -> tuple[str, ...]:
    # pure in ``phrase``: loading a pack validates every phrase and the matcher expands them
    # again; a run that builds several linters (tests, per-directory configs) pays once
    if not phrase.split():
        raise PhraseError("empty phrase")
    out: dict[str, None] = {}
    for raw in _expand_raw(phrase):
        literal = normalize_phrase(raw)
        if literal:
            out[literal] = None
    if not out:
        raise PhraseError(f"phrase {phrase!r} matches nothing")
    if len(out) > MAX_EXPANSIONS:
        raise PhraseError(
            f"phrase {phrase!r} expands to more than {MAX_EXPANSIONS} forms; split it"
        )
    return tuple(sorted(out, key=lambda s: (-len(s), s)))
