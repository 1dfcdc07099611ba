# Two commands on a fresh machine: `make run` and `make test` (each sets itself up).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench clean mutation screenshots

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/txdose

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check app dosing ui tests benchmarks
	$(BIN)/ruff format --check app dosing ui tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict dosing app

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/engine.py

# The pictures in docs/ (README): ui/screenshot.py under Xvfb when it is installed, else Qt's
# offscreen platform (the bundled CJK font draws the Chinese either way). Look at each one.
SHOT := $(shell command -v xvfb-run >/dev/null && echo 'xvfb-run -a -s "-screen 0 1920x1200x24"' \
	|| echo 'env QT_QPA_PLATFORM=offscreen')
screenshots: $(STAMP)
	TXDOSE_SIZE=1280x800 $(SHOT) $(BIN)/python -m ui.screenshot docs/screenshot.png
	QT_SCALE_FACTOR=1.5 TXDOSE_SIZE=1280x800 $(SHOT) $(BIN)/python -m ui.screenshot docs/screenshot-150.png
	TXDOSE_LANGUAGE=zh_CN TXDOSE_SIZE=1280x800 $(SHOT) $(BIN)/python -m ui.screenshot docs/window-zh_CN.png
	TXDOSE_SCENE=worklist TXDOSE_SIZE=1280x800 $(SHOT) $(BIN)/python -m ui.screenshot docs/worklist.png
	TXDOSE_SCENE=charts TXDOSE_SIZE=1280x800 $(SHOT) $(BIN)/python -m ui.screenshot docs/charts.png

# Mutation testing of dosing/ (docs/MUTATION.md); not part of `make test` or CI: the whole
# package takes hours on 2 shared cores (~10 mutants a minute). MUTANTS narrows it to a name glob, e.g.
# `make mutation MUTANTS='dosing.anthropometrics*'`; MUTATION_TIMEOUT bounds the run (s).
MUTATION_RESUME ?=
MUTANTS ?=
MUTATION_TIMEOUT ?= 3600
MUTATION_CHILDREN ?= 2
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]'
	@# A fresh start by default: verdicts and test stats kept from another tree judge mutants
	@# with the wrong tests. MUTATION_RESUME=1 continues an interrupted run of the same tree.
	test -n "$(MUTATION_RESUME)" || rm -rf mutants
	QT_QPA_PLATFORM=offscreen timeout $(MUTATION_TIMEOUT) $(BIN)/mutmut run \
		--max-children $(MUTATION_CHILDREN) $(MUTANTS); \
		status=$$?; $(BIN)/mutmut results > mutants/survivors.txt 2>&1; \
		echo "survivors: mutants/survivors.txt"; exit $$status

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache mutants

# ---------------------------------------------------------------- packaging (issue 13)
# `make dist`: wheel + sdist in dist/. `make bundle`: the one-folder desktop bundle in
# dist/txdose/, built from the wheel in a venv of its own so nothing of the checkout leaks in.
PACKAGE_VENV := build/package-venv
BUNDLE_VENV := build/bundle-venv

.PHONY: dist bundle

dist: $(STAMP)
	test -x $(PACKAGE_VENV)/bin/python || $(PYTHON) -m venv $(PACKAGE_VENV)
	$(PACKAGE_VENV)/bin/python -m pip install --quiet "$$(grep -o '"build==[^"]*"' pyproject.toml | tr -d '"')"
	rm -rf dist/txdose-*.whl dist/txdose-*.tar.gz
	mkdir -p build && $(PACKAGE_VENV)/bin/python -m build --outdir dist . >build/dist.log 2>&1 \
	  || { cat build/dist.log; exit 1; }
	$(BIN)/python packaging/check_dist.py dist

bundle: dist
	rm -rf $(BUNDLE_VENV) build/pyinstaller dist/txdose
	$(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install --quiet "$$(ls dist/txdose-*.whl)[package]"
	$(BUNDLE_VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/txdose.spec
	cp packaging/txdose.desktop packaging/install-desktop-entry.sh resources/icons/txdose.svg \
	  dist/txdose/
	du -sh dist/txdose
