-- score_summary_subtract(a, b): a segment against the rest of the total.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

-- Each group's rest, computed by subtraction, equals the summary built
-- directly from the other groups' rows (unweighted: exactly).
CREATE TABLE sub_rows (grp text, answer int, weight float8);
INSERT INTO sub_rows
SELECT 'g' || (i % 4), (i * 7) % 11, 0.25 * (1 + i % 5)
FROM generate_series(1, 203) AS i;
WITH total AS (SELECT score_summary(answer) AS s FROM sub_rows),
     seg AS (SELECT grp, score_summary(answer) AS s FROM sub_rows GROUP BY grp),
     rest AS (SELECT g.grp, (SELECT score_summary(answer) FROM sub_rows r WHERE r.grp <> g.grp) AS s
              FROM seg g)
SELECT seg.grp, score_summary_subtract(total.s, seg.s)::text = rest.s::text AS same_as_direct,
       responses(score_summary_subtract(total.s, seg.s)) AS rest_responses
FROM seg JOIN rest USING (grp) CROSS JOIN total ORDER BY seg.grp;

-- Weighted: the weights are multiples of 1/4, so every sum is exact and the
-- rest equals the directly built summary bit for bit too.
WITH total AS (SELECT score_summary(answer, weight) AS s FROM sub_rows),
     seg AS (SELECT grp, score_summary(answer, weight) AS s FROM sub_rows GROUP BY grp),
     rest AS (SELECT g.grp, (SELECT score_summary(answer, weight) FROM sub_rows r WHERE r.grp <> g.grp) AS s
              FROM seg g)
SELECT seg.grp, score_summary_subtract(total.s, seg.s)::text = rest.s::text AS same_as_direct,
       effective_responses(score_summary_subtract(total.s, seg.s)) = effective_responses(rest.s) AS same_n_eff
FROM seg JOIN rest USING (grp) CROSS JOIN total ORDER BY seg.grp;

-- Hand-checked small cases.
SELECT score_summary_subtract('{0:1,7:2,9:5,10:4}', '{9:1,10:2}') AS rest,  -- {0:1,7:2,9:4,10:2}
       score_summary_subtract('{9:3,5:1}', '{5:1}') AS value_dropped,       -- {9:3}
       score_summary_subtract('{9:3,5:1}', '{9:3,5:1}') AS self,            -- {}
       score_summary_subtract('{9:3}', '{}') AS minus_empty,                -- {9:3}
       score_summary_subtract('{9:2:3.5:6.25,10:1:2:4}', '{9:1:1.5:2.25}') AS weighted,  -- 9: 1 answer of weight 2
       score_summary_subtract('{9:3,10:1}', '{9:1:1:1}') AS mixed,          -- {9:2:2:2,10:1:1:1}
       score_summary_subtract('{9:2:3.5:6.25}', '{9:2:3.5:6.25}') AS weighted_self;  -- {}
SELECT nps_test('{0:1,7:2,9:5,10:4}', score_summary_subtract('{0:1,7:2,9:5,10:4}', '{0:1,9:1}'))
     = nps_test('{0:1,7:2,9:5,10:4}', '{7:2,9:4,10:4}') AS segment_vs_rest_test;

-- NULLs the SQL way (STRICT).
SELECT score_summary_subtract(NULL, '{9:1}') IS NULL AS null_a,
       score_summary_subtract('{9:1}', NULL) IS NULL AS null_b;

-- b not part of a: 22023.
SELECT pg_temp.expect_error($$SELECT score_summary_subtract('{9:1}', '{9:2}')$$);
SELECT pg_temp.expect_error($$SELECT score_summary_subtract('{9:5}', '{8:1}')$$);
SELECT pg_temp.expect_error($$SELECT score_summary_subtract('{}', '{0:1}')$$);
-- counts contained, but b's weight (3) is more than a's (1 + 1)
SELECT pg_temp.expect_error($$SELECT score_summary_subtract('{5:2:2:2}', '{5:1:3:9}')$$);
-- counts contained, but a's three answers of weight 1 cannot leave two whose
-- weights sum to 2.5 and their squares to 2.75 (b's answer of weight 0.5 is not one of them)
SELECT pg_temp.expect_error($$SELECT score_summary_subtract('{9:3}', '{9:1:0.5:0.25}')$$);
