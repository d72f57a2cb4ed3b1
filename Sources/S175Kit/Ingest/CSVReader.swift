/// A byte-level RFC 4180 reader that streams a file and keeps, for every field,
/// where it is: the line it starts on and its column.
///
/// It handles quoted commas, doubled quotes and line breaks inside quotes, a UTF-8 byte
/// order mark, CRLF, LF or CR line ends, and Windows-1252 text from Excel (detected).
/// A quote that is never closed is reported where it opened and the reader carries on
/// from the next line, so one broken row never swallows the rows after it.
/// The available CSV packages accept unterminated quotes silently, give no line numbers
/// and were several times slower, which is why this one exists.
struct CSVReader {
    struct Field {
        /// Byte range of the content, inside the quotes when quoted.
        var start: Int
        var end: Int
        /// The content holds doubled quotes or CRLF pairs that `string` must undo.
        var needsUnescape: Bool
        /// Line the field starts on, and the buffer offset where that line starts.
        var line: Int
        var lineStart: Int
        var quoted: Bool
    }

    static let longestQuotedCell = 1 << 20

    enum Encoding: Sendable {
        case undecided, utf8, windows1252
    }

    enum Outcome {
        case record
        /// A row that could not be read; the reader has moved past it.
        case malformed(Problem, line: Int, column: Int, message: String)
        case end
    }

    private let storage: ByteBuffer
    private let source: FileSource?
    private let chunkSize: Int
    private var readError: String?
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private(set) var fields: [Field] = []
    private(set) var recordLine = 1
    private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    private var delimiterChosen = false
    private(set) var encoding: Encoding = .undecided
    /// First line where a field was not valid UTF-8 in a file that otherwise is.
    private(set) var mixedEncodingLine: Int?

    /// Streams `source` in chunks.
    init(source: FileSource, chunkSize: Int = 1 << 20) {
        self.source = source
        self.chunkSize = chunkSize
        storage = ByteBuffer(capacity: chunkSize)
    }

    /// Reads bytes already in memory (tests, small inputs).
    init(bytes: [UInt8]) {
        source = nil
        chunkSize = 0
        storage = ByteBuffer(capacity: max(bytes.count, 16))
        storage.append(bytes)
    }

    /// The read error that ended the file early, if any.
    var ioError: String? { readError }

    // MARK: Reading records

    /// Moves to the next non-blank record.
    mutating func next() -> Outcome {
        if position == 0 && line == 1 && !delimiterChosen {
            fillIfEmpty()
            skipByteOrderMark()
        }
        while true {
            let outcome = readRecord()
            switch outcome {
            case .record:
                if isBlankRecord { continue }
                if !delimiterChosen { delimiterChosen = true }
                return .record
            default:
                return outcome
            }
        }
    }

    /// Rows of empty cells, as Excel leaves below a table, are not records.
    private var isBlankRecord: Bool {
        for index in fields.indices where !isBlank(index) { return false }
        return true
    }

    /// Reads enough to see the byte order mark and the header line.
    private mutating func fillIfEmpty() {
        while storage.count < 4096, refill() {}
    }

    private mutating func skipByteOrderMark() {
        let p = storage.pointer
        if storage.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF {
            position = 3
            lineStart = 3
            encoding = .utf8
        }
        chooseDelimiter()
    }

    /// Excel writes `;` or tab in some locales; read the header line to tell.
    private mutating func chooseDelimiter() {
        let p = storage.pointer
        var counts = (comma: 0, semicolon: 0, tab: 0)
        var inQuotes = false
        var i = position
        while i < storage.count {
            let b = p[i]
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes {
                if b == 10 || b == 13 { break }
                if b == UInt8(ascii: ",") { counts.comma += 1 }
                if b == UInt8(ascii: ";") { counts.semicolon += 1 }
                if b == 9 { counts.tab += 1 }
            }
            i += 1
        }
        if counts.semicolon > counts.comma && counts.semicolon >= counts.tab {
            delimiter = UInt8(ascii: ";")
        } else if counts.tab > counts.comma && counts.tab > counts.semicolon {
            delimiter = 9
        }
    }

    /// Reads more of the file; returns false at the end.
    private mutating func refill() -> Bool {
        guard let source, readError == nil else { return false }
        storage.reserveFree(minimum: chunkSize)
        do {
            let n = try source.read(into: storage.pointer + storage.count, count: chunkSize)
            storage.count += n
            return n > 0
        } catch {
            readError = error.message
            return false
        }
    }

