-- nps(answer) and nps(answer, promoter_min, detractor_max).
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

-- Worked example: 12 answers, 9 promoters, 2 passives, 1 detractor
-- -> 100 * (9 - 1) / 12 = 66.666...
SELECT nps(a) AS worked_example
FROM unnest(ARRAY[9,9,9,10,10,10,10,9,10, 7,8, 3]) a;

-- Bucket edges: 6 is a detractor, 7 and 8 passive, 9 a promoter.
SELECT nps(a) FROM unnest(ARRAY[6]) a;         -- -100
SELECT nps(a) FROM unnest(ARRAY[7, 8]) a;      -- 0
SELECT nps(a) FROM unnest(ARRAY[9]) a;         -- 100
-- 0..10 once each: 2 promoters, 7 detractors of 11 -> -500/11 = -45.4545...
SELECT nps(a) FROM generate_series(0, 10) a;

-- NULLs are skipped; a group with no non-NULL answer gives NULL.
SELECT nps(a) AS with_nulls FROM unnest(ARRAY[10, NULL, 0, NULL]) a;    -- 0
SELECT nps(a) AS only_nulls FROM unnest(ARRAY[NULL, NULL]::int[]) a;
SELECT nps(a) AS no_rows FROM unnest(ARRAY[]::int[]) a;

-- smallint columns work as they are.
CREATE TABLE nps_answers (team text, answer smallint);
INSERT INTO nps_answers VALUES
    ('a', 10), ('a', 9), ('a', 3),            -- (2 - 1) / 3 -> 33.33
    ('b', 5), ('b', 6), ('b', 8), ('b', NULL), -- (0 - 2) / 3 -> -66.67
    ('c', NULL);                               -- NULL
SELECT team, nps(answer) FROM nps_answers GROUP BY team ORDER BY team;

-- Custom buckets: a 1..5 survey, promoters 5, detractors 1-3:
-- answers 5,5,4,3,1 -> (2 - 2) / 5 = 0; answers 5,4,4,2 -> (1 - 1) / 4 = 0;
-- answers 5,5,5,4 -> 3/4 = 75.
SELECT nps(a, 5, 3) FROM unnest(ARRAY[5,5,4,3,1]) a;
SELECT nps(a, 5, 3) FROM unnest(ARRAY[5,5,5,4]) a;
-- The 10-point variant with detractors 1-5: answers 1..10 once each ->
-- promoters 9,10 (2), detractors 1..5 (5) -> -300/10 = -30.
SELECT nps(a, 9, 5) FROM generate_series(1, 10) a;
-- Answers up to 100 are allowed with custom buckets.
SELECT nps(a, 90, 60) FROM unnest(ARRAY[100, 95, 70, 10]) a;  -- (2 - 1) / 4 = 25
SELECT nps(a, 9, 6) FROM unnest(ARRAY[NULL, NULL]::int[]) a;   -- NULL

-- The same number as the hand-written formula, on 20,000 answers in 7 groups.
CREATE TABLE nps_many AS
    SELECT i % 7 AS g, (hashint4(i) & 2147483647) % 11 AS answer FROM generate_series(1, 20000) i;
SELECT g, nps(answer) = 100.0::float8 * (count(*) FILTER (WHERE answer >= 9)
                                         - count(*) FILTER (WHERE answer <= 6)) / count(*) AS same,
       nps(answer, 8, 5) = 100.0::float8 * (count(*) FILTER (WHERE answer >= 8)
                                            - count(*) FILTER (WHERE answer <= 5)) / count(*) AS same_custom
FROM nps_many GROUP BY g ORDER BY g;

-- Errors: an answer outside the scale -> 22003 naming value and scale.
SELECT pg_temp.expect_error('SELECT nps(a) FROM unnest(ARRAY[10, 11]) a');
SELECT pg_temp.expect_error('SELECT nps(a) FROM unnest(ARRAY[-1]) a');
SELECT pg_temp.expect_error('SELECT nps(a, 9, 6) FROM unnest(ARRAY[101]) a');
SELECT pg_temp.expect_error('SELECT nps(a, 9, 6) FROM unnest(ARRAY[-5]) a');
-- Invalid thresholds -> 22023.
SELECT pg_temp.expect_error('SELECT nps(a, 6, 6) FROM unnest(ARRAY[5]) a');
SELECT pg_temp.expect_error('SELECT nps(a, 3, 5) FROM unnest(ARRAY[5]) a');
SELECT pg_temp.expect_error('SELECT nps(a, 101, 5) FROM unnest(ARRAY[5]) a');
SELECT pg_temp.expect_error('SELECT nps(a, 9, -1) FROM unnest(ARRAY[5]) a');
SELECT pg_temp.expect_error('SELECT nps(a, NULL, 6) FROM unnest(ARRAY[5]) a');
SELECT pg_temp.expect_error('SELECT nps(a, 9, NULL) FROM unnest(ARRAY[5]) a');
-- Thresholds must be constant within a group.
SELECT pg_temp.expect_error('SELECT nps(a, 9 + (a % 2), 6) FROM unnest(ARRAY[5, 6]) a');
-- An answer that is out of range is reported even after NULLs.
SELECT pg_temp.expect_error('SELECT nps(a) FROM unnest(ARRAY[NULL, 12]) a');
-- bigint columns need an explicit cast (no silent narrowing).
SELECT pg_temp.expect_error('SELECT nps(10::bigint)');
-- Thresholds are checked on every row, NULL answers included: bad or changing
-- thresholds fail even where no answer is present.
SELECT pg_temp.expect_error('SELECT nps(a, 50, 60) FROM (VALUES (NULL::int)) v(a)');
SELECT pg_temp.expect_error('SELECT nps(a, p, 6) FROM (VALUES (NULL::int, 1), (9, 9)) v(a, p)');
SELECT pg_temp.expect_error('SELECT nps(a, p, 6) FROM (VALUES (9, 9), (NULL::int, 8)) v(a, p)');
SELECT nps(a, 9, 6) IS NULL AS only_nulls FROM (VALUES (NULL::int), (NULL)) v(a);
-- Hand-made states: the final function checks the stored thresholds and the
-- counters, and the transition function the array's shape, lower bound included.
SELECT pg_temp.expect_error($$SELECT nps_final('{5,0,0,200,-5}')$$);
SELECT pg_temp.expect_error($$SELECT nps_final('{5,0,0,-1,-1}')$$);
SELECT pg_temp.expect_error($$SELECT nps_final('{5,0,0,6,9}')$$);
SELECT nps_final('{4,2,1,9,6}') AS valid_state, nps_final('{0,0,0,-1,-1}') IS NULL AS no_rows;
SELECT pg_temp.expect_error($$SELECT nps_trans('[0:2]={0,0,0}', 9)$$);
