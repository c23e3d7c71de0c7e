#!/usr/bin/python3
"""Runs every ```sql block of a Markdown page (default docs/compare.md), in
order, in one psql session against a database holding the sample data and the
extension; fails on any error, and when a block is followed by a plain ```
block, checks that psql printed exactly that (trailing spaces ignored).
Usage (PG* variables set): /usr/bin/python3 test/docs_examples.py [page.md]"""
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
page = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / 'docs' / 'compare.md'
text = page.read_text()
# each sql block, with the plain block right after it (if any)
pairs = re.findall(r'```sql\n(.*?)```\n(?:\n```\n(.*?)```)?', text, re.S)
marker = '-- docs example %d --'
script = "\\set ON_ERROR_STOP 1\n\\pset footer off\nSET TimeZone = 'UTC';\n" + '\n'.join(
    f"\\echo '{marker % i}'\n{sql}" for i, (sql, _) in enumerate(pairs))
result = subprocess.run(['psql', '-X', '-q', '-f', '-'], input=script, text=True,
                        capture_output=True)
if result.returncode != 0:
    print(result.stdout[-3000:])
    print(result.stderr, file=sys.stderr)
    print(f'{page.name} examples: failed (see the last example echoed above)')
    sys.exit(1)
outputs = re.split(r'^-- docs example \d+ --\n', result.stdout, flags=re.M)[1:]


def norm(s):
    return '\n'.join(line.rstrip() for line in s.strip('\n').splitlines())


failed = 0
for i, ((sql, expected), got) in enumerate(zip(pairs, outputs)):
    if expected and norm(expected) != norm(got):
        failed += 1
        print(f'--- example {i + 1}: expected\n{norm(expected)}\n--- got\n{norm(got)}')
if failed:
    sys.exit(f'{page.name} examples: {failed} outputs differ')
print(f'{page.name} examples: all {len(pairs)} sql blocks ran, '
      f'{sum(1 for _, e in pairs if e)} outputs as shown')
