#!/bin/bash
# Hardening: upgrades (issue "hardening"): "a version 1.0 -> next-version
# upgrade path tested the way users do it (CREATE EXTENSION cx_metrics VERSION
# '1.0', create dependent views and stored summaries, ALTER EXTENSION
# cx_metrics UPDATE, check they still work); upgrade scripts never drop public
# objects."
#
# Run inside a cluster given by the PG* variables, as a superuser (the
# non-superuser case logs in with a password over PGHOST/PGPORT, as
# pg_virtualenv's localhost allows):
#   pg_virtualenv -t bash test/hardening/upgrade.sh
# Needs psql and pg_dump (postgresql-client-15) and perl (Debian: perl-base,
# always installed). Exits non-zero on any failure.
#
# 1. Static, on every sql/cx_metrics--A--B.sql update script (comments, string
#    literals and psql meta-commands removed first): no DROP, no CREATE OR
#    REPLACE, no IF NOT EXISTS (which would silently keep an object planted
#    before the update), no ALTER ... RENAME / SET SCHEMA; the script refuses to
#    run under psql (\echo ... \quit). The checker itself is tested on
#    scripts that must be flagged and on one that must not.
# 2. For every installable version older than default_version (today: 1.0),
#    as a user would: CREATE EXTENSION cx_metrics VERSION 'old', load the
#    sample data, create dependent objects (stored summaries in a table with a
#    domain, a CHECK and an expression index, views using rollup and the
#    accessors, a materialized view with a unique index, a moving-window view,
#    SQL functions (string body and BEGIN ATOMIC) and a user aggregate over the
#    extension's support functions), then ALTER EXTENSION cx_metrics UPDATE:
#    - the version is default_version; the update path exists;
#    - \dx+ cx_metrics after the update lists every object listed before (only
#      additions), and pg_depend agrees;
#    - every pre-existing member is unchanged in the catalogs (signature,
#      volatility, parallel safety, strictness, cost, C symbol, aggregate
#      support functions and initial values, type I/O and layout, owner,
#      comment);
#    - every dependent object gives the same complete output as before (md5);
#      REFRESH MATERIALIZED VIEW CONCURRENTLY works; new rows refresh into
#      values equal to plain-SQL recomputations from the raw rows;
#    - the new version's functions work on summaries stored by the old one
#      (nps_moe against the Wald formula, effective_responses = responses,
#      rollup of old and new weighted summaries against sums of weights);
#    - a second UPDATE is a no-op.
#    The same update by a non-superuser who installed the old version
#    (trusted extension, CREATE on the database) also works, and the new
#    objects have the same owner as the old ones.
# 3. Upgraded vs fresh: an empty database updated from the old version and one
#    with CREATE EXTENSION cx_metrics (default version) have the same member
#    list and identical catalog definitions (the snapshot of 2.), and their
#    pg_dump --binary-upgrade --schema-only outputs, which spell out every
#    member object, are identical once OIDs are removed. (While default_version
#    has no full install script of its own, the fresh install runs the same
#    scripts; the check starts to matter when one is added.)

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SAMPLE="$ROOT/test/data/sample.sql"
START=$(date +%s)
WORK=$(mktemp -d /tmp/cx_upgrade.XXXXXX)
TAG="cxup$$"

source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
DATABASES=()
ROLES=()
cleanup() {
    if [ "${CX_KEEP:-0}" = 1 ]; then echo "kept $WORK, ${DATABASES[*]}"; return; fi
    for db in "${DATABASES[@]}"; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done
    for r in "${ROLES[@]}"; do "${PSQL[@]}" -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1; done
    rm -rf "$WORK"
}
trap cleanup EXIT
createdb_() { "${PSQL[@]}" -d postgres -c "CREATE DATABASE $1" && DATABASES+=("$1"); }
sql() { local db=$1; shift; PGDATABASE=$db "${PSQL[@]}" -At "$@"; }

