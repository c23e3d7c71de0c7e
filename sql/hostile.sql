-- Hostile SQL-level input: every case gives its documented SQLSTATE (README,
-- "Errors": 22003 out of range / overflow, 22023 invalid parameter, 22P02
-- malformed text or binary score_summary or csi_state, 0A000 unsupported) or
-- its documented value, and the server never restarts.
--
-- Each group lists one row per case: its name, the expected outcome (a
-- SQLSTATE, or '= value' for a statement that must succeed), the actual
-- outcome, and 'ok' or 'WRONG'.  The expectations come from the README, not
-- from running the code.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/hostile_helpers.sql'
\i :helpers

SELECT pg_postmaster_start_time() AS boot_time \gset

-- 1. score_summary text input.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('empty string',                   '',                                      '22P02'),
    ('only spaces',                    '   ',                                   '22P02'),
    ('truncated {',                    '{',                                     '22P02'),
    ('truncated {1',                   '{1',                                    '22P02'),
    ('truncated {1:',                  '{1:',                                   '22P02'),
    ('truncated {1:2',                 '{1:2',                                  '22P02'),
    ('truncated {1:2,',                '{1:2,',                                 '22P02'),
    ('truncated {1:2,3',               '{1:2,3',                                '22P02'),
    ('closing brace only',             '}',                                     '22P02'),
    ('empty {}',                       '{}',                                    '= {}'),
    ('empty with spaces',              '  {   }  ',                            '= {}'),
    ('tabs, CR, LF around tokens',     E'\t{\r\n 7\t:\n2 ,\t3 : 1 }\n',         '= {3:1,7:2}'),
    ('count 2^63-1',                   '{1:9223372036854775807}',               '= {1:9223372036854775807}'),
    ('count 2^63',                     '{1:9223372036854775808}',               '22P02'),
    ('count 2^64',                     '{1:18446744073709551616}',              '22P02'),
    ('count 2^64+1 (wraps to 1)',      '{1:18446744073709551617}',              '22P02'),
    ('count 99999999999999999999',     '{1:99999999999999999999}',              '22P02'),
    ('count 10^40',                    '{1:10000000000000000000000000000000000000000}', '22P02'),
    ('negative count',                 '{1:-1}',                                '22P02'),
    ('count -0',                       '{1:-0}',                                '22P02'),
    ('count +1',                       '{1:+1}',                                '22P02'),
    ('count 1e3',                      '{1:1e3}',                               '22P02'),
    ('count 0x10',                     '{1:0x10}',                              '22P02'),
    ('count 1.5',                      '{1:1.5}',                               '22P02'),
    ('count 1.0',                      '{1:1.0}',                               '22P02'),
    ('zero count dropped',             '{1:0,2:3}',                             '= {2:3}'),
    ('only zero counts',               '{1:0,2:0}',                             '= {}'),
    ('leading zeros',                  '{007:0003}',                            '= {7:3}'),
    ('duplicate value',                '{1:1,1:2}',                             '22P02'),
    ('duplicate value, zero counts',   '{1:0,1:0}',                             '22P02'),
    ('duplicate value 1 and 01',       '{1:1,01:1}',                            '22P02'),
    ('duplicate value, far apart',     '{5:1,0:1,100:1,5:1}',                   '22P02'),
    ('value 100',                      '{100:1}',                               '= {100:1}'),
    ('value 101',                      '{101:1}',                               '22P02'),
    ('value -1',                       '{-1:1}',                                '22P02'),
    ('value 256 (0 mod 256)',          '{256:1}',                               '22P02'),
    ('value 357 (101 mod 256)',        '{357:1}',                               '22P02'),
    ('value 2^32 (0 mod 2^32)',        '{4294967296:1}',                        '22P02'),
    ('value 2^32+5',                   '{4294967301:1}',                        '22P02'),
    ('value 2^64+5',                   '{18446744073709551621:1}',              '22P02'),
    ('value 1.0',                      '{1.0:1}',                               '22P02'),
    ('value +1',                       '{+1:1}',                                '22P02'),
    ('trailing x',                     '{1:1}x',                                '22P02'),
    ('trailing ;',                     '{1:1};',                                '22P02'),
    ('double closing brace',           '{1:1}}',                                '22P02'),
    ('two summaries',                  '{1:1} {2:2}',                           '22P02'),
    ('leading garbage',                'x{1:1}',                                '22P02'),
    ('trailing comma',                 '{1:1,}',                                '22P02'),
    ('leading comma',                  '{,1:1}',                                '22P02'),
    ('double comma',                   '{1:1,,2:1}',                            '22P02'),
    ('double colon',                   '{1::1}',                                '22P02'),
    ('missing value',                  '{:1}',                                  '22P02'),
    ('missing both',                   '{:}',                                   '22P02'),
    ('space inside a number',          '{1 0:1}',                               '22P02'),
    ('nested braces',                  '{{1:1}}',                               '22P02'),
    ('quoted value',                   '{"1":1}',                               '22P02'),
    ('full-width digit value',         '{１:1}',                                '22P02'),
    ('NBSP around a token',            E'{\u00a01:1}',                         '22P02'),
    ('total 2^63-1 over two values',   '{0:4611686018427387903,1:4611686018427387904}', '= {0:4611686018427387903,1:4611686018427387904}'),
    ('total 2^63 over two values',     '{0:4611686018427387904,1:4611686018427387904}', '22P02'),
    ('total 2^63-1 over three values', '{0:9223372036854775805,50:1,100:1}',    '= {0:9223372036854775805,50:1,100:1}'),
    ('total 2^63 over three values',   '{0:9223372036854775805,50:1,100:2}',    '22P02'),
    ('total 2^64 over two values',     '{0:9223372036854775807,1:9223372036854775807,2:2}', '22P02')
) v(c, input, e),
LATERAL pg_temp.outcome(format('SELECT %L::score_summary::text', input)) r;

-- 2. Weighted score_summary text input: {value:count:sum_w:sum_w2,...}.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('valid',                          '{3:1:1.5:2.25}',                        '= {3:1:1.5:2.25}'),
    ('valid, spaces',                  '{ 1 : 2 : 3 : 5 }',                     '= {1:2:3:5}'),
    ('truncated {1:1:',                '{1:1:',                                 '22P02'),
    ('truncated {1:1:1',               '{1:1:1',                                '22P02'),
    ('truncated {1:1:1:',              '{1:1:1:',                               '22P02'),
    ('truncated {1:1:1:1',             '{1:1:1:1',                              '22P02'),
    ('three fields',                   '{1:1:1}',                               '22P02'),
    ('five fields',                    '{1:1:1:1:1}',                           '22P02'),
    ('mixed, weighted first',          '{1:1:1:1,2:1}',                         '22P02'),
    ('mixed, unweighted first',        '{1:1,2:1:1:1}',                         '22P02'),
    ('sum NaN',                        '{1:1:NaN:1}',                           '22P02'),
    ('sums nan',                       '{1:1:nan:nan}',                         '22P02'),
    ('sum Infinity',                   '{1:1:Infinity:1}',                      '22P02'),
    ('sum of squares inf',             '{1:1:1:inf}',                           '22P02'),
    ('sum -Infinity',                  '{1:1:-Infinity:1}',                     '22P02'),
    ('sum 1e309 (overflows)',          '{1:1:1e309:1}',                         '22P02'),
    ('sum of squares 1e400',           '{1:1:1e200:1e400}',                     '22P02'),
    ('sum of squares 1e-400 (reads 0)', '{1:1:1e-200:1e-400}',                  '22P02'),
    ('negative sum',                   '{1:1:-1:1}',                            '22P02'),
    ('negative sum of squares',        '{1:1:1:-1}',                            '22P02'),
    ('hex sum',                        '{1:1:0x1p0:1}',                         '22P02'),
    ('zero sums, count 1 (weight 0)',  '{1:1:0:0}',                             '= {1:1:0:0}'),
    ('only sum of weights zero',       '{1:1:0:1}',                             '22P02'),
    ('only sum of squares zero',       '{1:1:1:0}',                             '22P02'),
    ('count 0, sums 1',                '{1:0:1:1}',                             '22P02'),
    ('count 0, sums 0 (dropped)',      '{1:0:0:0}',                             '= {}'),
    ('n_eff 4 > count 1',              '{1:1:2:1}',                             '22P02'),
    ('n_eff 0.25 < 1',                 '{1:2:1:4}',                             '22P02'),
    ('n_eff = count',                  '{1:4:4:4}',                             '= {1:4:4:4}'),
    ('one weight of 1e308',            '{1:1:1e308:1e308}',                     '22P02'),
    ('count past 2^63',                '{1:9223372036854775808:1:1}',           '22P02'),
    ('total 2^63 over two values',     '{0:4611686018427387904:1:1,1:4611686018427387904:1:1}', '22P02')
) v(c, input, e),
LATERAL pg_temp.outcome(format('SELECT %L::score_summary::text', input)) r;

