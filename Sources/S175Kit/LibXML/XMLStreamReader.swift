import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// The one place that calls libxml2: a forward-only reader over an XML file
/// (`xmlTextReader`), so no document tree is ever built for a return.
///
/// Hostile input is refused before libxml2 sees it: the bytes pass through our read
/// callback, which stops at any `<!DOCTYPE` or `<!ENTITY`, so entities are never
/// declared, expanded or fetched. The parser runs with `NONET` and without `NOENT`,
/// `DTDLOAD`, `HUGE` or `RECOVER`, and every external entity load is refused globally.
final class XMLStreamReader {
    enum Node: Equatable {
        case startElement, endElement, text, other
    }

    /// A problem libxml2 or the input guard reported.
    struct Problem {
        var line: Int
        var column: Int
        var message: String
        /// The DTD guard stopped the file (as opposed to a well-formedness error).
        var forbidden: Bool
        /// The element the schema complained about, to locate the column.
        var elementName: String?
    }

    private var reader: xmlTextReaderPtr?
    private let input: Input
    private let inputBox: Unmanaged<Input>
    private(set) var problems: [Problem] = []

    /// Reads `source` as it streams from disk.
    convenience init(source: FileSource, schema: XMLSchema? = nil) {
        self.init(input: Input(source: source), schema: schema)
    }

    /// Reads bytes already in memory.
    convenience init(bytes: [UInt8], name: String, schema: XMLSchema? = nil) {
        self.init(input: Input(bytes: bytes), schema: schema)
    }

    private init(input: Input, schema: XMLSchema?) {
        LibXML.setUp()
        self.input = input
        inputBox = Unmanaged.passRetained(input)
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        reader = xmlReaderForIO(
            { context, buffer, length in
                guard let context, let buffer else { return -1 }
                let input = Unmanaged<Input>.fromOpaque(context).takeUnretainedValue()
                return input.read(into: buffer, count: length)
            },
            nil, inputBox.toOpaque(), nil, nil, options)
        if let reader {
            xmlTextReaderSetStructuredErrorHandler(
                reader,
                { context, error in
                    guard let context, let error else { return }
                    let me = Unmanaged<XMLStreamReader>.fromOpaque(context).takeUnretainedValue()
                    me.record(error.pointee)
                },
                Unmanaged.passUnretained(self).toOpaque())
            if let schema {
                if xmlTextReaderSetSchema(reader, schema.pointer) != 0 {
                    problems.append(Problem(line: 0, column: 0, message: "the schema could not be attached", forbidden: false))
                }
            }
        } else {
            problems.append(Problem(line: 0, column: 0, message: "the XML reader could not start", forbidden: false))
        }
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
        inputBox.release()
    }

    private func record(_ error: xmlError) {
        // The guard's refusal surfaces as an I/O error; report the guard's own words instead.
        if input.refusal != nil { return }
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        var element: String?
        if let node = error.node {
            let xmlNode = node.assumingMemoryBound(to: xmlNode.self)
            if let name = xmlNode.pointee.name { element = String(cString: name) }
        }
        let line = Int(error.line)
        problems.append(Problem(
            line: line > 0 ? line : currentLine, column: Int(error.int2), message: message,
            forbidden: false, elementName: element))
    }

