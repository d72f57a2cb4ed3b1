/// The short account `s175 run` prints when it finishes.
public enum Summary {
    public static func text(_ result: BatchResult, outputFolder: String?) -> String {
        var lines: [String] = []
        let read = result.files.reduce(0) { $0 + $1.returnsRead }
        lines.append("Cycle \(result.cycle.id), \(result.cycle.area): \(result.register.settings.count) settings expected to return.")
        lines.append(
            "Read \(read) return\(read == 1 ? "" : "s") from \(result.files.count) file\(result.files.count == 1 ? "" : "s"): "
                + "\(result.accepted.count) accepted, \(result.rejected.count) rejected, \(result.superseded.count) superseded by a later submission.")
        var table: [[String]] = [["Locality", "Expected", "Accepted", "Rejected", "Red", "Amber", "Green"]]
        let tallies = result.tallies()
        let populations = Set(tallies.map(\.population)).count
        for tally in tallies {
            // Early-years rows are told apart from the schools of the same locality.
            let label = populations > 1 && tally.population != "schools" ? "\(tally.locality) (\(EarlyYears.describe(tally.population)))" : tally.locality
            table.append([
                label, String(tally.expected), String(tally.accepted), String(tally.rejected),
                String(tally.rag[.red] ?? 0), String(tally.rag[.amber] ?? 0), String(tally.rag[.green] ?? 0),
            ])
        }
        lines += aligned(table)
        let missing = result.nonReturns.count
        if missing > 0 {
            lines.append("\(missing) setting\(missing == 1 ? " has" : "s have") no accepted return (non-returns.csv).")
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        if errors + warnings > 0 {
            lines.append("\(errors) error\(errors == 1 ? "" : "s") and \(warnings) warning\(warnings == 1 ? "" : "s") in the inputs (rejected.csv).")
        }
        if let outputFolder {
            lines.append("Outputs are in \(outputFolder)/")
        }
        return lines.joined(separator: "\n")
    }

    /// Columns padded to line up: numbers (by default every column but the first) to the right.
    public static func aligned(_ rows: [[String]], numeric: Set<Int>? = nil) -> [String] {
        guard let first = rows.first else { return [] }
        let right = numeric ?? Set(first.indices.dropFirst())
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return right.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
    }
}
