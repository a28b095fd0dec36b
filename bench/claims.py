"""Claim checking measured on the shared news stories against their hand-checked claims.

Builds a database from the shared captures (UN Digital Library export, UN document texts,
the recorded votes, the Human Rights Council files where this ungawatch reads them, and the
news stories themselves as reports), checks every story (each story is left out of the
reports it is checked against), and matches the claims found with the `## Claims` labels of
the story. The labels are read here, for measuring only: the checker never sees them.

Prints: extraction recall and precision (overall and per kind), verdict accuracy per kind and
per evidence tier, the confusion table (truth true / false / unverified x verdict), the
contradicted verdicts on claims whose truth is true or unverified (must be none), and timing.

    python bench/claims.py [--data ../shared/data] [--verbose]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ungawatch.claims.check import check_report
from ungawatch.claims.extract import extract
from ungawatch.claims.model import Finding
from ungawatch.claims.numbers import cardinal, ordinal
from ungawatch.ingest import ingest_paths
from ungawatch.sources.news import read_news
from ungawatch.store import open_store

REPO = Path(__file__).resolve().parents[1]
CORRECT = {"true": "supported", "false": "contradicted", "unverified": "not_in_record"}
_ADOPTION_WORDS = {
    "without_vote": ("consensus", "without a vote"),
    "unanimous": ("unanimous",),
    "recorded_vote": ("vote",),
    "adopted": ("20", "passed", "plenary", "adopt"),
    "procedure": ("two-thirds", "failures", "majority"),
    "expected": ("plenary in", "next"),
}


@dataclass
class Label:
    file: str
    claim: str
    kind: str
    countries: frozenset[str]
    years: frozenset[int]
    stated: str
    truth: str

    @property
    def numbers(self) -> set[int]:
        return numbers_in(f"{self.stated} {self.claim}") - set(self.years)


def labels_of(path: Path) -> list[Label]:
    """The `## Claims` section of a story: one label per `- claim:` entry."""
    text = path.read_text("utf-8")
    if "## Claims" not in text:
        return []
    section = text.split("## Claims", 1)[1].split("\n## ", 1)[0]
    found = []
    for block in re.split(r"\n- claim:", "\n" + section)[1:]:
        fields = {"claim": block.split("\n", 1)[0].strip().strip('"')}
        for line in block.splitlines()[1:]:
            match = re.match(r"\s+(\w+):\s*(.*)$", line)
            if match:
                fields[match[1]] = match[2].strip().strip('"')
        countries = frozenset(c for c in fields.get("country", "").split(";") if c and c != "null")
        found.append(
            Label(
                path.name,
                fields["claim"],
                fields.get("kind", ""),
                frozenset("EUU" if c == "EU" else c for c in countries),
                frozenset(_years(fields.get("year", ""))),
                fields.get("stated_value", ""),
                fields.get("truth", ""),
            )
        )
    return found


def _years(text: str) -> list[int]:
    found = [int(y) for y in re.findall(r"(?:19|20)\d\d", text)]
    return list(range(found[0], found[-1] + 1)) if found else []


def numbers_in(text: str) -> set[int]:
    found = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)}
    for word in re.findall(r"[a-z]+(?:-[a-z]+)?", text.casefold()):
        for read in (cardinal, ordinal):
            value = read(word) if word not in ("a", "an", "one") else None
            if value:
                found.add(value)
    return found


def score(label: Label, finding: Finding) -> int:
    """How well a claim found matches a label (0: not at all); kinds must agree."""
    claim = finding.claim
    if claim.kind.value != label.kind:
        return 0
    points = 0
    if label.countries and set(claim.states) & label.countries:
        points += 2
    elif label.countries and claim.states:
        return 0
    found_numbers = {
        n
        for n in (claim.number, claim.yes, claim.no, claim.abstain, claim.ordinal, claim.since_year)
        if n is not None
    } | numbers_in(claim.span.text)
    if label.numbers & (found_numbers - set(claim.years)):
        points += 2
    if label.years and set(claim.years) & label.years:
        points += 1
    if claim.kind.value == "adoption":
        words = _ADOPTION_WORDS.get(claim.assertion.value, ())
        if any(word in label.stated.casefold() for word in words):
            points += 2
    return points if points >= 2 else 0


def build_database(data: Path, folder: Path) -> tuple[Path, list[str]]:
    """The UN captures, the Human Rights Council track (every file of `hrc/` in one ingest,
    as a user would) and the stories as reports."""
    db = folder / "bench.duckdb"
    notes = []
    un = [
        data / "undl" / "session78_committee3_drafts.xml",
        *sorted((data / "undocs").glob("*.txt")),
    ]
    un += sorted((data / "unvotes").glob("*.csv.gz"))
    with open_store(db) as store:
        ingest_paths(store, [p for p in un if p.exists()])
        hrc = sorted(p for p in (data / "hrc").glob("*") if p.name != "INDEX.md")
        if hrc:
            report = ingest_paths(store, hrc)
            series = store.scalar("SELECT count(*) FROM series WHERE track = 'hrc'")
            twins = store.scalar("SELECT count(*) FROM series WHERE twin_id IS NOT NULL") // 2
            notes.append(
                f"HRC files ingested: {len(report.files)} of {len(hrc)} "
                f"({report.records} records, {len(report.rejected)} rejected); "
                f"{series} Council series, {twins} twinned with an Assembly series"
            )
        else:
            notes.append("HRC files: none found (the GA-vs-HRC check cannot fire)")
        ingest_paths(store, sorted((data / "news").glob("*.md")))
    return db, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("UNGAWATCH_TESTDATA") or REPO.parent / "shared" / "data"),
    )
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    news = sorted((args.data / "news").glob("*.md"))
    if not news:
        sys.exit(f"no news stories under {args.data / 'news'}")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        db, notes = build_database(args.data, Path(folder))
        built = time.perf_counter() - started
        with open_store(db, read_only=True) as store:
            tracemalloc.start()
            started = time.perf_counter()
            checked = {path.name: check_report(store, read_news(path)) for path in news}
            elapsed = time.perf_counter() - started
            started = time.perf_counter()
            stories = [read_news(path) for path in news]
            for story in stories:
                extract(story.text, story.published or date.today())
            extraction = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    report(news, checked, notes, built, (elapsed, extraction), peak, args.verbose)


def report(news, checked, notes, built, times, peak, verbose) -> None:  # type: ignore[no-untyped-def]
    elapsed, extraction = times
    labels = [label for path in news for label in labels_of(path)]
    findings = {name: list(result.findings) for name, result in checked.items()}
    pairs: list[tuple[Label, Finding]] = []
    matched_findings: set[int] = set()
    bad: list[str] = []
    # Each claim found goes to the label it matches best; each label is judged by the best of
    # the claims that went to it.
    owner: dict[int, tuple[int, Label]] = {}
    for name, found in findings.items():
        story_labels = [lab for lab in labels if lab.file == name]
        for finding in found:
            best = max(
                ((score(lab, finding), i, lab) for i, lab in enumerate(story_labels)),
                default=(0, 0, None),
                key=lambda x: (x[0], -x[1]),
            )
            if best[0] > 0 and best[2] is not None:
                owner[id(finding)] = (best[0], best[2])
                matched_findings.add(id(finding))
    for label in labels:
        mine = [
            (owner[id(f)][0], f)
            for f in findings[label.file]
            if id(f) in owner and owner[id(f)][1] is label
        ]
        for _, finding in mine:
            if finding.verdict.value == "contradicted" and label.truth in ("true", "unverified"):
                bad.append(f"{label.file}: {label.claim} -> {finding.claim.span.text!r}")
        if mine:
            pairs.append((label, max(mine, key=lambda item: item[0])[1]))
    total_found = sum(len(f) for f in findings.values())
    kinds = sorted({label.kind for label in labels})
    print(f"news stories: {len(news)}; labelled claims: {len(labels)}; claims found: {total_found}")
    for note in notes:
        print(f"  {note}")
    print()
    print(
        "Extraction (a found claim matches a label of its story: same kind, and shared "
        "states or numbers)"
    )
    print(
        f"{'kind':<12}{'labels':>8}{'recalled':>10}{'recall':>8}{'found':>8}{'matching':>10}{'precision':>11}"
    )
    for kind in [*kinds, "all"]:
        ks = [lab for lab in labels if kind in ("all", lab.kind)]
        recalled = sum(1 for lab, _ in pairs if kind in ("all", lab.kind))
        found = [f for fs in findings.values() for f in fs if kind in ("all", f.claim.kind.value)]
        matching = sum(1 for f in found if id(f) in matched_findings)
        print(
            f"{kind:<12}{len(ks):>8}{recalled:>10}{_ratio(recalled, len(ks)):>8}"
            f"{len(found):>8}{matching:>10}{_ratio(matching, len(found)):>11}"
        )
    print()
    print(
        "Verdict accuracy on recalled claims (true -> supported, false -> contradicted, "
        "unverified -> not_in_record)"
    )
    print(f"{'':<14}{'claims':>8}{'correct':>9}{'accuracy':>10}")
    for name, key in [
        *((k, lambda p, k=k: p[0].kind == k) for k in kinds),
        *(
            (f"tier {t}", lambda p, t=t: p[1].tier.value == t)
            for t in ("un_record", "reports", "none")
        ),
        *(
            (f"body {b}", lambda p, b=b: (p[1].track.value if p[1].track else "none") == b)
            for b in ("ga", "hrc")
        ),
        ("no text named", lambda p: p[1].track is None),
        ("all", lambda p: True),
    ]:
        chosen = [p for p in pairs if key(p)]
        correct = sum(1 for lab, f in chosen if CORRECT.get(lab.truth) == f.verdict.value)
        print(f"{name:<14}{len(chosen):>8}{correct:>9}{_ratio(correct, len(chosen)):>10}")
    print()
    verdicts = ["supported", "contradicted", "not_in_record", "not_checkable"]
    table = Counter((lab.truth, f.verdict.value) for lab, f in pairs)
    print("Confusion (rows: truth; columns: verdict)")
    print(f"{'':<12}" + "".join(f"{v:>15}" for v in verdicts))
    for truth in ("true", "false", "unverified"):
        print(f"{truth:<12}" + "".join(f"{table[(truth, v)]:>15}" for v in verdicts))
    print()
    print(f"contradicted verdicts on claims whose truth is true or unverified: {len(bad)}")
    for line in bad:
        print(f"  {line}")
    unexplained = [
        f
        for fs in findings.values()
        for f in fs
        if f.verdict.value == "contradicted" and not f.evidence
    ]
    print(f"contradicted verdicts without evidence: {len(unexplained)}")
    twins = [(name, f) for name, fs in findings.items() for f in fs if f.twin is not None]
    print(f"General Assembly vs Human Rights Council dates named: {len(twins)}")
    for name, finding in twins:
        print(f"  {name}: {finding.claim.span.text!r} -> {finding.twin.timeline}")  # type: ignore[union-attr]
    print()
    print(f"{'step':<40}{'time':>9}{'rate':>22}{'peak memory':>14}")
    print(f"{'build database (UN, HRC track, reports)':<40}{built:>8.1f}s{'':>22}{'':>14}")
    print(
        f"{'check ' + str(len(news)) + ' stories':<40}{elapsed:>8.2f}s"
        f"{total_found / elapsed:>14.1f} claims/s{peak / 2**20:>11.1f} MB"
    )
    print(
        f"{'baseline: extraction alone (no database)':<40}{extraction:>8.2f}s"
        f"{total_found / extraction:>14.1f} claims/s"
    )
    if verbose:
        by_file = defaultdict(list)
        for lab, f in pairs:
            by_file[lab.file].append((lab, f))
        for name, items in sorted(by_file.items()):
            print(f"\n{name}")
            for lab, f in items:
                mark = "ok " if CORRECT.get(lab.truth) == f.verdict.value else "   "
                print(
                    f"  {mark}{lab.truth:<11}{f.verdict.value:<15}{f.tier.value:<10}"
                    f"{lab.claim[:70]}"
                )


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


if __name__ == "__main__":
    main()
