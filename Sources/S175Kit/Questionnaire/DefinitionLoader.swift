/// A path to read and the way to show it to the user.
public struct InputPath: Sendable, Hashable {
    public var path: String
    public var display: String

    public init(_ path: String, display: String? = nil) {
        self.path = path
        self.display = display ?? path
    }
}

/// The questionnaires built from a set of definition files, and everything wrong with them.
public struct DefinitionSet: Sendable {
    public var questionnaires: [Questionnaire]
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func questionnaire(id: String, version: String) -> Questionnaire? {
        questionnaires.first { $0.id == id && $0.version == version }
    }
}

public enum DefinitionLoader {
    static let schema: XMLSchema = {
        do { return try XMLSchema(xsd: Schemas.questionnaire) } catch {
            preconditionFailure("the built-in questionnaire schema does not compile")
        }
    }()

    /// Reads, validates against the schema, checks and merges definition files.
    /// Modules are attached to the questionnaire they extend.
    /// - Parameter searchForCores: when a module's questionnaire is not among `paths`,
    ///   look for it beside the module and in the folder above (for `s175 lint`).
    public static func load(_ paths: [InputPath], searchForCores: Bool = false) -> DefinitionSet {
        var diagnostics: [Diagnostic] = []
        var definitions: [DefinitionFile] = []
        for input in paths {
            let (definition, problems) = read(input)
            diagnostics += problems
            if let definition { definitions.append(definition) }
        }
        if searchForCores {
            definitions += discoverCores(for: definitions, given: paths)
        }
        return build(definitions, diagnostics: diagnostics)
    }

    /// What `s175 lint` checks: questionnaire and module definitions, and risk policies
    /// (checked against the questionnaires given or found beside them).
    public static func lint(_ paths: [InputPath]) -> (DefinitionSet, [RiskPolicy]) {
        var definitionPaths: [InputPath] = []
        var policyFiles: [LoadedFile] = []
        var diagnostics: [Diagnostic] = []
        for input in paths {
            if let file = try? LoadedFile.read(path: input.path, displayPath: input.display), RiskPolicyLoader.isPolicy(file) {
                policyFiles.append(file)
            } else {
                definitionPaths.append(input)
            }
        }
        // A policy alone is checked against the questionnaires in its folder.
        if definitionPaths.isEmpty {
            definitionPaths = policyFiles.flatMap { Paths.xmlFiles(in: [Paths.directory(of: $0.displayPath)]) }
                .filter { path in !policyFiles.contains { $0.displayPath == path } }
                .filter { (try? LoadedFile.read(path: $0, displayPath: $0)).map { !RiskPolicyLoader.isPolicy($0) } ?? false }
                .map { InputPath($0) }
        }
        var set = load(definitionPaths, searchForCores: true)
        var policies: [RiskPolicy] = []
        for file in policyFiles {
            let (policy, problems) = RiskPolicyLoader.load(file, questionnaires: set.questionnaires)
            diagnostics += problems
            if let policy { policies.append(policy) }
        }
        set.diagnostics = Diagnostic.sortedForReport(set.diagnostics + diagnostics)
        return (set, policies)
    }

    /// Builds questionnaires from files already in memory (the history store keeps them).
    static func load(files: [LoadedFile]) -> DefinitionSet {
        var diagnostics: [Diagnostic] = []
        var definitions: [DefinitionFile] = []
        for file in files {
            let (root, problems) = file.parseTree(schema: schema, effect: .definitionRejected)
            diagnostics += problems
            if let root { definitions.append(DefinitionFile(file: file, root: root)) }
        }
        return build(definitions, diagnostics: diagnostics)
    }

