/// A group of settings that reports count together.
public struct GroupKey: Sendable, Hashable, Comparable {
    public enum Facet: Sendable, Hashable, Comparable {
        case all
        case phase(String)
        case typeGroup(String)
        /// Special schools, pupil referral units and alternative provision.
        case specialist
    }

    /// nil for the whole area.
    public var locality: String?
    public var facet: Facet

    public init(locality: String? = nil, _ facet: Facet = .all) {
        self.locality = locality
        self.facet = facet
    }

    public static let area = GroupKey()

    public static func < (a: GroupKey, b: GroupKey) -> Bool {
        (a.locality ?? "", a.facet) < (b.locality ?? "", b.facet)
    }
}

/// Counts for one group on one questionnaire. Every percentage a report shows is built
/// from these, so each keeps its denominator.
public struct GroupTally: Sendable {
    /// Settings expected to return.
    public var expected = 0
    /// Settings with an accepted return.
    public var returned = 0
    public var timeliness: [Timeliness: Int] = [:]
    /// Settings whose only return was rejected.
    public var rejectedOnly = 0
    public var rag: [RAG: Int] = [:]
    /// Settings with at least one critical item failed.
    public var criticalFailures = 0
    /// Per standard: how many settings were rated each RAG.
    public var standardRAG: [[RAG: Int]]
    /// Per standard: sum of settings' percentages (tenths) and how many had one.
    public var standardPermilleSum: [Int]
    public var standardRated: [Int]
    public var overallPermilleSum = 0
    public var overallRated = 0
    /// Per question: settings answering with a compliant ("met") option, settings answering
    /// with any scored option other than not applicable, not applicable, and blank.
    public var met: [Int]
    public var answered: [Int]
    public var notApplicable: [Int]
    public var unanswered: [Int]

    init(questions: Int, standards: Int) {
        standardRAG = Array(repeating: [:], count: standards)
        standardPermilleSum = Array(repeating: 0, count: standards)
        standardRated = Array(repeating: 0, count: standards)
        met = Array(repeating: 0, count: questions)
        answered = Array(repeating: 0, count: questions)
        notApplicable = Array(repeating: 0, count: questions)
        unanswered = Array(repeating: 0, count: questions)
    }

    /// Met and answered over a set of questions (an element, a standard, a theme).
    public func compliance(_ questions: [Int]) -> (met: Int, answered: Int) {
        questions.reduce((0, 0)) { ($0.0 + met[$1], $0.1 + answered[$1]) }
    }

    /// The mean of the settings' overall percentages, in tenths.
    public var meanPermille: Int? {
        overallRated > 0 ? (overallPermilleSum * 2 + overallRated) / (overallRated * 2) : nil
    }

    public func meanPermille(standard: Int) -> Int? {
        standardRated[standard] > 0 ? (standardPermilleSum[standard] * 2 + standardRated[standard]) / (standardRated[standard] * 2) : nil
    }
}

/// Everything the reports need to know about one questionnaire's returns, by group.
public struct Analysis: Sendable {
    public var questionnaire: Questionnaire
    public var groups: [GroupKey: GroupTally]
    /// The localities with settings expected to answer this questionnaire, sorted.
    public var localities: [String]

    public func tally(_ key: GroupKey) -> GroupTally? { groups[key] }

    /// The groups of one facet kind within a locality (or the area), sorted.
    public func keys(locality: String?, where include: (GroupKey.Facet) -> Bool) -> [GroupKey] {
        groups.keys.filter { $0.locality == locality && include($0.facet) }.sorted()
    }

    /// Questions tagged with `theme`, in questionnaire order.
    public func questions(theme: String) -> [Int] {
        questionnaire.questions.indices.filter { questionnaire.questions[$0].themes.contains(theme) }
    }

    public func questions(standard: Int) -> [Int] {
        questionnaire.standards[standard].elements.flatMap { questionnaire.elements[$0].questions }
    }

