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

    /// Counts per locality, in one pass over the batch.
    public func tallies() -> [LocalityTally] {
        var byLocality: [String: LocalityTally] = [:]
        for setting in register.settings {
            byLocality[setting.locality, default: LocalityTally(locality: setting.locality)].expected += 1
        }
        for index in accepted.indices {
            let locality = accepted[index].setting.locality
            byLocality[locality, default: LocalityTally(locality: locality)].accepted += 1
            if let rag = accepted[index].score.overallRAG { byLocality[locality]?.rag[rag, default: 0] += 1 }
        }
        for missing in nonReturns where missing.status == .rejected {
            byLocality[missing.setting.locality]?.rejected += 1
        }
        return byLocality.values.sorted { $0.locality < $1.locality }
    }
}

/// How one locality's settings fared.
public struct LocalityTally: Sendable, Hashable {
    public var locality: String
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
