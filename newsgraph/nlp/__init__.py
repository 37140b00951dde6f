"""newsgraph's spaCy components. Importing this package registers their factories.

Each capability is one module with one registered factory that fills one ``Doc`` extension
with plain, record-shaped data (lists of dicts with ``start``/``end`` character offsets), so
docs cross process boundaries in ``nlp.pipe(n_process=…)`` and the record is built by
validation alone. Components read the article's context from two input extensions:

- ``doc._.reference_date``: ISO date relative expressions resolve against, or None;
- ``doc._.reference_date_source``: where that date came from (see ``record.DateSource``).
"""

from spacy.tokens import Doc

for _name in ("reference_date", "reference_date_source"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# One import per capability: importing registers the factory and its extension.
from newsgraph.nlp import paragraphs  # noqa: E402,F401
from newsgraph.nlp import entities  # noqa: E402,F401
from newsgraph.nlp import attribution  # noqa: E402,F401
from newsgraph.nlp import times  # noqa: E402,F401
from newsgraph.nlp import events  # noqa: E402,F401
from newsgraph.nlp import summary  # noqa: E402,F401
from newsgraph.nlp import quantities  # noqa: E402,F401
from newsgraph.nlp import build  # noqa: E402,F401  (the configuration's callback)
