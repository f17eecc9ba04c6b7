"""The shape checks of a pack read from the compiled cache (``packs._pack_from_record``) answer
as the item-by-item checks they replace: in C for the exact types of marshalled data, and the
old checks for anything else (subclasses, wrong types)."""

from __future__ import annotations

import marshal
from dataclasses import MISSING

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint import packs


class Text(str):
    pass


class Row(tuple):
    pass


def _old_requirements(value):
    if value is None:
        return None
    if isinstance(value, tuple) and all(
        isinstance(req, tuple) and all(isinstance(lit, str) for lit in req) for req in value
    ):
        return value
    raise ValueError("malformed prefilter")


def _old_plain_ok(value, f):
    default = f.default if f.default is not MISSING else ""
    if isinstance(default, tuple):
        return isinstance(value, tuple)
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    return value is None or isinstance(value, type(default))


ITEMS = st.one_of(
    st.text(max_size=3),
    st.text(max_size=3).map(Text),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.lists(st.text(max_size=2), max_size=2),
)
ROWS = st.one_of(
    st.lists(ITEMS, max_size=3).map(tuple),
    st.lists(st.text(max_size=3), max_size=3).map(Row),
    st.lists(st.text(max_size=3), max_size=3),
    ITEMS,
)
VALUES = st.one_of(st.lists(ROWS, max_size=4).map(tuple), st.lists(ROWS, max_size=2), ITEMS)


def _answer(check, value):
    try:
        return ("ok", check(value))
    except ValueError as exc:
        return ("error", str(exc))


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_requirements_are_checked_as_before(value):
    assert _answer(packs._checked_requirements, value) == _answer(_old_requirements, value)


def _record_fields(meta: bool):
    return packs._META_CHECKED if meta else packs._RULE_FIELDS


FIELD_VALUES = st.one_of(
    st.text(max_size=2),
    st.text(max_size=2).map(Text),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.just(()),
    st.just(Row()),
    st.just([]),
)


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.data())
def test_plain_fields_are_checked_as_before(meta, data):
    fields = _record_fields(meta)
    values = {f.name: data.draw(FIELD_VALUES) for f in fields}
    expected = all(_old_plain_ok(values[f.name], f) for f in fields)
    assert packs._all_plain_ok(values, meta) is expected
    assert packs._all_plain_ok(values, meta) is expected  # the remembered answer too


def test_a_memo_is_never_kept_for_a_subclass():
    fields = _record_fields(False)
    good = {f.name: (() if isinstance(f.default, tuple) else f.default) for f in fields}
    for f in fields:
        if f.default is MISSING:
            good[f.name] = ""
    assert packs._all_plain_ok(good, False)
    text_field = next(f.name for f in fields if f.default is MISSING)
    odd = dict(good, **{text_field: Text("x")})
    packs._all_plain_ok(odd, False)
    assert all(Text not in types for _, types in packs._plain_memo)


def test_the_built_in_packs_round_trip_through_their_records():
    for path in packs.builtin_pack_paths():
        pack = packs.load_pack(path)
        record = packs._pack_record(pack)
        if record is None:
            continue
        record = marshal.loads(marshal.dumps(record))  # as the compiled cache holds it
        again = packs._pack_from_record(record, pack.path)
        assert again == pack
        # a requirement that is not text makes the record a miss
        name, description, rules = record
        m, r = rules[0]
        bad_patterns = tuple((p[0], p[1], ((1,),), p[3], p[4]) for p in r["patterns"])
        if bad_patterns:
            bad = (name, description, ((m, dict(r, patterns=bad_patterns)), *rules[1:]))
            assert packs._pack_from_record(bad, pack.path) is None
        # a field of the wrong type likewise
        bad_meta = dict(m, summary=3)
        assert packs._pack_from_record((name, description, ((bad_meta, r),)), pack.path) is None
