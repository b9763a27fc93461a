#!/usr/bin/env python3
"""Scores clout's sentiment against the human-labelled sets in DATA_DIR/sentiment (given by the user).

Usage: eval.py CLOUT DATA_DIR

For each English set (id<TAB>mean rating<TAB>text): Pearson r of the compound score with the human
mean, 3-class accuracy and macro-F1 (gold class: mean > +0.05 positive, < -0.05 negative, else
neutral; predicted: clout's label, thresholds +-0.05), and 2-class accuracy on the items whose
gold class is not neutral (a neutral prediction counts as wrong).
For the French set (CSV text,label; 1 = positive): accuracy, a neutral prediction counting as wrong.
The data is read, never copied into the product.
"""
import csv, io, json, math, os, subprocess, sys, time

def run_clout(clout, lang, texts):
    inp = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
    cmd = [clout, "sentiment", "--lang", lang]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input=inp.encode(), capture_output=True, check=True)
    dt = time.perf_counter() - t0
    out = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert len(out) == len(texts), "clout sentiment dropped records"
    assert all(o["id"] == i for i, o in enumerate(out)), "clout sentiment reordered records"
    return out, " ".join(cmd), dt

def pearson(x, y):
    n = len(x); mx = sum(x) / n; my = sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x); syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0

def cls(v):
    return "positive" if v > 0.05 else "negative" if v < -0.05 else "neutral"

def macro_f1(gold, pred, labels=("positive", "negative", "neutral")):
    f = []
    for c in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f) / len(f)

def read_en(path):
    ratings, texts = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for line in fh.read().replace("\r\n", "\n").split("\n"):
            if not line.strip():
                continue
            parts = line.split("\t", 2)
            ratings.append(float(parts[1])); texts.append(parts[2])
    return ratings, texts

def main():
    clout, data = sys.argv[1], sys.argv[2]
    sets = [("movie", "movieReviewSnippets_GroundTruth.txt", 0.428),
            ("amazon", "amazonReviewSnippets_GroundTruth.txt", 0.590),
            ("nyt", "nytEditorialSnippets_GroundTruth.txt", 0.503)]
    print(f"{'set':8} {'n':>6} {'pearson_r':>9} {'vader_r':>8} {'acc3':>6} {'macroF1':>7} {'acc2':>6}")
    results = {}
    for name, fname, vader_r in sets:
        gold, texts = read_en(os.path.join(data, "sentiment", "en", fname))
        out, cmd, _ = run_clout(clout, "en", texts)
        comp = [o["compound"] for o in out]
        pred = [o["label"] for o in out]
        g3 = [cls(v) for v in gold]
        r = pearson(comp, gold)
        acc3 = sum(1 for g, p in zip(g3, pred) if g == p) / len(g3)
        f1 = macro_f1(g3, pred)
        polar = [(g, p) for g, p in zip(g3, pred) if g != "neutral"]
        acc2 = sum(1 for g, p in polar if g == p) / len(polar)
        results[name] = dict(r=r, acc3=acc3, f1=f1, acc2=acc2)
        print(f"{name:8} {len(texts):6} {r:9.3f} {vader_r:8.3f} {acc3:6.3f} {f1:7.3f} {acc2:6.3f}")
    texts, labels = [], []
    with open(os.path.join(data, "sentiment", "fr", "allocine_dev_1000.csv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["text"]); labels.append(int(row["label"]))
    out, cmd, _ = run_clout(clout, "fr", texts)
    pred = [o["label"] for o in out]
    acc = sum(1 for l, p in zip(labels, pred) if (p == "positive" if l == 1 else p == "negative")) / len(labels)
    neutral = sum(1 for p in pred if p == "neutral")
    out_auto, _, _ = run_clout(clout, "auto", texts)
    detected_fr = sum(1 for o in out_auto if o["lang"] == "fr") / len(texts)
    print(f"allocine-fr n={len(texts)} accuracy={acc:.3f} (VADER-FR port 0.668; neutral calls {neutral} counted wrong); "
          f"language detected as fr: {detected_fr:.3f}")
    print(f"command: {cmd} (JSON lines {{\"id\",\"text\"}} on stdin)")
    if os.environ.get("EVAL_JSON"):
        results["allocine_fr"] = dict(acc=acc)
        print(json.dumps(results))

if __name__ == "__main__":
    main()
