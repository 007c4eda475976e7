"""Command-line interface: one module per command; the library does the work."""
