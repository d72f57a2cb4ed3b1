import ArgumentParser
import S175Kit

/// Options shared by the commands that read or write the history store.
struct StoreOptions: ParsableArguments {
    @Option(help: "The folder each cycle's output folder goes in.")
    var output: String = "output"

    @Option(help: "The history store (SQLite). Default: s175.sqlite in the output folder.")
    var store: String?

    var storePath: String { store ?? Paths.join(output, "s175.sqlite") }

    func open() throws -> HistoryStore {
        do {
            return try HistoryStore(path: storePath)
        } catch {
            Console.error("\(error.path): error: the history store could not be opened: \(error.message)")
            throw ExitCode(1)
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a cycle's batch: read, validate and score every return, record it in the history store and write the outputs.",
        discussion: "Writes output/<cycle>/ (report.html, esg/<locality>.html, schools/<urn>.html, scores.csv, rejected.csv, non-returns.csv, manifest.json), replacing the previous run's outputs only once every file is ready, and replaces the cycle in the history store in one transaction.")

    @OptionGroup var inputs: CycleOptions
    @OptionGroup var storage: StoreOptions

    @Flag(help: "Exit with code 2 if any return was rejected.")
    var strict = false

    @Flag(help: "Mark the reports final instead of DRAFT.")
    var final = false

    @Flag(help: "Write only the CSV files and the manifest, not the HTML reports (a quicker refresh after fixing returns).")
    var noReports = false

    @Flag(help: "Do not record this run in the history store (a trial run); its trends still come from the store.")
    var noStore = false

    @Option(help: "Also write the peer-review candidate graph here (a,b,weight per line), to check the optimum with another solver.")
    var graph: String?

    func run() throws {
        let settings = try inputs.settings()
        let templates = try ReportTemplates.loadOrExit(settings.templates?.path)
        let store = try storage.open()
        let result: BatchResult
        switch Batch.run(settings, progress: Console.progress("Reading returns")) {
        case .failure(let failure):
            Console.print(failure.diagnostics)
            Console.error("s175: the batch could not run; nothing was written.")
            throw ExitCode(1)
        case .success(let success):
            result = success
        }
        let folder = Paths.join(storage.output, result.cycle.id)
        Console.print(result.diagnostics, limit: 25, moreIn: Paths.join(folder, "rejected.csv"))
        // Tallies feed the reports and the store; a bare scoring run needs neither.
        let analyses = noReports && noStore ? [] : Analysis.analyse(result)
        let reports = noReports ? nil : ReportOptions(final: final, minimumCell: settings.minimumCell, templates: templates)
        let outputs: OutputFolder
        let flags: [RiskFlag]
        let pairing: PairingPlan?
        do {
            let history = try store.history(for: result.cycle)
            flags = CycleOutputs.flags(result, history: history, notes: try store.notes(cycle: result.cycle.id))
            pairing = CycleOutputs.pairing(result, flags: flags, history: history)
            if let graph, let pairing { try OutputFolder.writeAtomically(BatchOutputs.graph(pairing), to: graph) }
            outputs = try CycleOutputs.stage(
                result, analyses: analyses, history: history, flags: flags, pairing: pairing, reports: reports, folder: folder)
        } catch let error as StoreError {
            Console.error("\(error.path): error: the history store could not be read: \(error.message)")
            throw ExitCode(1)
        } catch let error as OutputFolder.WriteError {
            Console.error("s175: could not write \(error.path): \(error.message); the previous outputs are unchanged.")
            throw ExitCode(1)
        }
        // The store first, then the outputs: a run stopped in between leaves outputs that
        // `s175 report` can rebuild from the store.
        do throws(StoreError) {
            if !noStore {
                try store.save(
                    result, analyses: analyses, flags: flags, pairing: pairing,
                    choices: .init(final: final, minimumCell: settings.minimumCell, templates: settings.templates?.display))
            }
        } catch {
            outputs.abandon()
            Console.error("\(error.path): error: the history store could not be updated: \(error.message); nothing was changed.")
            throw ExitCode(1)
        }
        do throws(OutputFolder.WriteError) {
            try outputs.commit()
        } catch {
            Console.error("s175: could not put the outputs in place at \(error.path): \(error.message); run `s175 report --cycle \(result.cycle.id)` to write them from the store.")
            throw ExitCode(1)
        }
        Console.out(Summary.text(result, outputFolder: folder))
        if strict && !result.rejected.isEmpty { throw ExitCode(2) }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a cycle's returns and print every problem, without writing any output.")

    @OptionGroup var inputs: CycleOptions

    @Flag(help: "Exit with code 2 if any return would be rejected.")
    var strict = false

    func run() throws {
        let settings = try inputs.settings()
        switch Batch.run(settings, progress: Console.progress("Reading returns")) {
        case .failure(let failure):
            Console.print(failure.diagnostics)
            Console.error("s175: the batch could not run.")
            throw ExitCode(1)
        case .success(let result):
            Console.print(result.diagnostics)
            Console.out(Summary.text(result, outputFolder: nil))
            if strict && !result.rejected.isEmpty { throw ExitCode(2) }
        }
    }
}

extension ReportTemplates {
    /// The templates to use, or exit 1 with the reasons.
    static func loadOrExit(_ folder: String?) throws -> ReportTemplates {
        let (templates, problems) = load(overrides: folder)
        Console.print(problems)
        guard let templates else {
            Console.error("s175: the report templates could not be used; nothing was written.")
            throw ExitCode(1)
        }
        return templates
    }
}
