import Testing
@testable import S175Kit

/// Early-years providers beside schools: the provider list in Ofsted's words, EY URNs,
/// each population on its own questionnaire, and pairing within early years.
@Suite("Early years")
struct EarlyYearsTests {
    static let register = fixtures + "/early-years-register.csv"
    static let questionnaire = fixtures + "/mini-early-years.xml"

    static func cycle(returns: [String]) -> CycleSettings {
        var cycle = Mini.cycle(returns: returns)
        cycle.questionnaires.append(InputPath(questionnaire))
        cycle.registers.append(RegisterSource(file: InputPath(register), population: EarlyYears.population))
        return cycle
    }

    static func run(_ files: [String: String]) -> BatchResult {
        Mini.run(files, cycle: cycle(returns:))
    }

    static func xml(urn: String, questionnaire: String = "mini-ey", answers: [(String, String)]) -> String {
        var text = Mini.xmlHeader + "\n"
        text += #"<return xmlns="urn:s175:return:1" questionnaire="\#(questionnaire)" version="1" urn="\#(urn)" submitted="2026-11-10T09:00:00Z">"# + "\n"
        for (question, value) in answers { text += #"  <answer question="\#(question)" value="\#(value)"/>"# + "\n" }
        return text + "</return>\n"
    }

    @Test func aProviderListInOfstedsWordsIsRead() {
        let (register, diagnostics) = RegisterLoader.load([
            RegisterSource(file: InputPath(Mini.register)), RegisterSource(file: InputPath(Self.register), population: EarlyYears.population),
        ])
        guard let register else { Issue.record("no register: \(diagnostics.map(\.rendered))"); return }
        let providers = register.settings.filter { $0.population == EarlyYears.population }
        let byURN = Dictionary(uniqueKeysWithValues: providers.map { ($0.urn, $0) })
        // Expected to return: active providers not run by a school, including the old six-digit URN.
        #expect(Set(byURN.keys) == ["EY100001", "EY100002", "130001", "EY100008", "EY100009"])
        #expect(byURN["EY100001"]?.type == "Childminder")
        #expect(byURN["EY100002"]?.type == "Nursery")
        #expect(byURN["130001"]?.type == "Pre-school")
        #expect(byURN["130001"]?.phase == "Pre-school")
        #expect(byURN["EY100002"]?.locality == "Reading")  // Ofsted's "Local authority" column
        #expect(byURN["EY100002"]?.pupils == 60)
        #expect(byURN["EY100002"]?.trustName == "Little Acorns Ltd")
        #expect(providers.allSatisfy { $0.typeGroup == EarlyYears.typeGroup })
        #expect(register.inactive["EY100004"]?.reason == .suspended)
        #expect(register.inactive["EY100005"]?.reason == .closed)
        #expect(register.inactive["EY100006"]?.reason == .notYetOpen)
        #expect(register.inactive["EY100007"]?.reason == .coveredBySchool("100001"))
        // A provider type s175 cannot place is kept as Other, with a warning naming the row.
        #expect(byURN["EY100008"]?.type == "Other")
        let warning = diagnostics.first { $0.urn == "EY100008" }
        #expect(warning?.severity == .warning)
        #expect(warning?.location.line == 9)
        #expect(warning?.message.contains("\"Home childcarer\"") == true)
    }

    @Test func aProviderLinkedToNoOpenSchoolMustReturnItself() {
        // Without the schools' register, EY100007's school is not known to be open.
        let (register, diagnostics) = RegisterLoader.load([RegisterSource(file: InputPath(Self.register), population: EarlyYears.population)])
        #expect(register?.setting(urn: "EY100007") != nil)
        #expect(diagnostics.contains { $0.urn == "EY100007" && $0.message.contains("not an open school") })
    }

    @Test func shiftedRowsAndAMissingLACodeColumnAreReported() {
        let scratch = Scratch()
        defer { scratch.remove() }
        let shifted = scratch.write("shifted.csv", "URN,ProviderName,ProviderType,RegistrationStatus,LA (name)\nEY200001,Smith, Jo,Childminder,Active,Reading\nEY200002,Acorns,Childminder,Active,Reading\n")
        let (register, problems) = RegisterLoader.load([RegisterSource(file: InputPath(shifted), population: EarlyYears.population)])
        #expect(register?.settings.map(\.urn) == ["EY200002"])
        #expect(problems.contains { $0.problem == .csvFieldCount && $0.location.line == 2 })
        // la-codes with no LA code column would drop every row: an error instead.
        let (none, errors) = RegisterLoader.load([RegisterSource(file: InputPath(shifted), laCodes: ["870"], population: EarlyYears.population)])
        #expect(none == nil)
        #expect(errors.contains { $0.severity == .error && $0.message.contains("no column \"LA (code)\" or \"Local authority code\"") })
    }

    @Test func aLocalityWithFewProvidersShowsNoFiguresAboutThem() throws {
        // Reading has two providers and Wokingham three: below the early-years threshold of 5.
        let result = Self.run([
            "a.xml": Self.xml(urn: "EY100001", answers: [("E1.1", "met")]),
            "b.xml": Self.xml(urn: "EY100002", answers: [("E1.1", "partly"), ("E1.2", "met")]),
            "c.xml": Self.xml(urn: "130001", answers: [("E1.1", "met"), ("E1.2", "met")]),
            "d.xml": Self.xml(urn: "EY100008", answers: [("E1.1", "met")]),
            "e.xml": Self.xml(urn: "EY100009", answers: [("E1.1", "not-met"), ("E1.2", "met")]),
        ])
        let analyses = Analysis.analyse(result)
        let frame = PageFrame(result: result, options: ReportOptions(), history: [], flags: [],
                              pairing: PeerReview.plan(result, flags: [], earlierPairs: [], settings: PeerReviewSettings()))
        let page = String(decoding: ESGReport(frame: frame, analyses: analyses, locality: "Reading").render(), as: UTF8.self)
        let part = try #require(page.range(of: "<h1 class=\"part\">Mini early years")).lowerBound
        let earlyYears = String(page[part...])
        for title in earlyYears.matches(of: /<h2>([^<]*)<\/h2>/) {
            #expect(!title.output.1.contains("%"), "a title states a share from fewer than 5 providers: \(title.output.1)")
        }
        for cell in earlyYears.matches(of: /<td class="num[^"]*">([0-9]+)<\/td>/) {
            #expect(Int(cell.output.1)! == 0 || Int(cell.output.1)! >= 5)
        }
        #expect(earlyYears.contains("Fewer than 5 settings in Reading are in peer-review groups"))
        // A provider's own page does not show an average of two, which would give away the other's score.
        let childminder = try #require(result.accepted.first { $0.setting.urn == "EY100001" })
        let own = String(decoding: SchoolPage(frame: frame, analysis: analyses[1], scored: childminder).render(), as: UTF8.self)
        #expect(own.contains("not shown: fewer than 5 settings"))
    }

