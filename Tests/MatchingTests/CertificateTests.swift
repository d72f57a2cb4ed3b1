import Testing
@testable import Matching

/// The verifier must be able to fail: every deliberate corruption below breaks
/// a condition that no valid certificate can have.
@Suite("Certificate rejection")
struct CertificateTests {
    typealias Instance = (n: Int, edges: [WeightedEdge<Int>], mode: MatchingMode,
                          matching: WeightedMatching<Int>, cert: MatchingCertificate)

    static func instances(count: Int, seed: UInt64) -> [Instance] {
        var rng = SeededRNG(seed: seed)
        var result: [Instance] = []
        let shape = GraphShape(name: "cert", maxVertices: 12, density: 0.6, weights: -4...25)
        while result.count < count {
            let (n, edges) = randomGraph(shape, rng: &rng)
            for mode in [MatchingMode.maximumWeight, .maximumCardinality] {
                let r = solve(vertexCount: n, edges: edges, mode: mode, warmStart: rng.chance(0.5))
                result.append((n, edges, mode, r.matching, r.certificate))
            }
        }
        return result
    }

    func rejects(_ inst: Instance, matching: WeightedMatching<Int>? = nil,
                 certificate: MatchingCertificate? = nil) -> Bool {
        do {
            try verifyOptimality(vertexCount: inst.n, edges: inst.edges, mode: inst.mode,
                                 matching: matching ?? inst.matching, certificate: certificate ?? inst.cert)
            return false
        } catch {
            return true
        }
    }

    @Test func acceptsSolverOutput() throws {
        for inst in Self.instances(count: 200, seed: 1) {
            try verifyOptimality(vertexCount: inst.n, edges: inst.edges, mode: inst.mode,
                                 matching: inst.matching, certificate: inst.cert)
        }
    }

    @Test func rejectsRaisedDualOnMatchedVertex() {
        var tested = 0
        for inst in Self.instances(count: 300, seed: 2) {
            guard let v = inst.matching.mate.firstIndex(where: { $0 != nil }) else { continue }
            var c = inst.cert
            c.vertexDuals[v] += 1  // its matched edge can no longer be tight
            #expect(rejects(inst, certificate: c))
            tested += 1
        }
        #expect(tested > 100)
    }

    @Test func rejectsLoweredDualOnMatchedVertex() {
        var tested = 0
        for inst in Self.instances(count: 300, seed: 3) {
            // Its matched edge is tight, so any decrease makes it negative.
            guard let v = inst.matching.mate.firstIndex(where: { $0 != nil }) else { continue }
            var c = inst.cert
            c.vertexDuals[v] -= 1
            #expect(rejects(inst, certificate: c))
            tested += 1
        }
        #expect(tested > 100)
    }

    @Test func rejectsNegativeVertexDual() {
        for inst in Self.instances(count: 100, seed: 10) where inst.n > 0 {
            var c = inst.cert
            c.vertexDuals[0] = -4
            #expect(rejects(inst, certificate: c))
        }
    }

    @Test func rejectsNonzeroDualOnExposedVertex() {
        var tested = 0
        for inst in Self.instances(count: 300, seed: 4) {
            guard let v = inst.matching.mate.firstIndex(where: { $0 == nil }) else { continue }
            var c = inst.cert
            c.vertexDuals[v] += 2
            #expect(rejects(inst, certificate: c))
            tested += 1
        }
        #expect(tested > 50)
    }

    @Test func rejectsBlossomCorruption() {
        var tested = 0
        for inst in Self.instances(count: 400, seed: 5) where !inst.cert.blossomDuals.isEmpty {
            var negative = inst.cert
            negative.blossomDuals[0] = -2
            #expect(rejects(inst, certificate: negative))

            var cyclic = inst.cert
            cyclic.blossomParent[0] = 0
            #expect(rejects(inst, certificate: cyclic))

            // Drop one vertex from a blossom: its size becomes even.
            if let v = inst.cert.vertexBlossom.firstIndex(where: { $0 >= 0 }) {
                var even = inst.cert
                even.vertexBlossom[v] = inst.cert.blossomParent[inst.cert.vertexBlossom[v]]
                #expect(rejects(inst, certificate: even))
            }
            tested += 1
        }
        #expect(tested > 10)
    }