    private static func build(_ definitions: [DefinitionFile], diagnostics: [Diagnostic]) -> DefinitionSet {
        var diagnostics = diagnostics

        var cores = definitions.filter { $0.kind == .questionnaire }
        let modules = definitions.filter { $0.kind == .module }.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
        var seen: [QuestionnaireKey: DefinitionFile] = [:]
        cores = cores.filter { core in
            if let first = seen[core.key] {
                diagnostics.append(Diagnostic(
                    .error, .duplicateID, at: core.at(core.line, "version="),
                    "questionnaire \(core.key) is defined twice (also in \(first.file.displayPath))",
                    fix: "Keep one of the two files.", effect: .definitionRejected))
                return false
            }
            seen[core.key] = core
            return true
        }

        var questionnaires: [Questionnaire] = []
        // Schools first, then other populations: the order reports present them in.
        let rank = { (core: DefinitionFile) in core.population == "schools" ? 0 : 1 }
        for core in cores.sorted(by: { (rank($0), $0.key) < (rank($1), $1.key) }) {
            var builder = QuestionnaireBuilder(core: core)
            for module in modules where module.extends == core.id
                && (module.extendsVersions.isEmpty || module.extendsVersions.contains(core.version))
            {
                builder.add(module: module)
            }
            let (questionnaire, problems) = builder.finish()
            diagnostics += problems
            questionnaires.append(questionnaire)
        }
        for module in modules {
            let attached = cores.contains {
                module.extends == $0.id && (module.extendsVersions.isEmpty || module.extendsVersions.contains($0.version))
            }
            if !attached {
                let wanted = module.extends + (module.extendsVersions.isEmpty ? "" : " " + module.extendsVersions.joined(separator: " or "))
                diagnostics.append(Diagnostic(
                    .error, .badModule, at: module.at(module.line, "extends="),
                    "module \(module.id) \(module.version) extends questionnaire \(wanted), which was not loaded",
                    fix: "Load that questionnaire beside the module, or correct extends and extends-version.",
                    effect: .definitionRejected))
            }
        }
        // A problem may be reached twice when a module is merged into two versions of a core.
        var unique = Set<Diagnostic>()
        diagnostics = diagnostics.filter { unique.insert($0).inserted }
        return DefinitionSet(questionnaires: questionnaires, diagnostics: Diagnostic.sortedForReport(diagnostics))
    }

    static func read(_ input: InputPath) -> (DefinitionFile?, [Diagnostic]) {
        let file: LoadedFile
        do {
            file = try LoadedFile.read(path: input.path, displayPath: input.display)
        } catch {
            return (nil, [Diagnostic(
                .error, .unreadableFile, at: SourceLocation(file: input.display),
                "the questionnaire definition could not be read: \(error.message)",
                fix: "Check the path.", effect: .definitionRejected)])
        }
        let (root, problems) = file.parseTree(schema: schema, effect: .definitionRejected)
        guard let root else { return (nil, problems) }
        return (DefinitionFile(file: file, root: root), problems)
    }

    private static func discoverCores(for definitions: [DefinitionFile], given: [InputPath]) -> [DefinitionFile] {
        let have = Set(definitions.filter { $0.kind == .questionnaire }.map(\.key))
        let givenPaths = Set(given.map(\.path))
        var found: [DefinitionFile] = []
        for module in definitions where module.kind == .module {
            let satisfied = have.contains {
                $0.id == module.extends && (module.extendsVersions.isEmpty || module.extendsVersions.contains($0.version))
            }
            if satisfied { continue }
            let folder = Paths.directory(of: module.file.displayPath)
            for candidate in Paths.xmlFiles(in: [folder, Paths.directory(of: folder)]) where !givenPaths.contains(candidate) {
                let (definition, _) = read(InputPath(candidate))
                if let definition, definition.kind == .questionnaire, definition.id == module.extends,
                   module.extendsVersions.isEmpty || module.extendsVersions.contains(definition.version),
                   !found.contains(where: { $0.key == definition.key })
                {
                    found.append(definition)
                }
            }
        }
        return found
    }
}

/// Checks definitions and flattens a core and its modules into one `Questionnaire`.
struct QuestionnaireBuilder {
    private let core: DefinitionFile
    private var diagnostics: [Diagnostic] = []
    private var themes: [Theme] = []
    private var themeIndex: [String: Int] = [:]
    private var scales: [Scale] = []
    private var scaleIndex: [String: Int] = [:]
    private var standards: [Standard] = []
    private var elements: [Element] = []
    private var questions: [Question] = []
    private var questionLocations: [String: SourceLocation] = [:]
    private var parts: [DefinitionPart] = []
    private var rag = RAGThresholds(greenFromHundredths: 8500, amberFromHundredths: 6500)

