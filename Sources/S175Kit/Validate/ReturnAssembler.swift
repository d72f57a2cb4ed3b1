/// Everything validation looks things up in; immutable and shared by worker threads.
public struct ValidationContext: Sendable {
    public var cycle: CycleSettings
    public var register: Register
    public var questionnaires: [Questionnaire]

    public init(cycle: CycleSettings, register: Register, questionnaires: [Questionnaire]) {
        self.cycle = cycle
        self.register = register
        self.questionnaires = questionnaires
    }

    func questionnaireIndex(id: String, version: String) -> Int? {
        questionnaires.firstIndex { $0.id == id && $0.version == version }
    }
}

/// A value read from a return with where it was.
struct Located {
    var text: String
    var location: SourceLocation
}

/// The identifying fields every carrier reads before the answers.
struct ReturnHeader {
    var urn: Located
    var submitted: Located
    var questionnaire: Located
    var version: Located
    /// Where the return starts (its element or row).
    var start: SourceLocation
}

/// A return that was read, accepted or not.
struct AssembledReturn: Sendable {
    var record: ReturnRecord?
    /// For a rejected return, what could be read of who sent it.
    var urn: String
    var submitted: Timestamp?
    var questionnaireID: String
    var start: SourceLocation
    var diagnostics: [Diagnostic]
}

/// Builds one return from the answers a carrier reads, checking each as it arrives,
/// so no carrier has to hold a whole batch of raw answers.
struct ReturnAssembler {
    private let context: ValidationContext
    private let header: ReturnHeader
    private(set) var diagnostics: [Diagnostic] = []
    /// The return's URN as far as it could be read.
    private(set) var urn = ""
    private var setting: Setting?
    private var submitted: Timestamp?
    private var questionnaireIndex: Int?
    private var answers: [UInt8] = []
    private var details: [AnswerDetail] = []
    /// Which questions this return has already answered.
    private var seen: [Bool] = []
    private var headerRejected = false
    private var answeredCount = 0

    init(context: ValidationContext, header: ReturnHeader) {
        self.context = context
        self.header = header
        checkHeader()
    }

    /// The questionnaire's questions and scales, held directly: the hot path reads them
    /// per answer, and unwrapping an optional Questionnaire would copy it each time.
    private var questions: [Question] = []
    private var scales: [Scale] = []
    private var questionIDs: [String: Int] = [:]

    /// The questionnaire the return answers, once the header named a known one.
    var questionnaire: Questionnaire? { questionnaireIndex.map { context.questionnaires[$0] } }

    private mutating func error(_ problem: Problem, _ location: SourceLocation, _ message: String, fix: String, hint: String? = nil) {
        var diagnostic = Diagnostic(.error, problem, at: location, urn: urn, message, fix: fix)
        diagnostic.columnHint = hint
        diagnostics.append(diagnostic)
    }

    private mutating func warning(_ problem: Problem, _ location: SourceLocation, _ message: String, fix: String, hint: String? = nil) {
        var diagnostic = Diagnostic(.warning, problem, at: location, urn: urn, message, fix: fix)
        diagnostic.columnHint = hint
        diagnostics.append(diagnostic)
    }

