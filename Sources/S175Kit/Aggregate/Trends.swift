/// This cycle against an earlier one, like for like: a question is compared only with the
/// question it continues (its crosswalk, or the same id when it has none), so a reworded or
/// new question is never set against an unrelated one.
public struct Trends: Sendable {
    public let current: Analysis
    public let earlier: CycleTallies
    /// For each current question, the earlier question ids it is compared with.
    let counterparts: [[String]]

    public init(current: Analysis, earlier: CycleTallies) {
        self.current = current
        self.earlier = earlier
        let known = earlier.questions[current.questionnaire.id]?[""] ?? [:]
        counterparts = current.questionnaire.questions.map { question in
            let ids = question.continues.isEmpty ? [question.id] : question.continues
            return ids.filter { known[$0] != nil }
        }
    }

    /// The questions of `questions` that have an earlier counterpart.
    public func comparable(_ questions: [Int]) -> [Int] {
        questions.filter { !counterparts[$0].isEmpty }
    }

    /// A share met now and then, over the comparable questions of `questions`.
    public struct Change: Sendable {
        public var before: (met: Int, answered: Int)
        public var now: (met: Int, answered: Int)
        /// Settings that returned then and now.
        public var settingsBefore: Int
        public var settingsNow: Int

        public var beforePermille: Int? { Percent.permille(before.met, of: before.answered) }
        public var nowPermille: Int? { Percent.permille(now.met, of: now.answered) }
        /// The change in tenths of a percentage point.
        public var points: Int? {
            guard let b = beforePermille, let n = nowPermille else { return nil }
            return n - b
        }
    }

    public func change(_ questions: [Int], locality: String?) -> Change? {
        let comparable = comparable(questions)
        guard !comparable.isEmpty, let tally = current.tally(GroupKey(locality: locality)),
              let then = earlier.questions[current.questionnaire.id]?[locality ?? ""]
        else { return nil }
        var before = (met: 0, answered: 0)
        for q in comparable {
            for id in counterparts[q] {
                if let t = then[id] {
                    before.met += t.met
                    before.answered += t.answered
                }
            }
        }
        let now = tally.compliance(comparable)
        guard before.answered > 0, now.answered > 0 else { return nil }
        return Change(
            before: before, now: now,
            settingsBefore: earlier.returned[current.questionnaire.id]?[locality ?? ""] ?? 0, settingsNow: tally.returned)
    }

    /// Comparable questions ordered by their change in the area, largest rise first.
    public func questionsByChange(locality: String? = nil, minimumSettings: Int = 1) -> [(question: Int, change: Change)] {
        current.questionnaire.questions.indices.compactMap { q -> (Int, Change)? in
            guard current.questionnaire.questions[q].isScored, let change = change([q], locality: locality),
                  change.before.answered >= minimumSettings, change.now.answered >= minimumSettings, change.points != nil
            else { return nil }
            return (q, change)
        }.sorted { a, b in a.1.points! != b.1.points! ? a.1.points! > b.1.points! : a.0 < b.0 }
    }
}

extension Percent {
    /// A change in tenths of a point as `+2.1` or `−0.4` (a true minus sign, read as text).
    public static func signed(_ tenths: Int) -> String {
        let text = Percent.text(permille: abs(tenths))
        return tenths > 0 ? "+" + text : (tenths < 0 ? "−" + text : "0.0")
    }
}
