/// The feedback page the Local Authority sends back to one setting: its scores beside
/// its locality's and the area's, its statutory failures first, then its action plan.
struct SchoolPage {
    let frame: PageFrame
    let analysis: Analysis
    let scored: ScoredReturn

    var questionnaire: Questionnaire { analysis.questionnaire }

    func render() -> [UInt8] {
        let setting = scored.setting
        let title = "\(setting.name): safeguarding self-assessment feedback, cycle \(frame.result.cycle.id)"
        var context = frame.base(edition: "school-edition", pageTitle: title, documentKind: "page")
        let rag = scored.score.overallRAG
        context["title"] = .text(title)
        context["urn"] = .text(setting.urn)
        context["dfeNumber"] = .text(setting.dfeNumber)
        context["locality"] = .text(setting.locality)
        let type = setting.type.isEmpty ? "type not recorded" : setting.type
        if setting.population == EarlyYears.population {
            context["kindLabel"] = "Provider type"
            context["kind"] = .text(type)
            context["shareWith"] = "Please go through it with everyone who works with the children; if you work alone, keep it with your safeguarding records."
        } else {
            context["kindLabel"] = "Phase and type"
            context["kind"] = .text("\(setting.phase.isEmpty ? "phase not recorded" : setting.phase), \(type)")
            context["shareWith"] = "Please share it with your governing body."
        }
        context["submitted"] = .text(scored.record.submitted.ukDate.longDescription)
        context["timeliness"] = .text(scored.timeliness.rawValue)
        context["ragLabel"] = .text(rag?.label ?? "not rated")
        context["ragClass"] = .text(rag?.rawValue.lowercased() ?? "none")
        // The setting's own risk flags come first.
        let sections = [frame.riskSection(for: scored.setting), scores(), change(), statutory(), actionPlan()].compactMap { $0 }
        context["sections"] = .list(sections.map(\.templateValue))
        return frame.options.templates.render("school", .object(context))
    }

    private func scores() -> Section {
        let setting = scored.setting
        let area = frame.result.cycle.area
        let local = analysis.tally(GroupKey(locality: setting.locality))
        let whole = analysis.tally(.area)
        var table = ReportTable(
            id: "scores", caption: "Your scores",
            columns: ["", "Your score", "Your rating", "\(setting.locality) average", "\(area) average"])
        let score = scored.score
        table.rows.append(("Overall", [
            .percent(score.overall.achieved, of: score.overall.possible), .rag(score.overallRAG),
            average(local?.meanPermille, of: local?.overallRated ?? 0), average(whole?.meanPermille, of: whole?.overallRated ?? 0),
        ]))
        for (s, standard) in questionnaire.standards.enumerated() {
            table.rows.append((standard.title, [
                .percent(score.standards[s].achieved, of: score.standards[s].possible), .rag(score.standardRAG[s]),
                average(local?.meanPermille(standard: s), of: local?.standardRated[s] ?? 0),
                average(whole?.meanPermille(standard: s), of: whole?.standardRated[s] ?? 0),
            ]))
        }
        var section = Section(id: "scores", title: scoresTitle)
        section.paragraphs = [
            "Your score counts points for each answered question, out of the points for meeting it fully; not-applicable and unanswered questions are left out. The averages are the mean of the settings' scores, with how many settings (n). \(score.answered) of the \(score.applicable) questions for your setting were answered\(score.notApplicable > 0 ? ", \(score.notApplicable) of them as not applicable" : "").",
        ]
        section.add(table: table)
        return section
    }

    /// Fewer settings than this behind an average, and it would show another setting's score
    /// to anyone who knows their own: the ESG threshold, raised for early years.
    private var threshold: Int {
        scored.setting.population == EarlyYears.population ? EarlyYears.minimumCell(frame.options.minimumCell) : frame.options.minimumCell
    }

    private func average(_ permille: Int?, of settings: Int) -> ReportTable.Cell {
        guard settings > 0, settings < threshold else { return .mean(permille, of: settings) }
        return ReportTable.Cell(text: "not shown: fewer than \(threshold) settings", kind: .text)
    }

    private var scoresTitle: String {
        let score = scored.score
        guard score.overall.possible > 0 else { return "No scored answers in this return" }
        let rating = score.overallRAG?.label ?? "not rated"
        if !score.criticalFailures.isEmpty {
            return "\(score.overall.percentText)% overall, rated \(rating) because a statutory item is not met"
        }
        return "\(score.overall.percentText)% overall, rated \(rating)"
    }

    /// The setting's own scores against its last return in the store.
    private func change() -> Section {
        let urn = scored.setting.urn
        guard let earlier = frame.history.first(where: { $0.school(urn, questionnaire: questionnaire.id) != nil }),
              let before = earlier.school(urn, questionnaire: questionnaire.id)
        else {
            return Section(id: "change", title: "No earlier return to compare with",
                           paragraphs: ["The Local Authority holds no earlier return from your setting, so this page cannot show your change yet."])
        }
        var table = ReportTable(id: "change-table", caption: "Your scores: cycle \(earlier.cycle) and this cycle",
                                columns: ["", "Cycle \(earlier.cycle)", "This cycle", "Change (points)"])
        func row(_ label: String, _ then: Int?, _ now: Int?) {
            guard let then, let now else { return }
            table.rows.append((label, [.text(Words.percent(then)), .text(Words.percent(now)), ReportTable.Cell(text: Percent.signed(now - then), kind: .percent)]))
        }
        row("Overall", before.overall, scored.score.overall.permille)
        for (s, standard) in questionnaire.standards.enumerated() {
            if case .some(.some(let then)) = before.standards[standard.id] { row(standard.title, then, scored.score.standards[s].permille) }
        }
        var section = Section(id: "change", title: "Your change since cycle \(earlier.cycle)")
        if let then = before.overall, let now = scored.score.overall.permille {
            section.title = "Your overall score \(now >= then ? "rose" : "fell") \(Percent.text(permille: abs(now - then))) points since cycle \(earlier.cycle)"
        }
        section.paragraphs = ["Each year's scores as they were published; where questions changed between the years, the totals are not exactly like for like."]
        section.add(table: table)
        return section
    }

