#!/bin/bash
# Compiles and runs CxJdbcCheck against the database given by the libpq
# environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD), which must
# hold cx_metrics and test/data/sample.sql.  Needs Debian's
# libpostgresql-jdbc-java (pgjdbc) and default-jdk-headless.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar=${PGJDBC_JAR:-/usr/share/java/postgresql.jar}
if [ ! -f "$jar" ]; then
    echo "jdbc: $jar not found: apt-get install libpostgresql-jdbc-java" >&2
    exit 1
fi
if ! command -v javac >/dev/null; then
    echo "jdbc: javac not found: apt-get install default-jdk-headless" >&2
    exit 1
fi
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
javac -Xlint:all -Werror -d "$build" -cp "$jar" "$here/CxJdbcCheck.java"
# Two shared cores: keep the JVM small and single-threaded in the compiler.
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$jar:$build" CxJdbcCheck
