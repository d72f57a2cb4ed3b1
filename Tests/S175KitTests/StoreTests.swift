import Foundation
import Testing
@testable import S175Kit

@Suite("History store")
struct StoreTests {
    func store(_ scratch: Scratch) throws -> HistoryStore {
        try HistoryStore(path: scratch.file("store/s175.sqlite"))
    }

    func save(_ result: BatchResult, in store: HistoryStore) throws {
        try store.save(result, analyses: Analysis.analyse(result), flags: [], pairing: nil, choices: .init(final: false, minimumCell: 3, templates: nil))
    }

    static let hostileReturns: [String: String] = [
        "a.xml": """
            <return xmlns="urn:s175:return:1" questionnaire="mini" version="1" urn="100001" submitted="2026-11-10T09:00:00Z">
              <answer question="A1.1" value="partly"><evidence>Draft "policy" &amp; minutes</evidence>
                <action due="2027-01-31" owner="DSL">Approve it</action></answer>
              <answer question="A2.1" value="2025-03-01"/>
              <answer question="A2.2" value="97.5"/>
              <answer question="B1.3" value="4"/>
            </return>
            """,
        "b.xml": Mini.xml(urn: "100001", submitted: "2026-11-01T09:00:00Z", answers: [("A1.1", "met")]),
        "c.xml": Mini.xml(urn: "100003", answers: [("A1.1", "Met")]),
        "d.csv": "urn,submitted,questionnaire,version,A1.1,B1.1\n100002,2026-11-20,mini,1,met,not-met\n",
    ]

    @Test func aCycleComesBackExactlyAsItWasRun() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let result = Mini.run(StoreTests.hostileReturns)
        #expect(result.accepted.count == 2 && result.superseded.count == 1 && result.rejected.count == 1)
        let history = try store(scratch)
        try save(result, in: history)
        guard let (loaded, choices) = try history.load(cycle: "test") else {
            Issue.record("cycle not found")
            return
        }
        #expect(choices.minimumCell == 3 && !choices.final)
        #expect(loaded.accepted.map(\.record) == result.accepted.map(\.record))
        #expect(loaded.accepted.map(\.score) == result.accepted.map(\.score))
        #expect(loaded.superseded == result.superseded)
        #expect(loaded.rejected == result.rejected)
        #expect(loaded.nonReturns == result.nonReturns)
        #expect(loaded.files == result.files)
        #expect(loaded.register.settings == result.register.settings)
        #expect(loaded.diagnostics.map(\.rendered) == result.diagnostics.map(\.rendered))
        #expect(loaded.questionnaires.map(\.key) == result.questionnaires.map(\.key))
        // The outputs written from either are the same bytes.
        #expect(BatchOutputs.scores(loaded) == BatchOutputs.scores(result))
        #expect(BatchOutputs.rejected(loaded) == BatchOutputs.rejected(result))
        #expect(BatchOutputs.manifest(loaded, outputs: []) == BatchOutputs.manifest(result, outputs: []))
    }

    @Test func savingACycleAgainReplacesItWithoutDuplicates() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let history = try store(scratch)
        let result = Mini.run(StoreTests.hostileReturns)
        try save(result, in: history)
        let first = try history.contentDigest()
        try save(result, in: history)
        #expect(try history.contentDigest() == first)
        #expect(try history.cycles().map(\.accepted) == [2])
        // A different batch for the same cycle replaces it whole.
        try save(Mini.run(["a.xml": Mini.xml(answers: Mini.fullAnswers)]), in: history)
        #expect(try history.cycles().map { [$0.accepted, $0.rejected, $0.superseded] } == [[1, 0, 0]])
        #expect(try history.contentDigest() != first)
    }

    @Test func aStoreFromTheFirstSchemaIsBroughtForward() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let path = scratch.file("old.sqlite")
        do {
            let database = try SQLiteDatabase(path: path)
            try database.execute(Schema.migrations[0])
            try database.execute("PRAGMA user_version = 1")
            try database.execute("""
                INSERT INTO cycles (id, area, census_date, deadline, final_deadline, min_cell, final, tool_version)
                VALUES ('2024', 'Old Area', '2024-09-01', '2024-11-14', '2024-12-05', 3, 0, '0.0.9')
                """)
        }
        let history = try HistoryStore(path: path)
        #expect(try history.database.userVersion == Schema.latest)
        #expect(try history.cycles().map(\.id) == ["2024"])
        try save(Mini.run(["a.xml": Mini.xml(answers: Mini.fullAnswers)]), in: history)
        #expect(try history.cycles().map(\.id) == ["2024", "test"])
    }

    @Test func aStoreFromANewerS175IsRefused() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let path = scratch.file("new.sqlite")
        do {
            let database = try SQLiteDatabase(path: path)
            try database.execute("PRAGMA user_version = \(Schema.latest + 1)")
        }
        #expect(throws: StoreError.self) { try HistoryStore(path: path) }
    }
}

