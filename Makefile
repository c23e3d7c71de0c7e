# cx_metrics: customer-experience metrics as PostgreSQL aggregates (PGXS build)

EXTENSION = cx_metrics
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)
MODULE_big = cx_metrics

# Pure computation (no PostgreSQL calls) and the PostgreSQL glue.
CORE_OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/cx_*.c)))
GLUE_OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/pg_*.c)))
OBJS = $(CORE_OBJS) $(GLUE_OBJS)

DATA = $(wildcard sql/$(EXTENSION)--*.sql)

# Every sql/*.sql except the install and upgrade scripts is a regression test.
REGRESS = $(sort $(filter-out $(EXTENSION)--%,$(patsubst sql/%.sql,%,$(wildcard sql/*.sql))))
# The test database is UTF-8 with the C locale whatever the cluster's encoding
# (a cluster made with LANG unset is SQL_ASCII, which validates nothing).
REGRESS_OPTS = --load-extension=$(EXTENSION) --inputdir=. --encoding=UTF8 --no-locale

SHLIB_LINK = -lm
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
# `make WERROR=1` (the test suite does) turns every warning into an error.
ifdef WERROR
PG_CFLAGS += -Werror
endif
EXTRA_CLEAN = test/unit/*.o

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track header dependencies: rebuild every object when one changes.
$(OBJS): $(wildcard src/*.h)

# `make dist`: the PGXN release archive $(EXTENSION)-<version>.zip of the committed HEAD
# (git archive; .gitattributes leaves out what a release does not need). The version has
# one home, default_version in the control file (EXTVERSION above). PGXN wants SemVer, so
# the archive and META.json carry it with three parts (1.1 -> 1.1.0). META.json repeats
# it; make dist refuses to write an archive whose META.json disagrees with its control file
# (test/pgxn/check_meta.py, which also checks META.json against the PGXN Meta Spec).
DISTVERSION = $(shell echo '$(EXTVERSION)' | sed -E 's/^([0-9]+)$$/\1.0.0/; s/^([0-9]+\.[0-9]+)$$/\1.0/')
DISTNAME = $(EXTENSION)-$(DISTVERSION)
PYTHON3 ?= /usr/bin/python3

.PHONY: dist
dist:
	@git rev-parse -q --verify HEAD >/dev/null && [ -z "$$(git rev-parse --show-prefix)" ] || \
		{ echo "make dist: run it at the top of a git checkout with a commit" >&2; exit 1; }
	@git cat-file -e HEAD:META.json 2>/dev/null || { echo "make dist: META.json is not committed" >&2; exit 1; }
	@git diff --quiet HEAD -- || echo "make dist: uncommitted changes are left out: the archive is HEAD ($$(git rev-parse --short HEAD))" >&2
	rm -f $(DISTNAME).zip
	git archive --format=zip --prefix=$(DISTNAME)/ --output=$(DISTNAME).zip HEAD
	@$(PYTHON3) test/pgxn/check_meta.py $(DISTNAME).zip || { rm -f $(DISTNAME).zip; exit 1; }
