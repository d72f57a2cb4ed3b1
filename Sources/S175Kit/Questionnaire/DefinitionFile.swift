/// A definition file as written, before it is checked and merged: every item keeps
/// the line it came from so lint can point at it.
struct DefinitionFile: Sendable {
    enum Kind: Sendable { case questionnaire, module }

    struct Item: Sendable {
        var line: Int
    }

    struct ThemeEntry: Sendable {
        var id: String
        var label: String
        var priority: Bool
        var line: Int
    }

    struct OptionEntry: Sendable {
        var code: String
        var label: String
        var score: Int?
        var notApplicable: Bool
        var compliant: Bool?
        var line: Int
    }

    struct ScaleEntry: Sendable {
        var id: String
        var label: String
        var options: [OptionEntry]
        var line: Int
    }

    struct BandEntry: Sendable {
        var withinMonths: Int?
        var atLeast: DecimalNumber?
        var atMost: DecimalNumber?
        var answer: String
        var line: Int
    }

    struct QuestionEntry: Sendable {
        var elementName: String
        var id: String
        var scale: String?
        var weight: Int?
        var critical: Bool
        var mandatory: Bool
        var themes: [String]
        var text: String
        var requirement: String
        var guidance: String
        var appliesTo: AppliesTo?
        var appliesToLine: Int
        var continues: [String]
        var bands: [BandEntry]
        var otherwise: BandEntry?
        var unit: String
        var min: DecimalNumber?
        var max: DecimalNumber?
        var line: Int
    }

    struct ElementEntry: Sendable {
        var id: String?
        var ref: String?
        var title: String?
        var questions: [QuestionEntry]
        var line: Int
    }

    struct StandardEntry: Sendable {
        var id: String?
        var ref: String?
        var title: String?
        var elements: [ElementEntry]
        var line: Int
    }

    var file: LoadedFile
    var kind: Kind
    var id: String
    var version: String
    var title: String
    var description: String
    var population: String
    var extends: String
    var extendsVersions: [String]
    var rag: (green: DecimalNumber, amber: DecimalNumber, line: Int)?
    var themes: [ThemeEntry]
    var scales: [ScaleEntry]
    var standards: [StandardEntry]
    var line: Int

    var key: QuestionnaireKey { QuestionnaireKey(id: id, version: version) }

    /// Reads a definition from a tree the schema has already accepted.
    init(file: LoadedFile, root: XMLNode) {
        self.file = file
        kind = root.name == "module" ? .module : .questionnaire
        id = root.attribute("id") ?? ""
        version = root.attribute("version") ?? ""
        title = root.attribute("title") ?? ""
        description = root.childText("description")
        population = root.attribute("population") ?? "schools"
        extends = root.attribute("extends") ?? ""
        extendsVersions = (root.attribute("extends-version") ?? "").split(separator: " ").map(String.init)
        line = root.line
        if let rag = root.child("rag"),
           let green = rag.attribute("green-from").flatMap(DecimalNumber.init(parsing:)),
           let amber = rag.attribute("amber-from").flatMap(DecimalNumber.init(parsing:))
        {
            self.rag = (green, amber, rag.line)
        }
        themes = (root.child("themes")?.children("theme") ?? []).map {
            ThemeEntry(
                id: $0.attribute("id") ?? "", label: $0.attribute("label") ?? "",
                priority: DefinitionFile.flag($0.attribute("priority")) ?? false, line: $0.line)
        }
        scales = (root.child("scales")?.children("scale") ?? []).map { scale in
            ScaleEntry(
                id: scale.attribute("id") ?? "", label: scale.attribute("label") ?? "",
                options: scale.children("option").map {
                    OptionEntry(
                        code: $0.attribute("code") ?? "", label: $0.attribute("label") ?? "",
                        score: $0.attribute("score").flatMap { Int($0.trimmingSpaces()) },
                        notApplicable: DefinitionFile.flag($0.attribute("not-applicable")) ?? false,
                        compliant: DefinitionFile.flag($0.attribute("compliant")), line: $0.line)
                }, line: scale.line)
        }
        standards = root.children("standard").map { standard in
            StandardEntry(
                id: standard.attribute("id"), ref: standard.attribute("ref"), title: standard.attribute("title"),
                elements: standard.children("element").map { element in
                    ElementEntry(
                        id: element.attribute("id"), ref: element.attribute("ref"), title: element.attribute("title"),
                        questions: element.children.compactMap(DefinitionFile.question), line: element.line)
                }, line: standard.line)
        }
    }

    private static func question(_ node: XMLNode) -> QuestionEntry? {
        guard ["question", "date-question", "number-question"].contains(node.name) else { return nil }
        func band(_ b: XMLNode) -> BandEntry {
            BandEntry(
                withinMonths: b.attribute("within-months").flatMap { Int($0.trimmingSpaces()) },
                atLeast: b.attribute("at-least").flatMap(DecimalNumber.init(parsing:)),
                atMost: b.attribute("at-most").flatMap(DecimalNumber.init(parsing:)),
                answer: b.attribute("answer") ?? "", line: b.line)
        }
        var appliesTo: AppliesTo?
        if let filter = node.child("applies-to") {
            func values(_ name: String) -> [String] {
                filter.children(name).map { String($0.text.trimmingSpaces()) }
            }
            appliesTo = AppliesTo(phases: values("phase"), types: values("type"), typeGroups: values("type-group"))
        }
        return QuestionEntry(
            elementName: node.name, id: node.attribute("id") ?? "", scale: node.attribute("scale"),
            weight: node.attribute("weight").flatMap { Int($0.trimmingSpaces()) },
            critical: flag(node.attribute("critical")) ?? false,
            mandatory: flag(node.attribute("mandatory")) ?? false,
            themes: (node.attribute("themes") ?? "").split(separator: " ").map(String.init),
            text: normalised(node.childText("text")), requirement: normalised(node.childText("requirement")),
            guidance: normalised(node.childText("guidance")), appliesTo: appliesTo,
            appliesToLine: node.child("applies-to")?.line ?? node.line,
            continues: node.children("continues").compactMap { $0.attribute("question") },
            bands: node.children("band").map(band), otherwise: node.child("otherwise").map(band),
            unit: node.attribute("unit") ?? "",
            min: node.attribute("min").flatMap(DecimalNumber.init(parsing:)),
            max: node.attribute("max").flatMap(DecimalNumber.init(parsing:)),
            line: node.line)
    }

    /// XML booleans: true, false, 1, 0.
    static func flag(_ text: String?) -> Bool? {
        switch text?.trimmingSpaces() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    /// Question text wrapped over several lines in the file reads as one paragraph.
    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A location in this file at `line`, pointing at `needle` when it is on that line.
    func at(_ line: Int, _ needle: String? = nil) -> SourceLocation {
        SourceLocation(file: file.displayPath, line: line, column: file.column(line: line, needle: needle))
    }
}
