import Matching

/// The batch's data files: `scores.csv`, `rejected.csv`, `non-returns.csv` and the manifest.
public enum BatchOutputs {
    public static func write(_ result: BatchResult, flags: [RiskFlag], to outputs: OutputFolder) throws(OutputFolder.WriteError) {
        try outputs.write("scores.csv", scores(result))
        try outputs.write("rejected.csv", rejected(result))
        try outputs.write("non-returns.csv", nonReturns(result))
        try outputs.write("risks.csv", risks(flags))
    }

    /// The peer-review list: a row per group with its members, who reviews whom and on
    /// what, its value and why; then a row per setting left out, with the reason. It is sent
    /// out to coordinators, so a childminder (a person) appears by URN, not by name.
    public static func pairings(_ plan: PairingPlan, cycle: String) -> [UInt8] {
        func name(_ s: Setting) -> String { EarlyYears.isChildminder(s) ? "Childminder \(s.urn)" : s.name }
        var header = ["cycle", "group", "kind"]
        for n in 1...3 { header += ["member_\(n)_urn", "member_\(n)_name", "member_\(n)_locality", "member_\(n)_phase", "member_\(n)_type"] }
        header += ["reviews", "value", "rationale"]
        var csv = CSVWriter(header: header)
        for group in plan.groups {
            var row = [cycle, group.id, group.isTriad ? "triad" : "pair"]
            for n in 0..<3 {
                if n < group.members.count {
                    let s = group.members[n]
                    row += [s.urn, name(s), s.locality, s.phase, s.type]
                } else {
                    row += ["", "", "", "", ""]
                }
            }
            row.append(group.reviews.map { "\(name($0.reviewer)) reviews \(name($0.reviewee)): \($0.focus)" }.joined(separator: "\n"))
            row += [String(group.value), group.rationale]
            csv.row(row)
        }
        for (setting, reason) in plan.leftOut {
            csv.row([cycle, "", "left out", setting.urn, name(setting), setting.locality, setting.phase, setting.type]
                     + Array(repeating: "", count: 10) + ["", "", reason])
        }
        return csv.bytes
    }

    /// The candidate graph the matching ran on, for checking the optimum with another solver.
    public static func graph(_ plan: PairingPlan) -> [UInt8] {
        var out: [UInt8] = []
        for edge in plan.edges { out += "\(edge.u),\(edge.v),\(edge.weight)\n".utf8 }
        return out
    }

    /// The risk register: a row per flagged setting, with every rule and the answers that
    /// triggered it, the route to take, and the notes officers have recorded.
    static func risks(_ flags: [RiskFlag]) -> [UInt8] {
        var csv = CSVWriter(header: [
            "urn", "dfe_number", "name", "locality", "phase", "type", "highest_severity", "status", "rules", "triggered_by",
            "route", "notes", "previous_cycle", "previous_rules", "previous_notes",
        ])
        for flag in flags {
            let s = flag.setting
            let triggered = flag.triggers.flatMap { trigger in
                trigger.evidence.map { item in
                    var line = "\(trigger.rule) (\(trigger.severity.rawValue)): "
                    line += item.question.isEmpty ? item.questionText : "\(item.question) \(item.questionText)"
                    line += ": \(item.answer)"
                    if !item.evidence.isEmpty { line += "; the setting's evidence: \(item.evidence)" }
                    if !item.detail.isEmpty { line += "; \(item.detail)" }
                    return line
                }
            }
            csv.row([
                s.urn, s.dfeNumber, s.name, s.locality, s.phase, s.type, flag.severity.rawValue, flag.status.rawValue,
                flag.triggers.map(\.rule).joined(separator: " "), triggered.joined(separator: "\n"), flag.route,
                flag.notes.map(\.line).joined(separator: "\n"), flag.previous?.cycle ?? "",
                flag.previous?.rules.joined(separator: " ") ?? "", flag.previous?.notes.map(\.line).joined(separator: "\n") ?? "",
            ])
        }
        return csv.bytes
    }

