PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench dist clean

# What pmsync itself needs (the demo); the test tools come on top for `make test`.
$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo runs offline (config/demo.toml: daemon.offline): tickets live in demo-state/state.db,
# mail is queued, not sent; nothing leaves the machine and no token is needed.
PMSYNC_DEMO := $(BIN)/pmsync --config config/demo.toml

demo: $(RUN_STAMP)
	@rm -rf demo-state
	@chmod 0640 config/demo.toml  # pmsync warns about a configuration others can read
	@echo "== pmsync lint examples/postmortems/  (the postmortems' own CI check)"
	@$(BIN)/pmsync lint examples/postmortems/ || echo "(lint exits 1: the examples contain bad action items on purpose)"
	@echo
	@echo "== pmsync sync --dry-run  (the tickets pmsync would create, adopt and update)"
	@$(PMSYNC_DEMO) sync --dry-run
	@echo
	@echo "== pmsync sync  (offline: tickets kept in demo-state/state.db; polls, flags, queues mail)"
	@$(PMSYNC_DEMO) sync | tail -n 1
	@echo
	@echo "== pmsync status --flagged  (what broke the commitment: today is $$(date +%F))"
	@$(PMSYNC_DEMO) status --flagged
	@echo
	@echo "== pmsync notify --preview --to payments-lead@acme.example  (first lines of the lead's mail)"
	@$(PMSYNC_DEMO) notify --preview --to payments-lead@acme.example | head -n 20
	@echo "…"
	@echo
	@echo "== pmsync report --html demo-state/report.html  (the public dashboard)"
	@$(PMSYNC_DEMO) report --html demo-state/report.html
	@echo "open demo-state/report.html in a browser"

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .

# A wheel and an sdist in dist/, as a release would publish them.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist . >/dev/null
	@ls dist

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
