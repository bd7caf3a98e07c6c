# Two commands: `make reports` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: reports test setup eksempel clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

reports: $(STAMP)
	mkdir -p reports
	$(BIN)/helhedsanalyse validate data/eksempel > reports/datagrundlag.txt
	$(BIN)/helhedsanalyse status --runde midtvej --format csv > reports/status_midtvej.csv
	$(BIN)/helhedsanalyse status --runde slut --format csv > reports/status_slut.csv
	@echo "Rapporterne ligger i reports/"

test: $(STAMP)
	$(BIN)/python -m pytest

eksempel: $(STAMP)
	$(BIN)/python scripts/lav_eksempeldata.py

clean:
	rm -rf $(VENV) reports/*
