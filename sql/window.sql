-- Moving windows: the inverse transition functions give the same values as
-- recomputing every frame from scratch.
CREATE TABLE win AS
SELECT i AS day,
       CASE WHEN i % 13 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS answer,
       1 + (hashint4(i + 1) & 2147483647) % 5 AS rating,
       1 + (hashint4(i + 2) & 2147483647) % 7 AS effort,
       CASE WHEN i % 17 = 0 THEN NULL ELSE (hashint4(i + 3) & 2147483647) % 4 = 0 END AS churned
FROM generate_series(1, 400) i;
CREATE TABLE win_summaries AS
SELECT day, CASE WHEN day % 11 = 0 THEN NULL ELSE score_summary(a) END AS s
FROM win, LATERAL (SELECT ((hashint4(day * 100 + k) & 2147483647) % 11) AS a FROM generate_series(1, 1 + day % 5) k) x
GROUP BY day;

-- ROWS 6 PRECEDING: window result vs the same frame recomputed with LATERAL.
WITH w AS (
    SELECT day,
           nps(answer) OVER f AS nps, nps(answer, 8, 5) OVER f AS nps_custom,
           csat(rating) OVER f AS csat, csat(rating, 5) OVER f AS csat_custom,
           ces(effort) OVER f AS ces, churn_rate(churned) OVER f AS churn,
           score_summary(answer) OVER f AS summary
    FROM win WINDOW f AS (ORDER BY day ROWS 6 PRECEDING)),
r AS (
    SELECT w0.day, x.*
    FROM win w0, LATERAL (
        SELECT nps(answer) AS nps, nps(answer, 8, 5) AS nps_custom, csat(rating) AS csat,
               csat(rating, 5) AS csat_custom, ces(effort) AS ces, churn_rate(churned) AS churn,
               score_summary(answer) AS summary
        FROM win w1 WHERE w1.day BETWEEN w0.day - 6 AND w0.day) x)
SELECT count(*) AS frames,
       count(*) FILTER (WHERE w.nps IS NOT DISTINCT FROM r.nps) AS nps_same,
       count(*) FILTER (WHERE w.nps_custom IS NOT DISTINCT FROM r.nps_custom) AS nps_custom_same,
       count(*) FILTER (WHERE w.csat IS NOT DISTINCT FROM r.csat) AS csat_same,
       count(*) FILTER (WHERE w.csat_custom IS NOT DISTINCT FROM r.csat_custom) AS csat_custom_same,
       count(*) FILTER (WHERE w.ces IS NOT DISTINCT FROM r.ces) AS ces_same,
       count(*) FILTER (WHERE w.churn IS NOT DISTINCT FROM r.churn) AS churn_same,
       count(*) FILTER (WHERE w.summary::text IS NOT DISTINCT FROM r.summary::text) AS summary_same
FROM w JOIN r USING (day);

-- rollup over stored daily summaries in a 30-row frame, including NULLs.
WITH w AS (SELECT day, rollup(s) OVER (ORDER BY day ROWS 29 PRECEDING) AS s FROM win_summaries),
r AS (SELECT d0.day, (SELECT rollup(s) FROM win_summaries d1 WHERE d1.day BETWEEN d0.day - 29 AND d0.day) AS s
      FROM win_summaries d0)
SELECT count(*) AS frames, count(*) FILTER (WHERE w.s::text IS NOT DISTINCT FROM r.s::text) AS rollup_same
FROM w JOIN r USING (day);

-- A frame of only NULLs gives NULL, then values again when answers return.
SELECT day, answer, nps(answer) OVER (ORDER BY day ROWS 1 PRECEDING)
FROM (VALUES (1, 10), (2, NULL), (3, NULL), (4, 0), (5, 9)) v(day, answer) ORDER BY day;

-- The frame is really moving: a frame of 3 over 0..10.
SELECT a, nps(a) OVER f, score_summary(a) OVER f
FROM generate_series(0, 10) a WINDOW f AS (ORDER BY a ROWS 2 PRECEDING);
