# Two commands on a fresh machine:
#   make run   - make .venv, install the auditor, audit the bundled sample pack
#   make test  - make .venv, install the auditor with its test dependencies, run the tests
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test bench corpus clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

run: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	$(BIN)/auditor check --fail-on never

test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pytest

# the judged ledger over the real corpus (../shared/packs): precision, and no regressions
corpus: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python bench/corpus.py

bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
