"""Whether the text asserts an event: the modality filters (negated, conditional, hypothetical,
unrealised, habitual, generic, asked) and the sense filters (a trigger read as a noun, an actor that
is a kind of people or a thing)."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.events.participants import COMMUNICATION, THING
from newsgraph.nlp.events.syntax import SUBJECT_DEPS, auxiliaries_before_subject, has_own_subject
from newsgraph.nlp.events.typology import Typology
from newsgraph.nlp.util import line_of

# Marks of clauses that do not assert their event: "if X strikes", "for families to sue".
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "for"})
# of these, the marks of a condition: the verb such a clause hangs on happens only on that condition
CONDITION_MARKS = CONDITIONAL_MARKS - {"whether", "for"}
NEGATIONS = frozenset({"never"})
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
# a gerund after these is the complement of the verb before it: "refrained from endorsing", "expects
# Holt to insert himself by calling out Trump" (a means happens only if its end does)
MEANS_OR_SOURCE_PREPOSITIONS = frozenset({"from", "by"})
QUESTION_VERBS = frozenset({"ask", "press"})
# '"Why?" asked Manafort', '"… too big to regulate?" Vitter demanded': after a quotation these
# verbs report the words said, no request
QUOTATION_CUE_VERBS = frozenset({"ask", "press", "demand"})
# "backed by 34% of GOP voters": a poll share, no actor
SHARES = frozenset({"%", "percent", "per cent"})


def is_skipped(verb: Token, typology: Typology) -> bool:
    """Negated, conditional, hypothetical ("could strike"), unrealised ("declined to threaten",
    "hesitancy to condemn", "rather than scolding") or generic ("merely assailing Trump may not
    work", "usually call upon") verbs report no event that took place; so do verbs in the
    complement of such a verb ("They don't want to think we're blaming X", "a bill that would
    allow families to sue")."""
    if (
        verb.dep_ in ("amod", "compound")
        or _asks_a_question(verb, typology)
        or _cites_a_quotation(verb)
        or _is_gerund_subject(verb)
        or _is_unrealised_infinitive(verb, typology)
        or _follows_non_factive_preposition(verb, typology)
        or _is_imperative(verb)
        or _is_inverted_condition(verb)
        or _lists_a_means(verb, typology)
        or _is_comparison_clause(verb)
        or _is_supposed(verb, typology)
        or _describes_a_habit(verb)
        or _asks_yes_or_no(verb)
        or _is_alleged(verb, typology)
    ):
        return True
    for governor, governs in _complement_chain(verb):
        if governor.dep_ == "relcl" and governor.head.lemma_.lower() in typology.kind_nouns:
            return True  # "some of the things that they're asking you to do": a kind of act
        if governs and (
            governor.lemma_.lower() in typology.non_factive_governors or _predicts_another(governor, typology)
        ):
            return True
        if governor.dep_ in ("csubj", "csubjpass"):
            return True  # an act as a subject: "to endorse Trump now is a betrayal"
        # "hesitant to appear with him or to even endorse", "rather than continuing to attack"
        if governor != verb and (
            _is_unrealised_infinitive(governor, typology)
            or _follows_non_factive_preposition(governor, typology)
        ):
            return True
        own = governs or governor == verb
        if any(_cancels(child, own=own, typology=typology) for child in governor.children):
            return True
        if _is_future_clause(governor, typology):
            return True
    return False


def _predicts_another(governor: Token, typology: Typology) -> bool:
    """ "the campaign expects Holt to call out Trump": a prediction of another's act, unlike "Obama
    is expected to visit" or "Obama expected to visit", which schedule it."""
    return governor.lemma_.lower() in typology.predicting_governors and any(
        c.dep_ == "dobj" or (c.dep_ in COMPLEMENT_DEPS and has_own_subject(c)) for c in governor.children
    )


def _cancels(child: Token, own: bool, typology: Typology) -> bool:
    """Whether a dependent cancels the assertion of its verb's event. A conjunct shares its
    head's modal or condition ("could strike Kyiv and seize the port") but not its negation or
    adverbs ("did not know what he said, and accused Number 10")."""
    if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
        return True
    if child.dep_ == "aux" and child.lower_ in typology.hypothetical_modals:
        return True
    if (
        child.dep_ == "advcl"
        and child.pos_ in ("VERB", "AUX")
        and any(map(_is_condition_mark, child.children))
    ):
        return True  # "If you don't believe them, NBC News will accuse you" (not "if for no other reason")
    if not own:
        return False
    return (
        child.dep_ == "neg"
        or child.lower_ in NEGATIONS
        or (child.dep_ == "advmod" and child.lower_ in typology.non_assertive_adverbs)
        or (child.dep_ in ("nsubj", "nsubjpass") and _negates(child))
        or _is_habit_clause(child, typology)
    )


def _is_condition_mark(mark: Token) -> bool:
    """ "if", "unless", but not "as if" or "even if" (a manner, a concession)."""
    return (
        mark.dep_ == "mark"
        and mark.lower_ in CONDITION_MARKS
        and not (mark.i > 0 and mark.doc[mark.i - 1].lower_ in ("as", "even"))
    )


def _negates(subject: Token) -> bool:
    """ "Neither Clinton nor her allies have been charged", "few are calling for a rollback": a
    subject that negates its verb ("a few" does not)."""
    few = [t for t in (subject, *subject.children) if t.lower_ == "few" and t.i <= subject.i]
    return any(c.dep_ in ("det", "preconj") and c.lower_ == "neither" for c in subject.children) or any(
        t.i == 0 or t.doc[t.i - 1].lower_ != "a" for t in few
    )


def _is_habit_clause(child: Token, typology: Typology) -> bool:
    """ "When something gets under his skin, he lashes out": a present-tense clause of "when" on a
    present-tense verb makes it a habit."""
    return (
        child.dep_ == "advcl"
        and child.tag_ in ("VBZ", "VBP")
        and child.head.tag_ in ("VBZ", "VBP")
        and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in typology.habit_clause_marks for c in child.children
        )
    )


def _is_future_clause(verb: Token, typology: Typology) -> bool:
    """ "until I meet with Bibi", "once he visits": a present tense after these is future."""
    return verb.tag_ in ("VBP", "VBZ") and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in typology.future_clause_marks for c in verb.children
    )


