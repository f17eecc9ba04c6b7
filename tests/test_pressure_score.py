"""PR155's model data and its cue scan (the rule's own cases are in tests/cases/PR155.toml)."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from outreach_lint import _toml
from outreach_lint.checks import pressure_score
from outreach_lint.engine import create_linter

ROOT = Path(__file__).resolve().parent.parent


def test_model_data_is_complete():
    data = _toml.loads(pressure_score.DATA.read_text(encoding="utf-8"))
    mdl = pressure_score.parse_model(data)
    names = [c.name for c in mdl.classes]
    assert all(data["classes"][n].get("label") for n in names), "a class needs a label"
    assert all(data["classes"][n]["terms"] for n in names)
    assert mdl.min_cues >= 2, "one kind of word alone must never be enough"
    assert sum(c.cue for c in mdl.classes) >= 8
    # relief and account facts take pressure away; they never count as cues
    weights = {c.name: c.weight for c in mdl.classes}
    assert weights["relief"] < 0 and weights["notice"] < 0
    assert not any(c.cue for c in mdl.classes if c.name in ("relief", "notice", "reader"))


def test_unknown_pair_is_an_error():
    data = _toml.loads(pressure_score.DATA.read_text(encoding="utf-8"))
    data["pairs"] = {"clock+nonsense": 1.0}
    with pytest.raises(ValueError, match="nonsense"):
        pressure_score.parse_model(data)


def _reference(doc, mdl):
    """Every class scanned over every sentence (what sentence_cues computes, the slow way)."""
    analysis = doc.analysis
    base = analysis.content.start
    folded = analysis.folded
    spans = pressure_score._segments(analysis.sentences, doc.prose)
    starts = [sp.start - base for sp in spans]
    ends = [sp.end - base for sp in spans]
    out = [{} for _ in spans]
    for c in mdl.classes:
        for m in c.pattern.finditer(folded):
            at = m.start()
            i = bisect.bisect_right(starts, at) - 1
            if i < 0 or at >= ends[i] or c.name in out[i]:
                continue
            if analysis.quoted and analysis.is_quoted(base + at):
                continue
            if c.negatable and pressure_score._NEGATED.search(folded, max(starts[i], at - 30), at):
                continue
            out[i][c.name] = (base + at, base + m.end())
    return out


def test_scan_equals_reference_on_scored_sentences():
    """Context classes are looked for only in sentences with enough cues: the cues of every
    sentence, and every class of the scored sentences, equal the full scan's."""
    mdl = pressure_score.model()
    seen = []
    original = pressure_score.sentence_cues

    def spy(doc, m=None):
        out = original(doc, m)
        seen.append((out, _reference(doc, mdl)))
        return out

    linter = create_linter(isolated=True, no_plugins=True)
    files = sorted((ROOT / "tests" / "corpus" / "messages").rglob("*.md"))[:120]
    assert files
    pressure_score.sentence_cues = spy
    try:
        for path in files:
            linter.lint_file(path)
    finally:
        pressure_score.sentence_cues = original
    scored = 0
    for out, ref in seen:
        assert len(out) == len(ref)
        for (_, found), full in zip(out, ref):
            cues = {k: v for k, v in full.items() if k in {c.name for c in mdl.classes if c.cue}}
            if mdl.cues(full) >= mdl.min_cues:
                scored += 1
                assert found == full
            else:
                assert found == cues
    assert scored > 10


def test_list_items_are_separate_clauses():
    """'- Trial ending' and '- Last chance' in one list are not one sentence of pressure."""
    linter = create_linter(isolated=True, no_plugins=True)
    text = (
        "---\nkind: follow-up\n---\nHi {{first_name}},\n\nWhen to stop the sequence:\n\n"
        "- After three touches with no response\n- After a negative reply, remove them "
        "immediately\n\nBest,\nAlex\n"
    )
    path = ROOT / "tests" / "fixtures" / "nonexistent-pr155.md"
    result = linter.lint_file(path, data=text.encode())
    assert not [f for f in result.findings if f.code == "PR155"]
    joined = text.replace("\n- After a negative reply, remove them", " and then")
    result = linter.lint_file(path, data=joined.encode())
    assert [f for f in result.findings if f.code == "PR155"]


def test_a_cue_inside_another_is_one_piece_of_text():
    """'Upgrade today' (a push holding a clock) is one piece; 'window ... is closing' and
    'closing fast' share a word but are two."""
    mdl = pressure_score.model()
    nested = {"push": (0, 13), "clock": (8, 13)}
    assert mdl.distinct(nested) == 1
    partial = {"ending": (0, 30), "urgency": (23, 35)}
    assert mdl.distinct(partial) == 2
    apart = {"scarcity": (0, 9), "push": (20, 27), "offer": (3, 9)}
    assert mdl.distinct(apart) == 2


def test_a_stated_cause_relieves_but_the_lever_as_cause_does_not():
    from outreach_lint.checks.pressure import relieved_by_cause

    assert relieved_by_cause("rates hold through friday because fuel surcharges reset on monday.")
    assert relieved_by_cause(
        "the quote is valid through march so it lines up with the board meeting."
    )
    assert not relieved_by_cause("book now because the price goes up friday.")
    assert not relieved_by_cause("sign today, since my quarter ends friday.")
    assert not relieved_by_cause("lock in today because it starts costing more monday.")


def test_a_third_party_or_our_own_work_is_a_cause_but_not_a_scarce_place_or_the_sale():
    from outreach_lint.checks.pressure import negated_by_policy, relieved_by_cause

    assert relieved_by_cause("the fee goes to $11 on 1 april because the carrier raised its rates.")
    assert relieved_by_cause(
        "the discount ends on 31 january, when our supplier's contract runs out."
    )
    assert relieved_by_cause("registration closes on 28 may so we can print name badges.")
    assert not relieved_by_cause("book by friday, since the hotel only has a few rooms left.")
    assert not relieved_by_cause(
        "our q4 targets are tight, so i can be flexible on price this month."
    )
    assert not relieved_by_cause("sign by friday so we can lock in your rate.")
    text = "we don't do end-of-quarter discounts or expiring offers."
    assert negated_by_policy(text, text.index("expiring"))
    text = "we never do this, but the discount expires friday."
    assert not negated_by_policy(text, text.index("expires"))


def test_an_offer_question_leaves_the_decision_but_not_when_it_carries_the_loss():
    from outreach_lint.checks.pressure import leaves_decision

    assert leaves_decision("would it help if i checked what the sign-off involves first?")
    assert leaves_decision("would a fortnight of metering, for free, be useful to you?")
    assert leaves_decision("want us to keep the rate on hold, or would you rather we close it?")
    assert leaves_decision("shall i draw up the amendment, or would you like the plan first?")
    assert leaves_decision("quick question: how does your team decide which tests to skip today?")
    # the loss inside the question is still the lever; a statement is not a question
    assert not leaves_decision("would it help to lock in the rate before it goes up on friday?")
    assert not leaves_decision("want me to hold one? only two are left.")
    assert not leaves_decision("would you like to lock in this price before friday?")
    assert not leaves_decision("would it help if i held the rate until friday.")
    assert not leaves_decision("how do you explain the lost savings once the price goes up?")
