#!/usr/bin/env python3
"""Reference solver: networkx.max_weight_matching on an `a,b,weight` edge file.

Prints one JSON line with total weight, matching size and solve time in
seconds (graph construction + solve, not file parsing). If the solve exceeds
--timeout seconds, prints {"solver": "networkx", "timeout": true, ...} instead.

Usage: networkx_mwm.py EDGEFILE [--timeout SECONDS] [--cardinality]
"""
import argparse
import json
import multiprocessing as mp
import time


def read_edges(path):
    edges = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                a, b, w = line.split(",")
                edges.append((int(a), int(b), int(w)))
    return edges


def solve(edges, cardinality, out):
    import networkx as nx

    start = time.perf_counter()
    g = nx.Graph()
    for a, b, w in edges:
        # Parallel edges: keep the heaviest, like the other solvers.
        if not g.has_edge(a, b) or g[a][b]["weight"] < w:
            g.add_edge(a, b, weight=w)
    m = nx.max_weight_matching(g, maxcardinality=cardinality)
    elapsed = time.perf_counter() - start
    total = sum(g[a][b]["weight"] for a, b in m)
    out.put((total, len(m), elapsed))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("path")
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--cardinality", action="store_true")
    a = p.parse_args()
    edges = read_edges(a.path)
    n = 1 + max((max(x, y) for x, y, _ in edges), default=-1)
    # Solve in a child process so a timeout really stops the work.
    q = mp.Queue()
    proc = mp.Process(target=solve, args=(edges, a.cardinality, q))
    proc.start()
    proc.join(a.timeout)
    result = {"solver": "networkx", "vertices": n, "edges": len(edges)}
    if proc.is_alive():
        proc.terminate()
        proc.join()
        result.update(timeout=True, timeout_s=a.timeout)
    else:
        total, size, elapsed = q.get()
        result.update(total_weight=total, size=size, solve_s=round(elapsed, 6))
    print(json.dumps(result, separators=(",", ":")))


if __name__ == "__main__":
    main()
