"""The sponsor-list grammar on real excerpts from UN catalogue records and documents."""

from __future__ import annotations

from ungawatch.countries import is_known_name
from ungawatch.sources.sponsor_lists import (
    ListedName,
    clean_text,
    drop_article,
    is_submitted_by,
    joined_sponsors,
    split_names,
    sponsor_note,
    submitted_by,
    vote_lists,
)
from ungawatch.vocabulary import SponsorRole, VoteOption


def names(text: str) -> list[str]:
    return [item.name for item in split_names(text, is_known_name)]


def test_plain_list_with_final_and() -> None:
    assert names("Egypt and Mexico") == ["Egypt", "Mexico"]
    assert names("Brazil, Mauritania, Qatar and Spain") == [
        "Brazil",
        "Mauritania",
        "Qatar",
        "Spain",
    ]


def test_names_containing_and_stay_whole() -> None:
    text = (
        "Antigua and Barbuda, Bosnia and Herzegovina, Saint Vincent and the Grenadines, "
        "Trinidad and Tobago and United Kingdom of Great Britain and Northern Ireland"
    )
    assert names(text) == [
        "Antigua and Barbuda",
        "Bosnia and Herzegovina",
        "Saint Vincent and the Grenadines",
        "Trinidad and Tobago",
        "United Kingdom of Great Britain and Northern Ireland",
    ]


def test_parenthesised_names_and_commas_inside_them() -> None:
    text = (
        "Bolivia (Plurinational State of), Micronesia (Federated States of), "
        "Netherlands (Kingdom of the) and Venezuela (Bolivarian Republic of)"
    )
    assert len(names(text)) == 4


def test_group_is_kept_with_the_state_that_acts_for_it() -> None:
    items = split_names(
        "China, Cuba [on behalf of the Movement of Non-Aligned Countries] and Russian Federation",
        is_known_name,
    )
    assert items == [
        ListedName("China"),
        ListedName("Cuba", "Movement of Non-Aligned Countries"),
        ListedName("Russian Federation"),
    ]
    typo = split_names(
        "Mauritania [on behalf of the of the Organization of Islamic Cooperation]", is_known_name
    )
    assert typo == [ListedName("Mauritania", "Organization of Islamic Cooperation")]


def test_group_and_china_is_not_split_into_a_sponsor() -> None:
    items = split_names(
        "Cuba [on behalf of the Group of 77 and China] and Kazakhstan", is_known_name
    )
    assert items == [ListedName("Cuba", "Group of 77 and China"), ListedName("Kazakhstan")]


def test_unknown_piece_is_kept_whole_not_dropped() -> None:
    assert names("Egypt and Atlantis") == ["Egypt and Atlantis"]


def test_pdf_line_breaks_and_hyphenation() -> None:
    assert clean_text("Timor-\nLeste, Guinea-\n Bissau") == "Timor-Leste, Guinea-Bissau"
    assert names("Timor-\nLeste and Guinea-\nBissau") == ["Timor-Leste", "Guinea-Bissau"]


def test_statements_by_organs() -> None:
    assert is_submitted_by("submitted by the Chair on the basis of informal consultations")
    assert is_submitted_by("by the Secretariat")
    assert not is_submitted_by("Belarus and Russian Federation")


def test_additional_sponsors_note_with_listing_document() -> None:
    entries, notes = sponsor_note(
        "Additional sponsors: Andorra, Japan, Monaco and TÃ¼rkiye (A/78/481/Add.3).",
        is_known_name,
        field="515",
    )
    assert [e.name for e in entries] == ["Andorra", "Japan", "Monaco", "TÃ¼rkiye"]
    assert {e.listed_in for e in entries} == {"A/78/481/Add.3"}
    assert {e.role for e in entries} == {SponsorRole.ADDITIONAL}
    assert notes == ()


