"""Vote analytics on the real `unvotes` data (and a Third Committee vote read from the
committee report's text), tested as invariants and against the field's published figures,
plus their CLI commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import capture
from ungawatch.analysis.agreement import (
    agreement,
    agreement_matrices,
    agreement_matrix,
    matrix_of,
    recorded_votes,
    seat_codes,
)
from ungawatch.analysis.cohesion import agreement_index, cohesion
from ungawatch.analysis.dynamic import dynamic_ideal_points, vote_data
from ungawatch.analysis.dynamic import fit as fit_dynamic
from ungawatch.analysis.idealpoints import fit, ideal_points, vote_matrix
from ungawatch.analysis.network import sponsorship_network, write_graphml
from ungawatch.analysis.plot import PlotUnavailable, plot_dynamic
from ungawatch.analysis.reference import correlate, read_bsv
from ungawatch.cli import app
from ungawatch.errors import InvalidRange, NotFound, UngawatchError
from ungawatch.export import export
from ungawatch.ingest import ingest_paths
from ungawatch.sessions import session_range
from ungawatch.store import Store, open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def votes_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `unvotes` set and the session-78 drafts (for the co-sponsorship network)."""
    folder = capture("unvotes/un_votes.csv.gz").parent
    path = tmp_path_factory.mktemp("analysis") / "votes.duckdb"
    with open_store(path) as store:
        report = ingest_paths(
            store,
            [
                folder / "un_votes.csv.gz",
                capture("undl/session78_committee3_drafts.xml"),
                capture("undocs/A_78_481_Add.3.txt"),
            ],
        )
    assert report.votes >= 870109
    return path


@pytest.fixture
def votes_store(votes_db: Path) -> Iterator[Store]:
    with open_store(votes_db, read_only=True) as store:
        yield store


def _check_matrix(matrix: pd.DataFrame) -> None:
    values = matrix.to_numpy()
    assert list(matrix.index) == list(matrix.columns)
    assert np.allclose(values, values.T, equal_nan=True)
    assert np.allclose(np.diag(values), 1.0)
    finite = values[~np.isnan(values)]
    assert finite.min() >= 0.0 and finite.max() <= 1.0


@pytest.mark.parametrize("abstain", ["half", "exclude"])
def test_agreement_matrix_invariants(votes_store: Store, abstain: str) -> None:
    for session in (10, 45, 74):
        _check_matrix(agreement_matrix(votes_store, session, abstain=abstain))


def test_agreement_matrix_ignores_row_order(votes_store: Store) -> None:
    rows = recorded_votes(votes_store, start=70, end=70)
    shuffled = rows.sample(frac=1.0, random_state=7)
    pd.testing.assert_frame_equal(matrix_of(rows), matrix_of(shuffled))


def test_pair_series_matches_the_matrix(votes_store: Store) -> None:
    pair = agreement(votes_store, "United States", "Israel", start=74, end=74)
    grid = agreement_matrix(votes_store, 74)
    assert pair["agreement"].iloc[0] == pytest.approx(grid.loc["USA", "ISR"])
    excluded = agreement(votes_store, "USA", "ISR", start=74, end=74, abstain="exclude")
    row = excluded.iloc[0]
    assert row["votes"] == row["agree"] + row["opposite"] and row["half"] == 0
    assert row["agreement"] == pytest.approx(
        agreement_matrix(votes_store, 74, abstain="exclude").loc["USA", "ISR"]
    )


def test_all_sessions_at_once(votes_store: Store) -> None:
    matrices = agreement_matrices(votes_store)
    assert sorted(matrices) == list(range(1, 75))
    assert matrices[74].shape == (193, 193)


def test_a_state_continues_the_seat_it_took_over(votes_store: Store) -> None:
    assert seat_codes("Russia") == ("RUS", "SUN")
    assert seat_codes("Yemen") == ("YEM",)  # two Yemens merged: neither is "the" seat
    frame = agreement(votes_store, "Russian Federation", "United States", start=44, end=48)
    assert list(frame["session"]) == [44, 45, 46, 47, 48]


