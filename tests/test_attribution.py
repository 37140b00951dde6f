"""Attribution on real news sentences: cues, sources, contents, kinds and speakers."""

from pathlib import Path

import pytest

from newsgraph.nlp.attribution import quotation_spans
from newsgraph.pipeline import analyze

EXAMPLE = Path(__file__).resolve().parent.parent / "newsgraph" / "examples" / "nato-chief-meets-biden.txt"


@pytest.fixture(scope="module")
def nato():
    return analyze(EXAMPLE.read_text(encoding="utf-8"))


def quote_with(article, content_fragment):
    found = [q for q in article.quotes if any(content_fragment in c.text for c in q.content)]
    assert found, f"no attribution has content with {content_fragment!r}: " + repr(
        [[c.text for c in q.content] for q in article.quotes]
    )
    return found[0]


def texts(spans):
    return [s.text for s in spans]


def speaker_name(quote):
    return quote.speaker.name if quote.speaker else None


def test_direct_quote_with_cue_after(nato):
    q = quote_with(nato, "It has to be a minimum of what allies have to invest")
    assert q.kind == "direct"
    assert texts(q.cue) == ["said"]
    assert texts(q.source) == ["Stoltenberg"]
    assert "Stoltenberg" in speaker_name(q)
    assert q.content[0].text.startswith("\u201cIt has to be")


def test_direct_quote_after_colon_with_relative_clause_subject(nato):
    q = quote_with(nato, "God willing, we\u2019ll be able to keep this unity up")
    assert q.kind == "direct"
    assert texts(q.cue)[0].startswith("said")
    assert "Biden" in " ".join(texts(q.source))
    assert "Biden" in speaker_name(q)


def test_pronoun_source_resolved_to_previous_speaker(nato):
    q = quote_with(nato, "That\u2019s exactly what we\u2019ll do when we meet")
    assert texts(q.source) == ["he"]
    assert "Stoltenberg" in speaker_name(q)
    entity = nato.entity(q.speaker.entity_id)
    assert any(m.kind == "pronoun" and m.start == q.source[0].start for m in entity.mentions)


def test_indirect_speech_with_bare_complement(nato):
    q = quote_with(nato, "commitment to NATO was rock solid")
    assert q.kind == "indirect"
    assert texts(q.cue) == ["said"]
    assert texts(q.source) == ["Biden"]


def test_partial_quote_inside_paraphrase(nato):
    q = quote_with(nato, "spiraling tension")
    assert q.kind == "mixed"
    assert texts(q.source) == ["The Kremlin"]


def test_quote_paragraph_without_cue_continues_previous_speaker(nato):
    q = quote_with(nato, "It\u2019s still early days")
    assert q.kind == "direct"
    assert "Stoltenberg" in speaker_name(q)
    assert any(c.text.startswith("\u201cIt\u2019s still early days") for c in q.content)
    assert texts(q.cue) == ["said"]


SPLIT = (
    "Hillary Clinton spoke to reporters in Iowa on Monday.\n\n"
    "\u201cWe are going to win this state,\u201d she said, \u201cand then we are going to win "
    "the whole country.\u201d\n"
)


def test_quote_split_around_the_cue():
    article = analyze(SPLIT)
    q = quote_with(article, "We are going to win this state")
    assert texts(q.cue) == ["said"]
    assert texts(q.source) == ["she"]
    assert len(q.content) == 2 and "the whole country" in q.content[1].text
    assert speaker_name(q) == "Hillary Clinton"


GENDER = (
    "Senator Elizabeth Warren met Governor John Hickenlooper in Denver on Friday to talk "
    "about the campaign.\n\n"
    "The two have known each other for years and share a view of the race.\n\n"
    "\u201cThis is a fight for the middle class, and we intend to win it,\u201d she said.\n\n"
    "\u201cColorado will decide this election,\u201d he told reporters afterwards.\n"
)


