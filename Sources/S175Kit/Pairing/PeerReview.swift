import Matching

/// A proposed peer-review group: two settings reviewing each other, or three reviewing
/// round a triangle (A reviews B, B reviews C, C reviews A).
public struct ReviewGroup: Sendable {
    public struct Review: Sendable, Hashable {
        public var reviewer: Setting
        public var reviewee: Setting
        /// The element the reviewer looks at in the reviewee.
        public var focus: String
        /// How far the reviewer is above its own average there, and the reviewee below, in points.
        public var strength: Int
        public var weakness: Int
    }

    public var id: String
    public var members: [Setting]
    public var reviews: [Review]
    /// The sum of the pair values behind the group.
    public var value: Int
    public var rationale: String

    public var isTriad: Bool { members.count == 3 }
}

/// The pairing proposed for a cycle, with how it was reached.
public struct PairingPlan: Sendable {
    public var groups: [ReviewGroup]
    /// Settings no group could take, with why.
    public var leftOut: [(setting: Setting, reason: String)]
    /// The candidate graph the matching ran on: vertices are `participants` by index.
    public var participants: [Setting]
    public var edges: [WeightedEdge<Int>]
    /// True when each setting was offered only its best candidates (a large batch).
    public var sparse: Bool
    public var candidatesPerSetting: Int

    public static let empty = PairingPlan(groups: [], leftOut: [], participants: [], edges: [], sparse: false, candidatesPerSetting: 0)
}

/// Proposes peer-review groups: the set of pairs with the greatest total value (a
/// maximum-weight matching on a general graph, everyone paired where the rules allow),
/// then triads for anyone left over.
public enum PeerReview {
    /// - Parameters:
    ///   - earlierPairs: pairs of URNs that met in the cycles the settings say to avoid.
    public static func plan(
        _ result: BatchResult, flags: [RiskFlag], earlierPairs: Set<PairKey>, settings: PeerReviewSettings
    ) -> PairingPlan {
        let highRisk = Set(flags.filter { $0.severity == .high && $0.status != .closed }.map(\.setting.urn))
        var plans: [PairingPlan] = []
        // Each population (schools, early years) is paired within itself unless asked otherwise.
        let populations = settings.earlyYearsApart ? Array(Set(result.accepted.map(\.setting.population))).sorted() : [""]
        for population in populations {
            let members = result.accepted.filter { population.isEmpty || $0.setting.population == population }
            guard members.count > 1 else {
                plans.append(PairingPlan(groups: [], leftOut: members.map { ($0.setting, "the only setting of its kind taking part") },
                                         participants: [], edges: [], sparse: false, candidatesPerSetting: 0))
                continue
            }
            plans.append(plan(members, result: result, highRisk: highRisk, earlierPairs: earlierPairs, settings: settings))
        }
        var combined = PairingPlan.empty
        var offset = 0
        for plan in plans {
            combined.groups += plan.groups
            combined.leftOut += plan.leftOut
            combined.edges += plan.edges.map { WeightedEdge(u: $0.u + offset, v: $0.v + offset, weight: $0.weight) }
            combined.participants += plan.participants
            combined.sparse = combined.sparse || plan.sparse
            combined.candidatesPerSetting = max(combined.candidatesPerSetting, plan.candidatesPerSetting)
            offset += plan.participants.count
        }
        for index in combined.groups.indices { combined.groups[index].id = "G\(index + 1)" }
        return combined
    }

