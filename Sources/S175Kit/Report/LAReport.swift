/// The Local Authority's summary report: themes, trends, patterns and development areas
/// across every locality, naming settings where officers need to follow them up.
struct LAReport {
    let frame: PageFrame
    let analyses: [Analysis]

    var result: BatchResult { frame.result }

    func render() -> [UInt8] {
        var context = frame.base(edition: "la-edition", pageTitle: title, documentKind: "report")
        context["title"] = .text(title)
        context["parts"] = PageFrame.parts(analyses.map(part))
        return frame.options.templates.render("la-report", .object(context))
    }

    var title: String {
        "\(result.cycle.area) section 175 safeguarding self-assessment: summary report, cycle \(result.cycle.id)"
    }

    private func part(_ analysis: Analysis) -> (heading: String, sections: [Section]) {
        let localities = analysis.localities
        let groups = localities.map { (label: $0, key: GroupKey(locality: $0)) } + [(label: result.cycle.area, key: .area)]
        let tables = AnalysisTables(analysis: analysis, groups: groups)
        let intro = frame.partIntro(edition: "la-edition", analysis)
        let population = analysis.questionnaire.population
        let leads = analyses.leads(analysis)
        let sections: [Section?] = [
            summary(analysis, tables), response(analysis, tables), compliance(analysis, tables),
            trends(analysis, tables), development(analysis, tables), themes(analysis, tables), patterns(analysis, tables),
            local(analysis, tables), governance(analysis, tables),
            leads ? frame.riskSection(locality: nil, population: population, named: true, threshold: frame.options.minimumCell, id: { id(analysis, $0) }) : nil,
            leads ? frame.pairingSection(locality: nil, population: population, named: true, threshold: frame.options.minimumCell, id: { id(analysis, $0) }) : nil,
            quality(analysis),
        ]
        return (analysis.questionnaire.title, frame.introduce(sections.compactMap { $0 }, intro))
    }

    private func id(_ analysis: Analysis, _ name: String) -> String {
        analyses.id(analysis, name)
    }

    // MARK: Sections

    private func summary(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        let area = analysis.tally(.area)
        var points: [String] = []
        let expected = area?.expected ?? 0
        let returned = area?.returned ?? 0
        let onTime = area?.timeliness[.onTime] ?? 0
        points.append(
            "\(returned) of \(expected) settings (\(Words.percent(returned, of: expected))) returned a self-assessment that passed validation; \(onTime) (\(Words.percent(onTime, of: expected))) by the deadline of \(result.cycle.deadline.longDescription).")
        if let area, returned > 0 {
            points.append(
                "\(Words.plural(area.rag[.green] ?? 0, "setting")) rated Green overall, \(area.rag[.amber] ?? 0) Amber and \(area.rag[.red] ?? 0) Red; \(Words.plural(area.criticalFailures, "setting")) failed at least one statutory (critical) item, which makes a setting Red whatever its total.")
        }
        if let (best, worst) = Findings.bestAndWorstStandards(analysis, .area) {
            points.append("\(best.title) is the strongest standard (\(Words.percent(best.permille)) of items met) and \(worst.title) the weakest (\(Words.percent(worst.permille))).")
        }
        let weakest = tables.weakestQuestions(in: .area, limit: 3)
        if !weakest.isEmpty, let area {
            let items = weakest.map { q in
                "\(analysis.questionnaire.questions[q].id) \(Words.short(analysis.questionnaire.questions[q].text, 70)) (\(Words.percent(area.met[q], of: area.answered[q])) met)"
            }
            points.append("The least met items across \(result.cycle.area): " + Words.list(items) + ".")
        }
        if let gap = Findings.localityGap(analysis, area: result.cycle.area) {
            points.append(gap)
        }
        if let theme = Findings.weakestPriorityTheme(analysis, .area) {
            points.append("Of the partnership's priority themes, \(theme.label.lowercased()) has the lowest share of items met (\(Words.percent(theme.permille))).")
        }
        let missing = result.nonReturns.filter { $0.setting.population == analysis.questionnaire.population }
        let rejected = missing.filter { $0.status == .rejected }.count
        if !missing.isEmpty {
            points.append("\(Words.plural(missing.count, "setting")) still \(missing.count == 1 ? "has" : "have") no usable return, \(rejected) of them because \(rejected == 1 ? "its return was" : "their returns were") rejected and need\(rejected == 1 ? "s" : "") correcting.")
        }
        return Section(id: id(analysis, "summary"), title: summaryTitle(analysis), points: points)
    }

