"""The plain-text cleaner: every rule, the offset map, and real scraped articles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from newsgraph.ingest import prepare
from newsgraph.ingest.clean import clean_text, plain_spaces
from newsgraph.record import Article

PARAGRAPH = (
    "Officials said on Tuesday that the new bridge would open next year, after a delay "
    "caused by a shortage of steel and a dispute over the contract."
)
QUOTE = "“We are confident the work will be finished on time,” the city’s engineer said."


def cleaned_with(line: str):
    """Clean an article with ``line`` between two real paragraphs."""
    return clean_text(f"Bridge Opening Delayed Again\n\n{PARAGRAPH}\n\n{line}\n\n{QUOTE}\n")


def removed_reasons(text: str) -> dict[str, str]:
    return {r.text: r.reason for r in clean_text(text).removed}


# --- one test per rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Bridge Opening Delayed Again", "repeated_headline"),
        ("The mayor speaks at the site of the bridge on June 13, 2023. (Jane Doe/Getty Images)", "caption"),
        ("Workers walk on the deck of the bridge (Reuters/John Smith)", "caption"),
        ("A view of the unfinished bridge (City of Springfield via Reuters)", "caption"),
        ("The bridge is seen from the river bank on May 2, 2023.", "caption"),
        ("A still image from a video shows the collapsed section of the bridge.", "caption"),
        ("NTD Photo", "photo_credit"),
        ("AP Photo/Evan Vucci", "photo_credit"),
        ("Photo: Jane Doe/Reuters", "photo_credit"),
        ("Getty Images", "photo_credit"),
        (
            "Ukrainian servicemen fire a howitzer near Bakhmut, Ukraine June 12, 2023. REUTERS/Sofiia Gatilova",
            "caption",
        ),
        ("Our Standards: The Thomson Reuters Trust Principles.", "promo"),
        (
            "Associated Press writers Jane Doe in London and John Roe contributed to this report.",
            "contributor_line",
        ),
        ("Fox News' Jane Doe contributed to this report.", "contributor_line"),
        ("Credit...Jane Doe for The New York Times", "photo_credit"),
        ("Image source, Getty Images", "photo_credit"),
        ("(Photo by Chip Somodevilla/Getty Images)", "photo_credit"),
        ("The mayor at the bridge on Monday | Photo: AFP", "caption"),
        (
            "The mayor speaks on June 13, 2023 in Washington. (Photo by Chip Somodevilla/Getty Images)",
            "caption",
        ),
        ("toggle caption", "promo"),
        ("Sign up for our Morning Briefing newsletter", "newsletter"),
        ("Advertisement", "promo"),
        ("Share this article", "promo"),
        ("Follow us on Twitter and Facebook", "promo"),
        ("Follow Jane Doe on Twitter @janedoe.", "promo"),
        ("Reuters and Jack Phillips contributed to this report.", "contributor_line"),
        ("Additional reporting by Jane Doe; Editing by John Roe", "contributor_line"),
        ("Read more: Why steel prices keep rising", "related_link"),
        ("Related: City council approves bridge budget", "related_link"),
        ("RELATED COVERAGE", "related_link"),
    ],
)
def test_each_rule_removes_its_line(line, reason):
    result = cleaned_with(line)
    assert [(r.text, r.reason) for r in result.removed] == [(line, reason)]
    assert PARAGRAPH in result.text and QUOTE in result.text and line not in result.text.split("\n\n")[1:]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("By Jane Doe", "byline"),
        ("Tue 13 Jun 2023 10.00 BST", "timestamp"),
        ("By JANE DOE and JOHN ROE, Associated Press", "byline"),
        ("Published June 13, 2023 5:04 PM ET", "timestamp"),
        ("From The Epoch Times", "origin_line"),
    ],
)
def test_edge_rules_remove_their_line(line, reason):
    assert removed_reasons(f"Bridge Opening Delayed Again\n{line}\n\n{PARAGRAPH}\n\n{QUOTE}\n") == {
        line: reason
    }


def test_metadata_comes_out_of_removed_lines():
    result = clean_text(
        "Bridge Opening Delayed Again\nBy JANE DOE and JOHN ROE, Associated Press\n"
        f"Updated: 13 June 2023\n\n{PARAGRAPH}\n\n{QUOTE}\n\n"
        "Reuters and Jack Phillips contributed to this report.\n\nFrom The Epoch Times\n"
    )
    assert result.title == "Bridge Opening Delayed Again"
    assert result.authors == ["Jane Doe", "John Roe"]
    assert result.contributors == ["Reuters", "Jack Phillips"]
    assert result.origin_publisher == "The Epoch Times"
    assert result.timestamp_date == "2023-06-13"


def test_wire_credit_lines_give_clean_contributor_names():
    result = clean_text(
        f"Bridge Opening Delayed Again\n\n{PARAGRAPH}\n\n{QUOTE}\n\n"
        "Associated Press writers Jane Doe in London and John Roe contributed to this report.\n"
    )
    assert result.contributors == ["Jane Doe", "John Roe"]


@pytest.mark.parametrize(
    "line",
    [
        # reporting that carries a wire dateline or parenthesised agency is no caption
        "WASHINGTON (Reuters) - The Senate passed the bill on Tuesday, sending it to the president.",
        "The company (Reuters) said profits rose, though analysts (AP/NORC) doubted it.",
        # photo words in reporting, without a date or a neighbouring credit
        "The senator is seen as a likely candidate for the job.",
        # "by" and "from" starting a real sentence
        "By Tuesday, the troops had reached the outskirts of the city.",
        "By the time the firefighters arrived, the building had collapsed.",
        "From Monday, drivers will pay a toll to cross the bridge.",
        # quotes that mention e-mail or a newsletter inside reporting
        "“We will not run his columns,” the editor wrote in an email to staff on Friday evening.",
        "The newsletter, which has 40,000 subscribers, first reported the resignation on Monday.",
        "Smith contributed $500 to the campaign in 2019, records show.",
        # parentheses with a slash that are no photo credit
        "The deal is worth $5 million (€4.6m/£4m), the company said on Monday.",
        "Applicants must be citizens and/or residents (and/or their spouses).",
        "Most in the room were silent when the verdict was read",
        # transcript speaker labels are not link labels
        "JAKE TAPPER: Donald Trump released a video on Friday talking about racial healing.",
        # reporting about sign-ups and images
        "She merely wanted men to sign up for mobile updates from the campaign, she said.",
        "The image of a 5-year-old boy, dazed and bloodied after being rescued, shocked the world.",
    ],
)
def test_real_paragraphs_survive(line):
    result = cleaned_with(line)
    assert result.removed == []
    assert line in result.text


def test_newsletter_box_goes_whole_but_stops_at_reporting():
    box = (
        "ntd newsletter icon\nSign up for NTD Daily\nWhat you need to know, summarized in one email.\n"
        "Stay informed with accurate news you can trust.\n"
        "By registering for the newsletter, you agree to the Privacy Policy."
    )
    result = clean_text(f"Bridge Opening Delayed Again\n\n{PARAGRAPH}\n\n{QUOTE}\n\n{box}\n")
    assert [(r.text, r.reason) for r in result.removed] == [(box, "newsletter")]
    result = clean_text(f"Bridge Opening Delayed Again\n\n{PARAGRAPH}\n{QUOTE}\nSign up for our newsletter\n")
    assert QUOTE in result.text


def test_caption_date_is_the_latest_caption_date():
    result = clean_text(
        f"Bridge Opening Delayed Again\n\n{PARAGRAPH}\n\n"
        "The old bridge is seen on March 15, 2019. (Jane Doe/Reuters)\n\n"
        "The mayor speaks at the site on June 13, 2023. (John Roe/AP)\n\n{QUOTE}\n"
    )
    assert result.caption_date == "2023-06-13"


def test_no_headline_when_the_text_starts_with_reporting():
    result = clean_text(f"{PARAGRAPH}\nLawmakers cheered\nSenators React To The Vote\n{QUOTE}\n")
    assert result.title is None
    assert result.text.startswith(PARAGRAPH)


def test_first_line_headline_may_end_with_a_full_stop():
    assert clean_text(f"O’Malley campaign to shift staff, resources to Iowa.\n\n{PARAGRAPH}\n").title == (
        "O’Malley campaign to shift staff, resources to Iowa."
    )
    assert clean_text(f"The vote is set. Lawmakers will meet.\n\n{PARAGRAPH}\n").title is None
    assert clean_text(f"Bernie Sanders Suffered A Big Blow. Here’s His Plan.\n\n{PARAGRAPH}\n").title == (
        "Bernie Sanders Suffered A Big Blow. Here’s His Plan."
    )


def test_hard_wrapped_paragraphs_stay_one_paragraph():
    text = (
        "Bridge Opening Delayed Again\n\nOfficials said on Tuesday that the new bridge would\n"
        "open next year, after a delay caused by a shortage of steel.\n\nThe mayor agreed.\n"
    )
    result = clean_text(text)
    assert result.text.split("\n\n") == [
        "Bridge Opening Delayed Again",
        "Officials said on Tuesday that the new bridge would\nopen next year, after a delay caused by a shortage of steel.",
        "The mayor agreed.",
    ]


def test_line_ending_in_a_function_word_is_a_hard_wrap():
    result = clean_text(
        "Actress Wins Award\n\nThe actress, who in 2008 won the\nAfrica Movie Academy Award, "
        "shared new photos.\nShe thanked her fans.\n"
    )
    assert result.text.split("\n\n")[1:] == [
        "The actress, who in 2008 won the\nAfrica Movie Academy Award, shared new photos.",
        "She thanked her fans.",
    ]


def test_single_newline_paragraphs_become_blank_line_paragraphs():
    result = clean_text(f"Bridge Opening Delayed Again\n{PARAGRAPH}\n{QUOTE}\n")
    assert result.text == f"Bridge Opening Delayed Again\n\n{PARAGRAPH}\n\n{QUOTE}"


def test_no_break_and_thin_spaces_become_plain_spaces_in_place():
    source = "Sen.\u00a0Bernie Sanders said the\u202fvote was\u2009close.\n"
    result = clean_text(source)
    assert result.text == "Sen. Bernie Sanders said the vote was close."
    assert result.offset_map == [(0, 0)]


# --- offsets ----------------------------------------------------------------------------------


def assert_offsets_map_back(source: str, prepared_text: str, offset_map) -> None:
    article = Article(id="x", text=prepared_text, offset_map=offset_map)
    bounds = [t for t, _ in offset_map[1:]] + [len(prepared_text) + 2]
    # Not strict: with nothing kept the map is empty and the text's end bounds no segment.
    for (text_start, input_start), next_start in zip(offset_map, bounds, strict=False):
        segment = prepared_text[text_start : next_start - 2]
        assert plain_spaces(source[input_start : input_start + len(segment)]) == segment
        for i in range(text_start, text_start + len(segment)):
            assert plain_spaces(source[article.source_offset(i)]) == prepared_text[i]


def test_example_offsets_map_back(example_text):
    prepared = prepare(example_text)
    assert_offsets_map_back(example_text, prepared.text, prepared.offset_map)
    for removed in prepared.removed:
        assert example_text[removed.start : removed.start + len(removed.text)] == removed.text


LINES = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=80),
    st.sampled_from(
        [
            "",
            "  ",
            "NTD Photo",
            "Advertisement",
            "By Jane Doe",
            "Sign up for our newsletter",
            "From The Epoch Times",
            PARAGRAPH,
            QUOTE,
            "\u00a0indented line\t",
            "Reuters and Jack Phillips contributed to this report.",
            "A man is seen near the bridge on June 1, 2023. (Jane Doe/AP)",
            "\r",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=25))
def test_every_kept_character_maps_to_the_same_input_character_or_its_plain_space(lines):
    source = "\n".join(lines)
    result = clean_text(source)
    assert_offsets_map_back(source, result.text, result.offset_map)
    starts = [t for t, _ in result.offset_map]
    assert starts == sorted(starts) and [i for _, i in result.offset_map] == sorted(
        i for _, i in result.offset_map
    )
    for removed in result.removed:
        assert source[removed.start : removed.start + len(removed.text)] == removed.text


# --- real scraped articles --------------------------------------------------------------------


def example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_bundled_example(example_text):
    prepared = prepare(example_text)
    assert prepared.title == "NATO Chief Meets Biden in White House Over Ukraine"
    assert [(r.reason, r.text[:30]) for r in prepared.removed] == [
        ("repeated_headline", "NATO Chief Meets Biden in Whit"),
        ("caption", "President Joe Biden meets with"),
        ("photo_credit", "NTD Photo"),
        ("caption", "The Russian Foreign Ministry h"),
        ("photo_credit", "NTD Photo"),
        ("caption", "A still image from a video sho"),
        ("contributor_line", "Reuters and Jack Phillips cont"),
        ("origin_line", "From The Epoch Times"),
        ("newsletter", "ntd newsletter icon\nSign up fo"),
    ]
    assert prepared.contributors == ["Reuters", "Jack Phillips"]
    assert prepared.origin_publisher == "The Epoch Times"
    assert (prepared.published, prepared.date_source) == ("2023-06-13", "dated_caption")
    paragraphs = prepared.text.split("\n\n")
    assert paragraphs[0] == prepared.title and paragraphs[1].startswith("NATO Secretary General")
    assert "Long-Range Missiles" in paragraphs
    assert paragraphs[-1].startswith("Speaking to FOX News, he said")
    assert len(paragraphs) == 30


def test_time_article():
    prepared = prepare(example("time-hansen-geoengineering.txt"))
    reasons = [r.reason for r in prepared.removed]
    assert reasons[:4] == ["repeated_headline", "caption", "byline", "timestamp"]
    assert set(reasons[4:]) == {"related_link", "newsletter"}
    # "More Must-Reads From TIME" and its headlines, one a paragraph, the last one a question
    assert prepared.text.endswith("agreed to by a broad swath of countries.\u201d")
    for headline in (
        "The Struggle to Save Lives Inside Gaza\u2019s Hospitals",
        "Is Using the Snooze Button Bad for You?",
    ):
        assert headline not in prepared.text and headline in [r.text for r in prepared.removed]
    assert prepared.authors == ["Alejandro de la Garza"]
    assert (prepared.published, prepared.date_source) == ("2023-11-02", "dateline")
    assert prepared.text.split("\n\n")[1].startswith("James Hansen first warned Congress")
    assert "“The 2°C warming limit is dead," in prepared.text
    assert "Getty Images" not in prepared.text and "Read more" not in prepared.text


def test_fox13_article():
    prepared = prepare(example("fox13-new-year-new-laws.txt"))
    assert prepared.title == "New Year, new laws: Obamacare, pot, guns and drones"
    assert prepared.authors == ["CNN Wire", "Leigh Ann Caldwell"]  # "By:" / "CNN Wire", then a byline
    assert (prepared.published, prepared.date_source) == ("2013-12-30", "dateline")
    assert {"promo", "timestamp", "byline"} <= {r.reason for r in prepared.removed}
    assert prepared.text.split("\n\n")[1].startswith("WASHINGTON (CNN) — Not everyone subscribes")
    assert "Colorado: Marijuana becomes legal" in prepared.text
    assert "Prev" not in prepared.text.split("\n\n")


def test_yonhap_article():
    prepared = prepare(example("yonhap-north-korea-drill.txt"))
    assert prepared.title.startswith("N. Korea slams S. Korea for joint military drill")
    assert (prepared.published, prepared.date_source) == ("2019-08-20", "dateline")
    paragraphs = prepared.text.split("\n\n")
    for button in ("SHARE", "Facebook", "Pinterest", "PRINT", "kokobj@yna.co.kr", "(END)"):
        assert button not in paragraphs
    assert any(
        p.startswith("SEOUL, Aug. 20 (Yonhap) -- North Korea's official newspaper") for p in paragraphs
    )
    assert paragraphs[-1].startswith("A spokesperson of the North's committee")
    assert "ABCDEFG" not in paragraphs  # the font-size widget's sample, five times over


def test_a_short_line_repeated_is_a_widget_but_a_repeated_speaker_label_stays():
    lines = [
        "Markets fell sharply on Tuesday after the report.",
        "Share",
        "Gear",
        "TRUMP:",
        "We are going to win.",
        "Gear",
        "TRUMP:",
        "We will build it.",
        "Gear",
        "TRUMP:",
        "Believe me.",
    ]
    result = clean_text("\n".join(lines))
    assert "Gear" not in result.text.split("\n\n")
    assert result.text.count("TRUMP:") == 3


def test_one_esports_article():
    prepared = prepare(example("one-esports-worlds-2023.txt"))
    assert prepared.authors == ['Amanda "Tania Mae" Tan']
    assert (prepared.published, prepared.date_source) == ("2023-11-19", "dateline")
    removed = [r.text for r in prepared.removed]
    assert "Screenshot by Kristine Tuting/ONE Esports" in removed
    assert "ADD TO CART: US$25 League of Legends Gift Card for NA server" in removed
    assert any(r.startswith("Subscribe to our monthly newsletter") for r in removed)
    assert "Additionally, Zeus was hailed as the Worlds 2023 finals MVP." in prepared.text
    assert "Credit: Riot Games" not in prepared.text
    # The box's headings stand alone, a paragraph each, before "Subscribe to our monthly newsletter"
    assert "ESPORTS NEWS" not in prepared.text and "YOUR INBOX" not in prepared.text


def test_cnn_article():
    prepared = prepare(example("cnn-gates-tillerson.txt"))
    assert prepared.authors == ["Eric Bradner"]
    assert (prepared.published, prepared.date_source) == ("2016-12-18", "dateline")
    paragraphs = prepared.text.split("\n\n")
    for junk in (
        "Link Copied!",
        "Video Ad Feedback",
        "01:40",
        "—",
        "Related",
        "2 minute read",
        # framed by page furniture: a video's title, a timestamp's label, a dateline's place
        "Obama on hacking: I warned Putin to 'cut it out'",
        "Updated",
        "Washington",
        "- Source:",
    ):
        assert junk not in paragraphs
    assert (
        sum(
            p.startswith(
                (
                    "Former Defense",
                    "“Clearly",
                    "Gates’",
                    "Their",
                    "Tillerson",
                    "But Gates",
                    "“After all",
                    "“But in",
                )
            )
            for p in paragraphs
        )
        == 8
    )


# --- no reporting lost on a real corpus -----------------------------------------------------


def _attribution_spans(ann_file):
    for line in ann_file.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if (
            len(fields) >= 2
            and fields[0].startswith("T")
            and fields[1].split()[0] in ("Source", "Cue", "Content")
        ):
            for piece in fields[1].split(" ", 1)[1].split(";"):
                start, end = piece.split()
                yield int(start), int(end)


def test_cleaner_keeps_every_annotated_attribution_on_polnear(shared_dir):
    """PolNeAR's annotators marked who said what in 84 dev articles: the cleaner must remove none
    of that text, and must keep nearly all of each article."""
    corpus = shared_dir / "data/polnear/dev"
    checked = spans = 0
    for text_file in sorted((corpus / "text").glob("*.txt")):
        source = text_file.read_text(encoding="utf-8")
        result = clean_text(source)
        removed = [(r.start, r.start + len(r.text)) for r in result.removed]
        for ann_file in corpus.glob(f"attributions/{text_file.stem}_*.ann"):
            for start, end in _attribution_spans(ann_file):
                assert not any(s < end and start < e for s, e in removed), (text_file.name, source[start:end])
                spans += 1
        assert sum(e - s for s, e in removed) <= 0.05 * len(source), text_file.name
        checked += 1
    assert checked == 84 and spans > 1000


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends(line_end):
    source = line_end.join(["Bridge Opening Delayed Again", "", PARAGRAPH, "Advertisement", QUOTE, ""])
    result = clean_text(source)
    assert result.text == f"Bridge Opening Delayed Again\n\n{PARAGRAPH}\n\n{QUOTE}"
    assert [(r.text, r.reason) for r in result.removed] == [("Advertisement", "promo")]
    assert_offsets_map_back(source, result.text, result.offset_map)


def test_wired_article():
    prepared = prepare(example("wired-west-bank-surveillance.txt"))
    assert prepared.title == "Intensified Israeli Surveillance Has Put the West Bank on Lockdown"
    assert prepared.authors == ["Tom Bennett"]  # from the closing author bio
    assert (prepared.published, prepared.date_source) == ("2023-11-07", "dateline")
    reasons = [r.reason for r in prepared.removed]
    assert reasons.count("caption") == 2 and reasons.count("related_link") >= 3
    assert "author_bio" in reasons and "newsletter" in reasons
    for widget_line in (
        "Most Popular",
        "30 Essential Home Repair Tools You Should Have",
        "Matt Jancer",
        "Save",
    ):
        assert widget_line not in prepared.text.split("\n\n")
    assert "“We’re rats in a lab,” says Azza" in prepared.text
    assert prepared.text.split("\n\n")[-1].startswith("Ori Givati, a former Israeli soldier")