def _lists_a_means(verb: Token, typology: Typology) -> bool:
    """ "Congress has three ways to seek enforcement: by filing a civil lawsuit, by asking
    prosecutors to": a gerund after "by" that names a way of doing something, not an event."""
    if verb.dep_ != "pcomp":
        return False
    prep = verb.head
    while prep.dep_ == "conj":  # "…, or by holding the person"
        prep = prep.head
    return prep.lower_ == "by" and any(
        c.dep_ in ("dobj", "attr", "nsubj") and c.lemma_.lower() in typology.means_nouns
        for c in prep.head.children
    )


def _is_comparison_clause(verb: Token) -> bool:
    """ "dropped carried interest as promised": a participle after "as" with no subject of its own
    compares with something said before; it reports no event."""
    return (
        verb.tag_ == "VBN"
        and not has_own_subject(verb)
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    )


def _is_supposed(verb: Token, typology: Typology) -> bool:
    """ "Say Mexico demanded that …", "Suppose Russia invaded Latvia": an imperative of supposition
    opening the sentence makes its events suppositions; the tagger may read "Say" as the first
    word of a name ("Say Mexico") hung on the verb."""
    first = next((t for t in verb.sent if not t.is_punct), None)
    return (
        first is not None
        and first.i < verb.i
        and first.lower_ in typology.supposition_imperatives
        and first.dep_ not in SUBJECT_DEPS | {"nsubjpass"}
        and not has_own_subject(first)
        and (first.head == verb or first.is_ancestor(verb))
    )


