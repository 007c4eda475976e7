"""Place resolution: candidates → rank (with an explicit "none of these") → admin hierarchy."""
