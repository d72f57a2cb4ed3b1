/// An undirected edge between vertices `u` and `v` (0-based) with an integer weight.
public struct WeightedEdge<Weight: FixedWidthInteger & SignedInteger>: Hashable {
    public var u: Int
    public var v: Int
    public var weight: Weight

    public init(u: Int, v: Int, weight: Weight) {
        self.u = u
        self.v = v
        self.weight = weight
    }

    public init(_ u: Int, _ v: Int, _ weight: Weight) {
        self.init(u: u, v: v, weight: weight)
    }
}

extension WeightedEdge: Sendable where Weight: Sendable {}

public enum MatchingMode: Sendable, Hashable {
    /// Maximum total weight; edges of weight <= 0 are never used.
    case maximumWeight
    /// Maximum total weight among the matchings of maximum cardinality;
    /// zero and negative edges are used when cardinality requires them.
    case maximumCardinality
}

/// A matching on vertices 0..<mate.count.
public struct WeightedMatching<Weight: FixedWidthInteger & SignedInteger>: Hashable {
    /// Partner of each vertex, nil when exposed. Always symmetric.
    public var mate: [Int?]
    /// Sum of the weights of the matched edges (the heaviest of parallel edges).
    public var totalWeight: Weight

    public init(mate: [Int?], totalWeight: Weight) {
        self.mate = mate
        self.totalWeight = totalWeight
    }

    /// Matched pairs (u, v) with u < v, sorted by u.
    public var pairs: [(Int, Int)] {
        var result: [(Int, Int)] = []
        for (u, m) in mate.enumerated() {
            if let v = m, u < v { result.append((u, v)) }
        }
        return result
    }

    /// Number of matched edges.
    public var count: Int { mate.reduce(0) { $0 + ($1 == nil ? 0 : 1) } / 2 }
}

extension WeightedMatching: Sendable where Weight: Sendable {}

/// Largest |weight| accepted. The solver converts weights to `Int` (64-bit)
/// and works on weights scaled by 4, with lazily offset event keys reaching
/// about 20 times the largest weight, so weights keep 6 bits of headroom.
/// Every `Int32` (or narrower) weight is therefore always accepted.
public let maximumMatchingWeightMagnitude = 1 << 57

/// Computes a maximum-weight matching of a general graph (Edmonds' blossom
/// algorithm, primal-dual, exact).
///
/// - Vertices are `0..<vertexCount`; self-loops are rejected (precondition);
///   parallel edges are merged keeping the heaviest.
/// - Weights must satisfy |w| <= `maximumMatchingWeightMagnitude` (2^57),
///   checked by precondition; the solver computes in `Int`, so narrower
///   weight types can use their whole range. `.maximumCardinality` mode
///   solves maximum weight for w + C with C = n * max|w| + 1, so there
///   (vertexCount + 1) * max|w| + 1 <= 2^57 as well. Arithmetic is
///   overflow-checked: out-of-bound inputs trap, never give a wrong answer
///   silently. The total weight must be representable in `Weight`.
/// - At most 2^30 vertices and 2^30 edges.
/// - Worst-case time is polynomial, roughly O(n^3 + n m log W) with W the
///   weight range; typical inputs run in a small fraction of that (see
///   bench/matching). Memory is O(n + m).
/// - Deterministic: the same vertex count, edge list (in the same order) and
///   mode always give the same matching. Among several optimal matchings
///   the one returned depends only on vertex numbering and edge order.
/// - In debug builds every result is checked against its dual certificate.
@inlinable
public func maximumWeightMatching<Weight>(
    vertexCount: Int,
    edges: [WeightedEdge<Weight>],
    mode: MatchingMode = .maximumWeight
) -> WeightedMatching<Weight> {
    maximumWeightMatchingWithCertificate(vertexCount: vertexCount, edges: edges, mode: mode).matching
}

/// Same as `maximumWeightMatching`, also returning the dual solution that
/// proves optimality (see `MatchingCertificate` and `verifyOptimality`).
@inlinable
public func maximumWeightMatchingWithCertificate<Weight>(
    vertexCount: Int,
    edges: [WeightedEdge<Weight>],
    mode: MatchingMode = .maximumWeight
) -> (matching: WeightedMatching<Weight>, certificate: MatchingCertificate) {
    let (us, vs, ws) = _flattenEdges(vertexCount: vertexCount, edges: edges)
    let r = _solveMatching(vertexCount: vertexCount, us: us, vs: vs, ws: ws, mode: mode)
    guard let total = Weight(exactly: r.totalWeight) else {
        preconditionFailure("total matching weight \(r.totalWeight) does not fit in \(Weight.self)")
    }
    return (WeightedMatching(mate: r.mate, totalWeight: total), r.certificate)
}

