-- The quick-start report: cx_metrics on the bundled sample survey data.
SET TimeZone = 'UTC';
\pset footer off

\echo
\echo '== 1. NPS, CSAT and CES per channel, 2025 (one pass over the raw answers) =='
\echo '   NPS: % promoters (9-10) minus % detractors (0-6), in points; CSAT: % of ratings 4-5 of 5; CES: mean of 1-7.'
SELECT coalesce(channel, 'all')         AS channel,
       count(answer)                      AS answers,
       round(nps(answer)::numeric, 1)     AS nps,
       count(rating)                      AS ratings,
       round(csat(rating)::numeric, 1)    AS "csat %",
       count(effort)                      AS efforts,
       round(ces(effort)::numeric, 2)     AS "ces (higher = easier)"
FROM responses
GROUP BY ROLLUP (channel)
ORDER BY array_position(ARRAY['app', 'web', 'phone', 'email', 'store'], channel) NULLS LAST, channel NULLS LAST;

\echo '== 2. Daily summaries in a materialized view, rolled up by month (exact) =='
\echo '   NPS per month, merged from stored daily summaries with rollup(): the same numbers as from the raw rows.'
CREATE MATERIALIZED VIEW daily_answers AS
SELECT date_trunc('day', responded_at)::date AS day, channel,
       score_summary(answer) AS nps_answers, score_summary(rating) AS ratings
FROM responses GROUP BY 1, 2;

SELECT to_char(date_trunc('month', day), 'YYYY-MM') AS month,
       round(nps(rollup(nps_answers) FILTER (WHERE channel = 'app'))::numeric, 1)   AS app,
       round(nps(rollup(nps_answers) FILTER (WHERE channel = 'web'))::numeric, 1)   AS web,
       round(nps(rollup(nps_answers) FILTER (WHERE channel = 'phone'))::numeric, 1) AS phone,
       round(nps(rollup(nps_answers) FILTER (WHERE channel = 'email'))::numeric, 1) AS email,
       round(nps(rollup(nps_answers) FILTER (WHERE channel = 'store'))::numeric, 1) AS store,
       round(nps(rollup(nps_answers))::numeric, 1)                                   AS "all"
FROM daily_answers
GROUP BY 1 ORDER BY 1;

\echo '== 3. Why not average the daily NPS?  Phone, December 2025 =='
\echo '   An average of daily NPS weighs a day of 1 answer like a day of 10; merging the days counts every answer once.'
SELECT round(nps(rollup(nps_answers))::numeric, 1)  AS "nps (merged distributions)",
       round(avg(nps(nps_answers))::numeric, 1)     AS "avg of daily nps (wrong)",
       rollup(nps_answers)                          AS "answer distribution value:count"
FROM daily_answers
WHERE channel = 'phone' AND day >= '2025-12-01';

\echo '== 4. Trailing 30-day NPS, last day of each quarter (moving window) =='
\echo '   NPS of the 30 days ending on that day, from a moving window over the daily summaries; answers: how many.'
WITH days AS (
    SELECT day, rollup(nps_answers) AS s FROM daily_answers GROUP BY day),
last_30_days AS (
    SELECT day, nps(rollup(s) OVER w) AS nps_30d, responses(rollup(s) OVER w) AS answers
    FROM days WINDOW w AS (ORDER BY day RANGE BETWEEN '29 days' PRECEDING AND CURRENT ROW))
SELECT day, round(nps_30d::numeric, 1) AS "nps, trailing 30 days", answers
FROM last_30_days WHERE day IN ('2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31')
ORDER BY day;

\echo '== 5. Weighted CSI per channel (1-5 scale, and % of the scale maximum) =='
\echo '   Satisfaction weighted by importance: row level weighs each rating, component level averages per component first.'
SELECT r.channel,
       round(weighted_csi(c.satisfaction, c.importance)::numeric, 2)              AS "row level",
       round(weighted_csi(c.component, c.satisfaction, c.importance)::numeric, 2) AS "component level",
       round((100 * weighted_csi(c.component, c.satisfaction, c.importance) / 5)::numeric, 1) AS "% of max"
FROM component_ratings c JOIN responses r USING (response_id)
GROUP BY r.channel ORDER BY 4 DESC;

\echo '== 6. Quarterly churn per segment (%), three bases =='
\echo '   Lost in the quarter per 100 customers active at its start (start), on average (average), won in it (new: can pass 100).'
SELECT segment, q AS quarter,
       round(churn_rate(started_at, ended_at, period)::numeric, 1)            AS "start (default)",
       round(churn_rate(started_at, ended_at, period, 'average')::numeric, 1) AS average,
       round(churn_rate(started_at, ended_at, period, 'new')::numeric, 1)     AS new
FROM customers,
     (VALUES ('Q1', daterange('2025-01-01', '2025-04-01')), ('Q2', daterange('2025-04-01', '2025-07-01')),
             ('Q3', daterange('2025-07-01', '2025-10-01')), ('Q4', daterange('2025-10-01', '2026-01-01'))) p(q, period)
GROUP BY segment, q ORDER BY segment, q;

\echo '== 7. Is the difference real?  NPS with 95 % intervals, October vs November 2025 =='
\echo '   NPS [95 % adjusted-Wald interval] n=answers; p-value of the change (two-sided): below 0.05, unlikely to be chance.'
WITH monthly AS (
    SELECT channel, to_char(day, 'YYYY-MM') AS month, rollup(nps_answers) AS s
    FROM daily_answers WHERE day >= '2025-10-01' AND day < '2025-12-01' GROUP BY 1, 2)
SELECT o.channel,
       format('%s [%s, %s] n=%s', round(nps(o.s)::numeric, 1), round(nps_low(o.s)::numeric, 1),
              round(nps_high(o.s)::numeric, 1), responses(o.s)) AS "october",
       format('%s [%s, %s] n=%s', round(nps(n.s)::numeric, 1), round(nps_low(n.s)::numeric, 1),
              round(nps_high(n.s)::numeric, 1), responses(n.s)) AS "november",
       CASE WHEN nps_test(o.s, n.s) < 0.0001 THEN '< 0.0001'
            ELSE to_char(nps_test(o.s, n.s), 'FM0.0000') END AS "p-value"
FROM monthly o JOIN monthly n ON n.channel = o.channel AND o.month = '2025-10' AND n.month = '2025-11'
ORDER BY nps_test(o.s, n.s);
