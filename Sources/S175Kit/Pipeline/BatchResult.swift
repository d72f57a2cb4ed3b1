/// Everything one run of a cycle produced: what the outputs are written from.
public struct BatchResult: Sendable {
    public var cycle: CycleSettings
    public var questionnaires: [Questionnaire]
    /// The risk policies the cycle applies.
    public var policies: [RiskPolicy]
    public var register: Register
    /// Every return file read, in the order read.
    public var files: [ReturnFileInfo]
    /// One accepted return per setting and questionnaire, sorted by locality, name and URN.
    public var accepted: [ScoredReturn]
    /// Returns replaced by a later submission from the same setting.
    public var superseded: [ReturnRecord]
    public var rejected: [RejectedReturn]
    /// Settings expected to return that have no accepted return.
    public var nonReturns: [NonReturn]
    /// Every problem found, in the order of the files and lines they concern.
    public var diagnostics: [Diagnostic]

    public func questionnaire(_ key: QuestionnaireKey) -> Questionnaire? {
        questionnaires.first { $0.key == key }
    }

    /// Counts per locality and population (schools first), in one pass over the batch.
    public func tallies() -> [LocalityTally] {
        var tallies: [LocalityTally] = []
        var index: [LocalityTally.Key: Int] = [:]
        func tally(_ setting: Setting) -> Int {
            let key = LocalityTally.Key(locality: setting.locality, population: setting.population)
            if let known = index[key] { return known }
            index[key] = tallies.count
            tallies.append(LocalityTally(locality: setting.locality, population: setting.population))
            return tallies.count - 1
        }
        for setting in register.settings { tallies[tally(setting)].expected += 1 }
        for scored in accepted {
            let i = tally(scored.setting)
            tallies[i].accepted += 1
            if let rag = scored.score.overallRAG { tallies[i].rag[rag, default: 0] += 1 }
        }
        for missing in nonReturns where missing.status == .rejected { tallies[tally(missing.setting)].rejected += 1 }
        return tallies.sorted {
            ($0.population != "schools" ? 1 : 0, $0.population, $0.locality) < ($1.population != "schools" ? 1 : 0, $1.population, $1.locality)
        }
    }
}

/// How one locality's settings fared.
public struct LocalityTally: Sendable, Hashable {
    struct Key: Hashable {
        var locality: String
        var population: String
    }

    public var locality: String
    public var population: String
    /// Settings expected to return.
    public var expected = 0
    public var accepted = 0
    /// Settings whose only return was rejected.
    public var rejected = 0
    public var rag: [RAG: Int] = [:]
}

public struct ScoredReturn: Sendable {
    public var record: ReturnRecord
    public var setting: Setting
    public var score: ReturnScore
    public var timeliness: Timeliness
}

public struct RejectedReturn: Sendable, Hashable {
    public var urn: String
    public var submitted: Timestamp?
    public var questionnaireID: String
    public var source: SourceLocation
}

public struct NonReturn: Sendable, Hashable {
    public enum Status: String, Sendable {
        case noReturn = "no return received"
        case rejected = "return rejected"
    }
    public var setting: Setting
    public var status: Status
    /// Where the rejected return is, to find its problems in rejected.csv.
    public var rejectedAt: SourceLocation?
}

public struct ReturnFileInfo: Sendable, Hashable {
    public var file: String
    public var carrier: Carrier?
    public var fingerprint: FileFingerprint?
    public var returnsRead: Int
}

/// Which population a return or problem belongs to, with the lookups built once for a
/// batch (a report asks for every problem in it).
public struct PopulationIndex {
    private let register: Register
    private let byQuestionnaire: [String: String]
    /// For URNs not expected to return: the questionnaire their rejected return named.
    private let rejectedForm: [String: String]
    private let hasEarlyYears: Bool
    private let fallback: String

    public init(_ result: BatchResult) {
        register = result.register
        byQuestionnaire = Dictionary(result.questionnaires.map { ($0.id, $0.population) }, uniquingKeysWith: { first, _ in first })
        rejectedForm = Dictionary(result.rejected.map { ($0.urn, $0.questionnaireID) }, uniquingKeysWith: { first, _ in first })
        hasEarlyYears = result.questionnaires.contains { $0.population == EarlyYears.population }
        fallback = result.questionnaires.first?.population ?? "schools"
    }

    /// The setting's population; for a URN not expected to return, that of the questionnaire
    /// its return named; else early years for an EY URN, and the first questionnaire's for any other.
    public func population(urn: String, questionnaire: String = "") -> String {
        if let setting = register.setting(urn: urn) { return setting.population }
        if let form = byQuestionnaire[questionnaire.isEmpty ? rejectedForm[urn] ?? "" : questionnaire] { return form }
        if urn.hasPrefix("EY") && hasEarlyYears { return EarlyYears.population }
        return fallback
    }
}
