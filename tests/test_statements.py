"""The prose readers on sentences exactly as the shared captures print them (press releases,
UN Geneva summaries, news and NGO pages in `undocs/` and `hrc/`)."""

from __future__ import annotations

from datetime import date

import pytest

from ungawatch.models import VoteTally
from ungawatch.sources import statements as st
from ungawatch.vocabulary import VoteOption


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        # GA/SHC/3840
        (
            "By the draft on the situation of human rights in the Democratic People's Republic "
            "of Korea -- approved by a vote of 84 in favour to 22 against, with 62 abstentions",
            (84, 22, 62),
        ),
        # WFUNA (hrc/A_HRC_RES_25_25.txt): the first number is the ayes
        ("The resolution was adopted by 30 votes against 6, with 11 abstentions.", (30, 6, 11)),
        # UN Watch: another order
        (
            "The Council condemned North Korea in a resolution that passed with 28 yes votes, "
            "13 abstentions and 5 no votes.",
            (28, 5, 13),
        ),
        ("The resolution passed 28 to 5, with 13 abstentions.", (28, 5, 13)),
        # a New York Times repost: no abstention count
        ("The Council approved the resolution by a vote of 30-6, with abstentions.", (30, 6, None)),
        # Südwind: counts in words
        ("Twenty-one countries voted in favor, with 9 against, and 16 abstaining.", (21, 9, 16)),
        (
            "Some 21 members of the Council voted in favor of the resolution, while 7 others "
            "voted against, with 19 abstentions.",
            (21, 7, 19),
        ),
        ("The vote was 30 in favor, 6 against and 11 abstentions with only a handful", (30, 6, 11)),
        ("Two delegations spoke on the draft, which the Committee then considered.", None),
    ],
)
def test_counts(sentence: str, counts: tuple[int, int, int | None] | None) -> None:
    found = st.counts(sentence)
    if counts is None:
        assert found is None
    else:
        assert found == VoteTally(*counts)


def test_counts_after_a_position_are_that_bodys() -> None:
    # michaelkirby.com.au: the Assembly's count first, the Council's after its name.
    sentence = (
        "The Security Council accepted the reference as recommended by an earlier vote of the "
        "plenary session of the General Assembly of the United Nations (116:20:55), in turn "
        "following an earlier vote of the Human Rights Council in New York (30:6:9)."
    )
    assert st.counts(sentence) == VoteTally(116, 20, 55)
    assert st.counts(sentence, sentence.rfind("Human Rights Council")) == VoteTally(30, 6, 9)


@pytest.mark.parametrize(
    ("sentence", "without", "voted", "unanimous"),
    [
        (
            "A recorded vote was not requested by any Council member, and the resolution was "
            "adopted by consensus.",
            True,
            False,
            False,
        ),
        ("they did not call for a vote", False, False, False),
        ("resolved in a consensual manner without a vote at the 46th meeting", True, False, False),
        (
            "The U.N. Human Rights Council (UNHCR) has unanimously adopted a resolution",
            False,
            False,
            True,
        ),
        ("The resolution, which was adopted following a vote in Geneva", False, True, False),
    ],
)
def test_method_signals(sentence: str, without: bool, voted: bool, unanimous: bool) -> None:
    signal = st.method_signal(sentence)
    assert (signal.without_vote, signal.vote_taken, signal.unanimous) == (
        without,
        voted,
        unanimous,
    )


def test_named_votes_and_lists() -> None:
    assert st.named_votes(
        "Those voting in favor were largely a coalition of developed and developing country "
        "democracies; those opposed were China, Cuba, Pakistan, Russia, Venezuela and Viet Nam."
    ) == {VoteOption.NO: ["China", "Cuba", "Pakistan", "Russia", "Venezuela", "Viet Nam"]}
    assert st.named_votes(
        "Among the democratic abstentions were India, Indonesia, and South Africa."
    ) == {VoteOption.ABSTAIN: ["India", "Indonesia", "South Africa"]}
    assert st.named_votes("Gabon did not vote.") == {VoteOption.NON_VOTING: ["Gabon"]}
    lists = st.list_votes(
        "In favour (3): Argentina, Republic of Korea, and United States of America.\n\n"
        "Against (2): China and Viet Nam.\n\nAbstentions (1): Côte d’Ivoire."
    )
    assert lists == {
        VoteOption.YES: ["Argentina", "Republic of Korea", "United States of America"],
        VoteOption.NO: ["China", "Viet Nam"],
        VoteOption.ABSTAIN: ["Côte d’Ivoire"],
    }


