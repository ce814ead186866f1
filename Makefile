# Headroom — build, run and test. `make run` and `make test` install what is missing first.
# Each step prints one line: what it does and how long it took. Its output goes to
# target/logs/ and is shown (the last lines) only when it fails; `V=1` shows everything.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

TRUNK_VERSION := 0.21.14
# The splitter of the Wasm into its modules (tools/csp/split.mjs: the shell, the pages), the one Leptos' lazy
# loading is made for (wasm_split_helpers, in Cargo.lock through leptos).
WASM_SPLIT_VERSION := 0.2.4
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/[^0-9.]/, "", $$0); print; exit }' Cargo.lock)
PORT ?= 8080
V ?= 0
# `cargo install` puts Trunk and wasm-bindgen in $CARGO_HOME/bin (~/.cargo/bin unless set);
# wasm-opt 132 is npm's binaryen in node_modules/.bin.
CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export V TRUNK_VERSION WASM_BINDGEN_VERSION WASM_SPLIT_VERSION
# When `make` started, for "ready after N s" (sub-makes inherit it).
ifndef MAKE_T0
MAKE_T0 := $(shell date +%s)
endif
export MAKE_T0
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export SUDO

.PHONY: help run dist build-tools test-tools test test-native test-e2e demo bench fuzz clean

help:
	@echo "make run    build the app and serve it on http://127.0.0.1:$(PORT) (installs missing tools)"
	echo "make test   run every test: lint, native cargo test and the browser end-to-end suite"
	echo "make dist   build the static bundle into dist/ and print gzipped sizes"
	echo "make fuzz   fuzz each parser for FUZZ_SECONDS (default 60) and check it stays linear on 1 MB"
	echo "make demo   regenerate the bundled demo workspace in public/"
	echo "make bench  build, then time the app in headless Chromium against budgets and same-run baselines"
	echo "           (target/bench/latest.json), then the native micro-benchmarks"
	echo "V=1 shows the full output of every step."

