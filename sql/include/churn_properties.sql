-- Property checks of churn_rate's period model, included by churn_rate.sql
-- once per input type.  Expects psql variables:
--   cust  a table (id, started_at, ended_at)
--   per   a table (seq, k, lo, hi, style, p): consecutive periods k = 0, 1, ...
--         of each sequence seq, as the half-open [lo, hi) and as a range p
--         written with the bounds `style`
-- Every expected value below is derived from the model's definitions in
-- plain SQL, never from churn_rate itself:
--   S = started_at < lo AND (ended_at IS NULL OR ended_at >= lo)
--   E = started_at < hi AND (ended_at IS NULL OR ended_at >= hi)
--   N = started_at in [lo, hi)    L = ended_at in [lo, hi)

-- One row per period: churn_rate under each basis, and the model's counts.
CREATE TEMP TABLE churn_by_period AS
SELECT pr.seq, pr.style, pr.k,
       churn_rate(c.started_at, c.ended_at, pr.p) AS r_start,
       churn_rate(c.started_at, c.ended_at, pr.p, 'average') AS r_average,
       churn_rate(c.started_at, c.ended_at, pr.p, 'new') AS r_new,
       count(*) FILTER (WHERE c.started_at < pr.lo AND (c.ended_at IS NULL OR c.ended_at >= pr.lo)) AS s,
       count(*) FILTER (WHERE c.started_at < pr.hi AND (c.ended_at IS NULL OR c.ended_at >= pr.hi)) AS e,
       count(*) FILTER (WHERE c.started_at >= pr.lo AND c.started_at < pr.hi) AS n,
       count(*) FILTER (WHERE c.started_at IS NOT NULL AND c.ended_at >= pr.lo AND c.ended_at < pr.hi) AS l,
       count(*) FILTER (WHERE c.started_at < pr.lo AND c.ended_at >= pr.lo AND c.ended_at < pr.hi) AS s_and_l
FROM :cust c CROSS JOIN :per pr
GROUP BY pr.seq, pr.style, pr.k;

-- (a) E = S + N - L in every period; the end of a period is the start of
-- the next; and each basis's rate is its formula over these counts (so E,
-- which only 'average' reads, is the E of the identity).  All zero.
SELECT seq, count(*) AS periods,
       count(*) FILTER (WHERE e <> s + n - l) AS e_not_s_plus_n_minus_l,
       count(*) FILTER (WHERE e <> next_s) AS e_not_next_s,
       count(*) FILTER (WHERE NOT pg_temp.same(r_start, CASE WHEN s > 0 THEN 100.0 * s_and_l / s END)) AS bad_start,
       count(*) FILTER (WHERE NOT pg_temp.same(r_average, CASE WHEN s + e > 0 THEN 100.0 * l / ((s + e) / 2.0) END)) AS bad_average,
       count(*) FILTER (WHERE NOT pg_temp.same(r_new, CASE WHEN n > 0 THEN 100.0 * l / n END)) AS bad_new,
       bool_and(s + e > 0 AND n > 0) AS every_rate_defined
FROM (SELECT *, lead(s) OVER (PARTITION BY seq, style ORDER BY k) AS next_s FROM churn_by_period) x
GROUP BY seq ORDER BY seq;