-- 3. Long score_summary texts.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('100000 digits, no brace',        $$SELECT repeat('1', 100000)::score_summary::text$$,                         '22P02'),
    ('100000-digit value',             $$SELECT ('{' || repeat('1', 100000) || ':1}')::score_summary::text$$,       '22P02'),
    ('100000-digit count',             $$SELECT ('{1:' || repeat('9', 100000) || '}')::score_summary::text$$,       '22P02'),
    ('count with 100000 leading zeros', $$SELECT ('{1:' || repeat('0', 100000) || '5}')::score_summary::text$$,    '= {1:5}'),
    ('1 MB of spaces inside {}',       $$SELECT ('{' || repeat(' ', 1000000) || '}')::score_summary::text$$,        '= {}'),
    ('1 MB of trailing garbage',       $$SELECT ('{}' || repeat('x', 1000000))::score_summary::text$$,              '22P02'),
    ('100000 pairs of one value',      $$SELECT ('{' || repeat('5:1,', 99999) || '5:1}')::score_summary::text$$,     '22P02'),
    ('100000 zero pairs of one value', $$SELECT ('{' || repeat('5:0,', 99999) || '5:0}')::score_summary::text$$,     '22P02'),
    ('all 101 values, descending',     $$SELECT responses(('{' || string_agg(v || ':' || (v + 1), ',' ORDER BY v DESC) || '}')::score_summary) FROM generate_series(0, 100) v$$, '= 5151'),
    ('all 101 values, canonical',      $$SELECT ('{' || string_agg(v || ':1', ', ' ORDER BY v DESC) || '}')::score_summary::text = score_summary(v)::text FROM generate_series(0, 100) v$$, '= true'),
    ('102 entries (50 twice)',         $$SELECT ('{' || string_agg(v || ':1', ',') || ',50:1}')::score_summary::text FROM generate_series(0, 100) v$$, '22P02'),
    ('101 counts of 10^17 (total past 2^63)', $$SELECT ('{' || string_agg(v || ':100000000000000000', ',') || '}')::score_summary::text FROM generate_series(0, 100) v$$, '22P02'),
    -- the exact decimal expansion of the double nearest 1e-5 (71 characters)
    ('weighted sum: exact decimal of 1e-5', $$SELECT '{1:1:0.000010000000000000000818030539140313095458623138256371021270751953125:1.0000000000000002e-10}'::score_summary::text$$, '= {1:1:1e-05:1.0000000000000002e-10}'),
    ('weighted: largest weight, twice', $$SELECT round(effective_responses('{1:1:1.3e154:1.69e308,2:1:1.3e154:1.69e308}')::numeric, 9)$$, '= 2.000000000')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 4. csi_state text input: {"component":ratings:sum_satisfaction:sum_importance,...}.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('empty string',                   '',                                      '22P02'),
    ('only spaces',                    '   ',                                   '22P02'),
    ('truncated {',                    '{',                                     '22P02'),
    ('truncated {"',                   '{"',                                    '22P02'),
    ('truncated {"A',                  '{"A',                                   '22P02'),
    ('truncated {"A"',                 '{"A"',                                  '22P02'),
    ('truncated {"A":',                '{"A":',                                 '22P02'),
    ('truncated {"A":1',               '{"A":1',                                '22P02'),
    ('truncated {"A":1:2',             '{"A":1:2',                              '22P02'),
    ('truncated {"A":1:2:',            '{"A":1:2:',                             '22P02'),
    ('truncated {"A":1:2:3',           '{"A":1:2:3',                            '22P02'),
    ('truncated {"A":1:2:3,',          '{"A":1:2:3,',                           '22P02'),
    ('truncated escape {"A\',          '{"A\',                                  '22P02'),
    ('empty {}',                       '{}',                                    '= {}'),
    ('empty with spaces',              ' {   } ',                               '= {}'),
    ('valid',                          '{"A":1:2:3}',                           '= {"A":1:2:3}'),
    ('valid, spaces around tokens',    E'{ "A" :\t1 : 2 :\n3 }',                '= {"A":1:2:3}'),
    ('empty name',                     '{"":1:2:3}',                            '= {"":1:2:3}'),
    ('escaped quote and backslash',    '{"a\"b\\c":1:2:3}',                     '= {"a\"b\\c":1:2:3}'),
    ('negative satisfaction',          '{"A":1:-2.5:1}',                        '= {"A":1:-2.5:1}'),
    ('ratings 0',                      '{"A":0:1:1}',                           '22P02'),
    ('ratings -1',                     '{"A":-1:1:1}',                          '22P02'),
    ('ratings 2^63-1',                 '{"A":9223372036854775807:2:3}',         '= {"A":9223372036854775807:2:3}'),
    ('ratings 2^63',                   '{"A":9223372036854775808:2:3}',         '22P02'),
    ('ratings 2^64',                   '{"A":18446744073709551616:2:3}',        '22P02'),
    ('ratings 1e3',                    '{"A":1e3:2:3}',                         '22P02'),
    ('ratings 1.5',                    '{"A":1.5:2:3}',                         '22P02'),
    ('satisfaction NaN',               '{"A":1:NaN:1}',                         '22P02'),
    ('satisfaction -Infinity',         '{"A":1:-Infinity:1}',                   '22P02'),
    ('satisfaction 1e309',             '{"A":1:1e309:1}',                       '22P02'),
    ('importance inf',                 '{"A":1:1:inf}',                         '22P02'),
    ('importance -1',                  '{"A":1:1:-1}',                          '22P02'),
    ('importance -1e-300',             '{"A":1:1:-1e-300}',                     '22P02'),
    ('three fields',                   '{"A":1:1}',                             '22P02'),
    ('five fields',                    '{"A":1:1:1:1}',                         '22P02'),
    ('duplicate name',                 '{"A":1:1:1,"B":1:1:1,"A":1:1:1}',       '22P02'),
    ('duplicate escaped name',         '{"a\"b":1:1:1,"a\"b":2:2:2}',           '22P02'),
    ('unquoted name',                  '{A:1:1:1}',                             '22P02'),
    ('single-quoted name',             '{''A'':1:1:1}',                         '22P02'),
    ('unknown escape',                 '{"A\n":1:1:1}',                         '22P02'),
    ('unterminated name',              '{"A:1:1:1}',                            '22P02'),
    ('trailing text',                  '{"A":1:1:1}x',                          '22P02'),
    ('trailing comma',                 '{"A":1:1:1,}',                          '22P02'),
    ('two states',                     '{"A":1:1:1}{"B":1:1:1}',                '22P02')
) v(c, input, e),
LATERAL pg_temp.outcome(format('SELECT %L::csi_state::text', input)) r;

-- 5. Long csi_state texts: names of at most 1000 bytes, at most 1000 components.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('name of 1000 bytes',             $$SELECT i::csi_state::text = i FROM (SELECT '{"' || repeat('n', 1000) || '":1:2:3}' AS i) x$$, '= true'),
    ('name of 1001 bytes',             $$SELECT ('{"' || repeat('n', 1001) || '":1:2:3}')::csi_state::text$$,        '22P02'),
    ('name of 1000 escaped quotes',    $$SELECT i::csi_state::text = i FROM (SELECT '{"' || repeat('\"', 1000) || '":1:2:3}' AS i) x$$, '= true'),
    ('name of 1001 escaped quotes',    $$SELECT ('{"' || repeat('\"', 1001) || '":1:2:3}')::csi_state::text$$,       '22P02'),
    ('name of 100000 bytes',           $$SELECT ('{"' || repeat('n', 100000) || '":1:2:3}')::csi_state::text$$,      '22P02'),
    ('1000 components',                $$SELECT i::csi_state::text = i FROM (SELECT '{' || string_agg(format('"c%s":1:2:3', g), ',') || '}' AS i FROM generate_series(1, 1000) g) x$$, '= true'),
    ('1001 components',                $$SELECT ('{' || string_agg(format('"c%s":1:2:3', g), ',') || '}')::csi_state::text FROM generate_series(1, 1001) g$$, '22P02'),
    ('100000-digit ratings',           $$SELECT ('{"A":' || repeat('9', 100000) || ':1:1}')::csi_state::text$$,      '22P02'),
    ('100000 digits, no brace',        $$SELECT repeat('1', 100000)::csi_state::text$$,                              '22P02'),
    ('sum: exact decimal of 1e-5',     $$SELECT '{"A":1:0.000010000000000000000818030539140313095458623138256371021270751953125:1}'::csi_state::text$$, '= {"A":1:1e-05:1}')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 6. Binary score_summary (receive function), through binary COPY.  First the
-- trick itself, on the documented bytes of {3:1,10:258} and on what
-- score_summary_send writes.
SELECT pg_temp.recv('score_summary', '\x0100000000020300000000000000010a0000000000000102') AS documented_bytes,
       pg_temp.recv('score_summary', score_summary_send('{0:1,50:7,100:9223372036854775799}')) AS sent_bytes,
       pg_temp.recv('score_summary', score_summary_send('{3:1:1.5:2.25,10:2:3:4.5}')) AS sent_weighted;
-- Version 1: u8 version 1, u8 flags 0, u16 reserved 0, u16 npairs, then npairs
-- x (u8 value, i64 count).  Version 2 pairs add f8 sum_w, f8 sum_w2.  Hex
-- digits below are grouped by field (decode() skips the spaces).
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('valid {3:1,10:258}',             '01 00 0000 0002 03 0000000000000001 0a 0000000000000102', '= {3:1,10:258}'),
    ('valid empty',                    '01 00 0000 0000',                                      '= {}'),
    ('valid 2^63-1 at value 100',      '01 00 0000 0001 64 7fffffffffffffff',                  '= {100:9223372036854775807}'),
    ('zero bytes',                     '',                                                     '22P02'),
    ('one byte',                       '01',                                                   '22P02'),
    ('five bytes',                     '01 00 0000 00',                                        '22P02'),
    ('version 0',                      '00 00 0000 0000',                                      '22P02'),
    ('version 3',                      '03 00 0000 0000',                                      '22P02'),
    ('version 255',                    'ff 00 0000 0000',                                      '22P02'),
    ('flags 1',                        '01 01 0000 0000',                                      '22P02'),
    ('flags 0x80',                     '01 80 0000 0000',                                      '22P02'),
    ('reserved 1',                     '01 00 0001 0000',                                      '22P02'),
    ('reserved 0x8000',                '01 00 8000 0000',                                      '22P02'),
    ('npairs 1, no pair',              '01 00 0000 0001',                                      '22P02'),
    ('npairs 2, one pair',             '01 00 0000 0002 05 0000000000000001',                  '22P02'),
    ('npairs 1, two pairs',            '01 00 0000 0001 03 0000000000000001 05 0000000000000001', '22P02'),
    ('npairs 0, one pair',             '01 00 0000 0000 05 0000000000000001',                  '22P02'),
    ('npairs 102',                     '01 00 0000 0066',                                      '22P02'),
    ('npairs 65535',                   '01 00 0000 ffff 05 0000000000000001',                  '22P02'),
    ('truncated pair',                 '01 00 0000 0001 05 00000000000000',                    '22P02'),
    ('one trailing byte',              '01 00 0000 0001 05 0000000000000001 00',               '22P02'),
    ('trailing byte on empty',         '01 00 0000 0000 00',                                   '22P02'),
    ('count 0',                        '01 00 0000 0001 05 0000000000000000',                  '22P02'),
    ('count 2^63 (bit 63)',            '01 00 0000 0001 05 8000000000000000',                  '22P02'),
    ('count 2^64-1',                   '01 00 0000 0001 05 ffffffffffffffff',                  '22P02'),
    ('counts total 2^63',              '01 00 0000 0002 00 4000000000000000 01 4000000000000000', '22P02'),
    ('counts total 2^63-1',            '01 00 0000 0002 00 3fffffffffffffff 01 4000000000000000', '= {0:4611686018427387903,1:4611686018427387904}'),
    ('counts total 2^63 (max + 1)',    '01 00 0000 0002 00 7fffffffffffffff 01 0000000000000001', '22P02'),
    ('value 101',                      '01 00 0000 0001 65 0000000000000001',                  '22P02'),
    ('value 255',                      '01 00 0000 0001 ff 0000000000000001',                  '22P02'),
    ('values descending',              '01 00 0000 0002 05 0000000000000001 03 0000000000000001', '22P02'),
    ('value twice',                    '01 00 0000 0002 05 0000000000000001 05 0000000000000001', '22P02'),
    ('v1 header, v2-sized pair',       '01 00 0000 0001 03 0000000000000001 3ff0000000000000 3ff0000000000000', '22P02'),
    ('v2 valid {3:1:1.5:2.25}',        '02 00 0000 0001 03 0000000000000001 3ff8000000000000 4002000000000000', '= {3:1:1.5:2.25}'),
    ('v2 valid, weights 0',            '02 00 0000 0001 03 0000000000000002 0000000000000000 0000000000000000', '= {3:2:0:0}'),
    ('v2 header, v1-sized pair',       '02 00 0000 0001 03 0000000000000001',                  '22P02'),
    ('v2 truncated sums',              '02 00 0000 0001 03 0000000000000001 3ff0000000000000', '22P02'),
    ('v2 sum NaN',                     '02 00 0000 0001 03 0000000000000001 7ff8000000000000 3ff0000000000000', '22P02'),
    ('v2 sum of squares NaN',          '02 00 0000 0001 03 0000000000000001 3ff0000000000000 7ff8000000000000', '22P02'),
    ('v2 sum +Infinity',               '02 00 0000 0001 03 0000000000000001 7ff0000000000000 3ff0000000000000', '22P02'),
    ('v2 sum of squares +Infinity',    '02 00 0000 0001 03 0000000000000001 3ff0000000000000 7ff0000000000000', '22P02'),
    ('v2 sum -Infinity',               '02 00 0000 0001 03 0000000000000001 fff0000000000000 3ff0000000000000', '22P02'),
    ('v2 sum -1',                      '02 00 0000 0001 03 0000000000000001 bff0000000000000 3ff0000000000000', '22P02'),
    ('v2 sums not zero together',      '02 00 0000 0001 03 0000000000000001 0000000000000000 3ff0000000000000', '22P02'),
    ('v2 subnormal sum, zero squares', '02 00 0000 0001 03 0000000000000001 0000000000000001 0000000000000000', '22P02'),
    ('v2 n_eff 4 > count 1',           '02 00 0000 0001 03 0000000000000001 4000000000000000 3ff0000000000000', '22P02'),
    ('v2 count 0, sums 0',             '02 00 0000 0001 03 0000000000000000 0000000000000000 0000000000000000', '22P02'),
    ('v2 count 2^63',                  '02 00 0000 0001 03 8000000000000000 3ff0000000000000 3ff0000000000000', '22P02')
) v(c, hex, e),
LATERAL pg_temp.recv('score_summary', decode(hex, 'hex')) r;
-- What score_summary_send writes for all 101 values reads back as itself.
SELECT pg_temp.recv('score_summary', score_summary_send(s)) = '= ' || s::text AS all_101_values_round_trip
FROM (SELECT score_summary(v) AS s FROM generate_series(0, 100) v) x;
-- Bytes computed by a query.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('102 pairs (npairs 102)',         $$SELECT overlay(score_summary_send(score_summary(v)) placing '\x0066' from 5 for 2) || '\x000000000000000001'::bytea FROM generate_series(0, 100) v$$, '22P02'),
    ('1000 bytes of 0xff',             $$SELECT decode(repeat('ff', 1000), 'hex')$$, '22P02'),
    ('valid empty + 1 MB of zeros',    $$SELECT '\x010000000000'::bytea || decode(repeat('00', 1000000), 'hex')$$, '22P02')
) v(c, s, e),
LATERAL pg_temp.recv('score_summary', pg_temp.bytes(s)) r;

