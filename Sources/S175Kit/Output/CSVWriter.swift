/// Writes CSV that opens cleanly in Excel: UTF-8 with a byte order mark, CRLF line
/// ends, quoting where needed, and no cell that Excel could run as a formula.
public struct CSVWriter: Sendable {
    public private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init(header: [String]) {
        row(header)
    }

    public mutating func row(_ cells: [String]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(cell)
        }
        bytes.append(13)
        bytes.append(10)
    }

    private mutating func append(_ cell: String) {
        let text = CSVWriter.neutralised(cell)
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else {
            bytes.append(contentsOf: text.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return could be run as a
    /// formula by a spreadsheet; a leading apostrophe makes it text. Plain numbers such
    /// as `-4.5` cannot be formulas and are left alone so they stay numbers.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.utf8.first,
              first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "@") || first == 9 || first == 13
        else { return cell }
        if DecimalNumber(parsing: cell) != nil && !cell.contains(" ") && first != 9 && first != 13 { return cell }
        return "'" + cell
    }
}
