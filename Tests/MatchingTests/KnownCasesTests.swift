import Testing
@testable import Matching

struct KnownCase: CustomStringConvertible, Sendable {
    var name: String
    var edges: [(Int, Int, Int)]
    var expected: [(Int, Int)]
    var mode: MatchingMode = .maximumWeight
    var description: String { name }
}

/// Classic cases from the literature on weighted blossom implementations
/// (the van Rantwijk test set, also used by networkx). Vertex 0 is unused in
/// most of them; each expected matching is the unique optimum.
let knownCases: [KnownCase] = [
    KnownCase(name: "single edge", edges: [(0, 1, 1)], expected: [(0, 1)]),
    KnownCase(name: "two path", edges: [(1, 2, 10), (2, 3, 11)], expected: [(2, 3)]),
    KnownCase(name: "path", edges: [(1, 2, 5), (2, 3, 11), (3, 4, 5)], expected: [(2, 3)]),
    KnownCase(name: "path max cardinality", edges: [(1, 2, 5), (2, 3, 11), (3, 4, 5)],
              expected: [(1, 2), (3, 4)], mode: .maximumCardinality),
    KnownCase(name: "square", edges: [(1, 4, 2), (2, 3, 2), (1, 2, 1), (3, 4, 4)], expected: [(1, 2), (3, 4)]),
    KnownCase(name: "triangle", edges: [(0, 1, 5), (1, 2, 6), (0, 2, 7)], expected: [(0, 2)]),
    KnownCase(name: "negative weights", edges: [(1, 2, 2), (1, 3, -2), (2, 3, 1), (2, 4, -1), (3, 4, -6)],
              expected: [(1, 2)]),
    KnownCase(name: "negative weights max cardinality",
              edges: [(1, 2, 2), (1, 3, -2), (2, 3, 1), (2, 4, -1), (3, 4, -6)],
              expected: [(1, 3), (2, 4)], mode: .maximumCardinality),
    KnownCase(name: "S-blossom, augment", edges: [(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7)],
              expected: [(1, 2), (3, 4)]),
    KnownCase(name: "S-blossom, augment 2",
              edges: [(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7), (1, 6, 5), (4, 5, 6)],
              expected: [(1, 6), (2, 3), (4, 5)]),
    KnownCase(name: "S-blossom relabelled as T",
              edges: [(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 4), (1, 6, 3)],
              expected: [(1, 6), (2, 3), (4, 5)]),
    KnownCase(name: "S-blossom relabelled as T 2",
              edges: [(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (1, 6, 4)],
              expected: [(1, 6), (2, 3), (4, 5)]),
    KnownCase(name: "S-blossom relabelled as T 3",
              edges: [(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (3, 6, 4)],
              expected: [(1, 2), (3, 6), (4, 5)]),
    KnownCase(name: "nested S-blossom",
              edges: [(1, 2, 9), (1, 3, 9), (2, 3, 10), (2, 4, 8), (3, 5, 8), (4, 5, 10), (5, 6, 6)],
              expected: [(1, 3), (2, 4), (5, 6)]),
    KnownCase(name: "nested S-blossom relabel",
              edges: [(1, 2, 10), (1, 7, 10), (2, 3, 12), (3, 4, 20), (3, 5, 20), (4, 5, 25), (5, 6, 10),
                      (6, 7, 10), (7, 8, 8)],
              expected: [(1, 2), (3, 4), (5, 6), (7, 8)]),
    KnownCase(name: "nested S-blossom, augment, expand recursively",
              edges: [(1, 2, 8), (1, 3, 8), (2, 3, 10), (2, 4, 12), (3, 5, 12), (4, 5, 14), (4, 6, 12),
                      (5, 7, 12), (6, 7, 14), (7, 8, 12)],
              expected: [(1, 2), (3, 5), (4, 6), (7, 8)]),
    KnownCase(name: "S-blossom relabelled as T, expand",
              edges: [(1, 2, 23), (1, 5, 22), (1, 6, 15), (2, 3, 25), (3, 4, 22), (4, 5, 25), (4, 8, 14),
                      (5, 7, 13)],
              expected: [(1, 6), (2, 3), (4, 8), (5, 7)]),
    KnownCase(name: "nested S-blossom relabelled as T, expand",
              edges: [(1, 2, 19), (1, 3, 20), (1, 8, 8), (2, 3, 25), (2, 4, 18), (3, 5, 18), (4, 5, 13),
                      (4, 7, 7), (5, 6, 7)],
              expected: [(1, 8), (2, 3), (4, 7), (5, 6)]),
    KnownCase(name: "nasty blossom: relabel as T in more than one way, expand, augment",
              edges: [(1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35),
                      (4, 8, 35), (5, 7, 26), (9, 10, 5)],
              expected: [(1, 6), (2, 3), (4, 8), (5, 7), (9, 10)]),
    KnownCase(name: "nasty blossom 2",
              edges: [(1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35),
                      (4, 8, 26), (5, 7, 40), (9, 10, 5)],
              expected: [(1, 6), (2, 3), (4, 8), (5, 7), (9, 10)]),
    KnownCase(name: "nasty blossom: expansion creates least-slack edge",
              edges: [(1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35),
                      (4, 8, 28), (5, 7, 26), (9, 10, 5)],
              expected: [(1, 6), (2, 3), (4, 8), (5, 7), (9, 10)]),
    KnownCase(name: "nested blossom expanded onto an augmenting path",
              edges: [(1, 2, 45), (1, 7, 45), (2, 3, 50), (3, 4, 45), (4, 5, 95), (4, 6, 94), (5, 6, 94),
                      (6, 7, 50), (1, 8, 30), (3, 11, 35), (5, 9, 36), (7, 10, 26), (11, 12, 5)],
              expected: [(1, 8), (2, 3), (4, 6), (5, 9), (7, 10), (11, 12)]),
    KnownCase(name: "nested S-blossom relabelled as S, expand recursively",
              edges: [(1, 2, 40), (1, 3, 40), (2, 3, 60), (2, 4, 55), (3, 5, 55), (4, 5, 50), (1, 8, 15),
                      (5, 7, 30), (7, 6, 10), (8, 10, 10), (4, 9, 30)],
              expected: [(1, 2), (3, 5), (4, 9), (6, 7), (8, 10)]),
]

@Suite("Known cases")
struct KnownCasesTests {
    @Test(arguments: knownCases)
    func knownOptimum(c: KnownCase) throws {
        let n = (c.edges.map { max($0.0, $0.1) }.max() ?? -1) + 1
        let edges = c.edges.map { WeightedEdge($0.0, $0.1, $0.2) }
        let expectedWeight = c.expected.reduce(0) { acc, p in
            acc + c.edges.first { ($0.0 == p.0 && $0.1 == p.1) || ($0.0 == p.1 && $0.1 == p.0) }!.2
        }
        #expect(bruteForce(vertexCount: n, edges: edges, mode: c.mode).weight == expectedWeight)
        for warm in [true, false] {
            let r = solve(vertexCount: n, edges: edges, mode: c.mode, warmStart: warm)
            #expect(r.matching.pairs.map { [$0.0, $0.1] } == c.expected.map { [$0.0, $0.1] }, "warm=\(warm)")
            #expect(r.matching.totalWeight == expectedWeight)
            try verifyOptimality(vertexCount: n, edges: edges, mode: c.mode, matching: r.matching,
                                 certificate: r.certificate)
        }
    }

    /// The cold start reaches the blossom events these cases were built for.
    @Test func coldStartUsesBlossoms() {
        var total = SolverStats()
        for c in knownCases {
            let n = (c.edges.map { max($0.0, $0.1) }.max() ?? -1) + 1
            total += solve(vertexCount: n, edges: c.edges.map { WeightedEdge($0.0, $0.1, $0.2) },
                           mode: c.mode, warmStart: false).stats
        }
        #expect(total.shrink >= 10)
        #expect(total.expand >= 5)
        #expect(total.nestedRebase >= 1)
    }

    @Test func emptyAndTrivialGraphs() {
        let empty = maximumWeightMatching(vertexCount: 0, edges: [WeightedEdge<Int>]())
        #expect(empty.mate.isEmpty && empty.totalWeight == 0)
        let isolated = maximumWeightMatching(vertexCount: 5, edges: [WeightedEdge<Int>]())
        #expect(isolated.mate == [nil, nil, nil, nil, nil])
        for mode in [MatchingMode.maximumWeight, .maximumCardinality] {
            let r = maximumWeightMatchingWithCertificate(vertexCount: 3, edges: [WeightedEdge<Int>](), mode: mode)
            #expect(r.matching.count == 0)
        }
    }

    @Test func zeroAndNegativeEdgesUnusedInMaximumWeightMode() {
        let edges = [WeightedEdge(0, 1, 0), WeightedEdge(2, 3, -4), WeightedEdge(1, 2, 0)]
        let r = maximumWeightMatching(vertexCount: 4, edges: edges)
        #expect(r.count == 0 && r.totalWeight == 0)
        let c = maximumWeightMatching(vertexCount: 4, edges: edges, mode: .maximumCardinality)
        #expect(c.count == 2 && c.totalWeight == -4)
    }

    @Test func parallelEdgesKeepTheHeaviest() {
        let edges = [WeightedEdge(0, 1, 3), WeightedEdge(1, 0, 9), WeightedEdge(0, 1, -2), WeightedEdge(1, 2, 8)]
        let r = maximumWeightMatching(vertexCount: 3, edges: edges)
        #expect(r.pairs.map { [$0.0, $0.1] } == [[0, 1]])
        #expect(r.totalWeight == 9)
    }

    @Test func otherWeightTypes() {
        let e8: [WeightedEdge<Int8>] = [WeightedEdge(0, 1, 100), WeightedEdge(1, 2, 27), WeightedEdge(2, 3, 27)]
        #expect(maximumWeightMatching(vertexCount: 4, edges: e8).totalWeight == 127)
        let e32: [WeightedEdge<Int32>] = [WeightedEdge(0, 1, .max), WeightedEdge(1, 2, 5)]
        #expect(maximumWeightMatching(vertexCount: 3, edges: e32).totalWeight == .max)
        let big = Int64(1) << 57
        let e64: [WeightedEdge<Int64>] = [WeightedEdge(0, 1, big), WeightedEdge(1, 2, big), WeightedEdge(2, 0, big - 1)]
        #expect(maximumWeightMatching(vertexCount: 3, edges: e64).totalWeight == big)
    }
}
