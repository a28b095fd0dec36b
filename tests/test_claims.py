"""The claim checker on real text: the shared news stories, the UN captures as the record and
the stories themselves as reports. Labels (`## Claims`) are never read by the code under test;
one test proves the parser stops before them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import capture
from ungawatch.claims.atoms import NOT_SPONSOR, SPONSOR, atoms_of
from ungawatch.claims.check import check_report, check_text
from ungawatch.claims.extract import extract
from ungawatch.claims.lexicon import head_for
from ungawatch.claims.model import Claim, Finding, claim_from_dict
from ungawatch.claims.record import Record
from ungawatch.claims.reports import ReportRef, load_reports, outlet_families
from ungawatch.cli import app
from ungawatch.ingest import IngestReport, detect_format, ingest_paths
from ungawatch.sources.news import parse_news, read_news
from ungawatch.store import Store, open_store
from ungawatch.vocabulary import (
    Assertion,
    Body,
    ClaimKind,
    SourceKind,
    Track,
    Verdict,
    VoteOption,
)

SEED = (
    "South Korea withdrew from co-sponsoring the UN General Assembly resolution on North "
    "Korean human rights between 2019 and 2022 under the Moon Jae-in administration and "
    "returned as a co-sponsor in 2023. This year the United States abstained."
)


def story(name: str) -> list[Claim]:
    report = read_news(capture(f"news/{name}"))
    assert report.published is not None
    return extract(report.text, report.published)


def find(claims: list[Claim], assertion: Assertion, code: str | None = None) -> list[Claim]:
    return [c for c in claims if c.assertion is assertion and (code is None or code in c.states)]


# --- reading stories -----------------------------------------------------------------------


def test_news_parser_reads_the_article_and_never_the_labels() -> None:
    path = capture("news/02_koreanet-2025-11-12-rejoined-2022.md")
    report = read_news(path)
    assert report.outlet.startswith("korea.net") and report.url and "articleId=282172" in report.url
    assert (report.published, report.date_precision) == (date(2025, 11, 30), "month")
    assert "rejoined in 2022" in report.text
    assert "truth:" not in report.text and "Summary (paraphrase)" not in report.text
    planted = path.read_text("utf-8") + '\n- claim: "Seoul abstained in 1999."\n'
    assert "1999" not in parse_news(planted, "planted.md").text
    assert detect_format(path).kind is SourceKind.NEWS_REPORT


def test_sponsorship_timeline_with_ranges_and_inherited_subject() -> None:
    claims = story("02_koreanet-2025-11-12-rejoined-2022.md")
    [withdrew] = find(claims, Assertion.WITHDREW, "KOR")
    assert (withdrew.kind, withdrew.first_year, withdrew.last_year) == (
        ClaimKind.STREAK,
        2019,
        2021,
    )
    [returned] = find(claims, Assertion.RETURNED, "KOR")
    assert (returned.first_year, returned.subject) == (2022, "Seoul")
    [count] = find(claims, Assertion.SPONSOR_COUNT)
    assert (count.number, count.stage, count.states) == (41, "initial", ("KOR",))
    listed = [c for c in find(claims, Assertion.SPONSOR) if "DEU" in c.states]
    assert listed and set(listed[0].states) == {"DEU", "GBR", "FRA", "JPN"}
    # "having withdrawn from the U.N. Human Rights Council" is not where the US acted.
    us = find(claims, Assertion.NOT_SPONSOR, "USA")
    assert us and us[0].track is not None and us[0].track.value == "ga"


def test_votes_tallies_and_a_list_named_in_the_next_sentence() -> None:
    claims = story("16_babel-2022-10-12-ukraine-annexation.md")
    tallies = find(claims, Assertion.TALLY)
    assert {(t.yes, t.no, t.abstain) for t in tallies} == {(143, None, None), (None, 5, 33)}
    [against] = find(claims, Assertion.VOTED)
    assert against.vote is VoteOption.NO
    assert set(against.states) == {"RUS", "BLR", "SYR", "PRK", "NIC"}
    iran = story("26_rferl-2015-12-17-iran.md")
    assert [(t.yes, t.no, t.abstain) for t in find(iran, Assertion.TALLY)] == [(81, 37, 67)]
    [no] = find(iran, Assertion.VOTED)
    assert {"CHN", "CUB", "RUS", "SYR", "ZAF", "IND", "IDN", "IRQ", "LBN"} == set(no.states)


def test_each_number_takes_its_own_year() -> None:
    claims = story("24_ap-2023-11-02-cuba-tied-record.md")
    years = {(t.yes, t.first_year) for t in find(claims, Assertion.TALLY)}
    assert {(187, 2023), (185, 2022), (184, 2021), (187, 2019)} <= years
    [high] = find(claims, Assertion.RECORD_HIGH)
    assert high.number == 187


def test_adoption_methods_days_and_the_abstained_mix_up() -> None:
    yonhap = story("08_yonhap-2022-12-15-plenary-18th.md")
    [unanimous] = find(yonhap, Assertion.UNANIMOUS)
    assert (unanimous.date, unanimous.body and unanimous.body.value) == ("2022-11-16", "C.3")
    [streak] = find(yonhap, Assertion.CONSECUTIVE)
    assert (streak.ordinal, streak.last_year) == (18, 2022)
    economic = story("05_globaleconomictimes-2025-11-20-abstained.md")
    [abstained] = find(economic, Assertion.VOTED, "KOR")
    assert abstained.vote is VoteOption.ABSTAIN and any("abstain" in n for n in abstained.notes)
    assert find(economic, Assertion.NOT_SPONSOR, "KOR")  # what the writer meant, beside it


def test_governments_stand_for_their_state_in_their_years() -> None:
    moon = head_for("Moon Jae-in", date(2025, 1, 1))
    assert moon is not None and (moon.code, moon.start.year, moon.end) == (
        "KOR",
        2017,
        date(2022, 5, 9),
    )
    claims = extract("The Lee Jae-myung administration co-sponsored the text.", date(2025, 11, 12))
    [claim] = find(claims, Assertion.SPONSOR)
    assert claim.states == ("KOR",) and claim.first_year == 2025
    [gap] = find(extract(SEED, date(2025, 11, 14)), Assertion.WITHDREW, "KOR")
    assert gap.first_year == 2019 and gap.last_year == 2022


def test_a_streak_of_staying_out_and_the_korean_government() -> None:
    """Council records quote Korean wires in this language; so do news stories."""
    sentence = (
        "South Korea participated in the adoption but did not co-sponsor it for the fourth "
        "consecutive year, in consideration of inter-Korean peace efforts."
    )
    claims = extract(sentence, date(2022, 4, 1), body=Body.HRC, about=("PRK",))
    [streak] = claims  # the bare "did not co-sponsor" is the streak's, not a claim apart
    assert (streak.assertion, streak.vote, streak.ordinal, streak.states) == (
        Assertion.CONSECUTIVE,
        VoteOption.NO,
        4,
        ("KOR",),
    )
    assert streak.track is Track.HRC and "did not co-sponsor" in streak.normalized
    atoms = {a.year: a.value for a in atoms_of(streak, "x")}
    assert atoms == {2018: SPONSOR} | {y: NOT_SPONSOR for y in range(2019, 2023)}
    # "The Korean government" is the South only in a text that is about the North.
    government = "The Korean government co-sponsored the resolution."
    [sponsor] = extract(government, date(2024, 4, 4), about=("PRK",))
    assert sponsor.states == ("KOR",)
    assert not extract(government, date(2024, 4, 4))
    opening = "In 2008, South Korea voted in favour and Japan voted against."
    votes = find(extract(opening, date(2025, 1, 1)), Assertion.VOTED)
    assert [(v.states, v.first_year) for v in votes] == [(("KOR",), 2008), (("JPN",), 2008)]
    assert votes[1].span.text == "Japan voted against"


def test_one_broadcaster_or_wire_is_one_report() -> None:
    def ref(outlet: str) -> ReportRef:
        return ReportRef(outlet, outlet, None, None, outlet_families(outlet))

    assert not ref("KBS").independent_of(ref("KBS World"))
    assert not ref("Yonhap").independent_of(ref("Korea Herald (Yonhap)"))
    assert ref("NHRCK statement").independent_of(ref("KBS World"))
    assert ref("Korea Herald").independent_of(ref("Korea JoongAng Daily"))


def test_claims_round_trip_through_json() -> None:
    for claim in story("01_joongang-2025-11-12-third-year.md"):
        assert claim_from_dict(json.loads(json.dumps(claim.to_dict()))) == claim


# --- the record and the reports ------------------------------------------------------------


@pytest.fixture(scope="module")
def record_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session-78 Third Committee export and the DPRK/Iran document texts (no news)."""
    path = tmp_path_factory.mktemp("claims") / "record.duckdb"
    data = capture("undl/session78_committee3_drafts.xml").parents[1]
    with open_store(path) as store:
        ingest_paths(
            store,
            [
                data / "undl/session78_committee3_drafts.xml",
                *sorted((data / "undocs").glob("*.txt")),
            ],
        )
    return path


