#!/bin/bash
# cx_metrics sharded with postgres_fdw, tested for real (issue 6).
#
# Starts three throwaway PostgreSQL 15 clusters (a coordinator and two shards)
# in a private temporary directory, installs cx_metrics on each, and splits the
# sample data (test/data/sample.sql) over the shards:
#   responses          partitioned by channel    app, web, phone -> shard1; email, store -> shard2
#   customers          partitioned by segment    consumer -> shard1; business, enterprise -> shard2
#   component_ratings  partitioned by component  delivery, price, support -> shard1; the rest -> shard2
# Every partition on the coordinator is a postgres_fdw foreign table whose
# server has OPTIONS (extensions 'cx_metrics'). The coordinator also keeps a
# single-node copy of the same data (schema ref), the reference for every check.
# The distributed responses table has one more column, month (the UTC month of
# responded_at, stored at load): PostgreSQL 15's postgres_fdw cannot ship
# date_trunc('month', ...) (see the controls), so grouping by month on the
# shards needs a stored column.
#
# Checks, one PASS/FAIL line each:
#   - grouped by the partition key, nps, csat, ces, score_summary, churn_rate
#     and weighted_csi run on the shards: the aggregate is in EXPLAIN VERBOSE's
#     Remote SQL and no Aggregate node runs on the coordinator; the results
#     equal the single-node ones; negative controls (no extensions option,
#     enable_partitionwise_aggregate off, expressions PG15 does not ship) are
#     not pushed down and still give the single-node result;
#   - not grouped by the partition key, PostgreSQL 15 does not push partial
#     aggregates to the shards (documented behaviour, and the result is right);
#   - two-step: per-shard score_summary pushed down, merged with rollup on the
#     coordinator, equals the single-node result for every accessor, in total
#     and per month, and agrees with plain-SQL count(*) FILTER formulas;
#   - a shard that is down gives an error (SQLSTATE 08001), never a partial
#     answer, for a new session and for one with a cached connection;
#   - Citus prerequisites (test/distributed/states.sql): every aggregate has a
#     combine function and a non-internal state whose text form reads back
#     exactly; partial states combined after a text (and a binary COPY) round
#     trip give the direct result;
#   - the SQL examples of docs/sharding.md and docs/citus.md run, and the Remote SQL lines it
#     shows are the ones the server prints.
#
# Usage: bash test/distributed/run.sh        (as root or as any user; needs the
# extension installed, PostgreSQL 15 with postgres_fdw, i.e. package postgresql-15)
# Environment: CX_DIST_DESTDIR=DIR uses the extension staged there by
# `make install DESTDIR=DIR` (Debian's extension_destdir setting) instead of
# the one installed in PostgreSQL's directories;
# CX_DIST_KEEP=1 keeps the clusters' directory (logs) for a look;
# CX_DIST_PLANS=FILE writes the EXPLAIN outputs there.
# Exits non-zero if any check fails. The clusters are always stopped and removed.

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
command -v pg_config >/dev/null || { echo "FATAL: pg_config not found (Debian package postgresql-server-dev-15)" >&2; exit 2; }
PGBIN=$(pg_config --bindir)
SHAREDIR=$(pg_config --sharedir)
START_TIME=$(date +%s)

passed=0
failed=0
failed_names=()
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1${2:+ -- $2}"; failed=$((failed + 1)); failed_names+=("$1"); }
die() { echo "FATAL: $*" >&2; exit 2; }    # the EXIT trap still removes the clusters

for f in "$PGBIN/initdb" "$PGBIN/pg_ctl" "$PGBIN/psql" "$SHAREDIR/extension/postgres_fdw.control"; do
    [ -e "$f" ] || die "missing $f (Debian package postgresql-15)"
done
DESTDIR=${CX_DIST_DESTDIR:-}
[ -z "$DESTDIR" ] || DESTDIR=$(cd "$DESTDIR" && pwd) || die "CX_DIST_DESTDIR: no directory $CX_DIST_DESTDIR"
[ -e "$DESTDIR$SHAREDIR/extension/cx_metrics.control" ] ||
    die "cx_metrics is not installed in $DESTDIR$SHAREDIR (make install${DESTDIR:+ DESTDIR=$DESTDIR})"

# ---------------------------------------------------------------------------
# Three clusters in a private directory, Unix sockets only (no TCP port is
# opened, so nothing clashes with other clusters on the machine).
# PostgreSQL refuses to run as root: as root, the servers run as postgres.
# ---------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cx_dist.XXXXXX") || die "mktemp failed"
SOCK=$WORK/sock
NODES=(coord shard1 shard2)
declare -A PORT
base=$((20000 + RANDOM % 20000))
PORT[coord]=$base
PORT[shard1]=$((base + 1))
PORT[shard2]=$((base + 2))
DB=cxtest

if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the postgres user (package postgresql-common)"
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi

node_dir() { echo "$WORK/$1"; }

