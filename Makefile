# The two commands: `make run` (install and start Ingot on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast install lint schema bench frontend

# The frontend (SPA and GraphiQL) is rebuilt when its sources, its lockfile or
# schema.graphql are newer than the last build; npm comes from the npm registry.
FRONTEND := frontend
NPM := npm --prefix $(FRONTEND) --loglevel=error --no-audit --no-fund
FRONTEND_DEPS := $(FRONTEND)/node_modules/.installed
FRONTEND_BUILD := $(FRONTEND)/dist/.built
FRONTEND_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/graphiql $(FRONTEND)/scripts -type f 2>/dev/null) \
	$(wildcard $(FRONTEND)/*.ts $(FRONTEND)/*.json $(FRONTEND)/index.html) schema.graphql

$(STAMP): pyproject.toml
	@echo "==> Creating the Python environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@echo "==> Installing Ingot and its Python dependencies (about a minute on a first install)"
	$(BIN)/pip install --progress-bar off -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(FRONTEND_DEPS): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	@echo "==> Installing the web interface's dependencies (npm ci)"
	$(NPM) ci
	touch $@

$(FRONTEND_BUILD): $(FRONTEND_DEPS) $(FRONTEND_SOURCES)
	@echo "==> Building the web interface"
	$(NPM) run --silent build
	touch $@

frontend: $(FRONTEND_BUILD)

# `make run HOST=0.0.0.0 PORT=8080` (INGOT_HOST / INGOT_PORT in the environment work too).
run: install frontend
	$(BIN)/ingot serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

lint: install $(FRONTEND_DEPS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app schema rest_compat server
	$(BIN)/lint-imports
	$(NPM) run --silent format:check

schema: install
	$(BIN)/ingot export-schema --output schema.graphql

# Coverage of the pytest process. Measuring the servers the tests start as well
# (COVERAGE_PROCESS_START=$(CURDIR)/pyproject.toml) makes the suite ~20% slower.
# Three pytest workers (pytest-xdist; a test file stays on one worker): the tests
# mostly wait on servers, git and browsers, so three share two cores well.
TEST_WORKERS ?= 3

test: install lint frontend
	$(BIN)/coverage erase
	$(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --cov --cov-report=
	@echo "Coverage: $$($(BIN)/coverage report --format=total)% of the lines of app, schema, rest_compat and server"

# The tier that needs no server or database (tests/fast/), in seconds.
test-fast: install
	$(BIN)/pytest -p no:cacheprovider tests/fast

bench: install
	$(BIN)/python tests/bench/graphql_overhead.py
