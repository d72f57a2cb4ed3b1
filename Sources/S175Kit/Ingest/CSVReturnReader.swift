/// Reads returns from CSV: wide (a row per return, a column per question) or
/// long (a row per answer), told apart by the header.
enum CSVReturnReader {
    static let headerColumns = ["urn", "submitted", "questionnaire", "version"]

    static func read(_ source: FileSource, context: ValidationContext, into outcome: inout FileOutcome) {
        var reader = CSVReader(source: source)
        let file = outcome.file
        guard case .record = reader.next() else {
            if let error = reader.ioError {
                outcome.diagnostics.append(Diagnostic(
                    .error, .unreadableFile, at: SourceLocation(file: file), "the file could not be read: \(error)",
                    fix: "Check the file and run again.", effect: .fileSkipped))
            } else {
                outcome.diagnostics.append(Diagnostic(
                    .error, .unrecognisedFile, at: SourceLocation(file: file, line: 1),
                    "the file has no header row", fix: "A CSV return starts with a row of column names: urn, submitted, questionnaire, version, ...",
                    effect: .fileSkipped))
            }
            return
        }
        let header = CSVHeader(reader: &reader)
        let missing = headerColumns.filter { header.position(of: $0) == nil }
        if !missing.isEmpty {
            outcome.diagnostics.append(Diagnostic(
                .error, .csvMissingColumn, at: SourceLocation(file: file, line: reader.recordLine, column: 1),
                "the header row has no column " + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                    + "; it is not an s175 return, or the header row is missing",
                fix: "A CSV return needs the columns urn, submitted, questionnaire, version, then either one column per question (wide) or question and answer columns (long).",
                effect: .fileSkipped))
            return
        }
        if header.position(of: "question") != nil && header.position(of: "answer") != nil {
            outcome.carrier = .csvLong
            var long = LongCSV(header: header, context: context, file: file)
            long.read(&reader, into: &outcome)
        } else {
            outcome.carrier = .csvWide
            var wide = WideCSV(header: header, context: context, file: file)
            wide.read(&reader, into: &outcome)
        }
        if let error = reader.ioError {
            outcome.diagnostics.append(Diagnostic(
                .error, .unreadableFile, at: SourceLocation(file: file, line: reader.recordLine),
                "the file could not be read to the end: \(error); returns after this line are missing",
                fix: "Check the file and run again.", effect: .fileSkipped))
        }
        if let line = reader.mixedEncodingLine {
            outcome.diagnostics.append(Diagnostic(
                .warning, .encoding, at: SourceLocation(file: file, line: line),
                "the file mixes UTF-8 and Windows-1252 text; this line was read as Windows-1252",
                fix: "Check evidence with accents or symbols on this line; save the file as CSV UTF-8 to avoid this."))
        }
    }

    /// Reports a row the CSV reader could not split into cells.
    static func malformed(
        _ problem: Problem, line: Int, column: Int, message: String, file: String, long: Bool
    ) -> Diagnostic {
        let fix = problem == .csvUnterminatedQuote
            ? "Close the quote or remove it; a cell containing commas or line breaks must be wrapped in a pair of quotes."
            : "Quote the whole cell, and double any quote inside it (\"\")."
        let lost = long ? "the answer on this row is not read" : "the return on this row is not read"
        return Diagnostic(.error, problem, at: SourceLocation(file: file, line: line, column: column),
                          "\(message); \(lost)", fix: fix, effect: .rowSkipped)
    }
}

/// Column positions by name (case-insensitive), with the original names kept.
struct CSVHeader {
    private(set) var names: [String] = []
    private var positions: [String: Int] = [:]
    let line: Int

    init(reader: inout CSVReader) {
        line = reader.recordLine
        for index in 0..<reader.fieldCount {
            var name = reader.trimmedString(index)
            // Excel can leave a BOM inside the first cell when a file was re-saved.
            if name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            names.append(name)
            let key = name.lowercased()
            if positions[key] == nil { positions[key] = index }
        }
    }

    func position(of name: String) -> Int? { positions[name.lowercased()] }

    var count: Int { names.count }
}

