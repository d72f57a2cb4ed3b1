/// Findings stated in words, shared by the editions: which standard is strongest, which
/// theme weakest, which locality furthest from the rest.
enum Findings {
    static func bestAndWorstStandards(_ analysis: Analysis, _ key: GroupKey) -> (best: (title: String, permille: Int), worst: (title: String, permille: Int))? {
        guard let tally = analysis.tally(key) else { return nil }
        let rated = analysis.questionnaire.standards.indices.compactMap { s -> (String, Int)? in
            let (met, answered) = tally.compliance(analysis.questions(standard: s))
            return Percent.permille(met, of: answered).map { (analysis.questionnaire.standards[s].title, $0) }
        }
        guard rated.count > 1, let best = rated.max(by: { $0.1 < $1.1 }), let worst = rated.min(by: { $0.1 < $1.1 }) else { return nil }
        return ((best.0, best.1), (worst.0, worst.1))
    }

    static func localityGap(_ analysis: Analysis, area name: String) -> String? {
        guard analysis.localities.count > 1, let area = analysis.tally(.area) else { return nil }
        let all = Array(analysis.questionnaire.questions.indices)
        let (met, answered) = area.compliance(all)
        guard let overall = Percent.permille(met, of: answered) else { return nil }
        let rated = analysis.localities.compactMap { locality -> (String, Int)? in
            guard let t = analysis.tally(GroupKey(locality: locality)) else { return nil }
            let (m, a) = t.compliance(all)
            return Percent.permille(m, of: a).map { (locality, $0) }
        }
        guard let low = rated.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }), let high = rated.max(by: { ($0.1, $1.0) < ($1.1, $0.0) }), low.0 != high.0 else { return nil }
        return "\(low.0) has the lowest share of items met (\(Words.percent(low.1))) and \(high.0) the highest (\(Words.percent(high.1))), against \(Words.percent(overall)) across \(name)."
    }

    static func weakestPriorityTheme(_ analysis: Analysis, _ key: GroupKey) -> (label: String, permille: Int)? {
        guard let tally = analysis.tally(key) else { return nil }
        return analysis.questionnaire.themes.filter(\.priority).compactMap { theme -> (String, Int)? in
            let (met, answered) = tally.compliance(analysis.questions(theme: theme.id))
            return Percent.permille(met, of: answered).map { (theme.label, $0) }
        }.min { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    /// The rows of a patterns table with the highest and lowest mean score (ignoring the total row).
    static func extremes(_ table: ReportTable) -> (String, String)? {
        let rows = table.rows.dropLast().compactMap { row -> (String, Int)? in
            guard row.cells[1].suppression == nil, let heat = row.cells[1].heat else { return nil }
            return (row.header, heat)
        }
        guard rows.count > 1, let high = rows.max(by: { $0.1 < $1.1 }), let low = rows.min(by: { $0.1 < $1.1 }), high.0 != low.0 else { return nil }
        return (high.0, low.0)
    }
}