    private static func plan(
        _ members: [ScoredReturn], result: BatchResult, highRisk: Set<String>, earlierPairs: Set<PairKey>, settings: PeerReviewSettings
    ) -> PairingPlan {
        let profiles = members.map { Profile($0, questionnaire: result.questionnaire($0.record.questionnaire)!) }
        let rules = HardRules(profiles, highRisk: highRisk, earlierPairs: earlierPairs)
        let values = PairValue(profiles, settings: settings)
        let sparse = members.count > settings.completeUpTo
        let edges = sparse
            ? CandidateGraph.sparse(profiles, k: settings.candidates, rules: rules, value: values)
            : CandidateGraph.complete(profiles, rules: rules, value: values)
        let matching = maximumWeightMatching(vertexCount: profiles.count, edges: edges, mode: .maximumCardinality)

        var groups: [[Int]] = matching.pairs.map { [$0.0, $0.1] }
        var leftOut: [(Setting, String)] = []
        // Anyone left over joins the pair that gains most from a third member, where allowed.
        let unmatched = matching.mate.indices.filter { matching.mate[$0] == nil }
        var taken = Set<Int>()
        for u in unmatched {
            var best: (gain: Int, group: Int)?
            for (g, group) in groups.enumerated() where group.count == 2 && !taken.contains(g) {
                guard rules.allowed(u, group[0]), rules.allowed(u, group[1]) else { continue }
                let gain = values.value(u, group[0]) + values.value(u, group[1])
                if best == nil || gain > best!.gain { best = (gain, g) }
            }
            if let best {
                groups[best.group].append(u)
                taken.insert(best.group)
            } else {
                leftOut.append((profiles[u].setting, rules.reason(u)))
            }
        }
        // A pair reviews each other; a triad reviews round the triangle in the order listed.
        let reviewGroups = groups.map { group -> ReviewGroup in
            let reviews = group.indices.map { position in
                focus(profiles[group[position]], profiles[group[(position + 1) % group.count]])
            }
            var value = 0
            for i in group.indices {
                for j in group.indices where i < j { value += values.value(group[i], group[j]) }
            }
            return ReviewGroup(id: "", members: group.map { profiles[$0].setting }, reviews: reviews, value: value,
                               rationale: rationale(reviews, settings: settings))
        }
        return PairingPlan(
            groups: reviewGroups, leftOut: leftOut, participants: profiles.map(\.setting), edges: edges, sparse: sparse,
            candidatesPerSetting: sparse ? settings.candidates : profiles.count - 1)
    }

    /// The element the reviewer should look at: where it is strongest and the reviewee weakest.
    static func focus(_ reviewer: Profile, _ reviewee: Profile) -> ReviewGroup.Review {
        var best = -1
        var bestCover = -1
        for e in reviewer.centred.indices {
            let cover = min(max(0, reviewer.centred[e]), max(0, -reviewee.centred[e]))
            // Ties go to the reviewee's weaker element, then to questionnaire order.
            if cover > bestCover || (cover == bestCover && best >= 0 && reviewee.centred[e] < reviewee.centred[best]) {
                best = e
                bestCover = cover
            }
        }
        return ReviewGroup.Review(
            reviewer: reviewer.setting, reviewee: reviewee.setting, focus: reviewee.elementTitles[max(best, 0)],
            strength: max(0, reviewer.centred[max(best, 0)]) / 10, weakness: max(0, -reviewee.centred[max(best, 0)]) / 10)
    }

    static func rationale(_ reviews: [ReviewGroup.Review], settings: PeerReviewSettings) -> String {
        func describe(_ s: Setting) -> String {
            let phase = s.isSpecialist ? (s.type.isEmpty ? "specialist setting" : s.type.lowercased()) : (s.phase.isEmpty ? "setting" : s.phase.lowercased())
            return "\(s.locality) \(phase)"
        }
        var parts = reviews.map { review in
            review.strength > 0
                ? "\(describe(review.reviewer)), \(review.strength) points above its own average in \(review.focus.lowercased()), reviews \(describe(review.reviewee))'s \(review.focus.lowercased()) (\(review.weakness) points below its average)"
                : "\(describe(review.reviewer)) reviews \(describe(review.reviewee))'s \(review.focus.lowercased()), its weakest area"
        }
        let localities = Set(reviews.map(\.reviewer.locality))
        parts.append(localities.count > 1 ? "across localities" : "within one locality")
        if reviews.contains(where: { $0.reviewer.isSpecialist || $0.reviewee.isSpecialist }) { parts.append("includes a specialist setting") }
        return parts.joined(separator: "; ") + "."
    }
}

/// An unordered pair of vertices or URNs.
public struct PairKey: Sendable, Hashable {
    public let first: String
    public let second: String

    public init(_ a: String, _ b: String) {
        (first, second) = a < b ? (a, b) : (b, a)
    }
}

/// A setting's results as pairing needs them: each element's score centred on the
/// setting's own average, so strengths and weaknesses are relative to itself and no
/// few outliers become everyone's best partner.
struct Profile {
    let setting: Setting
    /// Tenths of a point above (+) or below (−) the setting's own mean element score.
    let centred: [Int]
    let elementTitles: [String]
    let green: Bool
    /// Worked out once: the test reads the type's text.
    let specialist: Bool