def test_issue_filter_and_bad_mode(votes_store: Store) -> None:
    every = agreement(votes_store, "USA", "GBR", start=60, end=60)
    human_rights = agreement(votes_store, "USA", "GBR", start=60, end=60, issue="hr")
    assert 0 < human_rights["votes"].iloc[0] < every["votes"].iloc[0]
    assert human_rights.equals(
        agreement(votes_store, "USA", "GBR", start=60, end=60, issue="Human rights")
    )
    with pytest.raises(UngawatchError, match="abstain must be one of"):
        agreement(votes_store, "USA", "GBR", abstain="double")


def test_years_read_as_the_session_that_opened_in_them(votes_store: Store) -> None:
    by_year = agreement(votes_store, "USA", "ISR", from_year=2015, to_year=2017)
    by_session = agreement(votes_store, "USA", "ISR", start=70, end=72)
    pd.testing.assert_frame_equal(by_year, by_session)
    pairs = list(zip(by_year["session"], by_year["year"], strict=True))
    assert pairs == [(70, 2015), (71, 2016), (72, 2017)]
    with pytest.raises(InvalidRange, match="2010 is session 65"):
        agreement(votes_store, "USA", "ISR", start=74, from_year=2010)
    with pytest.raises(InvalidRange, match="range is empty"):
        agreement(votes_store, "USA", "ISR", start=74, end=70)


def test_committee_votes_count_only_on_request_and_say_so(votes_store: Store) -> None:
    plenary = agreement(votes_store, "United States", "Israel", start=70)
    assert 78 not in set(plenary["session"]) and set(plenary["body"]) == {"plenary"}
    both = agreement(votes_store, "United States", "Israel", start=70, include_committee=True)
    committee = both[both["session"] == 78]
    assert list(committee["body"]) == ["C.3"] and list(committee["votes"]) == [1]
    pd.testing.assert_frame_equal(both[both["body"] == "plenary"].reset_index(drop=True), plenary)
    with pytest.raises(NotFound, match="recorded plenary vote cast by both"):
        agreement(votes_store, "United States", "Israel", start=78)


def test_identical_convention_reproduces_bsv_usagree(votes_store: Store) -> None:
    """The `USAgree` column of the BSV file is the share of identical votes (an abstention
    against a Yes or No counts 0) over the roll calls both voted Y, N or A on."""
    reference = read_bsv(capture("bsv/IdealpointestimatesAll_Jun2024.csv.gz"))
    grid = agreement_matrix(votes_store, 74, abstain="identical")
    theirs = reference[reference["session"] == 74].set_index("state_code")["USAgree"]
    ours = grid.loc["USA"].reindex(theirs.index).dropna()
    assert len(ours) >= 190
    assert (abs(ours - theirs[ours.index]) < 1e-6).mean() > 0.95
    half = agreement_matrix(votes_store, 74, abstain="half")
    # An abstention against a Yes or No earns half a point under "half", none here.
    assert (grid.to_numpy() <= half.loc[grid.index, grid.columns].to_numpy() + 1e-12).all()


def test_session_range_reads_years_and_refuses_contradictions() -> None:
    found = session_range(from_year=2015, last=74)
    assert (found.first, found.last) == (70, 74)
    assert found.readings == ("2015 is session 70 (2015–16)",)
    assert session_range(year=2023).first == session_range(session=78).last == 78
    with pytest.raises(InvalidRange, match="--session 70 and --year 2016 disagree"):
        session_range(session=70, year=2016)
    with pytest.raises(InvalidRange, match="first regular session opened in 1946"):
        session_range(from_year=1900)
    with pytest.raises(InvalidRange, match="cannot be combined"):
        session_range(year=2015, first=60)


def test_cohesion_in_range_with_membership_of_the_session(votes_store: Store) -> None:
    frame = cohesion(votes_store, "European Union", start=60, end=74)
    assert frame["cohesion"].between(0, 1).all()
    members = dict(zip(frame["session"], frame["members"], strict=True))
    assert (members[60], members[62], members[74]) == (25, 27, 28)
    assert set(frame["body"]) == {"plenary"} and (frame["assumed"] == 0).all()
    assert list(frame["year"]) == [session + 1945 for session in frame["session"]]