    /// Moves to the next node; nil at the end of the document or after a fatal error.
    func read() -> Node? {
        guard let reader else { return nil }
        let status = xmlTextReaderRead(reader)
        if let refusal = input.refusal, !problems.contains(where: \.forbidden) {
            problems.append(refusal)
            return nil
        }
        guard status == 1 else { return nil }
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue): return .startElement
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue): return .endElement
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
            Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
            return .text
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
            // Unreachable while the input guard works; refuse rather than trust it.
            problems.append(Problem(line: currentLine, column: 0, message: Input.dtdMessage, forbidden: true))
            return nil
        default: return .other
        }
    }

    /// Whether a problem at `line` is the file simply stopping: the whole file was read
    /// and the problem is on its last lines.
    func isAtEndOfInput(line: Int) -> Bool {
        input.reachedEnd && line >= input.lastLine - 1
    }

    /// The column of `needle` (an attribute `name=` or a tag `<name`) on `line`, or 0.
    func column(line: Int, needle: String) -> Int {
        input.column(line: line, needle: needle)
    }

    /// The line of the current node (libxml2's own line counter reads ahead).
    var currentLine: Int {
        guard let reader, let node = xmlTextReaderCurrentNode(reader) else { return 0 }
        return Int(xmlGetLineNo(node))
    }

    var depth: Int {
        guard let reader else { return 0 }
        return Int(xmlTextReaderDepth(reader))
    }

    var isEmptyElement: Bool {
        guard let reader else { return false }
        return xmlTextReaderIsEmptyElement(reader) == 1
    }

    /// The current node's local name, compared without making a String.
    func nameIs(_ name: StaticString) -> Bool {
        guard let reader, let current = xmlTextReaderConstLocalName(reader) else { return false }
        return equalBytes(current, name)
    }

    var localName: String {
        guard let reader, let current = xmlTextReaderConstLocalName(reader) else { return "" }
        return String(cString: current)
    }

    var namespaceURI: String {
        guard let reader, let current = xmlTextReaderConstNamespaceUri(reader) else { return "" }
        return String(cString: current)
    }

    /// The text of a text node.
    var value: String {
        guard let reader, let current = xmlTextReaderConstValue(reader) else { return "" }
        return String(cString: current)
    }

    /// Calls `body` with each attribute's local name and value bytes (valid only inside the call).
    func forEachAttribute(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) {
        guard let reader, xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            guard let name = xmlTextReaderConstLocalName(reader) else { continue }
            let value = xmlTextReaderConstValue(reader)
            body(bytes(of: name), value.map(bytes(of:)) ?? UnsafeRawBufferPointer(start: nil, count: 0))
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// Every attribute of the current element as strings, in document order.
    func attributes() -> [(name: String, value: String)] {
        var list: [(String, String)] = []
        forEachAttribute { name, value in
            list.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return list
    }

    /// Compares attribute or element name bytes with a literal, without generic sequence machinery.
    static func equal(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base, name.utf8Start, bytes.count) == 0
    }

    private func bytes(of text: UnsafePointer<xmlChar>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: text, count: strlen(UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self)))
    }

    private func equalBytes(_ text: UnsafePointer<xmlChar>, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        let other = name.utf8Start
        for i in 0..<count where text[i] != other[i] { return false }
        return text[count] == 0
    }

    /// Feeds libxml2, fingerprinting on the way and refusing DTDs.
    private final class Input {
        static let dtdMessage =
            "the file contains a document type declaration (<!DOCTYPE or <!ENTITY); s175 refuses these because they can make an XML reader fetch other files or expand text without limit"

        private let source: FileSource?
        private let bytes: [UInt8]
        private var offset = 0
        /// The most recent bytes read, so a problem's line and column can be found.
        private(set) var recent: [UInt8] = []
        /// The line number of the first byte of `recent`.
        private(set) var recentFirstLine = 1
        private static let recentLimit = 1 << 18
        // Scanner state carried across chunks: 0 nothing, 1 after `<`, 2 after `<!`.
        private var state = 0
        private(set) var reachedEnd = false
        private(set) var refusal: Problem?

        init(source: FileSource) {
            self.source = source
            bytes = []
        }

        init(bytes: [UInt8]) {
            source = nil
            self.bytes = bytes
        }

        func read(into buffer: UnsafeMutablePointer<CChar>, count: Int32) -> Int32 {
            guard refusal == nil else { return -1 }
            let capacity = Int(count)
            var n: Int
            if let source {
                do { n = try source.read(into: buffer, count: capacity) } catch { return -1 }
            } else {
                n = min(capacity, bytes.count - offset)
                if n > 0 {
                    bytes.withUnsafeBufferPointer { all in
                        UnsafeMutableRawPointer(buffer).copyMemory(from: all.baseAddress! + offset, byteCount: n)
                    }
                    offset += n
                }
            }
            guard n > 0 else {
                reachedEnd = true
                return 0
            }
            remember(UnsafeRawBufferPointer(start: buffer, count: n))
            if let marker = findDeclaration(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: n) {
                // The chunk is the last `n` bytes of `recent`; the marker may have begun just before it.
                let (line, column) = position(ofRecentOffset: recent.count - n + marker)
                refusal = Problem(line: line, column: column, message: Input.dtdMessage, forbidden: true)
                return -1
            }
            return Int32(n)
        }

        private func remember(_ chunk: UnsafeRawBufferPointer) {
            recent.append(contentsOf: chunk)
            guard recent.count > Input.recentLimit else { return }
            // Drop the older half, at a line boundary so every kept line is whole.
            var cut = recent.count / 2
            while cut < recent.count, recent[cut - 1] != 10 { cut += 1 }
            recentFirstLine += recent[0..<cut].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            recent.removeFirst(cut)
        }

        /// The line and column of a byte in `recent`.
        private func position(ofRecentOffset offset: Int) -> (Int, Int) {
            var line = recentFirstLine
            var lineStart = 0
            for i in 0..<min(offset, recent.count) where recent[i] == 10 {
                line += 1
                lineStart = i + 1
            }
            return (line, offset - lineStart + 1)
        }

        /// The number of the last line read.
        var lastLine: Int {
            recentFirstLine + recent.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }

        /// Where `<!D` or `<!E` (DOCTYPE, ENTITY) starts in the chunk (negative when the `<`
        /// was in the previous chunk); comments and CDATA start `<!-` and `<![` and pass.
        private func findDeclaration(_ p: UnsafePointer<UInt8>, count: Int) -> Int? {
            var i = 0
            // Finish a marker begun at the end of the previous chunk.
            while state > 0 && i < count {
                let b = p[i]
                if state == 1 {
                    state = b == UInt8(ascii: "!") ? 2 : (b == UInt8(ascii: "<") ? 1 : 0)
                } else {
                    if b == UInt8(ascii: "D") || b == UInt8(ascii: "E") { return i - 2 }
                    state = b == UInt8(ascii: "<") ? 1 : 0
                }
                i += 1
            }
            while i < count {
                guard let found = memchr(p + i, Int32(UInt8(ascii: "<")), count - i) else { return nil }
                let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - p
                if at + 2 < count {
                    if p[at + 1] == UInt8(ascii: "!") && (p[at + 2] == UInt8(ascii: "D") || p[at + 2] == UInt8(ascii: "E")) {
                        return at
                    }
                } else {
                    // The marker may continue in the next chunk.
                    state = at + 1 < count ? (p[at + 1] == UInt8(ascii: "!") ? 2 : 0) : 1
                    return nil
                }
                i = at + 1
            }
            return nil
        }

        /// The 1-based column of `needle` on `line`, if that line is still in memory.
        func column(line: Int, needle: String) -> Int {
            guard line >= recentFirstLine else { return 0 }
            var current = recentFirstLine
            var start = 0
            while current < line {
                guard let newline = recent[start...].firstIndex(of: 10) else { return 0 }
                start = newline + 1
                current += 1
            }
            let end = recent[start...].firstIndex(of: 10) ?? recent.count
            let text = recent[start..<end]
            let pattern = Array(needle.utf8)
            guard !pattern.isEmpty, text.count >= pattern.count else { return 0 }
            for i in text.startIndex...(text.endIndex - pattern.count) where text[i..<(i + pattern.count)].elementsEqual(pattern) {
                return text[text.startIndex..<i].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            }
            return 0
        }
    }
}

/// A compiled XSD, shared read-only between readers.
final class XMLSchema: @unchecked Sendable {
    fileprivate let pointer: xmlSchemaPtr

    /// Compiles a schema held in memory; nil (with libxml2's reason) if it does not compile.
    init(xsd: String) throws(XMLSchemaError) {
        LibXML.setUp()
        let compiled: xmlSchemaPtr? = xsd.withCString { text in
            guard let context = xmlSchemaNewMemParserCtxt(text, Int32(strlen(text))) else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            return xmlSchemaParse(context)
        }
        guard let compiled else { throw XMLSchemaError() }
        pointer = compiled
    }

    deinit { xmlSchemaFree(pointer) }
}

struct XMLSchemaError: Error {}

enum LibXML {
    private static let initialised: Void = {
        xmlInitParser()
        // Nothing s175 reads may pull in another file or URL.
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    static func setUp() {
        _ = initialised
    }
}