    private func summaryTitle(_ analysis: Analysis) -> String {
        guard let area = analysis.tally(.area), area.returned > 0 else { return "No returns have been accepted yet" }
        let green = Words.percent(area.rag[.green] ?? 0, of: area.returned)
        return "\(green) of returning settings rated Green; \(area.criticalFailures) failed a statutory item"
    }

    private func response(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        let rows = analysis.localities.map { (label: $0, key: GroupKey(locality: $0)) } + [(label: result.cycle.area, key: GroupKey.area)]
        let byLocality = tables.response(id: id(analysis, "response-locality"), caption: "Returns by locality", rows: rows, totalLast: true)
        var section = Section(id: id(analysis, "response"), title: responseTitle(analysis))
        section.add(chart: .bars(column: 2, title: "Response rate by locality"), table: byLocality)
        let phases = tables.facetRows(locality: nil, kind: AnalysisTables.phase, totalLabel: "All \(analysis.phaseLabel)s")
        section.add(heading: "By \(analysis.phaseLabel)", table: tables.response(id: id(analysis, "response-phase"), caption: "Returns by \(analysis.phaseLabel)", rows: phases, totalLast: true))
        if !analysis.isEarlyYears {
            let types = tables.facetRows(locality: nil, kind: AnalysisTables.typeGroup, totalLabel: "All types")
            section.add(heading: "By type of setting", table: tables.response(id: id(analysis, "response-type"), caption: "Returns by type of setting", rows: types, totalLast: true))
        }

        let missing = result.nonReturns.filter { $0.setting.population == analysis.questionnaire.population }
        var named = ReportTable(id: id(analysis, "non-returners"), caption: "Settings with no usable return (to chase)", columns: ["URN", "Setting", "Locality", analysis.isEarlyYears ? "Provider type" : "Phase", "Status"])
        for item in missing {
            let s = item.setting
            named.rows.append((s.urn, [.text(s.name), .text(s.locality), .text(s.phase), .text(item.status.rawValue)]))
        }
        section.add(heading: "Settings to chase (Local Authority edition only)",
                    text: missing.isEmpty ? "Every setting expected to return has a usable return." : "The same list is in non-returns.csv, with the DfE number and where any rejected return is.",
                    table: missing.isEmpty ? nil : named)
        return section
    }

