import Testing
@testable import S175Kit

@Suite("Questionnaire definitions and lint")
struct QuestionnaireTests {
    func load(_ files: [String: String], search: Bool = false) -> DefinitionSet {
        let scratch = Scratch()
        defer { scratch.remove() }
        let paths = files.keys.sorted().map { InputPath(scratch.write($0, files[$0]!), display: $0) }
        return DefinitionLoader.load(paths, searchForCores: search)
    }

    /// The mini questionnaire with one substitution applied.
    func mini(replacing old: String, with new: String) -> String {
        let text = try! String(contentsOfFile: Mini.questionnaire, encoding: .utf8)
        precondition(text.contains(old), "fixture does not contain \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    @Test func miniLoadsCleanly() {
        let set = DefinitionLoader.load([InputPath(Mini.questionnaire)])
        #expect(set.diagnostics.isEmpty)
        let q = set.questionnaires[0]
        #expect(q.key == QuestionnaireKey(id: "mini", version: "1"))
        #expect(q.questions.map(\.id) == ["A1.1", "A1.2", "A2.1", "A2.2", "B1.1", "B1.2", "B1.3"])
        #expect(q.standards.map(\.id) == ["A", "B"])
        #expect(q.questions[6].isScored == false)
        #expect(q.scales[0].options.map(\.compliant) == [true, false, false, false])
    }

    @Test func shippedQuestionnairesLintClean() {
        let root = fixtures + "/../../../questionnaires/"
        let files = ["esat-2026.xml", "esat-2025.xml", "early-years-2026.xml", "local/berkshire-west-2026.xml", "local/berkshire-west-2025.xml"]
        let set = DefinitionLoader.load(files.map { InputPath(root + $0, display: $0) })
        #expect(set.diagnostics.map(\.rendered) == [])
        let esat = set.questionnaire(id: "esat", version: "2026.1")!
        #expect(esat.questions.filter { $0.module == nil }.count >= 60)
        #expect((8...15).contains(esat.questions.filter { $0.module == "berkshire-west" }.count))
        #expect(esat.standards.contains { $0.id == "LP" && $0.module == "berkshire-west" })
    }

    @Test func schemaViolationsAreLocated() {
        let set = load(["bad.xml": mini(replacing: #"<question id="A1.2" scale="yesno" weight="1""#, with: #"<question id="A1.2" scale="yesno" weight="1.5""#)])
        let problem = set.diagnostics.first
        #expect(problem?.problem == .schema)
        #expect(problem?.location.file == "bad.xml")
        #expect(problem?.location.line == 26)
        #expect(problem?.location.column == 41)
        #expect(problem?.message == "Element 'question', attribute 'weight': '1.5' is not a valid value of a whole number.")
    }

    @Test func semanticChecks() {
        let cases: [(String, String, Problem, Int)] = [
            (#"<question id="A1.2""#, #"<question id="A1.1""#, .duplicateID, 26),
            (#"scale="yesno" weight="1" themes="policy""#, #"scale="yes-no" weight="1" themes="policy""#, .unknownReference, 26),
            (#"scale="yesno" weight="1" themes="policy""#, #"scale="yesno" weight="0" themes="policy""#, .badWeight, 26),
            (#"scale="yesno" weight="1" themes="policy""#, #"scale="yesno" weight="1" themes="polcy""#, .undeclaredTheme, 26),
            ("<requirement>Statutory guidance requires a published policy.</requirement>", "", .criticalWithoutRequirement, 22),
            (#"<band within-months="24" answer="met"/>"#, #"<band within-months="24" answer="mett"/>"#, .badBand, 34),
            (#"<rag green-from="85" amber-from="65"/>"#, #"<rag green-from="60" amber-from="65"/>"#, .badThreshold, 3),
            (#"<option code="partly" label="Partly met" score="1"/>"#, #"<option code="met" label="Partly met" score="1"/>"#, .badScale, 11),
            (#"<option code="partly" label="Partly met" score="1"/>"#, #"<option code="partly" label="Partly met"/>"#, .badScale, 11),
        ]
        for (old, new, problem, line) in cases {
            let set = load(["q.xml": mini(replacing: old, with: new)])
            let found = set.diagnostics.filter { $0.problem == problem && $0.severity == .error }
            #expect(found.count == 1, "\(problem): \(set.diagnostics.map(\.rendered))")
            #expect(found.first?.location.line == line, "\(problem)")
            #expect((found.first?.location.column ?? 0) > 0, "\(problem)")
        }
    }

    @Test func unreachableBandAndUnknownPhaseAreWarnings() {
        let text = mini(replacing: #"<band at-least="90" answer="partly"/>"#, with: #"<band at-least="90" answer="partly"/>"#)
            .replacingOccurrences(of: "<phase>Secondary</phase>", with: "<phase>Secondry</phase>")
            .replacingOccurrences(of: #"<band within-months="24" answer="met"/>"#, with: #"<band within-months="24" answer="met"/><band within-months="12" answer="partly"/>"#)
        let set = load(["q.xml": text])
        #expect(set.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(Set(set.diagnostics.map(\.problem)) == [.badAppliesTo, .badBand])
    }

    static let module = """
        <?xml version="1.0" encoding="UTF-8"?>
        <module xmlns="urn:s175:questionnaire:1" id="local" version="2026.1" title="Local" extends="mini" extends-version="1">
          <themes><theme id="local-risk" label="Local risk" priority="true"/></themes>
          <standard ref="A">
            <element ref="A1">
              <question id="L-A1.1" scale="met" themes="local-risk"><text>A local question in A1.</text></question>
            </element>
          </standard>
          <standard id="LP" title="Local priorities">
            <element id="LP1" title="Encompass">
              <question id="LP1.1" scale="yesno" weight="2" critical="true" themes="policy local-risk">
                <text>Notifications are acted on before school starts.</text>
                <requirement>Agreed by the partnership.</requirement>
              </question>
            </element>
          </standard>
        </module>
        """

    @Test func modulesMergeIntoTheirQuestionnaire() {
        let core = try! String(contentsOfFile: Mini.questionnaire, encoding: .utf8)
        let set = load(["core.xml": core, "local.xml": QuestionnaireTests.module])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics.map(\.rendered))")
        let q = set.questionnaires[0]
        #expect(q.standards.map(\.id) == ["A", "B", "LP"])
        #expect(q.elements[q.standards[0].elements[0]].questions.map { q.questions[$0].id } == ["A1.1", "A1.2", "L-A1.1"])
        #expect(q.questions.last?.module == "local")
        #expect(q.parts.map(\.kind) == [.questionnaire, .module])
    }

    @Test func moduleProblems() {
        let core = try! String(contentsOfFile: Mini.questionnaire, encoding: .utf8)
        let clash = QuestionnaireTests.module.replacingOccurrences(of: "L-A1.1", with: "A1.2")
        #expect(load(["core.xml": core, "local.xml": clash]).diagnostics.map(\.problem) == [.duplicateID])
        let badRef = QuestionnaireTests.module.replacingOccurrences(of: #"<element ref="A1">"#, with: #"<element ref="A9">"#)
        #expect(load(["core.xml": core, "local.xml": badRef]).diagnostics.map(\.problem) == [.unknownReference])
        let orphan = load(["local.xml": QuestionnaireTests.module])
        #expect(orphan.diagnostics.map(\.problem) == [.badModule])
        #expect(orphan.diagnostics.first?.message.contains("extends questionnaire mini 1") == true)
    }

    @Test func lintFindsTheQuestionnaireBesideAModule() {
        let scratch = Scratch()
        defer { scratch.remove() }
        scratch.write("defs/mini.xml", try! String(contentsOfFile: Mini.questionnaire, encoding: .utf8))
        let module = scratch.write("defs/local/local.xml", QuestionnaireTests.module)
        let set = DefinitionLoader.load([InputPath(module)], searchForCores: true)
        #expect(set.diagnostics.isEmpty)
        #expect(set.questionnaires.first?.questions.count == 9)
    }

    @Test func dataDictionary() {
        let set = DefinitionLoader.load([InputPath(Mini.questionnaire)])
        let text = String(decoding: DataDictionary.csv(set.questionnaires).dropFirst(3), as: UTF8.self)
        let lines = text.split(separator: "\r\n").map(String.init)
        #expect(lines[0].hasPrefix("question_id,standard,element,text,type,options,weight,critical,mandatory,themes,applies_to"))
        #expect(lines[1] == "A1.1,A,A1,The child protection policy is in place.,choice,met=2|partly=1|not-met=0|n/a=n/a,3,yes,yes,policy,,Statutory guidance requires a published policy.,,mini 1,")
        #expect(lines[3].contains("date,met=2|partly=1|not-met=0|n/a=n/a,2,yes,no,training,,DSL training every two years.,within 24 months=met|otherwise=not-met"))
        #expect(lines[6].contains("phase: Secondary"))
        #expect(lines[7].hasPrefix("B1.3,B,B1,Open early help assessments.,number,,,no,no,,,,,"))
    }
}
