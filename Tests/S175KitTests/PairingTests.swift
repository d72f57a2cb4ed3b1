import Matching
import Testing
@testable import S175Kit

@Suite("Peer-review pairing")
struct PairingTests {
    /// Nine primary settings in three localities; 200001 and 200002 share a trust, 200003 and
    /// 200004 a federation.
    static let register = """
        URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentTypeGroup (name),EstablishmentStatus (name),PhaseOfEducation (name),NumberOfPupils,Trusts (code),Federations (name)
        200001,870,Reading,2001,One Academy,Academy converter,Academies,Open,Primary,210,T1,
        200002,872,Wokingham,2002,Two Academy,Academy converter,Academies,Open,Primary,220,T1,
        200003,869,West Berkshire,2003,Three School,Community school,Local authority maintained schools,Open,Primary,200,,Valley Federation
        200004,869,West Berkshire,2004,Four School,Community school,Local authority maintained schools,Open,Primary,230,,Valley Federation
        200005,870,Reading,2005,Five School,Community school,Local authority maintained schools,Open,Primary,190,,
        200006,872,Wokingham,2006,Six School,Community school,Local authority maintained schools,Open,Primary,250,,
        200007,869,West Berkshire,2007,Seven School,Community school,Local authority maintained schools,Open,Primary,205,,
        200008,870,Reading,2008,Eight School,Community school,Local authority maintained schools,Open,Primary,215,,
        200009,872,Wokingham,2009,Nine School,Community school,Local authority maintained schools,Open,Primary,240,,
        """

    /// Runs a batch where each setting answers with its own pattern of strengths.
    func batch(_ urns: [String] = (1...9).map { "20000\($0)" }) -> BatchResult {
        let scratch = Scratch()
        defer { scratch.remove() }
        let register = scratch.write("register.csv", PairingTests.register)
        let patterns: [[(String, String)]] = [
            [("A1.1", "met"), ("A1.2", "no"), ("A2.1", "2026-01-01"), ("A2.2", "100"), ("B1.1", "not-met")],
            [("A1.1", "partly"), ("A1.2", "yes"), ("A2.1", "2026-01-01"), ("A2.2", "80"), ("B1.1", "met")],
            [("A1.1", "met"), ("A1.2", "yes"), ("A2.1", "2023-01-01"), ("A2.2", "95"), ("B1.1", "met")],
        ]
        for (index, urn) in urns.enumerated() {
            scratch.write("returns/\(urn).xml", Mini.xml(urn: urn, answers: patterns[index % 3]))
        }
        var cycle = Mini.cycle(returns: [scratch.file("returns")])
        cycle.registers = [RegisterSource(file: InputPath(register))]
        cycle.peerReview = PeerReviewSettings()
        guard case .success(let result) = Batch.run(cycle) else { fatalError("batch failed") }
        return result
    }

    func plan(_ result: BatchResult, flags: [RiskFlag] = [], earlier: Set<PairKey> = []) -> PairingPlan {
        PeerReview.plan(result, flags: flags, earlierPairs: earlier, settings: result.cycle.peerReview!)
    }

    func groups(_ plan: PairingPlan) -> [[String]] {
        plan.groups.map { $0.members.map(\.urn) }
    }

    @Test func everyoneIsPlacedOnceAndTheHardRulesHold() {
        let result = batch()
        let plan = plan(result)
        let placed = plan.groups.flatMap(\.members).map(\.urn)
        #expect(placed.sorted() == (1...9).map { "20000\($0)" })
        #expect(plan.groups.filter(\.isTriad).count == 1)  // nine settings: three pairs and a triad
        for group in plan.groups {
            let urns = Set(group.members.map(\.urn))
            #expect(!urns.isSuperset(of: ["200001", "200002"]), "same trust")
            #expect(!urns.isSuperset(of: ["200003", "200004"]), "same federation")
            #expect(group.reviews.count == group.members.count)
            #expect(Set(group.reviews.map(\.reviewer.urn)) == urns && Set(group.reviews.map(\.reviewee.urn)) == urns)
            #expect(!group.rationale.isEmpty)
        }
    }

