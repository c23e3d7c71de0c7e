\set ECHO none
-- expect_error(statement): runs the statement and returns
-- 'SQLSTATE: message (detail)' of the error it raises, or 'no error'.  Shows
-- codes without psql's VERBOSITY=verbose LOCATION lines, which change
-- whenever the C code moves.
CREATE FUNCTION pg_temp.expect_error(statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' (' || nullif(detail, '') || ')', '');
END
$$;
\set ECHO all
