-- Scalar accessors on one score_summary, and rollup of stored summaries.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

-- The NPS worked example as a summary: 9 promoters, 2 passives, 1 detractor.
SELECT nps('{3:1,7:1,8:1,9:4,10:5}'::score_summary);           -- 66.666...
-- The 20-answer 1..5 example: shares 20/15/20/35/10 %.
SELECT csat(s) AS satisfied_45, share(s, 1, 3) AS dissatisfied_with_neutral_55,
       mean(s) AS mean_3, share(s, 3, 3) AS neutral_20, responses(s) AS n_20
FROM (SELECT '{1:4,2:3,3:4,4:7,5:2}'::score_summary AS s) x;
-- CSAT worked example: 30 x 4, 50 x 5 of 112 -> 71.428571...
SELECT csat('{1:10,2:11,3:11,4:30,5:50}'::score_summary);
-- Custom thresholds and CES.
SELECT nps('{1:1,3:1,4:1,5:2}'::score_summary, 5, 3) AS nps_1_to_5;   -- (2 - 2) / 5 = 0
SELECT csat('{1:1,6:1,7:2}'::score_summary, 6) AS top2_of_7;          -- 3/4 = 75
SELECT ces('{2:1,3:2}'::score_summary) AS ces_8_3rds;                 -- 8/3
SELECT mean('{0:1,100:3}'::score_summary) AS mean_75;
SELECT share('{0:1,100:3}'::score_summary, 0, 100) AS share_all_100,
       share('{0:1,100:3}'::score_summary, 1, 99) AS share_none_0;

-- Empty summaries give NULL metrics and 0 responses; NULL gives NULL.
SELECT nps(s), nps(s, 9, 6), csat(s), csat(s, 4), ces(s), mean(s), share(s, 0, 10), responses(s)
FROM (SELECT '{}'::score_summary AS s) x;
SELECT nps(NULL::score_summary), responses(NULL::score_summary), nps('{9:1}'::score_summary, NULL, 6);

-- Accessor on a summary equals the aggregate on the raw rows, bit for bit.
CREATE TABLE raw_answers AS
    SELECT i % 9 AS g, (hashint4(i) & 2147483647) % 11 AS answer,
           1 + (hashint4(-i) & 2147483647) % 5 AS rating,
           1 + (hashint4(i * 7) & 2147483647) % 7 AS effort
    FROM generate_series(1, 30000) i;
SELECT g,
       nps(score_summary(answer)) = nps(answer) AS nps_same,
       nps(score_summary(answer), 8, 4) = nps(answer, 8, 4) AS nps_custom_same,
       csat(score_summary(rating)) = csat(rating) AS csat_same,
       csat(score_summary(rating), 5) = csat(rating, 5) AS csat_custom_same,
       ces(score_summary(effort)) = ces(effort) AS ces_same,
       responses(score_summary(answer)) = count(answer) AS responses_same,
       share(score_summary(answer), 7, 8) = 100.0::float8 * count(*) FILTER (WHERE answer BETWEEN 7 AND 8) / count(*) AS share_same
FROM raw_answers GROUP BY g ORDER BY g;

-- score_summary(answer): the exact distribution; NULL for a group without answers.
SELECT score_summary(a) FROM unnest(ARRAY[5, 5, 0, NULL, 100, 5]) a;
SELECT score_summary(a) IS NULL AS empty_is_null FROM unnest(ARRAY[NULL]::int[]) a;
SELECT pg_temp.expect_error('SELECT score_summary(a) FROM unnest(ARRAY[101]) a');
SELECT pg_temp.expect_error('SELECT score_summary(a) FROM unnest(ARRAY[-1]) a');

-- rollup merges exactly, skips NULLs, and gives NULL with nothing to merge.
SELECT rollup(s) FROM (VALUES ('{1:2,5:1}'::score_summary), ('{5:3,9:1}'), (NULL), ('{}')) v(s);
SELECT rollup(s) IS NULL AS nothing_to_merge FROM (VALUES (NULL::score_summary), ('{}')) v(s);
WITH parts AS (SELECT g, (answer + g) % 4 AS part, score_summary(answer) AS s FROM raw_answers GROUP BY 1, 2),
     merged AS (SELECT g, rollup(s) AS s FROM parts GROUP BY g),
     direct AS (SELECT g, score_summary(answer) AS s FROM raw_answers GROUP BY g)
SELECT g, merged.s::text = direct.s::text AS merge_is_exact, responses(merged.s)
FROM merged JOIN direct USING (g) ORDER BY g;

-- Merging never wraps a counter: 22003.
SELECT pg_temp.expect_error($$SELECT rollup(s) FROM (VALUES ('{1:9223372036854775807}'::score_summary), ('{2:1}')) v(s)$$);
SELECT pg_temp.expect_error($$SELECT rollup(s) FROM (VALUES ('{1:9223372036854775807}'::score_summary), ('{1:1}')) v(s)$$);
SELECT pg_temp.expect_error($$SELECT score_summary_merge('{1:9223372036854775807}', '{1:1}')$$);
-- Adding an answer to a full summary is refused as well.
SELECT pg_temp.expect_error($$SELECT score_summary_trans('{1:9223372036854775807}', 2)$$);
-- Called as plain functions, the support functions do not modify their input.
SELECT score_summary_trans('{1:1}', 1) AS plus_one, score_summary_merge('{1:1}', '{2:2}') AS merged;

-- Accessors apply the aggregates' validation.
SELECT pg_temp.expect_error($$SELECT nps('{11:1}'::score_summary)$$);
SELECT pg_temp.expect_error($$SELECT csat('{0:1,4:1}'::score_summary)$$);
SELECT pg_temp.expect_error($$SELECT csat('{6:1}'::score_summary)$$);
SELECT pg_temp.expect_error($$SELECT ces('{8:1}'::score_summary)$$);
SELECT pg_temp.expect_error($$SELECT ces('{0:1}'::score_summary)$$);
SELECT pg_temp.expect_error($$SELECT nps('{5:1}'::score_summary, 5, 5)$$);
SELECT pg_temp.expect_error($$SELECT csat('{5:1}'::score_summary, 101)$$);
SELECT pg_temp.expect_error($$SELECT share('{5:1}'::score_summary, 6, 5)$$);
SELECT pg_temp.expect_error($$SELECT share('{5:1}'::score_summary, -1, 5)$$);
SELECT pg_temp.expect_error($$SELECT share('{5:1}'::score_summary, 0, 101)$$);
