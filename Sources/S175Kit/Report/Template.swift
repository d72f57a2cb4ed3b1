/// A value a template can show. Text is escaped when rendered; `html` is markup s175
/// built itself (charts) and is inserted as it is.
public indirect enum TemplateValue: Sendable {
    case text(String)
    case html(String)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// A problem in a template file, located like any other input problem.
public struct TemplateError: Error, Sendable {
    public var location: SourceLocation
    public var message: String
}

/// The Mustache subset s175's report templates use: `{{name}}` (escaped), `{{{name}}}`
/// and `{{&name}}` (as is), sections `{{#name}}...{{/name}}` over lists, booleans and
/// objects, inverted sections `{{^name}}`, comments `{{! ...}}`, partials `{{> name}}`,
/// dotted names and `{{.}}`. Tags alone on a line leave no blank line behind.
///
/// Written here rather than taken from swift-mustache because reports are rendered for
/// every school: swift-mustache took 1.2 ms for a school page on this machine, which is
/// 30 s for a national batch. Here a template compiles to flat instructions and a context
/// to flat arrays, so rendering is index arithmetic and byte copies.
public struct Template: Sendable {
    /// One instruction. Sections jump over their body by index; nothing holds a reference.
    enum Op: Sendable {
        case text(start: Int32, end: Int32)
        case variable(path: Int32, escaped: Bool)
        /// `end` is the index of the first op after the section's body.
        case section(path: Int32, inverted: Bool, end: Int32)
        case partial(name: Int32)
    }

    let ops: [Op]
    /// Literal text, addressed by `Op.text` ranges.
    let text: [UInt8]
    /// Dotted names used by the template, each split into parts; `[]` is `{{.}}`.
    let paths: [[String]]
    /// Partial names.
    let partialNames: [String]
    public let name: String

    /// Parses a template; `file` names it in error messages.
    public init(_ source: String, name: String, file: String) throws(TemplateError) {
        self.name = name
        var parser = TemplateParser(source: Array(source.utf8), file: file)
        try parser.parseAll()
        ops = parser.ops
        text = parser.text
        paths = parser.paths
        partialNames = parser.partialNames
    }

    /// Renders with `context`, looking partials up in `partials`.
    public func render(_ context: TemplateValue, partials: [String: Template] = [:]) -> [UInt8] {
        var flat = FlatContext()
        let root = flat.add(context)
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        var stack: [Int32] = [root]
        flat.render(self, stack: &stack, partials: partials, into: &out)
        return out
    }

    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        appendEscaped(text.utf8, to: &out)
    }

    static func appendEscaped(_ text: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in text {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
    }

    /// `text` with HTML special characters escaped, for markup built in code.
    public static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A context laid out flat for rendering: values are indices into arrays, object keys are
/// small integers and text lives in one byte buffer. Built once per render.
private struct FlatContext {
    enum Kind: UInt8 { case text, html, bool, list, object }

    private var kinds: [Kind] = []
    /// text and html: byte range start; bool: 0 or 1; list and object: first child slot.
    private var first: [Int32] = []
    /// text and html: byte count; list and object: child count.
    private var count: [Int32] = []
    /// Children of lists (value indices) and objects (key, value index) pairs.
    private var slots: [Int32] = []
    private var bytes: [UInt8] = []
    private var keyIndex: [String: Int32] = [:]

    init() {
        bytes.reserveCapacity(16_384)
    }

    mutating func add(_ value: TemplateValue) -> Int32 {
        let index = Int32(kinds.count)
        switch value {
        case .text(let s), .html(let s):
            if case .html = value { kinds.append(.html) } else { kinds.append(.text) }
            first.append(Int32(bytes.count))
            bytes.append(contentsOf: s.utf8)
            count.append(Int32(bytes.count) - first[Int(index)])
        case .bool(let b):
            kinds.append(.bool)
            first.append(b ? 1 : 0)
            count.append(0)
        case .list(let items):
            kinds.append(.list)
            first.append(0)
            count.append(Int32(items.count))
            let children = items.map { add($0) }
            first[Int(index)] = Int32(slots.count)
            slots.append(contentsOf: children)
        case .object(let members):
            kinds.append(.object)
            first.append(0)
            count.append(Int32(members.count))
            // Lookup is by key, so the order members are laid out in never shows in the output.
            let children = members.map { (key(for: $0.key), add($0.value)) }
            first[Int(index)] = Int32(slots.count)
            for (key, child) in children {
                slots.append(key)
                slots.append(child)
            }
        }
        return index
    }

    private mutating func key(for name: String) -> Int32 {
        if let known = keyIndex[name] { return known }
        let index = Int32(keyIndex.count)
        keyIndex[name] = index
        return index
    }

    private func member(_ object: Int32, _ key: Int32) -> Int32? {
        let start = Int(first[Int(object)])
        for i in 0..<Int(count[Int(object)]) where slots[start + 2 * i] == key {
            return slots[start + 2 * i + 1]
        }
        return nil
    }

    /// Mustache name resolution: the first part is looked for from the innermost context
    /// outwards, the rest inside what it found. `keys` is the path as context keys (-1: absent).
    private func lookup(_ keys: ArraySlice<Int32>, in stack: [Int32]) -> Int32? {
        guard let firstKey = keys.first else { return stack.last }
        guard firstKey >= 0 else { return nil }
        var found: Int32?
        var level = stack.count - 1
        while level >= 0 {
            let context = stack[level]
            if kinds[Int(context)] == .object, let value = member(context, firstKey) {
                found = value
                break
            }
            level -= 1
        }
        for key in keys.dropFirst() {
            guard let current = found, key >= 0, kinds[Int(current)] == .object else { return nil }
            found = member(current, key)
        }
        return found
    }

    private func isTruthy(_ value: Int32) -> Bool {
        switch kinds[Int(value)] {
        case .text, .html, .list: count[Int(value)] > 0
        case .bool: first[Int(value)] == 1
        case .object: true
        }
    }

    func render(_ template: Template, stack: inout [Int32], partials: [String: Template], into out: inout [UInt8]) {
        // The template's names as this context's keys, resolved once per use of the template.
        var keys: [Int32] = []
        var pathStart: [Int] = []
        for path in template.paths {
            pathStart.append(keys.count)
            for part in path { keys.append(keyIndex[part] ?? -1) }
        }
        pathStart.append(keys.count)
        template.text.withUnsafeBufferPointer { text in
            template.ops.withUnsafeBufferPointer { ops in
                render(ops, 0..<ops.count, text: text, keys: keys, pathStart: pathStart, template: template,
                       stack: &stack, partials: partials, into: &out)
            }
        }
    }

    private func render(
        _ ops: UnsafeBufferPointer<Template.Op>, _ range: Range<Int>, text: UnsafeBufferPointer<UInt8>, keys: [Int32],
        pathStart: [Int], template: Template, stack: inout [Int32], partials: [String: Template], into out: inout [UInt8]
    ) {
        func path(_ p: Int32) -> ArraySlice<Int32> { keys[pathStart[Int(p)]..<pathStart[Int(p) + 1]] }
        var i = range.lowerBound
        while i < range.upperBound {
            switch ops[i] {
            case .text(let start, let end):
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[Int(start)..<Int(end)]))
                i += 1
            case .variable(let p, let escaped):
                i += 1
                guard let value = lookup(path(p), in: stack) else { continue }
                let v = Int(value)
                switch kinds[v] {
                case .text, .html:
                    let span = Int(first[v])..<Int(first[v] + count[v])
                    if escaped && kinds[v] == .text {
                        bytes.withUnsafeBufferPointer { Template.appendEscaped(UnsafeBufferPointer(rebasing: $0[span]), to: &out) }
                    } else {
                        out.append(contentsOf: bytes[span])
                    }
                case .bool:
                    out.append(contentsOf: (first[v] == 1 ? "true" : "false").utf8)
                case .list, .object:
                    break
                }
            case .section(let p, let inverted, let end):
                let body = (i + 1)..<Int(end)
                i = Int(end)
                let value = lookup(path(p), in: stack)
                if inverted {
                    if !(value.map(isTruthy) ?? false) {
                        render(ops, body, text: text, keys: keys, pathStart: pathStart, template: template, stack: &stack, partials: partials, into: &out)
                    }
                    continue
                }
                guard let value, isTruthy(value) else { continue }
                if kinds[Int(value)] == .list {
                    let start = Int(first[Int(value)])
                    for item in 0..<Int(count[Int(value)]) {
                        stack.append(slots[start + item])
                        render(ops, body, text: text, keys: keys, pathStart: pathStart, template: template, stack: &stack, partials: partials, into: &out)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    render(ops, body, text: text, keys: keys, pathStart: pathStart, template: template, stack: &stack, partials: partials, into: &out)
                    stack.removeLast()
                }
            case .partial(let name):
                i += 1
                if let partial = partials[template.partialNames[Int(name)]] {
                    render(partial, stack: &stack, partials: partials, into: &out)
                }
            }
        }
    }
}

/// Turns template text into flat instructions, keeping line and column for errors.
private struct TemplateParser {
    let source: [UInt8]
    let file: String
    var position = 0
    var ops: [Template.Op] = []
    var text: [UInt8] = []
    var paths: [[String]] = []
    var partialNames: [String] = []
    private var pathIndex: [String: Int32] = [:]

    init(source: [UInt8], file: String) {
        self.source = source
        self.file = file
    }

    private enum Tag {
        case variable(String, escaped: Bool)
        case open(String, inverted: Bool)
        case close(String)
        case partial(String)
        case comment
    }

    mutating func parseAll() throws(TemplateError) {
        // Open sections: name, the index of their op, and where their tag was.
        var open: [(name: String, op: Int, at: Int)] = []
        var pending: [UInt8] = []
        func flush() {
            guard !pending.isEmpty else { return }
            let start = Int32(text.count)
            text += pending
            ops.append(.text(start: start, end: Int32(text.count)))
            pending.removeAll()
        }
        while position < source.count {
            guard let tagStart = find(from: position) else {
                pending += source[position...]
                position = source.count
                break
            }
            let (tag, tagEnd) = try readTag(at: tagStart)
            // A section, partial or comment tag alone on its line takes its line with it.
            var before = source[position..<tagStart]
            var after = tagEnd
            if case .variable = tag {} else if isStandalone(tagStart: tagStart, tagEnd: tagEnd) {
                let lineStart = (source[..<tagStart].lastIndex(of: 10).map { $0 + 1 }) ?? 0
                before = source[position..<max(position, lineStart)]
                if after < source.count, source[after] == 13 { after += 1 }
                if after < source.count, source[after] == 10 { after += 1 }
            }
            pending += before
            position = after
            switch tag {
            case .variable(let name, let escaped):
                flush()
                ops.append(.variable(path: path(name), escaped: escaped))
            case .open(let name, let inverted):
                flush()
                open.append((name, ops.count, tagStart))
                ops.append(.section(path: path(name), inverted: inverted, end: 0))
            case .close(let name):
                flush()
                guard let last = open.last, last.name == name else {
                    throw error(at: tagStart, open.last.map { "{{/\(name)}} closes a section, but the open one is {{#\($0.name)}}" }
                        ?? "{{/\(name)}} closes a section that was never opened")
                }
                open.removeLast()
                if case .section(let p, let inverted, _) = ops[last.op] {
                    ops[last.op] = .section(path: p, inverted: inverted, end: Int32(ops.count))
                }
            case .partial(let name):
                flush()
                partialNames.append(name)
                ops.append(.partial(name: Int32(partialNames.count - 1)))
            case .comment:
                break
            }
        }
        flush()
        if let unclosed = open.last {
            throw error(at: unclosed.at, "section {{#\(unclosed.name)}} is never closed")
        }
    }

    private mutating func path(_ name: String) -> Int32 {
        if let known = pathIndex[name] { return known }
        paths.append(name == "." ? [] : name.split(separator: ".").map(String.init))
        pathIndex[name] = Int32(paths.count - 1)
        return Int32(paths.count - 1)
    }

    private func isStandalone(tagStart: Int, tagEnd: Int) -> Bool {
        var i = tagStart - 1
        while i >= 0, source[i] == 32 || source[i] == 9 { i -= 1 }
        guard i < 0 || source[i] == 10 else { return false }
        var j = tagEnd
        while j < source.count, source[j] == 32 || source[j] == 9 { j += 1 }
        return j == source.count || source[j] == 10 || source[j] == 13
    }

    /// The next `{{` at or after `start`.
    private func find(from start: Int, closing: Bool = false) -> Int? {
        let mark = closing ? UInt8(ascii: "}") : UInt8(ascii: "{")
        var i = start
        while i + 1 < source.count {
            if source[i] == mark && source[i + 1] == mark { return i }
            i += 1
        }
        return nil
    }

    private func readTag(at open: Int) throws(TemplateError) -> (Tag, Int) {
        var start = open + 2
        let triple = start < source.count && source[start] == UInt8(ascii: "{")
        if triple { start += 1 }
        guard let close = find(from: start, closing: true) else { throw error(at: open, "a tag opened with {{ is never closed with }}") }
        var end = close + 2
        if triple {
            guard end < source.count, source[end] == UInt8(ascii: "}") else { throw error(at: open, "a tag opened with {{{ must close with }}}") }
            end += 1
        }
        let inner = String(decoding: source[start..<close], as: UTF8.self).trimmingSpaces()
        if triple { return (.variable(String(inner), escaped: false), end) }
        guard let sigil = inner.first else { throw error(at: open, "an empty tag {{}}") }
        let rest = String(inner.dropFirst().trimmingSpaces())
        switch sigil {
        case "#": return (.open(try name(rest, open), inverted: false), end)
        case "^": return (.open(try name(rest, open), inverted: true), end)
        case "/": return (.close(try name(rest, open)), end)
        case ">": return (.partial(try name(rest, open)), end)
        case "&": return (.variable(try name(rest, open), escaped: false), end)
        case "!": return (.comment, end)
        case "=": throw error(at: open, "changing delimiters ({{= =}}) is not supported")
        default: return (.variable(try name(String(inner), open), escaped: true), end)
        }
    }

    private func name(_ text: String, _ at: Int) throws(TemplateError) -> String {
        guard !text.isEmpty else { throw error(at: at, "a tag has no name") }
        return text
    }

    private func error(at offset: Int, _ message: String) -> TemplateError {
        let before = source[..<offset]
        let line = before.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        let lineStart = (before.lastIndex(of: 10).map { $0 + 1 }) ?? 0
        let column = source[lineStart..<offset].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return TemplateError(location: SourceLocation(file: file, line: line, column: column), message: message)
    }
}
