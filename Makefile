# cx_metrics: customer-experience metrics as PostgreSQL aggregates (PGXS build)

EXTENSION = cx_metrics
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)
MODULE_big = cx_metrics

# Pure computation (no PostgreSQL calls) and the PostgreSQL glue.
CORE_OBJS = src/cx_hist.o src/cx_packed.o src/cx_summary_text.o src/cx_summary_wire.o \
	src/cx_churn.o src/cx_csi.o src/cx_stats.o
GLUE_OBJS = src/pg_state.o src/pg_score_summary.o src/pg_summary_aggs.o \
	src/pg_count_aggs.o src/pg_churn.o src/pg_csi.o src/pg_stats.o
OBJS = $(CORE_OBJS) $(GLUE_OBJS)

DATA = $(wildcard sql/$(EXTENSION)--*.sql)

# Every sql/*.sql except the install and upgrade scripts is a regression test.
REGRESS = $(sort $(filter-out $(EXTENSION)--%,$(patsubst sql/%.sql,%,$(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION) --inputdir=.

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
