#!/bin/bash
# The PGXN release, end to end, without touching the working tree:
#   1. clone the repository into a temporary directory and run `make dist` there;
#   2. check META.json of the archive: JSON syntax (python3 -m json.tool), the PGXN Meta
#      Spec (test/pgxn/check_meta.py), and version = control file's default_version (as
#      SemVer: 1.1 -> 1.1.0) = the version in the archive's name; check what the archive
#      holds and leaves out;
#   3. unpack it, build it warning-free (make WERROR=1), install it (make install) and run
#      make installcheck (pg_regress) in a throwaway cluster (pg_virtualenv -t).
# By default step 3 installs into a staging directory (make install DESTDIR=...) and starts
# the cluster with extension_destdir pointing there (a Debian PostgreSQL setting, the way
# Debian tests packages before installing them), and checks that the server loaded the
# archive's cx_metrics.so, not the one installed on the system, which stays untouched.
#
# Usage: bash test/pgxn/run.sh [--worktree | --with PATH...] [--system-install] [--keep]
#   --worktree        archive the working tree as if everything in it were committed (a
#                     commit of `git add -A` in the temporary clone): try a release before
#                     committing. Default: the committed HEAD, which is what make dist ships.
#   --with PATH       the same for PATH only (repeatable): HEAD plus these uncommitted files
#                     or directories as they are in the working tree.
#   --system-install  make install into the system's PostgreSQL instead (as root or with
#                     sudo): replaces the installed cx_metrics with the archive's build.
#   --keep            keep the temporary directory and print its path.
# Needs git, make, gcc, unzip, postgresql-server-dev-15 and postgresql-common (pg_virtualenv).
set -euo pipefail

CX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PY=/usr/bin/python3

if [ -n "${CX_PGXN_IN_CLUSTER:-}" ]; then
    # Inside pg_virtualenv, in the unpacked release: which build does the server load?
    if [ -n "${CX_PGXN_STAGE:-}" ]; then
        [ "$(psql -X -A -t -c 'SHOW extension_destdir')" = "$CX_PGXN_STAGE" ] ||
            { echo "extension_destdir is not $CX_PGXN_STAGE" >&2; exit 1; }
        psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE cx_pgxn_which'
        loaded=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -d cx_pgxn_which <<'SQL'