def test_pronouns_across_paragraphs_respect_gender():
    article = analyze(GENDER)
    she = quote_with(article, "a fight for the middle class")
    he = quote_with(article, "Colorado will decide")
    assert speaker_name(she) == "Elizabeth Warren"
    assert speaker_name(he) == "John Hickenlooper"


ACCORDING = "The deficit will reach $1 trillion next year, according to the Congressional Budget Office.\n"


def test_according_to_puts_the_source_after_the_cue():
    article = analyze(ACCORDING)
    q = quote_with(article, "The deficit will reach")
    assert texts(q.cue) == ["according to"]
    assert texts(q.source) == ["the Congressional Budget Office"]
    assert q.kind == "indirect"


HEADLINE = "\u201cWe Will Not Back Down From This Fight\u201d\n\nThe union voted on Tuesday to strike.\n"


def test_headline_quote_has_null_source():
    article = analyze(HEADLINE)
    q = quote_with(article, "We Will Not Back Down")
    assert q.kind == "direct"
    assert q.source == [] and q.speaker is None


def test_quotation_scan_pairs_curly_nested_and_straight_quotes():
    text = (
        "He said \u201cthey call it \u2018the plan\u2019 and \u201cthe deal\u201d now\u201d. "
        'She said "fine by me" later.\n\n\u201cOpen at paragraph end\n\n\u201cNext one.\u201d'
    )
    spans = [text[s:e] for s, e in quotation_spans(text)]
    assert spans == [
        "\u201cthey call it \u2018the plan\u2019 and \u201cthe deal\u201d now\u201d",
        '"fine by me"',
        "\u201cOpen at paragraph end",
        "\u201cNext one.\u201d",
    ]


def test_spans_are_offsets_into_the_text(nato):
    for q in nato.quotes:
        for span in q.content + q.cue + q.source:
            assert nato.text[span.start : span.end] == span.text


def test_unbalanced_and_odd_input_never_breaks_the_component():
    odd = (
        "\u201cAn opening quote that never closes\n\n\u201d\u201d\u201d\n\n"
        "said said said: \u201c\n\naccording to\n"
    )
    article = analyze(odd)
    for q in article.quotes:
        assert q.content and all(odd[s.start : s.end] == s.text for s in q.content)


DESCRIPTIONS = (
    "The president will travel to Ohio next week to promote the infrastructure law.\n\n"
    "\u201cWe have nothing to add at this time,\u201d a White House spokeswoman said on "
    "Monday.\n\n"
    "The White House press secretary, Karine Jean-Pierre, said on Tuesday that the trip "
    "would go ahead despite the storm.\n"
)


def test_description_sources_link_through_apposition_or_stay_descriptions():
    article = analyze(DESCRIPTIONS)
    unnamed = quote_with(article, "We have nothing to add")
    assert unnamed.speaker is not None and unnamed.speaker.entity_id is None
    assert "spokeswoman" in unnamed.speaker.name
    named = quote_with(article, "the trip would go ahead")
    assert speaker_name(named) == "Karine Jean-Pierre"


def test_participial_cue_takes_the_subject_of_the_clause_it_hangs_on():
    from newsgraph.nlp.attribution import syntactic_source
    from newsgraph.pipeline import load_pipeline

    doc = load_pipeline()(
        "The senator, a Republican from Tennessee, criticized the deal on Wednesday, "
        "saying that it would fail."
    )
    saying = [t for t in doc if t.text == "saying"]
    assert " ".join(t.text for t in syntactic_source(saying)) == "The senator , a Republican from Tennessee"
    after = load_pipeline()("After saying her foot was swollen, she was taken to the hospital.")
    assert [t.text for t in syntactic_source([t for t in after if t.text == "saying"])] == ["she"]
    passive = load_pipeline()("The measure was criticized by several senators.")
    assert syntactic_source([t for t in passive if t.text == "criticized"]) is None