# --- steps -------------------------------------------------------------------------------------
# Shell functions shared by the recipes below (each recipe is one shell, .ONESHELL).
#   step NAME TITLE CMD...  runs CMD, printing "==> [ n/N] TITLE … done in S s"; its output goes
#                           to target/logs/NAME.log (V=1: to the terminal). On failure: the log's
#                           last $TAIL lines, and the recipe stops with CMD's exit status.
#   plan [apt]              decides which tools are missing; sets `planned` (their step count)
#   tools [apt]             installs them (with apt: also Chromium, Prometheus, rustfmt, clippy)
#   bundle                  trunk build --release into dist/
# First run: Trunk and wasm-bindgen-cli are compiled from source (the registries offer nothing
# else). Both only orchestrate, so debug builds without debuginfo and without default features
# (TLS, update check: nothing is downloaded, `--offline`, every tool on PATH) do: ~2.5 min
# together on 2 cores instead of ~14 for release builds. wasm-bindgen's output is byte-identical
# (1.5 s instead of 0.4 s per bundle). Meanwhile Headroom's release Wasm compiles at low priority
# in the gaps the tool builds leave (~1 min saved on 2 cores); Trunk then finds it fresh.
define STEP_LIB
n=$${STEP_BASE:-0}; total=$${STEP_TOTAL:-0}; TAIL=$${TAIL:-40}; mkdir -p target/logs
banner() { n=$$((n + 1)); printf '==> [%2d/%d] %s' "$$n" "$$total" "$$1"; }
step() {
  local log=target/logs/$$1.log title=$$2 t0=$$SECONDS rc=0; shift 2
  banner "$$title"
  if [ "$$V" = 1 ]; then
    printf '\n'; "$$@" || rc=$$?
    printf '==> [%2d/%d] %s: ' "$$n" "$$total" "$$title"
  else
    printf ' … '; "$$@" >"$$log" 2>&1 </dev/null || rc=$$?
  fi
  if [ "$$rc" != 0 ]; then
    printf 'FAILED after %d s (exit status %d)\n' $$((SECONDS - t0)) "$$rc"
    [ "$$V" = 1 ] || show_failure "$$log"
    exit "$$rc"
  fi
  printf 'done in %d s\n' $$((SECONDS - t0))
}
# A failed step's log: from the first compiler error when there is one (Trunk's own error chain
# and backtrace come after it), else its end.
show_failure() {
  local first
  first=$$(grep -n -m1 -E '^error(\[E[0-9]+\])?:' "$$1" | cut -d: -f1 || true)
  if [ -n "$$first" ]; then
    printf -- '--- %s, from its first error (V=1 shows everything):\n' "$$1"
    tail -n "+$$first" "$$1" | head -n "$$TAIL"
    if [ $$((first + TAIL)) -le $$(wc -l <"$$1") ]; then printf -- '--- its last lines:\n'; tail -n 5 "$$1"; fi
  else
    printf -- '--- last %d lines of %s (V=1 shows everything):\n' "$$TAIL" "$$1"
    tail -n "$$TAIL" "$$1"
  fi
}
has_target() { rustup target list --installed | grep -qx wasm32-unknown-unknown; }
has_npm() { [ -f node_modules/.installed ] && [ node_modules/.installed -nt package-lock.json ] && [ node_modules/.installed -nt package.json ]; }
has_trunk() { trunk --version 2>/dev/null | grep -q " $$TRUNK_VERSION$$"; }
has_wasm_bindgen() { wasm-bindgen --version 2>/dev/null | grep -q " $$WASM_BINDGEN_VERSION$$"; }
has_wasm_split() { command -v wasm-split-cli >/dev/null && cargo install --list | grep -q "^wasm_split_cli_support v$$WASM_SPLIT_VERSION:"; }
has_test_packages() { command -v chromium && command -v prometheus && command -v promtool && command -v pdftotext; } >/dev/null
has_lint() { cargo fmt --version && cargo clippy --version; } >/dev/null 2>&1
plan() {
  need_target=0 need_npm=0 need_trunk=0 need_wasm_bindgen=0 need_wasm_split=0 need_apt=0 need_lint=0 prebuild=0
  has_target || need_target=1
  has_npm || need_npm=1
  has_trunk || need_trunk=1
  has_wasm_bindgen || need_wasm_bindgen=1
  has_wasm_split || need_wasm_split=1
  if [ "$${1:-}" = apt ]; then has_test_packages || need_apt=1; has_lint || need_lint=1; fi
  [ $$need_trunk$$need_wasm_bindgen$$need_wasm_split = 000 ] || prebuild=1
  planned=$$((need_target + need_npm + need_trunk + need_wasm_bindgen + need_wasm_split + need_apt + need_lint + prebuild))
}
install_trunk() {
  CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0 \
    cargo install --locked --debug --no-default-features "trunk@$$TRUNK_VERSION"
}
install_wasm_bindgen() {
  CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0 \
    cargo install --debug --no-default-features --bin wasm-bindgen wasm-bindgen-cli --version "$$WASM_BINDGEN_VERSION"
}
install_wasm_split() {
  cargo install --locked --features build-binary wasm_split_cli_support --version "$$WASM_SPLIT_VERSION"
}
install_test_packages() {
  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium prometheus poppler-utils
}
# Headroom's release Wasm, exactly as `trunk build --release` compiles it (so Trunk finds it
# fresh), at low priority in its own process group: stopped if make stops.
prebuild_start() {
  prebuild_t0=$$SECONDS
  if [ "$$V" = 1 ]; then
    setsid nice -n 10 cargo build --release --target wasm32-unknown-unknown --bin headroom &
  else
    setsid nice -n 10 cargo build --release --target wasm32-unknown-unknown --bin headroom >target/logs/prebuild.log 2>&1 </dev/null &
  fi
  prebuild_pid=$$!
  trap 'kill -TERM -- -$$prebuild_pid 2>/dev/null || true' EXIT
  trap 'exit 130' INT TERM
}
prebuild_wait() {
  local t0=$$SECONDS rc=0
  banner "compiling Headroom's release Wasm (started $$((SECONDS - prebuild_t0)) s ago, alongside the tools)"
  if [ "$$V" = 1 ]; then printf '\n'; else printf ' … '; fi
  wait "$$prebuild_pid" || rc=$$?
  trap - EXIT INT TERM
  if [ "$$V" = 1 ]; then printf '==> [%2d/%d] Headroom release Wasm: ' "$$n" "$$total"; fi
  if [ "$$rc" = 0 ]; then printf 'done in %d s more\n' $$((SECONDS - t0))
  else printf 'failed, see target/logs/prebuild.log (the next step retries and shows why)\n'; fi
}
tools() {
  if [ "$$need_apt" = 1 ]; then
    [ -z "$$SUDO" ] || $$SUDO -v
    step apt "Debian packages chromium, prometheus, poppler-utils (apt-get, ~1 min)" install_test_packages
  fi
  if [ "$$need_lint" = 1 ]; then step rustup-components "rustfmt and clippy (rustup)" rustup component add rustfmt clippy; fi
  if [ "$$need_target" = 1 ]; then step rustup-target "Rust target wasm32-unknown-unknown (rustup)" rustup target add wasm32-unknown-unknown; fi
  if [ "$$need_npm" = 1 ]; then
    step npm "npm ci: wasm-opt 132 (binaryen), playwright-core" npm ci --no-audit --no-fund --loglevel=error
    touch node_modules/.installed
  fi
  wasm-opt --version | grep -q "version 132" || { echo "wasm-opt 132 (npm binaryen) is not on PATH" >&2; exit 1; }
  if [ "$$prebuild" = 1 ]; then prebuild_start; fi
  if [ "$$need_trunk" = 1 ]; then step trunk "installing Trunk $$TRUNK_VERSION (debug build, ~3 min on 2 cores)" install_trunk; fi
  if [ "$$need_wasm_bindgen" = 1 ]; then step wasm-bindgen "installing wasm-bindgen-cli $$WASM_BINDGEN_VERSION (debug build, ~40 s)" install_wasm_bindgen; fi
  if [ "$$need_wasm_split" = 1 ]; then step wasm-split "installing wasm-split-cli $$WASM_SPLIT_VERSION (splits the Wasm into modules, ~70 s)" install_wasm_split; fi
  if [ "$$prebuild" = 1 ]; then prebuild_wait; fi
}
bundle() {
  step dist "building Headroom (trunk build --release: release Wasm, split into modules, wasm-bindgen, wasm-opt; ~3 min from scratch)" \
    env RUST_LIB_BACKTRACE=0 trunk build --release --offline
}
gz() { gzip -9c "$$1" | wc -c; }
endef
export STEP_LIB