@pytest.mark.parametrize(
    ("sentence", "state", "group"),
    [
        (
            "The representative of the United Kingdom, speaking on behalf of the European "
            "Union, the draft's main sponsor, said that",
            "United Kingdom",
            "the European Union",
        ),
        (
            "The representative of Poland the main sponsor, on behalf of the European Union, of "
            "the text said his delegation would have preferred to negotiate",
            "Poland",
            "the European Union",
        ),
        ("Further, the text, introduced by Qatar’s representative, would have", "Qatar", None),
        (
            "Ireland, on behalf of the European Union and Japan, presented a resolution on The "
            "situation of human rights in the Democratic People’s Republic of Korea.",
            "Ireland",
            "the European Union and Japan",
        ),
    ],
)
def test_introductions(sentence: str, state: str, group: str | None) -> None:
    (found,) = st.introductions(sentence)
    assert (found.name, found.acting_for) == (state, group)


def test_a_representative_in_brackets_is_not_an_introduction() -> None:
    # Chosun Biz: Poland represents the EU; the EU did not introduce anything itself.
    assert not st.introductions(
        "Poland (representative of the European Union) and Australia submitted a draft"
    )


def test_dissociations() -> None:
    count, named = st.dissociations(
        "Although a draft resolution on the human rights situation in the Democratic People’s "
        "Republic of Korea was approved by consensus, 11 delegations dissociated from the text."
    )
    assert (count, named) == (11, [])
    count, named = st.dissociations("China, Eritrea and Cuba did not join the consensus.")
    assert count is None and [d.name for d in named] == ["China", "Eritrea", "Cuba"]


def test_dates_titles_states_and_citations() -> None:
    assert st.dates("Jooheon Kim April 4, 2025; On 23 March 2018; 理事会2012年3月22日") == [
        date(2025, 4, 4),
        date(2018, 3, 23),
        date(2012, 3, 22),
    ]
    assert (
        st.title_phrase(
            "the UN Human Rights Council resolution on the situation of human rights in the DPRK "
            "with additional language on the topic"
        )
        == "Situation of human rights in the DPRK"
    )
    assert (
        st.title_phrase(
            "welcomes the adoption of the resolution on the human rights situation in North Korea"
        )
        == "Situation of human rights in North Korea"
    )
    # A mandate's name is no title.
    assert (
        st.title_phrase(
            "extend the mandate of the Special Rapporteur on the situation of human rights in Iran"
        )
        is None
    )
    assert st.states_named("condemning North Korea‘s human rights violations") == ["PRK"]
    assert st.states_named("and the US") == []  # "US" alone is a code, not a name in prose
    cited = st.citations(
        "including Council resolution 43/25 of 22 June 2020 and Assembly resolution 75/190 of "
        "16 December 2020",
        council_text=True,
    )
    assert [(c.council, c.number, c.day) for c in cited] == [
        (True, "43/25", date(2020, 6, 22)),
        (False, "75/190", date(2020, 12, 16)),
    ]
    (chinese, _) = st.citations(
        "包括理事会2012年3月22日第19/13号决议和大会第67/181号决议", council_text=True
    )
    assert (chinese.council, chinese.number, chinese.day) == (True, "19/13", date(2012, 3, 22))


def test_cardinals() -> None:
    assert [st.cardinal(w) for w in ("21", "Twenty-one", "eleven", "ninety-nine", "many")] == [
        21,
        21,
        11,
        99,
        None,
    ]
