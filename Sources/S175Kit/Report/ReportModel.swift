/// Choices that change what the reports say.
public struct ReportOptions: Sendable {
    /// Without it every edition is marked DRAFT.
    public var final: Bool
    /// ESG editions hide cells built from fewer settings than this.
    public var minimumCell: Int
    public var templates: ReportTemplates

    public init(final: Bool = false, minimumCell: Int = 3, templates: ReportTemplates = .defaults) {
        self.final = final
        self.minimumCell = minimumCell
        self.templates = templates
    }
}

/// One section of a report: a title that states its finding, then text, tables and charts.
struct Section {
    var id: String
    var title: String
    var intro: [UInt8] = []
    var paragraphs: [String] = []
    var points: [String] = []
    var blocks: [Block] = []

    struct Block {
        var heading: String?
        var text: String?
        /// Drawn from the table when the page is rendered, so after any disclosure control.
        var chart: Chart?
        var table: ReportTable?
    }

    enum Chart {
        case bars(column: Int, title: String)
        case ragStacks(title: String)

        func draw(_ table: ReportTable) -> String {
            switch self {
            case .bars(let column, let title): Charts.bars(table, column: column, title: title)
            case .ragStacks(let title): Charts.ragStacks(table, red: 0, amber: 1, green: 2, title: title)
            }
        }
    }

    mutating func add(heading: String? = nil, text: String? = nil, chart: Chart? = nil, table: ReportTable? = nil) {
        blocks.append(Block(heading: heading, text: text, chart: chart, table: table))
    }

    var tables: [ReportTable] { blocks.compactMap(\.table) }

    var templateValue: TemplateValue {
        var value: [String: TemplateValue] = [
            "id": .text(id), "title": .text(title), "intro": .html(String(decoding: intro, as: UTF8.self)),
            "paragraphs": .list(paragraphs.map { .text($0) }),
            "blocks": .list(blocks.map { block in
                // Every key is present, false when empty: Mustache would otherwise find the
                // same name in an enclosing context (a part's heading, a section's title).
                var members: [String: TemplateValue] = [
                    "heading": block.heading.map { .text($0) } ?? false, "text": block.text.map { .text($0) } ?? false,
                    "table": block.table?.templateValue ?? false, "figure": false, "chart": false,
                ]
                if let chart = block.chart, let table = block.table {
                    members["figure"] = true
                    members["chart"] = .html(chart.draw(table))
                }
                return .object(members)
            }),
        ]
        value["points"] = points.isEmpty ? false : .object(["items": .list(points.map { .text($0) })])
        return .object(value)
    }
}

/// What every page of a cycle shares: titles, dates, the footer's inputs.
struct PageFrame {
    let result: BatchResult
    let options: ReportOptions
    /// Earlier cycles from the history store, newest first.
    let history: [CycleTallies]
    /// This cycle's risk flags, most serious first.
    let flags: [RiskFlag]
    /// The proposed peer-review groups, when the cycle has peer review.
    let pairing: PairingPlan?
    /// The footer's rows, worked out once: every page of a batch shows the same.
    private let footer: TemplateValue

    init(result: BatchResult, options: ReportOptions, history: [CycleTallies], flags: [RiskFlag], pairing: PairingPlan? = nil) {
        self.result = result
        self.options = options
        self.history = history
        self.flags = flags
        self.pairing = pairing
        footer = .list(PageFrame.inputs(result).map { .object(["name": .text($0.0), "version": .text($0.1), "hash": .text($0.2)]) })
    }

    var cycleLabel: String { "cycle \(result.cycle.id)" }

    /// The values the head, footer and section intros use.
    func base(edition: String, pageTitle: String, documentKind: String) -> [String: TemplateValue] {
        let cycle = result.cycle
        var value: [String: TemplateValue] = [
            "tool": .text("\(S175.name) \(S175.version)"), "edition": .text(edition), "pageTitle": .text(pageTitle),
            "documentKind": .text(documentKind), "css": .html(options.templates.css), "area": .text(cycle.area),
            "cycleLabel": .text("Cycle \(cycle.id)"), "censusDate": .text(cycle.censusDate.longDescription),
            "deadline": .text(cycle.deadline.longDescription), "finalDeadline": .text(cycle.finalDeadline.longDescription),
            "inputs": footer,
        ]
        if options.final {
            value["final"] = true
        } else {
            value["draft"] = true
            value["draftNote"] = "This is a draft for checking. It is not final until the Local Authority runs the batch with --final."
        }
        if let questionnaire = result.questionnaires.first {
            value["greenFrom"] = .text(Percent.text(permille: questionnaire.rag.greenFromHundredths / 10))
            value["amberFrom"] = .text(Percent.text(permille: questionnaire.rag.amberFromHundredths / 10))
        }
        return value
    }

