/// The peer-review section: the whole list in the LA edition, a summary in the ESG editions.
extension PageFrame {
    /// - Parameters:
    ///   - population: the population of the part the section is in.
    ///   - id: makes the section's and tables' ids unique within the edition.
    func pairingSection(locality: String?, population: String, named: Bool, threshold: Int, id: (String) -> String) -> Section? {
        guard let plan = pairing else { return nil }
        func included(_ s: Setting) -> Bool { (locality == nil || s.locality == locality) && s.population == population }
        let groups = plan.groups.filter { $0.members.contains(where: included) }
        let members = groups.flatMap(\.members).filter(included)
        let crossing = groups.filter { Set($0.members.map(\.locality)).count > 1 }
        let specialists = members.filter(\.isSpecialist).count
        let leftOut = plan.leftOut.filter { included($0.setting) }
        func count(_ n: Int) -> String { named || n == 0 || n >= threshold ? String(n) : "fewer than \(threshold)" }
        let place = locality ?? result.cycle.area
        var section = Section(id: id("peer-review"), title: "No peer-review groups could be formed in \(place)")
        if !named && !members.isEmpty && members.count < threshold {
            // Group counts and who crosses localities would identify so few settings.
            section.title = "Peer review in \(place)"
            section.points = ["Fewer than \(threshold) settings in \(place) are in peer-review groups, so their groups are not described here."]
            return section
        }
        if !groups.isEmpty {
            section.title = "\(Words.percent(crossing.count, of: groups.count)) of peer-review groups cross localities; \(count(leftOut.count)) left out"
        }
        section.points = [
            "\(count(members.count)) settings\(locality.map { " in \($0)" } ?? "") are in \(groups.count) peer-review groups (\(groups.filter { !$0.isTriad }.count) pairs, \(groups.filter(\.isTriad).count) triads).",
            "\(crossing.count) of the \(groups.count) groups (\(Words.percent(crossing.count, of: groups.count))) bring together settings from different localities, to share learning between them.",
            population == EarlyYears.population ? nil : "\(count(specialists)) special schools, pupil referral units or alternative provision settings are included, each with a partner chosen to support them.",
            leftOut.isEmpty ? "No setting was left out." : "\(count(leftOut.count)) settings could not be placed in a group\(named ? ": the reasons are listed below" : "; the Local Authority will pair them by hand").",
        ].compactMap { $0 }
        section.paragraphs = [
            "Groups maximise the total value of all pairs together (not one pair at a time): a pair is worth more when each setting is strong where the other is weak, when they come from different localities, and when they are similar in phase and size. No pair shares a trust or federation, repeats a pairing from the last \(result.cycle.peerReview?.avoidRepeatCycles ?? 0) cycles, or joins two settings both flagged at high risk. An odd setting out joins a pair as a triad (A reviews B, B reviews C, C reviews A)."
                + (population == EarlyYears.population && result.cycle.peerReview?.earlyYearsApart != false ? " Early-years providers are grouped with each other, and a childminder preferably with another childminder." : "")
                + (plan.sparse ? " Because the batch is large, each setting was offered its best \(plan.candidatesPerSetting) partners rather than every setting; the pairing is the best among those, and a better pair outside them is possible but unlikely." : " Every allowed pair was considered, so no other grouping has a greater total value."),
        ]
        if named {
            var list = ReportTable(id: id("peer-review-groups"), caption: "Peer-review groups (the same as pairings.csv)", columns: ["Group", "Settings", "Who reviews what", "Why"])
            for group in groups {
                list.rows.append((group.id, [
                    .text(group.members.map { "\($0.name) (\($0.locality))" }.joined(separator: "; ")),
                    .text(group.reviews.map { "\($0.reviewer.name) reviews \($0.reviewee.name): \($0.focus)" }.joined(separator: "; ")),
                    .text(group.rationale),
                ]))
            }
            section.add(table: list)
            if !leftOut.isEmpty {
                var left = ReportTable(id: id("peer-review-left-out"), caption: "Settings left out", columns: ["Setting", "Locality", "Why"])
                for (setting, reason) in leftOut { left.rows.append((setting.name, [.text(setting.locality), .text(reason)])) }
                section.add(table: left)
            }
        }
        return section
    }
}
