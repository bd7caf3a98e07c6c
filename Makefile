# Two commands: `make reports` and `make test`. Each creates .venv on first use (and again when
# pyproject.toml changes): uv, installed from PyPI into .venv by its own pip, installs the package and the
# `test` extra (seconds instead of minutes); where uv cannot be installed, pip does it. The set-up also
# installs the project's Jupyter kernel `helhedsanalyse` into .venv and the nbstripout git filter.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := helhedsanalyse

.PHONY: reports test setup eksempel clean benchmark git-filter

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@if $(BIN)/python -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1; then \
	  echo "Installerer pakkerne i $(VENV) med uv"; \
	  $(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[test]'; \
	else \
	  echo "uv kunne ikke installeres; installerer med pip (langsommere)"; \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip && \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'; \
	fi
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	@# the kernels of .venv (papermill, JupyterLab, nbval, render) log errors only: not the warning on
	@# every start that a kernel on this machine talks over TCP (loopback, signed) "without encryption"
	@mkdir -p $(VENV)/etc/ipython
	@echo '{"IPKernelApp": {"log_level": "ERROR"}}' > $(VENV)/etc/ipython/ipython_kernel_config.json
	@$(MAKE) --no-print-directory git-filter
	touch $(STAMP)

# Notebooks are committed without outputs whatever JupyterLab saved: nbstripout cleans them on `git add`
# (.gitattributes names the filter; git config, local to this clone, says how). Cell ids are kept: they
# reach the reports' HTML. Not required: without .venv git stores the file as it is, and `make test`
# (tests/test_notebooks.py) finds the outputs in what is staged.
NBSTRIPOUT = "$(abspath $(BIN))/python" -m nbstripout --keep-id
git-filter:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '$(NBSTRIPOUT)' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required false && \
	  git config diff.ipynb.textconv '$(NBSTRIPOUT) -t'; \
	fi

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
