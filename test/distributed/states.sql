-- Citus prerequisites of every cx_metrics aggregate (run by test/distributed/run.sh).
--
-- Citus runs an aggregate that is not grouped by the distribution column in two
-- phases when the aggregate has a combine function and its state type is not a
-- pseudo-type such as internal: the workers return partial states
-- (worker_partial_agg: the state type's text output; worker_binary_partial_agg
-- from Citus 14: its send function), the coordinator reads them back (input or
-- receive function), combines them with the combine function and applies the
-- final function (coord_combine_agg / coord_binary_combine_agg).
--
-- This script does the same by hand on the single-node copy of the sample data
-- (schema ref): for each aggregate of the extension, states per partition
-- ("worker"), plus the state of a worker without rows, through text output ->
-- input, combined, finalized, compared with the direct aggregate; and the same
-- states through a binary COPY (send -> receive).
--
-- psql variables: n_create_aggregate (the number of CREATE AGGREGATE statements
-- in the full install script of the default version), tmpdir (a directory the server can write).
-- Output: rows  check <TAB> name <TAB> t|f <TAB> detail   and   info <TAB> name <TAB> value.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public;

CREATE TEMP VIEW cx_aggs AS
SELECT p.oid AS aggfn,
       p.oid::regprocedure::text AS sig,
       pg_get_function_identity_arguments(p.oid) AS args,
       a.aggtransfn, a.aggcombinefn, a.aggfinalfn, a.aggfinalextra, a.agginitval,
       a.aggtranstype, a.aggtranstype::regtype::text AS stype,
       t.typtype, t.typsend, t.typreceive,
       p.prorettype
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
JOIN pg_type t ON t.oid = a.aggtranstype;

-- ---------------------------------------------------------------------------
-- 1. Catalog: what Citus looks at
-- ---------------------------------------------------------------------------
SELECT 'check', format('catalog: %s aggregates in the extension = %s CREATE AGGREGATE statements in the install script',
                       count(*), :n_create_aggregate),
       count(*) = :n_create_aggregate, ''
FROM cx_aggs;

SELECT 'check',
       format('catalog: %s has a combine function and a non-internal state (%s)', sig, stype),
       aggcombinefn <> 0 AND typtype <> 'p' AND aggtranstype <> 'internal'::regtype AND NOT aggfinalextra,
       format('combinefn %s, state type %s (typtype %s), finalfunc_extra %s', aggcombinefn::regproc, stype, typtype, aggfinalextra)
FROM cx_aggs ORDER BY sig;

SELECT 'check',
       format('catalog: state type %s has send/receive (binary transfer, Citus 14) and input/output', stype),
       bool_and(typsend <> 0 AND typreceive <> 0), string_agg(sig, ', ')
FROM cx_aggs GROUP BY stype ORDER BY stype;

SELECT 'info', format('state type %s', stype), string_agg(sig, ', ' ORDER BY sig)
FROM cx_aggs GROUP BY stype ORDER BY stype;

