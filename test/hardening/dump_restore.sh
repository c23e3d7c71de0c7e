#!/bin/bash
# Hardening: dump and restore (issue "hardening"): "A database with
# score_summary columns (plain and weighted), a view and a materialized view
# that use the aggregates, dumped with pg_dump (plain and custom format) and
# restored into a fresh database, gives identical query results."
#
# Run inside a cluster given by the PG* variables, as a superuser:
#   pg_virtualenv -t bash test/hardening/dump_restore.sh
# Needs pg_dump, pg_restore, psql (postgresql-client-15). Exits non-zero on any
# failure. Work files go to a private temporary directory, removed at exit
# (CX_KEEP=1 keeps it and the databases).
#
# Two source databases, the extension in public and in a schema of its own
# (cx, not on the restored database's search_path), each with the sample data
# (test/data/sample.sql) and:
#   - tables of stored summaries in a non-public schema (reporting):
#     score_summary (plain and weighted, the weights 1/3, 2/3, ... whose float
#     sums must read back bit for bit), csi_state (component names with
#     quotes, backslashes, commas and non-ASCII), score_summary[], a domain
#     over score_summary with a CHECK calling an accessor, a CHECK constraint,
#     a generated column and an expression index calling accessors, a default;
#   - user-defined aggregates built from the extension's support functions:
#     reporting.csi_partial (fills the csi_state column) and reporting.csi_merge;
#   - views: accessors over rollup() of stored summaries (incl. the 1.1
#     intervals and weights), every aggregate over raw rows, a moving-window
#     rollup;
#   - materialized views with unique indexes: daily summaries per channel
#     (public), and a monthly rollup of them (reporting);
#   - 2.0: a table of driver_summary values (k = 6, inexact doubles, which
#     must read back bit for bit in text and binary form) with views of their
#     rollup's figures and driver_table; a view using score_summary_subtract,
#     at_least, nps_prob_greater, csat_prob_greater, p_adjust, the score
#     interval (named arguments) and the sample sizes;
#   - 2.0: two summary tables kept by maintain_summary (weighted, by channel;
#     by channel and a stored generated day column).  What a restored
#     maintained table means: pg_dump carries the summary table's rows, the
#     generated trigger function and the source's triggers (whose arguments
#     are the definition); the rows are loaded before the triggers are
#     created, so nothing is counted twice, and afterwards the restored
#     triggers keep the table up to date, resync_summary and
#     unmaintain_summary recognise it.
# Each source is dumped with pg_dump -Fp (restored with psql) and -Fc
# (restored with pg_restore, and with pg_restore -j 2) into fresh databases.
# Checks, each a PASS/FAIL line:
#   - the restore runs without error;
#   - every table, view and materialized view gives the same complete ordered
#     output (md5 of its rows as text, plus score_summary_send/csi_state_send
#     bytes of the stored summaries) as in the source;
#   - the restored extension has the same version and member objects;
#   - REFRESH MATERIALIZED VIEW CONCURRENTLY works after restore and changes
#     nothing; after new rows are inserted and the views refreshed
#     concurrently, the daily summaries equal plain-SQL recomputations from the
#     raw rows (text built with string_agg, NPS/CSAT/CES from count FILTER
#     formulas, weighted NPS from sums of weights);
#   - views compare equal to plain-SQL formulas in the restored database too;
#   - maintained summaries: the restored source has its 8 triggers, the
#     summary tables equal recomputation right after the restore and after
#     inserts, updates and deletes in the restored database, resync_summary
#     changes nothing, unmaintain_summary removes the triggers.

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SAMPLE="$ROOT/test/data/sample.sql"
START=$(date +%s)
WORK=$(mktemp -d /tmp/cx_dump_restore.XXXXXX)
TAG="cxdr$$"

source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
DATABASES=()
cleanup() {
    if [ "${CX_KEEP:-0}" = 1 ]; then
        echo "kept $WORK and databases ${DATABASES[*]}"
        return
    fi
    for db in "${DATABASES[@]}"; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done
    rm -rf "$WORK"
}
trap cleanup EXIT
createdb_() { "${PSQL[@]}" -d postgres -c "CREATE DATABASE $1" && DATABASES+=("$1"); }

[ -f "$SAMPLE" ] || die "missing $SAMPLE"
command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || die "pg_dump/pg_restore not found"

