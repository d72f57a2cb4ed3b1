import Testing
@testable import S175Kit

@Suite("Validating and scoring returns")
struct ValidationTests {
    @Test func scoresMatchHandComputedValues() {
        let result = Mini.run(["alpha.xml": Mini.xml(answers: [
            ("A1.1", "met"), ("A1.2", "yes"), ("A2.1", "2025-01-15"), ("A2.2", "95"), ("B1.1", "partly"), ("B1.3", "4"),
        ])])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
        let score = result.accepted[0].score
        // A: 3x2 + 1x1 + 2x2 (trained within 24 months) + 1x1 (95% is partly) = 12 of 13.
        #expect(score.standards[0] == Score(achieved: 12, possible: 13))
        // B: 2x1 of 2x2; B1.2 is for secondary schools only; B1.3 is recorded, not scored.
        #expect(score.standards[1] == Score(achieved: 2, possible: 4))
        #expect(score.overall == Score(achieved: 14, possible: 17))
        #expect(score.overallRAG == .amber)
        #expect(score.standardRAG == [.green, .red])
        #expect(score.applicable == 6)
        #expect(score.answered == 6)
        #expect(result.accepted[0].record.detail(for: 6)?.value == "4")
    }

    @Test func criticalFailureMakesTheReturnRed() {
        let result = Mini.run(["a.xml": Mini.xml(answers: [
            ("A1.1", "met"), ("A1.2", "yes"), ("A2.1", "2024-08-31"), ("A2.2", "100"), ("B1.1", "met"),
        ])])
        let score = result.accepted[0].score
        // 2024-08-31 is more than 24 months before the census date of 2026-09-01.
        #expect(score.overall == Score(achieved: 13, possible: 17))
        #expect(score.criticalFailures == [2])
        #expect(score.overallRAG == .red)
        #expect(score.standardRAG[0] == .red)
        #expect(score.standardRAG[1] == .green)
    }

    @Test func exactlyTwentyFourMonthsIsWithinTheBand() {
        let result = Mini.run(["a.xml": Mini.xml(answers: [("A1.1", "met"), ("A2.1", "2024-09-01")])])
        #expect(result.accepted[0].score.criticalFailures.isEmpty)
        #expect(result.accepted[0].score.elements[1] == Score(achieved: 4, possible: 4))
    }

    @Test func notApplicableAndBlankAreLeftOutOfTheDenominator() {
        let result = Mini.run(["a.csv": """
            urn,submitted,questionnaire,version,A1.1,A1.2,A2.1,A2.2,B1.1
            100001,2026-11-01,mini,1,met,,n/a,,not-met
            """])
        let score = result.accepted[0].score
        #expect(score.overall == Score(achieved: 6, possible: 10))
        #expect(score.notApplicable == 1)
        #expect(score.unanswered == 3)  // A1.2, A2.2 and the recorded number B1.3
        #expect(score.answered == 3)
    }

    @Test func eachProblemIsReportedWithItsLocation() {
        let csv = """
            urn,submitted,questionnaire,version,A1.1,A2.1,A2.2,B1.1
            100001,2026-11-01,mini,1,Met,2026-02-30,95,met
            999999,2026-11-01,mini,1,met,2025-01-01,95,met
            100004,2026-11-01,mini,1,met,2025-01-01,95,met
            100002,2026-11-01,mini,2,met,2025-01-01,95,met
            100003,2026-11-01,mini,1,met,2027-01-01,101,met
            100005,,mini,1,met,2025-01-01,95,met
            """
        let result = Mini.run(["r.csv": csv])
        func at(_ problem: Problem) -> String? {
            result.problems(problem).first.map { "\($0.location.line):\($0.location.column)" }
        }
        #expect(at(.answerNotOnScale) == "2:26")
        #expect(result.problems(.answerNotOnScale).first?.message.contains("did you mean \"met\"") == true)
        #expect(at(.badDate) == "2:30")
        #expect(at(.unknownSchool) == "3:1")
        #expect(at(.closedSchool) == "4:1")
        #expect(at(.wrongVersion) == "5:24")
        #expect(result.problems(.badDate).count == 2)  // 30 February, and a date after submission
        #expect(at(.badNumber) == "6:41")
        #expect(at(.missingField) == "7:8")
        #expect(result.accepted.isEmpty)
        #expect(result.rejected.count == 6)
        #expect(result.diagnostics.allSatisfy { $0.effect == .returnRejected })
    }

