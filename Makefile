# The two commands: `make run` and `make test`. Both install whatever is missing first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test deps sysdeps bench bench-large lint dist

run: deps
	@$(PY) -m compileall -q desktop  # a shell with PYTHONDONTWRITEBYTECODE would recompile it at every start
	$(PY) -m desktop

test: deps
	$(PY) -m pytest

bench: deps
	$(PY) bench/run_all.py

# adds the 20,000-task column (slow: several minutes)
bench-large: deps
	BENCH_LARGE=1 $(PY) bench/run_all.py

# The PyInstaller one-folder bundle in dist/PlanDesk (Linux here; on Windows the same script,
# then ISCC installer/plandesk.iss for the installer).
dist: deps
	$(PY) -m pip install -q "pyinstaller>=6"
	$(PY) installer/build.py

lint: deps
	$(PY) -m ruff check desktop tests bench

deps: sysdeps $(STAMP)

sysdeps:
	@PYTHON=$(PYTHON) sh scripts/debian-deps.sh

$(STAMP): pyproject.toml scripts/unpack-shiboken-support.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	$(PY) scripts/unpack-shiboken-support.py
	touch $(STAMP)
