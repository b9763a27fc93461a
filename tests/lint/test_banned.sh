#!/usr/bin/env bash
# Every C source file of the library, the CLI and the unit tests includes src/util/banned.h (after
# its other includes), so the unsafe libc calls it lists fail to compile everywhere.
root=${CLOUT_SOURCE:?}
missing=0
while IFS= read -r f; do
	if ! grep -q '^#include "util/banned.h"' "$f"; then
		echo "FAIL: $f does not include util/banned.h"
		missing=$((missing + 1))
	fi
done < <(find "$root/src" "$root/tests/unit" -name '*.c')
[ "$missing" -eq 0 ] && echo "ok: every source file includes util/banned.h"
exit $((missing > 0))
