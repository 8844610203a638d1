# The two commands of README.md: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint typecheck hooks messages national bench-matching guide-shots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/python scripts/vendor_assets.py

demo: install
	$(BIN)/xiezuo demo
	@echo "Serving on http://127.0.0.1:8000 — demo login: admin / xiezuo-demo-2026"
	XIEZUO_DEBUG=0 $(BIN)/xiezuo serve 127.0.0.1:8000

test: install
	$(BIN)/python scripts/ensure_browser.py
	$(BIN)/ruff check src bench tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check src bench tests

# mypy over src/xiezuo, configured in pyproject.toml ([tool.mypy]); cached in .mypy_cache.
typecheck: install
	$(BIN)/mypy

# pre-commit hooks (.pre-commit-config.yaml: ruff, mypy, the architecture tests; local only).
hooks: install
	$(BIN)/pre-commit install

messages: install
	cd src/xiezuo && ../../$(BIN)/xiezuo makemessages -l zh_Hans -l en --no-obsolete && ../../$(BIN)/xiezuo compilemessages

# The user guide's pictures: the browser tests take them, scripts/guide_shots.py copies them.
guide-shots: install
	$(BIN)/python scripts/ensure_browser.py
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/browser
	$(BIN)/python scripts/guide_shots.py

national: install
	$(BIN)/xiezuo demo --scale national