@Suite("Trends across cycles")
struct TrendTests {
    /// Version 2 of the mini questionnaire: A1.2 reworded as A1.5, and a new B1.4.
    static let version2 = try! String(contentsOfFile: Mini.questionnaire, encoding: .utf8)
        .replacingOccurrences(of: #"version="1""#, with: #"version="2""#)
        .replacingOccurrences(of: #"<question id="A1.2" scale="yesno" weight="1" themes="policy">"#,
                              with: #"<question id="A1.5" scale="yesno" weight="1" themes="policy">"#)
        .replacingOccurrences(of: "<text>Staff can find the policy.</text>",
                              with: "<text>Every member of staff can find the current policy.</text><continues question=\"A1.2\"/>")
        .replacingOccurrences(of: "<number-question id=\"B1.3\">",
                              with: "<question id=\"B1.4\" scale=\"met\"><text>A new item.</text></question><number-question id=\"B1.3\">")

    func cycle(_ year: Int, questionnaire: String, returns: String) -> CycleSettings {
        CycleSettings(
            id: String(year), area: "Test Area", censusDate: CivilDate(year: year, month: 9, day: 1)!,
            deadline: CivilDate(year: year, month: 11, day: 14)!, finalDeadline: CivilDate(year: year, month: 12, day: 5)!,
            questionnaires: [InputPath(questionnaire)], registers: [RegisterSource(file: InputPath(Mini.register))],
            returns: [InputPath(returns)])
    }

    func xml(_ urn: String, version: String, _ answers: [(String, String)]) -> String {
        Mini.xml(urn: urn, submitted: "\(version == "1" ? 2025 : 2026)-11-01T09:00:00Z", answers: answers)
            .replacingOccurrences(of: #"version="1""#, with: #"version="\#(version)""#)
    }

    @Test func trendsFollowTheCrosswalkAndMatchHandWorkedFigures() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let v2 = scratch.write("mini-2.xml", TrendTests.version2)
        scratch.write("2025/a.xml", xml("100001", version: "1", [("A1.1", "met"), ("A1.2", "no"), ("B1.1", "partly")]))
        scratch.write("2025/b.xml", xml("100003", version: "1", [("A1.1", "not-met"), ("A1.2", "yes"), ("B1.1", "met")]))
        scratch.write("2026/a.xml", xml("100001", version: "2", [("A1.1", "met"), ("A1.5", "yes"), ("B1.1", "met"), ("B1.4", "met")]))
        scratch.write("2026/b.xml", xml("100003", version: "2", [("A1.1", "met"), ("A1.5", "yes"), ("B1.1", "partly")]))
        guard case .success(let first) = Batch.run(cycle(2025, questionnaire: Mini.questionnaire, returns: scratch.file("2025"))),
              case .success(let second) = Batch.run(cycle(2026, questionnaire: v2, returns: scratch.file("2026")))
        else {
            Issue.record("a batch failed")
            return
        }
        #expect(first.diagnostics.filter { $0.severity == .error }.isEmpty && second.diagnostics.filter { $0.severity == .error }.isEmpty)
        let store = try HistoryStore(path: scratch.file("s175.sqlite"))
        try store.save(first, analyses: Analysis.analyse(first), flags: [], pairing: nil, choices: .init(final: false, minimumCell: 3, templates: nil))
        let history = try store.history(before: second.cycle.censusDate)
        #expect(history.map(\.cycle) == ["2025"])
        let analysis = Analysis.analyse(second)[0]
        let trends = Trends(current: analysis, earlier: history[0])
        let q = analysis.questionnaire

        // A1.5 continues A1.2; B1.4 is new, so nothing to compare it with.
        #expect(trends.counterparts[q.questionIndex("A1.5")!] == ["A1.2"])
        #expect(trends.counterparts[q.questionIndex("B1.4")!] == [])

        // Standard A, area: then A1.1 1 of 2 and A1.2 1 of 2 (2 of 4, 50%); now 4 of 4: +50 points.
        let a = trends.change(analysis.questions(standard: 0), locality: nil)!
        #expect(a.before == (2, 4) && a.now == (4, 4))
        #expect(a.points == 500)
        #expect(a.settingsBefore == 2 && a.settingsNow == 2)
        // Standard B: B1.1 met by 1 of 2 in both years; B1.4 is left out: no change.
        let b = trends.change(analysis.questions(standard: 1), locality: nil)!
        #expect(b.before == (1, 2) && b.now == (1, 2) && b.points == 0)
        // Reading has only 100001: then 1 of 2 in standard A, now 2 of 2.
        let reading = trends.change(analysis.questions(standard: 0), locality: "Reading")!
        #expect(reading.before == (1, 2) && reading.now == (2, 2) && reading.points == 500)
        // The school's own change: 100003 went from A1.1 not met to met.
        let school = history[0].school("100003", questionnaire: "mini")
        #expect(school?.overall == Score(achieved: 5, possible: 11).permille)
        let ranked = trends.questionsByChange()
        #expect(ranked.map { q.questions[$0.question].id } == ["A1.1", "A1.5", "B1.1"])
    }
}
