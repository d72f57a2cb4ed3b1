/// The draft for one locality's Education Safeguarding Group: aggregated, compared with
/// the whole area, and under disclosure control. It names no setting: nothing about a
/// single setting (name, URN, DfE number) is ever passed to it.
struct ESGReport {
    let frame: PageFrame
    let analyses: [Analysis]
    let locality: String

    /// Cells built from fewer settings than this show `c`: the edition's threshold, raised
    /// for early years (see `EarlyYears.minimumCell`).
    private(set) var threshold: Int

    init(frame: PageFrame, analyses: [Analysis], locality: String) {
        self.frame = frame
        self.analyses = analyses
        self.locality = locality
        threshold = frame.options.minimumCell
    }

    var result: BatchResult { frame.result }
    var area: String { result.cycle.area }
    var key: GroupKey { GroupKey(locality: locality) }

    func render() -> [UInt8] {
        let parts = analyses.filter { $0.localities.contains(locality) }.map { analysis in
            var edition = self
            if analysis.isEarlyYears { edition.threshold = EarlyYears.minimumCell(frame.options.minimumCell) }
            return edition.part(analysis)
        }
        var context = frame.base(edition: "esg-edition", pageTitle: title, documentKind: "report")
        context["title"] = .text(title)
        context["locality"] = .text(locality)
        context["parts"] = PageFrame.parts(parts)
        return frame.options.templates.render("esg-report", .object(context))
    }

    var title: String { "\(locality): section 175 self-assessment, draft for the Education Safeguarding Group, cycle \(result.cycle.id)" }

    /// Whether enough of the locality's settings returned for findings about them to be stated.
    private func reportable(_ analysis: Analysis) -> Bool {
        (analysis.tally(key)?.returned ?? 0) >= threshold
    }

    /// A count safe to state in prose: small non-zero counts are withheld like table cells.
    private func count(_ n: Int) -> String {
        n == 0 || n >= threshold ? String(n) : "fewer than \(threshold)"
    }

    private func part(_ analysis: Analysis) -> (heading: String, sections: [Section]) {
        let groups: [(label: String, key: GroupKey)] = [(locality, key), (area, .area)]
        let tables = AnalysisTables(analysis: analysis, groups: groups)
        let intro = frame.partIntro(edition: "esg-edition", analysis)
        let population = analysis.questionnaire.population
        let leads = analyses.leads(analysis)
        var sections = [
            summary(analysis, tables), response(analysis, tables), compliance(analysis, tables),
            trends(analysis, tables), development(analysis, tables), themes(analysis, tables), patterns(analysis, tables),
            questionsSection(analysis, tables, id: "local", title: "Locally added questions",
                             questions: analysis.questionnaire.questions.indices.filter { analysis.questionnaire.questions[$0].module != nil }),
            questionsSection(analysis, tables, id: "governance", title: "Governance", questions: analysis.questions(theme: "governance")),
            leads ? frame.riskSection(locality: locality, population: population, named: false, threshold: threshold, id: { id(analysis, $0) }) : nil,
            leads ? frame.pairingSection(locality: locality, population: population, named: false, threshold: threshold, id: { id(analysis, $0) }) : nil,
        ].compactMap { $0 }
        for index in sections.indices {
            for block in sections[index].blocks.indices {
                guard var table = sections[index].blocks[block].table else { continue }
                DisclosureControl.apply(to: &table, threshold: threshold)
                sections[index].blocks[block].table = table
            }
        }
        sections.append(quality(analysis, tables: sections.flatMap(\.tables)))
        return (analysis.questionnaire.title, frame.introduce(sections, intro))
    }

    private func id(_ analysis: Analysis, _ name: String) -> String {
        analyses.id(analysis, name)
    }

    // MARK: Sections

    private func summary(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        var points: [String] = []
        let local = analysis.tally(key)
        let whole = analysis.tally(.area)
        let expected = local?.expected ?? 0
        let returned = local?.returned ?? 0
        if returned > 0 && returned < threshold {
            points.append("Fewer than \(threshold) settings in \(locality) returned, so their results are not shown: no setting could be recognised from them.")
            return Section(id: id(analysis, "summary"), title: "Too few returns in \(locality) to report results", points: points)
        }
        points.append("\(count(returned)) of \(count(expected)) settings in \(locality) (\(expected >= threshold ? Words.percent(returned, of: expected) : "c")) returned a self-assessment that passed validation, against \((whole?.returned ?? 0) >= threshold ? Words.percent(whole?.returned ?? 0, of: whole?.expected ?? 0) : "c") across \(area).")
        if let local, returned > 0 {
            points.append("In \(locality), \(count(local.rag[.green] ?? 0)) rated Green overall, \(count(local.rag[.amber] ?? 0)) Amber and \(count(local.rag[.red] ?? 0)) Red; \(count(local.criticalFailures)) failed at least one statutory item.")
            let all = Array(analysis.questionnaire.questions.indices)
            let (met, answered) = local.compliance(all)
            let (areaMet, areaAnswered) = whole?.compliance(all) ?? (0, 0)
            points.append("\(Words.percent(met, of: answered)) of items were met in \(locality), against \(Words.percent(areaMet, of: areaAnswered)) across \(area).")
        }
        if let (best, worst) = Findings.bestAndWorstStandards(analysis, key) {
            points.append("In \(locality), \(best.title) is the strongest standard (\(Words.percent(best.permille)) met) and \(worst.title) the weakest (\(Words.percent(worst.permille))).")
        }
        let weakest = tables.weakestQuestions(in: key, limit: 3, minimumAnswered: threshold)
        if !weakest.isEmpty, let local {
            let items = weakest.map { q in
                "\(analysis.questionnaire.questions[q].id) \(Words.short(analysis.questionnaire.questions[q].text, 70)) (\(Words.percent(local.met[q], of: local.answered[q])) met)"
            }
            points.append("The least met items in \(locality): " + Words.list(items) + ".")
        }
        if let theme = Findings.weakestPriorityTheme(analysis, key) {
            points.append("Of the partnership's priority themes, \(theme.label.lowercased()) has the lowest share of items met in \(locality) (\(Words.percent(theme.permille))).")
        }
        return Section(id: id(analysis, "summary"), title: summaryTitle(analysis), points: points)
    }

