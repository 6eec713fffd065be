# hitrust-assess — build, test, install.
#   make            build ./hitrust-assess
#   make check      unit + end-to-end tests, then again under ASan+UBSan
#   make bench      the benchmark (tests/bench/)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/hitrust-assess
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKG_CONFIG ?= pkg-config

DEPS     := yaml-0.1 libcjson sqlite3 libcrypto
CC       ?= cc
WARN     := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wvla -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Iinclude \
             -DHTA_DATADIR='"$(DATADIR)"' $(shell $(PKG_CONFIG) --cflags $(DEPS))
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

.PHONY: all deps example check unit e2e check-asan bench install uninstall clean

all: $(BIN)

$(BUILD)/%.o: %.c $(wildcard include/hta/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB_A)
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(LIB_A) $(LIBS)

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
	@HTA_BIN=$(CURDIR)/$(BIN) sh tests/e2e/run.sh

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer,
# in its own build tree; any report fails the build.
check-asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/hitrust-assess \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" unit e2e

check: deps unit e2e check-asan
	@echo "make check: all suites passed"

bench: $(BIN)
	sh tests/bench/run.sh

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/controls/statements \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/$(BIN)
	install -m 644 controls/catalog.yaml $(DESTDIR)$(DATADIR)/controls/
	install -m 644 controls/statements/*.yaml $(DESTDIR)$(DATADIR)/controls/statements/
	install -d $(DESTDIR)$(DATADIR)/controls/crosswalk
	install -m 644 controls/crosswalk/*.yaml $(DESTDIR)$(DATADIR)/controls/crosswalk/
	install -m 644 docs/hitrust-assess.1 $(DESTDIR)$(MANDIR)/man1/
	for m in docs/*.5; do [ -f "$$m" ] && install -m 644 "$$m" $(DESTDIR)$(MANDIR)/man5/; done; true
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 docs/completion/hitrust-assess.bash $(DESTDIR)$(BASHCOMPDIR)/hitrust-assess

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(BIN) $(DESTDIR)$(MANDIR)/man1/hitrust-assess.1
	rm -f $(DESTDIR)$(MANDIR)/man5/hitrust-assess-evidence.5 \
	  $(DESTDIR)$(MANDIR)/man5/hitrust-assess-catalog.5 $(DESTDIR)$(BASHCOMPDIR)/hitrust-assess
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan $(BIN)