# ---------------------------------------------------------------------------
# Source database: build_source DB EXTSCHEMA
# ---------------------------------------------------------------------------
build_source() {
    local db=$1 ext=$2
    createdb_ "$db" || return 1
    if [ "$ext" != public ]; then
        PGDATABASE=$db "${PSQL[@]}" -c "CREATE SCHEMA $ext" || return 1
    fi
    PGDATABASE=$db "${PSQL[@]}" -c "CREATE EXTENSION cx_metrics SCHEMA $ext" || return 1
    PGDATABASE=$db "${PSQL[@]}" -f "$SAMPLE" >/dev/null || return 1
    PGDATABASE=$db "${PSQL[@]}" <<SQL
SET search_path = public, $ext;
SET max_parallel_workers_per_gather = 0;
-- Weights: weight3 (1/3, 2/3, ...: inexact sums, stored summaries only, must
-- read back bit for bit) and weight2 (quarters: sums are exact whatever the
-- plan, so views and materialized views recompute identically).
ALTER TABLE responses ADD COLUMN weight3 float8, ADD COLUMN weight2 float8;
UPDATE responses SET weight3 = (1 + customer_id % 5) / 3.0, weight2 = 0.25 * (1 + customer_id % 8);
ALTER TABLE responses ADD COLUMN day_utc date NOT NULL GENERATED ALWAYS AS ((responded_at AT TIME ZONE 'UTC')::date) STORED;
-- Component names that stress the csi_state text form.
INSERT INTO component_ratings
SELECT response_id, c, 1 + response_id % 5, 1 + response_id % 3
FROM responses, unnest(ARRAY['say "hi", \\ ok', 'qualité', '{x}:1']) c
WHERE response_id % 17 = 0;

CREATE SCHEMA reporting;
CREATE DOMAIN reporting.nonempty_summary AS $ext.score_summary CHECK ($ext.responses(VALUE) > 0);
CREATE AGGREGATE reporting.csi_partial(text, float8, float8) (
    SFUNC = $ext.weighted_csi_component_trans, STYPE = $ext.csi_state, INITCOND = '{}',
    COMBINEFUNC = $ext.csi_state_combine, PARALLEL = SAFE);
CREATE AGGREGATE reporting.csi_merge($ext.csi_state) (
    SFUNC = $ext.csi_state_combine, STYPE = $ext.csi_state, INITCOND = '{}', PARALLEL = SAFE);

CREATE TABLE reporting.daily (
    day date NOT NULL,
    channel text NOT NULL,
    answers reporting.nonempty_summary,
    ratings $ext.score_summary,
    efforts $ext.score_summary DEFAULT '{}',
    weighted $ext.score_summary,
    csi $ext.csi_state,
    both_summaries $ext.score_summary[],
    n bigint GENERATED ALWAYS AS ($ext.responses(answers)) STORED,
    PRIMARY KEY (day, channel),
    CHECK ($ext.nps(answers) BETWEEN -100 AND 100)
);
CREATE INDEX daily_responses ON reporting.daily ($ext.responses(ratings));
INSERT INTO reporting.daily (day, channel, answers, ratings, efforts, weighted, csi, both_summaries)
SELECT s.day, s.channel, s.answers, s.ratings, s.efforts, s.weighted, c.csi, ARRAY[s.answers, s.ratings]
FROM (SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel,
             score_summary(answer) AS answers, score_summary(rating) AS ratings,
             coalesce(score_summary(effort), '{}') AS efforts, score_summary(answer, weight3) AS weighted
      FROM responses GROUP BY 1, 2 HAVING count(answer) > 0) s
LEFT JOIN (SELECT (x.responded_at AT TIME ZONE 'UTC')::date AS day, x.channel,
                  reporting.csi_partial(c.component, c.satisfaction, c.importance) AS csi
           FROM component_ratings c JOIN responses x USING (response_id) GROUP BY 1, 2) c USING (day, channel);

CREATE VIEW reporting.monthly_v AS
SELECT date_trunc('month', day)::date AS month, channel,
       nps(rollup(answers)) AS nps, nps(rollup(answers), 9, 5) AS nps_9_5,
       csat(rollup(ratings)) AS csat, csat(rollup(ratings), 5) AS top_box, ces(rollup(efforts)) AS ces,
       mean(rollup(answers)) AS mean, share(rollup(answers), 9, 10) AS promoters,
       responses(rollup(answers)) AS responses, sum(n) AS n,
       nps_low(rollup(answers)) AS nps_low, nps_high(rollup(answers), 0.9) AS nps_high,
       nps_moe(rollup(answers)) AS nps_moe, csat_low(rollup(ratings)) AS csat_low,
       mean_high(rollup(efforts)) AS ces_high,
       nps(rollup(weighted)) AS weighted_nps, effective_responses(rollup(weighted)) AS n_eff,
       rollup(weighted)::text AS weighted_summary,
       weighted_csi_component_final(reporting.csi_merge(csi)) AS csi
FROM reporting.daily GROUP BY 1, 2;

CREATE VIEW public.channel_metrics_v AS
SELECT r.channel, nps(r.answer) AS nps, nps(r.answer, 9, 5) AS nps_9_5, csat(r.rating) AS csat,
       csat(r.rating, 5) AS top_box, ces(r.effort) AS ces, score_summary(r.answer)::text AS answers,
       score_summary(r.answer, r.weight2)::text AS weighted,
       nps_test(score_summary(r.answer) FILTER (WHERE r.responded_at < '2025-07-01'),
                score_summary(r.answer) FILTER (WHERE r.responded_at >= '2025-07-01')) AS h1_vs_h2
FROM responses r GROUP BY r.channel;

CREATE VIEW public.csi_v AS
SELECT r.channel, weighted_csi(c.satisfaction, c.importance) AS row_level,
       weighted_csi(c.component, c.satisfaction, c.importance) AS component_level
FROM component_ratings c JOIN responses r USING (response_id) GROUP BY r.channel;

CREATE VIEW public.churn_v AS
SELECT segment,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) AS q1_start,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'average') AS q1_average,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-07-01'), 'new') AS h1_new,
       churn_rate(started_at::timestamptz, ended_at::timestamptz, tstzrange('2025-01-01 00:00+00', '2026-01-01 00:00+00')) AS y_tstz,
       churn_rate(ended_at IS NOT NULL) AS ever_churned
