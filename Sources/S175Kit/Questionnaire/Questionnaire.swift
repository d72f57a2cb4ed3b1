/// A questionnaire as the pipeline uses it: a core definition with the local modules
/// that extend it merged in, flattened so questions are addressed by index.
public struct Questionnaire: Sendable {
    public var id: String
    public var version: String
    public var title: String
    public var description: String
    /// Who answers it: `schools` or `early-years`.
    public var population: String
    public var rag: RAGThresholds
    public var themes: [Theme]
    public var scales: [Scale]
    public var standards: [Standard]
    public var elements: [Element]
    public var questions: [Question]
    /// The files it was built from: the core first, then each module.
    public var parts: [DefinitionPart]
    private(set) var questionIndexByID: [String: Int] = [:]
    /// The numbers scoring needs, laid out flat so scoring a return copies no Strings.
    let table: ScoringTable

    init(
        id: String, version: String, title: String, description: String, population: String,
        rag: RAGThresholds, themes: [Theme], scales: [Scale], standards: [Standard],
        elements: [Element], questions: [Question], parts: [DefinitionPart]
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.population = population
        self.rag = rag
        self.themes = themes
        self.scales = scales
        self.standards = standards
        self.elements = elements
        self.questions = questions
        self.parts = parts
        for (index, question) in questions.enumerated() {
            questionIndexByID[question.id] = index
        }
        table = ScoringTable(questions: questions, scales: scales)
    }

    public func questionIndex(_ id: String) -> Int? { questionIndexByID[id] }

    public func theme(_ id: String) -> Theme? { themes.first { $0.id == id } }

    /// `esat 2026.1`.
    public var key: QuestionnaireKey { QuestionnaireKey(id: id, version: version) }
}

public struct QuestionnaireKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var id: String
    public var version: String

    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }

    public static func < (a: QuestionnaireKey, b: QuestionnaireKey) -> Bool { (a.id, a.version) < (b.id, b.version) }
    public var description: String { "\(id) \(version)" }
}

/// One definition file that went into a questionnaire.
public struct DefinitionPart: Sendable, Hashable {
    public enum Kind: String, Sendable { case questionnaire, module }
    public var kind: Kind
    public var id: String
    public var version: String
    public var title: String
    public var file: String
    public var fingerprint: FileFingerprint
    /// The file as read, kept so the history store can rebuild the questionnaire exactly.
    public var content: [UInt8]
}

/// Percentages at or above `green` are Green, at or above `amber` Amber, below Red.
/// Held in hundredths of a percent so comparisons are exact.
public struct RAGThresholds: Sendable, Hashable {
    public var greenFromHundredths: Int
    public var amberFromHundredths: Int

    public func rating(_ score: Score) -> RAG? {
        guard score.possible > 0 else { return nil }
        // achieved / possible >= t / 10000, without division.
        if score.achieved * 10_000 >= greenFromHundredths * score.possible { return .green }
        if score.achieved * 10_000 >= amberFromHundredths * score.possible { return .amber }
        return .red
    }
}

public enum RAG: String, Sendable, Hashable, CaseIterable, Comparable {
    case red = "R", amber = "A", green = "G"

    public var label: String {
        switch self {
        case .red: "Red"
        case .amber: "Amber"
        case .green: "Green"
        }
    }

    private var rank: Int {
        switch self {
        case .red: 0
        case .amber: 1
        case .green: 2
        }
    }
    public static func < (a: RAG, b: RAG) -> Bool { a.rank < b.rank }
}

public struct Theme: Sendable, Hashable {
    public var id: String
    public var label: String
    /// Named by the partnership as one of its priorities.
    public var priority: Bool
}

public struct Scale: Sendable, Hashable {
    public var id: String
    public var label: String
    public var options: [ScaleOption] {
        didSet { codes = CodeTable(options.map(\.code)) }
    }
    private var codes: CodeTable

    public init(id: String, label: String, options: [ScaleOption]) {
        self.id = id
        self.label = label
        self.options = options
        codes = CodeTable(options.map(\.code))
    }

    /// The highest score any option gives: what "fully met" is worth.
    public var maxScore: Int { options.compactMap(\.score).max() ?? 0 }

    /// The index of the option with this exact code.
    public func optionIndex(code: some StringProtocol) -> Int? {
        options.firstIndex { $0.code == code }
    }

