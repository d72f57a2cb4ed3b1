/// A setting the Local Authority must work alongside, with every rule that flagged it
/// and the exact answers behind each.
public struct RiskFlag: Sendable {
    public enum Status: String, Sendable {
        /// Flagged this cycle, and not flagged (or closed) last cycle.
        case new
        /// Flagged last cycle, not closed, and still flagged.
        case continuing
        /// Flagged last cycle and not closed, but nothing flags it now: for the LA to confirm.
        case resolved
        /// Closed by the LA (`s175 risk resolve`) this cycle.
        case closed
    }

    public var setting: Setting
    public var triggers: [Trigger]
    public var status: Status
    /// The flag this setting had in the previous cycle, if any.
    public var previous: PreviousFlag?
    /// Notes the LA recorded against this flag this cycle.
    public var notes: [RiskNote]

    public var severity: Severity { triggers.map(\.severity).min() ?? previous?.severity ?? .low }

    /// Who the LA should go to, most serious first.
    public var route: String {
        if EarlyYears.isChildminder(setting) {
            return severity == .high
                ? "Contact the childminder this week; if not resolved promptly, discuss with the early years team and Ofsted."
                : "Raise with the childminder at the next contact; then the early years team if not resolved."
        }
        if setting.population == EarlyYears.population {
            return switch severity {
            case .high: "Contact the setting's safeguarding lead this week; if not resolved promptly, the manager; then the registered person or owner."
            case .medium: "Raise with the safeguarding lead at the next contact; if not resolved, the manager; then the registered person or owner."
            case .low: "Discuss with the safeguarding lead; then the manager if needed."
            }
        }
        return switch severity {
        case .high: "Contact the DSL this week; if not resolved promptly, the headteacher; then the chair of governors."
        case .medium: "Raise with the DSL at the next contact; if not resolved, the headteacher; then the chair of governors."
        case .low: "Discuss with the DSL; then the headteacher if needed."
        }
    }

    public struct Trigger: Sendable, Hashable {
        public var rule: String
        public var kind: RiskPolicy.Kind
        public var severity: Severity
        public var description: String
        public var evidence: [Evidence]
    }

    /// One answer (or fact) that made a rule trigger.
    public struct Evidence: Sendable, Hashable {
        /// The question id, or empty when the evidence is not one answer.
        public var question: String
        public var questionText: String
        /// The answer as given (label and value).
        public var answer: String
        /// What the setting wrote beside it.
        public var evidence: String
        /// Why it counts: the requirement, the limit passed.
        public var detail: String
    }
}

/// A flag as an earlier cycle left it.
public struct PreviousFlag: Sendable, Hashable {
    public var cycle: String
    public var rules: [String]
    public var severity: Severity
    /// Closed by the LA with `s175 risk resolve`.
    public var closed: Bool
    public var notes: [RiskNote]
}

/// A follow-up note, or the closing of a flag, recorded by an officer.
public struct RiskNote: Sendable, Hashable {
    public enum Kind: String, Sendable { case note, resolved }
    public var date: CivilDate
    public var kind: Kind
    public var text: String

    public init(date: CivilDate, kind: Kind, text: String) {
        self.date = date
        self.kind = kind
        self.text = text
    }

    public var line: String { "\(date) \(kind == .resolved ? "resolved" : "note"): \(text)" }
}

/// Applies risk policies to a batch.
public enum RiskEvaluator {
    /// Flags for every setting some rule flags, or whose open flag from `earlier` it must
    /// account for. Ordered by severity, then locality, name and URN.
    /// - Parameters:
    ///   - earlier: the previous cycle, for declines and for flags carried over.
    ///   - notes: this cycle's notes by URN.
    public static func evaluate(
        _ result: BatchResult, policies: [RiskPolicy], earlier: CycleTallies?, notes: [String: [RiskNote]]
    ) -> [RiskFlag] {
        guard !policies.isEmpty else { return [] }
        var acceptedByURN: [String: [Int]] = [:]
        for index in result.accepted.indices { acceptedByURN[result.accepted[index].setting.urn, default: []].append(index) }
        let nonReturns = Dictionary(result.nonReturns.map { ($0.setting.urn, $0) }, uniquingKeysWith: { a, _ in a })
        var flags: [RiskFlag] = []
        for setting in result.register.settings {
            let questionnaires = result.questionnaires.filter { $0.population == setting.population }.map(\.id)
            let applicable = policies.filter { questionnaires.contains($0.questionnaire) }
            guard !applicable.isEmpty else { continue }
            var triggers: [RiskFlag.Trigger] = []
            let previous = earlier?.flags[setting.urn]
            for policy in applicable {
                let returns = (acceptedByURN[setting.urn] ?? []).map { result.accepted[$0] }.filter { $0.record.questionnaire.id == policy.questionnaire }
                for rule in policy.rules {
                    let evidence: [RiskFlag.Evidence]
                    if rule.kind == .noReturn {
                        evidence = noReturn(setting, returns, nonReturns[setting.urn], result.cycle)
                    } else if rule.kind == .unresolvedFlag {
                        evidence = previous.map { unresolved($0) } ?? []
                    } else if let scored = returns.first, let questionnaire = result.questionnaire(scored.record.questionnaire) {
                        evidence = check(rule, scored, questionnaire, result.cycle, earlier)
                    } else {
                        evidence = []
                    }
                    if !evidence.isEmpty {
                        triggers.append(RiskFlag.Trigger(
                            rule: rule.id, kind: rule.kind, severity: rule.severity, description: rule.description, evidence: evidence))
                    }
                }
            }
            let open = previous.map { !$0.closed } ?? false
            let current = triggers.contains { $0.kind != .unresolvedFlag }
            guard current || open else { continue }
            let own = notes[setting.urn] ?? []
            let status: RiskFlag.Status = own.contains { $0.kind == .resolved }
                ? .closed : (current ? (open ? .continuing : .new) : .resolved)
            flags.append(RiskFlag(setting: setting, triggers: triggers, status: status, previous: previous, notes: own))
        }
        // The register is in report order already; put the most serious first within it.
        return flags.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
    }

