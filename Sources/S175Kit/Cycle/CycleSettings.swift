/// One annual cycle: its dates and the inputs that make up its batch.
public struct CycleSettings: Sendable {
    public var id: String
    /// The whole area the batch covers ("Berkshire West"), for report titles.
    public var area: String
    public var censusDate: CivilDate
    public var deadline: CivilDate
    public var finalDeadline: CivilDate
    public var questionnaires: [InputPath]
    public var registers: [RegisterSource]
    public var returns: [InputPath]
    /// Risk policies: the rules that flag settings.
    public var riskPolicies: [InputPath]
    /// ESG editions suppress cells built from fewer settings than this.
    public var minimumCell: Int
    /// A folder of report templates replacing the built-in ones.
    public var templates: InputPath?
    /// How to propose peer-review pairings; nil when the cycle has no peer review.
    public var peerReview: PeerReviewSettings?
    /// The cycle file itself, when there was one.
    public var file: InputPath?

    public init(
        id: String, area: String, censusDate: CivilDate, deadline: CivilDate, finalDeadline: CivilDate,
        questionnaires: [InputPath], registers: [RegisterSource], returns: [InputPath], riskPolicies: [InputPath] = [],
        minimumCell: Int = 3, templates: InputPath? = nil, file: InputPath? = nil
    ) {
        self.id = id
        self.area = area
        self.censusDate = censusDate
        self.deadline = deadline
        self.finalDeadline = finalDeadline
        self.questionnaires = questionnaires
        self.registers = registers
        self.returns = returns
        self.riskPolicies = riskPolicies
        self.minimumCell = minimumCell
        self.templates = templates
        self.file = file
    }

    /// Whether a return submitted at `time` met the deadline, the final deadline, or neither (UK dates).
    public func timeliness(of time: Timestamp) -> Timeliness {
        let day = time.ukDate
        if day <= deadline { return .onTime }
        if day <= finalDeadline { return .late }
        return .afterFinalDeadline
    }
}

public enum Timeliness: String, Sendable, CaseIterable {
    case onTime = "on time"
    case late = "late"
    case afterFinalDeadline = "after final deadline"
}

/// The choices behind peer-review pairings.
public struct PeerReviewSettings: Sendable, Hashable {
    /// Partners offered to each setting when the batch is too big for the complete graph.
    public var candidates = 30
    /// Up to this many settings every allowed pair is considered, so the pairing is optimal.
    public var completeUpTo = 1500
    public var differentLocalityBonus = 20
    /// Pairs that met in this many previous cycles may not meet again.
    public var avoidRepeatCycles = 2
    /// Early-years providers are paired with each other only.
    public var earlyYearsApart = true

    public init() {}
}

/// Where a register comes from and how to read it.
public struct RegisterSource: Sendable, Hashable {
    public static let defaultLocalityColumn = "LA (name)"
    public static let defaultExcludedTypeGroups = [
        "Colleges", "Universities", "Children's centres", "Welsh schools", "Online provider",
    ]

    public var file: InputPath
    public var localityColumn: String
    /// Empty means every LA in the file.
    public var laCodes: [String]
    public var excludedTypeGroups: [String]
    /// `schools` for a GIAS extract, `early-years` for a list of providers on Ofsted's early years register.
    public var population: String

    public init(
        file: InputPath, localityColumn: String = RegisterSource.defaultLocalityColumn, laCodes: [String] = [],
        excludedTypeGroups: [String] = RegisterSource.defaultExcludedTypeGroups, population: String = "schools"
    ) {
        self.file = file
        self.localityColumn = localityColumn
        self.laCodes = laCodes
        self.excludedTypeGroups = excludedTypeGroups
        self.population = population
    }
}

extension CycleSettings {
    static let schema: XMLSchema = {
        do { return try XMLSchema(xsd: Schemas.cycle) } catch {
            preconditionFailure("the built-in cycle schema does not compile")
        }
    }()

