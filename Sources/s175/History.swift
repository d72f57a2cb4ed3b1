import ArgumentParser
import S175Kit

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the cycles in the history store, with their counts.")

    @OptionGroup var storage: StoreOptions

    func run() throws {
        let store = try storage.open()
        let cycles: [HistoryStore.CycleSummary]
        do { cycles = try store.cycles() } catch {
            Console.error("\(error.path): error: \(error.message)")
            throw ExitCode(1)
        }
        guard !cycles.isEmpty else {
            Console.out("The history store \(store.path) holds no cycles yet: run `s175 run CYCLE-FILE` first.")
            return
        }
        var rows = [["Cycle", "Area", "Census date", "Settings", "Accepted", "Rejected", "Superseded", "Run by"]]
        for c in cycles {
            rows.append([c.id, c.area, c.censusDate, String(c.settings), String(c.accepted), String(c.rejected), String(c.superseded), "s175 \(c.toolVersion)"])
        }
        Console.out("History store: \(store.path)")
        Console.out(Summary.aligned(rows).joined(separator: "\n"))
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a stored cycle's outputs again from the history store alone.",
        discussion: "Gives the same files, byte for byte, as the run that stored the cycle, unless you change the options below. Earlier cycles in the store supply the trends.")

    @Option(help: "The cycle to write, e.g. 2025.")
    var cycle: String

    @OptionGroup var storage: StoreOptions

    @Flag(inversion: .prefixedNo, help: "Mark the reports final (default: as the run did).")
    var final: Bool?

    @Option(help: "ESG editions hide any cell built from fewer settings than this (default: as the run did).")
    var minCell: Int?

    @Option(help: "A folder of report templates (default: as the run did).")
    var templates: String?

    func run() throws {
        let store = try storage.open()
        do {
            guard let (result, choices) = try store.load(cycle: cycle) else {
                let known = try store.cycles().map(\.id)
                Console.error("s175: the history store \(store.path) has no cycle \(cycle)" + (known.isEmpty ? "." : "; it has \(known.joined(separator: ", ")).") + " Run the cycle first.")
                throw ExitCode(1)
            }
            let templateFolder = templates ?? choices.templates
            let loaded = try ReportTemplates.loadOrExit(templateFolder)
            let options = ReportOptions(final: final ?? choices.final, minimumCell: minCell ?? choices.minimumCell, templates: loaded)
            let folder = Paths.join(storage.output, result.cycle.id)
            let history = try store.history(for: result.cycle)
            let flags = CycleOutputs.flags(result, history: history, notes: try store.notes(cycle: cycle))
            let outputs = try CycleOutputs.stage(
                result, analyses: Analysis.analyse(result), history: history, flags: flags,
                pairing: CycleOutputs.pairing(result, flags: flags, history: history), reports: options, folder: folder)
            try outputs.commit()
            Console.out("Cycle \(cycle) written from the history store to \(folder)/")
        } catch let error as StoreError {
            Console.error("\(error.path): error: \(error.message)")
            throw ExitCode(1)
        } catch let error as OutputFolder.WriteError {
            Console.error("s175: could not write \(error.path): \(error.message); the previous outputs are unchanged.")
            throw ExitCode(1)
        }
    }
}
