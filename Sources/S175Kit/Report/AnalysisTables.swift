/// The tables both the LA and the ESG editions are made of, built from an `Analysis`
/// for a list of comparison groups (every locality and the area, or one locality and
/// the area). Each cell records how many settings stand behind it.
struct AnalysisTables {
    let analysis: Analysis
    /// Column groups, e.g. [Reading, Wokingham, West Berkshire, Berkshire West].
    let groups: [(label: String, key: GroupKey)]

    var questionnaire: Questionnaire { analysis.questionnaire }

    private func tally(_ key: GroupKey) -> GroupTally {
        analysis.tally(key) ?? GroupTally(questions: questionnaire.questions.count, standards: questionnaire.standards.count)
    }

    /// A % met cell over `questions` in `key`, with the number of settings behind it.
    func metCell(_ questions: [Int], _ key: GroupKey) -> ReportTable.Cell {
        let t = tally(key)
        let (met, answered) = t.compliance(questions)
        guard let permille = Percent.permille(met, of: answered) else { return .text("–") }
        let settings = questions.map { t.answered[$0] }.max() ?? 0
        return ReportTable.Cell(
            text: Words.percent(permille) + " (n = \(settings))", kind: .percent, contributors: settings, heat: permille)
    }

    /// Returns against the register: one row per group in `rows`, the last being their total.
    func response(id: String, caption: String, rows: [(label: String, key: GroupKey)], totalLast: Bool) -> ReportTable {
        var table = ReportTable(
            id: id, caption: caption,
            columns: ["", "Expected", "Returned", "Response rate", "On time", "Late", "After final deadline", "Rejected, not yet resubmitted"])
        for (r, row) in rows.enumerated() {
            let t = tally(row.key)
            table.rows.append((row.label, [
                .count(t.expected), .count(t.returned),
                .percent(t.returned, of: t.expected, dependsOn: [.init(r, 0), .init(r, 1)]),
                .count(t.timeliness[.onTime] ?? 0), .count(t.timeliness[.late] ?? 0),
                .count(t.timeliness[.afterFinalDeadline] ?? 0), .count(t.rejectedOnly),
            ]))
        }
        if totalLast && rows.count > 1 {
            for c in [0, 1, 3, 4, 5, 6] { table.additiveGroups.append(rows.indices.map { .init($0, c) }) }
        }
        // Returned splits into on time, late and after the final deadline.
        for r in rows.indices { table.additiveGroups.append([.init(r, 1), .init(r, 3), .init(r, 4), .init(r, 5)]) }
        return table
    }

    /// % met per standard (and overall) for each comparison group: the compliance heatmap.
    func complianceHeatmap(id: String, caption: String) -> ReportTable {
        var table = ReportTable(id: id, caption: caption, columns: ["Standard"] + groups.map(\.label))
        table.heatmap = true
        for s in questionnaire.standards.indices {
            let questions = analysis.questions(standard: s)
            table.rows.append((questionnaire.standards[s].title, groups.map { metCell(questions, $0.key) }))
        }
        let all = Array(questionnaire.questions.indices)
        table.rows.append(("All standards", groups.map { metCell(all, $0.key) }))
        return table
    }

    /// Overall ratings per group: Red, Amber, Green and total. With `totalLast` the last
    /// row is the sum of the others, so columns are additive too.
    func ratings(id: String, caption: String, rows: [(label: String, key: GroupKey)], totalLast: Bool) -> ReportTable {
        var table = ReportTable(id: id, caption: caption, columns: ["", "Red", "Amber", "Green", "Rated"])
        for row in rows {
            let t = tally(row.key)
            let rated = t.rag.values.reduce(0, +)
            table.rows.append((row.label, [
                .count(t.rag[.red] ?? 0), .count(t.rag[.amber] ?? 0), .count(t.rag[.green] ?? 0), .count(rated),
            ]))
        }
        for r in rows.indices { table.additiveGroups.append((0..<4).map { .init(r, $0) }) }
        if totalLast && rows.count > 1 {
            for c in 0..<4 { table.additiveGroups.append(rows.indices.map { .init($0, c) }) }
        }
        return table
    }

    /// Ratings per standard within one group.
    func standardRatings(id: String, caption: String, key: GroupKey) -> ReportTable {
        var table = ReportTable(id: id, caption: caption, columns: ["Standard", "Red", "Amber", "Green", "Rated"])
        let t = tally(key)
        for (s, standard) in questionnaire.standards.enumerated() {
            let counts = t.standardRAG[s]
            table.rows.append((standard.title, [
                .count(counts[.red] ?? 0), .count(counts[.amber] ?? 0), .count(counts[.green] ?? 0),
                .count(counts.values.reduce(0, +)),
            ]))
        }
        for r in table.rows.indices { table.additiveGroups.append((0..<4).map { .init(r, $0) }) }
        return table
    }

