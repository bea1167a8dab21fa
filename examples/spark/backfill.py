#!/usr/bin/env python3
"""Back-fill a demarche store with Spark.

Spark reads JSON Lines articles (one JSON object per line: `text` or `body`,
and `id`, `title`, `url`, `published`, `source`, `author` when known), pipes
each partition through `demarche extract --stdin --text` on the executors, and
writes the records as text files (one folder, one `part-NNNNN` file per
partition). `demarche load` then stores them: each document with all its
records in one transaction, the same store a direct `demarche ingest` of the
articles builds (documents already stored are skipped, so a re-run adds
nothing).

    spark-submit examples/spark/backfill.py ARTICLES RECORDS_DIR \
        [--demarche PATH] [--name NAME] [--partitions N] [--db DB]

    ARTICLES     JSON Lines articles: a file, a folder or a glob, any path
                 Spark reads (local, HDFS, S3…)
    RECORDS_DIR  where the record files go (must not exist)
    --demarche   the demarche binary on every executor (default: `demarche`
                 on the PATH; ship it with --files and use ./demarche)
    --name       the name the articles' documents get as their `source` (and
                 NAME#LINE ids of articles without an `id`); give the name a
                 direct `ingest` would see to get the very same store
    --db         when given, run `demarche --db DB load RECORDS_DIR` at the end
                 (needs RECORDS_DIR on the driver's file system)

Flags of `extract`: `--stdin` reads JSON Lines from the pipe and writes each
batch's records as soon as they are done; `--text` puts each document's text
in its document record (`load` needs it: a store holds the texts its spans
index); sentence texts are kept (no `--no-sentence-text`) so the loaded
records equal those of a direct ingest.

Give every article an `id`: an article without one is named after its line,
and a partition's lines are numbered from 1, so its name depends on how Spark
split the input. Record ids come from the text's hash and do not.
"""

import argparse
import shlex
import subprocess
import sys

from pyspark.sql import SparkSession


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("articles")
    p.add_argument("records")
    p.add_argument("--demarche", default="demarche")
    p.add_argument("--name", default="-")
    p.add_argument("--partitions", type=int, default=0)
    p.add_argument("--db")
    a = p.parse_args()

    spark = SparkSession.builder.appName("demarche-backfill").getOrCreate()
    sc = spark.sparkContext
    articles = sc.textFile(a.articles)
    if a.partitions > 0:
        articles = articles.repartition(a.partitions)
    command = [a.demarche, "extract", "--stdin", "--text", "--name", a.name]
    # pipe() feeds each partition's lines to one process and reads its lines
    # back; checkCode fails the task when the command fails. A bad article
    # line is reported on the executor's stderr and skipped (exit status 1),
    # which is no failure: see wrap().
    records = articles.pipe(
        " ".join(shlex.quote(c) for c in wrap(command)), checkCode=True
    )
    records.saveAsTextFile(a.records)
    spark.stop()

    if a.db:
        subprocess.run(
            [a.demarche, "--db", a.db, "load", "--quiet", a.records], check=True
        )
    return 0


def wrap(command):
    """`sh -c 'CMD; test $? -le 1'`: exit status 1 (some article lines were
    bad and skipped, each reported on stderr) is no task failure, 2 and above
    (usage, an unusable binary) are, and so is a crash."""
    return ["sh", "-c", " ".join(shlex.quote(c) for c in command) + "; test $? -le 1"]


if __name__ == "__main__":
    sys.exit(main())
