import Foundation
import Testing
@testable import S175Kit

@Suite("Report templates")
struct TemplateTests {
    func render(_ source: String, _ context: TemplateValue, partials: [String: String] = [:]) throws -> String {
        let compiled = try partials.mapValues { try Template($0, name: "p", file: "p.mustache") }
        return String(decoding: try Template(source, name: "t", file: "t.mustache").render(context, partials: compiled), as: UTF8.self)
    }

    @Test func variablesAreEscapedUnlessTripleBraced() throws {
        let context: TemplateValue = ["x": "<b>Tom & \"Jerry\"'s</b>", "svg": .html("<svg/>")]
        #expect(try render("{{x}}|{{{x}}}|{{&x}}|{{svg}}", context)
            == "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&#39;s&lt;/b&gt;|<b>Tom & \"Jerry\"'s</b>|<b>Tom & \"Jerry\"'s</b>|<svg/>")
    }

    @Test func sectionsOverListsObjectsAndBooleans() throws {
        let context: TemplateValue = [
            "rows": [["name": "a"], ["name": "b"]], "flag": true, "off": false, "empty": [], "obj": ["v": "1"], "title": "T",
        ]
        #expect(try render("{{#rows}}[{{name}}{{title}}]{{/rows}}", context) == "[aT][bT]")
        #expect(try render("{{#flag}}yes{{/flag}}{{#off}}no{{/off}}{{^off}}not{{/off}}{{^empty}}none{{/empty}}", context) == "yesnotnone")
        #expect(try render("{{#obj}}{{v}}{{/obj}}{{obj.v}}{{missing}}{{obj.missing}}", context) == "11")
        #expect(try render("{{#items}}<{{.}}>{{/items}}", ["items": ["x", "y"]]) == "<x><y>")
    }

    @Test func partialsAndStandaloneLines() throws {
        let source = "<ul>\n  {{#rows}}\n  {{> row}}\n  {{/rows}}\n</ul>\n"
        let output = try render(source, ["rows": [["n": "1"], ["n": "2"]]], partials: ["row": "<li>{{n}}</li>\n"])
        #expect(output == "<ul>\n<li>1</li>\n<li>2</li>\n</ul>\n")
        #expect(try render("a\n{{! a comment }}\nb", [:]) == "a\nb")
    }

    @Test func templateErrorsAreLocated() {
        #expect(throws: TemplateError.self) { try Template("x\n  {{#open}}\n", name: "t", file: "t.mustache") }
        do {
            _ = try Template("line one\n{{#a}}{{/b}}", name: "t", file: "t.mustache")
            Issue.record("no error")
        } catch {
            #expect(error.location == SourceLocation(file: "t.mustache", line: 2, column: 7))
            #expect(error.message.contains("{{/b}}"))
        }
        #expect(throws: TemplateError.self) { try Template("{{unclosed", name: "t", file: "t.mustache") }
        #expect(throws: TemplateError.self) { try Template("{{=<% %>=}}", name: "t", file: "t.mustache") }
    }

    @Test func templatesFromAFolderReplaceTheBuiltInOnes() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        scratch.write("templates/footer.mustache", "<p>Custom footer for {{area}}</p></body></html>\n")
        scratch.write("templates/report.css", "body { color: black; }\n")
        let (templates, problems) = ReportTemplates.load(overrides: scratch.file("templates"))
        #expect(problems.isEmpty)
        let footer = String(decoding: templates!.render("footer", ["area": "Testshire"]), as: UTF8.self)
        #expect(footer == "<p>Custom footer for Testshire</p></body></html>\n")
        #expect(templates!.css == "body { color: black; }\n")
        scratch.write("broken/head.mustache", "{{#x}}")
        let (none, errors) = ReportTemplates.load(overrides: scratch.file("broken"))
        #expect(none == nil)
        #expect(errors.first?.location.file.hasSuffix("broken/head.mustache") == true)
    }
}

