/// The risk sections: named in the LA edition, counts only (under disclosure control) in
/// the ESG editions, and a setting's own flags at the top of its feedback page.
extension PageFrame {
    /// The flags of settings of `population` in `locality` (all localities when nil).
    func flags(in locality: String?, population: String) -> [RiskFlag] {
        flags.filter { (locality == nil || $0.setting.locality == locality) && $0.setting.population == population }
    }

    /// Flags counted by severity (rows) and status (columns), with totals both ways.
    func riskCounts(id: String, caption: String, _ flags: [RiskFlag]) -> ReportTable {
        let statuses: [RiskFlag.Status] = [.new, .continuing, .resolved, .closed]
        var table = ReportTable(id: id, caption: caption, columns: ["Severity", "New", "Continuing", "Resolved, to confirm", "Closed", "All"])
        for severity in Severity.allCases {
            let these = flags.filter { $0.severity == severity }
            table.rows.append((severity.label, statuses.map { status in .count(these.filter { $0.status == status }.count) } + [.count(these.count)]))
        }
        table.rows.append(("All", statuses.map { status in .count(flags.filter { $0.status == status }.count) } + [.count(flags.count)]))
        for r in table.rows.indices { table.additiveGroups.append((0..<5).map { .init(r, $0) }) }
        for c in 0..<5 { table.additiveGroups.append(table.rows.indices.map { .init($0, c) }) }
        return table
    }

    /// How many settings each rule flagged.
    func riskRules(id: String, caption: String, _ flags: [RiskFlag], population: String) -> ReportTable {
        var table = ReportTable(id: id, caption: caption, columns: ["Rule", "Severity", "Settings flagged"])
        let questionnaires = Set(result.questionnaires.filter { $0.population == population }.map(\.id))
        for policy in result.policies where questionnaires.contains(policy.questionnaire) {
            for rule in policy.rules {
                let count = flags.filter { $0.triggers.contains { $0.rule == rule.id } }.count
                table.rows.append((rule.description, [.text(rule.severity.label), .count(count)]))
            }
        }
        return table
    }

    /// - Parameters:
    ///   - population: the population of the part the section is in.
    ///   - id: makes the section's and tables' ids unique within the edition.
    func riskSection(locality: String?, population: String, named: Bool, threshold: Int, id: (String) -> String) -> Section? {
        let policies = result.policies.filter { policy in
            result.questionnaires.contains { $0.id == policy.questionnaire && $0.population == population }
        }
        guard !policies.isEmpty else { return nil }
        let flags = flags(in: locality, population: population)
        let high = flags.filter { $0.severity == .high && $0.status != .closed }.count
        let place = locality ?? result.cycle.area
        var section = Section(id: id("risks"), title: "No setting in \(place) is flagged as a safeguarding risk")
        if !flags.isEmpty {
            let shown = named || high == 0 || high >= threshold ? String(high) : "fewer than \(threshold)"
            section.title = "\(named ? String(flags.count) : (flags.count >= threshold ? String(flags.count) : "Fewer than \(threshold)")) settings in \(place) flagged; \(shown) at high severity"
        }
        section.paragraphs = [
            "Where safeguarding risk is identified the Local Authority works alongside the setting until the concern is resolved, under the oversight of the Safeguarding Partnership. Flags come from the rules of the risk policy (\(policies.map { "\($0.title), \($0.id) \($0.version)" }.joined(separator: "; "))). A flag is new this cycle, continuing from the last, resolved (nothing flags it now: the Local Authority to confirm) or closed by the Local Authority.",
        ]
        section.add(table: riskCounts(id: id("risks-severity"), caption: "Settings flagged in \(place), by severity and status", flags))
        section.add(table: riskRules(id: id("risks-rules"), caption: "What flagged them, by rule", flags, population: population))
        if named {
            var byLocality = ReportTable(id: id("risks-locality"), caption: "Settings flagged, by locality and severity", columns: ["Locality"] + Severity.allCases.map(\.label) + ["All"])
            for place in Set(flags.map(\.setting.locality)).sorted() {
                let here = flags.filter { $0.setting.locality == place }
                byLocality.rows.append((place, Severity.allCases.map { s in .count(here.filter { $0.severity == s }.count) } + [.count(here.count)]))
            }
            section.add(table: byLocality)
            var register = ReportTable(id: id("risks-register"), caption: "The risk register (Local Authority edition only; the same as risks.csv)",
                                       columns: ["Setting", "Locality", "Severity", "Status", "What flagged it", "Route"])
            for flag in flags {
                let reasons = flag.triggers.map { trigger in
                    trigger.description + " " + trigger.evidence.map { $0.question.isEmpty ? "\($0.questionText): \($0.answer)" : "\($0.question): \($0.answer)" }.joined(separator: "; ")
                }
                register.rows.append(("\(flag.setting.name) (\(flag.setting.urn))", [
                    .text(flag.setting.locality), .text(flag.severity.label), .text(flag.status.rawValue),
                    .text(reasons.joined(separator: " | ")), .text(flag.route),
                ]))
            }
            if !flags.isEmpty { section.add(heading: "Settings to work alongside", table: register) }
        }
        return section
    }

    /// A setting's own flags, for the top of its feedback page.
    func riskSection(for setting: Setting) -> Section? {
        guard let flag = flags.first(where: { $0.setting.urn == setting.urn }), flag.status != .closed else { return nil }
        var section = Section(
            id: "risks", title: flag.status == .resolved
                ? "Your flag from cycle \(flag.previous?.cycle ?? "") no longer applies: the Local Authority will confirm"
                : "\(Words.plural(flag.triggers.count, "concern")) the Local Authority will work on with you")
        section.paragraphs = [
            "The Local Authority works alongside any setting where its self-assessment shows a safeguarding risk, until the concern is resolved. "
                + (flag.severity == .high ? "It will contact you this week." : flag.severity == .medium ? "It will raise this with you at its next contact." : "It will discuss it with you."),
        ]
        var table = ReportTable(id: "risk-flags", caption: "What the Local Authority will follow up", columns: ["Concern", "Item", "Your answer", "Why it matters"])
        for trigger in flag.triggers {
            for item in trigger.evidence {
                table.rows.append(("\(trigger.description) (\(trigger.severity.rawValue))", [
                    .text(item.question.isEmpty ? item.questionText : "\(item.question) \(item.questionText)"), .text(item.answer), .text(item.detail),
                ]))
            }
        }
        section.add(table: table)
        return section
    }
}
