#!/bin/bash
# README command 2: install what is missing, build cx_metrics warning-free,
# install it, and run the whole test suite:
#   - unit tests of the pure C core (Check, under ASan and UBSan)
#   - libFuzzer targets of every parser and decoder, for a bounded time
#   - pg_regress (make installcheck) in a throwaway cluster
#   - the cross-check of every metric on the sample data against an
#     independent Python implementation
#   - the quick-start report on the sample data
#   - postgres_fdw sharding over three local clusters, and the state
#     round trips Citus relies on
#   - hardening: pg_dump/restore, the upgrade path, trusted install under a
#     hostile search_path, pgbench concurrency, memory of 1M groups
#   - summary tables kept up to date by maintain_summary under 8 concurrent
#     writers (pgbench)
#   - the pg_cron recipe, and the PGXN release archive
#   - PostgreSQL 17 and 18: build, unit tests and pg_regress in Debian chroots;
#     the README's install-by-hand commands in a fresh Debian 12 chroot
#   - the client paths: the Jupyter notebook run headless and its chart
#     (psycopg2, pandas, matplotlib), the psycopg adapter, JDBC (pgjdbc) in
#     text and binary transfer, ODBC (psqlODBC Unicode and ANSI), R (DBI,
#     RPostgreSQL, ggplot2)
#   - the benchmarks on small data sets, metrics and incremental upkeep
#     (timings are printed, never judged; they fail only on a wrong result
#     or an SQL error)
# Ends with "suites: N passed, M failed"; exits non-zero if any suite failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

install_packages "${BUILD_PACKAGES[@]}" "${CLIENT_PACKAGES[@]}" "${REFERENCE_PACKAGES[@]}" "${CRON_PACKAGES[@]}" \
    "${RELEASE_PACKAGES[@]}" "${FUZZ_PACKAGES[@]}" "${CHROOT_PACKAGES[@]}" check pkg-config
build_and_install WERROR=1

passed=0
failed=0
failed_names=()
run_suite() {
    local name=$1
    shift
    echo
    echo "==> suite: $name"
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failed_names+=("$name")
        echo "==> suite FAILED: $name"
    fi
}

run_suite "unit tests (pure C core, ASan+UBSan)" make -C "$CX_ROOT/test/unit" -s check

# 20 s for each of the ten targets keeps the whole suite well under 30 minutes;
# run test/fuzz/run.sh with a longer time by hand (see test/fuzz/README.md).
run_suite "fuzzing (libFuzzer, ${CX_FUZZ_SECONDS:-20} s per target)" bash "$CX_ROOT/test/fuzz/run.sh" "${CX_FUZZ_SECONDS:-20}"

run_suite "SQL suites in a throwaway cluster" bash "$CX_ROOT/test/pg_virtualenv.sh" -t bash "$CX_ROOT/test/sql-suites.sh"

run_suite "client tests (notebook, psycopg adapter, JDBC, ODBC, R)" bash "$CX_ROOT/test/pg_virtualenv.sh" -t bash "$CX_ROOT/test/clients/run.sh"

run_suite "postgres_fdw sharding (3 clusters) and Citus state checks" bash "$CX_ROOT/test/distributed/run.sh"

for script in dump_restore upgrade trusted_install concurrency memory; do
    run_suite "hardening: $script" bash "$CX_ROOT/test/pg_virtualenv.sh" -t bash "$CX_ROOT/test/hardening/$script.sh"
done

run_suite "incremental summaries: pgbench, 8 clients writing to a maintained source for 30 s" \
    bash "$CX_ROOT/test/pg_virtualenv.sh" -t bash "$CX_ROOT/test/incremental/concurrency.sh" 30

run_suite "pg_cron recipe (scheduled REFRESH ... CONCURRENTLY)" bash "$CX_ROOT/test/cron/run.sh"

run_suite "release archive (make dist, META.json, build and installcheck unpacked)" bash "$CX_ROOT/test/pgxn/run.sh"

# Debian 13 and unstable chroots, cached in /var/cache/cx_metrics/chroots; a
# suite the mirror cannot provide is reported SKIPPED, not failed.
run_suite "PostgreSQL 17 and 18 (Debian trixie and sid chroots: build, unit tests, pg_regress)" \
    bash "$CX_ROOT/test/versions/run.sh" trixie sid

# README "Installing by hand", line by line, in a fresh Debian 12 chroot (1.5 to 3 minutes).
run_suite "install by hand (README commands in a fresh Debian 12 chroot)" \
    bash "$CX_ROOT/test/install_by_hand/run.sh"

run_suite "benchmark smoke run (100,000 rows)" bash "$CX_ROOT/test/bench/run.sh" \
    --rows 100000 --customers 10000 --window-rows 20000 --runs 3 \
    --out /tmp/cx_bench_smoke.csv --table-out /tmp/cx_bench_smoke.txt --plans-out /tmp/cx_bench_smoke.plans.txt

run_suite "incremental upkeep benchmark smoke run (100,000 rows, 1,000 appended)" \
    bash "$CX_ROOT/test/bench/incremental.sh" --rows 100000 --append 1000 --runs 3 --out /tmp/cx_incremental_smoke.txt

echo
if [ "$failed" -gt 0 ]; then
    echo "failed suites: ${failed_names[*]}"
fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
