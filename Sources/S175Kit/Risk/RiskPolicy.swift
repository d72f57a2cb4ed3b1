/// How serious a risk is; the register is ordered by it.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case high, medium, low

    private var rank: Int {
        switch self {
        case .high: 0
        case .medium: 1
        case .low: 2
        }
    }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// A set of risk rules for one questionnaire, read from a policy file.
public struct RiskPolicy: Sendable {
    public enum Kind: String, Sendable {
        case criticalNotMet = "critical-not-met"
        case dateOlderThan = "date-older-than"
        case standardRed = "standard-red"
        case overallBelow = "overall-below"
        case decline = "decline"
        case noReturn = "no-return"
        case mandatoryUnanswered = "mandatory-unanswered"
        case unresolvedFlag = "unresolved-flag"
    }

    public struct Rule: Sendable {
        public var id: String
        public var kind: Kind
        public var severity: Severity
        public var description: String
        /// date-older-than: each question and its limit in months.
        public var dates: [(question: String, months: Int)]
        /// standard-red: the standards it watches (empty: all).
        public var standards: [String]
        /// overall-below: the percentage; decline: the points; mandatory-unanswered: the share.
        public var limit: DecimalNumber?
    }

    public var id: String
    public var version: String
    public var title: String
    public var questionnaire: String
    public var rules: [Rule]
    /// The file, kept whole so the history store can rebuild the policy exactly.
    public var file: String
    public var content: [UInt8]
    public var fingerprint: FileFingerprint
}

public enum RiskPolicyLoader {
    static let schema: XMLSchema = {
        do { return try XMLSchema(xsd: Schemas.risk_policy) } catch {
            preconditionFailure("the built-in risk policy schema does not compile")
        }
    }()

    /// Whether the file at `input` is a risk policy (its root element says so).
    static func isPolicy(_ file: LoadedFile) -> Bool {
        let head = String(decoding: file.bytes.prefix(2048), as: UTF8.self)
        return head.contains("<risk-policy")
    }

    /// Reads policy files and checks them against the questionnaires they name.
    public static func load(_ paths: [InputPath], questionnaires: [Questionnaire]) -> ([RiskPolicy], [Diagnostic]) {
        var policies: [RiskPolicy] = []
        var diagnostics: [Diagnostic] = []
        for input in paths {
            do {
                let file = try LoadedFile.read(path: input.path, displayPath: input.display)
                let (policy, problems) = load(file, questionnaires: questionnaires)
                diagnostics += problems
                if let policy { policies.append(policy) }
            } catch {
                diagnostics.append(Diagnostic(
                    .error, .unreadableFile, at: SourceLocation(file: input.display),
                    "the risk policy could not be read: \(error.message)", fix: "Check the path.", effect: .definitionRejected))
            }
        }
        return (policies, diagnostics)
    }

    static func load(_ file: LoadedFile, questionnaires: [Questionnaire]) -> (RiskPolicy?, [Diagnostic]) {
        let (tree, problems) = file.parseTree(schema: schema, effect: .definitionRejected)
        guard let root = tree else { return (nil, problems) }
        var diagnostics = problems
        func at(_ line: Int, _ needle: String?) -> SourceLocation {
            SourceLocation(file: file.displayPath, line: line, column: file.column(line: line, needle: needle))
        }
        func error(_ location: SourceLocation, _ message: String, fix: String) {
            diagnostics.append(Diagnostic(.error, .badRule, at: location, message, fix: fix, effect: .definitionRejected))
        }
        let questionnaireID = root.attribute("questionnaire") ?? ""
        let versions = questionnaires.filter { $0.id == questionnaireID }
        if versions.isEmpty {
            error(at(root.line, "questionnaire="), "the policy is for questionnaire \"\(questionnaireID)\", which was not loaded",
                  fix: "Load the questionnaire with the policy, or correct the questionnaire attribute.")
        }
        var rules: [RiskPolicy.Rule] = []
        var ids = Set<String>()
        for node in root.children("rule") {
            let id = node.attribute("id") ?? ""
            let location = at(node.line, "id=\"\(id)\"")
            guard ids.insert(id).inserted else {
                error(location, "rule \(id) is defined twice", fix: "Give each rule its own id.")
                continue
            }
            guard let kind = RiskPolicy.Kind(rawValue: node.attribute("kind") ?? ""),
                  let severity = Severity(rawValue: node.attribute("severity") ?? "")
            else { continue }  // the schema has already reported it
            var rule = RiskPolicy.Rule(
                id: id, kind: kind, severity: severity, description: DefinitionFile.normalised(node.childText("description")),
                dates: [], standards: node.children("standard").compactMap { $0.attribute("id") }, limit: nil)
            for question in node.children("question") {
                let qid = question.attribute("id") ?? ""
                let months = Int(question.attribute("months") ?? "") ?? 0
                let qlocation = at(question.line, "id=\"\(qid)\"")
                if months <= 0 {
                    error(qlocation, "\(months) months is not a period", fix: "Give a whole number of months of 1 or more.")
                }
                if !versions.isEmpty {
                    let kinds = versions.compactMap { version in version.questionIndex(qid).map { version.questions[$0].kind } }
                    if kinds.isEmpty {
                        error(qlocation, "rule \(id) names question \(qid), which \(questionnaireID) does not have",
                              fix: "Use the id of a date question from the data dictionary.")
                    } else if !kinds.allSatisfy({ if case .date = $0 { true } else { false } }) {
                        error(qlocation, "rule \(id) names question \(qid), which is not a date question",
                              fix: "date-older-than rules read date questions only.")
                    }
                }
                rule.dates.append((qid, months))
            }
            for standard in rule.standards where !versions.isEmpty && !versions.contains(where: { q in q.standards.contains { $0.id == standard } }) {
                error(at(node.line, nil), "rule \(id) names standard \(standard), which \(questionnaireID) does not have",
                      fix: "Use a standard id: \(Set(versions.flatMap { $0.standards.map(\.id) }).sorted().joined(separator: ", ")).")
            }
            let parameter: String? = switch kind {
            case .overallBelow: "percent"
            case .decline: "points"
            case .mandatoryUnanswered: "share"
            default: nil
            }
            if let parameter {
                if let text = node.attribute(parameter), let value = DecimalNumber(parsing: text) {
                    if value.scaled <= 0 || value > DecimalNumber(100) {
                        error(at(node.line, parameter + "="), "\(parameter) \(value) is impossible for rule \(id)",
                              fix: "Give a number above 0 and at most 100.")
                    }
                    rule.limit = value
                } else {
                    error(at(node.line, "kind="), "rule \(id) (\(kind.rawValue)) needs a \(parameter) attribute",
                          fix: "Add \(parameter)=\"...\".")
                }
            }
            if kind == .dateOlderThan && rule.dates.isEmpty {
                error(location, "rule \(id) names no questions", fix: "Add <question id=\"...\" months=\"...\"/> for each dated item.")
            }
            rules.append(rule)
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        return (RiskPolicy(
            id: root.attribute("id") ?? "", version: root.attribute("version") ?? "", title: root.attribute("title") ?? "",
            questionnaire: questionnaireID, rules: rules, file: file.displayPath, content: file.bytes,
            fingerprint: file.fingerprint), diagnostics)
    }
}
