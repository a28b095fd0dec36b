"""Vote analytics on the real `unvotes` data, tested as invariants, plus their CLI commands."""

from __future__ import annotations

import json
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
from ungawatch.analysis.idealpoints import fit, ideal_points, vote_matrix
from ungawatch.analysis.network import sponsorship_network, write_graphml
from ungawatch.cli import app
from ungawatch.errors import NotFound, UngawatchError
from ungawatch.export import export
from ungawatch.ingest import ingest_paths
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
            [folder / "un_votes.csv.gz", capture("undl/session78_committee3_drafts.xml")],
        )
    assert report.votes == 870109
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


def test_cohesion_in_range_with_membership_of_the_session(votes_store: Store) -> None:
    frame = cohesion(votes_store, "European Union", start=60, end=74)
    assert frame["cohesion"].between(0, 1).all()
    members = dict(zip(frame["session"], frame["members"], strict=True))
    assert (members[60], members[62], members[74]) == (25, 27, 28)
    with pytest.raises(NotFound, match="Group of 77"):
        cohesion(votes_store, "G77")


def test_agreement_index_extremes() -> None:
    votes = pd.DataFrame(
        {"roll_call": [1, 1, 1, 2, 2, 2, 3], "vote": ["Y", "Y", "Y", "Y", "N", "A", "Y"]}
    )
    index = agreement_index(votes)
    assert index.to_dict() == {1: 1.0, 2: 0.0}


def test_ideal_points_put_the_united_states_positive(votes_store: Store) -> None:
    frame = ideal_points(votes_store, 60, 74)
    points = frame.set_index("state_code")["dim1"]
    assert points["USA"] > 0 and points["ISR"] > 0
    assert points["CUB"] < 0 and points["IRN"] < 0
    assert points.mean() == pytest.approx(0, abs=1e-9)


def test_ideal_points_ignore_roll_call_order(votes_store: Store) -> None:
    matrix = vote_matrix(votes_store, 70, 74)
    first, _ = fit(matrix.values)
    order = np.random.default_rng(3).permutation(matrix.values.shape[1])
    second, _ = fit(matrix.values[:, order])
    assert abs(np.corrcoef(first[:, 0], second[:, 0])[0, 1]) > 0.999


def test_two_dimensions_and_bootstrap_errors(votes_store: Store) -> None:
    frame = ideal_points(votes_store, 73, 74, dims=2, bootstrap=3)
    assert {"dim1", "dim2", "se1", "se2"} <= set(frame.columns)
    assert (frame["se1"] > 0).all()
    assert frame.set_index("state_code").loc["USA", "dim1"] > 0


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
    assert len(pd.read_parquet(tmp_path / "votes.parquet")) == 870109
    roll_calls = pd.read_parquet(tmp_path / "roll_calls.parquet")
    assert len(roll_calls) == 6203 and roll_calls["canonical"].all()
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
    assert [row["session"] for row in json.loads(out)] == [73, 74]
    code, out = run("agreement", "--matrix", "--session", "74", "--csv", *db)
    assert code == 0 and out.startswith("state_code,AFG,AGO")
    code, out = run("cohesion", "EU", "--from", "74", "--csv", *db)
    assert code == 0 and out.splitlines()[0] == "session,members,roll_calls,cohesion"
    code, out = run("idealpoints", "--from", "72", "--to", "74", "--json", *db)
    assert code == 0 and json.loads(out)[0]["dim1"] > 0
    code, out = run("network", "--session", "78", "--edges", "--csv", *db)
    assert code == 0 and out.startswith("source,target,weight")
    code, out = run("export", "--out", str(tmp_path / "x"), "--format", "csv", "--json", *db)
    assert code == 0 and len(json.loads(out)) == 6
    code, out = run("agreement", "Atlantis", "Israel", *db)
    assert code == 2 and "unknown state or group name 'Atlantis'" in out
    code, out = run("agreement", "--matrix", *db)
    assert code == 2 and "--matrix needs --session N" in out
