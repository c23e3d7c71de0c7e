#!/bin/bash
# Build the libFuzzer targets and run each for a bounded time.
#
#   test/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60; TARGETs default to all of them.  Each
# target runs single-process on a temporary copy of its seed corpus and of
# the inputs that once failed (regressions/; the committed files never grow),
# with the dictionary of its format if any.
# Exits non-zero if a target fails to build, crashes, leaks, times out on an
# input or breaks one of its checks; the input is then saved under
# $FUZZ_ARTIFACTS (default test/fuzz/artifacts/) and named in the output.
# Prints, per target, the executions, executions per second and coverage of
# libFuzzer's final stats.
#
# Needs: clang with libFuzzer and make (Debian 12: apt-get install -y clang
# make, which brings libclang-rt-14-dev as a recommended package).
# Environment: CC (default clang), FUZZ_ARTIFACTS, FUZZ_EXTRA_ARGS (more
# libFuzzer flags, e.g. -seed=1).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
shift || true
all_targets="fuzz_summary_text fuzz_summary_wire fuzz_summary_merge fuzz_summary_subtract fuzz_csi_text fuzz_csi_wire fuzz_csi_merge fuzz_stored fuzz_driver_text fuzz_driver_wire"
targets="${*:-$all_targets}"
artifacts="${FUZZ_ARTIFACTS:-$here/artifacts}"

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
	echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2
	exit 2
fi

make -C "$here" --no-print-directory ${CC:+CC="$CC"} all || {
	echo "fuzz: build failed" >&2
	exit 1
}
mkdir -p "$artifacts"

# Per-input limits: a valid input is at most a few kB and parses in
# microseconds, so 10 s on one input is a hang.
max_len_of() {
	case "$1" in
		fuzz_summary_text) echo 10000 ;;	# the longest canonical text is 6961 bytes
		fuzz_summary_wire) echo 3000 ;;		# the longest encoding is 2531 bytes
		fuzz_summary_merge|fuzz_summary_subtract) echo 6000 ;;
		fuzz_csi_text) echo 12000 ;;		# 1001 minimal components take 9010 bytes
		fuzz_driver_text) echo 60000 ;;		# k = 64 with 24-character doubles: about 55 kB
		fuzz_driver_wire) echo 20000 ;;		# k = 64: 17696 bytes
		*) echo 8192 ;;
	esac
}
dict_of() {
	case "$1" in
		fuzz_summary_text) echo "$here/summary_text.dict" ;;
		fuzz_csi_text) echo "$here/csi_text.dict" ;;
		fuzz_driver_text) echo "$here/driver_text.dict" ;;
	esac
}

status=0
summary=""
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for t in $targets; do
	bin="$here/build/$t"
	if [ ! -x "$bin" ]; then
		echo "fuzz: unknown target $t" >&2
		status=1
		continue
	fi
	corpus="$work/$t"
	mkdir -p "$corpus"
	cp "$here/corpus/$t"/* "$corpus"/ 2>/dev/null || true
	# inputs that once failed start every run too
	cp "$here/regressions/$t"/* "$corpus"/ 2>/dev/null || true
	dict="$(dict_of "$t")"
	log="$work/$t.log"
	echo "== $t: ${seconds}s, seed corpus $(ls "$corpus" | wc -l) files"
	# shellcheck disable=SC2086
	ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" \
	UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
	"$bin" "$corpus" \
		-max_total_time="$seconds" \
		-timeout=10 \
		-rss_limit_mb=2048 \
		-max_len="$(max_len_of "$t")" \
		-print_final_stats=1 \
		-artifact_prefix="$artifacts/$t-" \
		${dict:+-dict="$dict"} \
		${FUZZ_EXTRA_ARGS:-} \
		>"$log" 2>&1
	rc=$?
	runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
	speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
	# the last status line: "#N  DONE  cov: C ft: F corp: U/Sb ..."
	last="$(grep -E '^#[0-9]+' "$log" | tail -1)"
	cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
	ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
	corp="$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")"
	line="$(printf '%-20s %12s runs %8s exec/s  cov %5s  ft %6s  corpus %s' \
		"$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")"
	if [ "$rc" -ne 0 ] || grep -qE '^==[0-9]+==ERROR|^SUMMARY: |fuzz check failed|Test unit written to' "$log"; then
		status=1
		line="$line  FAILED (exit $rc)"
		echo "---- $t log (last 60 lines) ----"
		tail -n 60 "$log"
		echo "---- end of $t log ----"
	fi
	echo "$line"
	summary="$summary$line"$'\n'
done

echo
echo "== fuzz summary (${seconds}s per target)"
printf '%s' "$summary"
if [ "$status" -ne 0 ]; then
	echo "fuzz: FAILED; inputs saved under $artifacts" >&2
fi
exit "$status"
