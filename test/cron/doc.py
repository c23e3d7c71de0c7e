#!/usr/bin/python3
"""The examples of the README section "Scheduled refresh with pg_cron", for test/cron/run.sh.

The section tags its blocks ```ini pg_cron (postgresql.conf settings) and ```sql pg_cron
(SQL). test/readme_examples.py runs only plain ```sql blocks, in a cluster without pg_cron,
so it skips these; test/cron/run.sh runs them in a cluster with pg_cron preloaded.

  doc.py settings DOC            the ini block's settings, one name=value a line, unquoted
  doc.py check-recipe DOC SQL    the first sql block must be SQL (test/cron/recipe.sql)
                                 without its leading comment paragraph
  doc.py examples DOC            the other sql blocks, as one psql script
"""
import re
import sys


def blocks(doc, lang):
    text = open(doc, encoding='utf-8').read()
    return re.findall(r'^```' + lang + r' pg_cron\n(.*?)^```', text, re.S | re.M)


def settings(doc):
    found = blocks(doc, 'ini')
    if len(found) != 1:
        sys.exit(f'{doc}: expected one ```ini pg_cron block, found {len(found)}')
    for line in found[0].splitlines():
        line = re.sub(r'\s*#.*', '', line).strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*'?([^']*)'?", line)
        if not m:
            sys.exit(f'{doc}: cannot read the setting {line!r}')
        print(f'{m.group(1)}={m.group(2)}')


def recipe_body(path):
    """The recipe file without its leading paragraph of -- comments."""
    lines = open(path, encoding='utf-8').read().splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].startswith('--'):
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    return ''.join(lines[i:])


def check_recipe(doc, recipe):
    found = blocks(doc, 'sql')
    if not found:
        sys.exit(f'{doc}: no ```sql pg_cron block')
    if found[0] != recipe_body(recipe):
        import difflib
        diff = difflib.unified_diff(recipe_body(recipe).splitlines(True), found[0].splitlines(True),
                                    recipe, doc + ' (first ```sql pg_cron block)')
        sys.stdout.writelines(diff)
        sys.exit(f'{doc}: the recipe block differs from {recipe}')
    print(f'{doc}: the recipe block is {recipe} (without its header comment)')


def examples(doc):
    found = blocks(doc, 'sql')[1:]
    print('\\set ON_ERROR_STOP 1')
    for i, block in enumerate(found, start=2):
        print(f"\\echo '-- {doc}, sql pg_cron block {i}'")
        print(block)


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'settings':
        settings(*args)
    elif cmd == 'check-recipe':
        check_recipe(*args)
    elif cmd == 'examples':
        examples(*args)
    else:
        sys.exit(__doc__)