-- 7. Binary csi_state: u8 version 1, u8 flags 0, u16 reserved 0, u32
-- ncomponents, then per component u32 name_len, name, i64 ratings, f8
-- sum_satisfaction, f8 sum_importance.
SELECT pg_temp.recv('csi_state', csi_state_send('{"A":2:7:3,"quote\"":1:0.1:1e-300}')) AS sent_bytes;
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('valid {"A":2:7:3}',              '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 4008000000000000', '= {"A":2:7:3}'),
    ('valid empty',                    '01 00 0000 00000000',                                  '= {}'),
    ('valid empty name',               '01 00 0000 00000001 00000000 0000000000000001 3ff0000000000000 3ff0000000000000', '= {"":1:1:1}'),
    ('valid ratings 2^63-1',           '01 00 0000 00000001 00000001 41 7fffffffffffffff 401c000000000000 4008000000000000', '= {"A":9223372036854775807:7:3}'),
    ('zero bytes',                     '',                                                     '22P02'),
    ('seven bytes',                    '01 00 0000 000000',                                    '22P02'),
    ('version 0',                      '00 00 0000 00000000',                                  '22P02'),
    ('version 2',                      '02 00 0000 00000000',                                  '22P02'),
    ('flags 1',                        '01 01 0000 00000000',                                  '22P02'),
    ('reserved 1',                     '01 00 0001 00000000',                                  '22P02'),
    ('ncomponents 1, none',            '01 00 0000 00000001',                                  '22P02'),
    ('ncomponents 2, one',             '01 00 0000 00000002 00000001 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('ncomponents 0, one follows',     '01 00 0000 00000000 00000001 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('ncomponents 1001',               '01 00 0000 000003e9',                                  '22P02'),
    ('ncomponents 2^32-1',             '01 00 0000 ffffffff',                                  '22P02'),
    ('name_len 2^32-1',                '01 00 0000 00000001 ffffffff 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('name_len 2^31',                  '01 00 0000 00000001 80000000 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('name_len 1001',                  '01 00 0000 00000001 000003e9 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('name_len past the end',          '01 00 0000 00000001 00000005 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('truncated sums',                 '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000', '22P02'),
    ('one trailing byte',              '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 4008000000000000 00', '22P02'),
    ('ratings 0',                      '01 00 0000 00000001 00000001 41 0000000000000000 401c000000000000 4008000000000000', '22P02'),
    ('ratings -1',                     '01 00 0000 00000001 00000001 41 ffffffffffffffff 401c000000000000 4008000000000000', '22P02'),
    ('ratings 2^63 (bit 63)',          '01 00 0000 00000001 00000001 41 8000000000000000 401c000000000000 4008000000000000', '22P02'),
    ('satisfaction NaN',               '01 00 0000 00000001 00000001 41 0000000000000002 7ff8000000000000 4008000000000000', '22P02'),
    ('satisfaction -Infinity',         '01 00 0000 00000001 00000001 41 0000000000000002 fff0000000000000 4008000000000000', '22P02'),
    ('importance +Infinity',           '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 7ff0000000000000', '22P02'),
    ('importance NaN',                 '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 7ff8000000000000', '22P02'),
    ('importance -1',                  '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 bff0000000000000', '22P02'),
    ('duplicate names',                '01 00 0000 00000002 00000001 41 0000000000000002 401c000000000000 4008000000000000 00000001 41 0000000000000001 3ff0000000000000 3ff0000000000000', '22P02'),
    ('NUL byte in name',               '01 00 0000 00000001 00000002 4100 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('invalid UTF-8 name (0xff)',      '01 00 0000 00000001 00000001 ff 0000000000000002 401c000000000000 4008000000000000', '22P02')
) v(c, hex, e),
LATERAL pg_temp.recv('csi_state', decode(hex, 'hex')) r;
-- What csi_state_send writes for 1000 components reads back as itself.
SELECT pg_temp.recv('csi_state', csi_state_send(s)) = '= ' || s::text AS all_1000_components_round_trip
FROM (SELECT ('{' || string_agg(format('"c%s":%s:2:3', g, g), ',') || '}')::csi_state AS s FROM generate_series(1, 1000) g) x;
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('1001 components (one appended)', $$SELECT overlay(csi_state_send(('{' || string_agg(format('"c%s":1:2:3', g), ',') || '}')::csi_state) placing '\x000003e9' from 5 for 4) || '\x000000015a00000000000000013ff00000000000003ff0000000000000'::bytea FROM generate_series(1, 1000) g$$, '22P02'),
    -- last, so that the file left in /tmp is small
    ('name_len 1024 + 1 MB',           $$SELECT '\x010000000000000100000400'::bytea || decode(repeat('41', 1000000), 'hex')$$, '22P02'),
    ('1000 bytes of 0xff',             $$SELECT decode(repeat('ff', 1000), 'hex')$$, '22P02')
) v(c, s, e),
LATERAL pg_temp.recv('csi_state', pg_temp.bytes(s)) r;

-- 8. Merges and counters that would pass 9223372036854775807: 22003.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('rollup: one value past 2^63-1',  $$SELECT rollup(s)::text FROM (VALUES ('{1:9223372036854775807}'::score_summary), ('{1:1}')) v(s)$$, '22003'),
    ('rollup: two values, total 2^63', $$SELECT rollup(s)::text FROM (VALUES ('{0:4611686018427387904}'::score_summary), ('{100:4611686018427387904}')) v(s)$$, '22003'),
    ('rollup: three values past',      $$SELECT rollup(s)::text FROM (VALUES ('{0:3074457345618258603}'::score_summary), ('{50:3074457345618258603}'), ('{100:3074457345618258603}')) v(s)$$, '22003'),
    ('rollup: exactly 2^63-1',         $$SELECT rollup(s)::text FROM (VALUES ('{0:4611686018427387903}'::score_summary), ('{100:4611686018427387904}')) v(s)$$, '= {0:4611686018427387903,100:4611686018427387904}'),
    ('rollup: NULLs and 2^63-1',       $$SELECT rollup(s)::text FROM (VALUES (NULL::score_summary), ('{7:9223372036854775807}'), (NULL), ('{}')) v(s)$$, '= {7:9223372036854775807}'),
    ('rollup: weighted + unweighted past', $$SELECT rollup(s)::text FROM (VALUES ('{1:9223372036854775807:1:1}'::score_summary), ('{2:1}')) v(s)$$, '22003'),
    ('rollup: weight sums past DBL_MAX', $$SELECT rollup(s)::text FROM (VALUES ('{5:1:1.3e154:1.69e308}'::score_summary), ('{5:1:1.3e154:1.69e308}')) v(s)$$, '22003'),
    ('rollup: 2^62 in 2 groups + combine', $$SELECT rollup(s)::text FROM (SELECT rollup(s) AS s FROM (VALUES (1, '{1:4611686018427387904}'::score_summary), (2, '{2:4611686018427387904}')) v(g, s) GROUP BY g) x$$, '22003'),
    ('nps(rollup) past 2^63-1',        $$SELECT nps(rollup(s)) FROM (VALUES ('{10:9223372036854775807}'::score_summary), ('{0:1}')) v(s)$$, '22003'),
    ('responses(rollup) past 2^63-1',  $$SELECT responses(rollup(s)) FROM (VALUES ('{10:9223372036854775807}'::score_summary), ('{10:9223372036854775807}')) v(s)$$, '22003'),
    ('score_summary_merge past',       $$SELECT score_summary_merge('{100:9223372036854775807}', '{0:1}')::text$$, '22003'),
    ('score_summary_merge 2^62 + 2^62', $$SELECT score_summary_merge('{0:4611686018427387904}', '{0:4611686018427387904}')::text$$, '22003'),
    ('score_summary_merge max + empty', $$SELECT score_summary_merge('{}', '{100:9223372036854775807}')::text$$, '= {100:9223372036854775807}'),
    ('sliding rollup, one value',      $$SELECT string_agg(x::text, ';') FROM (SELECT rollup(s) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, '{1:9223372036854775807}'::score_summary), (2, '{1:1}')) v(i, s)) w$$, '22003'),
    ('sliding rollup, two values',     $$SELECT string_agg(x::text, ';') FROM (SELECT rollup(s) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, '{1:4611686018427387904}'::score_summary), (2, '{2:4611686018427387904}')) v(i, s)) w$$, '22003'),
    ('sliding rollup, weighted',       $$SELECT string_agg(x::text, ';') FROM (SELECT rollup(s) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, '{1:1:2:4}'::score_summary), (2, '{1:1}')) v(i, s)) w$$, '0A000'),
    ('running rollup past 2^63-1',     $$SELECT string_agg(x::text, ';') FROM (SELECT rollup(s) OVER (ORDER BY i) AS x FROM (VALUES (1, '{1:9223372036854775807}'::score_summary), (2, '{2:1}')) v(i, s)) w$$, '22003'),
    ('score_summary_trans at 2^63-1',  $$SELECT score_summary_trans('{5:9223372036854775807}', 5)::text$$, '22003'),
    ('score_summary_trans, other value', $$SELECT score_summary_trans('{5:9223372036854775807}', 6)::text$$, '22003'),
    ('score_summary_weighted_trans at max', $$SELECT score_summary_weighted_trans('{5:9223372036854775807}', 5, 1)::text$$, '22003'),
    ('score_summary_weighted_trans sum_w2', $$SELECT score_summary_weighted_trans('{5:1:1.3e154:1.69e308}', 5, 1.3e154)::text$$, '22003'),
    ('nps_trans at 2^63-1',            $$SELECT nps_trans('{9223372036854775807,0,0}', 9)::text$$, '22003'),
    ('ces_trans sum at 2^63-1',        $$SELECT ces_trans('{1,9223372036854775807}', 7)::text$$, '22003'),
    ('nps_combine past 2^63-1',        $$SELECT nps_combine('{9223372036854775807,0,0}', '{1,0,0}')::text$$, '22003'),
    ('churn_combine past 2^63-1',      $$SELECT churn_combine('{9223372036854775807,0,0,0,0,0,0,1}', '{1,0,0,0,0,0,0,1}')::text$$, '22003'),
    ('csi_state_combine ratings past', $$SELECT csi_state_combine('{"A":9223372036854775807:1:1}', '{"A":1:1:1}')::text$$, '22003'),
    ('csi_state_combine sum past DBL_MAX', $$SELECT csi_state_combine('{"A":1:1e308:1}', '{"A":1:1e308:1}')::text$$, '22003'),
    ('component_trans ratings past',   $$SELECT weighted_csi_component_trans('{"A":9223372036854775807:1:1}', 'A', 1, 1)::text$$, '22003'),
    ('weighted_csi_combine past DBL_MAX', $$SELECT weighted_csi_combine('{1e308,1}', '{1e308,1}')::text$$, '22003')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 9. Corrupt aggregate states passed to support functions: 22023.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('nps_final: promoters > n',       $$SELECT nps_final('{1,2,0}')$$,                    '22023'),
    ('nps_final: negative n',          $$SELECT nps_final('{-1,0,0}')$$,                   '22023'),
    ('nps_final: 2-D array',           $$SELECT nps_final('{{0,0,0}}')$$,                  '22023'),
    ('nps_final: empty array',         $$SELECT nps_final('{}')$$,                         '22023'),
    ('nps_trans: 2 slots',             $$SELECT nps_trans('{0,0}', 9)::text$$,             '22023'),
    ('nps_trans: NULL slot',           $$SELECT nps_trans('{0,NULL,0}', 9)::text$$,        '22023'),
    ('csat_final: hits > n',           $$SELECT csat_final('{1,2}')$$,                     '22023'),
    ('ces_final: negative n',          $$SELECT ces_final('{-1,0}')$$,                      '22023'),
    ('ces_combine: 3 slots',           $$SELECT ces_combine('{1,2,3}', '{0,0}')::text$$, '22023'),
    ('churn_final: basis 7',           $$SELECT churn_final('{1,0,0,0,0,7,0,1}')$$,        '22023'),
    ('churn_final: negative counter',  $$SELECT churn_final('{-1,0,0,0,0,0,0,1}')$$,       '22023'),
    ('churn_final: E <> S + N - L',    $$SELECT churn_final('{2,0,1,0,0,0,0,1}')$$,        '22023'),
    ('churn_final: S and L > L',       $$SELECT churn_final('{2,1,2,0,0,0,0,1}')$$,        '22023'),
    ('churn_final: lost new > N',      $$SELECT churn_final('{1,0,0,0,1,0,0,1}')$$,        '22023'),
    ('churn_final: counts, no period', $$SELECT churn_final('{1,0,1,0,0,-1,0,0}')$$,       '22023'),
    ('churn_final: period [5, 5)',     $$SELECT churn_final('{1,0,1,0,0,0,5,5}')$$,        '22023'),
    ('churn_final: consistent state',  $$SELECT churn_final('{4,2,3,1,2,0,0,1}')$$,        '= 50'),
    ('churn_combine: other period',    $$SELECT churn_combine('{1,0,0,0,0,0,0,1}', '{1,0,0,0,0,0,0,2}')::text$$, '22023'),
    ('weighted_csi_final: NaN sum',    $$SELECT weighted_csi_final('{NaN,1}')$$,           '22023'),
    ('weighted_csi_final: -1 weights', $$SELECT weighted_csi_final('{1,-1}')$$,            '22023'),
    ('weighted_csi_trans: 3 slots',    $$SELECT weighted_csi_trans('{0,0,0}', 1, 1)::text$$, '22023')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 10. Survey weights: 0 or finite from 1e-150 up (22023 otherwise); weight
