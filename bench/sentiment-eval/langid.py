#!/usr/bin/env python3
"""Language-identification accuracy of clout on the X/Twitter fixtures' labelled `lang` fields.

Usage: langid.py CLOUT [TWITTER_DIR]   (default tests/fixtures/platforms/twitter)

Every tweet object (with "text" and "lang") in TWITTER_DIR/*.jsonl is scored
with `clout sentiment --lang auto`, which reports the language it detected. clout answers en, fr
or und, so the expected answer is the label for en and fr, and und for every other label (es, tl,
und, ...). Prints accuracy overall and per label, and the confusions.
"""
import collections, glob, json, os, subprocess, sys

def tweets(obj, out):
    if isinstance(obj, dict):
        if isinstance(obj.get("text"), str) and isinstance(obj.get("lang"), str):
            out.append((obj.get("id"), obj["lang"], obj["text"]))
        for v in obj.values():
            tweets(v, out)
    elif isinstance(obj, list):
        for v in obj:
            tweets(v, out)

def main():
    clout = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "..", "tests", "fixtures", "platforms", "twitter")
    items, seen = [], set()
    for path in sorted(glob.glob(os.path.join(data, "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue  # the fixtures hold a deliberately broken stream line
                found = []
                tweets(obj, found)
                for tid, lang, text in found:
                    key = (tid, text)
                    if key not in seen:  # a tweet included twice (data + includes) counts once
                        seen.add(key)
                        items.append((lang, text))
    inp = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, (_, t) in enumerate(items))
    p = subprocess.run([clout, "sentiment", "--lang", "auto"], input=inp.encode(), capture_output=True, check=True)
    got = [json.loads(l)["lang"] for l in p.stdout.decode().splitlines()]
    per = collections.defaultdict(lambda: [0, 0])
    confusion = collections.Counter()
    for (gold, text), g in zip(items, got):
        want = gold if gold in ("en", "fr") else "und"
        per[gold][0] += g == want
        per[gold][1] += 1
        if g != want:
            confusion[(gold, g)] += 1
    total = sum(c for c, _ in per.values()), sum(n for _, n in per.values())
    print(f"language id on X fixtures: {total[0]}/{total[1]} = {total[0] / total[1]:.3f} "
          "(expected: the label for en/fr, und for any other label)")
    for gold in sorted(per, key=lambda g: -per[g][1]):
        c, n = per[gold]
        print(f"  lang={gold:4} n={n:4} correct={c:4} ({c / n:.3f})")
    if confusion:
        print("  confusions (label -> clout): " + ", ".join(f"{a}->{b}: {n}" for (a, b), n in confusion.most_common()))

if __name__ == "__main__":
    main()
