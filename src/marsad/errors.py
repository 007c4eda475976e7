"""Marsad's error hierarchy. Codes: E1xx input and configuration, E2xx resources, E3xx stages.

Messages say which input, what went wrong and what to do.
"""

from __future__ import annotations


class MarsadError(Exception):
    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(MarsadError):
    """An input file, record or URL that cannot be read as an article."""

    code = "E101"


class ConfigError(MarsadError):
    code = "E102"


class LanguageSkipped(InputError):
    """A report not in a language Marsad reads (see ``ReadOptions.languages``); skipped, not failed."""

    code = "E103"


class ResourceError(MarsadError):
    """A compiled language resource is missing or does not match its sources."""

    code = "E201"


class PipelineOrderError(MarsadError):
    """A pipeline whose stages need something no earlier stage produces."""

    code = "E301"


class StageError(MarsadError):
    """A stage failed on one document."""

    code = "E302"
