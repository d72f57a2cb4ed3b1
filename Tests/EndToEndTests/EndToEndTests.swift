import Foundation
import Matching
import Testing
@testable import S175Kit

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
let goldenRoot = packageRoot + "/Tests/EndToEndTests/Golden"
/// Set S175_RECORD_GOLDEN=1 to rewrite the golden files from the current outputs.
let recording = ProcessInfo.processInfo.environment["S175_RECORD_GOLDEN"] == "1"

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `s175` from the package root.
func s175(_ arguments: [String]) throws -> ProcessResult {
    let binary = packageRoot + "/.build/debug/s175"
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "\(binary) is missing: run `swift build --product s175` first (make test does)"])
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "s175-e2e-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Every file under `folder`, as paths relative to it.
func files(under folder: String) -> [String] {
    (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
        .filter { !$0.hasPrefix(".") && !isDirectory(folder + "/" + $0) }.sorted()
}

func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
}

@Suite("End to end on samples/", .serialized)
struct EndToEndTests {
    /// Runs a sample cycle and compares its outputs with the golden copies: every file
    /// except school pages byte for byte; school pages through a list of their SHA-256,
    /// plus full copies of three (the first Red, Amber and Green setting) to review by eye.
    func checkGolden(cycle: String) throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        // Earlier cycles first, as `make run` does, so the history store gives trends.
        for earlier in ["2025", "2026"] where earlier < cycle {
            #expect(try s175(["run", "samples/\(earlier)/cycle.xml", "--output", output]).status == 0)
        }
        let run = try s175(["run", "samples/\(cycle)/cycle.xml", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let produced = output + "/" + cycle
        let golden = goldenRoot + "/" + cycle
        let pages = files(under: produced).filter { $0.hasPrefix("schools/") }
        let index = try pages.map { "\(try sha256(produced + "/" + $0))  \($0)" }.joined(separator: "\n") + "\n"
        let sampled = try sampledSchools(produced + "/scores.csv")
        let kept = files(under: produced).filter { !$0.hasPrefix("schools/") } + sampled.map { "schools/\($0).html" }
        if recording {
            try? FileManager.default.removeItem(atPath: golden)
            for file in kept {
                try FileManager.default.createDirectory(atPath: golden + "/" + (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: produced + "/" + file, toPath: golden + "/" + file)
            }
            try index.write(toFile: golden + "/schools.sha256", atomically: true, encoding: .utf8)
            return
        }
        #expect(kept.sorted() + ["schools.sha256"] == (files(under: golden)).sorted { ($0 == "schools.sha256" ? 1 : 0, $0) < ($1 == "schools.sha256" ? 1 : 0, $1) })
        for file in kept {
            let expected = FileManager.default.contents(atPath: golden + "/" + file)
            let actual = FileManager.default.contents(atPath: produced + "/" + file)
            #expect(actual == expected, "\(cycle)/\(file) differs from its golden copy; rerun with S175_RECORD_GOLDEN=1 if the change is intended")
        }
        #expect(index == (try? String(contentsOfFile: golden + "/schools.sha256", encoding: .utf8)), "a school page differs from its golden fingerprint")
    }

    /// The URNs of the first Red, Amber and Green settings of each questionnaire in scores.csv.
    func sampledSchools(_ scores: String) throws -> [String] {
        let rows = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = rows.first, let rag = header.firstIndex(of: "overall_rag"), let form = header.firstIndex(of: "questionnaire") else { return [] }
        let questionnaires = Set(rows.dropFirst().map { $0[form] }).sorted()
        return questionnaires.flatMap { questionnaire in
            ["Red", "Amber", "Green"].compactMap { label in
                rows.dropFirst().first { $0.count > rag && $0[form] == questionnaire && $0[rag] == label }?[0]
            }
        }
    }

    func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    @Test func cycle2026MatchesGoldenFiles() throws {
        try checkGolden(cycle: "2026")
    }

    @Test func cycle2025MatchesGoldenFiles() throws {
        try checkGolden(cycle: "2025")
    }

    @Test func everyPlantedFaultIsListedWithALineAndGoodReturnsAreScored() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try s175(["run", "samples/2026/cycle.xml", "--output", output])
        #expect(run.status == 0)
        let rejected = try String(contentsOfFile: output + "/2026/rejected.csv", encoding: .utf8)
        // Each planted fault, by its problem and the kind of file it was planted in.
        let expectations: [(problem: String, file: String)] = [
            ("answer-not-on-scale", "-s175-return.xml"),
            ("wrong-version", "-return.xml"),
            ("bad-date", "-return.xml"),
            ("closed-school", "-return.xml"),
            ("unrecognised-file", "Copy of return - Kestrel Rise.xlsx"),
            ("unknown-school", "survey-export-reading-2026.csv"),
            ("xml-malformed", "trust-tr01002-returns.xml"),
            ("csv-malformed", "wokingham-returns-excel.csv"),
            ("duplicate-return", "-first-attempt.xml"),
            // Early years: a nursery on the schools' form, a resigned childminder, a school-run
            // nursery, and an EY URN with a digit dropped.
            ("wrong-questionnaire", "early-years/130185-return.xml"),
            ("closed-school", "early-years-survey-2026.csv"),
            ("out-of-scope-school", "early-years-survey-2026.csv"),
            ("unknown-school", "early-years-survey-2026.csv"),
        ]
        let rows = rejected.split(separator: "\r\n").dropFirst().map(String.init)
        for (problem, file) in expectations {
            let row = rows.first { $0.contains(file) && $0.contains("," + problem + ",") }
            #expect(row != nil, "no \(problem) row for \(file)")
            let line = row?.split(separator: ",").dropFirst().first.flatMap { Int($0) } ?? 0
            #expect(line > 0, "\(problem) in \(file) has no line number")
        }
        let scores = try String(contentsOfFile: output + "/2026/scores.csv", encoding: .utf8)
        // 189 schools' and 85 early-years returns accepted, one row each, including the rows
        // of the Windows-1252 files saved from Excel.
        #expect(scores.split(separator: "\r\n").count == 275)
        #expect(run.stdout.contains("274 accepted, 10 rejected, 1 superseded"))
    }

    @Test func rerunsAreByteIdentical() throws {
        let first = temporaryFolder()
        let second = temporaryFolder()
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", first]).status == 0)
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", second]).status == 0)
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", second]).status == 0)
        for file in files(under: first + "/2026") {
            #expect(FileManager.default.contents(atPath: first + "/2026/" + file) == FileManager.default.contents(atPath: second + "/2026/" + file), "\(file)")
        }
    }

    /// No ESG edition may contain any setting's name, URN or DfE number from the register.
    @Test func esgEditionsNameNoSetting() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/samples/register.csv"))
        let register = String(data: data, encoding: .windowsCP1252)!.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = register[0]
        let urn = header.firstIndex(of: "URN")!, name = header.firstIndex(of: "EstablishmentName")!
        let la = header.firstIndex(of: "LA (code)")!, number = header.firstIndex(of: "EstablishmentNumber")!
        let identifiers = register.dropFirst().flatMap { row in [row[urn], row[name], "\(row[la])/\(row[number])"] }
        #expect(identifiers.count > 600)
        let editions = files(under: output + "/2026/esg")
        #expect(editions == ["reading.html", "west-berkshire.html", "wokingham.html"])
        for edition in editions {
            let text = try String(contentsOfFile: output + "/2026/esg/" + edition, encoding: .utf8)
            for identifier in identifiers where text.contains(identifier) {
                Issue.record("\(edition) contains \(identifier)")
            }
        }
    }

