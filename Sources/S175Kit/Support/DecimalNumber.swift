/// An exact decimal with up to four places (a number answer, a threshold), so
/// comparisons never depend on binary floating point.
public struct DecimalNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let places = 4
    static let scale: Int64 = 10_000

    /// The value times 10,000.
    public var scaled: Int64

    public init(scaled: Int64) {
        self.scaled = scaled
    }

    public init(_ integer: Int) {
        scaled = Int64(integer) * DecimalNumber.scale
    }

    /// Parses `12`, `-3.5`, `99.75`, ignoring surrounding spaces; nil for anything else
    /// (including more than four decimal places or more than 12 integer digits).
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.trimmingSpaces().utf8)
        var i = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var integer: Int64 = 0
        var digits = 0
        while i < bytes.count, (48...57).contains(bytes[i]) {
            integer = integer * 10 + Int64(bytes[i] - 48)
            digits += 1
            i += 1
            if digits > 12 { return nil }
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, (48...57).contains(bytes[i]) {
                fractionDigits += 1
                if fractionDigits > DecimalNumber.places { return nil }
                fraction = fraction * 10 + Int64(bytes[i] - 48)
                i += 1
            }
            if fractionDigits == 0 { return nil }
        }
        guard i == bytes.count, digits + fractionDigits > 0 else { return nil }
        for _ in fractionDigits..<DecimalNumber.places { fraction *= 10 }
        scaled = (integer * DecimalNumber.scale + fraction) * (negative ? -1 : 1)
    }

    public static func < (a: DecimalNumber, b: DecimalNumber) -> Bool { a.scaled < b.scaled }

    /// Shortest form: `12`, `12.5`, `-0.25`.
    public var description: String {
        let negative = scaled < 0
        let magnitude = negative ? -scaled : scaled
        var text = String(magnitude / DecimalNumber.scale)
        let fraction = magnitude % DecimalNumber.scale
        if fraction != 0 {
            var digits = pad(Int(fraction), DecimalNumber.places)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return negative ? "-" + text : text
    }

    /// In hundredths, for percentage thresholds; nil if finer than that.
    var hundredths: Int? {
        scaled % 100 == 0 ? Int(scaled / 100) : nil
    }
}
