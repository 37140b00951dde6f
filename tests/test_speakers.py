"""Speaker resolution of pronouns, descriptions and possessive groups (issue 12) on short news
texts, and the speaker scorer's outcomes."""

import collections

import pytest

from newsgraph.evaluate import speakers
from newsgraph.nlp.descriptions import DescriptionRules
from newsgraph.pipeline import analyze
from newsgraph.store.filters import QuoteFilter


def quote_with(article, fragment):
    found = [q for q in article.quotes if any(fragment in c.text for c in q.content)]
    assert found, [[c.text for c in q.content] for q in article.quotes]
    return found[0]


def speaker(article, fragment):
    """(speaker name, whether it is an entity) of the quote whose content holds the fragment."""
    q = quote_with(article, fragment)
    return (q.speaker.name, q.speaker.entity_id is not None) if q.speaker else (None, False)


OUTLET = (
    "The Washington Post reported on Monday that the senator had met the donors twice.\n\n"
    "\u201cThe meetings were arranged by the campaign,\u201d the newspaper reported, citing "
    "three people familiar with the plans.\n"
)


def test_the_newspaper_is_the_outlet_named_before():
    article = analyze(OUTLET)
    assert speaker(article, "arranged by the campaign") == ("Washington Post", True)
    post = next(e for e in article.entities if e.name == "Washington Post")
    assert any(m.kind == "description" and m.text == "the newspaper" for m in post.mentions)


DEPARTMENT = (
    "The State Department opened a review of the contracts on Tuesday.\n\n"
    "\u201cWe take these reports seriously,\u201d the department said in a statement.\n"
)


def test_the_department_is_the_body_whose_name_holds_the_noun():
    assert speaker(analyze(DEPARTMENT), "We take these reports") == ("State Department", True)


REPORT = (
    "Extremist groups still use the platform, according to a report from the Brookings "
    "Institution released on Friday.\n"
)


def test_a_document_speaks_for_the_author_named_inside_it():
    q = analyze(REPORT).quotes[0]
    assert q.speaker is not None and q.speaker.name == "Brookings Institution"


CAMPAIGN = (
    "Donald Trump spoke to supporters in Ohio on Saturday.\n\n"
    "\u201cWe will win this state,\u201d his campaign said in a statement on Sunday.\n\n"
    "\u201cHe is the only candidate who listens,\u201d his supporters said.\n"
)


def test_a_possessive_body_is_a_derived_entity_owned_by_its_person():
    article = analyze(CAMPAIGN)
    name, is_entity = speaker(article, "We will win this state")
    assert (name, is_entity) == ("Trump campaign", True)
    campaign = next(e for e in article.entities if e.name == "Trump campaign")
    owner = next(e for e in article.entities if e.id == campaign.owner)
    assert owner.name == "Donald Trump"


def test_a_possessive_group_of_people_names_nobody():
    assert speaker(analyze(CAMPAIGN), "the only candidate who listens")[1] is False


ANONYMOUS = (
    "Senator Adam Schiff welcomed the decision on Friday.\n\n"
    "A senior administration official said the White House supported the effort.\n\n"
    "\u201cWe welcome constructive steps,\u201d the official said.\n"
)


def test_a_definite_description_of_someone_introduced_anonymously_stays_unnamed():
    name, is_entity = speaker(analyze(ANONYMOUS), "We welcome constructive steps")
    assert not is_entity and name == "the official"


INQUIRY = (
    "House Republicans created a select committee on Benghazi in 2014.\n\n"
    "The inquiry found nothing that had not been reported. So it said the State Department "
    "had done a poor job.\n"
)


def test_it_after_an_unnamed_subject_names_nobody():
    article = analyze(INQUIRY)
    q = quote_with(article, "had done a poor job")
    assert q.speaker is None or q.speaker.entity_id is None


SALIENCE = (
    "Conservative economist Aparna Mathur, who studies tax policy at the American "
    "Enterprise Institute, said Ivanka Trump's statement didn't clarify the matter.\n\n"
    "\u201cI don't see details about who is left out,\u201d she said.\n"
)


def test_a_speaker_reported_inside_another_quote_does_not_take_the_next_pronoun():
    assert speaker(analyze(SALIENCE), "who is left out") == ("Aparna Mathur", True)


