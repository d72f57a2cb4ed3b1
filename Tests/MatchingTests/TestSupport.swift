@testable import Matching

/// SplitMix64: tiny, seedable, identical on every platform.
struct SeededRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// Optimum by dynamic programming over vertex subsets (n <= ~14).
/// `.maximumCardinality` compares (cardinality, weight) lexicographically.
func bruteForce(vertexCount n: Int, edges: [WeightedEdge<Int>], mode: MatchingMode) -> (cardinality: Int, weight: Int) {
    var best = [[Int?]](repeating: [Int?](repeating: nil, count: n), count: n)
    for e in edges {
        if best[e.u][e.v] == nil || e.weight > best[e.u][e.v]! {
            best[e.u][e.v] = e.weight
            best[e.v][e.u] = e.weight
        }
    }
    let full = 1 << n
    var card = [Int](repeating: 0, count: full)
    var weight = [Int](repeating: 0, count: full)
    for mask in 1..<full {
        let i = mask.trailingZeroBitCount
        let rest = mask & ~(1 << i)
        var bc = card[rest], bw = weight[rest]
        var others = rest
        while others != 0 {
            let j = others.trailingZeroBitCount
            others &= others - 1
            guard let w = best[i][j] else { continue }
            let sub = rest & ~(1 << j)
            let c = card[sub] + 1, ww = weight[sub] + w
            let better: Bool
            switch mode {
            case .maximumWeight: better = ww > bw
            case .maximumCardinality: better = c > bc || (c == bc && ww > bw)
            }
            if better { bc = c; bw = ww }
        }
        card[mask] = bc
        weight[mask] = bw
    }
    return (card[full - 1], weight[full - 1])
}

struct GraphShape: CustomStringConvertible, Sendable {
    var name: String
    var maxVertices: Int
    var density: Double
    var weights: ClosedRange<Int>
    var parallelChance: Double = 0
    var disconnected: Bool = false
    var description: String { name }
}

func randomGraph(_ shape: GraphShape, rng: inout SeededRNG) -> (Int, [WeightedEdge<Int>]) {
    let n = rng.int(1...shape.maxVertices)
    var edges: [WeightedEdge<Int>] = []
    // Disconnected graphs: no edges across a random cut.
    let cut = shape.disconnected ? rng.int(0...n) : -1
    for u in 0..<n {
        for v in (u + 1)..<max(u + 1, n) {
            if shape.disconnected && (u < cut) != (v < cut) { continue }
            guard rng.chance(shape.density) else { continue }
            let (a, b) = rng.chance(0.5) ? (u, v) : (v, u)
            edges.append(WeightedEdge(a, b, rng.int(shape.weights)))
            if rng.chance(shape.parallelChance) {
                edges.append(WeightedEdge(b, a, rng.int(shape.weights)))
            }
        }
    }
    edges.shuffle(using: &rng)
    return (n, edges)
}

func isValidMatching(_ m: WeightedMatching<Int>, vertexCount n: Int, edges: [WeightedEdge<Int>]) -> Bool {
    guard m.mate.count == n else { return false }
    var weight = 0
    for (u, v) in m.pairs {
        guard m.mate[v] == u else { return false }
        let w = edges.filter { ($0.u == u && $0.v == v) || ($0.u == v && $0.v == u) }.map(\.weight).max()
        guard let w else { return false }
        weight += w
    }
    for (u, mu) in m.mate.enumerated() {
        if let v = mu, m.mate[v] != u { return false }
    }
    return weight == m.totalWeight
}

/// Test entry that can switch the warm start off and reports event counts.
func solve(vertexCount n: Int, edges: [WeightedEdge<Int>], mode: MatchingMode, warmStart: Bool)
    -> (matching: WeightedMatching<Int>, certificate: MatchingCertificate, stats: SolverStats)
{
    let (us, vs, ws) = _flattenEdges(vertexCount: n, edges: edges)
    let (r, stats) = _solveMatchingWithStats(vertexCount: n, us: us, vs: vs, ws: ws, mode: mode, warmStart: warmStart)
    return (WeightedMatching(mate: r.mate, totalWeight: r.totalWeight), r.certificate, stats)
}

extension SolverStats {
    static func += (a: inout SolverStats, b: SolverStats) {
        a.grow += b.grow
        a.shrink += b.shrink
        a.expand += b.expand
        a.augment += b.augment
        a.zeroDual += b.zeroDual
        a.nestedRebase += b.nestedRebase
        a.cycles += b.cycles
        a.integralRoots += b.integralRoots
        a.compactions += b.compactions
    }
}
