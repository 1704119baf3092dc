// Places of a service shared out over the districts that can reach them, as a transportation problem: a building's
// places can serve one district's children at a time, so "covered" means there is an assignment of places to
// districts in which every district gets what it needs (not that each district's places within reach, counted as if
// no neighbour used them, add up to its need). Solved as a maximum flow (Dinic's algorithm) source → district (need)
// → building within reach (unbounded) → sink (places). Hand-written because the graph is small (a few hundred
// nodes) and the rule must be the same in the simulation and the optimiser; the MILP states the same flow as rows.

const EPS = 1e-9;

export interface PlaceAllocation {
  /** Places given to each district (same order as `needs`), persons; ≤ its need. */
  served: number[];
  /** Σ needs − Σ served: the places missing in the best assignment, persons. */
  missing: number;
  /** The assignment: places of building b given to district d (only those > 0). */
  flows: { district: number; building: number; places: number }[];
}

/**
 * The most places that can be given to districts from buildings within their reach: `needs[d]` persons,
 * `capacities[b]` places, `reach[d]` the buildings district d can use, nearest first, and `reachKm[d][k]` the distance
 * to reach[d][k] when known. Deterministic: places first go to the nearest district that needs them (children take
 * the nearest place; without distances, districts in their order), then places are re-routed (augmenting paths) only
 * where that gives more places in all — so where districts compete for too few places, the one farther from them goes short.
 */
export function allocatePlaces(needs: readonly number[], capacities: readonly number[], reach: readonly (readonly number[])[], reachKm?: readonly (readonly number[])[]): PlaceAllocation {
  const D = needs.length;
  const B = capacities.length;
  const source = 0;
  const sink = D + B + 1;
  const graph = new FlowGraph(D + B + 2);
  const sourceEdge = needs.map((n, d) => graph.add(source, 1 + d, Math.max(0, n)));
  const sinkEdge = capacities.map((c, b) => graph.add(1 + D + b, sink, Math.max(0, c)));
  const arcs: { d: number; b: number; km: number; edge: number }[] = [];
  reach.forEach((list, d) => list.forEach((b, k) => arcs.push({ d, b, km: reachKm?.[d]?.[k] ?? 0, edge: graph.add(1 + d, 1 + D + b, Number.POSITIVE_INFINITY) })));
  // Nearest-first start: each place goes to the nearest district still needing one (a stable sort keeps the order given).
  arcs.sort((x, y) => x.km - y.km);
  for (const { d, b, edge } of arcs) {
    const take = Math.min(graph.cap[sourceEdge[d]], graph.cap[sinkEdge[b]]);
    if (take > EPS) {
      graph.push(sourceEdge[d], take);
      graph.push(edge, take);
      graph.push(sinkEdge[b], take);
    }
  }
  graph.maxFlow(source, sink);
  const served = needs.map((n, d) => Math.max(0, n) - graph.cap[sourceEdge[d]]);
  const missing = needs.reduce((s, n) => s + Math.max(0, n), 0) - served.reduce((s, v) => s + v, 0);
  const flows = arcs.filter((a) => graph.cap[a.edge ^ 1] > EPS).map((a) => ({ district: a.d, building: a.b, places: graph.cap[a.edge ^ 1] }));
  return { served, missing: missing > EPS ? missing : 0, flows };
}

/** A residual graph in flat arrays (edge e and its reverse e ^ 1). */
class FlowGraph {
  readonly to: number[] = [];
  readonly cap: number[] = [];
  private readonly adjacency: number[][];
  private level: Int32Array;
  private cursor: Int32Array;

  constructor(nodes: number) {
    this.adjacency = Array.from({ length: nodes }, () => []);
    this.level = new Int32Array(nodes);
    this.cursor = new Int32Array(nodes);
  }

  add(from: number, to: number, cap: number): number {
    const e = this.to.length;
    this.to.push(to, from);
    this.cap.push(cap, 0);
    this.adjacency[from].push(e);
    this.adjacency[to].push(e + 1);
    return e;
  }

  push(e: number, amount: number) {
    this.cap[e] -= amount;
    this.cap[e ^ 1] += amount;
  }

  maxFlow(s: number, t: number) {
    while (this.levels(s, t)) {
      this.cursor.fill(0);
      while (this.augment(s, t, Number.POSITIVE_INFINITY) > EPS);
    }
  }

  private levels(s: number, t: number): boolean {
    this.level.fill(-1);
    this.level[s] = 0;
    const queue = [s];
    for (let k = 0; k < queue.length; k++) {
      const v = queue[k];
      for (const e of this.adjacency[v]) {
        if (this.cap[e] > EPS && this.level[this.to[e]] < 0) {
          this.level[this.to[e]] = this.level[v] + 1;
          queue.push(this.to[e]);
        }
      }
    }
    return this.level[t] >= 0;
  }

  private augment(v: number, t: number, limit: number): number {
    if (v === t) return limit;
    const edges = this.adjacency[v];
    for (; this.cursor[v] < edges.length; this.cursor[v]++) {
      const e = edges[this.cursor[v]];
      const w = this.to[e];
      if (this.cap[e] <= EPS || this.level[w] !== this.level[v] + 1) continue;
      const pushed = this.augment(w, t, Math.min(limit, this.cap[e]));
      if (pushed > EPS) {
        this.push(e, pushed);
        return pushed;
      }
    }
    return 0;
  }
}
