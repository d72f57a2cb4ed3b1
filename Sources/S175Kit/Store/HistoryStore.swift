/// The history store: an SQLite file holding every cycle run, so reports can show trends,
/// follow risks from year to year and regenerate any cycle's outputs. A cycle is replaced
/// whole in one transaction, so a rerun never duplicates and an interrupted one changes nothing.
public final class HistoryStore {
    let database: SQLiteDatabase
    public var path: String { database.path }

    /// Opens (creating if needed) and brings the schema up to date.
    public init(path: String) throws(StoreError) {
        do {
            try OutputFolder.makeDirectories(Paths.directory(of: path))
        } catch {
            throw StoreError(path: path, message: "its folder could not be made: \(error.message)")
        }
        database = try SQLiteDatabase(path: path)
        try Schema.migrate(database)
    }

    /// How the reports of a stored cycle were made, so `s175 report` can make them again.
    public struct ReportChoices: Sendable {
        public var final: Bool
        public var minimumCell: Int
        public var templates: String?

        public init(final: Bool, minimumCell: Int, templates: String?) {
            self.final = final
            self.minimumCell = minimumCell
            self.templates = templates
        }
    }

    // MARK: Saving a cycle

    /// Replaces everything stored for the batch's cycle with the batch and its risk flags.
    /// Officers' notes on risk flags are kept: they belong to the LA, not to a run.
    public func save(
        _ result: BatchResult, analyses: [Analysis], flags: [RiskFlag], pairing: PairingPlan?, choices: ReportChoices
    ) throws(StoreError) {
        let cycle = result.cycle.id
        try database.transaction { () throws(StoreError) in
            try database.prepare("DELETE FROM cycles WHERE id = ?").run([.text(cycle)])
            try database.prepare("""
                INSERT INTO cycles (id, area, census_date, deadline, final_deadline, min_cell, final, settings_file, templates, tool_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run([
                .text(cycle), .text(result.cycle.area), .text(result.cycle.censusDate.description),
                .text(result.cycle.deadline.description), .text(result.cycle.finalDeadline.description),
                .int(choices.minimumCell), .int(choices.final ? 1 : 0), .from(result.cycle.file?.display),
                .from(choices.templates), .text(S175.version),
            ])
            try saveDefinitions(result)
            try saveRegister(result)
            try saveReturns(result)
            try saveDiagnostics(result)
            try saveTallies(analyses, cycle: cycle)
            try saveRisk(result, flags: flags)
            if let pairing { try savePairing(pairing, cycle: cycle) }
            if let review = result.cycle.peerReview {
                let text = "\(review.candidates) \(review.completeUpTo) \(review.differentLocalityBonus) \(review.avoidRepeatCycles) \(review.earlyYearsApart ? 1 : 0)"
                try database.prepare("UPDATE cycles SET peer_review = ? WHERE id = ?").run([.text(text), .text(cycle)])
            }
        }
    }

    private func savePairing(_ plan: PairingPlan, cycle: String) throws(StoreError) {
        let statement = try database.prepare("""
            INSERT INTO pairings (cycle, group_id, kind, position, urn, reviews_urn, focus, value, rationale)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for group in plan.groups {
            for (position, review) in group.reviews.enumerated() {
                try statement.run([
                    .text(cycle), .text(group.id), .text(group.isTriad ? "triad" : "pair"), .int(position),
                    .text(review.reviewer.urn), .text(review.reviewee.urn), .text(review.focus), .int(group.value),
                    .text(group.rationale),
                ])
            }
        }
    }

    private func saveRisk(_ result: BatchResult, flags: [RiskFlag]) throws(StoreError) {
        let cycle = result.cycle.id
        let policies = try database.prepare("""
            INSERT INTO risk_policies (cycle, position, id, version, title, questionnaire, file, sha256, bytes, content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, policy) in result.policies.enumerated() {
            try policies.run([
                .text(cycle), .int(position), .text(policy.id), .text(policy.version), .text(policy.title),
                .text(policy.questionnaire), .text(policy.file), .text(policy.fingerprint.sha256),
                .int(policy.fingerprint.bytes), .blob(policy.content),
            ])
        }
        let rows = try database.prepare("INSERT INTO risk_flags (cycle, urn, status, severity, rules) VALUES (?, ?, ?, ?, ?)")
        let triggers = try database.prepare("""
            INSERT INTO risk_triggers (cycle, urn, position, rule, kind, severity, question, question_text, answer, evidence, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for flag in flags {
            try rows.run([
                .text(cycle), .text(flag.setting.urn), .text(flag.status.rawValue), .text(flag.severity.rawValue),
                .text(flag.triggers.map(\.rule).joined(separator: " ")),
            ])
            var position = 0
            for trigger in flag.triggers {
                for item in trigger.evidence {
                    try triggers.run([
                        .text(cycle), .text(flag.setting.urn), .int(position), .text(trigger.rule), .text(trigger.kind.rawValue),
                        .text(trigger.severity.rawValue), .text(item.question), .text(item.questionText), .text(item.answer),
                        .text(item.evidence), .text(item.detail),
                    ])
                    position += 1
                }
            }
        }
    }

    // MARK: Officers' notes

    /// Notes recorded against flags in `cycle`, by URN, oldest first.
    public func notes(cycle: String) throws(StoreError) -> [String: [RiskNote]] {
        var notes: [String: [RiskNote]] = [:]
        _ = try database.prepare("SELECT urn, date, kind, text FROM risk_notes WHERE cycle = ? ORDER BY urn, position")
            .rows([.text(cycle)]) { row -> Void in
                guard let date = CivilDate(parsing: row.text(1)), let kind = RiskNote.Kind(rawValue: row.text(2)) else { return }
                notes[row.text(0), default: []].append(RiskNote(date: date, kind: kind, text: row.text(3)))
            }
        return notes
    }

    /// Records a note (or the closing) of a setting's flag in `cycle`, or in the latest
    /// cycle when nil. Returns the cycle it went to.
    @discardableResult
    public func addNote(urn: String, cycle: String?, note: RiskNote) throws(StoreError) -> String {
        try database.transaction { () throws(StoreError) -> String in
            let target: String
            if let cycle {
                target = cycle
            } else {
                guard let latest = try cycles().last?.id else {
                    throw StoreError(path: path, message: "the history store holds no cycles yet; run a cycle first")
                }
                target = latest
            }
            let flagged = try database.prepare("SELECT status FROM risk_flags WHERE cycle = ? AND urn = ?")
                .rows([.text(target), .text(urn)]) { $0.text(0) }
            guard !flagged.isEmpty else {
                throw StoreError(path: path, message: "URN \(urn) has no risk flag in cycle \(target); `s175 risk list` shows the flags")
            }
            let position = try database.prepare("SELECT coalesce(max(position), -1) + 1 FROM risk_notes WHERE cycle = ? AND urn = ?")
                .rows([.text(target), .text(urn)]) { $0.int(0) }.first ?? 0
            try database.prepare("INSERT INTO risk_notes (cycle, urn, position, date, kind, text) VALUES (?, ?, ?, ?, ?, ?)")
                .run([.text(target), .text(urn), .int(position), .text(note.date.description), .text(note.kind.rawValue), .text(note.text)])
            return target
        }
    }

    private func saveDefinitions(_ result: BatchResult) throws(StoreError) {
        let cycle = result.cycle.id
        let definitions = try database.prepare("""
            INSERT INTO definitions (cycle, position, kind, id, version, title, file, sha256, bytes, content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let questions = try database.prepare("""
            INSERT INTO questions (cycle, questionnaire, version, position, id, standard, element, text, type, weight,
                                   critical, mandatory, themes, continues, module)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let options = try database.prepare("""
            INSERT INTO options (cycle, questionnaire, question, position, code_byte, code, label, score, not_applicable, compliant)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var position = 0
        for questionnaire in result.questionnaires {
            for part in questionnaire.parts {
                try definitions.run([
                    .text(cycle), .int(position), .text(part.kind.rawValue), .text(part.id), .text(part.version),
                    .text(part.title), .text(part.file), .text(part.fingerprint.sha256), .int(part.fingerprint.bytes),
                    .blob(part.content),
                ])
                position += 1
            }
            for (index, q) in questionnaire.questions.enumerated() {
                try questions.run([
                    .text(cycle), .text(questionnaire.id), .text(questionnaire.version), .int(index), .text(q.id),
                    .text(questionnaire.standards[q.standard].id), .text(questionnaire.elements[q.element].id),
                    .text(q.text), .text(q.typeName), q.isScored ? .int(q.weight) : nil, .int(q.critical ? 1 : 0),
                    .int(q.mandatory ? 1 : 0), .text(q.themes.joined(separator: " ")),
                    .text(q.continues.joined(separator: " ")), .from(q.module),
                ])
                guard let scale = q.scale else { continue }
                for (o, option) in questionnaire.scales[scale].options.enumerated() {
                    try options.run([
                        .text(cycle), .text(questionnaire.id), .text(q.id), .int(o), .text(hex(UInt8(o))), .text(option.code),
                        .text(option.label), option.score.map { .int($0) }, .int(option.notApplicable ? 1 : 0),
                        .int(option.compliant ? 1 : 0),
                    ])
                }
            }
        }
    }

    /// A byte as SQLite's hex() writes it: two upper-case digits.
    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    private func saveRegister(_ result: BatchResult) throws(StoreError) {
        let cycle = result.cycle.id
        let sources = try database.prepare("""
            INSERT INTO register_sources (cycle, position, file, sha256, bytes, rows, settings, locality_column, la_codes,
                                          excluded_type_groups, population)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, info) in result.register.sources.enumerated() {
            let source = position < result.cycle.registers.count ? result.cycle.registers[position] : RegisterSource(file: InputPath(info.file))
            try sources.run([
                .text(cycle), .int(position), .text(info.file), .text(info.fingerprint.sha256), .int(info.fingerprint.bytes),
                .int(info.rows), .int(info.kept), .text(source.localityColumn), .text(source.laCodes.joined(separator: " ")),
                .text(source.excludedTypeGroups.joined(separator: "\n")), .text(source.population),
            ])
        }
        let settings = try database.prepare("""
            INSERT INTO settings (cycle, urn, name, la_code, la_name, establishment_number, type, type_group, status, phase,
                                  low_age, high_age, pupils, trust_code, trust_name, federation, sen_pru, district, postcode,
                                  locality, population)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for s in result.register.settings {
            try settings.run([
                .text(cycle), .text(s.urn), .text(s.name), .text(s.laCode), .text(s.laName), .text(s.establishmentNumber),
                .text(s.type), .text(s.typeGroup), .text(s.status), .text(s.phase), s.lowAge.map { .int($0) },
                s.highAge.map { .int($0) }, s.pupils.map { .int($0) }, .text(s.trustCode), .text(s.trustName),
                .text(s.federation), .text(s.senPRU), .text(s.district), .text(s.postcode), .text(s.locality),
                .text(s.population),
            ])
        }
        let files = try database.prepare("""
            INSERT INTO input_files (cycle, position, file, carrier, sha256, bytes, returns_read) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, file) in result.files.enumerated() {
            try files.run([
                .text(cycle), .int(position), .text(file.file), .from(file.carrier?.rawValue),
                .from(file.fingerprint?.sha256), file.fingerprint.map { .int($0.bytes) }, .int(file.returnsRead),
            ])
        }
    }

    private func saveReturns(_ result: BatchResult) throws(StoreError) {
        let cycle = result.cycle.id
        let returns = try database.prepare("""
            INSERT INTO returns (cycle, id, status, urn, questionnaire, version, submitted, timeliness, file, line, "column",
                                 file_sha256, codes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let details = try database.prepare("""
            INSERT INTO answer_details (cycle, return_id, position, value, evidence, action, action_due, action_owner)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let scores = try database.prepare("""
            INSERT INTO scores (cycle, return_id, urn, scope, scope_id, achieved, possible, permille, rag)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let fileHashes = Dictionary(result.files.map { ($0.file, $0.fingerprint?.sha256 ?? "") }, uniquingKeysWith: { a, _ in a })
        var id = 0
        func record(_ record: ReturnRecord, status: String, timeliness: Timeliness?) throws(StoreError) {
            id += 1
            try returns.run([
                .text(cycle), .int(id), .text(status), .text(record.urn), .text(record.questionnaire.id),
                .text(record.questionnaire.version), .text(record.submitted.description), .from(timeliness?.rawValue),
                .text(record.source.file), .int(record.source.line), .int(record.source.column),
                .from(fileHashes[record.source.file]), .blob(record.answers),
            ])
            for detail in record.details {
                details.bind(1, cycle)
                details.bind(2, id)
                details.bind(3, detail.question)
                details.bind(4, detail.value.isEmpty ? nil : detail.value)
                details.bind(5, detail.evidence.isEmpty ? nil : detail.evidence)
                details.bind(6, detail.action?.text)
                details.bind(7, detail.action?.due?.description)
                details.bind(8, detail.action?.owner)
                try details.execute()
            }
        }
        for scored in result.accepted {
            try record(scored.record, status: "accepted", timeliness: scored.timeliness)
            guard let questionnaire = result.questionnaire(scored.record.questionnaire) else { continue }
            let score = scored.score
            func row(_ scope: String, _ scopeID: String, _ value: Score, _ rag: RAG?) throws(StoreError) {
                scores.bind(1, cycle)
                scores.bind(2, id)
                scores.bind(3, scored.record.urn)
                scores.bind(4, scope)
                scores.bind(5, scopeID)
                scores.bind(6, value.achieved)
                scores.bind(7, value.possible)
                scores.bind(8, value.permille)
                scores.bind(9, rag?.label)
                try scores.execute()
            }
            try row("overall", "", score.overall, score.overallRAG)
            for (s, standard) in questionnaire.standards.enumerated() {
                try row("standard", standard.id, score.standards[s], score.standardRAG[s])
            }
        }
        for superseded in result.superseded {
            try record(superseded, status: "superseded", timeliness: result.cycle.timeliness(of: superseded.submitted))
        }
        for rejected in result.rejected {
            id += 1
            try returns.run([
                .text(cycle), .int(id), .text("rejected"), .text(rejected.urn), .text(rejected.questionnaireID), .text(""),
                .from(rejected.submitted?.description), nil, .text(rejected.source.file), .int(rejected.source.line),
                .int(rejected.source.column), .from(fileHashes[rejected.source.file]), nil,
            ])
        }
    }

    private func saveDiagnostics(_ result: BatchResult) throws(StoreError) {
        let statement = try database.prepare("""
            INSERT INTO diagnostics (cycle, position, file, line, "column", urn, severity, problem, message, fix, outcome)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, d) in result.diagnostics.enumerated() {
            try statement.run([
                .text(result.cycle.id), .int(position), .text(d.location.file), .int(d.location.line), .int(d.location.column),
                .text(d.urn), .text(d.severity.rawValue), .text(d.problem.rawValue), .text(d.message), .text(d.fix),
                .text(d.effect.rawValue),
            ])
        }
    }

    private func saveTallies(_ analyses: [Analysis], cycle: String) throws(StoreError) {
        let groups = try database.prepare("""
            INSERT INTO group_tallies (cycle, questionnaire, locality, expected, returned) VALUES (?, ?, ?, ?, ?)
            """)
        let questions = try database.prepare("""
            INSERT INTO question_tallies (cycle, questionnaire, locality, question, met, answered, not_applicable, unanswered)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for analysis in analyses {
            let q = analysis.questionnaire
            for locality in [nil] + analysis.localities {
                guard let tally = analysis.tally(GroupKey(locality: locality)) else { continue }
                try groups.run([.text(cycle), .text(q.id), .text(locality ?? ""), .int(tally.expected), .int(tally.returned)])
                for (index, question) in q.questions.enumerated() {
                    try questions.run([
                        .text(cycle), .text(q.id), .text(locality ?? ""), .text(question.id), .int(tally.met[index]),
                        .int(tally.answered[index]), .int(tally.notApplicable[index]), .int(tally.unanswered[index]),
                    ])
                }
            }
        }
    }

    // MARK: Reading

    /// A digest of every row of every table, in key order: equal digests mean equal contents.
    func contentDigest() throws(StoreError) -> String {
        var hasher = SHA256()
        let tables = try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").rows { $0.text(0) }
        for table in tables {
            let statement = try database.prepare("SELECT * FROM \"\(table)\" ORDER BY 1, 2, 3")
            hasher.update(Array(table.utf8))
            while try statement.step() {
                for column in 0..<statement.columnCount {
                    hasher.update(statement.isNull(column) ? [0] : [1] + statement.blob(column))
                }
            }
        }
        return hasher.finalizeHex()
    }

    /// A stored cycle, in one line.
    public struct CycleSummary: Sendable {
        public var id: String
        public var area: String
        public var censusDate: String
        public var settings: Int
        public var accepted: Int
        public var rejected: Int
        public var superseded: Int
        public var toolVersion: String
    }

    /// Every stored cycle, oldest census date first.
    public func cycles() throws(StoreError) -> [CycleSummary] {
        try database.prepare("""
            SELECT c.id, c.area, c.census_date, c.tool_version,
                   (SELECT count(*) FROM settings s WHERE s.cycle = c.id),
                   (SELECT count(*) FROM returns r WHERE r.cycle = c.id AND r.status = 'accepted'),
                   (SELECT count(*) FROM returns r WHERE r.cycle = c.id AND r.status = 'rejected'),
                   (SELECT count(*) FROM returns r WHERE r.cycle = c.id AND r.status = 'superseded')
            FROM cycles c ORDER BY c.census_date, c.id
            """).rows {
            CycleSummary(id: $0.text(0), area: $0.text(1), censusDate: $0.text(2), settings: $0.int(4), accepted: $0.int(5),
                         rejected: $0.int(6), superseded: $0.int(7), toolVersion: $0.text(3))
        }
    }

    /// Rebuilds a stored cycle's batch result exactly as its run produced it, with the
    /// choices its reports were made with.
    public func load(cycle: String) throws(StoreError) -> (BatchResult, ReportChoices)? {
        let cycles = try database.prepare("""
            SELECT area, census_date, deadline, final_deadline, min_cell, final, settings_file, templates, peer_review
            FROM cycles WHERE id = ?
            """).rows([.text(cycle)]) { row in
            (area: row.text(0), census: row.text(1), deadline: row.text(2), final: row.text(3), minCell: row.int(4),
             isFinal: row.int(5) == 1, file: row.isNull(6) ? nil : row.text(6), templates: row.isNull(7) ? nil : row.text(7),
             peerReview: row.isNull(8) ? nil : row.text(8))
        }
        guard let c = cycles.first, let census = CivilDate(parsing: c.census), let deadline = CivilDate(parsing: c.deadline),
              let finalDeadline = CivilDate(parsing: c.final)
        else { return nil }

        let files = try database.prepare("SELECT file, content FROM definitions WHERE cycle = ? ORDER BY position").rows([.text(cycle)]) { row in
            let bytes = row.blob(1)
            return LoadedFile(displayPath: row.text(0), bytes: bytes, fingerprint: FileFingerprint(sha256: SHA256.hex(of: bytes), bytes: bytes.count))
        }
        let definitions = DefinitionLoader.load(files: files)
        if definitions.hasErrors {
            throw StoreError(path: path, message: "the questionnaires stored for cycle \(cycle) no longer load: \(definitions.diagnostics.first?.rendered ?? "")")
        }

        let registers = try database.prepare("""
            SELECT file, sha256, bytes, rows, settings, locality_column, la_codes, excluded_type_groups, population
            FROM register_sources WHERE cycle = ? ORDER BY position
            """).rows([.text(cycle)]) { row in
            (info: RegisterFileInfo(file: row.text(0), fingerprint: FileFingerprint(sha256: row.text(1), bytes: row.int(2)), rows: row.int(3), kept: row.int(4), population: row.text(8)),
             source: RegisterSource(file: InputPath(row.text(0)), localityColumn: row.text(5),
                                    laCodes: row.text(6).split(separator: " ").map(String.init),
                                    excludedTypeGroups: row.text(7).split(separator: "\n").map(String.init), population: row.text(8)))
        }
        let settings = try database.prepare("""
            SELECT urn, name, la_code, la_name, establishment_number, type, type_group, status, phase, low_age, high_age, pupils,
                   trust_code, trust_name, federation, sen_pru, district, postcode, locality, population
            FROM settings WHERE cycle = ?
            """).rows([.text(cycle)]) { row in
            Setting(
                urn: row.text(0), name: row.text(1), laCode: row.text(2), laName: row.text(3), establishmentNumber: row.text(4),
                type: row.text(5), typeGroup: row.text(6), status: row.text(7), phase: row.text(8),
                lowAge: row.isNull(9) ? nil : row.int(9), highAge: row.isNull(10) ? nil : row.int(10),
                pupils: row.isNull(11) ? nil : row.int(11), trustCode: row.text(12), trustName: row.text(13),
                federation: row.text(14), senPRU: row.text(15), district: row.text(16), postcode: row.text(17),
                locality: row.text(18), population: row.text(19))
        }
        let register = Register(settings: settings, inactive: [:], sources: registers.map(\.info))
        let settingsFile = c.file.map { InputPath($0) }
        let cycleSettings = CycleSettings(
            id: cycle, area: c.area, censusDate: census, deadline: deadline, finalDeadline: finalDeadline,
            questionnaires: files.map { InputPath($0.displayPath) }, registers: registers.map(\.source), returns: [],
            minimumCell: c.minCell, templates: c.templates.map { InputPath($0) }, file: settingsFile)

        let inputFiles = try database.prepare("""
            SELECT file, carrier, sha256, bytes, returns_read FROM input_files WHERE cycle = ? ORDER BY position
            """).rows([.text(cycle)]) { row in
            ReturnFileInfo(
                file: row.text(0), carrier: row.isNull(1) ? nil : Carrier(rawValue: row.text(1)),
                fingerprint: row.isNull(2) ? nil : FileFingerprint(sha256: row.text(2), bytes: row.int(3)), returnsRead: row.int(4))
        }

        // Values, evidence and actions, by return.
        var details: [Int: [AnswerDetail]] = [:]
        _ = try database.prepare("""
            SELECT return_id, position, value, evidence, action, action_due, action_owner FROM answer_details
            WHERE cycle = ? ORDER BY return_id, position
            """).rows([.text(cycle)]) { row -> Void in
            var action: ActionPlan?
            if !row.isNull(4) || !row.isNull(5) || !row.isNull(6) {
                action = ActionPlan(text: row.text(4), due: CivilDate(parsing: row.text(5)), owner: row.text(6))
            }
            details[row.int(0), default: []].append(AnswerDetail(question: row.int(1), value: row.text(2), evidence: row.text(3), action: action))
        }
        var winners: [ReturnRecord] = []
        var superseded: [ReturnRecord] = []
        var rejected: [RejectedReturn] = []
        _ = try database.prepare("""
            SELECT id, status, urn, questionnaire, version, submitted, file, line, "column", codes FROM returns WHERE cycle = ? ORDER BY id
            """).rows([.text(cycle)]) { row -> Void in
            let source = SourceLocation(file: row.text(6), line: row.int(7), column: row.int(8))
            let submitted = Timestamp(parsing: row.text(5))
            switch row.text(1) {
            case "rejected":
                rejected.append(RejectedReturn(urn: row.text(2), submitted: submitted, questionnaireID: row.text(3), source: source))
            default:
                guard let submitted else { return }
                let record = ReturnRecord(
                    urn: row.text(2), questionnaire: QuestionnaireKey(id: row.text(3), version: row.text(4)), submitted: submitted,
                    source: source, answers: row.blob(9), details: details[row.int(0)] ?? [])
                if row.text(1) == "accepted" { winners.append(record) } else { superseded.append(record) }
            }
        }
        let diagnostics = try database.prepare("""
            SELECT file, line, "column", urn, severity, problem, message, fix, outcome FROM diagnostics WHERE cycle = ? ORDER BY position
            """).rows([.text(cycle)]) { row in
            Diagnostic(
                Diagnostic.Severity(rawValue: row.text(4)) ?? .error, Problem(rawValue: row.text(5)) ?? .unrecognisedFile,
                at: SourceLocation(file: row.text(0), line: row.int(1), column: row.int(2)), urn: row.text(3), row.text(6),
                fix: row.text(7), effect: Diagnostic.Effect(rawValue: row.text(8)) ?? .none)
        }
        let context = ValidationContext(cycle: cycleSettings, register: register, questionnaires: definitions.questionnaires)
        var result = BatchResult.make(
            context: context, files: inputFiles, winners: winners, superseded: superseded, rejected: rejected, diagnostics: diagnostics)
        if let text = c.peerReview {
            let numbers = text.split(separator: " ").compactMap { Int($0) }
            if numbers.count == 5 {
                var review = PeerReviewSettings()
                (review.candidates, review.completeUpTo, review.differentLocalityBonus, review.avoidRepeatCycles) = (numbers[0], numbers[1], numbers[2], numbers[3])
                review.earlyYearsApart = numbers[4] == 1
                result.cycle.peerReview = review
            }
        }
        let policyFiles = try database.prepare("SELECT file, content FROM risk_policies WHERE cycle = ? ORDER BY position")
            .rows([.text(cycle)]) { row in
                let bytes = row.blob(1)
                return LoadedFile(displayPath: row.text(0), bytes: bytes, fingerprint: FileFingerprint(sha256: SHA256.hex(of: bytes), bytes: bytes.count))
            }
        for file in policyFiles {
            let (policy, problems) = RiskPolicyLoader.load(file, questionnaires: definitions.questionnaires)
            guard let policy else {
                throw StoreError(path: path, message: "the risk policy stored for cycle \(cycle) no longer loads: \(problems.first?.rendered ?? "")")
            }
            result.policies.append(policy)
        }
        result.cycle.riskPolicies = policyFiles.map { InputPath($0.displayPath) }
        return (result, ReportChoices(final: c.isFinal, minimumCell: c.minCell, templates: c.templates))
    }
}

extension HistoryStore {
    /// The earlier cycles a run of `cycle` needs: enough for trends and for peer review's
    /// rule against repeating recent partners.
    public func history(for cycle: CycleSettings) throws(StoreError) -> [CycleTallies] {
        try history(before: cycle.censusDate, limit: max(3, cycle.peerReview?.avoidRepeatCycles ?? 0))
    }

    /// What the store knows of earlier cycles, for trends: the most recent `limit` cycles
    /// with a census date before `census`, newest first.
    public func history(before census: CivilDate, limit: Int = 3) throws(StoreError) -> [CycleTallies] {
        let earlier = try database.prepare("""
            SELECT id, census_date FROM cycles WHERE census_date < ? ORDER BY census_date DESC, id DESC LIMIT ?
            """).rows([.text(census.description), .int(limit)]) { (id: $0.text(0), census: $0.text(1)) }
        var result: [CycleTallies] = []
        for cycle in earlier {
            guard let date = CivilDate(parsing: cycle.census) else { continue }
            var tallies = CycleTallies(cycle: cycle.id, censusDate: date)
            _ = try database.prepare("""
                SELECT questionnaire, locality, question, met, answered FROM question_tallies WHERE cycle = ?
                """).rows([.text(cycle.id)]) { row -> Void in
                tallies.questions[row.text(0), default: [:]][row.text(1), default: [:]][row.text(2)] = (row.int(3), row.int(4))
            }
            _ = try database.prepare("SELECT questionnaire, locality, returned FROM group_tallies WHERE cycle = ?")
                .rows([.text(cycle.id)]) { row -> Void in
                    tallies.returned[row.text(0), default: [:]][row.text(1)] = row.int(2)
                }
            _ = try database.prepare("""
                SELECT s.urn, r.questionnaire, s.scope, s.scope_id, s.permille, s.rag FROM scores s
                JOIN returns r ON r.cycle = s.cycle AND r.id = s.return_id
                WHERE s.cycle = ? AND s.scope IN ('overall', 'standard')
                """).rows([.text(cycle.id)]) { row -> Void in
                let key = row.text(0) + "\u{0}" + row.text(1)
                let permille = row.isNull(4) ? nil : row.int(4)
                if row.text(2) == "overall" {
                    tallies.schools[key, default: SchoolHistory()].overall = permille
                    tallies.schools[key, default: SchoolHistory()].rag = RAG.allCases.first { $0.label == row.text(5) }
                } else {
                    tallies.schools[key, default: SchoolHistory()].standards[row.text(3)] = permille
                }
            }
            _ = try database.prepare("SELECT urn, reviews_urn FROM pairings WHERE cycle = ?").rows([.text(cycle.id)]) { row -> Void in
                tallies.pairs.insert(PairKey(row.text(0), row.text(1)))
            }
            let notes = try self.notes(cycle: cycle.id)
            _ = try database.prepare("SELECT urn, severity, rules FROM risk_flags WHERE cycle = ?").rows([.text(cycle.id)]) { row -> Void in
                let own = notes[row.text(0)] ?? []
                tallies.flags[row.text(0)] = PreviousFlag(
                    cycle: cycle.id, rules: row.text(2).split(separator: " ").map(String.init),
                    severity: Severity(rawValue: row.text(1)) ?? .medium, closed: own.contains { $0.kind == .resolved }, notes: own)
            }
            result.append(tallies)
        }
        return result
    }
}

/// An earlier cycle as trends need it: tallies per questionnaire, locality and question,
/// and each setting's scores.
public struct CycleTallies: Sendable {
    public var cycle: String
    public var censusDate: CivilDate
    /// questionnaire id → locality ("" for the whole area) → question id → met and answered.
    public var questions: [String: [String: [String: (met: Int, answered: Int)]]] = [:]
    /// questionnaire id → locality ("" for the whole area) → settings that returned.
    public var returned: [String: [String: Int]] = [:]
    /// URN and questionnaire id → that setting's scores.
    public var schools: [String: SchoolHistory] = [:]
    /// URN → the risk flag the setting had, with its notes.
    public var flags: [String: PreviousFlag] = [:]
    /// Settings that reviewed each other (every two members of a group).
    public var pairs: Set<PairKey> = []

    public init(cycle: String, censusDate: CivilDate) {
        self.cycle = cycle
        self.censusDate = censusDate
    }

    public func school(_ urn: String, questionnaire: String) -> SchoolHistory? {
        schools[urn + "\u{0}" + questionnaire]
    }
}

public struct SchoolHistory: Sendable {
    /// Tenths of a percent.
    public var overall: Int?
    public var rag: RAG?
    /// Standard id → tenths of a percent.
    public var standards: [String: Int?] = [:]
}