    @Test func providerTypesFromOfstedsTypesAndSubtypes() {
        #expect(EarlyYears.providerType("Childminder ") == "Childminder")
        #expect(EarlyYears.providerType("Childcare on non-domestic premises Full day care") == "Nursery")
        #expect(EarlyYears.providerType("Childcare on non-domestic premises Sessional day care") == "Pre-school")
        #expect(EarlyYears.providerType("Childcare on non-domestic premises Holiday scheme") == "Out of school")
        #expect(EarlyYears.providerType("Pre-School Playgroup") == "Pre-school")
        #expect(EarlyYears.providerType("Home childcarer") == nil)
    }

    @Test func eyURNs() {
        #expect(URN.normalise("EY123456") == "EY123456")
        #expect(URN.normalise(" ey123456 ") == "EY123456")
        #expect(URN.normalise("123456") == "123456")
        #expect(URN.normalise("EY") == nil)
        #expect(URN.normalise("EX123456") == nil)
        #expect(URN.normalise("EY12-456") == nil)
    }

    @Test func eachPopulationAnswersItsOwnQuestionnaire() {
        let result = Self.run([
            // A childminder, its URN lower-cased by a survey tool; the supervision item is for group settings only.
            "childminder.xml": Self.xml(urn: "ey100001", answers: [("E1.1", "met")]),
            "nursery.xml": Self.xml(urn: "EY100002", answers: [("E1.1", "met"), ("E1.2", "partly")]),
            // A nursery on the schools' form, and a school on the early-years form.
            "wrong-form.xml": Self.xml(urn: "EY100009", questionnaire: "mini", answers: [("A1.1", "met")]),
            "school.xml": Self.xml(urn: "100001", answers: [("E1.1", "met")]),
            "resigned.xml": Self.xml(urn: "EY100005", answers: [("E1.1", "met")]),
            "school-run.xml": Self.xml(urn: "EY100007", answers: [("E1.1", "met")]),
        ])
        #expect(Set(result.accepted.map(\.setting.urn)) == ["EY100001", "EY100002"])
        let childminder = result.accepted.first { $0.setting.urn == "EY100001" }
        #expect(childminder?.score.overall == Score(achieved: 6, possible: 6))
        #expect(childminder?.score.applicable == 1)
        #expect(result.accepted.first { $0.setting.urn == "EY100002" }?.score.overall == Score(achieved: 7, possible: 8))
        let wrong = result.problems(.wrongQuestionnaire)
        #expect(wrong.count == 2)
        #expect(wrong.contains { $0.urn == "EY100009" && $0.message.contains("an early-years provider") && $0.fix.contains("mini-ey 1") })
        #expect(wrong.contains { $0.urn == "100001" && $0.message.contains("a school") })
        // Answers on the wrong form are not checked question by question.
        #expect(result.problems(.unknownQuestion).isEmpty)
        #expect(result.problems(.closedSchool).first?.urn == "EY100005")
        #expect(result.problems(.outOfScopeSchool).first?.message.contains("run by the school with URN 100001") == true)
        // Each questionnaire's analysis counts only its own population as expected.
        let analyses = Analysis.analyse(result)
        #expect(analyses.map(\.questionnaire.population) == ["schools", EarlyYears.population])
        #expect(analyses[1].tally(.area)?.expected == 5)
        #expect(analyses[0].tally(.area)?.expected == 4)
    }