    /// The intro context for one part of an edition: its questionnaire and its thresholds.
    func partIntro(edition: String, _ analysis: Analysis) -> [String: TemplateValue] {
        var value = base(edition: edition, pageTitle: "", documentKind: "report")
        value["questionnaire"] = .text(analysis.questionnaire.title)
        value["earlyYears"] = .bool(analysis.isEarlyYears)
        value["greenFrom"] = .text(Percent.text(permille: analysis.questionnaire.rag.greenFromHundredths / 10))
        value["amberFrom"] = .text(Percent.text(permille: analysis.questionnaire.rag.amberFromHundredths / 10))
        return value
    }

    /// Gives each section the introduction its `intro-<id>` template has (by the id's first word).
    func introduce(_ sections: [Section], _ context: [String: TemplateValue]) -> [Section] {
        sections.map { section in
            var section = section
            section.intro = intro(section.id.split(separator: "-").first.map(String.init) ?? section.id, context)
            return section
        }
    }

    /// An edition's parts as its template reads them: a heading only when there are several.
    static func parts(_ parts: [(heading: String, sections: [Section])]) -> TemplateValue {
        .list(parts.map { part in
            var value: [String: TemplateValue] = ["sections": .list(part.sections.map(\.templateValue))]
            if parts.count > 1 { value["heading"] = .text(part.heading) }
            return .object(value)
        })
    }

    /// Trends against the most recent earlier cycle that used the same questionnaire.
    func trends(_ analysis: Analysis) -> Trends? {
        history.first { $0.questions[analysis.questionnaire.id] != nil }.map { Trends(current: analysis, earlier: $0) }
    }

    /// Questionnaires, register and returns with their fingerprints. Hashes are written in
    /// groups of four so no run of digits in them can read as a URN.
    static func inputs(_ result: BatchResult) -> [(String, String, String)] {
        var rows: [(String, String, String)] = []
        for questionnaire in result.questionnaires {
            for part in questionnaire.parts {
                rows.append((part.title, "\(part.id) \(part.version)", PageFrame.grouped(part.fingerprint.sha256)))
            }
        }
        for policy in result.policies {
            rows.append((policy.title, "\(policy.id) \(policy.version)", PageFrame.grouped(policy.fingerprint.sha256)))
        }
        for register in result.register.sources {
            rows.append(("Register \(Paths.fileName(of: register.file))", "\(register.kept) settings", PageFrame.grouped(register.fingerprint.sha256)))
        }
        var combined = SHA256()
        for file in result.files {
            combined.update(Array((file.file + "\u{0}" + (file.fingerprint?.sha256 ?? "") + "\n").utf8))
        }
        rows.append(("Return files (combined)", "\(result.files.count) files", PageFrame.grouped(combined.finalizeHex())))
        rows.append(("Tool", "\(S175.name) \(S175.version)", ""))
        return rows
    }

    static func grouped(_ hash: String) -> String {
        var out = ""
        for (index, character) in hash.enumerated() {
            if index > 0 && index % 4 == 0 { out.append(" ") }
            out.append(character)
        }
        return out
    }

    /// Renders a section's introduction from its `intro-<id>` template, if there is one.
    func intro(_ id: String, _ context: [String: TemplateValue]) -> [UInt8] {
        options.templates.render("intro-\(id)", .object(context))
    }
}

/// An edition is made of one part per questionnaire; the parts of a population share its
/// risk and peer-review sections.
extension [Analysis] {
    /// The population a part covers when the edition holds more than one, else nil (everyone).
    func population(of analysis: Analysis) -> String? {
        Set(map(\.questionnaire.population)).count > 1 ? analysis.questionnaire.population : nil
    }

    /// Whether the part is its population's first: the one that carries the risk and peer-review sections.
    func leads(_ analysis: Analysis) -> Bool {
        first { $0.questionnaire.population == analysis.questionnaire.population }?.questionnaire.key == analysis.questionnaire.key
    }

    /// A section's or table's id, told apart by population when the edition has several parts.
    func id(_ analysis: Analysis, _ name: String) -> String {
        count > 1 ? "\(name)-\(Words.slug(analysis.questionnaire.population))" : name
    }
}

extension Analysis {
    var isEarlyYears: Bool { questionnaire.population == EarlyYears.population }
    /// What the phase facet means for this population: early-years providers are grouped by provider type.
    var phaseLabel: String { isEarlyYears ? "provider type" : "phase" }
}

/// Small helpers for writing findings in plain English.
enum Words {
    static func percent(_ permille: Int) -> String { Percent.text(permille: permille) + "%" }

    static func percent(_ count: Int, of total: Int) -> String {
        Percent.permille(count, of: total).map(percent) ?? "–"
    }

    static func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : (plural ?? singular + "s"))"
    }

    /// A question's text cut to a readable length for a finding.
    static func short(_ text: String, _ limit: Int = 90) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "…"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    /// A locality's name as a file name: `West Berkshire` is `west-berkshire`.
    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty && out.last != "-" {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "locality" : out
    }
}
