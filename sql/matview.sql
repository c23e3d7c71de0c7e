-- Daily summaries in a materialized view, rolled up by month, equal the
-- metrics computed on the raw rows.  Averaging daily NPS does not.
SET TimeZone = 'UTC';
CREATE TABLE mv_responses AS
SELECT timestamptz '2025-01-01' + (i % 180) * interval '1 day' + (i % 24) * interval '1 hour' AS responded_at,
       'ch' || (i % 3) AS channel,
       CASE WHEN i % 19 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS answer,
       1 + (hashint4(i + 7) & 2147483647) % (2 + (i % 180) / 45) AS rating
FROM generate_series(1, 20000) i;

CREATE MATERIALIZED VIEW daily AS
SELECT date_trunc('day', responded_at) AS day, channel,
       score_summary(answer) AS answers, score_summary(rating) AS ratings
FROM mv_responses GROUP BY 1, 2;
CREATE UNIQUE INDEX ON daily (day, channel);

WITH from_summaries AS (
    SELECT date_trunc('month', day) AS month, channel,
           nps(rollup(answers)) AS nps, csat(rollup(ratings)) AS csat,
           responses(rollup(answers)) AS n, avg(nps(answers)) AS avg_of_daily_nps
    FROM daily GROUP BY 1, 2),
from_raw AS (
    SELECT date_trunc('month', responded_at) AS month, channel,
           nps(answer) AS nps, csat(rating) AS csat, count(answer) AS n
    FROM mv_responses GROUP BY 1, 2)
SELECT count(*) AS month_channels,
       count(*) FILTER (WHERE s.nps = r.nps) AS nps_exact,
       count(*) FILTER (WHERE s.csat = r.csat) AS csat_exact,
       count(*) FILTER (WHERE s.n = r.n) AS responses_exact,
       count(*) FILTER (WHERE s.avg_of_daily_nps <> r.nps) AS avg_of_daily_differs
FROM from_summaries s JOIN from_raw r USING (month, channel);

-- New answers arrive; REFRESH (also CONCURRENTLY) keeps the rollups exact.
INSERT INTO mv_responses
SELECT timestamptz '2025-03-15 12:00', 'ch1', a, 3 FROM generate_series(0, 10) a;
REFRESH MATERIALIZED VIEW CONCURRENTLY daily;
SELECT nps(rollup(answers)) = (SELECT nps(answer) FROM mv_responses
                                WHERE channel = 'ch1' AND responded_at >= '2025-03-01' AND responded_at < '2025-04-01')
       AS march_ch1_exact_after_refresh
FROM daily WHERE channel = 'ch1' AND day >= '2025-03-01' AND day < '2025-04-01';

-- Whole-period rollup of everything equals the raw total.
SELECT rollup(answers)::text = (SELECT score_summary(answer)::text FROM mv_responses) AS total_exact FROM daily;
RESET TimeZone;