FROM customers GROUP BY segment;

CREATE MATERIALIZED VIEW public.daily_mv AS
SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel,
       score_summary(answer) AS answers, score_summary(rating) AS ratings,
       score_summary(effort) AS efforts, score_summary(answer, weight2) AS weighted,
       count(*) AS rows
FROM responses GROUP BY 1, 2;
CREATE UNIQUE INDEX daily_mv_key ON public.daily_mv (day, channel);

CREATE VIEW public.rolling_v AS
SELECT day, nps(rollup(s) OVER w) AS nps_7_days, responses(rollup(s) OVER w) AS n_7_days
FROM (SELECT day, rollup(answers) AS s FROM public.daily_mv GROUP BY day) d
WINDOW w AS (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW);

CREATE MATERIALIZED VIEW reporting.monthly_mv AS
SELECT date_trunc('month', day)::date AS month, channel, rollup(answers) AS answers,
       rollup(ratings) AS ratings, rollup(weighted) AS weighted, nps(rollup(answers)) AS nps
FROM public.daily_mv GROUP BY 1, 2;
CREATE UNIQUE INDEX monthly_mv_key ON reporting.monthly_mv (month, channel);

-- 2.0: key-driver summaries (answer / 3 and weight3: inexact doubles).
CREATE TABLE reporting.drivers (
    day date NOT NULL,
    channel text NOT NULL,
    ds $ext.driver_summary NOT NULL CHECK ($ext.responses(ds) > 0),
    PRIMARY KEY (day, channel)
);
INSERT INTO reporting.drivers
SELECT r.day_utc, r.channel,
       driver_summary((r.answer / 3.0)::float8, ARRAY[a.speed, a.staff, a.price, a.product, a.website]::float8[] || r.weight3)
FROM responses r JOIN attribute_ratings a USING (response_id)
WHERE r.answer IS NOT NULL AND num_nulls(a.speed, a.staff, a.price, a.product, a.website) = 0
GROUP BY 1, 2;
CREATE VIEW reporting.drivers_v AS
SELECT channel, responses(rollup(ds)) AS n, outcome_mean(rollup(ds)) AS outcome, driver_means(rollup(ds)) AS means,
       driver_correlations(rollup(ds)) AS correlations, driver_r2(rollup(ds)) AS r2,
       driver_betas(rollup(ds)) AS betas, relative_weights(rollup(ds)) AS weights, rollup(ds)::text AS summary
