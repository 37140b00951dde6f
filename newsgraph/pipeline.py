"""The per-article analysis: a pure function from raw input to an ``Article`` record.

The spaCy pipeline loads once per process (``load_pipeline`` is cached); ``analyze_many`` streams
documents through ``nlp.pipe`` so the model is never loaded per document.
"""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.errors import NewsgraphError
from newsgraph.ingest import Prepared, SourceItem, prepare, prepare_item
from newsgraph.ingest.inputs import ArticleInput, DateInput
from newsgraph.nlp.build import build_pipeline
from newsgraph.record import Article, Failure
from newsgraph.settings import get_settings

log = logging.getLogger(__name__)

# Our components, in order: (factory, the Doc extension it fills, the record section it becomes).
COMPONENTS: list[tuple[str, str, str]] = [
    ("newsgraph_entities", "entities", "entities"),
    ("newsgraph_attribution", "attributions", "quotes"),
    ("newsgraph_times", "times", "times"),
    ("newsgraph_quantities", "quantities", "quantities"),
    ("newsgraph_events", "events", "events"),
    ("newsgraph_summary", "summary", "summary"),
]


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The pipeline of ``newsgraph/nlp/pipeline.cfg`` (the base model of the settings plus
    newsgraph's components), loaded once per process."""
    nlp = build_pipeline(model=get_settings().model)
    # A component that fails on one document must not end a stream: log it and drop the doc,
    # which analyze_many then reports as a Failure. (Language.set_error_handler would also try
    # the compiled pipes, which reject it in spaCy 3.8.)
    nlp.default_error_handler = _log_component_error
    # The model lives as long as the process: keep its ~100k objects out of every later garbage
    # collection, the ones at exit included (they made a Ctrl-C'd ingest take seconds to end on a
    # busy machine), and unwritten in forked workers, which then share its pages.
    gc.collect()
    gc.freeze()
    return nlp


def _make_doc(nlp: Language, prepared: Prepared) -> Doc:
    doc = nlp.make_doc(prepared.text)
    doc._.reference_date = prepared.published
    doc._.reference_date_source = prepared.date_source if prepared.published else "unknown"
    return doc


def _to_record(prepared: Prepared, doc: Doc) -> Article:
    fields = dict(vars(prepared))
    # The date the times component resolved against (given, or inferred from the text).
    reference = doc._.times_reference or {"date": doc._.reference_date, "source": doc._.reference_date_source}
    fields["reference_date"] = reference["date"]
    fields["reference_date_source"] = reference["source"] or "unknown"
    for _factory, extension, section in COMPONENTS:
        value = getattr(doc._, extension)
        if value is not None:
            fields[section] = value
    return Article.model_validate(fields)


def analyze(
    data: ArticleInput,
    url: str | None = None,
    date: DateInput | None = None,
    language: str | None = None,
    is_html: bool | None = None,
) -> Article:
    """Analyse one article (HTML or plain text: str, bytes, bytearray or memoryview) into an
    ``Article`` record.

    ``date`` (``datetime.date``, ``datetime.datetime`` or an ISO string) overrides the publication
    date; ``language='en'`` forces analysis of input detected as another language; ``is_html``
    declares the format (None: the content decides). Raises ``InputError`` for input that cannot
    be analysed and ``TypeError`` for an input or date of another type.
    """
    prepared = prepare(data, url=url, date=date, language=language, is_html=is_html)
    nlp = load_pipeline()
    return _to_record(prepared, nlp(_make_doc(nlp, prepared)))


def _failure(index: int, source: str | None, exc: Exception) -> Failure:
    reason = getattr(exc, "reason", type(exc).__name__)
    return Failure(index=index, source=source, error=str(exc), reason=reason)


def analyze_many(
    items: Iterable[SourceItem | str | bytes | Mapping[str, Any]],
    n_process: int | None = None,
    batch_size: int | None = None,
    language: str | None = None,
) -> Generator[Article | Failure, None, None]:
    """Stream one ``Article`` or ``Failure`` per input item, in input order.

    Items are ``SourceItem``s, str/bytes, or mappings with ``html``/``text`` and optional ``url``,
    ``published`` and ``source`` (read by ``SourceItem.from_mapping``). A bad document yields a
    ``Failure`` and the stream goes on. ``n_process`` and ``batch_size`` default to the settings;
    with ``n_process`` over 1 the analysis runs in worker processes (``newsgraph.workers``), which
    stop when the stream is closed or interrupted and never outlive this process; items must then
    pickle (an item that does not raises its pickling error).
    """
    settings = get_settings()
    n_process, batch_size = n_process or settings.processes, batch_size or settings.batch_size
    nlp = load_pipeline()  # before any worker starts: forked workers share the loaded model
    if n_process > 1:
        from newsgraph.workers import analyze_in_processes

        yield from analyze_in_processes(items, n_process, batch_size, language)
    else:
        yield from _analyze_here(nlp, items, batch_size, language)


def _analyze_here(
    nlp: Language,
    items: Iterable[SourceItem | str | bytes | Mapping[str, Any]],
    batch_size: int,
    language: str | None,
) -> Iterator[Article | Failure]:
    pending: dict[int, Failure | Prepared] = {}

    def docs() -> Iterator[tuple[Doc, int]]:
        for index, item in enumerate(items):
            given: SourceItem | None = None
            try:
                given = SourceItem.of(item)
                prepared = prepare_item(given, language)
            except (NewsgraphError, TypeError, ValueError) as exc:
                pending[index] = _failure(index, given.source if given else None, exc)
                continue
            pending[index] = prepared
            yield _make_doc(nlp, prepared), index

    def flush_before(index: float) -> Iterator[Failure]:  # float: inf flushes all
        for i in sorted(k for k in pending if k < index):
            entry = pending.pop(i)
            if isinstance(entry, Prepared):  # sent to the pipeline but dropped by a component error
                entry = Failure(index=i, error="analysis failed in the NLP pipeline", reason="analysis_error")
            yield entry

    for doc, index in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
        yield from flush_before(index)
        prepared = cast(Prepared, pending.pop(index))  # docs() sends only prepared articles
        try:
            yield _to_record(prepared, doc)
        except Exception as exc:  # a record that fails validation must not stop the stream
            yield _failure(index, None, exc)
    yield from flush_before(float("inf"))


def _log_component_error(proc_name, proc, docs, exc):
    log.error("component %s failed on a document: %s", proc_name, exc)
