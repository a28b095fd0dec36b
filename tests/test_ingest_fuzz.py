"""Fuzzing ingest with mutations of real records: MARCXML records, document texts, vote rows.

Each example mutates real input (a field's value, a field dropped or doubled, a date made
impossible, bytes cut or inserted), ingests it into a fresh database through parse, resolve and
store, and checks that:

- nothing but the project's own errors escapes (`ingest_paths` reports instead of raising;
  with `strict` it may raise an `UngawatchError`, nothing else);
- the database stays consistent: every fact row belongs to a stored source record, a refused
  file leaves every table as it was, and a second ingest of the same input changes nothing.

Runs are seeded (`derandomize`) and bounded (a fixed number of examples, no shrinking), so
the suite takes the same time and finds the same things every run.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import FIXTURES, capture
from ungawatch.errors import UngawatchError
from ungawatch.ingest import IngestReport, ingest_paths
from ungawatch.sources.undl import MARC_NS
from ungawatch.store import Store, open_store

FUZZ = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    # No shrinking: it could replay a failing case for minutes; the report names the input.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
M = f"{{{MARC_NS}}}"

# Values a fuzzer would take long to find by chance: impossible dates, huge and negative
# numbers, names the registry lacks or spells in mojibake, another body's symbols.
AWKWARD = [
    "2023-02-30",
    "20231131",
    "2023-13-01",
    "0 November 2007",
    "31 November 2023",
    "1952",
    "",
    " ",
    "-1",
    "99999999999",
    "Y",
    "Q",
    "A/HRC/7/L.28",
    "AA/78/481/Add.2",
    "A/RES/217(III) A",
    "TÃ¼rkiye",
    "Narnia",
    "Cuba [on behalf of the Group of 77 and China]",
    "Albania, and and Narnia",
    "Adopted 122-55-1, 77th plenary meeting",
    "Adopted without vote",
    "x" * 500,
]
# XML-compatible text (no surrogates, control characters or noncharacters such as U+FFFE,
# which lxml refuses to set).
TEXT = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), max_size=60),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated database to copy for every example (a fresh one costs more)."""
    path = tmp_path_factory.mktemp("fuzz") / "template.duckdb"
    open_store(path).close()
    return path


@pytest.fixture
def fresh(template: Path, tmp_path: Path) -> Callable[[], Store]:
    counter = iter(range(1_000_000))

    def make() -> Store:
        path = tmp_path / f"fuzz-{next(counter)}.duckdb"
        shutil.copy(template, path)
        return open_store(path)

    return make


_TABLES = (
    "source_records",
    "documents",
    "links",
    "sponsorships",
    "adoptions",
    "votes",
    "record_notes",
    "changes",
    "quarantine",
    "roll_calls",
    "roll_call_votes",
    "roll_call_issues",
    "source_files",
)


def fingerprint(store: Store) -> tuple[int, ...]:
    """Rows per table, in one query."""
    counts = ", ".join(f"(SELECT count(*) FROM {table})" for table in _TABLES)
    return tuple(store.connection.execute(f"SELECT {counts}").fetchall()[0])


def consistent(store: Store) -> None:
    """Every fact row belongs to a stored source record, every stored source record has its
    rows, every vote and issue its roll call: one query, zero orphans of each kind."""
    orphans = [
        f"(SELECT count(*) FROM {table} ANTI JOIN source_records USING (source_kind, record_id))"
        for table in ("documents", "links", "sponsorships", "adoptions", "votes", "record_notes")
    ]
    orphans.append(
        "(SELECT count(*) FROM source_records ANTI JOIN roll_calls USING (source_kind, "
        "record_id) ANTI JOIN documents USING (source_kind, record_id))"
    )
    orphans += [
        f"(SELECT count(*) FROM {table} ANTI JOIN roll_calls USING (source_kind, record_id))"
        for table in ("roll_call_votes", "roll_call_issues")
    ]
    found = store.connection.execute(f"SELECT {', '.join(orphans)}").fetchall()[0]
    assert not any(found), f"orphan rows: {found}"


