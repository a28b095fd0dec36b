"""`ingest`, `sync` and `reparse` at the command line: summaries, exit codes (0 clean, 1 something
rejected or quarantined, 2 usage error) and JSON errors, on real captures."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

from typer.testing import CliRunner

from conftest import FIXTURES, capture
from test_ingest_isolation import L39, with_record
from ungawatch.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def bad_date_export(folder: Path, drafts_xml: Path) -> Path:
    path = folder / "export.xml"
    text = with_record(drafts_xml.read_text("utf-8"), L39, ">2023-11-02<", ">2023-11-31<")
    path.write_text(text, "utf-8")
    return path


def test_a_clean_ingest_exits_0(tmp_path: Path) -> None:
    code, out, err = run("ingest", str(FIXTURES / "votes_78_220.xml"), "--db", str(tmp_path / "d"))
    assert code == 0, err
    assert "│ files committed      │ 2" not in out and "│ files committed      │ 1" in out
    assert "│ files rejected       │ 0" in out and "│ quarantined          │ 0" in out


def test_a_quarantined_record_exits_1_and_names_file_record_field(
    tmp_path: Path, drafts_xml: Path
) -> None:
    export = bad_date_export(tmp_path, drafts_xml)
    code, out, err = run("ingest", str(export), "--db", str(tmp_path / "d"))
    assert code == 1
    assert "│ inserted             │ 93" in out and "│ quarantined          │ 1" in out
    assert (
        f"quarantined {export}, record {L39}, field 269: date '2023-11-31' is not a real "
        "calendar date" in " ".join(err.split())
    )
    assert "Traceback" not in err


def test_a_bad_file_in_a_batch_exits_1_and_keeps_the_others(tmp_path: Path) -> None:
    text = capture("undocs/A_C.3_62_L.37_Rev.1.txt")
    drafts = capture("undl/session78_committee3_drafts.xml").read_bytes()
    truncated = tmp_path / "truncated.xml.gz"
    truncated.write_bytes(gzip.compress(drafts)[:5000])
    db = str(tmp_path / "d")
    code, out, err = run("ingest", str(text), str(truncated), "--db", db)
    assert code == 1
    assert "│ files committed      │ 1" in out and "│ files rejected       │ 1" in out
    flat = " ".join(err.split())
    assert f"file rejected {truncated}: the gzip file is truncated" in flat
    assert "Aborted" not in flat and "Traceback" not in flat
    code, out, _ = run("resolution", "A/C.3/62/L.37/Rev.1", "--db", db, "--json")
    assert code == 0 and len(json.loads(out)["sponsors"]["original"]) == 48


def test_json_report_has_files_committed_and_rejected(tmp_path: Path) -> None:
    text = capture("undocs/A_C.3_62_L.37_Rev.1.txt")
    excerpt = capture("undocs/A_C.3_78_L.40.txt")
    code, out, _ = run("ingest", str(text), str(excerpt), "--db", str(tmp_path / "d"), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["files"] == [str(text)] and report["files_committed"] == 1
    assert report["clean"] is False
    (refused,) = report["files_rejected"]
    assert refused["location"] == str(excerpt)
    assert "an excerpt of a catalogue record" in refused["message"]


def test_a_missing_file_is_a_rejected_file_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    code, out, err = run(
        "ingest", str(missing), str(FIXTURES / "votes_78_220.xml"), "--db", str(tmp_path / "d")
    )
    assert code == 1 and f"file rejected {missing}: no such file" in err
    assert "│ files committed      │ 1" in out


def test_usage_errors_exit_2_and_are_json_with_json(tmp_path: Path) -> None:
    code, _, err = run("ingest", "--db", str(tmp_path / "d"))
    assert code == 2 and "Missing argument" in err
    code, out, _ = run("ingest", "--db", str(tmp_path / "d"), "--json")
    error = json.loads(out)["error"]
    assert (error["code"], error["exit_code"]) == ("usage_error", 2)
    assert "Missing argument" in error["message"]
    code, out, _ = run("ingest", "x.xml", "--bogus", "--json")
    assert code == 2 and "No such option: --bogus" in json.loads(out)["error"]["message"]


def test_a_database_error_is_json_with_json(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    other.write_bytes(b"not a database at all" * 100)
    code, out, _ = run("ingest", str(FIXTURES / "votes_78_220.xml"), "--db", str(other), "--json")
    assert code == 1
    error = json.loads(out)["error"]
    assert error["code"] == "store_error" and "cannot open database" in error["message"]
    code, out, _ = run("resolution", "A/RES/78/218", "--db", str(tmp_path / "no"), "--json")
    assert code == 1 and "does not exist" in json.loads(out)["error"]["message"]


def test_sync_offline_fails_at_once_saying_how_to_load_by_hand(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = (
        "sync",
        "--session",
        "78",
        "--body",
        "C.3",
        "--kind",
        "drafts",
        "--db",
        str(tmp_path / "d"),
        "--data-dir",
        str(tmp_path / "data"),
        "--base-url",
        f"http://127.0.0.1:{port}",
        "--pause",
        "0",
    )
    code, out, err = run(*args)
    assert code == 1
    flat = " ".join(err.split())
    assert "could not reach the UN Digital Library: 127.0.0.1 refused the connection" in flat
    assert "ungawatch ingest FILE" in flat and "retry" not in flat
    assert "None" not in out + err
    assert "drafts-78-C.3: 0 records (total not known) in 0 pages" in " ".join(out.split())
    code, out, _ = run(*args, "--json")
    report = json.loads(out)
    assert code == 1 and report["summary"]["requests"] == 1
    assert "could not reach" in report["stopped"]


def test_reparse_with_nothing_archived_is_clean(tmp_path: Path) -> None:
    code, out, _ = run(
        "reparse", "--db", str(tmp_path / "d"), "--data-dir", str(tmp_path / "data"), "--json"
    )
    assert code == 0 and json.loads(out)["clean"] is True