def test_a_first_name_that_leans_one_way_decides_the_pronoun():
    # "Chris" is mostly male: Christie, the sentence's subject, cannot be "she".
    article = analyze(
        "Chris Christie met Hillary Clinton in Trenton on Monday.\n\n"
        "\u201cWe will not back down,\u201d she said."
    )
    q = quote_with(article, "We will not back down")
    assert texts(q.source) == ["she"]
    assert speaker_name(q) == "Hillary Clinton"


def test_a_cue_ending_its_paragraph_with_a_colon_introduces_the_next_paragraph():
    article = analyze(
        "Trump answered with the example of Chicago.\n\nHe said:\n\n"
        "\u201cWe have a situation where we have thousands of shootings in Chicago.\u201d\n\n"
        "The debate ended an hour later."
    )
    q = quote_with(article, "thousands of shootings in Chicago")
    assert q.kind == "direct"
    assert texts(q.source) == ["He"]
    assert texts(q.content) == [
        "\u201cWe have a situation where we have thousands of shootings in Chicago.\u201d"
    ]


def test_a_speech_verb_without_tagged_content_takes_its_clausal_complement():
    from newsgraph.nlp.attribution import syntactic_content
    from newsgraph.pipeline import load_pipeline

    doc = load_pipeline()("On Wednesday, he told a crowd in Cleveland that he was troubled by the shooting.")
    told = [t for t in doc if t.text == "told"]
    assert " ".join(t.text for t in syntactic_content(told)) == "that he was troubled by the shooting"
    assert syntactic_content([t for t in doc if t.text == "crowd"]) is None
    denied = load_pipeline()("The campaign denied the report on Friday.")
    assert [t.text for t in syntactic_content([t for t in denied if t.text == "denied"])] == ["the", "report"]


def test_cue_spans_take_the_auxiliaries_and_negation_before_the_verb():
    from newsgraph.nlp.attribution import with_auxiliaries
    from newsgraph.pipeline import load_pipeline

    words = list(load_pipeline()("The senator has not said whether she will run."))
    said = next(k for k, t in enumerate(words) if t.text == "said")
    assert [t.text for t in with_auxiliaries(words, said, said + 1)] == ["has", "not", "said"]
    senator = next(k for k, t in enumerate(words) if t.text == "senator")
    assert [t.text for t in with_auxiliaries(words, senator, senator + 1)] == ["senator"]


def test_a_short_clause_after_a_quotation_attributes_it_whatever_its_verb():
    article = analyze(
        "The rally in Ohio ran late into the night.\n\n"
        "\u201cWho is going to pay for the wall?\u201d the governor riffed.\n\n"
        "\u201cThe Apprentice,\u201d which aired on NBC for years, made him famous."
    )
    q = quote_with(article, "Who is going to pay")
    assert texts(q.cue) == ["riffed"] and texts(q.source) == ["the governor"]
    assert q.kind == "direct"
    assert not [a for a in article.quotes if "The Apprentice" in " ".join(texts(a.content)) and a.source]


def test_a_source_with_an_apposition_keeps_its_closing_comma_a_plain_one_does_not():
    from newsgraph.nlp.attribution import comma_convention

    text = "Jane Doe, a spokeswoman for the mayor, said. Jane Doe, in a statement, said."
    appositive = comma_convention(text, {"start": 0, "end": 37, "text": text[:37]})
    assert appositive["text"] == "Jane Doe, a spokeswoman for the mayor,"
    plain = comma_convention(text, {"start": 45, "end": 54, "text": text[45:54]})
    assert plain["text"] == "Jane Doe"


