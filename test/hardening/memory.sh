#!/bin/bash
# Hardening: transition-state memory of every cx_metrics aggregate with one
# million groups (issue "hardening": "a check that a 1-million-group aggregate
# stays within its declared transition space").
#
# Run inside a cluster given by the PG* variables, as a superuser:
#   pg_virtualenv -t bash test/hardening/memory.sh
# Environment: CX_MEM_GROUPS (default 1000000), CX_MEM_ROWS_PER_GROUP (default 2).
#
# For each aggregate it runs, with HashAggregate forced and room enough not to
# spill (enable_sort = off, work_mem = 2GB, no parallel workers, no JIT):
#   EXPLAIN (ANALYZE, FORMAT JSON)
#   SELECT i % GROUPS, agg(<args from i>) FROM generate_series(1, GROUPS * ROWS) i GROUP BY 1
# and reads the HashAggregate node's "Peak Memory Usage" (kB). The same query
# with count(*) is the baseline: it has the same hash table (keys, buckets,
# per-group bookkeeping) and a by-value state, so
#   state bytes per group = (peak(agg) - peak(count(*))) * 1024 / GROUPS
# is what the aggregate's own transition values cost, allocator overhead
# included. Peak memory is counted in allocated blocks of up to 8 MB, so with
# 1M groups the figure has a resolution of about 8 bytes per group.
#
# It also prints, per aggregate:
#   - datum: the average size (pg_column_size) of the final transition value,
#     computed by a temporary aggregate with the same SFUNC, STYPE and INITCOND
#     and no final function (on a tenth of the groups): the "approximate
#     average size of the state value" that CREATE AGGREGATE's SSPACE means.
#   - alloc model: 16 + the power of two AllocSet rounds that datum up to, i.e.
#     what the state costs if it is allocated once at its exact size.
#   - planner: the transition space the planner assumes, read from EXPLAIN
#     without ANALYZE: on an ANALYZEd probe table of 100,000 groups, the
#     smallest work_mem (hash_mem_multiplier = 1) at which the HashAggregate's
#     startup cost carries no spill cost gives the planner's hash entry size
#     (work_mem * 1024 / groups); its difference from the same query with
#     count(ROW(same columns)) is the planner's transition-space estimate.
#     PostgreSQL 15 models a by-reference state as MAXALIGN(width) + 2 pointers
#     of palloc overhead + a 16-byte chunk header, where width is SSPACE when
#     declared, else the state type's average width (32 for variable length):
#     64 bytes for every cx_metrics aggregate today.
#   - a suggested SSPACE: alloc model - 32, with which the planner's estimate
#     (MAXALIGN(SSPACE) + 32) equals the alloc model; it is the datum rounded
#     up to its allocator size class, minus the 16-byte chunk header.
#
# Checks (PASS/FAIL): every measured query grouped exactly GROUPS groups in one
# batch without spilling (otherwise the figure would be meaningless), and its
# state bytes per group are at most MAX_STATE_BYTES below (the value measured
# on PostgreSQL 15.20 / cx_metrics 1.1 plus 16 bytes, two resolution steps: a
# state that moves to the next allocator size class, or that leaks a copy per
# row, fails). When an aggregate declares SSPACE, the measured state bytes must
# also stay within the planner's estimate made from it (+8 bytes resolution):
# the declaration is honest. Without SSPACE, an INFO line shows by how much
# the planner underestimates. Exits non-zero on any failure.

set -uo pipefail

NGROUPS=${CX_MEM_GROUPS:-1000000}
ROWS_PER_GROUP=${CX_MEM_ROWS_PER_GROUP:-2}
NROWS=$((NGROUPS * ROWS_PER_GROUP))

