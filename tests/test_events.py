"""Events: the typology on real news sentences, elided times, the example article, the scorer."""

from pathlib import Path

import pytest

from newsgraph.evaluate.events import score
from newsgraph.evaluate.gold import POLNEAR, load_jsonl
from newsgraph.nlp.events import Typology, extract_events
from newsgraph.pipeline import analyze, load_pipeline
from newsgraph.record import Event

GOLD_DIR = Path(__file__).parent / "data" / "events"
TYPOLOGY = Typology.from_dir()


def events_of(text: str, times: list[tuple[str, str]] = ()) -> list[dict]:
    """Run the pipeline up to the events component, with hand-written time expressions (text,
    value) so that these tests check how events link times, not how times are found."""
    nlp = load_pipeline()
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name in ("newsgraph_events", "newsgraph_summary"):
            break
        doc = component(doc)
    if times:
        doc._.times = [
            {"start": text.index(t), "end": text.index(t) + len(t), "text": t, "type": "date", "value": value}
            for t, value in times
        ]
    return extract_events(doc, TYPOLOGY)


def only(events: list[dict], event_type: str) -> dict:
    found = [e for e in events if e["type"] == event_type]
    assert len(found) == 1, events
    return found[0]


def test_meet_with_actor_target_place_and_time():
    text = "NATO Secretary General Jens Stoltenberg met with President Joe Biden in Washington on Tuesday."
    event = only(events_of(text, [("Tuesday", "2023-06-13")]), "meet")
    assert event["cameo"] == "04" and event["trigger"]["text"] == "met"
    assert event["actor"]["name"].endswith("Stoltenberg") and event["actor"]["entity_id"]
    assert event["target"]["name"].endswith("Biden") and event["target"]["entity_id"]
    assert event["place"]["name"] == "Washington"
    assert event["time"] == 0


def test_elided_time_is_inherited_by_the_next_meeting_of_the_same_actor():
    text = (
        "Stoltenberg met with President Joe Biden on Tuesday. "
        "Stoltenberg also met with Secretary of State Antony Blinken."
    )
    first, second = [e for e in events_of(text, [("Tuesday", "2023-06-13")]) if e["type"] == "meet"]
    assert second["target"]["name"].endswith("Blinken")
    assert first["time"] == second["time"] == 0


def test_elided_time_is_not_given_to_another_actor():
    text = "Stoltenberg met with President Joe Biden on Tuesday. Blinken met with Olaf Scholz."
    first, second = [e for e in events_of(text, [("Tuesday", "2023-06-13")]) if e["type"] == "meet"]
    assert first["time"] == 0 and second["time"] is None


def test_aid_announced_by_an_administration_goes_to_its_target():
    text = "The Biden administration later announced $325 million in new military aid to Ukraine."
    event = only(events_of(text), "provide_aid")
    assert event["cameo"] == "07" and event["trigger"]["text"] == "announced"
    assert event["target"]["name"] == "Ukraine"
    assert event["actor"]["name"] == "Biden administration"


def test_aid_verb_with_recipient_object():
    event = only(events_of("France will supply Ukraine with long-range missiles."), "provide_aid")
    assert (event["actor"]["name"], event["target"]["name"]) == ("France", "Ukraine")


def test_criticize_and_warn_share_the_subject_of_a_coordination():
    text = (
        "Russia has repeatedly criticized Western countries for arming Kyiv and has warned "
        "that NATO members have effectively become direct parties to the conflict."
    )
    events = events_of(text)
    criticize, warn = only(events, "criticize"), only(events, "threaten")
    assert criticize["cameo"] == "11" and criticize["actor"]["name"] == "Russia"
    assert criticize["target"]["name"] == "Western countries"
    assert warn["cameo"] == "13" and warn["actor"]["name"] == "Russia"


def test_the_object_of_a_judging_verb_is_the_actor_of_its_gerund():
    text = "Russia has criticized Western countries for supplying Ukraine with weapons."
    supply = only(events_of(text), "provide_aid")
    assert supply["actor"]["name"] == "Western countries" and supply["target"]["name"] == "Ukraine"


def test_phrasal_criticism_takes_the_object_of_its_particle():
    event = only(events_of("Bernie Sanders railed against Donald Trump on Tuesday."), "criticize")
    assert (event["actor"]["name"], event["target"]["name"]) == ("Bernie Sanders", "Donald Trump")


def test_thank():
    event = only(events_of("Blinken thanked Stoltenberg for his leadership."), "praise")
    assert event["cameo"] == "05"
    assert (event["actor"]["name"], event["target"]["name"]) == ("Blinken", "Stoltenberg")


def test_strike_and_capture():
    text = (
        "Russia uses long-range missiles to strike targets in Ukraine. "
        "Ukrainian troops recaptured a fourth village from Russian forces."
    )
    strike, capture = [e for e in events_of(text) if e["type"] == "fight"]
    assert strike["cameo"] == "19" and strike["actor"]["name"] == "Russia"
    assert strike["place"]["name"] == "Ukraine"
    assert capture["trigger"]["text"] == "recaptured" and capture["target"]["name"] == "fourth village"