DEFAULT=$(sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$ROOT/cx_metrics.control")
[ -n "$DEFAULT" ] || die "no default_version in cx_metrics.control"
INSTALLED_DEFAULT=$(sql postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'cx_metrics'")
[ "$INSTALLED_DEFAULT" = "$DEFAULT" ] || die "installed cx_metrics default version '$INSTALLED_DEFAULT' is not the source's '$DEFAULT' (make install?)"

# ---------------------------------------------------------------------------
# 1. Static checks of the update scripts
# ---------------------------------------------------------------------------
# lint FILE: prints one line per violation. Strips psql meta-command lines,
# comments, string literals and dollar-quoted bodies, then looks at statements.
lint() {
    perl -e '
        local $/; my $s = <>;
        $s =~ s/^\\[^\n]*$//mg;                          # psql meta-commands (\echo ... \quit)
        my $o = "";
        while (length $s) {
            if    ($s =~ s/^--[^\n]*//)                  { $o .= " "; }
            elsif ($s =~ s{^/\*.*?\*/}{}s)               { $o .= " "; }
            elsif ($s =~ s/^[Ee]?\x27(?:[^\x27]|\x27\x27)*\x27//) { $o .= " STRING "; }
            elsif ($s =~ s/^(\$[A-Za-z_0-9]*\$).*?\1//s) { $o .= " BODY "; }
            elsif ($s =~ s/^("(?:[^"]|"")*")//)          { $o .= $1; }
            elsif ($s =~ s/^([^-\/\x27"\$]+|.)//s)       { $o .= $1; }
        }
        for my $st (split /;/, $o) {
            (my $t = $st) =~ s/\s+/ /g; $t =~ s/^ //;
            my $u = uc $t;
            next if $u eq "" || $u eq " ";
            my $short = substr($t, 0, 90);
            print "DROP: $short\n"                 if $u =~ /\bDROP\b/;
            print "CREATE OR REPLACE: $short\n"    if $u =~ /\bOR\s+REPLACE\b/;
            print "IF NOT EXISTS: $short\n"        if $u =~ /\bIF\s+NOT\s+EXISTS\b/;
            print "ALTER RENAME/SET SCHEMA: $short\n" if $u =~ /^ALTER\b/ && $u =~ /\b(RENAME|SET\s+SCHEMA)\b/;
        }
    ' "$1"
}
guarded() { head -c 2000 "$1" | grep -qE '^\\echo .*\\quit'; }

# The checker must flag these and must not flag the last one.
mkdir -p "$WORK/lint"
printf '%s\n' "\\echo x \\quit" "CREATE FUNCTION @extschema@.a() RETURNS int LANGUAGE sql AS 'select 1';" \
    "drop   function @extschema@.nps(pg_catalog.int4);" > "$WORK/lint/drop.sql"
printf '%s\n' "create or replace function @extschema@.nps_final(pg_catalog.int8[]) returns pg_catalog.float8 as 'MODULE_PATHNAME' language c;" > "$WORK/lint/replace.sql"
printf '%s\n' "CREATE TYPE IF NOT EXISTS @extschema@.t;" "ALTER FUNCTION @extschema@.nps(pg_catalog.int4) RENAME TO nps_old;" > "$WORK/lint/other.sql"
printf '%s\n' "\\echo Use \"ALTER EXTENSION x UPDATE; DROP it\" \\quit" "-- we never DROP anything" "/* or replace */" \
    "COMMENT ON FUNCTION @extschema@.f() IS 'do not drop; or replace';" \
    "CREATE FUNCTION @extschema@.g() RETURNS int LANGUAGE sql AS \$b\$ SELECT 1 /* drop */ \$b\$;" > "$WORK/lint/clean.sql"
if [ "$(lint "$WORK/lint/drop.sql" | grep -c '^DROP')" = 1 ] &&
   [ "$(lint "$WORK/lint/replace.sql" | grep -c '^CREATE OR REPLACE')" = 1 ] &&
   [ "$(lint "$WORK/lint/other.sql" | wc -l)" = 2 ] &&
   [ -z "$(lint "$WORK/lint/clean.sql")" ]; then
    pass "static checker flags DROP, CREATE OR REPLACE, IF NOT EXISTS, RENAME and ignores comments and strings"
else
    fail "static checker self-test" "$(for f in drop replace other clean; do echo "$f: $(lint "$WORK/lint/$f.sql" | tr '\n' ' ')"; done)"
fi

shopt -s nullglob
update_scripts=("$ROOT"/sql/cx_metrics--*--*.sql)
[ ${#update_scripts[@]} -gt 0 ] || fail "update scripts exist in sql/" "none found"
for f in "${update_scripts[@]}"; do
    name=$(basename "$f")
    problems=$(lint "$f")
    if [ -z "$problems" ]; then
        pass "$name: no DROP, CREATE OR REPLACE, IF NOT EXISTS, RENAME or SET SCHEMA"
    else
        fail "$name: no DROP, CREATE OR REPLACE, IF NOT EXISTS, RENAME or SET SCHEMA" "$(echo "$problems" | head -5 | tr '\n' ';')"
    fi
    if guarded "$f"; then pass "$name: refuses to run outside ALTER EXTENSION (\\echo ... \\quit)"; else fail "$name: \\echo ... \\quit guard"; fi
    installed="$(pg_config --sharedir)/extension/$name"
    if cmp -s "$f" "$installed"; then
        pass "$name: installed copy is identical to the source"
    else
        fail "$name: installed copy is identical to the source" "$installed differs or is missing"
    fi
done

# ---------------------------------------------------------------------------
# Shared SQL: catalog snapshot of the extension's members
# ---------------------------------------------------------------------------
# aggtransspace is left out on purpose: it is the planner's memory estimate
# (SSPACE), which 1.1 -> 1.2 sets; it changes plans, never a result.  The
# catalog test (sql/catalog.sql) checks its values.
cat > "$WORK/snapshot.sql" <<'SQL'
SELECT pg_describe_object(d.classid, d.objid, 0) || ' :: ' || coalesce(
    CASE d.classid
    WHEN 'pg_proc'::regclass THEN (
        SELECT concat_ws(' | ', p.oid::regprocedure, p.pronamespace::regnamespace, p.proowner::regrole,
                         p.prokind, p.provolatile, p.proparallel, p.proisstrict, p.prosecdef, p.proleakproof,
                         p.procost, p.prorows, p.prorettype::regtype, p.proretset, p.proargnames,
                         p.proargmodes, pg_get_expr(p.proargdefaults, 0), p.prosrc, p.probin, p.proconfig,
                         p.prosupport, p.proacl)
        FROM pg_proc p WHERE p.oid = d.objid)
    WHEN 'pg_type'::regclass THEN (
        SELECT concat_ws(' | ', t.oid::regtype, t.typnamespace::regnamespace, t.typowner::regrole, t.typlen,
                         t.typbyval, t.typtype, t.typcategory, t.typispreferred, t.typdelim,
                         t.typinput::regprocedure, t.typoutput::regprocedure, t.typreceive::regprocedure,
                         t.typsend::regprocedure, t.typmodin, t.typmodout, t.typanalyze, t.typsubscript,
                         t.typalign, t.typstorage, t.typelem::regtype, t.typarray::regtype, t.typdefault, t.typacl)
        FROM pg_type t WHERE t.oid = d.objid)
    WHEN 'pg_operator'::regclass THEN (
        SELECT concat_ws(' | ', o.oid::regoperator, o.oprcode::regprocedure, o.oprcom, o.oprnegate,
                         o.oprrest, o.oprjoin, o.oprcanmerge, o.oprcanhash)
        FROM pg_operator o WHERE o.oid = d.objid)
    WHEN 'pg_cast'::regclass THEN (
        SELECT concat_ws(' | ', c.castfunc::regprocedure, c.castcontext, c.castmethod)
        FROM pg_cast c WHERE c.oid = d.objid)
    END, '?') || coalesce(' :: agg ' || (
        SELECT concat_ws(' | ', a.aggkind, a.aggnumdirectargs, a.aggtransfn::regprocedure, a.aggfinalfn::regprocedure,
                         a.aggcombinefn::regprocedure, a.aggserialfn::regprocedure, a.aggdeserialfn::regprocedure,
                         a.aggmtransfn::regprocedure, a.aggminvtransfn::regprocedure, a.aggmfinalfn::regprocedure,
                         a.aggfinalextra, a.aggmfinalextra, a.aggfinalmodify, a.aggmfinalmodify,
                         a.aggsortop, a.aggtranstype::regtype, a.aggmtranstype::regtype,
                         a.aggmtransspace, a.agginitval, a.aggminitval)
        FROM pg_aggregate a WHERE d.classid = 'pg_proc'::regclass AND a.aggfnoid = d.objid), '')
    || ' :: comment ' || coalesce(obj_description(d.objid, d.classid::regclass::name), '-')
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE e.extname = 'cx_metrics' AND d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass
ORDER BY 1;
SQL
snapshot() { sql "$1" -f "$WORK/snapshot.sql"; }
dxplus() { PGDATABASE=$1 psql -X -At -c '\dx+ cx_metrics' | sort; }

# ---------------------------------------------------------------------------
# 2. User-style update from each older version
# ---------------------------------------------------------------------------
OLD_VERSIONS=$(sql postgres -c "SELECT version FROM pg_available_extension_versions WHERE name = 'cx_metrics' AND version <> '$DEFAULT' ORDER BY version")
[ -n "$OLD_VERSIONS" ] || info "no installable version older than $DEFAULT: nothing to update from"

# Dependent objects that a user of version 1.0 would have (1.0 functions only).
cat > "$WORK/dependents.sql" <<'SQL'
SET max_parallel_workers_per_gather = 0;
CREATE SCHEMA app;
CREATE DOMAIN app.summary AS score_summary CHECK (responses(VALUE) >= 0);
CREATE TABLE app.daily (
    day date, channel text, answers app.summary, ratings score_summary, efforts score_summary,
    PRIMARY KEY (day, channel), CHECK (nps(answers) BETWEEN -100 AND 100));
CREATE INDEX daily_n ON app.daily (responses(answers));
INSERT INTO app.daily
SELECT (responded_at AT TIME ZONE 'UTC')::date, channel, score_summary(answer), score_summary(rating), score_summary(effort)
FROM responses GROUP BY 1, 2 HAVING count(answer) > 0 AND count(rating) > 0 AND count(effort) > 0;
CREATE VIEW app.monthly AS
SELECT date_trunc('month', day)::date AS month, channel, nps(rollup(answers)) AS nps, nps(rollup(answers), 9, 5) AS nps95,
       csat(rollup(ratings)) AS csat, csat(rollup(ratings), 5) AS top_box, ces(rollup(efforts)) AS ces,
       mean(rollup(answers)) AS mean, share(rollup(answers), 0, 6) AS detractors, responses(rollup(answers)) AS n,
       rollup(answers)::text AS summary
FROM app.daily GROUP BY 1, 2;
CREATE VIEW app.raw_metrics AS
SELECT channel, nps(answer), nps(answer, 9, 5) AS nps95, csat(rating), csat(rating, 5) AS top_box, ces(effort),
       score_summary(answer)::text AS answers
FROM responses GROUP BY channel;
CREATE VIEW app.csi AS
SELECT r.channel, weighted_csi(c.satisfaction, c.importance) AS row_level,
       weighted_csi(c.component, c.satisfaction, c.importance) AS component_level
FROM component_ratings c JOIN responses r USING (response_id) GROUP BY r.channel;
CREATE VIEW app.churn AS
SELECT segment, churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) AS q1,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'average') AS q1_avg,
       churn_rate(ended_at IS NOT NULL) AS flagged
FROM customers GROUP BY segment;
CREATE MATERIALIZED VIEW app.daily_mv AS
SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, score_summary(answer) AS answers,
       score_summary(rating) AS ratings, count(*) AS rows
FROM responses GROUP BY 1, 2;
CREATE UNIQUE INDEX ON app.daily_mv (day, channel);
CREATE VIEW app.rolling AS
SELECT day, nps(rollup(s) OVER w) AS nps_7, responses(rollup(s) OVER w) AS n_7
FROM (SELECT day, rollup(answers) AS s FROM app.daily_mv GROUP BY day) d
WINDOW w AS (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW);
CREATE FUNCTION app.label(s score_summary) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT round(nps(s)::numeric, 1) || ' (n=' || responses(s) || ')' $$;
CREATE FUNCTION app.promoters(s score_summary) RETURNS float8 LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC SELECT share(s, 9, 10); END;
CREATE AGGREGATE app.merge_all(score_summary) (SFUNC = score_summary_merge, STYPE = score_summary, INITCOND = '{}');
CREATE VIEW app.labels AS
SELECT channel, app.label(app.merge_all(answers)) AS label, app.promoters(rollup(answers)) AS promoters
FROM app.daily GROUP BY channel;
SQL

# Outputs of every dependent object; "label|query".
cat > "$WORK/dependents.list" <<'EOF'
app.daily|SELECT t::text FROM app.daily t
app.daily send|SELECT day || channel || score_summary_send(answers)::text FROM app.daily
app.monthly|SELECT t::text FROM app.monthly t
app.raw_metrics|SELECT t::text FROM app.raw_metrics t
app.csi|SELECT t::text FROM app.csi t
app.churn|SELECT t::text FROM app.churn t
app.daily_mv|SELECT t::text FROM app.daily_mv t
app.rolling|SELECT t::text FROM app.rolling t
app.labels|SELECT t::text FROM app.labels t
EOF
fingerprints() {
    local db=$1 label q
    while IFS='|' read -r label q; do
        echo "$label $(sql "$db" -c "SET max_parallel_workers_per_gather = 0" -c "SELECT x::text FROM ($q) x ORDER BY x::text COLLATE \"C\"" 2>&1 | md5sum | cut -c1-32) $(sql "$db" -c "SELECT count(*) FROM ($q) x" 2>&1)"
    done < "$WORK/dependents.list"
}

# Plain-SQL recomputation of app.daily_mv from the raw rows: prints ok/total.
recompute_check() {
    sql "$1" <<'SQL'
WITH raw AS (
    SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, count(answer) AS n,
           count(*) FILTER (WHERE answer >= 9) AS p, count(*) FILTER (WHERE answer <= 6) AS d,
           count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS sat, count(*) AS rows
    FROM responses GROUP BY 1, 2),
txt AS (
    SELECT day, channel, '{' || string_agg(answer || ':' || c, ',' ORDER BY answer) || '}' AS t
    FROM (SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, answer, count(*) AS c
          FROM responses WHERE answer IS NOT NULL GROUP BY 1, 2, 3) v GROUP BY 1, 2)
SELECT count(*) FILTER (WHERE m.answers::text IS NOT DISTINCT FROM x.t
                          AND coalesce(responses(m.answers), 0) = r.n AND m.rows = r.rows
                          AND (r.n = 0 OR abs(nps(m.answers) - 100.0 * (r.p - r.d) / nullif(r.n, 0)) < 1e-9)
                          AND (r.nr = 0 OR abs(csat(m.ratings) - 100.0 * r.sat / nullif(r.nr, 0)) < 1e-9))
       || '/' || count(*) || '/' || (SELECT count(*) FROM raw)
FROM app.daily_mv m FULL JOIN raw r USING (day, channel) LEFT JOIN txt x USING (day, channel);
SQL
}

for old in $OLD_VERSIONS; do
    db="${TAG}_from_${old//./_}"
    echo "== update $old -> $DEFAULT, as a user would =="
    createdb_ "$db" || die "create database"
    if ! sql "$db" -c "CREATE EXTENSION cx_metrics VERSION '$old'" >/dev/null ||
       ! sql "$db" -f "$SAMPLE" >/dev/null ||
       ! sql "$db" -f "$WORK/dependents.sql" > "$WORK/dep.out" 2>&1; then
        fail "$old: install and create dependent objects" "$(head -3 "$WORK/dep.out")"
        continue
    fi
    pass "$old: CREATE EXTENSION cx_metrics VERSION '$old', sample data and dependent objects"
    path=$(sql "$db" -c "SELECT path FROM pg_extension_update_paths('cx_metrics') WHERE source = '$old' AND target = '$DEFAULT'")
    if [ -n "$path" ]; then pass "$old: update path to $DEFAULT exists ($path)"; else fail "$old: update path to $DEFAULT exists"; fi

    dxplus "$db" > "$WORK/dx_before.txt"
    snapshot "$db" > "$WORK/snap_before.txt"
    fingerprints "$db" > "$WORK/fp_before.txt"
    sql "$db" -c "SELECT pg_describe_object(classid, objid, 0) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'cx_metrics' AND deptype = 'e' ORDER BY 1" > "$WORK/members_before.txt"

    if out=$(sql "$db" -c "ALTER EXTENSION cx_metrics UPDATE" 2>&1); then
        pass "$old: ALTER EXTENSION cx_metrics UPDATE with dependent objects in place"
    else
        fail "$old: ALTER EXTENSION cx_metrics UPDATE with dependent objects in place" "$out"
        continue
    fi
    v=$(sql "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics'")
    [ "$v" = "$DEFAULT" ] && pass "$old: extension version is now $DEFAULT" || fail "$old: extension version is now $DEFAULT" "$v"

    dxplus "$db" > "$WORK/dx_after.txt"
    removed=$(comm -23 "$WORK/dx_before.txt" "$WORK/dx_after.txt")
    added=$(comm -13 "$WORK/dx_before.txt" "$WORK/dx_after.txt" | wc -l)
    if [ -z "$removed" ] && [ "$(wc -l < "$WORK/dx_before.txt")" -gt 10 ]; then
        pass "$old: \\dx+ cx_metrics after the update keeps all $(wc -l < "$WORK/dx_before.txt") objects and only adds ($added added)"
    else
        fail "$old: \\dx+ cx_metrics only additions" "removed: $(echo "$removed" | head -5 | tr '\n' ';')"
    fi
    sql "$db" -c "SELECT pg_describe_object(classid, objid, 0) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'cx_metrics' AND deptype = 'e' ORDER BY 1" > "$WORK/members_after.txt"
    removed=$(comm -23 "$WORK/members_before.txt" "$WORK/members_after.txt")
    [ -z "$removed" ] && pass "$old: pg_depend: every $old member is still a member" || fail "$old: pg_depend: every $old member is still a member" "$removed"

    snapshot "$db" > "$WORK/snap_after.txt"
    changed=$(grep -Fxv -f "$WORK/snap_after.txt" "$WORK/snap_before.txt")
    if [ -z "$changed" ] && [ -s "$WORK/snap_before.txt" ]; then
        pass "$old: all $(wc -l < "$WORK/snap_before.txt") pre-existing members unchanged in the catalogs (signature, volatility, parallel, strictness, support functions, type layout, owner, comment)"
    else
        fail "$old: pre-existing members unchanged in the catalogs" "$(echo "$changed" | head -3 | cut -c1-200 | tr '\n' ';')"
    fi

    fingerprints "$db" > "$WORK/fp_after.txt"
    if cmp -s "$WORK/fp_before.txt" "$WORK/fp_after.txt" && ! grep -q ERROR "$WORK/fp_after.txt" && ! grep -q ' 0$' "$WORK/fp_after.txt"; then
        pass "$old: $(wc -l < "$WORK/fp_after.txt") dependent tables/views give identical output after the update"
    else
        fail "$old: dependent objects give identical output after the update" "$(diff "$WORK/fp_before.txt" "$WORK/fp_after.txt" | head -4 | tr '\n' ';')"
    fi

    # The new version's functions on summaries stored by the old one.
    res=$(sql "$db" <<'SQL'
WITH m AS (SELECT channel, rollup(answers) AS s FROM app.daily GROUP BY channel),
f AS (SELECT channel, s, responses(s)::float8 AS n, share(s, 9, 10) / 100 AS p, share(s, 0, 6) / 100 AS d FROM m)
SELECT count(*) FILTER (WHERE abs(nps_moe(s) - 100 * 1.959963984540054 * sqrt((p + d - (p - d) ^ 2) / n)) < 1e-9
                          AND effective_responses(s) = n
                          AND nps_low(s) < nps(s) AND nps(s) < nps_high(s)) || '/' || count(*)
FROM f;
SQL
)
    [ -n "$res" ] && [ "${res%/*}" = "${res#*/}" ] && [ "${res%/*}" -gt 0 ] \
        && pass "$old: $DEFAULT functions on summaries stored by $old: nps_moe = Wald formula, effective_responses = responses, nps_low < nps < nps_high ($res channels)" \
        || fail "$old: $DEFAULT functions on summaries stored by $old" "$res"
    res=$(sql "$db" <<'SQL'
WITH w AS (SELECT channel, score_summary(answer, 0.5 + (response_id % 4) * 0.5) AS s FROM responses GROUP BY channel),
o AS (SELECT channel, rollup(answers) AS s FROM app.daily GROUP BY channel),
merged AS (SELECT channel, rollup(s) AS s FROM (SELECT * FROM w UNION ALL SELECT * FROM o) u GROUP BY channel),
-- old summaries count each answer with weight 1
raw AS (SELECT channel, sum(wt) AS sw, sum(wt) FILTER (WHERE a >= 9) AS wp, sum(wt) FILTER (WHERE a <= 6) AS wd, count(*) AS n
        FROM (SELECT channel, answer AS a, 0.5 + (response_id % 4) * 0.5 AS wt FROM responses WHERE answer IS NOT NULL
              UNION ALL
              SELECT r.channel, r.answer, 1 FROM responses r
              WHERE r.answer IS NOT NULL AND EXISTS (SELECT 1 FROM app.daily d WHERE d.channel = r.channel
                                                     AND d.day = (r.responded_at AT TIME ZONE 'UTC')::date)) x
        GROUP BY channel)
SELECT count(*) FILTER (WHERE abs(nps(m.s) - 100 * (r.wp - r.wd) / r.sw) < 1e-9 AND responses(m.s) = r.n) || '/' || count(*)
FROM merged m JOIN raw r USING (channel);
SQL
)
    [ -n "$res" ] && [ "${res%/*}" = "${res#*/}" ] && [ "${res%/*}" -gt 0 ] \
        && pass "$old: rollup of $old-stored and $DEFAULT weighted summaries equals the weighted formula ($res channels)" \
        || fail "$old: rollup of $old-stored and $DEFAULT weighted summaries equals the weighted formula" "$res"

    # Keep working: new rows, REFRESH CONCURRENTLY, recomputation.
    if out=$(sql "$db" 2>&1 <<'SQL'
INSERT INTO responses (response_id, customer_id, responded_at, channel, answer, rating, effort)
SELECT 200000 + i, 1 + i % 1200, timestamptz '2025-06-15 10:00+00' + (i % 5) * interval '1 day',
       (ARRAY['app', 'web', 'phone', 'email', 'store'])[1 + i % 5], CASE WHEN i % 7 = 0 THEN NULL ELSE i % 11 END,
       1 + i % 5, 1 + i % 7
FROM generate_series(1, 500) i;
REFRESH MATERIALIZED VIEW CONCURRENTLY app.daily_mv;
SQL
    ); then
        res=$(recompute_check "$db")
        IFS=/ read -r ok total nraw <<<"$res"
        if [ -n "$ok" ] && [ "$ok" = "$total" ] && [ "$total" = "$nraw" ] && [ "$total" -gt 0 ]; then
            pass "$old: after update, inserts + REFRESH CONCURRENTLY: daily_mv equals recomputation from raw rows ($ok rows)"
        else
            fail "$old: after update, daily_mv equals recomputation from raw rows" "$res"
        fi
    else
        fail "$old: after update, inserts + REFRESH MATERIALIZED VIEW CONCURRENTLY" "$out"
    fi

    if out=$(sql "$db" -c "ALTER EXTENSION cx_metrics UPDATE" 2>&1) && [ "$(dxplus "$db" | md5sum)" = "$(md5sum < "$WORK/dx_after.txt")" ]; then
        pass "$old: a second ALTER EXTENSION cx_metrics UPDATE is a no-op"
    else
        fail "$old: a second ALTER EXTENSION cx_metrics UPDATE is a no-op" "$out"
    fi

    # --- the same update by a non-superuser owner (trusted extension) ---
    role="${TAG}_owner_${old//./_}"
    tdb="${TAG}_trusted_${old//./_}"
    if "${PSQL[@]}" -d postgres -c "CREATE ROLE $role LOGIN PASSWORD 'pw_$TAG' NOSUPERUSER NOCREATEDB NOCREATEROLE" && ROLES+=("$role") &&
       createdb_ "$tdb" && "${PSQL[@]}" -d "$tdb" -c "GRANT CREATE ON DATABASE $tdb TO $role"; then
        out=$(PGUSER=$role PGPASSWORD="pw_$TAG" PGDATABASE=$tdb psql -X -q -v ON_ERROR_STOP=1 -At 2>&1 <<SQL
CREATE SCHEMA mine;
SET search_path = mine;
CREATE EXTENSION cx_metrics VERSION '$old';
CREATE TABLE t (s score_summary);
INSERT INTO t SELECT score_summary(a) FROM generate_series(0, 10) a;
CREATE VIEW v AS SELECT nps(rollup(s)) AS nps FROM t;
ALTER EXTENSION cx_metrics UPDATE;
SELECT extversion, extowner::regrole FROM pg_extension WHERE extname = 'cx_metrics';
SELECT abs(nps - 100.0 * (count(*) FILTER (WHERE a >= 9) - count(*) FILTER (WHERE a <= 6)) / count(*)) < 1e-9,
       bool_and(nps_low(s) < nps AND nps < nps_high(s))
FROM v, (SELECT rollup(s) AS s FROM t) x, generate_series(0, 10) a GROUP BY nps;
SELECT count(DISTINCT p.proowner) || ' ' || min(p.proowner::regrole::text)
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid JOIN pg_proc p ON p.oid = d.objid
WHERE e.extname = 'cx_metrics' AND d.deptype = 'e' AND d.classid = 'pg_proc'::regclass;
SQL
)
        boot=$(sql "$tdb" -c "SELECT rolname FROM pg_roles WHERE oid = 10")
        expected=$(printf '%s\n' "$DEFAULT|$role" "t|t" "1 $boot")
        if [ "$out" = "$expected" ]; then
            pass "$old: a non-superuser owner with CREATE on the database updates it too; old and new functions all owned by $boot"
        else
            fail "$old: non-superuser update" "got: $(echo "$out" | tr '\n' ';') expected: $(echo "$expected" | tr '\n' ';')"
        fi
    else
        fail "$old: set up the non-superuser update"
    fi
done

# ---------------------------------------------------------------------------
# 3. Upgraded (empty) database vs fresh install of the default version
# ---------------------------------------------------------------------------
fresh="${TAG}_fresh"
createdb_ "$fresh" && sql "$fresh" -c "CREATE EXTENSION cx_metrics" || die "fresh install failed"
snapshot "$fresh" > "$WORK/snap_fresh.txt"
pg_dump --binary-upgrade --schema-only "$fresh" | grep -vE '^\\(un)?restrict |binary_upgrade_set_next_' > "$WORK/dump_fresh.sql"
for old in $OLD_VERSIONS; do
    up="${TAG}_clean_${old//./_}"
    createdb_ "$up" && sql "$up" -c "CREATE EXTENSION cx_metrics VERSION '$old'" -c "ALTER EXTENSION cx_metrics UPDATE" || { fail "$old: clean update"; continue; }
    snapshot "$up" > "$WORK/snap_up.txt"
    if cmp -s "$WORK/snap_fresh.txt" "$WORK/snap_up.txt" && [ -s "$WORK/snap_up.txt" ]; then
        pass "$old + update = fresh $DEFAULT: same $(wc -l < "$WORK/snap_up.txt") members with identical signatures, volatility, parallel safety, strictness, support functions, types, owners and comments"
    else
        fail "$old + update = fresh $DEFAULT (catalog snapshot)" "$(diff "$WORK/snap_fresh.txt" "$WORK/snap_up.txt" | head -4 | cut -c1-200 | tr '\n' ';')"
    fi
    pg_dump --binary-upgrade --schema-only "$up" | grep -vE '^\\(un)?restrict |binary_upgrade_set_next_' > "$WORK/dump_up.sql"
    if cmp -s "$WORK/dump_fresh.sql" "$WORK/dump_up.sql" && [ "$(grep -c '^CREATE' "$WORK/dump_up.sql")" -gt 10 ]; then
        pass "$old + update = fresh $DEFAULT: pg_dump --binary-upgrade --schema-only identical ($(grep -c '^CREATE' "$WORK/dump_up.sql") CREATE statements, OIDs removed)"
    else
        fail "$old + update = fresh $DEFAULT: pg_dump --binary-upgrade identical" "$(diff "$WORK/dump_fresh.sql" "$WORK/dump_up.sql" | head -6 | tr '\n' ';')"
    fi
done

echo "upgrade: $passed passed, $failed failed ($(( $(date +%s) - START )) s)"
[ "$failed" -eq 0 ]
