#!/bin/bash
# Hardening: trusted install and hostile search_path (issue "hardening"): "a
# non-superuser with CREATE on a database installs the extension and uses it;
# a hostile search_path (an attacker's schema with functions named like the
# ones the script calls) does not capture anything during CREATE EXTENSION."
#
# Run inside a cluster given by the PG* variables, as a superuser (it creates
# roles with passwords and connects as them over the same host/port, so the
# server must accept password logins there, as pg_virtualenv's localhost does):
#   pg_virtualenv -t bash test/hardening/trusted_install.sh
# Exits non-zero on any failure. Roles and databases it creates are dropped at
# exit (CX_KEEP=1 keeps them).
#
# Roles: an installer and a reader (no superuser), an attacker (no superuser,
# CREATE on the databases), a role without CREATE on the database.
#
# A. Trusted install: the role without CREATE on the database cannot install
#    (42501); the installer, with CREATE on the database only, runs CREATE
#    EXTENSION cx_metrics; the extension is owned by it, every member object by
#    the bootstrap superuser; it cannot alter, replace or drop a member
#    function; it stores summaries, builds views and a materialized view
#    (REFRESH CONCURRENTLY) whose values equal plain-SQL formulas; the reader,
#    with USAGE/SELECT only, uses the types and aggregates.
# B. Traps. The attacker owns schema "attacker" (USAGE granted to PUBLIC) and
#    fills it with SECURITY DEFINER PL/pgSQL functions that record every call
#    (a row in attacker.calls and a WARNING "cx-trap"):
#    - functions named like pg_catalog ones the script or a C function could
#      resolve (int4, int8, float8, numeric, text, array_fill, array_length,
#      cardinality, round, sqrt, abs, power, lower/upper/isempty of ranges,
#      daterange, tstzrange, hashint4, ...);
#    - one function per extension member function whose argument types are
#      all built in (nps_trans(bigint[], integer), nps_final(bigint[]), ...),
#      same name and signature (the "colliding" traps);
#    - operators = <> < > <= >= + - * / || @> <@ && on bigint[], float8[],
#      (integer, text), (text, integer), ranges;
#    - after the extension exists: one function per remaining member (same
#      name and signature, e.g. score_summary_merge(score_summary,
#      score_summary), nps(score_summary)) and operators on score_summary and
#      csi_state.
#    A self-test shows a trap does fire when a query resolves to it
#    (bigint[] = bigint[] with the attacker first on the path).
# C. Hostile search_path, every victim runs SET search_path = attacker, public:
#    1. CREATE EXTENSION cx_metrics (no SCHEMA), by the installer and by a
#       superuser: the target is the first schema of the path, the attacker's.
#       With the colliding traps there, the install fails with
#       duplicate_function (plain CREATE, never CREATE OR REPLACE), no trap is
#       called. Without them, it succeeds inside the attacker's schema: no trap
#       is called, but the attacker owns the schema that holds the extension
#       (reported as WARN: documented PostgreSQL behaviour, see the README).
#    2. CREATE EXTENSION cx_metrics SCHEMA public (superuser) and SCHEMA cx
#       (installer, cx not on the path afterwards): no trap called during the
#       install; every member object depends only on pg_catalog and the
#       extension's schema (pg_depend, argument/return types, aggregate
#       support functions, type I/O functions); every member function is
#       LANGUAGE C (no SQL body resolved at run time). Then, with all traps in
#       place, the victim uses everything schema-qualified with the attacker
#       first on the path (aggregates in serial and parallel plans, moving
#       windows, rollup, accessors, 1.1 intervals and tests, weighted
#       summaries, csi_state and score_summary text and binary COPY,
#       materialized view refresh), and unqualified with the extension's schema
#       first: no trap is called, and a clean session finds the stored results
#       equal to plain-SQL formulas over the raw rows.
#    3. A schema where the attacker has CREATE (like public before PostgreSQL
#       15): for every colliding trap planted there alone, CREATE EXTENSION
#       cx_metrics SCHEMA shared by the installer fails (42723/42710) without
#       calling it; a planted type named score_summary does the same.

set -uo pipefail

START=$(date +%s)
WORK=$(mktemp -d /tmp/cx_trusted.XXXXXX)
TAG="cxtr$$"
PW="pw_$TAG"
INSTALLER="${TAG}_installer"
ATTACKER="${TAG}_attacker"
READER="${TAG}_reader"
NOCREATE="${TAG}_nocreate"

source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

