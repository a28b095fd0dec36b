"""Series linking on the session-78 capture plus the real document texts."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, capture
from test_doctext import TEXTS, undocs_body
from ungawatch.errors import AmbiguousQuery, NotFound, SourceError
from ungawatch.ingest import ingest_paths
from ungawatch.positions.history import find_series, list_series, series_sessions
from ungawatch.positions.series import (
    BY_CITATION,
    BY_OVERRIDE,
    Override,
    build_series,
    load_overrides,
    score_links,
    series_key,
)
from ungawatch.store import Store, open_store

DPRK = "c3-situation-of-human-rights-in-prk"
IRAN = "c3-situation-of-human-rights-in-irn"
MYANMAR = "c3-situation-of-human-rights-in-mmr"


@pytest.fixture(scope="module")
def texts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Session-78 capture, the voting-record fixture and the real texts (headers stripped)."""
    folder = tmp_path_factory.mktemp("texts")
    path = folder / "ungawatch.duckdb"
    paths = [
        capture("undl/session78_committee3_drafts.xml"),
        FIXTURES / "votes_78_220.xml",
        *(undocs_body(name, folder) for name in TEXTS),
    ]
    with open_store(path) as store:
        report = ingest_paths(store, paths)
        assert report.rejected == []
    return path


@pytest.fixture
def texts(texts_db: Path) -> Iterator[Store]:
    with open_store(texts_db, read_only=True) as store:
        yield store


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Situation of human rights in the Islamic Republic of Iran",
            "Situation of human rights in Iran (Islamic Republic of)",
        ),
        (
            "Situation of human rights in the Democratic People’s Republic of Korea",
            "SITUATION OF HUMAN RIGHTS IN THE DEMOCRATIC PEOPLES REPUBLIC OF KOREA",
        ),
        (
            "Cooperation with the former Yugoslav Republic of Macedonia",
            "Cooperation with North Macedonia",
        ),
        ("Situation of human rights in Turkey", "Situation of human rights in Türkiye"),
    ],
)
def test_series_key_folds_renames_case_and_parentheses(first: str, second: str) -> None:
    assert series_key(first) == series_key(second)


def test_series_key_keeps_different_topics_apart() -> None:
    assert series_key("Situation of human rights in Myanmar") != series_key(
        "Situation of human rights in the Syrian Arab Republic"
    )
    # Short words are never read as ISO codes ("in" is India's, "and" Andorra's).
    assert series_key("Rights of the child") == "rights of child"
    assert "IND" not in series_key("Situation of human rights in the Syrian Arab Republic")


def test_series_across_sessions(texts: Store) -> None:
    by_id = {s.id: s for s in list_series(texts)}
    assert by_id[DPRK].sessions == (62, 78) and by_id[DPRK].body == "C.3"
    assert by_id[DPRK].years == (2007, 2023)
    assert by_id[DPRK].missing_sessions == tuple(range(63, 78))
    assert by_id[IRAN].sessions == (75, 78)
    assert by_id[MYANMAR].sessions == (61, 78)
    linked = {s.session: s.linked_by for s in series_sessions(texts, MYANMAR)}
    assert linked == {61: BY_OVERRIDE, 78: BY_OVERRIDE}
    dprk_78 = next(s for s in series_sessions(texts, DPRK) if s.session == 78)
    assert dprk_78.documents == ("A/C.3/78/L.39", "A/RES/78/218")


def test_without_the_override_the_renamed_myanmar_text_is_two_series(texts: Store) -> None:
    sessions = {s.id: s.sessions for s in build_series(texts, overrides=[])}
    assert sessions["c3-situation-of-human-rights-in-mmr"] == [61]
    assert [78] in sessions.values()


def test_split_override_detaches_a_text(texts: Store) -> None:
    rule = Override("split", "dprk-62", "DPRK 2007", symbols=("A/C.3/62/L.37/Rev.1",))
    found = {s.id: s.sessions for s in build_series(texts, overrides=[rule])}
    assert found["dprk-62"] == [62] and found[DPRK] == [78]


def test_find_series_by_id_symbol_and_words(texts: Store) -> None:
    assert find_series(texts, DPRK).id == DPRK
    assert find_series(texts, "A/RES/78/218").id == DPRK
    assert find_series(texts, "a/c.3/62/l.37/rev.1").id == DPRK
    assert find_series(texts, "North Korea").id == DPRK
    assert find_series(texts, "Democratic People's Republic of Korea").id == DPRK
    with pytest.raises(AmbiguousQuery):
        find_series(texts, "situation of human rights")
    with pytest.raises(NotFound):
        find_series(texts, "situation on planet mars")


def test_list_series_filters_by_words(texts: Store) -> None:
    assert [s.id for s in list_series(texts, "Iran")] == [IRAN]
    assert list_series(texts, "planet mars") == []


def test_citation_links_a_renamed_text(store: Store, tmp_path: Path, texts_db: Path) -> None:
    # A made-up session-79 first page whose title changed but which recalls A/RES/78/220.
    draft = tmp_path / "A_C.3_79_L.99.txt"
    draft.write_text(
        "United Nations A/C.3/79/L.99 Distr.: Limited 1 November 2024 General Assembly "
        "Seventy-ninth session Third Committee Agenda item 71 (c) Promotion and protection of "
        "human rights Canada and Iceland: draft resolution Human rights in Iran The General "
        "Assembly, Recalling its resolution 78/220 of 19 December 2023,",
        "utf-8",
    )
    ingest_paths(store, [capture("undl/session78_committee3_drafts.xml"), draft])
    iran = find_series(store, "A/C.3/79/L.99")
    assert iran.sessions == (78, 79)
    assert series_sessions(store, iran.id)[-1].linked_by == BY_CITATION


def test_overrides_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "overrides.yaml"
    bad.write_text("merge:\n  - id: x\n", "utf-8")
    with pytest.raises(SourceError, match="needs a list of titles or symbols"):
        load_overrides(bad)
    bad.write_text("merge: [", "utf-8")
    with pytest.raises(SourceError, match="not valid YAML"):
        load_overrides(bad)
    assert load_overrides()[0].id == MYANMAR


def test_links_against_the_hand_checked_truth(texts: Store) -> None:
    with (FIXTURES / "series_truth.csv").open(encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    score = score_links(build_series(texts), truth)
    assert (score.precision, score.recall) == (1.0, 1.0)
    automatic = score_links(build_series(texts, overrides=[]), truth)
    assert automatic.precision == 1.0 and automatic.correct == 2 and automatic.true == 3