    init(_ scored: ScoredReturn, questionnaire: Questionnaire) {
        setting = scored.setting
        specialist = scored.setting.isSpecialist
        let permilles = scored.score.elements.map(\.permille)
        let known = permilles.compactMap { $0 }
        let mean = known.isEmpty ? 0 : known.reduce(0, +) / known.count
        centred = permilles.map { ($0 ?? mean) - mean }
        elementTitles = questionnaire.elements.map(\.title)
        green = scored.score.overallRAG == .green
    }
}

/// The rules no pairing may break, read once into integers so the candidate search
/// (millions of checks nationally) compares numbers, not strings.
struct HardRules {
    private let trustCode: [Int32]  // -1 for none
    private let trustName: [Int32]
    private let federation: [Int32]
    private let highRisk: [Bool]
    private let earlier: Set<Int>  // min * count + max
    private let count: Int

    init(_ profiles: [Profile], highRisk risky: Set<String>, earlierPairs: Set<PairKey>) {
        count = profiles.count
        trustCode = numbered(profiles.map(\.setting.trustCode))
        trustName = numbered(profiles.map(\.setting.trustName))
        federation = numbered(profiles.map(\.setting.federation))
        highRisk = profiles.map { risky.contains($0.setting.urn) }
        var position: [String: Int] = [:]
        for (index, profile) in profiles.enumerated() { position[profile.setting.urn] = index }
        var earlier = Set<Int>()
        for pair in earlierPairs {
            if let a = position[pair.first], let b = position[pair.second] { earlier.insert(min(a, b) * profiles.count + max(a, b)) }
        }
        self.earlier = earlier
    }

    func allowed(_ a: Int, _ b: Int) -> Bool {
        violation(a, b) == nil
    }

    func violation(_ a: Int, _ b: Int) -> String? {
        if a == b { return "itself" }
        if trustCode[a] >= 0 && trustCode[a] == trustCode[b] { return "the same trust" }
        if trustName[a] >= 0 && trustName[a] == trustName[b] { return "the same trust" }
        if federation[a] >= 0 && federation[a] == federation[b] { return "the same federation" }
        if highRisk[a] && highRisk[b] { return "both flagged at high risk" }
        if !earlier.isEmpty && earlier.contains(min(a, b) * count + max(a, b)) { return "paired in a recent cycle" }
        return nil
    }

    /// Why a setting could join no group, for the people who must find it a partner by hand.
    func reason(_ setting: Int) -> String {
        var counts: [String: Int] = [:]
        for other in 0..<count where other != setting {
            if let why = violation(setting, other) { counts[why, default: 0] += 1 }
        }
        if counts.values.reduce(0, +) == count - 1, let main = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
            return "no setting it may be paired with (\(main.key) as \(main.value) of the others)"
        }
        return "every group it may join was full: pair it by hand"
    }
}

/// What a pair is worth, in points: how far each is strong where the other is weak
/// (both ways), a bonus across localities, and a preference for similar phase and size.
/// The profiles are read once into flat arrays: this runs for every candidate pair.
struct PairValue {
    private let settings: PeerReviewSettings
    private let elements: Int
    private let centred: [Int32]  // setting-major
    private let locality: [Int32]
    private let phase: [Int32]
    private let pupils: [Int]  // 0 when unknown
    private let specialist: [Bool]
    private let green: [Bool]

    init(_ profiles: [Profile], settings: PeerReviewSettings) {
        self.settings = settings
        elements = profiles.first?.centred.count ?? 0
        centred = profiles.flatMap { $0.centred.map { Int32($0) } }
        locality = numbered(profiles.map(\.setting.locality))
        phase = numbered(profiles.map(\.setting.phase))
        pupils = profiles.map { max(0, $0.setting.pupils ?? 0) }
        specialist = profiles.map(\.specialist)
        green = profiles.map(\.green)
    }

    func value(_ a: Int, _ b: Int) -> Int {
        var cover = 0
        let x = a * elements, y = b * elements
        for e in 0..<elements {
            let p = Int(centred[x + e]), q = Int(centred[y + e])
            cover += min(max(0, p), max(0, -q)) + min(max(0, q), max(0, -p))
        }
        var value = cover / 10  // tenths of a point to points
        if locality[a] != locality[b] { value += settings.differentLocalityBonus }
        if specialist[a] || specialist[b] {
            // A specialist setting is best supported by a strong partner.
            if (specialist[a] && green[b]) || (specialist[b] && green[a]) { value += 15 }
        } else if phase[a] == phase[b] {
            value += 10
        }
        if pupils[a] > 0, pupils[b] > 0 {
            let ratio = Double(max(pupils[a], pupils[b])) / Double(min(pupils[a], pupils[b]))
            value -= Int((ratio - 1) * 4).clamped(to: 0...10)
        }
        return max(1, value)
    }
}