CREATE EXTENSION cx_metrics;
SELECT nps(a) FROM (VALUES (10), (3)) v(a) \g /dev/null
SELECT l FROM regexp_split_to_table(pg_read_file('/proc/self/maps'), chr(10)) l
WHERE l LIKE '%/cx_metrics.so' LIMIT 1;
SQL
)
        loaded=${loaded##* }
        psql -X -q -c 'DROP DATABASE cx_pgxn_which'
        case $loaded in
            "$CX_PGXN_STAGE"/*) echo "the server loads the archive's build: $loaded" ;;
            *) echo "the server loads $loaded, not the build staged in $CX_PGXN_STAGE" >&2; exit 1 ;;
        esac
    fi
    echo "--> make installcheck (in $(pwd))"
    if ! make -s installcheck; then
        [ -f regression.diffs ] && cat regression.diffs
        exit 1
    fi
    exit 0
fi

worktree=
with=()
system_install=
keep=
while [ $# -gt 0 ]; do
    case $1 in
        --worktree) worktree=1 ;;
        --with) [ $# -ge 2 ] || { echo "--with needs a path" >&2; exit 2; }; worktree=1; with+=("$2"); shift ;;
        --system-install) system_install=1 ;;
        --keep) keep=1 ;;
        *) echo "usage: $0 [--worktree | --with PATH...] [--system-install] [--keep]" >&2; exit 2 ;;
    esac
    shift
done
for tool in git make unzip pg_config pg_virtualenv; do
    command -v $tool >/dev/null || { echo "test/pgxn/run.sh: $tool is missing" >&2; exit 2; }
done
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

start=$SECONDS
work=$(mktemp -d -t cx_pgxn.XXXXXX)
chmod 755 "$work"    # the server (user postgres) reads the staged install
if [ -n "$keep" ]; then
    trap 'echo "kept $work"' EXIT
else
    trap 'rm -rf "$work"' EXIT
fi
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo; echo "==> $* [$((SECONDS - start)) s]"; }

if [ ${#with[@]} -gt 0 ]; then
    what="committed HEAD with the working tree's ${with[*]}"
elif [ -n "$worktree" ]; then
    what="working tree"
else
    what="committed HEAD"
fi
# make dist archives a git commit: a source tree without git history (an
# unpacked archive) has nothing to archive, so the release test does not apply.
if ! git -C "$CX_ROOT" rev-parse -q --verify HEAD >/dev/null 2>&1; then
    echo "SKIPPED: $CX_ROOT is not a git checkout with a commit; make dist archives a commit"
    exit 0
fi
step "1. make dist in a clone of $CX_ROOT ($what)"
git clone -q "$CX_ROOT" "$work/repo"
if [ -n "$worktree" ]; then
    # Tracked and untracked-but-not-ignored files as they are now; deleted ones deleted.
    (cd "$CX_ROOT" && git ls-files -z --cached --others --exclude-standard -- "${with[@]}" |
        while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
        tar --null -T - -cf -) | tar -C "$work/repo" -xf -
    (cd "$CX_ROOT" && git ls-files -z --deleted -- "${with[@]}") | (cd "$work/repo" && xargs -0 -r rm -f --)
    git -C "$work/repo" add -A
    git -C "$work/repo" -c user.name=test/pgxn -c user.email=test@invalid \
        commit -q --allow-empty -m "working tree of $CX_ROOT"
fi
echo "archiving $(git -C "$work/repo" log -1 --format='%h %s' | cut -c1-100)"
git -C "$work/repo" cat-file -e HEAD:META.json 2>/dev/null && grep -q '^dist:' "$work/repo/Makefile" ||
    fail "the commit has no META.json or no dist target in its Makefile: commit them, or try --worktree / --with"
make -C "$work/repo" -s dist || fail "make dist"
zips=("$work"/repo/*.zip)
[ ${#zips[@]} -eq 1 ] && [ -f "${zips[0]}" ] || fail "make dist wrote no archive, or more than one: ${zips[*]}"
zip=${zips[0]}
name=$(basename "$zip" .zip)
echo "$name.zip: $(unzip -Z1 "$zip" | grep -vc '/$') files, $(du -k "$zip" | cut -f1) kB"

step "2. META.json of $name.zip"
unzip -p "$zip" "$name/META.json" | $PY -m json.tool >/dev/null || fail "META.json is not valid JSON"
echo "JSON syntax: ok ($PY -m json.tool)"
$PY "$CX_ROOT/test/pgxn/check_meta.py" "$zip" || fail "META.json does not pass check_meta.py"
meta_version=$(unzip -p "$zip" "$name/META.json" |
    $PY -c 'import json, sys; m = json.load(sys.stdin); print(m["version"], *(e["version"] for e in m["provides"].values()))')
control_version=$(unzip -p "$zip" "$name/cx_metrics.control" | sed -n "s/^default_version = '\(.*\)'/\1/p")
semver=$(echo "$control_version" | sed -E 's/^([0-9]+)$/\1.0.0/; s/^([0-9]+\.[0-9]+)$/\1.0/')
for v in $meta_version; do
    [ "$v" = "$semver" ] || fail "META.json says $v, cx_metrics.control default_version '$control_version' ($semver)"
done
[ "$name" = "cx_metrics-$semver" ] || fail "archive $name.zip, control file version $semver"
echo "versions: META.json $meta_version = control '$control_version' = archive $name.zip"
unzip -Z1 "$zip" > "$work/contents"
for f in META.json Makefile cx_metrics.control README.md sql/cx_metrics--1.0.sql \
         sql/cx_metrics--1.0--1.1.sql expected/nps.out src/pg_cx.h test/data/sample.sql; do
    grep -qx "$name/$f" "$work/contents" || fail "$f is not in the archive"
done
if grep -E "^$name/(\.ci/|\.git/|.*\.gitignore$|\.gitattributes$|.*\.(o|so|bc|zip)$|results/|regression\.)" "$work/contents"; then
    fail "the archive holds the files above, which a release leaves out"
fi
echo "contents: META.json, sources, regression tests; no .ci, .git*, build output"

step "3. unpack, build, install, installcheck"
mkdir "$work/unpacked"
unzip -q "$zip" -d "$work/unpacked"
src=$work/unpacked/$name
echo "--> make WERROR=1"
make -C "$src" -s -j2 WERROR=1
if [ -n "$system_install" ]; then
    echo "--> make install (into $(pg_config --pkglibdir) and $(pg_config --sharedir)/extension)"
    as_root make -C "$src" -s install >/dev/null
    venv_opts=()
    stage=
else
    stage=$work/stage
    echo "--> make install DESTDIR=$stage"
    make -C "$src" -s install DESTDIR="$stage" >/dev/null
    [ -f "$stage$(pg_config --pkglibdir)/cx_metrics.so" ] || fail "make install put no cx_metrics.so under $stage"
    venv_opts=(-o "extension_destdir=$stage")
fi
(cd "$src" && CX_PGXN_IN_CLUSTER=1 CX_PGXN_STAGE=$stage \
    bash "$CX_ROOT/test/pg_virtualenv.sh" -t "${venv_opts[@]}" bash "$CX_ROOT/test/pgxn/run.sh") ||
    fail "make installcheck of the unpacked release"

echo
echo "pgxn release test: OK, $name.zip builds, installs and passes make installcheck ($((SECONDS - start)) s)"
