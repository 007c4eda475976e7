"""Reading articles: plain text, HTML, JSON/JSONL records, standard input and URLs."""
