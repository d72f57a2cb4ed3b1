/// Reads returns from XML: one `<return>` per document, or many inside `<returns>`.
/// Streams through the file, so a document of thousands of returns is never held whole;
/// the returns before a fault in the file are kept, the one it cuts off is rejected.
enum XMLReturnReader {
    static let namespace = "urn:s175:return:1"

    static func read(_ source: FileSource, context: ValidationContext, into outcome: inout FileOutcome) {
        var state = State(reader: XMLStreamReader(source: source), context: context, file: outcome.file)
        state.run(into: &outcome)
    }

    /// The walk through one document; its state lives in a struct so the hot loop
    /// pays no exclusivity checks on captured locals.
    private struct State {
        let reader: XMLStreamReader
        let context: ValidationContext
        let file: String
        var assembler: ReturnAssembler?
        var returnDepth = 0
        var reported = 0
        // An answer with evidence or an action inside it is recorded at its end tag; its
        // value waits in `pendingValue`, a buffer reused for every answer.
        var pending: PendingAnswer?
        var pendingValue: [UInt8] = []
        var questionBytes: [UInt8] = []
        var capturing: Capture = .none
        var captured = ""
        var ignoredElements: Set<String> = []

        enum Capture { case none, evidence, action }

        struct PendingAnswer {
            var question: Int?
            var line: Int
            var evidence = ""
            var action: ActionPlan?
        }

        init(reader: XMLStreamReader, context: ValidationContext, file: String) {
            self.reader = reader
            self.context = context
            self.file = file
        }

        mutating func run(into outcome: inout FileOutcome) {
            var sawRoot = false
            while let node = reader.read() {
                switch node {
                case .startElement:
                    if !sawRoot {
                        sawRoot = true
                        guard checkRoot(into: &outcome) else { return }
                        if reader.nameIs("returns") { continue }
                    }
                    startElement(into: &outcome)
                case .endElement:
                    endElement(into: &outcome)
                case .text:
                    if capturing != .none { captured += reader.value }
                case .other:
                    break
                }
            }
            finishDocument(sawRoot: sawRoot, into: &outcome)
        }

        private func location(_ needle: String? = nil) -> SourceLocation {
            let line = reader.currentLine
            return SourceLocation(file: file, line: line, column: needle.map { reader.column(line: line, needle: $0) } ?? 0)
        }

        private mutating func checkRoot(into outcome: inout FileOutcome) -> Bool {
            let name = reader.localName
            let namespace = reader.namespaceURI
            guard name == "returns" || name == "return" else {
                outcome.diagnostics.append(Diagnostic(
                    .error, .xmlUnexpected, at: location("<"),
                    "the document's root element is <\(name)>, so it is not an s175 return",
                    fix: "A return file starts with <return xmlns=\"\(XMLReturnReader.namespace)\" ...> or <returns>.",
                    effect: .fileSkipped))
                return false
            }
            if !namespace.isEmpty && namespace != XMLReturnReader.namespace {
                outcome.diagnostics.append(Diagnostic(
                    .error, .xmlUnexpected, at: location("xmlns"),
                    "the document uses the namespace \"\(namespace)\", not \(XMLReturnReader.namespace)",
                    fix: "Check it is an s175 return and correct the xmlns attribute.", effect: .fileSkipped))
                return false
            }
            return true
        }

        private mutating func startElement(into outcome: inout FileOutcome) {
            if reader.nameIs("return") {
                if assembler != nil {
                    warnIgnored("return", into: &outcome, message: "a <return> inside another <return> is ignored")
                    return
                }
                beginReturn()
                if reader.isEmptyElement { endReturn(into: &outcome) }
            } else if assembler == nil {
                warnIgnored(reader.localName, into: &outcome, message: "<\(reader.localName)> outside a <return> is ignored")
            } else if reader.nameIs("answer") {
                beginAnswer()
                if reader.isEmptyElement { endAnswer() }
            } else if reader.nameIs("evidence"), pending != nil {
                capturing = .evidence
                captured = ""
            } else if reader.nameIs("action"), pending != nil {
                beginAction()
                if reader.isEmptyElement { endAction() }
            } else {
                warnIgnored(reader.localName, into: &outcome, message: "<\(reader.localName)> is not part of a return and is ignored")
            }
        }

