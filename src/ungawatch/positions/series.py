"""Series: the resolutions of one recurring topic, linked across sessions under one stable id.

A user thinks in series ("the North Korea human-rights resolution"), not in symbols that change
every year. Each session's *text* (its drafts, revisions and resolution) is linked to other
sessions' texts by, in order of strength:

1. a manual merge or split in `series_overrides.yaml` (version-controlled, wins over all);
2. a citation: a draft that recalls "its resolution 78/218" continues the series of 78/218;
3. the series key: the title with case, punctuation, "the", parenthetical additions and
   country renames folded away ("Turkey"/"Türkiye", "the former Yugoslav Republic of
   Macedonia"/"North Macedonia" become one registry code), within one committee.

Recorded votes from the bulk tables (`roll_calls`: Voeten's `unvotes`, the Library's voting
CSV) are texts too: a whole-text vote on a resolution of which no document is in the database
becomes a plenary text of its session, so that sessions known only from their vote (the DPRK
text in sessions 60-66) are part of the series. Such a text joins a document's series by the
draft's link to its symbol, else by its (repaired) title under the rules above; it never
starts a series of its own, never links by citation, and never names or keys a series.

Within a session, a draft and the resolution the Library links it to are one text. Linking
runs inside every transaction that writes facts (`positions.build`), which stores the series
and their positions; readers only read those tables.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeGuard

import yaml  # type: ignore[import-untyped]  # PyYAML ships no type hints

from ungawatch import countries
from ungawatch.encoding import repair_text
from ungawatch.errors import SourceError, SymbolError, UnknownState
from ungawatch.store import Store
from ungawatch.symbols import parse_symbol
from ungawatch.titles import title_key
from ungawatch.vocabulary import TEXT_KINDS, Body, SourceKind, Track, precedence_sql

BY_TITLE, BY_CITATION, BY_OVERRIDE = "title", "citation", "override"
# The cataloguing tail of a resolution's title in `unvotes` and the Library's voting data:
# "Situation of human rights in … : resolution / adopted by the General Assembly".
_RESOLUTION_TAIL = re.compile(r"\s*:\s*resolution\b.*$", re.IGNORECASE | re.DOTALL)
# `unvotes` prints the apostrophe of "People’s" as "?Ã†", or decoded wrongly once more as
# "?Ãƒâ€\xa0"; ftfy undoes the wrong decodings and leaves "?Æ", which stands for it.
_APOSTROPHE_MOJIBAKE = re.compile(r"(?<=\w)\?Æ(?=\w)")
# A speaker's turn in a meeting record: "The President:", "The Acting President (spoke in
# French):".
_MEETING_RECORD = re.compile(r"\bThe (?:Acting )?President\b[^:.]{0,40}:")
_LONGEST_NAME = 8  # words in the longest state name ("United Kingdom of Great Britain and …")


@dataclass
class SeriesText:
    """One session's text of a series: its documents and how it was linked to the series."""

    session: int
    track: Track
    body: str
    title: str
    title_keys: set[str]
    symbols: set[str]
    agenda: str | None = None
    linked_by: str = BY_TITLE
    roll_call: bool = False  # known only from a recorded vote in `roll_calls`, no document
    press: bool = False  # known only from press releases (committee action), no document

    @property
    def joins_only(self) -> bool:
        """A text that may join a series but never starts, names or keys one: a recorded vote
        or press release with no document of its own, or a document whose stored copy states
        no title (it joins by citation or override only)."""
        return self.roll_call or self.press or not self.title_keys

    def to_dict(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "body": self.body,
            "title": self.title,
            "documents": sorted(self.symbols),
            "agenda": self.agenda,
            "linked_by": self.linked_by,
            "roll_call": self.roll_call,
        }


@dataclass
class Series:
    id: str
    name: str
    body: str
    texts: list[SeriesText] = field(default_factory=list)

    @property
    def sessions(self) -> list[int]:
        return sorted({text.session for text in self.texts})

    def texts_in(self, session: int) -> list[SeriesText]:
        return [text for text in self.texts if text.session == session]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "body": self.body,
            "sessions": self.sessions,
            "texts": [text.to_dict() for text in sorted(self.texts, key=lambda t: t.session)],
        }


@dataclass(frozen=True, slots=True)
class Override:
    """A manual merge (several titles or symbols into one series) or split (symbols out), of
    the texts of one track (the General Assembly's unless the entry says `track: hrc`)."""

    action: str
    id: str | None
    name: str | None
    titles: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    track: Track = Track.GA