def ingest_and_check(store: Store, paths: list[Path]) -> IngestReport:
    """Ingest, check the database, ingest again (nothing may change), and, when something was
    refused, try `strict` (which may raise only the project's errors)."""
    before = fingerprint(store)
    report = ingest_paths(store, paths)
    consistent(store)
    if not report.files:
        assert fingerprint(store) == before, "a refused file changed the database"
    after = fingerprint(store)
    again = ingest_paths(store, paths)
    assert (again.inserted, again.updated) == (0, 0), "a second ingest changed records"
    assert fingerprint(store) == after, "a second ingest changed the tables"
    if not report.clean:
        with pytest.raises(UngawatchError):
            ingest_paths(store, paths, strict=True)
        consistent(store)
    return report


# --- MARCXML records ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> list[bytes]:
    """The real records of the session-78 export and the voting-record fixture, serialized."""
    found = []
    for path in (capture("undl/session78_committee3_drafts.xml"), FIXTURES / "votes_78_220.xml"):
        for _, element in etree.iterparse(str(path), tag=f"{M}record"):
            found.append(etree.tostring(element))
    return found


@st.composite
def mutated_export(draw: st.DrawFn, records: list[bytes]) -> bytes:
    """An export of a few real records, some of their fields mutated, maybe its bytes too."""
    picked = draw(st.lists(st.sampled_from(records), min_size=1, max_size=4))
    body = b"".join(mutate_record(draw, record) for record in picked)
    data = b'<collection xmlns="' + MARC_NS.encode() + b'">' + body + b"</collection>"
    if draw(st.integers(0, 9)) == 0:
        data = mutate_bytes(draw, data)
    return data


def mutate_record(draw: st.DrawFn, record: bytes) -> bytes:
    root = etree.fromstring(record)
    for _ in range(draw(st.integers(0, 3))):
        fields = root.findall(f"{M}datafield") + root.findall(f"{M}controlfield")
        if not fields:
            break
        field = draw(st.sampled_from(fields))
        action = draw(st.sampled_from(["value", "value", "drop", "double", "tag", "code"]))
        subfields = field.findall(f"{M}subfield")
        if action == "value" and subfields:
            draw(st.sampled_from(subfields)).text = draw(TEXT)
        elif action == "value":
            field.text = draw(TEXT)
        elif action == "drop":
            root.remove(field)
        elif action == "double":
            root.append(etree.fromstring(etree.tostring(field)))
        elif action == "tag":
            field.set("tag", draw(st.sampled_from(["001", "005", "191", "245", "269", "967"])))
        elif subfields:
            draw(st.sampled_from(subfields)).set("code", draw(st.sampled_from("abcde9")))
    return bytes(etree.tostring(root))


def mutate_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    action = draw(st.sampled_from(["cut", "insert", "delete"]))
    if action == "cut":
        return data[:at]
    if action == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
    return data[:at] + data[at + draw(st.integers(1, 200)) :]


@FUZZ
@given(data=st.data())
def test_mutated_marcxml_records(
    records: list[bytes], fresh: Callable[[], Store], tmp_path: Path, data: st.DataObject
) -> None:
    export = tmp_path / "export.xml"
    export.write_bytes(data.draw(mutated_export(records)))
    with fresh() as store:
        ingest_and_check(store, [export, FIXTURES / "votes_78_220.xml"])
        # The good file beside the mutated one is always stored.
        assert store.scalar("SELECT count(*) FROM documents WHERE record_id = 'fixture-78-220'")


# --- document texts -----------------------------------------------------------------------

TEXTS = ("A_C.3_62_L.37_Rev.1.txt", "A_78_481_Add.3.txt", "A_C.3_75_L.31_Rev.1.txt")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [capture(f"undocs/{name}").read_text("utf-8") for name in TEXTS]


@st.composite
def mutated_text(draw: st.DrawFn, texts: list[str]) -> str:
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["date", "replace", "insert", "delete", "symbol"]))
        at = draw(st.integers(0, len(text)))
        if action == "date":
            day = draw(st.integers(0, 40))
            month = draw(st.sampled_from(["November", "February", "Smarch"]))
            text = text.replace(" November 20", f" {month} 20", 1)
            text = _replace_first_day(text, day)
        elif action == "replace":
            end = at + draw(st.integers(0, 40))
            text = text[:at] + draw(TEXT) + text[end:]
        elif action == "insert":
            text = text[:at] + draw(st.sampled_from(AWKWARD)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 300)) :]
        else:
            text = draw(st.sampled_from(["A/HRC/7/L.28 ", "GA/SHC/3840 ", "S/RES/242 "])) + text
    return text


