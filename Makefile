# parkesg — two commands set up a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEVSTAMP:= $(VENV)/.installed-dev

.PHONY: run demo test lint typecheck pytest test-postgres serve java chromium fonts office clean bench bench-web

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The web platform with demo organisations, logins and data (./.demo-data; idempotent).
# `make run PORT=8001` (and HOST=0.0.0.0) to serve elsewhere.
PORT    ?= 8000
HOST    ?= 127.0.0.1
run: $(STAMP) fonts
	$(BIN)/parkesg platform-demo --host $(HOST) --port $(PORT)

# The CLI demo: writes demo/ (workbooks, results, reports).
demo: $(STAMP) fonts
	$(BIN)/parkesg demo

# Spark's tests need a Java runtime; install Debian's when missing (root on CI).
java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "正在用 apt 安装 Java 运行环境（openjdk-17-jre-headless，Spark 测试需要）/ installing Java with apt …"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	  else echo "Java missing: sudo apt-get install openjdk-17-jre-headless"; exit 1; fi; }

# The browser tests (tests/web/browser) drive Debian's Chromium through Playwright — never
# `playwright install`: a browser download is not allowed; install Debian's when missing.
chromium:
	@[ -x /usr/bin/chromium ] || { \
	  if [ "$$(id -u)" = 0 ]; then echo "正在用 apt 安装 Chromium（浏览器测试需要）/ installing Chromium with apt …"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium missing: sudo apt-get install chromium"; exit 1; fi; }

# Charts (energy flow, reports; `make demo` draws them) draw Chinese text: Noto Sans CJK from Debian, installed when missing.
fonts:
	@[ -n "$$(find /usr/share/fonts -name 'NotoSansCJK*' -print -quit 2>/dev/null)" ] || { \
	  if [ "$$(id -u)" = 0 ]; then echo "正在用 apt 安装中文字体（fonts-noto-cjk，图表与报告需要）/ installing the Chinese font with apt …"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else echo "Chinese font missing: sudo apt-get install fonts-noto-cjk"; exit 1; fi; }

# Reports: PDF through LibreOffice Writer, CJK fonts for charts and PDFs (Noto CJK), a
# Times New Roman metric twin (Liberation), pdffonts/pdftotext for the tests (poppler-utils).
OFFICE_PKGS := libreoffice-writer fonts-noto-cjk fonts-liberation2 poppler-utils
office:
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	fc-list 2>/dev/null | grep -q "Liberation Serif" || missing="$$missing fonts-liberation2"; \
	command -v pdffonts >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "正在用 apt 安装:$$missing（PDF 报告需要）/ installing with apt:$$missing …"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Missing:$$missing — sudo apt-get install$$missing"; exit 1; fi; fi

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

# The whole suite, web tests on SQLite in memory (PARKESG_DATABASE_URL ignored here), on
# PYTEST_JOBS processes (pytest-xdist; a test file stays on one process, so its fixtures are
# built once). PYTEST_JOBS=0 runs it in this process alone.
PYTEST_JOBS ?= 2
pytest: $(DEVSTAMP) java fonts office chromium
	env -u PARKESG_DATABASE_URL $(BIN)/pytest -n $(PYTEST_JOBS) --dist loadfile

# The web tests again on the PostgreSQL server PARKESG_DATABASE_URL names (a role that may
# CREATE DATABASE; the tests use test_<name>). `.ci/run` starts one; `make test` runs this
# target whenever the variable is set. On PostgreSQL run the suites whose outcome depends on
# the database — locks, constraints, append-only triggers, transactions, dump and restore,
# every endpoint's access; the apps' own logic runs once, on SQLite (CI's time budget).
PG_SUITES := test_authz_suite test_access test_backup test_faults test_audit test_identity \
	test_values test_collection_upload test_collection_roundtrip test_collection_matrix \
	test_review test_workflow_core test_esg_states test_ratings_workflow test_engagements_flow \
	test_hostile_files test_schemathesis test_disclosures
test-postgres: $(DEVSTAMP) fonts
	@[ -n "$$PARKESG_DATABASE_URL" ] || { echo "set PARKESG_DATABASE_URL=postgres://user:pw@127.0.0.1:5432/db"; exit 1; }
	$(BIN)/pytest $(foreach t,$(PG_SUITES),tests/web/$(t).py)

test: lint typecheck pytest $(if $(PARKESG_DATABASE_URL),test-postgres)

# The web platform on http://127.0.0.1:8000/ (database in PARKESG_DATA_DIR or PARKESG_DATABASE_URL).
serve: $(STAMP)
	$(BIN)/parkesg serve --host $(HOST) --port $(PORT)

bench: $(STAMP)
	$(BIN)/python benchmarks/rate.py 1000000

# 20 logged-in users fetching a page of the demo platform at once (needs the dev extras).
bench-web: $(DEVSTAMP)
	$(BIN)/python benchmarks/web_load.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