FROM reporting.drivers GROUP BY channel;
CREATE VIEW reporting.drivers_table_v AS
SELECT d.channel, t.*
FROM (SELECT channel, rollup(ds) AS ds FROM reporting.drivers GROUP BY channel) d,
     LATERAL driver_table(d.ds, ARRAY['speed', 'staff', 'price', 'product', 'website', 'weight']) t;

-- 2.0: comparisons, named arguments, a window function.
CREATE VIEW reporting.compare_v AS
SELECT month, channel, responses(at_least(s, 300)) AS n_300, nps(rest) AS rest_nps,
       nps_prob_greater(s, rest) AS nps_better, csat_prob_greater(r, r_rest, satisfied_min => 5) AS top_box_better,
       nps_test(s, rest) AS p, p_adjust(nps_test(s, rest), 'holm') OVER (PARTITION BY month) AS p_holm,
       p_adjust(nps_test(s, rest), 'fdr') OVER (PARTITION BY month ORDER BY channel) AS p_bh,
       nps_low(s, method => 'score') AS score_low, nps_high(s, 0.9, 9, 6, 'score') AS score_high,
       nps_sample_size(5, population => responses(s)) AS needed, csat_sample_size(5, proportion => 0.8) AS csat_needed
FROM (SELECT month, channel, answers AS s, ratings AS r,
             score_summary_subtract(rollup(answers) OVER (PARTITION BY month), answers) AS rest,
             score_summary_subtract(rollup(ratings) OVER (PARTITION BY month), ratings) AS r_rest
      FROM reporting.monthly_mv) x;

-- 2.0: summary tables kept up to date by triggers.
SELECT maintain_summary('reporting.channel_answers', 'public.responses', 'answer', ARRAY['channel'], 'weight2');
SELECT maintain_summary('public."daily answers"', 'public.responses', 'answer', ARRAY['channel', 'day_utc']);
ANALYZE;
SQL
}

# Every relation to compare, as "label|query". Summaries are compared as text
# and, for the stored ones, as their binary send form (exact float bits).
queries() {
    local ext=$1
    cat <<EOF
reporting.daily rows|SELECT t::text FROM reporting.daily t
reporting.daily binary|SELECT day, channel, $ext.score_summary_send(answers), $ext.score_summary_send(weighted), $ext.csi_state_send(csi) FROM reporting.daily
reporting.daily weighted float bits|SELECT day, channel, $ext.effective_responses(weighted)::text, float8send($ext.nps(weighted)) FROM reporting.daily
reporting.monthly_v|SELECT t::text FROM reporting.monthly_v t
public.channel_metrics_v|SELECT t::text FROM public.channel_metrics_v t
public.csi_v|SELECT t::text FROM public.csi_v t
public.churn_v|SELECT t::text FROM public.churn_v t
public.daily_mv|SELECT t::text FROM public.daily_mv t
public.rolling_v|SELECT t::text FROM public.rolling_v t
reporting.monthly_mv|SELECT t::text FROM reporting.monthly_mv t
responses (raw)|SELECT t::text FROM public.responses t
component_ratings (raw)|SELECT t::text FROM public.component_ratings t
reporting.drivers rows|SELECT t::text FROM reporting.drivers t
reporting.drivers binary|SELECT day, channel, $ext.driver_summary_send(ds) FROM reporting.drivers
reporting.drivers_v|SELECT t::text FROM reporting.drivers_v t
reporting.drivers_table_v|SELECT t::text FROM reporting.drivers_table_v t
reporting.compare_v|SELECT t::text FROM reporting.compare_v t
reporting.channel_answers (maintained)|SELECT channel, summary::text, $ext.score_summary_send(summary) FROM reporting.channel_answers
public."daily answers" (maintained)|SELECT t::text FROM public."daily answers" t
triggers of responses|SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'public.responses'::regclass AND NOT tgisinternal
extension members|SELECT e.extversion || ' ' || pg_describe_object(d.classid, d.objid, 0) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'cx_metrics' AND d.deptype = 'e'
extension schema|SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'cx_metrics'
EOF
}