-- ---------------------------------------------------------------------------
-- 2. Test cases: arguments and data for each aggregate. "part" plays the
-- worker: one partial state per value. exact: the direct aggregate must equal
-- the combined one bit for bit (integer counts, dyadic weights); otherwise the
-- float sums may differ in the last bits by summation order, and cmp (a
-- float8[] of the result) is compared to 1e-12.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE cases (sig text, args text, src text, part text, exact boolean, cmp text);
INSERT INTO cases VALUES
  ('score_summary(integer)', 'answer', 'ref.responses', 'channel', true, NULL),
  ('score_summary(integer,double precision)', 'answer, 0.5 * (1 + response_id % 4)', 'ref.responses', 'channel', true, NULL),
  ('score_summary(integer,double precision)', 'answer, 1.0 / (1 + response_id % 7)', 'ref.responses', 'channel', false,
   'ARRAY[responses(%1$s)::float8, mean(%1$s), nps(%1$s), effective_responses(%1$s)]'),
  ('rollup(score_summary)', 's',
   '(SELECT channel, (responded_at AT TIME ZONE ''UTC'')::date AS day, score_summary(answer) AS s FROM ref.responses GROUP BY 1, 2) daily',
   'channel', true, NULL),
  ('nps(integer)', 'answer', 'ref.responses', 'channel', true, NULL),
  ('nps(integer,integer,integer)', 'answer, 8, 5', 'ref.responses', 'channel', true, NULL),
  ('csat(integer)', 'rating', 'ref.responses', 'channel', true, NULL),
  ('csat(integer,integer)', 'rating, 3', 'ref.responses', 'channel', true, NULL),
  ('ces(integer)', 'effort', 'ref.responses', 'channel', true, NULL),
  ('weighted_csi(double precision,double precision)', 'satisfaction, importance', 'ref.component_ratings', 'component', true, NULL),
  ('weighted_csi(double precision,double precision)', 'satisfaction / 3.0, importance / 7.0', 'ref.component_ratings', 'component', false, 'ARRAY[%s]'),
  ('weighted_csi(text,double precision,double precision)', 'component, satisfaction, importance',
   'ref.component_ratings JOIN ref.responses USING (response_id)', 'channel', true, NULL),
  ('weighted_csi(text,double precision,double precision)', 'component, satisfaction / 3.0, importance / 7.0',
   'ref.component_ratings JOIN ref.responses USING (response_id)', 'channel', false, 'ARRAY[%s]'),
  ('churn_rate(boolean)', 'ended_at IS NOT NULL', 'ref.customers', 'segment', true, NULL),
  ('churn_rate(timestamp with time zone,timestamp with time zone,tstzrange)',
   'started_at::timestamptz, ended_at::timestamptz, tstzrange(''2025-01-01 00:00+00'', ''2025-04-01 00:00+00'')', 'ref.customers', 'segment', true, NULL),
  ('churn_rate(timestamp with time zone,timestamp with time zone,tstzrange,text)',
   'started_at::timestamptz, ended_at::timestamptz, tstzrange(''2025-01-01 00:00+00'', ''2026-01-01 00:00+00''), ''average''', 'ref.customers', 'segment', true, NULL),
  ('churn_rate(date,date,daterange)', 'started_at, ended_at, daterange(''2025-04-01'', ''2025-07-01'')', 'ref.customers', 'segment', true, NULL),
  ('churn_rate(date,date,daterange,text)', 'started_at, ended_at, daterange(''2025-01-01'', ''2026-01-01''), ''new''', 'ref.customers', 'segment', true, NULL),
  -- driver_summary: merged co-moments (Chan) round differently from one pass
  -- (Welford), so every figure is compared to 1e-12
  ('driver_summary(double precision,double precision[])', 'answer::float8, ARRAY[rating, effort]::float8[]', 'ref.responses', 'channel', false,
   'ARRAY[responses(%1$s)::float8, outcome_mean(%1$s), driver_r2(%1$s)] || driver_means(%1$s) || driver_correlations(%1$s) || driver_betas(%1$s) || relative_weights(%1$s)'),
  ('driver_summary(double precision,double precision[])', 'satisfaction::float8 / 3, ARRAY[importance, importance * satisfaction % 5, length(component)]::float8[]',
   'ref.component_ratings', 'component', false,
   'ARRAY[responses(%1$s)::float8, outcome_mean(%1$s), driver_r2(%1$s)] || driver_means(%1$s) || driver_correlations(%1$s) || driver_betas(%1$s) || relative_weights(%1$s)'),
  ('rollup(driver_summary)', 's',
   '(SELECT channel, (responded_at AT TIME ZONE ''UTC'')::date AS day, driver_summary(answer::float8, ARRAY[rating, effort]::float8[]) AS s FROM ref.responses GROUP BY 1, 2) daily',
   'channel', false,
   'ARRAY[responses(%1$s)::float8, outcome_mean(%1$s), driver_r2(%1$s)] || driver_means(%1$s) || driver_correlations(%1$s) || driver_betas(%1$s) || relative_weights(%1$s)');

-- Every partial state shipped, one column per state type (for the binary COPY).
CREATE TEMP TABLE shipped (case_no int, sig text, part text,
                           s_int8 int8[], s_float8 float8[], s_summary score_summary, s_csi csi_state,
                           s_driver driver_summary);

