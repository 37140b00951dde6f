"""Errors a user can act on. Each carries a short machine-readable ``reason``."""


class NewsgraphError(Exception):
    reason = "error"


class InputError(NewsgraphError):
    """The input cannot be analysed: empty, binary, too large, undecodable, not English…"""

    def __init__(self, message: str, reason: str = "bad_input"):
        super().__init__(message)
        self.reason = reason


class NotEnglishError(InputError):
    def __init__(self, language: str, message: str | None = None):
        super().__init__(
            message
            or f"input is not in English (detected language: {language}); "
            "pass language='en' (--language en) to analyse it anyway",
            "not_english",
        )
        self.language = language


# Every ``reason`` a batch can record for a document (``Failure.reason``, the store's
# ``failures.reason``), with what the user can do about it. ``tests/test_fuzz.py`` checks that
# the code raises no other.
FAILURE_REASONS: dict[str, str] = {
    "empty": "The input (or feed item) has no text. Nothing to do, unless it was not meant to be empty.",
    "binary": "A PDF, image, archive or other binary file. Convert it to text or HTML first.",
    "too_large": "Over 10 MiB of input, over 1,000,000 characters of article text, or HTML nested more "
    "than 2048 levels deep. Split the file, or pass only the article.",
    "undecodable": "The bytes are in no character encoding newsgraph can tell, or break the encoding their "
    "BOM declares. Convert the file to UTF-8.",
    "no_text": "Nothing is left once boilerplate is removed, or an HTML page has no article text (a "
    "login wall, an index page, a redirect stub). Pass the article page itself, or its text.",
    "not_english": "Detected as another language (the message names it). Pass language='en' "
    "(--language en) to analyse it anyway.",
    "bad_date": "The date given (--date, a JSONL/feed field, a metadata file's cell, a --path-date match) is "
    "not a full, unambiguous date ('13/06/2023'). Give it as YYYY-MM-DD.",
    "bad_input": "The input cannot be analysed for another reason the message gives.",
    "unreadable": "The file could not be read (permissions, an I/O error). Check the path.",
    "missing": "The path does not exist. Check the path.",
    "bad_json": "A JSON Lines line is not JSON, or has no 'text' or 'html' string field. Fix that line.",
    "bad_warc": "Not a readable WARC file, or one with no records. Check the archive.",
    "unsupported": "The Spark job was given a file that is not WARC, JSONL or a listing of WARC paths. Name "
    "only those.",
    "bad_feed": "Not an RSS/Atom feed with items. Check the feed file.",
    "analysis_error": "A component failed on this document (a bug: please report it with the document).",
    "TypeError": "analyze_many got an item (or a date) of a type it does not take; see the API contract.",
    "ValueError": "analyze_many got an item with a value it does not take; the message says which.",
    "ValidationError": "The analysis gave a record that fails its schema (a bug: please report it with the "
    "document).",
}