    /// Counts every return and setting into each group it belongs to.
    public static func analyse(_ result: BatchResult) -> [Analysis] {
        result.questionnaires.map { questionnaire in
            let questions = questionnaire.questions.count
            let standards = questionnaire.standards.count
            // Tallies live in an array, found through their key once per setting, so the
            // inner loops change them in place.
            var tallies: [GroupTally] = []
            var indexOf: [GroupKey: Int] = [:]
            var groupsOf: [String: [Int]] = [:]
            func indices(for setting: Setting) -> [Int] {
                if let known = groupsOf[setting.urn] { return known }
                var facets: [GroupKey.Facet] = [.all, .phase(setting.phase), .typeGroup(setting.typeGroup)]
                if setting.isSpecialist { facets.append(.specialist) }
                let found = facets.flatMap { [GroupKey(locality: nil, $0), GroupKey(locality: setting.locality, $0)] }.map { key in
                    if let index = indexOf[key] { return index }
                    indexOf[key] = tallies.count
                    tallies.append(GroupTally(questions: questions, standards: standards))
                    return tallies.count - 1
                }
                groupsOf[setting.urn] = found
                return found
            }
            for setting in result.register.settings where setting.population == questionnaire.population {
                for i in indices(for: setting) { tallies[i].expected += 1 }
            }
            for missing in result.nonReturns where missing.status == .rejected && missing.setting.population == questionnaire.population {
                for i in indices(for: missing.setting) { tallies[i].rejectedOnly += 1 }
            }
            let table = questionnaire.table
            // Per question of one return: 0 not counted, 1 blank, 2 not applicable, 3 answered, 4 met.
            var kinds = [UInt8](repeating: 0, count: questions)
            for index in result.accepted.indices where result.accepted[index].record.questionnaire == questionnaire.key {
                let scored = result.accepted[index]
                for q in 0..<questions {
                    let code = scored.record.answers[q]
                    switch code {
                    case AnswerCode.notForThisSetting, AnswerCode.recorded: kinds[q] = 0
                    case AnswerCode.unanswered: kinds[q] = 1
                    default:
                        if table.flags[q] & ScoringTable.scored == 0 {
                            kinds[q] = 0
                        } else {
                            let flags = table.optionFlags[table.optionStart[q] + Int(code)]
                            kinds[q] = flags & ScoringTable.notApplicable != 0 ? 2 : (flags & ScoringTable.compliant != 0 ? 4 : 3)
                        }
                    }
                }
                for i in indices(for: scored.setting) {
                    tallies[i].returned += 1
                    tallies[i].timeliness[scored.timeliness, default: 0] += 1
                    if let rag = scored.score.overallRAG { tallies[i].rag[rag, default: 0] += 1 }
                    if !scored.score.criticalFailures.isEmpty { tallies[i].criticalFailures += 1 }
                    if let permille = scored.score.overall.permille {
                        tallies[i].overallPermilleSum += permille
                        tallies[i].overallRated += 1
                    }
                    for s in 0..<standards {
                        if let rag = scored.score.standardRAG[s] { tallies[i].standardRAG[s][rag, default: 0] += 1 }
                        if let permille = scored.score.standards[s].permille {
                            tallies[i].standardPermilleSum[s] += permille
                            tallies[i].standardRated[s] += 1
                        }
                    }
                    tallies[i].add(kinds)
                }
            }
            let localities = Set(result.register.settings.filter { $0.population == questionnaire.population }.map(\.locality))
            return Analysis(
                questionnaire: questionnaire, groups: indexOf.mapValues { tallies[$0] }, localities: localities.sorted())
        }
    }
}

extension GroupTally {
    /// Adds one return's answers, classified per question as `analyse` describes.
    mutating func add(_ kinds: [UInt8]) {
        for q in kinds.indices {
            switch kinds[q] {
            case 1: unanswered[q] += 1
            case 2: notApplicable[q] += 1
            case 3: answered[q] += 1
            case 4:
                answered[q] += 1
                met[q] += 1
            default: break
            }
        }
    }
}
