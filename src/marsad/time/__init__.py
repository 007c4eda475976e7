"""Arabic time expressions: find them in text and resolve them against the publication date."""

from marsad.time.resolve import find_time_expressions

__all__ = ["find_time_expressions"]
