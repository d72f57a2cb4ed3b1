import Dispatch

/// Writes every edition of the reports for a batch: the LA report, one ESG draft per
/// locality and one feedback page per accepted return.
public enum Reports {
    /// A fall in a setting's overall score of at least this many tenths of a point is "sharp".
    static let sharpFall = 100

    /// The ESG file name for each locality, unique even when two names slug alike.
    public static func esgFiles(_ localities: [String]) -> [(locality: String, file: String)] {
        var used: [String: Int] = [:]
        return localities.map { locality in
            let slug = Words.slug(locality)
            used[slug, default: 0] += 1
            let n = used[slug]!
            return (locality, "esg/\(n == 1 ? slug : "\(slug)-\(n)").html")
        }
    }

    /// - Parameters:
    ///   - analyses: from `Analysis.analyse(result)`.
    ///   - history: earlier cycles from the store, newest first, for trends.
    public static func write(
        _ result: BatchResult, analyses: [Analysis], history: [CycleTallies], flags: [RiskFlag], pairing: PairingPlan?,
        options: ReportOptions, to outputs: OutputFolder
    ) throws(OutputFolder.WriteError) {
        let frame = PageFrame(result: result, options: options, history: history, flags: flags, pairing: pairing)
        try outputs.write("report.html", LAReport(frame: frame, analyses: analyses).render())
        let localities = Set(analyses.flatMap(\.localities)).sorted()
        for (locality, file) in esgFiles(localities) {
            try outputs.write(file, ESGReport(frame: frame, analyses: analyses, locality: locality).render())
        }
        // School pages are many and independent: render and write them on every core.
        let failure = Slots<OutputFolder.WriteError>(count: 1)
        let byKey = Dictionary(uniqueKeysWithValues: analyses.map { ($0.questionnaire.key, $0) })
        DispatchQueue.concurrentPerform(iterations: result.accepted.count) { index in
            let scored = result.accepted[index]
            guard let analysis = byKey[scored.record.questionnaire] else { return }
            let page = SchoolPage(frame: frame, analysis: analysis, scored: scored).render()
            do throws(OutputFolder.WriteError) {
                try outputs.write("schools/\(scored.setting.urn).html", page, fingerprint: false)
            } catch {
                failure[0] = error
            }
        }
        if let error = failure[0] { throw error }
    }
}
