#!/usr/bin/env python3
"""bench/plan/bench.py: clout plan beside SUBSIM, OPIM-C and IMM on the same graphs, model and parameters
(IC, weighted cascade, k = 50, epsilon = 0.1), in the same run.

For each tool it prints wall time end to end (time.perf_counter around the child), CPU time (user + system, from
the child's rusage by os.wait4), peak memory (max RSS), RR sets, and the Monte Carlo spread of its
seeds measured by one evaluator for all (`clout spread`, same simulation count and seed). Peers are built outside
this repository from their public sources; their binaries come from the environment:

    SUBSIM_BIN  qtguo/subsim `subsim`
    OPIM_BIN    tangj90/OPIM OPIM1.0 built for Linux (run as -alg=opim-c -mode=2 -pdist=WC)
    IMM_BIN     SongYifanCN/IMM_nok `imm_discrete_nok` (run with -epsilon1 0.001, as the original IMM)
    CLOUT       the clout binary (default: build/clout)

A peer whose variable is unset or not executable is reported as absent. Each peer gets the graph in its own
input format, converted once by this script (untimed; SUBSIM and OPIM also format their binary graph once,
untimed), from the same deduplicated arc list without self-loops: "n m" then dense 0-based "u v" lines
(SUBSIM, OPIM), IMM's attribute.txt and graph_ic.inf with p = 1/indegree. clout reads the plain text edge list
(original ids, duplicates and all) and is timed doing so.

Each tool runs --runs times (default 5), the tools alternating within each round (clout, clout --cache, ...,
SUBSIM, ..., then again), so that a change in the machine's load falls on all of them alike; clout gets random
seed 1, 2, ... in successive rounds. Printed per tool: the median wall time, CPU time and MC spread of the
seeds of its runs, each with its min and max, and the ratios of the medians. --tools picks some of the tools.

Usage: bench.py --graphs-dir DIR [--graphs epinions,higgs,rmat20] [--runs N] [--tools clout,clout-cache,...]
                [--mc N] [--mc-rmat N] [--workdir DIR] [--threads N]
"""
import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRAPHS = None  # --graphs-dir: the folder holding the SNAP files named in SOURCES

