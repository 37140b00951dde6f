"""Events: who did what to whom, where and when, typed with CAMEO root codes.

Modules, in the order they depend on one another: ``typology`` (the rule files, loaded into
one ``Typology`` passed to whatever reads them), ``syntax`` (parse-tree and line helpers),
``index`` (what a document's other components filled), ``triggers`` (is a verb an event, of
which class), ``participants`` (actor, target, place, time), ``assertion`` (does the text assert
it), ``build`` (the event dicts) and ``component`` (the registered factory).

Events come from the dependency parse: a verb whose lemma is in the verb-class file
(``data/event_verbs.json``), or a light verb whose object is an event noun ("held talks",
"announced $325 million in military aid"), is the trigger; the actor is its subject (inherited
through conj/xcomp/advcl, or the agent of a passive), the target its object or the object of a
class preposition ("met with Y", "aid to Ukraine"), the place a GPE/LOC/FAC after "in"/"at", the
time a ``doc._.times`` entry inside the verb's own clause. An event without a time inherits the
time of the previous event of the same type and actor ("X also met with Z"). Some verbs are an
event only with a given complement ("agreed to clean up", "encouraged Americans to", "called
Machado on Friday", "questioned the health of X"); a received event ("faced criticism from X",
"enjoyed support from X") has the object of "from" as actor and the subject as target; a neutral
noun judged by its adjective ("made derogatory comments about X") is an event noun. Characterising
verbs judge by their predicate ("called Trump a liar": criticize; data/event_characterizations
.json). Attributions (the attribution component's Quote dicts) become statement events (CAMEO
01) with the speaker as actor. "The Biden administration" and "the White House" link to the
entity whose government they are (``data/event_governments.json``).

An event needs an actor, and the actor must be someone (``data/event_actors.json``): a person,
group or country, a name, a personal pronoun, or a noun naming people ("officials", "lobbyists");
a communication ("the report", "a tweet") only speaks (requests, praise, criticism, threats). A
passive with no doer ("had been pilloried") and a thing as actor ("a gray sky that seemed to
capture") are no event.

Precision comes first. A mention is an event only when the text asserts it: negated,
conditional, hypothetical, future-clause ("until I meet"), habitual ("usually call upon"),
generic ("a person strikes another person") and unrealised mentions are skipped, unrealised
being a verb under a non-factive governor ("declined to threaten", "refrained from
endorsing", "rather than scolding"), a to-infinitive under a noun or adjective that does not
schedule it ("hesitancy to condemn", "inclined to attack", but "plans to visit"), a gerund
naming an act ("the notion of admitting refugees", "assailing Trump may not work") or a
question ("asked him if", "asked about it"). Trigger words the tagger read as verbs but that
are nouns or adjectives ("the Obama calls for", "60 pledged delegates") are skipped; ambiguous
verbs ("slam", "rip", "attack") need a named target; objects and phrasal forms that show
another sense ("met the target", "struck a deal", "seized on the massacre", "pleaded guilty")
are excluded, all as data in ``data/event_verbs.json``. Pronoun participants and definite
descriptions ("he", "the senator") stand for an entity when ``coref.confident_referent`` finds
one clear candidate (not the other participant; "I"/"me" in a direct quotation is its speaker);
an event whose only participants are unresolved pronouns or nothing is dropped. Title-case
headlines, where the tagger reads the verb as a name, are read as "Entity Verb Entity".
"""

from newsgraph.nlp.events.build import EventDict, extract_events, make_event
from newsgraph.nlp.events.component import EventExtractor, make_events
from newsgraph.nlp.events.typology import DEFAULT_RULES, Typology

__all__ = [
    "DEFAULT_RULES",
    "EventDict",
    "EventExtractor",
    "Typology",
    "extract_events",
    "make_event",
    "make_events",
]
