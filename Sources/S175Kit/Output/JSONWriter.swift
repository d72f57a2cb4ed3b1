/// A JSON value with keys kept in the order written, so output is byte-identical run to run.
public indirect enum JSONValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Pretty-printed with two-space indentation and a final newline.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The same as UTF-8 bytes, built without intermediate Strings (a national manifest is megabytes).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: 0)
        out.append(10)
        return out
    }

    private func write(into out: inout [UInt8], indent: Int) {
        func newline(_ level: Int) {
            out.append(10)
            for _ in 0..<level { out.append(32); out.append(32) }
        }
        switch self {
        case .string(let s): JSONValue.appendQuoted(s, to: &out)
        case .int(let i): out += String(i).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            if items.isEmpty {
                out += "[]".utf8
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                newline(indent + 1)
                item.write(into: &out, indent: indent + 1)
                if i < items.count - 1 { out.append(UInt8(ascii: ",")) }
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out += "{}".utf8
                return
            }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                newline(indent + 1)
                JSONValue.appendQuoted(key, to: &out)
                out += ": ".utf8
                value.write(into: &out, indent: indent + 1)
                if i < members.count - 1 { out.append(UInt8(ascii: ",")) }
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 10: out += #"\n"#.utf8
            case 13: out += #"\r"#.utf8
            case 9: out += #"\t"#.utf8
            case UInt8(ascii: "<"): out += #"\u003c"#.utf8  // safe to embed in HTML
            case 0..<0x20: out += ("\\u" + pad(Int(byte), 4, hex: true)).utf8
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func pad(_ value: Int, _ width: Int, hex: Bool) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