PSQL=(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose)   # messages with their SQLSTATE
DATABASES=()
cleanup() {
    if [ "${CX_KEEP:-0}" = 1 ]; then echo "kept $WORK, ${DATABASES[*]}, roles ${TAG}_*"; return; fi
    for db in "${DATABASES[@]}"; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done
    for r in "$INSTALLER" "$ATTACKER" "$READER" "$NOCREATE"; do
        "${PSQL[@]}" -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

su_() { local db=$1; shift; PGDATABASE=$db "${PSQL[@]}" -At "$@"; }                        # as the superuser
as_() { local role=$1 db=$2; shift 2; PGUSER=$role PGPASSWORD=$PW PGDATABASE=$db "${PSQL[@]}" -At "$@"; }
newdb() {
    su_ postgres -c "CREATE DATABASE $1" && DATABASES+=("$1") &&
    su_ "$1" -c "GRANT CREATE ON DATABASE $1 TO $INSTALLER, $ATTACKER" \
             -c "REVOKE ALL ON DATABASE $1 FROM PUBLIC" \
             -c "GRANT CONNECT, TEMP ON DATABASE $1 TO $INSTALLER, $ATTACKER, $READER, $NOCREATE"
}
BOOT=$(su_ postgres -c "SELECT rolname FROM pg_roles WHERE oid = 10")
[ "$(su_ postgres -c "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" = t ] || die "needs a superuser (PGUSER)"

for r in "$INSTALLER" "$ATTACKER" "$READER" "$NOCREATE"; do
    su_ postgres -c "CREATE ROLE $r LOGIN PASSWORD '$PW' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT" || die "create role $r"
done

# Test data, created by the superuser in schema victim of a database, readable by all.
load_data() {
    su_ "$1" <<SQL
CREATE SCHEMA victim;
GRANT USAGE, CREATE ON SCHEMA victim TO PUBLIC;
CREATE TABLE victim.data AS
SELECT i AS id, (ARRAY['app', 'web', 'phone'])[1 + i % 3] AS channel,
       CASE WHEN i % 13 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS answer,
       1 + (hashint4(i + 1) & 2147483647) % 5 AS rating, 1 + (hashint4(i + 2) & 2147483647) % 7 AS effort,
       0.25 * (1 + i % 8) AS weight,
       (1 + i % 5)::float8 AS sat, (1 + i % 3)::float8 AS imp,
       (ARRAY['delivery', 'price', 'support', 'say "hi", \\ ok'])[1 + i % 4] AS comp,
       date '2024-01-01' + i % 500 AS sd,
       CASE WHEN i % 3 = 0 THEN NULL ELSE date '2024-01-01' + i % 500 + 1 + i % 400 END AS ed,
       i % 4 = 0 AS flag
FROM generate_series(1, 30000) i;
GRANT SELECT ON victim.data TO PUBLIC;
ANALYZE victim.data;
SQL
}

# ---------------------------------------------------------------------------
# Reference list of member functions (name | argument types | return type),
# types qualified with schema "public" where not built in.
# ---------------------------------------------------------------------------
REF="${TAG}_ref"
newdb "$REF" && su_ "$REF" -c "CREATE EXTENSION cx_metrics" || die "reference install failed"
su_ "$REF" -F '|' > "$WORK/members.txt" <<'SQL' || die "member list"
SET search_path = '';
SELECT p.proname, pg_catalog.oidvectortypes(p.proargtypes), pg_catalog.format_type(p.prorettype, NULL),
       bool_and(t.typnamespace = 'pg_catalog'::regnamespace AND t.typname NOT IN ('cstring', 'internal'))
FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
JOIN pg_catalog.pg_proc p ON p.oid = d.objid AND d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
LEFT JOIN pg_catalog.pg_type t ON t.oid = ANY (p.proargtypes)
WHERE e.extname = 'cx_metrics' AND d.deptype = 'e'
  AND NOT 'cstring'::pg_catalog.regtype = ANY (p.proargtypes) AND NOT 'internal'::pg_catalog.regtype = ANY (p.proargtypes)
GROUP BY 1, 2, 3 ORDER BY 1, 2;
SQL
n_builtin=$(awk -F'|' '$4 == "t"' "$WORK/members.txt" | wc -l)
n_ext=$(awk -F'|' '$4 != "t"' "$WORK/members.txt" | wc -l)
[ "$n_builtin" -gt 20 ] && [ "$n_ext" -gt 20 ] || die "unexpected member list ($n_builtin built-in signatures, $n_ext others)"

# trap_sql NAME ARGS RETTYPE: a recording function in schema attacker.
trap_sql() {
    local ret='RETURN NULL;'
    [ "$3" = void ] && ret='RETURN;'    # maintain_summary and its kin return void
    printf 'CREATE FUNCTION attacker.%s(%s) RETURNS %s LANGUAGE plpgsql SECURITY DEFINER AS $t$ BEGIN INSERT INTO attacker.calls (fn, by_user) VALUES (%s, session_user); RAISE WARNING %s, session_user; %s END $t$;\n' \
        "$1" "$2" "$3" "'$1($2)'" "'cx-trap: $1($2) called by %'" "$ret"
}
# op_traps SUFFIX "T1,T2" ...: recording operators for each pair.
op_traps() {
    local suffix=$1 pair n=0 op; shift
    for pair in "$@"; do
        n=$((n + 1))
        trap_sql "op_${suffix}_$n" "l ${pair%%,*}, r ${pair#*,}" boolean
        for op in '=' '<>' '<' '>' '<=' '>=' '+' '-' '*' '/' '||' '@>' '<@' '&&'; do
            printf 'CREATE OPERATOR attacker.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = attacker.op_%s_%s);\n' "$op" "${pair%%,*}" "${pair#*,}" "$suffix" "$n"
        done
    done
}

# Phase 1 (before the install): schema, log table, built-in-named traps,
# colliding traps (built-in signatures), operators on built-in types.
{
    echo "CREATE SCHEMA attacker; GRANT USAGE ON SCHEMA attacker TO PUBLIC;"
    echo "CREATE TABLE attacker.calls (fn text, by_user name, at timestamptz DEFAULT now());"
    while IFS='|' read -r name args ret; do trap_sql "$name" "$args" "$ret"; done <<'EOF'
int4|text|integer
int4|bigint|integer
int4|double precision|integer
int4|numeric|integer
int8|integer|bigint
int8|text|bigint
int8|numeric|bigint
float8|integer|double precision
float8|bigint|double precision
float8|numeric|double precision
float8|text|double precision
numeric|double precision|numeric
text|integer|text
text|bigint|text
text|double precision|text
array_fill|bigint, integer[]|bigint[]
array_length|bigint[], integer|integer
array_upper|bigint[], integer|integer
cardinality|bigint[]|integer
cardinality|double precision[]|integer
round|double precision|double precision
sqrt|double precision|double precision
abs|double precision|double precision
power|double precision, double precision|double precision
ln|double precision|double precision
lower|daterange|date
upper|daterange|date
lower|tstzrange|timestamp with time zone
upper|tstzrange|timestamp with time zone
isempty|daterange|boolean
isempty|tstzrange|boolean
lower_inf|daterange|boolean
upper_inf|daterange|boolean
daterange|date, date|daterange
tstzrange|timestamp with time zone, timestamp with time zone|tstzrange
hashint4|integer|integer
length|text|integer
EOF
    op_traps b "bigint[],bigint[]" "double precision[],double precision[]" "integer,text" "text,integer" \
        "bigint[],integer" "daterange,date" "tstzrange,timestamp with time zone" "bigint,integer"
} > "$WORK/traps_builtin.sql"
awk -F'|' '$4 == "t"' "$WORK/members.txt" | while IFS='|' read -r name args ret _; do
    case $ret in public.*) ret=text ;; esac
    trap_sql "$name" "$args" "$ret"
done > "$WORK/traps_colliding.sql"
# Phase 2 (after the install): the other members and operators on the extension's types.
ext_traps() {    # ext_traps EXTSCHEMA
    awk -F'|' '$4 != "t"' "$WORK/members.txt" | while IFS='|' read -r name args ret _; do
        [ "$ret" = cstring ] && ret=text    # PL/pgSQL cannot return cstring (output functions)
        trap_sql "$name" "${args//public./$1.}" "${ret//public./$1.}"
    done
    op_traps e "$1.score_summary,$1.score_summary" "$1.csi_state,$1.csi_state" "$1.score_summary,integer" \
        "$1.score_summary,text" "text,$1.score_summary"
}

trap_count() { su_ "$1" -c "SELECT count(*) || coalesce(': ' || string_agg(DISTINCT fn || ' by ' || by_user, ', '), '') FROM attacker.calls"; }
no_traps() {    # no_traps DB LABEL STDERR-FILES...: nothing recorded, no cx-trap warning
    local db=$1 label=$2; shift 2
    local c; c=$(trap_count "$db")
    if [ "$c" = 0 ] && ! grep -qs 'cx-trap' "$@"; then
        pass "$label: no attacker function or operator called"
    else
        fail "$label: no attacker function or operator called" "$c $(grep -hs 'cx-trap' "$@" | head -3 | tr '\n' ' ')"
    fi
}

# The extension's members depend only on pg_catalog and their own schema.
deps_check() {    # deps_check DB LABEL
    local out
    out=$(su_ "$1" <<'SQL'
WITH e AS (SELECT oid, extnamespace FROM pg_extension WHERE extname = 'cx_metrics'),
members AS (SELECT d.classid, d.objid FROM pg_depend d, e WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid AND d.deptype = 'e'),
ok_ns AS (SELECT extnamespace AS ns FROM e UNION SELECT 'pg_catalog'::regnamespace),
bad_deps AS (
    SELECT pg_describe_object(m.classid, m.objid, 0) || ' -> ' || pg_describe_object(d.refclassid, d.refobjid, 0) AS problem
    FROM members m JOIN pg_depend d ON d.classid = m.classid AND d.objid = m.objid
    CROSS JOIN LATERAL pg_identify_object(d.refclassid, d.refobjid, 0) i
    WHERE d.refclassid <> 'pg_extension'::regclass
      AND NOT (d.refclassid = 'pg_namespace'::regclass AND d.refobjid IN (SELECT ns FROM ok_ns))
      AND NOT (d.refclassid = 'pg_language'::regclass AND d.refobjid = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql'))
      AND coalesce(i.schema, '-') NOT IN (SELECT ns::regnamespace::text FROM ok_ns)),
procs AS (SELECT p.* FROM pg_proc p JOIN members m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid),
bad_types AS (
    SELECT p.oid::regprocedure || ' uses type ' || t.oid::regtype AS problem
    FROM procs p CROSS JOIN LATERAL unnest(p.proargtypes::oid[] || p.prorettype) a(t0) JOIN pg_type t ON t.oid = a.t0
    WHERE t.typnamespace NOT IN (SELECT ns FROM ok_ns)),
bad_aggs AS (
    SELECT a.aggfnoid::regprocedure || ' uses ' || f.f::regprocedure AS problem
    FROM pg_aggregate a JOIN procs p ON p.oid = a.aggfnoid
    CROSS JOIN LATERAL unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
                                    a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn]::oid[]) f(f)
    JOIN pg_proc q ON q.oid = f.f
    WHERE f.f <> 0 AND q.pronamespace NOT IN (SELECT ns FROM ok_ns)
    UNION ALL
    SELECT a.aggfnoid::regprocedure || ' state ' || a.aggtranstype::regtype
    FROM pg_aggregate a JOIN procs p ON p.oid = a.aggfnoid JOIN pg_type t ON t.oid IN (a.aggtranstype, a.aggmtranstype)
    WHERE t.typnamespace NOT IN (SELECT ns FROM ok_ns)),
bad_io AS (
    SELECT t.oid::regtype || ' uses ' || f.f::regprocedure AS problem
    FROM pg_type t JOIN members m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
    CROSS JOIN LATERAL unnest(ARRAY[t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout, t.typanalyze]::oid[]) f(f)
    JOIN pg_proc q ON q.oid = f.f
    WHERE f.f <> 0 AND q.pronamespace NOT IN (SELECT ns FROM ok_ns)),
not_c AS (
    -- C, or PL/pgSQL running as the caller (maintain_summary and its kin:
    -- every name in them qualified, as the update checker verifies)
    SELECT p.oid::regprocedure || ' is LANGUAGE ' || l.lanname
           || CASE WHEN p.prosecdef THEN ' SECURITY DEFINER' ELSE '' END AS problem
    FROM procs p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.prokind = 'f' AND l.lanname NOT IN ('c', 'internal')
      AND NOT (l.lanname = 'plpgsql' AND NOT p.prosecdef))
SELECT (SELECT count(*) FROM members) || ' ' || coalesce(string_agg(problem, '; '), 'none')
FROM (SELECT * FROM bad_deps UNION ALL SELECT * FROM bad_types UNION ALL SELECT * FROM bad_aggs
      UNION ALL SELECT * FROM bad_io UNION ALL SELECT * FROM not_c) x;
SQL
)
    if [ "${out#* }" = none ] && [ "${out%% *}" -gt 50 ]; then
        pass "$2: all ${out%% *} members reference only pg_catalog and the extension's schema; every function is LANGUAGE C or PL/pgSQL running as the caller"
    else
        fail "$2: members reference only pg_catalog and the extension's schema" "$out"
    fi
}

