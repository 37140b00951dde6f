# The two commands a new user needs: `make run` and `make test`. Both set everything up first.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
EXAMPLE := newsgraph/examples/nato-chief-meets-biden.txt

.PHONY: run test setup browser bench fuzz clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

run: setup
	$(BIN)/newsgraph analyze $(EXAMPLE) --format markdown

test: setup browser
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/throughput.py

# The fuzz properties of tests/test_fuzz.py with many more examples than `make test` runs (40);
# prints hypothesis' statistics: examples, time and outcomes per property.
FUZZ_EXAMPLES ?= 2000
fuzz: setup
	NEWSGRAPH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py -q --hypothesis-show-statistics

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
