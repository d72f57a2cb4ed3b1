import Testing
@testable import Matching

let shapes: [GraphShape] = [
    GraphShape(name: "sparse positive", maxVertices: 12, density: 0.3, weights: 1...20),
    GraphShape(name: "dense positive", maxVertices: 12, density: 0.9, weights: 1...100),
    GraphShape(name: "complete few weights", maxVertices: 11, density: 1.0, weights: 1...3),
    GraphShape(name: "mixed sign", maxVertices: 12, density: 0.5, weights: -10...10),
    GraphShape(name: "zeros and ties", maxVertices: 12, density: 0.6, weights: 0...2),
    GraphShape(name: "all negative", maxVertices: 10, density: 0.5, weights: -9...(-1)),
    GraphShape(name: "parallel edges", maxVertices: 10, density: 0.5, weights: -3...12, parallelChance: 0.5),
    GraphShape(name: "disconnected", maxVertices: 12, density: 0.6, weights: 1...30, disconnected: true),
    GraphShape(name: "unit weights", maxVertices: 12, density: 0.35, weights: 1...1),
    GraphShape(name: "wide weights", maxVertices: 12, density: 0.5, weights: -1_000_000_000...1_000_000_000),
]

@Suite("Brute force comparison")
struct BruteForceTests {
    /// Every shape x mode x start: solver optimum == subset DP optimum, the
    /// result is a valid matching and its certificate verifies.
    @Test(arguments: shapes, [MatchingMode.maximumWeight, .maximumCardinality])
    func matchesBruteForce(shape: GraphShape, mode: MatchingMode) throws {
        var rng = SeededRNG(seed: UInt64(shape.name.utf8.reduce(7) { $0 &* 31 &+ Int($1) }.magnitude)
                            &+ (mode == .maximumWeight ? 0 : 1_000_003))
        for iteration in 0..<250 {
            let (n, edges) = randomGraph(shape, rng: &rng)
            let expected = bruteForce(vertexCount: n, edges: edges, mode: mode)
            for warm in [true, false] {
                let (m, cert, _) = solve(vertexCount: n, edges: edges, mode: mode, warmStart: warm)
                #expect(m.totalWeight == expected.weight,
                        "\(shape) #\(iteration) warm=\(warm) n=\(n) edges=\(edges)")
                if mode == .maximumCardinality {
                    #expect(m.count == expected.cardinality, "\(shape) #\(iteration) warm=\(warm)")
                }
                #expect(isValidMatching(m, vertexCount: n, edges: edges))
                try verifyOptimality(vertexCount: n, edges: edges, mode: mode, matching: m, certificate: cert)
            }
            // Public entry point agrees with the internal one.
            let pub = maximumWeightMatching(vertexCount: n, edges: edges, mode: mode)
            #expect(pub.totalWeight == expected.weight)
        }
    }

    /// The random corpus must actually drive every kind of event, otherwise
    /// the comparison above proves little about the blossom machinery.
    @Test func corpusExercisesAllEvents() {
        var total = SolverStats()
        var rng = SeededRNG(seed: 99)
        for shape in shapes {
            for _ in 0..<60 {
                let (n, edges) = randomGraph(shape, rng: &rng)
                for mode in [MatchingMode.maximumWeight, .maximumCardinality] {
                    for warm in [true, false] {
                        total += solve(vertexCount: n, edges: edges, mode: mode, warmStart: warm).stats
                    }
                }
            }
        }
        print("STATS", total)
        #expect(total.grow > 0)
        #expect(total.shrink > 0)
        #expect(total.expand > 0)
        #expect(total.augment > 0)
        #expect(total.zeroDual > 0)
        #expect(total.nestedRebase > 0)
        #expect(total.cycles > 0)
        #expect(total.integralRoots > 0)
    }

    /// w(a, b) = a + b makes every edge tight under the natural duals, so
    /// trees are relabelled over and over without dual change and the heaps
    /// fill with duplicate entries: this drives heap compaction.
    @Test(arguments: [MatchingMode.maximumWeight, .maximumCardinality])
    func heapCompactionUnderHeavyTies(mode: MatchingMode) throws {
        var rng = SeededRNG(seed: 5150)
        let n = 700
        var edges: [WeightedEdge<Int>] = []
        for a in 0..<n {
            for _ in 0..<6 {
                let b = rng.int(0...(n - 1))
                if a != b { edges.append(WeightedEdge(a, b, a + b)) }
            }
        }
        var stats = SolverStats()
        var weights: [Int] = []
        for warm in [true, false] {
            let r = solve(vertexCount: n, edges: edges, mode: mode, warmStart: warm)
            try verifyOptimality(vertexCount: n, edges: edges, mode: mode, matching: r.matching,
                                 certificate: r.certificate)
            weights.append(r.matching.totalWeight)
            stats += r.stats
        }
        #expect(weights[0] == weights[1])
        #expect(stats.compactions > 0)
    }

    /// Larger random graphs against each other: both starts must agree.
    @Test func warmAndColdStartsAgree() throws {
        var rng = SeededRNG(seed: 4242)
        for _ in 0..<40 {
            let n = rng.int(20...80)
            var edges: [WeightedEdge<Int>] = []
            for u in 0..<n {
                for _ in 0..<rng.int(1...6) {
                    let v = rng.int(0...(n - 1))
                    if v != u { edges.append(WeightedEdge(u, v, rng.int(-5...40))) }
                }
            }
            for mode in [MatchingMode.maximumWeight, .maximumCardinality] {
                let a = solve(vertexCount: n, edges: edges, mode: mode, warmStart: true)
                let b = solve(vertexCount: n, edges: edges, mode: mode, warmStart: false)
                #expect(a.matching.totalWeight == b.matching.totalWeight)
                #expect(a.matching.count == b.matching.count || mode == .maximumWeight)
                try verifyOptimality(vertexCount: n, edges: edges, mode: mode, matching: a.matching,
                                     certificate: a.certificate)
                try verifyOptimality(vertexCount: n, edges: edges, mode: mode, matching: b.matching,
                                     certificate: b.certificate)
            }
        }
    }
}