def test_description_classes_load_and_know_the_outlet_nouns():
    rules = DescriptionRules.load()
    assert {c.name for c in rules.classes_of("newspaper")} == {"media"}
    assert "campaign" in rules.possessive_bodies and "supporter" in rules.person_nouns


@pytest.mark.parametrize(
    "found,name,label,expected",
    [
        (False, None, "Donald Trump", "not found"),
        (True, None, None, "right"),
        (True, "Donald Trump", None, "wrong name"),
        (True, None, "Donald Trump", "no name"),
        (True, "Trump", "Donald J. Trump", "right"),
        (True, "Melania Trump", "Donald Trump", "wrong name"),
    ],
)
def test_speaker_outcomes(found, name, label, expected):
    assert speakers.outcome(found, name, label) == expected


def test_speaker_figures_separate_precision_coverage_and_wrong_names():
    counts = {
        "right": 3,
        ("named", "right"): 2,
        ("null", "right"): 1,
        "wrong name": 1,
        ("null", "wrong name"): 1,
        "no name": 1,
        ("named", "no name"): 1,
    }
    figures = speakers._figures(collections.Counter(counts))
    assert figures["items"] == 5 and figures["named"] == 3 and figures["null"] == 2
    assert figures["precision"] == 2 / 3 and figures["coverage"] == 2 / 3
    assert figures["wrong_name_rate"] == 1 / 5


def test_tuning_set_is_well_formed():
    items = speakers.load_set(speakers.DATA / "speakers_tune.jsonl")
    assert len(items) >= 100
    assert {i["class"] for i in items} == {"pronoun", "description", "possessive"}
    assert all(i["split"] == "train" and i["source"][0] < i["source"][1] for i in items)


def test_the_store_finds_what_the_newspaper_said_under_the_outlet_and_the_campaign_under_its_name(tmp_path):
    from newsgraph.store import open_store

    with open_store(tmp_path / "news.db") as store:
        with store.transaction():
            store.add_article(analyze(OUTLET, url="https://example.com/a"), source="a", input_hash="a")
            store.add_article(analyze(CAMPAIGN, url="https://example.com/b"), source="b", input_hash="b")
        by_outlet = store.quotes(QuoteFilter(speaker="The Washington Post"))["quotes"]
        assert any("arranged by the campaign" in q["text"] for q in by_outlet)
        by_campaign = store.quotes(QuoteFilter(speaker="Trump campaign"))["quotes"]
        assert [q["speaker_entity"] for q in by_campaign] == ["Trump campaign"]


QUOTED_RUN = (
    "Donald Trump has complained about the nomination rules for weeks.\n\n"
    "The party chairman, Reince Priebus, spoke on CNN on Sunday. \u201cI don't think it is a good idea "
    "to change the rules now,\u201d Priebus said. \u201cWe are in a charged environment. It is too "
    "complicated. The delegates decide. That is how it works. It has always worked that way.\u201d\n\n"
    "He noted that any changes would only be recommendations.\n"
)


def test_a_run_of_quoted_sentences_does_not_push_its_speaker_back():
    # Six quoted sentences lie between "Priebus said" and "He noted"; only narrative sentences
    # count for recency, so the speaker (gender unknown) still beats the man named before him.
    assert speaker(analyze(QUOTED_RUN), "only be recommendations") == ("Reince Priebus", True)


TOPIC_THREAD = (
    "\u201cWe are used to dog whistles,\u201d said Rep. Jim Clyburn, the assistant leader of the "
    "Democratic caucus.\n\n"
    "Donald Trump has record low support from black voters. He recently pitched himself to "
    "African-Americans in Michigan. He toured a car factory in Detroit with his son.\n\n"
    "\u201cWhat do you have to lose?\u201d he said in August.\n"
)


def test_he_follows_the_thread_of_subject_pronouns_not_the_last_speaker():
    assert speaker(analyze(TOPIC_THREAD), "What do you have to lose") == ("Donald Trump", True)


HIS_OWN_CLAUSE = (
    "Hillary Clinton leads the polls in New York.\n\n"
    "Bernie Sanders may have his best chance upstate, where he is pushing an offensive on fracking. "
    "Clinton opened three offices there last week.\n\n"
    "\u201cWe will win here,\u201d he said on Tuesday.\n"
)


def test_a_pronoun_in_the_named_persons_own_clause_gives_his_gender():
    # "Bernie" leans female in the name table; "his best chance" in Sanders's clause says otherwise.
    assert speaker(analyze(HIS_OWN_CLAUSE), "We will win here") == ("Bernie Sanders", True)


