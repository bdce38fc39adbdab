# trackii: `make run` serves the demo, `make test` runs the tests.
# Python >= 3.12 is found by scripts/find-python; uv is installed into it if there is none.

PY := $(shell scripts/find-python)
# A working uv on PATH if there is one, else the uv module of that Python.
UV := $(or $(shell uv --version >/dev/null 2>&1 && command -v uv),"$(PY)" -m uv)
# uv builds .venv with that Python, whatever the machine's default python3 is.
export UV_PYTHON := $(PY)

# The languages with a catalog in ./locale (English is the source; settings.LANGUAGES).
LANGS := ar fr es ru he uk
# The one extraction command everybody uses (docs/development.md, "Translations").
MAKEMESSAGES := python manage.py makemessages $(foreach lang,$(LANGS),-l $(lang)) \
	--add-location=file --ignore=.venv --ignore=tests --ignore=scripts --ignore=docs --ignore=data

.PHONY: help run test lint ci uv bench bench-report messages compilemessages

help:
	@echo "make run    serve the demo at http://127.0.0.1:8000 (SQLite, demo data and logins)"
	@echo "make test   run the test suite (pytest)"
	@echo "make lint   ruff check, ruff format --check and lint-imports (import contracts)"
	@echo "make messages  extract the marked strings into locale/<lang>/LC_MESSAGES/django.po"
	@echo "make compilemessages  compile the catalogs (.mo files, never committed)"
	@echo "make ci     everything CI runs (.ci/run)"
	@echo "make bench  load the main pages against a floor (PostgreSQL, Redis; docs/performance.md)"
	@echo "make bench-report  build a funder report of a large dialogue, print time and memory (PostgreSQL)"

run: uv
	$(UV) sync
	$(MAKE) compilemessages
	$(UV) run python manage.py migrate
	$(UV) run python manage.py seed_demo
	$(UV) run python manage.py runserver 127.0.0.1:8000

test: uv
	$(UV) sync
	$(MAKE) compilemessages
	$(UV) run pytest -n auto --durations=10

lint: uv
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports

ci:
	bash .ci/run

messages: uv
	$(UV) run $(MAKEMESSAGES)

# Needs gettext's msgfmt (Debian: apt-get install gettext).
# Under the test settings: compiling needs no secret, also where DATABASE_URL is set (CI).
compilemessages: uv
	DJANGO_SETTINGS_MODULE=trackii.settings_test $(UV) run python manage.py compilemessages --ignore=.venv --ignore=data

bench: uv
	$(UV) sync
	$(UV) run python scripts/bench

bench-report: uv
	$(UV) sync
	$(UV) run python scripts/bench_report

# Installs uv with pip on first use; an "externally managed" Python (PEP 668) needs the flag.
uv:
	@test -n "$(PY)"
	@$(UV) --version >/dev/null 2>&1 \
	  || "$(PY)" -m pip install --quiet uv \
	  || "$(PY)" -m pip install --quiet --break-system-packages uv
