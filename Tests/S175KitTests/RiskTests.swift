import Testing
@testable import S175Kit

@Suite("Risk flags")
struct RiskTests {
    static let policyPath = fixtures + "/mini-policy.xml"

    func policy() -> RiskPolicy {
        let questionnaires = DefinitionLoader.load([InputPath(Mini.questionnaire)]).questionnaires
        let (policies, problems) = RiskPolicyLoader.load([InputPath(RiskTests.policyPath)], questionnaires: questionnaires)
        #expect(problems.isEmpty, "\(problems.map(\.rendered))")
        return policies[0]
    }

    /// Flags for one batch of mini returns, given an earlier cycle and this cycle's notes.
    func flags(_ files: [String: String], earlier: CycleTallies? = nil, notes: [String: [RiskNote]] = [:]) -> [RiskFlag] {
        var result = Mini.run(files)
        result.policies = [policy()]
        return RiskEvaluator.evaluate(result, policies: result.policies, earlier: earlier, notes: notes)
    }

    func rules(_ flags: [RiskFlag], _ urn: String) -> [String] {
        flags.first { $0.setting.urn == urn }?.triggers.map(\.rule) ?? []
    }

    /// Every question answered well, except as changed.
    func good(_ changes: [(String, String)] = [], urn: String = "100001", submitted: String = "2026-11-10T09:00:00Z") -> String {
        var answers = Mini.fullAnswers.filter { a in !changes.contains { $0.0 == a.0 } }
        answers += changes
        return Mini.xml(urn: urn, submitted: submitted, answers: answers)
    }

