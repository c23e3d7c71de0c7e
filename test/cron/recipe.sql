-- Scheduled refresh of daily summaries with pg_cron: the statements of the README section
-- "Scheduled refresh with pg_cron", run as they are by test/cron/run.sh.
-- Needs pg_cron preloaded (postgresql.conf, see the README) and, in this database, the
-- extension cx_metrics and a responses table (test/data/sample.sql).

CREATE EXTENSION IF NOT EXISTS pg_cron;

-- One row per day (UTC) and channel. The day is cut in UTC explicitly: the job runs with the
-- server's default TimeZone, not with the TimeZone of the session that created the view.
CREATE MATERIALIZED VIEW daily_answers AS
SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel,
       score_summary(answer) AS nps_answers, score_summary(rating) AS ratings
FROM responses GROUP BY 1, 2;
-- REFRESH ... CONCURRENTLY needs a unique index on plain columns that covers every row.
CREATE UNIQUE INDEX daily_answers_day_channel ON daily_answers (day, channel);

-- Every minute; readers are not blocked while it runs. Scheduling again under the same name
-- replaces the job.
SELECT cron.schedule('refresh-daily-answers', '* * * * *',
                     'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_answers');