OPED = (
    "Party unity is a two-way street.\n\n"
    "Bernie Sanders speaks for millions of Americans. I believe that he understands this moment "
    "better than anyone else.\n\n"
    "Rep. Raul Grijalva, D-Ariz., was an early backer of Bernie Sanders.\n"
)
LETTERS = (
    "LETTERS.\n\nAnthony Weiner should quit public life for good.\n\nKenneth Zimmerman.\n\n"
    "If Weiner had a drinking problem, I guess the comments would be the same. He needs help.\n\n"
    "Cathy Williams.\n"
)


@pytest.mark.parametrize(
    ("text", "fragment", "writer"),
    [
        (OPED, "he understands this moment", "Raul Grijalva"),
        (LETTERS, "the comments would be", "Cathy Williams"),
    ],
)
def test_i_in_the_articles_own_voice_is_the_writer_who_signs_it(text, fragment, writer):
    assert speaker(analyze(text), fragment) == (writer, True)


def test_the_writers_i_is_no_antecedent_for_he():
    text = OPED.replace("anyone else.", "anyone else. He said the party must change.")
    assert speaker(analyze(text), "the party must change") == ("Bernie Sanders", True)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "The Republican Party held its convention in Cleveland.\n\n"
            "Many Democratic superdelegates met in Philadelphia on Monday. They said the rules were fair.\n",
            "the rules were fair",
        ),
        (
            "The World Bank board met on Friday.\n\n"
            "Many World Bank watchers expect Mr. Kim to be reappointed. They say he will have to work "
            "to solidify support.\n",
            "he will have to work",
        ),
    ],
)
def test_they_after_unnamed_people_described_by_a_name_names_nobody(text, fragment):
    # "Democratic superdelegates" are not the party; "World Bank watchers" are not the bank.
    assert speaker(analyze(text), fragment)[1] is False


INTRODUCED = (
    "Donald Trump spoke for 77 minutes on Thursday, and Sen. Jeff Sessions cheered him on.\n\n"
    "Hillary Clinton made an appearance of sorts, courtesy of Wes Nakagiri, a delegate from Michigan "
    "who dressed up in a prison outfit and a rubber mask.\n\n"
    "\u201cI thought it would be funny,\u201d he said.\n"
)


def test_he_just_after_a_new_person_is_introduced_is_that_person():
    # Named for the first time, with a description, in the sentence before: news introduces a
    # source so before quoting them, even as the object of a preposition.
    assert speaker(analyze(INTRODUCED), "I thought it would be funny") == ("Wes Nakagiri", True)


GOVERNED_NAME = (
    "Donald Trump demanded that CNN pay him to attend the next debate.\n\n"
    "\u201cNo,\u201d said Jeff Zucker, the president of CNN Worldwide. Zucker said the network does not "
    "pay candidates.\n\n"
    "\u201cThe debate will be a disaster without me,\u201d he told Zucker in a letter.\n"
)


def test_he_is_not_the_man_his_own_clause_names_as_its_object():
    # Zucker is the last speaker and a subject, but "he told Zucker" cannot be Zucker himself.
    assert speaker(analyze(GOVERNED_NAME), "a disaster without me") == ("Donald Trump", True)


APPOSED_SUBJECT = (
    "Hillary Clinton won the Puerto Rico primary on Sunday. Clinton crossed the threshold with the "
    "help of superdelegates.\n\n"
    "One superdelegate, Alabama Democratic Party chairwoman Nancy Worley, switched to Clinton recently "
    "to allow Clinton to focus on her race against Donald Trump.\n\n"
    "\u201cWe really need to bring a close to this primary process,\u201d she said.\n"
)


def test_a_name_in_apposition_to_the_subject_counts_as_the_subject():
    # "One superdelegate, … Nancy Worley, switched": Worley is what the sentence is about, not
    # the Clinton its objects keep naming.
    assert speaker(analyze(APPOSED_SUBJECT), "bring a close") == ("Nancy Worley", True)


THEY_THREAD = (
    "The National Academies of Sciences released a report on immigrants in September. It found that "
    "immigrants integrate over time.\n\n"
    "Richard Alba and Nancy Foner, sociologists at the City University of New York, just published a "
    "book. They compare the challenges facing immigrants in North America and Western Europe. In the "
    "end, they write that \u201cneither side of the Atlantic has found the answer.\u201d\n"
)


