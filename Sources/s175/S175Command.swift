import ArgumentParser
import S175Kit

#if canImport(Glibc)
import Glibc
#endif

@main
struct S175Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s175",
        abstract: "Process schools' section 175 safeguarding self-assessments for a Local Authority.",
        discussion: """
            A cycle is described by a cycle file (see samples/2026/cycle.xml): its dates, questionnaires,
            register and returns. `s175 run CYCLE-FILE` reads, validates and scores every return and writes
            the outputs to output/<cycle>/.

            Exit codes: 0 the batch completed (rejected returns are reported, not fatal); 1 it could not run;
            2 with --strict, some return was rejected; 64 bad usage.
            """,
        version: S175.version,
        subcommands: [Run.self, Validate.self, Lint.self, QuestionnaireCommand.self, History.self, Report.self, RiskCommand.self]
    )
}