-- (b) Over the consecutive periods, the losses each basis counts (its rate
-- times its denominator) add up to the customers whose end falls in the
-- span [first lo, last hi): all of them for 'average' and 'new'; for 'start'
-- those who were customers before the period of their end began.  The
-- right-hand sides count customers, not periods.
WITH span AS (
    SELECT seq, min(lo) AS lo, max(hi) AS hi FROM :per GROUP BY seq
), via_rates AS (
    SELECT seq, style,
           round(sum(r_average * (s + e) / 200.0)) AS lost_average,
           round(sum(r_new * n / 100.0)) AS lost_new,
           round(sum(r_start * s / 100.0)) AS lost_start
    FROM churn_by_period GROUP BY seq, style
), ending AS (
    SELECT span.seq,
           count(*) AS ended_in_span,
           count(*) FILTER (WHERE c.started_at < (SELECT pr.lo FROM :per pr
                                                  WHERE pr.seq = span.seq AND pr.style = '[)'
                                                    AND c.ended_at >= pr.lo AND c.ended_at < pr.hi)) AS ended_after_its_period_began
    FROM span JOIN :cust c ON c.started_at IS NOT NULL AND c.ended_at >= span.lo AND c.ended_at < span.hi
    GROUP BY span.seq
)
SELECT v.seq,
       count(*) FILTER (WHERE v.lost_average <> g.ended_in_span) AS bad_average_sum,
       count(*) FILTER (WHERE v.lost_new <> g.ended_in_span) AS bad_new_sum,
       count(*) FILTER (WHERE v.lost_start <> g.ended_after_its_period_began) AS bad_start_sum,
       min(g.ended_in_span) >= 50 AS many_ends
FROM via_rates v JOIN ending g USING (seq)
GROUP BY v.seq ORDER BY v.seq;

-- (b) per customer, through churn_rate alone: with two anchors (a customer
-- since -infinity and one who starts at lo, neither ever lost), a group
-- {customer, anchors} has every denominator > 0, and a basis counts the
-- customer as lost in the period exactly when its rate is > 0.  Under
-- 'average' and 'new' every customer ending in the span is lost in exactly
-- one period, the one containing its end, and no other customer ever is;
-- 'start' counts the same customers in the same period, except those who
-- started in it.
WITH g AS (
    SELECT c.id, pr.seq, pr.style, pr.k,
           churn_rate(x.s, x.e, pr.p) > 0 AS lost_start,
           churn_rate(x.s, x.e, pr.p, 'average') > 0 AS lost_average,
           churn_rate(x.s, x.e, pr.p, 'new') > 0 AS lost_new
    FROM :cust c CROSS JOIN :per pr
         CROSS JOIN LATERAL (VALUES (c.started_at, c.ended_at), ('-infinity', NULL), (pr.lo, NULL)) x(s, e)
    WHERE c.started_at IS NOT NULL
    GROUP BY c.id, pr.seq, pr.style, pr.k
), per_customer AS (
    SELECT id, seq, style,
           count(*) FILTER (WHERE lost_start) AS n_start,
           count(*) FILTER (WHERE lost_average) AS n_average,
           count(*) FILTER (WHERE lost_new) AS n_new,
           min(k) FILTER (WHERE lost_start) AS k_start,
           min(k) FILTER (WHERE lost_average) AS k_average,
           min(k) FILTER (WHERE lost_new) AS k_new
    FROM g GROUP BY id, seq, style
), expected AS (
    -- the period containing the customer's end, if any (plain SQL)
    SELECT c.id, s.seq, pr.k AS k_end, pr.k IS NOT NULL AND c.started_at < pr.lo AS before_it
    FROM :cust c
         CROSS JOIN (SELECT DISTINCT seq FROM :per) s
         LEFT JOIN :per pr ON pr.seq = s.seq AND pr.style = '[)'
                          AND c.ended_at >= pr.lo AND c.ended_at < pr.hi
    WHERE c.started_at IS NOT NULL
)
SELECT seq, count(DISTINCT id) > 300 AS many_customers,
       count(*) FILTER (WHERE n_average <> (k_end IS NOT NULL)::int
                           OR k_average IS DISTINCT FROM k_end) AS bad_average,
       count(*) FILTER (WHERE n_new <> (k_end IS NOT NULL)::int
                           OR k_new IS DISTINCT FROM k_end) AS bad_new,
       count(*) FILTER (WHERE n_start <> before_it::int
                           OR (before_it AND k_start IS DISTINCT FROM k_end)) AS bad_start,
       count(*) FILTER (WHERE n_average > 1 OR n_new > 1 OR n_start > 1) AS lost_twice
FROM per_customer JOIN expected USING (id, seq)
GROUP BY seq ORDER BY seq;

DROP TABLE churn_by_period;