@pytest.fixture(scope="module")
def reports_db(record_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same record plus the shared news stories ingested as reports."""
    path = tmp_path_factory.mktemp("claims") / "reports.duckdb"
    path.write_bytes(record_db.read_bytes())
    with open_store(path) as store:
        report = ingest_paths(store, sorted(capture("news").glob("*.md")))
    assert report.inserted == 15 and not report.rejected
    return path


@pytest.fixture(scope="module")
def council_db(record_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same record, the Human Rights Council track (every file of `hrc/`, one ingest)
    and the news stories as reports: the shared data as the issue loads it."""
    path = tmp_path_factory.mktemp("claims") / "council.duckdb"
    path.write_bytes(record_db.read_bytes())
    with open_store(path) as store:
        council = ingest_paths(store, sorted(capture("hrc").iterdir()))
        assert not council.rejected
        ingest_paths(store, sorted(capture("news").glob("*.md")))
    return path


@pytest.fixture
def council(council_db: Path) -> Iterator[Store]:
    with open_store(council_db, read_only=True) as store:
        yield store


@pytest.fixture
def record(record_db: Path) -> Iterator[Store]:
    with open_store(record_db, read_only=True) as store:
        yield store


@pytest.fixture
def reported(reports_db: Path) -> Iterator[Store]:
    with open_store(reports_db, read_only=True) as store:
        yield store


def verdicts(store: Store, text: str, day: date) -> list[tuple[Assertion, Verdict]]:
    return [(f.claim.assertion, f.verdict) for f in check_text(store, text, day).findings]


def test_record_supports_and_contradicts_with_documents(record: Store) -> None:
    text = (
        "South Korea co-sponsored the UN resolution on North Korean human rights in 2023. "
        "Japan was not initially among the co-sponsors of the 2023 North Korea human rights "
        "resolution."
    )
    report = check_text(record, text, date(2023, 12, 1))
    by_assertion = {f.claim.assertion: f for f in report.findings}
    supported = by_assertion[Assertion.SPONSOR]
    assert supported.verdict is Verdict.SUPPORTED and supported.tier.value == "un_record"
    assert "A/C.3/78/L.39" in {d for e in supported.evidence for d in e.documents}
    japan = by_assertion[Assertion.NOT_SPONSOR]
    assert japan.verdict is Verdict.SUPPORTED  # an additional sponsor (A/78/481/Add.3)


def test_an_unloaded_sponsor_list_never_contradicts(record: Store) -> None:
    """Session 70's DPRK sponsor list is not loaded: both readings stay open."""
    for text in (
        "South Korea did not co-sponsor the UN resolution on North Korean human rights in 2015.",
        "South Korea co-sponsored the UN resolution on North Korean human rights in 2015.",
    ):
        [(assertion, verdict)] = verdicts(record, text, date(2015, 12, 20))
        assert verdict is Verdict.NOT_IN_RECORD, (text, assertion)


def test_ingesting_reports_twice_changes_nothing_and_writes_no_un_fact(reports_db: Path) -> None:
    with open_store(reports_db) as store:
        before = store.table_counts()
        report = ingest_paths(store, sorted(capture("news").glob("*.md")))
        assert (report.inserted, report.updated, report.unchanged) == (0, 0, 15)
        assert store.table_counts() == before
        assert store.scalar("SELECT count(*) FROM reported_facts") > 60
        kinds = {r["source_kind"] for r in store.rows("SELECT DISTINCT source_kind FROM documents")}
        assert SourceKind.NEWS_REPORT.value not in kinds


def test_the_seed_story_is_contradicted_by_reports_and_says_what_happened(
    reported: Store,
) -> None:
    report = check_text(reported, SEED, date(2025, 11, 14))
    [gap] = [f for f in report.findings if f.claim.assertion is Assertion.WITHDREW]
    assert gap.verdict is Verdict.CONTRADICTED and gap.tier.value == "reports"
    assert gap.instead == "the gap was sessions 74–76 (2019–21); returned in session 77 (2022)"
    [abstained] = [f for f in report.findings if f.claim.assertion is Assertion.VOTED]
    assert abstained.verdict is not Verdict.SUPPORTED
    for finding in report.findings:
        if finding.verdict is Verdict.CONTRADICTED:
            assert finding.evidence and any(e.agrees is False for e in finding.evidence)


def _by_assertion(findings: tuple[Finding, ...], assertion: Assertion) -> Finding:
    [finding] = [f for f in findings if f.claim.assertion is assertion]
    return finding


def test_the_seed_story_told_as_the_councils_timeline(council: Store) -> None:
    """With the Council track loaded, "between 2019 and 2022 ... returned in 2023" is the
    Council's timeline: the Assembly's gap was sessions 74-76 (2019-21), its return session
    77 (2022); the Council's years are decided by the reports its records quote, and the two
    tracks' evidence never mix."""
    report = check_text(council, SEED, date(2025, 11, 14))
    gap = _by_assertion(report.findings, Assertion.WITHDREW)
    assert (gap.verdict, gap.track, gap.tier.value) == (Verdict.CONTRADICTED, Track.GA, "reports")
    assert gap.instead == "the gap was sessions 74–76 (2019–21); returned in session 77 (2022)"
    assert "on the General Assembly's text" in gap.explanation
    [note] = [c for c in gap.confusions if c.startswith("General Assembly vs Human Rights")]
    assert "2019–2022 are the Human Rights Council's dates, not the General Assembly's" in note
    twin = gap.twin
    assert twin is not None and (twin.track, twin.verdict) == (Track.HRC, Verdict.SUPPORTED)
    assert twin.tier.value == "reports" and "on the Human Rights Council's text" in twin.explanation
    assert twin.timeline == "not a sponsor in HRC sessions 40, 43, 46, 49 (2019–22)"
    assert all(e.records and e.records[0].startswith("hrc-record:") for e in twin.evidence)
    assert {e.outlet for e in twin.evidence if e.agrees} >= {"KBS World", "NHRCK statement"}
    for evidence in gap.evidence:  # the Assembly's finding rests on no Council fact
        assert not any(d.startswith("A/HRC/") for d in evidence.documents)
        assert not any(r.startswith("hrc-record:") for r in evidence.records)
    back = _by_assertion(report.findings, Assertion.RETURNED)
    assert back.verdict is Verdict.CONTRADICTED and back.instead == gap.instead
    assert back.twin is not None and back.twin.timeline == (
        "not a sponsor in HRC session 49 (2022); a sponsor in HRC session 52 (2023)"
    )
    assert any("2023 is the Human Rights Council's date" in c for c in back.confusions)
    abstained = _by_assertion(report.findings, Assertion.VOTED)
    assert abstained.verdict is not Verdict.SUPPORTED and abstained.twin is None


def test_without_the_council_track_no_council_dates_are_claimed(reported: Store) -> None:
    report = check_text(reported, SEED, date(2025, 11, 14))
    gap = _by_assertion(report.findings, Assertion.WITHDREW)
    assert gap.verdict is Verdict.CONTRADICTED and gap.twin is None
    assert not any("Human Rights Council" in c for c in gap.confusions)


def test_council_series_votes_membership_and_adoptions(council: Store) -> None:
    text = (
        "At the UN Human Rights Council in 2008, South Korea voted in favour of the "
        "resolution on North Korean human rights, Japan voted against it and the United "
        "States voted in favour. The Council adopted it in 2008 by a vote of 22 to 7, with 18 "
        "abstentions. In 2011 Saudi Arabia abstained on the Council's North Korea resolution. "
        "In 2016 the Human Rights Council adopted the North Korea resolution without a vote."
    )
    findings = check_text(council, text, date(2025, 11, 14)).findings
    assert all(f.track is Track.HRC for f in findings)
    votes = {f.claim.states: f for f in findings if f.claim.assertion is Assertion.VOTED}
    assert votes[("KOR",)].verdict is Verdict.SUPPORTED
    assert "HRC session 7 (2008)" in votes[("KOR",)].explanation
    assert votes[("JPN",)].verdict is Verdict.CONTRADICTED
    outsider = votes[("USA",)]  # not on the Council in 2008: not a member, never "did not vote"
    assert outsider.verdict is Verdict.CONTRADICTED and outsider.instead
    assert "was not a member of the Council" in outsider.instead
    assert "did not vote" not in outsider.explanation
    assert "A/HRC/RES/7/15" in {d for e in outsider.evidence for d in e.documents}
    saudi = votes[("SAU",)]  # a member recorded as not voting (A/HRC/RES/16/8) did not abstain
    assert saudi.verdict is Verdict.CONTRADICTED and "did not vote" in (saudi.instead or "")
    tally = _by_assertion(findings, Assertion.TALLY)
    assert tally.verdict is Verdict.SUPPORTED and "A/HRC/RES/7/15" in tally.explanation
    consensus = _by_assertion(findings, Assertion.WITHOUT_VOTE)
    assert consensus.verdict is Verdict.SUPPORTED and "HRC session 31 (2016)" in (
        consensus.resolved or ""
    )


def test_council_sponsor_lists_partial_and_unknown(council: Store) -> None:
    """2017's list names co-sponsors (the ROK among them) and only counts the main sponsors:
    Japan, a main sponsor, is unknown there, never "not a sponsor"; 2015 has no list."""
    findings = check_text(
        council,
        "South Korea co-sponsored the Council's North Korea resolution in 2017. Japan did not "
        "co-sponsor the Human Rights Council's North Korea resolution in 2017. The United "
        "States did not co-sponsor the Human Rights Council's North Korea resolution in 2015.",
        date(2025, 1, 1),
    ).findings
    korea = _by_assertion(findings, Assertion.SPONSOR)
    assert (korea.verdict, korea.tier.value) == (Verdict.SUPPORTED, "un_record")
    assert "A/HRC/RES/34/24" in {d for e in korea.evidence for d in e.documents}
    for finding in [f for f in findings if f.claim.assertion is Assertion.NOT_SPONSOR]:
        assert finding.verdict is Verdict.NOT_IN_RECORD, finding.claim.span.text
    # 2008: the draft's first page (A/HRC/7/L.28) names 40; the co-sponsors who joined later
    # are not all named anywhere loaded ("Main sponsors29"), so no total is on record.
    counts = check_text(
        council,
        "The draft of the 2008 Human Rights Council resolution on North Korea was initially "
        "tabled by 40 co-sponsors. The 2008 Human Rights Council resolution on North Korea had "
        "44 co-sponsors.",
        date(2008, 4, 1),
    ).findings
    assert [f.verdict for f in counts] == [Verdict.SUPPORTED, Verdict.NOT_IN_RECORD]
    assert "A/HRC/7/L.28" in counts[0].explanation


def test_a_council_claim_is_never_answered_by_the_assemblys_record(
    record: Store, council: Store
) -> None:
    """A/C.3/78/L.39 lists the ROK as an original sponsor of the Assembly's 2023 text: it
    says nothing of the Council's 2023 text, which only the reports its records quote decide."""
    text = (
        "South Korea co-sponsored the Human Rights Council resolution on North Korean human "
        "rights in 2023. The Human Rights Council adopted a resolution on North Korea without a "
        "vote in 2005."
    )
    alone = check_text(record, text, date(2023, 12, 1)).findings
    assert [f.verdict for f in alone] == [Verdict.NOT_IN_RECORD, Verdict.NOT_IN_RECORD]
    assert not any(d.startswith("A/C.3") for f in alone for e in f.evidence for d in e.documents)
    sponsor, before = check_text(council, text, date(2023, 12, 1)).findings
    assert (sponsor.verdict, sponsor.tier.value, sponsor.track) == (
        Verdict.SUPPORTED,
        "reports",
        Track.HRC,
    )
    assert before.verdict is not Verdict.CONTRADICTED  # no Council text before 2006 is loaded


def test_council_records_quote_reports_of_their_own_series(council: Store) -> None:
    index = load_reports(council, Record(council))
    quoted = [s for statements in index.by_key.values() for s in statements if s.report.quoted_in]
    assert quoted and {s.atom.target for s in quoted} == {"hrc-situation-of-human-rights-in-prk"}
    kbs = [s for s in quoted if s.report.outlet == "KBS World" and s.atom.year == 2023]
    assert kbs and "A/HRC/RES/52/28" in (kbs[0].report.quoted_in or "")
    # A story is not its own evidence: a Council section quoting the checked text is left out.
    story = (
        "Seoul welcomed the vote.\nThe adoption of the resolution on human rights in North Korea "
        "is significant because the South Korean government joined as a co-sponsor for the "
        "first time in five years,\nMore to follow."
    )
    excluded = load_reports(council, Record(council), exclude_text=story).excluded
    assert any("NHRCK statement" in note for note in excluded)


def test_a_story_is_not_evidence_for_itself(reported: Store) -> None:
    """JoongAng's own 2019-2022 words are left out when JoongAng is checked."""
    report = check_report(reported, read_news(capture("news/01_joongang-2025-11-12-third-year.md")))
    assert any("JoongAng" in note for note in report.excluded_reports)
    outlets = {e.outlet for f in report.findings for e in f.evidence if e.outlet}
    assert "Korea JoongAng Daily" not in outlets


def test_initial_list_true_on_the_day_and_overtaken_after_adoption(reported: Store) -> None:
    on_the_day = check_report(
        reported, read_news(capture("news/01_joongang-2025-11-12-third-year.md"))
    )
    [count] = [f for f in on_the_day.findings if f.claim.assertion is Assertion.SPONSOR_COUNT]
    assert count.verdict is Verdict.SUPPORTED
    assert any("initial list vs final list" in c for c in count.confusions)
    later = check_report(
        reported, read_news(capture("news/05_globaleconomictimes-2025-11-20-abstained.md"))
    )
    [late] = [f for f in later.findings if f.claim.assertion is Assertion.SPONSOR_COUNT]
    assert late.verdict is Verdict.CONTRADICTED and late.evidence


def test_unanimously_is_not_without_a_vote(reported: Store) -> None:
    text = (
        "The Third Committee adopted the North Korea human rights resolution unanimously in 2025."
    )
    findings = check_text(reported, text, date(2025, 11, 21)).findings
    [unanimous] = [f for f in findings if f.claim.assertion is Assertion.UNANIMOUS]
    assert unanimous.verdict is not Verdict.CONTRADICTED


# --- the command and the API ---------------------------------------------------------------


def test_cli_check_from_stdin_as_json(reports_db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["check", "-", "--date", "2025-11-14", "--db", str(reports_db), "--json"], input=SEED
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["story_date"] == "2025-11-14" and body["counts"]["contradicted"] >= 1
    span = body["findings"][0]["claim"]["span"]
    assert SEED[span["start"] : span["end"]] == span["text"]
    result = runner.invoke(
        app, ["check", "-", "--date", "14/11/2025", "--db", str(reports_db)], input=SEED
    )
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_cli_check_prints_verdicts(reports_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(SEED, "utf-8")
    result = CliRunner().invoke(
        app,
        ["check", str(path), "--date", "2025-11-14", "--db", str(reports_db)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "CONTRADICTED" in result.stdout
    assert "reports say instead: the gap was sessions 74–76 (2019–21)" in result.stdout


def test_cli_check_names_the_other_bodys_text(council_db: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["check", "-", "--date", "2025-11-14", "--db", str(council_db)],
        input=SEED,
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 0, result.output
    assert "mix-up: General Assembly vs Human Rights Council dates: 2019–2022" in result.stdout
    assert (
        "other body: supported by reports (not a UN record), on the Human Rights Council's text"
        in result.stdout
    )


def test_ingest_report_counts_news(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.duckdb") as store:
        report = ingest_paths(store, [capture("news/26_rferl-2015-12-17-iran.md")])
    assert isinstance(report, IngestReport) and report.inserted == 1


def test_api_and_page(council_db: Path) -> None:
    import httpx

    from ungawatch.web.server import running

    with running(council_db) as base, httpx.Client(base_url=base, timeout=60) as http:
        response = http.post("/api/v1/check", json={"text": SEED, "date": "2025-11-14"})
        assert response.status_code == 200
        body = response.json()
        assert body["counts"]["contradicted"] >= 1
        assert {f["verdict"] for f in body["findings"]} <= {v.value for v in Verdict}
        twins = [f["twin"] for f in body["findings"] if f["twin"]]
        assert twins and {t["track"] for t in twins} == {"hrc"}
        assert {f["track"] for f in body["findings"]} == {"ga"}
        error = http.post("/api/v1/check", json={"text": ""})
        assert error.status_code == 422 and error.json()["error"]["code"] == "bad_parameter"
        page = http.get("/check")
        assert page.status_code == 200 and 'name="text"' in page.text
        checked = http.post("/check", data={"text": SEED, "date": "2025-11-14"})
        assert checked.status_code == 200
        assert checked.text.count('class="claim contradicted"') >= 1
        assert "sessions 74–76 (2019–21)" in checked.text
        assert 'class="twin"' in checked.text and "HRC sessions 40, 43, 46, 49" in checked.text
        bad = http.post("/check", data={"text": SEED, "date": "soon"})
        assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text
