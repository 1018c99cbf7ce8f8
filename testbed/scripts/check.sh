#!/bin/bash
# Run every test suite ("make check-SUITE"), whatever the others did, and
# print one summary line. A suite that could not even be built or booted
# counts as one failure.
#
# On two cores a cold run is mostly builds, several of them with long
# stretches on one core (configure scripts, links, unpacking, downloads,
# the test suites themselves). So the builds that do not wait on each
# other go on side by side: "make prepare" beside the toolchain's build,
# "make late" (what the suites run, selftests and vmm need) beside the
# suites before them. Their output goes to build/prepare.log and
# build/late.log; when one fails, the suites that need it build it again
# in the foreground and report what failed.
set -u

late_suites=" run selftests vmm distro "
passed=0 failed=0 skipped=0
mkdir -p build

# lane NAME: "make NAME" in the background, its output in build/NAME.log,
# in a process group of its own (so that it can be stopped as a whole)
lane() {
	echo "check: make $1 in the background (build/$1.log)"
	set -m
	make --no-print-directory "$1" >"build/$1.log" 2>&1 &
	lane_pid=$! lane_name=$1
	set +m
}
# wait_lane: wait for the lane started last, if it still runs
wait_lane() {
	[ -n "$lane_pid" ] || return 0
	if ! wait "$lane_pid"; then
		echo "check: make $lane_name failed; the end of build/$lane_name.log:"
		tail -n 20 "build/$lane_name.log"
	fi
	lane_pid=
}
lane_pid=
trap '[ -z "$lane_pid" ] || kill -- "-$lane_pid" 2>/dev/null' EXIT

late=
for suite in "$@"; do
	case $late_suites in *" $suite "*) late=1 ;; esac
done
# Nothing else may run apt at the same time as this
make --no-print-directory deps
if [ -n "$late" ]; then
	lane prepare
else
	lane qemu
fi
make --no-print-directory toolchain
wait_lane
if [ -n "$late" ] &&
   make --no-print-directory kernel "$PWD/build/gen_init_cpio"; then
	lane late
fi

for suite in "$@"; do
	case $late_suites in *" $suite "*) wait_lane ;; esac
	rm -f "build/results/$suite.result"
	make --no-print-directory "check-$suite"
	if [ -r "build/results/$suite.result" ]; then
		read -r p f s <"build/results/$suite.result"
	else
		echo "RESULT $suite FAIL the suite did not run"
		p=0 f=1 s=0
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
