"""Evaluation against gold data: events (shared/gold), sentence detection (OEDA GSR)."""