        private mutating func endElement(into outcome: inout FileOutcome) {
            if reader.nameIs("return") && assembler != nil && reader.depth == returnDepth {
                endReturn(into: &outcome)
            } else if reader.nameIs("answer") {
                endAnswer()
            } else if reader.nameIs("evidence") && capturing == .evidence {
                pending?.evidence = DefinitionFile.normalisedKeepingLines(captured)
                capturing = .none
            } else if reader.nameIs("action") && capturing == .action {
                endAction()
            }
        }

        private mutating func warnIgnored(_ name: String, into outcome: inout FileOutcome, message: String) {
            guard ignoredElements.insert(name).inserted else { return }
            outcome.diagnostics.append(Diagnostic(
                .warning, .xmlUnexpected, at: location("<" + name), message,
                fix: "Check the element name against the return format."))
        }

        private mutating func beginReturn() {
            var fields: [String: String] = [:]
            reader.forEachAttribute { name, value in
                let key = String(decoding: name, as: UTF8.self)
                if ["urn", "submitted", "questionnaire", "version"].contains(key) {
                    fields[key] = String(String(decoding: value, as: UTF8.self).trimmingSpaces())
                }
            }
            let line = reader.currentLine
            func located(_ name: String) -> Located {
                Located(text: fields[name] ?? "", location: SourceLocation(file: file, line: line, column: 0))
            }
            let header = ReturnHeader(
                urn: located("urn"), submitted: located("submitted"), questionnaire: located("questionnaire"),
                version: located("version"), start: SourceLocation(file: file, line: line, column: 0))
            returnDepth = reader.depth
            reported = 0
            assembler = ReturnAssembler(context: context, header: header)
            resolveColumns()
        }

        /// Finds columns for problems just reported, while their line is still in memory.
        private mutating func resolveColumns() {
            let count = assembler?.diagnostics.count ?? 0
            guard count > reported else { return }
            let reader = self.reader
            assembler?.locateColumns(from: reported) { line, hint in
                let column = reader.column(line: line, needle: hint)
                return column > 0 ? column : reader.column(line: line, needle: "<")
            }
            reported = count
        }

        private mutating func beginAnswer() {
            pendingValue.removeAll(keepingCapacity: true)
            questionBytes.removeAll(keepingCapacity: true)
            reader.forEachAttribute { name, text in
                if XMLStreamReader.equal(name, "question") {
                    questionBytes.append(contentsOf: trimSpaces(text))
                } else if XMLStreamReader.equal(name, "value") {
                    pendingValue.append(contentsOf: trimSpaces(text))
                }
            }
            let line = reader.currentLine
            var index: Int?
            if questionBytes.isEmpty {
                var diagnostic = Diagnostic(
                    .error, .missingField, at: SourceLocation(file: file, line: line, column: 0),
                    "an <answer> has no question attribute", fix: "Add question=\"...\" with the question id.")
                diagnostic.columnHint = "<answer"
                assembler?.add(diagnostic)
            } else {
                let file = self.file
                index = questionBytes.withUnsafeBytes { bytes in
                    assembler?.resolve(questionBytes: bytes, at: SourceLocation(file: file, line: line, column: 0), hint: "question=")
                }
            }
            pending = PendingAnswer(question: index, line: line)
            resolveColumns()
        }

        private mutating func endAnswer() {
            guard let question = pending?.question, let line = pending?.line else {
                pending = nil
                return
            }
            let evidence = pending?.evidence ?? ""
            let action = pending?.action
            pending = nil
            capturing = .none
            let file = self.file
            pendingValue.withUnsafeBytes { bytes in
                assembler?.answer(
                    question: question, value: bytes, at: SourceLocation(file: file, line: line, column: 0), hint: "value=",
                    evidence: evidence, action: action)
            }
            resolveColumns()
        }