-- sums that leave double precision: 22003.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('weight NaN',                     $$SELECT score_summary(5, 'NaN'::float8)::text$$,          '22023'),
    ('weight Infinity',                $$SELECT score_summary(5, 'Infinity'::float8)::text$$,     '22023'),
    ('weight -Infinity',               $$SELECT score_summary(5, '-Infinity'::float8)::text$$,    '22023'),
    ('weight -1',                      $$SELECT score_summary(5, -1::float8)::text$$,             '22023'),
    ('weight -1e-300',                 $$SELECT score_summary(5, -1e-300::float8)::text$$,        '22023'),
    ('weight 1e-200',                  $$SELECT score_summary(5, 1e-200::float8)::text$$,         '22023'),
    ('weight 1e-151',                  $$SELECT score_summary(5, 1e-151::float8)::text$$,         '22023'),
    ('weight 5e-324 (subnormal)',      $$SELECT score_summary(5, '5e-324'::float8)::text$$,       '22023'),
    ('NaN weight in the 2nd row',      $$SELECT score_summary(a, w)::text FROM (VALUES (5, 1.0::float8), (6, 'NaN')) v(a, w)$$, '22023'),
    ('weight 1e-150',                  $$SELECT round(effective_responses(score_summary(5, 1e-150::float8))::numeric, 9)$$, '= 1.000000000'),
    ('weight 0',                       $$SELECT score_summary(5, 0::float8)::text$$,              '= {5:1:0:0}'),
    ('weight -0',                      $$SELECT score_summary(5, '-0'::float8)::text$$,           '= {5:1:0:0}'),
    ('NULL weights skipped',           $$SELECT score_summary(a, w)::text FROM (VALUES (5, 2.0::float8), (6, NULL)) v(a, w)$$, '= {5:1:2:4}'),
    ('only NULL weights',              $$SELECT score_summary(a, w)::text FROM (VALUES (5, NULL::float8), (6, NULL)) v(a, w)$$, '= NULL'),
    ('weight 1e308 (square overflows)', $$SELECT score_summary(5, 1e308::float8)::text$$,        '22003'),
    ('weight 1.35e154 (square > DBL_MAX)', $$SELECT score_summary(5, 1.35e154::float8)::text$$,  '22003'),
    ('weight 1.3e154, once',           $$SELECT round(effective_responses(score_summary(5, 1.3e154::float8))::numeric, 9)$$, '= 1.000000000'),
    ('weight 1e154 twice, same value', $$SELECT score_summary(a, 1e154::float8)::text FROM (VALUES (5), (5)) v(a)$$, '22003'),
    ('weight 1e154 on all 101 values', $$SELECT round(effective_responses(score_summary(a, 1e154::float8))::numeric, 6) FROM generate_series(0, 100) a$$, '= 101.000000'),
    ('weighted answer 101',            $$SELECT score_summary(101, 1::float8)::text$$,            '22003'),
    ('weighted answer -2147483648',    $$SELECT score_summary((-2147483648)::int, 1::float8)::text$$,    '22003'),
    ('unweighted answer 101',          $$SELECT score_summary(101)::text$$,                       '22003'),
    ('unweighted answer 2147483647',   $$SELECT score_summary(2147483647)::text$$,                '22003'),
    ('sliding score_summary, answer 101', $$SELECT string_agg(x::text, ';') FROM (SELECT score_summary(a) OVER (ORDER BY a ROWS 1 PRECEDING) AS x FROM (VALUES (5), (101)) v(a)) w$$, '22003')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 11. weighted_csi: non-finite satisfaction, negative or non-finite