    @Test func providersArePairedWithEachOtherAndNeverWithinOneOwner() {
        let answers: [String: [(String, String)]] = [
            "EY100001": [("E1.1", "met")], "EY100002": [("E1.1", "met"), ("E1.2", "not-met")],
            "130001": [("E1.1", "partly"), ("E1.2", "met")], "EY100009": [("E1.1", "met"), ("E1.2", "met")],
        ]
        var files = Dictionary(uniqueKeysWithValues: answers.map { ("\($0.key).xml", Self.xml(urn: $0.key, answers: $0.value)) })
        files["alpha.xml"] = Mini.xml(urn: "100001", answers: Mini.fullAnswers)
        files["beta.xml"] = Mini.xml(urn: "100002", answers: Mini.fullAnswers)
        let result = Self.run(files)
        #expect(result.accepted.count == 6)
        let apart = PeerReview.plan(result, flags: [], earlierPairs: [], settings: PeerReviewSettings())
        for group in apart.groups {
            #expect(Set(group.members.map(\.population)).count == 1, "\(group.members.map(\.urn))")
            #expect(Set(group.members.map(\.urn)) != ["EY100002", "EY100009"], "two nurseries of one owner")
        }
        #expect(apart.groups.flatMap(\.members).count == 6)
        var together = PeerReviewSettings()
        together.earlyYearsApart = false
        let mixed = PeerReview.plan(result, flags: [], earlierPairs: [], settings: together)
        #expect(mixed.groups.flatMap(\.members).count == 6)
        #expect(mixed.groups.allSatisfy { !Set($0.members.map(\.urn)).isSuperset(of: ["EY100002", "EY100009"]) })
    }

    @Test func earlyYearsCellsNeedFiveProviders() {
        #expect(EarlyYears.minimumCell(3) == 5)
        #expect(EarlyYears.minimumCell(10) == 10)
    }
}
