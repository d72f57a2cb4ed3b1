import ArgumentParser
import S175Kit

/// The inputs of a cycle: a cycle file, flags, or a cycle file with flags overriding it.
struct CycleOptions: ParsableArguments {
    @Argument(help: "The cycle file (XML) naming the cycle's dates, questionnaires, register and returns.")
    var cycleFile: String?

    @Option(name: .customLong("id"), help: "The cycle's id, e.g. 2026 (names the output folder).")
    var id: String?

    @Option(help: "The area the batch covers, for report titles (e.g. \"Berkshire West\").")
    var area: String?

    @Option(help: "The date dated answers are measured at (yyyy-mm-dd).")
    var censusDate: String?

    @Option(help: "The deadline for returns (yyyy-mm-dd).")
    var deadline: String?

    @Option(help: "The final deadline after chasing (yyyy-mm-dd).")
    var finalDeadline: String?

    @Option(name: .customLong("questionnaire"), help: "A questionnaire or module definition (repeatable).")
    var questionnaires: [String] = []

    @Option(help: "The register (GIAS establishment CSV).")
    var register: String?

    @Option(help: "The register column that names each setting's locality.")
    var localityColumn: String?

    @Option(help: "Keep only these LA codes from the register, e.g. \"869 870 872\".")
    var laCodes: String?

    @Option(name: .customLong("returns"), help: "A return file or a folder of returns (repeatable).")
    var returns: [String] = []

    @Option(name: .customLong("risk-policy"), help: "A risk policy (repeatable); replaces those the cycle file names.")
    var riskPolicies: [String] = []

    @Option(help: "ESG editions hide any cell built from fewer settings than this (default 3).")
    var minCell: Int?

    @Option(help: "A folder of report templates (*.mustache, report.css) replacing the built-in ones.")
    var templates: String?

    /// Builds the settings, reporting problems with the cycle file as diagnostics.
    func settings() throws -> CycleSettings {
        var settings: CycleSettings
        if let cycleFile {
            let (loaded, problems) = CycleSettings.load(InputPath(cycleFile))
            Console.print(problems)
            guard let loaded, !problems.contains(where: { $0.severity == .error }) else {
                throw ExitCode(1)
            }
            settings = loaded
        } else {
            guard let id, let censusDate, let deadline, register != nil, !questionnaires.isEmpty, !returns.isEmpty else {
                throw ValidationError(
                    "Give a cycle file, or all of --id, --census-date, --deadline, --questionnaire, --register and --returns.")
            }
            let final = finalDeadline ?? deadline
            settings = CycleSettings(
                id: id, area: area ?? "All localities", censusDate: try date(censusDate, "--census-date"),
                deadline: try date(deadline, "--deadline"), finalDeadline: try date(final, "--final-deadline"),
                questionnaires: [], registers: [], returns: [])
        }
        if let id { settings.id = id }
        if let area { settings.area = area }
        if let censusDate { settings.censusDate = try date(censusDate, "--census-date") }
        if let deadline { settings.deadline = try date(deadline, "--deadline") }
        if let finalDeadline { settings.finalDeadline = try date(finalDeadline, "--final-deadline") }
        if !questionnaires.isEmpty { settings.questionnaires = questionnaires.map { InputPath($0) } }
        if !returns.isEmpty { settings.returns = returns.map { InputPath($0) } }
        if !riskPolicies.isEmpty { settings.riskPolicies = riskPolicies.map { InputPath($0) } }
        if let register {
            var source = settings.registers.first ?? RegisterSource(file: InputPath(register))
            source.file = InputPath(register)
            settings.registers = [source]
        }
        if let localityColumn {
            for i in settings.registers.indices { settings.registers[i].localityColumn = localityColumn }
        }
        if let laCodes {
            let codes = laCodes.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            for i in settings.registers.indices { settings.registers[i].laCodes = codes }
        }
        if let minCell {
            guard minCell >= 1 else { throw ValidationError("--min-cell must be 1 or more.") }
            settings.minimumCell = minCell
        }
        if let templates { settings.templates = InputPath(templates) }
        if settings.finalDeadline < settings.deadline {
            throw ValidationError("The final deadline is before the deadline.")
        }
        return settings
    }

    private func date(_ text: String, _ flag: String) throws -> CivilDate {
        guard let date = CivilDate(parsing: text) else {
            throw ValidationError("\(flag) \"\(text)\" is not a date; write it as yyyy-mm-dd.")
        }
        return date
    }
}