    /// The questions with the lowest % met in `key`, lowest first (ties by questionnaire order).
    func weakestQuestions(in key: GroupKey, limit: Int, minimumAnswered: Int = 1) -> [Int] {
        let t = tally(key)
        return questionnaire.questions.indices
            .filter { t.answered[$0] >= minimumAnswered && questionnaire.questions[$0].isScored }
            .sorted { a, b in
                let pa = t.met[a] * t.answered[b], pb = t.met[b] * t.answered[a]
                return pa != pb ? pa < pb : a < b
            }
            .prefix(limit).map { $0 }
    }

    /// Questions with their % met in each comparison group.
    func questions(id: String, caption: String, _ questions: [Int]) -> ReportTable {
        var table = ReportTable(id: id, caption: caption, columns: ["Question"] + groups.map(\.label))
        table.heatmap = true
        for q in questions {
            let question = questionnaire.questions[q]
            table.rows.append(("\(question.id) \(question.text)", groups.map { metCell([q], $0.key) }))
        }
        return table
    }

    /// Elements ranked by % met in `key`, lowest first.
    func weakestElements(id: String, caption: String, in key: GroupKey, limit: Int) -> ReportTable {
        let t = tally(key)
        let ranked = questionnaire.elements.indices.filter { t.compliance(questionnaire.elements[$0].questions).answered > 0 }
            .sorted { a, b in
                let ca = t.compliance(questionnaire.elements[a].questions), cb = t.compliance(questionnaire.elements[b].questions)
                let pa = ca.met * cb.answered, pb = cb.met * ca.answered
                return pa != pb ? pa < pb : a < b
            }.prefix(limit)
        var table = ReportTable(id: id, caption: caption, columns: ["Element"] + groups.map(\.label))
        table.heatmap = true
        for e in ranked {
            let element = questionnaire.elements[e]
            table.rows.append(("\(element.title) (\(questionnaire.standards[element.standard].title))", groups.map { metCell(element.questions, $0.key) }))
        }
        return table
    }

    /// % met on each theme tagged in the questionnaire, priority themes first.
    func themes(id: String, caption: String) -> ReportTable {
        var table = ReportTable(id: id, caption: caption, columns: ["Theme"] + groups.map(\.label))
        table.heatmap = true
        let used = questionnaire.themes.filter { !analysis.questions(theme: $0.id).isEmpty }
        for theme in used.filter(\.priority) + used.filter({ !$0.priority }) {
            let questions = analysis.questions(theme: theme.id)
            table.rows.append((theme.label + (theme.priority ? " (priority)" : ""), groups.map { metCell(questions, $0.key) }))
        }
        return table
    }

    /// Results for the facet groups in `rows` (phases, types): settings, mean score, ratings.
    func patterns(id: String, caption: String, rows: [(label: String, key: GroupKey)], totalLast: Bool) -> ReportTable {
        var table = ReportTable(
            id: id, caption: caption,
            columns: ["", "Returned", "Mean score", "Red", "Amber", "Green", "Failed a statutory item"])
        for row in rows {
            let t = tally(row.key)
            table.rows.append((row.label, [
                .count(t.returned), .mean(t.meanPermille, of: t.overallRated), .count(t.rag[.red] ?? 0),
                .count(t.rag[.amber] ?? 0), .count(t.rag[.green] ?? 0), .count(t.criticalFailures),
            ]))
        }
        if totalLast && rows.count > 1 {
            for c in [0, 2, 3, 4, 5] { table.additiveGroups.append(rows.indices.map { .init($0, c) }) }
        }
        // Returned is the sum of the three ratings (give or take unrated returns).
        for r in rows.indices { table.additiveGroups.append([.init(r, 0), .init(r, 2), .init(r, 3), .init(r, 4)]) }
        return table
    }

    /// The facet groups of one kind present in `locality` (or the area), with a total row.
    func facetRows(locality: String?, kind: (GroupKey.Facet) -> String?, totalLabel: String) -> [(label: String, key: GroupKey)] {
        var rows: [(String, GroupKey)] = analysis.keys(locality: locality) { kind($0) != nil }
            .map { (kind($0.facet)!, $0) }
        rows.append((totalLabel, GroupKey(locality: locality, .all)))
        return rows
    }

    static func phase(_ facet: GroupKey.Facet) -> String? {
        if case .phase(let name) = facet { return name.isEmpty ? "Phase not recorded" : name }
        return nil
    }

    static func typeGroup(_ facet: GroupKey.Facet) -> String? {
        if case .typeGroup(let name) = facet { return name.isEmpty ? "Type not recorded" : name }
        return nil
    }
}
