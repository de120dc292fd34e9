# Two commands on a fresh machine:
#   make run   - make .venv, install the auditor, audit the bundled sample pack
#   make test  - make .venv, install the auditor with its test dependencies, run the tests
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test bench corpus mutate clean

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

# plant one slip at a time in every pack of the corpus: how many of each kind the checks find
mutate: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python bench/mutate.py --corpus

bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