# --- tools -------------------------------------------------------------------------------------
build-tools:
	@eval "$$STEP_LIB"
	plan; total=$$planned; tools

test-tools:
	@eval "$$STEP_LIB"
	plan apt; total=$$planned; tools

# --- build and run -----------------------------------------------------------------------------
dist:
	@eval "$$STEP_LIB"
	plan; total=$$((planned + 1)); tools; bundle
	echo "dist/ (gzipped sizes):"
	cd dist && find . -type f | sort | while read -r f; do printf "  %8d  %s\n" "$$(gz "$$f")" "$${f#./}"; done
	printf "  %8d  total\n" "$$(find . -type f | while read -r f; do gz "$$f"; done | awk '{ s += $$1 } END { print s }')"

run:
	@eval "$$STEP_LIB"
	plan; total=$$((planned + 2)); tools; bundle
	wasm=$$(ls dist/*_bg.wasm)
	printf '    %s: %d kB, %d kB gzipped\n' "$$wasm" $$(( $$(wc -c <"$$wasm") / 1000 )) $$(( $$(gz "$$wasm") / 1000 ))
	banner "serving http://127.0.0.1:$(PORT) — ready $$(( $$(date +%s) - MAKE_T0 )) s after \`make $@\` started (Ctrl-C stops)"
	printf '\n'
	exec node tests/e2e/serve.mjs --dir dist --port $(PORT)

demo:
	cargo run --quiet --bin gen-demo -- public

# --- tests -------------------------------------------------------------------------------------
# tests/run.sh numbers its steps after the tool steps.
test:
	@eval "$$STEP_LIB"
	plan apt; total=$$((planned + 7)); tools
	STEP_BASE=$$n STEP_TOTAL=$$total exec tests/run.sh

test-native:
	cargo test

test-e2e:
	node --test --test-concurrency=1 tests/e2e/

# The browser bench (tools/bench/browser/: budgets, same-run baselines, target/bench/latest.json;
# starts its own test Prometheus unless BENCH_PROM_URL is set), then the native micro-benchmarks.
# Not part of `make test`. BENCH_ONLY=startup,entities,prometheus,files picks groups.
bench:
	@$(MAKE) --no-print-directory dist
	command -v twiggy >/dev/null || cargo install --locked twiggy  # the Wasm breakdown by crate
	mkdir -p target/bench target/logs
	echo "== browser (headless Chromium, median of $${BENCH_RUNS:-5} runs) =="
	node tools/bench/browser/run.mjs
	echo "== native micro-benchmarks (ratios to same-run baselines) =="
	cargo run --quiet --release --bin bench

# Every fuzz target of tests/fuzz.rs (one per parser) for FUZZ_SECONDS each (default 60, one
# per core at a time), one line per target (inputs tried, time, seed), then tests/superlinear.rs at 100 KB
# and 1 MB. FUZZ_TARGETS=exposition,time picks targets, FUZZ_SEED another sequence. Built with
# optimisations but with overflow checks and debug assertions (profile `fuzz`, in target/fuzz/),
# so an overflow panics as in `cargo test`. `make test` runs a short pass of both.
fuzz:
	export CARGO_PROFILE_FUZZ_INHERITS=release CARGO_PROFILE_FUZZ_OPT_LEVEL=3 \
	  CARGO_PROFILE_FUZZ_LTO=false CARGO_PROFILE_FUZZ_CODEGEN_UNITS=16 CARGO_PROFILE_FUZZ_PANIC=unwind \
	  CARGO_PROFILE_FUZZ_DEBUG_ASSERTIONS=true CARGO_PROFILE_FUZZ_OVERFLOW_CHECKS=true
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} SUPERLINEAR_KB=$${SUPERLINEAR_KB:-1024} \
	  cargo test --quiet --profile fuzz --test fuzz --test superlinear

clean:
	rm -rf dist target/logs