# ---------------------------------------------------------------------------
# A. Trusted install by a non-superuser
# ---------------------------------------------------------------------------
echo "== A. trusted install =="
DB_A="${TAG}_trusted"
newdb "$DB_A" || die "create $DB_A"
load_data "$DB_A" || die "load data"
out=$(as_ "$NOCREATE" "$DB_A" -c "CREATE EXTENSION cx_metrics" 2>&1)
[[ $out == *42501* ]] && pass "a role without CREATE on the database cannot install it (42501)" \
                      || fail "a role without CREATE on the database cannot install it" "$out"
if out=$(as_ "$INSTALLER" "$DB_A" -c "CREATE EXTENSION cx_metrics" 2>&1); then
    pass "a non-superuser with CREATE on the database runs CREATE EXTENSION cx_metrics"
else
    fail "a non-superuser with CREATE on the database runs CREATE EXTENSION cx_metrics" "$out"
fi
res=$(su_ "$DB_A" <<SQL
SELECT e.extowner::regrole || ' ' || e.extnamespace::regnamespace || ' ' || e.extversion || ' ' ||
       count(*) || ' ' || count(*) FILTER (WHERE o.owner = 10)
FROM pg_extension e JOIN pg_depend d ON d.refobjid = e.oid AND d.deptype = 'e'
CROSS JOIN LATERAL (
    SELECT proowner AS owner FROM pg_proc WHERE d.classid = 'pg_proc'::regclass AND oid = d.objid
    UNION ALL SELECT typowner FROM pg_type WHERE d.classid = 'pg_type'::regclass AND oid = d.objid) o
WHERE e.extname = 'cx_metrics' GROUP BY e.extowner, e.extnamespace, e.extversion;
SQL
)
read -r owner schema version members boot_owned <<<"$res"
if [ "$owner" = "$INSTALLER" ] && [ "$schema" = public ] && [ -n "$members" ] && [ "$members" = "$boot_owned" ]; then
    pass "extension $version in public owned by the installer; all $members member functions and types owned by the bootstrap superuser $BOOT"
