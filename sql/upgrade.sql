-- Upgrading from 1.0 the way users do: install 1.0, build on it, update.
SELECT current_database() AS regress_db \gset
CREATE DATABASE cx_upgrade;
\c cx_upgrade
CREATE EXTENSION cx_metrics VERSION '1.0';
CREATE TABLE daily (day date, s score_summary);
INSERT INTO daily SELECT '2025-01-01'::date + i % 3, score_summary(a)
FROM generate_series(1, 300) i, LATERAL (SELECT (hashint4(i) & 2147483647) % 11 AS a) x GROUP BY i % 3, i;
CREATE VIEW monthly AS SELECT nps(rollup(s)) AS nps, responses(rollup(s)) AS n FROM daily;
CREATE MATERIALIZED VIEW monthly_mv AS SELECT rollup(s) AS s FROM daily;
SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics';
CREATE TEMP TABLE before_update AS SELECT * FROM monthly;
-- Members without the implicit array types of its types (members too from PostgreSQL 17 on).
CREATE TEMP TABLE objects_1_0 AS
SELECT d.classid, d.objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE e.extname = 'cx_metrics' AND d.deptype = 'e'
  AND NOT EXISTS (SELECT FROM pg_type t WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid AND t.typcategory = 'A');
ALTER EXTENSION cx_metrics UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics';
-- Dependent objects still work and give the same numbers; the new functions exist.
SELECT (SELECT row(m.*)::text FROM monthly m) = (SELECT row(b.*)::text FROM before_update b) AS view_unchanged;
REFRESH MATERIALIZED VIEW monthly_mv;
SELECT responses(s), round(nps_low(s)::numeric, 3) < round(nps(s)::numeric, 3) AS has_interval FROM monthly_mv;
-- The update only added objects: every 1.0 object is still a member.
SELECT (SELECT count(*) FROM objects_1_0) AS objects_1_0,
       count(*) AS objects_1_1,
       count(*) FILTER (WHERE (d.classid, d.objid) IN (SELECT classid, objid FROM objects_1_0)) AS kept_from_1_0
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE e.extname = 'cx_metrics' AND d.deptype = 'e'
  AND NOT EXISTS (SELECT FROM pg_type t WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid AND t.typcategory = 'A');
\c :regress_db
DROP DATABASE cx_upgrade;
