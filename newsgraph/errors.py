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
        super().__init__(message or f"input is not in English (detected language: {language}); "
                         "pass language='en' (--language en) to analyse it anyway", "not_english")
        self.language = language
