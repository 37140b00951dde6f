# The two commands a new user needs: `make run` and `make test`. Both set everything up first.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
EXAMPLE := newsgraph/examples/nato-chief-meets-biden.txt

.PHONY: run test setup browser java bench fuzz clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $(STAMP)

setup: $(STAMP)

# A Debian package, installed when its command is missing (as root on CI, else through sudo).
define apt_need
	@command -v $(1) >/dev/null 2>&1 || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(2) >/dev/null; }
endef

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	$(call apt_need,chromium,chromium)

# Debian's Java 17 for the Spark tests (PySpark starts a JVM even in local mode).
java:
	$(call apt_need,java,openjdk-17-jre-headless)

run: setup
	$(BIN)/newsgraph analyze $(EXAMPLE) --format markdown
	@echo "newsgraph is installed in $(VENV); to use the newsgraph command, activate it with: . $(BIN)/activate"

# Lint and types first, so a finding fails fast (settings: pyproject.toml).
lint: setup
	$(BIN)/ruff check newsgraph tests benchmarks training
	$(BIN)/ruff format --check newsgraph tests benchmarks training
	$(BIN)/mypy

test: lint browser java
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/throughput.py

# The fuzz properties (analysis and readers) with many more examples than `make test` runs (40);
# prints hypothesis' statistics: examples, time and outcomes per property.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py tests/test_reader_fuzz.py -q \
	  --hypothesis-show-statistics

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