CREATE FUNCTION pg_temp.qualified(fn regproc) RETURNS text LANGUAGE sql AS
$$ SELECT format('%I.%I', n.nspname, p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.oid = fn $$;

CREATE FUNCTION pg_temp.state_checks(OUT kind text, OUT name text, OUT ok boolean, OUT detail text)
RETURNS SETOF record LANGUAGE plpgsql AS $fn$
DECLARE
    g record;
    c record;
    i int := 0;
    r record;
    col text;
    final_of text;     -- format string applying the final function to %s
    send_of text;      -- format string: the state's binary form
    rsend_of text;     -- format string: the result's binary form
    q text;
BEGIN
    FOR g IN SELECT * FROM cx_aggs ORDER BY sig LOOP
        IF NOT EXISTS (SELECT 1 FROM cases WHERE cases.sig = g.sig) THEN
            kind := 'check'; name := format('round trip: %s has a test case in states.sql', g.sig);
            ok := false; detail := 'add one to the cases table'; RETURN NEXT;
            CONTINUE;
        END IF;
        col := CASE g.stype WHEN 'bigint[]' THEN 's_int8' WHEN 'double precision[]' THEN 's_float8'
                            WHEN 'score_summary' THEN 's_summary' WHEN 'csi_state' THEN 's_csi'
                            WHEN 'driver_summary' THEN 's_driver' END;
        IF col IS NULL THEN
            kind := 'check'; name := format('round trip: state type %s of %s is one this script knows', g.stype, g.sig);
            ok := false; detail := 'extend the shipped table'; RETURN NEXT;
            CONTINUE;
        END IF;
        final_of := CASE WHEN g.aggfinalfn = 0 THEN '%s'
                         ELSE pg_temp.qualified(g.aggfinalfn) || '(%s)' END;
        send_of := (SELECT pg_temp.qualified(typsend) FROM pg_type WHERE oid = g.aggtranstype) || '(%s)';
        rsend_of := (SELECT pg_temp.qualified(typsend) FROM pg_type WHERE oid = g.prorettype) || '(%s)';

        FOR c IN SELECT * FROM cases WHERE cases.sig = g.sig LOOP
            i := i + 1;
            -- The state-only aggregate (what a worker computes) and the combining one
            -- (what the coordinator does), from the aggregate's own support functions.
            EXECUTE format('CREATE AGGREGATE pg_temp.cx_state_%s(%s) (SFUNC = %s, STYPE = %s%s)',
                           i, g.args, pg_temp.qualified(g.aggtransfn), g.stype,
                           CASE WHEN g.agginitval IS NULL THEN '' ELSE format(', INITCOND = %L', g.agginitval) END);
            EXECUTE format('CREATE AGGREGATE pg_temp.cx_combine_%s(%s) (SFUNC = %s, STYPE = %s)',
                           i, g.stype, pg_temp.qualified(g.aggcombinefn), g.stype);

            -- Partial states: one per part, plus one of a worker that has no rows.
            EXECUTE format('INSERT INTO shipped (case_no, sig, part, %I)
                            SELECT %s, %L, part, st FROM (
                                SELECT (%s)::text AS part, pg_temp.cx_state_%s(%s) AS st FROM %s GROUP BY 1
                                UNION ALL
                                SELECT ''(no rows)'', pg_temp.cx_state_%s(%s) FROM %s WHERE false) s',
                           col, i, g.sig, c.part, i, c.args, c.src, i, c.args, c.src);

            q := format($q$
                SELECT bool_and(%3$s = %4$s AND back::text = txt) AS text_exact,
                       count(*) FILTER (WHERE NOT (%3$s = %4$s AND back::text = txt)) AS n_inexact,
                       min(txt) FILTER (WHERE NOT (%3$s = %4$s AND back::text = txt)) AS example,
                       count(*) AS n_states,
                       %5$s = %6$s AS combined_same,
                       (%7$s)::text AS via_text,
                       (SELECT %8$s FROM %9$s)::text AS direct,
                       %10$s AS bit_equal,
                       %11$s AS close,
                       max(length(txt)) AS max_text, max(octet_length(%4$s)) AS max_bin,
                       bool_and(length(txt) <= 2 * octet_length(%4$s) + 16
                                OR (%2$L = 'driver_summary' AND length(txt) <= 25 * (octet_length(%4$s) / 8) + 64)) AS compact
                FROM (SELECT st, st::text AS txt, (st::text)::%2$s AS back
                      FROM (SELECT %1$I AS st FROM shipped WHERE case_no = %12$s) s0) s$q$,
                col, g.stype,
                format(send_of, 'back'), format(send_of, 'st'),
                format(rsend_of, format(final_of, format('pg_temp.cx_combine_%s(back)', i))),
                format(rsend_of, format(final_of, format('pg_temp.cx_combine_%s(st)', i))),
                format(final_of, format('pg_temp.cx_combine_%s(back)', i)),
                format('%s(%s)', g.aggfn::regproc, c.args), c.src,
                format('%s = (SELECT %s FROM %s)', format(rsend_of, format(final_of, format('pg_temp.cx_combine_%s(back)', i))),
                       format(rsend_of, format('%s(%s)', g.aggfn::regproc, c.args)), c.src),
                CASE WHEN c.cmp IS NULL THEN 'NULL::boolean' ELSE
                    format('(SELECT bool_and(abs(x - y) <= 1e-12 * greatest(1, abs(y))) FROM unnest(%s, (SELECT %s FROM %s)) u(x, y))',
                           format(c.cmp, format(final_of, format('pg_temp.cx_combine_%s(back)', i))),
                           format(c.cmp, format('%s(%s)', g.aggfn::regproc, c.args)), c.src) END,
                i);
            EXECUTE q INTO r;

            kind := 'check';
            name := format('text round trip: %s(%s), %s partial states by %s: output -> input gives the same bytes',
                           g.aggfn::regproc, c.args, r.n_states, c.part);
            ok := coalesce(r.text_exact, false);
            detail := format('%s inexact, e.g. %s', r.n_inexact, r.example);
            RETURN NEXT;

            name := format('combine: %s(%s): final(combine(states read back)) = %s the direct aggregate',
                           g.aggfn::regproc, c.args, CASE WHEN c.exact THEN 'bit for bit' ELSE 'to 1e-12' END);
            ok := coalesce(r.combined_same, false) AND CASE WHEN c.exact THEN coalesce(r.bit_equal, false) ELSE coalesce(r.close, false) END;
            detail := format('combined %s, direct %s', r.via_text, r.direct);
            RETURN NEXT;

            -- driver_summary is all doubles: a shortest exact double takes up
            -- to 24 characters and a comma for its 8 bytes
            name := format('compact: %s(%s) partial states: text at most %s (largest %s / %s bytes)',
                           g.aggfn::regproc, c.args,
                           CASE WHEN g.stype = 'driver_summary' THEN '25 characters per double + 64' ELSE '2 x binary + 16 bytes' END,
                           r.max_text, r.max_bin);
            ok := coalesce(r.compact, false);
            detail := '';
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$fn$;

SELECT kind, name, ok, detail FROM pg_temp.state_checks();

-- ---------------------------------------------------------------------------
-- 3. Binary transfer (Citus 14: send on the worker, receive on the
-- coordinator): every partial state above through COPY (FORMAT binary).
-- ---------------------------------------------------------------------------
\set binfile :tmpdir '/cx_states.bin'
COPY shipped TO :'binfile' (FORMAT binary);
CREATE TEMP TABLE shipped_back (LIKE shipped);
COPY shipped_back FROM :'binfile' (FORMAT binary);

SELECT 'check',
       format('binary round trip: %s partial states of %s aggregates through COPY (FORMAT binary): same text and bytes',
              count(*), count(DISTINCT a.sig)),
       count(*) > 0 AND bool_and(b.case_no IS NOT NULL
           AND a.s_int8 IS NOT DISTINCT FROM b.s_int8
           AND array_send(a.s_int8) IS NOT DISTINCT FROM array_send(b.s_int8)
           AND array_send(a.s_float8) IS NOT DISTINCT FROM array_send(b.s_float8)
           AND score_summary_send(a.s_summary) IS NOT DISTINCT FROM score_summary_send(b.s_summary)
           AND a.s_summary::text IS NOT DISTINCT FROM b.s_summary::text
           AND csi_state_send(a.s_csi) IS NOT DISTINCT FROM csi_state_send(b.s_csi)
           AND a.s_csi::text IS NOT DISTINCT FROM b.s_csi::text
           AND driver_summary_send(a.s_driver) IS NOT DISTINCT FROM driver_summary_send(b.s_driver)
           AND a.s_driver::text IS NOT DISTINCT FROM b.s_driver::text),
       format('%s rows differ', count(*) FILTER (WHERE b.case_no IS NULL OR a.s_summary::text IS DISTINCT FROM b.s_summary::text
                                                      OR a.s_csi::text IS DISTINCT FROM b.s_csi::text
                                                      OR a.s_driver::text IS DISTINCT FROM b.s_driver::text
                                                      OR array_send(a.s_float8) IS DISTINCT FROM array_send(b.s_float8)))
FROM shipped a
LEFT JOIN shipped_back b ON b.case_no = a.case_no AND b.part = a.part;

-- ---------------------------------------------------------------------------
-- 4. The float8[] state of weighted_csi(s, i) is printed by float8out, which
-- follows extra_float_digits: exact (shortest form) at the default 1 and any
-- value > 0, rounded to 15 significant digits at 0 or below. score_summary and
-- csi_state print their sums in the shortest exact form whatever the setting.
-- Informational: how many partial states read back exactly at 0.
-- ---------------------------------------------------------------------------
SET extra_float_digits = 0;
SELECT 'info', format('extra_float_digits = 0: states of type %s that read back exactly', t),
       format('%s of %s', sum(CASE WHEN same THEN 1 ELSE 0 END), count(*))
FROM (
    SELECT 'double precision[]' AS t, array_send((s_float8::text)::float8[]) = array_send(s_float8) AS same FROM shipped WHERE s_float8 IS NOT NULL
    UNION ALL
    SELECT 'score_summary', score_summary_send((s_summary::text)::score_summary) = score_summary_send(s_summary) FROM shipped WHERE s_summary IS NOT NULL
    UNION ALL
    SELECT 'csi_state', csi_state_send((s_csi::text)::csi_state) = csi_state_send(s_csi) FROM shipped WHERE s_csi IS NOT NULL
    UNION ALL
    SELECT 'driver_summary', driver_summary_send((s_driver::text)::driver_summary) = driver_summary_send(s_driver) FROM shipped WHERE s_driver IS NOT NULL
    UNION ALL
    SELECT 'bigint[]', (s_int8::text)::int8[] = s_int8 FROM shipped WHERE s_int8 IS NOT NULL
) x GROUP BY t ORDER BY t;
RESET extra_float_digits;

-- ---------------------------------------------------------------------------
-- 5. Sizes of typical states: the whole sample data set in one state.
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.state_size(agg_sig text, args text, src text, OUT txt text, OUT bin int, OUT n bigint)
LANGUAGE plpgsql AS $fn$
DECLARE g record;
BEGIN
    SELECT * INTO STRICT g FROM cx_aggs WHERE sig = agg_sig;
    EXECUTE format('CREATE AGGREGATE pg_temp.cx_size(%s) (SFUNC = %s, STYPE = %s%s)', g.args, pg_temp.qualified(g.aggtransfn), g.stype,
                   CASE WHEN g.agginitval IS NULL THEN '' ELSE format(', INITCOND = %L', g.agginitval) END);
    EXECUTE format('SELECT s::text, octet_length(%s(s)), n FROM (SELECT pg_temp.cx_size(%s) AS s, count(*) AS n FROM %s) x',
                   (SELECT pg_temp.qualified(typsend) FROM pg_type WHERE oid = g.aggtranstype), args, src)
        INTO txt, bin, n;
    EXECUTE format('DROP AGGREGATE pg_temp.cx_size(%s)', g.args);
END
$fn$;

SELECT 'info', format('%s(%s) over %s rows', split_part(c.sig, '(', 1), c.args, z.n),
       format('text %s B, binary %s B: %s', length(z.txt), z.bin,
              CASE WHEN length(z.txt) <= 70 THEN z.txt ELSE left(z.txt, 67) || '...' END)
FROM (VALUES (1, 'nps(integer)', 'answer', 'ref.responses'),
             (2, 'nps(integer,integer,integer)', 'answer, 8, 5', 'ref.responses'),
             (3, 'csat(integer)', 'rating', 'ref.responses'),
             (4, 'ces(integer)', 'effort', 'ref.responses'),
             (5, 'churn_rate(date,date,daterange)', 'started_at, ended_at, daterange(''2025-01-01'', ''2025-04-01'')', 'ref.customers'),
             (6, 'weighted_csi(double precision,double precision)', 'satisfaction / 3.0, importance / 7.0', 'ref.component_ratings'),
             (7, 'score_summary(integer)', 'answer', 'ref.responses'),
             (8, 'score_summary(integer,double precision)', 'answer, 1.0 / (1 + response_id % 7)', 'ref.responses'),
             (9, 'weighted_csi(text,double precision,double precision)', 'component, satisfaction, importance', 'ref.component_ratings'),
             (10, 'driver_summary(double precision,double precision[])', 'answer::float8, ARRAY[rating, effort]::float8[]', 'ref.responses'))
     AS c(ord, sig, args, src),
     LATERAL pg_temp.state_size(c.sig, c.args, c.src) z
ORDER BY c.ord;