cleanup() {
    local rc=$?
    local n pid
    for n in "${NODES[@]}"; do
        if [ -f "$(node_dir "$n")/postmaster.pid" ]; then
            "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$(node_dir "$n")" -m immediate -w -t 30 stop >/dev/null 2>&1
            # pg_ctl failed (should not happen): stop this postmaster by its own pid
            if [ -f "$(node_dir "$n")/postmaster.pid" ]; then
                pid=$(head -1 "$(node_dir "$n")/postmaster.pid")
                [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null
            fi
        fi
    done
    if [ "${CX_DIST_KEEP:-0}" = 1 ]; then
        echo "clusters' directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "interrupted: stopping the clusters" >&2; exit 130' INT
trap 'echo "terminated: stopping the clusters" >&2; exit 143' TERM

mkdir -p "$SOCK"
[ ${#AS_PG[@]} -gt 0 ] && chown -R postgres: "$WORK"

start_node() {
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$(node_dir "$1")" -l "$WORK/$1.log" -w -t 60 start >/dev/null
}

init_node() {
    local n=$1
    "${AS_PG[@]}" "$PGBIN/initdb" -D "$(node_dir "$n")" -U postgres -A trust -E UTF8 --locale=C -N \
        >"$WORK/$n.initdb.log" 2>&1 || return 1
    cat >>"$(node_dir "$n")/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$SOCK'
port = ${PORT[$n]}
max_connections = 20
shared_buffers = 16MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
TimeZone = 'UTC'
EOF
    [ -z "$DESTDIR" ] || echo "extension_destdir = '$DESTDIR'" >>"$(node_dir "$n")/postgresql.conf"
}

echo "==> starting coordinator and two shards in $WORK (sockets only; ports ${PORT[coord]}, ${PORT[shard1]}, ${PORT[shard2]})"
pids=()
for n in "${NODES[@]}"; do init_node "$n" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || die "initdb failed: $(cat "$WORK"/*.initdb.log | tail -5)"; done
for n in "${NODES[@]}"; do start_node "$n" || die "$n did not start: $(tail -5 "$WORK/$n.log")"; done

# psql on a node: q NODE [psql arguments...]; ON_ERROR_STOP, no psqlrc.
q() {
    local n=$1
    shift
    (cd "$ROOT" && "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "${PORT[$n]}" -U postgres -d "${QDB:-$DB}" "$@")
}

for n in "${NODES[@]}"; do
    QDB=postgres q "$n" -c "CREATE DATABASE $DB" || die "CREATE DATABASE on $n"
    q "$n" -c "CREATE EXTENSION cx_metrics" || die "CREATE EXTENSION cx_metrics on $n"
done

# ---------------------------------------------------------------------------
# Shards: one plain table per partition, with a CHECK that only its rows land there.
# ---------------------------------------------------------------------------
# table|key|value|suffix|shard
PARTITIONS=(
    "responses|channel|app|app|shard1"
    "responses|channel|web|web|shard1"
    "responses|channel|phone|phone|shard1"
    "responses|channel|email|email|shard2"
    "responses|channel|store|store|shard2"
    "customers|segment|consumer|consumer|shard1"
    "customers|segment|business|business|shard2"
    "customers|segment|enterprise|enterprise|shard2"
    "component_ratings|component|delivery|delivery|shard1"
    "component_ratings|component|price|price|shard1"
    "component_ratings|component|support|support|shard1"
    "component_ratings|component|product quality|product_quality|shard2"
    "component_ratings|component|website|website|shard2"
)
declare -A COLUMNS=(
    [responses]="response_id integer PRIMARY KEY, customer_id integer NOT NULL, responded_at timestamptz NOT NULL, channel text NOT NULL, answer smallint, rating smallint, effort smallint, month date NOT NULL"
    [customers]="customer_id integer PRIMARY KEY, segment text NOT NULL, started_at date NOT NULL, ended_at date"
    [component_ratings]="response_id integer NOT NULL, component text NOT NULL, satisfaction smallint NOT NULL, importance smallint NOT NULL"
)

declare -A SHARD_SQL
COORD_SQL=""
for t in responses customers component_ratings; do
    key=""
    for p in "${PARTITIONS[@]}"; do
        IFS='|' read -r pt pk _ _ _ <<<"$p"
        [ "$pt" = "$t" ] && key=$pk
    done
    extra=""
    [ "$t" = responses ] && extra=", month date NOT NULL"
    COORD_SQL+="CREATE TABLE public.$t (LIKE ref.$t$extra) PARTITION BY LIST ($key);"$'\n'
done
for p in "${PARTITIONS[@]}"; do
    IFS='|' read -r t key value suffix shard <<<"$p"
    SHARD_SQL[$shard]+="CREATE TABLE public.${t}_$suffix (${COLUMNS[$t]}, CHECK ($key = '$value'));"$'\n'
    COORD_SQL+="CREATE FOREIGN TABLE public.${t}_$suffix PARTITION OF public.$t FOR VALUES IN ('$value') SERVER $shard;"$'\n'
done
for s in shard1 shard2; do
    q "$s" -c "${SHARD_SQL[$s]}" || die "creating the tables on $s"
done

# ---------------------------------------------------------------------------
# Coordinator: the single-node reference copy (schema ref), the servers, the
# partitioned tables of foreign tables, then the data routed to the shards.
# ---------------------------------------------------------------------------
echo "==> loading test/data/sample.sql (single-node copy in schema ref) and routing it to the shards"
q coord -c "CREATE SCHEMA ref" || die "CREATE SCHEMA ref"
PGOPTIONS="-c search_path=ref,public" q coord -f test/data/sample.sql >/dev/null || die "loading sample.sql"
q coord >/dev/null <<EOF || die "setting up the coordinator"
CREATE EXTENSION postgres_fdw;
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$SOCK', port '${PORT[shard1]}', dbname '$DB', extensions 'cx_metrics', batch_size '500', async_capable 'true');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$SOCK', port '${PORT[shard2]}', dbname '$DB', extensions 'cx_metrics', batch_size '500', async_capable 'true');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user 'postgres');
$COORD_SQL
INSERT INTO public.customers SELECT * FROM ref.customers;
INSERT INTO public.responses SELECT r.*, date_trunc('month', r.responded_at AT TIME ZONE 'UTC')::date FROM ref.responses r;
INSERT INTO public.component_ratings SELECT * FROM ref.component_ratings;
ALTER DATABASE $DB SET enable_partitionwise_aggregate = on;
EOF
for s in shard1 shard2; do q "$s" -c "ANALYZE" || die "ANALYZE on $s"; done
q coord -c "ANALYZE ref.responses, ref.customers, ref.component_ratings, public.responses, public.customers, public.component_ratings" ||
    die "ANALYZE on the coordinator"
echo "==> set up in $(($(date +%s) - START_TIME)) s"
echo

# ---------------------------------------------------------------------------
# Check helpers
# ---------------------------------------------------------------------------
# sql_checks: runs SQL on the coordinator that returns rows (name, ok, detail);
# one PASS/FAIL line per row. A failing query is one FAIL named by $1.
sql_checks() {
    local what=$1 sql=$2 out line name ok detail
    if ! out=$(q coord -At -F $'\t' -c "$sql" 2>&1); then
        fail "$what" "$(tail -3 <<<"$out" | tr '\n' ' ')"
        return
    fi
    [ -n "$out" ] || { fail "$what" "no rows"; return; }
    while IFS=$'\t' read -r name ok detail; do
        if [ "$ok" = t ]; then pass "$name"; else fail "$name" "$detail"; fi
    done <<<"$out"
}

# same_rows NAME DIST_QUERY REF_QUERY: the two queries return the same multiset
# of rows (compared as text; float8 text is the shortest exact form, so this is
# bit-for-bit), and at least one row.
same_rows() {
    local name=$1 dist=$2 ref=$3 lit
    lit=${1//\'/\'\'}
    sql_checks "$name" "
WITH cx_d AS MATERIALIZED ($dist), cx_r AS MATERIALIZED ($ref),
     dt AS (SELECT cx_d::text AS row FROM cx_d), rt AS (SELECT cx_r::text AS row FROM cx_r),
     diff AS ((SELECT 'distributed ' || row AS row FROM (SELECT row FROM dt EXCEPT ALL SELECT row FROM rt) a)
              UNION ALL
              (SELECT 'single-node ' || row FROM (SELECT row FROM rt EXCEPT ALL SELECT row FROM dt) b))
SELECT '$lit', (SELECT count(*) FROM diff) = 0 AND (SELECT count(*) FROM rt) > 0,
       (SELECT count(*) FROM rt) || ' single-node rows; differing: ' || coalesce((SELECT left(string_agg(row, '; '), 400) FROM diff), 'none')"
}

PLANS=$WORK/plans.txt
: >"$PLANS"
explain() {
    # explain NAME QUERY [SET ...]: EXPLAIN (VERBOSE, COSTS OFF) on the coordinator
    local name=$1 query=$2 settings=${3:-} plan
    plan=$(q coord -At -c "$settings EXPLAIN (VERBOSE, COSTS OFF) $query" 2>&1) || { echo "ERROR: $plan"; return 1; }
    { echo "-- $name"; echo "$query;"; echo "$plan"; echo; } >>"$PLANS"
    echo "$plan"
}

# Plan nodes that aggregate on the coordinator itself.
LOCAL_AGG='^[[:space:]]*(->[[:space:]]+)?(Partial |Finalize )?(Hash|Group|Mixed)?Aggregate([[:space:]]|$)'

# pushdown NAME AGG_REGEX NPARTS QUERY: every one of the NPARTS foreign scans
# sends the aggregate in its Remote SQL (with a GROUP BY) and nothing is
# aggregated locally.
pushdown() {
    local name=$1 agg=$2 nparts=$3 query=$4 plan nremote nlocal
    plan=$(explain "$name" "$query") || { fail "$name" "$plan"; return; }
    nremote=$(grep -cE "Remote SQL: SELECT .*${agg}.* GROUP BY " <<<"$plan")
    nlocal=$(grep -cE "$LOCAL_AGG" <<<"$plan")
    if [ "$nremote" -eq "$nparts" ] && [ "$nlocal" -eq 0 ]; then
        pass "$name"
    else
        fail "$name" "$nremote of $nparts Remote SQL carry the aggregate, $nlocal local Aggregate nodes"
        sed 's/^/      | /' <<<"$plan"
    fi
}

# not_pushed NAME AGG_REGEX QUERY [SETTINGS]: no Remote SQL carries the
# aggregate and the coordinator aggregates.
not_pushed() {
    local name=$1 agg=$2 query=$3 settings=${4:-} plan nremote nlocal
    plan=$(explain "$name" "$query" "$settings") || { fail "$name" "$plan"; return; }
    nremote=$(grep -cE "Remote SQL: .*${agg}" <<<"$plan")
    nlocal=$(grep -cE "$LOCAL_AGG" <<<"$plan")
    if [ "$nremote" -eq 0 ] && [ "$nlocal" -gt 0 ]; then
        pass "$name"
    else
        fail "$name" "$nremote Remote SQL carry the aggregate, $nlocal local Aggregate nodes"
        sed 's/^/      | /' <<<"$plan"
    fi
}

# ---------------------------------------------------------------------------
echo "== data split over the shards"
# ---------------------------------------------------------------------------
for t in responses customers component_ratings; do
    declare -A count_sql=()
    for p in "${PARTITIONS[@]}"; do
        IFS='|' read -r pt _ _ suffix shard <<<"$p"
        [ "$pt" = "$t" ] && count_sql[$shard]+="${count_sql[$shard]:+ + }(SELECT count(*) FROM public.${t}_$suffix)"
    done
    n1=$(q shard1 -At -c "SELECT ${count_sql[shard1]}")
    n2=$(q shard2 -At -c "SELECT ${count_sql[shard2]}")
    nref=$(q coord -At -c "SELECT count(*) FROM ref.$t")
    unset count_sql
    if [ -n "$n1" ] && [ -n "$n2" ] && [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ $((n1 + n2)) -eq "$nref" ]; then
        pass "$t: shard1 holds $n1 rows, shard2 $n2, together the $nref of the single-node copy"
    else
        fail "$t split" "shard1 '$n1', shard2 '$n2', single node '$nref'"
    fi
done
same_rows "responses read back through the coordinator = single-node copy" \
    "SELECT response_id, customer_id, responded_at, channel, answer, rating, effort FROM public.responses" "SELECT * FROM ref.responses"

# ---------------------------------------------------------------------------
echo
echo "== aggregates grouped by the partition key run on the shards"
# ---------------------------------------------------------------------------
# name | aggregate regex in Remote SQL | partitions | select list | table | key
PUSHDOWN_CASES=(
    "nps(answer)|public\.nps\(|5|nps(answer)|responses|channel"
    "nps(answer, 8, 5)|public\.nps\(answer, 8, 5\)|5|nps(answer, 8, 5)|responses|channel"
    "csat(rating)|public\.csat\(|5|csat(rating)|responses|channel"
    "csat(rating, 3)|public\.csat\(rating, 3\)|5|csat(rating, 3)|responses|channel"
    "ces(effort)|public\.ces\(|5|ces(effort)|responses|channel"
    "score_summary(answer)|public\.score_summary\(|5|score_summary(answer)::text|responses|channel"
    "score_summary(answer, weight)|public\.score_summary\(answer, |5|score_summary(answer, 0.5 * (1 + response_id % 4))::text|responses|channel"
    "churn_rate(started_at, ended_at, period)|public\.churn_rate\(|3|churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'))|customers|segment"
    "churn_rate(boolean)|public\.churn_rate\(|3|churn_rate(ended_at IS NOT NULL)|customers|segment"
    "weighted_csi(satisfaction, importance)|public\.weighted_csi\(|5|weighted_csi(satisfaction, importance)|component_ratings|component"
    "weighted_csi(component, satisfaction, importance)|public\.weighted_csi\(component|5|weighted_csi(component, satisfaction, importance)|component_ratings|component"
)
# 2.0: the key-driver aggregate and the functions that take summaries ship
# with the aggregates they are applied to.
DRIVERS="driver_summary(answer::float8, ARRAY[rating, effort]::float8[])"
PROMOTED="score_summary(answer) FILTER (WHERE rating >= 4)"
PUSHDOWN_CASES+=(
    "driver_summary(answer, ARRAY[rating, effort])|public\\.driver_summary\\(|5|$DRIVERS::text|responses|channel"
    "driver_r2, relative_weights, driver_betas of driver_summary|public\\.driver_r2\\(public\\.driver_summary\\(|5|driver_r2($DRIVERS), relative_weights($DRIVERS), driver_betas($DRIVERS), driver_correlations($DRIVERS), driver_means($DRIVERS), outcome_mean($DRIVERS), responses($DRIVERS)|responses|channel"
    "score_summary_subtract(score_summary, score_summary)|public\\.score_summary_subtract\\(|5|nps(score_summary_subtract(score_summary(answer), $PROMOTED)), responses(score_summary_subtract(score_summary(answer), $PROMOTED))|responses|channel"
    "at_least(score_summary, 100)|public\\.at_least\\(|5|nps(at_least(score_summary(answer), 100)), at_least(score_summary(answer), 100)::text|responses|channel"
    "nps_prob_greater(score_summary, score_summary)|public\\.nps_prob_greater\\(|5|nps_prob_greater($PROMOTED, score_summary_subtract(score_summary(answer), $PROMOTED))|responses|channel"
    "csat_prob_greater(score_summary, score_summary, satisfied_min => 5)|public\\.csat_prob_greater\\(|5|csat_prob_greater(score_summary(rating) FILTER (WHERE answer >= 9), score_summary(rating), satisfied_min => 5)|responses|channel"
)
for c in "${PUSHDOWN_CASES[@]}"; do
    IFS='|' read -r name agg nparts expr table key <<<"$c"
    query="SELECT $key, $expr FROM public.$table GROUP BY $key"
    pushdown "pushdown: $name GROUP BY $key is in the Remote SQL of all $nparts partitions" "$agg" "$nparts" "$query"
    same_rows "result: $name GROUP BY $key = single node" "$query" "SELECT $key, $expr FROM ref.$table GROUP BY $key"
done
# nps_low and nps_high take a text argument, method (also when it is left to
# its default): PostgreSQL 15's postgres_fdw ships no function call with a
# text constant (the constant's collation, as churn_rate's basis below), so
# the shards compute the summaries and the coordinator the interval from
# them.  Reported as such; the result must equal the single node's.
for m in "" ", method => 'score'"; do
    SCORE_QUERY="SELECT channel, nps_low(score_summary(answer)$m), nps_high(score_summary(answer), 0.9$m) FROM public.responses GROUP BY channel"
    plan=$(explain "nps_low/nps_high(score_summary(answer)$m)" "$SCORE_QUERY")
    if grep -qE "Remote SQL: SELECT .*public\.nps_low\(" <<<"$plan"; then
        pass "pushdown: nps_low/nps_high(score_summary(answer)$m) ship whole to the shards"
    elif [ "$(grep -cE 'Remote SQL: SELECT .*public\.score_summary\(answer\).* GROUP BY ' <<<"$plan")" -eq 5 ] &&
         [ "$(grep -cE "$LOCAL_AGG" <<<"$plan")" -eq 0 ]; then
        pass "pushdown: nps_low/nps_high(score_summary(answer)$m): PG15 ships score_summary(answer) to all 5 partitions, the interval runs on the coordinator (text argument)"
    else
        fail "pushdown: nps_low/nps_high(score_summary(answer)$m)" "$(tr '\n' ' ' <<<"$plan" | cut -c1-400)"
    fi
    same_rows "result: nps_low/nps_high(score_summary(answer)$m) GROUP BY channel = single node" \
        "$SCORE_QUERY" "${SCORE_QUERY/public.responses/ref.responses}"
done

pushdown "pushdown: nps, csat, ces, score_summary in one query, GROUP BY channel, month" \
    "public\.nps\(answer\), public\.csat\(rating\), public\.ces\(effort\), public\.score_summary\(answer\)" 5 \
    "SELECT channel, month, nps(answer), csat(rating), ces(effort), score_summary(answer) FROM public.responses GROUP BY channel, month"
REF_MONTH="date_trunc('month', responded_at AT TIME ZONE 'UTC')::date"
same_rows "result: nps, csat, ces, score_summary GROUP BY channel, month = single node" \
    "SELECT channel, month, nps(answer), csat(rating), ces(effort), score_summary(answer)::text FROM public.responses GROUP BY channel, month" \
    "SELECT channel, $REF_MONTH, nps(answer), csat(rating), ces(effort), score_summary(answer)::text FROM ref.responses GROUP BY 1, 2"

echo
echo "== negative controls (the pushdown checks can fail)"
q coord >/dev/null <<EOF || die "creating the control server"
CREATE SERVER shard1_plain FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '$SOCK', port '${PORT[shard1]}', dbname '$DB');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1_plain OPTIONS (user 'postgres');
CREATE TABLE public.responses_plain (LIKE ref.responses) PARTITION BY LIST (channel);
CREATE FOREIGN TABLE public.responses_plain_app PARTITION OF public.responses_plain FOR VALUES IN ('app')
    SERVER shard1_plain OPTIONS (table_name 'responses_app');
EOF
not_pushed "control: a server without OPTIONS (extensions 'cx_metrics') does not ship nps()" 'nps\(' \
    "SELECT channel, nps(answer) FROM public.responses_plain GROUP BY channel"
same_rows "control: ... and the coordinator computes the same nps from the fetched rows" \
    "SELECT channel, nps(answer) FROM public.responses_plain GROUP BY channel" \
    "SELECT channel, nps(answer) FROM ref.responses WHERE channel = 'app' GROUP BY channel"
not_pushed "control: with enable_partitionwise_aggregate = off nothing is pushed down" 'nps\(' \
    "SELECT channel, nps(answer) FROM public.responses GROUP BY channel" "SET enable_partitionwise_aggregate = off;"
not_pushed "control: GROUP BY date_trunc('month', responded_at) (STABLE: depends on TimeZone) is not shipped" 'nps\(' \
    "SELECT channel, date_trunc('month', responded_at) AS month, nps(answer) FROM public.responses GROUP BY 1, 2"
not_pushed "control: GROUP BY date_trunc('month', responded_at AT TIME ZONE 'UTC') is not shipped either (PG15: a text constant's collation)" 'nps\(' \
    "SELECT channel, date_trunc('month', responded_at AT TIME ZONE 'UTC') AS month, nps(answer) FROM public.responses GROUP BY 1, 2"

not_pushed "control: churn_rate(..., 'average') is not shipped (PG15: a text constant's collation), the coordinator computes it" 'churn_rate\(' \
    "SELECT segment, churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-07-01'), 'average') FROM public.customers GROUP BY segment"
same_rows "control: ... with the same result as the single node" \
    "SELECT segment, churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-07-01'), 'average') FROM public.customers GROUP BY segment" \
    "SELECT segment, churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-07-01'), 'average') FROM ref.customers GROUP BY segment"

echo
echo "== not grouped by the partition key: PostgreSQL 15 has no partial-aggregate pushdown"
not_pushed "PG15: nps(answer) over all shards fetches rows, aggregates on the coordinator" 'nps\(' \
    "SELECT nps(answer) FROM public.responses"
not_pushed "PG15: nps(answer) GROUP BY month (a column, but not the partition key) aggregates on the coordinator" 'nps\(' \
    "SELECT month, nps(answer) FROM public.responses GROUP BY month"
same_rows "... and its result is still right: nps, csat, ces, score_summary over all shards = single node" \
    "SELECT nps(answer), csat(rating), ces(effort), score_summary(answer)::text FROM public.responses" \
    "SELECT nps(answer), csat(rating), ces(effort), score_summary(answer)::text FROM ref.responses"

# ---------------------------------------------------------------------------
echo
echo "== two-step cross-shard metrics: per-shard score_summary pushed down, rollup on the coordinator"
# ---------------------------------------------------------------------------
# The per-partition summaries are computed on the shards (GROUP BY channel,
# the partition key); the coordinator merges them with rollup().
WEIGHT="0.5 * (1 + response_id % 4)"     # dyadic weights: every weight sum is exact in binary
SHARD1_CHANNELS="('app', 'web', 'phone')"
TWO_STEP_INNER="SELECT channel, score_summary(answer) AS a, score_summary(rating) AS r, score_summary(effort) AS e, score_summary(answer, $WEIGHT) AS w FROM public.responses GROUP BY channel"
TWO_STEP="SELECT rollup(a) AS a, rollup(r) AS r, rollup(e) AS e, rollup(w) AS w,
       rollup(a) FILTER (WHERE channel IN $SHARD1_CHANNELS) AS a1, rollup(r) FILTER (WHERE channel IN $SHARD1_CHANNELS) AS r1
FROM ($TWO_STEP_INNER) per_shard"
REF_SUMMARIES="SELECT score_summary(answer) AS a, score_summary(rating) AS r, score_summary(effort) AS e, score_summary(answer, $WEIGHT) AS w,
       score_summary(answer) FILTER (WHERE channel IN $SHARD1_CHANNELS) AS a1, score_summary(rating) FILTER (WHERE channel IN $SHARD1_CHANNELS) AS r1
FROM ref.responses"
pushdown "pushdown: the per-shard score_summary step runs on the shards (4 summaries per partition)" \
    "public\.score_summary\(answer\), public\.score_summary\(rating\), public\.score_summary\(effort\), public\.score_summary\(answer, " 5 \
    "$TWO_STEP_INNER"
plan=$(explain "two-step rollup" "$TWO_STEP")
if [ "$(grep -cE 'Remote SQL: SELECT .*public\.score_summary\(answer\).* GROUP BY ' <<<"$plan")" -eq 5 ] &&
   [ "$(grep -cE "$LOCAL_AGG" <<<"$plan")" -eq 1 ]; then
    pass "pushdown: the whole two-step query ships score_summary to 5 partitions and runs one rollup Aggregate locally"
else
    fail "pushdown: two-step query plan" "$(tr '\n' ' ' <<<"$plan" | cut -c1-400)"
fi

# Each accessor of the merged summaries must equal the same accessor of the
# single-node summaries and, where there is one, the direct aggregate over the
# raw rows (both bit for bit), and agree with a plain-SQL formula (1e-9).
# Columns: a answers, r ratings, e effort, w weighted answers, a1/r1 the same
# for shard1's channels only.
# name | accessor expression | direct aggregate over ref.responses, or - | formula over counts c, or -
Z=1.959963984540054   # scipy.stats.norm.ppf(0.975)
ACCESSORS=(
    "nps(s)|nps(a)|nps(answer)|100.0 * (c.prom - c.detr) / c.n"
    "nps(s, 8, 5)|nps(a, 8, 5)|nps(answer, 8, 5)|100.0 * (c.ge8 - c.le5) / c.n"
    "csat(s)|csat(r)|csat(rating)|100.0 * c.r45 / c.nr"
    "csat(s, 3)|csat(r, 3)|csat(rating, 3)|100.0 * c.r345 / c.nr"
    "ces(s)|ces(e)|ces(effort)|c.esum::float8 / c.ne"
    "mean(s)|mean(a)|-|c.asum::float8 / c.n"
    "share(s, 0, 6)|share(a, 0, 6)|-|100.0 * c.detr / c.n"
    "share(s, 9, 10)|share(a, 9, 10)|-|100.0 * c.prom / c.n"
    "responses(s)|responses(a)|count(answer)|c.n"
    "nps_moe(s)|nps_moe(a)|-|100 * $Z * sqrt((c.p + c.d - (c.p - c.d) ^ 2) / c.n)"
    "nps_low(s)|nps_low(a)|-|greatest(-100, 100 * ((c.pa - c.da) - $Z * sqrt((c.pa + c.da - (c.pa - c.da) ^ 2) / (c.n + 3))))"
    "nps_high(s)|nps_high(a)|-|least(100, 100 * ((c.pa - c.da) + $Z * sqrt((c.pa + c.da - (c.pa - c.da) ^ 2) / (c.n + 3))))"
    "nps_moe(s, promoter_min => 8, detractor_max => 5)|nps_moe(a, promoter_min => 8, detractor_max => 5)|-|-"
    "nps_low(s, 0.9, 8, 5)|nps_low(a, 0.9, 8, 5)|-|-"
    "nps_high(s, 0.99)|nps_high(a, 0.99)|-|-"
    "csat_low(s)|csat_low(r)|-|100 * (c.q + $Z ^ 2 / (2 * c.nr) - $Z * sqrt(c.q * (1 - c.q) / c.nr + $Z ^ 2 / (4.0 * c.nr * c.nr))) / (1 + $Z ^ 2 / c.nr)"
    "csat_high(s)|csat_high(r)|-|100 * (c.q + $Z ^ 2 / (2 * c.nr) + $Z * sqrt(c.q * (1 - c.q) / c.nr + $Z ^ 2 / (4.0 * c.nr * c.nr))) / (1 + $Z ^ 2 / c.nr)"
    "csat_low(s, satisfied_min => 3)|csat_low(r, satisfied_min => 3)|-|-"
    "csat_high(s, 0.99, 3)|csat_high(r, 0.99, 3)|-|-"
    "mean_low(s)|mean_low(e)|-|c.esum::float8 / c.ne - $Z * c.esd / sqrt(c.ne)"
    "mean_high(s)|mean_high(e)|-|c.esum::float8 / c.ne + $Z * c.esd / sqrt(c.ne)"
    "effective_responses(weighted s)|effective_responses(w)|-|c.sw ^ 2 / c.sw2"
    "nps(weighted s)|nps(w)|-|100 * (c.wprom - c.wdetr) / c.sw"
    "nps_low(weighted s)|nps_low(w)|-|-"
    "csat_high(weighted s, satisfied_min => 9)|csat_high(w, satisfied_min => 9)|-|-"
    "nps_test(all, shard1 channels)|nps_test(a, a1)|-|-"
    "csat_test(all, shard1 channels)|csat_test(r, r1)|-|-"
    "nps_prob_greater(all, shard1 channels)|nps_prob_greater(a, a1)|-|-"
    "csat_prob_greater(all, shard1 channels, satisfied_min => 3)|csat_prob_greater(r, r1, satisfied_min => 3)|-|-"
)
COUNTS="SELECT count(answer) AS n,
       count(*) FILTER (WHERE answer >= 9) AS prom, count(*) FILTER (WHERE answer <= 6) AS detr,
       count(*) FILTER (WHERE answer >= 8) AS ge8, count(*) FILTER (WHERE answer <= 5) AS le5,
       count(*) FILTER (WHERE answer >= 9)::float8 / count(answer) AS p,
       count(*) FILTER (WHERE answer <= 6)::float8 / count(answer) AS d,
       (count(*) FILTER (WHERE answer >= 9) + 0.75) / (count(answer) + 3) AS pa,
       (count(*) FILTER (WHERE answer <= 6) + 0.75) / (count(answer) + 3) AS da,
       sum(answer) AS asum,
       count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS r45, count(*) FILTER (WHERE rating >= 3) AS r345,
       count(*) FILTER (WHERE rating >= 4)::float8 / count(rating) AS q,
       count(effort) AS ne, sum(effort) AS esum, stddev_samp(effort)::float8 AS esd,
       sum($WEIGHT) FILTER (WHERE answer IS NOT NULL) AS sw,
       sum(($WEIGHT) ^ 2) FILTER (WHERE answer IS NOT NULL) AS sw2,
       sum($WEIGHT) FILTER (WHERE answer >= 9) AS wprom,
       sum($WEIGHT) FILTER (WHERE answer <= 6) AS wdetr
FROM ref.responses"

# The distributed two-step result is computed once into a temp table (dist),
# the single-node summaries into refs, the counts into counts.
rows=""
for c in "${ACCESSORS[@]}"; do
    IFS='|' read -r name expr direct formula <<<"$c"
    label="two-step $name = single node"
    [ "$direct" != - ] && label+=" = $direct over the rows"
    [ "$formula" != - ] && label+=" ~ SQL formula"
    [ "$direct" = - ] && direct_sql="NULL::float8" || direct_sql="(SELECT ($direct)::float8 FROM ref.responses)"
    [ "$formula" = - ] && formula_sql="NULL::float8" || formula_sql="(SELECT ($formula)::float8 FROM counts c)"
    rows+="${rows:+ UNION ALL }SELECT '$label' AS name, (SELECT $expr FROM dist)::float8 AS dist, (SELECT $expr FROM refs)::float8 AS single, $direct_sql AS direct, $formula_sql AS formula"
done
sql_checks "two-step accessors" "
CREATE TEMP TABLE dist AS $TWO_STEP;
CREATE TEMP TABLE refs AS $REF_SUMMARIES;
CREATE TEMP TABLE counts AS $COUNTS;
SELECT 'two-step merged summaries: text identical to the single-node summaries (answers, ratings, effort, weighted)',
       d.a::text = s.a::text AND d.r::text = s.r::text AND d.e::text = s.e::text AND d.w::text = s.w::text
         AND d.a1::text = s.a1::text AND d.r1::text = s.r1::text,
       'distributed ' || d.a::text || ' single node ' || s.a::text
FROM dist d, refs s;
SELECT name,
       dist IS NOT NULL AND dist = single AND (direct IS NULL OR dist = direct)
         AND (formula IS NULL OR abs(dist - formula) <= 1e-9 * greatest(1, abs(formula))),
       format('distributed %s, single node %s, direct %s, formula %s', dist, single, direct, formula)
FROM ($rows) x"

# The list above is checked against the catalog, so that an accessor added
# to the extension without a case here fails rather than going untested:
# every function whose first argument is a score_summary and that returns a
# number must appear in ACCESSORS.
listed=$(printf '%s\n' "${ACCESSORS[@]}" | cut -d'|' -f2 | grep -o '[a-z_]*(' | tr -d '(' | sort -u)
missing=$(q coord -A -t -c "
    SELECT DISTINCT p.proname FROM pg_proc p
    JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
    WHERE p.prokind = 'f' AND p.pronargs >= 1 AND p.proargtypes[0] = 'score_summary'::regtype
      AND p.prorettype IN ('float8'::regtype, 'int8'::regtype)
    ORDER BY 1" 2>&1 | grep -vxF -f <(echo "$listed") || true)
if [ -z "$missing" ]; then
    pass "every numeric accessor of score_summary in the catalog has a two-step case"
else
    fail "every numeric accessor of score_summary in the catalog has a two-step case" "missing: $(echo $missing)"
fi

# Per month: the shards build a summary per channel and month (GROUP BY the
# partition key and month); the coordinator merges the channels of each month.
ALL_ACCESSORS="nps(a), nps(a, 8, 5), csat(r), csat(r, 3), ces(e), mean(a), share(a, 0, 6), responses(a),
       nps_moe(a), nps_low(a), nps_high(a), csat_low(r), csat_high(r), mean_low(e), mean_high(e),
       effective_responses(w), nps(w), a::text, w::text"
PER_MONTH_INNER="SELECT channel, month, score_summary(answer) AS a, score_summary(rating) AS r, score_summary(effort) AS e, score_summary(answer, $WEIGHT) AS w FROM public.responses GROUP BY channel, month"
pushdown "pushdown: summaries per channel and month run on the shards" \
    "public\.score_summary\(answer\)" 5 "$PER_MONTH_INNER"
same_rows "two-step per month: every accessor of rollup over the channels = single node, for each of the 12 months" \
    "SELECT month, $ALL_ACCESSORS FROM (SELECT month, rollup(a) a, rollup(r) r, rollup(e) e, rollup(w) w FROM ($PER_MONTH_INNER) x GROUP BY month) y" \
    "SELECT month, $ALL_ACCESSORS FROM (SELECT $REF_MONTH AS month, score_summary(answer) a, score_summary(rating) r, score_summary(effort) e, score_summary(answer, $WEIGHT) w FROM ref.responses GROUP BY 1) y"
same_rows "two-step per month: nps(rollup) = nps(answer) over the raw rows of each month" \
    "SELECT month, nps(rollup(a)) FROM ($PER_MONTH_INNER) x GROUP BY month" \
    "SELECT $REF_MONTH, nps(answer) FROM ref.responses GROUP BY 1"

# ---------------------------------------------------------------------------
echo
echo "== a shard that is down"
# ---------------------------------------------------------------------------
QUERY_ALL="SELECT channel, nps(answer) FROM public.responses GROUP BY channel ORDER BY channel"
QUERY_SHARD1="SELECT channel, nps(answer) FROM public.responses WHERE channel IN ('app', 'web', 'phone') GROUP BY channel ORDER BY channel"

# Session with a cached connection to shard2: a query, then shard2 stops, then the same query.
cached_out=$WORK/cached.out
STOP_SHARD2="${AS_PG[*]} $PGBIN/pg_ctl -D $(node_dir shard2) -m fast -w -t 60 stop"
q coord -At -v VERBOSITY=verbose >"$cached_out" 2>&1 <<EOF
\set ON_ERROR_STOP 0
\set VERBOSITY verbose
\echo before:
$QUERY_ALL;
\! $STOP_SHARD2 >/dev/null
\echo after:
$QUERY_ALL;
\echo rows-after-error: :ROW_COUNT sqlstate: :SQLSTATE
EOF
after=$(sed -n '/^after:/,$p' "$cached_out")
before_rows=$(sed -n '/^before:/,/^after:/p' "$cached_out" | grep -c '|')
if [ "$before_rows" -eq 5 ] && grep -q 'ERROR:  08001: could not connect to server "shard2"' <<<"$after" &&
   ! grep -q '|' <<<"$after" && grep -q 'sqlstate: 08001' <<<"$after"; then
    pass "shard2 stopped under an open session (cached connection): 08001 could not connect to server \"shard2\", no rows"
else
    fail "shard2 down, cached connection" "$(tr '\n' ' ' <<<"$after" | cut -c1-400)"
fi

# New session, shard2 down: query needing shard2 errors, exit status non-zero, no rows.
err_out=$WORK/down.out
q coord -At -v VERBOSITY=verbose -c "$QUERY_ALL" >"$err_out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && grep -q '^ERROR:  08001: could not connect to server "shard2"' "$err_out" && ! grep -q '|' "$err_out"; then
    pass "shard2 down, new session: $(grep -m1 '^ERROR' "$err_out") (psql exit $rc, no rows)"
else
    fail "shard2 down, new session" "exit $rc: $(tr '\n' ' ' <"$err_out" | cut -c1-300)"
fi
q coord -At -v VERBOSITY=verbose -c "$TWO_STEP" >"$err_out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && grep -q '^ERROR:  08001: could not connect to server "shard2"' "$err_out" && ! grep -q '|' "$err_out"; then
    pass "shard2 down: the two-step rollup query also fails with 08001 instead of merging one shard"
else
    fail "shard2 down, two-step" "exit $rc: $(tr '\n' ' ' <"$err_out" | cut -c1-300)"
fi
# Partition pruning: a query that needs only shard1's partitions still answers.
same_rows "shard2 down: a query on shard1's channels only (pruned) still answers, = single node" \
    "$QUERY_SHARD1" "SELECT channel, nps(answer) FROM ref.responses WHERE channel IN ('app', 'web', 'phone') GROUP BY channel ORDER BY channel"
start_node shard2 || die "restarting shard2"
same_rows "shard2 back: the full query answers again, = single node" \
    "$QUERY_ALL" "SELECT channel, nps(answer) FROM ref.responses GROUP BY channel ORDER BY channel"

# ---------------------------------------------------------------------------
echo
echo "== Citus prerequisites: combine functions, non-internal states, exact text round trip"
# ---------------------------------------------------------------------------
# the full install script of the default version creates every aggregate
default_version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$ROOT/cx_metrics.control")
n_create=$(grep -cE '^CREATE AGGREGATE' "$ROOT/sql/cx_metrics--$default_version.sql")
states_out=$WORK/states.out
if q coord -At -F $'\t' -v n_create_aggregate="$n_create" -v tmpdir="$WORK" -f "$HERE/states.sql" >"$states_out" 2>&1; then
    while IFS=$'\t' read -r kind name ok detail; do
        case $kind in
            check) if [ "$ok" = t ]; then pass "$name"; else fail "$name" "$detail"; fi ;;
            info) printf '      %-62s %s\n' "$name" "$ok" ;;
            *) [ -n "$kind" ] && echo "      $kind $name $ok $detail" ;;
        esac
    done <"$states_out"
else
    fail "states.sql" "$(tail -5 "$states_out" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------------------
echo
echo "== the SQL examples of docs/sharding.md and docs/citus.md run on fresh databases"
# ---------------------------------------------------------------------------
# Blocks fenced as ```sql coordinator / shard1 / shard2 / shards run in order on
# that node (shards: both), database cx; the shards' host and port in CREATE
# SERVER are replaced by this test's. ```sql citus blocks are not run here.
# The guides docs/sharding.md and docs/citus.md, read as one document.
DOC=$WORK/guides.md
cat "$ROOT/docs/sharding.md" "$ROOT/docs/citus.md" >"$DOC"
doc_out=$WORK/doc.out
doc_ok=1
nblocks=0
for n in "${NODES[@]}"; do
    QDB=postgres q "$n" -c "CREATE DATABASE cx" || { doc_ok=0; fail "guide examples: CREATE DATABASE cx on $n"; }
done
mkdir -p "$WORK/doc"
awk -v dir="$WORK/doc" '
    /^```sql [a-z0-9]+[[:space:]]*$/ { n++; f = sprintf("%s/%03d.%s", dir, n, $2); inb = 1; printf "" > f; next }
    inb && /^```/ { inb = 0; close(f); next }
    inb { print > f }' "$DOC"
for f in "$WORK"/doc/*; do
    [ -e "$f" ] || break
    target=${f##*.}
    case $target in
        coordinator) targets=(coord) ;;
        shard1) targets=(shard1) ;;
        shard2) targets=(shard2) ;;
        shards) targets=(shard1 shard2) ;;
        *) continue ;;
    esac
    nblocks=$((nblocks + 1))
    body=$(sed -e "s|host 'shard1.example.com', port '5432'|host '$SOCK', port '${PORT[shard1]}'|" \
               -e "s|host 'shard2.example.com', port '5432'|host '$SOCK', port '${PORT[shard2]}'|" "$f")
    for n in "${targets[@]}"; do
        echo "-- block $(basename "$f") on $n" >>"$doc_out"
        if ! QDB=cx q "$n" -v VERBOSITY=verbose <<<"$body" >>"$doc_out" 2>&1; then
            doc_ok=0
            fail "guide example block $(basename "$f") on $n" "$(tail -3 "$doc_out" | tr '\n' ' ')"
        fi
    done
done
if [ "$nblocks" -gt 0 ] && [ "$doc_ok" = 1 ]; then
    pass "guide examples: $nblocks sql blocks of $(basename "$DOC") ran on the three clusters"
elif [ "$nblocks" -eq 0 ]; then
    fail "guide examples" "no \`\`\`sql coordinator/shard blocks found in $DOC"
fi
# ```sql citus blocks: Citus is not in Debian; they run on plain PostgreSQL with
# Citus's create_distributed_table / create_reference_table stubbed as no-ops,
# which checks everything in them but the distribution itself.
ncitus=0
citus_ok=1
QDB=postgres q coord -c "CREATE DATABASE citus_stub" || citus_ok=0
QDB=citus_stub q coord >/dev/null <<'EOF' || citus_ok=0
CREATE FUNCTION public.create_distributed_table(table_name regclass, distribution_column text,
    colocate_with text DEFAULT 'default') RETURNS void LANGUAGE sql AS '';
CREATE FUNCTION public.create_reference_table(table_name regclass) RETURNS void LANGUAGE sql AS '';
EOF
[ "$citus_ok" = 1 ] || fail "guide Citus blocks: creating the stub database"
for f in "$WORK"/doc/*.citus; do
    [ -e "$f" ] || break
    ncitus=$((ncitus + 1))
    echo "-- block $(basename "$f") on citus_stub" >>"$doc_out"
    if ! QDB=citus_stub q coord -v VERBOSITY=verbose -f "$f" >>"$doc_out" 2>&1; then
        citus_ok=0
        fail "guide Citus block $(basename "$f") (stubbed)" "$(tail -3 "$doc_out" | tr '\n' ' ')"
    fi
done
if [ "$ncitus" -gt 0 ] && [ "$citus_ok" = 1 ]; then
    pass "guide examples: $ncitus Citus sql blocks run on plain PostgreSQL with create_distributed_table stubbed"
fi

# The Remote SQL lines the section shows are the ones the server printed.
missing=0
nshown=0
while IFS= read -r line; do
    nshown=$((nshown + 1))
    grep -qF -- "$line" "$doc_out" || { missing=$((missing + 1)); echo "      not printed by the server: $line"; }
done < <(grep -E '^[[:space:]]*Remote SQL: ' "$DOC" | sed -E 's/^[[:space:]]+//')
if [ "$nshown" -gt 0 ] && [ "$missing" -eq 0 ]; then
    pass "guide examples: the $nshown Remote SQL lines shown are printed by the server's EXPLAIN"
else
    fail "guide examples: Remote SQL lines" "$missing of $nshown not in the EXPLAIN output"
fi

# ---------------------------------------------------------------------------
[ -n "${CX_DIST_PLANS:-}" ] && cp "$PLANS" "$CX_DIST_PLANS"
echo
echo "== EXPLAIN (VERBOSE, COSTS OFF) of the grouped query (all plans: CX_DIST_PLANS=FILE)"
sed -n '/^-- pushdown: nps, csat, ces, score_summary in one query/,/^$/p' "$PLANS" | sed 's/^/  /'
echo
if [ "$failed" -gt 0 ]; then
    echo "failed: ${failed_names[*]}"
fi
echo "distributed: $passed passed, $failed failed ($(($(date +%s) - START_TIME)) s)"
[ "$failed" -eq 0 ]
