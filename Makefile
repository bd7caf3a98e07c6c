# Two commands: `make reports` and `make test`. Each creates .venv on first use (and again when
# pyproject.toml changes).
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

# lint, types, then one pytest run: the tests, every module's doctests, and every notebook executed top to
# bottom in a fresh kernel (nbval; the notebooks are stored without outputs, so --nbval-lax: no cell
# may raise, outputs are not compared)
test: $(STAMP)
	$(BIN)/ruff check helhedsanalyse tests
	$(BIN)/mypy
	$(BIN)/python -m pytest --doctest-modules helhedsanalyse tests --nbval-lax --nbval-current-env notebooks

# not part of `make test`: renders one round twice (plain papermill loop and render); several minutes
benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

eksempel: $(STAMP)
	$(BIN)/python scripts/lav_eksempeldata.py

clean:
	rm -rf $(VENV) reports/*