    private static func unresolved(_ previous: PreviousFlag) -> [RiskFlag.Evidence] {
        guard !previous.closed else { return [] }
        return [RiskFlag.Evidence(
            question: "", questionText: "Flag from cycle \(previous.cycle)", answer: previous.rules.joined(separator: ", "),
            evidence: previous.notes.last?.text ?? "",
            detail: "flagged in cycle \(previous.cycle) and not yet closed by the Local Authority")]
    }

    private static func noReturn(_ setting: Setting, _ returns: [ScoredReturn], _ missing: NonReturn?, _ cycle: CycleSettings) -> [RiskFlag.Evidence] {
        if let late = returns.first(where: { $0.timeliness == .afterFinalDeadline }) {
            return [RiskFlag.Evidence(
                question: "", questionText: "Return", answer: "submitted \(late.record.submitted.ukDate.longDescription)", evidence: "",
                detail: "after the final deadline of \(cycle.finalDeadline.longDescription)")]
        }
        guard returns.isEmpty, let missing else { return [] }
        return [RiskFlag.Evidence(
            question: "", questionText: "Return",
            answer: missing.status == .rejected ? "received but rejected (\(missing.rejectedAt?.description ?? ""))" : "none received",
            evidence: "", detail: "no usable return by the final deadline of \(cycle.finalDeadline.longDescription)")]
    }

    private static func check(
        _ rule: RiskPolicy.Rule, _ scored: ScoredReturn, _ questionnaire: Questionnaire, _ cycle: CycleSettings,
        _ earlier: CycleTallies?
    ) -> [RiskFlag.Evidence] {
        let score = scored.score
        func answer(_ index: Int) -> RiskFlag.Evidence {
            let question = questionnaire.questions[index]
            let detail = scored.record.detail(for: index)
            let code = scored.record.answers[index]
            var text = "not answered"
            if code < AnswerCode.firstSpecial, let scale = question.scale {
                text = questionnaire.scales[scale].options[Int(code)].label
                if let value = detail?.value, !value.isEmpty { text = "\(value) (\(text.lowercased()))" }
            }
            return RiskFlag.Evidence(question: question.id, questionText: question.text, answer: text,
                                     evidence: detail?.evidence ?? "", detail: question.requirement)
        }
        switch rule.kind {
        case .criticalNotMet:
            return score.criticalFailures.map(answer)
        case .dateOlderThan:
            return rule.dates.compactMap { item -> RiskFlag.Evidence? in
                guard let index = questionnaire.questionIndex(item.question),
                      let value = scored.record.detail(for: index)?.value, let date = CivilDate(parsing: value)
                else { return nil }
                let limit = cycle.censusDate.adding(months: -item.months)
                guard date < limit else { return nil }
                var evidence = answer(index)
                evidence.answer = date.longDescription
                evidence.detail = "more than \(item.months) months before the census date of \(cycle.censusDate.longDescription)"
                return evidence
            }
        case .standardRed:
            return questionnaire.standards.indices.compactMap { s -> RiskFlag.Evidence? in
                let standard = questionnaire.standards[s]
                guard score.standardRAG[s] == .red, rule.standards.isEmpty || rule.standards.contains(standard.id) else { return nil }
                let statutory = score.criticalFailures.contains { questionnaire.questions[$0].standard == s }
                return RiskFlag.Evidence(
                    question: "", questionText: standard.title, answer: "Red (\(score.standards[s].percentText)%)", evidence: "",
                    detail: statutory ? "a statutory item in this standard is not met" : "below the Amber threshold")
            }
        case .overallBelow:
            // achieved / possible < limit%, exactly: no rounding can move a score across the line.
            guard let limit = rule.limit, score.overall.possible > 0,
                  score.overall.achieved * 1_000_000 < Int(limit.scaled) * score.overall.possible
            else { return [] }
            return [RiskFlag.Evidence(question: "", questionText: "Overall score", answer: score.overall.percentText + "%", evidence: "",
                                      detail: "below \(limit)%")]
        case .decline:
            guard let limit = rule.limit, let now = score.overall.permille,
                  let before = earlier?.school(scored.setting.urn, questionnaire: questionnaire.id)?.overall,
                  (before - now) * 1000 >= Int(limit.scaled)
            else { return [] }
            return [RiskFlag.Evidence(
                question: "", questionText: "Overall score", answer: "\(Words.percent(now)), from \(Words.percent(before)) in cycle \(earlier!.cycle)",
                evidence: "", detail: "fell \(Percent.text(permille: before - now)) points; the limit is \(limit)")]
        case .mandatoryUnanswered:
            guard let limit = rule.limit else { return [] }
            let mandatory = questionnaire.questions.indices.filter {
                questionnaire.questions[$0].mandatory && scored.record.answers[$0] != AnswerCode.notForThisSetting
            }
            let blank = mandatory.filter { scored.record.answers[$0] == AnswerCode.unanswered }
            guard !mandatory.isEmpty, blank.count * 10_000 * 100 > Int(limit.scaled) * mandatory.count else { return [] }
            return [RiskFlag.Evidence(
                question: "", questionText: "Mandatory questions", answer: "\(blank.count) of \(mandatory.count) unanswered",
                evidence: "", detail: "more than \(limit)% unanswered: " + blank.map { questionnaire.questions[$0].id }.joined(separator: ", "))]
        case .noReturn, .unresolvedFlag:
            return []
        }
    }
}
