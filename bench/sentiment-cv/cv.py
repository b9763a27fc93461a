#!/usr/bin/env python3
"""Cross-validated sentiment accuracy of clout beside VADER, in one run.

Usage: cv.py CLOUT DATA_DIR [VADER_NODE_MODULES]

The global parameters of clout's sentiment rules (data/text/<lang>/rules.txt: `param` lines) are
chosen on data kept apart from the data each figure is reported on: every item of the human-labelled
sets in DATA_DIR/sentiment (not shipped; see bench/sentiment-eval) falls in one of K folds (by a
hash of its set and line); for each fold, the grid point with the best mean Pearson r (English:
the mean over the three sets) or accuracy (French) on the other folds scores that fold's items.
The figures are those held-out scores. The shipped values are also scored (they were set while
looking at these sets, so theirs is an in-sample figure), and the grid point that the same
procedure picks on all the data is printed: that is what rules.txt should hold.
VADER (npm vader-sentiment, run with node from VADER_NODE_MODULES) scores the English sets in the
same run; there is no French VADER to run, so French has no peer here.
"""
import csv, itertools, json, math, os, subprocess, sys, time, zlib

K = 5
# Values searched for the parameters that change how posts rank against each other, around the
# shipped one (rules.txt); the others stay as shipped. alpha (the squash x / sqrt(x^2 + alpha)) is
# left out on purpose: it sets the compound's scale, on which the labels' +-0.05 thresholds rest,
# and Pearson r rises a little with it without end (a more linear score), so r cannot choose it.
EN_GRID = {
    "contrast_after": [0.8, 1.0, 1.2, 1.5],
    "negation_scalar": [-0.5, -0.74, -1.0],
    "length_norm": [0.4, 0.5, 0.6],
}
FR_GRID = {
    "negation_scalar": [-0.5, -0.74, -1.0],
    "negative_weight": [1.1, 1.3, 1.5],
}

def read_en(path):
    ratings, texts = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for line in fh.read().replace("\r\n", "\n").split("\n"):
            if line.strip():
                parts = line.split("\t", 2)
                ratings.append(float(parts[1])); texts.append(parts[2])
    return ratings, texts

def read_fr(path):
    texts, labels = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["text"]); labels.append(int(row["label"]))
    return labels, texts

def pearson(x, y):
    n = len(x); mx = sum(x) / n; my = sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x); syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0

def fold_of(set_name, i):
    return zlib.crc32(f"{set_name}:{i}".encode()) % K

def run_clout(clout, lang, texts, params):
    inp = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)).encode()
    cmd = [clout, "sentiment", "--lang", lang] + [f"--param={k}={v}" for k, v in params.items()]
    out = subprocess.run(cmd, input=inp, capture_output=True, check=True).stdout.decode().splitlines()
    comp = [json.loads(l)["compound"] for l in out]
    assert len(comp) == len(texts), "clout sentiment dropped records"
    return comp

def run_vader(modules, texts):
    script = ("const v=require('vader-sentiment');const rl=require('readline').createInterface({input:process.stdin});"
              "const out=[];rl.on('line',l=>{out.push(v.SentimentIntensityAnalyzer.polarity_scores(JSON.parse(l)).compound)});"
              "rl.on('close',()=>process.stdout.write(out.join('\\n')+'\\n'));")
    inp = "".join(json.dumps(t) + "\n" for t in texts).encode()
    env = dict(os.environ, NODE_PATH=modules)
    out = subprocess.run(["node", "-e", script], input=inp, capture_output=True, check=True, env=env).stdout.decode()
    return [float(x) for x in out.split()]

def grid_points(grid):
    names = list(grid)
    return [dict(zip(names, values)) for values in itertools.product(*(grid[n] for n in names))]

