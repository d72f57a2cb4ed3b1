import ArgumentParser
import S175Kit

#if canImport(Glibc)
import Glibc
#endif

struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk", abstract: "Follow up the risk register: list flags, record notes, close flags.",
        subcommands: [List.self, Note.self, Resolve.self])

    /// Where a note goes and when it was written.
    struct NoteOptions: ParsableArguments {
        @Argument(help: "The setting's URN.")
        var urn: String

        @Option(help: "What was done or agreed.")
        var text: String

        @Option(help: "The cycle whose flag it is (default: the latest in the store).")
        var cycle: String?

        @Option(help: "The date of the note, yyyy-mm-dd (default: today).")
        var date: String?

        func validate() throws {
            if text.trimmingSpacesForCLI.isEmpty { throw ValidationError("--text must say what was done.") }
            if let date, CivilDate(parsing: date) == nil { throw ValidationError("--date \"\(date)\" is not a date; write it as yyyy-mm-dd.") }
        }

        func record(_ kind: RiskNote.Kind, storage: StoreOptions) throws {
            let store = try storage.open()
            let day = date.flatMap { CivilDate(parsing: $0) } ?? Timestamp(secondsSinceEpoch: time(nil)).ukDate
            do throws(StoreError) {
                let cycle = try store.addNote(urn: URN.normalise(urn) ?? urn, cycle: cycle, note: RiskNote(date: day, kind: kind, text: text.trimmingSpacesForCLI))
                Console.out("\(kind == .resolved ? "Closed the flag of" : "Noted against") URN \(urn) in cycle \(cycle). The next run of a cycle (or `s175 report --cycle \(cycle)`) shows it.")
            } catch {
                Console.error("\(error.path): error: \(error.message)")
                throw ExitCode(1)
            }
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record follow-up on a setting's risk flag (kept with the date and cycle).")
        @OptionGroup var note: NoteOptions
        @OptionGroup var storage: StoreOptions
        func run() throws { try note.record(.note, storage: storage) }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a setting's risk flag, saying why; the next cycle starts it afresh.")
        @OptionGroup var note: NoteOptions
        @OptionGroup var storage: StoreOptions
        func run() throws { try note.record(.resolved, storage: storage) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the risk register of a stored cycle.")

        @Option(help: "The cycle (default: the latest in the store).")
        var cycle: String?

        @OptionGroup var storage: StoreOptions

        func run() throws {
            let store = try storage.open()
            do {
                guard let id = try cycle ?? store.cycles().last?.id, let (result, _) = try store.load(cycle: id) else {
                    Console.error("s175: the history store \(store.path) has no such cycle.")
                    throw ExitCode(1)
                }
                let history = try store.history(for: result.cycle)
                let flags = CycleOutputs.flags(result, history: history, notes: try store.notes(cycle: id))
                var rows = [["URN", "Setting", "Locality", "Severity", "Status", "Rules"]]
                for flag in flags {
                    rows.append([flag.setting.urn, flag.setting.name, flag.setting.locality, flag.severity.rawValue, flag.status.rawValue,
                                 flag.triggers.map(\.rule).joined(separator: " ")])
                }
                Console.out("Risk register, cycle \(id): \(flags.count) setting\(flags.count == 1 ? "" : "s") flagged.")
                if flags.count > 0 { Console.out(Summary.aligned(rows, numeric: []).joined(separator: "\n")) }
            } catch let error as StoreError {
                Console.error("\(error.path): error: \(error.message)")
                throw ExitCode(1)
            }
        }
    }
}

extension String {
    var trimmingSpacesForCLI: String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