# Bounds in bytes per group of transition-state memory (peak(agg) - peak(count(*))),
# the value measured with 1M groups x 2 rows (PostgreSQL 15.20, cx_metrics 1.1)
# plus 16 bytes (two steps of the 8-byte resolution):
#   83  every state of 33..64 bytes: a 64-byte AllocSet chunk + its 16-byte header
#       (80 bytes, shown as 83 because peak memory counts whole 8 MB blocks);
#  142  churn_rate(date, date, daterange): a bigint[8] state of 88 bytes, 128 + 16;
#  226  score_summary(answer, weight): the state grows from 56 bytes (one value)
#       to 80 (two) after every group already exists, so each group holds its
#       128-byte chunk and strands its old 64-byte one on a free list no later
#       request uses (142 when a group's rows arrive together). Lower this bound
#       if the state is ever allocated with room to grow.
declare -A MAX_STATE_BYTES=(
    [nps]=96
    [nps_thresholds]=96
    [csat]=96
    [ces]=96
    [score_summary]=96
    [score_summary_weighted]=240
    [rollup]=96
    [weighted_csi]=96
    [weighted_csi_component]=96
    [churn_rate_bool]=96
    [churn_rate_date]=160
)

START=$(date +%s)
DB="cx_memory_$$"
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
q() { PGDATABASE=$DB "${PSQL[@]}" -At "$@"; }

"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" || die "cannot create database $DB"
cleanup() { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1; }
trap cleanup EXIT
q -c "CREATE EXTENSION cx_metrics" || die "CREATE EXTENSION cx_metrics failed"

echo "memory: $NGROUPS groups x $ROWS_PER_GROUP rows, HashAggregate, work_mem 2GB, enable_sort off"

# name | aggregate (regprocedure) | arguments over i (measured query) | arguments over the probe table
AGGS=(
    "nps|nps(integer)|(i * 7) % 11|a"
    "nps_thresholds|nps(integer,integer,integer)|(i * 7) % 11, 9, 6|a, 9, 6"
    "csat|csat(integer)|1 + (i * 3) % 5|r"
    "ces|ces(integer)|1 + (i * 3) % 7|e"
    "score_summary|score_summary(integer)|(i * 7) % 11|a"
    "score_summary_weighted|score_summary(integer,double precision)|(i * 7) % 11, 0.5 + (i % 4) * 0.25|a, w"
    "rollup|rollup(score_summary)|(ARRAY['{1:2}', '{5:1,9:3}', '{0:1,10:4}', '{7:2}']::score_summary[])[1 + i % 4]|ss"
    "weighted_csi|weighted_csi(double precision,double precision)|1 + i % 5, 1 + i % 3|s, imp"
    "weighted_csi_component|weighted_csi(text,double precision,double precision)|(ARRAY['delivery', 'price', 'support', 'product quality', 'website'])[1 + i % 5], 1 + i % 5, 1 + i % 3|c, s, imp"
    "churn_rate_bool|churn_rate(boolean)|i % 3 = 0|f"
    "churn_rate_date|churn_rate(date,date,daterange)|date '2024-01-01' + i % 400, CASE WHEN i % 4 = 0 THEN NULL ELSE date '2024-01-01' + i % 400 + 1 + i % 300 END, daterange('2025-01-01', '2025-04-01')|sd, ed, daterange('2025-01-01', '2025-04-01')"
)

# Helpers in the database: EXPLAIN ANALYZE of a hashed aggregate, the spill
# threshold search, and the probe table for the planner's estimate.
q <<'SQL' || die "setting up helper functions failed"
CREATE FUNCTION hash_peak(query text)
RETURNS TABLE (peak_kb bigint, batches int, disk_kb bigint, groups bigint, strategy text, ms float8)
LANGUAGE plpgsql AS $$
DECLARE j json; n json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || query INTO j;
    n := j->0->'Plan';
    RETURN QUERY SELECT (n->>'Peak Memory Usage')::bigint, (n->>'HashAgg Batches')::int,
                        (n->>'Disk Usage')::bigint, (n->>'Actual Rows')::bigint,
                        n->>'Node Type' || '/' || coalesce(n->>'Strategy', ''),
                        (j->0->>'Execution Time')::float8;
END $$;

-- Startup cost of the top (hashed aggregate) node at a given work_mem, no ANALYZE.
CREATE FUNCTION startup_cost(query text, wm_kb int) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
    PERFORM set_config('work_mem', wm_kb || 'kB', true);
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO j;
    IF j->0->'Plan'->>'Strategy' IS DISTINCT FROM 'Hashed' THEN
        RAISE EXCEPTION 'not a hashed aggregate: %', j;
    END IF;
    RETURN (j->0->'Plan'->>'Startup Cost')::float8;