def test_they_continuing_an_unnamed_they_names_nobody():
    # The second "they" is the first, which is the pair of sociologists: no entity, and never
    # the organisation named before them.
    assert speaker(analyze(THEY_THREAD), "neither side of the Atlantic") == (None, False)


SUBJECT_OWNER = (
    "Donald Trump attacked Judge Gonzalo Curiel again on Friday.\n\n"
    "Charles Geyh, a professor at Indiana University, said he has no problem with candidates "
    "criticizing judges. But, he said, \u201cthere is a line that should not be crossed.\u201d\n\n"
    "One of Trump's earlier attacks came in February, when he told Fox News that \u201cthe judge is "
    "biased against me.\u201d\n"
)


def test_the_owner_of_the_subject_phrase_is_what_the_sentence_is_about():
    # "One of Trump's earlier attacks came …, when he told": Trump, not the expert quoted before.
    assert speaker(analyze(SUBJECT_OWNER), "biased against me") == ("Donald Trump", True)


FADING_SUBJECT = (
    "Donald Trump has quietly built a data program in Iowa.\n\n"
    "Corey Lewandowski, the campaign manager, ran a registration project in 2014. "
    "\u201cThey are ahead of everyone,\u201d said Jane Miller, a pollster.\n\n"
    "The program remains small. Its staff is young. Its budget is unclear.\n\n"
    "Such tools could be critical for Trump as he tries to draw new voters. \u201cWe will win Iowa "
    "big,\u201d he said on Monday.\n"
)


def test_a_subject_far_back_does_not_outweigh_the_man_the_sentence_names():
    # Lewandowski was a subject five narrative sentences back; Trump is named in the pronoun's own
    # sentence, though only after a preposition.
    assert speaker(analyze(FADING_SUBJECT), "win Iowa big") == ("Donald Trump", True)


UNNAMED_OBJECT = (
    "President Obama's policy toward Syria has barely budged. The White House has faced little "
    "pressure over the issue.\n\n"
    "That frustrates many analysts because they believe that a shift in policy will come only with a "
    "new president.\n"
)


def test_they_giving_the_reason_about_unnamed_people_names_nobody():
    # "they" is the analysts the main clause takes as object, not the White House named before.
    assert speaker(analyze(UNNAMED_OBJECT), "a shift in policy") == (None, False)


INTERVIEW = (
    "Former first lady Laura Bush wrote the introduction for a new book. She sat down this week "
    "to discuss the war. Questions and answers have been edited for length.\n\n"
    "QLast October, the president changed course. You thank him for that.\n\n"
    "A: Yes, I think that's really important for the country.\n\n"
    "QWhat would have happened?\n\n"
    "A: I think they would have been set back badly.\n\n"
    "We stayed in Japan for years. We believe that the troops should stay there.\n"
)


@pytest.mark.parametrize(
    "fragment",
    ["that's really important", "they would have been set back", "troops should stay", "him for that"],
)
def test_in_a_question_and_answer_interview_i_we_and_you_are_the_interviewee(fragment):
    assert speaker(analyze(INTERVIEW), fragment) == ("Laura Bush", True)


def test_one_labelled_pair_is_no_interview():
    text = INTERVIEW.replace("QWhat would have happened?\n\nA: ", "")
    assert speaker(analyze(text), "set back") == (None, False)


@pytest.mark.parametrize(
    "person",
    [
        "A 29-year-old Berlin man received five months' probation in July after he had",
        "In September, the home of a 26-year-old Berlin man was raided by police after he had",
    ],
)
def test_he_after_an_unnamed_man_names_nobody(person):
    text = (
        "Justice Minister Heiko Maas said on Monday that hate speech must be punished.\n\n"
        f"{person} posted comments on Facebook. \u201cFilth out!\u201d he wrote, arguing for tougher measures.\n"
    )
    assert speaker(analyze(text), "Filth out")[1] is False


def test_his_fathers_death_is_still_about_him():
    text = (
        "Labor Secretary Thomas Perez grew up in Buffalo.\n\n"
        "His father's sudden death when he was 12 drives him, and he finds that in government work, he said.\n"
    )
    assert speaker(analyze(text), "government work") == ("Thomas Perez", True)


