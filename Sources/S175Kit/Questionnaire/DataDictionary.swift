/// The data dictionary, the way REDCap exports one: a row per question saying what
/// each column of a return means and which answers it takes.
public enum DataDictionary {
    public static func csv(_ questionnaires: [Questionnaire]) -> [UInt8] {
        var csv = CSVWriter(header: [
            "question_id", "standard", "element", "text", "type", "options", "weight", "critical", "mandatory",
            "themes", "applies_to", "requirement", "bands", "questionnaire", "module",
        ])
        for q in questionnaires {
            for question in q.questions {
                let scale = question.scale.map { q.scales[$0] }
                let options = scale?.options.map { "\($0.code)=\($0.score.map(String.init) ?? "n/a")" }.joined(separator: "|") ?? ""
                csv.row([
                    question.id, q.standards[question.standard].id, q.elements[question.element].id, question.text,
                    question.typeName, options, question.isScored ? String(question.weight) : "",
                    question.critical ? "yes" : "no", question.mandatory ? "yes" : "no",
                    question.themes.joined(separator: " "), question.appliesTo?.summary ?? "", question.requirement,
                    bands(question, scale), "\(q.id) \(q.version)", question.module ?? "",
                ])
            }
        }
        return csv.bytes
    }

    /// `within 24 months=met|otherwise=not-met`.
    static func bands(_ question: Question, _ scale: Scale?) -> String {
        guard let scale else {
            if case .number(_, _, let unit, let min, let max) = question.kind {
                return [min.map { "min \($0)" }, max.map { "max \($0)" }, unit.isEmpty ? nil : "unit \(unit)"]
                    .compactMap { $0 }.joined(separator: "|")
            }
            return ""
        }
        switch question.kind {
        case .choice:
            return ""
        case .date(let bands, let otherwise):
            return (bands.map { "within \($0.withinMonths) months=\(scale.options[$0.option].code)" }
                + ["otherwise=\(scale.options[otherwise].code)"]).joined(separator: "|")
        case .number(let bands, let otherwise, let unit, _, _):
            let suffix = unit.isEmpty ? "" : " \(unit)"
            var parts = bands.map { band -> String in
                let range: String
                switch (band.atLeast, band.atMost) {
                case let (low?, high?): range = "\(low) to \(high)\(suffix)"
                case let (low?, nil): range = "at least \(low)\(suffix)"
                case let (nil, high?): range = "at most \(high)\(suffix)"
                default: range = "any"
                }
                return "\(range)=\(scale.options[band.option].code)"
            }
            if let otherwise { parts.append("otherwise=\(scale.options[otherwise].code)") }
            return parts.joined(separator: "|")
        }
    }
}
