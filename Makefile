# hitrust-assess — build, test, install.
#   make            build ./hitrust-assess
#   make check      unit + end-to-end tests, then under ASan+UBSan (unit,
#                   most e2e suites, fuzz replay, fault walk), and the
#                   threaded code under ThreadSanitizer; prints its wall time
#   make bench      the benchmark (tests/bench/)
#   make bench-limits  how fast hostile input is refused (tests/bench/limits.sh)
#   make install    PREFIX=/usr/local DESTDIR=
#   make deb        the Debian package, in build/deb/ (debian/; lintian-clean)

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/hitrust-assess
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKG_CONFIG ?= pkg-config
# The tool's home page (SARIF informationUri); see HTA_HOMEPAGE in hta/hta.h.
HOMEPAGE ?= https://hitrust-assess.example/

DEPS     := yaml-0.1 libcjson sqlite3 libcrypto xlsxwriter libzip libxml-2.0 yajl libarchive
CC       ?= cc
WARN     := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wvla -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CPPFLAGS) $(CFLAGS) -Iinclude \
             -DHTA_DATADIR='"$(DATADIR)"' -DHTA_HOMEPAGE='"$(HOMEPAGE)"' $(shell $(PKG_CONFIG) --cflags $(DEPS))
LIBS     := $(shell $(PKG_CONFIG) --libs $(DEPS)) -lm -pthread

BUILD    ?= build
LIB_SRC  := $(wildcard src/lib/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIB_A    := $(BUILD)/libhta.a
BIN      := hitrust-assess

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
CMOCKA   := $(shell $(PKG_CONFIG) --cflags --libs cmocka 2>/dev/null)

.PHONY: all deps deb example check check-suites unit e2e check-asan check-tsan bench bench-limits install uninstall clean \
        fuzz fuzz-replay fault valgrind

all: $(BIN)

$(BUILD)/%.o: %.c $(wildcard include/hta/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB_A)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB_A) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_A) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB_A) $(LIBS) $(CMOCKA)

# Install missing Debian packages (sudo when not root).
deps:
	@sh .ci/deps

# The README's quick start: assess the bundled example. Exit 1 (a domain
# fails: the example is built that way) is a result, not an error.
example: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) --tier e1 --ai-security --db $(BUILD)/example.db docs/examples/acme-health-ai || [ $$? -eq 1 ]

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; HTA_SRCDIR=$(CURDIR) $$t; done

e2e: $(BIN)
	@HTA_BIN=$(CURDIR)/$(BIN) E2E_SKIP="$(E2E_SKIP)" sh tests/e2e/run.sh

# The code again under AddressSanitizer + UndefinedBehaviorSanitizer, in
# its own build tree; any report fails the build: every sanitizer stops
# at its first report with exit status 86 (ASan, LSan) or 87 (UBSan), which
# no suite accepts, and tests/e2e/lib.sh also fails a check on the report's
# text. Leak checking is on.
#
# What runs under the sanitizers is what they are there to catch: the unit
# tests, the fuzz replay, the allocation-failure walk, and every end-to-end
# suite but those in ASAN_E2E_SKIP: the two browser suites (Chromium via
# puppeteer), the consumer checks (Microsoft's SARIF multitool, junitparser),
# the CI recipes, bash completion and the .deb. Their time goes to the
# external programs; the code they drive (rendering, the same inputs
# parsed) runs under ASan in t_report_formats, t_views, t_example and the
# rest. t_workbook stays: it feeds hostile XLSX and CSV files to our
# parsers. t_hashing is left out too: most of its time is the waits that
# let a ctime age past the racily-clean margin, and the hashing code runs
# under ASan in the fault walk, t_example and t_parallel. Measured CPU
# time: docs/robustness.md, "What make check runs".
ASAN_E2E_SKIP := t_report_html_browser.sh t_report_html_deliverable.sh t_ci_outputs.sh \
                 t_ci_recipes.sh t_completion.sh t_deb.sh t_hashing.sh
