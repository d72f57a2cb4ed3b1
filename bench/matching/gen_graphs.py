#!/usr/bin/env python3
"""Generate benchmark graphs for the matching solvers.

File format: one edge per line, `a,b,weight`, 0-based vertex ids, integer
weights, no header. Each unordered pair appears at most once (for the sparse
family a pair picked from both sides keeps the heavier weight), so every
solver sees exactly the same simple graph.

Usage:
  gen_graphs.py complete N OUT [--seed S] [--max-weight W]
  gen_graphs.py sparse N K OUT [--seed S] [--max-weight W]
"""
import argparse
import random


def complete(n, rng, max_weight):
    for a in range(n):
        for b in range(a + 1, n):
            yield a, b, rng.randint(1, max_weight)


def sparse(n, k, rng, max_weight):
    best = {}
    for a in range(n):
        for b in rng.sample(range(n - 1), min(k, n - 1)):
            if b >= a:
                b += 1  # skip self, keeps the sample uniform over the others
            w = rng.randint(1, max_weight)
            key = (a, b) if a < b else (b, a)
            if best.get(key, 0) < w:
                best[key] = w
    for (a, b), w in best.items():
        yield a, b, w


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["complete", "sparse"])
    p.add_argument("args", nargs="+")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--max-weight", type=int, default=1_000_000)
    a = p.parse_args()
    rng = random.Random(a.seed)
    if a.kind == "complete":
        n, out = int(a.args[0]), a.args[1]
        edges = complete(n, rng, a.max_weight)
    else:
        n, k, out = int(a.args[0]), int(a.args[1]), a.args[2]
        edges = sparse(n, k, rng, a.max_weight)
    with open(out, "w") as f:
        f.writelines(f"{x},{y},{w}\n" for x, y, w in edges)


if __name__ == "__main__":
    main()
