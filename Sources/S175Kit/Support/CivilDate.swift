/// A calendar date without a time zone, as schools write them (ISO `2026-09-01`
/// or the UK form Excel produces, `01/09/2026`).
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Builds a date only if it exists in the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `yyyy-mm-dd`.
    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// `1 September 2026`, for reports.
    public var longDescription: String {
        "\(day) \(CivilDate.monthNames[month - 1]) \(year)"
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The same day `months` calendar months later (or earlier when negative),
    /// clamped to the end of a shorter month: 31 March minus one month is 28/29 February.
    public func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let y = index / 12
        let m = index % 12 + 1
        return CivilDate(year: y, month: m, day: min(day, CivilDate.daysIn(month: m, year: y)))!
    }

    /// The day of the week, 0 = Sunday.
    var weekday: Int {
        let d = (daysSinceEpoch + 4) % 7
        return d < 0 ? d + 7 : d
    }

    /// Parses `yyyy-mm-dd` or the UK `dd/mm/yyyy` (one-digit day and month allowed).
    /// Returns nil for anything else, including dates that do not exist.
    public init?(parsing text: some StringProtocol) {
        let s = Array(text.utf8)
        if let (date, used) = CivilDate.scan(s[...]), used == s.count {
            self = date
        } else {
            return nil
        }
    }

    /// Reads a date at the start of `bytes`; returns it and how many bytes it used.
    static func scan(_ bytes: ArraySlice<UInt8>) -> (CivilDate, Int)? {
        var p = bytes.startIndex
        func number(maxDigits: Int) -> (Int, Int)? {
            var value = 0
            var count = 0
            while p < bytes.endIndex, count < maxDigits, (48...57).contains(bytes[p]) {
                value = value * 10 + Int(bytes[p] - 48)
                p += 1
                count += 1
            }
            return count == 0 ? nil : (value, count)
        }
        guard let (first, firstDigits) = number(maxDigits: 4) else { return nil }
        if firstDigits == 4 {
            // yyyy-mm-dd
            guard p < bytes.endIndex, bytes[p] == UInt8(ascii: "-") else { return nil }
            p += 1
            guard let (m, md) = number(maxDigits: 2), md == 2 else { return nil }
            guard p < bytes.endIndex, bytes[p] == UInt8(ascii: "-") else { return nil }
            p += 1
            guard let (d, dd) = number(maxDigits: 2), dd == 2 else { return nil }
            guard let date = CivilDate(year: first, month: m, day: d) else { return nil }
            return (date, p - bytes.startIndex)
        }
        // dd/mm/yyyy
        guard firstDigits <= 2, p < bytes.endIndex, bytes[p] == UInt8(ascii: "/") else { return nil }
        p += 1
        guard let (m, md) = number(maxDigits: 2), md <= 2 else { return nil }
        guard p < bytes.endIndex, bytes[p] == UInt8(ascii: "/") else { return nil }
        p += 1
        guard let (y, yd) = number(maxDigits: 4), yd == 4 else { return nil }
        guard let date = CivilDate(year: y, month: m, day: first) else { return nil }
        return (date, p - bytes.startIndex)
    }
}

@inline(__always)
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