else
    fail "ownership after a trusted install" "$res"
fi
members_sig() { su_ "$DB_A" -c "SELECT md5(string_agg(p::text, ',' ORDER BY oid)) FROM pg_proc p WHERE proname IN ('nps_final', 'nps', 'nps2')"; }
before=$(members_sig)
for stmt in "ALTER FUNCTION public.nps_final(bigint[]) COST 1000" \
            "CREATE OR REPLACE FUNCTION public.nps_final(bigint[]) RETURNS float8 LANGUAGE sql AS 'SELECT 42::float8'" \
            "DROP FUNCTION public.nps_final(bigint[])" \
            "ALTER AGGREGATE public.nps(integer) RENAME TO nps2"; do
    out=$(as_ "$INSTALLER" "$DB_A" -c "$stmt" 2>&1)
    if [[ $out == *ERROR* ]] && [ "$(members_sig)" = "$before" ]; then
        out=${out%%$'\n'*}
        pass "the installer cannot change a member: ${stmt%%(*}(...) refused (${out#*:  })"
    else
        fail "the installer cannot change a member: $stmt" "$out"
    fi
done
out=$(as_ "$INSTALLER" "$DB_A" 2>&1 <<'SQL'
CREATE SCHEMA app;
CREATE TABLE app.daily AS
SELECT channel, sd AS day, score_summary(answer) AS answers, score_summary(rating) AS ratings,
       score_summary(answer, weight) AS weighted
FROM victim.data GROUP BY 1, 2;
CREATE VIEW app.by_channel AS
SELECT channel, nps(rollup(answers)) AS nps, csat(rollup(ratings)) AS csat, responses(rollup(answers)) AS n,
       nps(rollup(weighted)) AS wnps
FROM app.daily GROUP BY channel;
CREATE MATERIALIZED VIEW app.mv AS SELECT channel, score_summary(answer) AS s, ces(effort) AS ces FROM victim.data GROUP BY channel;
CREATE UNIQUE INDEX ON app.mv (channel);
REFRESH MATERIALIZED VIEW CONCURRENTLY app.mv;
GRANT USAGE ON SCHEMA app TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA app TO PUBLIC;
SQL
)
[ -z "$out" ] && pass "the installer stores summaries, builds a view and a materialized view (REFRESH CONCURRENTLY)" \
              || fail "the installer uses the extension" "$out"
res=$(su_ "$DB_A" <<'SQL'
SELECT count(*) FILTER (WHERE abs(v.nps - 100.0 * (r.p - r.d) / r.n) < 1e-9 AND abs(v.csat - 100.0 * r.sat / r.nr) < 1e-9
                          AND v.n = r.n AND abs(v.wnps - 100.0 * (r.wp - r.wd) / r.w) < 1e-9
                          AND m.s::text = r.t AND abs(m.ces - r.se::float8 / r.ne) < 1e-9) || '/' || count(*)
FROM app.by_channel v JOIN app.mv m USING (channel) JOIN (
    SELECT channel, count(answer) AS n, count(*) FILTER (WHERE answer >= 9) AS p, count(*) FILTER (WHERE answer <= 6) AS d,
           count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS sat, count(effort) AS ne, sum(effort) AS se,
           sum(weight) FILTER (WHERE answer IS NOT NULL) AS w, sum(weight) FILTER (WHERE answer >= 9) AS wp,
           sum(weight) FILTER (WHERE answer <= 6) AS wd,
           (SELECT '{' || string_agg(a || ':' || c, ',' ORDER BY a) || '}'
              FROM (SELECT answer AS a, count(*) AS c FROM victim.data x WHERE x.channel = y.channel AND answer IS NOT NULL GROUP BY 1) z) AS t
    FROM victim.data y GROUP BY channel) r USING (channel);
SQL
)
[ "$res" = "3/3" ] && pass "the installer's view and materialized view equal plain-SQL formulas (3 channels)" \
                   || fail "the installer's view and materialized view equal plain-SQL formulas" "$res"
