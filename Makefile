# Headroom — build, run and test. `make run` and `make test` install what is missing first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/[^0-9.]/, "", $$0); print; exit }' Cargo.lock)
PORT ?= 8080

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run dist build-tools test-tools test test-native test-e2e demo bench clean

help:
	@echo "make run    build the app and serve it on http://127.0.0.1:$(PORT) (installs missing tools)"
	@echo "make test   run every test: native cargo test and the browser end-to-end suite"
	@echo "make dist   build the static bundle into dist/ and print gzipped sizes"
	@echo "make demo   regenerate the bundled demo workspace in public/"
	@echo "make bench  time the hot paths against same-run baselines"

# --- tools -----------------------------------------------------------------------------------
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build-tools: node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -q " $(TRUNK_VERSION)$$" || cargo install --locked trunk@$(TRUNK_VERSION)
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@wasm-opt --version | grep -q "version 132" || { echo "wasm-opt 132 (npm binaryen) is not on PATH"; exit 1; }

test-tools: build-tools
	@command -v chromium >/dev/null && command -v prometheus >/dev/null && command -v promtool >/dev/null || \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium prometheus >/dev/null; }

# --- build and run ---------------------------------------------------------------------------
dist: build-tools
	trunk build --release --offline
	@echo "dist/ (gzipped sizes):"
	@cd dist && find . -type f | sort | while read -r f; do printf "  %8d  %s\n" "$$(gzip -9c "$$f" | wc -c)" "$${f#./}"; done
	@printf "  %8d  total\n" "$$(cd dist && find . -type f -exec gzip -9c {} \; | wc -c)"

run: dist
	node tests/e2e/serve.mjs --dir dist --port $(PORT)

demo:
	cargo run --quiet --bin gen-demo -- public

# --- tests -----------------------------------------------------------------------------------
test: test-tools
	tests/run.sh

test-native:
	cargo test

test-e2e:
	node --test --test-concurrency=1 tests/e2e/

bench:
	cargo run --quiet --release --bin bench

clean:
	rm -rf dist target/native-test.log
