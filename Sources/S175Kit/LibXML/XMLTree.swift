/// A small in-memory element tree for definition files (questionnaires, cycles),
/// which are small and read whole. Returns never go through this: they stream.
struct XMLNode: Sendable {
    var name: String
    var namespace: String
    var attributes: [(name: String, value: String)]
    var children: [XMLNode]
    var text: String
    var line: Int

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The text of a child element with surrounding space removed, or "".
    func childText(_ name: String) -> String {
        child(name).map { String($0.text.trimmingSpaces()) } ?? ""
    }
}

/// A file read whole, with what is needed to point at places in it.
struct LoadedFile: Sendable {
    var displayPath: String
    var bytes: [UInt8]
    var fingerprint: FileFingerprint

    static func read(path: String, displayPath: String) throws(FileSource.OpenError) -> LoadedFile {
        let source = try FileSource(path: path, displayPath: displayPath)
        let bytes = try source.readAll()
        return LoadedFile(displayPath: displayPath, bytes: bytes, fingerprint: source.fingerprint())
    }

    /// 1-based column of `needle` on `line` (searching from the first occurrence),
    /// or of the first non-blank character when it is not there.
    func column(line: Int, needle: String?) -> Int {
        guard line > 0 else { return 0 }
        var current = 1
        var start = 0
        while current < line, start < bytes.count {
            if bytes[start] == 10 { current += 1 }
            start += 1
        }
        var end = start
        while end < bytes.count, bytes[end] != 10 { end += 1 }
        let text = bytes[start..<end]
        if let needle, !needle.isEmpty {
            let pattern = Array(needle.utf8)
            if text.count >= pattern.count {
                for i in text.startIndex...(text.endIndex - pattern.count)
                where text[i..<(i + pattern.count)].elementsEqual(pattern) {
                    return characters(in: text[text.startIndex..<i]) + 1
                }
            }
        }
        var i = text.startIndex
        while i < text.endIndex, text[i] == 32 || text[i] == 9 { i += 1 }
        return characters(in: text[text.startIndex..<i]) + 1
    }

    private func characters(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Parses the file into a tree, validating against `schema`. Problems come back as
    /// diagnostics located in this file; the tree is nil if the file is not usable.
    func parseTree(schema: XMLSchema?, effect: Diagnostic.Effect) -> (XMLNode?, [Diagnostic]) {
        let reader = XMLStreamReader(bytes: bytes, name: displayPath, schema: schema)
        var stack: [XMLNode] = []
        var root: XMLNode?
        while let node = reader.read() {
            switch node {
            case .startElement:
                let element = XMLNode(
                    name: reader.localName, namespace: reader.namespaceURI, attributes: reader.attributes(),
                    children: [], text: "", line: reader.currentLine)
                if reader.isEmptyElement {
                    if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
                } else {
                    stack.append(element)
                }
            case .endElement:
                guard let done = stack.popLast() else { break }
                if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
            case .text:
                if !stack.isEmpty { stack[stack.count - 1].text += reader.value }
            case .other:
                break
            }
        }
        var diagnostics: [Diagnostic] = []
        for problem in reader.problems {
            let schemaProblem = schema != nil && problem.message.hasPrefix("Element '")
            let needle = schemaProblem ? XMLMessages.needle(in: problem.message) : problem.elementName.map { "<" + $0 }
            let column = problem.column > 0 ? problem.column : column(line: problem.line, needle: needle)
            let location = SourceLocation(file: displayPath, line: problem.line, column: column)
            if problem.forbidden {
                diagnostics.append(Diagnostic(
                    .error, .xmlForbidden, at: location, problem.message,
                    fix: "Remove the DOCTYPE and ENTITY declarations.", effect: effect))
            } else if schemaProblem {
                diagnostics.append(Diagnostic(
                    .error, .schema, at: location, XMLMessages.schema(problem.message),
                    fix: "See the schema in questionnaires/schema/ for what is allowed here.", effect: effect))
            } else {
                diagnostics.append(Diagnostic(
                    .error, .xmlMalformed, at: location,
                    XMLMessages.plain(problem.message, truncated: reader.isAtEndOfInput(line: problem.line)), effect: effect))
            }
        }
        return (diagnostics.isEmpty ? root : nil, diagnostics)
    }
}

/// libxml2 writes for programmers; these turn its commonest messages into advice.
enum XMLMessages {
    static func plain(_ message: String, truncated: Bool) -> String {
        if truncated || message.hasPrefix("Premature end of data") || message.contains("EndTag: '</' not found") {
            return "the file ends before the XML is complete (it may have been cut off when it was saved or sent): \(message)"
        }
        if message.hasPrefix("Input is not proper UTF-8") {
            return "the file is not in UTF-8; save it as UTF-8, or declare its encoding in the first line, e.g. <?xml version=\"1.0\" encoding=\"windows-1252\"?> (\(message))"
        }
        if message.hasPrefix("Start tag expected") || message.hasPrefix("Document is empty") {
            return "the file does not contain XML (\(message))"
        }
        return message
    }

    /// A schema message without namespaces and with XSD type names in plain words.
    static func schema(_ message: String) -> String {
        var text = ""
        var skipping = false
        for character in message {
            if character == "{" { skipping = true } else if character == "}" { skipping = false } else if !skipping { text.append(character) }
        }
        let types = [
            ("the atomic type 'xs:integer'", "a whole number"), ("the atomic type 'xs:positiveInteger'", "a whole number of 1 or more"),
            ("the atomic type 'xs:decimal'", "a number"), ("the atomic type 'xs:boolean'", "true or false"),
            ("the atomic type 'xs:date'", "a date written yyyy-mm-dd"), ("the atomic type 'Percentage'", "a percentage with at most two decimal places"),
            ("the atomic type 'Identifier'", "an id (letters, digits, '.', '-', '_' or '/', starting with a letter or digit, up to 40 characters)"),
        ]
        for (type, words) in types { text = text.replacing(type, with: words) }
        return text
    }

    /// Where on the line a schema message points: the attribute it names, else the element.
    static func needle(in message: String) -> String? {
        func quoted(after marker: String) -> String? {
            guard let start = message.firstRange(of: marker)?.upperBound,
                  let end = message[start...].firstIndex(of: "'") else { return nil }
            let name = message[start..<end]
            return String(name.split(separator: "}").last ?? name)
        }
        if let attribute = quoted(after: "attribute '") { return attribute + "=" }
        return quoted(after: "Element '").map { "<" + $0 }
    }
}
