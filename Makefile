# Zhinan: `make run` serves the demo, `make test` runs the suite. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Debian packages: CJK fonts, Graphviz (flowcharts) and HarfBuzz subsetting (fast PDFs) to run;
# Chromium (browser tests), poppler and zbar (PDF and QR checks), wrk (load bench) to test.
RUN_DEBS := fonts-noto-cjk fonts-dejavu-core graphviz libharfbuzz-subset0
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils wrk zbar-tools
# Services the suites run against (tools/services.sh); SUITES=sqlite,postgres picks suites.
TEST_SERVICES := postgres redis opensearch
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-sqlite test-fast install debs run-debs bench clean scheduler

# apt-get only what is missing (and only as root or through sudo).
define install_debs
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(BIN)/.installed

debs:
	$(call install_debs,$(TEST_DEBS))

run-debs:
	$(call install_debs,$(RUN_DEBS))

run: install run-debs
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --site-url http://127.0.0.1:$(PORT)
	@echo "Zhinan: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/, admin / zhinan-demo)"
	@# The printing worker builds the handbooks ordered in the admin, the importing worker previews
	@# and imports the workbooks uploaded there; they stop with the server.
	@mkdir -p build; $(BIN)/python manage.py db_worker --backend printing --queue-name printing \
	  >build/printing-worker.log 2>&1 & worker=$$!; \
	  $(BIN)/python manage.py db_worker --backend importing --queue-name importing \
	  >build/importing-worker.log 2>&1 & importer=$$!; \
	  trap "kill $$worker $$importer 2>/dev/null" EXIT INT TERM; \
	  echo "Printing and importing workers started (logs: build/printing-worker.log, build/importing-worker.log)"; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install debs
	@# axe-core (accessibility checks in the browser tests), from the npm registry, git-ignored;
	@# npm from Debian only when no npm is on the PATH (a NodeSource nodejs ships its own).
	@command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }
	test -f node_modules/axe-core/axe.min.js || npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || (echo "Model changes without migrations: run manage.py makemigrations"; exit 1)
	@# SQLite (with browser tests), then PostgreSQL + Redis: tools/services.sh installs and starts
	@# what is not running, on loopback, and stops only what it started.
	tools/services.sh $(TEST_SERVICES) -- tools/suites.sh

# The SQLite suite alone (no services); `make test-fast` also leaves out the browser tests.
test-sqlite: install debs
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not browser"

# Scheduled go-live/expiry for the demo; production runs publish_scheduled from cron or a timer.
scheduler: install
	@echo "Running publish_scheduled every 60 s (Ctrl-C to stop)"
	while true; do $(BIN)/python manage.py publish_scheduled; sleep 60; done

bench: install
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected .pytest_cache build

# The OpenSearch test node (engine/, built from Maven Central): 127.0.0.1:$(OPENSEARCH_PORT or 9200),
# data in a throwaway folder; engine-stop stops only a node that engine-start started.
.PHONY: engine-start engine-stop
engine-start:
	bash engine/opensearch.sh start

engine-stop:
	bash engine/opensearch.sh stop
