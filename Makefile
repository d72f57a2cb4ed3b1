# s175: the two commands a new user needs are `make run` and `make test`.

SWIFT ?= swift
# Both sample cycles, oldest first, so the 2026 reports show trends since 2025.
CYCLES ?= samples/2025/cycle.xml samples/2026/cycle.xml
SYSTEM_PACKAGES = libxml2-dev libsqlite3-dev pkg-config
# The browser test renders the reports in headless Chromium.
TEST_PACKAGES = chromium

.PHONY: run test build deps bench lint embed samples clean

## run: install what is missing, build in release mode and run the sample batches
run: build
	@for cycle in $(CYCLES); do .build/release/s175 run $$cycle || exit $$?; echo; done
	@echo "Open output/2026/report.html for the LA report; output/2026/ also holds the ESG drafts (esg/),"
	@echo "a page per school (schools/), scores.csv, rejected.csv, non-returns.csv, risks.csv and pairings.csv."
	@echo "History: output/s175.sqlite."

## test: run the whole test suite
test:
	@$(MAKE) --no-print-directory deps SYSTEM_PACKAGES="$(SYSTEM_PACKAGES) $(TEST_PACKAGES)"
	$(SWIFT) build --product s175
	$(SWIFT) test

build: deps
	$(SWIFT) build -c release --product s175

## deps: install the Debian packages the build needs, when they are missing
deps:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## lint: check the shipped questionnaires
lint: build
	.build/release/s175 lint questionnaires/*.xml questionnaires/local/*.xml

## embed: copy the XSDs and default templates into the binary's source after editing them
embed:
	python3 scripts/embed.py

clean:
	rm -rf .build

## samples: regenerate the fictional sample batch from scripts/make-samples.py
samples:
	python3 scripts/make-samples.py

## bench: national-scale timings of whole s175 runs against C reference programs
bench: build
	python3 bench/run.py
