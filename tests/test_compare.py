"""Comparing states (`analysis.compare`) on the full shared data: plenary votes only, gaps
left as gaps, the same figures as `analysis.agreement` where both count the same votes."""

from __future__ import annotations

import pytest

from ungawatch.analysis.agreement import agreement
from ungawatch.analysis.compare import compare, differences
from ungawatch.errors import NotFound, UnknownState
from ungawatch.positions.history import find_series, positions_of
from ungawatch.store import Store


def test_agreement_counts_plenary_votes_only(full: Store) -> None:
    result = compare(full, ["South Korea", "United States"])
    sessions = [row.session for row in result.agreement]
    # unvotes ends with session 74; the two later recorded votes in the data (sessions 75 and
    # 78) are Third Committee votes from report texts: never a plenary session's agreement.
    assert sessions[-1] == 74 and 75 not in sessions and 78 not in sessions
    # Korea joined in 1991 (session 46): no session before it.
    assert sessions[0] == 46 and sessions == sorted(set(sessions))
    reference = agreement(full, "KOR", "USA", start=46, end=74)
    assert [r.session for r in result.agreement] == reference["session"].tolist()
    assert [r.votes for r in result.agreement] == reference["votes"].tolist()
    assert [round(r.agreement, 12) for r in result.agreement] == [
        round(v, 12) for v in reference["agreement"].tolist()
    ]
    assert all(row.year == row.session + 1945 for row in result.agreement)


def test_pairs_are_symmetric_and_in_the_order_asked(full: Store) -> None:
    one = compare(full, ["USA", "CHN", "RUS"], start=60, end=70)
    other = compare(full, ["RUS", "CHN", "USA"], start=60, end=70)
    assert {(r.a, r.b) for r in one.agreement} == {("USA", "CHN"), ("USA", "RUS"), ("CHN", "RUS")}
    flipped = {(r.b, r.a, r.session): r.agreement for r in other.agreement}
    assert {(r.a, r.b, r.session): r.agreement for r in one.agreement} == flipped
    assert {r.session for r in one.agreement} == set(range(60, 71))


def test_two_states_cohesion_and_differences_follow_from_agreement(full: Store) -> None:
    result = compare(full, ["KOR", "USA"], start=60, end=74)
    by_session = {r.session: r for r in result.agreement}
    for row in result.cohesion:
        pair = by_session[row.session]
        # Two states: the Agreement Index is 1 on identical votes and 1/4 otherwise.
        expected = (pair.agree + 0.25 * (pair.half + pair.opposite)) / pair.votes
        assert row.roll_calls == pair.votes and row.cohesion == pytest.approx(expected)
    assert result.differences == sum(r.half + r.opposite for r in result.agreement)
    listed = differences(full, ["KOR", "USA"], start=60, end=74)
    assert len(listed) == result.differences
    assert [d.roll_call for d in listed[:50]] == [d.roll_call for d in result.latest_differences]
    latest = listed[0]
    assert latest.votes["KOR"] != latest.votes["USA"] and latest.session == 74
    assert [d.date for d in listed] == sorted((d.date for d in listed), reverse=True)


def test_cosponsorship_only_where_a_list_is_loaded(full: Store) -> None:
    result = compare(full, ["KOR", "USA"])
    session_78 = next(row for row in result.cosponsorship if row.session == 78)
    dprk = find_series(full, "A/RES/78/218")
    korea = [p for p in positions_of(full, dprk, session=78) if p.state_code == "KOR"]
    assert korea[0].is_sponsor and session_78.sponsored["KOR"] >= 1
    # Sessions 63-77 of the data hold no sponsor list of any text: absent, not zero.
    assert not {row.session for row in result.cosponsorship} & set(range(63, 75))
    assert session_78.together <= min(session_78.sponsored.values()) <= session_78.texts


def test_bad_comparisons(full: Store) -> None:
    with pytest.raises(NotFound, match="two or more"):
        compare(full, ["KOR", "Republic of Korea"])
    with pytest.raises(UnknownState):
        compare(full, ["KOR", "Narnia"])
