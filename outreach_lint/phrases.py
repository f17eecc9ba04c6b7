"""The phrase mini-language of rule packs, expanded into plain literals.

A pack author writes ``"close+ the deal|sale"`` once instead of eight strings:

* words are separated by spaces; a space matches any run of white space and line breaks;
* ``a|b|c`` inside a word gives alternatives (``deal|sale``); ``|`` binds tighter than a
  space, so ``you have|you've been`` is ``you (have|you've) been``: :func:`ambiguity` spots
  that mistake and packs refuse it at load;
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


# --------------------------------------------------------------------------- authoring traps

#: articles, determiners and possessives: they start a noun phrase, so one offered as an
#: alternative to a content word is nearly always the first word of a multi-word alternative
#: written without parentheses ("linkedin|google|the web")
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "our",
        "their",
        "his",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "every",
        "each",
    ]
)
#: pronouns, particles and prepositions are neither: "get+ this|it signed", "miss out|this"
_NEUTRAL = frozenset(
    [
        "i",
        "me",
        "you",
        "we",
        "us",
        "he",
        "him",
        "she",
        "her",
        "it",
        "they",
        "them",
        "one",
        "yours",
        "ours",
        "theirs",
        "mine",
        "out",
        "up",
        "off",
        "in",
        "on",
        "at",
        "to",
        "of",
        "for",
        "by",
        "with",
        "from",
        "about",
        "over",
        "down",
        "away",
        "back",
        "into",
        "onto",
    ]
)


def ambiguity(phrase: str) -> str | None:
    """Explain why ``phrase`` probably does not mean what its author meant, or return None.

    In the mini-language ``|`` binds tighter than a space: ``you have|you've been`` is
    ``you (have|you've) been`` (the literals "you have been" and "you you've been"), not
    ``(you have|you've) been``. The author's intent is lost silently: the phrase loads and never
    matches the form they wanted. These shapes give that mistake away, in a word that is not
    wrapped in parentheses:

    * an alternative repeats its neighbour word or a neighbour's alternative
      (``you have|you've``, ``decision maker|decision-maker``, ``online|on linkedin|on google``);
    * an alternative is a contraction of another one (``i'm|i am``);
    * an article or possessive is an alternative to a content word
      (``linkedin|google|the web``).

    A phrase that really means any of these says so with parentheses, which this check
    trusts: ``(online|on) linkedin``.
    """
    tokens = _tokens(phrase)
    bare = [_bare_alternatives(t) for t in tokens]
    for i, alts in enumerate(bare):
        if alts is None or len(alts) < 2:
            continue
        token = tokens[i]
        hint = _hint(tokens, i)
        words = set(alts)
        for a in alts:
            for b in alts:
                if a != b and _is_contraction(a, b):
                    return (
                        f"'{token}' offers '{a}' and its contraction '{b}' as one word; "
                        f"'|' binds tighter than a space{hint}"
                    )
        for j in (i - 1, i + 1):
            if not 0 <= j < len(tokens):
                continue
            other = bare[j]
            neighbours = set(other) if other is not None else set()
            shared = sorted(words & neighbours)
            if shared:
                return (
                    f"'{shared[0]}' is an alternative of '{token}' and also of the word next "
                    f"to it; '|' binds tighter than a space{hint}"
                )
            # "you have|you've", "decision maker|decision-maker": the word just before
            for n in neighbours if j == i - 1 and len(neighbours) == 1 else ():
                for a in alts:
                    if a != n and any(a.startswith(n + s) for s in ("'", "\u2019", "-")):
                        return (
                            f"the alternative '{a}' of '{token}' repeats the word '{n}' next "
                            f"to it; '|' binds tighter than a space{hint}"
                        )
        function = [a for a in alts if a.lower() in _DETERMINERS]
        content = [a for a in alts if a.lower() not in _DETERMINERS | _NEUTRAL and a != "{n}"]
        if function and content and len(tokens) > 1:
            return (
                f"'{token}' offers '{function[0]}', which starts a noun phrase, as an "
                f"alternative to '{content[0]}'; '|' binds tighter than a space{hint}"
            )
    return None


def _is_contraction(word: str, other: str) -> bool:
    """``other`` is ``word`` with a contracted verb ("i'm", "you've"); a possessive is not."""
    for mark in ("'", "\u2019"):
        if other.startswith(word + mark):
            return other[len(word) + 1 :].lower() not in ("s", "")
    return False


def _bare_alternatives(token: str) -> list[str] | None:
    """The alternatives of a word written without parentheses (no ``?``/``+`` marks)."""
    if token.startswith("("):
        return None
    if token.endswith("?") and len(token) > 1:
        token = token[:-1]
    return [a[:-1] if a.endswith("+") and len(a) > 1 else a for a in token.split("|") if a]


def _hint(tokens: list[str], i: int) -> str:
    around = " ".join(tokens[max(0, i - 1) : i + 2])
    return (
        f": '{around}' is read word by word. Put a multi-word alternative in parentheses, "
        "e.g. '(you have|you've) been', or write the single-word choice in parentheses to "
        "keep it, e.g. '(online|on) linkedin'"
    )