# fingerprint DB EXT OUTDIR: writes OUTDIR/<n>.txt (sorted output) per query,
# prints "label|md5|rows" lines.
fingerprint() {
    local db=$1 ext=$2 out=$3 n=0 label sql
    mkdir -p "$out"
    while IFS='|' read -r label sql; do
        n=$((n + 1))
        PGDATABASE=$db "${PSQL[@]}" -At -c "SET max_parallel_workers_per_gather = 0" -c "SET extra_float_digits = 3" \
            -c "SELECT x::text FROM ($sql) x ORDER BY x::text COLLATE \"C\"" > "$out/$n.txt" 2>"$out/$n.err"
        if [ -s "$out/$n.err" ]; then
            echo "$label|ERROR $(head -1 "$out/$n.err" | tr '|' ' ')|0|$n"
        else
            echo "$label|$(md5sum < "$out/$n.txt" | cut -c1-32)|$(wc -l < "$out/$n.txt")|$n"
        fi
    done < <(queries "$ext")
}

# formula_checks DB EXT LABEL: plain-SQL recomputations from the raw rows.
formula_checks() {
    local db=$1 ext=$2 label=$3 res
    res=$(PGDATABASE=$db "${PSQL[@]}" -At -F ' ' <<SQL
SET search_path = public, $ext;
WITH raw AS (
    SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel,
           count(answer) AS n, count(*) FILTER (WHERE answer >= 9) AS p, count(*) FILTER (WHERE answer <= 6) AS d,
           count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS sat,
           count(effort) AS ne, sum(effort) AS se,
           sum(weight2) FILTER (WHERE answer IS NOT NULL) AS w, sum(weight2) FILTER (WHERE answer >= 9) AS wp,
           sum(weight2) FILTER (WHERE answer <= 6) AS wd, count(*) AS rows
    FROM responses GROUP BY 1, 2),
txt AS (
    SELECT day, channel, '{' || string_agg(answer || ':' || c, ',' ORDER BY answer) || '}' AS answers
    FROM (SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, answer, count(*) AS c
          FROM responses WHERE answer IS NOT NULL GROUP BY 1, 2, 3) v GROUP BY 1, 2),
cmp AS (
    SELECT m.day, m.channel,
           m.answers::text IS NOT DISTINCT FROM t.answers AS text_ok,
           coalesce(responses(m.answers), 0) = r.n AS n_ok,
           abs(nps(m.answers) - 100.0 * (r.p - r.d) / nullif(r.n, 0)) < 1e-9 OR (m.answers IS NULL AND r.n = 0) AS nps_ok,
           abs(csat(m.ratings) - 100.0 * r.sat / nullif(r.nr, 0)) < 1e-9 OR (m.ratings IS NULL AND r.nr = 0) AS csat_ok,
           abs(ces(m.efforts) - r.se::float8 / nullif(r.ne, 0)) < 1e-9 OR (m.efforts IS NULL AND r.ne = 0) AS ces_ok,
           abs(nps(m.weighted) - 100.0 * (coalesce(r.wp, 0) - coalesce(r.wd, 0)) / nullif(r.w, 0)) < 1e-9 OR (m.weighted IS NULL AND r.n = 0) AS wnps_ok,
           m.rows = r.rows AS rows_ok
    FROM daily_mv m FULL JOIN raw r USING (day, channel) LEFT JOIN txt t USING (day, channel))
SELECT count(*), count(*) FILTER (WHERE text_ok AND n_ok AND nps_ok AND csat_ok AND ces_ok AND wnps_ok AND rows_ok),
       (SELECT count(*) FROM raw)
FROM cmp;
SQL
)
    local total ok nraw
    read -r total ok nraw <<<"$res"
    if [ -n "$total" ] && [ "$total" = "$ok" ] && [ "$total" = "$nraw" ] && [ "$total" -gt 0 ]; then
        pass "$label: daily_mv equals recomputation from raw rows ($ok day/channel rows: text, responses, nps, csat, ces, weighted nps)"
    else
        fail "$label: daily_mv equals recomputation from raw rows" "rows=$total ok=$ok raw=$nraw"
    fi
    # Views over raw rows against formulas.
    res=$(PGDATABASE=$db "${PSQL[@]}" -At <<SQL
SET search_path = public, $ext;
SELECT count(*) FILTER (WHERE abs(v.nps - 100.0 * (r.p - r.d) / r.n) < 1e-9
                          AND abs(v.csat - 100.0 * r.sat / r.nr) < 1e-9
                          AND abs(v.ces - r.se::float8 / r.ne) < 1e-9
                          AND abs(c.row_level - r.csi) < 1e-9) || '/' || count(*)
FROM channel_metrics_v v JOIN csi_v c USING (channel) JOIN (
    SELECT channel, count(answer) AS n, count(*) FILTER (WHERE answer >= 9) AS p, count(*) FILTER (WHERE answer <= 6) AS d,
           count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS sat, count(effort) AS ne, sum(effort) AS se,
           (SELECT sum(cr.satisfaction * cr.importance)::float8 / sum(cr.importance)
              FROM component_ratings cr JOIN responses x USING (response_id) WHERE x.channel = responses.channel) AS csi
    FROM responses GROUP BY channel) r USING (channel);
SQL
)
    if [ "$res" = "5/5" ]; then
        pass "$label: channel_metrics_v and csi_v equal plain-SQL formulas (5 channels)"
    else
        fail "$label: channel_metrics_v and csi_v equal plain-SQL formulas" "$res"
    fi
}

