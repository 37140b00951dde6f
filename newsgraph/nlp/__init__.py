"""newsgraph's spaCy components. Importing this package registers their factories.

Each capability is one module with one registered factory that fills one ``Doc`` extension
with plain, record-shaped data (``shapes.py``: lists of dicts with ``start``/``end`` character
offsets), so docs cross process boundaries in ``nlp.pipe(n_process=…)`` and the record is built
by validation alone. A factory declares what it ``assigns`` and ``requires`` and its settings
(``default_config``); its rule files are read when it is made and saved with ``to_disk``. The
whole pipeline is ``pipeline.cfg`` (``build.build_pipeline``). Components read the article's
context from two input extensions, which they never change:

- ``doc._.reference_date``: ISO date relative expressions resolve against, or None;
- ``doc._.reference_date_source``: where that date came from (see ``record.DateSource``).

The times component reports the date it actually used (given, or inferred from the text) in
``doc._.times_reference``.
"""

from spacy.tokens import Doc

for _name in ("reference_date", "reference_date_source"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# One import per capability: importing registers the factory and its extension (after the
# extensions above).
from newsgraph.nlp import (  # noqa: E402
    attribution,  # noqa: F401
    build,  # noqa: F401  (the configuration's tokenizer)
    entities,  # noqa: F401
    events,  # noqa: F401
    paragraphs,  # noqa: F401
    quantities,  # noqa: F401
    summary,  # noqa: F401
    times,  # noqa: F401
)
