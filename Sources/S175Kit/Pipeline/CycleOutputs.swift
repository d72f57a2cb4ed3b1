/// Everything a cycle writes to `output/<cycle>/`, staged so it replaces the old folder
/// only when complete. Shared by `s175 run` and `s175 report`, so both write the same bytes.
public enum CycleOutputs {
    /// The risk flags of a batch, given its history and this cycle's notes.
    public static func flags(_ result: BatchResult, history: [CycleTallies], notes: [String: [RiskNote]]) -> [RiskFlag] {
        RiskEvaluator.evaluate(result, policies: result.policies, earlier: history.first, notes: notes)
    }

    /// Writes the CSV files, the reports (unless `reports` is nil) and the manifest into a
    /// staging folder; the caller commits it once the store has been updated.
    public static func stage(
        _ result: BatchResult, analyses: [Analysis], history: [CycleTallies], flags: [RiskFlag], reports: ReportOptions?,
        folder: String
    ) throws(OutputFolder.WriteError) -> OutputFolder {
        let outputs = try OutputFolder(folder)
        do throws(OutputFolder.WriteError) {
            try BatchOutputs.write(result, flags: flags, to: outputs)
            if let reports {
                try Reports.write(result, analyses: analyses, history: history, flags: flags, options: reports, to: outputs)
            }
            try outputs.write("manifest.json", BatchOutputs.manifest(result, outputs: outputs.files), fingerprint: false)
            return outputs
        } catch {
            outputs.abandon()
            throw error
        }
    }
}
