-- csat(rating) and csat(rating, satisfied_min).
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

-- Worked example: 30 answers of 4, 50 of 5, 112 in all
-- -> 100 * 80 / 112 = 71.428571...  (the other 32 answers: 1, 2 and 3)
SELECT csat(r) AS worked_example
FROM (SELECT 4 AS r FROM generate_series(1, 30)
      UNION ALL SELECT 5 FROM generate_series(1, 50)
      UNION ALL SELECT 1 + i % 3 FROM generate_series(1, 32) i) x;

-- Worked example: 1,1,1,1, 2,2,2, 3,3,3,3, 4x7, 5,5 -> satisfied (4-5) 45 %.
CREATE TABLE csat_twenty AS
    SELECT unnest(ARRAY[1,1,1,1, 2,2,2, 3,3,3,3, 4,4,4,4,4,4,4, 5,5]) AS r;
SELECT csat(r) AS satisfied, csat(r, 5) AS top_box, csat(r, 3) AS three_or_more
FROM csat_twenty;   -- 45, 10 (2 fives), 65 (4 + 7 + 2 = 13 of 20)

-- Edges: 3 is not satisfied, 4 is.
SELECT csat(r) FROM unnest(ARRAY[3]) r;   -- 0
SELECT csat(r) FROM unnest(ARRAY[4]) r;   -- 100
-- 1..7 scale with top-2 box: 6,7 satisfied; answers 1..7 -> 2/7 = 28.57
SELECT csat(r, 6) FROM generate_series(1, 7) r;
-- 0..100 ratings with the threshold form.
SELECT csat(r, 90) FROM unnest(ARRAY[0, 89, 90, 100]) r;   -- 50

-- NULLs skipped; no non-NULL rating -> NULL.
SELECT csat(r) FROM unnest(ARRAY[5, NULL, 1, NULL]) r;       -- 50
SELECT csat(r) FROM unnest(ARRAY[NULL]::int[]) r;
SELECT csat(r, 4) FROM unnest(ARRAY[]::int[]) r;

-- GROUP BY, against the hand-written formula.
CREATE TABLE csat_many AS
    SELECT i % 5 AS g, 1 + (hashint4(i) & 2147483647) % 5 AS rating FROM generate_series(1, 10000) i;
SELECT g, csat(rating) = 100.0::float8 * count(*) FILTER (WHERE rating >= 4) / count(*) AS same,
       csat(rating, 5) = 100.0::float8 * count(*) FILTER (WHERE rating >= 5) / count(*) AS same_top_box
FROM csat_many GROUP BY g ORDER BY g;

-- Errors.
SELECT pg_temp.expect_error('SELECT csat(r) FROM unnest(ARRAY[0]) r');
SELECT pg_temp.expect_error('SELECT csat(r) FROM unnest(ARRAY[6]) r');
SELECT pg_temp.expect_error('SELECT csat(r, 4) FROM unnest(ARRAY[101]) r');
SELECT pg_temp.expect_error('SELECT csat(r, 101) FROM unnest(ARRAY[5]) r');
SELECT pg_temp.expect_error('SELECT csat(r, -1) FROM unnest(ARRAY[5]) r');
SELECT pg_temp.expect_error('SELECT csat(r, NULL) FROM unnest(ARRAY[5]) r');
SELECT pg_temp.expect_error('SELECT csat(r, 3 + r % 2) FROM unnest(ARRAY[4, 5]) r');
-- The threshold is checked on every row, NULL ratings included.
SELECT pg_temp.expect_error('SELECT csat(r, 500) FROM (VALUES (NULL::int)) v(r)');
SELECT pg_temp.expect_error('SELECT csat(r, t) FROM (VALUES (NULL::int, 3), (4, 4)) v(r, t)');
-- Hand-made states: the stored threshold and, for ces, a sum that n answers
-- on 1..7 cannot have.
SELECT pg_temp.expect_error($$SELECT csat_final('{3,1,101}')$$);
SELECT pg_temp.expect_error($$SELECT csat_final('{3,1,-1}')$$);
SELECT csat_final('{4,1,4}') AS valid_state;
SELECT pg_temp.expect_error($$SELECT ces_final('{2,100}')$$);
SELECT pg_temp.expect_error($$SELECT ces_final('{2,1}')$$);
SELECT ces_final('{2,14}') AS highest, ces_final('{2,2}') AS lowest;