extension CSVReader {
    /// A located value from field `index`, or an empty one at the row when the row is short.
    mutating func located(_ index: Int?, file: String) -> Located {
        guard let index, index < fieldCount else {
            return Located(text: "", location: SourceLocation(file: file, line: recordLine, column: 0))
        }
        return Located(text: trimmedString(index), location: SourceLocation(file: file, line: fields[index].line, column: column(of: index)))
    }

    func location(of index: Int, file: String) -> SourceLocation {
        SourceLocation(file: file, line: fields[index].line, column: column(of: index))
    }
}

/// One row per return.
struct WideCSV {
    let header: CSVHeader
    let context: ValidationContext
    let file: String
    private let positions: (urn: Int, submitted: Int, questionnaire: Int, version: Int)

    /// What each column carries, resolved once per questionnaire.
    enum Role {
        case ignored
        case answer(Int)
        case evidence(Int)
        case action(Int)
        case actionDue(Int)
        case owner(Int)
    }
    private var roles: [Int: [Role]] = [:]

    init(header: CSVHeader, context: ValidationContext, file: String) {
        self.header = header
        self.context = context
        self.file = file
        positions = (
            header.position(of: "urn")!, header.position(of: "submitted")!,
            header.position(of: "questionnaire")!, header.position(of: "version")!
        )
    }

    mutating func read(_ reader: inout CSVReader, into outcome: inout FileOutcome) {
        while true {
            switch reader.next() {
            case .end:
                return
            case .malformed(let problem, let line, let column, let message):
                outcome.diagnostics.append(CSVReturnReader.malformed(problem, line: line, column: column, message: message, file: file, long: false))
            case .record:
                outcome.returns.append(row(&reader, outcome: &outcome))
            }
        }
    }

    private mutating func row(_ reader: inout CSVReader, outcome: inout FileOutcome) -> AssembledReturn {
        let start = SourceLocation(file: file, line: reader.recordLine, column: 1)
        let returnHeader = ReturnHeader(
            urn: reader.located(positions.urn, file: file), submitted: reader.located(positions.submitted, file: file),
            questionnaire: reader.located(positions.questionnaire, file: file),
            version: reader.located(positions.version, file: file), start: start)
        var assembler = ReturnAssembler(context: context, header: returnHeader)
        if reader.fieldCount != header.count {
            var diagnostic = Diagnostic(
                .error, .csvFieldCount, at: start, urn: URN.normalise(returnHeader.urn.text) ?? returnHeader.urn.text,
                "this row has \(reader.fieldCount) cells but the header has \(header.count), so its answers cannot be matched to questions",
                fix: "Look for a comma inside an answer or evidence that is not wrapped in quotes, or a cell that was deleted.")
            diagnostic.effect = .returnRejected
            var rejected = assembler.finish()
            rejected.record = nil
            rejected.diagnostics = [diagnostic]
            return rejected
        }
        guard let questionnaire = assembler.questionnaire,
              let questionnaireIndex = context.questionnaireIndex(id: questionnaire.id, version: questionnaire.version)
        else { return assembler.finish() }
        let roles = self.roles(for: questionnaireIndex, outcome: &outcome)
        // Evidence and actions first, so they are at hand when each answer is recorded.
        var evidence: [Int: String] = [:]
        var actions: [Int: ActionPlan] = [:]
        for (index, role) in roles.enumerated() {
            switch role {
            case .evidence(let q):
                let text = reader.trimmedString(index)
                if !text.isEmpty { evidence[q] = text }
            case .action(let q):
                let text = reader.trimmedString(index)
                if !text.isEmpty { actions[q, default: ActionPlan(text: "", due: nil, owner: "")].text = text }
            case .actionDue(let q):
                let text = reader.trimmedString(index)
                if !text.isEmpty {
                    if let due = CivilDate(parsing: text) {
                        actions[q, default: ActionPlan(text: "", due: nil, owner: "")].due = due
                    } else {
                        outcome.diagnostics.append(badDue(text, question: questionnaire.questions[q].id, at: reader.location(of: index, file: file), urn: returnHeader.urn.text))
                    }
                }
            case .owner(let q):
                let text = reader.trimmedString(index)
                if !text.isEmpty { actions[q, default: ActionPlan(text: "", due: nil, owner: "")].owner = text }
            case .answer, .ignored:
                break
            }
        }
        for (index, role) in roles.enumerated() {
            guard case .answer(let q) = role else { continue }
            reader.withTrimmedBytes(index) { bytes in
                assembler.answer(
                    question: q, value: bytes, at: reader.location(of: index, file: file), evidence: evidence[q] ?? "",
                    action: actions[q])
            }
        }
        return assembler.finish()
    }