    @Test func recentPartnersAndTwoHighRisksAreNotPaired() {
        let result = batch(["200005", "200006", "200007", "200008"])
        let first = plan(result)
        // Forbid every pair just made: the next plan must find others.
        let met = Set(first.groups.map { PairKey($0.members[0].urn, $0.members[1].urn) })
        let second = plan(result, earlier: met)
        for group in second.groups {
            #expect(!met.contains(PairKey(group.members[0].urn, group.members[1].urn)))
        }
        // 200005 and 200006 both flagged high: never together.
        let flags = ["200005", "200006"].map { urn in
            RiskFlag(setting: result.register.setting(urn: urn)!, triggers: [.init(rule: "r", kind: .criticalNotMet, severity: .high, description: "", evidence: [])],
                     status: .new, previous: nil, notes: [])
        }
        for group in plan(result, flags: flags).groups {
            #expect(Set(group.members.map(\.urn)) != ["200005", "200006"])
        }
    }

    @Test func aSettingNoOneMayPartnerIsLeftOutWithTheReason() {
        // Two settings of one trust only: no allowed pair.
        let result = batch(["200001", "200002"])
        let plan = plan(result)
        #expect(plan.groups.isEmpty)
        #expect(plan.leftOut.count == 2)
        #expect(plan.leftOut.first?.reason.contains("the same trust") == true)
    }

    @Test func thePairingIsOptimalAndTheSameEveryTime() {
        let result = batch()
        let a = plan(result), b = plan(result)
        #expect(groups(a) == groups(b))
        #expect(a.groups.map(\.rationale) == b.groups.map(\.rationale))
        // The matching part is optimal on its graph: its dual certificate checks out.
        let (matching, certificate) = maximumWeightMatchingWithCertificate(
            vertexCount: a.participants.count, edges: a.edges, mode: .maximumCardinality)
        #expect(throws: Never.self) {
            try verifyOptimality(vertexCount: a.participants.count, edges: a.edges, mode: .maximumCardinality, matching: matching, certificate: certificate)
        }
        #expect(matching.count == 4)
    }

    @Test func theSparseGraphLosesLittleAgainstTheCompleteOne() {
        // 400 synthetic profiles, each with its own strengths: the candidate graph keeps
        // each setting's 30 best partners; the matching on it must pair everyone and come
        // within a few percent of the optimum on every allowed pair.
        var state: UInt64 = 12345
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % 1000
        }
        let base = batch(["200005"]).accepted[0]
        var profiles: [Profile] = []
        for i in 0..<400 {
            var scored = base
            scored.setting.urn = String(300_000 + i)
            scored.setting.locality = ["Reading", "Wokingham", "West Berkshire"][i % 3]
            scored.score.elements = (0..<3).map { _ in Score(achieved: next(), possible: 1000) }
            profiles.append(Profile(scored, questionnaire: batch(["200005"]).questionnaires[0]))
        }
        let rules = HardRules(profiles, highRisk: [], earlierPairs: [])
        let value = PairValue(profiles, settings: PeerReviewSettings())
        let complete = maximumWeightMatching(vertexCount: 400, edges: CandidateGraph.complete(profiles, rules: rules, value: value), mode: .maximumCardinality)
        let sparseEdges = CandidateGraph.sparse(profiles, k: 30, rules: rules, value: value)
        let sparse = maximumWeightMatching(vertexCount: 400, edges: sparseEdges, mode: .maximumCardinality)
        #expect(sparse.count == 200)
        #expect(sparseEdges.count < 400 * 30)
        #expect(sparse.totalWeight * 100 >= complete.totalWeight * 95, "sparse \(sparse.totalWeight) against complete \(complete.totalWeight)")
    }
}
