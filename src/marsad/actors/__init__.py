"""Actor resolution: dictionary mentions to actor entries valid at the publication date."""
