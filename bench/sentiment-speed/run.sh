#!/usr/bin/env bash
# bench/sentiment-speed/run.sh [POSTS]: sentiment throughput of clout (one core, in process) beside
# the npm vader-sentiment package on the same posts in the same run, and the ratio.
# The posts are short social posts written by `clout gen` (English and French, with emoji and
# hashtags). vader-sentiment is installed with npm into a scratch folder outside the repository
# ($PEER_DIR, default /tmp/peer-vader); it is never a dependency of clout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-$root/build}
posts=${1:-1000000}
peer_dir=${PEER_DIR:-/tmp/peer-vader}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. posts: texts of `clout gen` posts, one per line, first $posts of them
accounts=$(( posts / 17 + 100 ))
echo "+ $build/clout gen -o $work/gen -n $accounts --follows 0 -q" >&2
"$build/clout" gen -o "$work/gen" -n "$accounts" --follows 0 -q
python3 - "$work/gen/posts.jsonl" "$work/posts.txt" "$posts" <<'PY'
import json, sys
src, dst, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
    for line in f:
        t = json.loads(line).get("text", "").replace("\n", " ").replace("\r", " ")
        out.write(t + "\n"); n += 1
        if n == want: break
if n < want: sys.exit(f"only {n} posts generated, wanted {want}")
PY
echo "posts file: $(wc -l < "$work/posts.txt") posts, $(wc -c < "$work/posts.txt") bytes" >&2

# 2. clout, in process (the library as a program links it)
flags="$(pkg-config --cflags --libs sqlite3 jansson libutf8proc simdjson zlib) -lcsv -lstemmer -lstdc++ -lm -lpthread"
echo "+ cc -O2 -I$root/include $here/speed.c $build/libclout.a ..." >&2
cc -std=c17 -O2 -I"$root/include" "$here/speed.c" -o "$work/speed" "$build/libclout.a" $flags
echo "+ $work/speed posts.txt auto   (one thread)" >&2
clout_out=$("$work/speed" "$work/posts.txt" auto)
echo "$clout_out"

# 3. clout end to end: the CLI, JSON out, one process
start=$(date +%s.%N)
"$build/clout" sentiment --plain "$work/posts.txt" > "$work/cli.out"
end=$(date +%s.%N)
cli_rate=$(python3 -c "print(round($posts / ($end - $start)))")
echo "clout sentiment --plain (CLI, JSON lines out) $cli_rate posts/s"

# 4. the peer: npm vader-sentiment in a scratch folder
if [ ! -d "$peer_dir/node_modules/vader-sentiment" ]; then
  echo "+ npm install vader-sentiment into $peer_dir" >&2
  mkdir -p "$peer_dir"
  (cd "$peer_dir" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund vader-sentiment@1.1.3 >/dev/null 2>&1)
fi
echo "+ node $here/peer.js posts.txt   (vader-sentiment $(node -p "require('$peer_dir/node_modules/vader-sentiment/package.json').version"), node $(node --version))" >&2
peer_out=$(NODE_PATH="$peer_dir/node_modules" node "$here/peer.js" "$work/posts.txt")
echo "$peer_out"

# ratios: in process, CPU time against CPU time (what one core does, whatever else the machine
# runs); the CLI end to end (wall) against the peer's wall rate
clout_rate=$(echo "$clout_out" | awk '/^clout_text_sentiment/ {print $2}')
peer_rate=$(echo "$peer_out" | awk '{print $2}')
peer_wall=$(echo "$peer_out" | awk '{print $7}')
python3 -c "print(f'ratio clout/vader-sentiment: {$clout_rate / $peer_rate:.1f}x in process (CPU time), {$cli_rate / $peer_wall:.1f}x for the clout CLI against the in-process peer (wall)')"
