"""Peers of `tandem assign` for `npm run bench` (benchmark tooling only; the product is TypeScript).

Usage: python peers.py ortools|scipy|lap EDGES.json OUT.json
       python peers.py time OUT -- COMMAND ARGS...

Reads a `tandem assign` input, solves the same maximum-weight b-matching with one peer, writes
{"totalScore", "pairs"} to OUT.json and prints one JSON line on stdout: the peer's version, the
optimum and the CPU seconds spent in the peer's solve call alone. The whole process (start, JSON,
building the model, solving, writing) is what the bench times from outside.

  ortools: SimpleMinCostFlow. Source -> beneficiary (1), beneficiary -> volunteer (1, cost
           -score), volunteer -> sink (capacity), and source -> sink for whoever stays unpaired.
  scipy:   min_weight_full_bipartite_matching. Columns are volunteer copies (one per unit of
           capacity a volunteer could use) and one dummy per beneficiary, so every beneficiary is
           matched; weight (1 + max score) - score on an edge, 1 + max score on a dummy.
  lap:     lapmod on the square version of the scipy graph: each copy has a row of its own that
           takes the copy when unused, or the dummy of a beneficiary that took it.
Edges with a score <= 0 never help and are left out, as tandem does.

`time` runs any command (tandem's too) with its standard output to OUT and prints its wall
time, CPU time (user + system) and peak memory (max RSS), which Node cannot read of a child.
"""

import json
import sys
import time

SCALE = 10**6  # min-cost flow wants integer costs; plan's scores have 6 decimals


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    v_index = {v["id"]: i for i, v in enumerate(doc["volunteers"])}
    b_index = {b["id"]: i for i, b in enumerate(doc["beneficiaries"])}
    capacity = [v["capacity"] for v in doc["volunteers"]]
    edges = [
        (b_index[e["beneficiaryId"]], v_index[e["volunteerId"]], e["score"], e)
        for e in doc["edges"]
        if e["score"] > 0 and capacity[v_index[e["volunteerId"]]] > 0
    ]
    return doc, capacity, edges


def ortools(doc, capacity, edges):
    from ortools.graph.python import min_cost_flow
    import numpy as np

    n_b, n_v = len(doc["beneficiaries"]), len(capacity)
    source, sink = n_b + n_v, n_b + n_v + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = [source] * n_b + [b for b, _, _, _ in edges] + [n_b + v for v in range(n_v)] + [source]
    heads = list(range(n_b)) + [n_b + v for _, v, _, _ in edges] + [sink] * n_v + [sink]
    caps = [1] * n_b + [1] * len(edges) + capacity + [n_b]
    costs = [0] * n_b + [-round(s * SCALE) for _, _, s, _ in edges] + [0] * n_v + [0]
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails), np.array(heads), np.array(caps), np.array(costs)
    )
    flow.set_node_supply(source, n_b)
    flow.set_node_supply(sink, -n_b)
    t = time.process_time()
    status = flow.solve()
    solve = time.process_time() - t
    if status != flow.OPTIMAL:
        raise SystemExit(f"ortools: status {status}")
    chosen = [k for k in range(len(edges)) if flow.flow(n_b + k) > 0]
    return chosen, solve


def copies(capacity, edges):
    """Column of each unit of capacity a volunteer could use (no more than its edges)."""
    degree = [0] * len(capacity)
    for _, v, _, _ in edges:
        degree[v] += 1
    first, n = [], 0
    for v, c in enumerate(capacity):
        first.append(n)
        n += min(c, degree[v])
    return first, [min(c, d) for c, d in zip(capacity, degree)], n


def scipy(doc, capacity, edges):
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n_b = len(doc["beneficiaries"])
    first, count, n_copies = copies(capacity, edges)
    top = 1 + max((s for _, _, s, _ in edges), default=0)
    rows, cols, weights, edge_of = [], [], [], []
    for k, (b, v, s, _) in enumerate(edges):
        for c in range(count[v]):
            rows.append(b)
            cols.append(first[v] + c)
            weights.append(top - s)
            edge_of.append(k)
    rows += range(n_b)
    cols += range(n_copies, n_copies + n_b)
    weights += [top] * n_b
    graph = coo_matrix((np.array(weights), (np.array(rows), np.array(cols))), shape=(n_b, n_copies + n_b)).tocsr()
    t = time.process_time()
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    solve = time.process_time() - t
    # Map each matched (beneficiary, copy) back to its edge.
    by_cell = {(r, c): k for r, c, k in zip(rows, cols, edge_of)}
    chosen = [by_cell[(r, c)] for r, c in zip(row_ind.tolist(), col_ind.tolist()) if c < n_copies]
    return chosen, solve


def lap(doc, capacity, edges):
    import numpy as np
    import lap as lap_module

    n_b = len(doc["beneficiaries"])
    first, count, n_copies = copies(capacity, edges)
    top = 1 + max((s for _, _, s, _ in edges), default=0)
    n = n_b + n_copies
    # Rows: beneficiaries, then one per copy. Columns: copies, then one dummy per beneficiary.
    cells = [[] for _ in range(n)]
    edge_at = {}
    for k, (b, v, s, _) in enumerate(edges):
        for c in range(count[v]):
            col = first[v] + c
            cells[b].append((col, top - s))
            edge_at[(b, col)] = k
            cells[n_b + col].append((n_copies + b, 0.0))
    for b in range(n_b):
        cells[b].append((n_copies + b, top))
    for col in range(n_copies):
        cells[n_b + col].append((col, 0.0))
    kk, cc, first_of_row = [], [], [0]
    for row in cells:
        row.sort()
        kk += [c for c, _ in row]
        cc += [w for _, w in row]
        first_of_row.append(len(kk))
    t = time.process_time()
    _, x, _ = lap_module.lapmod(n, np.array(cc, dtype=float), np.array(first_of_row), np.array(kk))
    solve = time.process_time() - t
    chosen = [edge_at[(b, int(x[b]))] for b in range(n_b) if x[b] < n_copies]
    return chosen, solve


def version(name):
    if name == "ortools":
        import ortools

        return ortools.__version__
    module = __import__(name)
    return getattr(module, "__version__", "unknown")


def timed(out_path, command):
    import resource
    import subprocess

    t = time.perf_counter()
    with open(out_path, "wb") as out:
        status = subprocess.run(command, stdout=out, check=False).returncode
    wall = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "status": status,
        "wallSeconds": wall,
        "cpuSeconds": usage.ru_utime + usage.ru_stime,
        "maxRssKB": usage.ru_maxrss,
    }))


def main():
    if sys.argv[1] == "time":
        return timed(sys.argv[2], sys.argv[sys.argv.index("--") + 1:])
    peer, src, dst = sys.argv[1:4]
    doc, capacity, edges = load(src)
    chosen, solve = {"ortools": ortools, "scipy": scipy, "lap": lap}[peer](doc, capacity, edges)
    pairs = sorted((edges[k][3] for k in chosen), key=lambda e: (e["beneficiaryId"], e["volunteerId"]))
    total = sum(e["score"] for e in pairs)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump({"pairs": pairs, "totalScore": total}, f)
    print(json.dumps({"peer": peer, "version": version(peer), "totalScore": total, "solveSeconds": solve}))


if __name__ == "__main__":
    main()