def test_cohesion_of_the_g77_and_the_regional_groups(votes_store: Store) -> None:
    g77 = cohesion(votes_store, "G77", from_year=2000)
    assert list(g77["session"]) == list(range(55, 75))
    # South Sudan joined the G77 in 2015: 132 UN members before, 133 after.
    members = dict(zip(g77["session"], g77["members"], strict=True))
    assert (members[69], members[70]) == (132, 133)
    # The Group's list has no joining dates: those members are reported as assumed.
    assert (g77["assumed"] > 100).all()
    african = cohesion(votes_store, "African Group")
    assert african["session"].min() == 18  # the regional groups date from 1963
    members = dict(zip(african["session"], african["members"], strict=True))
    assert members[18] < members[48] < members[74] == 54
    # The Group votes as a bloc more than the General Assembly as a whole splits.
    assert african["cohesion"].mean() > 0.8


def test_cohesion_names_the_body_when_committee_votes_count(votes_store: Store) -> None:
    plenary = cohesion(votes_store, "EU", start=78, end=78, include_committee=True)
    assert list(zip(plenary["session"], plenary["body"], strict=True)) == [(78, "C.3")]
    with pytest.raises(NotFound, match="plenary vote cast by two or more members"):
        cohesion(votes_store, "EU", start=78, end=78)


def test_agreement_index_extremes() -> None:
    votes = pd.DataFrame(
        {"roll_call": [1, 1, 1, 2, 2, 2, 3], "vote": ["Y", "Y", "Y", "Y", "N", "A", "Y"]}
    )
    index = agreement_index(votes)
    assert index.to_dict() == {1: 1.0, 2: 0.0}


def test_static_ideal_points_order_the_known_camps(votes_store: Store) -> None:
    frame = ideal_points(votes_store, 60, 74)
    points = frame.set_index("state_code")["dim1"]
    # The United States is positive by construction; the rest is what the votes say.
    western = [points[code] for code in ("ISR", "CAN", "GBR", "FRA", "AUS")]
    opposed = [points[code] for code in ("CUB", "IRN", "SYR", "PRK", "VEN")]
    assert min(western) > points.median() > max(opposed)
    assert points["ISR"] > points["GBR"] > points["BRA"] > points["CUB"]
    assert (frame["sessions"] == "60–74").all() and (frame["years"] == "2005–2019").all()


def test_static_ideal_points_correlate_with_the_published_estimates(votes_store: Store) -> None:
    reference = read_bsv(capture("bsv/IdealpointestimatesAll_Jun2024.csv.gz"))
    ours = ideal_points(votes_store, 70, 74).set_index("state_code")["dim1"]
    theirs = (
        reference[reference["session"].between(70, 74)]
        .groupby("state_code")["IdealPointAll"]
        .mean()
    )
    joined = pd.concat([ours, theirs], axis=1, join="inner")
    assert len(joined) >= 190
    assert np.corrcoef(joined.iloc[:, 0], joined.iloc[:, 1])[0, 1] > 0.95


def test_ideal_points_ignore_roll_call_order(votes_store: Store) -> None:
    matrix = vote_matrix(votes_store, 70, 74)
    first, _ = fit(matrix.values)
    order = np.random.default_rng(3).permutation(matrix.values.shape[1])
    second, _ = fit(matrix.values[:, order])
    assert abs(np.corrcoef(first[:, 0], second[:, 0])[0, 1]) > 0.999


def test_two_dimensions_and_bootstrap_errors(votes_store: Store) -> None:
    frame = ideal_points(votes_store, 73, 74, dims=2, bootstrap=3)
    assert {"dim1", "dim2", "se1", "se2"} <= set(frame.columns)
    assert (frame["se1"] > 0).all() and (frame["se1"] < 1).all()
    points = frame.set_index("state_code")["dim1"]
    assert points["ISR"] > points.median() > points["CUB"]


@pytest.fixture(scope="module")
def dynamic_frame(votes_db: Path) -> pd.DataFrame:
    """Dynamic ideal points over the end of the Cold War, sessions 38-52 (1983-97)."""
    with open_store(votes_db, read_only=True) as store:
        return dynamic_ideal_points(store, start=38, end=52)


