import ArgumentParser
import S175Kit

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a cycle's batch: read, validate and score every return and write the outputs.",
        discussion: "Writes output/<cycle>/ (report.html, esg/<locality>.html, schools/<urn>.html, scores.csv, rejected.csv, non-returns.csv, manifest.json), replacing the previous run's outputs only once every file is ready.")

    @OptionGroup var inputs: CycleOptions

    @Option(help: "The folder the cycle's output folder goes in.")
    var output: String = "output"

    @Flag(help: "Exit with code 2 if any return was rejected.")
    var strict = false

    @Flag(help: "Mark the reports final instead of DRAFT.")
    var final = false

    @Flag(help: "Write only the CSV files and the manifest, not the HTML reports (a quicker refresh after fixing returns).")
    var noReports = false

    func run() throws {
        let settings = try inputs.settings()
        let (loadedTemplates, templateProblems) = ReportTemplates.load(overrides: settings.templates?.path)
        Console.print(templateProblems)
        guard let templates = loadedTemplates else {
            Console.error("s175: the report templates could not be used; nothing was written.")
            throw ExitCode(1)
        }
        let result: BatchResult
        switch Batch.run(settings, progress: Console.progress("Reading returns")) {
        case .failure(let failure):
            Console.print(failure.diagnostics)
            Console.error("s175: the batch could not run; nothing was written.")
            throw ExitCode(1)
        case .success(let success):
            result = success
        }
        let folder = Paths.join(output, result.cycle.id)
        Console.print(result.diagnostics, limit: 25, moreIn: Paths.join(folder, "rejected.csv"))
        do throws(OutputFolder.WriteError) {
            let outputs = try OutputFolder(folder)
            do throws(OutputFolder.WriteError) {
                try BatchOutputs.write(result, to: outputs)
                if !noReports {
                    try Reports.write(result, options: ReportOptions(final: final, minimumCell: settings.minimumCell, templates: templates), to: outputs)
                }
                try outputs.write("manifest.json", BatchOutputs.manifest(result, outputs: outputs.files), fingerprint: false)
                try outputs.commit()
            } catch {
                outputs.abandon()
                throw error
            }
        } catch {
            Console.error("s175: could not write \(error.path): \(error.message); the previous outputs are unchanged.")
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
