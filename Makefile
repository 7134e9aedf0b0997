# Two commands set everything up on a fresh machine (Python 3.11 and make):
#   make site   - create .venv/, install the project, build the site into build/
#   make test   - install the test tools too (Python's, Debian's Chromium and a Java runtime,
#                 npm's vnu-jar), and run the whole test suite
# Also: make serve (build and serve on http://127.0.0.1:8000/, the browser editor at /admin/),
# make check (validate content only).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The package's .pyc files, made ahead as pip makes an installed package's (an editable install
# gets none): where PYTHONDONTWRITEBYTECODE is set, each command would compile it again, 60 ms.
# Up-to-date files are skipped.
COMPILE = $(BIN)/python -m compileall -q scripts/explainer
# Playwright drives Debian's Chromium: it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: site test serve check hooks bench audit clean

site: $(VENV)/.installed
	@$(COMPILE)
	$(BIN)/explainer build

# With the browser editor at /admin/ (Decap CMS and its local proxy, from npm) when npm is there.
serve: $(VENV)/.installed $(VENV)/.installed-editor
	@$(COMPILE)
	$(BIN)/explainer serve

check: $(VENV)/.installed
	@$(COMPILE)
	@$(BIN)/explainer check

# The git hook that formats and checks content before each commit (.pre-commit-config.yaml).
hooks: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet 'pre-commit>=3.5'
	$(BIN)/pre-commit install

# Real content (bench/run.py), how the build scales to 1,000 and 10,000 articles beside plain
# Pelican and Hugo (bench/scale.py), and the editor's loop in the dev server at 1,000 articles
# (bench/serve_latency.py); docs/performance.md. Takes long at 10,000: see --sizes there.
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/serve_latency.py --articles 1000

$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

# Lighthouse's four scores for each page type (a benchmark, not a test; it needs Chromium).
audit: site $(VENV)/.installed-debian .cache/lighthouse/.installed
	$(BIN)/python bench/audit.py

.cache/lighthouse/.installed:
	npm install --prefix .cache/lighthouse --no-audit --no-fund --ignore-scripts lighthouse@12
	touch $@

test: $(VENV)/.installed-test $(VENV)/.installed-debian $(VENV)/.installed-npm
	$(BIN)/python -m pytest

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The browser tests' system tools, from Debian, each installed only if it is missing.
$(VENV)/.installed-debian: $(VENV)/.installed
	missing="$$(test -x /usr/bin/chromium || echo chromium) $$(command -v java >/dev/null || echo default-jre-headless) \
	         $$(command -v npm >/dev/null || echo npm)"; \
	if [ -n "$$(echo $$missing)" ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; fi
	touch $@

# The Nu HTML Checker (vnu.jar), as locked. No install scripts: vnu-jar's would download a Java
# runtime, and Debian's is used instead.
$(VENV)/.installed-npm: package-lock.json $(VENV)/.installed-debian
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(VENV)/.installed-editor: package-lock.json $(VENV)/.installed
	if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm is missing: the site is served without the browser editor"; fi
	touch $@

clean:
	rm -rf build build.staging-* build.old-* .build.explainer-manifest.json $(VENV) node_modules