    private func summaryTitle(_ analysis: Analysis) -> String {
        let all = Array(analysis.questionnaire.questions.indices)
        guard let local = analysis.tally(key), let whole = analysis.tally(.area),
              let here = Percent.permille(local.compliance(all).met, of: local.compliance(all).answered),
              let there = Percent.permille(whole.compliance(all).met, of: whole.compliance(all).answered)
        else { return "No returns from \(locality) have been accepted yet" }
        let comparison = here == there ? "the same as" : (here > there ? "above" : "below")
        return "\(locality) meets \(Words.percent(here)) of items, \(comparison) \(area)'s \(Words.percent(there))"
    }

    private func response(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        var section = Section(id: id(analysis, "response"), title: "Response in \(locality)")
        if let local = analysis.tally(key), local.expected >= threshold, local.returned >= threshold {
            section.title = "\(Words.percent(local.returned, of: local.expected)) of \(locality) settings returned a usable self-assessment"
        }
        let rows = [(label: locality, key: key), (label: area, key: GroupKey.area)]
        section.add(table: tables.response(id: id(analysis, "response-overall"), caption: "Returns: \(locality) and \(area)", rows: rows, totalLast: false))
        let label = analysis.phaseLabel
        let phases = tables.facetRows(locality: locality, kind: AnalysisTables.phase, totalLabel: "All \(label)s in \(locality)")
        section.add(heading: "By \(label)", chart: .bars(column: 2, title: "Response rate by \(label) in \(locality)"), table: tables.response(id: id(analysis, "response-phase"), caption: "Returns by \(label) in \(locality)", rows: phases, totalLast: true))
        return section
    }

    private func compliance(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        var section = Section(id: id(analysis, "compliance"), title: "Compliance by standard in \(locality)")
        if reportable(analysis), let (best, worst) = Findings.bestAndWorstStandards(analysis, key) {
            section.title = "In \(locality), \(best.title.lowercased()) strongest; \(worst.title.lowercased()) weakest"
        }
        section.add(table: tables.complianceHeatmap(id: id(analysis, "compliance-heatmap"), caption: "Share of items met, by standard: \(locality) and \(area)"))
        let rows = [(label: locality, key: key), (label: area, key: GroupKey.area)]
        section.add(heading: "Red, Amber and Green ratings", chart: .ragStacks(title: "Overall ratings: \(locality) and \(area)"),
                    table: tables.ratings(id: id(analysis, "ratings-overall"), caption: "Overall rating of settings: \(locality) and \(area)", rows: rows, totalLast: false))
        section.add(table: tables.standardRatings(id: id(analysis, "standard-ratings"), caption: "Ratings by standard in \(locality)", key: key))
        return section
    }

    private func trends(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        guard let trends = frame.trends(analysis) else {
            return Section(id: id(analysis, "trends"), title: "No earlier cycle to compare with yet", paragraphs: [
                "The history store holds no earlier cycle of this questionnaire, so there are no trends yet.",
            ])
        }
        var section = Section(id: id(analysis, "trends"), title: "Trends in \(locality) since cycle \(trends.earlier.cycle)")
        let all = Array(analysis.questionnaire.questions.indices)
        if let change = trends.change(all, locality: locality), min(change.settingsBefore, change.settingsNow) >= threshold,
           let points = change.points
        {
            section.title = "Items met in \(locality) \(points >= 0 ? "rose" : "fell") \(Percent.text(permille: abs(points))) points since cycle \(trends.earlier.cycle)"
        }
        section.paragraphs = [
            "Like for like: only items asked in both cycles count, each compared with the item it continues. n is the number of settings behind each figure.",
        ]
        section.add(heading: locality, table: tables.standardTrends(
            id: id(analysis, "trends-locality"), caption: "Share of items met by standard in \(locality): cycle \(trends.earlier.cycle) and this cycle",
            trends, locality: locality))
        section.add(heading: area, table: tables.standardTrends(
            id: id(analysis, "trends-area"), caption: "Share of items met by standard in \(area): cycle \(trends.earlier.cycle) and this cycle",
            trends, locality: nil))
        section.add(heading: "Themes", table: tables.themeTrends(id: id(analysis, "trends-themes"), caption: "Change in the share of items met, by theme", trends))
        section.add(heading: "Items that improved most in \(locality)", table: tables.questionTrends(
            id: id(analysis, "trends-rising"), caption: "The items whose share met rose most in \(locality)", trends,
            locality: locality, rising: true, limit: 5, minimumSettings: threshold))
        section.add(heading: "Items that declined most in \(locality)", table: tables.questionTrends(
            id: id(analysis, "trends-falling"), caption: "The items whose share met fell most in \(locality)", trends,
            locality: locality, rising: false, limit: 5, minimumSettings: threshold))
        return section
    }