def cross_validate(points, scores, metric, sets):
    """scores[p][s]: per item score of point p on set s; sets: {name: (gold, folds)}.
    Returns held-out scores per set, the point chosen per fold, and the point chosen on all data."""
    def objective(p, keep):
        vals = []
        for s, (gold, folds) in sets.items():
            idx = [i for i, f in enumerate(folds) if keep(f)]
            vals.append(metric([scores[p][s][i] for i in idx], [gold[i] for i in idx]))
        return sum(vals) / len(vals)
    held = {s: [None] * len(gold) for s, (gold, _) in sets.items()}
    chosen = []
    for k in range(K):
        best = max(range(len(points)), key=lambda p: objective(p, lambda f: f != k))
        chosen.append(best)
        for s, (gold, folds) in sets.items():
            for i, f in enumerate(folds):
                if f == k:
                    held[s][i] = scores[best][s][i]
    overall = max(range(len(points)), key=lambda p: objective(p, lambda f: True))
    return held, chosen, overall

def accuracy2(pred, gold):
    """French: label 1 positive, 0 negative; a neutral call (|compound| <= 0.05) counts as wrong."""
    ok = sum(1 for p, g in zip(pred, gold) if (p > 0.05 and g == 1) or (p < -0.05 and g == 0))
    return ok / len(gold)

def main():
    clout, data = sys.argv[1], sys.argv[2]
    modules = sys.argv[3] if len(sys.argv) > 3 else None
    started = time.perf_counter()
    en_files = [("movie", "movieReviewSnippets_GroundTruth.txt"), ("amazon", "amazonReviewSnippets_GroundTruth.txt"),
                ("nyt", "nytEditorialSnippets_GroundTruth.txt")]
    en = {}
    for name, fname in en_files:
        gold, texts = read_en(os.path.join(data, "sentiment", "en", fname))
        en[name] = (gold, texts, [fold_of(name, i) for i in range(len(texts))])
    all_texts = [t for _, texts, _ in en.values() for t in texts]
    points = grid_points(EN_GRID)
    print(f"+ {clout} sentiment --lang en --param NAME=VALUE ... : {len(points)} grid points x {len(all_texts)} texts, "
          f"{K} folds", file=sys.stderr)
    scores = []
    for p in points:
        comp = run_clout(clout, "en", all_texts, p)
        per_set, at = {}, 0
        for name, (_, texts, _) in en.items():
            per_set[name] = comp[at:at + len(texts)]; at += len(texts)
        scores.append(per_set)
    sets = {name: (gold, folds) for name, (gold, _, folds) in en.items()}
    held, chosen, overall = cross_validate(points, scores, pearson, sets)
    shipped = run_clout(clout, "en", all_texts, {})
    vader = run_vader(modules, all_texts) if modules else None
    print(f"{'set':8} {'n':>6} {'clout_cv_r':>10} {'clout_shipped_r':>15} {'vader_r':>8}  (Pearson r with the human mean)")
    at = 0
    for name, (gold, texts, _) in en.items():
        n = len(texts)
        v = f"{pearson(vader[at:at + n], gold):8.3f}" if vader else f"{'-':>8}"
        print(f"{name:8} {n:6} {pearson(held[name], gold):10.3f} {pearson(shipped[at:at + n], gold):15.3f} {v}")
        at += n
    print("en: grid point chosen per fold:", "; ".join(
        f"fold {k}: " + ",".join(f"{a}={b}" for a, b in points[c].items()) for k, c in enumerate(chosen)))
    print("en: chosen on all the data (what rules.txt should hold):",
          ", ".join(f"{a}={b}" for a, b in points[overall].items()))
    # French: one set, accuracy
    gold, texts = read_fr(os.path.join(data, "sentiment", "fr", "allocine_dev_1000.csv"))
    folds = [fold_of("allocine", i) for i in range(len(texts))]
    points = grid_points(FR_GRID)
    print(f"+ {clout} sentiment --lang fr --param NAME=VALUE ... : {len(points)} grid points x {len(texts)} texts",
          file=sys.stderr)
    fscores = [{"allocine": run_clout(clout, "fr", texts, p)} for p in points]
    held, chosen, overall = cross_validate(points, fscores, accuracy2, {"allocine": (gold, folds)})
    shipped = run_clout(clout, "fr", texts, {})
    print(f"allocine-fr n={len(texts)} clout_cv_accuracy={accuracy2(held['allocine'], gold):.3f} "
          f"clout_shipped_accuracy={accuracy2(shipped, gold):.3f} (no French VADER to run beside it)")
    print("fr: chosen on all the data:", ", ".join(f"{a}={b}" for a, b in points[overall].items()))
    print(f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)

if __name__ == "__main__":
    main()
