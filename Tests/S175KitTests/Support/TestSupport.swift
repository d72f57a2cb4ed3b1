import Foundation
@testable import S175Kit

/// The folder of committed test fixtures.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

/// A fresh temporary folder for one test, with helpers to fill it.
struct Scratch {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "s175-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let full = file(name)
        try! FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }

    func read(_ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: file(name)) ?? Data(), as: UTF8.self)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The mini questionnaire, register and dates used across the validation tests.
enum Mini {
    static let questionnaire = fixtures + "/mini.xml"
    static let register = fixtures + "/register.csv"

    static func cycle(returns: [String]) -> CycleSettings {
        CycleSettings(
            id: "test", area: "Test Area", censusDate: CivilDate(year: 2026, month: 9, day: 1)!,
            deadline: CivilDate(year: 2026, month: 11, day: 14)!, finalDeadline: CivilDate(year: 2026, month: 12, day: 5)!,
            questionnaires: [InputPath(questionnaire)], registers: [RegisterSource(file: InputPath(register))],
            returns: returns.map { InputPath($0) })
    }

    /// Runs a batch over the given return files (written into a scratch folder), by
    /// default with the mini questionnaire and register.
    static func run(_ files: [String: String], cycle make: ([String]) -> CycleSettings = cycle(returns:)) -> BatchResult {
        let scratch = Scratch()
        defer { scratch.remove() }
        for (name, text) in files { scratch.write("returns/" + name, text) }
        switch Batch.run(make([scratch.file("returns")])) {
        case .success(let result): return result
        case .failure(let failure): fatalError("batch failed: \(failure.diagnostics.map(\.rendered))")
        }
    }

    static let xmlHeader = #"<?xml version="1.0" encoding="UTF-8"?>"#

    /// An XML return for `urn` with the given answers (question id: value).
    static func xml(urn: String = "100001", submitted: String = "2026-11-10T09:00:00Z", answers: [(String, String)]) -> String {
        var text = xmlHeader + "\n"
        text += #"<return xmlns="urn:s175:return:1" questionnaire="mini" version="1" urn="\#(urn)" submitted="\#(submitted)">"# + "\n"
        for (question, value) in answers {
            text += #"  <answer question="\#(question)" value="\#(value)"/>"# + "\n"
        }
        return text + "</return>\n"
    }

    static let fullAnswers: [(String, String)] = [
        ("A1.1", "met"), ("A1.2", "yes"), ("A2.1", "2025-06-01"), ("A2.2", "100"), ("B1.1", "met"),
    ]
}

extension BatchResult {
    func problems(_ problem: Problem) -> [Diagnostic] {
        diagnostics.filter { $0.problem == problem }
    }
}