    private func development(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        let weakest = tables.weakestQuestions(in: key, limit: 10, minimumAnswered: threshold)
        var section = Section(id: id(analysis, "development"), title: "Development areas in \(locality)")
        if let first = weakest.first, let local = analysis.tally(key) {
            section.title = "Weakest item in \(locality): \(Words.short(analysis.questionnaire.questions[first].text, 55)) (\(Words.percent(local.met[first], of: local.answered[first])))"
        }
        section.add(table: tables.questions(id: id(analysis, "development-questions"), caption: "The ten items least often met in \(locality), with \(area) for comparison", weakest))
        section.add(heading: "Weakest elements", table: tables.weakestElements(id: id(analysis, "development-elements"), caption: "The five elements least often met in \(locality)", in: key, limit: 5))
        return section
    }

    private func themes(_ analysis: Analysis, _ tables: AnalysisTables) -> Section? {
        let table = tables.themes(id: id(analysis, "themes-table"), caption: "Share of items met, by theme: \(locality) and \(area)")
        guard !table.rows.isEmpty else { return nil }
        var section = Section(id: id(analysis, "themes"), title: "Themes in \(locality)")
        if reportable(analysis), let theme = Findings.weakestPriorityTheme(analysis, key) {
            section.title = "\(theme.label) is \(locality)'s weakest priority theme at \(Words.percent(theme.permille))"
        }
        section.add(table: table)
        return section
    }

    private func patterns(_ analysis: Analysis, _ tables: AnalysisTables) -> Section {
        let label = analysis.phaseLabel
        var section = Section(id: id(analysis, "patterns"), title: "Results by \(label) in \(locality)")
        let phases = tables.facetRows(locality: locality, kind: AnalysisTables.phase, totalLabel: "All \(label)s in \(locality)")
        section.add(table: tables.patterns(id: id(analysis, "patterns-phase"), caption: "Results by \(label) in \(locality)", rows: phases, totalLast: true))
        guard !analysis.isEarlyYears else { return section }
        let specialist = [(label: "Specialist settings in \(locality)", key: GroupKey(locality: locality, .specialist)),
                          (label: "Specialist settings in \(area)", key: GroupKey(.specialist))]
        section.add(heading: "Annex: special schools, pupil referral units and alternative provision",
                    table: tables.patterns(id: id(analysis, "annex-specialist"), caption: "Specialist settings: \(locality) and \(area)", rows: specialist, totalLast: false))
        return section
    }

    private func questionsSection(_ analysis: Analysis, _ tables: AnalysisTables, id name: String, title: String, questions: [Int]) -> Section? {
        let scored = questions.filter { analysis.questionnaire.questions[$0].isScored }
        guard !scored.isEmpty else { return nil }
        var section = Section(id: id(analysis, name), title: "\(title) in \(locality)")
        if let local = analysis.tally(key), local.returned >= threshold {
            let (met, answered) = local.compliance(scored)
            section.title = "\(title) in \(locality): \(Words.percent(met, of: answered)) of items met"
        }
        section.add(table: tables.questions(id: id(analysis, "\(name)-questions"), caption: "\(title): \(locality) and \(area)", scored))
        return section
    }

    private func quality(_ analysis: Analysis, tables: [ReportTable]) -> Section {
        var section = Section(id: id(analysis, "quality"), title: "Data quality and method")
        let local = analysis.tally(key)
        section.paragraphs = [
            "In \(locality), \(count(local?.returned ?? 0)) returns were accepted and \(count(local?.rejectedOnly ?? 0)) settings had their return rejected; the Local Authority is following these up with the settings concerned.",
        ]
        var explanation = DisclosureControl.explain(tables, threshold: threshold)
        if analysis.isEarlyYears && threshold > frame.options.minimumCell {
            explanation.insert("Early-years figures need at least \(threshold) providers behind them, not \(frame.options.minimumCell) as for schools: a locality may have only a few providers of a type, and a childminder is one person.", at: 0)
        }
        section.add(heading: "Small numbers", text: explanation.joined(separator: " "))
        return section
    }
}