    @Test func aCriticalItemNotMetIsFlaggedWithItsAnswerAndEvidence() {
        let xml = good().replacingOccurrences(of: #"<answer question="A1.1" value="met"/>"#,
                                              with: #"<answer question="A1.1" value="not-met"><evidence>Being rewritten</evidence></answer>"#)
        let flagged = flags(["a.xml": xml])
        let flag = flagged.first { $0.setting.urn == "100001" }
        #expect(flag?.triggers.first?.rule == "critical")
        let evidence = flag?.triggers.first?.evidence.first
        #expect(evidence?.question == "A1.1")
        #expect(evidence?.answer == "Not met")
        #expect(evidence?.evidence == "Being rewritten")
        #expect(evidence?.detail == "Statutory guidance requires a published policy.")
        #expect(flag?.severity == .high && flag?.status == .new)
    }

    @Test func aNotApplicableCriticalItemIsNotAFailure() {
        #expect(rules(flags(["a.xml": good([("A1.1", "n/a")])]), "100001") == [])
    }

    @Test func datesOlderThanTheLimitAtTheCensusDate() {
        // Census date 2026-09-01: exactly 24 months before is 2024-09-01, within the limit.
        #expect(!rules(flags(["a.xml": good([("A2.1", "2024-09-01")])]), "100001").contains("dsl-training"))
        let older = flags(["a.xml": good([("A2.1", "2024-08-31")])])
        #expect(rules(older, "100001").contains("dsl-training"))
        #expect(older.first { $0.setting.urn == "100001" }?.triggers.first { $0.rule == "dsl-training" }?.evidence.first?.answer == "31 August 2024")
    }

    @Test func aRedStandardOnlyWhereThePolicyLooks() {
        // Standard B red (B1.1 not met: 0 of 4); standard A fine. The rule watches B only.
        #expect(rules(flags(["a.xml": good([("B1.1", "not-met")])]), "100001").contains("red-standard"))
        // A1.1 not met makes standard A red, which the rule does not watch.
        #expect(!rules(flags(["a.xml": good([("A1.1", "not-met")])]), "100001").contains("red-standard"))
    }

    @Test func overallBelowTheLimitButNotAtIt() {
        // met A1.1 (6/6), no A1.2 (0/1), A2.1 met (4/4), A2.2 80 not met (0/2), B1.1 partly (2/4): 12/17 = 70.6%.
        #expect(!rules(flags(["a.xml": good([("A1.2", "no"), ("A2.2", "80"), ("B1.1", "partly")])]), "100001").contains("low"))
        // no A1.2 (0/1), 95% partly (1/2), B1.1 not met (0/4): 11/17 = 64.7%, below 65%.
        let below = flags(["a.xml": good([("A1.2", "no"), ("A2.2", "95"), ("B1.1", "not-met")])])
        #expect(rules(below, "100001").contains("low"))
        #expect(below.first { $0.setting.urn == "100001" }?.triggers.first { $0.rule == "low" }?.evidence.first?.answer == "64.7%")
    }

    @Test func aDeclineNeedsAPreviousReturn() {
        let xml = good([("B1.1", "partly")])  // 15/17 = 88.2%
        #expect(!rules(flags(["a.xml": xml]), "100001").contains("fall"))
        var earlier = CycleTallies(cycle: "2025", censusDate: CivilDate(year: 2025, month: 9, day: 1)!)
        earlier.schools["100001\u{0}mini"] = SchoolHistory(overall: 982)  // 98.2%: a fall of exactly 10 points
        #expect(rules(flags(["a.xml": xml], earlier: earlier), "100001").contains("fall"))
        earlier.schools["100001\u{0}mini"] = SchoolHistory(overall: 981)  // 9.9 points
        #expect(!rules(flags(["a.xml": xml], earlier: earlier), "100001").contains("fall"))
    }

    @Test func noUsableReturnByTheFinalDeadline() {
        let flagged = flags([
            "a.xml": good(urn: "100001"), "b.xml": good(urn: "100002", submitted: "2026-12-06T09:00:00Z"),
            "c.xml": good([("A1.1", "Met")], urn: "100003"),
        ])
        #expect(rules(flagged, "100001") == [])
        #expect(rules(flagged, "100002") == ["none"])  // after the final deadline of 5 December
        #expect(rules(flagged, "100003") == ["none"])  // its only return was rejected
        #expect(rules(flagged, "100005") == ["none"])  // nothing received
        #expect(flagged.first { $0.setting.urn == "100003" }?.triggers[0].evidence[0].answer.hasPrefix("received but rejected") == true)
    }

    @Test func tooManyMandatoryBlanks() {
        // The mini questionnaire has two mandatory questions (A1.1, A2.1... only A1.1): one blank of one is 100%.
        #expect(rules(flags(["a.xml": good().replacingOccurrences(of: #"<answer question="A1.1" value="met"/>"#, with: "")]), "100001").contains("blank"))
        #expect(!rules(flags(["a.xml": good()]), "100001").contains("blank"))
    }

    @Test func statusAcrossCycles() {
        // DSL training out of date: a statutory failure, and 13/17 overall, above the low-score line.
        let failing = good([("A2.1", "2023-01-01")])
        var earlier = CycleTallies(cycle: "2025", censusDate: CivilDate(year: 2025, month: 9, day: 1)!)
        // Flagged before, still failing: continuing, and the earlier flag is named.
        earlier.flags["100001"] = PreviousFlag(cycle: "2025", rules: ["critical"], severity: .high, closed: false, notes: [])
        var flag = flags(["a.xml": failing], earlier: earlier).first { $0.setting.urn == "100001" }
        #expect(flag?.status == .continuing)
        #expect(flag?.triggers.map(\.rule) == ["critical", "dsl-training", "open"])
        // Flagged before, nothing now: resolved, for the LA to confirm.
        flag = flags(["a.xml": good()], earlier: earlier).first { $0.setting.urn == "100001" }
        #expect(flag?.status == .resolved && flag?.triggers.map(\.rule) == ["open"])
        // Closed by the LA last cycle: failing again is new; passing drops off the register.
        earlier.flags["100001"]?.closed = true
        #expect(flags(["a.xml": failing], earlier: earlier).first { $0.setting.urn == "100001" }?.status == .new)
        #expect(flags(["a.xml": good()], earlier: earlier).first { $0.setting.urn == "100001" } == nil)
        // Closed this cycle.
        let notes = ["100001": [RiskNote(date: CivilDate(year: 2026, month: 12, day: 1)!, kind: .resolved, text: "Policy approved")]]
        #expect(flags(["a.xml": failing], notes: notes).first { $0.setting.urn == "100001" }?.status == .closed)
    }

    @Test func policyLint() {
        let questionnaires = DefinitionLoader.load([InputPath(Mini.questionnaire)]).questionnaires
        let scratch = Scratch()
        defer { scratch.remove() }
        let text = try! String(contentsOfFile: RiskTests.policyPath, encoding: .utf8)
        let cases: [(String, String, String)] = [
            (#"<question id="A2.1" months="24"/>"#, #"<question id="A9.9" months="24"/>"#, "does not have"),
            (#"<question id="A2.1" months="24"/>"#, #"<question id="A1.1" months="24"/>"#, "is not a date question"),
            (#"<question id="A2.1" months="24"/>"#, #"<question id="A2.1" months="-3"/>"#, "is not a period"),
            (#"percent="65""#, #"percent="0""#, "is impossible"),
            (#"share="40""#, "", "needs a share attribute"),
            (#"<standard id="B"/>"#, #"<standard id="Z"/>"#, "names standard Z"),
            (#"id="low""#, #"id="critical""#, "is defined twice"),
            (#"questionnaire="mini""#, #"questionnaire="maxi""#, "was not loaded"),
        ]
        for (old, new, message) in cases {
            let path = scratch.write("p.xml", text.replacingOccurrences(of: old, with: new))
            let (policies, problems) = RiskPolicyLoader.load([InputPath(path)], questionnaires: questionnaires)
            #expect(policies.isEmpty, "\(message)")
            #expect(problems.contains { $0.message.contains(message) && $0.location.line > 0 }, "\(message): \(problems.map(\.rendered))")
        }
    }
}