    /// The standard columns across every questionnaire in the batch, in definition order.
    static func standardColumns(_ questionnaires: [Questionnaire]) -> [String] {
        var seen = Set<String>()
        return questionnaires.flatMap(\.standards).map(\.id).filter { seen.insert($0).inserted }
    }

    static func scores(_ result: BatchResult) -> [UInt8] {
        let standards = standardColumns(result.questionnaires)
        var header = [
            "urn", "name", "dfe_number", "locality", "phase", "type", "questionnaire", "version", "submitted",
            "timeliness", "overall_pct", "overall_rag", "overall_points", "overall_possible",
        ]
        for id in standards { header += ["\(id)_pct", "\(id)_rag", "\(id)_points", "\(id)_possible"] }
        header += [
            "critical_failures", "critical_failed_questions", "critical_unanswered", "applicable", "answered",
            "unanswered", "not_applicable", "mandatory_unanswered",
        ]
        var csv = CSVWriter(header: header)
        for scored in result.accepted {
            guard let questionnaire = result.questionnaire(scored.record.questionnaire) else { continue }
            let score = scored.score
            let setting = scored.setting
            var row = [
                setting.urn, setting.name, setting.dfeNumber, setting.locality, setting.phase, setting.type,
                questionnaire.id, questionnaire.version, scored.record.submitted.description, scored.timeliness.rawValue,
                score.overall.percentText, score.overallRAG?.label ?? "", String(score.overall.achieved),
                String(score.overall.possible),
            ]
            for id in standards {
                if let index = questionnaire.standards.firstIndex(where: { $0.id == id }) {
                    let s = score.standards[index]
                    row += [s.percentText, score.standardRAG[index]?.label ?? "", String(s.achieved), String(s.possible)]
                } else {
                    row += ["", "", "", ""]
                }
            }
            row += [
                String(score.criticalFailures.count),
                score.criticalFailures.map { questionnaire.questions[$0].id }.joined(separator: " "),
                score.criticalUnanswered.map { questionnaire.questions[$0].id }.joined(separator: " "),
                String(score.applicable), String(score.answered), String(score.unanswered), String(score.notApplicable),
                String(score.mandatoryUnanswered),
            ]
            csv.row(row)
        }
        return csv.bytes
    }

    static func rejected(_ result: BatchResult) -> [UInt8] {
        var csv = CSVWriter(header: ["file", "line", "column", "urn", "severity", "problem", "message", "what_to_do", "outcome"])
        for d in result.diagnostics {
            csv.row([
                d.location.file, d.location.line > 0 ? String(d.location.line) : "",
                d.location.column > 0 ? String(d.location.column) : "", d.urn, d.severity.rawValue, d.problem.rawValue,
                d.message, d.fix, d.effect.rawValue,
            ])
        }
        return csv.bytes
    }

    static func nonReturns(_ result: BatchResult) -> [UInt8] {
        var csv = CSVWriter(header: ["urn", "dfe_number", "name", "locality", "phase", "type", "status", "rejected_return"])
        for missing in result.nonReturns {
            let s = missing.setting
            csv.row([s.urn, s.dfeNumber, s.name, s.locality, s.phase, s.type, missing.status.rawValue, missing.rejectedAt?.description ?? ""])
        }
        return csv.bytes
    }

