/// Everything a cycle writes to `output/<cycle>/`, staged so it replaces the old folder
/// only when complete. Shared by `s175 run` and `s175 report`, so both write the same bytes.
public enum CycleOutputs {
    /// The risk flags of a batch, given its history and this cycle's notes.
    public static func flags(_ result: BatchResult, history: [CycleTallies], notes: [String: [RiskNote]]) -> [RiskFlag] {
        RiskEvaluator.evaluate(result, policies: result.policies, earlier: history.first, notes: notes)
    }

    /// The peer-review groups of a batch, when its cycle asks for peer review: recent
    /// partners (from the history) are not paired again.
    public static func pairing(_ result: BatchResult, flags: [RiskFlag], history: [CycleTallies]) -> PairingPlan? {
        guard let review = result.cycle.peerReview else { return nil }
        let recent = history.prefix(review.avoidRepeatCycles).reduce(into: Set<PairKey>()) { $0.formUnion($1.pairs) }
        return PeerReview.plan(result, flags: flags, earlierPairs: recent, settings: review)
    }

    /// Writes the CSV files, the reports (unless `reports` is nil) and the manifest into a
    /// staging folder; the caller commits it once the store has been updated.
    public static func stage(
        _ result: BatchResult, analyses: [Analysis], history: [CycleTallies], flags: [RiskFlag], pairing: PairingPlan?,
        reports: ReportOptions?, folder: String
    ) throws(OutputFolder.WriteError) -> OutputFolder {
        let outputs = try OutputFolder(folder)
        do throws(OutputFolder.WriteError) {
            try BatchOutputs.write(result, flags: flags, to: outputs)
            if let pairing { try outputs.write("pairings.csv", BatchOutputs.pairings(pairing, cycle: result.cycle.id)) }
            if let reports {
                try Reports.write(
                    result, analyses: analyses, history: history, flags: flags, pairing: pairing, options: reports, to: outputs)
            }
            try outputs.write("manifest.json", BatchOutputs.manifest(result, outputs: outputs.files), fingerprint: false)
            return outputs
        } catch {
            outputs.abandon()
            throw error
        }
    }
}
