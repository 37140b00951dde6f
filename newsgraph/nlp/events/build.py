"""Events built from a parsed document: verb events, title-case headline events and statement
events (the attributions), each through ``make_event``, in the shape of ``record.Event``."""

from __future__ import annotations

from typing import TypedDict

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.events.assertion import (
    SHARES,
    is_generic,
    is_generic_plural,
    is_moved_by_an_act,
    is_nominal_reading,
    is_skipped,
    means_likely_to,
)
from newsgraph.nlp.events.index import COMPONENT, DocIndex
from newsgraph.nlp.events.participants import (
    COMMUNICATION,
    THING,
    ParticipantDict,
    author_of,
    entity_type_of,
    giver_of,
    harmed_party,
    is_named,
    is_person,
    kind_of_actor,
    participant,
    place_of,
    promised_harm,
    subject_of,
    target_of,
    time_of,
)
from newsgraph.nlp.events.syntax import (
    ANY_PREPOSITION,
    SpanDict,
    in_line,
    is_title_case,
    line_of,
    objects_of,
    quantified,
    sentence_of,
    span_of,
)
from newsgraph.nlp.events.triggers import Match, match_trigger
from newsgraph.nlp.events.typology import EventClass, TriggerEntry, Typology
from newsgraph.nlp.util import require_extension

# (actor, target, passive subject) of a verb
_Doers = tuple[Token | None, Token | None, Token | None]
TITLE_TYPES = frozenset({"WORK_OF_ART", "ORG", "EVENT", "PRODUCT", "LAW", "FAC"})


class EventDict(TypedDict):
    """``doc._.events`` items: the shape of ``newsgraph.record.Event``."""

    type: str
    cameo: str
    trigger: SpanDict
    sentence: SpanDict
    actor: ParticipantDict | None
    target: ParticipantDict | None
    place: ParticipantDict | None
    time: int | None  # index into doc._.times


def make_event(
    event_class: EventClass,
    trigger: SpanDict,
    sentence: SpanDict,
    actor: ParticipantDict | None = None,
    target: ParticipantDict | None = None,
    place: ParticipantDict | None = None,
    time: int | None = None,
) -> EventDict:
    """The one constructor of an event dict."""
    return {
        "type": event_class.name,
        "cameo": event_class.cameo,
        "trigger": trigger,
        "sentence": sentence,
        "actor": actor,
        "target": target,
        "place": place,
        "time": time,
    }


def _verb_event(verb: Token, match: Match, index: DocIndex) -> EventDict | None:
    line = line_of(verb)
    tokens = _doer_and_undergoer(verb, match, line)
    if tokens is None:
        return None
    actor_token, target_token, passive_subject = tokens
    actor_kind = kind_of_actor(actor_token, index) if actor_token is not None else None
    typology = index.typology
    if (
        any(is_generic(t, typology) for t in (actor_token, target_token, match.noun))
        or means_likely_to(verb, actor_kind, typology)
        or is_moved_by_an_act(actor_token, passive_subject, typology)
        or is_generic_plural(actor_token)
    ):
        return None
    event_class = event_class_of(verb, match, actor_token, target_token, index)
    if (
        event_class is None
        or actor_kind == THING
        or (actor_kind == COMMUNICATION and event_class.name not in typology.actors.speech_classes)
    ):
        return None
    if actor_kind == COMMUNICATION and actor_token is not None:
        actor_token = author_of(actor_token, index) or actor_token
    harmed = harmed_party(promised_harm(verb, typology)) if event_class.cameo == "03" else None
    if harmed is not None and harmed.pos_ in ("NOUN", "PROPN") and not is_generic(harmed, typology):
        # a promise of harm to someone is a threat; to "those who violate the rules", a policy
        event_class, target_token = typology.threaten, target_token or in_line(harmed, line)
    return _placed_event(verb, match, event_class, actor_token, target_token, index)


