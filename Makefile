# The two commands: `make run` (set up everything, serve the site) and `make test`
# (set up everything, run every check and test). Both are safe to run twice.

UV_VERSION := $(shell cat .uv-version)
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py

.PHONY: run test venv messages atlas services browser stop migrate demo index lint check pytest journeys contract faults bench relevance load clean

run: venv messages atlas services migrate demo index
	@scripts/run-site.sh

test: venv messages atlas services browser lint check pytest journeys contract faults

venv: .venv/.synced

.venv/.synced: pyproject.toml uv.lock
	@python3 -m uv --version 2>/dev/null | grep -q "$(UV_VERSION)" || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	python3 -m uv sync --frozen
	@touch $@

services: venv
	scripts/services.sh install
	scripts/install-app-packages.sh
	$(PYTHON) -m search.dictionaries
	scripts/services.sh start

# The .mo catalogues are build output (git-ignored), compiled from the committed .po files.
messages: venv
	scripts/install-app-packages.sh
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --ignore=.cache --ignore=.services

browser:
	scripts/install-browser.sh

# Debian's nginx, which tests/proxy/ puts in front of gunicorn.
proxy:
	scripts/install-nginx.sh

# Natural Earth's country shapes (npm's world-atlas) in the static files, for the map.
atlas:
	scripts/install-atlas.sh

stop:
	scripts/services.sh stop

migrate: venv
	$(MANAGE) migrate --noinput

demo: venv
	$(MANAGE) load_demo_content

# A fresh index of every live practice, swapped in behind the alias.
index: venv
	$(MANAGE) search_index rebuild

lint: venv
	.venv/bin/ruff check .

check: venv
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

pytest: venv proxy
	.venv/bin/pytest --ignore=tests/faults --ignore=tests/browser --ignore=tests/contract

# The browser journeys in a session of their own: Playwright's event loop lives for the
# whole session, and other transactional tests then lose their restored migration data.
journeys: venv browser
	.venv/bin/pytest tests/browser

# The API's OpenAPI contract, checked by schemathesis against a served site with the demo
# content, in a session of its own (its data is committed, as the journeys' is).
contract: venv services
	.venv/bin/pytest tests/contract

# Last and alone: these tests stop, kill and restart the services (tests/faults/).
faults: venv services
	.venv/bin/pytest tests/faults

bench: venv services
	$(PYTHON) -m bench.scale

# Ranking against a plain BM25 baseline on judged queries, in a scratch database and index.
relevance: venv services
	$(PYTHON) bench/relevance.py

load: venv services
	$(PYTHON) -m bench.load

clean:
	rm -rf .venv static media .cache/test-media