@Suite("Disclosure control")
struct DisclosureTests {
    func table(_ rows: [[Int]]) -> ReportTable {
        var table = ReportTable(id: "t", caption: "t", columns: ["", "R", "A", "G", "Total"])
        for (index, row) in rows.enumerated() { table.rows.append(("row \(index)", row.map { .count($0) })) }
        for r in rows.indices { table.additiveGroups.append((0..<rows[r].count).map { .init(r, $0) }) }
        return table
    }

    func hidden(_ table: ReportTable) -> [[Bool]] {
        table.rows.map { $0.cells.map { $0.suppression != nil } }
    }

    @Test func smallCellsAreHiddenButZerosAreNot() {
        var t = table([[0, 5, 10, 15]])
        DisclosureControl.apply(to: &t, threshold: 3)
        #expect(hidden(t) == [[false, false, false, false]])
        var small = table([[2, 0, 10, 12]])
        DisclosureControl.apply(to: &small, threshold: 3)
        #expect(small.rows[0].cells[0].suppression == .primary)
    }

    @Test func aLoneHiddenCellGetsAPartnerSoTotalsDoNotRevealIt() {
        var t = table([[1, 4, 10, 15]])
        DisclosureControl.apply(to: &t, threshold: 3)
        // 1 is primary; without a partner it would be 15 - 4 - 10. The smallest other cell goes too.
        #expect(t.rows[0].cells[0].suppression == .primary)
        #expect(t.rows[0].cells[1].suppression == .secondary)
        #expect(hidden(t) == [[true, true, false, false]])
    }

    @Test func secondarySuppressionCascadesAcrossRowsAndColumns() {
        // Rows and columns are both additive: the last row is the column totals.
        var t = table([[1, 6, 8, 15], [5, 7, 9, 21], [6, 13, 17, 36]])
        for c in 0..<4 { t.additiveGroups.append((0..<3).map { .init($0, c) }) }
        DisclosureControl.apply(to: &t, threshold: 3)
        for group in t.additiveGroups {
            let count = group.filter { t[$0].suppression != nil }.count
            #expect(count != 1, "a group with exactly one hidden cell: \(group)")
        }
        #expect(t.rows[0].cells[0].suppression == .primary)
    }

    @Test func aZeroIsNotAPartnerWhenItsColumnAddsUpWithoutIt() {
        // The reviewer's case: Late 3 is primary; hiding the 0 beside it would not protect it,
        // because the column of zeros (total 0) shows that cell is 0, so 8 - 5 - 0 = 3.
        var t = table([[5, 3, 0, 8], [9, 6, 0, 15], [14, 9, 0, 23]])
        for c in 0..<4 { t.additiveGroups.append((0..<3).map { .init($0, c) }) }
        DisclosureControl.apply(to: &t, threshold: 5)
        #expect(t.rows[0].cells[1].suppression == .primary)
        #expect(t.rows[0].cells[2].suppression == nil, "a zero was used to protect a count")
        for group in t.additiveGroups {
            let hiddenCells = group.filter { t[$0].suppression != nil }
            #expect(hiddenCells.count != 1, "a group with exactly one hidden cell: \(group)")
            // Hidden cells adding up to nothing would each be known to be zero.
            #expect(hiddenCells.isEmpty || hiddenCells.contains { t[$0].contributors ?? 0 > 0 })
        }
    }

    @Test func aPercentageWorkedOutFromAHiddenCountIsHidden() {
        var t = ReportTable(id: "t", caption: "t", columns: ["", "Expected", "Returned", "Rate"])
        t.rows.append(("x", [.count(10), .count(2), .percent(2, of: 10, dependsOn: [.init(0, 1)])]))
        DisclosureControl.apply(to: &t, threshold: 3)
        #expect(t.rows[0].cells[1].suppression == .primary)
        #expect(t.rows[0].cells[2].suppression == .secondary)
        let rendered = String(decoding: ReportTemplates.defaults.render("table", t.templateValue), as: UTF8.self)
        #expect(!rendered.contains("20.0%"))
        #expect(rendered.contains(">c<"))
    }

