/* cx_metrics 1.1 -> 1.2: transition-space estimates for the planner. */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION cx_metrics UPDATE TO '1.2'" to load this file. \quit

/*
 * Every aggregate keeps a pass-by-reference state that is not internal, so
 * without SSPACE the planner sizes a hash aggregate's groups from the state
 * type's average width, which is too small for every one of them (measured
 * at one million groups by test/hardening/memory.sh).  The planner's estimate
 * is MAXALIGN(sspace) + 32 bytes per group (chunk header and rounding), so:
 *   48   bigint[] / double precision[] counters (nps, csat, ces,
 *        churn_rate(boolean), row-level weighted_csi): 80 bytes measured;
 *   112  churn_rate over a period (8 counters + the period): 142 measured;
 *        score_summary and rollup of a full 0..10 distribution (120 bytes);
 *   200  weighted score_summary (24 bytes per value): 226 measured;
 *   240  component-level weighted_csi of about five components.
 * CREATE AGGREGATE's SSPACE cannot be changed by ALTER AGGREGATE, and the
 * aggregates must stay (views depend on them), so the update sets the
 * catalog column that SSPACE sets.  It changes plans only, never results.
 * Members are found through the extension's dependencies, so no schema name
 * is spelled here.
 */
DO $$
DECLARE
    updated pg_catalog.int8;
BEGIN
    UPDATE pg_catalog.pg_aggregate a
    SET aggtransspace = v.space
    FROM pg_catalog.pg_proc p, pg_catalog.pg_depend d, pg_catalog.pg_extension e,
         (VALUES ('nps', 1, 48), ('nps', 3, 48), ('csat', 1, 48), ('csat', 2, 48),
                 ('ces', 1, 48), ('churn_rate', 1, 48), ('weighted_csi', 2, 48),
                 ('churn_rate', 3, 112), ('churn_rate', 4, 112),
                 ('score_summary', 1, 112), ('rollup', 1, 112),
                 ('score_summary', 2, 200), ('weighted_csi', 3, 240)) AS v(name, nargs, space)
    WHERE p.oid OPERATOR(pg_catalog.=) a.aggfnoid
      AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
      AND d.objid OPERATOR(pg_catalog.=) p.oid
      AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
      AND d.refobjid OPERATOR(pg_catalog.=) e.oid
      AND d.deptype OPERATOR(pg_catalog.=) 'e'
      AND e.extname OPERATOR(pg_catalog.=) 'cx_metrics'
      AND p.proname OPERATOR(pg_catalog.=) v.name::pg_catalog.name
      AND p.pronargs OPERATOR(pg_catalog.=) v.nargs;
    GET DIAGNOSTICS updated = ROW_COUNT;
    IF updated OPERATOR(pg_catalog.<>) 15 THEN
        RAISE EXCEPTION 'cx_metrics 1.2: expected to set the transition space of 15 aggregates, found %', updated;
    END IF;
END
$$;

-- ==== groups (begin) ====
-- Comparing many groups: a segment against the rest, small groups hidden,
-- adjusted p-values, the NPS score interval, P(A > B) and sample sizes.

CREATE FUNCTION @extschema@.score_summary_subtract(a @extschema@.score_summary, b @extschema@.score_summary)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_subtract' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_subtract(@extschema@.score_summary, @extschema@.score_summary) IS
'The answers of a without those of b ("this segment vs the rest": total minus segment); error 22023 when b is not part of a';

CREATE FUNCTION @extschema@.at_least(s @extschema@.score_summary, min_responses pg_catalog.int4)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_at_least' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.at_least(@extschema@.score_summary, pg_catalog.int4) IS
's when it has at least min_responses raw answers (also when weighted), else NULL: a reporting guard that hides small groups, not access control';

CREATE FUNCTION @extschema@.p_adjust(p pg_catalog.float8, method pg_catalog.text)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'p_adjust' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_adjust(pg_catalog.float8, pg_catalog.text) IS
'Window function: the p-value adjusted over its whole window partition by ''bonferroni'', ''holm'' or ''bh'' (''BH'', ''fdr''), as R''s p.adjust; NULL p-values stay NULL and are not counted';

CREATE FUNCTION @extschema@.nps_sample_size(margin pg_catalog.float8,
                                            confidence pg_catalog.float8 DEFAULT 0.95,
                                            variance pg_catalog.float8 DEFAULT 1,
                                            population pg_catalog.int8 DEFAULT NULL)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'nps_sample_size' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_sample_size(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.int8) IS
'Answers needed for an adjusted-Wald NPS interval of +/- margin points: z^2 V / (margin/100)^2 - 3, with the finite population correction when population is given, rounded up';

CREATE FUNCTION @extschema@.csat_sample_size(margin pg_catalog.float8,
                                             confidence pg_catalog.float8 DEFAULT 0.95,
                                             proportion pg_catalog.float8 DEFAULT 0.5,
                                             population pg_catalog.int8 DEFAULT NULL)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'csat_sample_size' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_sample_size(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.int8) IS
'Answers needed for a CSAT (a proportion) within +/- margin points: z^2 p (1 - p) / (margin/100)^2, with the finite population correction when population is given, rounded up';

CREATE FUNCTION @extschema@.nps_prob_greater(a @extschema@.score_summary, b @extschema@.score_summary,
                                             promoter_min pg_catalog.int4 DEFAULT 9,
                                             detractor_max pg_catalog.int4 DEFAULT 6)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'nps_prob_greater' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_prob_greater(@extschema@.score_summary, @extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Posterior probability that the NPS of a exceeds that of b, under uniform Dirichlet(1,1,1) priors; numerical integration, accurate to 1e-4 or better; NULL for an empty summary';

CREATE FUNCTION @extschema@.csat_prob_greater(a @extschema@.score_summary, b @extschema@.score_summary,
                                              satisfied_min pg_catalog.int4 DEFAULT 4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'csat_prob_greater' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_prob_greater(@extschema@.score_summary, @extschema@.score_summary, pg_catalog.int4) IS
'Posterior probability that the CSAT of a exceeds that of b, under uniform Beta(1,1) priors (exact closed form for unweighted summaries); NULL for an empty summary';

-- ==== groups (end) ====
