#!/usr/bin/env bash
# bench/sentiment-eval/run.sh DATA [CLOUT]: scores clout's sentiment on the human-labelled sets
# (English: movie, amazon, NYT snippets; French: Allociné dev 1000) and prints per set Pearson r,
# 3-class accuracy, macro-F1 and 2-class accuracy, beside VADER's measured r.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:?usage: run.sh DATA [CLOUT]  (DATA holds sentiment/en and sentiment/fr: the labelled sets, not shipped)}
clout=${2:-$here/../../build/clout}
exec python3 "$here/eval.py" "$clout" "$data"
