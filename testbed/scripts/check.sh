#!/bin/bash
# Run every test suite ("make check-SUITE"), whatever the others did, and
# print one summary line. A suite that could not even be built or booted
# counts as one failure.
set -u

passed=0 failed=0 skipped=0
for suite in "$@"; do
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