# --- the series key ------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def series_key(title: str) -> str:
    """The form under which one recurring title is recognised across sessions and renames.

    "Situation of human rights in the Islamic Republic of Iran" and "… in Iran (Islamic
    Republic of)" both give "situation of human rights in IRN".
    """
    words = title_key(re.sub(r"\([^)]*\)", " ", title)).split()
    out: list[str] = []
    index = 0
    while index < len(words):
        code, used = _state_at(words, index)
        if code:
            out.append(code)
            index += used
            continue
        if words[index] != "the":
            out.append(words[index])
        index += 1
    return " ".join(out)


def _state_at(words: list[str], index: int) -> tuple[str | None, int]:
    """The longest run of words from `index` that names one state, as its registry code."""
    for size in range(min(_LONGEST_NAME, len(words) - index), 0, -1):
        phrase = " ".join(words[index : index + size])
        core = [word for word in phrase.split() if word != "the"]
        # A lone short word is an ISO code ("in" is India's, "and" Andorra's), not a state.
        if (len(core) == 1 and len(core[0]) < 4) or not countries.is_known_name(phrase):
            continue
        try:
            return countries.resolve(phrase).code, size
        except UnknownState:  # a group name, not a state: leave its words
            return None, 0
    return None, 0


def repair_mojibake(text: str) -> str:
    """Undo the wrong encodings a title picked up on its way into `unvotes`.

    The one place where roll-call titles are repaired: "People?Ã†s" and "People?Ãƒâ€\xa0s"
    (the file's forms of "People’s", the second decoded wrongly once more) both become
    "People's". Left as they are, they give another series key than the draft's title and the
    session falls out of its series. ftfy undoes the wrong decodings, which leaves "?Æ" where
    the apostrophe was.
    """
    return _APOSTROPHE_MOJIBAKE.sub("'", repair_text(text))


@functools.lru_cache(maxsize=16384)
def roll_call_title(title: str | None, descr: str | None, short: str | None) -> str | None:
    """The resolution title a roll call prints, repaired, without its cataloguing tail.

    Which field holds it depends on the release: the Library's CSV has `title`; `unvotes` has
    the catalogue title ("… : resolution / adopted by the General Assembly") in `descr` in
    sessions 58-70 and in `short` in 71-73 (where `descr` holds the agenda item), and a plain
    title in `descr` otherwise. Older `descr` describe the motion ("TO ADOPT …"); such a
    "title" keys with no document's, so it links nothing rather than something wrong.
    """
    fields = [field for field in (title, descr, short) if _is_title(field)]
    catalogued = [field for field in fields if _RESOLUTION_TAIL.search(field)]
    plain = [field for field in (title, descr) if _is_title(field)]
    chosen = (catalogued or plain)[:1]
    if not chosen:
        return None
    return _RESOLUTION_TAIL.sub("", repair_mojibake(chosen[0])).strip() or None


def _is_title(field: str | None) -> TypeGuard[str]:
    """Not empty, and not an excerpt of the meeting record: for 416 votes of sessions 52-73
    `unvotes` gives in `descr` what the President said before the vote ("The Acting President
    (spoke in Spanish): Draft resolution XX is entitled ..."), which names no title reliably
    (often several drafts, cut off): such a roll call's title is unknown."""
    return field is not None and bool(field.strip()) and not _MEETING_RECORD.search(field)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# --- building ------------------------------------------------------------------------------


def build_series(store: Store, overrides: list[Override] | None = None) -> list[Series]:
    """Every series the database holds, overrides applied, oldest topic first."""
    rules = load_overrides() if overrides is None else overrides
    texts = _session_texts(store)
    texts += _roll_call_texts(store, texts, rules)
    links = _Links(len(texts))
    by_symbol = {symbol: index for index, text in enumerate(texts) for symbol in text.symbols}
    _link_by_key(texts, links)
    _link_by_citation(store, texts, _documents_only(by_symbol, texts), links)
    _join_press(texts, links)
    groups, named = _groups(rules, texts, by_symbol, links)
    series = [
        _series(texts, members, named.get(label))
        for label, members in groups.items()
        if not all(texts[index].joins_only for index in members)
    ]
    return sorted(series, key=lambda s: (s.sessions[0], s.name))