def test_note_with_amendment_outcome_and_later_listing_document() -> None:
    entries, notes = sponsor_note(
        "Additional sponsors: Burundi, United Republic of Tanzania and Zimbabwe. - The amendment "
        "was rejected by the Committee (A/78/481/Add.2).",
        is_known_name,
        field="515",
    )
    assert [e.name for e in entries] == ["Burundi", "United Republic of Tanzania", "Zimbabwe"]
    assert {e.listed_in for e in entries} == {"A/78/481/Add.2"}
    assert [n.message for n in notes] == ["The amendment was rejected by the Committee"]


def test_note_naming_late_original_sponsors_and_a_withdrawal() -> None:
    entries, _ = sponsor_note(
        "Additional sponsors: Algeria and Congo (A/78/479). - Bolivia (Plurinational State of) "
        "and Malaysia are original sponsors of the draft resolution (A/78/479).",
        is_known_name,
        field="515",
    )
    roles = {(e.name, e.role) for e in entries}
    assert ("Malaysia", SponsorRole.ORIGINAL) in roles
    assert ("Bolivia (Plurinational State of)", SponsorRole.ORIGINAL) in roles
    assert ("Algeria", SponsorRole.ADDITIONAL) in roles
    withdrawn, _ = sponsor_note(
        "Additional sponsors: Bolivia (Plurinational State of) and Ecuador. - Sudan was removed "
        "from the list of sponsors of the draft resolution (A/78/475).",
        is_known_name,
        field="515",
    )
    assert ("Sudan", SponsorRole.WITHDRAWN, "A/78/475") in {
        (e.name, e.role, e.listed_in) for e in withdrawn
    }


def test_missing_final_and() -> None:
    assert names("Serbia, Slovakia, Uganda, United Republic of Tanzania") == [
        "Serbia",
        "Slovakia",
        "Uganda",
        "United Republic of Tanzania",
    ]


def test_joined_in_sponsoring_sentences_from_report_text() -> None:
    # A/C.3/75/L.31/Rev.1 as restated from the Third Committee report, and A/78/481/Add.3.
    later = joined_sponsors(
        "Subsequently, Andorra, Montenegro, Palau, the Republic of Moldova, San Marino, "
        "Slovakia and Tuvalu joined in sponsoring the draft resolution.",
        is_known_name,
        field="report",
        listed_in="A/78/481/Add.3",
    )
    assert [e.name for e in later] == [
        "Andorra",
        "Montenegro",
        "Palau",
        "Republic of Moldova",
        "San Marino",
        "Slovakia",
        "Tuvalu",
    ]
    assert {(e.role, e.listed_in) for e in later} == {(SponsorRole.ADDITIONAL, "A/78/481/Add.3")}
    same_meeting = joined_sponsors(
        "17. At the same meeting, Tuvalu joined in sponsoring the draft resolution.",
        is_known_name,
        field="report",
        listed_in=None,
    )
    assert [e.name for e in same_meeting] == ["Tuvalu"]
    assert (
        joined_sponsors(
            "18. Also at the same meeting, the representative of Canada made a statement.",
            is_known_name,
            field="report",
            listed_in=None,
        )
        == ()
    )


def test_submitted_by_and_the_article_of_prose() -> None:
    listed = submitted_by(
        "(A/C.3/78/L.41), submitted by Albania, Ukraine, the United Kingdom of Great Britain "
        "and Northern Ireland and the United States of America."
    )
    assert listed is not None
    assert [drop_article(item.name) for item in split_names(listed, is_known_name)] == [
        "Albania",
        "Ukraine",
        "United Kingdom of Great Britain and Northern Ireland",
        "United States of America",
    ]
    assert submitted_by("The representative of Canada made a statement.") is None


def test_recorded_vote_lists_against_none() -> None:
    listed = vote_lists(
        "In favour:\nAlbania, Andorra.\nAgainst:\nNone.\nAbstaining:\nChina.", is_known_name
    )
    assert listed is not None
    assert [item.name for item in listed[VoteOption.YES]] == ["Albania", "Andorra"]
    assert listed[VoteOption.NO] == [] and [i.name for i in listed[VoteOption.ABSTAIN]] == ["China"]