    @Test func chartsShowWhatTheirTableHides() {
        var t = ReportTable(id: "t", caption: "Ratings", columns: ["", "Red", "Amber", "Green", "Rated"])
        t.rows.append(("Small", [.count(1), .count(1), .count(0), .count(2)]))
        t.rows.append(("Large", [.count(4), .count(9), .count(20), .count(33)]))
        DisclosureControl.apply(to: &t, threshold: 3)
        let svg = Charts.ragStacks(t, red: 0, amber: 1, green: 2, title: "Ratings")
        #expect(svg.contains("c (too few settings to show)"))
        #expect(svg.contains("R 4 · A 9 · G 20"))
        #expect(!svg.contains("R 1"))
    }
}

@Suite("Report pages")
struct ReportPageTests {
    /// Runs the mini batch and writes its reports into a scratch folder.
    func reports(_ files: [String: String], threshold: Int = 3) throws -> (Scratch, BatchResult) {
        let result = Mini.run(files)
        let scratch = Scratch()
        let outputs = try OutputFolder(scratch.file("out/test"))
        try Reports.write(result, analyses: Analysis.analyse(result), history: [], flags: [], pairing: nil, options: ReportOptions(final: false, minimumCell: threshold), to: outputs)
        try outputs.commit()
        return (scratch, result)
    }

    @Test func textFromReturnsIsEscapedEverywhere() throws {
        let hostile = """
            <return xmlns="urn:s175:return:1" questionnaire="mini" version="1" urn="100001" submitted="2026-11-10T09:00:00Z">
              <answer question="A1.1" value="partly">
                <evidence>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt;</evidence>
                <action owner="&lt;b onmouseover=x&gt;DSL" due="2027-01-31">Fix &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt; it</action>
              </answer>
            </return>
            """
        let (scratch, _) = try reports(["a.xml": hostile])
        defer { scratch.remove() }
        let page = scratch.read("out/test/schools/100001.html")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt;"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("<b onmouseover"))
        #expect(page.contains("Fix &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt; it"))
    }

    @Test func everyEditionIsWrittenAndMarkedDraft() throws {
        let (scratch, _) = try reports([
            "a.xml": Mini.xml(urn: "100001", answers: Mini.fullAnswers),
            "b.xml": Mini.xml(urn: "100002", answers: Mini.fullAnswers),
            "c.xml": Mini.xml(urn: "100003", answers: [("A1.1", "not-met"), ("B1.1", "partly")]),
        ])
        defer { scratch.remove() }
        let files = Paths.files(under: scratch.file("out/test")).map { String($0.dropFirst(scratch.file("out/test/").count)) }
        #expect(files.contains("report.html"))
        #expect(files.filter { $0.hasPrefix("esg/") }.sorted() == ["esg/reading.html", "esg/west-berkshire.html", "esg/wokingham.html"])
        #expect(files.filter { $0.hasPrefix("schools/") }.sorted() == ["schools/100001.html", "schools/100002.html", "schools/100003.html"])
        for file in files where file.hasSuffix(".html") {
            #expect(scratch.read("out/test/" + file).contains("<strong>DRAFT</strong>"), "\(file)")
        }
        let school = scratch.read("out/test/schools/100003.html")
        #expect(school.contains("1 statutory item to put right first"))
        #expect(school.contains("A1.1 The child protection policy is in place."))
    }

    @Test func smallLocalitiesAreSuppressedInTheirESGEdition() throws {
        // Reading has two settings in the mini register, so with k = 3 nothing about them shows.
        let (scratch, _) = try reports([
            "a.xml": Mini.xml(urn: "100001", answers: Mini.fullAnswers),
            "b.xml": Mini.xml(urn: "100002", answers: [("A1.1", "partly")]),
        ])
        defer { scratch.remove() }
        let esg = scratch.read("out/test/esg/reading.html")
        #expect(esg.contains("Fewer than 3 settings in Reading returned"))
        #expect(esg.contains(">c<"))
        #expect(!esg.contains("2 of 2"))
        for name in ["Alpha Primary School", "Beta Secondary Academy", "100001", "100002", "870/2001", "870/4001"] {
            #expect(!esg.contains(name), "\(name) appears in the ESG edition")
        }
        let report = scratch.read("out/test/report.html")
        #expect(report.contains("Epsilon Special School"))  // named as a non-returner, LA edition only
    }
}
