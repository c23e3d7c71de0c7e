-- score_summary: text form, binary form, storage, strict parsing.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

-- Canonical output: ascending values, no spaces, zero counts dropped.
SELECT '{9:3, 0:1, 10:2}'::score_summary AS any_order_and_spaces;
SELECT '  { 7 : 2 , 3:0 }  '::score_summary AS zero_count_dropped;
SELECT '{}'::score_summary AS empty, responses('{}'::score_summary) AS empty_responses;
-- responses() also takes a driver_summary: a bare literal is ambiguous (42725).
SELECT responses('{}');
SELECT '{0:1,100:9223372036854775806}'::score_summary AS extremes;

-- Round trip: out -> in -> out is the identity on every summary of a table.
CREATE TABLE summaries (id int, s score_summary);
INSERT INTO summaries VALUES
    (1, '{}'), (2, '{5:1}'), (3, '{0:1,1:2,2:3,3:4,4:5,5:6,6:7,7:8,8:9,9:10,10:11}'),
    (4, '{100:9223372036854775807}'), (5, '{0:4611686018427387903,100:4611686018427387904}'),
    (6, NULL);
SELECT id, s, s::text::score_summary::text = s::text AS text_round_trip FROM summaries ORDER BY id;

-- A summary of all 101 values survives the text round trip.
SELECT responses(s) AS n, s::text::score_summary::text = s::text AS same
FROM (SELECT score_summary(v) AS s FROM generate_series(0, 100) v, generate_series(1, 3) r) x;

-- Binary round trip through COPY (FORMAT binary): score_summary_send/recv.
COPY summaries TO '/tmp/cx_metrics_regress_summaries.bin' (FORMAT binary);
CREATE TABLE summaries_back (id int, s score_summary);
COPY summaries_back FROM '/tmp/cx_metrics_regress_summaries.bin' (FORMAT binary);
SELECT a.id, a.s::text AS original, b.s::text AS copied_back,
       a.s::text IS NOT DISTINCT FROM b.s::text AS same
FROM summaries a JOIN summaries_back b USING (id) ORDER BY id;

-- The binary form is what the documentation says: version 1, flags 0,
-- reserved 0, 2 pairs, then (value, int64 count) pairs.
SELECT score_summary_send('{3:1,10:258}') AS wire;

-- Malformed text: SQLSTATE 22P02 with a reason.
SELECT input, pg_temp.expect_error(format('SELECT %L::score_summary', input)) AS error
FROM (VALUES (''), ('{'), ('}'), ('[1:2]'), ('{1:}'), ('{:1}'), ('{1 2}'), ('{1:2,}'),
             ('{101:1}'), ('{-1:1}'), ('{1:-1}'), ('{1:+1}'), ('{1:1.5}'), ('{1:1,1:2}'),
             ('{1:9223372036854775808}'), ('{1:9223372036854775807,2:1}'),
             ('{} x'), ('{}{}'), ('{99999999999999999999:1}')) v(input);

-- A very long input is rejected without trouble.
SELECT right(pg_temp.expect_error(format('SELECT %L::score_summary', '{' || repeat(' ', 100000) || '1:1,' || repeat('2:1,', 1000) || '}')), 60) AS error_end;

-- NULL is NULL.
SELECT NULL::score_summary IS NULL AS null_is_null, responses(NULL::score_summary) IS NULL AS null_responses;
