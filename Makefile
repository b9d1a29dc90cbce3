# The README's commands. `make run` serves the portal with worker and beat;
# `make test` runs the whole suite (unit, integration, browser). Both set up
# everything on a fresh machine first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)

.PHONY: run test setup venv system-deps chromium redis-server migrate demo lint bench clean

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $(STAMP)

venv: $(STAMP)

# gettext compiles the translations; fonts let PDFs show Arabic and Chinese.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	fc-list 2>/dev/null | grep -qi "Noto Naskh Arabic\|Noto Sans Arabic" || missing="$$missing fonts-noto-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (apt-get, as root)"; fi; \
	fi

# chromium drives the browser tests; pdftotext (poppler-utils) reads the PDFs they download.
chromium:
	@missing=""; command -v chromium >/dev/null || missing="chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing for the browser tests:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing:$$missing — run 'apt-get install$$missing' as root"; exit 1; fi; fi

setup: venv system-deps
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py migrate --noinput -v0

demo: setup
	$(PY) manage.py seed_demo

run: demo
	./bin/run

# The fault tests (tests/reliability) start a Redis server of their own.
redis-server:
	@command -v redis-server >/dev/null || { \
	  echo "Installing redis-server for the fault tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "redis-server is missing: the fault tests will skip (apt-get install redis-server as root)"; fi; }

# Two processes by default (pytest-xdist): the suite runs in about ten minutes on two cores.
PYTEST_WORKERS ?= 2
test: venv system-deps chromium redis-server
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) var