        private mutating func beginAction() {
            var due = ""
            var owner = ""
            reader.forEachAttribute { name, text in
                if XMLStreamReader.equal(name, "due") { due = String(decoding: trimSpaces(text), as: UTF8.self) }
                if XMLStreamReader.equal(name, "owner") { owner = String(decoding: text, as: UTF8.self) }
            }
            var dueDate: CivilDate?
            if !due.isEmpty {
                dueDate = CivilDate(parsing: due)
                if dueDate == nil {
                    var diagnostic = Diagnostic(
                        .warning, .badActionDate, at: SourceLocation(file: file, line: reader.currentLine, column: 0),
                        "the action due date \"\(due)\" is not a date; the action is kept without it",
                        fix: "Write it as 2027-01-31.")
                    diagnostic.columnHint = "due="
                    assembler?.add(diagnostic)
                    resolveColumns()
                }
            }
            pending?.action = ActionPlan(text: "", due: dueDate, owner: String(owner.trimmingSpaces()))
            capturing = .action
            captured = ""
        }

        private mutating func endAction() {
            pending?.action?.text = DefinitionFile.normalisedKeepingLines(captured)
            capturing = .none
        }

        private mutating func endReturn(into outcome: inout FileOutcome) {
            guard let current = assembler else { return }
            outcome.returns.append(current.finish())
            assembler = nil
            pending = nil
            capturing = .none
        }

        /// Reports a document that ended in error, and rejects the return it cut short.
        private mutating func finishDocument(sawRoot: Bool, into outcome: inout FileOutcome) {
            var problems: [Diagnostic] = []
            // A well-formedness error is fatal: libxml2's follow-on messages about the same spot add nothing.
            for problem in reader.problems.prefix(1) {
                let column = problem.column > 0 ? problem.column : reader.column(line: problem.line, needle: "<")
                let at = SourceLocation(file: file, line: problem.line, column: column)
                if problem.forbidden {
                    problems.append(Diagnostic(
                        .error, .xmlForbidden, at: at, problem.message,
                        fix: "Ask the setting to export the return again without a DOCTYPE.", effect: .fileSkipped))
                } else {
                    problems.append(Diagnostic(
                        .error, .xmlMalformed, at: at,
                        XMLMessages.plain(problem.message, truncated: reader.isAtEndOfInput(line: problem.line)),
                        fix: "Ask the setting to send the file again.", effect: .fileSkipped))
                }
            }
            if !sawRoot && problems.isEmpty {
                problems.append(Diagnostic(
                    .error, .xmlMalformed, at: SourceLocation(file: file, line: 1, column: 1),
                    "the file contains no XML elements", fix: "Ask the setting to send the file again.", effect: .fileSkipped))
            }
            if var cut = assembler {
                // The fault cut this return short: whatever it holds is incomplete.
                for var problem in problems {
                    problem.effect = .returnRejected
                    cut.add(problem)
                }
                var rejected = cut.finish()
                rejected.record = nil
                for i in rejected.diagnostics.indices { rejected.diagnostics[i].effect = .returnRejected }
                outcome.returns.append(rejected)
                assembler = nil
            } else {
                outcome.diagnostics += problems
            }
        }
    }
}

extension DefinitionFile {
    /// Free text from XML with its indentation removed but its paragraphs kept.
    static func normalisedKeepingLines(_ text: String) -> String {
        // Most evidence is one line with nothing to trim.
        if let first = text.utf8.first, let last = text.utf8.last, !text.utf8.contains(10),
           first != 32, first != 9, last != 32, last != 9, last != 13
        {
            return text
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces() }
            .drop { $0.isEmpty }
            .reversed().drop { $0.isEmpty }.reversed()
            .joined(separator: "\n")
    }
}