    static let knownPhases: Set<String> = [
        "Nursery", "Primary", "Middle deemed primary", "Middle deemed secondary", "Secondary",
        "All-through", "16 plus", "Not applicable", "Early years",
    ]

    init(core: DefinitionFile) {
        self.core = core
        checkRAG()
        add(definition: core, module: nil)
    }

    mutating func add(module: DefinitionFile) {
        add(definition: module, module: module.id)
    }

    func finish() -> (Questionnaire, [Diagnostic]) {
        let questionnaire = Questionnaire(
            id: core.id, version: core.version, title: core.title, description: core.description,
            population: core.population, rag: rag, themes: themes, scales: scales, standards: standards,
            elements: elements, questions: questions, parts: parts)
        return (questionnaire, diagnostics)
    }

    private mutating func error(_ problem: Problem, _ location: SourceLocation, _ message: String, fix: String) {
        diagnostics.append(Diagnostic(.error, problem, at: location, message, fix: fix, effect: .definitionRejected))
    }

    private mutating func warning(_ problem: Problem, _ location: SourceLocation, _ message: String, fix: String) {
        diagnostics.append(Diagnostic(.warning, problem, at: location, message, fix: fix))
    }

    private mutating func checkRAG() {
        guard let (green, amber, line) = core.rag else { return }
        let location = core.at(line, "<rag")
        if green.scaled > DecimalNumber(100).scaled || amber.scaled < 0 {
            error(.badThreshold, location, "RAG thresholds must be percentages between 0 and 100",
                  fix: "Set green-from and amber-from between 0 and 100.")
        } else if amber > green {
            error(.badThreshold, location,
                  "amber-from (\(amber)) is higher than green-from (\(green)), so no score could be Amber",
                  fix: "Make amber-from lower than or equal to green-from.")
        }
        if let g = green.hundredths, let a = amber.hundredths {
            rag = RAGThresholds(greenFromHundredths: g, amberFromHundredths: a)
        }
    }

    private mutating func add(definition: DefinitionFile, module: String?) {
        parts.append(DefinitionPart(
            kind: definition.kind == .module ? .module : .questionnaire, id: definition.id,
            version: definition.version, title: definition.title, file: definition.file.displayPath,
            fingerprint: definition.file.fingerprint, content: definition.file.bytes))
        for theme in definition.themes {
            if themeIndex[theme.id] != nil {
                error(.duplicateID, definition.at(theme.line, "id=\"\(theme.id)\""),
                      "theme \(theme.id) is declared twice", fix: "Remove one declaration or rename it.")
                continue
            }
            themeIndex[theme.id] = themes.count
            themes.append(Theme(id: theme.id, label: theme.label, priority: theme.priority))
        }
        for scale in definition.scales { add(scale: scale, in: definition) }
        for standard in definition.standards { add(standard: standard, in: definition, module: module) }
    }

