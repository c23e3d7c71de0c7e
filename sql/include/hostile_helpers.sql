\set ECHO none
-- Helpers of sql/hostile.sql.
--
-- pg_temp.outcome(statement): runs the statement and returns
--   '= <first column of its first row, as text>'  ('= NULL' for NULL), or
--   'SQLSTATE: message (detail)'                  for the error it raises,
-- shortened in the middle when longer than 150 characters (messages quote
-- the whole input, which is up to a megabyte here).
CREATE FUNCTION pg_temp.error_text(state text, message text, detail text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN length(t) > 150 THEN left(t, 105) || ' ... ' || right(t, 40) ELSE t END
    FROM (SELECT state || ': ' || message || coalesce(' (' || nullif(detail, '') || ')', '') AS t) x
$$;
CREATE FUNCTION pg_temp.outcome(statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    result text;
    state text;
    message text;
    detail text;
BEGIN
    EXECUTE statement INTO result;
    RETURN '= ' || coalesce(result, 'NULL');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN pg_temp.error_text(state, message, detail);
END
$$;

-- 'ok' when an outcome is the expected one: the same '= value', or an error
-- with the expected SQLSTATE.
CREATE FUNCTION pg_temp.verdict(result text, expected text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN result = expected OR starts_with(result, expected || ':') THEN 'ok' ELSE 'WRONG' END
$$;

-- pg_temp.recv(type, bytes): feeds arbitrary bytes to the receive function of
-- score_summary or csi_state.  A binary COPY file of one bytea column has the
-- same framing as one of any other type (field length, then the bytes), so
-- the bytes are written out as a bytea and COPYed back into a column of the
-- target type.  Returns the outcome as pg_temp.outcome does.
CREATE TEMP TABLE hostile_recv_score_summary (s score_summary);
CREATE TEMP TABLE hostile_recv_csi_state (s csi_state);
CREATE FUNCTION pg_temp.recv(target text, bytes bytea) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    -- one file per cluster (port), overwritten by every call
    file text := '/tmp/cx_hostile_' || current_setting('port') || '.bin';
    tab text := 'hostile_recv_' || target;
    result text;
    state text;
    message text;
    detail text;
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', bytes, file);
    EXECUTE format('DELETE FROM pg_temp.%I', tab);
    BEGIN
        EXECUTE format('COPY pg_temp.%I FROM %L (FORMAT binary)', tab, file);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
        RETURN pg_temp.error_text(state, message, detail);
    END;
    EXECUTE format('SELECT s::text FROM pg_temp.%I', tab) INTO result;
    RETURN '= ' || coalesce(result, 'NULL');
END
$$;

-- pg_temp.bytes(statement): the bytea a query computes.
CREATE FUNCTION pg_temp.bytes(statement text) RETURNS bytea
LANGUAGE plpgsql AS $$
DECLARE
    result bytea;
BEGIN
    EXECUTE statement INTO result;
    RETURN result;
END
$$;
\set ECHO all