/// Each distinct text as a small number, in order of first appearance; empty text is -1.
private func numbered(_ texts: [String]) -> [Int32] {
    var ids: [String: Int32] = [:]
    return texts.map { text in
        if text.isEmpty { return -1 }
        if let id = ids[text] { return id }
        ids[text] = Int32(ids.count)
        return Int32(ids.count - 1)
    }
}

extension Int {
    func clamped(to range: ClosedRange<Int>) -> Int { Swift.min(range.upperBound, Swift.max(range.lowerBound, self)) }
}

/// The graph the matching runs on.
enum CandidateGraph {
    /// Every allowed pair: small batches, where the matching is then optimal outright.
    static func complete(_ profiles: [Profile], rules: HardRules, value: PairValue) -> [WeightedEdge<Int>] {
        var edges: [WeightedEdge<Int>] = []
        for a in profiles.indices {
            for b in (a + 1)..<profiles.count where rules.allowed(a, b) {
                edges.append(WeightedEdge(u: a, v: b, weight: value.value(a, b)))
            }
        }
        return edges
    }

    /// Each setting's best `k` partners. Candidates come from the setting's own phase
    /// (specialist settings look everywhere) and, within it, from those strong where it
    /// is weak: for each of its weakest and strongest elements it is offered the settings
    /// at the mirror of its own rank, so strong settings are spread across the weak ones
    /// instead of every setting asking for the same few.
    static func sparse(_ profiles: [Profile], k: Int, rules: HardRules, value: PairValue) -> [WeightedEdge<Int>] {
        let count = profiles.count
        let elements = profiles.first?.centred.count ?? 0
        var pools: [String: [Int]] = [:]
        for (index, profile) in profiles.enumerated() where !profile.specialist {
            pools[profile.setting.phase, default: []].append(index)
        }
        let everyone = Array(profiles.indices)
        let window = max(4, k / 2)
        // For each pool and element, the pool's members from weakest to strongest there.
        var ranked: [String: [[Int]]] = [:]
        var rankIn: [String: [[Int32]]] = [:]
        for (phase, members) in pools.merging(["*": everyone], uniquingKeysWith: { a, _ in a }) {
            var orders: [[Int]] = []
            var ranks: [[Int32]] = []
            for e in 0..<elements {
                let order = members.sorted { (profiles[$0].centred[e], $0) < (profiles[$1].centred[e], $1) }
                var rank = [Int32](repeating: -1, count: count)
                for (position, member) in order.enumerated() { rank[member] = Int32(position) }
                orders.append(order)
                ranks.append(rank)
            }
            ranked[phase] = orders
            rankIn[phase] = ranks
        }
        var edges = Set<Int>()  // min * count + max
        var list: [WeightedEdge<Int>] = []
        // Which setting last offered each candidate, so a candidate is counted once per setting.
        var offeredTo = [Int](repeating: -1, count: count)
        var candidates: [Int] = []
        for a in profiles.indices {
            let pool = profiles[a].specialist || pools[profiles[a].setting.phase] == nil ? "*" : profiles[a].setting.phase
            guard let orders = ranked[pool], let ranks = rankIn[pool] else { continue }
            // The two weakest and two strongest elements of `a`.
            let byStrength = (0..<elements).sorted { (profiles[a].centred[$0], $0) < (profiles[a].centred[$1], $1) }
            candidates.removeAll(keepingCapacity: true)
            offeredTo[a] = a
            for e in Array(byStrength.prefix(2)) + Array(byStrength.suffix(2)) {
                let order = orders[e]
                let mirror = order.count - 1 - Int(ranks[e][a])
                for position in max(0, mirror - window)...min(order.count - 1, mirror + window) where offeredTo[order[position]] != a {
                    offeredTo[order[position]] = a
                    candidates.append(order[position])
                }
            }
            let best = candidates.filter { rules.allowed(a, $0) }
                .map { (value.value(a, $0), $0) }
                .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
                .prefix(k)
            for (weight, b) in best where edges.insert(min(a, b) * count + max(a, b)).inserted {
                list.append(WeightedEdge(u: min(a, b), v: max(a, b), weight: weight))
            }
        }
        return list.sorted { ($0.u, $0.v) < ($1.u, $1.v) }
    }
}