-- importance: 22023; a sum out of range: 22003.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('satisfaction NaN',               $$SELECT weighted_csi('NaN'::float8, 1)$$,                '22023'),
    ('satisfaction NaN, importance 0', $$SELECT weighted_csi('NaN'::float8, 0)$$,                '22023'),
    ('satisfaction Infinity',          $$SELECT weighted_csi('Infinity'::float8, 1)$$,           '22023'),
    ('satisfaction -Inf, importance 0', $$SELECT weighted_csi('-Infinity'::float8, 0)$$,         '22023'),
    ('importance NaN',                 $$SELECT weighted_csi(4, 'NaN'::float8)$$,                '22023'),
    ('importance Infinity',            $$SELECT weighted_csi(4, 'Infinity'::float8)$$,           '22023'),
    ('importance -Infinity',           $$SELECT weighted_csi(4, '-Infinity'::float8)$$,          '22023'),
    ('importance -1e-300',             $$SELECT weighted_csi(4, -1e-300::float8)$$,              '22023'),
    ('NaN in the 3rd row',             $$SELECT weighted_csi(s, 1) FROM (VALUES (1::float8), (2), ('NaN')) v(s)$$, '22023'),
    ('importance -0',                  $$SELECT weighted_csi(4, '-0'::float8)$$,                 '= NULL'),
    ('sum of products past DBL_MAX',   $$SELECT weighted_csi(s, 1) FROM (VALUES (1e308::float8), (1e308)) v(s)$$, '22003'),
    ('negative products past -DBL_MAX', $$SELECT weighted_csi(s, 1) FROM (VALUES (-1e308::float8), (-1e308)) v(s)$$, '22003'),
    ('product past DBL_MAX',           $$SELECT weighted_csi(1e308::float8, 10)$$,               '22003'),
    ('importances past DBL_MAX',       $$SELECT weighted_csi(1, i) FROM (VALUES (1e308::float8), (1e308)) v(i)$$, '22003'),
    ('subnormal importance (< 1e-150)',           $$SELECT weighted_csi(0.6::float8, '5e-324'::float8)$$,   '22023'),
    ('component: satisfaction NaN',    $$SELECT weighted_csi('A', 'NaN'::float8, 1)$$,           '22023'),
    ('component: satisfaction -Inf',   $$SELECT weighted_csi('A', '-Infinity'::float8, 0)$$,     '22023'),
    ('component: importance Infinity', $$SELECT weighted_csi('A', 4, 'Infinity'::float8)$$,      '22023'),
    ('component: importance NaN',      $$SELECT weighted_csi('A', 4, 'NaN'::float8)$$,           '22023'),
    ('component: importance -1',       $$SELECT weighted_csi('A', 4, -1::float8)$$,              '22023'),
    ('component: name of 1001 bytes',  $$SELECT weighted_csi(repeat('n', 1001), 4, 1)$$,         '22023'),
    ('component: name of 1000 bytes',  $$SELECT weighted_csi(repeat('n', 1000), 4, 1)$$,         '= 4'),
    ('component: 1001 components',     $$SELECT weighted_csi(g::text, 4, 1) FROM generate_series(1, 1001) g$$, '22023'),
    ('csi_state_combine: 1001 components', $$SELECT csi_state_combine(('{' || string_agg(format('"c%s":1:2:3', g), ',') || '}')::csi_state, '{"new":1:2:3}')::text FROM generate_series(1, 1000) g$$, '22023'),
    ('component: satisfaction sums past', $$SELECT weighted_csi('A', s, 1) FROM (VALUES (1e308::float8), (1e308)) v(s)$$, '22003'),
    ('component: importance sums past', $$SELECT weighted_csi('A', 1, i) FROM (VALUES (1e308::float8), (1e308)) v(i)$$, '22003'),
    ('component: two at 1e308, index sum', $$SELECT weighted_csi(c, 1e308::float8, 1) FROM (VALUES ('A'), ('B')) v(c)$$, '22003'),
    ('component: subnormal importance', $$SELECT weighted_csi('A', 0.6::float8, '5e-324'::float8)$$, '22023'),
    ('component_trans: name of 1001 bytes', $$SELECT weighted_csi_component_trans('{}', repeat('n', 1001), 1, 1)::text$$, '22023'),
    ('component_trans: NaN',           $$SELECT weighted_csi_component_trans('{}', 'A', 'NaN', 1)::text$$, '22023')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 12. churn_rate: extreme instants, invalid periods and bases (22023).