def _replace_first_day(text: str, day: int) -> str:
    return re.sub(r"\b\d{1,2}(?= (?:November|February|Smarch) \d{4})", str(day), text, count=1)


@FUZZ
@given(data=st.data())
def test_mutated_document_texts(
    texts: list[str], fresh: Callable[[], Store], tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "text.txt"
    path.write_text(data.draw(mutated_text(texts)), "utf-8", errors="surrogatepass")
    with fresh() as store:
        report = ingest_and_check(store, [path])
        if store.scalar("SELECT count(*) FROM documents"):
            bodies = {row["body"] for row in store.rows("SELECT DISTINCT body FROM documents")}
            assert "HRC" not in bodies, "a text was filed under the Human Rights Council"
        assert report.files or report.files_rejected


# --- vote CSV rows ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bulk_rows() -> list[list[str]]:
    """The UNDL voting-CSV sample's rows (header first)."""
    text = (FIXTURES / "undl_voting_sample.csv").read_text("utf-8")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture(scope="module")
def unvotes_rows() -> dict[str, list[list[str]]]:
    """Two real `unvotes` roll calls (one from 1946, one with Austria) with their votes."""
    source = capture("unvotes/un_votes.csv.gz").parent
    tables = {}
    for stem in ("un_votes", "un_roll_calls", "un_roll_call_issues"):
        text = gzip.decompress((source / f"{stem}.csv.gz").read_bytes()).decode()
        rows = list(csv.reader(io.StringIO(text)))
        tables[stem] = [rows[0]] + [row for row in rows[1:] if row[0] in ("3", "460")]
    return tables


# Values for vote-row columns: codes and names that disagree, odd vote codes, bad dates.
CELL = st.one_of(
    st.sampled_from(
        ["AT", "ATLANTIS", "Austria", "XXX", "NA", "Namibia", "", "yes", "Q", "X", "N", "1"]
    ),
    st.sampled_from(["1946-02-30", "2023-12-32", "", "78", "LXXVIII", "-3", "99999999999"]),
    st.text(max_size=20),
)


@st.composite
def mutated_rows(draw: st.DrawFn, rows: list[list[str]]) -> list[list[str]]:
    """Real rows with a few cells replaced and maybe one row given twice."""
    header, body = rows[0], [list(row) for row in rows[1:]]
    for _ in range(draw(st.integers(1, 5))):
        row = draw(st.sampled_from(body))
        row[draw(st.integers(0, len(header) - 1))] = draw(CELL)
    if draw(st.booleans()):
        body.append(list(draw(st.sampled_from(body))))  # a row twice
    return [header, *body]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8", errors="surrogatepass") as out:
        csv.writer(out).writerows(rows)


@FUZZ
@given(data=st.data())
def test_mutated_vote_csv_rows(
    bulk_rows: list[list[str]], fresh: Callable[[], Store], tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "votes.csv"
    write_csv(path, data.draw(mutated_rows(bulk_rows)))
    with fresh() as store:
        ingest_and_check(store, [path])
        unresolved = store.scalar(
            "SELECT count(*) FROM roll_call_votes WHERE state_code IS NULL OR vote IS NULL"
        )
        assert unresolved == 0


@FUZZ
@given(data=st.data())
def test_mutated_unvotes_rows(
    unvotes_rows: dict[str, list[list[str]]],
    fresh: Callable[[], Store],
    tmp_path: Path,
    data: st.DataObject,
) -> None:
    stem = data.draw(st.sampled_from(["un_votes", "un_votes", "un_roll_calls"]))
    for name, rows in unvotes_rows.items():
        write_csv(tmp_path / f"{name}.csv", data.draw(mutated_rows(rows)) if name == stem else rows)
    with fresh() as store:
        ingest_and_check(store, [tmp_path / "un_votes.csv"])
        # A row coded AT is credited to Austria only when its name says Austria too.
        austria = store.rows(
            "SELECT DISTINCT printed_name FROM roll_call_votes WHERE state_code = 'AUT'"
        )
        assert all(row["printed_name"] == "Austria" for row in austria)
