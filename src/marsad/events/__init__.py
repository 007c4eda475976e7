"""Event extraction: triggers, arguments, status, attribution, fatalities and coding."""
