"""The member-state registry: every spelling a UN source uses resolves to one code, no guess."""

from __future__ import annotations

import csv
import gzip
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ungawatch import countries
from ungawatch.countries import (
    all_groups,
    all_states,
    is_known_name,
    members_in_session,
    members_on,
    normalize_name,
    resolve,
    resolve_group,
    state,
)
from ungawatch.countries.registry import _registry
from ungawatch.errors import UnknownState

MARC = "{http://www.loc.gov/MARC21/slim}"
CURRENT_MEMBERS = tuple(s for s in all_states() if s.kind == "member" and s.ended is None)
# UTF-8 "Côte d'Ivoire" read as Latin-1, exactly as UNDL exports print it.
CIV_MOJIBAKE = "C\u00c3\u00b4te d'Ivoire"
OFFICIAL_NAMES = tuple(s.name for s in all_states() if s.ended is None)
LONGEST = max(map(len, OFFICIAL_NAMES))


def capture_path(relative: str) -> Path:
    """A real capture under ../shared/data (or $UNGAWATCH_TESTDATA); skip saying where we looked."""
    base = Path(
        os.environ.get("UNGAWATCH_TESTDATA")
        or Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    path = base / relative
    if not path.exists():
        pytest.skip(f"real capture {relative} not found under {base} (set UNGAWATCH_TESTDATA)")
    return path


# --- the data itself ---------------------------------------------------------------------


def test_exactly_193_current_members_and_two_observer_states() -> None:
    observers = [s.code for s in all_states() if s.kind == "observer"]
    assert len(CURRENT_MEMBERS) == 193
    assert sorted(observers) == ["PSE", "VAT"]
    assert state("EUU").kind == "organization"


def test_codes_and_iso2_are_unique_and_match_iso() -> None:
    codes = [s.code for s in all_states()]
    iso2 = [s.iso2 for s in all_states() if s.iso2]
    assert len(codes) == len(set(codes))
    assert len(iso2) == len(set(iso2))
    for member in CURRENT_MEMBERS:
        record = pycountry.countries.get(alpha_3=member.code)
        assert record is not None, member.code
        assert record.alpha_2 == member.iso2, member.code


def test_dates_and_successors_are_consistent() -> None:
    codes = {s.code for s in all_states()}
    for entry in all_states():
        assert entry.successor is None or entry.successor in codes
        if entry.ended is not None:
            assert entry.admitted is not None and entry.admitted < entry.ended
        untils = [until for _name, until in entry.former_names]
        assert untils == sorted(untils), entry.code


def test_only_korea_is_ambiguous() -> None:
    """A new row that collides with an existing name must be a deliberate choice."""
    ambiguous = {key for key, codes in _registry().state_keys.items() if len(codes) > 1}
    assert ambiguous == {"korea"}


def test_importing_the_package_does_not_read_the_data() -> None:
    code = "import ungawatch.countries.registry as r; assert r._registry.cache_info().currsize == 0"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- resolving names ---------------------------------------------------------------------


def test_every_state_resolves_by_its_official_name() -> None:
    for entry in all_states():
        assert resolve(entry.name) is entry, entry.name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Turkey", "TUR"),
        ("Swaziland", "SWZ"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("Czech Republic", "CZE"),
        ("Cape Verde", "CPV"),
        ("Zaire", "COD"),
        ("Burma", "MMR"),
        ("Byelorussian Soviet Socialist Republic", "BLR"),
        ("Ukrainian Soviet Socialist Republic", "UKR"),
        ("Libyan Arab Jamahiriya", "LBY"),
        ("Upper Volta", "BFA"),
        ("Dahomey", "BEN"),
        ("Ceylon", "LKA"),
        ("Democratic Kampuchea", "KHM"),
        ("Tanganyika", "TZA"),
        ("United Arab Republic", "EGY"),
        ("Western Samoa", "WSM"),
    ],
)
def test_former_names(name: str, code: str) -> None:
    assert resolve(name).code == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("South Korea", "KOR"),
        ("Korea, Republic of", "KOR"),
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("Korea, Democratic People's Republic of", "PRK"),
        ("Democratic Peoples Republic of Korea", "PRK"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Syria", "SYR"),
        ("Vietnam", "VNM"),
        ("Laos", "LAO"),
        ("UK", "GBR"),
        ("United Kingdom", "GBR"),
        ("Great Britain", "GBR"),
        ("US", "USA"),
        ("USA", "USA"),
        ("United States", "USA"),
        ("UNITED STATES", "USA"),
        ("RUSSIAN FEDERATION", "RUS"),
        ("Ivory Coast", "CIV"),
        ("Moldova", "MDA"),
        ("Moldova, Republic of", "MDA"),
        ("Bolivia", "BOL"),
        ("Bolivia, Plurinational State of", "BOL"),
        ("Venezuela, Bolivarian Republic of", "VEN"),
        ("Tanzania", "TZA"),
        ("Tanzania, United Republic of", "TZA"),
        ("Micronesia", "FSM"),
        ("Macedonia", "MKD"),
        ("Brunei", "BRN"),
        ("East Timor", "TLS"),
        ("Congo", "COG"),
        ("Republic of the Congo", "COG"),
        ("Congo-Brazzaville", "COG"),
        ("DR Congo", "COD"),
        ("DRC", "COD"),
        ("Congo - Kinshasa", "COD"),
        ("The Gambia", "GMB"),
        ("Bahamas (The)", "BHS"),
        ("Palestine", "PSE"),
        ("Vatican", "VAT"),
        ("Holland", "NLD"),
        ("St. Vincent & Grenadines", "VCT"),
        ("Yugoslavia", "YUG"),
        ("Serbia", "SRB"),
        ("Yemen", "YEM"),
        ("Venezuela (Bolivarian Republic)", "VEN"),  # as printed in A/C.3/78 record 4026538
    ],
)
def test_common_forms(name: str, code: str) -> None:
    assert resolve(name).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("NA", "NAM"), ("NAM", "NAM"), ("na", "NAM"), ("KR", "KOR"), ("PRK", "PRK"), ("su", "SUN")],
)
def test_iso_codes(text: str, code: str) -> None:
    assert resolve(text).code == code