@inlinable
func _flattenEdges<Weight>(vertexCount: Int, edges: [WeightedEdge<Weight>]) -> ([Int32], [Int32], [Int]) {
    precondition(vertexCount >= 0 && vertexCount <= 1 << 30, "vertexCount out of range")
    precondition(edges.count <= 1 << 30, "too many edges")
    var us = [Int32](), vs = [Int32](), ws = [Int]()
    us.reserveCapacity(edges.count)
    vs.reserveCapacity(edges.count)
    ws.reserveCapacity(edges.count)
    for e in edges {
        precondition(e.u >= 0 && e.u < vertexCount && e.v >= 0 && e.v < vertexCount,
                     "edge endpoint out of range")
        precondition(e.u != e.v, "self-loops are not allowed")
        guard let w = Int(exactly: e.weight), w.magnitude <= UInt(maximumMatchingWeightMagnitude) else {
            preconditionFailure("edge weight \(e.weight) exceeds the supported magnitude 2^57")
        }
        us.append(Int32(truncatingIfNeeded: e.u))
        vs.append(Int32(truncatingIfNeeded: e.v))
        ws.append(w)
    }
    return (us, vs, ws)
}

@usableFromInline
struct _SolveResult {
    @usableFromInline var mate: [Int?]
    @usableFromInline var totalWeight: Int
    @usableFromInline var certificate: MatchingCertificate
}

@usableFromInline
func _solveMatching(vertexCount n: Int, us: [Int32], vs: [Int32], ws: [Int], mode: MatchingMode) -> _SolveResult {
    _solveMatchingWithStats(vertexCount: n, us: us, vs: vs, ws: ws, mode: mode, warmStart: true).result
}

/// Smallest shift C that turns maximum-cardinality matching into plain
/// maximum-weight matching on weights w + C: two matchings differ in weight by
/// at most n * max|w|, so with C above that one more edge always wins, and
/// among matchings of equal size the order by weight is unchanged.
func cardinalityShift(vertexCount n: Int, ws: [Int]) -> Int? {
    var maxAbs = 0
    for w in ws where w.magnitude > maxAbs.magnitude { maxAbs = Int(w.magnitude) }
    let (prod, o1) = maxAbs.multipliedReportingOverflow(by: n)
    let (shift, o2) = prod.addingReportingOverflow(1)
    return o1 || o2 ? nil : shift
}

/// `warmStart: false` starts from uniform duals and an empty matching, which
/// makes the blossom machinery do all the work (used by tests).
func _solveMatchingWithStats(vertexCount n: Int, us: [Int32], vs: [Int32], ws: [Int], mode: MatchingMode,
                             warmStart: Bool) -> (result: _SolveResult, stats: SolverStats) {
    var shift = 0
    var solveWeights = ws
    if mode == .maximumCardinality {
        // Shifted weights lie in [C - max|w|, C + max|w|]; the upper end is
        // (n + 1) * max|w| + 1 and must respect the solver's weight bound.
        guard let c = cardinalityShift(vertexCount: n + 1, ws: ws), c <= maximumMatchingWeightMagnitude else {
            preconditionFailure("maximumCardinality mode needs (vertexCount + 1) * max|weight| + 1 <= 2^57")
        }
        shift = cardinalityShift(vertexCount: n, ws: ws)!
        for i in solveWeights.indices { solveWeights[i] += shift }
    }
    // Edges of weight <= 0 never help a maximum-weight matching.
    let graph = CSRGraph(vertexCount: n, us: us, vs: vs, ws: solveWeights, dropNonPositive: true)
    var solver = BlossomSolver(graph: graph, warmStart: warmStart)
    solver.run()
    let out = solver.output()

    var mate = [Int?](repeating: nil, count: n)
    for v in 0..<n where out.mate[v] >= 0 { mate[v] = Int(out.mate[v]) }
    // Weight of each matched pair from the merged edge list (unshifted).
    var total = 0
    for e in 0..<graph.edgeU.count {
        let a = Int(graph.edgeU[e]), b = Int(graph.edgeV[e])
        if out.mate[a] == Int32(b) { total += graph.edgeW[e] - shift }
    }
    let cert = MatchingCertificate(vertexDuals: out.vertexDual, blossomParent: out.blossomParent,
                                   blossomDuals: out.blossomDual, vertexBlossom: out.vertexBlossom,
                                   cardinalityShift: shift)
    assert({
        do {
            try _verifyCore(vertexCount: n, us: us, vs: vs, ws: ws, mode: mode, mate: mate,
                            totalWeight: total, certificate: cert)
            return true
        } catch {
            print("Matching: internal certificate check failed: \(error)")
            return false
        }
    }(), "matching solver produced a result that fails its optimality certificate")
    return (_SolveResult(mate: mate, totalWeight: total, certificate: cert), solver.stats)
}
