# Two commands for a fresh machine: `make demo` (set up, build the demo store, serve the dashboard) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup demo test bench

$(PY):
	python3 -m venv $(VENV)

setup: $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-nodeps.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .

demo: setup
	$(VENV)/bin/tocsin demo

test:
	$(PY) -m pytest -q

bench:
	$(PY) benchmarks/throughput.py
