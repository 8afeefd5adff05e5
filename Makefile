# parkesg — two commands set up a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEVSTAMP:= $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest java fonts clean bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

run: $(STAMP)
	$(BIN)/parkesg demo

# Spark's tests need a Java runtime; install Debian's when missing (root on CI).
java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	  else echo "Java missing: sudo apt-get install openjdk-17-jre-headless"; exit 1; fi; }

# The energy-flow chart draws Chinese text: Noto Sans CJK from Debian, installed when missing.
fonts:
	@[ -n "$$(find /usr/share/fonts -name 'NotoSansCJK*' -print -quit 2>/dev/null)" ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else echo "Chinese font missing: sudo apt-get install fonts-noto-cjk"; exit 1; fi; }

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

pytest: $(DEVSTAMP) java fonts
	$(BIN)/pytest

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/rate.py 1000000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