    /// Childminders are people: no early-years provider's name or URN reaches an ESG
    /// edition, early-years cells there need five providers, the pairing list names no
    /// childminder, and providers are paired with each other. The LA edition does name
    /// them, for chasing and follow-up.
    @Test func earlyYearsProvidersAreNamedOnlyInTheLAEdition() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/samples/early-years-register.csv"))
        let rows = String(data: data, encoding: .windowsCP1252)!.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let urn = rows[0].firstIndex(of: "URN")!, name = rows[0].firstIndex(of: "ProviderName")!, type = rows[0].firstIndex(of: "ProviderType")!
        let providers = rows.dropFirst().map { (urn: $0[urn], name: $0[name], childminder: $0[type] == "Childminder") }
        #expect(providers.filter(\.childminder).count >= 30)
        func escaped(_ text: String) -> String { text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;") }

        for edition in files(under: output + "/2026/esg") {
            let text = try String(contentsOfFile: output + "/2026/esg/" + edition, encoding: .utf8)
            #expect(text.contains("<h1 class=\"part\">Early years safeguarding self-assessment"), "\(edition) has no early-years part")
            for provider in providers where text.contains(provider.urn) || text.contains(escaped(provider.name)) {
                Issue.record("\(edition) names \(provider.name) (\(provider.urn))")
            }
            // Every count shown in an early-years table is zero or at least five.
            var counts = 0
            for table in text.matches(of: /<table id="[a-z-]+-early-years"[^>]*>[\s\S]*?<\/table>/) {
                for cell in table.output.matches(of: /<td class="num[^"]*">([0-9]+)<\/td>/) {
                    let count = Int(cell.output.1)!
                    counts += 1
                    #expect(count == 0 || count >= 5, "\(edition): a count of \(count) in an early-years table")
                }
            }
            #expect(counts > 20, "\(edition): too few early-years counts found to check")
        }
        let report = try String(contentsOfFile: output + "/2026/report.html", encoding: .utf8)
        #expect(providers.filter { $0.childminder && report.contains(escaped($0.name)) }.count > 0)

