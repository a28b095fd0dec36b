"""The baselines `analytics.py` measures ungawatch against: what a researcher would write.

Each function does the same work as the ungawatch case it stands beside, from the same
starting point (a fresh database file for ingest, a database file for agreement), and
returns its result so the two can be compared in the same run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from ungawatch.sources.votes_csv import seat_codes
from ungawatch.store import Store, open_store

VALUE = {"Y": 1.0, "A": 0.5, "N": 0.0}


def quiet(store: Store) -> Store:
    """No DuckDB progress bar in the benchmark's output."""
    store.execute("PRAGMA disable_progress_bar")
    return store


def _seats(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """The same seat-by-date rules ungawatch applies (USSR/Russia, Yugoslavia, Taiwan)."""
    seats, _ = seat_codes(pairs)
    return pd.DataFrame(
        {
            "country": [seat.name for seat in seats],
            "country_code": [seat.code for seat in seats],
            "valid_from": pd.to_datetime([seat.valid_from for seat in seats]),
            "valid_until": pd.to_datetime([seat.valid_until for seat in seats]),
            "state_code": [seat.state_code for seat in seats],
        }
    )


def pandas_ingest(data: Path, db: Path) -> int:
    """read_csv keeping Namibia's "NA", seats by date with a merge, one insert per table."""
    with open_store(db) as opened:
        store = quiet(opened)
        read = {"keep_default_na": False, "na_values": [], "dtype": str}
        votes = pd.read_csv(data / "un_votes.csv.gz", **read)
        calls = pd.read_csv(data / "un_roll_calls.csv.gz", **read)
        issues = pd.read_csv(data / "un_roll_call_issues.csv.gz", **read)
        calls["date"] = pd.to_datetime(calls["date"])
        merged = votes.merge(calls[["rcid", "date"]], on="rcid")
        pairs = list(merged[["country", "country_code"]].drop_duplicates().itertuples(None, None))
        merged = merged.merge(_seats(pairs), on=["country", "country_code"])
        merged = merged[
            (merged["date"] >= merged["valid_from"]) & (merged["date"] < merged["valid_until"])
        ]
        rows = merged.assign(
            source_kind="unvotes",
            record_id=merged["rcid"],
            vote=merged["vote"].map({"yes": "Y", "no": "N", "abstain": "A"}),
            printed_name=merged["country"],
            printed_code=merged["country_code"],
        )[["source_kind", "record_id", "state_code", "vote", "printed_name", "printed_code"]]
        store.insert_frame("roll_call_votes", rows)
        store.insert_frame(
            "roll_calls",
            calls.assign(
                source_kind="unvotes",
                record_id=calls["rcid"],
                session=calls["session"].astype(int),
                printed_symbol=calls["unres"],
            )[["source_kind", "record_id", "session", "date", "printed_symbol", "short", "descr"]],
        )
        store.insert_frame(
            "roll_call_issues",
            issues.assign(source_kind="unvotes", record_id=issues["rcid"]).rename(
                columns={"short_name": "issue_code"}
            )[["source_kind", "record_id", "issue_code", "issue"]],
        )
        return len(rows)


def duckdb_ingest(data: Path, db: Path) -> int:
    """The same load in DuckDB SQL: read_csv as text, seats joined by date, INSERT ... SELECT."""
    with open_store(db) as opened:
        store = quiet(opened)
        read = "all_varchar = true, nullstr = '__none__'"  # "NA" is Namibia, not missing
        store.execute(
            f"CREATE TEMP TABLE v AS SELECT * FROM read_csv('{data / 'un_votes.csv.gz'}', {read})"
        )
        store.execute(
            "CREATE TEMP TABLE c AS SELECT * FROM "
            f"read_csv('{data / 'un_roll_calls.csv.gz'}', {read})"
        )
        pairs = [
            (str(row["country"]), str(row["country_code"]))
            for row in store.rows("SELECT DISTINCT country, country_code FROM v")
        ]
        store.connection.register("seats", _seats(pairs))
        count = store.write(
            "INSERT INTO roll_call_votes SELECT 'unvotes', v.rcid, s.state_code, "
            "CASE v.vote WHEN 'yes' THEN 'Y' WHEN 'no' THEN 'N' WHEN 'abstain' THEN 'A' END, "
            "v.country, v.country_code FROM v JOIN c USING (rcid) JOIN seats s "
            "ON s.country = v.country AND s.country_code = v.country_code "
            "AND CAST(c.date AS DATE) >= s.valid_from AND CAST(c.date AS DATE) < s.valid_until"
        )
        store.write(
            "INSERT INTO roll_calls (source_kind, record_id, session, date, printed_symbol, "
            "short, descr) SELECT 'unvotes', rcid, CAST(session AS INTEGER), "
            "CAST(date AS DATE), unres, short, descr FROM c"
        )
        store.write(
            "INSERT INTO roll_call_issues SELECT 'unvotes', rcid, short_name, issue FROM "
            f"read_csv('{data / 'un_roll_call_issues.csv.gz'}', {read})"
        )
        return count


def vote_digest(db: Path) -> str:
    """md5 of every stored (roll call, state, vote), sorted: equal digests, equal votes."""
    with open_store(db, read_only=True) as opened:
        store = quiet(opened)
        rows = store.rows(
            "SELECT record_id, state_code, vote FROM roll_call_votes "
            "ORDER BY record_id, state_code, vote"
        )
    text = "\n".join(f"{r['record_id']},{r['state_code']},{r['vote']}" for r in rows)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _session_votes(store: Store, session: int | None) -> pd.DataFrame:
    where = "" if session is None else f"AND r.session = {int(session)}"
    return store.frame(
        "SELECT r.session, v.record_id, v.state_code, v.vote FROM roll_call_votes v "
        f"JOIN roll_calls r USING (source_kind, record_id) WHERE v.vote IN ('Y', 'N', 'A') {where}"
    )


def pandas_agreement(db: Path, session: int | None) -> dict[int, pd.DataFrame]:
    """The textbook way: self-merge each session's votes on the roll call, mean per pair.

    Yes 1, abstain 0.5, No 0: 1 - |a - b| is 1 for identical votes, 0.5 for an abstention
    against a Yes or No and 0 for Yes against No, the "half" convention.
    """
    with open_store(db, read_only=True) as opened:
        store = quiet(opened)
        frame = _session_votes(store, session)
    frame["x"] = frame["vote"].map(VALUE)
    matrices = {}
    for key, group in frame.groupby("session"):
        pairs = group.merge(group, on="record_id", suffixes=("_a", "_b"))
        pairs["score"] = 1.0 - (pairs["x_a"] - pairs["x_b"]).abs()
        table = pairs.groupby(["state_code_a", "state_code_b"])["score"].mean().unstack()
        matrices[int(key)] = table
    return matrices


def duckdb_agreement(db: Path, session: int | None) -> dict[int, pd.DataFrame]:
    """The same in DuckDB SQL: a self-join on the roll call, grouped by session and pair."""
    where = "" if session is None else f"AND r.session = {int(session)}"
    with open_store(db, read_only=True) as opened:
        store = quiet(opened)
        frame = store.frame(
            "WITH v AS (SELECT r.session, v.record_id, v.state_code, CASE v.vote WHEN 'Y' "
            "THEN 1.0 WHEN 'A' THEN 0.5 ELSE 0.0 END AS x FROM roll_call_votes v "
            f"JOIN roll_calls r USING (source_kind, record_id) WHERE v.vote IN ('Y','N','A') "
            f"{where}) SELECT a.session, a.state_code AS a, b.state_code AS b, "
            "avg(1 - abs(a.x - b.x)) AS score FROM v a JOIN v b USING (record_id) "
            "GROUP BY ALL"
        )
    return {
        int(key): group.pivot(index="a", columns="b", values="score")
        for key, group in frame.groupby("session")
    }


def largest_difference(ours: dict[int, pd.DataFrame], theirs: dict[int, pd.DataFrame]) -> float:
    """The largest |difference| between two sets of matrices over the pairs both have; inf
    when they cover different sessions."""
    if set(ours) != set(theirs):
        return float("inf")
    worst = 0.0
    for session, grid in ours.items():
        other = theirs[session].reindex(index=grid.index, columns=grid.columns)
        both = ~np.isnan(grid.to_numpy()) & ~np.isnan(other.to_numpy())
        if both.any():
            worst = max(worst, float(np.abs(grid.to_numpy() - other.to_numpy())[both].max()))
    return worst
