PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The dry run contacts no tracker: the tokens are placeholders the configuration requires.
DEMO_ENV := PMSYNC_JIRA__TOKEN=demo-placeholder PMSYNC_GITHUB__TOKEN=demo-placeholder

demo: $(STAMP)
	@echo "== pmsync lint examples/postmortems/  (the postmortems' own CI check)"
	@$(BIN)/pmsync lint examples/postmortems/ || echo "(lint exits 1: the examples contain bad action items on purpose)"
	@echo
	@echo "== pmsync sync --dry-run  (the tickets pmsync would create, adopt and update)"
	@$(DEMO_ENV) $(BIN)/pmsync --config config/demo.toml sync --dry-run

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
