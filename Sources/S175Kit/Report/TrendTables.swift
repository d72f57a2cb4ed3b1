/// Trend tables shared by the LA and ESG editions. Every figure carries how many
/// settings stand behind it; a change is built from both years, so it counts the fewer.
extension AnalysisTables {
    private func share(_ value: (met: Int, answered: Int), settings: Int) -> ReportTable.Cell {
        guard let permille = Percent.permille(value.met, of: value.answered) else { return .text("–") }
        return ReportTable.Cell(text: Words.percent(permille) + " (n = \(settings))", kind: .percent, contributors: settings)
    }

    private func changeCell(_ change: Trends.Change) -> ReportTable.Cell {
        ReportTable.Cell(
            text: change.points.map { Percent.signed($0) } ?? "–", kind: .percent,
            contributors: min(change.settingsBefore, change.settingsNow))
    }

    /// Each standard, like for like, then and now, for one group.
    func standardTrends(id: String, caption: String, _ trends: Trends, locality: String?) -> ReportTable {
        var table = ReportTable(
            id: id, caption: caption,
            columns: ["Standard", "Cycle \(trends.earlier.cycle)", "This cycle", "Change (points)"])
        let all = Array(questionnaire.questions.indices)
        let rows = questionnaire.standards.indices.map { (questionnaire.standards[$0].title, analysis.questions(standard: $0)) }
            + [("All standards", all)]
        for (label, questions) in rows {
            guard let change = trends.change(questions, locality: locality) else { continue }
            table.rows.append((label, [
                share(change.before, settings: change.settingsBefore), share(change.now, settings: change.settingsNow),
                changeCell(change),
            ]))
        }
        table.notes = ["Like for like: only items asked in both cycles are counted, each compared with the item it continues."]
        return table
    }

    /// Change on each theme for each comparison group.
    func themeTrends(id: String, caption: String, _ trends: Trends) -> ReportTable {
        var table = ReportTable(id: id, caption: caption, columns: ["Theme"] + groups.map { "Change in \($0.label) (points)" })
        let used = questionnaire.themes.filter { !trends.comparable(analysis.questions(theme: $0.id)).isEmpty }
        for theme in used.filter(\.priority) + used.filter({ !$0.priority }) {
            let questions = analysis.questions(theme: theme.id)
            table.rows.append((theme.label + (theme.priority ? " (priority)" : ""), groups.map { group in
                guard let change = trends.change(questions, locality: group.key.locality) else { return .text("–") }
                var cell = changeCell(change)
                if let before = change.beforePermille, let now = change.nowPermille {
                    cell.text += " (\(Words.percent(before)) → \(Words.percent(now)))"
                }
                return cell
            }))
        }
        return table
    }

    /// The items that rose or fell most in one group.
    func questionTrends(id: String, caption: String, _ trends: Trends, locality: String?, rising: Bool, limit: Int, minimumSettings: Int) -> ReportTable {
        var table = ReportTable(id: id, caption: caption, columns: ["Item", "Cycle \(trends.earlier.cycle)", "This cycle", "Change (points)"])
        var ranked = trends.questionsByChange(locality: locality, minimumSettings: minimumSettings)
        if !rising { ranked.reverse() }
        for (q, change) in ranked.prefix(limit) where rising ? change.points! > 0 : change.points! < 0 {
            let question = questionnaire.questions[q]
            let was = trends.counterparts[q] == [question.id] ? "" : " (was \(trends.counterparts[q].joined(separator: ", ")))"
            table.rows.append(("\(question.id)\(was) \(question.text)", [
                share(change.before, settings: change.before.answered), share(change.now, settings: change.now.answered),
                changeCell(change),
            ]))
        }
        return table
    }
}
