"""Each CLI command end to end, through typer's runner, with the exact user-facing text pinned."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import FIXTURES
from ungawatch.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_ingest_twice_then_json_report(tmp_path: Path, drafts_xml: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    code, out, _ = run("ingest", str(drafts_xml), "--db", db)
    assert code == 0, out
    assert "Ingest summary" in out and "94" in out
    assert "missing from 710: Micronesia (Federated States of), Monaco" in out
    code, out, _ = run("ingest", str(drafts_xml), "--db", db, "--json")
    report = json.loads(out)
    assert (report["inserted"], report["updated"], report["unchanged"]) == (0, 0, 94)


def test_db_from_environment(tmp_path: Path, drafts_xml: Path) -> None:
    db = tmp_path / "env.duckdb"
    result = runner.invoke(
        app, ["ingest", str(FIXTURES / "votes_78_220.xml")], env={"UNGAWATCH_DB": str(db)}
    )
    assert result.exit_code == 0 and db.exists()


def test_resolution_text_and_json(loaded_db: Path) -> None:
    code, out, _ = run("resolution", "A/RES/78/218", "--db", str(loaded_db))
    assert code == 0
    assert "Situation of human rights in the Democratic People's Republic of Korea" in out
    assert "Original sponsors (40), listed in A/C.3/78/L.39:" in out
    assert "Additional sponsors (22), listed in A/78/481/Add.3:" in out
    assert "Türkiye" in out and "without a vote" in out
    code, out, _ = run("resolution", "A/C.3/78/L.39", "--db", str(loaded_db), "--json")
    view = json.loads(out)
    assert view["resolution"] == "A/RES/78/218" and len(view["sponsors"]["original"]) == 40


def test_resolution_unknown_symbol_message(loaded_db: Path) -> None:
    code, _, err = run("resolution", "A/C.3/78/L.390", "--db", str(loaded_db))
    assert code == 2
    assert (
        "error: document A/C.3/78/L.390 is not in the database. Did you mean: A/C.3/78/L.39" in err
    )


def test_bad_symbol_message(loaded_db: Path) -> None:
    code, _, err = run("resolution", "hello", "--db", str(loaded_db))
    assert code == 2 and "not a UN document symbol: 'hello'" in err


def test_missing_database_message(tmp_path: Path) -> None:
    code, _, err = run("resolution", "A/RES/78/218", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1
    assert "does not exist; run `ungawatch ingest` first" in err


def test_history_json_keys_and_wide(loaded_db: Path) -> None:
    query = "human rights in the Democratic People's Republic of Korea"
    code, out, _ = run(
        "history", query, "--country", "South Korea", "--db", str(loaded_db), "--json"
    )
    assert code == 0
    (row,) = json.loads(out)
    assert {
        "session",
        "year",
        "body",
        "draft",
        "resolution",
        "sponsor_role",
        "sponsor_document",
        "sponsor_record",
        "plenary_vote",
        "committee_vote",
        "sources",
    } <= set(row)
    assert (row["session"], row["sponsor_role"], row["draft"]) == (78, "original", "A/C.3/78/L.39")
    code, out, _ = run("history", query, "--wide", "--db", str(loaded_db), "--csv")
    assert code == 0 and "Republic of Korea,O/nv" in out
    code, out, _ = run("history", query, "--country", "KOR", "--db", str(loaded_db))
    assert code == 0 and "A/RES/78/218" in out


def test_history_ambiguous_query_lists_titles(loaded_db: Path) -> None:
    code, _, err = run("history", "human rights", "--db", str(loaded_db))
    assert code == 2 and "use more words or a symbol" in err


def test_changes_with_one_session_says_why_empty(loaded_db: Path) -> None:
    code, out, _ = run("changes", "--session", "78", "--db", str(loaded_db))
    assert code == 0 and "a text needs two sessions to compare" in out
    code, out, _ = run("changes", "--session", "78", "--db", str(loaded_db), "--json")
    assert json.loads(out) == []


def test_countries(tmp_path: Path) -> None:
    code, out, _ = run("countries", "CÃ´te d'Ivoire", "--json")
    assert code == 0 and json.loads(out)[0]["code"] == "CIV"
    code, _, err = run("countries", "Narnia")
    assert code == 2 and "unknown state or group name 'Narnia'" in err
    code, out, _ = run("countries", "--json")
    assert len([s for s in json.loads(out) if s["kind"] == "member" and not s["ended"]]) == 193


def test_status(loaded_db: Path) -> None:
    code, out, _ = run("status", "--db", str(loaded_db), "--json")
    summary = json.loads(out)
    assert code == 0 and summary["tables"]["documents"] == 96
    assert {"session": "78", "body": "C.3", "documents": 94} in summary["coverage"]


def test_every_command_has_help_with_an_example() -> None:
    for command in app.registered_commands:
        assert command.callback is not None
        assert "Example: ungawatch" in (command.callback.__doc__ or ""), command.name


def test_conflicts_command(tmp_path: Path, drafts_xml: Path) -> None:
    from conftest import capture

    db = str(tmp_path / "conflicts.duckdb")
    report = capture("undocs/A_78_481_Add.3.txt")
    assert run("ingest", str(drafts_xml), str(report), "--db", db)[0] == 0
    code, out, _ = run("conflicts", "--db", db)
    assert code == 0 and "0 disagreement(s) between sources." in out
    code, out, _ = run("conflicts", "--db", db, "--json", "--kind", "sponsors")
    assert code == 0 and json.loads(out) == []
    code, _, err = run("conflicts", "--db", db, "--kind", "bogus")
    assert code == 2 and "unknown --kind bogus" in err


def test_importing_the_package_loads_no_database_library() -> None:
    """`ungawatch --help` must start fast: the heavy libraries load only when a command
    needs them, so neither the package nor the CLI that `--help` builds may import them."""
    heavy = ("duckdb", "pandas", "scipy", "pyarrow", "numpy", "polars", "lxml", "httpx")
    code = (
        "import sys, ungawatch, ungawatch.vocabulary, ungawatch.sessions, ungawatch.cli; "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