def test_a_dash_and_a_name_sign_the_quotation_on_its_line_or_the_next():
    article = analyze(
        "Readers wrote to us about the debate.\n\n"
        "\u201cThe whole idea needs to stop, and it needs to stop now.\u201d \u2015 Jane Doe\n\n"
        "\u201cWe deserve better than this from both of the candidates.\u201d\n\n"
        "-Michelle Marks, Philadelphia.\n"
    )
    first = quote_with(article, "The whole idea")
    assert texts(first.cue) == ["\u2015"] and texts(first.source) == ["Jane Doe"]
    second = quote_with(article, "We deserve better")
    assert texts(second.cue) == ["-"] and texts(second.source) == ["Michelle Marks"]


TRANSCRIPT = (
    "Fox News host Chris Wallace asked Mike Pence about the tweet on Sunday. A partial "
    "transcript follows.\n\n"
    "WALLACE: Will Gennifer Flowers be at the debate tomorrow night?\n\n"
    "PENCE: Well, look, she will not be attending the debate tomorrow night.\n\n"
    "WALLACE: Do you really see those two as equivalent?\n\n"
    "UPDATE: The debate was moved to Tuesday night.\n"
)


def test_transcript_turns_are_said_by_their_speaker_labels():
    article = analyze(TRANSCRIPT)
    turns = [q for q in article.quotes if texts(q.cue) == [":"]]
    assert [texts(q.source) for q in turns] == [["WALLACE"], ["PENCE"], ["WALLACE"]]
    assert texts(turns[1].content) == ["Well, look, she will not be attending the debate tomorrow night."]
    assert all(q.kind == "direct" for q in turns)
    assert not [q for q in article.quotes if "moved to Tuesday" in " ".join(texts(q.content))]
    assert speaker_name(turns[1]) == "Mike Pence"


def test_shop_and_section_labels_are_not_transcript_speakers():
    article = analyze(
        "T1 won the final in Seoul on Sunday.\n\n"
        "PUNCH FIRST: Funko Pop Games League of Legends Vi Vinyl Figure\n\n"
        "MAKE SOMEONE'S DAY: A gift card for the North American server\n\n"
        "PUNCH FIRST: Funko Pop Games League of Legends Vi Vinyl Figure\n"
    )
    assert not [q for q in article.quotes if texts(q.cue) == [":"]]


def test_one_labelled_paragraph_is_not_a_transcript():
    from newsgraph.nlp.attribution import Layout, transcript_turns
    from newsgraph.pipeline import load_pipeline

    labels = frozenset({"update"})
    one = Layout(load_pipeline()("The senator spoke on Friday.\n\nSMITH: We will vote no on the bill.\n"))
    assert transcript_turns(one, [], labels) == []
    two = Layout(load_pipeline()(TRANSCRIPT))
    assert [t["source"][0]["text"] for t in transcript_turns(two, [], labels)] == [
        "WALLACE",
        "PENCE",
        "WALLACE",
    ]


def test_an_inverted_cue_takes_the_speaker_after_it_even_when_parsed_as_an_object():
    from newsgraph.nlp.attribution import syntactic_source
    from newsgraph.pipeline import load_pipeline

    doc = load_pipeline()(
        "\u201cImagine Brad Thor going up against Trump and Clinton on the same stage,\u201d "
        "mused Blaze co-host Stu Burguiere."
    )
    mused = [t for t in doc if t.text == "mused"]
    assert not [c for c in mused[0].children if c.dep_ == "nsubj"]  # the parser's reading
    assert " ".join(t.text for t in syntactic_source(mused)) == "Blaze co - host Stu Burguiere"


def test_a_paragraph_ending_on_a_colon_introduces_the_quotation_after_it_whatever_its_verb():
    from newsgraph.nlp.attribution import Layout, char_span, colon_introduced
    from newsgraph.pipeline import load_pipeline

    text = (
        "The pollster pressed on:\n\n"
        "\u201cThe health issue overall is very much a partisan issue, but not this much.\u201d"
    )
    layout = Layout(load_pipeline()(text))
    found = colon_introduced(layout, char_span(text, text.index("\u201c"), len(text)))
    assert found["cue"][0]["text"] == "pressed" and found["source"][0]["text"] == "The pollster"
    assert colon_introduced(layout, char_span(text, 0, 24)) is None  # not after a colon