SAN_ENV  := ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:exitcode=86:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1 \
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87 \
            LSAN_OPTIONS=exitcode=86
check-asan:
	$(SAN_ENV) $(MAKE) BUILD=build-asan BIN=build-asan/hitrust-assess \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" E2E_SKIP="$(ASAN_E2E_SKIP)" unit e2e fuzz-replay fault

# make check prints its own wall time at the end, pass or fail. No suite
# in it asserts a wall-clock limit (a busy machine must not fail it);
# speed is measured by make bench and make bench-limits.
check:
	@s=$$(date +%s); $(MAKE) --no-print-directory check-suites; st=$$?; \
	t=$$(($$(date +%s) - s)); \
	echo "make check: $$([ $$st = 0 ] && echo "all suites passed" || echo FAILED) in $$((t / 60)) min $$((t % 60)) s (wall)"; \
	exit $$st

# The allocation-failure walk runs once, under ASan (check-asan): it is the
# suite's costliest part (about 60 s of CPU plain, 175 s under ASan), and
# the ASan walk checks everything the plain one does plus memory errors on
# each failure path. `make fault` still runs it plain.
check-suites: deps unit e2e fuzz-replay check-asan check-tsan

# The threaded code under ThreadSanitizer, in its own build tree (about 20 s
# here): the parallel loop's unit tests, then the end-to-end example (its
# walk, 103 manifests, artifact checks, 21 catalog files and hashing on
# every CPU) and the one-CPU-against-all comparison. Any report fails it
# (exit 86; tests/e2e/lib.sh also fails a check on a sanitizer's text).
# Skipped, with a "skip" line, only when the compiler's TSan runtime cannot
# start a program at all on this kernel (gcc 12's needs vm.mmap_rnd_bits
# <= 28): a fact about the machine, not the code.
TSAN_ENV := TSAN_OPTIONS=halt_on_error=1:exitcode=86:second_deadlock_stack=1
check-tsan:
	@mkdir -p build-tsan
	@printf 'int main(void) { return 0; }\n' >build-tsan/probe.c
	@if ! { $(CC) -fsanitize=thread -o build-tsan/probe build-tsan/probe.c && \
	       build-tsan/probe; } >/dev/null 2>&1; then \
	  echo "skip: check-tsan: ThreadSanitizer cannot run here (runtime missing, or vm.mmap_rnd_bits $$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null) > 28)"; \
	else \
	  $(MAKE) BUILD=build-tsan BIN=build-tsan/hitrust-assess \
	    CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" \
	    build-tsan/hitrust-assess build-tsan/tests/test_par && \
	  $(TSAN_ENV) HTA_SRCDIR=$(CURDIR) build-tsan/tests/test_par && \
	  $(TSAN_ENV) HTA_BIN=$(CURDIR)/build-tsan/hitrust-assess \
	    E2E_ONLY="t_example.sh t_parallel.sh" sh tests/e2e/run.sh; \
	fi

bench: $(BIN)
	sh tests/bench/run.sh

bench-limits: $(BIN)
	HTA_BIN=$(CURDIR)/$(BIN) sh tests/bench/limits.sh

