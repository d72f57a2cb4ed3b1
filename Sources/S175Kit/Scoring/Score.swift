/// Weighted points achieved out of points possible. Not-applicable and unanswered
/// items add nothing to either, so `possible` is the denominator a reader needs.
public struct Score: Sendable, Hashable {
    public var achieved: Int
    public var possible: Int

    public init(achieved: Int = 0, possible: Int = 0) {
        self.achieved = achieved
        self.possible = possible
    }

    public static func + (a: Score, b: Score) -> Score {
        Score(achieved: a.achieved + b.achieved, possible: a.possible + b.possible)
    }

    public static func += (a: inout Score, b: Score) {
        a.achieved += b.achieved
        a.possible += b.possible
    }

    /// Tenths of a percent, rounded half up; nil when nothing was scored.
    public var permille: Int? {
        guard possible > 0 else { return nil }
        return (achieved * 2000 + possible) / (possible * 2)
    }

    /// `83.3`, or empty when nothing was scored.
    public var percentText: String {
        guard let permille else { return "" }
        return Percent.text(permille: permille)
    }
}

public enum Percent {
    /// Formats tenths of a percent as `83.3`.
    public static func text(permille: Int) -> String {
        let negative = permille < 0
        let magnitude = negative ? -permille : permille
        return (negative ? "-" : "") + "\(magnitude / 10).\(magnitude % 10)"
    }

    /// `count / total` as tenths of a percent, rounded half up.
    public static func permille(_ count: Int, of total: Int) -> Int? {
        guard total > 0 else { return nil }
        return (count * 2000 + total) / (total * 2)
    }
}
