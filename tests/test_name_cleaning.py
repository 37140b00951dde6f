"""Names cleaned before they become entities (nlp/names.py) and mojibake repaired at ingest
(ingest/mojibake.py), issue 11."""

from __future__ import annotations

from newsgraph.ingest import prepare
from newsgraph.ingest.mojibake import repair_mojibake
from newsgraph.nlp.names import NameCleaning, headline_person, is_title_case
from newsgraph.record import Article

CLEANING = NameCleaning.load()  # the shipped word lists


def _ws(text: str) -> list[str]:
    """Words as spaCy's text_with_ws gives them, for a span written with spaces."""
    words = text.split(" ")
    return [w + " " for w in words[:-1]] + words[-1:]


def test_datelines_dashes_and_possessives_are_cut_off_names():
    assert CLEANING.name_bounds(_ws("CLEVELAND - Donald Trump"), person=True) == (2, 4)
    assert CLEANING.name_bounds(_ws("ST. LOUIS — Hillary Clinton"), person=False) == (3, 5)
    assert CLEANING.name_bounds(_ws("Weak - Rubio"), person=True) == (2, 3)
    assert CLEANING.name_bounds(["Ocasio", "-", "Cortez"], person=True) == (
        0,
        3,
    )  # a hyphenated name stays whole
    assert CLEANING.name_bounds(["Trump", "'s ", "Remarks"], person=True) == (0, 1)
    assert CLEANING.name_bounds(["Trump", "’s ", "1995"], person=False) == (0, 1)
    assert CLEANING.name_bounds(["People", "'s ", "Republic"], person=False) == (0, 3)


def test_court_cases_and_headline_fragments():
    assert CLEANING.is_case_name(["Trump", "v.", "Trump"]) and CLEANING.is_case_name(["Roe", "v.", "Wade"])
    assert not CLEANING.is_case_name(["Donald", "Trump"])
    assert is_title_case("Ted Cruz Apologizes for Remarks About Iowa".split())
    assert not is_title_case("Ted Cruz said on Monday that he was sorry".split())
    people = {("Ted", "Cruz"), ("Cruz",), ("Clinton",)}
    first_names = {"Joe", "Ted"}.__contains__
    assert headline_person(["Ted", "Cruz", "Apologizes"], people, first_names) == (0, 2)
    assert headline_person(["Clinton", "Hid", "Past", "Health"], people, first_names) == (0, 1)
    assert headline_person(["Breitbart", "News"], people, first_names) is None
    assert headline_person(["Joe", "Clinton"], people, first_names) == (0, 2)  # a first name stays
    assert headline_person(["Rip", "Donald", "Trump"], {("Donald", "Trump")}, {"Rip"}.__contains__) == (1, 3)
    assert CLEANING.without_headline_words(["Donald", "Trump", "Rampages"]) == 2
    assert CLEANING.without_headline_words(["Jeb", "Bush"]) == 2


def test_mojibake_is_repaired_recorded_and_offsets_still_map_to_the_input():
    text = "President FranÃ§ois Hollande met TomÃ¡s Garcia.\n\nHollande said it was time."
    fixed, repairs = repair_mojibake(text)
    assert fixed == "President François Hollande met Tomás Garcia.\n\nHollande said it was time."
    assert [(r.original, r.text) for r in repairs] == [("FranÃ§ois", "François"), ("TomÃ¡s", "Tomás")]
    prepared = prepare(text.encode("utf-8"))
    assert prepared.text.startswith("President François") and len(prepared.repairs) == 2
    article = Article(id="x", text=prepared.text, offset_map=prepared.offset_map)
    for word in ("Hollande", "Garcia", "said"):
        start = prepared.text.rindex(word)
        assert text[article.source_offset(start) : article.source_offset(start) + len(word)] == word
    assert repair_mojibake("plain ascii")[1] == [] and repair_mojibake("déjà vu, naïve")[1] == []


def test_words_before_a_person_name_that_are_no_part_of_it():
    first_names = {"Jeb", "Donald", "Hillary", "Rip"}.__contains__
    full_names = {("Jeb", "Bush"), ("Donald", "Trump")}
    assert CLEANING.leading_words(["Team", "Clinton"], full_names, first_names) == 1
    assert CLEANING.leading_words(["pro", "-", "Rubio"], full_names, first_names) == 2
    assert CLEANING.leading_words(["On", "Donald", "Trump"], full_names, first_names) == 1
    assert CLEANING.leading_words(["Cheeto", "Donald", "Trump"], full_names, first_names) == 1
    assert CLEANING.leading_words(["Hillary", "Rodham", "Clinton"], full_names, first_names) == 0
    assert CLEANING.leading_words(["Reince", "Priebus"], full_names, first_names) == 0
