#!/usr/bin/python3
"""Runs every ```sql block of docs/incremental.md, in order, in one psql session
against a fresh database holding the sample data (test/data/sample.sql) and the
extension, and checks the one result the text states (no group differs from
the recomputation). Fails on any error.
Usage (PG* variables set, a superuser): /usr/bin/python3 test/incremental/doc_examples.py"""
import os
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent.parent
doc = root / 'docs' / 'incremental.md'
blocks = re.findall(r'^```sql\n(.*?)^```', doc.read_text(encoding='utf-8'), re.S | re.M)
db = f'cx_incremental_doc_{os.getpid()}'


def psql(*args, **kw):
    return subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', *args], text=True,
                          capture_output=True, **kw)


r = psql('-d', 'postgres', '-c', f'CREATE DATABASE {db}')
if r.returncode:
    sys.exit(r.stderr)
try:
    script = ("CREATE EXTENSION cx_metrics;\n\\i " + str(root / 'test' / 'data' / 'sample.sql') +
              "\nSET TimeZone = 'UTC';\n" +
              '\n'.join(f"\\echo '-- docs/incremental.md example {i + 1}'\n{b}" for i, b in enumerate(blocks)))
    r = psql('-d', db, '-f', '-', input=script)
    if r.returncode:
        print(r.stdout[-3000:])
        print(r.stderr, file=sys.stderr)
        sys.exit('docs/incremental.md examples: failed (see the last example echoed above)')
    m = re.search(r'groups_that_differ\s*\n-+\s*\n\s*(\d+)', r.stdout)
    if not m or m.group(1) != '0':
        print(r.stdout[-3000:])
        sys.exit('docs/incremental.md examples: the groups_that_differ query did not print 0')
    print(f'docs/incremental.md examples: all {len(blocks)} sql blocks ran without error; 0 groups differ')
finally:
    psql('-d', 'postgres', '-c', f'DROP DATABASE IF EXISTS {db}')
    psql('-d', 'postgres', '-c', 'DROP ROLE IF EXISTS survey_writer')
