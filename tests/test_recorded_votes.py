"""Recorded votes one by one (`positions.recorded_votes`), on the full shared data.

Expected values are read from the raw `unvotes` files here, independently of the ingest.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter

import pytest

from conftest import capture
from ungawatch.errors import NotFound
from ungawatch.positions.recorded_votes import (
    PARAGRAPH,
    WHOLE_TEXT,
    roll_call,
    roll_calls,
    vote_issues,
    vote_sessions,
)
from ungawatch.store import Store
from ungawatch.vocabulary import VoteOption


def _raw(name: str) -> list[dict[str, str]]:
    with gzip.open(capture(f"unvotes/{name}"), "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_resolution_known_only_from_its_vote(full: Store) -> None:
    view = roll_call(full, "unvotes", "4604")
    call = view.roll_call
    assert (call.symbol, call.session, call.year, call.date) == (
        "A/RES/60/173",
        60,
        2005,
        "2005-12-16",
    )
    assert call.title == "Situation of human rights in the Democratic People's Republic of Korea"
    assert (call.kind, call.body, call.canonical) == (WHOLE_TEXT, "plenary", True)
    raw = Counter(row["vote"] for row in _raw("un_votes.csv.gz") if row["rcid"] == "4604")
    assert (call.yes, call.no, call.abstain) == (raw["yes"], raw["no"], raw["abstain"])
    votes = {line.state_code: line.vote for line in view.states}
    assert (votes["KOR"], votes["PRK"], votes["USA"]) == (
        VoteOption.ABSTAIN,
        VoteOption.NO,
        VoteOption.YES,
    )
    # Every member on 16 December 2005 (191) has a line; members the file omits took no part.
    assert len(view.states) == 191 and "SSD" not in votes
    assert sum(v is VoteOption.NON_VOTING for v in votes.values()) == 191 - sum(raw.values())
    assert view.series_id == "c3-situation-of-human-rights-in-prk"


def test_a_committee_vote_read_from_a_report(full: Store) -> None:
    view = roll_call(full, "un-document-text", "text:A/78/481/Add.3:A/C.3/78/L.41")
    call = view.roll_call
    assert (call.body, call.symbol, call.counts) == ("C.3", "A/C.3/78/L.41", "80-29-65")
    assert call.title == "Situation of human rights in the Islamic Republic of Iran"
    assert view.meeting == "53rd meeting"
    assert view.series_id == "c3-situation-of-human-rights-in-irn"


def test_votes_of_a_session_and_an_issue(full: Store) -> None:
    calls = _raw("un_roll_calls.csv.gz")
    issues = _raw("un_roll_call_issues.csv.gz")
    in_70 = {row["rcid"] for row in calls if row["session"] == "70"}
    human_rights_70 = {row["rcid"] for row in issues if row["short_name"] == "hr"} & in_70
    assert {c.record_id for c in roll_calls(full, session=70)} == in_70
    assert {c.record_id for c in roll_calls(full, session=70, issue="hr")} == human_rights_70
    assert {c.record_id for c in roll_calls(full, session=70, issue="Human rights")} == (
        human_rights_70
    )
    # A vote on an amendment to a paragraph is an amendment vote; the others flagged `para`
    # are votes on a paragraph of the text.
    paragraphs = {
        row["rcid"]
        for row in calls
        if row["session"] == "10" and row["para"] == "1" and row["amend"] == "0"
    }
    found = {c.record_id for c in roll_calls(full, session=10) if c.kind == PARAGRAPH}
    assert found == paragraphs and found


def test_vote_sessions_count_every_roll_call(full: Store) -> None:
    sessions = {s.session: s for s in vote_sessions(full)}
    calls = _raw("un_roll_calls.csv.gz")
    assert sessions[74].roll_calls == sum(row["session"] == "74" for row in calls)
    assert (sessions[78].year, sessions[78].roll_calls) == (2023, 1)  # the C.3 report's vote
    assert vote_issues(full)["hr"] == "Human rights"


def test_unknown_vote_names_the_closest(full: Store) -> None:
    with pytest.raises(NotFound, match="unvotes:99999999") as caught:
        roll_call(full, "unvotes", "99999999")
    assert caught.value.suggestions
