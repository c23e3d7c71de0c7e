#!/usr/bin/python3
"""Runs every ```sql block of docs/drivers.md, in order, in one psql session
against a database holding the sample data (test/data/sample.sql) and the
extension, and checks that the output printed after a block (a ```text block
right after it) is what psql prints now.  Fails on any error or difference.

Usage (PG* variables set): /usr/bin/python3 test/drivers/doc_examples.py
"""
import pathlib
import re
import subprocess
import sys

doc = pathlib.Path(__file__).resolve().parent.parent.parent / 'docs' / 'drivers.md'
pairs = re.findall(r'```sql\n(.*?)```(?:\n+```text\n(.*?)```)?', doc.read_text(), re.S)
failed = 0
script = "\\set ON_ERROR_STOP 1\nSET TimeZone = 'UTC';\n"
for i, (block, _) in enumerate(pairs):
    script += "\\echo '==== block %d'\n%s\n" % (i + 1, block)
result = subprocess.run(['psql', '-X', '-q', '-f', '-'], input=script, text=True,
                        capture_output=True)
if result.returncode != 0:
    print(result.stdout[-3000:])
    print(result.stderr, file=sys.stderr)
    sys.exit('docs/drivers.md: a block failed (see the last block echoed above)')
outputs = re.split(r'^==== block \d+\n', result.stdout, flags=re.M)[1:]
for i, ((block, expected), got) in enumerate(zip(pairs, outputs)):
    if expected and expected.strip() != got.strip():
        failed += 1
        print('block %d prints:\n%s\nthe document says:\n%s' % (i + 1, got, expected))
if failed:
    sys.exit('docs/drivers.md: %d outputs differ' % failed)
print('docs/drivers.md: all %d sql blocks ran, %d outputs as documented'
      % (len(pairs), sum(1 for _, e in pairs if e)))
