# Raqib: `make run` serves on 127.0.0.1:8000 (PORT overrides); `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
HOST   ?= 127.0.0.1
STAMP  := $(VENV)/.installed
# Test files run in parallel, each file whole in one process (shared servers stay per file).
TEST_WORKERS ?= 2

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,train]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/raqib db upgrade
	$(VENV)/bin/raqib serve --host $(HOST) --port $(PORT)

test: install
	$(VENV)/bin/ruff check service model training tests
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check service model training tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
