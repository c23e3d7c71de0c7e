# Sourced by the hardening scripts: one line per check, counted for the
# summary each script prints last ("NAME: N passed, M failed").
passed=0
failed=0
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1${2:+ -- $2}"; failed=$((failed + 1)); }
info() { echo "INFO  $1"; }
warn() { echo "WARN  $1"; }
die() { echo "FATAL: $*" >&2; exit 2; }