END $$;

-- Planner's hash entry size in bytes: the smallest work_mem (kB) without spill
-- cost, times 1024, over the planned number of groups. Resolution 1024/groups.
CREATE FUNCTION planner_entry_bytes(query text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE lo int := 64; hi int := 16777216; mid int; base float8; j json;
BEGIN
    PERFORM set_config('hash_mem_multiplier', '1', true);
    base := startup_cost(query, hi);
    IF startup_cost(query, lo) = base THEN
        RAISE EXCEPTION 'no spill cost even at work_mem = 64kB: probe table too small';
    END IF;
    WHILE hi - lo > 1 LOOP
        mid := (lo + hi) / 2;
        IF startup_cost(query, mid) = base THEN hi := mid; ELSE lo := mid; END IF;
    END LOOP;
    PERFORM set_config('work_mem', hi || 'kB', true);
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO j;
    RETURN hi * 1024.0 / (j->0->'Plan'->>'Plan Rows')::float8;
END $$;

CREATE TABLE probe AS
SELECT g, (g * 7) % 11 AS a, 1 + g % 5 AS r, 1 + g % 7 AS e, 0.5 + (g % 4) * 0.25 AS w,
       (ARRAY['{1:2}', '{5:1,9:3}']::score_summary[])[1 + g % 2] AS ss,
       (1 + g % 5)::float8 AS s, (1 + g % 3)::float8 AS imp,
       (ARRAY['delivery', 'price', 'support'])[1 + g % 3] AS c, g % 3 = 0 AS f,
       date '2024-01-01' + g % 400 AS sd, date '2024-01-01' + g % 400 + 1 + g % 300 AS ed
FROM generate_series(1, 100000) g;
ANALYZE probe;
SQL

SETTINGS="SET enable_sort = off; SET work_mem = '2GB'; SET max_parallel_workers_per_gather = 0; SET jit = off;"

measure() {    # measure ARGS-EXPRESSION-AS-SELECT-ITEM -> "peak|batches|disk|groups|strategy|ms"
    q -c "$SETTINGS" -c "SET statement_timeout = '120s'" \
      -c "SELECT concat_ws('|', peak_kb, batches, disk_kb, groups, strategy, round(ms::numeric))
          FROM hash_peak(\$q\$SELECT i % $NGROUPS, $1 FROM generate_series(1, $NROWS) i GROUP BY 1\$q\$)"
}

valid() {    # valid LABEL RESULT: the measured query hashed all groups in memory
    local label=$1 peak batches disk groups strategy ms
    IFS='|' read -r peak batches disk groups strategy ms <<<"$2"
    if [ "$strategy" = "Aggregate/Hashed" ] && [ "$batches" = 1 ] && [ "$disk" = 0 ] && [ "$groups" = "$NGROUPS" ]; then
        return 0
    fi
    fail "$label: measured query hashed $NGROUPS groups in memory" "strategy=$strategy batches=$batches disk=${disk}kB groups=$groups"
    return 1
}

base=$(measure "count(*)") || die "baseline query failed"
valid "baseline count(*)" "$base" || die "baseline is not a single in-memory HashAggregate"
IFS='|' read -r base_peak _ _ _ _ base_ms <<<"$base"
echo "baseline count(*): peak $base_peak kB = $((base_peak * 1024 / NGROUPS)) bytes/group ($base_ms ms)"

report=()
for spec in "${AGGS[@]}"; do
    IFS='|' read -r name sig args probe_args <<<"$spec"
    fn=${sig%%(*}
    res=$(measure "$fn($args)") || { fail "$name: measurement query" "psql error"; continue; }
    valid "$name" "$res" || continue
    IFS='|' read -r peak _ _ _ _ ms <<<"$res"
    state=$(( (peak - base_peak) * 1024 / NGROUPS ))
    total=$(( peak * 1024 / NGROUPS ))

    # Declared SSPACE and the average size of the final transition value.
    declared=$(q -c "SELECT aggtransspace FROM pg_aggregate WHERE aggfnoid = '$sig'::regprocedure")
    datum=$(q -c "$SETTINGS" -f - <<SQL
DO \$\$
DECLARE a record;
BEGIN
    SELECT pg_get_function_identity_arguments(aggfnoid) AS args, aggtransfn::regproc AS sfunc,
           aggtranstype::regtype AS stype, agginitval
      INTO a FROM pg_aggregate WHERE aggfnoid = '$sig'::regprocedure;
    EXECUTE format('CREATE AGGREGATE pg_temp.state_of(%s) (SFUNC = %s, STYPE = %s%s)',
                   a.args, a.sfunc, a.stype,
                   CASE WHEN a.agginitval IS NULL THEN '' ELSE format(', INITCOND = %L', a.agginitval) END);
END \$\$;
SELECT round(avg(sz), 1) || '|' || round(avg(16 + 2 ^ ceil(log(2, greatest(sz, 8))))) FROM (
    SELECT pg_column_size(pg_temp.state_of($args)) AS sz
    FROM generate_series(1, $NROWS / 10) i GROUP BY i % ($NGROUPS / 10)) s;
SQL
)
    IFS='|' read -r datum_avg alloc_model <<<"$datum"

    # Planner's transition-space assumption: entry size of agg minus that of count() on the same columns.
    planner=$(q -c "SET enable_sort = off; SET max_parallel_workers_per_gather = 0; SET jit = off" -f - <<SQL
SELECT round((planner_entry_bytes(\$p\$SELECT g, $fn($probe_args) FROM probe GROUP BY g\$p\$)
            - planner_entry_bytes(\$p\$SELECT g, count(ROW($probe_args)) FROM probe GROUP BY g\$p\$))::numeric)
SQL
)
    # A state that outgrows its AllocSet size class after every group exists
    # leaves its old chunk on a free list no later request of that class uses.
    # Show how much of the figure that is: the same aggregate with each group's
    # rows consecutive (GROUP BY i / ROWS), where the next group reuses it.
    consecutive=""
    if [ -n "$alloc_model" ] && [ "$state" -gt $((alloc_model + 16)) ]; then
        res2=$(q -c "$SETTINGS" -c "SELECT (peak_kb - $base_peak) * 1024 / $NGROUPS FROM hash_peak(\$q\$SELECT i / $ROWS_PER_GROUP, $fn($args) FROM generate_series(0, $NROWS - 1) i GROUP BY 1\$q\$)")
        consecutive=" (rows of a group consecutive: $res2)"
    fi
    bound=${MAX_STATE_BYTES[$name]}
    printf '%-24s total %4d B/group, state %4d B/group%s | datum %5s B, alloc model %s | planner assumes %s (sspace %s) | %s ms\n' \
        "$name" "$total" "$state" "$consecutive" "$datum_avg" "$alloc_model" "$planner" "$declared" "$ms"
    report+=("$(printf '%-24s %5d %7s %7s %5d' "$name" "$state" "$datum_avg" "$planner" $((alloc_model - 32)))")
    if [ "$state" -le "$bound" ]; then
        pass "$name: $state bytes/group of transition state <= bound $bound"
    else
        fail "$name: $state bytes/group of transition state <= bound $bound"
    fi
    if [ "$declared" -gt 0 ]; then
        # Declared: the planner's estimate with it must not be exceeded (+8 resolution).
        if [ -n "$planner" ] && [ "$state" -le $((planner + 8)) ]; then
            pass "$name: $state bytes/group within the planner's estimate $planner from its declared SSPACE $declared"
        else
            fail "$name: $state bytes/group within the planner's estimate ${planner:-?} from its declared SSPACE $declared"
        fi
    elif [ -n "$planner" ] && [ "$state" -gt $((planner + 8)) ]; then
        echo "INFO  $name: no SSPACE declared; the planner assumes $planner bytes/group, $((state - planner)) fewer than measured"
    fi
done

echo
echo "summary, bytes per group: measured state, average state datum, the planner's assumption,"
echo "and the SSPACE that makes the planner's estimate, MAXALIGN(sspace) + 32, equal the cost of the"
echo "state allocated at its exact size (alloc model - 32):"
printf '  %-24s %5s %7s %7s %5s\n' aggregate state datum planner sspace
printf '  %s\n' "${report[@]}"
echo "memory: $passed passed, $failed failed ($(( $(date +%s) - START )) s)"
[ "$failed" -eq 0 ]