    private mutating func add(scale entry: DefinitionFile.ScaleEntry, in definition: DefinitionFile) {
        let location = definition.at(entry.line, "id=\"\(entry.id)\"")
        if scaleIndex[entry.id] != nil {
            error(.duplicateID, location, "scale \(entry.id) is declared twice", fix: "Remove one declaration or rename it.")
            return
        }
        var codes = Set<String>()
        var options: [ScaleOption] = []
        for option in entry.options {
            let at = definition.at(option.line, "code=\"\(option.code)\"")
            if !codes.insert(option.code).inserted {
                error(.badScale, at, "scale \(entry.id) lists the code \(option.code) twice", fix: "Give each option its own code.")
                continue
            }
            if option.notApplicable {
                if option.score != nil {
                    warning(.badScale, at, "option \(option.code) is not applicable, so its score is ignored",
                            fix: "Remove the score attribute.")
                }
            } else if let score = option.score {
                if score < 0 {
                    error(.badScale, at, "option \(option.code) has a negative score (\(score))",
                          fix: "Use 0 for the lowest answer.")
                }
            } else {
                error(.badScale, at, "option \(option.code) has no score",
                      fix: "Give it a score, or mark it not-applicable=\"true\".")
            }
            options.append(ScaleOption(
                code: option.code, label: option.label, score: option.notApplicable ? nil : option.score,
                notApplicable: option.notApplicable, compliant: false))
        }
        if options.count > 200 {
            error(.badScale, location, "scale \(entry.id) has \(options.count) options; at most 200 are supported",
                  fix: "Split it into smaller scales.")
            options.removeLast(options.count - 200)
        }
        let maxScore = options.compactMap(\.score).max()
        if maxScore == nil {
            error(.badScale, location, "scale \(entry.id) has no option with a score", fix: "Add scored options.")
        }
        for (index, option) in entry.options.prefix(options.count).enumerated() where !options[index].notApplicable {
            options[index].compliant = option.compliant ?? (options[index].score == maxScore)
        }
        scaleIndex[entry.id] = scales.count
        scales.append(Scale(id: entry.id, label: entry.label, options: options))
    }

    private mutating func add(standard entry: DefinitionFile.StandardEntry, in definition: DefinitionFile, module: String?) {
        let standardIndex: Int
        if let ref = entry.ref {
            let location = definition.at(entry.line, "ref=\"\(ref)\"")
            if module == nil {
                error(.badModule, location, "only a module can add to an existing standard (ref=\"\(ref)\")",
                      fix: "Use id and title for a standard of the questionnaire itself.")
                return
            }
            if entry.id != nil {
                error(.badModule, location, "a standard has both id and ref", fix: "Use ref to add to an existing standard, or id for a new one.")
                return
            }
            guard let existing = standards.firstIndex(where: { $0.id == ref }) else {
                error(.unknownReference, location, "standard \(ref) does not exist in \(core.key)",
                      fix: "Use the id of one of its standards: \(standards.map(\.id).joined(separator: ", ")).")
                return
            }
            standardIndex = existing
        } else {
            guard let id = entry.id else {
                error(.badModule, definition.at(entry.line, "<standard"), "a standard has neither id nor ref",
                      fix: "Give it an id and a title.")
                return
            }
            let location = definition.at(entry.line, "id=\"\(id)\"")
            if standards.contains(where: { $0.id == id }) {
                error(.duplicateID, location, "standard \(id) is defined twice", fix: "Give each standard its own id.")
                return
            }
            let title = entry.title?.trimmingSpaces() ?? ""
            if title.isEmpty {
                error(.emptyText, location, "standard \(id) has no title", fix: "Add a title attribute.")
            }
            standardIndex = standards.count
            standards.append(Standard(id: id, title: String(title), elements: [], module: module))
        }
        for element in entry.elements {
            add(element: element, standard: standardIndex, in: definition, module: module)
        }
    }

    private mutating func add(
        element entry: DefinitionFile.ElementEntry, standard: Int, in definition: DefinitionFile, module: String?
    ) {
        let elementIndex: Int
        if let ref = entry.ref {
            let location = definition.at(entry.line, "ref=\"\(ref)\"")
            guard module != nil else {
                error(.badModule, location, "only a module can add to an existing element (ref=\"\(ref)\")",
                      fix: "Use id and title for an element of the questionnaire itself.")
                return
            }
            guard let existing = standards[standard].elements.first(where: { elements[$0].id == ref }) else {
                error(.unknownReference, location, "element \(ref) does not exist in standard \(standards[standard].id)",
                      fix: "Use one of: \(standards[standard].elements.map { elements[$0].id }.joined(separator: ", ")).")
                return
            }
            elementIndex = existing
        } else {
            guard let id = entry.id else {
                error(.badModule, definition.at(entry.line, "<element"), "an element has neither id nor ref",
                      fix: "Give it an id and a title.")
                return
            }
            let location = definition.at(entry.line, "id=\"\(id)\"")
            if elements.contains(where: { $0.id == id }) {
                error(.duplicateID, location, "element \(id) is defined twice", fix: "Give each element its own id.")
                return
            }
            let title = entry.title?.trimmingSpaces() ?? ""
            if title.isEmpty {
                error(.emptyText, location, "element \(id) has no title", fix: "Add a title attribute.")
            }
            elementIndex = elements.count
            elements.append(Element(id: id, title: String(title), standard: standard, questions: [], module: module))
            standards[standard].elements.append(elementIndex)
        }
        for entry in entry.questions {
            if let question = question(entry, standard: standard, element: elementIndex, in: definition, module: module) {
                elements[elementIndex].questions.append(questions.count)
                questions.append(question)
            }
        }
    }