res=$(as_ "$READER" "$DB_A" <<'SQL' 2>&1
SELECT (SELECT sum(n) FROM app.by_channel) = (SELECT count(answer) FROM victim.data)
   AND (SELECT responses(rollup(s)) FROM app.mv) = (SELECT count(answer) FROM victim.data)
   AND '{9:3, 0:1}'::score_summary::text = '{0:1,9:3}'
   AND (SELECT nps(a) FROM unnest(ARRAY[9, 10, 0, 7]) a) = 25
   AND (SELECT rollup(answers)::text FROM app.daily) = (SELECT score_summary(answer)::text FROM victim.data);
SQL
)
[ "$res" = t ] && pass "a reader with only USAGE/SELECT uses the types, aggregates and accessors" \
              || fail "a reader uses the types, aggregates and accessors" "$res"

# ---------------------------------------------------------------------------
# B. The traps work (self-test)
# ---------------------------------------------------------------------------
echo "== B. attacker's traps =="
DB_T="${TAG}_selftest"
newdb "$DB_T" || die "create $DB_T"
if as_ "$ATTACKER" "$DB_T" -f "$WORK/traps_builtin.sql" > /dev/null 2> "$WORK/plant.err" &&
   as_ "$ATTACKER" "$DB_T" -f "$WORK/traps_colliding.sql" > /dev/null 2>> "$WORK/plant.err"; then
    n=$(su_ "$DB_T" -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'attacker'::regnamespace")
    o=$(su_ "$DB_T" -c "SELECT count(*) FROM pg_operator WHERE oprnamespace = 'attacker'::regnamespace")
    pass "attacker planted $n functions and $o operators before any install"
else
    fail "attacker plants traps" "$(head -3 "$WORK/plant.err")"
fi
as_ "$INSTALLER" "$DB_T" -c "SET search_path = attacker, public" -c "SELECT ARRAY[1::bigint] = ARRAY[1::bigint]" >/dev/null 2> "$WORK/selftest.err"
c=$(trap_count "$DB_T")
if [[ $c == 1:* ]] && grep -q 'cx-trap' "$WORK/selftest.err"; then
    pass "self-test: a query that resolves to a trap is detected ($c)"
else
    fail "self-test: a query that resolves to a trap is detected" "$c"
fi

# ---------------------------------------------------------------------------
# C1. CREATE EXTENSION without SCHEMA, attacker first on the path
# ---------------------------------------------------------------------------
echo "== C1. SET search_path = attacker, public; CREATE EXTENSION cx_metrics =="
for victim in installer superuser; do
    db="${TAG}_c1_$victim"
    newdb "$db" || die "create $db"
    as_ "$ATTACKER" "$db" -f "$WORK/traps_builtin.sql" > /dev/null && as_ "$ATTACKER" "$db" -f "$WORK/traps_colliding.sql" > /dev/null \
        || { fail "C1 $victim: plant traps"; continue; }
    run_victim() {
        if [ "$victim" = installer ]; then as_ "$INSTALLER" "$db" "$@"; else su_ "$db" "$@"; fi
    }
    out=$(run_victim -c "SET search_path = attacker, public" -c "CREATE EXTENSION cx_metrics" 2> "$WORK/c1_$victim.err")
    err=$(cat "$WORK/c1_$victim.err")
    if [[ $err == *42723* ]] && [ "$(su_ "$db" -c "SELECT count(*) FROM pg_extension WHERE extname = 'cx_metrics'")" = 0 ]; then
        pass "C1 $victim: with same-signature functions in the attacker's schema the install fails (42723 duplicate_function), nothing adopted"
    else
        fail "C1 $victim: install into the attacker's schema with colliding functions fails" "$err"
    fi
    no_traps "$db" "C1 $victim (colliding traps)" "$WORK/c1_$victim.err"
    # Without the colliding traps.
    as_ "$ATTACKER" "$db" -c "$(awk -F'|' '$4 == "t" {printf "DROP FUNCTION attacker.%s(%s);\n", $1, $2}' "$WORK/members.txt")" >/dev/null \
        || { fail "C1 $victim: drop colliding traps"; continue; }
    run_victim -c "SET search_path = attacker, public" -c "CREATE EXTENSION cx_metrics" >/dev/null 2> "$WORK/c1b_$victim.err"
    where=$(su_ "$db" -c "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'cx_metrics'")
    if [ -n "$where" ]; then
        pass "C1 $victim: without colliding functions the install succeeds (into schema $where)"
        no_traps "$db" "C1 $victim (install)" "$WORK/c1b_$victim.err"
        run_victim -c "SET search_path = attacker, public" \
            -c "SELECT attacker.nps(answer), attacker.score_summary(answer)::pg_catalog.text, attacker.nps(attacker.score_summary(answer)) FROM (VALUES (1), (9), (10)) v(answer)" \
            >/dev/null 2> "$WORK/c1c_$victim.err" || fail "C1 $victim: use" "$(cat "$WORK/c1c_$victim.err")"
        no_traps "$db" "C1 $victim (use)" "$WORK/c1c_$victim.err"
        if [ "$where" = attacker ]; then
            warn "C1 $victim: the extension now lives in the attacker's schema: its owner can DROP SCHEMA attacker CASCADE (dropping the extension and every column of its types) and add overloads next to it. PostgreSQL puts an extension without SCHEMA into the first schema of search_path, without a CREATE privilege check for a trusted extension; install with SCHEMA <a schema you own>."
        fi
    else
        fail "C1 $victim: install without colliding functions" "$(cat "$WORK/c1b_$victim.err")"
    fi
done

# ---------------------------------------------------------------------------
# C2. CREATE EXTENSION ... SCHEMA s, attacker first on the path, then use
# ---------------------------------------------------------------------------
for case in "superuser public" "installer cx"; do
    read -r victim X <<<"$case"
    db="${TAG}_c2_$victim"
    echo "== C2. $victim: SET search_path = attacker, public; CREATE EXTENSION cx_metrics SCHEMA $X =="
    newdb "$db" || die "create $db"
    load_data "$db" || die "load data"
    as_ "$ATTACKER" "$db" -f "$WORK/traps_builtin.sql" > /dev/null && as_ "$ATTACKER" "$db" -f "$WORK/traps_colliding.sql" > /dev/null \
        || { fail "C2 $victim: plant traps"; continue; }
    run_victim() {
        if [ "$victim" = installer ]; then as_ "$INSTALLER" "$db" "$@"; else su_ "$db" "$@"; fi
    }
    pre=""
    [ "$X" != public ] && pre="CREATE SCHEMA $X; GRANT USAGE ON SCHEMA $X TO PUBLIC;"
    if run_victim -c "$pre SET search_path = attacker, public" -c "CREATE EXTENSION cx_metrics SCHEMA $X" > /dev/null 2> "$WORK/c2_$victim.err"; then
        pass "C2 $victim: CREATE EXTENSION cx_metrics SCHEMA $X with the attacker first on the path"
    else
        fail "C2 $victim: CREATE EXTENSION cx_metrics SCHEMA $X" "$(cat "$WORK/c2_$victim.err")"
        continue
    fi
    no_traps "$db" "C2 $victim (install)" "$WORK/c2_$victim.err"
    deps_check "$db" "C2 $victim"
    # Phase 2 traps on the extension's own types.
    ext_traps "$X" > "$WORK/traps_ext_$X.sql"
    if as_ "$ATTACKER" "$db" -f "$WORK/traps_ext_$X.sql" > /dev/null 2> "$WORK/plant2.err"; then
        pass "C2 $victim: attacker adds $(grep -c '^CREATE FUNCTION' "$WORK/traps_ext_$X.sql") functions/operator functions on the extension's types and names"
    else
        fail "C2 $victim: attacker adds traps on the extension's types" "$(head -3 "$WORK/plant2.err")"
    fi
    # Use, schema-qualified, the attacker first; store the results.
    run_victim > /dev/null 2> "$WORK/use_$victim.err" <<SQL
SET search_path = attacker, public;
SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET parallel_leader_participation = off;
CREATE TABLE victim.r_$victim AS
SELECT channel,
       $X.nps(answer) AS nps, $X.nps(answer, 9, 5) AS nps95, $X.csat(rating) AS csat, $X.csat(rating, 5) AS top,
       $X.ces(effort) AS ces, $X.score_summary(answer)::pg_catalog.text AS answers,
       $X.nps($X.score_summary(answer, weight)) AS wnps,
       $X.weighted_csi(sat, imp) AS csi_row, $X.weighted_csi(comp, sat, imp) AS csi_comp,
       $X.churn_rate(flag) AS churn_flag,
       $X.churn_rate(sd, ed, pg_catalog.daterange('2024-06-01', '2024-09-01')) AS churn_q,
       $X.churn_rate(sd::pg_catalog.timestamptz, ed::pg_catalog.timestamptz,
                     pg_catalog.tstzrange('2024-06-01 00:00+00', '2024-09-01 00:00+00'), 'average') AS churn_avg
FROM victim.data GROUP BY channel;
CREATE TABLE victim.s_$victim AS
SELECT channel, sd, $X.score_summary(answer) AS s, $X.score_summary(answer, weight) AS w FROM victim.data GROUP BY 1, 2;
CREATE TABLE victim.q_$victim AS
SELECT channel, $X.nps($X.rollup(s)) AS nps, $X.responses($X.rollup(s)) AS n, $X.mean($X.rollup(s)) AS mean,
       $X.share($X.rollup(s), 9, 10) AS promoters, $X.nps_moe($X.rollup(s)) AS moe,
       $X.nps_low($X.rollup(s)) AS lo, $X.nps_high($X.rollup(s)) AS hi, $X.csat_low($X.rollup(s), satisfied_min => 5) AS clo,
       $X.effective_responses($X.rollup(w)) AS neff, $X.score_summary_merge($X.rollup(s), $X.rollup(w))::pg_catalog.text AS merged,
       $X.nps_test($X.rollup(s), $X.rollup(w)) AS p_same
FROM victim.s_$victim GROUP BY channel;
CREATE TABLE victim.w_$victim AS
SELECT id, $X.nps(answer) OVER w AS nps_w, $X.score_summary(answer) OVER w AS s_w
FROM victim.data WHERE id <= 3000 WINDOW w AS (ORDER BY id ROWS BETWEEN 99 PRECEDING AND CURRENT ROW);
CREATE TABLE victim.t_$victim AS
SELECT '{9:3, 0:1}'::$X.score_summary::pg_catalog.text AS s_text,
       '{"b":1:2:3, "a\"x":2:4:6}'::$X.csi_state::pg_catalog.text AS c_text,
       $X.score_summary_send('{3:1,10:258}') AS s_bin,
       $X.weighted_csi_component_final($X.csi_state_combine('{"a":1:4:5}', '{"a":1:2:1,"b":2:6:2}')) AS csi_final;
CREATE MATERIALIZED VIEW victim.mv_$victim AS SELECT channel, $X.score_summary(answer) AS s FROM victim.data GROUP BY channel;
CREATE UNIQUE INDEX ON victim.mv_$victim (channel);
REFRESH MATERIALIZED VIEW CONCURRENTLY victim.mv_$victim;
CREATE TABLE victim.copy_$victim (s $X.score_summary, c $X.csi_state);
\copy (SELECT s, $X.weighted_csi_component_trans('{}', 'q"x', 4, 5) FROM victim.s_$victim) TO '$WORK/copy_$victim.bin' WITH (FORMAT binary)
\copy victim.copy_$victim FROM '$WORK/copy_$victim.bin' WITH (FORMAT binary)
EXPLAIN (COSTS OFF) SELECT $X.nps(answer), $X.score_summary(answer), $X.weighted_csi(comp, sat, imp) FROM victim.data;
SQL
    rc=$?
    if [ $rc -eq 0 ]; then
        pass "C2 $victim: schema-qualified use with the attacker first on the path (aggregates, rollup, accessors, 1.1 functions, windows, text and binary I/O, REFRESH CONCURRENTLY)"
    else
        fail "C2 $victim: schema-qualified use" "$(grep -v cx-trap "$WORK/use_$victim.err" | head -3)"
    fi
    plan=$(run_victim -c "SET max_parallel_workers_per_gather = 2" -c "SET parallel_setup_cost = 0" -c "SET parallel_tuple_cost = 0" \
        -c "SET min_parallel_table_scan_size = 0" -c "EXPLAIN (COSTS OFF) SELECT channel, $X.nps(answer) FROM victim.data GROUP BY channel" 2>&1)
    [[ $plan == *Partial*Aggregate* ]] && [[ $plan == *Gather* ]] && pass "C2 $victim: the aggregates ran in a parallel plan (Gather, Partial Aggregate)" \
        || fail "C2 $victim: parallel plan" "$plan"
    # Unqualified, the extension's schema first.
    run_victim > /dev/null 2> "$WORK/use2_$victim.err" <<SQL
SET search_path = $X, attacker;
CREATE TABLE victim.u_$victim AS
SELECT channel, nps(answer) AS nps, csat(rating) AS csat, ces(effort) AS ces, score_summary(answer)::pg_catalog.text AS answers,
       nps(rollup(score_summary(answer)) OVER (PARTITION BY channel)) AS nps_over, weighted_csi(sat, imp) AS csi_row
FROM victim.data GROUP BY channel;
SQL
    [ $? -eq 0 ] && pass "C2 $victim: unqualified use with search_path = $X, attacker" \
                 || fail "C2 $victim: unqualified use" "$(grep -v cx-trap "$WORK/use2_$victim.err" | head -3)"
    no_traps "$db" "C2 $victim (use)" "$WORK/use_$victim.err" "$WORK/use2_$victim.err"

    # A clean session (no attacker on the path) checks the stored results.
    res=$(su_ "$db" <<SQL
SET search_path = $X, public;
WITH raw AS (
    SELECT channel, count(answer) AS n, count(*) FILTER (WHERE answer >= 9) AS p, count(*) FILTER (WHERE answer <= 6) AS d,
           count(*) FILTER (WHERE answer <= 5) AS d5, count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS sat,
           count(*) FILTER (WHERE rating = 5) AS top, count(effort) AS ne, sum(effort) AS se,
           sum(weight) FILTER (WHERE answer IS NOT NULL) AS w, sum(weight) FILTER (WHERE answer >= 9) AS wp,
           sum(weight) FILTER (WHERE answer <= 6) AS wd, sum(sat * imp) / sum(imp) AS csi,
           100.0 * count(*) FILTER (WHERE flag) / count(flag) AS churn_flag,
           100.0 * count(*) FILTER (WHERE sd < '2024-06-01' AND ed >= '2024-06-01' AND ed < '2024-09-01')
                 / nullif(count(*) FILTER (WHERE sd < '2024-06-01' AND (ed IS NULL OR ed >= '2024-06-01')), 0) AS churn_q,
           100.0 * count(*) FILTER (WHERE ed >= '2024-06-01' AND ed < '2024-09-01')
                 / nullif((count(*) FILTER (WHERE sd < '2024-06-01' AND (ed IS NULL OR ed >= '2024-06-01'))
                           + count(*) FILTER (WHERE sd < '2024-09-01' AND (ed IS NULL OR ed >= '2024-09-01'))) / 2.0, 0) AS churn_avg
    FROM victim.data GROUP BY channel),
txt AS (
    SELECT channel, '{' || string_agg(answer || ':' || c, ',' ORDER BY answer) || '}' AS t
    FROM (SELECT channel, answer, count(*) AS c FROM victim.data WHERE answer IS NOT NULL GROUP BY 1, 2) v GROUP BY channel),
comp AS (
    SELECT channel, sum(mi * ms) / sum(mi) AS csi_comp
    FROM (SELECT channel, comp, avg(imp) AS mi, avg(sat) AS ms FROM victim.data GROUP BY 1, 2) c GROUP BY channel)
SELECT count(*) FILTER (WHERE abs(r.nps - 100.0 * (x.p - x.d) / x.n) < 1e-9
                          AND abs(r.nps95 - 100.0 * (x.p - x.d5) / x.n) < 1e-9
                          AND abs(r.csat - 100.0 * x.sat / x.nr) < 1e-9 AND abs(r.top - 100.0 * x.top / x.nr) < 1e-9
                          AND abs(r.ces - x.se::float8 / x.ne) < 1e-9 AND r.answers = t.t
                          AND abs(r.wnps - 100.0 * (x.wp - x.wd) / x.w) < 1e-9
                          AND abs(r.csi_row - x.csi) < 1e-9 AND abs(r.csi_comp - c.csi_comp) < 1e-9
                          AND abs(r.churn_flag - x.churn_flag) < 1e-9 AND abs(r.churn_q - x.churn_q) < 1e-9 AND abs(r.churn_avg - x.churn_avg) < 1e-9
                          AND abs(q.nps - r.nps) < 1e-9 AND q.n = x.n AND q.merged IS NOT NULL
                          AND q.lo < q.nps AND q.nps < q.hi AND abs(q.neff - x.w ^ 2 / (SELECT sum(weight ^ 2) FROM victim.data v
                                                                                       WHERE v.channel = r.channel AND v.answer IS NOT NULL)) < 1e-6
                          AND m.s::text = t.t AND u.nps = r.nps AND u.answers = t.t AND u.nps_over = u.nps)
       || '/' || count(*)
FROM victim.r_$victim r JOIN raw x USING (channel) JOIN txt t USING (channel) JOIN comp c USING (channel)
JOIN victim.q_$victim q USING (channel) JOIN victim.mv_$victim m USING (channel) JOIN victim.u_$victim u USING (channel);
SQL
)
    [ "$res" = "3/3" ] && pass "C2 $victim: stored results equal plain-SQL formulas (nps, custom nps, csat, top box, ces, text, weighted nps, both CSIs, churn, rollups, n_eff, refreshed view)" \
                       || fail "C2 $victim: stored results equal plain-SQL formulas" "$res"
    res=$(sed "s/@X@/$X/g; s/@V@/$victim/g" <<'SQL' | su_ "$db"
SET search_path = @X@, public;
SELECT (SELECT count(*) FILTER (WHERE s_w::text = (
                   SELECT '{' || string_agg(a || ':' || c, ',' ORDER BY a) || '}'
                   FROM (SELECT answer AS a, count(*) AS c FROM victim.data d
                         WHERE d.id BETWEEN w.id - 99 AND w.id AND answer IS NOT NULL GROUP BY 1) z)
                 AND abs(nps_w - (SELECT 100.0 * (count(*) FILTER (WHERE answer >= 9) - count(*) FILTER (WHERE answer <= 6)) / count(answer)
                                  FROM victim.data d WHERE d.id BETWEEN w.id - 99 AND w.id)) < 1e-9)
        FROM victim.w_@V@ w WHERE id % 250 = 0) = 12
   AND (SELECT s_text = '{0:1,9:3}' AND c_text IN ('{"a\"x":2:4:6,"b":1:2:3}', '{"b":1:2:3,"a\"x":2:4:6}')
               AND c_text::csi_state::text = c_text
               AND weighted_csi_component_final(c_text::csi_state) = ((6 / 2.0) * (4 / 2.0) + 3 * 2) / (6 / 2.0 + 3)
               AND s_bin = '\x0100000000020300000000000000010a0000000000000102'::bytea
               AND abs(csi_final - ((6 / 2.0) * (6 / 2.0) + (2 / 2.0) * (6 / 2.0)) / (6 / 2.0 + 2 / 2.0)) < 1e-12
        FROM victim.t_@V@)
   AND (SELECT array_agg(s::text ORDER BY s::text) FROM victim.copy_@V@)
     = (SELECT array_agg(s::text ORDER BY s::text) FROM victim.s_@V@)
   AND (SELECT bool_and(c::text = '{"q\"x":1:4:5}') FROM victim.copy_@V@);
SQL
)
    [ "$res" = t ] && pass "C2 $victim: moving windows, text forms, binary send and binary COPY round trip correct" \
                   || fail "C2 $victim: moving windows, text forms, binary COPY" "$res $(su_ "$db" -c "SELECT c_text FROM victim.t_$victim")"
done

# ---------------------------------------------------------------------------
# C3. A target schema where the attacker can create objects
# ---------------------------------------------------------------------------
echo "== C3. CREATE EXTENSION cx_metrics SCHEMA shared, attacker has CREATE on shared =="
DB3="${TAG}_c3"
newdb "$DB3" || die "create $DB3"
su_ "$DB3" -c "CREATE SCHEMA shared" -c "GRANT USAGE, CREATE ON SCHEMA shared TO PUBLIC" -c "CREATE TABLE shared.calls_dummy ()" >/dev/null
as_ "$ATTACKER" "$DB3" -c "CREATE SCHEMA attacker; CREATE TABLE attacker.calls (fn text, by_user name, at timestamptz DEFAULT now());" || die "C3 setup"
total=0; refused=0; bad=""
while IFS= read -r line; do
    total=$((total + 1))
    fn=$(sed -E 's/^CREATE FUNCTION attacker\.([^(]*)\((.*)\) RETURNS .*/\1(\2)/' <<<"$line")
    as_ "$ATTACKER" "$DB3" -c "${line/CREATE FUNCTION attacker./CREATE FUNCTION shared.}" > /dev/null 2>&1 || { bad+=" plant:$fn"; continue; }
    err=$(as_ "$INSTALLER" "$DB3" -c "CREATE EXTENSION cx_metrics SCHEMA shared" 2>&1)
    if [[ $err == *42723* ]] && [ "$(su_ "$DB3" -c "SELECT count(*) FROM pg_extension WHERE extname = 'cx_metrics'")" = 0 ]; then
        refused=$((refused + 1))
    else
        bad+=" $fn:${err:0:80}"
        su_ "$DB3" -c "DROP EXTENSION IF EXISTS cx_metrics CASCADE" >/dev/null 2>&1
    fi
    as_ "$ATTACKER" "$DB3" -c "DROP FUNCTION shared.$fn" > /dev/null 2>&1 || bad+=" drop:$fn"
done < "$WORK/traps_colliding.sql"
if [ "$total" -gt 20 ] && [ "$refused" = "$total" ]; then
    pass "C3: each of $total same-signature functions planted in the target schema makes the install fail (42723), none adopted"
else
    fail "C3: each planted same-signature function makes the install fail" "$refused/$total;$bad"
fi
as_ "$ATTACKER" "$DB3" -c "CREATE TYPE shared.score_summary AS (x int)" >/dev/null 2>&1
err=$(as_ "$INSTALLER" "$DB3" -c "CREATE EXTENSION cx_metrics SCHEMA shared" 2>&1)
[[ $err == *42710* ]] && pass "C3: a planted type shared.score_summary makes the install fail (42710)" \
                     || fail "C3: a planted type shared.score_summary makes the install fail" "$err"
no_traps "$DB3" "C3" /dev/null

echo "trusted_install: $passed passed, $failed failed ($(( $(date +%s) - START )) s)"
[ "$failed" -eq 0 ]