    /// Drops consumed bytes so the current record starts at offset 0, then reads more.
    private mutating func compactAndRefill(recordStart: Int) -> Bool {
        guard source != nil else { return false }
        if recordStart > 0 {
            storage.discardPrefix(recordStart)
            position -= recordStart
            lineStart -= recordStart
        }
        if storage.count == storage.capacity { storage.grow() }
        return refill()
    }

    private mutating func readRecord() -> Outcome {
        while true {
            let startPosition = position
            let startLine = line
            let startLineStart = lineStart
            let result = scanRecord()
            switch result {
            case .complete:
                return .record
            case .needMore:
                position = startPosition
                line = startLine
                lineStart = startLineStart
                if compactAndRefill(recordStart: position) { continue }
                // Nothing more to read: the record ends at the end of the file.
                let final = scanRecord(atEndOfFile: true)
                switch final {
                case .complete: return .record
                case .end: return .end
                case .unterminatedQuote(let quoteLine, let quoteColumnOffset, let quoteLineStart):
                    return unterminated(line: quoteLine, offset: quoteColumnOffset, lineStart: quoteLineStart)
                case .junkAfterQuote(let l, let offset, let ls, let quote):
                    return junkAfterQuote(line: l, offset: offset, lineStart: ls, quote: quote)
                case .needMore:
                    return .end
                }
            case .end:
                return .end
            case .unterminatedQuote(let quoteLine, let quoteColumnOffset, let quoteLineStart):
                return unterminated(line: quoteLine, offset: quoteColumnOffset, lineStart: quoteLineStart)
            case .junkAfterQuote(let l, let offset, let ls, let quote):
                return junkAfterQuote(line: l, offset: offset, lineStart: ls, quote: quote)
            }
        }
    }

    private mutating func unterminated(line quoteLine: Int, offset: Int, lineStart quoteLineStart: Int) -> Outcome {
        let column = columnOf(offset: offset, lineStart: quoteLineStart)
        // Carry on from the line after the one where the quote opened.
        let p = storage.pointer
        var i = offset
        while i < storage.count, p[i] != 10, p[i] != 13 { i += 1 }
        if i < storage.count, p[i] == 13 { i += 1 }
        if i < storage.count, p[i] == 10 { i += 1 }
        position = i
        line = quoteLine + 1
        lineStart = i
        return .malformed(
            .csvUnterminatedQuote, line: quoteLine, column: column,
            message: "a quote (\") opens a cell here but is never closed"
        )
    }

    private mutating func junkAfterQuote(
        line errorLine: Int, offset: Int, lineStart errorLineStart: Int, quote: (line: Int, offset: Int, lineStart: Int)
    ) -> Outcome {
        // A quoted cell that ran over a line break and then met stray text was never meant to
        // span lines: its opening quote is the fault, and the lines it swallowed are rows.
        if quote.line < errorLine {
            return unterminated(line: quote.line, offset: quote.offset, lineStart: quote.lineStart)
        }
        // On one line, the quote that opened the cell is usually the stray one, so point there.
        let quoteColumn = columnOf(offset: quote.offset, lineStart: quote.lineStart)
        let strayColumn = columnOf(offset: offset, lineStart: errorLineStart)
        // Skip the rest of the physical line, reading more of the file if it is not in memory yet.
        var i = offset
        while true {
            let p = storage.pointer
            while i < storage.count, p[i] != 10, p[i] != 13 { i += 1 }
            if i < storage.count { break }
            position = i
            if !compactAndRefill(recordStart: i) { break }
            i = position
        }
        let p = storage.pointer
        if i < storage.count, p[i] == 13 { i += 1 }
        if i < storage.count, p[i] == 10 { i += 1 }
        position = i
        line = errorLine + 1
        lineStart = i
        return .malformed(
            .csvMalformed, line: quote.line, column: quoteColumn,
            message: "the quoted cell starting here is not closed properly: text follows its closing quote at column \(strayColumn), so a quote is missing or extra"
        )
    }

    private enum ScanResult {
        case complete
        case needMore
        case end
        case unterminatedQuote(line: Int, offset: Int, lineStart: Int)
        case junkAfterQuote(line: Int, offset: Int, lineStart: Int, quote: (line: Int, offset: Int, lineStart: Int))
    }