def test_a_quotation_before_a_cue_that_has_other_content_joins_that_attribution():
    # The parser reads "Tulsa" as a verb and hangs "said" on the quotation: the first quotation
    # still belongs to Chief Jordan's "said", beside the one after it.
    article = analyze(
        "The chief spoke on Monday.\n\n\u201cI will just make this promise to you: We will "
        "achieve justice in this case,\u201d Tulsa police Chief Chuck Jordan said Monday. "
        "\u201cI want to assure you of that.\u201d\n"
    )
    q = quote_with(article, "I will just make this promise")
    assert texts(q.cue) == ["said"] and "Chuck Jordan" in texts(q.source)[0]
    assert len(q.content) == 2 and "assure you" in q.content[1].text
    assert len(article.quotes) == 1


def test_paraphrase_with_no_one_behind_it_is_not_an_attribution(nato):
    # "…met that target goal: the United States, Poland, …" has a colon but no speaker.
    assert not [q for q in nato.quotes if "Poland" in " ".join(texts(q.content))]
    assert all(q.source for q in nato.quotes if q.kind == "indirect")


def test_a_plural_role_noun_is_a_group_not_the_last_person_named():
    article = analyze(
        "President Joe Biden met NATO leaders in Vilnius on Tuesday.\n\n"
        "The aides said the trip would go ahead as planned next month.\n"
    )
    q = quote_with(article, "the trip would go ahead")
    assert texts(q.source) == ["The aides"]
    assert q.speaker is not None and q.speaker.entity_id is None


def test_a_headline_gives_the_floor_to_the_name_before_on():
    article = analyze(
        "Gates on Tillerson and Russia: \u2018Being friendly doesn\u2019t make you friends\u2019\n\n"
        "Former Defense Secretary Robert Gates defended the nominee on Sunday.\n\n"
        "Obama on hacking: I warned Putin to 'cut it out'\n\n"
        "Gates spoke to NBC on Sunday morning about the nomination.\n"
    )
    first = quote_with(article, "Being friendly")
    assert texts(first.source) == ["Gates"] and texts(first.cue) == [":"]
    assert first.kind == "direct" and speaker_name(first) == "Robert Gates"
    second = quote_with(article, "I warned Putin")
    assert texts(second.source) == ["Obama"]


def test_a_first_person_source_inside_a_quotation_is_its_speaker():
    article = analyze(
        "Obama on hacking: I warned Putin to 'cut it out'\n\n"
        "President Barack Obama spoke at length about the hacking on Friday.\n"
    )
    nested = [q for q in article.quotes if texts(q.source) == ["I"]]
    assert nested and all(speaker_name(q) == "Barack Obama" for q in nested)


def test_they_after_a_coordinated_group_is_that_group_not_an_organisation_named_earlier():
    article = analyze(
        "James Hansen, an adjunct professor at Columbia University, published a new paper.\n\n"
        "Hansen and his collaborators argue that emissions cuts alone will not be enough. "
        "They said governments will have to impose carbon fees.\n"
    )
    q = quote_with(article, "impose carbon fees")
    assert texts(q.source) == ["They"]
    assert q.speaker is None or q.speaker.entity_id is None


def test_a_source_opening_on_a_relative_pronoun_is_the_pronoun_alone():
    from newsgraph.nlp.attribution import Layout, char_span, relative_alone
    from newsgraph.pipeline import load_pipeline

    text = "Ramos, who fights with the candidate on television, claims the race is close."
    layout = Layout(load_pipeline()(text))
    clause = char_span(text, text.index("who"), text.index(", claims"))
    assert relative_alone(layout, clause)["text"] == "who"
    name = char_span(text, 0, 5)
    assert relative_alone(layout, name) == name