    private func badDue(_ text: String, question: String, at location: SourceLocation, urn: String) -> Diagnostic {
        Diagnostic(.warning, .badActionDate, at: location, urn: URN.normalise(urn) ?? urn,
                   "the action due date \"\(text)\" for question \(question) is not a date; the action is kept without it",
                   fix: "Write it as 2027-01-31 or 31/01/2027.", effect: .returnAccepted)
    }

    private mutating func roles(for questionnaireIndex: Int, outcome: inout FileOutcome) -> [Role] {
        if let known = roles[questionnaireIndex] { return known }
        let questionnaire = context.questionnaires[questionnaireIndex]
        func question(_ id: String) -> Int? {
            if let index = questionnaire.questionIndex(id) { return index }
            let lowered = id.lowercased()
            return questionnaire.questions.firstIndex { $0.id.lowercased() == lowered }
        }
        var result: [Role] = []
        var unknown: [String] = []
        let reserved: Set<Int> = [positions.urn, positions.submitted, positions.questionnaire, positions.version]
        for (index, name) in header.names.enumerated() {
            if reserved.contains(index) || name.isEmpty {
                result.append(.ignored)
                continue
            }
            let parts = name.split(separator: "#", maxSplits: 1).map { String($0.trimmingSpaces()) }
            guard let q = question(parts[0]) else {
                result.append(.ignored)
                unknown.append("\(spreadsheetColumn(index + 1)) \"\(name)\"")
                continue
            }
            switch parts.count == 2 ? parts[1].lowercased() : "" {
            case "": result.append(.answer(q))
            case "evidence": result.append(.evidence(q))
            case "action": result.append(.action(q))
            case "action_due", "due": result.append(.actionDue(q))
            case "owner", "action_owner": result.append(.owner(q))
            default:
                result.append(.ignored)
                unknown.append("\(spreadsheetColumn(index + 1)) \"\(name)\"")
            }
        }
        if !unknown.isEmpty {
            outcome.diagnostics.append(Diagnostic(
                .warning, .csvUnknownColumn, at: SourceLocation(file: file, line: header.line, column: 1),
                "\(unknown.count) column\(unknown.count == 1 ? " is" : "s are") not a question of \(questionnaire.key) and \(unknown.count == 1 ? "is" : "are") ignored: "
                    + unknown.prefix(10).joined(separator: ", ") + (unknown.count > 10 ? ", ..." : ""),
                fix: "Check for a mistyped question id in the header; the data dictionary lists them (s175 questionnaire dictionary)."))
        }
        roles[questionnaireIndex] = result
        return result
    }
}

/// One row per answer; rows of a return need not be next to each other.
struct LongCSV {
    let header: CSVHeader
    let context: ValidationContext
    let file: String
    private let columns: (urn: Int, submitted: Int, questionnaire: Int, version: Int, question: Int, answer: Int)
    private let evidence: Int?
    private let action: Int?
    private let actionDue: Int?
    private let owner: Int?

    struct Key: Hashable {
        var urn: String
        var submitted: String
        var questionnaire: String
        var version: String
    }

    init(header: CSVHeader, context: ValidationContext, file: String) {
        self.header = header
        self.context = context
        self.file = file
        columns = (
            header.position(of: "urn")!, header.position(of: "submitted")!, header.position(of: "questionnaire")!,
            header.position(of: "version")!, header.position(of: "question")!, header.position(of: "answer")!
        )
        evidence = header.position(of: "evidence")
        action = header.position(of: "action")
        actionDue = header.position(of: "action_due") ?? header.position(of: "due")
        owner = header.position(of: "owner") ?? header.position(of: "action_owner")
    }