def _describes_a_habit(verb: Token) -> bool:
    """ "a billionaire who disparages Muslims", "a project that encourages libertarians to move":
    a relative clause in the simple present says what someone does, not what happened."""
    return (
        verb.dep_ == "relcl"
        and verb.tag_ in ("VBZ", "VBP")
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _is_alleged(verb: Token, typology: Typology) -> bool:
    """ "accusing him of endorsing Trump": what an accusation alleges is not asserted."""
    return (
        verb.dep_ == "pcomp"
        and verb.head.lower_ == "of"
        and verb.head.head.lemma_.lower() in typology.allegation_verbs
    )


def _asks_yes_or_no(verb: Token) -> bool:
    """ "Has Trump criticized Putin?", "But has he called for changing …?": an auxiliary before
    the subject in a line that ends in a question mark."""
    return bool(auxiliaries_before_subject(verb)) and line_of(verb).text.rstrip().endswith("?")


def _is_inverted_condition(verb: Token) -> bool:
    """ "it would have been cool had Clinton congratulated him": "had" before the subject."""
    return any(aux.lower_ == "had" for aux in auxiliaries_before_subject(verb))


def _is_imperative(verb: Token) -> bool:
    """ "Just ask former NFL star Herschel Walker": an instruction to the reader."""
    return (
        verb.tag_ == "VB"
        and verb.dep_ == "ROOT"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
    )


def _complement_chain(verb: Token):
    """The verb and the verbs whose complement it is, each with whether it governs the one
    before it (a conjunct's head does not): a negation or condition there covers it.
    A gerund after "from" or "by" is the complement of the verb before it ("refrained from
    endorsing", "expects Holt to insert himself by calling out Trump");
    after another preposition it shares the modal or condition of the verbs above, not their
    negation or non-factive sense ("would have to weigh the risks before backing the plan", but
    "called on Dean to apologize for accusing him"); a conjunct without a subject of its own
    shares its head's ("asked them to raise their hands and pledge loyalty"), and so does, for its
    mood, a to-infinitive of purpose or outcome ("would … dismiss her proposals, only to laud")."""
    yield verb, False
    mood_only = False
    while verb.head != verb:
        if verb.dep_ in COMPLEMENT_DEPS:
            verb = verb.head
            yield verb, not mood_only
        elif (
            verb.dep_ == "pcomp"
            and verb.head.lower_ in MEANS_OR_SOURCE_PREPOSITIONS
            and verb.head.head != verb.head
        ):
            verb = verb.head.head
            yield verb, not mood_only
        elif verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb, mood_only = verb.head.head, True
            yield verb, False
        elif verb.dep_ == "conj" and not has_own_subject(verb):
            verb = verb.head
            yield verb, False
        elif verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
            # "would sometimes dismiss her proposals, only to laud them": a habit or a condition
            # of the verb covers the infinitive of its purpose or outcome
            verb, mood_only = verb.head, True
            yield verb, False
        else:
            return


def _asks_a_question(verb: Token, typology: Typology) -> bool:
    """ "X was asked how the war would end", "asked Sanders if he would endorse", "asked him
    about it", "were pressed about the attacks", '"Why?" asked Manafort', "asked to describe the
    device": a question, not a request (which takes "to" or "for")."""
    if verb.lemma_.lower() not in QUESTION_VERBS:
        return False
    children = list(verb.children)
    if any(c.dep_ == "xcomp" and c.lemma_.lower() in typology.answer_infinitives for c in children):
        return True
    if any(
        c.dep_ == "prep"
        and c.lower_ == "for"
        and p.dep_ == "pobj"
        and p.lemma_.lower() in typology.answer_nouns
        for c in children
        for p in c.children
    ):
        return True  # "when asked for his position"
    if any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in children):
        return False
    return any(
        c.dep_ == "ccomp"
        or (c.dep_ == "prep" and c.lower_ == "about")
        or (
            c.dep_ in ("advcl", "dobj")
            and (c.left_edge.tag_ in ("WRB", "WP", "WDT") or c.left_edge.lower_ in ("whether", "if"))
        )
        for c in children
    )


def _cites_a_quotation(verb: Token) -> bool:
    """'"Why?" asked Manafort', '"… too big to regulate?" Vitter demanded': a verb of asking
    right after a quotation, with at most its subject between, is the cue of that quotation."""
    if verb.lemma_.lower() not in QUOTATION_CUE_VERBS:
        return False
    start = min([verb.i] + [c.left_edge.i for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i])
    return start > 0 and verb.doc[start - 1].is_quote


def _is_gerund_subject(verb: Token) -> bool:
    """ "Merely assailing Trump may not secure the White House" read as a noun subject: a kind of
    act, not an event (a clausal subject is caught on the complement chain)."""
    return verb.tag_ == "VBG" and verb.dep_ in ("nsubj", "nsubjpass")


def _is_unrealised_infinitive(verb: Token, typology: Typology) -> bool:
    """A to-infinitive under a noun, an adjective or "be" ("hesitancy to condemn", "inclined to
    attack", "the way to do that is to criticize") has not taken place, unless that word
    schedules it or ranks its doer ("plans to visit", "the first Democrat to endorse Sanders");
    "no plans to meet" is negated."""
    head = verb.head
    if verb.dep_ not in ("acl", "xcomp") or not any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children
    ):
        return False
    if head.pos_ == "AUX" and head.lemma_.replace("\u2019", "'") in ("be", "'s"):
        return True  # "he's entirely to blame" (a curly "’s" keeps its form as lemma)
    if head.pos_ not in ("NOUN", "ADJ", "PROPN"):
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" or c.dep_ == "neg" for c in head.children):
        return True
    realising = typology.realising_infinitive_heads
    return head.lemma_.lower() not in realising and not any(
        c.dep_ in ("amod", "advmod") and c.lemma_.lower() in realising for c in head.children
    )


