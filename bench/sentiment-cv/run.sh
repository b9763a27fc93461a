#!/usr/bin/env bash
# bench/sentiment-cv/run.sh DATA [CLOUT]: cross-validated sentiment accuracy of clout (its global
# parameters chosen on folds kept apart from each reported figure) beside VADER (npm
# vader-sentiment, installed into $PEER_DIR outside the repository, default /tmp/peer-vader) in the
# same run. DATA holds sentiment/en and sentiment/fr (the labelled sets; not shipped with clout).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:?usage: run.sh DATA [CLOUT]  (DATA holds sentiment/en and sentiment/fr)}
clout=${2:-$here/../../build/clout}
peer_dir=${PEER_DIR:-/tmp/peer-vader}
if [ ! -d "$peer_dir/node_modules/vader-sentiment" ]; then
  echo "+ npm install vader-sentiment@1.1.3 into $peer_dir" >&2
  mkdir -p "$peer_dir"
  (cd "$peer_dir" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund vader-sentiment@1.1.3 >/dev/null 2>&1)
fi
echo "+ python3 $here/cv.py $clout $data $peer_dir/node_modules" >&2
exec python3 "$here/cv.py" "$clout" "$data" "$peer_dir/node_modules"
