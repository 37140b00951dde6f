"""newsgraph: who said what, who did what to whom, where, when and how much — from raw news."""

from newsgraph.record import Article, Failure

__version__ = "0.1.0"
__all__ = ["Article", "Failure", "analyze", "analyze_many", "__version__"]


def analyze(*args, **kwargs) -> Article:
    """Analyse one article; see ``newsgraph.pipeline.analyze``."""
    from newsgraph.pipeline import analyze as _analyze  # spaCy loads only when first needed

    return _analyze(*args, **kwargs)


def analyze_many(*args, **kwargs):
    """Stream records for many articles; see ``newsgraph.pipeline.analyze_many``."""
    from newsgraph.pipeline import analyze_many as _analyze_many

    return _analyze_many(*args, **kwargs)