def _doer_and_undergoer(verb: Token, match: Match, line: Span) -> _Doers | None:
    """(actor, target, passive subject) of a verb within its line, or None when the verb is a noun
    or nobody is said to do it."""
    actor_token, passive_subject = (in_line(t, line) for t in subject_of(verb))
    if is_nominal_reading(verb, actor_token):
        return None
    target_token = in_line(target_of(verb, match, passive_subject), line)
    if match.received:  # with no giver named, the sentence tells how its subject fared
        actor_token, target_token = in_line(giver_of(verb, match.noun), line), actor_token
        if actor_token is None or actor_token.pos_ == "NUM" or actor_token.lower_ in SHARES:
            return None  # "drew support from 34 percent of voters": a poll share
    if actor_token is None and passive_subject is not None:
        return None  # "had been pilloried": no one is named as doing it
    return actor_token, target_token, passive_subject


def _placed_event(
    verb: Token,
    match: Match,
    event_class: EventClass,
    actor_token: Token | None,
    target_token: Token | None,
    index: DocIndex,
) -> EventDict | None:
    """The event with its place and its participants resolved to entities, or None when it has
    no one to name ("we strike back") or the same entity on both sides."""
    place = place_of([t for t in (verb, match.noun, target_token) if t is not None], index)
    if (
        target_token is not None
        and verb.lemma_.lower() in event_class.place_object_verbs
        and not is_person(target_token, index)
    ):
        place, target_token = place or participant(target_token, index), None
    if event_class.named_targets_only and not is_named(target_token, index, actor_token):
        target_token = None
    if match.entry.needs_target and target_token is None:
        return None  # "the crowd applauded"
    # the actor is resolved first ("he meets the mayor": he is not the mayor)
    named_target = index.entity_of(target_token) if target_token is not None else None
    actor = (
        participant(actor_token, index, named_target["id"] if named_target else None)
        if actor_token is not None
        else None
    )
    target = (
        participant(target_token, index, actor["entity_id"] if actor else None)
        if target_token is not None
        else None
    )
    # a visit to a named place has a participant even when its visitor is a pronoun
    named_place = place if actor_token is not None and event_class.place_object_verbs else None
    if not any(p and p["entity_id"] for p in (actor, target, named_place)) and (
        actor_token is None or actor_token.pos_ == "PRON"
    ):
        return None  # "we strike back", "make ends meet": generic, idiomatic or unresolved
    if actor and target and actor["entity_id"] and actor["entity_id"] == target["entity_id"]:
        return None  # "Trump ... Trump's own": one entity on both sides is a parse error
    return make_event(
        event_class, span_of(verb), sentence_of(verb), actor, target, place, time_of(verb, index)
    )


def _headline_event(token: Token, index: DocIndex) -> EventDict | None:
    """ "Elizabeth Warren Hammers Wells Fargo CEO": in a title-case headline the tagger reads the
    verb as a name. A capitalised word between two named entities, whose verb form (-s, -ed,
    -ing) is a trigger verb that needs no particle, is the event, the entities its actor and
    target."""
    doc = token.doc
    if not token.is_title or token.ent_type_ or not 0 < token.i < len(doc) - 1:
        return None
    entries = [
        entry
        for lemma in _verb_form_lemmas(token.lower_)
        for entry in index.typology.verbs.get(lemma, ())
        if entry.particle is None and not entry.required_objects
    ]
    if not entries:  # tested before the line, which costs a walk over the sentence
        return None
    line = line_of(token)
    if not is_title_case(line) or "?" in line.text:
        return None  # "Will Trump Meet Putin?" asks
    actor, target = doc[token.i - 1], doc[token.i + 1]
    if not (is_named(actor, index) and is_named(target, index)):
        return None
    event_class = _class_for_target(entries[0], target, index)
    if event_class is None:
        return None
    return make_event(
        event_class, span_of(token), sentence_of(token), participant(actor, index), participant(target, index)
    )


