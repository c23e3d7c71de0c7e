-- ces(effort): mean effort on 1..7.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

SELECT ces(e) FROM unnest(ARRAY[1, 7]) e;              -- 4
SELECT ces(e) FROM unnest(ARRAY[5, 6, 6, 7]) e;        -- 24 / 4 = 6
SELECT ces(e) FROM unnest(ARRAY[2, NULL, 3, 3]) e;     -- 8 / 3 = 2.666...
SELECT ces(e) FROM unnest(ARRAY[NULL]::int[]) e;       -- NULL
SELECT ces(e::smallint) FROM generate_series(1, 7) e;  -- 4

-- Against sum/count in double precision, and avg() in numeric.
CREATE TABLE ces_many AS
    SELECT i % 4 AS g, 1 + (hashint4(i) & 2147483647) % 7 AS effort FROM generate_series(1, 10000) i;
SELECT g, ces(effort) = sum(effort)::float8 / count(effort) AS same,
       abs(ces(effort) - avg(effort)::float8) < 1e-12 AS close_to_avg
FROM ces_many GROUP BY g ORDER BY g;

SELECT pg_temp.expect_error('SELECT ces(e) FROM unnest(ARRAY[0]) e');
SELECT pg_temp.expect_error('SELECT ces(e) FROM unnest(ARRAY[8]) e');