# maintained_checks DB EXT LABEL: both maintained tables equal recomputation
# from the source's rows, and the source has its 8 triggers.
maintained_checks() {
    local db=$1 ext=$2 label=$3 res
    res=$(PGDATABASE=$db "${PSQL[@]}" -At -F ' ' <<SQL
SET search_path = public, $ext;
SELECT (SELECT count(*) FILTER (WHERE m.summary::text IS NOT DISTINCT FROM r.s::text) || '/' || count(*)
        FROM reporting.channel_answers m FULL JOIN (
            SELECT channel, score_summary(answer, weight2) AS s FROM responses GROUP BY channel
            HAVING score_summary(answer, weight2) IS NOT NULL) r USING (channel)),
       (SELECT count(*) FILTER (WHERE m.summary::text IS NOT DISTINCT FROM r.s::text) || '/' || count(*)
        FROM public."daily answers" m FULL JOIN (
            SELECT channel, day_utc, score_summary(answer) AS s FROM responses GROUP BY 1, 2
            HAVING count(answer) > 0) r USING (channel, day_utc)),
       (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.responses'::regclass AND NOT tgisinternal);
SQL
)
    local a b t
    read -r a b t <<<"$res"
    if [ -n "$t" ] && [ "${a%/*}" = "${a#*/}" ] && [ "${b%/*}" = "${b#*/}" ] && [ "${b#*/}" -gt 0 ] && [ "$t" = 8 ]; then
        pass "$label: maintained summaries equal recomputation (channel, weighted: $a; channel x day: $b), 8 triggers on responses"
    else
        fail "$label: maintained summaries equal recomputation" "channel $a, channel x day $b, triggers $t"
    fi
}

# compare LABEL SRC_FP DST_FP [quiet]: per query, identical md5 of a non-empty,
# error-free output. One PASS/FAIL line per query, or one in all when quiet.
compare() {
    local label=$1 src=$2 dst=$3 quiet=${4:-} l1 m1 r1 n1 l2 m2 r2 n2 bad=0 count=0 msg=""
    while IFS='|' read -r l1 m1 r1 n1 && IFS='|' read -r l2 m2 r2 n2 <&3; do
        count=$((count + 1))
        if [ "$m1" = "$m2" ] && [ "$r1" -gt 0 ] && [ "${m1#ERROR}" = "$m1" ]; then
            [ -z "$quiet" ] && pass "$label: $l1 identical ($r1 rows, md5 ${m1:0:8})"
        else
            msg="$l1: source $r1 rows ${m1:0:40}, restored $r2 rows ${m2:0:40}"
            [ -z "$quiet" ] && fail "$label: $l1 identical" "$msg"
            bad=$((bad + 1))
        fi
    done < "$src" 3< "$dst"
    if [ -n "$quiet" ]; then
        if [ "$bad" -eq 0 ] && [ "$count" -gt 0 ]; then pass "$label ($count relations identical)"; else fail "$label" "$bad of $count differ; $msg"; fi
    fi
    return $((bad > 0))
}

# ---------------------------------------------------------------------------
for ext in public cx; do
    src="${TAG}_src_$ext"
    echo "== source: extension in schema $ext =="
    if ! build_source "$src" "$ext" 2> "$WORK/build_$ext.err"; then
        fail "build source database ($ext)" "$(head -5 "$WORK/build_$ext.err" | tr '\n' ' ')"
        continue
    fi
    pass "build source database with extension in $ext"
    SRCDIR="$WORK/fp_${ext}_src"
    fingerprint "$src" "$ext" "$SRCDIR" > "$WORK/fp_${ext}_src.txt"
    formula_checks "$src" "$ext" "source ($ext)"
    maintained_checks "$src" "$ext" "source ($ext)"

    pg_dump -Fp -f "$WORK/$ext.sql" "$src" 2> "$WORK/dump_p_$ext.err" || fail "pg_dump -Fp ($ext)" "$(head -3 "$WORK/dump_p_$ext.err")"
    pg_dump -Fc -f "$WORK/$ext.dump" "$src" 2> "$WORK/dump_c_$ext.err" || fail "pg_dump -Fc ($ext)" "$(head -3 "$WORK/dump_c_$ext.err")"

    for mode in plain custom custom-j2; do
        dst="${TAG}_${ext}_${mode//-/_}"
        label="$mode ($ext)"
        createdb_ "$dst" || { fail "$label: create database"; continue; }
        case $mode in
            plain) PGDATABASE=$dst psql -X -q -v ON_ERROR_STOP=1 -f "$WORK/$ext.sql" > /dev/null 2> "$WORK/restore_${mode}_$ext.err" ;;
            custom) pg_restore --exit-on-error -d "$dst" "$WORK/$ext.dump" 2> "$WORK/restore_${mode}_$ext.err" ;;
            custom-j2) pg_restore -j 2 -d "$dst" "$WORK/$ext.dump" 2> "$WORK/restore_${mode}_$ext.err" ;;
        esac
        rc=$?
        if [ $rc -eq 0 ] && ! grep -qiE 'error|warning' "$WORK/restore_${mode}_$ext.err"; then
            pass "$label: restore without errors or warnings"
        else
            fail "$label: restore without errors or warnings" "rc=$rc $(head -5 "$WORK/restore_${mode}_$ext.err" | tr '\n' ' ')"
            continue
        fi
        DSTDIR="$WORK/fp_${ext}_$mode"
        fingerprint "$dst" "$ext" "$DSTDIR" > "$DSTDIR.txt"
        compare "$label" "$WORK/fp_${ext}_src.txt" "$DSTDIR.txt"
        maintained_checks "$dst" "$ext" "$label, right after the restore"

        # REFRESH CONCURRENTLY after restore changes nothing.
        if PGDATABASE=$dst "${PSQL[@]}" -c "REFRESH MATERIALIZED VIEW CONCURRENTLY public.daily_mv" \
                -c "REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_mv" 2> "$WORK/refresh.err"; then
            DSTDIR="$WORK/fp_${ext}_${mode}_refreshed"
            fingerprint "$dst" "$ext" "$DSTDIR" > "$DSTDIR.txt"
            compare "$label: REFRESH MATERIALIZED VIEW CONCURRENTLY after restore, results unchanged" \
                "$WORK/fp_${ext}_src.txt" "$DSTDIR.txt" quiet
        else
            fail "$label: REFRESH MATERIALIZED VIEW CONCURRENTLY after restore" "$(head -3 "$WORK/refresh.err")"
        fi

        # New rows after the restore: insert, refresh concurrently, recompute.
        # Only in the plain and custom restores (the -j 2 one is compared above).
        [ "$mode" = custom-j2 ] && continue
        if PGDATABASE=$dst "${PSQL[@]}" <<SQL 2> "$WORK/insert.err"