# ---- robustness: fuzzing, fault injection, valgrind (docs/robustness.md) ----
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_HDR     := $(wildcard tests/fuzz/*.h)
FUZZ_DEFS     = -Itests/fuzz -DFUZZ_SRCDIR='"$(CURDIR)"'
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Each harness with a plain main() (tests/fuzz/replay.c): any compiler.
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_HDR) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(FUZZ_DEFS) -o $@ $< tests/fuzz/replay.c $(LIB_A) $(LIBS)

# Replay every seed and every crash ever found; part of make check.
fuzz-replay: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  $(BUILD)/fuzz/fuzz_$$t tests/fuzz/corpus/$$t tests/fuzz/regress/$$t; done

# libFuzzer (clang only; not part of make check): FUZZ_SECONDS per target.
# New inputs go to build-fuzz/corpus/<target>/, crashes to
# tests/fuzz/regress/<target>/ (commit them once fixed).
fuzz:
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" build-fuzz/libhta.a
	@mkdir -p build-fuzz/fuzz
	set -e; for t in $(FUZZ_TARGETS); do \
	  $(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_DEFS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
	    -o build-fuzz/fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c build-fuzz/libhta.a $(LIBS); done
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)

# Allocation-failure walk over a whole in-process run; part of make check.
$(BUILD)/fault/%: tests/fault/%.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(LIBS)

# Two interleaved halves in parallel; FAULT_STRIDE=n for a quicker look.
fault: $(BUILD)/fault/alloc_walk
	@HTA_SRCDIR=$(CURDIR) FAULT_SHARD=0/2 $(BUILD)/fault/alloc_walk & p=$$!; \
	HTA_SRCDIR=$(CURDIR) FAULT_SHARD=1/2 $(BUILD)/fault/alloc_walk; r=$$?; \
	wait $$p && exit $$r

# The end-to-end suite under valgrind memcheck (slow; not part of make check).
# The wrapper is installed as build-vg/bin/hitrust-assess: tests that find
# the command by name (bash completion) find it under valgrind too.
valgrind:
	$(MAKE) BUILD=build-vg BIN=build-vg/hitrust-assess CFLAGS="-O1 -g" build-vg/hitrust-assess
	@mkdir -p build-vg/bin
	cp tests/e2e/valgrind.sh build-vg/bin/hitrust-assess
	HTA_BIN=$(CURDIR)/build-vg/bin/hitrust-assess HTA_VG_BIN=$(CURDIR)/build-vg/hitrust-assess \
	  sh tests/e2e/run.sh

# The whole catalog tree (controls/**/*.yaml, *.csv) goes under DATADIR.
DEST = $(if $(DESTDIR),$(abspath $(DESTDIR)))
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/controls \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/$(BIN)
	cd controls && find . -type f \( -name '*.yaml' -o -name '*.csv' \) | LC_ALL=C sort | \
	  while read -r f; do install -D -m 644 "$$f" "$(DEST)$(DATADIR)/controls/$$f" || exit 1; done
	install -m 644 docs/hitrust-assess.1 $(DESTDIR)$(MANDIR)/man1/
	for m in docs/*.5; do [ -f "$$m" ] && install -m 644 "$$m" $(DESTDIR)$(MANDIR)/man5/; done; true
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 docs/completion/hitrust-assess.bash $(DESTDIR)$(BASHCOMPDIR)/hitrust-assess

# The Debian package (debian/, debhelper): dpkg-buildpackage on a copy of
# the source tree under DEB_OUT, so the .deb, .buildinfo and .changes land
# in DEB_OUT and the working tree stays as it is; then lintian, which must
# report no error. It compiles the tree again (PREFIX=/usr, the distro's
# hardening flags): about a minute here, which is why make check does not
# build it (.ci/run does; tests/e2e/t_deb.sh with HTA_DEB_TEST=1).
DEB_OUT ?= build/deb
deb:
	rm -rf $(DEB_OUT) && mkdir -p $(DEB_OUT)/src
	tar --exclude=./build --exclude='./build-*' --exclude=./.git --exclude=./$(BIN) \
	  --exclude=./tests/tools/node_modules -cf - . | tar -C $(DEB_OUT)/src -xf -
	cd $(DEB_OUT)/src && dpkg-buildpackage -us -uc -b
	lintian --fail-on error $(DEB_OUT)/*.changes
	@ls $(DEB_OUT)/*.deb

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(BIN) $(DESTDIR)$(MANDIR)/man1/hitrust-assess.1
	rm -f $(DESTDIR)$(MANDIR)/man5/hitrust-assess-evidence.5 \
	  $(DESTDIR)$(MANDIR)/man5/hitrust-assess-catalog.5 $(DESTDIR)$(BASHCOMPDIR)/hitrust-assess
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-tsan build-fuzz build-vg $(BIN)