def _follows_non_factive_preposition(verb: Token, typology: Typology) -> bool:
    """ "Rather than scolding our allies", "without meeting him", "steering clear of criticizing
    Trump": the gerund did not happen;
    after a noun and "of" or "about" ("the notion of admitting refugees", "talks about endorsing
    Clinton") it names an act, not an event
    ("criticism for threatening them" keeps its event), and after a noun of the non-factive
    governors it is what is asked, hoped or refused ("a call for providing weapons")."""
    if verb.dep_ != "pcomp":
        return False
    prep = verb.head
    phrase = f"{prep.head.lower_} {prep.lower_}"  # "instead of"
    return (
        prep.lower_ in typology.non_factive_prepositions
        or phrase in typology.non_factive_prepositions
        or _avoidance_phrase(prep) in typology.avoidance_phrases
        or (
            prep.head.pos_ == "NOUN"
            and (prep.lower_ in ("of", "about") or prep.head.lemma_.lower() in typology.non_factive_governors)
        )
    )


def _avoidance_phrase(prep: Token) -> str:
    """ "steering clear of", "shied away from": the lemma of the verb before a preposition, its
    particles or adverbs between them, and the preposition."""
    verb = prep.head
    between = [
        c.lower_ for c in verb.children if c.dep_ in ("advmod", "prt", "acomp") and verb.i < c.i < prep.i
    ]
    return " ".join([verb.lemma_.lower(), *between, prep.lower_])


def is_nominal_reading(verb: Token, actor: Token | None) -> bool:
    """A trigger word the tagger read as a verb where it is a noun or an adjective: a present
    tense with no subject of its own ("resistant to the Obama calls for regime change": only
    participles and infinitives borrow one), one coordinated with a noun ("the chants and
    promises to build the wall"), a participle before its noun, or one with a number or a poll
    share as subject ("60 pledged delegates", "backed by 34% of GOP voters")."""
    if verb.tag_ in ("VBZ", "VBP") and not has_own_subject(verb) and verb.dep_ != "conj":
        return True
    if verb.dep_ == "conj" and verb.head.pos_ in ("NOUN", "PROPN"):
        return True
    return _is_premodifier(verb) or (actor is not None and (actor.pos_ == "NUM" or actor.lower_ in SHARES))


def _is_premodifier(verb: Token) -> bool:
    """ "with enough pledged delegates", "60 pledged delegates": a participle between a
    determiner, number or adjective and the noun the parser made its object modifies that noun."""
    if verb.i == 0 or verb.i + 1 >= len(verb.doc) or verb.tag_ not in ("VBN", "VBD"):
        return False
    before, after = verb.doc[verb.i - 1], verb.doc[verb.i + 1]
    return (
        before.tag_ in ("DT", "CD", "JJ", "JJR", "JJS", "PRP$")
        and after.head == verb
        and after.dep_ == "dobj"
        and not has_own_subject(verb)
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def means_likely_to(verb: Token, actor_kind: str | None, typology: Typology) -> bool:
    """ "The New Hampshire primary threatens to knock one of them out", "the report promises to
    upend the race": with no one as subject, threaten/promise to means "be likely to"."""
    return (
        verb.lemma_.lower() in typology.infinitive_agent_verbs
        and actor_kind in (THING, COMMUNICATION)
        and any(c.dep_ == "xcomp" for c in verb.children)
    )


def is_generic_plural(actor: Token | None) -> bool:
    """ "clients are beginning to demand diverse legal teams", "presidential candidates promise they
    will stand by Israel": a bare plural noun, named by no entity, as the subject of a present
    tense is a kind of people, not someone who acted."""
    if (
        actor is None
        or actor.tag_ != "NNS"
        or actor.ent_type_
        or actor.dep_ != "nsubj"
        or any(c.dep_ in ("det", "poss", "nummod", "compound", "appos") for c in actor.children)
    ):
        return False
    clause = actor.head
    return clause.tag_ in ("VBP", "VBZ") or any(
        c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") and c.lemma_ == "be" for c in clause.children
    )


def is_moved_by_an_act(agent: Token | None, passive_subject: Token | None, typology: Typology) -> bool:
    """ "I am greatly honored by the endorsement": a passive whose doer is an event noun of the
    typology tells how its subject feels, not who did what."""
    return passive_subject is not None and agent is not None and agent.lower_ in typology.nouns


def is_generic(token: Token | None, typology: Typology) -> bool:
    """ "a person strikes another person", "any content that praises terrorism", "every
    conversation he has had with donors": anyone, any time."""
    if token is None:
        return False
    return token.lemma_.lower() in typology.generic_words or any(
        c.dep_ in ("det", "nummod") and c.lower_ in typology.generic_determiners for c in token.children
    )