    private mutating func checkHeader() {
        let raw = header.urn.text
        if raw.isEmpty {
            error(.missingField, header.urn.location, "the return has no URN, so it cannot be matched to a setting",
                  fix: "Add the setting's URN (six digits, or EY and six digits for an early-years provider).", hint: "urn=")
            headerRejected = true
        } else if let normal = URN.normalise(raw) {
            urn = normal
            if let found = context.register.setting(urn: normal) {
                setting = found
            } else {
                headerRejected = true
                reportUnknown(urn: normal)
            }
        } else {
            urn = raw
            error(.unknownSchool, header.urn.location, "\"\(raw)\" is not a URN",
                  fix: "A URN is six digits (EY and six digits for early-years providers); check it in GIAS.", hint: "urn=")
            headerRejected = true
        }

        let when = header.submitted.text
        if when.isEmpty {
            error(.missingField, header.submitted.location, "the return has no submission date and time",
                  fix: "Add it in the submitted field, e.g. 2026-11-14T10:32:00Z or 14/11/2026 10:32.", hint: "submitted=")
            headerRejected = true
        } else if let time = Timestamp(parsing: when) {
            submitted = time
        } else {
            error(.badTimestamp, header.submitted.location, "\"\(when)\" is not a date and time",
                  fix: "Write it as 2026-11-14T10:32:00Z, 2026-11-14 or 14/11/2026 10:32.", hint: "submitted=")
            headerRejected = true
        }

        let id = header.questionnaire.text
        let version = header.version.text
        if id.isEmpty {
            error(.missingField, header.questionnaire.location, "the return does not say which questionnaire it answers",
                  fix: "Add the questionnaire id (\(knownQuestionnaires)).", hint: "questionnaire=")
            headerRejected = true
        } else if let index = context.questionnaireIndex(id: id, version: version),
                  let setting, setting.population != context.questionnaires[index].population {
            // Its answers are not checked against a questionnaire it should not have answered.
            let fits = context.questionnaires.filter { $0.population == setting.population }.map(\.key.description)
            error(.wrongQuestionnaire, header.questionnaire.location,
                  "\(setting.name) is \(setting.population == EarlyYears.population ? "an early-years provider" : "a school"), but the return answers \(id), the questionnaire for \(EarlyYears.describe(context.questionnaires[index].population))",
                  fix: fits.isEmpty ? "This cycle has no questionnaire for it: add one to the cycle file." : "Ask it to complete \(fits.joined(separator: " or ")).",
                  hint: "questionnaire=")
            headerRejected = true
        } else if let index = context.questionnaireIndex(id: id, version: version) {
            questionnaireIndex = index
            questions = context.questionnaires[index].questions
            scales = context.questionnaires[index].scales
            questionIDs = context.questionnaires[index].questionIndexByID
            answers = [UInt8](repeating: AnswerCode.unanswered, count: context.questionnaires[index].questions.count)
            seen = [Bool](repeating: false, count: answers.count)
            if let setting {
                let questions = context.questionnaires[index].questions
                for (i, question) in questions.enumerated()
                where question.appliesTo.map({ !$0.includes(phase: setting.phase, type: setting.type, typeGroup: setting.typeGroup) }) ?? false {
                    answers[i] = AnswerCode.notForThisSetting
                }
            }
        } else if context.questionnaires.contains(where: { $0.id == id }) {
            let versions = context.questionnaires.filter { $0.id == id }.map(\.version)
            error(.wrongVersion, header.version.location,
                  version.isEmpty
                    ? "the return does not say which version of \(id) it answers"
                    : "the return answers \(id) version \(version), but this cycle uses version \(versions.joined(separator: " or "))",
                  fix: "Ask the setting to complete the current questionnaire, or correct the version if only the label is wrong.",
                  hint: "version=")
            headerRejected = true
        } else {
            error(.unknownQuestionnaire, header.questionnaire.location,
                  "the return answers questionnaire \"\(id)\", which this cycle does not use",
                  fix: "This cycle uses \(knownQuestionnaires).", hint: "questionnaire=")
            headerRejected = true
        }
    }

    private var knownQuestionnaires: String {
        context.questionnaires.map(\.key.description).joined(separator: ", ")
    }

    private mutating func reportUnknown(urn: String) {
        let location = header.urn.location
        guard let known = context.register.inactive[urn] else {
            error(.unknownSchool, location, "URN \(urn) is not in the register",
                  fix: "Check the URN with the setting; if it is new, add it to the register.", hint: "urn=")
            return
        }
        switch known.reason {
        case .closed:
            error(.closedSchool, location, "URN \(urn) (\(known.name)) is closed, or no longer registered, according to the register",
                  fix: "If the setting has reopened, re-registered or converted, use its new URN.", hint: "urn=")
        case .notYetOpen:
            error(.closedSchool, location, "URN \(urn) (\(known.name)) is not open yet according to the register",
                  fix: "Check the URN; returns are due from open settings.", hint: "urn=")
        case .suspended:
            error(.closedSchool, location, "URN \(urn) (\(known.name)) is suspended on the early years register",
                  fix: "Returns are due from registered providers; keep this one on file and ask again when the suspension lifts.", hint: "urn=")
        case .coveredBySchool(let school):
            error(.outOfScopeSchool, location, "URN \(urn) (\(known.name)) is run by the school with URN \(school), whose own return covers it",
                  fix: "Ask the school to answer for its early-years provision in its own return.", hint: "urn=")
        case .outOfScope(let group):
            error(.outOfScopeSchool, location, "URN \(urn) (\(known.name)) is a \(group) setting, which this cycle does not cover",
                  fix: "Check the URN, or change the register's excluded type groups in the cycle file.", hint: "urn=")
        case .otherLA(let la):
            error(.outOfScopeSchool, location, "URN \(urn) (\(known.name)) belongs to \(la.isEmpty ? "another LA" : la), outside this batch",
                  fix: "Send the return to that LA, or check the URN.", hint: "urn=")
        }
    }

