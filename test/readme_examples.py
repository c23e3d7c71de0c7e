#!/usr/bin/python3
"""Runs every ```sql block of README.md, in order, in one psql session against
a database holding the sample data and the extension; fails on any error.
Usage (PG* variables set): /usr/bin/python3 test/readme_examples.py"""
import pathlib
import re
import subprocess
import sys

readme = pathlib.Path(__file__).resolve().parent.parent / 'README.md'
blocks = re.findall(r'```sql\n(.*?)```', readme.read_text(), re.S)
script = "\\set ON_ERROR_STOP 1\nSET TimeZone = 'UTC';\n" + '\n'.join(
    f"\\echo '-- README example {i + 1}'\n{block}" for i, block in enumerate(blocks))
result = subprocess.run(['psql', '-X', '-q', '-f', '-'], input=script, text=True,
                        capture_output=True)
if result.returncode != 0:
    print(result.stdout[-3000:])
    print(result.stderr, file=sys.stderr)
    print(f'README examples: failed (see the last example echoed above)')
    sys.exit(1)
print(f'README examples: all {len(blocks)} sql blocks ran without error')