    /// Matches raw answer bytes against the codes without making a String (the hot path of ingest).
    @inline(__always)
    public func optionIndex(bytes: UnsafeRawBufferPointer) -> Int? {
        codes.index(of: bytes)
    }

    /// `met, partly, not-met, n/a`, for messages.
    public var codeList: String { options.map(\.code).joined(separator: ", ") }
}

public struct ScaleOption: Sendable, Hashable {
    public var code: String
    public var label: String
    /// Points for this answer; nil for not applicable.
    public var score: Int?
    public var notApplicable: Bool
    /// Satisfies a critical item.
    public var compliant: Bool
}

/// A scale's codes in one flat byte array, so matching an answer touches no Strings.
struct CodeTable: Sendable, Hashable {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    init(_ codes: [String]) {
        for code in codes {
            bytes += code.utf8
            starts.append(bytes.count)
        }
    }

    @inline(__always)
    func index(of value: UnsafeRawBufferPointer) -> Int? {
        bytes.withUnsafeBufferPointer { table in
            starts.withUnsafeBufferPointer { starts in
                for option in 0..<(starts.count - 1) {
                    let start = starts[option]
                    guard starts[option + 1] - start == value.count else { continue }
                    var i = 0
                    while i < value.count, table[start + i] == value[i] { i += 1 }
                    if i == value.count { return option }
                }
                return nil
            }
        }
    }
}

public struct Standard: Sendable, Hashable {
    public var id: String
    public var title: String
    /// Indices into `Questionnaire.elements`.
    public var elements: [Int]
    /// The module that introduced it, or nil for the core.
    public var module: String?
}

public struct Element: Sendable, Hashable {
    public var id: String
    public var title: String
    public var standard: Int
    /// Indices into `Questionnaire.questions`.
    public var questions: [Int]
    public var module: String?
}

public struct Question: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Answered with a scale code.
        case choice
        /// Answered with a date; the first band it falls in gives the option.
        case date(bands: [DateBand], otherwise: Int)
        /// Answered with a number; scored through bands when it has a scale.
        case number(bands: [NumberBand], otherwise: Int?, unit: String, min: DecimalNumber?, max: DecimalNumber?)
    }

    public var id: String
    public var text: String
    public var kind: Kind
    /// Index into `Questionnaire.scales`; nil for a number that is recorded, not scored.
    public var scale: Int?
    public var weight: Int
    public var critical: Bool
    public var mandatory: Bool
    public var requirement: String
    public var guidance: String
    public var themes: [String]
    public var appliesTo: AppliesTo?
    /// Ids of earlier questions this one continues (the crosswalk for trends).
    public var continues: [String]
    public var standard: Int
    public var element: Int
    public var module: String?

    public var isScored: Bool { scale != nil }

    public var typeName: String {
        switch kind {
        case .choice: "choice"
        case .date: "date"
        case .number: "number"
        }
    }
}

public struct DateBand: Sendable, Hashable {
    /// The date is no more than this many months before the census date.
    public var withinMonths: Int
    public var option: Int
}

public struct NumberBand: Sendable, Hashable {
    public var atLeast: DecimalNumber?
    public var atMost: DecimalNumber?
    public var option: Int

    func contains(_ value: DecimalNumber) -> Bool {
        if let atLeast, value < atLeast { return false }
        if let atMost, value > atMost { return false }
        return true
    }
}

/// Which settings a question is for. Empty lists do not restrict.
public struct AppliesTo: Sendable, Hashable {
    public var phases: [String]
    public var types: [String]
    public var typeGroups: [String]

    public func includes(phase: String, type: String, typeGroup: String) -> Bool {
        if !phases.isEmpty && !phases.contains(phase) { return false }
        if !types.isEmpty || !typeGroups.isEmpty {
            return types.contains(type) || typeGroups.contains(typeGroup)
        }
        return true
    }

    /// `phase: Secondary, All-through; type group: Special schools`.
    public var summary: String {
        var parts: [String] = []
        if !phases.isEmpty { parts.append("phase: " + phases.joined(separator: ", ")) }
        if !types.isEmpty { parts.append("type: " + types.joined(separator: ", ")) }
        if !typeGroups.isEmpty { parts.append("type group: " + typeGroups.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