        // The pairing list goes out to coordinators: childminders appear by URN only.
        let pairingList = try String(contentsOfFile: output + "/2026/pairings.csv", encoding: .utf8)
        for provider in providers where provider.childminder && pairingList.contains(provider.name) {
            Issue.record("pairings.csv names childminder \(provider.name)")
        }
        let pairings = pairingList.split(separator: "\r\n").dropFirst()
        let earlyYears = Set(providers.map(\.urn))
        #expect(pairings.count > 100)
        for group in pairings {
            let cells = group.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let members = [3, 8, 13].map { cells[$0] }.filter { !$0.isEmpty }
            #expect(Set(members.map(earlyYears.contains)).count == 1, "group \(cells[1]) mixes schools and early years")
        }
    }

    /// Every file of an output folder with its SHA-256.
    func snapshot(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for file in files(under: folder) { result[file] = try sha256(folder + "/" + file) }
        return result
    }

    func storeDigest(_ path: String) throws -> String {
        try HistoryStore(path: path).contentDigest()
    }

    @Test func reportRegeneratesAnyCycleFromTheStoreByteForByte() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2025/cycle.xml", "--output", output]).status == 0)
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        let ran = [try snapshot(output + "/2025"), try snapshot(output + "/2026")]
        #expect(ran[1]["report.html"] != nil)
        try FileManager.default.removeItem(atPath: output + "/2025")
        try FileManager.default.removeItem(atPath: output + "/2026")
        #expect(try s175(["report", "--cycle", "2026", "--output", output]).status == 0)
        #expect(try s175(["report", "--cycle", "2025", "--output", output]).status == 0)
        #expect(try snapshot(output + "/2025") == ran[0])
        #expect(try snapshot(output + "/2026") == ran[1])
        let history = try s175(["history", "--output", output])
        #expect(history.stdout.contains("2025   Berkshire West   2025-09-01       207       187         0           0"))
        #expect(history.stdout.contains("2026   Berkshire West   2026-09-01       304       274        10           1"))
        let missing = try s175(["report", "--cycle", "2019", "--output", output])
        #expect(missing.status == 1 && missing.stderr.contains("has no cycle 2019; it has 2025, 2026"))
        // Trends reached every edition.
        let report = try String(contentsOfFile: output + "/2026/report.html", encoding: .utf8)
        #expect(report.contains("since cycle 2025"))
        #expect(try String(contentsOfFile: output + "/2026/esg/reading.html", encoding: .utf8).contains("since cycle 2025"))
    }

    @Test func runningACycleTwiceChangesNothing() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2025/cycle.xml", "--output", output]).status == 0)
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        let store = try storeDigest(output + "/s175.sqlite")
        let outputs = try snapshot(output + "/2026")
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        #expect(try storeDigest(output + "/s175.sqlite") == store)
        #expect(try snapshot(output + "/2026") == outputs)
    }

    /// A run killed at any moment leaves the store and the outputs as they were before it,
    /// or (once past its last step) as after it: never a mixture.
    @Test func aKilledRunLosesNothing() throws {
        let output = temporaryFolder()
        let other = temporaryFolder()
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: other)
        }
        let second = ["--returns", "samples/2026/returns/schools"]
        // What "after" looks like: the second batch run to completion on its own.
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", other] + second).status == 0)
        let after = (store: try storeDigest(other + "/s175.sqlite"), outputs: try snapshot(other + "/2026"))
        // "Before": the full batch.
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        let before = (store: try storeDigest(output + "/s175.sqlite"), outputs: try snapshot(output + "/2026"))
        #expect(before.store != after.store)
        var states = Set<String>()
        for delay in [0.01, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3, 0.45, 0.7] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: packageRoot + "/.build/debug/s175")
            process.arguments = ["run", "samples/2026/cycle.xml", "--output", output] + second
            process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try storeDigest(output + "/s175.sqlite")
            #expect(store == before.store || store == after.store, "after a kill at \(delay) s the store is neither before nor after")
            let outputs = FileManager.default.fileExists(atPath: output + "/2026") ? try snapshot(output + "/2026") : try snapshot(output + "/.2026.previous")
            #expect(outputs == before.outputs || outputs == after.outputs, "after a kill at \(delay) s the outputs are mixed")
            states.insert(store == before.store ? "before" : "after")
            // Put the "before" state back for the next attempt.
            if store != before.store || !FileManager.default.fileExists(atPath: output + "/2026") {
                #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
            }
        }
        #expect(states.contains("before"), "no kill landed before the run finished")
    }

    /// Reads a CSV the tool wrote (UTF-8 with a byte order mark) into rows of named cells.
    func csv(_ path: String) throws -> [[String: String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[String]] = [[]]
        var cell = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        cell.unicodeScalars.append(c)
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    cell.unicodeScalars.append(c)
                }
            } else if c == "\"" { quoted = true }
            else if c == "," { rows[rows.count - 1].append(cell); cell = "" }
            else if c == "\r" { continue }
            else if c == "\n" { rows[rows.count - 1].append(cell); cell = ""; rows.append([]) }
            else { cell.unicodeScalars.append(c) }
        }
        if !cell.isEmpty { rows[rows.count - 1].append(cell) }
        rows = rows.filter { !$0.isEmpty }
        let header = rows[0]
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The done-when of the risk issue: every school failing a statutory item or with no
    /// usable return is on the register, with evidence that matches its return.
    @Test func theRiskRegisterListsEveryStatutoryFailureAndNonReturnWithItsEvidence() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        let risks = Dictionary(uniqueKeysWithValues: try csv(output + "/2026/risks.csv").map { ($0["urn"]!, $0) })
        let scores = try csv(output + "/2026/scores.csv")
        let failing = scores.filter { $0["critical_failures"] != "0" }
        #expect(failing.count > 5)
        for school in failing {
            guard let flag = risks[school["urn"]!] else {
                Issue.record("\(school["urn"]!) fails a statutory item but is not on the register")
                continue
            }
            // Each statutory item the register cites is one the return failed.
            let cited = flag["triggered_by"]!.split(separator: "\n").filter { $0.hasPrefix("statutory-item-not-met") }
                .map { $0.split(separator: " ")[2] }.map(String.init)
            #expect(Set(cited) == Set(school["critical_failed_questions"]!.split(separator: " ").map(String.init)), "\(school["urn"]!)")
        }
        for missing in try csv(output + "/2026/non-returns.csv") {
            let flag = risks[missing["urn"]!]
            #expect(flag?["rules"]?.contains("no-return") == true, "\(missing["urn"]!) has no return but is not flagged")
            #expect(flag?["triggered_by"]?.contains("final deadline") == true)
        }
    }

    @Test func notesAndResolutionsChangeTheNextCyclesRegister() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2025/cycle.xml", "--output", output]).status == 0)
        let flagged = try csv(output + "/2025/risks.csv")
        let first = flagged[0]["urn"]!, second = flagged[1]["urn"]!
        #expect(try s175(["risk", "resolve", first, "--text", "Policy approved; training booked", "--date", "2025-12-20", "--output", output]).status == 0)
        #expect(try s175(["risk", "note", second, "--text", "Visited; DSL training in January", "--date", "2025-12-18", "--output", output]).status == 0)
        let wrong = try s175(["risk", "note", "999999", "--text", "x", "--output", output])
        #expect(wrong.status == 1 && wrong.stderr.contains("has no risk flag in cycle 2025"))
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        let next = Dictionary(uniqueKeysWithValues: try csv(output + "/2026/risks.csv").map { ($0["urn"]!, $0) })
        // The closed flag does not carry over: flagged again it is new, otherwise it is gone.
        #expect(next[first]?["status"] != "continuing" && next[first]?["status"] != "resolved")
        #expect(next[first]?["rules"]?.contains("unresolved-from-last-cycle") != true)
        // The noted flag carries over with its note.
        #expect(next[second]?["previous_notes"] == "2025-12-18 note: Visited; DSL training in January")
        #expect(["continuing", "resolved"].contains(next[second]?["status"] ?? ""))
        // The resolution also shows on the 2025 register when it is written again.
        #expect(try s175(["report", "--cycle", "2025", "--output", output]).status == 0)
        let again = try csv(output + "/2025/risks.csv").first { $0["urn"] == first }
        #expect(again?["status"] == "closed" && again?["notes"] == "2025-12-20 resolved: Policy approved; training booked")
    }

    /// The done-when of the pairing issue: a full, explained pairing that keeps every hard
    /// rule, is optimal on the graph it ran on, and does not repeat last cycle's pairs.
    @Test func pairingsKeepEveryRuleAndAreOptimal() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2025/cycle.xml", "--output", output]).status == 0)
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output, "--graph", output + "/graph.csv"]).status == 0)
        let register = Dictionary(uniqueKeysWithValues: try csv(output + "/2026/scores.csv").map { ($0["urn"]!, $0) })
        // The trust of each school, and the owner of each early-years provider.
        func column(_ file: String, _ index: Int) throws -> [(String, String)] {
            try String(data: Data(contentsOf: URL(fileURLWithPath: packageRoot + "/samples/" + file)), encoding: .windowsCP1252)!
                .split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                .map { ($0[0], $0[index]) }
        }
        let trusts = Dictionary(uniqueKeysWithValues: try column("register.csv", 17) + column("early-years-register.csv", 9))
        let risks = Dictionary(uniqueKeysWithValues: try csv(output + "/2026/risks.csv").map { ($0["urn"]!, $0) })
        func pairs(_ cycle: String) throws -> (groups: [[String]], rows: [[String: String]]) {
            let rows = try csv(output + "/\(cycle)/pairings.csv")
            let groups = rows.filter { $0["kind"] != "left out" }.map { row in (1...3).compactMap { row["member_\($0)_urn"] }.filter { !$0.isEmpty } }
            return (groups, rows)
        }
        let (groups, rows) = try pairs("2026")
        let earlier = Set(try pairs("2025").groups.flatMap { g in g.flatMap { a in g.filter { $0 != a }.map { [a, $0].sorted() } } })
        // Everyone who returned is in exactly one group, or listed as left out with a reason.
        let placed = groups.flatMap { $0 } + rows.filter { $0["kind"] == "left out" }.map { $0["member_1_urn"]! }
        #expect(placed.sorted() == register.keys.sorted())
        for group in groups {
            for a in group {
                for b in group where a < b {
                    #expect(trusts[a]!.isEmpty || trusts[a] != trusts[b], "\(a) and \(b) share a trust")
                    #expect(!earlier.contains([a, b]), "\(a) and \(b) were paired in 2025")
                    #expect(!(risks[a]?["highest_severity"] == "high" && risks[a]?["status"] != "closed"
                              && risks[b]?["highest_severity"] == "high" && risks[b]?["status"] != "closed"), "\(a) and \(b) are both high risk")
                }
            }
        }
        #expect(rows.filter { $0["kind"] != "left out" }.allSatisfy { !($0["rationale"] ?? "").isEmpty && !($0["reviews"] ?? "").isEmpty })
        // The graph written with --graph is what the matching ran on; the pairs are optimal on it.
        let graph = try String(contentsOfFile: output + "/graph.csv", encoding: .utf8).split(separator: "\n").map { line in
            let parts = line.split(separator: ",").map { Int($0)! }
            return WeightedEdge(u: parts[0], v: parts[1], weight: parts[2])
        }
        let vertices = (graph.map { max($0.u, $0.v) }.max() ?? 0) + 1
        let (matching, certificate) = maximumWeightMatchingWithCertificate(vertexCount: vertices, edges: graph, mode: .maximumCardinality)
        #expect(throws: Never.self) {
            try verifyOptimality(vertexCount: vertices, edges: graph, mode: .maximumCardinality, matching: matching, certificate: certificate)
        }
        #expect(matching.count == groups.count, "one matched pair per group (a triad is a pair plus one)")
        let report = try String(contentsOfFile: output + "/2026/report.html", encoding: .utf8)
        #expect(report.contains("peer-review groups cross localities"))
    }

    @Test func finalRunsAreNotMarkedDraft() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output, "--final"]).status == 0)
        for page in ["report.html", "esg/reading.html"] {
            let html = try String(contentsOfFile: output + "/2026/" + page, encoding: .utf8)
            #expect(!html.contains("<strong>DRAFT</strong>") && !html.contains(" draft\">"), "\(page)")
            #expect(html.contains("(final edition)"))
        }
    }

    @Test func exitCodes() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output, "--strict"]).status == 2)
        #expect(try s175(["validate", "samples/2025/cycle.xml", "--strict"]).status == 0)
        let missing = try s175(["run", "samples/nowhere/cycle.xml", "--output", output])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("samples/nowhere/cycle.xml: error: the cycle file could not be read: the file does not exist"))
        #expect(try s175(["run", "--no-such-flag"]).status == 64)
        #expect(try s175(["run", "--id", "x"]).status == 64)
        #expect(try s175(["lint"]).status == 64)
    }

    @Test func aBrokenRegisterStopsTheRunAndWritesNothing() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Name,Status\nA,Open\n".write(toFile: folder + "/register.csv", atomically: true, encoding: .utf8)
        let run = try s175([
            "run", "samples/2026/cycle.xml", "--register", folder + "/register.csv", "--output", folder + "/out",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("the register has no column \"URN\""))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/2026"))
    }

    @Test func lintPassesOnShippedQuestionnairesAndLocatesErrors() throws {
        let good = try s175([
            "lint", "questionnaires/esat-2026.xml", "questionnaires/local/berkshire-west-2026.xml", "questionnaires/early-years-2026.xml",
            "questionnaires/risk-policy-2026.xml", "questionnaires/risk-policy-early-years-2026.xml",
        ])
        #expect(good.status == 0, "\(good.stderr)")
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = try String(contentsOfFile: packageRoot + "/questionnaires/esat-2026.xml", encoding: .utf8)
            .replacingOccurrences(of: #"id="CP1.2""#, with: #"id="CP1.1""#)
        try text.write(toFile: folder + "/broken.xml", atomically: true, encoding: .utf8)
        let bad = try s175(["lint", folder + "/broken.xml"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("broken.xml:"))
        #expect(bad.stderr.contains(": error: question CP1.1 is defined twice"))
    }

    @Test func dataDictionaryCommand() throws {
        let run = try s175(["questionnaire", "dictionary", "questionnaires/esat-2026.xml", "questionnaires/local/berkshire-west-2026.xml"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\r\n")
        #expect(lines.first?.hasSuffix("question_id,standard,element,text,type,options,weight,critical,mandatory,themes,applies_to,requirement,bands,questionnaire,module") == true)
        #expect(lines.count == 90)
        #expect(lines.contains { $0.hasPrefix("SG2.4,SG,SG2,") && $0.contains(",date,met=2|partly=1|not-met=0|n/a=n/a,") })
    }
}