    private func statutory() -> Section {
        let failures = scored.score.criticalFailures
        var section = Section(id: "statutory", title: failures.isEmpty
            ? "Every statutory item you answered is met"
            : "\(Words.plural(failures.count, "statutory item")) to put right first")
        if !failures.isEmpty {
            section.paragraphs = ["These items are required by law or statutory guidance. While any of them is not met your rating is Red, whatever your total. Please act on them now and tell the Local Authority when they are met."]
            var table = ReportTable(id: "statutory-failures", caption: "Statutory items not met",
                                    columns: ["Item", "What is required", "Your answer", "Your evidence", "Your planned action"])
            for q in failures { table.rows.append(row(q, requirement: true)) }
            section.add(table: table)
        }
        let unanswered = scored.score.criticalUnanswered
        if !unanswered.isEmpty {
            var table = ReportTable(id: "statutory-unanswered", caption: "Statutory items left unanswered",
                                    columns: ["Item", "What is required"])
            for q in unanswered {
                table.rows.append(("\(questionnaire.questions[q].id) \(questionnaire.questions[q].text)", [.text(questionnaire.questions[q].requirement)]))
            }
            section.add(heading: "Statutory items you did not answer",
                        text: "A blank answer is not counted as a failure, but these items cannot be assured until they are answered.",
                        table: table)
        }
        return section
    }

    private func actionPlan() -> Section {
        let answers = scored.record.answers
        var total = 0
        var blocks: [Section.Block] = []
        for standard in questionnaire.standards {
            var table = ReportTable(id: "plan-\(Words.slug(standard.id))", caption: standard.title,
                                    columns: ["Item", "Your answer", "Your evidence", "Your planned action"])
            for e in standard.elements {
                for q in questionnaire.elements[e].questions where needsAction(q, answers[q]) {
                    table.rows.append(row(q, requirement: false))
                }
            }
            total += table.rows.count
            if !table.rows.isEmpty { blocks.append(Section.Block(heading: nil, text: nil, chart: nil, table: table)) }
        }
        var section = Section(id: "action-plan", title: total == 0
            ? "Every item is fully met: no actions needed"
            : "Your action plan: \(Words.plural(total, "item")) not fully met")
        section.paragraphs = ["Every item you did not rate as fully met, and every mandatory item left blank, grouped by standard, with the evidence and actions you gave. Add an owner and a date to any action that has none."]
        section.blocks = blocks
        return section
    }

    /// Answered below the top of its scale (not applicable excepted), or mandatory and blank.
    private func needsAction(_ q: Int, _ code: UInt8) -> Bool {
        let question = questionnaire.questions[q]
        if code == AnswerCode.unanswered { return question.mandatory }
        guard code < AnswerCode.firstSpecial, let scale = question.scale else { return false }
        let option = questionnaire.scales[scale].options[Int(code)]
        return !option.notApplicable && (option.score ?? 0) < questionnaire.scales[scale].maxScore
    }

    private func row(_ q: Int, requirement: Bool) -> (header: String, cells: [ReportTable.Cell]) {
        let question = questionnaire.questions[q]
        let detail = scored.record.detail(for: q)
        var cells: [ReportTable.Cell] = []
        if requirement { cells.append(.text(question.requirement)) }
        cells.append(.text(answerText(q, detail)))
        cells.append(.text(detail?.evidence ?? ""))
        cells.append(.text(actionText(detail?.action)))
        return ("\(question.id) \(question.text)", cells)
    }

    private func answerText(_ q: Int, _ detail: AnswerDetail?) -> String {
        let code = scored.record.answers[q]
        guard code < AnswerCode.firstSpecial, let scale = questionnaire.questions[q].scale else { return "Not answered" }
        let label = questionnaire.scales[scale].options[Int(code)].label
        guard let value = detail?.value, !value.isEmpty else { return label }
        if let date = CivilDate(parsing: value) { return "\(date.longDescription): \(label.lowercased())" }
        return "\(value)\(unit(q)): \(label.lowercased())"
    }

    private func unit(_ q: Int) -> String {
        if case .number(_, _, let unit, _, _) = questionnaire.questions[q].kind, !unit.isEmpty {
            return unit == "%" ? "%" : " \(unit)"
        }
        return ""
    }

    private func actionText(_ action: ActionPlan?) -> String {
        guard let action else { return "" }
        var parts = [action.text]
        if !action.owner.isEmpty { parts.append("Owner: \(action.owner)") }
        if let due = action.due { parts.append("Due: \(due.longDescription)") }
        return parts.filter { !$0.isEmpty }.joined(separator: ". ")
    }
}