    private func responseTitle(_ analysis: Analysis) -> String {
        guard let area = analysis.tally(.area), area.expected > 0 else { return "No settings were expected to return" }
        let rate = Words.percent(area.returned, of: area.expected)
        let rates = analysis.localities.compactMap { locality -> (String, Int)? in
            guard let t = analysis.tally(GroupKey(locality: locality)), let p = Percent.permille(t.returned, of: t.expected) else { return nil }
            return (locality, p)
        }
        guard rates.count > 1, let low = rates.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }) else { return "\(rate) of settings returned a usable self-assessment" }
        return "\(rate) of settings returned; \(low.0) lowest at \(Words.percent(low.1))"
    }

    private func compliance(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        var section = Section(id: id(analysis, "compliance"), title: complianceTitle(analysis))
        section.add(table: tables.complianceHeatmap(id: id(analysis, "compliance-heatmap"), caption: "Share of items met, by standard and locality"))
        let rows = analysis.localities.map { (label: $0, key: GroupKey(locality: $0)) } + [(label: result.cycle.area, key: GroupKey.area)]
        let ratings = tables.ratings(id: id(analysis, "ratings-locality"), caption: "Overall rating of settings, by locality", rows: rows, totalLast: true)
        section.add(heading: "Red, Amber and Green ratings", chart: .ragStacks(title: "Overall ratings by locality"), table: ratings)
        for row in rows {
            section.add(table: tables.standardRatings(id: id(analysis, "ratings-\(Words.slug(row.label))"), caption: "Ratings by standard: \(row.label)", key: row.key))
        }
        return section
    }

    private func complianceTitle(_ analysis: Analysis) -> String {
        guard let (best, worst) = Findings.bestAndWorstStandards(analysis, .area) else { return "Compliance by standard and locality" }
        return "\(best.title) strongest; \(worst.title.lowercased()) weakest"
    }

    private func trends(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        guard let trends = frame.trends(analysis) else {
            return Section(id: id(analysis, "trends"), title: "No earlier cycle to compare with yet", paragraphs: [
                "The history store holds no earlier cycle of this questionnaire, so this report shows no trends. Next cycle's report will compare with this one.",
            ])
        }
        let all = Array(analysis.questionnaire.questions.indices)
        var section = Section(id: id(analysis, "trends"), title: "Trends since cycle \(trends.earlier.cycle)")
        if let change = trends.change(all, locality: nil), let points = change.points, let now = change.nowPermille {
            section.title = "Items met \(points >= 0 ? "rose" : "fell") \(Percent.text(permille: abs(points))) points since cycle \(trends.earlier.cycle), to \(Words.percent(now))"
        }
        section.paragraphs = [
            "Each figure compares this cycle with cycle \(trends.earlier.cycle) like for like: only items asked in both cycles count, and a reworded item is compared only with the item it continues. n is the number of settings behind each figure.",
        ]
        for (label, key) in tables.groups {
            section.add(heading: label, table: tables.standardTrends(
                id: id(analysis, "trends-\(Words.slug(label))"), caption: "Share of items met by standard, \(label): cycle \(trends.earlier.cycle) and this cycle",
                trends, locality: key.locality))
        }
        section.add(heading: "Themes", table: tables.themeTrends(id: id(analysis, "trends-themes"), caption: "Change in the share of items met, by theme", trends))
        section.add(heading: "Items that improved most", table: tables.questionTrends(
            id: id(analysis, "trends-rising"), caption: "The items whose share met rose most across \(result.cycle.area)", trends,
            locality: nil, rising: true, limit: 5, minimumSettings: 1))
        section.add(heading: "Items that declined most", table: tables.questionTrends(
            id: id(analysis, "trends-falling"), caption: "The items whose share met fell most across \(result.cycle.area)", trends,
            locality: nil, rising: false, limit: 5, minimumSettings: 1))

        // Settings whose own score fell sharply: named, so the LA can ask why.
        var falls = ReportTable(
            id: id(analysis, "trends-schools"), caption: "Settings whose overall score fell by \(Percent.text(permille: Reports.sharpFall)) points or more (Local Authority edition only)",
            columns: ["Setting", "Locality", "Cycle \(trends.earlier.cycle)", "This cycle", "Change (points)"])
        let drops = result.accepted.compactMap { scored -> (ScoredReturn, Int, Int)? in
            guard scored.record.questionnaire.id == analysis.questionnaire.id,
                  let before = trends.earlier.school(scored.setting.urn, questionnaire: analysis.questionnaire.id)?.overall,
                  let now = scored.score.overall.permille, now - before <= -Reports.sharpFall
            else { return nil }
            return (scored, before, now)
        }.sorted { ($0.2 - $0.1, $0.0.setting.name) < ($1.2 - $1.1, $1.0.setting.name) }
        for (scored, before, now) in drops {
            falls.rows.append(("\(scored.setting.name) (\(scored.setting.urn))", [
                .text(scored.setting.locality), .text(Words.percent(before)), .text(Words.percent(now)),
                ReportTable.Cell(text: Percent.signed(now - before), kind: .percent),
            ]))
        }
        section.add(heading: "Settings whose score fell sharply",
                    text: drops.isEmpty ? "No setting's overall score fell by \(Percent.text(permille: Reports.sharpFall)) points or more." : nil,
                    table: drops.isEmpty ? nil : falls)
        return section
    }

    private func development(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        let weakest = tables.weakestQuestions(in: .area, limit: 10)
        var section = Section(id: id(analysis, "development"), title: "Development areas")
        if let first = weakest.first, let area = analysis.tally(.area) {
            section.title = "Weakest item: \(Words.short(analysis.questionnaire.questions[first].text, 60)) (\(Words.percent(area.met[first], of: area.answered[first])) met)"
        }
        let lowest = tables.questions(id: id(analysis, "development-questions"), caption: "The ten items least often met across \(result.cycle.area)", weakest)
        section.add(chart: .bars(column: lowest.columns.count - 2, title: "Share met of the ten weakest items"), table: lowest)
        section.add(heading: "Weakest elements", table: tables.weakestElements(id: id(analysis, "development-elements"), caption: "The five elements least often met", in: .area, limit: 5))
        for locality in analysis.localities {
            let key = GroupKey(locality: locality)
            let local = AnalysisTables(analysis: analysis, groups: [(locality, key), (result.cycle.area, .area)])
            section.add(heading: "In \(locality)", table: local.questions(
                id: id(analysis, "development-\(Words.slug(locality))"), caption: "The five items least often met in \(locality)",
                local.weakestQuestions(in: key, limit: 5)))
        }
        return section
    }

    private func themes(_ analysis: Analysis, _ tables: AnalysisTables) -> Section? {
        let table = tables.themes(id: id(analysis, "themes-table"), caption: "Share of items met, by theme and locality")
        guard !table.rows.isEmpty else { return nil }
        var section = Section(id: id(analysis, "themes"), title: "Themes across localities")
        if let theme = Findings.weakestPriorityTheme(analysis, .area) {
            section.title = "\(theme.label) is the weakest priority theme at \(Words.percent(theme.permille)) met"
        }
        section.add(table: table)
        return section
    }

    private func patterns(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        let label = analysis.phaseLabel
        var section = Section(id: id(analysis, "patterns"), title: analysis.isEarlyYears ? "Results by provider type" : "Results by phase and type of setting")
        let phases = tables.facetRows(locality: nil, kind: AnalysisTables.phase, totalLabel: "All \(label)s")
        let byPhase = tables.patterns(id: id(analysis, "patterns-phase"), caption: "Results by \(label)", rows: phases, totalLast: true)
        if let (high, low) = Findings.extremes(byPhase) {
            section.title = "\(high) settings score highest, \(low.lowercased()) lowest"
        }
        section.add(chart: .bars(column: 1, title: "Mean score by \(label)"), table: byPhase)
        // Early-years providers have one type group and no specialist annex: their provider type is the facet above.
        guard !analysis.isEarlyYears else { return section }
        let types = tables.facetRows(locality: nil, kind: AnalysisTables.typeGroup, totalLabel: "All types")
        section.add(heading: "By type of setting", table: tables.patterns(id: id(analysis, "patterns-type"), caption: "Results by type of setting", rows: types, totalLast: false))

        // Annex: special schools, pupil referral units and alternative provision, named.
        let specialists = result.accepted.filter { $0.setting.isSpecialist && $0.record.questionnaire == analysis.questionnaire.key }
        var annex = ReportTable(id: id(analysis, "annex-specialist"), caption: "Special schools, pupil referral units and alternative provision",
                                columns: ["Setting", "Type", "Locality", "Score", "Rating", "Statutory items failed"])
        for scored in specialists {
            let q = analysis.questionnaire
            annex.rows.append((scored.setting.name, [
                .text(scored.setting.type), .text(scored.setting.locality),
                .percent(scored.score.overall.achieved, of: scored.score.overall.possible),
                .rag(scored.score.overallRAG),
                .text(scored.score.criticalFailures.map { q.questions[$0].id }.joined(separator: " ")),
            ]))
        }
        let specialistRows = analysis.localities.map { (label: $0, key: GroupKey(locality: $0, .specialist)) } + [(label: result.cycle.area, key: GroupKey(.specialist))]
        section.add(heading: "Annex: special schools, pupil referral units and alternative provision",
                    text: specialists.isEmpty ? "No special school, pupil referral unit or alternative provision returned." : nil,
                    table: tables.patterns(id: id(analysis, "annex-specialist-summary"), caption: "Specialist settings by locality", rows: specialistRows, totalLast: true))
        if !specialists.isEmpty { section.add(table: annex) }
        return section
    }

    private func local(_ analysis: Analysis, _ tables: AnalysisTables) -> Section? {
        let questions = analysis.questionnaire.questions.indices.filter { analysis.questionnaire.questions[$0].module != nil && analysis.questionnaire.questions[$0].isScored }
        guard !questions.isEmpty else { return nil }
        let modules = analysis.questionnaire.parts.filter { $0.kind == .module }
        var section = Section(id: id(analysis, "local"), title: "Locally added questions")
        if let area = analysis.tally(.area) {
            let (met, answered) = area.compliance(questions)
            section.title = "Locally added questions: \(Words.percent(met, of: answered)) of items met"
        }
        section.paragraphs = modules.map { "\($0.title) (\($0.id) version \($0.version))." }
        section.add(table: tables.questions(id: id(analysis, "local-questions"), caption: "Locally added questions, by locality", questions))
        return section
    }

    private func governance(_ analysis: Analysis, _ tables: AnalysisTables) -> Section? {
        let questions = analysis.questions(theme: "governance").filter { analysis.questionnaire.questions[$0].isScored }
        guard !questions.isEmpty else { return nil }
        var section = Section(id: id(analysis, "governance"), title: "Governance")
        if let area = analysis.tally(.area) {
            let (met, answered) = area.compliance(questions)
            section.title = "Governance items: \(Words.percent(met, of: answered)) met across \(result.cycle.area)"
        }
        section.add(table: tables.questions(id: id(analysis, "governance-questions"), caption: "Governance items, by locality", questions))
        return section
    }

    private func quality(_ analysis: Analysis) -> Section {
        let q = analysis.questionnaire
        // With more than one part, each reports the problems of its own population's returns.
        let population = analyses.population(of: analysis)
        let index = PopulationIndex(result)
        let rejectedHere = result.rejected.filter { population == nil || index.population(urn: $0.urn, questionnaire: $0.questionnaireID) == population }
        let superseded = result.superseded.filter { population == nil || index.population(urn: $0.urn, questionnaire: $0.questionnaire.id) == population }
        let diagnostics = result.diagnostics.filter { population == nil || index.population(urn: $0.urn) == population }
        var section = Section(id: id(analysis, "quality"), title: qualityTitle(rejectedHere.count))
        var problems = ReportTable(id: id(analysis, "quality-problems"), caption: "Problems found in the inputs", columns: ["Problem", "Errors", "Warnings", "Notes"])
        let grouped = Dictionary(grouping: diagnostics, by: \.problem)
        for problem in Problem.allCases {
            guard let list = grouped[problem] else { continue }
            problems.rows.append((problem.rawValue, [
                .count(list.filter { $0.severity == .error }.count), .count(list.filter { $0.severity == .warning }.count),
                .count(list.filter { $0.severity == .note }.count),
            ]))
        }
        section.add(text: "\(Words.plural(rejectedHere.count, "return")) rejected and \(Words.plural(superseded.count, "return")) replaced by a later one; every problem is listed in rejected.csv with its file, line and column.",
                    table: problems)
        var rejected = ReportTable(id: id(analysis, "quality-rejected"), caption: "Rejected returns (Local Authority edition only)", columns: ["Where", "URN", "Setting", "First problem"])
        // Each rejected return's first error, found in one pass rather than a search per return.
        var firstError: [String: Diagnostic] = [:]
        for d in diagnostics where d.severity == .error && firstError[d.location.file + "\u{0}" + d.urn] == nil {
            firstError[d.location.file + "\u{0}" + d.urn] = d
        }
        for reject in rejectedHere {
            let first = firstError[reject.source.file + "\u{0}" + reject.urn]
            rejected.rows.append((reject.source.description, [
                .text(reject.urn), .text(result.register.setting(urn: reject.urn)?.name ?? "not expected to return"),
                .text(first?.message ?? ""),
            ]))
        }
        if !rejected.rows.isEmpty { section.add(table: rejected) }

        let area = analysis.tally(.area) ?? GroupTally(questions: q.questions.count, standards: q.standards.count)
        let notApplicable = area.notApplicable.reduce(0, +)
        let unanswered = area.unanswered.reduce(0, +)
        section.add(heading: "Not applicable and unanswered",
                    text: "Across accepted returns, \(Words.plural(notApplicable, "answer")) said not applicable and \(Words.plural(unanswered, "question")) were left blank; both are left out of every percentage.")
        let mostBlank = q.questions.indices.filter { area.unanswered[$0] > 0 }.sorted { (area.unanswered[$1], $0) < (area.unanswered[$0], $1) }.prefix(5)
        if !mostBlank.isEmpty {
            var blanks = ReportTable(id: id(analysis, "quality-blank"), caption: "Questions most often left blank", columns: ["Question", "Left blank", "Not applicable"])
            for index in mostBlank {
                blanks.rows.append(("\(q.questions[index].id) \(q.questions[index].text)", [.count(area.unanswered[index]), .count(area.notApplicable[index])]))
            }
            section.add(table: blanks)
        }
        return section
    }

    private func qualityTitle(_ rejected: Int) -> String {
        rejected == 0
            ? "Every return received passed validation"
            : "\(Words.plural(rejected, "return")) rejected; corrections will add \(rejected == 1 ? "it" : "them") to the next run"
    }
}