def _session_texts(store: Store) -> list[SeriesText]:
    """One text per session and title, a draft joined to the resolution it became.

    A document whose stored copy states no title (a Council resolution known from news
    sentences) is a text of its own, keyed by its symbol, that joins by citation or override.
    A text whose every document comes from press releases only joins a series.
    """
    rows = store.rows(
        "SELECT coalesce(symbol, record_id) AS symbol, any_value(body) AS body, "
        "any_value(regular_session) AS regular_session, "
        f"arg_min(title, {precedence_sql()}) FILTER (WHERE title_key IS NOT NULL) AS title, "
        "list(DISTINCT title_key) FILTER (WHERE title_key IS NOT NULL) AS title_keys, "
        "any_value(agenda) AS agenda, "
        f"bool_and(source_kind = '{SourceKind.PRESS_RELEASE.value}') AS press FROM documents "
        "WHERE regular_session IS NOT NULL AND kind IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY 1 ORDER BY any_value(regular_session), min(date), 1",
        [[str(kind) for kind in TEXT_KINDS]],
    )
    resolution_of = {
        str(row["from_symbol"]): str(row["to_symbol"])
        for row in store.rows(
            "SELECT from_symbol, to_symbol FROM links WHERE relation = 'resolution'"
        )
    }
    texts: dict[tuple[str, int, str], SeriesText] = {}
    owner: dict[str, SeriesText] = {}
    for row in rows:
        symbol, body = str(row["symbol"]), str(row["body"] or "plenary")
        track = Body(body).track
        joined = owner.get(symbol) or owner.get(resolution_of.get(symbol, ""))
        keys = sorted(str(key) for key in row["title_keys"] or ())
        key = keys[0] if keys else f"symbol {symbol}"
        text = joined or texts.setdefault(
            (track, int(row["regular_session"]), key),
            SeriesText(
                int(row["regular_session"]),
                track,
                body,
                str(row["title"] or ""),
                set(),
                set(),
                press=bool(row["press"]),
            ),
        )
        text.title_keys.update(keys)
        if keys and not text.title:
            text.title = str(row["title"])
        text.press = text.press and bool(row["press"])
        text.symbols.update({symbol, *([resolution_of[symbol]] if symbol in resolution_of else [])})
        if body != "plenary":
            text.body = body
        text.agenda = text.agenda or _agenda(row["agenda"])
        for member in text.symbols:
            owner[member] = text
    return list({id(text): text for text in owner.values()}.values())


def _roll_call_texts(
    store: Store, documents: list[SeriesText], rules: list[Override]
) -> list[SeriesText]:
    """A plenary text for each whole-text recorded vote on a resolution no document text has.

    Only the canonical roll call of each vote counts (one per vote when sources overlap), and
    never an amendment or paragraph vote: those are votes on a part, not the session's text.
    A resolution a draft links to is already in that draft's text (joined by symbol). Votes
    that cannot join any document's series are left out before their series key is computed
    (thousands of titles; the key's state-name lookup is what takes time).
    """
    known = {symbol for text in documents for symbol in text.symbols}
    can_join = _joinable(documents, rules)
    # GA plenary resolutions, and the Council's resolutions of its regular sessions (its
    # special sessions' texts are not annual: they join no series).
    rows = store.rows(
        "SELECT r.symbol, r.session, r.title, r.descr, r.short, r.body FROM roll_calls r "
        "JOIN canonical_roll_calls c USING (source_kind, record_id) "
        "WHERE NOT c.amendment AND NOT c.paragraph "
        "AND (r.symbol LIKE 'A/RES/%' OR r.symbol LIKE 'A/HRC/RES/%') "
        f"AND r.session IS NOT NULL ORDER BY r.symbol, {precedence_sql('r.source_kind')}, "
        "r.date, r.record_id"
    )
    texts: dict[str, SeriesText] = {}
    for row in rows:
        symbol = str(row["symbol"])
        title = roll_call_title(row["title"], row["descr"], row["short"])
        if symbol in known or symbol in texts or not title:
            continue
        key = _cached_title_key(title)
        if can_join(symbol, key):
            session, body = int(row["session"]), Body(row["body"] or Body.PLENARY.value)
            texts[symbol] = SeriesText(
                session, body.track, body.value, title, {key}, {symbol}, roll_call=True
            )
    return list(texts.values())


# Roll-call titles repeat every session and every build; their keys are worth keeping.
_cached_title_key = functools.lru_cache(maxsize=16384)(title_key)


