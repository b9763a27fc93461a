#!/usr/bin/env bash
# bench/sentiment-eval/run.sh [CLOUT] [SHARED]: scores clout's sentiment on the human-labelled sets
# (English: movie, amazon, NYT snippets; French: Allociné dev 1000) and prints per set Pearson r,
# 3-class accuracy, macro-F1 and 2-class accuracy, beside VADER's measured r.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
clout=${1:-$here/../../build/clout}
shared=${2:-${CLOUT_SHARED:-$here/../../../shared}}
exec python3 "$here/eval.py" "$clout" "$shared/data"