def test_dynamic_ideal_points_follow_known_moves(dynamic_frame: pd.DataFrame) -> None:
    points = dynamic_frame.set_index(["state_code", "session"])["ideal_point"]
    # Moscow moved toward the West after 1991: the Russian Federation of 1993 stands well
    # above the USSR of 1985, which stood below the Assembly's median.
    assert points["RUS", 48] > points["SUN", 40] + 1.0
    assert points["SUN", 40] < dynamic_frame.query("session == 40")["ideal_point"].median()
    # The West at one end, Cuba at the other, Brazil and India between (as in BSV's file).
    for session in (40, 45, 50):
        order = [points[code, session] for code in ("USA", "GBR", "BRA", "IND", "CUB")]
        assert order == sorted(order, reverse=True)
    frame = dynamic_frame
    assert (frame["year"] == frame["session"] + 1945).all()
    assert (frame["lower"] < frame["ideal_point"]).all()
    assert (frame["ideal_point"] < frame["upper"]).all()
    assert frame.attrs["converged"] and frame.attrs["bodies"] == "plenary"


def test_dynamic_ideal_points_correlate_with_bsv(dynamic_frame: pd.DataFrame) -> None:
    reference = read_bsv(capture("bsv/IdealpointestimatesAll_Jun2024.csv.gz"))
    found = correlate(dynamic_frame, reference)
    assert found.pairs > 2000
    # Issue 15's per-session target; the early 1980s (sessions 38-40) agree least.
    assert found.median > 0.97 and found.worst > 0.85
    assert found.overall > 0.9


def test_dynamic_model_recovers_simulated_points() -> None:
    """Votes simulated from known ideal points that drift: the fit finds them again."""
    generator = np.random.default_rng(5)
    states, sessions, per_session = 60, 8, 40
    truth = np.cumsum(generator.normal(0, 0.3, (states, sessions)), axis=1)
    truth += generator.normal(0, 1, (states, 1))
    chain, item, vote = [], [], []
    for t in range(sessions):
        for k in range(per_session):
            alpha, beta = generator.normal(0, 1), generator.normal(0, 1.5)
            latent = alpha + beta * truth[:, t] + generator.normal(0, 1, states)
            cast = np.where(latent < -0.4, 0, np.where(latent < 0.4, 1, 2))
            chain.extend(range(states))
            item.extend([t * per_session + k] * states)
            vote.extend(cast)
    data = vote_data(
        pd.DataFrame(
            {
                "session": np.repeat(np.arange(sessions), per_session * states) + 60,
                "roll_call": item,
                "state_code": [f"S{code:02d}" for code in chain],
                "vote": np.array(["N", "A", "Y"])[vote],
            }
        )
    )
    fitted = fit_dynamic(data)
    estimate = fitted.mean
    r = np.corrcoef(estimate.ravel(), truth.ravel())[0, 1]
    assert abs(r) > 0.95
    # Movement over time is recovered too, not only the cross-section.
    moves = np.corrcoef(np.diff(estimate, axis=1).ravel(), np.diff(truth, axis=1).ravel())[0, 1]
    assert abs(moves) > 0.6


def test_plot_writes_a_png(dynamic_frame: pd.DataFrame, tmp_path: Path) -> None:
    path = plot_dynamic(dynamic_frame, ["USA", "Russia"], tmp_path / "points.png", title="t")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    with pytest.raises(NotFound, match="ideal point of South Sudan"):
        plot_dynamic(dynamic_frame, ["South Sudan"], tmp_path / "x.png", title="t")


