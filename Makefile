# Two commands do all the set-up on a fresh machine (see README):
#   make demo   create .venv, install fazhi-draft, render the bundled sample to out/*.docx
#   make test   the same install, then the test suite (.ci/run calls this)
#   make pages  the 2024 sample through LibreOffice to PDF, pages 1-2 as PNG in docs/ (README pictures;
#               tests/test_layout_pdf.py fails while they differ from what the code renders); the page of
#               its key-figure table (render --table) as docs/table-page.png; its HTML page (--format html)
#               in headless chromium at phone width as docs/html-phone.png
#   make form-picture  a department's form (fazhi-draft forms) through LibreOffice to docs/form-sheet.png (README)
#   make schema rebuild samples/fazhi-draft.schema.json from the spec (a test fails while it is stale)
#   make bench  timings against the import floor and pandoc (pandoc optional): table + benchmarks/results.json
#   make fuzz   10,000 mutated inputs through check and render in-process (tests/fuzz/run.py); fails on exit 3,
#               a run over 5 s or memory growth; FUZZ_ARGS="--examples 50000 --seed 7" for more
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test install bench clean pages schema fuzz form-picture

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# A plain (non-editable) install, as a user gets it: proves templates and the spec ship.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[test]"

demo: install
	$(BIN)/fazhi-draft render samples/2023.yaml -o out/2023.docx --force
	$(BIN)/fazhi-draft render samples/2024.yaml -o out/2024.docx --force
	$(BIN)/fazhi-draft render samples/2024.yaml -o out/2024.md --format md --force
	@echo "打开 out/2024.docx 查看初稿。"

test: install
	$(BIN)/python -m pytest -q

# Needs LibreOffice, poppler-utils (pdftoppm) and chromium; see README "PDF" and "发布到门户网站".
pages: install
	@mkdir -p docs
	$(BIN)/fazhi-draft render samples/2024.yaml -o out/2024.docx --force --pdf
	pdftoppm -png -r 80 -f 1 -l 1 -singlefile out/2024.pdf docs/sample-page-1
	pdftoppm -png -r 80 -f 2 -l 2 -singlefile out/2024.pdf docs/sample-page-2
	$(BIN)/fazhi-draft render samples/2024.yaml -o out/2024-table.docx --force --pdf --table
	page=$$(pdftotext out/2024-table.pdf - | awk 'BEGIN { RS = "\f" } $$1 == "附件" { print NR; exit }'); \
	  pdftoppm -png -r 80 -f $$page -l $$page -singlefile out/2024-table.pdf docs/table-page
	$(BIN)/fazhi-draft render samples/2024.yaml -o out/2024.html --format html --table --force
	rm -rf out/chromium-profile
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
	  --disable-sync --no-first-run --hide-scrollbars --user-data-dir=$(CURDIR)/out/chromium-profile \
	  --window-size=390,844 --screenshot=$(CURDIR)/docs/html-phone.png file://$(CURDIR)/out/2024.html 2>/dev/null
	@echo "docs/sample-page-1.png、sample-page-2.png、table-page.png、html-phone.png 已更新；完整 PDF：out/2024.pdf、out/2024-table.pdf"

# Needs LibreOffice with Calc (libreoffice-calc-nogui) and poppler-utils. A 2025 report begun
# from the 2024 sample: one figure in, one 待补; the 司法局 form's data sheet, first page.
FORM_DEMO := out/form-demo
form-picture: install
	@mkdir -p $(FORM_DEMO) docs
	@printf '%s\n' 'meta: {organ: 桐溪县人民政府, kind: county, year: 2025, date: 2026-03-06, reused_from: ../../samples/2024.yaml,' \
	  '  contact: 县司法局法治督察股 张明 0571-6512345}' 'offices: {司法局: 县司法局}' \
	  'measures: {functions: {figures: {proof_items_kept: 36}}, rules: {figures: {normative_docs_reviewed: 待补}}}' \
	  > $(FORM_DEMO)/2025.yaml
	$(BIN)/fazhi-draft forms $(FORM_DEMO)/2025.yaml -o $(FORM_DEMO)/报送表 --office 县司法局 --by 2026-01-20 --force
	soffice -env:UserInstallation=file://$(CURDIR)/$(FORM_DEMO)/lo-profile --headless --convert-to pdf \
	  --outdir $(FORM_DEMO) $(FORM_DEMO)/报送表/县司法局.xlsx >/dev/null
	pdftoppm -png -r 70 -f 2 -l 2 -singlefile $(FORM_DEMO)/县司法局.pdf docs/form-sheet
	@echo "docs/form-sheet.png 已更新（封面在 $(FORM_DEMO)/县司法局.pdf 第1页）"

bench: install
	$(BIN)/python benchmarks/bench.py

fuzz: install
	$(BIN)/python tests/fuzz/run.py $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) out build src/*.egg-info

# The JSON Schema editors read (samples/fazhi-draft.schema.json), rebuilt from the spec and
# numbers.figure_pattern; tests/test_figure_language.py fails while it is stale.
schema: install
	$(BIN)/fazhi-draft schema -o samples/fazhi-draft.schema.json --force
