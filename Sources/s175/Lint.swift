import ArgumentParser
import S175Kit

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check questionnaire, module and risk policy definitions against their schemas and for mistakes a schema cannot catch.",
        discussion: "Prints file:line:col: error: message for each problem. A module is checked together with the questionnaire it extends, and a risk policy against its questionnaire, found among the files given or beside them.")

    @Argument(help: "Definition files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one definition file.") }
    }

    func run() throws {
        let (set, policies) = DefinitionLoader.lint(files.map { InputPath($0) })
        Console.print(set.diagnostics)
        let errors = set.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            Console.error("\(errors) error\(errors == 1 ? "" : "s") found.")
            throw ExitCode(1)
        }
        for q in set.questionnaires {
            let modules = q.parts.filter { $0.kind == .module }.map { "\($0.id) \($0.version)" }
            Console.out("\(q.key): \(q.questions.count) questions in \(q.standards.count) standards"
                + (modules.isEmpty ? "" : ", with module \(modules.joined(separator: ", "))") + ": OK")
        }
        for policy in policies {
            Console.out("risk policy \(policy.id) \(policy.version) for \(policy.questionnaire): \(policy.rules.count) rules: OK")
        }
    }
}

struct QuestionnaireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaire", abstract: "Work with questionnaire definitions.",
        subcommands: [Dictionary.self])

    struct Dictionary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the data dictionary (one row per question) as CSV.",
            discussion: "Columns: question_id, standard, element, text, type, options, weight, critical, mandatory, themes, applies_to, then requirement, bands, scale, module.")

        @Argument(help: "The questionnaire and its modules.")
        var files: [String]

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one definition file.") }
        }

        func run() throws {
            let set = DefinitionLoader.load(files.map { InputPath($0) }, searchForCores: true)
            Console.print(set.diagnostics)
            if set.hasErrors { throw ExitCode(1) }
            let bytes = DataDictionary.csv(set.questionnaires)
            if let output {
                do { try OutputFolder.writeAtomically(bytes, to: output) } catch {
                    Console.error("s175: could not write \(error.path): \(error.message)")
                    throw ExitCode(1)
                }
            } else {
                Console.out(String(decoding: bytes.dropLast(2), as: UTF8.self))
            }
        }
    }
}
