import ArgumentParser
import S175Kit

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a cycle's batch: read, validate and score every return and write the outputs.",
        discussion: "Writes output/<cycle>/ (scores.csv, rejected.csv, non-returns.csv, manifest.json), replacing the previous run's outputs only once every file is ready.")

    @OptionGroup var inputs: CycleOptions

    @Option(help: "The folder the cycle's output folder goes in.")
    var output: String = "output"

    @Flag(help: "Exit with code 2 if any return was rejected.")
    var strict = false

    func run() throws {
        let settings = try inputs.settings()
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
        var outputs = OutputSet()
        BatchOutputs.add(result, to: &outputs)
        outputs.add("manifest.json", BatchOutputs.manifest(result, outputs: outputs))
        do {
            try outputs.commit(to: folder)
        } catch {
            Console.error("s175: could not write \(error.path): \(error.message)")
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
