/// The three ways a school's answers arrive, told apart by content, never by file name.
public enum Carrier: String, Sendable {
    case xml = "XML"
    case csvWide = "CSV (wide)"
    case csvLong = "CSV (long)"
}

/// What reading one input file produced.
struct FileOutcome: Sendable {
    var file: String
    var carrier: Carrier?
    var fingerprint: FileFingerprint?
    var returns: [AssembledReturn]
    /// Problems with the file itself, not with any one return.
    var diagnostics: [Diagnostic]
}

/// Reads one file of returns, whatever its carrier.
enum ReturnFileReader {
    static func read(_ input: InputPath, context: ValidationContext) -> FileOutcome {
        var outcome = FileOutcome(file: input.display, carrier: nil, fingerprint: nil, returns: [], diagnostics: [])
        let source: FileSource
        do {
            source = try FileSource(path: input.path, displayPath: input.display)
        } catch {
            outcome.diagnostics.append(Diagnostic(
                .error, .unreadableFile, at: SourceLocation(file: input.display),
                "the file could not be read: \(error.message)", fix: "Check the file and its permissions.", effect: .fileSkipped))
            return outcome
        }
        defer { outcome.fingerprint = source.fingerprint() }
        let head: [UInt8]
        do { head = try source.peek(512) } catch {
            outcome.diagnostics.append(Diagnostic(
                .error, .unreadableFile, at: SourceLocation(file: input.display),
                "the file could not be read: \(error.message)", fix: "Check the file and its permissions.", effect: .fileSkipped))
            return outcome
        }
        switch sniff(head) {
        case .xml:
            outcome.carrier = .xml
            XMLReturnReader.read(source, context: context, into: &outcome)
        case .csv:
            CSVReturnReader.read(source, context: context, into: &outcome)
        case .refused(let message, let fix):
            outcome.diagnostics.append(Diagnostic(
                .error, .unrecognisedFile, at: SourceLocation(file: input.display, line: 1, column: 1),
                message, fix: fix, effect: .fileSkipped))
        }
        return outcome
    }

    enum Sniffed: Equatable {
        case xml, csv
        case refused(String, fix: String)
    }

    /// Tells the carrier from the first bytes.
    static func sniff(_ head: [UInt8]) -> Sniffed {
        if head.isEmpty {
            return .refused("the file is empty", fix: "Ask the setting to send its return again.")
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return .refused(
                "this is an Excel workbook or other zipped file, not CSV or XML",
                fix: "Open it in Excel and use File > Save As > \"CSV UTF-8 (Comma delimited)\".")
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return .refused(
                "this is an old-style Excel (.xls) or Word file, not CSV or XML",
                fix: "Open it in Excel and use File > Save As > \"CSV UTF-8 (Comma delimited)\".")
        }
        if head.starts(with: Array("%PDF".utf8)) {
            return .refused("this is a PDF, not a return s175 can read", fix: "Ask the setting for the CSV or XML export.")
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return .refused(
                "the file is in UTF-16 (Excel's \"Unicode Text\"), which s175 does not read",
                fix: "Save it from Excel as \"CSV UTF-8 (Comma delimited)\".")
        }
        var i = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < head.count, [9, 10, 13, 32].contains(head[i]) { i += 1 }
        if i < head.count, head[i] == UInt8(ascii: "<") { return .xml }
        if head.contains(0) {
            return .refused("the file contains binary data, not text", fix: "Ask the setting for the CSV or XML export.")
        }
        return .csv
    }
}

/// Column letters as a spreadsheet shows them: 1 = A, 27 = AA.
func spreadsheetColumn(_ number: Int) -> String {
    var n = number
    var letters = ""
    while n > 0 {
        let r = (n - 1) % 26
        letters = String(UnicodeScalar(UInt8(65 + r))) + letters
        n = (n - 1) / 26
    }
    return letters
}
