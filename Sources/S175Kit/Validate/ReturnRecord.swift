/// One school's accepted (or superseded) return, held compactly: a byte per question,
/// with text only where the school wrote some. A national batch is 25,000 of these.
public struct ReturnRecord: Sendable, Hashable {
    public var urn: String
    public var questionnaire: QuestionnaireKey
    public var submitted: Timestamp
    /// Where the return starts in its file.
    public var source: SourceLocation
    /// Per question (by index): the option index in its scale, or an `AnswerCode`.
    public var answers: [UInt8]
    /// Values, evidence and actions, ordered by question index.
    public var details: [AnswerDetail]

    public func detail(for question: Int) -> AnswerDetail? {
        var low = 0
        var high = details.count
        while low < high {
            let mid = (low + high) / 2
            if details[mid].question < question { low = mid + 1 } else { high = mid }
        }
        return low < details.count && details[low].question == question ? details[low] : nil
    }
}

/// Answer states that are not an option of the question's scale.
public enum AnswerCode {
    public static let unanswered: UInt8 = 255
    /// The question's applies-to filter leaves this setting out.
    public static let notForThisSetting: UInt8 = 254
    /// A number that is recorded, not scored.
    public static let recorded: UInt8 = 253
    /// Option indices must stay below this.
    public static let firstSpecial: UInt8 = 253
}

/// What a school wrote beside an answer.
public struct AnswerDetail: Sendable, Hashable {
    public var question: Int
    /// The date or number as given (normalised: `2025-09-12`, `97.5`); empty for codes.
    public var value: String
    public var evidence: String
    public var action: ActionPlan?
}

/// An action the school plans against an item it has not fully met.
public struct ActionPlan: Sendable, Hashable {
    public var text: String
    public var due: CivilDate?
    public var owner: String
}