    /// Adds a problem a carrier found in this return.
    mutating func add(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        diagnostic.urn = urn
        diagnostics.append(diagnostic)
    }

    /// Fills in columns the carrier can only find by searching the line (XML).
    mutating func locateColumns(from start: Int, _ find: (Int, String) -> Int) {
        for i in start..<diagnostics.count where diagnostics[i].location.column == 0 {
            if let hint = diagnostics[i].columnHint, diagnostics[i].location.line > 0 {
                diagnostics[i].location.column = find(diagnostics[i].location.line, hint)
            }
        }
    }

    /// The question answered last, to guess the next: returns list questions in order.
    private var lastQuestion = -1

    /// The index of the question whose id is `bytes`; tries the question after the last one
    /// before making a String and looking it up.
    mutating func resolve(questionBytes bytes: UnsafeRawBufferPointer, at location: @autoclosure () -> SourceLocation, hint: String?) -> Int? {
        let next = lastQuestion + 1
        if next < questions.count, questions[next].id.utf8.elementsEqual(bytes) {
            lastQuestion = next
            return next
        }
        let found = resolve(questionID: String(decoding: bytes, as: UTF8.self), at: location(), hint: hint)
        if let found { lastQuestion = found }
        return found
    }

    /// The index of question `id`, or nil (reported) if the questionnaire has no such question.
    mutating func resolve(questionID id: String, at location: @autoclosure () -> SourceLocation, hint: String?) -> Int? {
        guard let questionnaireIndex else { return nil }
        if let index = questionIDs[id] { return index }
        error(.unknownQuestion, location(), "\(context.questionnaires[questionnaireIndex].key) has no question \"\(id)\"",
              fix: "Check the question id against the data dictionary (s175 questionnaire dictionary).", hint: hint)
        return nil
    }

    /// Records an answer to question `index`: `value` is the raw text (already trimmed of spaces).
    /// The location is only worked out if there is something to report there.
    mutating func answer(
        question index: Int, value: UnsafeRawBufferPointer, at location: @autoclosure () -> SourceLocation,
        hint: String? = nil, evidence: String = "", action: ActionPlan? = nil
    ) {
        guard questionnaireIndex != nil else { return }
        let blank = value.isEmpty
        if answers[index] == AnswerCode.notForThisSetting {
            if !blank {
                let question = questions[index]
                warning(.notApplicableQuestion, location(),
                        "question \(question.id) is only for \(question.appliesTo?.summary ?? "other settings"), so this answer is not scored",
                        fix: "No action needed unless the register's phase or type for this setting is wrong.", hint: hint)
            }
            return
        }
        if seen[index] {
            let previous = answers[index]
            let (code, text) = blank ? (AnswerCode.unanswered, "") : interpret(index, value, at: location(), hint: hint, report: false)
            if code != previous || text != (details.last { $0.question == index }?.value ?? "") {
                error(.repeatedAnswer, location(),
                      "question \(questions[index].id) is answered more than once in this return, with different answers",
                      fix: "Keep one answer.", hint: hint)
            }
            return
        }
        seen[index] = true
        guard !blank || !evidence.isEmpty || action != nil else { return }
        var code = AnswerCode.unanswered
        var text = ""
        if !blank {
            (code, text) = interpret(index, value, at: location(), hint: hint, report: true)
            answeredCount += 1
        }
        answers[index] = code
        if !text.isEmpty || !evidence.isEmpty || action != nil {
            details.append(AnswerDetail(question: index, value: text, evidence: evidence, action: action))
        }
    }

