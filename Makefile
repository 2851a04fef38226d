# procure — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app procure
STAMP := $(VENV)/.installed
# pip's output goes to this log, shown only when pip fails.
PIP_LOG := $(VENV)/pip.log
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
# Packages held to `mypy --strict` (configured in pyproject.toml).
TYPED := procure/library procure/compliance procure/documents procure/tenders

.PHONY: run serve test lint format translations compile-translations clean

$(BIN)/python:
	@echo "Creating the virtual environment in $(VENV)/"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip > $(PIP_LOG) 2>&1 || { cat $(PIP_LOG); exit 1; }

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	@echo "Installing procure and its dependencies (log: $(PIP_LOG))"
	@$(PIP) install -e '.[postgres,test]' > $(PIP_LOG) 2>&1 || { cat $(PIP_LOG); exit 1; }
	@touch $(STAMP)

compile-translations: $(STAMP)
	@$(BIN)/pybabel -q compile --use-fuzzy -d procure/translations

## make run: install, migrate the SQLite database in instance/, load the library, its search
## synonyms and demo accounts, serve. Each step prints one line; the demo accounts'
## passwords are printed when they are created (lost: `$(FLASK) demo --reset-passwords`).
run: compile-translations
	@$(FLASK) init-db
	@$(FLASK) load-clauses clauses/
	@$(FLASK) load-synonyms
	@$(FLASK) load-cpv
	@$(FLASK) demo
	@echo "procure runs at http://127.0.0.1:5000/ (Ctrl+C stops it)"
	@$(FLASK) run --host 127.0.0.1 --port 5000

## make serve: the same application under gunicorn with several workers. Its SECRET_KEY
## comes from the environment, else from instance/secret_key (64 random hex digits,
## written on first use), so that every worker signs sessions with the same key and
## PROCURE_PRODUCTION=true accepts it.
serve: compile-translations
	export SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'from procure.config import instance_secret_key; print(instance_secret_key("instance"))')}" && \
	$(FLASK) init-db && \
	$(BIN)/gunicorn --bind 127.0.0.1:5000 --workers 3 wsgi:app

## make test: ruff, mypy, then the whole pytest suite (SQLite and PostgreSQL, browser tests).
test: compile-translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make translations: extract UI strings and update the catalogues (then translate the .po files).
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	    -o procure/translations/messages.pot procure
	$(BIN)/pybabel update --omit-header -i procure/translations/messages.pot -d procure/translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
