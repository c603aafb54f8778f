# Two commands: `make run` and `make test`. Both create .venv on first use and bring the
# demo data up to date: `python -m radar.demo` regenerates data/demo when its fingerprint
# (generator source, reference tables, seed) differs, and is a cheap check otherwise.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint demo bench clean

run: $(STAMP) demo
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port 8501

test: $(STAMP) demo
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

demo: $(STAMP)
	$(PY) -m radar.demo

# uv installs the pinned stack in seconds; plain pip is the fallback.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv || true
	if $(PY) -m uv --version >/dev/null 2>&1; then \
	  $(PY) -m uv pip install -q --python $(PY) -r requirements.txt -e '.[dev]'; \
	else \
	  $(PY) -m pip install -q -r requirements.txt -e '.[dev]'; \
	fi
	touch $(STAMP)

bench: $(STAMP)
	$(PY) -m radar bench

clean:
	rm -rf $(VENV) data/demo .pytest_cache .ruff_cache .mypy_cache