    /// Turns the raw value into an option index (or `recorded`), reporting what is wrong.
    private mutating func interpret(
        _ index: Int, _ value: UnsafeRawBufferPointer, at location: @autoclosure () -> SourceLocation, hint: String?,
        report: Bool
    ) -> (UInt8, String) {
        let scaleIndex = questions[index].scale
        // Codes first: the common case, matched on bytes without making a String.
        if let scaleIndex, let option = scales[scaleIndex].optionIndex(bytes: value) {
            if case .choice = questions[index].kind { return (UInt8(option), "") }
            if scales[scaleIndex].options[option].notApplicable { return (UInt8(option), "") }
        }
        let question = questions[index]
        let text = String(decoding: value, as: UTF8.self)
        switch question.kind {
        case .choice:
            if report, let scaleIndex { notOnScale(question, scales[scaleIndex], text, location(), hint) }
            return (AnswerCode.unanswered, "")
        case .date(let bands, let otherwise):
            guard let date = CivilDate(parsing: text) else {
                if report {
                    error(.badDate, location(), "\"\(text)\" is not a date (question \(question.id))",
                          fix: "Write the date as 2025-09-12 (or 12/09/2025), and check that the day exists.", hint: hint)
                }
                return (AnswerCode.unanswered, "")
            }
            if report {
                if date.year < 1950 {
                    error(.badDate, location(), "\(date.longDescription) is not a plausible date for question \(question.id)",
                          fix: "Check the year.", hint: hint)
                } else if let submitted, date > submitted.ukDate {
                    error(.badDate, location(),
                          "\(date.longDescription) (question \(question.id)) is after the return was submitted on \(submitted.ukDate.longDescription)",
                          fix: "Give the date it actually happened; planned dates belong in the action plan.", hint: hint)
                }
            }
            let census = context.cycle.censusDate
            for band in bands where date >= census.adding(months: -band.withinMonths) {
                return (UInt8(band.option), date.description)
            }
            return (UInt8(otherwise), date.description)
        case .number(let bands, let otherwise, _, let min, let max):
            guard let number = DecimalNumber(parsing: text) else {
                if report {
                    error(.badNumber, location(), "\"\(text)\" is not a number (question \(question.id))",
                          fix: "Write digits only, e.g. 95 or 97.5, without units or commas.", hint: hint)
                }
                return (AnswerCode.unanswered, "")
            }
            if report, let min, number < min {
                error(.badNumber, location(), "\(number) is below the smallest possible answer (\(min)) for question \(question.id)",
                      fix: "Check the figure.", hint: hint)
            }
            if report, let max, number > max {
                error(.badNumber, location(), "\(number) is above the largest possible answer (\(max)) for question \(question.id)",
                      fix: "Check the figure.", hint: hint)
            }
            guard scaleIndex != nil else { return (AnswerCode.recorded, number.description) }
            if let band = bands.first(where: { $0.contains(number) }) { return (UInt8(band.option), number.description) }
            if let otherwise { return (UInt8(otherwise), number.description) }
            if report {
                warning(.badNumber, location(), "\(number) falls in none of the bands of question \(question.id), so it is not scored",
                        fix: "Check the figure.", hint: hint)
            }
            return (AnswerCode.unanswered, number.description)
        }
    }

    private mutating func notOnScale(_ question: Question, _ scale: Scale, _ text: String, _ location: SourceLocation, _ hint: String?) {
        var message = "answer \"\(text)\" is not one of \(scale.codeList) (question \(question.id))"
        let lowered = text.lowercased()
        if let match = scale.options.first(where: { $0.code.lowercased() == lowered || $0.label.lowercased() == lowered }) {
            message += "; did you mean \"\(match.code)\"?"
        }
        error(.answerNotOnScale, location, message, fix: "Use one of the codes exactly as written.", hint: hint)
    }

    /// Finishes the return: accepted unless an error was found.
    func finish() -> AssembledReturn {
        var diagnostics = self.diagnostics
        var accepted = !headerRejected && !diagnostics.contains { $0.severity == .error }
        if accepted, answeredCount == 0 {
            var empty = Diagnostic(
                .error, .emptyReturn, at: header.start, urn: urn, "the return has no answers",
                fix: "Ask the setting to complete the questionnaire and send it again.")
            empty.columnHint = "<return"
            diagnostics.append(empty)
            accepted = false
        }
        var record: ReturnRecord?
        if accepted, let questionnaire, let submitted {
            let missing = questionnaire.questions.indices.filter {
                questionnaire.questions[$0].mandatory && answers[$0] == AnswerCode.unanswered
            }
            if !missing.isEmpty {
                let ids = missing.prefix(8).map { questionnaire.questions[$0].id }.joined(separator: ", ")
                var note = Diagnostic(
                    .warning, .mandatoryUnanswered, at: header.start, urn: urn,
                    "\(missing.count) mandatory question\(missing.count == 1 ? " is" : "s are") unanswered: \(ids)\(missing.count > 8 ? ", ..." : "")",
                    fix: "The return is scored without them; ask the setting to complete them.")
                note.columnHint = "<return"
                diagnostics.append(note)
            }
            record = ReturnRecord(
                urn: urn, questionnaire: questionnaire.key, submitted: submitted, source: header.start,
                answers: answers, details: details.sorted { $0.question < $1.question })
        }
        let effect: Diagnostic.Effect = record == nil ? .returnRejected : .returnAccepted
        for i in diagnostics.indices { diagnostics[i].effect = effect }
        return AssembledReturn(
            record: record, urn: urn, submitted: submitted, questionnaireID: header.questionnaire.text,
            start: header.start, diagnostics: diagnostics)
    }
}