SET TimeZone = 'UTC';
CREATE TEMP TABLE hostile_churn_ts (id int, s timestamptz, e timestamptz);
-- Period [4714-11-24 00:00 BC (the first timestamp), 294276-12-31
-- 23:59:59.999999 (the last)], so [lo, hi) with hi one microsecond past the
-- last timestamp.  1, 2: S E; 3: started at lo, ended at the last instant:
-- N L; 4-6: never customers in it; 7: skipped; 8: ended at the last
-- instant: S L; 9: ended at lo: S L.
-- S = 4, S and L = 2, E = 2, N = 1, L = 3 (E = S + N - L): start 200/4 = 50,
-- average 300 / ((4 + 2) / 2) = 100, new 300.
INSERT INTO hostile_churn_ts VALUES
    (1, '-infinity', NULL), (2, '-infinity', 'infinity'),
    (3, '4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999'),
    (4, '-infinity', '-infinity'), (5, 'infinity', NULL), (6, 'infinity', 'infinity'), (7, NULL, '-infinity'),
    (8, '-infinity', '294276-12-31 23:59:59.999999'), (9, '-infinity', '4714-11-24 00:00:00 BC');
CREATE TEMP TABLE hostile_churn_date (id int, s date, e date);
-- Period [4714-11-24 BC, 5874897-12-31) (the first and the last date): 1: S E;
-- 2: started at lo, ended at hi: N E; 3: N E; 4, 5: never customers in it;
-- 6: S L; 7: ended at lo: S L.
-- S = 3, S and L = 2, E = 3, N = 2, L = 2 (E = S + N - L): start 200/3,
-- average 200 / ((3 + 3) / 2) = 200/3, new 100.
INSERT INTO hostile_churn_date VALUES
    (1, '-infinity', NULL), (2, '4714-11-24 BC', '5874897-12-31'), (3, '5874897-12-30', 'infinity'),
    (4, '-infinity', '-infinity'), (5, 'infinity', 'infinity'), (6, '-infinity', '4714-11-25 BC'),
    (7, '-infinity', '4714-11-24 BC');
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('timestamps: whole range, start', $$SELECT churn_rate(s, e, tstzrange('4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999', '[]')) FROM hostile_churn_ts$$, '= 50'),
    ('timestamps: whole range, average', $$SELECT churn_rate(s, e, tstzrange('4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999', '[]'), 'average') FROM hostile_churn_ts$$, '= 100'),
    ('timestamps: whole range, new',   $$SELECT churn_rate(s, e, tstzrange('4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999', '[]'), 'new') FROM hostile_churn_ts$$, '= 300'),
    ('timestamps: one instant [t, t]', $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-01-01', '[]')) FROM hostile_churn_ts$$, '= 0'),
    ('dates: whole range, start',      $$SELECT churn_rate(s, e, daterange('4714-11-24 BC', '5874897-12-31')) FROM hostile_churn_date$$, '= 66.66666666666667'),
    ('dates: whole range, average',    $$SELECT churn_rate(s, e, daterange('4714-11-24 BC', '5874897-12-31'), 'average') FROM hostile_churn_date$$, '= 66.66666666666667'),
    ('dates: whole range, new',        $$SELECT churn_rate(s, e, daterange('4714-11-24 BC', '5874897-12-31'), 'new') FROM hostile_churn_date$$, '= 100'),
    ('ended infinity before started',  $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01')) FROM (VALUES ('infinity'::date, '2025-01-01'::date)) v(s, e)$$, '22023'),
    ('ended -infinity, started finite', $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-04-01')) FROM (VALUES ('2025-01-01'::timestamptz, '-infinity'::timestamptz)) v(s, e)$$, '22023'),
    ('period NULL tstzrange',          $$SELECT churn_rate(s, e, NULL::tstzrange) FROM hostile_churn_ts$$, '22023'),
    ('period empty tstzrange',         $$SELECT churn_rate(s, e, 'empty'::tstzrange) FROM hostile_churn_ts$$, '22023'),
    ('period [t, t)',                  $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-01-01')) FROM hostile_churn_ts$$, '22023'),
    ('period (t, t + 1 us): no instant', $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-01-01 00:00:00.000001', '()')) FROM hostile_churn_ts$$, '22023'),
    ('period lower unbounded',         $$SELECT churn_rate(s, e, tstzrange(NULL, '2025-01-01')) FROM hostile_churn_ts$$, '22023'),
    ('period both unbounded',          $$SELECT churn_rate(s, e, tstzrange(NULL, NULL)) FROM hostile_churn_ts$$, '22023'),
    ('period lower -infinity',         $$SELECT churn_rate(s, e, tstzrange('-infinity', '2025-01-01')) FROM hostile_churn_ts$$, '22023'),
    ('period upper infinity',          $$SELECT churn_rate(s, e, tstzrange('2025-01-01', 'infinity')) FROM hostile_churn_ts$$, '22023'),
    ('period -infinity to infinity',   $$SELECT churn_rate(s, e, tstzrange('-infinity', 'infinity', '[]')) FROM hostile_churn_ts$$, '22023'),
    ('date period lower -infinity',    $$SELECT churn_rate(s, e, daterange('-infinity', '2025-01-01')) FROM hostile_churn_date$$, '22023'),
    ('date period upper unbounded',    $$SELECT churn_rate(s, e, daterange('2025-01-01', NULL)) FROM hostile_churn_date$$, '22023'),
    ('date period (d, d + 1): empty',  $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-01-02', '()')) FROM hostile_churn_date$$, '22023'),
    ('period NULL, no started_at',     $$SELECT churn_rate(NULL::date, NULL::date, NULL::daterange)$$, '22023'),
    ('period empty, no started_at',    $$SELECT churn_rate(NULL::date, NULL::date, 'empty'::daterange)$$, '22023'),
    ('period changes within a group',  $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-02-01') + tstzrange('2025-02-01', '2025-02-01'::timestamptz + id * interval '1 day')) FROM hostile_churn_ts$$, '22023'),
    ('basis empty',                    $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), '') FROM hostile_churn_date$$, '22023'),
    ('basis START',                    $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), 'START') FROM hostile_churn_date$$, '22023'),
    ('basis with a trailing space',    $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), 'start ') FROM hostile_churn_date$$, '22023'),
    ('basis prefix st',                $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), 'st') FROM hostile_churn_date$$, '22023'),
    ('basis of 100000 bytes',          $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), repeat('start', 20000)) FROM hostile_churn_date$$, '22023'),
    ('basis NULL',                     $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-04-01'), NULL) FROM hostile_churn_ts$$, '22023'),
    ('basis changes within a group',   $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-04-01'), CASE WHEN id < 3 THEN 'new' ELSE 'average' END) FROM hostile_churn_ts$$, '22023')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;
RESET TimeZone;

-- 13. nps, csat, ces: answers outside the scale (22003); invalid, NULL or
-- changing thresholds (22023).
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('nps -1',                         $$SELECT nps(-1)$$,                                '22003'),
    ('nps 11',                         $$SELECT nps(11)$$,                                '22003'),
    ('nps 2147483647',                 $$SELECT nps(2147483647)$$,                        '22003'),
    ('nps -2147483648',                $$SELECT nps((-2147483648)::int)$$,                       '22003'),
    ('nps 11 after valid rows',        $$SELECT nps(a) FROM (VALUES (10), (0), (11)) v(a)$$, '22003'),
    ('sliding nps, 11',                $$SELECT string_agg(x::text, ';') FROM (SELECT nps(a) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, 9), (2, 10), (3, 11)) v(i, a)) w$$, '22003'),
    ('csat 0',                         $$SELECT csat(0)$$,                                '22003'),
    ('csat 6',                         $$SELECT csat(6)$$,                                '22003'),
    ('csat -2147483648',               $$SELECT csat((-2147483648)::int)$$,                      '22003'),
    ('ces 0',                          $$SELECT ces(0)$$,                                 '22003'),
    ('ces 8',                          $$SELECT ces(8)$$,                                 '22003'),
    ('ces 2147483647',                 $$SELECT ces(2147483647)$$,                        '22003'),
    ('sliding ces, 8',                 $$SELECT string_agg(x::text, ';') FROM (SELECT ces(a) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, 7), (2, 8)) v(i, a)) w$$, '22003'),
    ('nps(a, 5, 3): 101',              $$SELECT nps(101, 5, 3)$$,                         '22003'),
    ('nps(a, 5, 3): -1',               $$SELECT nps(-1, 5, 3)$$,                          '22003'),
    ('nps(a, 5, 3): 2147483647',       $$SELECT nps(2147483647, 5, 3)$$,                  '22003'),
    ('csat(a, 6): 101',                $$SELECT csat(101, 6)$$,                           '22003'),
    ('csat(a, 6): -2147483648',        $$SELECT csat((-2147483648)::int, 6)$$,                   '22003'),
    ('nps thresholds 5, 5',            $$SELECT nps(5, 5, 5)$$,                           '22023'),
    ('nps thresholds 3, 5',            $$SELECT nps(5, 3, 5)$$,                           '22023'),
    ('nps promoter_min 101',           $$SELECT nps(5, 101, 5)$$,                         '22023'),
    ('nps detractor_max -1',           $$SELECT nps(5, 9, -1)$$,                          '22023'),
    ('nps thresholds INT_MAX, INT_MIN', $$SELECT nps(5, 2147483647, (-2147483648)::int)$$,       '22023'),
    ('nps thresholds INT_MIN, INT_MAX', $$SELECT nps(5, (-2147483648)::int, 2147483647)$$,       '22023'),
    ('nps promoter_min NULL',          $$SELECT nps(5, NULL, 6)$$,                        '22023'),
    ('nps detractor_max NULL',         $$SELECT nps(5, 9, NULL)$$,                        '22023'),
    ('nps thresholds 100, 99',         $$SELECT nps(5, 100, 99)$$,                        '= -100'),
    ('nps thresholds 1, 0',            $$SELECT nps(5, 1, 0)$$,                           '= 100'),
    ('nps thresholds change in group', $$SELECT nps(a, 9 - a % 2, 6) FROM generate_series(1, 4) a$$, '22023'),
    ('nps thresholds 3, 5, NULL answer', $$SELECT nps(NULL::int, 3, 5)$$,                 '22023'),
    ('sliding nps(a, p, d), bad p',    $$SELECT string_agg(x::text, ';') FROM (SELECT nps(a, p, 3) OVER (ORDER BY a ROWS 1 PRECEDING) AS x FROM (VALUES (4, 5), (5, 2)) v(a, p)) w$$, '22023'),
    ('csat satisfied_min 101',         $$SELECT csat(4, 101)$$,                           '22023'),
    ('csat satisfied_min -1',          $$SELECT csat(4, -1)$$,                            '22023'),
    ('csat satisfied_min INT_MIN',     $$SELECT csat(4, (-2147483648)::int)$$,                   '22023'),
    ('csat satisfied_min NULL',        $$SELECT csat(4, NULL)$$,                          '22023'),
    ('csat satisfied_min 0',           $$SELECT csat(4, 0)$$,                             '= 100'),
    ('csat satisfied_min changes',     $$SELECT csat(a, a) FROM generate_series(1, 3) a$$, '22023'),
    -- accessors on summaries
    ('nps of {11:1}',                  $$SELECT nps('{11:1}'::score_summary)$$,           '22003'),
    ('nps of {0:1,100:1}',             $$SELECT nps('{0:1,100:1}'::score_summary)$$,      '22003'),
    ('csat of {0:1}',                  $$SELECT csat('{0:1}'::score_summary)$$,           '22003'),
    ('csat of {6:1}',                  $$SELECT csat('{6:1}'::score_summary)$$,           '22003'),
    ('ces of {0:1}',                   $$SELECT ces('{0:1}'::score_summary)$$,            '22003'),
    ('ces of {8:1}',                   $$SELECT ces('{8:1}'::score_summary)$$,            '22003'),
    ('nps(s, 6, 6)',                   $$SELECT nps('{5:1}'::score_summary, 6, 6)$$,      '22023'),
    ('nps(s, 101, 50)',                $$SELECT nps('{5:1}'::score_summary, 101, 50)$$,   '22023'),
    ('nps({}, 6, 6)',                  $$SELECT nps('{}'::score_summary, 6, 6)$$,         '22023'),
    ('csat(s, 101)',                   $$SELECT csat('{5:1}'::score_summary, 101)$$,      '22023'),
    ('share(s, -1, 5)',                $$SELECT share('{5:1}', -1, 5)$$,                  '22023'),
    ('share(s, 6, 5)',                 $$SELECT share('{5:1}', 6, 5)$$,                   '22023'),
    ('share(s, 0, 101)',               $$SELECT share('{5:1}', 0, 101)$$,                 '22023'),
    ('share(s, INT_MIN, INT_MAX)',     $$SELECT share('{5:1}', (-2147483648)::int, 2147483647)$$, '22023'),
    ('share({}, 0, 100)',              $$SELECT share('{}', 0, 100)$$,                    '= NULL'),
    ('nps({})',                        $$SELECT nps('{}'::score_summary)$$,               '= NULL'),
    ('mean({})',                       $$SELECT mean('{}')$$,                             '= NULL'),
    ('responses({})',                  $$SELECT responses('{}'::score_summary)$$,         '= 0'),
    ('nps of 2^62 promoters, 2^62-1 detractors', $$SELECT nps('{0:4611686018427387903,10:4611686018427387904}'::score_summary)$$, '= 1.0842021724855044e-17'),
    ('mean of 2^63-1 answers 0 and 100', $$SELECT mean('{0:4611686018427387903,100:4611686018427387904}')$$, '= 50'),
    ('ces of 2^63-1 answers 7',        $$SELECT ces('{7:9223372036854775807}'::score_summary)$$, '= 7'),
    ('csat of 2^63-1 answers 5',       $$SELECT csat('{5:9223372036854775807}'::score_summary)$$, '= 100'),
    ('responses of 2^63-1 answers',    $$SELECT responses('{0:4611686018427387903,100:4611686018427387904}'::score_summary)$$, '= 9223372036854775807')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 14. Statistics: confidence strictly between 0 and 1 (22023 otherwise,
-- NaN included); empty summaries and zero weights give NULL.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('confidence 0',                   $$SELECT nps_moe('{0:1,10:1}', 0::float8)$$,              '22023'),
    ('confidence -0',                  $$SELECT nps_moe('{0:1,10:1}', '-0'::float8)$$,           '22023'),
    ('confidence 1',                   $$SELECT nps_low('{0:1,10:1}', 1::float8)$$,              '22023'),
    ('confidence -1',                  $$SELECT nps_high('{0:1,10:1}', -1::float8)$$,            '22023'),
    ('confidence 1.0000001',           $$SELECT csat_low('{4:1,1:1}', 1.0000001::float8)$$,      '22023'),
    ('confidence 1 - 1e-17 (= 1.0)',   $$SELECT csat_high('{4:1,1:1}', 0.99999999999999999::float8)$$, '22023'),
    ('confidence NaN',                 $$SELECT mean_low('{1:1,3:1}', 'NaN'::float8)$$,          '22023'),
    ('confidence Infinity',            $$SELECT mean_high('{1:1,3:1}', 'Infinity'::float8)$$,    '22023'),
    ('confidence -Infinity',           $$SELECT nps_moe('{0:1,10:1}', '-Infinity'::float8, 9, 6)$$, '22023'),
    ('confidence NaN, empty summary',  $$SELECT nps_low('{}', 'NaN'::float8)$$,                  '22023'),
    ('confidence 1, custom buckets',   $$SELECT nps_low('{0:1,10:1}', 1::float8, 5, 3)$$,        '22023'),
    ('confidence 2, satisfied_min',    $$SELECT csat_low('{4:1,1:1}', 2::float8, 4)$$,           '22023'),
    ('confidence 1e-300: nps_moe',     $$SELECT nps_moe('{0:1,10:1}', 1e-300::float8)$$,         '= 0'),
    ('confidence 1e-300: nps_low',     $$SELECT nps_low('{0:1,10:1}', 1e-300::float8)$$,         '= 0'),
    ('confidence 1e-300: csat_low',    $$SELECT csat_low('{4:1,1:1}', 1e-300::float8)$$,         '= 50'),
    ('confidence 1e-300: mean_high',   $$SELECT mean_high('{1:1,3:1}', 1e-300::float8)$$,        '= 2'),
    ('confidence 1 - 2^-53: nps_moe',  $$SELECT x > 550 AND x < 620 FROM nps_moe('{0:1,10:1}', 0.9999999999999999::float8) x$$, '= true'),
    ('confidence 1 - 2^-53: nps_low',  $$SELECT nps_low('{0:1,10:1}', 0.9999999999999999::float8)$$, '= -100'),
    ('confidence 1 - 2^-53: nps_high', $$SELECT nps_high('{0:1,10:1}', 0.9999999999999999::float8)$$, '= 100'),
    ('confidence 1 - 2^-53: csat_low', $$SELECT x > 0 AND x < 5 FROM csat_low('{4:1,1:1}', 0.9999999999999999::float8) x$$, '= true'),
    ('custom buckets 6, 6',            $$SELECT nps_moe('{0:1}', promoter_min => 6, detractor_max => 6)$$, '22023'),
    ('satisfied_min 101',              $$SELECT csat_high('{4:1}', satisfied_min => 101)$$,     '22023'),
    ('csat_test satisfied_min -1',     $$SELECT csat_test('{4:1}', '{4:1}', -1)$$,               '22023'),
    ('nps_test thresholds 101, 0',     $$SELECT nps_test('{4:1}', '{4:1}', 101, 0)$$,            '22023'),
    ('nps_low of {11:1}',              $$SELECT nps_low('{11:1}')$$,                             '22003'),
    ('csat_test of {0:1}',             $$SELECT csat_test('{4:1}', '{0:1}')$$,                   '22003'),
    ('nps_moe({})',                    $$SELECT nps_moe('{}')$$,                                 '= NULL'),
    ('nps_low({})',                    $$SELECT nps_low('{}')$$,                                 '= NULL'),
    ('csat_high({})',                  $$SELECT csat_high('{}')$$,                               '= NULL'),
    ('mean_low({})',                   $$SELECT mean_low('{}')$$,                                '= NULL'),
    ('nps_test({}, {})',               $$SELECT nps_test('{}', '{}')$$,                          '= NULL'),
    ('csat_test({}, {})',              $$SELECT csat_test('{}', '{}')$$,                         '= NULL'),
    ('effective_responses({})',        $$SELECT effective_responses('{}')$$,                     '= 0'),
    ('zero weights: nps_low',          $$SELECT nps_low('{9:3:0:0}')$$,                          '= NULL'),
    ('zero weights: csat_test',        $$SELECT csat_test('{4:2:0:0}', '{4:1}')$$,               '= NULL'),
    ('zero weights: effective_responses', $$SELECT effective_responses('{9:3:0:0}')$$,           '= 0'),
    ('one answer: nps_moe',            $$SELECT nps_moe('{10:1}')$$,                             '= 0'),
    ('one answer: nps_low',            $$SELECT round(nps_low('{10:1}')::numeric, 4)$$,          '= -48.4986'),
    ('one answer: nps_high',           $$SELECT round(nps_high('{10:1}')::numeric, 4)$$,         '= 98.4986'),
    ('one answer: mean_low',           $$SELECT mean_low('{4:1}')$$,                             '= NULL'),
    ('one effective answer: mean_low', $$SELECT mean_low('{4:1:1:1,5:1:0:0}')$$,                 '= NULL'),
    ('one answer each: csat_test',     $$SELECT csat_test('{5:1}', '{5:1}')$$,                   '= 1'),
    ('one answer each: nps_test',      $$SELECT x > 0 AND x < 1 FROM nps_test('{10:1}', '{0:1}') x$$, '= true'),
    ('2^63-1 answers: nps_low',        $$SELECT abs(x) < 1e-6 FROM nps_low('{0:4611686018427387903,10:4611686018427387904}') x$$, '= true'),
    ('2^63-1 answers: mean_low',       $$SELECT round(mean_low('{0:4611686018427387903,100:4611686018427387904}')::numeric, 6)$$, '= 50.000000'),
    ('2^63-1 answers: nps_test',       $$SELECT nps_test(s, s) FROM (SELECT '{0:4611686018427387903,10:4611686018427387904}'::score_summary AS s) x$$, '= 1'),
    ('2^63-1 answers: csat_high',      $$SELECT csat_high('{5:9223372036854775807}')$$,          '= 100')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 15. The server never restarted, and a fresh query works.
SELECT pg_postmaster_start_time() = :'boot_time'::timestamptz AS same_postmaster,
       nps(a) AS fresh_query FROM unnest(ARRAY[9, 10, 0]) a;