@pytest.mark.parametrize(
    "text",
    [
        "Côte d'Ivoire",
        "COTE D'IVOIRE",
        "cote d\u2019ivoire",
        "Côte d\u02bcIvoire",
        CIV_MOJIBAKE,
        "  Côte d'Ivoire. ",
        "Côte d'Ivoire;",
    ],
)
def test_case_accents_apostrophes_and_mojibake(text: str) -> None:
    assert resolve(text).code == "CIV"


@pytest.mark.parametrize(
    "text", ["Türkiye", "TÃ¼rkiye", "TURKIYE", "turkiye", "\tTürkiye\n", "Türkiye,"]
)
def test_turkiye_spellings(text: str) -> None:
    assert resolve(text).code == "TUR"


@pytest.mark.parametrize(
    "text",
    [
        "Netherlands (Kingdom of the)",
        "Netherlands (Kingdom of The)",
        "the Netherlands",
        "NETHERLANDS",
        "Netherlands, Kingdom of the",
    ],
)
def test_netherlands_spellings(text: str) -> None:
    assert resolve(text).code == "NLD"


def test_odd_whitespace_and_pdf_hyphenation() -> None:
    assert resolve("  Viet \u00a0 Nam  ").code == "VNM"
    assert resolve("Guinea-\nBissau").code == "GNB"
    assert resolve("Timor-\nLeste").code == "TLS"


@given(
    name=st.sampled_from(OFFICIAL_NAMES),
    flips=st.lists(st.booleans(), min_size=LONGEST, max_size=LONGEST),
    before=st.text(alphabet=" \t\n\u00a0", max_size=3),
    after=st.text(alphabet=" \t\n\u00a0", max_size=3),
)
def test_resolve_ignores_case_and_surrounding_whitespace(
    name: str, flips: list[bool], before: str, after: str
) -> None:
    cased = "".join(
        c.upper() if flip else c.lower() for c, flip in zip(name, flips[: len(name)], strict=True)
    )
    assert resolve(before + cased + after) is resolve(name)