    mutating func read(_ reader: inout CSVReader, into outcome: inout FileOutcome) {
        var open: [Key: Int] = [:]
        var assemblers: [ReturnAssembler] = []
        // Rows of one return are usually together: recognise a repeat of the last row's
        // identifying cells from their bytes, before making any Strings.
        var lastKey: [UInt8] = []
        var lastSlot = -1
        var key: [UInt8] = []
        loop: while true {
            switch reader.next() {
            case .end:
                break loop
            case .malformed(let problem, let line, let column, let message):
                outcome.diagnostics.append(CSVReturnReader.malformed(problem, line: line, column: column, message: message, file: file, long: true))
                continue
            case .record:
                break
            }
            key.removeAll(keepingCapacity: true)
            for column in [columns.urn, columns.submitted, columns.questionnaire, columns.version] where column < reader.fieldCount {
                reader.withTrimmedBytes(column) { key.append(contentsOf: $0) }
                key.append(0)
            }
            let slot: Int
            if lastSlot >= 0 && key == lastKey {
                slot = lastSlot
            } else {
                let urn = reader.located(columns.urn, file: file)
                let submitted = reader.located(columns.submitted, file: file)
                let questionnaire = reader.located(columns.questionnaire, file: file)
                let version = reader.located(columns.version, file: file)
                let identity = Key(urn: URN.normalise(urn.text) ?? urn.text, submitted: submitted.text, questionnaire: questionnaire.text, version: version.text)
                if let existing = open[identity] {
                    slot = existing
                } else {
                    let start = SourceLocation(file: file, line: reader.recordLine, column: 1)
                    slot = assemblers.count
                    open[identity] = slot
                    assemblers.append(ReturnAssembler(
                        context: context,
                        header: ReturnHeader(urn: urn, submitted: submitted, questionnaire: questionnaire, version: version, start: start)))
                }
                swap(&key, &lastKey)
                lastSlot = slot
            }
            if reader.fieldCount != header.count {
                outcome.diagnostics.append(Diagnostic(
                    .error, .csvFieldCount, at: SourceLocation(file: file, line: reader.recordLine, column: 1),
                    urn: assemblers[slot].urn,
                    "this row has \(reader.fieldCount) cells but the header has \(header.count); the answer on it is not read",
                    fix: "Look for a comma inside an answer or evidence that is not wrapped in quotes.", effect: .rowSkipped))
                continue
            }
            let questionID = reader.trimmedString(columns.question)
            guard let index = assemblers[slot].resolve(
                questionID: questionID, at: reader.location(of: columns.question, file: file), hint: nil)
            else { continue }
            var plan: ActionPlan?
            let actionText = action.map { reader.trimmedString($0) } ?? ""
            let dueText = actionDue.map { reader.trimmedString($0) } ?? ""
            let ownerText = owner.map { reader.trimmedString($0) } ?? ""
            if !actionText.isEmpty || !dueText.isEmpty || !ownerText.isEmpty {
                var due: CivilDate?
                if !dueText.isEmpty {
                    due = CivilDate(parsing: dueText)
                    if due == nil, let actionDue {
                        outcome.diagnostics.append(Diagnostic(
                            .warning, .badActionDate, at: reader.location(of: actionDue, file: file), urn: assemblers[slot].urn,
                            "the action due date \"\(dueText)\" for question \(questionID) is not a date; the action is kept without it",
                            fix: "Write it as 2027-01-31 or 31/01/2027.", effect: .returnAccepted))
                    }
                }
                plan = ActionPlan(text: actionText, due: due, owner: ownerText)
            }
            let evidenceText = evidence.map { reader.trimmedString($0) } ?? ""
            reader.withTrimmedBytes(columns.answer) { bytes in
                assemblers[slot].answer(
                    question: index, value: bytes, at: reader.location(of: columns.answer, file: file), evidence: evidenceText,
                    action: plan)
            }
        }
        outcome.returns += assemblers.map { $0.finish() }
    }
}
