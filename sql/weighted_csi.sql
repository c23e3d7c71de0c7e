-- weighted_csi: row level and component level; the csi_state type.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

-- Worked example: components A and B, two respondents.
-- A: importance 5 and 4, satisfaction 4 and 5; B: importance 2 and 3,
-- satisfaction 3 and 2.
CREATE TABLE csi_example (component text, satisfaction float8, importance float8);
INSERT INTO csi_example VALUES ('A', 4, 5), ('A', 5, 4), ('B', 3, 2), ('B', 2, 3);
-- Row level: (20 + 20 + 6 + 6) / 14 = 3.714285...
SELECT weighted_csi(satisfaction, importance) AS row_level FROM csi_example;
-- Component level: (4.5 * 4.5 + 2.5 * 2.5) / (4.5 + 2.5) = 26.5 / 7 = 3.785714...
SELECT weighted_csi(component, satisfaction, importance) AS component_level FROM csi_example;

-- Integer columns work through the implicit cast; 4.54 of 5 is shown as
-- 90.8 % by dividing by the scale maximum.
SELECT round((100 * weighted_csi(s, i) / 5)::numeric, 1) AS percent_of_max
FROM (VALUES (5, 2), (4.5::float8, 2), (4.1::float8, 1)) v(s, i);  -- (10 + 9 + 4.1) / 5 = 4.62 -> 92.4

-- NULL satisfaction, importance or component: the row is skipped.
SELECT weighted_csi(s, i) FROM (VALUES (4, 1), (NULL, 5), (2, NULL), (1, 1)) v(s, i);        -- 2.5
SELECT weighted_csi(c, s, i) FROM (VALUES ('A', 4, 1), (NULL, 1, 5), ('A', 2, 1)) v(c, s, i);  -- 3
-- No rows, or importances summing to 0 -> NULL.
SELECT weighted_csi(s, i) FROM (VALUES (4, 0), (2, 0)) v(s, i);
SELECT weighted_csi(c, s, i) FROM (VALUES ('A', 4, 0)) v(c, s, i);
SELECT weighted_csi(s, i) FROM (SELECT 1.0::float8 s, 1.0::float8 i WHERE false) x;
SELECT weighted_csi(c, s, i) FROM (SELECT 'A'::text c, 1.0::float8 s, 1.0::float8 i WHERE false) x;
-- A component whose importance is 0 weighs nothing: A alone counts.
SELECT weighted_csi(c, s, i) FROM (VALUES ('A', 4, 2), ('Z', 1, 0)) v(c, s, i);   -- 4

-- GROUP BY, against the formulas written out in SQL.
CREATE TABLE csi_many AS
    SELECT i % 3 AS g, 'c' || (i % 5) AS component,
           1 + (hashint4(i) & 2147483647) % 5 AS satisfaction,
           (hashint4(-i) & 2147483647) % 6 AS importance
    FROM generate_series(1, 6000) i;
WITH per_component AS (
    SELECT g, component, avg(importance)::float8 AS mi, avg(satisfaction)::float8 AS ms
    FROM csi_many GROUP BY g, component),
 expected AS (
    SELECT g, sum(mi * ms) / sum(mi) AS component_level FROM per_component GROUP BY g)
SELECT g,
       abs(weighted_csi(satisfaction, importance)
           - sum(satisfaction * importance)::float8 / sum(importance)) < 1e-12 AS row_level_same,
       abs(weighted_csi(component, satisfaction, importance) - e.component_level) < 1e-12 AS component_level_same
FROM csi_many JOIN expected e USING (g) GROUP BY g, e.component_level ORDER BY g;

-- Errors: 22023 for non-finite satisfaction, negative or non-finite importance.
SELECT pg_temp.expect_error($$SELECT weighted_csi(s, 1) FROM (VALUES ('NaN'::float8)) v(s)$$);
SELECT pg_temp.expect_error($$SELECT weighted_csi(s, 1) FROM (VALUES ('Infinity'::float8)) v(s)$$);
SELECT pg_temp.expect_error($$SELECT weighted_csi(4, i) FROM (VALUES (-1::float8)) v(i)$$);
SELECT pg_temp.expect_error($$SELECT weighted_csi(4, i) FROM (VALUES ('NaN'::float8)) v(i)$$);
SELECT pg_temp.expect_error($$SELECT weighted_csi(4, i) FROM (VALUES ('-Infinity'::float8)) v(i)$$);
SELECT pg_temp.expect_error($$SELECT weighted_csi('A', 4, i) FROM (VALUES (-0.5::float8)) v(i)$$);
SELECT pg_temp.expect_error($$SELECT weighted_csi('A', s, 1) FROM (VALUES ('NaN'::float8)) v(s)$$);
-- Sums that leave double precision -> 22003, never Infinity.
SELECT pg_temp.expect_error($$SELECT weighted_csi(s, 1e308) FROM (VALUES (1e308::float8), (1e308)) v(s)$$);
-- At most 1000 components a group.
SELECT pg_temp.expect_error($$SELECT weighted_csi('c' || i, 1, 1) FROM generate_series(1, 1001) i$$);
SELECT weighted_csi('c' || i, i % 5, 1) AS thousand_components FROM generate_series(1, 1000) i;  -- mean of 0..4 x 200 = 2

-- csi_state: the partial state, with exact text and binary forms.
SELECT weighted_csi_component_trans('{}', 'A', 4, 5) AS one_rating;
SELECT csi_state_combine('{"A":2:9:9}', '{"B":1:3:2,"A":1:1:0.5}') AS combined;
SELECT '{"A":2:9:9,"quote\"back\\slash":1:0.1:3}'::csi_state AS escaped_name;
SELECT s::text::csi_state::text = s::text AS text_round_trip
FROM (VALUES ('{"A":2:0.30000000000000004:1e-300,"":1:-2.5:1e+300}'::csi_state)) v(s);
CREATE TABLE csi_states (id int, s csi_state);
INSERT INTO csi_states VALUES (1, '{}'), (2, '{"x":3:1.5:2.25}'), (3, '{"A":2:0.1:0.2,"B":7:1e-5:3}');
COPY csi_states TO '/tmp/cx_metrics_regress_csi.bin' (FORMAT binary);
CREATE TABLE csi_states_back (id int, s csi_state);
COPY csi_states_back FROM '/tmp/cx_metrics_regress_csi.bin' (FORMAT binary);
SELECT a.id, a.s::text = b.s::text AS binary_round_trip FROM csi_states a JOIN csi_states_back b USING (id) ORDER BY id;
SELECT input, pg_temp.expect_error(format('SELECT %L::csi_state', input)) AS error
FROM (VALUES (''), ('{'), ('{"A":1:1}'), ('{"A":0:1:1}'), ('{"A":1:1:-1}'), ('{"A":1:NaN:1}'),
             ('{"A":1:1:inf}'), ('{"A":1:1:1,"A":1:1:1}'), ('{A:1:1:1}'), ('{"A":1:1:1} x'),
             ('{"A\x":1:1:1}'), ('{"A":1:1e999:1}')) v(input);
SELECT left(pg_temp.expect_error(format('SELECT %L::csi_state', repeat(' ', 5000000))), 60) AS too_long;
-- Mean importances near DBL_MAX: the plain sum of weights overflows, the
-- index (a ratio) does not: A and B weigh the same, (1 + 3) / 2 = 2.
SELECT weighted_csi(c, s, 1e308) AS huge_importances FROM (VALUES ('A', 1), ('B', 3)) v(c, s);