# name -> (source, reverse, description)
SOURCES = {
    "epinions": ("soc-Epinions1.txt.gz", False, "SNAP soc-Epinions1"),
    "higgs": ("higgs-retweet_network.edgelist.gz", True, "Higgs retweet graph, reversed (retweeted -> retweeter)"),
    "rmat20": (None, False, "R-MAT scale 20, edge factor 10, seed 1 (clout gen graph)"),
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_timed(cmd, cwd=None):
    """Runs cmd; returns (stdout, stderr, wall seconds, peak KB, exit status, CPU seconds).

    Wall time is time.perf_counter() from just before the child is started to just after it is reaped (/usr/bin/time's
    %e is quantised at 10 ms). CPU time (user + system) is the rusage os.wait4 returns (microseconds; it includes
    the reaped grandchild). The child is /usr/bin/time running cmd, only for the peak memory (max RSS, its %M): a
    process exec'd by this script inherits the script's own high-water RSS, one forked by time does not. Its fork
    and exec cost every tool the same fraction of a millisecond."""
    tf = os.path.join(WORK, "time.out")
    with open(os.path.join(WORK, "stdout.tmp"), "w+") as fo, open(os.path.join(WORK, "stderr.tmp"), "w+") as fe:
        start = time.perf_counter()
        p = subprocess.Popen(["/usr/bin/time", "-o", tf, "-f", "%M"] + cmd, cwd=cwd, stdout=fo, stderr=fe)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read(), fe.read()
    try:
        with open(tf) as f:
            peak = int(f.read().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        peak = -1
    return out, err, wall, peak, p.returncode, ru.ru_utime + ru.ru_stime


def clout_bin():
    return os.environ.get("CLOUT", os.path.join(ROOT, "build", "clout"))


def peer(var):
    path = os.environ.get(var)
    if not path:
        return None, "%s is not set" % var
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return None, "%s=%s is not an executable file" % (var, path)
    return os.path.abspath(path), None


def prepare(name):
    """Writes <work>/<name>/graph.txt (clout's input) and dense.txt (peers' input); returns the dir."""
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    text, dense = os.path.join(d, "graph.txt"), os.path.join(d, "dense.txt")
    src, reverse, _ = SOURCES[name]
    if not os.path.exists(text):
        if src is None:
            gen = [clout_bin(), "gen", "graph"]
            if subprocess.run([clout_bin(), "gen", "graph", "--help"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0:
                gen = [clout_bin(), "gen", "graph"]
            cmd = gen + ["--scale", "20", "--edge-factor", "10", "--seed", "1", "-o", text]
            log("generating: " + " ".join(cmd))
            subprocess.run(cmd, check=True)
        else:
            log("decompressing %s" % src)
            with gzip.open(os.path.join(GRAPHS, src), "rb") as fin, open(text, "wb") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
    if not os.path.exists(dense):
        log("converting %s for the peers" % name)
        ids, seen, arcs = {}, set(), []
        with open(text) as f:
            for line in f:
                if not line.strip() or line[0] in "#%":
                    continue
                p = line.split()
                a, b = int(p[0]), int(p[1])
                if reverse:
                    a, b = b, a
                if a == b:
                    continue
                ia = ids.setdefault(a, len(ids))
                ib = ids.setdefault(b, len(ids))
                key = (ia << 32) | ib
                if key in seen:
                    continue
                seen.add(key)
                arcs.append(key)
        n, m = len(ids), len(arcs)
        del seen
        indeg = [0] * n
        for key in arcs:
            indeg[key & 0xffffffff] += 1
        with open(dense + ".tmp", "w") as f:
            f.write("%d %d\n" % (n, m))
            for i in range(0, m, 1 << 16):
                f.write("".join("%d %d\n" % (k >> 32, k & 0xffffffff) for k in arcs[i:i + (1 << 16)]))
        imm = os.path.join(d, "imm")
        os.makedirs(imm, exist_ok=True)
        with open(os.path.join(imm, "attribute.txt"), "w") as f:
            f.write("n=%d\nm=%d\n" % (n, m))
        with open(os.path.join(imm, "graph_ic.inf"), "w") as f:
            for i in range(0, m, 1 << 16):
                f.write("".join("%d %d %.9g\n" % (k >> 32, k & 0xffffffff, 1.0 / indeg[k & 0xffffffff])
                                for k in arcs[i:i + (1 << 16)]))
        os.rename(dense + ".tmp", dense)
    return d


def mc_spread(graph, seeds, header, reverse, mc):
    cmd = [clout_bin(), "spread", "--graph", graph, "--seeds", seeds, "--mc", str(mc), "--seed", "12345", "-o", "json"]
    if header:
        cmd.append("--header")
    if reverse:
        cmd.append("--reverse")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        return None, None
    j = json.loads(p.stdout)
    return j["spread"], j["std_error"]


def bench_clout(d, name, quality, threads, cache=False, run=0, warm=True):
    src, reverse, _ = SOURCES[name]
    seeds = os.path.join(d, "seeds.clout%s%s.%d" % ("-quality" if quality else "", "-cache" if cache else "", run))
    cmd = [clout_bin(), "plan", "--graph", os.path.join(d, "graph.txt"), "--budget", "50", "--epsilon", "0.1",
           "--threads", str(threads), "--seed", str(run + 1), "--no-forecast", "-o", "json", "--seeds-out", seeds]
    if reverse:
        cmd.insert(4, "--reverse")
    if quality:
        cmd.append("--quality")
    if cache:
        # the binary copy (graph.txt.clout-csr) is written once, untimed, as SUBSIM formats its graph once
        cmd.append("--cache")
        if warm:
            run_timed(cmd)
    out, err, wall, peak, rc, cpu = run_timed(cmd)
    if rc != 0:
        return {"error": err.strip()[-300:]}, cmd
    j = json.loads(out)
    return {"wall": wall, "cpu": cpu, "peak_kb": peak, "rr_sets": j["rr_sets"], "seeds": seeds, "header": False,
            "reverse": reverse, "note": "certified %.3f" % j["guarantee"]["approximation"]}, cmd


def keep_seeds(res, run):
    """Copies a peer's seed file (written to the same path each run) to a file of this run."""
    if "seeds" in res and os.path.exists(res["seeds"]):
        kept = "%s.run%d" % (res["seeds"], run)
        shutil.copy(res["seeds"], kept)
        res["seeds"] = kept
    return res


def bench_subsim(d, binary):
    sd = os.path.join(d, "subsim")
    os.makedirs(sd, exist_ok=True)
    if not os.path.exists(os.path.join(sd, "g.vec.rvs.graph")):
        shutil.copy(os.path.join(d, "dense.txt"), os.path.join(sd, "g"))
        subprocess.run([binary, "-func=format", "-gname=g", "-dir=.", "-pdist=wc"], cwd=sd, stdout=subprocess.DEVNULL)
        if not os.path.exists(os.path.join(sd, "g.vec.rvs.graph")):
            return {"error": "SUBSIM could not format the graph"}, None
    cmd = [binary, "-func=im", "-gname=g", "-dir=.", "-seedsize=50", "-eps=0.1"]
    out, err, wall, peak, rc, cpu = run_timed(cmd, cwd=sd)
    if rc != 0:
        return {"error": (out + err).strip()[-300:]}, cmd
    rr = re.findall(r"#RR sets:\s*(\d+)", out)
    return {"wall": wall, "cpu": cpu, "peak_kb": peak, "rr_sets": int(rr[-1]) if rr else None,
            "seeds": os.path.join(sd, "result", "seed", "seed_g_subsim_k50_wc"), "header": True, "reverse": False,
            "note": ""}, cmd


def bench_opim(d, binary):
    od = os.path.join(d, "opim")
    os.makedirs(od, exist_ok=True)
    if not os.path.exists(os.path.join(od, "g.vec.rvs.graph")):
        shutil.copy(os.path.join(d, "dense.txt"), os.path.join(od, "g"))
        # OPIM's formatter exits non-zero even when it succeeds: check its output file instead
        subprocess.run([binary, "-func=0", "-gname=g", "-dir=."], cwd=od, stdout=subprocess.DEVNULL)
        if not os.path.exists(os.path.join(od, "g.vec.rvs.graph")):
            return {"error": "OPIM could not format the graph"}, None
    cmd = [binary, "-func=1", "-gname=g", "-dir=.", "-alg=opim-c", "-mode=2", "-seedsize=50", "-eps=0.1",
           "-model=IC", "-pdist=WC"]
    out, err, wall, peak, rc, cpu = run_timed(cmd, cwd=od)
    if rc != 0:
        return {"error": (out + err).strip()[-300:]}, cmd
    rr = re.findall(r"#RR sets:\s*(\d+)", out)
    own = re.findall(r"\|Time \(sec\):\s*([\d.]+)", out)
    return {"wall": wall, "cpu": cpu, "peak_kb": peak, "rr_sets": int(rr[-1]) if rr else None,
            "seeds": os.path.join(od, "result", "seed", "seed_g_opim-c_minBound_k50_WC"), "header": True,
            "reverse": False,
            "note": "wall includes OPIM's own final evaluation; its algorithm time %s s" % (own[-1] if own else "?")}, cmd


def bench_imm(d, binary):
    cmd = [binary, "-dataset", os.path.join(d, "imm") + "/", "-k", "50", "-model", "IC", "-epsilon", "0.1",
           "-epsilon1", "0.001"]
    out, err, wall, peak, rc, cpu = run_timed(cmd)
    if rc != 0:
        return {"error": (out + err).strip()[-300:]}, cmd
    m = re.search(r"g\.seedSet=([\d ]+)", out)
    seeds = os.path.join(d, "seeds.imm")
    with open(seeds, "w") as f:
        f.write("\n".join(m.group(1).split()) + "\n" if m else "")
    return {"wall": wall, "cpu": cpu, "peak_kb": peak, "rr_sets": None, "seeds": seeds, "header": True, "reverse": False,
            "note": "IMM does not print its RR-set count"}, cmd


# tool -> (kind, environment variable of a peer's binary, how to run it, label)
TOOLS = {
    "clout": ("clout", None, (False, False), "clout"),
    "clout-cache": ("clout", None, (False, True), "clout --cache"),
    "clout-quality": ("clout", None, (True, False), "clout --quality"),
    "subsim": ("peer", "SUBSIM_BIN", bench_subsim, "SUBSIM"),
    "opim": ("peer", "OPIM_BIN", bench_opim, "OPIM-C"),
    "imm": ("peer", "IMM_BIN", bench_imm, "IMM"),
}


def main():
    global WORK, GRAPHS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphs-dir", help="folder with soc-Epinions1.txt.gz and higgs-retweet_network.edgelist.gz "
                    "(downloaded from SNAP; needed unless --graphs is only rmat20)")
    ap.add_argument("--graphs", default="epinions,higgs,rmat20")
    ap.add_argument("--mc", type=int, default=10000, help="Monte Carlo simulations per seed set (default 10000)")
    ap.add_argument("--mc-rmat", type=int, default=1000, help="simulations on rmat20 (default 1000: ~45 s each)")
    ap.add_argument("--workdir", default=os.environ.get("BENCH_DIR", "/tmp/clout-bench-plan"))
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--runs", type=int, default=5, help="runs per tool, alternating (default 5)")
    ap.add_argument("--tools", default=",".join(TOOLS), help="tools to run (default: all of %s)" % ",".join(TOOLS))
    args = ap.parse_args()
    if not args.graphs_dir and any(SOURCES[g][0] for g in args.graphs.split(",") if g in SOURCES):
        sys.exit("bench: --graphs-dir DIR is required for %s (or run --graphs rmat20)" % args.graphs)
    GRAPHS = args.graphs_dir
    WORK = os.path.abspath(args.workdir)
    os.makedirs(WORK, exist_ok=True)
    if not os.access(clout_bin(), os.X_OK):
        sys.exit("bench: clout binary %s not found (set CLOUT or build first)" % clout_bin())
    print("# clout plan vs peers: IC, weighted cascade, k = 50, epsilon = 0.1; %d threads for clout; "
          "MC spread by `clout spread` (same evaluator and seed for all)" % args.threads)
    for var in ("SUBSIM_BIN", "OPIM_BIN", "IMM_BIN"):
        path, why = peer(var)
        print("#   %s: %s" % (var, path if path else "ABSENT (%s)" % why))
    tools = args.tools.split(",")
    for t in tools:
        if t not in TOOLS:
            sys.exit("bench: unknown tool %s (known: %s)" % (t, ",".join(TOOLS)))
    for name in args.graphs.split(","):
        d = prepare(name)
        mc = args.mc_rmat if name == "rmat20" else args.mc
        print("\n## %s: %s (MC %d simulations, %d runs per tool, alternating)" % (name, SOURCES[name][2], mc, args.runs))
        runs = {t: [] for t in tools}   # tool -> list of result dicts
        cmds, skipped = {}, {}
        for t in tools:
            if TOOLS[t][1] and not peer(TOOLS[t][1])[0]:
                skipped[t] = peer(TOOLS[t][1])[1]
        for r in range(args.runs):
            for t in tools:
                if t in skipped:
                    continue
                kind, var, fn, _ = TOOLS[t]
                if kind == "clout":
                    quality, cache = fn
                    res, cmd = bench_clout(d, name, quality, args.threads, cache, run=r, warm=(r == 0))
                else:
                    res, cmd = fn(d, peer(var)[0])
                    keep_seeds(res, r)
                runs[t].append(res)
                cmds[t] = cmd
                log("%s run %d: %s" % (t, r + 1, "wall %.4f s, CPU %.4f s" % (res["wall"], res["cpu"]) if "wall" in res
                                         else res.get("error")))
        summary = {}
        print("load average after the runs: %.2f %.2f %.2f on %d cores" % (os.getloadavg() + (os.cpu_count(),)))
        print("%-16s %28s %28s %8s %8s %30s  %s" % ("tool", "wall s: median (min-max)", "CPU s: median (min-max)",
                                                        "peak MB", "RR sets", "MC spread: median (min-max)", "note"))
        for t in tools:
            label = TOOLS[t][3]
            if t in skipped:
                print("%-16s absent: %s" % (label, skipped[t]))
                continue
            bad = [x for x in runs[t] if "error" in x]
            if bad:
                print("%-16s failed: %s" % (label, bad[0]["error"]))
                continue
            spreads = []
            for x in runs[t]:
                graph = os.path.join(d, "dense.txt" if x["header"] else "graph.txt")
                sp, _ = mc_spread(graph, x["seeds"], x["header"], x["reverse"], mc)
                if sp is not None:
                    spreads.append(sp)
            walls = [x["wall"] for x in runs[t]]
            cpus = [x["cpu"] for x in runs[t]]
            rr = [x["rr_sets"] for x in runs[t] if x.get("rr_sets")]
            summary[t] = (statistics.median(walls), statistics.median(spreads) if spreads else None,
                          statistics.median(cpus))
            print("%-16s %10.4f (%7.4f-%7.4f) %10.4f (%7.4f-%7.4f) %8.1f %8s %12s (%7s-%7s)  %s" % (
                label, statistics.median(walls), min(walls), max(walls), statistics.median(cpus), min(cpus), max(cpus),
                statistics.median(x["peak_kb"] for x in runs[t]) / 1024.0,
                "%.0f" % statistics.median(rr) if rr else "n/a",
                "%.0f" % statistics.median(spreads) if spreads else "n/a",
                "%.0f" % min(spreads) if spreads else "n/a", "%.0f" % max(spreads) if spreads else "n/a",
                runs[t][-1]["note"]))
        for ours, theirs in (("clout", "subsim"), ("clout-cache", "subsim"), ("clout-quality", "imm"),
                             ("clout", "opim")):
            if ours in summary and theirs in summary and summary[ours][1] and summary[theirs][1]:
                (wa, sa, ca), (wb, sb, cb) = summary[ours], summary[theirs]
                print("ratio %s / %s (medians): wall %.2fx (%s), CPU %.2fx, MC spread %.4fx (%s)" % (
                    TOOLS[ours][3], TOOLS[theirs][3], wa / wb, "at most" if wa <= wb else "MORE than",
                    ca / cb if cb > 0 else float("nan"), sa / sb, "at least" if sa >= sb else "LESS than"))
        print("commands (last run):")
        for t in tools:
            if t in cmds and cmds[t]:
                print("  %s: %s" % (TOOLS[t][3], " ".join(cmds[t])))


if __name__ == "__main__":
    main()
