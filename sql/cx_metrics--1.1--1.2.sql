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

-- ==== driver_summary (begin) ====
-- Key-driver analysis: which attributes move the overall score.  The state
-- holds the row count, the means and the co-moment matrix of the outcome and
-- k attributes (k = 1..64); accessors derive correlations, R^2, standardized
-- betas and Johnson's relative weights from it.

CREATE TYPE @extschema@.driver_summary;

CREATE FUNCTION @extschema@.driver_summary_in(pg_catalog.cstring)
RETURNS @extschema@.driver_summary
AS 'MODULE_PATHNAME', 'driver_summary_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_in(pg_catalog.cstring) IS
'Input function of driver_summary (validated text form)';

CREATE FUNCTION @extschema@.driver_summary_out(@extschema@.driver_summary)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'driver_summary_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_out(@extschema@.driver_summary) IS
'Output function of driver_summary (exact: shortest round-trip doubles)';

CREATE FUNCTION @extschema@.driver_summary_recv(pg_catalog.internal)
RETURNS @extschema@.driver_summary
AS 'MODULE_PATHNAME', 'driver_summary_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_recv(pg_catalog.internal) IS
'Binary input function of driver_summary (validated)';

CREATE FUNCTION @extschema@.driver_summary_send(@extschema@.driver_summary)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'driver_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_send(@extschema@.driver_summary) IS
'Binary output function of driver_summary';

CREATE TYPE @extschema@.driver_summary (
    INPUT = @extschema@.driver_summary_in,
    OUTPUT = @extschema@.driver_summary_out,
    RECEIVE = @extschema@.driver_summary_recv,
    SEND = @extschema@.driver_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.driver_summary IS
'Row count, means and co-moment matrix of an outcome and k attributes (key-driver analysis); text form {"n":..,"k":..,"means":[..],"comoments":[..]}';

-- Not strict: the first usable row sizes the state; rows with a NULL are skipped.
CREATE FUNCTION @extschema@.driver_summary_trans(@extschema@.driver_summary, pg_catalog.float8, pg_catalog.float8[])
RETURNS @extschema@.driver_summary
AS 'MODULE_PATHNAME', 'driver_summary_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_trans(@extschema@.driver_summary, pg_catalog.float8, pg_catalog.float8[]) IS
'Transition function of driver_summary(outcome, attributes): adds one row (Welford update)';

CREATE FUNCTION @extschema@.driver_summary_combine(@extschema@.driver_summary, @extschema@.driver_summary)
RETURNS @extschema@.driver_summary
AS 'MODULE_PATHNAME', 'driver_summary_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_combine(@extschema@.driver_summary, @extschema@.driver_summary) IS
'Merges two driver summaries with the same attributes (Chan''s formulas)';

-- SSPACE: the state of ten attributes (24 + 8 (11 + 66) bytes); the planner
-- uses it to size a hash aggregate's groups.
CREATE AGGREGATE @extschema@.driver_summary(outcome pg_catalog.float8, attributes pg_catalog.float8[]) (
    SFUNC = @extschema@.driver_summary_trans,
    STYPE = @extschema@.driver_summary,
    COMBINEFUNC = @extschema@.driver_summary_combine,
    SSPACE = 640,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.driver_summary(pg_catalog.float8, pg_catalog.float8[]) IS
'Key-driver summary of an outcome and its attribute ratings; rows with a NULL outcome, array or element are skipped; NULL for a group without such rows';

CREATE AGGREGATE @extschema@.rollup(@extschema@.driver_summary) (
    SFUNC = @extschema@.driver_summary_combine,
    STYPE = @extschema@.driver_summary,
    COMBINEFUNC = @extschema@.driver_summary_combine,
    SSPACE = 640,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.driver_summary) IS
'Merge of stored driver summaries (equal to one pass over their rows up to rounding); NULL for a group without summaries';

CREATE FUNCTION @extschema@.responses(@extschema@.driver_summary)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'driver_summary_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.responses(@extschema@.driver_summary) IS
'Number of rows in a driver summary';

CREATE FUNCTION @extschema@.outcome_mean(@extschema@.driver_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'driver_summary_outcome_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.outcome_mean(@extschema@.driver_summary) IS
'Mean outcome; NULL without rows';

CREATE FUNCTION @extschema@.driver_means(@extschema@.driver_summary)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'driver_summary_means' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_means(@extschema@.driver_summary) IS
'Mean rating of each attribute (performance); NULL without rows';

CREATE FUNCTION @extschema@.driver_correlations(@extschema@.driver_summary)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'driver_summary_correlations' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_correlations(@extschema@.driver_summary) IS
'Pearson correlation of each attribute with the outcome (NULL element for an attribute without variance); NULL with fewer than 2 rows or a constant outcome';

CREATE FUNCTION @extschema@.driver_r2(@extschema@.driver_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'driver_summary_r2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_r2(@extschema@.driver_summary) IS
'R squared of the least-squares regression of the outcome on the attributes, with intercept; NULL with fewer than 2 rows or a constant outcome';

CREATE FUNCTION @extschema@.driver_betas(@extschema@.driver_summary)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'driver_summary_betas' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_betas(@extschema@.driver_summary) IS
'Standardized regression coefficients (minimum-norm for collinear attributes, 0 for a constant one); NULL with fewer than 2 rows or a constant outcome';

CREATE FUNCTION @extschema@.relative_weights(@extschema@.driver_summary)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'driver_summary_relative_weights' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.relative_weights(@extschema@.driver_summary) IS
'Johnson''s relative weights (raw, >= 0, summing to R squared); NULL with fewer than 2 rows or a constant outcome';

CREATE FUNCTION @extschema@.driver_table(ds @extschema@.driver_summary, names pg_catalog.text[],
    OUT attribute pg_catalog.text, OUT performance pg_catalog.float8, OUT correlation pg_catalog.float8,
    OUT beta pg_catalog.float8, OUT relative_weight pg_catalog.float8, OUT importance_pct pg_catalog.float8)
RETURNS SETOF pg_catalog.record
AS 'MODULE_PATHNAME', 'driver_summary_table' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.driver_table(@extschema@.driver_summary, pg_catalog.text[]) IS
'One row per attribute in attribute order: name, mean rating (performance), correlation, standardized beta, relative weight and its share of R squared in percent (importance_pct)';
-- responses() now takes a score_summary or a driver_summary.  An untyped
-- literal, responses('{...}'), must keep meaning a score_summary: make it the
-- preferred type of its category (in the 2.0 script: PREFERRED = true in
-- CREATE TYPE score_summary).  Found through the extension's dependencies,
-- so no schema name is spelled here.
UPDATE pg_catalog.pg_type t
SET typispreferred = true
FROM pg_catalog.pg_depend d, pg_catalog.pg_extension e
WHERE t.typname OPERATOR(pg_catalog.=) 'score_summary'
  AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
  AND d.objid OPERATOR(pg_catalog.=) t.oid
  AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
  AND d.refobjid OPERATOR(pg_catalog.=) e.oid
  AND d.deptype OPERATOR(pg_catalog.=) 'e'
  AND e.extname OPERATOR(pg_catalog.=) 'cx_metrics';
-- ==== driver_summary (end) ====