@given(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
def test_normalize_name_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


# --- unknown names -----------------------------------------------------------------------


def test_unknown_name_suggests_close_names() -> None:
    with pytest.raises(UnknownState) as caught:
        resolve("Cote d Ivoir")
    assert caught.value.suggestions[0] == "Côte d'Ivoire"
    assert len(caught.value.suggestions) <= 5
    assert "Côte d'Ivoire" in str(caught.value)


def test_korea_alone_is_ambiguous_and_names_both() -> None:
    with pytest.raises(UnknownState) as caught:
        resolve("Korea")
    assert {"Republic of Korea", "Democratic People's Republic of Korea"} <= set(
        caught.value.suggestions
    )
    assert not is_known_name("Korea")


@pytest.mark.parametrize(
    "text",
    [
        "UN. Secretariat",
        "UN. Secretary-General",
        "UN. General Assembly. 3rd Committee. Chair",
        "Taiwan",
        "Atlantis",
        "",
        "   ",
        "the",
    ],
)
def test_organs_and_non_states_raise(text: str) -> None:
    with pytest.raises(UnknownState):
        resolve(text)


def test_state_by_code() -> None:
    assert state("kor").name == "Republic of Korea"
    assert state("SUN").successor == "RUS"
    with pytest.raises(UnknownState):
        state("XXX")


def test_is_known_name_matches_resolve_and_groups() -> None:
    assert is_known_name("Antigua and Barbuda")
    assert is_known_name("Group of 77")
    assert is_known_name("TÃ¼rkiye")
    assert not is_known_name("Antigua")
    assert not is_known_name("UN. Secretariat")


# --- history -------------------------------------------------------------------------------


def test_historical_states() -> None:
    ussr = resolve("USSR")
    assert ussr.code == "SUN" and ussr.successor == "RUS"
    assert resolve("Soviet Union") is ussr
    assert resolve("Czechoslovakia").code == "CSK"
    assert resolve("Czechoslovakia").successor is None
    gdr = resolve("German Democratic Republic")
    assert gdr is resolve("GDR") and gdr.code == "DDR" and gdr.successor == "DEU"
    assert resolve("Federal Republic of Germany").code == "DEU"
    assert resolve("Yemen Arab Republic").successor == "YEM"
    assert resolve("Democratic Yemen").code == "YMD"
    assert resolve("Zanzibar").successor == "TZA"


def test_members_on_dates() -> None:
    in_1960 = {s.code for s in members_on(date(1960, 1, 1))}
    assert "SUN" in in_1960 and "RUS" not in in_1960
    assert "SYR" not in in_1960 and "EGY" in in_1960  # Syria was inside the UAR
    assert "IDN" not in {s.code for s in members_on(date(1966, 1, 1))}
    assert {"RUS", "SUN"} & {s.code for s in members_on(date(1991, 12, 24))} == {"RUS"}
    assert all(s.kind == "member" for s in members_on(date(2023, 1, 1)))


def test_members_in_session() -> None:
    session78 = members_in_session(78)
    assert len(session78) == 193
    assert {s.code for s in session78} == {s.code for s in CURRENT_MEMBERS}
    with pytest.raises(ValueError):
        members_in_session(0)


# The UN's published "Growth in United Nations membership" totals at each year's end.
MEMBERSHIP_GROWTH = {
    1945: 51, 1946: 55, 1947: 57, 1948: 58, 1949: 59, 1950: 60, 1955: 76, 1956: 80,
    1957: 82, 1958: 82, 1960: 99, 1961: 104, 1962: 110, 1963: 113, 1964: 115, 1965: 117,
    1966: 122, 1967: 123, 1968: 126, 1970: 127, 1971: 132, 1973: 135, 1974: 138,
    1975: 144, 1976: 147, 1977: 149, 1978: 151, 1979: 152, 1980: 154, 1981: 157,
    1983: 158, 1984: 159, 1990: 159, 1991: 166, 1992: 179, 1993: 184, 1994: 185,
    1999: 188, 2000: 189, 2002: 191, 2006: 192, 2011: 193,
}  # fmt: skip


@pytest.mark.parametrize(("year", "total"), sorted(MEMBERSHIP_GROWTH.items()))
def test_membership_totals_follow_un_history(year: int, total: int) -> None:
    assert len(members_on(date(year, 12, 31))) == total


def test_name_on() -> None:
    turkiye = state("TUR")
    assert turkiye.name_on(date(2020, 1, 1)) == "Turkey"
    assert turkiye.name_on(date(2023, 1, 1)) == "Türkiye"
    assert state("MKD").name_on(date(2018, 6, 1)) == "the former Yugoslav Republic of Macedonia"
    assert state("EGY").name_on(date(1965, 1, 1)) == "United Arab Republic"
    assert state("EGY").name_on(date(1950, 1, 1)) == "Egypt"
    assert state("COD").name_on(date(1990, 1, 1)) == "Zaire"
    assert state("SCG").name_on(date(2001, 1, 1)) == "Yugoslavia"


# --- groups --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Group of 77 and China", "G77"),
        ("the Group of 77 and China", "G77"),
        ("Group of 77", "G77"),
        ("G-77", "G77"),
        ("the Group of African States", "AFRICAN_GROUP"),
        ("UN. Group of African States", "AFRICAN_GROUP"),
        ("Organisation of Islamic Cooperation", "OIC"),
        ("Organization of Islamic Cooperation", "OIC"),
        ("Organization of the Islamic Conference", "OIC"),
        ("Movement of Non-Aligned Countries", "NAM"),
        ("Non-Aligned Movement", "NAM"),
        ("European Union", "EU"),
        ("GRULAC", "GRULAC"),
        ("Group of Western European and other States", "WEOG"),
        ("Group of Arab States", "ARAB_GROUP"),
    ],
)
def test_groups(text: str, code: str) -> None:
    assert resolve_group(text).code == code


