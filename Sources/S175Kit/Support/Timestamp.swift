/// A moment a return was submitted, held as seconds since 1970 UTC.
///
/// Survey tools write ISO 8601 (`2026-11-14T10:32:00Z`); Excel in an English locale
/// rewrites it as `14/11/2026 10:32`. Times without a zone are UK local time.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var secondsSinceEpoch: Int

    public init(secondsSinceEpoch: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.secondsSinceEpoch < b.secondsSinceEpoch
    }

    /// The UTC form `2026-11-14T10:32:00Z`, which sorts and reads the same everywhere.
    public var description: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86400 : (secondsSinceEpoch - 86399) / 86400
        let rest = secondsSinceEpoch - days * 86400
        let date = CivilDate(daysSinceEpoch: days)
        return "\(date)T" + pad(rest / 3600, 2) + ":" + pad(rest / 60 % 60, 2) + ":" + pad(rest % 60, 2) + "Z"
    }

    /// The calendar date in the UK at this moment (deadlines are UK dates).
    public var ukDate: CivilDate {
        let local = secondsSinceEpoch + UKTime.offset(atUTC: secondsSinceEpoch)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        return CivilDate(daysSinceEpoch: days)
    }

    /// Parses the forms described above. A bare date means midnight UK time.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let (date, used) = CivilDate.scan(bytes[...]) else { return nil }
        var p = used
        var seconds = 0
        var offset: Int? = nil
        if p < bytes.count {
            guard bytes[p] == UInt8(ascii: "T") || bytes[p] == UInt8(ascii: " ") else { return nil }
            p += 1
            func two() -> Int? {
                guard p + 1 < bytes.count, (48...57).contains(bytes[p]), (48...57).contains(bytes[p + 1]) else {
                    return nil
                }
                defer { p += 2 }
                return Int(bytes[p] - 48) * 10 + Int(bytes[p + 1] - 48)
            }
            // Excel drops the leading zero of the hour: "14/11/2026 9:05".
            var hour: Int
            if p + 1 < bytes.count, (48...57).contains(bytes[p]), bytes[p + 1] == UInt8(ascii: ":") {
                hour = Int(bytes[p] - 48)
                p += 1
            } else {
                guard let h = two() else { return nil }
                hour = h
            }
            guard p < bytes.count, bytes[p] == UInt8(ascii: ":") else { return nil }
            p += 1
            guard let minute = two() else { return nil }
            var second = 0
            if p < bytes.count, bytes[p] == UInt8(ascii: ":") {
                p += 1
                guard let s = two() else { return nil }
                second = s
                if p < bytes.count, bytes[p] == UInt8(ascii: ".") || bytes[p] == UInt8(ascii: ",") {
                    p += 1
                    while p < bytes.count, (48...57).contains(bytes[p]) { p += 1 }
                }
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            seconds = hour * 3600 + minute * 60 + second
            if p < bytes.count {
                if bytes[p] == UInt8(ascii: "Z") {
                    offset = 0
                    p += 1
                } else if bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") {
                    let sign = bytes[p] == UInt8(ascii: "-") ? -1 : 1
                    p += 1
                    guard let oh = two() else { return nil }
                    if p < bytes.count, bytes[p] == UInt8(ascii: ":") { p += 1 }
                    guard let om = two(), oh < 24, om < 60 else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
            guard p == bytes.count else { return nil }
        }
        let local = date.daysSinceEpoch * 86400 + seconds
        if let offset {
            secondsSinceEpoch = local - offset
        } else {
            secondsSinceEpoch = local - UKTime.offset(atLocal: local)
        }
    }
}

/// UK civil time: GMT, or BST (UTC+1) from 01:00 UTC on the last Sunday of March
/// to 01:00 UTC on the last Sunday of October. Computed, so no time zone database is needed.
enum UKTime {
    static func lastSunday(month: Int, year: Int) -> CivilDate {
        let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
        return CivilDate(daysSinceEpoch: last.daysSinceEpoch - last.weekday)
    }

    static func offset(atUTC seconds: Int) -> Int {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let year = CivilDate(daysSinceEpoch: days).year
        let start = lastSunday(month: 3, year: year).daysSinceEpoch * 86400 + 3600
        let end = lastSunday(month: 10, year: year).daysSinceEpoch * 86400 + 3600
        return seconds >= start && seconds < end ? 3600 : 0
    }

    /// Offset for a wall-clock time; an hour that happens twice in October is read as BST.
    static func offset(atLocal seconds: Int) -> Int {
        offset(atUTC: seconds - 3600) == 3600 ? 3600 : offset(atUTC: seconds)
    }
}
