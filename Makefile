# Two commands set everything up on a fresh machine (Python 3.11 and make):
#   make site   - create .venv/, install the project, build the site into build/
#   make test   - install the test tools too, and run the whole test suite
# Also: make serve (build and serve on http://127.0.0.1:8000/), make check (validate content only).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: site test serve check bench clean

site: $(VENV)/.installed
	$(BIN)/explainer build

serve: $(VENV)/.installed
	$(BIN)/explainer serve

check: $(VENV)/.installed
	$(BIN)/explainer check

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf build build.staging-* build.old-* $(VENV)
