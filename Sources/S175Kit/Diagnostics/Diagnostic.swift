/// Where in an input a problem was found: the path as the user gave it,
/// 1-based line and column (0 when a problem concerns the whole file or line).
public struct SourceLocation: Sendable, Hashable, Comparable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    /// `file:line:col`, leaving out what is unknown.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        if line > 0 && column > 0 { text += ":\(column)" }
        return text
    }
}

/// A problem found in the user's input. Problems are collected as values and
/// reported together; they never stop the batch.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// What the problem did to the data it was found in, for the officer reading `rejected.csv`.
    public enum Effect: String, Sendable {
        case returnRejected = "return rejected"
        case returnAccepted = "return accepted"
        case returnSuperseded = "return superseded"
        case rowSkipped = "row skipped"
        case fileSkipped = "file not read"
        case settingSkipped = "register row left out"
        case definitionRejected = "definition not usable"
        case none = ""
    }

    public var severity: Severity
    public var problem: Problem
    public var location: SourceLocation
    /// The school the problem concerns, when known.
    public var urn: String
    /// What is wrong, in plain English.
    public var message: String
    /// What the reader should do about it.
    public var fix: String
    public var effect: Effect
    /// For XML, which attribute or element the column should point at once it can be found.
    var columnHint: String?

    public init(
        _ severity: Severity, _ problem: Problem, at location: SourceLocation, urn: String = "",
        _ message: String, fix: String = "", effect: Effect = .none
    ) {
        self.severity = severity
        self.problem = problem
        self.location = location
        self.urn = urn
        self.message = message
        self.fix = fix
        self.effect = effect
    }

    /// `file:line:col: error: message (what to do)`, the form editors and officers both read.
    public var rendered: String { rendered(severity: severity.rawValue) }

    /// The same, with the severity word as given (a terminal colours it).
    public func rendered(severity word: String) -> String {
        var text = "\(location.description): \(word): \(message)"
        if !fix.isEmpty {
            text += [".", "?", "!"].contains(message.last) ? " " : ". "
            text += fix
        }
        return text
    }
}

extension Diagnostic {
    /// Orders diagnostics by where they were found, so every report lists them the same way.
    public static func sortedForReport(_ list: [Diagnostic]) -> [Diagnostic] {
        list.sorted { a, b in
            if a.location != b.location { return a.location < b.location }
            if a.severity != b.severity { return a.severity < b.severity }
            return (a.problem.rawValue, a.message) < (b.problem.rawValue, b.message)
        }
    }
}
