#!/bin/bash
# Hardening: the install and update scripts a packager can trust, and the
# update from every 1.x version to the default version (2.0), tested the way
# users do it.
#
# Run inside a cluster given by the PG* variables, as a superuser; the
# non-superuser runs log in with a password over PGHOST/PGPORT, as
# pg_virtualenv's localhost allows:
#   make -s install DESTDIR=/tmp/stage
#   pg_virtualenv -o extension_destdir=/tmp/stage -t bash test/hardening/upgrade.sh
# Needs psql and pg_dump (postgresql-client-15), perl and nm (binutils).
# Exits non-zero on any failure.  CX_KEEP=1 keeps the databases and files.
#
# 1. Static, on every sql/cx_metrics--*.sql (comments, psql meta-commands and,
#    where it matters, string literals set aside; DO blocks and function
#    bodies read too):
#    - no INSERT/UPDATE/DELETE/MERGE/TRUNCATE/COPY on a pg_* catalog, also as
#      EXECUTE'd text in a DO block;
#    - no DROP AGGREGATE (nor DROP ROUTINE, which can drop one): user views
#      depend on aggregates; update scripts use CREATE OR REPLACE AGGREGATE;
#    - full install scripts use plain CREATE: no OR REPLACE (CVE-2022-2625);
#      no IF NOT EXISTS anywhere (it would keep an object planted before);
#    - the \echo ... \quit guard comes before any SQL;
#    - every reference is qualified (@extschema@ or pg_catalog): object
#      names, argument and return types, casts, support functions and types
#      of aggregates and types, function calls, relations and operators
#      (OPERATOR(pg_catalog.=)) inside DO blocks (CVE-2023-39417);
#    - every C symbol any script names ('MODULE_PATHNAME', 'symbol') is
#      exported by the shared library, so a database at any 1.x version keeps
#      working with it;
#    - the installed copy of each script is the source's.
#    The checker is run on scripts that must be flagged (one per rule, and the
#    real 1.2--2.0 and 2.0 scripts with one reference unqualified) and on ones
#    that must not.
# 2. For every older version (1.0, 1.1, 1.2), as a superuser and as a
#    non-superuser who owns the database and installed the trusted extension:
#    CREATE EXTENSION cx_metrics VERSION 'old', sample data, dependent objects
#    (stored summaries in a table with a domain, a CHECK and an expression
#    index; views; a materialized view with a unique index; a moving window;
#    SQL functions with a string body and with BEGIN ATOMIC; a user aggregate
#    over the extension's functions; from 1.1 weighted summaries, intervals of
#    the mean and tests), then ALTER EXTENSION cx_metrics UPDATE:
#    - the version is the default one;
#    - every member kept keeps its OID (aggregates included), and the members
#      removed are exactly the 1.x interval overloads and support functions
#      2.0 replaces;
#    - the catalog equals a fresh install's (member list, signatures, argument
#      names, defaults, volatility, strictness, parallel safety, C symbols,
#      aggregate support functions, SSPACE, initial values, owners, comments);
#    - pg_dump --binary-upgrade --schema-only of the updated database equals
#      that of a fresh 2.0 database with the same dependent objects, OIDs
#      removed (so the views' definitions are the same too);
#    - every dependent object gives the same complete output (md5); the churn
#      periods avoid the dates on which customers start or end, where 2.0's
#      period model books events differently (checked as a precondition);
#    - REFRESH MATERIALIZED VIEW CONCURRENTLY works and new rows give values
#      equal to plain-SQL recomputations; 2.0 functions on old summaries
#      match the formulas; a second UPDATE is a no-op.
#    The same on empty databases: updated = fresh (catalog and pg_dump).
# 3. From 1.1 and 1.2, as both users: a view, a materialized view and a
#    BEGIN ATOMIC SQL function for each of the 20 interval overloads 2.0
#    removes make the update fail with SQLSTATE 2BP01 and a message that
#    names each object, the signature it uses and the 2.0 call; nothing
#    changes (version, catalog, outputs); after dropping them the update
#    succeeds, and the 2.0 call the message gives returns the number the 1.x
#    call returned.  SQL functions with a string body (no dependency
#    recorded) give after the update the same number or an error (22023),
#    never a different number.
# 4. A database still at 1.1 or 1.2 with the new shared library: every 1.x
#    interval call returns the independent reference value
#    (sql/include/interval_1x_reference.sql, from
#    test/hardening/interval_1x_reference.py), and its aggregates, run in
#    parallel, use the 1.x combine functions and equal plain SQL.
# 5. From every version, as both users: hand-written aggregates on the 1.x
#    support functions (cx_combine_*, percent_final, mean_final) stop the
#    update with 2BP01 and a message naming each with the 2.0 function; after
#    dropping them the update succeeds, and rebuilt on the 2.0 names they
#    give the same numbers.

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SAMPLE="$ROOT/test/data/sample.sql"
REFERENCE="$ROOT/sql/include/interval_1x_reference.sql"
START=$(date +%s)
WORK=$(mktemp -d /tmp/cx_upgrade.XXXXXX)
TAG="cxup$$"
PW="pw_$TAG"

source "$HERE/checks.sh"

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
DATABASES=()
ROLES=()
cleanup() {
    if [ "${CX_KEEP:-0}" = 1 ]; then echo "kept $WORK, ${DATABASES[*]}"; return; fi
    for db in "${DATABASES[@]}"; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done
    for r in "${ROLES[@]}"; do "${PSQL[@]}" -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1; done
    rm -rf "$WORK"
}
trap cleanup EXIT
# sql DB [psql args]: as the superuser.  as ACTOR DB [psql args]: ACTOR is
# "superuser" or the non-superuser role.
sql() { local db=$1; shift; PGDATABASE=$db "${PSQL[@]}" -At "$@"; }
as() {
    local who=$1; shift
    if [ "$who" = superuser ]; then sql "$@"; else PGUSER=$who PGPASSWORD=$PW sql "$@"; fi
}
# newdb NAME ACTOR: a database the actor owns.
newdb() {
    local owner=""
    [ "$2" = superuser ] || owner=" OWNER $2"
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $1$owner" && DATABASES+=("$1")
}