    @Test func unknownQuestionInXMLAndLongCSV() {
        let xml = Mini.xml(answers: [("A1.1", "met"), ("Z9.9", "met")])
        let long = """
            urn,submitted,questionnaire,version,question,answer,evidence
            100002,2026-11-01,mini,1,A1.1,met,Policy on website
            100002,2026-11-01,mini,1,A1.7,met,
            """
        let result = Mini.run(["a.xml": xml, "b.csv": long])
        let unknown = result.problems(.unknownQuestion)
        #expect(unknown.map { "\($0.location.file.split(separator: "/").last!):\($0.location.line):\($0.location.column)" } == ["a.xml:4:11", "b.csv:3:26"])
    }

    @Test func missingMandatoryAnswersAreAWarning() {
        let result = Mini.run(["a.xml": Mini.xml(answers: [("A1.2", "yes")])])
        #expect(result.accepted.count == 1)
        let warning = result.problems(.mandatoryUnanswered)
        #expect(warning.count == 1)
        #expect(warning.first?.message == "1 mandatory question is unanswered: A1.1")
        #expect(warning.first?.effect == .returnAccepted)
    }

    @Test func aReturnWithNoAnswersIsRejected() {
        let result = Mini.run(["a.xml": Mini.xml(answers: [("A1.1", "")])])
        #expect(result.problems(.emptyReturn).count == 1)
        #expect(result.accepted.isEmpty)
        #expect(result.nonReturns.first { $0.setting.urn == "100001" }?.status == .rejected)
    }

    @Test func theLatestSubmissionWinsAndTheOtherIsKept() {
        let result = Mini.run([
            "1.xml": Mini.xml(submitted: "2026-11-20T09:00:00Z", answers: Mini.fullAnswers),
            "2.xml": Mini.xml(submitted: "2026-11-02T09:00:00Z", answers: [("A1.1", "not-met")]),
        ])
        #expect(result.accepted.count == 1)
        #expect(result.accepted[0].record.submitted.description == "2026-11-20T09:00:00Z")
        #expect(result.superseded.map(\.submitted.description) == ["2026-11-02T09:00:00Z"])
        let note = result.problems(.duplicateReturn)
        #expect(note.count == 1)
        #expect(note.first?.effect == .returnSuperseded)
        #expect(note.first?.location.file.hasSuffix("2.xml") == true)
    }

    @Test func aRejectedResubmissionDoesNotHideTheEarlierReturn() {
        let result = Mini.run([
            "1.xml": Mini.xml(submitted: "2026-11-02T09:00:00Z", answers: Mini.fullAnswers),
            "2.xml": Mini.xml(submitted: "2026-11-20T09:00:00Z", answers: [("A1.1", "done")]),
        ])
        #expect(result.accepted.count == 1)
        #expect(result.accepted[0].record.submitted.description == "2026-11-02T09:00:00Z")
        #expect(result.problems(.duplicateReturn).first?.message.contains("earlier return") == true)
    }

    @Test func questionsForOtherPhasesAreNotScored() {
        let result = Mini.run(["a.xml": Mini.xml(answers: Mini.fullAnswers + [("B1.2", "not-met")])])
        #expect(result.problems(.notApplicableQuestion).count == 1)
        #expect(result.accepted[0].score.overall == Score(achieved: 17, possible: 17))
    }

    @Test func repeatedAnswersMustAgree() {
        let same = Mini.run(["a.xml": Mini.xml(answers: Mini.fullAnswers + [("A1.1", "met")])])
        #expect(same.diagnostics.isEmpty)
        let different = Mini.run(["a.xml": Mini.xml(answers: Mini.fullAnswers + [("A1.1", "partly")])])
        #expect(different.problems(.repeatedAnswer).count == 1)
        #expect(different.accepted.isEmpty)
    }

    @Test func timelinessFollowsUKDates() {
        let result = Mini.run([
            "a.xml": Mini.xml(urn: "100001", submitted: "2026-11-14T23:59:00Z", answers: Mini.fullAnswers),
            "b.xml": Mini.xml(urn: "100003", submitted: "2026-11-15T00:00:00Z", answers: Mini.fullAnswers),
            "c.xml": Mini.xml(urn: "100005", submitted: "2026-12-06T08:00:00Z", answers: Mini.fullAnswers),
        ])
        let byURN = Dictionary(uniqueKeysWithValues: result.accepted.map { ($0.setting.urn, $0.timeliness) })
        #expect(byURN == ["100001": .onTime, "100003": .late, "100005": .afterFinalDeadline])
    }