def test_a_first_name_has_its_american_gender():
    text = (
        "Hillary Clinton spoke in Ohio on Monday.\n\n"
        "Former Arizona governor Jan Brewer, an early supporter of Donald Trump, calls security a "
        "priority. \u201cThat will resonate with voters,\u201d she said in an interview.\n"
    )
    assert speaker(analyze(text), "resonate with voters") == ("Jan Brewer", True)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "Democrats met in Iowa on Monday. A big chunk of the voters stay home not because they "
            "cherish the middle ground, but because they said the party was too timid.\n",
            "too timid",
        ),
        (
            "Breitbart News hired Stephen Bannon on Monday.\n\nMr. Trump's children would seek to block "
            "the return of the manager. And they insisted that the departures were not linked.\n",
            "not linked",
        ),
        (
            "Vladimir Putin praised the Russian military on Monday.\n\n\u201cWe will go on striking,\u201d "
            "they said.\n",
            "go on striking",
        ),
    ],
)
def test_they_for_unnamed_people_is_no_group_named_nearby(text, fragment):
    assert speaker(analyze(text), fragment)[1] is False


def test_she_after_a_woman_whose_name_went_to_a_man_names_nobody():
    text = (
        "Donald Trump spoke in Ohio, and Hillary Clinton answered him in Iowa.\n\n"
        "Ivanka Trump, 34, could be a bridge to female voters. She has pushed back against the "
        "accusations, saying her father has been a pioneer.\n"
    )
    assert speaker(analyze(text), "a pioneer")[1] is False


def test_a_source_introduced_in_his_own_attribution_gets_no_newcomer_weight():
    text = (
        "Donald Trump moved ahead of Ted Cruz in Iowa, a new poll showed.\n\n"
        "\u201cTrump is positioned to run the house,\u201d said Lee Miringoff, director of the Marist "
        "College Institute.\n\n"
        "Trump's beef with Fox News was aimed at Megyn Kelly, who he claims has been unfair to him.\n"
    )
    assert speaker(analyze(text), "unfair to him") == ("Donald Trump", True)


@pytest.mark.parametrize(
    "text",
    [
        "Donald Trump faces a revolt at the convention. Leading it are Steve Lonegan, a former Cruz "
        "adviser, and Colorado\u2019s Kendal Unruh, a delegate serving on the rules committee.\n\n"
        "\u201cWe are making sure that our supporters are staying strong,\u201d said Unruh. Unruh is "
        "spearheading this effort.\n\nShe said the delegates would vote their conscience.\n",
        "The rules fight is led by Colorado\u2019s Kendal Unruh, a delegate serving on the convention\u2019s "
        "rules committee.\n\n\u201cThey are making sure that their supporters are staying strong,\u201d said "
        "Unruh. \u201cTrump doesn\u2019t have the infrastructure.\u201d\n\nUnruh is spearheading this effort. "
        "She said the delegates would free themselves.\n",
    ],
)
def test_a_surname_ner_calls_an_organisation_is_a_person_once_given_a_first_name(text):
    # NER types "Unruh" ORG; "Kendal Unruh" shows a woman's surname, so "she" can stand for her.
    assert speaker(analyze(text), "the delegates would") == ("Unruh", True)


def test_a_surname_ner_missed_is_the_person_of_that_surname():
    # NER tags neither bare "Dean": without them "He then defended" went to Axelrod.
    text = (
        "David Axelrod called on Howard Dean to apologize for a tweet about Donald Trump.\n\n"
        "Dean, a former party chairman, poked at Trump's sniffing during the debate.\n\n"
        "Dean, a medical doctor, then appeared on MSNBC on Tuesday.\n\n"
        "He then defended the remark, saying, \u201cSomething funny was going on with Trump last night.\u201d\n"
    )
    assert speaker(analyze(text), "Something funny") == ("Howard Dean", True)


def test_a_full_name_ner_calls_an_organisation_is_the_person_of_its_surname():
    # NER types "Tashfeen Malik" ORG and "Malik" PERSON: "she" right after the full name is Malik.
    text = (
        "Tashfeen Malik passed three background checks, but none uncovered that she talked openly on "
        "social media about violent jihad.\n\n"
        "Malik moved to California in 2014, officials said. Malik married Syed Farook that summer.\n"
    )
    assert speaker(analyze(text), "violent jihad") == ("Malik", True)
