import Testing
@testable import Matching

@Suite("Determinism")
struct DeterminismTests {
    /// Many ties (weights 1...3): repeated runs must return identical mates.
    @Test(arguments: [MatchingMode.maximumWeight, .maximumCardinality])
    func sameInputSameMatching(mode: MatchingMode) throws {
        var rng = SeededRNG(seed: 2024)
        for _ in 0..<20 {
            let n = rng.int(50...300)
            var edges: [WeightedEdge<Int>] = []
            for u in 0..<n {
                for _ in 0..<rng.int(1...8) {
                    let v = rng.int(0...(n - 1))
                    if v != u { edges.append(WeightedEdge(u, v, rng.int(1...3))) }
                }
            }
            let first = maximumWeightMatchingWithCertificate(vertexCount: n, edges: edges, mode: mode)
            for _ in 0..<3 {
                let again = maximumWeightMatchingWithCertificate(vertexCount: n, edges: edges, mode: mode)
                #expect(again.matching == first.matching)
                #expect(again.certificate == first.certificate)
            }
            try verifyOptimality(vertexCount: n, edges: edges, mode: mode, matching: first.matching,
                                 certificate: first.certificate)
        }
    }

    /// Relabelling vertices may change which optimum is chosen, never its weight.
    @Test func permutationKeepsOptimum() {
        var rng = SeededRNG(seed: 77)
        for _ in 0..<30 {
            let n = rng.int(10...60)
            var edges: [WeightedEdge<Int>] = []
            for u in 0..<n {
                for v in (u + 1)..<n where rng.chance(0.2) { edges.append(WeightedEdge(u, v, rng.int(0...5))) }
            }
            var perm = Array(0..<n)
            perm.shuffle(using: &rng)
            let permuted = edges.map { WeightedEdge(perm[$0.u], perm[$0.v], $0.weight) }.shuffled(using: &rng)
            for mode in [MatchingMode.maximumWeight, .maximumCardinality] {
                let a = maximumWeightMatching(vertexCount: n, edges: edges, mode: mode)
                let b = maximumWeightMatching(vertexCount: n, edges: permuted, mode: mode)
                #expect(a.totalWeight == b.totalWeight)
                #expect(a.count == b.count || mode == .maximumWeight)
            }
        }
    }
}