def test_attack_is_criticism_of_a_person_and_fighting_against_a_country():
    events = events_of("Trump attacked Hillary Clinton on Monday. Iran attacked Israel overnight.")
    assert [(e["type"], e["target"]["name"]) for e in events if e["cameo"] != "01"] == [
        ("criticize", "Hillary Clinton"),
        ("fight", "Israel"),
    ]


def test_a_meal_with_someone_is_a_meeting():
    event = only(events_of("Suu Kyi had breakfast with Vice President Joe Biden."), "meet")
    assert event["trigger"]["text"] == "had" and event["target"]["name"].endswith("Biden")


def test_appeal_needs_a_named_target_for_ask():
    events = events_of("Ukraine has asked Germany for Taurus cruise missiles. He asked a question.")
    assert [(e["actor"]["name"], e["target"]["name"]) for e in events if e["type"] == "appeal"] == [
        ("Ukraine", "Germany")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Last year, only seven countries in the alliance met that target goal.",
        "The two leaders struck a deal on trade.",
        "Biden did not meet Putin during the trip.",
        "If Moscow strikes Kyiv again, the allies will respond.",
        "The Supreme Court struck down the Texas law on Monday.",
        "Donald Trump captured the Republican nomination in May.",
        "The proposal by Senator Ted Cruz met with criticism from Democrats.",
        "Ukraine declined to strike Russian territory with the missiles.",
        "Biden hosted a fundraiser in Chicago.",
        "The bill would allow 9/11 families to sue Saudi Arabia.",
        "Russia could strike Kyiv with the new missiles.",
        "Senators made it more difficult for families to sue Saudi Arabia.",
        "Melania was born in a poor country and had to make ends meet.",
        "I am greatly honored by the endorsement of Senator Cruz.",
    ],
)
def test_other_senses_negations_and_conditions_are_not_events(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


# False positives of the rules of 2026-11-27 on PolNeAR train articles (the tuning set and a
# survey of unlabelled ones), one real sentence per class of error; none of them is an event.
@pytest.mark.parametrize(
    "text",
    [
        # a question, not a request
        "The chairman of the Joint Chiefs of Staff, Gen. Joseph F. Dunford Jr., recently asked "
        "Admiral Harris just that question.",
        "In an interview with The Post last week, Trump was asked what he thought Clinton could do.",
        "The rancor is so blatant that Mr. Trump was asked about it during the debate on Thursday.",
        "The campaign's lack of a ground game begged the question of whether Manafort was up to his job.",
        # a to-infinitive under a noun, an adjective or "be", or negated by "no"
        "Neither Johnson nor Weld is inclined to attack Clinton, something they have been trying to correct.",
        "The Vatican says Pope Francis has no plans to meet with Vermont Sen. Bernie Sanders.",
        "The most effective way to do that, they think, is to criticize everyone's favorite target, Clinton.",
        # a gerund after a non-factive preposition or governor, or after a noun and "of"
        "She has refrained from endorsing Clinton or Sanders.",
        "Rather than scolding our closest allies, the President should look for ways to help them.",
        "In 2008 she made it clear that our days of attacking Obama were behind us.",
        # a gerund as subject: a kind of act
        "Clinton's team believes that merely assailing Trump may not secure the White House.",
        # not asserted ("ever"), or a habit
        "Grayson's spokeswoman challenged the assertion that Grayson had ever attacked Clinton.",
        "Usually news outlets call upon individuals with unique understanding of the circumstances.",
        "The Israeli leader frequently meets with Republican and Democratic members of Congress.",
        # anyone: a rule, not an event
        "Under Florida law, battery is committed when a person intentionally strikes another person.",
        "Netanyahu will meet with any candidate from any party who requests a meeting.",
        # "had" before the subject: a counterfactual
        "Trump said that it would have been cool had Hillary Clinton congratulated him.",
        "The debate started when Donald Trump and Marco Rubio were pressed about their personal attacks.",
        # a present tense after "until": not yet
        '"I want to wait until I meet with Bibi," Trump said.',
        # an instruction to the reader
        "Just ask former NFL star Herschel Walker.",
        # a light verb with a noun of another sense, or a name
        "Taylor had only one appeal for the Whigs: He was popular and could win.",
        "His economic pitch to the white working class holds obvious appeal in the upper Midwest.",
        "Three months ago, our three groups launched Who Talks?",
        # an object that shows another sense of the verb
        "The House candidates saw a flood of donations after receiving Sanders' endorsement.",
        "In 2012, Chatwal pleaded guilty to making more than $180,000 in straw donations.",
        "Brafman finally sat down.",
        "The incident still provided timely ammunition for the Republican case against Obama.",
        "On health care, Clinton has tried to seize the high ground.",
        "Verizon brought in workers from as far away as Connecticut to meet the labor shortfall.",
        # the infinitive of an invitation or a request has not taken place
        "The town welcomed Trump to visit the city.",
        # a noun or an adjective tagged as a verb
        "Syria proved to be resistant to the Obama/Clinton calls for regime change.",
        "In Puerto Rico, 60 pledged delegates and seven superdelegates were at stake.",
        "The Vermont senator will arrive at the convention with enough pledged delegates to file reports.",
        # threaten/promise to with a thing as subject: "be likely to"
        "The New Hampshire primary threatens to knock one or more of the governors out of the race.",
        "Her economic plan promises to lift up participation in the workforce.",
        # phrasal forms and objects of another sense
        "Mr. Trump quickly seized on the massacre to renew his call to view Muslim immigrants as a threat.",
        "Citizens United struck down limits on political contributions by businesses and labor.",
        "His campaign manager, Alex Conant, struck a similar tune.",
        "A Reuters photographer captured a small figure covered in a foil sheet.",
        "Clinton has supplied ample reasons to question her judgment.",
        "Hillary Clinton Receives First National Security Briefing.",
        "He dares to use such arguments that appeal to the worst instincts of human beings.",
        "''Is Donald Trump running against the Republican National Committee?'' asked Mr. Manafort, "
        "referring to the candidate's unrelenting assault on the nominating process.",
        "Mr. Obama ultimately captured Florida by about 74,000 votes.",
        "Trump delivered a blowout win in Indiana, knocking both Ted Cruz and John Kasich out of the race.",
        "An entrance poll shows that Hillary Clinton captured the support of voters in Nevada.",
        "The donors were not disclosed, despite an agreement Mrs. Clinton had struck with the White House.",
        "In her address Mrs. Clinton struck many of the same themes as Ms. Warren.",
        "Cleveland hosted the Republican National Convention without major incident.",
        "She answered with an awkward smile, as the crowd applauded.",
        # a gerund after a noun and "about"
        "Sanders's campaign has been locked in talks about endorsing Clinton for days.",
    ],
)
def test_unasserted_generic_and_other_sense_mentions_are_not_events(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


def test_a_conjunct_does_not_share_the_negation_of_its_head():
    text = (
        "Nigel Farage said the President did not know what he was talking about, and accused "
        "Number 10 Downing Street of putting words in the President's mouth."
    )
    assert only(events_of(text), "criticize")["trigger"]["text"] == "accused"


def test_a_light_verb_in_a_relative_clause_takes_the_noun_it_modifies():
    text = (
        "Deborah Tamargo, the chairwoman of Florida's Hillsborough County GOP, recalled of a "
        "June conversation she had with Trump at the Tampa Convention Center."
    )
    event = only(events_of(text), "meet")
    assert event["trigger"]["text"] == "had" and event["target"]["name"] == "Trump"


def test_taking_in_refugees_is_aid_and_accepting_a_nomination_is_not():
    events = events_of("Jordan has welcomed in many refugees. Trump accepted the nomination.")
    event = only(events, "provide_aid")
    assert (event["actor"]["name"], event["target"]["name"]) == ("Jordan", "many refugees")


def test_a_coordinated_appeal_shares_the_subject_of_the_predicate_before_it():
    text = 'Obama called it "shameful" and called on leaders "not to feed that dark impulse."'
    event = only(events_of(text), "appeal")
    assert event["trigger"]["text"] == "called" and event["actor"]["name"] == "Obama"


def test_the_target_of_a_tribute_is_the_object_of_to():
    event = only(events_of("The protesters paid tribute to Clarence Howard."), "praise")
    assert event["target"]["name"] == "Clarence Howard"


def test_phrasal_criticism_unload_on():
    text = "Megyn Kelly unloaded on Donald Trump with a question at the first debate."
    event = only(events_of(text), "criticize")
    assert (event["actor"]["name"], event["target"]["name"]) == ("Megyn Kelly", "Donald Trump")


def test_a_characterisation_whose_object_is_parsed_as_a_second_predicate():
    text = (
        "The two men spent months lobbing pointed insults at one another. Cruz called Trump a "
        '"pathological liar" who is "utterly amoral," a "serial philanderer."'
    )
    event = only(events_of(text), "criticize")
    assert (event["actor"]["name"], event["target"]["name"]) == ("Cruz", "Trump")


def test_a_target_named_by_its_apposition():
    text = "The senator said that Trump had personally attacked his wife, Heidi, and his father."
    event = only(events_of(text), "criticize")
    assert event["target"]["name"] == "Heidi"


def test_a_visit_to_a_named_place_keeps_its_pronoun_visitor():
    event = only(events_of("She will visit Capitol Hill on Thursday."), "meet")
    assert event["actor"]["name"] == "She" and event["place"]["name"] == "Capitol Hill"


def test_a_title_case_headline_verb_read_as_a_name():
    text = "Elizabeth Warren Hammers Wells Fargo CEO: ‘You Should Be Criminally Investigated.’"
    event = only(events_of(text), "criticize")
    assert event["trigger"]["text"] == "Hammers"
    assert (event["actor"]["name"], event["target"]["name"]) == ("Elizabeth Warren", "Wells Fargo")


def test_the_doer_of_a_gerund_after_by_is_the_subject_not_the_object():
    text = "By calling out Clinton on the substance of her attack, Axelrod occupied a familiar role."
    event = only(events_of(text), "criticize")
    assert (event["actor"]["name"], event["target"]["name"]) == ("Axelrod", "Clinton")


def test_a_relative_clause_on_a_predicate_noun_is_about_the_subject():
    text = (
        "Donald Trump is a serial liar, rampant xenophobe and bully who has repeatedly pledged "
        "to ban all Muslims from entering the U.S."
    )
    assert only(events_of(text), "intend")["actor"]["name"] == "Donald Trump"


def test_every_class_of_the_file_has_a_cameo_root_code():
    classes = {entry.event_class for entries in TYPOLOGY.verbs.values() for entry in entries}
    assert {c.cameo for c in classes} >= {"02", "03", "04", "05", "07", "11", "13", "19"}
    assert all(len(c.cameo) == 2 and c.cameo.isdigit() for c in classes)


def test_example_article(example_text):
    article = analyze(example_text)
    events = article.events
    assert all(isinstance(e, Event) for e in events)
    for event in events:
        assert article.text[event.trigger.start : event.trigger.end] == event.trigger.text
        for participant in (event.actor, event.target, event.place):
            if participant is not None and participant.start is not None:
                assert "\n" not in article.text[participant.start : participant.end]
        assert event.sentence.start <= event.trigger.start < event.sentence.end
        assert event.time is None or 0 <= event.time < len(article.times)
    by_trigger = {(e.type, e.trigger.text, e.target.name if e.target else None) for e in events}
    assert ("meet", "met", "Antony Blinken") in by_trigger
    assert ("praise", "thanked", "Jens Stoltenberg") in by_trigger
    assert ("provide_aid", "announced", "Ukraine") in by_trigger
    assert not any(e.type == "meet" and "target goal" in e.sentence.text for e in events)
    speakers = {e.actor.name for e in events if e.cameo == "01" and e.actor is not None}
    assert {"Jens Stoltenberg", "Joe Biden"} <= speakers  # attributions are statement events


def test_scorer_on_the_gold_file():
    gold = load_jsonl(GOLD_DIR / "polnear_dev_gold.jsonl")
    assert len(gold) == 10 and sum(len(d["events"]) for d in gold) >= 30
    perfect = score(gold, gold)
    assert perfect["all"]["p"] == perfect["all"]["r"] == perfect["all"]["f"] == 1.0
    assert perfect["actor_accuracy"] == perfect["target_accuracy"] == 1.0
    retyped = [
        dict(d, events=[dict(e, type="fight" if e["type"] != "fight" else "meet") for e in d["events"]])
        for d in gold
    ]
    assert score(gold, retyped)["all"]["f"] == 0.0
    halved = [dict(d, events=d["events"][::2]) for d in gold]
    half = score(gold, halved)
    assert half["all"]["p"] == 1.0 and 0.4 < half["all"]["r"] < 0.65
    statements_only = [dict(d, events=[dict(e, cameo="01") for e in d["events"]]) for d in gold]
    assert score(gold, statements_only)["all"]["fp"] == 0


def test_every_gold_trigger_is_its_text_in_the_articles_split():
    """The gold files point into the PolNeAR split of each line (train for set T)."""
    if not POLNEAR.is_dir():
        pytest.skip("../shared/data/polnear is absent")
    for path in GOLD_DIR.glob("*.jsonl"):
        for doc in load_jsonl(path):
            text = (POLNEAR / doc.get("split", "dev") / "text" / f"{doc['doc']}.txt").read_text(
                encoding="utf-8"
            )
            for event in doc["events"]:
                trigger = event["trigger"]
                assert text[trigger["start"] : trigger["end"]] == trigger["text"], (path.name, event)


# Fourth round: recall. Pronoun participants are resolved as speakers are (newsgraph.nlp.coref).


def test_a_pronoun_participant_is_the_one_person_it_can_stand_for():
    text = (
        "Senator Elizabeth Warren held a hearing on Tuesday. "
        "Wells Fargo later thanked her for the invitation."
    )
    event = only(events_of(text), "praise")
    assert event["target"]["name"] == "Elizabeth Warren" and event["target"]["entity_id"]


def test_an_ambiguous_pronoun_participant_is_not_resolved():
    text = "Joe Biden met Barack Obama at the White House on Monday. Hillary Clinton later thanked him."
    event = only(events_of(text), "praise")
    assert event["target"]["name"] == "him" and event["target"]["entity_id"] is None


def test_an_object_pronoun_is_not_the_subject_of_its_own_clause():
    text = "Donald Trump answered questions in Ohio on Monday. He accused him of lying."
    event = only(events_of(text), "criticize")
    assert (event["actor"]["name"], event["target"]["name"]) == ("Donald Trump", "him")


def test_i_and_me_in_a_direct_quotation_are_its_speaker():
    text = "Adm. Harry Harris commands the Pacific fleet. \u201cThe Chinese demonized me,\u201d Harris said."
    event = only(events_of(text), "criticize")
    assert event["target"]["name"] == "Harry Harris" and event["target"]["entity_id"]


def test_a_third_person_pronoun_in_a_quotation_is_not_its_speaker():
    text = "Bernie Sanders spoke in Iowa on Monday. \u201cHe attacked our veterans,\u201d Sanders said."
    assert [e for e in events_of(text) if e["type"] == "criticize"] == []


def test_confident_referent_needs_a_single_compatible_candidate():
    from newsgraph.nlp.coref import Mentions, confident_referent

    nlp = load_pipeline()
    for text, expected in [
        ("Hillary Clinton met Donald Trump in New York. She left early.", "Hillary Clinton"),
        ("Joe Biden met Barack Obama in New York. He left early.", None),
        ("Sen. Ted Cruz spoke in Iowa. The senator left early.", "Ted Cruz"),
        ("Sen. Ted Cruz met Joe Biden in Iowa. The senator left early.", None),
        ("Sen. Ted Cruz spoke in Iowa. The mayor left early.", None),
    ]:
        doc = nlp(text)
        subject = next(t for t in doc if t.dep_ == "nsubj" and t.i > 3)
        found = confident_referent(doc[subject.left_edge.i : subject.i + 1], Mentions(doc, doc._.entities))
        names = {e["id"]: e["name"] for e in doc._.entities}
        assert names.get(found) == expected, text


def test_a_description_of_a_named_person_is_a_named_target():
    text = (
        "Sen. Ted Cruz spoke at a rally in Iowa on Monday. "
        "In return, Donald Trump slammed the senator at a rally in Ohio."
    )
    event = only(events_of(text), "criticize")
    assert (event["actor"]["name"], event["target"]["name"]) == ("Donald Trump", "Ted Cruz")


def test_demand_is_an_appeal_but_not_after_a_quoted_question():
    events = events_of("The union demanded that the company raise wages for its drivers.")
    assert only(events, "appeal")["actor"]["name"] == "union"
    text = "\u201cIs this bank too big to regulate?\u201d Senator David Vitter demanded."
    assert [e for e in events_of(text) if e["type"] == "appeal"] == []


def test_a_hedged_prediction_is_not_an_event():
    text = "Perhaps the senators will urge President Obama to act on the bill."
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


def test_being_honored_by_a_thing_is_no_praise_even_when_i_is_resolved():
    text = (
        "Donald Trump spoke in Ohio on Friday. "
        "\u201cI am greatly honored by the endorsement of Senator Ted Cruz,\u201d Trump said."
    )
    assert [e for e in events_of(text) if e["type"] == "praise"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Mike Shields said nearly every conversation he has had with donors centers on the House.",
        "Cruz\u2019s allies bristle at the suggestion that he\u2019s entirely to blame for the bad blood.",
        "Some Democrats are hopeful they can even threaten the Republican lead in the House.",
        "Donald Trump leads the field. He is backed by 34% of GOP voters in the average.",
        "Clinton and Sanders would have to weigh the risks before backing President Obama's plan.",
    ],
)
def test_habits_abilities_and_be_to_blame_are_not_events(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


def test_mocking_needs_no_named_target():
    event = only(events_of("Donald Trump mocked the senator's speech on Twitter."), "criticize")
    assert event["actor"]["name"] == "Donald Trump" and event["trigger"]["text"] == "mocked"


def test_a_charge_by_no_one_named_is_no_event_nor_is_a_task():
    # the guidelines settled before set G: an event needs a named or resolvable actor
    text = "Officer Betty Shelby was charged with first-degree manslaughter."
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []
    text = "The agency was charged with overseeing the program in Ohio."
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


def test_a_date_between_a_verb_and_its_particle():
    text = "Senator Bernie Sanders called Friday for the release of the police videos."
    event = only(events_of(text), "appeal")
    assert event["actor"]["name"] == "Bernie Sanders" and event["trigger"]["text"] == "called"


# Fifth round: recall on verbs whose event sense needs a given complement (PolNeAR sentences).
def test_an_infinitive_request_is_an_appeal_whose_infinitive_has_not_taken_place():
    events = events_of(
        "Mr. Trump has started asking his supporters to raise their hands and pledge their loyalty to him."
    )
    assert [(e["type"], e["trigger"]["text"]) for e in events if e["cameo"] != "01"] == [("appeal", "asking")]
    events = events_of(
        "Trump tweeted in the early morning hours that Machado was \u201cdisgusting\u201d and "
        "\u201ca con\u201d and encouraged Americans to \u201ccheck out\u201d her non-existent sex tape."
    )
    assert only(events, "appeal")["target"]["name"] == "Americans"


def test_agreeing_to_do_is_an_intention_and_agreeing_with_someone_is_not():
    event = only(
        events_of("In the end, Patriot Coal agreed to effectively lend Mr. Clarke $5 million."), "intend"
    )
    assert event["trigger"]["text"] == "agreed" and event["actor"]["name"] == "Patriot Coal"
    assert [
        e for e in events_of("Senator Marco Rubio agreed with Jeb Bush on taxes.") if e["cameo"] != "01"
    ] == []


@pytest.mark.parametrize(
    "text",
    [
        "Asked to describe the device that caused the explosion, O'Neill said it was not clear.",
        "Guests are given color-coded, timed tickets telling them when to join the queue.",
        "Mr. Trump was encouraged by the results in Florida.",
    ],
)
def test_a_question_information_or_a_feeling_is_no_appeal(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


def test_calling_a_person_is_a_phone_call_but_calling_a_person_names_is_not():
    event = only(
        events_of(
            "Clinton spokesman Nick Merrill says that Hillary Clinton called Alicia Machado on Friday."
        ),
        "meet",
    )
    assert event["actor"]["name"].endswith("Clinton") and event["target"]["name"].endswith("Machado")
    events = events_of("Ted Cruz called Donald Trump a pathological liar.")
    assert [e["type"] for e in events if e["cameo"] != "01"] == ["criticize"]
    assert not [
        e for e in events_of("Ms. Friedan called Mrs. Schlafly an ''Aunt Tom.''") if e["type"] == "meet"
    ]


def test_questioning_a_quality_of_someone_is_criticism_and_questioning_whether_is_not():
    event = only(
        events_of("Clinton supporters have also questioned the health of Donald Trump, who is 70."),
        "criticize",
    )
    assert event["trigger"]["text"] == "questioned"
    assert [
        e for e in events_of("Ted Cruz questioned whether Donald Trump would win.") if e["cameo"] != "01"
    ] == []


@pytest.mark.parametrize(
    "text, event_type, trigger",
    [
        ("Trump has been targeting Alicia Machado since Monday's debate.", "criticize", "targeting"),
        (
            "Donald Trump's campaign is defending his early-morning tweets shaming former Miss Universe "
            "Alicia Machado.",
            "criticize",
            "shaming",
        ),
        ("The Ohio Democratic Party filed suit against Secretary of State Jon Husted.", "criticize", "filed"),
        ("Donna Sampson Rawlings said she had toured the museum last week.", "meet", "toured"),
        (
            "Hillary Clinton called Alicia Machado on Friday to express gratitude to the former Miss Universe "
            "who has become caught up in the maelstrom of the presidential campaign.",
            "praise",
            "express",
        ),
        (
            "Senator Richard Burr, a North Carolina Republican, has also embraced Mr. Trump.",
            "praise",
            "embraced",
        ),
        ("Hillary Clinton appreciated Alicia Machado's courage.", "praise", "appreciated"),
        (
            "During the primaries Bernie Sanders championed tuition-free public universities and a $15 "
            "minimum wage.",
            "praise",
            "championed",
        ),
    ],
)
def test_verbs_and_event_nouns_of_the_fifth_round(text, event_type, trigger):
    assert any(e["type"] == event_type and e["trigger"]["text"] == trigger for e in events_of(text))


def test_a_neutral_noun_judged_by_its_adjective_is_the_event_of_its_light_verb():
    text = (
        "Machado has been in the spotlight since Monday night's debate, when Clinton cited derogatory "
        "comments Trump had made about her as examples of the Republican's disrespect for women."
    )
    event = only(events_of(text), "criticize")
    assert event["trigger"]["text"] == "made" and event["actor"]["name"].endswith("Trump")
    assert [e for e in events_of("Trump made comments about Machado on Friday.") if e["cameo"] != "01"] == []


def test_criticism_faced_from_someone_is_done_by_them_to_the_subject():
    text = "Hillary Clinton came under fire from Republicans over her assertion during the debate."
    received = [e for e in events_of(text) if e["trigger"]["text"] == "came"]
    assert len(received) == 1 and received[0]["type"] == "criticize"
    assert received[0]["actor"]["name"] == "Republicans" and received[0]["target"]["name"].endswith("Clinton")
    event = only(
        events_of("Senator Marco Rubio drew widespread criticism from Democrats after the debate."),
        "criticize",
    )
    assert event["actor"]["name"] == "Democrats" and event["target"]["name"].endswith("Rubio")
    # with no one named as its source, the sentence tells how its subject fared
    assert [
        e
        for e in events_of(
            "Aung San Suu Kyi has faced sharp criticism for failing to address ethnic violence."
        )
        if e["cameo"] != "01"
    ] == []


def test_support_shown_or_enjoyed_is_praise_and_support_provided_is_not():
    events = events_of(
        "During the Democratic primary race, Mrs. Clinton enjoyed tremendous support from "
        "African-American voters, especially older black women."
    )
    event = only(events, "praise")
    assert event["trigger"]["text"] == "enjoyed" and event["target"]["name"].endswith("Clinton")
    event = only(
        events_of(
            "Bill Clinton made the criticism while showing support for Hillary Clinton's public option."
        ),
        "praise",
    )
    assert event["trigger"]["text"] == "showing"
    assert not [
        e
        for e in events_of(
            "Russia lacked the financial resources to provide Central Asia the economic support it needed."
        )
        if e["type"] == "praise"
    ]


# Sixth round: classes of false positives of the blind set D and of the older sets.


def test_means_listed_after_by_are_no_events():
    text = (
        "Congress has three ways to seek enforcement of a subpoena: by filing a civil lawsuit, "
        "by asking federal prosecutors to charge someone with criminal contempt."
    )
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


def test_as_promised_is_no_promise():
    text = "Donald Trump proposed dropping carried interest as promised, but analysts disagreed."
    assert not [e for e in events_of(text) if e["type"] == "intend"]


def test_a_habit_covers_the_infinitive_of_its_outcome():
    text = (
        "Lynch said her supervisors at Hogan & Hartson would sometimes dismiss her proposals, "
        "only to laud the same concepts when they were offered by a man."
    )
    assert not [e for e in events_of(text) if e["type"] == "praise"]


def test_a_bare_plural_subject_in_the_present_is_generic():
    text = "Loretta Lynch noted that clients are beginning to demand diverse legal teams."
    assert not [e for e in events_of(text) if e["type"] == "appeal"]
    # a named group in the present is someone who acts
    text = "Republicans are slamming Democratic vice presidential nominee Tim Kaine for his work."
    assert only(events_of(text), "criticize")["target"]["name"].endswith("Kaine")


def test_an_act_as_subject_makes_no_request():
    text = "Senator Tom Cotton said trading prisoners encourages others to target Americans abroad."
    assert not [e for e in events_of(text) if e["type"] == "appeal"]


def test_a_debate_or_a_game_is_no_meeting():
    text = (
        "Hillary Clinton met her Republican opponents one-on-one several times in her Senate races. "
        "Trump and Clinton meet for the first of three debates Monday at Hofstra University."
    )
    assert not [e for e in events_of(text) if e["type"] == "meet"]
    text = "Donald Trump visited Richmond, Virginia, in June for a rally."
    assert only(events_of(text), "meet")["trigger"]["text"] == "visited"


def test_neither_nor_negates_and_a_when_clause_in_the_present_is_a_habit():
    text = "Neither Clinton nor her allies have been charged with any crime related to her emails."
    assert not [e for e in events_of(text) if e["type"] == "criticize"]
    text = "Clinton tweeted: “When something gets under Donald Trump’s thin skin, he lashes out.”"
    assert not [e for e in events_of(text) if e["type"] == "criticize"]


def test_the_noun_a_relative_clause_has_as_subject_is_no_event_noun():
    text = (
        "Donald Tusk summed up conversations that extended beyond security to migration. "
        "Stoltenberg praised the encounter he had with Biden."
    )
    assert not [e for e in events_of(text) if e["type"] == "meet" and e["trigger"]["text"] == "extended"]


# Seventh round: the classes of false positives of the blind set E.


def test_an_imperative_of_supposition_makes_no_event():
    text = (
        "If that fails to persuade, Mr. Castañeda argues, there are other tools in the toolbox. "
        "Say Mexico demanded that the United States prove that a migrant was Mexican before it "
        "would accept her back into the country."
    )
    assert not [e for e in events_of(text) if e["type"] == "appeal"]


def test_avoiding_an_act_is_no_event():
    text = "But it is steering clear of criticizing Trump for taking advantage of legal tax deductions."
    assert not [e for e in events_of(text) if e["type"] == "criticize"]
    text = "Democrats have shied away from criticizing Trump for his business record."
    assert not [e for e in events_of(text) if e["type"] == "criticize"]
    text = "Democrats have criticized Trump for his business record."
    assert only(events_of(text), "criticize")["target"]["name"] == "Trump"


def test_a_relative_clause_on_things_describes_a_kind_of_act():
    text = (
        "Trump also vowed to preserve the role of military leaders. “We have a politically correct "
        "military and it’s getting more and more politically correct every day,” he said, adding "
        "that “some of the things that they’re asking you to do and be politically correct about "
        "are ridiculous.”"
    )
    assert not [e for e in events_of(text) if e["type"] == "appeal"]


def test_a_list_of_endorsements_is_no_endorsement():
    text = (
        "Clinton unveiled a list of endorsements from 95 retired generals and admirals, most of "
        "whom had previously announced their support."
    )
    assert not [e for e in events_of(text) if e["type"] == "praise" and e["trigger"]["text"] == "unveiled"]


def test_a_programme_gives_no_aid():
    text = (
        "Workers are covered through the country's unemployment insurance program, which currently "
        "supplies benefits only to people who have been laid off."
    )
    assert not [e for e in events_of(text) if e["type"] == "provide_aid"]


# Eighth round: an actor is someone (event_actors.json); a communication only speaks.
@pytest.mark.parametrize(
    "text",
    [
        "Under a gray sky that seemed to capture the ambiguity of the moment, Obama spoke.",
        "Clinton's missteps at the debate arm her rivals.",
        "Mrs. Clinton had been pilloried in coal country for her remarks.",
        "The report met with Governor Cuomo on Friday.",
    ],
)
def test_a_thing_or_no_one_does_nothing(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


@pytest.mark.parametrize(
    "text, event_type, actor",
    [
        ("The statement urged Americans to avoid condemning refugees.", "appeal", "statement"),
        ("The report praised Governor Cuomo for his handling of the storm.", "praise", "report"),
        (
            "Two Democratic speechwriters implored Hillary Clinton to bring it back.",
            "appeal",
            "Two Democratic speechwriters",
        ),
        ("Dozens of lobbyists met with Senator Schumer on Tuesday.", "meet", "Dozens"),
    ],
)
def test_someone_acts_and_a_communication_speaks(text, event_type, actor):
    assert only(events_of(text), event_type)["actor"]["name"] == actor


@pytest.mark.parametrize(
    "text",
    [
        "Sanders is trying to win by appealing to younger African Americans.",  # courting, no request
        "When asked for his position, Donald Trump said nothing.",  # a question
        "Fox News host Sean Hannity asked John Kasich to lay out his path to the nomination.",
        "A Republican who supports Donald Trump spoke, asking for anonymity.",
        "Marco Rubio tried to rebuke Donald Trump on Tuesday.",  # an attempt
        "The Clinton campaign expects Lester Holt to insert himself into the debate by calling out Donald Trump.",
        "Jason Sorens founded the Free State Project, which encourages libertarians to move to New Hampshire.",
    ],
)
def test_no_event_in_a_question_an_attempt_a_prediction_or_a_habit(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


@pytest.mark.parametrize(
    "text, event_type, actor",
    [
        ("Senator Bernie Sanders appealed to Congress to pass the bill.", "appeal", "Bernie Sanders"),
        ("Obama is expected to visit Florida next week.", "meet", "Obama"),
    ],
)
def test_a_request_and_a_scheduled_visit_still_count(text, event_type, actor):
    assert only(events_of(text), event_type)["actor"]["name"] == actor


@pytest.mark.parametrize(
    "text",
    [
        "If you do not believe the government, NBC News will accuse you of lying.",  # a consequence
        "Few Republicans are calling for a rollback of the program.",  # a near-negation
        "Bernie Sanders has captured the allegiance of younger voters.",  # another sense
        "Protesters occupied the lobby of Trump Tower on Monday.",  # a protest, not fighting
        "The House bill has drawn criticism from some other quarters.",  # no one named
    ],
)
def test_no_event_in_a_consequence_a_near_negation_or_another_sense(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


@pytest.mark.parametrize(
    "text, event_type",
    [
        (
            "Republican leaders said they have rallied behind Donald Trump, if for no other reason than to "
            "defeat Clinton.",
            "praise",
        ),
        ("Senator John McCain criticized Trump on Monday, as if nothing had happened.", "criticize"),
        ("A few Republicans are calling for a rollback of the sanctions on Iran.", "appeal"),
    ],
)
def test_if_without_a_condition_and_a_few_keep_the_event(text, event_type):
    assert only(events_of(text), event_type)


@pytest.mark.parametrize(
    "text, event_type, actor",
    [
        ("A super PAC backing Jeb Bush raised $100 million.", "praise", "PAC"),  # the noun acts
        ("Donald Trump's tweets shaming Alicia Machado angered her.", "criticize", "Donald Trump"),
    ],
)
def test_a_noun_acts_through_its_participle_and_an_author_through_a_communication(text, event_type, actor):
    assert only(events_of(text), event_type)["actor"]["name"] == actor


@pytest.mark.parametrize(
    "text",
    [
        "To endorse Donald Trump now is a betrayal of conservative principles.",  # an act as subject
        "Clinton is probably inclined to endorse Bernie Sanders.",
        "Donald Trump tends to attack Hillary Clinton on Twitter.",  # a habit
    ],
)
def test_no_event_as_a_subject_an_inclination_or_a_tendency(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


@pytest.mark.parametrize(
    "text, event_type, target",
    [
        (
            "The Security Council pledged to impose further sanctions on North Korea.",
            "threaten",
            "North Korea",
        ),
        ("Trump vowed to bomb ISIS.", "threaten", "ISIS"),
        ("Trump vowed to harshly punish those who violate classification rules.", "intend", None),  # a policy
    ],
)
def test_a_promise_of_harm_to_someone_is_a_threat(text, event_type, target):
    event = only(events_of(text), event_type)
    assert (event["target"] or {}).get("name") == target


@pytest.mark.parametrize(
    "text",
    [
        "Has Donald Trump criticized Vladimir Putin?",
        "His aides stripped out a call for providing lethal weapons to Ukraine.",  # what was asked
    ],
)
def test_no_event_in_a_yes_or_no_question_or_what_a_call_asks_for(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []


def test_a_promise_of_support_is_support_and_an_accusation_asserts_nothing_it_alleges():
    text = "Senator Jeff Sessions officially pledged his support to Donald Trump on Sunday."
    assert only(events_of(text), "praise")["target"]["name"] == "Donald Trump"
    text = "Tuttle accused Chris Christie of endorsing Donald Trump to gain a job."
    assert [e["type"] for e in events_of(text) if e["cameo"] != "01"] == ["criticize"]


@pytest.mark.parametrize(
    "text",
    [
        "Presidential candidates promise they will stand by Israel.",  # a kind of people
        "Trump also struck populist notes in his speech.",  # another sense
    ],
)
def test_no_event_for_a_kind_of_people_or_a_struck_note(text):
    assert [e for e in events_of(text) if e["cameo"] != "01"] == []