    /// Scans one record from `position`. State lives in `self`, not in captured locals,
    /// because captured mutable locals cost an exclusivity check per byte.
    private mutating func scanRecord(atEndOfFile: Bool = false) -> ScanResult {
        fields.removeAll(keepingCapacity: true)
        let p = storage.pointer
        let end = storage.count
        let delimiter = self.delimiter
        if position >= end {
            return atEndOfFile || source == nil ? .end : .needMore
        }
        recordLine = line
        var i = position
        while true {
            // One field starting at i.
            if i < end, p[i] == UInt8(ascii: "\"") {
                let quoteOffset = i
                let quoteLine = line
                let quoteLineStart = lineStart
                i += 1
                let contentStart = i
                var needsUnescape = false
                while true {
                    // Fast scan to the next quote, counting lines on the way.
                    while i < end, p[i] != UInt8(ascii: "\"") {
                        if p[i] == 10 {
                            line += 1
                            lineStart = i + 1
                            if i > contentStart, p[i - 1] == 13 { needsUnescape = true }
                        } else if p[i] == 13, i + 1 < end, p[i + 1] != 10 {
                            line += 1
                            lineStart = i + 1
                        }
                        i += 1
                    }
                    if i >= end {
                        // A cell of more than a megabyte is a quote left open, not an answer:
                        // stop looking rather than read the whole file into memory.
                        if atEndOfFile || source == nil || i - quoteOffset > CSVReader.longestQuotedCell {
                            return .unterminatedQuote(line: quoteLine, offset: quoteOffset, lineStart: quoteLineStart)
                        }
                        return .needMore
                    }
                    // p[i] is a quote: doubled, or the closing one.
                    if i + 1 < end, p[i + 1] == UInt8(ascii: "\"") {
                        needsUnescape = true
                        i += 2
                        continue
                    }
                    if i + 1 >= end, !(atEndOfFile || source == nil) { return .needMore }
                    break
                }
                fields.append(Field(
                    start: contentStart, end: i, needsUnescape: needsUnescape,
                    line: quoteLine, lineStart: quoteLineStart, quoted: true))
                i += 1
                if i >= end {
                    position = i
                    return .complete
                }
                let b = p[i]
                if b == delimiter {
                    i += 1
                    if i >= end, !(atEndOfFile || source == nil) { return .needMore }
                    if i >= end {
                        fields.append(Field(start: i, end: i, needsUnescape: false, line: line, lineStart: lineStart, quoted: false))
                        position = i
                        return .complete
                    }
                    continue
                }
                if b == 10 || b == 13 {
                    return finishLine(at: i, atEndOfFile: atEndOfFile)
                }
                return .junkAfterQuote(
                    line: line, offset: i, lineStart: lineStart, quote: (quoteLine, quoteOffset, quoteLineStart))
            }
            // Unquoted field: up to the delimiter or the end of the line.
            let start = i
            while i < end {
                let b = p[i]
                if b == delimiter || b == 10 || b == 13 { break }
                i += 1
            }
            if i >= end, !(atEndOfFile || source == nil) { return .needMore }
            fields.append(Field(start: start, end: i, needsUnescape: false, line: line, lineStart: lineStart, quoted: false))
            if i >= end {
                position = i
                return .complete
            }
            if p[i] == delimiter {
                i += 1
                if i >= end, !(atEndOfFile || source == nil) { return .needMore }
                if i >= end {
                    fields.append(Field(start: i, end: i, needsUnescape: false, line: line, lineStart: lineStart, quoted: false))
                    position = i
                    return .complete
                }
                continue
            }
            return finishLine(at: i, atEndOfFile: atEndOfFile)
        }
    }

    /// Consumes the line end at `i` (LF, CRLF or CR).
    private mutating func finishLine(at index: Int, atEndOfFile: Bool) -> ScanResult {
        let p = storage.pointer
        var i = index
        if p[i] == 13 {
            if i + 1 >= storage.count, !(atEndOfFile || source == nil) { return .needMore }
            i += 1
            if i < storage.count, p[i] == 10 { i += 1 }
        } else {
            i += 1
        }
        line += 1
        lineStart = i
        position = i
        return .complete
    }

    // MARK: Field access (valid until the next call to `next`)

