# The README's Quick start: `make demo` (set up and run on the bundled examples) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit resources clean services

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/marsad extract examples/*.txt examples/records.jsonl --published 2024-03-14 --format jsonl > out/examples.jsonl
	$(BIN)/python scripts/summarize.py out/examples.jsonl

test: $(STAMP) services lint typecheck unit

services:
	bash scripts/ensure_postgres.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

resources: $(STAMP)
	$(BIN)/python scripts/build_resources.py

clean:
	rm -rf $(VENV) out build *.egg-info
