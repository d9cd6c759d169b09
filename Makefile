# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make demo   - create .venv, install ogpparse, extract the bundled example pages
#   make test   - create .venv with the test dependencies, run the whole test suite
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench bench-quick schema clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "ogpparse needs Python 3.11 or newer (none found on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ogpparse extract fixtures/seeds --format json

test: $(STAMP)
	$(BIN)/python -m pytest

# The bench's peers (trafilatura) are optional: without them it measures the rest.
bench: $(STAMP)
	-$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick

schema: $(STAMP)
	$(BIN)/ogpparse schema --output schemas

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