    var fieldCount: Int { fields.count }

    /// The raw bytes of field `index`, inside its quotes.
    func withBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let field = fields[index]
        return body(UnsafeRawBufferPointer(start: storage.pointer + field.start, count: field.end - field.start))
    }

    /// The bytes of field `index` without surrounding spaces, for matching against codes.
    func withTrimmedBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withBytes(index) { body(trimSpaces($0)) }
    }

    func isBlank(_ index: Int) -> Bool {
        withTrimmedBytes(index) { $0.isEmpty }
    }

    /// Field `index` as text: quotes undone, decoded as UTF-8 or Windows-1252.
    mutating func string(_ index: Int) -> String {
        let field = fields[index]
        var raw = UnsafeRawBufferPointer(start: storage.pointer + field.start, count: field.end - field.start)
        var unescaped: [UInt8] = []
        if field.needsUnescape {
            unescaped.reserveCapacity(raw.count)
            var i = 0
            while i < raw.count {
                let b = raw[i]
                if b == UInt8(ascii: "\""), i + 1 < raw.count, raw[i + 1] == UInt8(ascii: "\"") {
                    unescaped.append(b)
                    i += 2
                } else if b == 13, i + 1 < raw.count, raw[i + 1] == 10 {
                    i += 1  // CRLF inside a cell becomes LF
                } else {
                    unescaped.append(b)
                    i += 1
                }
            }
            return unescaped.withUnsafeBytes { decode($0, line: field.line) }
        }
        if raw.isEmpty { raw = UnsafeRawBufferPointer(start: nil, count: 0) }
        return decode(raw, line: field.line)
    }

    /// Field `index` as text with surrounding spaces removed.
    mutating func trimmedString(_ index: Int) -> String {
        let text = string(index)
        guard let first = text.utf8.first, let last = text.utf8.last,
              first == 32 || first == 9 || last == 32 || last == 9
        else { return text }
        return String(text.trimmingSpaces())
    }

    private mutating func decode(_ bytes: UnsafeRawBufferPointer, line: Int) -> String {
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        switch encoding {
        case .windows1252:
            return Windows1252.decode(bytes)
        case .utf8, .undecided:
            if let text = String(validating: bytes, as: UTF8.self) {
                if encoding == .undecided { encoding = .utf8 }
                return text
            }
            if encoding == .undecided {
                encoding = .windows1252
            } else if mixedEncodingLine == nil {
                mixedEncodingLine = line
            }
            return Windows1252.decode(bytes)
        }
    }

    /// 1-based column, in characters, of field `index`.
    func column(of index: Int) -> Int {
        let field = fields[index]
        return columnOf(offset: field.quoted ? field.start - 1 : field.start, lineStart: field.lineStart)
    }

    private func columnOf(offset: Int, lineStart: Int) -> Int {
        var column = 1
        var i = max(lineStart, 0)
        let p = storage.pointer
        while i < offset {
            // Count characters, not bytes, in UTF-8 text.
            if encoding == .windows1252 || p[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }
}

/// Growable byte storage the reader scans through a raw pointer.
final class ByteBuffer {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    func append(_ bytes: [UInt8]) {
        reserveFree(minimum: bytes.count)
        bytes.withUnsafeBufferPointer { (pointer + count).update(from: $0.baseAddress!, count: $0.count) }
        count += bytes.count
    }

    func reserveFree(minimum: Int) {
        while capacity - count < minimum { grow() }
    }

    func grow() {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.update(from: pointer, count: count)
        pointer.deallocate()
        pointer = bigger
        capacity *= 2
    }

    func discardPrefix(_ n: Int) {
        (pointer).update(from: pointer + n, count: count - n)
        count -= n
    }
}

@inline(__always)
func trimSpaces(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    var lo = 0
    var hi = bytes.count
    while lo < hi, bytes[lo] == 32 || bytes[lo] == 9 { lo += 1 }
    while hi > lo, bytes[hi - 1] == 32 || bytes[hi - 1] == 9 { hi -= 1 }
    return UnsafeRawBufferPointer(rebasing: bytes[lo..<hi])
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}

/// Windows-1252, the encoding of a CSV saved by Excel's plain "CSV" option in England.
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            let value = (0x80...0x9F).contains(b) ? high[Int(b) - 0x80] : UInt32(b)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
