"""What each report section shows, computed once from the record for every output format."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.record import Article, Entity, Quote


@dataclass
class SpeakerQuotes:
    name: str
    entity_id: str | None
    titles: list[str]
    quotes: list[Quote] = field(default_factory=list)


def speaker_key(quote: Quote) -> str | None:
    """What identifies a quote's speaker: its entity id, else its description."""
    if quote.speaker is None:
        return None
    return quote.speaker.entity_id or quote.speaker.name


def quote_text(article: Article, quote: Quote) -> str:
    return " … ".join(span.text for span in quote.content)


def cue_text(quote: Quote) -> str:
    """The cue as a label ("said", not "said:": the report puts its own colon after it)."""
    return " ".join(span.text for span in quote.cue).rstrip(" :")


def quotes_by_speaker(article: Article) -> list[SpeakerQuotes]:
    """Quotes grouped by speaker, most quoted first; unattributed quotes last."""
    groups: dict[str, SpeakerQuotes] = {}
    for quote in article.quotes:
        speaker = quote.speaker
        key = speaker_key(quote) or ""
        if key not in groups:
            entity = article.entity(speaker.entity_id) if speaker and speaker.entity_id else None
            groups[key] = SpeakerQuotes(
                name=(entity.name if entity else speaker.name) if speaker else "(no source)",
                entity_id=speaker.entity_id if speaker else None,
                titles=entity.titles if entity else [],
            )
        groups[key].quotes.append(quote)
    return sorted(groups.values(), key=lambda g: (g.name == "(no source)", -len(g.quotes), g.name))


def whos_who(article: Article) -> list[Entity]:
    """Entities, most mentioned first; people before others at equal counts."""
    return sorted(article.entities, key=lambda e: (-len(e.mentions), e.type != "PERSON", e.name))


@dataclass
class TimelineEntry:
    when: str  # the normalised value
    what: str  # the sentence
    label: str | None = None  # the value in words (TimeExpr.label)


def timeline(article: Article) -> list[TimelineEntry]:
    """Events and dated expressions in date order (undated events are left out), one row per
    value and sentence (two events of one sentence at one time are one row)."""
    entries: dict[tuple[str, str], TimelineEntry] = {}
    for event in article.events:
        time = (
            article.times[event.time] if event.time is not None and event.time < len(article.times) else None
        )
        if time and time.value:
            what = event.sentence.text.strip()
            entries.setdefault((time.value, what), TimelineEntry(time.value, what, time.label))
    dated_sentences = {what for _, what in entries}
    for time in article.times:
        if time.value and time.type in ("date", "range"):
            context = _sentence_around(article.text, time.start, time.end)
            if context not in dated_sentences:
                entries[(time.value, context)] = TimelineEntry(time.value, context, time.label)
                dated_sentences.add(context)
    return sorted(entries.values(), key=lambda e: e.when)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left:right].strip()


def key_figures(article: Article) -> list[str]:
    figures = []
    for q in article.quantities:
        counted = f" — {q.counted.text}" if q.counted else ""
        figures.append(f"{q.text}{counted}")
    return figures


# Where a date came from, in words (record.DateSource).
DATE_SOURCE_TEXT = {
    "html_metadata": "from the page's metadata",
    "dateline": "from the dateline",
    "dated_caption": "from a dated caption",
    "user": "given with the document",
    "metadata_file": "from the metadata file",
    "path": "from the file's path",
    "inferred": "inferred from dates in the text",
    "unknown": "unknown",
}


def date_provenance(source: str) -> str:
    return DATE_SOURCE_TEXT.get(source, source)


def metadata_rows(article: Article) -> list[tuple[str, str]]:
    published = article.published and f"{article.published} ({date_provenance(article.date_source)})"
    rows = [
        ("Title", article.title),
        ("Published", published),
        ("Publisher", article.publisher),
        ("Originally from", article.origin_publisher),
        ("Authors", ", ".join(article.authors)),
        ("Contributors", ", ".join(article.contributors)),
        ("Language", article.language),
        ("URL", article.url),
        ("Words", str(len(article.text.split()))),
        *sorted(article.extra.items()),
    ]
    return [(label, value) for label, value in rows if value]