def test_plot_says_which_extra_to_install(
    dynamic_frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    with pytest.raises(PlotUnavailable, match=r"pip install 'ungawatch\[plot\]'"):
        plot_dynamic(dynamic_frame, ["USA"], tmp_path / "points.png", title="t")


def test_cli_says_which_extra_to_install(
    votes_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    plot = str(tmp_path / "p.png")
    code, out = run(
        "idealpoints", "--dynamic", "--year", "2019", "--plot", plot, "--db", str(votes_db)
    )
    assert code == 1 and "pip install 'ungawatch[plot]'" in out


def test_sponsorship_network(votes_store: Store, tmp_path: Path) -> None:
    found = sponsorship_network(votes_store, 78)
    assert (found.edges["source"] < found.edges["target"]).all()
    assert (found.edges["weight"] > 0).all()
    assert found.nodes["community"].notna().all()
    assert set(found.nodes["state_code"]) == set(found.graph.nodes)
    path = tmp_path / "net.graphml"
    write_graphml(found, path)
    again = nx.read_graphml(path)
    assert again.number_of_edges() == found.graph.number_of_edges()
    with pytest.raises(NotFound):
        sponsorship_network(votes_store, 12)


def test_export_writes_every_table_and_a_dictionary(votes_store: Store, tmp_path: Path) -> None:
    written = export(votes_store, tmp_path, "parquet")
    assert [path.name for path in written] == [
        "roll_calls.parquet",
        "votes.parquet",
        "sponsorships.parquet",
        "documents.parquet",
        "states.parquet",
        "data_dictionary.csv",
    ]
    votes = pd.read_parquet(tmp_path / "votes.parquet")
    assert (votes["source_kind"] == "unvotes").sum() == 870109
    roll_calls = pd.read_parquet(tmp_path / "roll_calls.parquet")
    assert (roll_calls["source_kind"] == "unvotes").sum() == 6203
    assert roll_calls["canonical"].all()
    assert set(roll_calls["body"]) == {"plenary", "C.3"}
    dictionary = pd.read_csv(tmp_path / "data_dictionary.csv")
    assert set(dictionary["table"]) == {
        "roll_calls",
        "votes",
        "sponsorships",
        "documents",
        "states",
    }


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout + result.stderr


def test_cli_commands(votes_db: Path, tmp_path: Path) -> None:
    db = ["--db", str(votes_db)]
    code, out = run(
        "agreement", "United States", "Israel", "--from", "73", "--to", "74", "--json", *db
    )
    assert code == 0, out
    assert [(row["session"], row["year"]) for row in json.loads(out)] == [(73, 2018), (74, 2019)]
    code, out = run("agreement", "--matrix", "--year", "2019", "--csv", *db)
    assert code == 0 and out.startswith("state_code,AFG,AGO")
    code, out = run("cohesion", "EU", "--from", "74", "--csv", *db)
    assert code == 0 and out.splitlines()[0] == (
        "session,year,body,members,assumed,roll_calls,cohesion"
    )
    code, out = run("idealpoints", "--from", "72", "--to", "74", "--json", *db)
    rows = {row["state_code"]: row for row in json.loads(out)}
    assert code == 0 and rows["ISR"]["dim1"] > rows["BRA"]["dim1"] > rows["IRN"]["dim1"]
    code, out = run("network", "--year", "2023", "--edges", "--csv", *db)
    assert code == 0 and out.startswith("source,target,weight")
    code, out = run("export", "--out", str(tmp_path / "x"), "--format", "csv", "--json", *db)
    assert code == 0 and len(json.loads(out)) == 6
    code, out = run("agreement", "Atlantis", "Israel", *db)
    assert code == 2 and "unknown state or group name 'Atlantis'" in out
    code, out = run("agreement", "--matrix", *db)
    assert code == 2 and "--matrix needs one session" in out


def test_cli_reads_years_and_says_which_session(votes_db: Path) -> None:
    db = ["--db", str(votes_db)]
    result = runner.invoke(
        app, ["agreement", "United States", "Israel", "--year", "2015", "--csv", *db]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("70,2015,plenary,")
    assert "note: 2015 is session 70 (2015–16)" in result.stderr
    code, out = run(
        "agreement", "United States", "Israel", "--from", "74", "--from-year", "2010", *db
    )
    assert code == 2 and "2010 is session 65 (2010–11)" in out
    code, out = run("cohesion", "African Group", "--from-year", "2018", "--csv", *db)
    assert code == 0 and out.splitlines()[1].startswith("73,2018,plenary,54,0,")
    code, out = run("agreement", "USA", "Israel", "--from", "77", "--include-committee", *db)
    assert code == 0 and "│ 78      │ 2023 │ C.3" in out


def test_cli_dynamic_ideal_points_and_plot(votes_db: Path, tmp_path: Path) -> None:
    db = ["--db", str(votes_db)]
    plot = tmp_path / "points.png"
    result = runner.invoke(
        app,
        [
            "idealpoints", "--dynamic", "--from-year", "2010", "--to-year", "2014",
            "--country", "Cuba", "--csv", "--plot", str(plot), "--plot-states", "USA,Cuba", *db,
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "state_code,state,session,year,votes,ideal_point,sd,lower,upper"
    assert [line.split(",")[2:4] for line in lines[1:]] == [
        [str(s), str(s + 1945)] for s in range(65, 70)
    ]
    assert plot.stat().st_size > 10_000 and f"wrote {plot}" in result.stderr
    code, out = run("idealpoints", "--plot", str(plot), *db)
    assert code == 2 and "add --dynamic" in out