SET search_path = public, $ext;
INSERT INTO responses (response_id, customer_id, responded_at, channel, answer, rating, effort, weight3, weight2)
SELECT 100000 + i, 1 + i % 1200, timestamptz '2025-12-31 12:00+00' + (i % 3) * interval '1 day', (ARRAY['app', 'web', 'phone'])[1 + i % 3],
       CASE WHEN i % 9 = 0 THEN NULL ELSE i % 11 END, 1 + i % 5, 1 + i % 7, 1, 0.25 * (1 + i % 8)
FROM generate_series(1, 300) i;
INSERT INTO reporting.daily (day, channel, answers, ratings, weighted, csi, both_summaries)
VALUES ('2026-01-05', 'app', '{9:1,10:2}', '{4:3}', '{9:1:0.5:0.25}', '{"x":1:4:5}', ARRAY['{1:1}'::score_summary]);
-- the maintained tables follow updates (moving rows between days) and deletes
UPDATE responses SET answer = 10 - answer, weight2 = weight2 * 2 WHERE response_id % 50 = 0 AND answer IS NOT NULL;
UPDATE responses SET responded_at = responded_at + interval '1 day' WHERE response_id % 61 = 0;
DELETE FROM responses WHERE response_id > 100000 AND response_id % 4 = 0;
REFRESH MATERIALIZED VIEW CONCURRENTLY public.daily_mv;
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_mv;
SQL
        then
            formula_checks "$dst" "$ext" "$label after inserts + REFRESH CONCURRENTLY"
            maintained_checks "$dst" "$ext" "$label after inserts, updates and deletes"
            # resync changes nothing; unmaintain removes the triggers and keeps the rows
            res=$(PGDATABASE=$dst "${PSQL[@]}" -At -F ' ' -c "SET search_path = public, $ext" -c "
                CREATE TEMP TABLE before AS SELECT channel, summary::text AS s FROM reporting.channel_answers;
                SELECT resync_summary('reporting.channel_answers');
                SELECT (SELECT count(*) FROM before b JOIN reporting.channel_answers c USING (channel) WHERE b.s = c.summary::text)
                       || '/' || (SELECT count(*) FROM before);
                SELECT unmaintain_summary('public.\"daily answers\"');
                SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.responses'::regclass AND NOT tgisinternal;
                SELECT count(*) > 0 FROM public.\"daily answers\";" 2>&1 | grep -v '^$')
            if [ "$(echo $res)" = "$(echo "$res" | head -1 | cut -d/ -f2 | sed 's|.*|&/&|') 4 t" ] && [ "$(echo "$res" | head -1)" != "0/0" ]; then
                pass "$label: resync_summary after restore changes nothing ($(echo "$res" | head -1)); unmaintain_summary leaves 4 triggers and the rows"
            else
                fail "$label: resync_summary / unmaintain_summary after restore" "$(echo $res)"
            fi
            res=$(PGDATABASE=$dst "${PSQL[@]}" -At -c "SET search_path = public, $ext" -c "
                SELECT count(*) FILTER (WHERE m.answers::text IS NOT DISTINCT FROM d.s::text
                                          AND m.nps IS NOT DISTINCT FROM nps(d.s)) || '/' || count(*)
                FROM reporting.monthly_mv m FULL JOIN (
                    SELECT date_trunc('month', (responded_at AT TIME ZONE 'UTC'))::date AS month, channel, score_summary(answer) AS s
                    FROM responses GROUP BY 1, 2) d USING (month, channel)")
            if [ -n "$res" ] && [ "${res%/*}" = "${res#*/}" ]; then
                pass "$label: monthly_mv (rollup of daily_mv) equals score_summary(answer) per month after refresh ($res)"
            else
                fail "$label: monthly_mv (rollup of daily_mv) equals score_summary(answer) per month after refresh" "$res"
            fi
            # The domain's CHECK still rejects an empty summary in the restored database.
            if PGDATABASE=$dst "${PSQL[@]}" -c "INSERT INTO reporting.daily (day, channel, answers) VALUES ('2026-01-06', 'web', '{}')" 2>/dev/null; then
                fail "$label: domain CHECK (responses(VALUE) > 0) enforced after restore" "empty summary accepted"
            else
                pass "$label: domain CHECK (responses(VALUE) > 0) enforced after restore"
            fi
        else
            fail "$label: inserts and REFRESH CONCURRENTLY after restore" "$(head -3 "$WORK/insert.err")"
        fi
    done
done

echo "dump_restore: $passed passed, $failed failed ($(( $(date +%s) - START )) s)"
[ "$failed" -eq 0 ]
