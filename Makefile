# Two commands: `make reports` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: reports test setup eksempel clean benchmark

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

reports: $(STAMP)
	$(BIN)/helhedsanalyse render --ud reports
	$(BIN)/helhedsanalyse validate data/eksempel > reports/datagrundlag.txt
	@echo "Åbn reports/index.html"

test: $(STAMP)
	$(BIN)/python -m pytest

# not part of `make test`: renders one round twice (plain papermill loop and render); several minutes
benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

eksempel: $(STAMP)
	$(BIN)/python scripts/lav_eksempeldata.py

clean:
	rm -rf $(VENV) reports/*
