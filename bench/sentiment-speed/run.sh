#!/usr/bin/env bash
# bench/sentiment-speed/run.sh [POSTS]: sentiment throughput of clout (one core, in process, and the
# CLI end to end over JSON lines) beside the npm vader-sentiment package on the same posts in the
# same run, and the ratios. RUNS (default 5) runs of the CLI each way, medians with min/max.
# The posts are short social posts written by `clout gen` (English and French, with emoji and
# hashtags). vader-sentiment is installed with npm into a scratch folder outside the repository
# ($PEER_DIR, default /tmp/peer-vader); it is never a dependency of clout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-$root/build}
posts=${1:-300000}
runs=${RUNS:-5}
peer_dir=${PEER_DIR:-/tmp/peer-vader}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. posts: texts of `clout gen` posts, one per line, first $posts of them; the same posts as
#    JSON lines {"id": ..., "text": ...} for the CLI
accounts=$(( posts / 17 + 100 ))
echo "+ $build/clout gen -o $work/gen -n $accounts --follows 0 -q" >&2
"$build/clout" gen -o "$work/gen" -n "$accounts" --follows 0 -q
python3 - "$work/gen/posts.jsonl" "$work/posts.txt" "$posts" "$work/posts.jsonl" <<'PY'
import json, sys
src, dst, want, dst_json = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
n = 0
with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out, \
        open(dst_json, "w", encoding="utf-8") as out_json:
    for line in f:
        post = json.loads(line)
        t = post.get("text", "").replace("\n", " ").replace("\r", " ")
        out.write(t + "\n"); n += 1
        out_json.write(json.dumps({"id": post["id"], "text": t}, ensure_ascii=False) + "\n")
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

# 3. clout end to end: the CLI, JSON lines in and out, all cores (-j nproc) and one (-j 1), runs
#    alternating; wall and CPU time of each run (the machine is shared: the load average is printed)
cores=$(nproc)
cli_out=$(python3 - "$build/clout" "$work/posts.jsonl" "$posts" "$runs" "$cores" "$work/cli.out" <<'PY'
import os, resource, statistics, subprocess, sys, time
clout, src, posts, runs, cores, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
res = {}
for _ in range(runs):
    for j in (cores, 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        with open(out, "wb") as f:
            subprocess.run([clout, "sentiment", "-j", str(j), src], stdout=f, check=True)
        wall = time.monotonic() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        res.setdefault(j, []).append((posts / wall, posts / cpu))
load = os.getloadavg()
for j in (cores, 1):
    wall = [w for w, _ in res[j]]; cpu = [c for _, c in res[j]]
    print(f"clout sentiment -j {j} (CLI, JSON lines in and out) {statistics.median(wall):.0f} posts/s wall "
          f"(min {min(wall):.0f}, max {max(wall):.0f}), {statistics.median(cpu):.0f} posts per CPU-second "
          f"(min {min(cpu):.0f}, max {max(cpu):.0f}), median of {runs} runs")
print(f"load average after the runs: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
print(f"=rates {statistics.median(w for w, _ in res[cores]):.0f} {statistics.median(c for _, c in res[cores]):.0f}")
PY
)
echo "$cli_out" | grep -v '^=rates'

cli_rate=$(echo "$cli_out" | awk '/^=rates/ {print $2}')
cli_cpu=$(echo "$cli_out" | awk '/^=rates/ {print $3}')

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
python3 -c "print(f'ratio clout/vader-sentiment: {$clout_rate / $peer_rate:.1f}x in process (CPU time); the clout CLI end to end against the in-process peer: {$cli_rate / $peer_wall:.1f}x wall (-j $cores), {$cli_cpu / $peer_rate:.1f}x per CPU-second')"