    private mutating func question(
        _ entry: DefinitionFile.QuestionEntry, standard: Int, element: Int, in definition: DefinitionFile, module: String?
    ) -> Question? {
        let location = definition.at(entry.line, "id=\"\(entry.id)\"")
        let id = entry.id
        if let first = questionLocations[id] {
            error(.duplicateID, location, "question \(id) is defined twice (first at \(first.description))",
                  fix: "Give each question its own id.")
            return nil
        }
        questionLocations[id] = location
        if entry.text.isEmpty {
            error(.emptyText, location, "question \(id) has no text", fix: "Write the question in <text>.")
        }

        var scale: Int?
        if let name = entry.scale {
            if let index = scaleIndex[name] {
                scale = index
            } else {
                error(.unknownReference, definition.at(entry.line, "scale=\"\(name)\""),
                      "question \(id) uses scale \(name), which is not declared",
                      fix: "Declare it in <scales> or use one of: \(scales.map(\.id).joined(separator: ", ")).")
            }
        }
        func option(_ band: DefinitionFile.BandEntry) -> Int? {
            guard let scale else { return nil }
            if let index = scales[scale].optionIndex(code: band.answer) { return index }
            error(.badBand, definition.at(band.line, "answer=\"\(band.answer)\""),
                  "question \(id) maps to the answer \(band.answer), which is not a code of scale \(scales[scale].id)",
                  fix: "Use one of: \(scales[scale].codeList).")
            return nil
        }

        let kind: Question.Kind
        switch entry.elementName {
        case "date-question":
            var bands: [DateBand] = []
            var previous = 0
            for band in entry.bands {
                guard let months = band.withinMonths else {
                    error(.badBand, definition.at(band.line, "<band"), "a band of date question \(id) has no within-months",
                          fix: "Write within-months=\"12\" (or another number of months).")
                    continue
                }
                if band.atLeast != nil || band.atMost != nil {
                    error(.badBand, definition.at(band.line, "<band"),
                          "a band of date question \(id) uses at-least or at-most, which are for numbers",
                          fix: "Use within-months.")
                }
                if months <= previous {
                    warning(.badBand, definition.at(band.line, "within-months="),
                            "this band of question \(id) can never be reached: an earlier band already covers \(previous) months",
                            fix: "List bands from the shortest period to the longest.")
                }
                previous = max(previous, months)
                if let index = option(band) { bands.append(DateBand(withinMonths: months, option: index)) }
            }
            let otherwise = entry.otherwise.flatMap(option) ?? 0
            kind = .date(bands: bands, otherwise: otherwise)
        case "number-question":
            var bands: [NumberBand] = []
            for band in entry.bands {
                if band.atLeast == nil && band.atMost == nil {
                    error(.badBand, definition.at(band.line, "<band"), "a band of number question \(id) has no at-least or at-most",
                          fix: "Give the band its limits.")
                }
                if band.withinMonths != nil {
                    error(.badBand, definition.at(band.line, "within-months="),
                          "a band of number question \(id) uses within-months, which is for dates", fix: "Use at-least or at-most.")
                }
                if let low = band.atLeast, let high = band.atMost, low > high {
                    error(.badBand, definition.at(band.line, "at-least="),
                          "a band of question \(id) runs from \(low) to \(high), so nothing falls in it",
                          fix: "Swap at-least and at-most.")
                }
                if let index = option(band) { bands.append(NumberBand(atLeast: band.atLeast, atMost: band.atMost, option: index)) }
            }
            if entry.scale != nil && entry.bands.isEmpty {
                error(.badBand, location, "number question \(id) has a scale but no bands to turn a number into an answer",
                      fix: "Add <band> elements, or remove the scale to record the number without scoring it.")
            }
            if entry.scale == nil && !entry.bands.isEmpty {
                error(.badBand, location, "number question \(id) has bands but no scale to score them with",
                      fix: "Add scale=\"...\".")
            }
            if let low = entry.min, let high = entry.max, low > high {
                error(.badBand, definition.at(entry.line, "min="), "question \(id) has min \(low) above max \(high)",
                      fix: "Swap min and max.")
            }
            kind = .number(bands: bands, otherwise: entry.otherwise.flatMap(option), unit: entry.unit, min: entry.min, max: entry.max)
        default:
            kind = .choice
        }

        let scored = entry.scale != nil
        var weight = entry.weight ?? 1
        if scored {
            if weight <= 0 {
                error(.badWeight, definition.at(entry.line, "weight="),
                      "question \(id) has weight \(weight); weights must be whole numbers of 1 or more",
                      fix: "Use 1 for ordinary items and more for important ones.")
                weight = 1
            }
        } else if entry.weight != nil {
            warning(.badWeight, definition.at(entry.line, "weight="),
                    "question \(id) is recorded, not scored, so its weight is ignored", fix: "Remove the weight.")
        }

        if entry.critical {
            if entry.requirement.isEmpty {
                error(.criticalWithoutRequirement, definition.at(entry.line, "critical="),
                      "critical question \(id) does not state the requirement it enforces",
                      fix: "Add <requirement> saying what the law or statutory guidance requires, and where.")
            }
            if !scored {
                error(.badQuestion, definition.at(entry.line, "critical="),
                      "question \(id) is critical but not scored, so it could never fail", fix: "Give it a scale and bands.")
            } else if let scale, !scales[scale].options.contains(where: { !$0.notApplicable && !$0.compliant }) {
                warning(.badScale, definition.at(entry.line, "critical="),
                        "critical question \(id) uses scale \(scales[scale].id), where every answer is compliant, so it can never fail",
                        fix: "Mark the failing answers compliant=\"false\".")
            }
        }

        for theme in entry.themes where themeIndex[theme] == nil {
            error(.undeclaredTheme, definition.at(entry.line, theme),
                  "question \(id) is tagged with theme \(theme), which is not declared",
                  fix: "Declare it in <themes>, or use one of: \(themes.map(\.id).joined(separator: ", ")).")
        }

        if let filter = entry.appliesTo {
            if filter.phases.isEmpty && filter.types.isEmpty && filter.typeGroups.isEmpty {
                warning(.badAppliesTo, definition.at(entry.appliesToLine, "<applies-to"),
                        "question \(id) has an empty applies-to, which does not restrict anything",
                        fix: "List phases, types or type groups, or remove it.")
            }
            for phase in filter.phases where !QuestionnaireBuilder.knownPhases.contains(phase) {
                warning(.badAppliesTo, definition.at(entry.appliesToLine, "<applies-to"),
                        "question \(id) applies to phase \"\(phase)\", which is not a phase in the register, so no setting will match",
                        fix: "Use a GIAS phase: \(QuestionnaireBuilder.knownPhases.sorted().joined(separator: ", ")).")
            }
        }
        if entry.continues.contains(id) {
            warning(.unknownReference, definition.at(entry.line, "<continues"),
                    "question \(id) says it continues itself", fix: "Name the earlier question's id, or remove <continues>.")
        }

        return Question(
            id: id, text: entry.text, kind: kind, scale: scale, weight: weight, critical: entry.critical,
            mandatory: entry.mandatory, requirement: entry.requirement, guidance: entry.guidance, themes: entry.themes,
            appliesTo: entry.appliesTo, continues: entry.continues, standard: standard, element: element, module: module)
    }
}