def _verb_form_lemmas(word: str) -> list[str]:
    """The base forms a verb form may have: "hammers" → hammer, "praised" → praise, "ripping"
    → rip (only the trigger lexicon decides which exists)."""
    forms = [word]
    for suffix in ("s", "es", "d", "ed", "ing"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            forms += [stem, stem + "e", stem[:-1]] if suffix in ("ed", "ing") else [stem]
    return forms


def _statement_events(doc: Doc, index: DocIndex) -> list[EventDict]:
    """One statement event (CAMEO 01) per attribution that has a cue."""
    events: list[EventDict] = []
    for quote in require_extension(doc, "attributions", COMPONENT):
        if not quote.get("cue"):
            continue
        cue = quote["cue"][0]
        cue_tokens = index.span(cue["start"], cue["end"])
        if not cue_tokens:
            continue
        speaker = quote.get("speaker")
        source = (quote.get("source") or [{}])[0]
        actor = (
            None
            if speaker is None
            else ParticipantDict(
                entity_id=speaker.get("entity_id"),
                name=speaker["name"],
                start=source.get("start"),
                end=source.get("end"),
            )
        )
        trigger = SpanDict(start=cue["start"], end=cue["end"], text=cue["text"])
        events.append(
            make_event(
                index.typology.statement,
                trigger,
                sentence_of(cue_tokens.root),
                actor,
                time=time_of(cue_tokens.root, index),
            )
        )
    return events


def _actor_key(event: EventDict) -> str | None:
    actor = event["actor"]
    if actor is None:
        return None
    return actor["entity_id"] or actor["name"].lower()


def _inherit_elided_times(events: list[EventDict]) -> None:
    """ "X met Y on Tuesday. X also met Z.": the second meeting is on Tuesday too."""
    last_time: dict[tuple[str, str | None], int] = {}
    for event in events:
        key = (event["type"], _actor_key(event))
        if key[1] is None:
            continue
        if event["time"] is None and key in last_time:
            event["time"] = last_time[key]
        elif event["time"] is not None:
            last_time[key] = event["time"]


def extract_events(doc: Doc, typology: Typology) -> list[EventDict]:
    """The events of a document whose entities, attributions and times are filled, read with
    ``typology``."""
    index = DocIndex(doc, typology)
    events = _statement_events(doc, index)
    for token in doc:
        # a verb inside a title ("Meet the Press") is no event (a PERSON label on a verb is an
        # NER slip in title-case headlines: "NATO Chief Meets Biden")
        if token.pos_ != "VERB":
            event = _headline_event(token, index)
        elif token.ent_type_ in TITLE_TYPES or is_skipped(token, typology):
            continue
        else:
            match = match_trigger(token, typology)
            event = _verb_event(token, match, index) if match is not None else None
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: e["trigger"]["start"])
    _inherit_elided_times(events)
    return events


def event_class_of(
    verb: Token, match: Match, actor: Token | None, target: Token | None, index: DocIndex
) -> EventClass | None:
    """The class of a matched verb given its participants, or None when one shows another sense
    ("met the target", "make ends meet", "asked him a question"), the object the verb needs is
    missing ("accepted the nomination") or a needed named target is missing."""
    entry = match.entry
    objects = {
        t.lemma_.lower()
        for t in objects_of(verb, entry.event_class.target_preps | {"by"})
        + [quantified(t) for t in (actor, target) if t is not None]
    }
    if objects & entry.event_class.excluded_objects:
        return None
    # "meet for the first of three debates", "host the Vikings for a football game": a contest
    # (any word of the phrase: the parser hangs "for the first of three debates Monday" on Monday)
    purposes = {t.lemma_.lower() for p in objects_of(verb, {"for"}) for t in p.subtree}
    if entry.event_class.excluded_purposes & purposes:
        return None
    if entry.required_objects and not entry.required_objects.intersection(
        t.lemma_.lower() for t in objects_of(verb, ANY_PREPOSITION)
    ):
        return None
    if entry.needs_named_target and not is_named(target, index, actor):
        return None
    return _class_for_target(entry, target, index)


def _class_for_target(entry: TriggerEntry, target: Token | None, index: DocIndex) -> EventClass | None:
    """The class of an entry whose class follows its target's entity type ("attacked Trump":
    criticize, "attacked Ukraine": fight), or its own."""
    if entry.classes_by_target_type is None:
        return entry.event_class
    target_type = entity_type_of(target, index)
    return entry.classes_by_target_type.get(target_type) if target_type is not None else None