DEFAULT=$(sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$ROOT/cx_metrics.control")
[ -n "$DEFAULT" ] || die "no default_version in cx_metrics.control"
INSTALLED_DEFAULT=$(sql postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'cx_metrics'")
[ "$INSTALLED_DEFAULT" = "$DEFAULT" ] || die "installed cx_metrics default version '$INSTALLED_DEFAULT' is not the source's '$DEFAULT' (make install?)"
# Debian's extension_destdir: the server reads scripts and the library under it.
DESTDIR_=$(sql postgres -c "SELECT coalesce((SELECT setting FROM pg_settings WHERE name = 'extension_destdir'), '')")
SHAREDIR="$DESTDIR_$(pg_config --sharedir)/extension"
LIBRARY="$DESTDIR_$(pg_config --pkglibdir)/cx_metrics.so"
[ -f "$LIBRARY" ] || die "no $LIBRARY (make install?)"

# The static checker (perl): lint FILE full|update prints one line per violation.
cat > "$WORK/lint.pl" <<'PERL'
#!/usr/bin/perl
# lint FILE KIND (KIND: full or update): one line "RULE: excerpt" per violation.
use strict;
use warnings;

my ($file, $kind) = @ARGV;
open my $fh, '<', $file or die "$file: $!";
my $src = do { local $/; <$fh> };
close $fh;

# The \echo ... \quit guard must come before any SQL.
{
    my $head = $src;
    $head =~ s{/\*.*?\*/}{}gs;
    $head =~ s/^\s*--[^\n]*$//mg;
    print "NO GUARD: the script must start with \\echo ... \\quit\n"
        unless $head =~ /\A\s*\\echo [^\n]*\\quit\s*$/m;
}
(my $sql = $src) =~ s/^\\[^\n]*$//mg;    # psql meta-commands
# Transition tables (REFERENCING NEW TABLE AS name) and common table
# expressions (WITH name AS (...)) are not looked up through search_path: a
# body may read them unqualified.
my %TRANSITION = map { lc($_) => 1 } ($src =~ /\b(?:NEW|OLD)\s+TABLE\s+AS\s+(\w+)/gi,
                                       $src =~ /\b(\w+)\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/gi);

# Tokens: [type, text]; W word or identifier, S string, B dollar-quoted body,
# N number, O operator, P punctuation.
sub tokenize {
    my ($s) = @_;
    my @t;
    while (length $s) {
        if    ($s =~ s/^\s+//) { }
        elsif ($s =~ s/^--[^\n]*//) { }
        elsif ($s =~ s{^/\*.*?\*/}{}s) { }
        elsif ($s =~ s/^([Ee]'(?:[^'\\]|\\.|'')*')//s) { push @t, ['S', $1]; }
        elsif ($s =~ s/^('(?:[^']|'')*')//s) { push @t, ['S', $1]; }
        elsif ($s =~ s/^(\$([A-Za-z_]\w*)?\$)(.*?)\1//s) { push @t, ['B', $3]; }
        elsif ($s =~ s/^("(?:[^"]|"")*")//) { push @t, ['W', $1]; }
        elsif ($s =~ s/^(\@extschema(?::\w+)?\@)//) { push @t, ['W', $1]; }
        elsif ($s =~ s/^([A-Za-z_][\w\$]*)//) { push @t, ['W', $1]; }
        elsif ($s =~ s/^(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)//) { push @t, ['N', $1]; }
        elsif ($s =~ s/^(::|:=|=>)//) { push @t, ['P', $1]; }
        elsif ($s =~ s/^([-+*\/<>=~!\@#%^&|`?]+)//) { push @t, ['O', $1]; }
        elsif ($s =~ s/^(.)//s) { push @t, ['P', $1]; }
    }
    return @t;
}

my %KW_CALL = map { $_ => 1 } qw(ARRAY ANY ALL SOME IN EXISTS VALUES COALESCE NULLIF GREATEST LEAST
    ROW CAST EXTRACT POSITION SUBSTRING TRIM OVERLAY FILTER OVER AS ON USING AND OR NOT WHEN THEN
    ELSE IS BETWEEN LIKE SELECT FROM WHERE RETURNS TABLE DEFAULT RETURN CHECK KEY UNIQUE REFERENCES
    INTO IF ELSIF WHILE EXECUTE PERFORM JOIN LATERAL WITH GROUPING ROLLUP CUBE SETS OPERATOR
    CASE BY ATOMIC);
# KEY = value options whose value names a function, type or operator.
my %KEY_NAME = map { $_ => 1 } qw(SFUNC STYPE FINALFUNC COMBINEFUNC SERIALFUNC DESERIALFUNC MSFUNC
    MINVFUNC MSTYPE MFINALFUNC SORTOP INPUT OUTPUT RECEIVE SEND TYPMOD_IN TYPMOD_OUT ANALYZE SUBSCRIPT
    ELEMENT SUBTYPE SUBTYPE_OPCLASS CANONICAL SUBTYPE_DIFF LIKE FUNCTION PROCEDURE LEFTARG RIGHTARG
    RESTRICT JOIN COMMUTATOR NEGATOR SUPPORT BASETYPE);
# KEY = literal options (CREATE AGGREGATE / TYPE / OPERATOR, RAISE ... USING).
my %KEY_LITERAL = map { $_ => 1 } qw(INITCOND MINITCOND SSPACE MSSPACE PARALLEL INTERNALLENGTH
    ALIGNMENT STORAGE CATEGORY PREFERRED DEFAULT DELIMITER HASHES MERGES FINALFUNC_EXTRA
    MFINALFUNC_EXTRA FINALFUNC_MODIFY MFINALFUNC_MODIFY HYPOTHETICAL PASSEDBYVALUE COLLATABLE
    ERRCODE HINT MESSAGE DETAIL COLUMN CONSTRAINT DATATYPE TABLE SCHEMA);
my $OBJ = qr/^(?:FUNCTION|AGGREGATE|PROCEDURE|ROUTINE|TYPE|DOMAIN|TABLE|VIEW|SEQUENCE|OPERATOR|CAST)$/;

sub is_schema { my ($w) = @_; return $w =~ /^(?:\@extschema(?::\w+)?\@|pg_catalog|"pg_catalog")$/i; }

my @problems;
sub flag { my ($rule, $toks, $i) = @_;
    my $lo = $i - 4 < 0 ? 0 : $i - 4;
    my $hi = $i + 4 > $#$toks ? $#$toks : $i + 4;
    my $ctx = join ' ', map { $_->[0] eq 'B' ? '$$...$$' : $_->[1] } @{$toks}[$lo .. $hi];
    push @problems, "$rule: " . substr($ctx, 0, 100);
}

# qualified name at $i: schema . name; returns index after it, or -1.
sub qualified_at {
    my ($t, $i) = @_;
    return -1 unless $i + 2 <= $#$t && $t->[$i][0] eq 'W' && is_schema($t->[$i][1])
        && $t->[$i + 1][1] eq '.' && ($t->[$i + 2][0] eq 'W' || $t->[$i + 2][0] eq 'O');
    return $i + 3;
}

# Checks an argument list (tokens between the parentheses) of a routine signature.
sub check_args {
    my ($t, $from, $to) = @_;
    my @arg;
    my $depth = 0;
    for my $k ($from .. $to + 1) {
        my $tok = $k <= $to ? $t->[$k] : ['P', ','];
        if ($depth == 0 && ($tok->[1] eq ',' || uc $tok->[1] eq 'ORDER')) {
            my @a = @arg;
            @arg = ();
            # cut the default
            for my $j (0 .. $#a) {
                if (uc $a[$j][1] eq 'DEFAULT' || $a[$j][1] eq '=') { @a = @a[0 .. $j - 1]; last; }
            }
            shift @a if @a && $a[0][1] =~ /^(?:IN|OUT|INOUT|VARIADIC|BY)$/i;
            next if !@a || (@a == 1 && $a[0][1] eq '*');
            pop @a while @a && ($a[-1][1] eq ']' || $a[-1][1] eq '[');
            my $ok = @a >= 3 && $a[-2][1] eq '.' && is_schema($a[-3][1]);
            flag('UNQUALIFIED TYPE', $t, $k - 1) unless $ok;
            next;
        }
        $depth++ if $tok->[1] eq '(';
        $depth-- if $tok->[1] eq ')';
        push @arg, $tok;
    }
}

sub matching_paren {
    my ($t, $i) = @_;
    my $depth = 0;
    for my $k ($i .. $#$t) {
        $depth++ if $t->[$k][1] eq '(';
        $depth-- if $t->[$k][1] eq ')';
        return $k if $depth == 0;
    }
    return $#$t;
}

# Rules on a token list ($body: inside a DO block or function body).
sub check {
    my ($t, $body) = @_;
    my $in_execute = 0;
    for my $i (0 .. $#$t) {
        my ($ty, $x) = @{$t->[$i]};
        my $u = uc $x;
        my $prev = $i > 0 ? $t->[$i - 1] : ['P', ''];
        my $next = $i < $#$t ? $t->[$i + 1] : ['P', ''];
        my $next2 = $i + 1 < $#$t ? $t->[$i + 2] : ['P', ''];
        if ($ty eq 'B') {
            # a body may be a format() template: its %1$s, %I, %L are names to come, not operators
            (my $code = $x) =~ s/%(?:\d+\$)?[sIL]/format_arg/g;
            $code =~ s/^[ \t]*#\w+[^\n]*$//mg;    # PL/pgSQL directives: #variable_conflict use_column
            check([tokenize($code)], 1);
            next;
        }
        $in_execute = 1 if uc($x) eq 'EXECUTE';
        $in_execute = 0 if $x eq ';';
        if ($ty eq 'S') {
            # dynamic SQL (EXECUTE 'text') inside a body: catalog DML and aggregate drops
            if ($body && $in_execute) {
                my $s = $x;
                push @problems, "CATALOG DML (dynamic SQL): " . substr($s, 0, 80)
                    if $s =~ /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO|TRUNCATE|COPY)\s+(?:TABLE\s+|ONLY\s+)?(?:"?pg_catalog"?\s*\.\s*)?"?pg_\w+/i;
                push @problems, "DROP AGGREGATE (dynamic SQL): " . substr($s, 0, 80)
                    if $s =~ /\bDROP\s+(?:AGGREGATE|ROUTINE)\b/i;
            }
            next;
        }
        next unless $ty eq 'W' || $ty eq 'O' || $x eq '::';

        # Catalog DML
        if ($u =~ /^(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE|COPY)$/ && $prev->[1] !~ /^(?:ON|FOR|OF|NO|BEFORE|AFTER|OR)$/i) {
            my $j = $i + 1;
            $j++ if $j <= $#$t && uc($t->[$j][1]) =~ /^(?:INTO|FROM|TABLE|ONLY)$/;
            $j++ if $j <= $#$t && uc $t->[$j][1] eq 'ONLY';
            $j += 2 if $j + 1 <= $#$t && $t->[$j][1] =~ /^"?pg_catalog"?$/i && $t->[$j + 1][1] eq '.';
            flag('CATALOG DML', $t, $i) if $j <= $#$t && $t->[$j][1] =~ /^"?pg_/i;
        }
        # Aggregates are never dropped (DROP ROUTINE can drop one too)
        flag('DROP AGGREGATE', $t, $i) if $u eq 'DROP' && uc($next->[1]) =~ /^(?:AGGREGATE|ROUTINE)$/;
        if ($u eq 'OR' && uc $next->[1] eq 'REPLACE' && $kind eq 'full') { flag('CREATE OR REPLACE IN A FULL INSTALL SCRIPT', $t, $i); }
        # DDL's IF NOT EXISTS names an object next; PL/pgSQL's IF NOT EXISTS (SELECT ...) is a test
        if ($u eq 'IF' && uc $next->[1] eq 'NOT' && uc $next2->[1] eq 'EXISTS'
            && !($i + 3 <= $#$t && $t->[$i + 3][1] eq '(')) { flag('IF NOT EXISTS', $t, $i); }

        # Object named by CREATE / COMMENT ON / DROP / ALTER / GRANT ... ON
        if ($u =~ /^(?:CREATE|COMMENT|DROP|ALTER|GRANT|REVOKE)$/ && !$body || ($body && $u =~ /^(?:CREATE|DROP|ALTER)$/)) {
            my $j = $i + 1;
            if ($u =~ /^(?:GRANT|REVOKE)$/) { $j++ while $j <= $#$t && $t->[$j][1] ne ';' && uc $t->[$j][1] ne 'ON'; $j++; }
            $j += 2 if $j + 1 <= $#$t && uc $t->[$j][1] eq 'OR' && uc $t->[$j + 1][1] eq 'REPLACE';
            $j++ if $u eq 'COMMENT' && uc $t->[$j][1] eq 'ON';
            $j++ if $j <= $#$t && uc $t->[$j][1] eq 'MATERIALIZED';
            next unless $j <= $#$t && uc($t->[$j][1]) =~ $OBJ;
            my $what = uc $t->[$j][1];
            $j++;
            $j += 2 if $j + 1 <= $#$t && uc $t->[$j][1] eq 'IF' && uc $t->[$j + 1][1] eq 'EXISTS';
            $j += 3 if $j + 2 <= $#$t && uc $t->[$j][1] eq 'IF' && uc $t->[$j + 1][1] eq 'NOT';
            if ($what eq 'CAST') {
                my $e = matching_paren($t, $j);
                my @types = grep { uc $t->[$_][1] eq 'AS' } $j .. $e;
                check_args($t, $j + 1, $types[0] - 1) if @types;
                check_args($t, $types[0] + 1, $e - 1) if @types;
                next;
            }
            my $after = qualified_at($t, $j);
            if ($after < 0) { flag('UNQUALIFIED NAME', $t, $j); next; }
            if ($what =~ /^(?:FUNCTION|AGGREGATE|PROCEDURE|ROUTINE)$/ && $after <= $#$t && $t->[$after][1] eq '(') {
                check_args($t, $after + 1, matching_paren($t, $after) - 1);
            }
            if ($what eq 'OPERATOR' && $u ne 'CREATE' && $after <= $#$t && $t->[$after][1] eq '(') {
                check_args($t, $after + 1, matching_paren($t, $after) - 1);
            }
        }
        if ($u eq 'RETURNS' && !$body) {
            my $j = $i + 1;
            $j++ if uc $t->[$j][1] eq 'SETOF';
            if (uc $t->[$j][1] eq 'TABLE') { check_args($t, $j + 2, matching_paren($t, $j + 1) - 1); }
            elsif (qualified_at($t, $j) < 0) { flag('UNQUALIFIED TYPE', $t, $j); }
        }
        if ($ty eq 'W' && $KEY_NAME{$u} && $next->[1] eq '=' && !$body) {
            my $j = $i + 2;
            $j += 2 if uc $t->[$j][1] eq 'OPERATOR' && $t->[$j + 1][1] eq '(';
            flag('UNQUALIFIED NAME', $t, $j) if qualified_at($t, $j) < 0;
        }
        # Casts name a type
        if ($x eq '::') { flag('UNQUALIFIED TYPE', $t, $i + 1) if qualified_at($t, $i + 1) < 0; next; }
        # Function calls
        if ($ty eq 'W' && $next->[1] eq '(' && $prev->[1] ne '.' && !$KW_CALL{$u} && !is_schema($x)
            && $x !~ /^\@/ && !($prev->[0] eq 'W' && $prev->[1] =~ /^(?:TYPE|FUNCTION|AGGREGATE|PROCEDURE|CAST|AS)$/i)) {
            # (after AS: a table alias with its column names, u (g, o), not a call)
            flag('UNQUALIFIED FUNCTION', $t, $i);
        }
        # Relations
        if ($body && $u =~ /^(?:FROM|JOIN)$/ && $next->[0] eq 'W' && !$KW_CALL{uc $next->[1]} && qualified_at($t, $i + 1) < 0
            && $next2->[1] ne '(' && !$TRANSITION{lc $next->[1]} && $next->[1] ne 'format_arg') {
            flag('UNQUALIFIED RELATION', $t, $i + 1);
        }
        # Operators are looked up through search_path: OPERATOR(pg_catalog.op)
        if ($ty eq 'O') {
            next if $prev->[1] eq '.';                                   # OPERATOR(pg_catalog.=), CREATE OPERATOR s.op
            next if $x eq '=' && $prev->[0] eq 'W' && ($KEY_NAME{uc $prev->[1]} || $KEY_LITERAL{uc $prev->[1]});
            # a negative constant, not the minus operator
            my $closes_operator = $i >= 6 && $prev->[1] eq q{)} && uc($t->[$i - 6][1]) eq 'OPERATOR';
            next if $x eq '-' && $next->[0] eq 'N'
                && ($prev->[0] eq 'O' || $closes_operator || ($prev->[0] eq 'P' && $prev->[1] =~ /^(?:\(|,|\[|=>|:=)$/)
                    || ($prev->[0] eq 'W' && $prev->[1] =~ /^(?:DEFAULT|SELECT|THEN|ELSE|WHEN|AND|OR|NOT|RETURN|IN|IS|BETWEEN|VALUES)$/i));
            next if $x eq '=' && $i >= 2 && uc($t->[$i - 2][1]) eq 'SET';
            next if $x eq '*' && ($prev->[1] eq '(' || uc $prev->[1] eq 'SELECT');
            flag('UNQUALIFIED OPERATOR', $t, $i);
        }
    }
}

my @toks = tokenize($sql);
# statements: split at top-level semicolons
my @stmt;
for my $tok (@toks) {
    push @stmt, $tok;
    if ($tok->[1] eq ';') { check([@stmt], 0); @stmt = (); }
}
check([@stmt], 0) if @stmt;
print "$_\n" for @problems;
PERL

# ---------------------------------------------------------------------------
# 1. Static checks of the install and update scripts
# ---------------------------------------------------------------------------
echo "== static checks of sql/cx_metrics--*.sql =="
lint() { perl "$WORK/lint.pl" "$1" "$2"; }
kind_of() { case $(basename "$1") in cx_metrics--*--*.sql) echo update ;; *) echo full ;; esac; }

# The checker: each of these must be flagged by the rule named first, and
# the clean scripts not at all.
F="$WORK/lint"
mkdir -p "$F"
G='\echo Use "CREATE EXTENSION cx_metrics" to load this file. \quit'
fixture() { local name=$1; shift; printf '%s\n' "$G" "$@" > "$F/$name.sql"; }
fixture "CATALOG DML.1" "UPDATE pg_catalog.pg_aggregate SET aggtransspace = 48 WHERE aggfnoid = 'x'::pg_catalog.regproc;"
fixture "CATALOG DML.2" "insert into pg_depend select 1;"
fixture "CATALOG DML.3" "DO \$b\$ BEGIN UPDATE \"pg_catalog\".pg_aggregate SET aggtransspace = 1; END \$b\$;"
fixture "CATALOG DML (dynamic SQL).1" "DO \$\$ BEGIN EXECUTE 'DELETE FROM pg_catalog.pg_proc WHERE false'; END \$\$;"
fixture "DROP AGGREGATE.1" "DROP AGGREGATE @extschema@.nps(pg_catalog.int4);"
fixture "DROP AGGREGATE.2" "drop routine @extschema@.nps(pg_catalog.int4);"
fixture "CREATE OR REPLACE IN A FULL INSTALL SCRIPT.1" "CREATE OR REPLACE FUNCTION @extschema@.f() RETURNS pg_catalog.int4 AS 'MODULE_PATHNAME', 'f' LANGUAGE C;"
fixture "IF NOT EXISTS.1" "CREATE TABLE IF NOT EXISTS @extschema@.t (a pg_catalog.int4);"
fixture "IF NOT EXISTS.2" "ALTER TABLE @extschema@.t ADD COLUMN IF NOT EXISTS b pg_catalog.int4;"
printf '%s\n' "-- no guard" "CREATE FUNCTION @extschema@.f() RETURNS pg_catalog.int4 AS 'MODULE_PATHNAME', 'f' LANGUAGE C;" "$G" > "$F/NO GUARD.1.sql"
fixture "UNQUALIFIED NAME.1" "CREATE FUNCTION f() RETURNS pg_catalog.int4 AS 'MODULE_PATHNAME', 'f' LANGUAGE C;"
fixture "UNQUALIFIED NAME.2" "CREATE AGGREGATE @extschema@.a(pg_catalog.int4) (SFUNC = nps_trans, STYPE = pg_catalog.int8[]);"
fixture "UNQUALIFIED NAME.3" "CREATE AGGREGATE @extschema@.a(pg_catalog.int4) (SFUNC = @extschema@.t, STYPE = int8[]);"
fixture "UNQUALIFIED TYPE.1" "CREATE FUNCTION @extschema@.f(a score_summary) RETURNS pg_catalog.int4 AS 'MODULE_PATHNAME', 'f' LANGUAGE C;"
fixture "UNQUALIFIED TYPE.2" "CREATE FUNCTION @extschema@.f(a @extschema@.score_summary, b int4 DEFAULT 1) RETURNS pg_catalog.int4 AS 'MODULE_PATHNAME', 'f' LANGUAGE C;"
fixture "UNQUALIFIED TYPE.3" "CREATE FUNCTION @extschema@.f() RETURNS float8 AS 'MODULE_PATHNAME', 'f' LANGUAGE C;"
fixture "UNQUALIFIED TYPE.4" "COMMENT ON FUNCTION @extschema@.f(@extschema@.score_summary, integer) IS 'x';"
fixture "UNQUALIFIED TYPE.5" "DROP FUNCTION @extschema@.percent_final(bigint[]);"
fixture "UNQUALIFIED TYPE.6" "DO \$\$ BEGIN PERFORM 'x'::regclass; END \$\$;"
fixture "UNQUALIFIED FUNCTION.1" "DO \$\$ BEGIN PERFORM format('%s', 1); END \$\$;"
fixture "UNQUALIFIED OPERATOR.1" "DO \$\$ BEGIN PERFORM 1 FROM pg_catalog.pg_proc p WHERE p.proname = 'x'; END \$\$;"
fixture "UNQUALIFIED RELATION.1" "DO \$\$ BEGIN PERFORM 1 FROM pg_depend; END \$\$;"
# the real scripts with one reference unqualified
perl -0pe 's/OPERATOR\(pg_catalog\.=\)/=/' "$ROOT/sql/cx_metrics--1.2--2.0.sql" > "$F/UNQUALIFIED OPERATOR.2.update.sql"
perl -0pe 's/pg_catalog\.format\(/format(/' "$ROOT/sql/cx_metrics--1.2--2.0.sql" > "$F/UNQUALIFIED FUNCTION.2.update.sql"
perl -0pe 's/(confidence )pg_catalog\.float8/$1float8/' "$ROOT/sql/cx_metrics--2.0.sql" > "$F/UNQUALIFIED TYPE.7.sql"
perl -0pe 's/COMBINEFUNC = \@extschema\@\./COMBINEFUNC = /' "$ROOT/sql/cx_metrics--2.0.sql" > "$F/UNQUALIFIED NAME.4.sql"
perl -0pe 's/CREATE FUNCTION/CREATE OR REPLACE FUNCTION/' "$ROOT/sql/cx_metrics--2.0.sql" > "$F/CREATE OR REPLACE IN A FULL INSTALL SCRIPT.2.sql"
cat > "$F/clean.sql" <<'SQL'
-- Must pass: the forms the scripts use, and rule words in comments and strings.
\echo Use "ALTER EXTENSION x UPDATE; DROP AGGREGATE nps(int4); UPDATE pg_aggregate" to load this file. \quit
-- UPDATE pg_catalog.pg_aggregate SET aggtransspace = 1;
/* DROP AGGREGATE @extschema@.nps(pg_catalog.int4); or replace; if not exists */
CREATE FUNCTION @extschema@.f(summary @extschema@.score_summary, confidence pg_catalog.float8 DEFAULT 0.95,
    lo pg_catalog.int4 DEFAULT -1, m pg_catalog.text DEFAULT 'adjusted-wald')
RETURNS pg_catalog.float8 AS 'MODULE_PATHNAME', 'f' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.f(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4, pg_catalog.text) IS
'do not UPDATE pg_aggregate; never DROP AGGREGATE; create or replace; if not exists';
CREATE AGGREGATE @extschema@.a(answer pg_catalog.int4) (SFUNC = @extschema@.t, STYPE = pg_catalog.int8[],
    SSPACE = 48, INITCOND = '{0,0}', COMBINEFUNC = @extschema@.c, PARALLEL = SAFE);
DROP FUNCTION @extschema@.percent_final(pg_catalog.int8[]);
DO $$
DECLARE
    found pg_catalog.text := '';
BEGIN
    PERFORM pg_catalog.format('%s', 1) FROM pg_catalog.pg_proc p
    WHERE p.proname OPERATOR(pg_catalog.=) ANY (ARRAY['a', 'b']::pg_catalog.name[]) AND p.pronargs OPERATOR(pg_catalog.>) -1;
    IF found OPERATOR(pg_catalog.<>) '' THEN
        RAISE EXCEPTION 'x %', found USING ERRCODE = 'dependent_objects_still_exist', HINT = 'UPDATE pg_aggregate? no';
    END IF;
    -- PL/pgSQL's IF NOT EXISTS (SELECT ...) and a table alias with column names
    IF NOT EXISTS (SELECT FROM pg_catalog.unnest(ARRAY[1]) WITH ORDINALITY AS u (g, o)) THEN
        RETURN;
    END IF;
END
$$;
SQL
{ cat "$F/clean.sql"; echo "CREATE OR REPLACE AGGREGATE @extschema@.a(answer pg_catalog.int4) (SFUNC = @extschema@.t, STYPE = pg_catalog.int8[]);"; } > "$F/clean.update.sql"
bad=""
nfix=0
for f in "$F"/*.sql; do
    name=$(basename "$f" .sql)
    kind=full
    case $name in *.update) kind=update ;; esac
    out=$(lint "$f" "$kind")
    nfix=$((nfix + 1))
    case $name in
        clean*) [ -z "$out" ] || bad+="$name flagged: $(echo "$out" | head -2 | tr '\n' ' ');" ;;
        *) rule=${name%%.*}; echo "$out" | grep -q "^$rule: " || bad+="$name not flagged as $rule (got: $(echo "$out" | head -2 | tr '\n' ' '));" ;;
    esac
done
if [ -z "$bad" ]; then
    pass "the static checker flags each of $((nfix - 2)) scripts under the rule it breaks and passes the 2 clean ones"
else
    fail "static checker self-test" "$bad"
fi

shopt -s nullglob
scripts=("$ROOT"/sql/cx_metrics--*.sql)
[ ${#scripts[@]} -gt 1 ] || fail "install scripts exist in sql/" "none found"
for f in "${scripts[@]}"; do
    name=$(basename "$f")
    kind=$(kind_of "$f")
    problems=$(lint "$f" "$kind")
    rules="no catalog DML, no DROP AGGREGATE, no IF NOT EXISTS$([ "$kind" = full ] && echo ", no CREATE OR REPLACE"), \\echo ... \\quit guard, every reference qualified"
    if [ -z "$problems" ]; then pass "$name ($kind): $rules"; else fail "$name ($kind): $rules" "$(echo "$problems" | head -5 | tr '\n' ';')"; fi
    if cmp -s "$f" "$SHAREDIR/$name"; then
        pass "$name: installed copy is identical to the source"
    else
        fail "$name: installed copy is identical to the source" "$SHAREDIR/$name differs or is missing"
    fi
done
# The reference of the 1.x interval calls is what its generator writes today.
if /usr/bin/python3 -c 'import scipy, statsmodels' 2>/dev/null; then
    /usr/bin/python3 "$HERE/interval_1x_reference.py" "$WORK/reference.sql" && cmp -s "$WORK/reference.sql" "$REFERENCE" \
        && pass "sql/include/interval_1x_reference.sql is what test/hardening/interval_1x_reference.py computes" \
        || fail "sql/include/interval_1x_reference.sql is current" "regenerate: /usr/bin/python3 test/hardening/interval_1x_reference.py"
else
    info "scipy or statsmodels missing for /usr/bin/python3: the reference file is not regenerated"
fi
# Every script's C symbols are in the library: a 1.x database calls its own.
nm -D --defined-only "$LIBRARY" | sed -n 's/.* pg_finfo_\(.*\)$/\1/p' | sort -u > "$WORK/exported.txt"
perl -ne 'print "$1\n" while /\x27MODULE_PATHNAME\x27\s*,\s*\x27(\w+)\x27/g' "${scripts[@]}" | sort -u > "$WORK/symbols.txt"
missing=$(comm -23 "$WORK/symbols.txt" "$WORK/exported.txt")
if [ -z "$missing" ] && [ "$(wc -l < "$WORK/symbols.txt")" -gt 50 ]; then
    pass "all $(wc -l < "$WORK/symbols.txt") C symbols named by the 1.0 to $DEFAULT scripts are exported by $(basename "$LIBRARY") (a 1.x database keeps working)"
else
    fail "C symbols of every script exported by the library" "missing: $(echo $missing)"
fi

# ---------------------------------------------------------------------------
# Shared SQL
# ---------------------------------------------------------------------------
# Catalog snapshot of the extension's members: one line per member.
cat > "$WORK/snapshot.sql" <<'SQL'
SELECT pg_describe_object(d.classid, d.objid, 0) || ' :: ' || coalesce(
    CASE d.classid
    WHEN 'pg_proc'::regclass THEN (
        SELECT concat_ws(' | ', p.oid::regprocedure, p.pronamespace::regnamespace, p.proowner::regrole,
                         p.prokind, p.provolatile, p.proparallel, p.proisstrict, p.prosecdef, p.proleakproof,
                         p.procost, p.prorows, p.prorettype::regtype, p.proretset, p.proargnames,
                         p.proargmodes, pg_get_expr(p.proargdefaults, 0), p.prosrc, p.probin, p.proconfig,
                         p.prosupport, p.proacl)
        FROM pg_proc p WHERE p.oid = d.objid)
    WHEN 'pg_type'::regclass THEN (
        SELECT concat_ws(' | ', t.oid::regtype, t.typnamespace::regnamespace, t.typowner::regrole, t.typlen,
                         t.typbyval, t.typtype, t.typcategory, t.typispreferred, t.typdelim,
                         t.typinput::regprocedure, t.typoutput::regprocedure, t.typreceive::regprocedure,
                         t.typsend::regprocedure, t.typmodin, t.typmodout, t.typanalyze, t.typsubscript,
                         t.typalign, t.typstorage, t.typelem::regtype, t.typarray::regtype, t.typdefault, t.typacl)
        FROM pg_type t WHERE t.oid = d.objid)
    WHEN 'pg_operator'::regclass THEN (
        SELECT concat_ws(' | ', o.oid::regoperator, o.oprcode::regprocedure, o.oprcom, o.oprnegate,
                         o.oprrest, o.oprjoin, o.oprcanmerge, o.oprcanhash)
        FROM pg_operator o WHERE o.oid = d.objid)
    WHEN 'pg_cast'::regclass THEN (
        SELECT concat_ws(' | ', c.castfunc::regprocedure, c.castcontext, c.castmethod)
        FROM pg_cast c WHERE c.oid = d.objid)
    END, '?') || coalesce(' :: agg ' || (
        SELECT concat_ws(' | ', a.aggkind, a.aggnumdirectargs, a.aggtransfn::regprocedure, a.aggfinalfn::regprocedure,
                         a.aggcombinefn::regprocedure, a.aggserialfn::regprocedure, a.aggdeserialfn::regprocedure,
                         a.aggmtransfn::regprocedure, a.aggminvtransfn::regprocedure, a.aggmfinalfn::regprocedure,
                         a.aggfinalextra, a.aggmfinalextra, a.aggfinalmodify, a.aggmfinalmodify,
                         a.aggsortop, a.aggtranstype::regtype, a.aggmtranstype::regtype,
                         'sspace ' || a.aggtransspace, 'msspace ' || a.aggmtransspace, a.agginitval, a.aggminitval)
        FROM pg_aggregate a WHERE d.classid = 'pg_proc'::regclass AND a.aggfnoid = d.objid), '')
    || ' :: comment ' || coalesce(obj_description(d.objid, d.classid::regclass::name), '-')
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE e.extname = 'cx_metrics' AND d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass
ORDER BY 1;
SQL
snapshot() { sql "$1" -f "$WORK/snapshot.sql"; }
members_oids() {
    sql "$1" -c "SELECT pg_describe_object(classid, objid, 0) || ' ' || objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                 WHERE e.extname = 'cx_metrics' AND deptype = 'e' ORDER BY 1"
}
dump() {
    # OIDs and transaction ids differ between any two databases
    pg_dump --binary-upgrade --schema-only "$1" | grep -vE '^\\(un)?restrict |binary_upgrade_set_next_|^-- Dumped (from|by)' |
        sed -E "s/relfrozenxid = '[0-9]+', relminmxid = '[0-9]+'/relfrozenxid = X, relminmxid = X/; s/WHERE oid = '[0-9]+'/WHERE oid = X/"
}

# What 2.0 removes from 1.x: the interval overloads (1.1 and 1.2) and the
# support functions renamed after their aggregates (every 1.x).
cat > "$WORK/removed_support.txt" <<'EOF2'
function cx_combine_2_0(bigint[],bigint[])
function cx_combine_2_1(bigint[],bigint[])
function cx_combine_3_0(bigint[],bigint[])
function cx_combine_3_2(bigint[],bigint[])
function mean_final(bigint[])
function percent_final(bigint[])
EOF2
for f in nps_moe nps_low nps_high; do
    for a in "" ",double precision" ",integer,integer" ",integer,integer,double precision"; do echo "function $f(score_summary$a)"; done
done > "$WORK/removed_interval.txt"
for f in csat_low csat_high; do
    for a in "" ",double precision" ",integer" ",integer,double precision"; do echo "function $f(score_summary$a)"; done
done >> "$WORK/removed_interval.txt"
expected_removed() {
    if [ "$1" = 1.0 ]; then sort "$WORK/removed_support.txt"; else sort "$WORK/removed_support.txt" "$WORK/removed_interval.txt"; fi
}

# Dependent objects a user of 1.0 would have (functions that 2.0 keeps).
# The churn periods' bounds are days on which no customer of the sample
# starts or ends: on such days 2.0's period model counts differently.
cat > "$WORK/dependents.sql" <<'SQL'
SET max_parallel_workers_per_gather = 0;
CREATE SCHEMA app;
CREATE DOMAIN app.summary AS score_summary CHECK (responses(VALUE) >= 0);
CREATE TABLE app.daily (
    day date, channel text, answers app.summary, ratings score_summary, efforts score_summary,
    PRIMARY KEY (day, channel), CHECK (nps(answers) BETWEEN -100 AND 100));
CREATE INDEX daily_n ON app.daily (responses(answers));
INSERT INTO app.daily
SELECT (responded_at AT TIME ZONE 'UTC')::date, channel, score_summary(answer), score_summary(rating), score_summary(effort)
FROM responses GROUP BY 1, 2 HAVING count(answer) > 0 AND count(rating) > 0 AND count(effort) > 0;
CREATE VIEW app.monthly AS
SELECT date_trunc('month', day)::date AS month, channel, nps(rollup(answers)) AS nps, nps(rollup(answers), 9, 5) AS nps95,
       csat(rollup(ratings)) AS csat, csat(rollup(ratings), 5) AS top_box, ces(rollup(efforts)) AS ces,
       mean(rollup(answers)) AS mean, share(rollup(answers), 0, 6) AS detractors, responses(rollup(answers)) AS n,
       rollup(answers)::text AS summary
FROM app.daily GROUP BY 1, 2;
CREATE VIEW app.raw_metrics AS
SELECT channel, nps(answer), nps(answer, 9, 5) AS nps95, csat(rating), csat(rating, 5) AS top_box, ces(effort),
       score_summary(answer)::text AS answers
FROM responses GROUP BY channel;
CREATE VIEW app.csi AS
SELECT r.channel, weighted_csi(c.satisfaction, c.importance) AS row_level,
       weighted_csi(c.component, c.satisfaction, c.importance) AS component_level
FROM component_ratings c JOIN responses r USING (response_id) GROUP BY r.channel;
CREATE VIEW app.churn AS
SELECT segment, churn_rate(started_at, ended_at, daterange('2025-01-02', '2025-04-05')) AS q1,
       churn_rate(started_at, ended_at, daterange('2025-01-02', '2025-04-05'), 'average') AS q1_avg,
       churn_rate(started_at, ended_at, daterange('2025-01-02', '2025-04-05'), 'new') AS q1_new,
       churn_rate(started_at::timestamp AT TIME ZONE 'UTC', ended_at::timestamp AT TIME ZONE 'UTC',
                  tstzrange('2025-01-10 12:00+00', '2025-04-10 12:00+00'), 'average') AS q1_ts,
       churn_rate(ended_at IS NOT NULL) AS flagged
FROM customers GROUP BY segment;
CREATE MATERIALIZED VIEW app.daily_mv AS
SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, score_summary(answer) AS answers,
       score_summary(rating) AS ratings, count(*) AS rows
FROM responses GROUP BY 1, 2;
CREATE UNIQUE INDEX ON app.daily_mv (day, channel);
CREATE VIEW app.rolling AS
SELECT day, nps(rollup(s) OVER w) AS nps_7, responses(rollup(s) OVER w) AS n_7
FROM (SELECT day, rollup(answers) AS s FROM app.daily_mv GROUP BY day) d
WINDOW w AS (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW);
CREATE FUNCTION app.label(s score_summary) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT round(nps(s)::numeric, 1) || ' (n=' || responses(s) || ')' $$;
CREATE FUNCTION app.promoters(s score_summary) RETURNS float8 LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC SELECT share(s, 9, 10); END;
CREATE AGGREGATE app.merge_all(score_summary) (SFUNC = score_summary_merge, STYPE = score_summary, INITCOND = '{}');
CREATE VIEW app.labels AS
SELECT channel, app.label(app.merge_all(answers)) AS label, app.promoters(rollup(answers)) AS promoters
FROM app.daily GROUP BY channel;
SQL
# From 1.1: weighted summaries, intervals of the mean, tests (kept by 2.0).
cat > "$WORK/dependents_1_1.sql" <<'SQL'
CREATE TABLE app.weighted AS
SELECT channel, score_summary(answer, 0.5 + (response_id % 4) * 0.5) AS answers,
       score_summary(rating, 0.5 + (response_id % 3) * 0.5) AS ratings
FROM responses GROUP BY channel;
CREATE VIEW app.stats AS
SELECT w.channel, effective_responses(w.answers) AS n_eff, mean_low(w.answers) AS mean_low,
       mean_high(w.answers, 0.9) AS mean_high, nps_test(w.answers, d.answers) AS p_nps,
       nps_test(w.answers, d.answers, 10, 5) AS p_nps_10_5, csat_test(w.ratings, d.ratings) AS p_csat,
       csat_test(w.ratings, d.ratings, 5) AS p_top_box
FROM app.weighted w JOIN (SELECT channel, rollup(answers) AS answers, rollup(ratings) AS ratings
                          FROM app.daily GROUP BY channel) d USING (channel);
CREATE FUNCTION app.reliable(s score_summary) RETURNS boolean LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC SELECT effective_responses(s) >= 30; END;
CREATE VIEW app.reliable_channels AS SELECT channel, app.reliable(answers) AS reliable FROM app.weighted;
SQL
deps_for() { [ "$1" = 1.0 ] && echo 1.0 || echo 1.1; }
create_dependents() {  # ACTOR DB OLD
    as "$1" "$2" -f "$WORK/dependents.sql" &&
    if [ "$(deps_for "$3")" = 1.1 ]; then as "$1" "$2" -f "$WORK/dependents_1_1.sql"; fi
}

# Outputs of every dependent object; "label|query".
cat > "$WORK/dependents.list" <<'EOF2'
app.daily|SELECT t::text FROM app.daily t
app.daily send|SELECT day || channel || score_summary_send(answers)::text FROM app.daily
app.monthly|SELECT t::text FROM app.monthly t
app.raw_metrics|SELECT t::text FROM app.raw_metrics t
app.csi|SELECT t::text FROM app.csi t
app.churn|SELECT t::text FROM app.churn t
app.daily_mv|SELECT t::text FROM app.daily_mv t
app.rolling|SELECT t::text FROM app.rolling t
app.labels|SELECT t::text FROM app.labels t
EOF2
cat "$WORK/dependents.list" - > "$WORK/dependents_1_1.list" <<'EOF2'
app.weighted|SELECT t::text FROM app.weighted t
app.stats|SELECT t::text FROM app.stats t
app.reliable_channels|SELECT t::text FROM app.reliable_channels t
EOF2
fingerprints() {  # ACTOR DB OLD
    local label q list="$WORK/dependents.list"
    [ "$(deps_for "$3")" = 1.1 ] && list="$WORK/dependents_1_1.list"
    while IFS='|' read -r label q; do
        echo "$label $(as "$1" "$2" -c "SET max_parallel_workers_per_gather = 0" -c "SELECT x::text FROM ($q) x ORDER BY x::text COLLATE \"C\"" 2>&1 | md5sum | cut -c1-32) $(as "$1" "$2" -c "SELECT count(*) FROM ($q) x" 2>&1)"
    done < "$list"
}

# Plain-SQL recomputation of app.daily_mv from the raw rows: prints ok/total/raw.
recompute_check() {
    as "$1" "$2" <<'SQL'
WITH raw AS (
    SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, count(answer) AS n,
           count(*) FILTER (WHERE answer >= 9) AS p, count(*) FILTER (WHERE answer <= 6) AS d,
           count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS sat, count(*) AS rows
    FROM responses GROUP BY 1, 2),
txt AS (
    SELECT day, channel, '{' || string_agg(answer || ':' || c, ',' ORDER BY answer) || '}' AS t
    FROM (SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, answer, count(*) AS c
          FROM responses WHERE answer IS NOT NULL GROUP BY 1, 2, 3) v GROUP BY 1, 2)
SELECT count(*) FILTER (WHERE m.answers::text IS NOT DISTINCT FROM x.t
                          AND coalesce(responses(m.answers), 0) = r.n AND m.rows = r.rows
                          AND (r.n = 0 OR abs(nps(m.answers) - 100.0 * (r.p - r.d) / nullif(r.n, 0)) < 1e-9)
                          AND (r.nr = 0 OR abs(csat(m.ratings) - 100.0 * r.sat / nullif(r.nr, 0)) < 1e-9))
       || '/' || count(*) || '/' || (SELECT count(*) FROM raw)
FROM app.daily_mv m FULL JOIN raw r USING (day, channel) LEFT JOIN txt x USING (day, channel);
SQL
}

OLD_VERSIONS=$(sql postgres -c "SELECT version FROM pg_available_extension_versions WHERE name = 'cx_metrics' AND version <> '$DEFAULT' ORDER BY version")
[ "$(echo $OLD_VERSIONS)" = "1.0 1.1 1.2" ] || fail "installable versions older than $DEFAULT are 1.0, 1.1 and 1.2" "$(echo $OLD_VERSIONS)"
ROLE="${TAG}_owner"
"${PSQL[@]}" -d postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PW' NOSUPERUSER NOCREATEDB NOCREATEROLE" >/dev/null && ROLES+=("$ROLE") \
    || die "create role $ROLE"
ACTORS=(superuser "$ROLE")
actor_name() { [ "$1" = superuser ] && echo superuser || echo "non-superuser"; }

# ---------------------------------------------------------------------------
# 2. Update from each older version with dependent objects, by each user
# ---------------------------------------------------------------------------
for actor in "${ACTORS[@]}"; do
    who=$(actor_name "$actor")
    a=${who//-/}
    # Fresh installs of the default version: empty, and with each set of dependents.
    fresh="${TAG}_${a}_fresh"
    newdb "$fresh" "$actor" && as "$actor" "$fresh" -c "CREATE EXTENSION cx_metrics" >/dev/null || die "fresh install as $who"
    snapshot "$fresh" > "$WORK/snap_fresh_$a.txt"
    dump "$fresh" > "$WORK/dump_fresh_$a.sql"
    for deps in 1.0 1.1; do
        fdb="${TAG}_${a}_fresh_deps_${deps//./_}"
        newdb "$fdb" "$actor" && as "$actor" "$fdb" -c "CREATE EXTENSION cx_metrics" >/dev/null &&
            PGOPTIONS="-c client_min_messages=error" as "$actor" "$fdb" -f "$SAMPLE" >/dev/null && create_dependents "$actor" "$fdb" "$deps" > "$WORK/dep.out" 2>&1 ||
            die "fresh $DEFAULT with the dependents of $deps as $who: $(head -3 "$WORK/dep.out")"
        dump "$fdb" > "$WORK/dump_fresh_${a}_deps_$deps.sql"
    done
    bad=$(sql "$fresh" -f "$SAMPLE" -c "SELECT string_agg(DISTINCT d::text, ', ') FROM customers, unnest(ARRAY[started_at, ended_at]) d
                                         WHERE d IN ('2025-01-02', '2025-04-05')" 2>&1 | tail -1)
    [ -z "$bad" ] || fail "precondition: no customer of the sample starts or ends on a churn period bound of app.churn" "$bad"

    for old in $OLD_VERSIONS; do
        db="${TAG}_${a}_from_${old//./_}"
        echo "== update $old -> $DEFAULT with dependent objects, as a $who =="
        newdb "$db" "$actor" || die "create database"
        if ! as "$actor" "$db" -c "CREATE EXTENSION cx_metrics VERSION '$old'" >/dev/null ||
           ! PGOPTIONS="-c client_min_messages=error" as "$actor" "$db" -f "$SAMPLE" >/dev/null ||
           ! create_dependents "$actor" "$db" "$old" > "$WORK/dep.out" 2>&1; then
            fail "$old, $who: install and create dependent objects" "$(head -3 "$WORK/dep.out")"
            continue
        fi
        members_oids "$db" > "$WORK/oids_before.txt"
        fingerprints "$actor" "$db" "$old" > "$WORK/fp_before.txt"

        if out=$(as "$actor" "$db" -c "ALTER EXTENSION cx_metrics UPDATE" 2>&1); then
            pass "$old, $who: ALTER EXTENSION cx_metrics UPDATE with $(wc -l < "$WORK/fp_before.txt") dependent tables, views and materialized views in place"
        else
            fail "$old, $who: ALTER EXTENSION cx_metrics UPDATE with dependent objects in place" "$out"
            continue
        fi
        v=$(sql "$db" -c "SELECT extversion || ' ' || extowner::regrole FROM pg_extension WHERE extname = 'cx_metrics'")
        owner=$([ "$actor" = superuser ] && sql "$db" -c "SELECT current_user" || echo "$actor")
        [ "$v" = "$DEFAULT $owner" ] && pass "$old, $who: extension version is now $DEFAULT, owned by $owner" \
            || fail "$old, $who: extension version is now $DEFAULT, owned by $owner" "$v"

        # Members: kept ones keep their OIDs, removed ones are exactly the expected.
        members_oids "$db" > "$WORK/oids_after.txt"
        removed=$(comm -23 <(sed 's/ [0-9]*$//' "$WORK/oids_before.txt" | sort) <(sed 's/ [0-9]*$//' "$WORK/oids_after.txt" | sort))
        moved=$(join -j1 -t'|' <(sed 's/ \([0-9]*\)$/|\1/' "$WORK/oids_before.txt" | sort -t'|' -k1,1) \
                               <(sed 's/ \([0-9]*\)$/|\1/' "$WORK/oids_after.txt" | sort -t'|' -k1,1) | awk -F'|' '$2 != $3')
        kept=$(( $(wc -l < "$WORK/oids_before.txt") - $(echo -n "$removed" | grep -c '^') ))
        naggs=$(sql "$db" -c "SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid JOIN pg_aggregate a ON a.aggfnoid = d.objid
                               WHERE e.extname = 'cx_metrics' AND d.deptype = 'e'")
        if [ -z "$moved" ] && [ "$removed" = "$(expected_removed "$old")" ]; then
            pass "$old, $who: $kept members kept with their OIDs ($naggs aggregates among them); removed exactly the $(echo "$removed" | grep -c '^') 1.x functions 2.0 replaces"
        else
            fail "$old, $who: members keep their OIDs, only the replaced 1.x functions go" \
                "OID changed: $(echo "$moved" | head -3 | tr '\n' ';') removed: $(diff <(echo "$removed") <(expected_removed "$old") | grep '^[<>]' | head -4 | tr '\n' ';')"
        fi

        snapshot "$db" > "$WORK/snap_after.txt"
        if cmp -s "$WORK/snap_fresh_$a.txt" "$WORK/snap_after.txt" && [ "$(wc -l < "$WORK/snap_after.txt")" -gt 50 ]; then
            pass "$old, $who: catalog after the update = fresh $DEFAULT ($(wc -l < "$WORK/snap_after.txt") members: signatures, argument names, defaults, volatility, strictness, parallel safety, C symbols, support functions, SSPACE, initial values, owners, comments)"
        else
            fail "$old, $who: catalog after the update = fresh $DEFAULT" "$(diff "$WORK/snap_fresh_$a.txt" "$WORK/snap_after.txt" | grep '^[<>]' | head -4 | cut -c1-250 | tr '\n' ';')"
        fi
        deps=$(deps_for "$old")
        dump "$db" > "$WORK/dump_after.sql"
        if cmp -s "$WORK/dump_fresh_${a}_deps_$deps.sql" "$WORK/dump_after.sql"; then
            pass "$old, $who: pg_dump --binary-upgrade --schema-only = that of fresh $DEFAULT with the same dependent objects ($(grep -c '^CREATE' "$WORK/dump_after.sql") CREATE statements, OIDs removed)"
        else
            fail "$old, $who: pg_dump --binary-upgrade --schema-only = fresh $DEFAULT with the same dependents" \
                "$(diff "$WORK/dump_fresh_${a}_deps_$deps.sql" "$WORK/dump_after.sql" | grep '^[<>]' | head -4 | cut -c1-200 | tr '\n' ';')"
        fi

        fingerprints "$actor" "$db" "$old" > "$WORK/fp_after.txt"
        if cmp -s "$WORK/fp_before.txt" "$WORK/fp_after.txt" && ! grep -q ERROR "$WORK/fp_after.txt" && ! grep -q ' 0$' "$WORK/fp_after.txt"; then
            pass "$old, $who: $(wc -l < "$WORK/fp_after.txt") dependent tables/views give identical output after the update"
        else
            fail "$old, $who: dependent objects give identical output after the update" "$(diff "$WORK/fp_before.txt" "$WORK/fp_after.txt" | head -4 | tr '\n' ';')"
        fi

        # The 2.0 interval functions on summaries stored by the old version.
        res=$(as "$actor" "$db" <<'SQL'
WITH m AS (SELECT channel, rollup(answers) AS s FROM app.daily GROUP BY channel),
f AS (SELECT s, responses(s)::float8 AS n, share(s, 9, 10) / 100 AS p, share(s, 0, 6) / 100 AS d,
             share(s, 10, 10) / 100 AS p10, share(s, 0, 5) / 100 AS d5, csat(s, 8) / 100 AS c8 FROM m),
z AS (SELECT 1.959963984540054 AS z95, 1.6448536269514722 AS z90)
SELECT count(*) FILTER (WHERE abs(nps_moe(s) - 100 * z95 * sqrt((p + d - (p - d) ^ 2) / n)) < 1e-9
                          AND abs(nps_moe(s, 0.9, 10, 5) - 100 * z90 * sqrt((p10 + d5 - (p10 - d5) ^ 2) / n)) < 1e-9
                          AND abs(nps_low(s, promoter_min => 10, detractor_max => 5)
                                  - 100 * (((p10 * n + 0.75) - (d5 * n + 0.75)) / (n + 3)
                                           - z95 * sqrt((((p10 * n + 0.75) + (d5 * n + 0.75)) / (n + 3)
                                                         - (((p10 * n + 0.75) - (d5 * n + 0.75)) / (n + 3)) ^ 2) / (n + 3)))) < 1e-9
                          AND abs(csat_low(s, satisfied_min => 8) - 100 * ((c8 + z95 ^ 2 / (2 * n)) - z95 * sqrt(c8 * (1 - c8) / n + z95 ^ 2 / (4 * n ^ 2)))
                                                                  / (1 + z95 ^ 2 / n)) < 1e-9
                          AND effective_responses(s) = n) || '/' || count(*)
FROM f, z;
SQL
)
        [ -n "$res" ] && [ "${res%/*}" = "${res#*/}" ] && [ "${res%/*}" -gt 0 ] \
            && pass "$old, $who: $DEFAULT interval functions on summaries stored by $old match the Wald, adjusted-Wald and Wilson formulas ($res channels)" \
            || fail "$old, $who: $DEFAULT interval functions on summaries stored by $old" "$res"

        # Keep working: new rows, REFRESH CONCURRENTLY, recomputation.
        if out=$(as "$actor" "$db" 2>&1 <<'SQL'
INSERT INTO responses (response_id, customer_id, responded_at, channel, answer, rating, effort)
SELECT 200000 + i, 1 + i % 1200, timestamptz '2025-06-15 10:00+00' + (i % 5) * interval '1 day',
       (ARRAY['app', 'web', 'phone', 'email', 'store'])[1 + i % 5], CASE WHEN i % 7 = 0 THEN NULL ELSE i % 11 END,
       1 + i % 5, 1 + i % 7
FROM generate_series(1, 500) i;
REFRESH MATERIALIZED VIEW CONCURRENTLY app.daily_mv;
SQL
        ); then
            res=$(recompute_check "$actor" "$db")
            IFS=/ read -r ok total nraw <<<"$res"
            if [ -n "$ok" ] && [ "$ok" = "$total" ] && [ "$total" = "$nraw" ] && [ "$total" -gt 0 ]; then
                pass "$old, $who: new rows + REFRESH MATERIALIZED VIEW CONCURRENTLY: daily_mv equals recomputation from raw rows ($ok rows)"
            else
                fail "$old, $who: after update, daily_mv equals recomputation from raw rows" "$res"
            fi
        else
            fail "$old, $who: after update, inserts + REFRESH MATERIALIZED VIEW CONCURRENTLY" "$out"
        fi

        if out=$(as "$actor" "$db" -c "ALTER EXTENSION cx_metrics UPDATE" 2>&1) && snapshot "$db" | cmp -s - "$WORK/snap_after.txt"; then
            pass "$old, $who: a second ALTER EXTENSION cx_metrics UPDATE is a no-op"
        else
            fail "$old, $who: a second ALTER EXTENSION cx_metrics UPDATE is a no-op" "$out"
        fi

        # Empty database: updated = fresh.
        up="${TAG}_${a}_clean_${old//./_}"
        newdb "$up" "$actor" && as "$actor" "$up" -c "CREATE EXTENSION cx_metrics VERSION '$old'" -c "ALTER EXTENSION cx_metrics UPDATE" >/dev/null \
            || { fail "$old, $who: update of an empty database"; continue; }
        if snapshot "$up" | cmp -s - "$WORK/snap_fresh_$a.txt" && dump "$up" | cmp -s - "$WORK/dump_fresh_$a.sql"; then
            pass "$old, $who: empty database updated = fresh $DEFAULT (catalog snapshot and pg_dump --binary-upgrade --schema-only, OIDs removed)"
        else
            fail "$old, $who: empty database updated = fresh $DEFAULT" "$(diff <(dump "$up") "$WORK/dump_fresh_$a.sql" | grep '^[<>]' | head -4 | tr '\n' ';')"
        fi
    done
done

# ---------------------------------------------------------------------------
# 3 and 4. From 1.1 and 1.2: the removed interval overloads in use stop the
# update; a database still at 1.x keeps its numbers with the new library
# ---------------------------------------------------------------------------
# The 20 1.x calls (one per removed overload) and the summaries they apply to.
cat > "$WORK/removed_calls.sql" <<'SQL'
\set ECHO none
SET client_min_messages = warning;
\i :reference
CREATE SCHEMA app;
CREATE TABLE app.summaries AS SELECT name, summary::score_summary AS s FROM interval_1x_summary;
CREATE TABLE app.calls AS
SELECT row_number() OVER (ORDER BY min(ord)) AS k, call_1x, call_2_0, CASE WHEN call_1x LIKE 'nps%' THEN 'nps%' ELSE 'csat%' END AS family
FROM (SELECT *, row_number() OVER () AS ord FROM interval_1x_reference) r GROUP BY call_1x, call_2_0;
CREATE TABLE app.reference AS SELECT * FROM interval_1x_reference;
CREATE FUNCTION app.evaluate(expression text, a score_summary) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE result float8;
BEGIN
    EXECUTE format('SELECT %s FROM (SELECT $1 AS a) x', expression) INTO result USING a;
    RETURN result;
END $$;
SQL
# For each call k: a view, a materialized view and a BEGIN ATOMIC function
# (dependencies recorded), and a string-body function (none recorded).
cat > "$WORK/removed_users.sql" <<'SQL'
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT * FROM app.calls LOOP
        EXECUTE format('CREATE VIEW app.v_%s AS SELECT name, %s AS v FROM app.summaries s(name, a) WHERE name LIKE %L',
                       c.k, c.call_1x, c.family);
        EXECUTE format('CREATE MATERIALIZED VIEW app.mv_%s AS SELECT * FROM (SELECT name, %s AS v FROM app.summaries s(name, a) WHERE name LIKE %L) x',
                       c.k, c.call_1x, c.family);
        EXECUTE format('CREATE FUNCTION app.f_%s(a score_summary) RETURNS float8 LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT %s; END',
                       c.k, c.call_1x);
        EXECUTE format('CREATE FUNCTION app.g_%s(a score_summary) RETURNS float8 LANGUAGE sql IMMUTABLE AS %L',
                       c.k, 'SELECT ' || c.call_1x);
    END LOOP;
END $$;
CREATE TABLE app.before (k bigint, name text, v float8);
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT * FROM app.calls LOOP
        EXECUTE format('INSERT INTO app.before SELECT %s, name, v FROM app.v_%s', c.k, c.k);
    END LOOP;
END $$;
SQL
users_output() {  # every view, materialized view and function output
    as "$1" "$2" <<'SQL'
CREATE TEMP TABLE out (t text);
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT * FROM app.calls LOOP
        EXECUTE format('INSERT INTO out SELECT %L || '' '' || v.name || '' '' || v.v || '' '' || m.v || '' '' || coalesce(app.f_%s(s.s)::text, ''null'')
                        FROM app.v_%s v JOIN app.mv_%s m USING (name) JOIN app.summaries s USING (name)', c.k, c.k, c.k, c.k);
    END LOOP;
END $$;
SELECT md5(string_agg(t, ',' ORDER BY t)) || ' ' || count(*) FROM out;
SQL
}

for actor in "${ACTORS[@]}"; do
    who=$(actor_name "$actor")
    a=${who//-/}
    for old in $OLD_VERSIONS; do
        [ "$old" = 1.0 ] && continue   # 1.0 had no interval functions
        db="${TAG}_${a}_blocked_${old//./_}"
        echo "== $old with the removed interval overloads in use, as a $who =="
        newdb "$db" "$actor" || die "create database"
        if ! as "$actor" "$db" -c "CREATE EXTENSION cx_metrics VERSION '$old'" >/dev/null ||
           ! as "$actor" "$db" -v reference="$REFERENCE" -f "$WORK/removed_calls.sql" > "$WORK/calls.out" 2>&1; then
            fail "$old, $who: set up the 1.x calls" "$(head -3 "$WORK/calls.out")"; continue
        fi
        ncalls=$(as "$actor" "$db" -c "SELECT count(*) FROM app.calls")
        [ "$ncalls" = 20 ] || fail "$old, $who: 20 removed overloads to call" "$ncalls"

        # 4. The 1.x calls through the new library: the independent reference values.
        res=$(as "$actor" "$db" -c "SELECT count(*) FILTER (WHERE (v IS NULL) = (expected IS NULL) AND coalesce(abs(v - expected) <= 1e-9 * greatest(1, abs(expected)), true)) || '/' || count(*)
                                     FROM (SELECT r.*, app.evaluate(r.call_1x, s.s) AS v FROM app.reference r JOIN app.summaries s USING (name)) x")
        [ "${res%/*}" = "${res#*/}" ] && [ "${res#*/}" -gt 60 ] \
            && pass "$old, $who: still at $old with the new library, every 1.x interval call returns the independent reference value ($res: 20 overloads, weighted and empty summaries)" \
            || fail "$old, $who: 1.x interval calls with the new library equal the reference" "$res"
        # Its aggregates run in parallel with the 1.x combine functions.
        res=$(as "$actor" "$db" 2>&1 <<'SQL'
CREATE TABLE app.big AS SELECT i, (hashint4(i) & 2147483647) % 11 AS a, 1 + (hashint4(-i) & 2147483647) % 5 AS r FROM generate_series(1, 60000) i;
ANALYZE app.big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT nps(a), nps(a, 10, 5), csat(r), csat(r, 5), ces(r) FROM app.big;
SELECT abs(nps(a) - 100.0 * (count(*) FILTER (WHERE a >= 9) - count(*) FILTER (WHERE a <= 6)) / count(*)) < 1e-9
   AND abs(nps(a, 10, 5) - 100.0 * (count(*) FILTER (WHERE a >= 10) - count(*) FILTER (WHERE a <= 5)) / count(*)) < 1e-9
   AND abs(csat(r) - 100.0 * count(*) FILTER (WHERE r >= 4) / count(*)) < 1e-9
   AND abs(csat(r, 5) - 100.0 * count(*) FILTER (WHERE r >= 5) / count(*)) < 1e-9
   AND abs(ces(r) - avg(r)) < 1e-9
FROM app.big;
SQL
)
        if echo "$res" | grep -q 'Partial Aggregate' && [ "$(echo "$res" | tail -1)" = t ]; then
            pass "$old, $who: its nps, csat and ces aggregates in a parallel plan (1.x combine functions) equal plain SQL"
        else
            fail "$old, $who: parallel aggregates at $old equal plain SQL" "$(echo "$res" | tr '\n' ' ' | cut -c1-300)"
        fi

        # 3. The update refuses while the overloads are in use.
        as "$actor" "$db" -f "$WORK/removed_users.sql" >/dev/null 2>"$WORK/users.err" || { fail "$old, $who: create the objects using each overload" "$(head -3 "$WORK/users.err")"; continue; }
        snapshot "$db" > "$WORK/snap_blocked_before.txt"
        out_before=$(users_output "$actor" "$db")
        as "$actor" "$db" -v VERBOSITY=verbose -c "ALTER EXTENSION cx_metrics UPDATE" > /dev/null 2> "$WORK/blocked.err"
        rc=$?
        v=$(sql "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics'")
        if [ $rc -ne 0 ] && grep -q '^ERROR:  2BP01: ' "$WORK/blocked.err" && [ "$v" = "$old" ]; then
            pass "$old, $who: ALTER EXTENSION cx_metrics UPDATE fails with SQLSTATE 2BP01 while 60 objects use the 20 removed overloads; still $old"
        else
            fail "$old, $who: the update fails with 2BP01 and stays at $old" "rc $rc, version $v, $(head -2 "$WORK/blocked.err" | tr '\n' ' ')"
        fi
        # Each object named, with the overload it uses and a 2.0 call.
        as "$actor" "$db" -F'|' -c "SELECT k, call_1x FROM app.calls ORDER BY k" > "$WORK/calls.txt"
        missing=""
        while IFS='|' read -r k call; do
            sig=$(perl -e '($f, $args) = $ARGV[0] =~ /^(\w+)\(a(.*)\)$/; @t = map { /\./ ? "double precision" : "integer" } grep { length } split /,\s*/, substr($args, 1);
                           print "$f(" . join(",", "score_summary", @t) . ")"' "$call")
            for obj in "view app.v_$k" "materialized view app.mv_$k" "function app.f_$k(score_summary)"; do
                grep -qF "  $obj uses $sig; in 2.0 write " "$WORK/blocked.err" || missing+="$obj ($sig); "
            done
        done < "$WORK/calls.txt"
        [ -z "$missing" ] && pass "$old, $who: the message names each of the 60 objects, the 1.x signature it uses and the 2.0 call to write" \
            || fail "$old, $who: the message names each object, its overload and the 2.0 call" "$(echo "$missing" | cut -c1-300)"
        if snapshot "$db" | cmp -s - "$WORK/snap_blocked_before.txt" && [ "$(users_output "$actor" "$db")" = "$out_before" ]; then
            pass "$old, $who: after the refused update nothing changed: catalog of the members and the output of all 60 objects"
        else
            fail "$old, $who: nothing changes after the refused update"
        fi

        # After dropping them the update succeeds.
        as "$actor" "$db" -c "DO \$\$ DECLARE c record; BEGIN FOR c IN SELECT k FROM app.calls LOOP
                                EXECUTE format('DROP VIEW app.v_%s; DROP MATERIALIZED VIEW app.mv_%s; DROP FUNCTION app.f_%s(score_summary)', c.k, c.k, c.k);
                              END LOOP; END \$\$" >/dev/null
        if out=$(as "$actor" "$db" -c "ALTER EXTENSION cx_metrics UPDATE" 2>&1) &&
           [ "$(sql "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics'")" = "$DEFAULT" ]; then
            pass "$old, $who: after dropping them, ALTER EXTENSION cx_metrics UPDATE reaches $DEFAULT"
        else
            fail "$old, $who: update after dropping the objects" "$out"; continue
        fi

        # The 2.0 calls the message gives return what the 1.x calls returned:
        # placeholders p, d, m, c and confidence take the 1.x call's values.
        perl -e '
            open my $m, "<", $ARGV[0] or die; my %repl;
            while (<$m>) { $repl{$1} = $2 if /^  view app\.v_(\d+) uses .*?; in 2\.0 write (.*)$/; }
            open my $c, "<", $ARGV[1] or die;
            while (<$c>) {
                chomp; my ($k, $call) = split /\|/;
                my ($f, $args) = $call =~ /^(\w+)\(a(.*)\)$/;
                my @v = grep { length } split /,\s*/, substr($args, 1);
                my %val;
                if ($f =~ /^nps/) {
                    @val{qw(p d)} = @v[0, 1] if @v >= 3 || (@v == 2);
                    $val{c} = $val{confidence} = @v == 1 ? $v[0] : $v[2] if @v == 1 || @v == 3;
                } else {
                    if (@v == 1 && $v[0] =~ /\./) { $val{c} = $val{confidence} = $v[0]; }
                    elsif (@v >= 1) { $val{m} = $v[0]; $val{c} = $val{confidence} = $v[1] if @v == 2; }
                }
                my $r = $repl{$k} // "MISSING";
                $r =~ s/\s*\(the same call[^)]*\)//;
                for my $alt (split / or /, $r) {
                    (my $e = $alt) =~ s/\b(confidence)\b(?!\s*=>)/exists $val{confidence} ? $val{confidence} : $1/ge;
                    $e =~ s/(?<![\w.])([spdmc])(?![\w(])/$1 eq "s" ? "a" : (exists $val{$1} ? $val{$1} : "UNSET_$1")/ge;
                    $e =~ s/\x27/\x27\x27/g; (my $shown = $alt) =~ s/\x27/\x27\x27/g;
                    print "SELECT $k, \x27$shown\x27, \x27$e\x27, count(*) FILTER (WHERE app.evaluate(\x27$e\x27, s.s) IS NOT DISTINCT FROM b.v
                           OR abs(app.evaluate(\x27$e\x27, s.s) - b.v) <= 1e-12 * greatest(1, abs(b.v))), count(*)
                           FROM app.before b JOIN app.summaries s USING (name) WHERE b.k = $k;\n";
                }
            }' "$WORK/blocked.err" "$WORK/calls.txt" > "$WORK/replacements.sql"
        as "$actor" "$db" -F'|' -f "$WORK/replacements.sql" > "$WORK/replacements.out" 2>&1
        rc=$?
        nalt=$(grep -c '' "$WORK/replacements.out")
        bad=$(awk -F'|' 'NF != 5 || $4 != $5 || $5 == 0' "$WORK/replacements.out")
        if [ $rc -eq 0 ] && [ -z "$bad" ] && [ "$nalt" -ge 20 ]; then
            pass "$old, $who: each of the $nalt 2.0 calls the message proposes, with the 1.x call's values, returns the 1.x result"
        else
            fail "$old, $who: the proposed 2.0 calls return the 1.x results" "$(echo "$bad" | head -4 | tr '\n' ';')"
        fi
        # The same for the 2.0 call forms of the reference (call_2_0).
        res=$(as "$actor" "$db" -c "SELECT count(*) FILTER (WHERE (v IS NULL) = (expected IS NULL) AND coalesce(abs(v - expected) <= 1e-9 * greatest(1, abs(expected)), true)) || '/' || count(*)
                                     FROM (SELECT r.*, app.evaluate(r.call_2_0, s.s) AS v FROM app.reference r JOIN app.summaries s USING (name)) x")
        [ "${res%/*}" = "${res#*/}" ] && [ "${res#*/}" -gt 60 ] \
            && pass "$old, $who: after the update, the 2.0 form of every 1.x call returns the reference value ($res)" \
            || fail "$old, $who: 2.0 forms of the 1.x calls equal the reference" "$res"

        # String-body functions (no dependency recorded): the same number or an error, never another number.
        res=$(as "$actor" "$db" <<'SQL'
CREATE FUNCTION pg_temp.try(k bigint, s score_summary) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v float8;
BEGIN
    EXECUTE format('SELECT app.g_%s($1)', k) INTO v USING s;
    RETURN coalesce(v::text, 'null');
EXCEPTION WHEN others THEN RETURN 'ERROR ' || SQLSTATE;
END $$;
SELECT CASE WHEN r = coalesce(b.v::text, 'null') THEN 'same' WHEN r LIKE 'ERROR %' THEN r ELSE 'DIFFERENT' END, count(*)
FROM app.before b JOIN app.summaries s USING (name), LATERAL pg_temp.try(b.k, s.s) r GROUP BY 1 ORDER BY 1;
SQL
)
        summary=$(echo "$res" | tr '\n' ' ')
        if [ -n "$res" ] && ! echo "$res" | grep -q DIFFERENT && echo "$res" | grep -q '^same|' && echo "$res" | grep -q '^ERROR 22023|'; then
            pass "$old, $who: SQL functions with a string body (no dependency recorded) calling a 1.x form, after the update: the same number or an error, never another number ($summary)"
        else
            fail "$old, $who: string-body SQL functions: the same number or an error, never another" "$summary"
        fi
    done
done

# ---------------------------------------------------------------------------
# 5. Hand-written aggregates on the 1.x support functions (every version)
# ---------------------------------------------------------------------------
cat > "$WORK/user_aggregates.sql" <<'SQL'
CREATE SCHEMA app;
CREATE AGGREGATE app.my_nps(integer) (SFUNC = nps_trans, STYPE = bigint[], INITCOND = '{0,0,0}',
    FINALFUNC = nps_final, COMBINEFUNC = cx_combine_3_0, PARALLEL = SAFE);
CREATE AGGREGATE app.my_nps(integer, integer, integer) (SFUNC = nps_thresholds_trans, STYPE = bigint[], INITCOND = '{0,0,0,-1,-1}',
    FINALFUNC = nps_final, COMBINEFUNC = cx_combine_3_2, PARALLEL = SAFE);
CREATE AGGREGATE app.my_ces(integer) (SFUNC = ces_trans, STYPE = bigint[], INITCOND = '{0,0}',
    FINALFUNC = mean_final, COMBINEFUNC = cx_combine_2_0, PARALLEL = SAFE);
CREATE AGGREGATE app.my_top_box(integer, integer) (SFUNC = csat_threshold_trans, STYPE = bigint[], INITCOND = '{0,0,-1}',
    FINALFUNC = percent_final, COMBINEFUNC = cx_combine_2_1, PARALLEL = SAFE);
CREATE TABLE app.rows AS SELECT (hashint4(i) & 2147483647) % 11 AS a FROM generate_series(1, 500) i;
CREATE TABLE app.agg_before AS
SELECT app.my_nps(a) AS nps, app.my_nps(a, 10, 5) AS nps_10_5, app.my_ces(1 + a % 7) AS ces, app.my_top_box(1 + a % 5, 5) AS top_box
FROM app.rows;
SQL
for actor in "${ACTORS[@]}"; do
    who=$(actor_name "$actor")
    a=${who//-/}
    for old in $OLD_VERSIONS; do
        db="${TAG}_${a}_useraggs_${old//./_}"
        newdb "$db" "$actor" && as "$actor" "$db" -c "CREATE EXTENSION cx_metrics VERSION '$old'" -f "$WORK/user_aggregates.sql" >/dev/null 2>"$WORK/ua.err" \
            || { fail "$old, $who: hand-written aggregates on the 1.x support functions" "$(head -2 "$WORK/ua.err")"; continue; }
        as "$actor" "$db" -v VERBOSITY=verbose -c "ALTER EXTENSION cx_metrics UPDATE" >/dev/null 2>"$WORK/ua.err"
        rc=$?
        v=$(sql "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics'")
        missing=""
        for line in "function app.my_nps(integer) uses cx_combine_3_0(bigint[],bigint[]); in 2.0 write nps_combine " \
                    "function app.my_nps(integer,integer,integer) uses cx_combine_3_2(bigint[],bigint[]); in 2.0 write nps_thresholds_combine " \
                    "function app.my_ces(integer) uses cx_combine_2_0(bigint[],bigint[]); in 2.0 write csat_combine, ces_combine or churn_flag_combine " \
                    "function app.my_ces(integer) uses mean_final(bigint[]); in 2.0 write ces_final " \
                    "function app.my_top_box(integer,integer) uses cx_combine_2_1(bigint[],bigint[]); in 2.0 write csat_threshold_combine " \
                    "function app.my_top_box(integer,integer) uses percent_final(bigint[]); in 2.0 write csat_final or churn_flag_final "; do
            grep -qF "  $line" "$WORK/ua.err" || missing+="$line; "
        done
        if [ $rc -ne 0 ] && grep -q '^ERROR:  2BP01: ' "$WORK/ua.err" && [ "$v" = "$old" ] && [ -z "$missing" ]; then
            pass "$old, $who: hand-written aggregates on the 1.x support functions stop the update (2BP01, still $old), each named with the 2.0 support function"
        else
            fail "$old, $who: hand-written aggregates on 1.x support functions stop the update, named with the 2.0 function" "rc $rc, version $v, missing: $missing $(head -1 "$WORK/ua.err")"
            continue
        fi
        # Recreated on the 2.0 names after the update: the same numbers.
        out=$(as "$actor" "$db" 2>&1 <<'SQL'
DROP AGGREGATE app.my_nps(integer), app.my_nps(integer, integer, integer), app.my_ces(integer), app.my_top_box(integer, integer);
ALTER EXTENSION cx_metrics UPDATE;
CREATE AGGREGATE app.my_nps(integer) (SFUNC = nps_trans, STYPE = bigint[], INITCOND = '{0,0,0}',
    FINALFUNC = nps_final, COMBINEFUNC = nps_combine, PARALLEL = SAFE);
CREATE AGGREGATE app.my_nps(integer, integer, integer) (SFUNC = nps_thresholds_trans, STYPE = bigint[], INITCOND = '{0,0,0,-1,-1}',
    FINALFUNC = nps_final, COMBINEFUNC = nps_thresholds_combine, PARALLEL = SAFE);
CREATE AGGREGATE app.my_ces(integer) (SFUNC = ces_trans, STYPE = bigint[], INITCOND = '{0,0}',
    FINALFUNC = ces_final, COMBINEFUNC = ces_combine, PARALLEL = SAFE);
CREATE AGGREGATE app.my_top_box(integer, integer) (SFUNC = csat_threshold_trans, STYPE = bigint[], INITCOND = '{0,0,-1}',
    FINALFUNC = csat_final, COMBINEFUNC = csat_threshold_combine, PARALLEL = SAFE);
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SELECT (SELECT row(b.*)::text FROM app.agg_before b) = row(app.my_nps(a), app.my_nps(a, 10, 5), app.my_ces(1 + a % 7), app.my_top_box(1 + a % 5, 5))::text
FROM app.rows;
SQL
)
        [ "$(echo "$out" | tail -1)" = t ] \
            && pass "$old, $who: after dropping them the update succeeds, and rebuilt on the 2.0 support functions they give the same numbers" \
            || fail "$old, $who: hand-written aggregates rebuilt on the 2.0 support functions" "$(echo "$out" | head -3 | tr '\n' ' ')"
    done
done

echo "upgrade: $passed passed, $failed failed ($(( $(date +%s) - START )) s)"
[ "$failed" -eq 0 ]