    @Test func rejectsWrongTotalAndBrokenMatching() {
        for inst in Self.instances(count: 200, seed: 6) {
            var wrongTotal = inst.matching
            wrongTotal.totalWeight += 1
            #expect(rejects(inst, matching: wrongTotal))

            if let v = inst.matching.mate.firstIndex(where: { $0 != nil }) {
                var asymmetric = inst.matching
                asymmetric.mate[v] = nil
                #expect(rejects(inst, matching: asymmetric))
            }
        }
    }

    /// Removing a matched edge gives a worse (or smaller) matching: no
    /// certificate may accept it, in particular not the original one.
    @Test func rejectsStrictlyWorseMatchings() {
        var tested = 0
        for inst in Self.instances(count: 300, seed: 7) {
            guard let (u, v) = inst.matching.pairs.first else { continue }
            let w = inst.edges.filter { ($0.u == u && $0.v == v) || ($0.u == v && $0.v == u) }.map(\.weight).max()!
            if inst.mode == .maximumWeight && w <= 0 { continue }  // not strictly worse
            var worse = inst.matching
            worse.mate[u] = nil
            worse.mate[v] = nil
            worse.totalWeight -= w
            #expect(rejects(inst, matching: worse))
            tested += 1
        }
        #expect(tested > 100)
    }

    /// A greedy matching that is not optimal must be rejected with the
    /// optimal solution's certificate.
    @Test func rejectsSuboptimalGreedyMatching() {
        var tested = 0
        for inst in Self.instances(count: 400, seed: 8) where inst.mode == .maximumWeight {
            var mate = [Int?](repeating: nil, count: inst.n)
            var total = 0
            for e in inst.edges.sorted(by: { $0.weight > $1.weight }) where e.weight > 0 {
                if mate[e.u] == nil && mate[e.v] == nil {
                    mate[e.u] = e.v
                    mate[e.v] = e.u
                    total += e.weight
                }
            }
            guard total < inst.matching.totalWeight else { continue }
            #expect(rejects(inst, matching: WeightedMatching(mate: mate, totalWeight: total)))
            tested += 1
        }
        #expect(tested > 10)
    }

    @Test func rejectsWrongCardinalityShift() {
        var tested = 0
        for inst in Self.instances(count: 200, seed: 9) {
            var c = inst.cert
            switch inst.mode {
            case .maximumWeight:
                c.cardinalityShift = 1
            case .maximumCardinality:
                // One below n * max|w| + 1 no longer proves maximum cardinality.
                let maxAbs = inst.edges.map { $0.weight.magnitude }.max() ?? 0
                c.cardinalityShift = inst.n * Int(maxAbs)
            }
            #expect(rejects(inst, certificate: c))
            tested += 1
        }
        #expect(tested > 100)
    }

    /// Max-cardinality: a matching of maximum weight but smaller cardinality
    /// must be rejected (path a-b-c-d with a heavy middle edge).
    @Test func maximumCardinalityNeedsMoreEdges() {
        let edges = [WeightedEdge(0, 1, 1), WeightedEdge(1, 2, 10), WeightedEdge(2, 3, 1)]
        let heavy = maximumWeightMatchingWithCertificate(vertexCount: 4, edges: edges, mode: .maximumWeight)
        #expect(heavy.matching.totalWeight == 10)
        #expect(throws: CertificateError.self) {
            try verifyOptimality(vertexCount: 4, edges: edges, mode: .maximumCardinality,
                                 matching: heavy.matching, certificate: heavy.certificate)
        }
        let card = maximumWeightMatchingWithCertificate(vertexCount: 4, edges: edges, mode: .maximumCardinality)
        #expect(card.matching.totalWeight == 2)
        #expect(card.matching.count == 2)
        #expect(throws: Never.self) {
            try verifyOptimality(vertexCount: 4, edges: edges, mode: .maximumCardinality,
                                 matching: card.matching, certificate: card.certificate)
        }
    }
}
