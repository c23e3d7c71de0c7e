-- Updating from 1.x the way users do: install an old version, build on it,
-- ALTER EXTENSION cx_metrics UPDATE.  test/hardening/upgrade.sh goes further
-- (every version, a non-superuser, catalog and pg_dump equal to a fresh 2.0).
\getenv abs_srcdir PG_ABS_SRCDIR
\set SHOW_CONTEXT never
SELECT current_database() AS regress_db \gset

-- 1. From 1.0: a view and a materialized view keep working, with the same
-- numbers; aggregates keep their OIDs; only the renamed support functions go.
CREATE DATABASE cx_upgrade;
\c cx_upgrade
\set SHOW_CONTEXT never
CREATE EXTENSION cx_metrics VERSION '1.0';
CREATE TABLE daily (day date, s score_summary);
INSERT INTO daily SELECT '2025-01-01'::date + i % 3, score_summary(a)
FROM generate_series(1, 300) i, LATERAL (SELECT (hashint4(i) & 2147483647) % 11 AS a) x GROUP BY i % 3, i;
CREATE VIEW monthly AS SELECT nps(rollup(s)) AS nps, nps(rollup(s), 10, 5) AS nps_10_5, responses(rollup(s)) AS n FROM daily;
CREATE MATERIALIZED VIEW by_day AS SELECT day, rollup(s) AS s FROM daily GROUP BY day;
CREATE UNIQUE INDEX ON by_day (day);
CREATE TEMP TABLE before_update AS SELECT * FROM monthly;
CREATE TEMP TABLE members_1_0 AS
SELECT d.classid, d.objid, pg_describe_object(d.classid, d.objid, 0) AS member
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE e.extname = 'cx_metrics' AND d.deptype = 'e';
ALTER EXTENSION cx_metrics UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics';
SELECT (SELECT row(m.*)::text FROM monthly m) = (SELECT row(b.*)::text FROM before_update b) AS view_unchanged;
REFRESH MATERIALIZED VIEW CONCURRENTLY by_day;
-- 300 answers: NPS recomputed from the raw values, and a 2.0 interval around it.
SELECT sum(responses(s)) AS responses,
       abs(nps(rollup(s)) - (SELECT 100.0 * (count(*) FILTER (WHERE a >= 9) - count(*) FILTER (WHERE a <= 6)) / count(*)
                              FROM generate_series(1, 300) i, LATERAL (SELECT (hashint4(i) & 2147483647) % 11 AS a) x)) < 1e-9 AS nps_recomputed,
       nps_low(rollup(s)) < nps(rollup(s)) AND nps(rollup(s)) < nps_high(rollup(s)) AS inside_interval
FROM by_day;
CREATE TEMP TABLE members_2_0 AS
SELECT d.classid, d.objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE e.extname = 'cx_metrics' AND d.deptype = 'e';
SELECT count(*) AS aggregates_1_0,
       count(*) FILTER (WHERE (m.classid, m.objid) IN (SELECT classid, objid FROM members_2_0)) AS same_oid_in_2_0
FROM members_1_0 m JOIN pg_aggregate a ON a.aggfnoid = m.objid;
SELECT member AS removed_by_the_update FROM members_1_0
WHERE (classid, objid) NOT IN (SELECT classid, objid FROM members_2_0) ORDER BY 1;
\c :regress_db
DROP DATABASE cx_upgrade;

-- 2. A database still at 1.2 keeps its numbers with the new shared library:
-- every 1.x interval call equals the independent reference
-- (test/hardening/interval_1x_reference.py).
CREATE DATABASE cx_upgrade;
\c cx_upgrade
\set SHOW_CONTEXT never
CREATE EXTENSION cx_metrics VERSION '1.2';
\set ECHO none
\set reference :abs_srcdir '/sql/include/interval_1x_reference.sql'
\i :reference
\set ECHO all
CREATE FUNCTION pg_temp.evaluate(expression text, a score_summary) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE result float8;
BEGIN
    EXECUTE format('SELECT %s FROM (SELECT $1 AS a) x', expression) INTO result USING a;
    RETURN result;
END $$;
CREATE FUNCTION pg_temp.matches(actual float8, expected float8) RETURNS boolean LANGUAGE sql AS $$
    SELECT (actual IS NULL) = (expected IS NULL) AND coalesce(abs(actual - expected) <= 1e-9 * greatest(1, abs(expected)), true) $$;
SELECT count(DISTINCT call_1x) AS overloads, count(*) AS reference_values,
       count(*) FILTER (WHERE pg_temp.matches(pg_temp.evaluate(call_1x, summary::score_summary), expected)) AS equal_at_1_2
FROM interval_1x_reference JOIN interval_1x_summary USING (name);

-- 3. Objects that use a 1.x overload 2.0 removes stop the update, with a
-- message naming each one and the 2.0 call; nothing changes.
CREATE TABLE answers (s score_summary);
INSERT INTO answers VALUES ('{3:1,7:1,8:1,9:4,10:5}');
CREATE VIEW custom_buckets AS SELECT nps_low(s, 10, 5) AS low FROM answers;
CREATE MATERIALIZED VIEW at_90 AS SELECT nps_moe(s, 0.9) AS moe FROM answers;
CREATE FUNCTION top_box_low(s score_summary) RETURNS float8 LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC SELECT csat_low(s, 9, 0.9); END;
CREATE TEMP TABLE values_1_2 AS SELECT c.low, m.moe, top_box_low(a.s) AS top_box_low FROM custom_buckets c, at_90 m, answers a;
ALTER EXTENSION cx_metrics UPDATE;
\echo :LAST_ERROR_SQLSTATE
SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics';
SELECT count(*) AS nps_low_overloads FROM pg_proc WHERE proname = 'nps_low';
DROP VIEW custom_buckets;
DROP MATERIALIZED VIEW at_90;
DROP FUNCTION top_box_low(score_summary);
ALTER EXTENSION cx_metrics UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics';
-- The calls the message gives return the 1.2 numbers.
SELECT nps_low(a.s, promoter_min => 10, detractor_max => 5) = v.low AS custom_buckets,
       nps_moe(a.s, 0.9) = v.moe AS at_90,
       csat_low(a.s, 0.9, 9) = v.top_box_low AS top_box_low,
       csat_low(a.s, confidence => 0.9, satisfied_min => 9) = v.top_box_low AS top_box_low_named
FROM answers a, values_1_2 v;
-- So do the 2.0 forms of every reference call.
SELECT count(*) AS reference_values,
       count(*) FILTER (WHERE pg_temp.matches(pg_temp.evaluate(call_2_0, summary::score_summary), expected)) AS equal_in_2_0
FROM interval_1x_reference JOIN interval_1x_summary USING (name);
-- A 1.x threshold call written again after the update is refused, never misread.
SELECT nps_low(s, 10, 5) FROM answers;
SELECT csat_low(s, 9, 0.9) FROM answers;
\c :regress_db
DROP DATABASE cx_upgrade;