    @Test func evidenceAndActionsAreKept() {
        let xml = """
            <return xmlns="urn:s175:return:1" questionnaire="mini" version="1" urn="100001" submitted="2026-11-10T09:00:00Z">
              <answer question="A1.1" value="partly">
                <evidence>Policy drafted; &lt;script&gt;alert(1)&lt;/script&gt;</evidence>
                <action due="2027-01-31" owner="DSL">Governors to approve
                  at the January meeting</action>
              </answer>
            </return>
            """
        let result = Mini.run(["a.xml": xml])
        let detail = result.accepted[0].record.detail(for: 0)
        #expect(detail?.evidence == "Policy drafted; <script>alert(1)</script>")
        #expect(detail?.action == ActionPlan(text: "Governors to approve\nat the January meeting", due: CivilDate(year: 2027, month: 1, day: 31), owner: "DSL"))
    }

    @Test func wideCSVEvidenceColumnsAndUnknownColumns() {
        let csv = """
            urn,submitted,questionnaire,version,School name,A1.1,A1.1#evidence,A1.1#action,A1.1#action_due,a1.2
            100001,2026-11-01,mini,1,Alpha,partly,"Draft, awaiting approval",Approve it,31/01/2027,yes
            """
        let result = Mini.run(["a.csv": csv])
        #expect(result.problems(.csvUnknownColumn).first?.message.contains("E \"School name\"") == true)
        let record = result.accepted[0].record
        #expect(record.answers[1] == 0)  // a1.2 matched case-insensitively
        #expect(record.detail(for: 0)?.evidence == "Draft, awaiting approval")
        #expect(record.detail(for: 0)?.action?.due == CivilDate(year: 2027, month: 1, day: 31))
    }

    @Test func aRowWithTheWrongNumberOfCellsIsRejected() {
        let csv = """
            urn,submitted,questionnaire,version,A1.1,A1.1#evidence,A1.2
            100001,2026-11-01,mini,1,met,Policy, signed,yes
            100003,2026-11-01,mini,1,met,"Policy, signed",yes
            """
        let result = Mini.run(["a.csv": csv])
        #expect(result.problems(.csvFieldCount).map(\.location.line) == [2])
        #expect(result.accepted.map(\.setting.urn) == ["100003"])
    }

    @Test func windows1252CSVFromExcel() {
        let scratch = Scratch()
        defer { scratch.remove() }
        var bytes = Array("urn,submitted,questionnaire,version,A1.1,A1.1#evidence\r\n100001,14/11/2026 09:30,mini,1,met,Signed off by the head".utf8)
        bytes += [0x92] + Array("s PA ".utf8) + [0x96] + Array(" ".utf8) + [0xA3] + Array("0 cost\r\n".utf8)
        scratch.write("returns/excel.csv", bytes: bytes)
        guard case .success(let result) = Batch.run(Mini.cycle(returns: [scratch.file("returns")])) else {
            Issue.record("batch failed")
            return
        }
        #expect(result.accepted[0].record.detail(for: 0)?.evidence == "Signed off by the head’s PA – £0 cost")
    }

    @Test func filesThatAreNotReturnsAreReportedAndSkipped() {
        let scratch = Scratch()
        defer { scratch.remove() }
        scratch.write("returns/book.xlsx", bytes: [0x50, 0x4B, 0x03, 0x04, 1, 2, 3])
        scratch.write("returns/empty.csv", "")
        scratch.write("returns/notes.txt", "Please find our return attached\n")
        scratch.write("returns/good.xml", Mini.xml(answers: Mini.fullAnswers))
        scratch.write("returns/.DS_Store", "junk")
        guard case .success(let result) = Batch.run(Mini.cycle(returns: [scratch.file("returns")])) else {
            Issue.record("batch failed")
            return
        }
        #expect(result.accepted.count == 1)
        #expect(result.files.count == 4)
        let skipped = result.diagnostics.filter { $0.effect == .fileSkipped }.map { Paths.fileName(of: $0.location.file) }
        #expect(skipped.sorted() == ["book.xlsx", "empty.csv", "notes.txt"])
    }
}