    /// Reads a cycle file. Paths inside it are relative to the file's folder.
    public static func load(_ input: InputPath) -> (CycleSettings?, [Diagnostic]) {
        let file: LoadedFile
        do {
            file = try LoadedFile.read(path: input.path, displayPath: input.display)
        } catch {
            return (nil, [Diagnostic(
                .error, .unreadableFile, at: SourceLocation(file: input.display),
                "the cycle file could not be read: \(error.message)", fix: "Check the path.")])
        }
        let (tree, problems) = file.parseTree(schema: schema, effect: .none)
        guard let root = tree else { return (nil, problems) }
        let base = Paths.directory(of: input.path)
        let displayBase = Paths.directory(of: input.display)
        func resolve(_ href: String) -> InputPath {
            InputPath(Paths.normalise(Paths.join(base, href)), display: Paths.normalise(Paths.join(displayBase, href)))
        }
        func date(_ name: String) -> CivilDate {
            // The schema has checked these are xs:date values.
            CivilDate(parsing: root.attribute(name)?.prefix(10) ?? "") ?? CivilDate(year: 1970, month: 1, day: 1)!
        }
        var diagnostics: [Diagnostic] = []
        var settings = CycleSettings(
            id: root.attribute("id") ?? "", area: root.attribute("area") ?? "",
            censusDate: date("census-date"), deadline: date("deadline"), finalDeadline: date("final-deadline"),
            questionnaires: root.children("questionnaire").compactMap { $0.attribute("href").map(resolve) },
            registers: root.children("register").compactMap { node in
                guard let href = node.attribute("href") else { return nil }
                let excluded = node.children("exclude-type-group").map { String($0.text.trimmingSpaces()) }
                return RegisterSource(
                    file: resolve(href),
                    localityColumn: node.attribute("locality-column") ?? RegisterSource.defaultLocalityColumn,
                    laCodes: (node.attribute("la-codes") ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init),
                    excludedTypeGroups: excluded.isEmpty ? RegisterSource.defaultExcludedTypeGroups : excluded,
                    population: node.attribute("population") ?? "schools")
            },
            returns: root.children("returns").compactMap { $0.attribute("href").map(resolve) },
            riskPolicies: root.children("risk-policy").compactMap { $0.attribute("href").map(resolve) },
            minimumCell: root.child("disclosure")?.attribute("min-cell").flatMap { Int($0) } ?? 3,
            templates: root.child("templates")?.attribute("href").map(resolve), file: input)
        settings.peerReview = root.child("peer-review").map { node in
            var review = PeerReviewSettings()
            if let k = node.attribute("candidates").flatMap({ Int($0) }) { review.candidates = k }
            if let n = node.attribute("complete-up-to").flatMap({ Int($0) }) { review.completeUpTo = n }
            if let bonus = node.attribute("different-locality-bonus").flatMap({ Int($0) }) { review.differentLocalityBonus = bonus }
            if let cycles = node.attribute("avoid-repeat-cycles").flatMap({ Int($0) }) { review.avoidRepeatCycles = cycles }
            if let apart = DefinitionFile.flag(node.attribute("early-years-apart")) { review.earlyYearsApart = apart }
            return review
        }
        if settings.finalDeadline < settings.deadline {
            diagnostics.append(Diagnostic(
                .error, .badCycle, at: SourceLocation(file: input.display, line: root.line, column: file.column(line: root.line, needle: "final-deadline=")),
                "the final deadline (\(settings.finalDeadline)) is before the deadline (\(settings.deadline))",
                fix: "Set final-deadline on or after deadline."))
        }
        if settings.id.contains("/") || settings.id.hasPrefix(".") {
            diagnostics.append(Diagnostic(
                .error, .badCycle, at: SourceLocation(file: input.display, line: root.line, column: file.column(line: root.line, needle: "id=")),
                "the cycle id \"\(settings.id)\" cannot name an output folder", fix: "Use a plain id such as 2026."))
        }
        return (settings, problems + diagnostics)
    }
}