    /// The manifest: every input with its fingerprint, the questionnaires, counts, and the
    /// fingerprints of the other outputs. No clock times, so reruns are byte-identical.
    public static func manifest(_ result: BatchResult, outputs: [OutputFolder.Written]) -> [UInt8] {
        func fingerprint(_ f: FileFingerprint?) -> [(String, JSONValue)] {
            guard let f else { return [("sha256", .null), ("bytes", .null)] }
            return [("sha256", .string(f.sha256)), ("bytes", .int(f.bytes))]
        }
        let cycle = result.cycle
        var cycleFields: [(String, JSONValue)] = [
            ("id", .string(cycle.id)), ("area", .string(cycle.area)),
            ("census_date", .string(cycle.censusDate.description)), ("deadline", .string(cycle.deadline.description)),
            ("final_deadline", .string(cycle.finalDeadline.description)),
        ]
        if let file = cycle.file {
            cycleFields.append(("settings_file", .string(file.display)))
        }
        let policies = JSONValue.array(result.policies.map { policy in
            .object([
                ("id", .string(policy.id)), ("version", .string(policy.version)), ("questionnaire", .string(policy.questionnaire)),
                ("file", .string(policy.file)),
            ] + fingerprint(policy.fingerprint))
        })
        let questionnaires = JSONValue.array(result.questionnaires.map { q in
            .object([
                ("id", .string(q.id)), ("version", .string(q.version)), ("title", .string(q.title)),
                ("population", .string(q.population)), ("questions", .int(q.questions.count)),
                ("parts", .array(q.parts.map { part in
                    .object([
                        ("kind", .string(part.kind.rawValue)), ("id", .string(part.id)), ("version", .string(part.version)),
                        ("file", .string(part.file)),
                    ] + fingerprint(part.fingerprint))
                })),
            ])
        })
        let registers = JSONValue.array(result.register.sources.map { r in
            .object([("file", .string(r.file))] + fingerprint(r.fingerprint) + [("rows", .int(r.rows)), ("settings", .int(r.kept)), ("population", .string(r.population))])
        })
        let returns = JSONValue.array(result.files.map { f in
            .object([("file", .string(f.file)), ("carrier", f.carrier.map { .string($0.rawValue) } ?? .null)]
                + fingerprint(f.fingerprint) + [("returns_read", .int(f.returnsRead))])
        })
        let severities = Dictionary(grouping: result.diagnostics, by: \.severity).mapValues(\.count)
        let localities = result.tallies().map { tally -> JSONValue in
            .object([("locality", .string(tally.locality)), ("population", .string(tally.population)), ("expected", .int(tally.expected)),
                     ("accepted", .int(tally.accepted))])
        }
        let counts = JSONValue.object([
            ("settings_expected", .int(result.register.settings.count)),
            ("return_files", .int(result.files.count)),
            ("returns_read", .int(result.files.reduce(0) { $0 + $1.returnsRead })),
            ("accepted", .int(result.accepted.count)), ("rejected", .int(result.rejected.count)),
            ("superseded", .int(result.superseded.count)), ("non_returns", .int(result.nonReturns.count)),
            ("errors", .int(severities[.error] ?? 0)), ("warnings", .int(severities[.warning] ?? 0)),
            ("notes", .int(severities[.note] ?? 0)), ("by_locality", .array(localities)),
        ])
        // School pages are counted, not listed: a national batch has tens of thousands.
        let listed = outputs.filter { $0.fingerprint != nil }
        var outputFiles = JSONValue.array(listed.map { file in
            .object([("file", .string(file.path))] + fingerprint(file.fingerprint))
        })
        let unlisted = outputs.count - listed.count
        if unlisted > 0, case .array(var items) = outputFiles {
            let bytes = outputs.filter { $0.fingerprint == nil }.reduce(0) { $0 + $1.bytes }
            items.append(.object([("file", .string("schools/*.html")), ("count", .int(unlisted)), ("bytes", .int(bytes))]))
            outputFiles = .array(items)
        }
        let manifest = JSONValue.object([
            ("tool", .object([("name", .string(S175.name)), ("version", .string(S175.version))])),
            ("cycle", .object(cycleFields)), ("questionnaires", questionnaires), ("risk_policies", policies), ("registers", registers),
            ("returns", returns), ("counts", counts), ("outputs", outputFiles),
        ])
        return manifest.bytes
    }
}