def _joinable(documents: list[SeriesText], rules: list[Override]) -> Callable[[str, str], bool]:
    """A quick test that a roll call's title may share a series key with a document's text.

    A series key is the title's words with state names turned into codes, so a title can only
    share a document's key if it has every word of that key that is not a code. Titles and
    symbols an override names always pass.
    """
    wanted = {
        frozenset(word for word in series_key(text.title).split() if not _is_code(word))
        for text in documents
        if text.title_keys
    }
    # Each word set filed under its longest word: a title is tested only against the sets
    # whose longest word it has (thousands of titles against hundreds of sets).
    by_word: dict[str, list[frozenset[str]]] = {}
    for words in wanted:
        by_word.setdefault(max(sorted(words), key=len, default=""), []).append(words)
    named = {title_key(title) for rule in rules for title in rule.titles}
    symbols = {_canonical(symbol) for rule in rules for symbol in rule.symbols}

    def can_join(symbol: str, key: str) -> bool:
        words = set(key.split())
        if symbol in symbols or key in named or "" in by_word:
            return True
        return any(w <= words for word in words for w in by_word.get(word, ()))

    return can_join


def _is_code(word: str) -> bool:
    """A registry code in a series key (the key is otherwise case-folded)."""
    return word.isupper()


def _documents_only(by_symbol: dict[str, int], texts: list[SeriesText]) -> dict[str, int]:
    """Texts a citation may link: a draft recalls resolutions of other topics too ("its
    resolution 60/251" founding the Human Rights Council), so with every recorded vote since
    1946 in the database a citation would pull unrelated votes into a series."""
    return {symbol: index for symbol, index in by_symbol.items() if not texts[index].roll_call}


def _agenda(agenda: list[str] | None) -> str | None:
    return agenda[0].split(":")[0].split("[")[0] if agenda else None


class _Links:
    """Union-find over text indexes: each set is one series."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, first: int, second: int) -> None:
        self.parent[self.find(second)] = self.find(first)


def _link_by_key(texts: list[SeriesText], links: _Links) -> None:
    """Link texts with one series key, within one committee.

    Two committees' texts never join (a C.2 and a C.3 text may share a title), but a session
    known only from its plenary resolution joins the committee text nearest in session.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for index, text in enumerate(texts):
        if text.title_keys:
            groups.setdefault((text.track, series_key(text.title)), []).append(index)
    for members in groups.values():
        by_body: dict[str, list[int]] = {}
        for index in members:
            by_body.setdefault(texts[index].body, []).append(index)
        committees = [body for body in by_body if body != "plenary"] or ["plenary"]
        for body in committees:
            for index in by_body[body][1:]:
                links.union(by_body[body][0], index)
        if committees == ["plenary"]:
            continue
        for index in by_body.get("plenary", []):
            nearest = min(
                (i for body in committees for i in by_body[body]),
                key=lambda i: abs(texts[i].session - texts[index].session),
            )
            links.union(nearest, index)


def _link_by_citation(
    store: Store, texts: list[SeriesText], by_symbol: dict[str, int], links: _Links
) -> None:
    """Link a text to the texts it recalls, within its track: a Council text that recalls the
    Assembly's resolution on the same situation is its twin, not a session of its series."""
    for row in store.rows("SELECT DISTINCT symbol, cites FROM citations ORDER BY 1, 2"):
        citing, cited = by_symbol.get(str(row["symbol"])), by_symbol.get(str(row["cites"]))
        if citing is None or cited is None or texts[citing].track != texts[cited].track:
            continue
        if links.find(citing) != links.find(cited):
            links.union(cited, citing)
            texts[citing].linked_by = BY_CITATION


def _join_press(texts: list[SeriesText], links: _Links) -> None:
    """Join each press-release text that no document's series holds to the one series of its
    track and committee whose series key has every word of the text's key.

    A release paraphrases the title ("the human rights situation in the Autonomous Republic of
    Crimea and the city of Sevastopol" for a title ending ", Ukraine"), so it joins on words
    rather than on an equal key; a text two series would take joins neither.
    """
    documents = [i for i, text in enumerate(texts) if not text.joins_only]
    for index, text in enumerate(texts):
        if not text.press or not text.title_keys:
            continue
        root = links.find(index)
        if any(links.find(i) == root for i in documents):
            continue
        words = set(series_key(text.title).split())
        roots = {
            links.find(i)
            for i in documents
            if texts[i].track == text.track
            and texts[i].body == text.body
            and words <= set(series_key(texts[i].title).split())
        }
        if len(roots) == 1:
            links.union(roots.pop(), index)