def test_every_group_resolves_by_name_and_bad_group_raises() -> None:
    for group in all_groups():
        assert resolve_group(group.name) is group
    with pytest.raises(UnknownState) as caught:
        resolve_group("Group of 78 and China")
    assert "Group of 77 and China" in caught.value.suggestions


def test_public_api_is_short() -> None:
    assert set(countries.__all__) >= {"resolve", "resolve_group", "is_known_name", "state"}


# --- real captures -------------------------------------------------------------------------


def test_every_710_name_in_the_session78_capture_resolves() -> None:
    path = capture_path("undl/session78_committee3_drafts.xml")
    names = {
        subfield.text.strip()
        for field in etree.parse(str(path)).iter(f"{MARC}datafield")
        if field.get("tag") == "710"
        for subfield in field.iter(f"{MARC}subfield")
        if subfield.get("code") == "a" and subfield.text
    }
    states = {name for name in names if not name.startswith("UN.") and not _is_group(name)}
    assert len(states) > 150
    unresolved = [name for name in sorted(states) if not _resolves(name)]
    assert unresolved == []
    assert resolve(CIV_MOJIBAKE).code == "CIV"


def test_every_country_in_the_unvotes_capture_resolves_consistently() -> None:
    """Voeten's data names states its own way; its ISO2 code and name must agree with us.

    Taiwan is left out on purpose: the dataset files the Republic of China's votes in the
    China seat before 1971 under "Taiwan", which is the caller's mapping to make, not ours.
    """
    path = capture_path("unvotes/un_votes.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        pairs = {(row["country_code"], row["country"]) for row in csv.DictReader(handle)}
    mismatched = [
        (code, name)
        for code, name in sorted(pairs)
        if name != "Taiwan" and code and resolve(code) is not resolve(name)
    ]
    unresolved = [name for _code, name in sorted(pairs) if name != "Taiwan" and not _resolves(name)]
    assert (mismatched, unresolved) == ([], [])


def _resolves(name: str) -> bool:
    try:
        resolve(name)
    except UnknownState:
        return False
    return True


def _is_group(name: str) -> bool:
    try:
        resolve_group(name)
    except UnknownState:
        return False
    return True