def _groups(
    rules: list[Override], texts: list[SeriesText], by_symbol: dict[str, int], links: _Links
) -> tuple[dict[str, list[int]], dict[str, Override]]:
    """Texts grouped into series: merges join their texts, splits take theirs out."""
    named: dict[int, Override] = {}
    split: dict[int, str] = {}
    for number, rule in enumerate(rules):
        members = _override_members(rule, texts, by_symbol)
        for index in members:
            texts[index].linked_by = BY_OVERRIDE
            if rule.action == "split":
                split[index] = f"split {number}"
            else:
                links.union(members[0], index)
        if members and rule.action != "split":
            named[members[0]] = rule
    groups: dict[str, list[int]] = {}
    for index in range(len(texts)):
        groups.setdefault(split.get(index) or f"linked {links.find(index)}", []).append(index)
    labels = {f"linked {links.find(index)}": rule for index, rule in named.items()}
    labels |= {f"split {n}": rule for n, rule in enumerate(rules) if rule.action == "split"}
    return groups, labels


def _override_members(
    rule: Override, texts: list[SeriesText], by_symbol: dict[str, int]
) -> list[int]:
    keys = {title_key(title) for title in rule.titles}
    found = {index for index, text in enumerate(texts) if text.title_keys & keys}
    found |= {by_symbol[s] for s in (_canonical(s) for s in rule.symbols) if s in by_symbol}
    return sorted(index for index in found if texts[index].track == rule.track)


def _series(texts: list[SeriesText], members: list[int], rule: Override | None) -> Series:
    """A series named, keyed and given its body by its documents' texts alone, so that its id
    stays the same when the recorded votes of other sessions are loaded."""
    chosen = [texts[index] for index in members]
    named = [text for text in chosen if not text.joins_only] or chosen
    latest = max(named, key=lambda text: text.session)
    keys = Counter(series_key(text.title) for text in named)
    earliest = min(named, key=lambda text: text.session)
    key = max(keys, key=lambda k: (keys[k], k == series_key(earliest.title)))
    bodies = Counter(text.body for text in named)
    body = bodies.most_common(1)[0][0]
    series_id = (rule.id if rule and rule.id else None) or slug(f"{body.replace('.', '')} {key}")
    name = (rule.name if rule and rule.name else None) or latest.title
    return Series(series_id, name, body, chosen)


# --- overrides -----------------------------------------------------------------------------


def load_overrides(path: Path | None = None) -> list[Override]:
    """The manual merges and splits; the packaged `series_overrides.yaml` by default."""
    if path is None:
        source = resources.files("ungawatch.positions").joinpath("series_overrides.yaml")
        text, where = source.read_text("utf-8"), "series_overrides.yaml"
    else:
        text, where = path.read_text("utf-8"), str(path)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise SourceError(f"not valid YAML: {error}", location=where) from error
    return [
        _override(action, entry, where)
        for action in ("merge", "split")
        for entry in data.get(action) or []
    ]


def _override(action: str, entry: Any, where: str) -> Override:
    if not isinstance(entry, dict) or not (entry.get("titles") or entry.get("symbols")):
        raise SourceError(
            f"each {action} entry needs a list of titles or symbols; got {entry!r}",
            location=where,
            field=action,
        )
    try:
        track = Track(str(entry.get("track") or Track.GA.value))
    except ValueError:
        raise SourceError(
            f"track must be ga or hrc, not {entry.get('track')!r}", location=where, field=action
        ) from None
    return Override(
        action,
        entry.get("id"),
        entry.get("name"),
        tuple(entry.get("titles") or ()),
        tuple(entry.get("symbols") or ()),
        track,
    )


def _canonical(text: str) -> str:
    try:
        return str(parse_symbol(text))
    except SymbolError:
        return text


# --- measuring the links -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkScore:
    """Cross-session links (pairs of texts in one series) found against hand-checked ones."""

    predicted: int
    true: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 1.0


def score_links(found: list[Series], truth: list[dict[str, str]]) -> LinkScore:
    """Score the links between the texts a truth list names (`series`, `session`, and a
    `document` symbol or, for a copy without one, a `title`); other texts are not judged."""
    place: dict[tuple[int, str], str] = {}
    for series in found:
        for text in series.texts:
            for symbol in text.symbols:
                place[(text.session, symbol)] = series.id
            for key in text.title_keys:
                place[(text.session, f"title:{key}")] = series.id
    judged = []
    for row in truth:
        handle = row["document"] or f"title:{title_key(row['title'])}"
        judged.append((row["series"], place.get((int(row["session"]), handle))))
    pairs = [(a, b) for i, a in enumerate(judged) for b in judged[i + 1 :] if a is not b]
    true = sum(1 for a, b in pairs if a[0] == b[0])
    predicted = sum(1 for a, b in pairs if a[1] is not None and a[1] == b[1])
    correct = sum(1 for a, b in pairs if a[0] == b[0] and a[1] is not None and a[1] == b[1])
    return LinkScore(predicted, true, correct)
