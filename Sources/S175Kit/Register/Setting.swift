/// One establishment from the register (GIAS): who should send a return.
/// Head teachers' names are personal data and are not read.
public struct Setting: Sendable, Hashable {
    public var urn: String
    public var name: String
    public var laCode: String
    public var laName: String
    public var establishmentNumber: String
    public var type: String
    public var typeGroup: String
    public var status: String
    public var phase: String
    public var lowAge: Int?
    public var highAge: Int?
    public var pupils: Int?
    public var trustCode: String
    /// For an early-years provider, its owner (a nursery group, a charity): two settings of
    /// one owner are never paired, as for a trust.
    public var trustName: String
    public var federation: String
    public var senPRU: String
    public var district: String
    public var postcode: String
    /// The locality its reports group it under (by default the LA name).
    public var locality: String
    /// Which questionnaires it answers: `schools`, or `early-years` for providers on the Ofsted register.
    public var population: String = "schools"

    /// The DfE number (LAESTAB) as schools write it: `870/1234`.
    public var dfeNumber: String {
        laCode.isEmpty || establishmentNumber.isEmpty ? "" : "\(laCode)/\(establishmentNumber)"
    }

    /// Special schools, pupil referral units and alternative provision: reported in their own annex.
    public var isSpecialist: Bool {
        let lowered = type.lowercased()
        return typeGroup == "Special schools" || lowered.contains("special") || lowered.contains("pupil referral")
            || lowered.contains("alternative provision") || senPRU == "PRU"
    }

    /// Open, or open and proposed to close: expected to return.
    public var isOpen: Bool {
        status == "Open" || status.hasPrefix("Open, but")
    }
}

/// The settings expected to return this cycle, and those known but not expected.
public struct Register: Sendable {
    public var settings: [Setting]
    /// Closed, not yet open, out of scope or outside the LA codes: known, so a return
    /// from one gets a precise message, but nobody chases them.
    public var inactive: [String: InactiveSetting]
    public var sources: [RegisterFileInfo]
    private var index: [String: Int]

    /// Settings are kept in report order (locality, name, URN), so a setting's position is its rank.
    public init(settings: [Setting], inactive: [String: InactiveSetting], sources: [RegisterFileInfo]) {
        self.settings = settings.sorted { ($0.locality, $0.name, $0.urn) < ($1.locality, $1.name, $1.urn) }
        self.inactive = inactive
        self.sources = sources
        var index: [String: Int] = [:]
        for (i, setting) in self.settings.enumerated() { index[setting.urn] = i }
        self.index = index
    }

    public func setting(urn: String) -> Setting? {
        index[urn].map { settings[$0] }
    }

    /// The setting's position in report order.
    public func position(urn: String) -> Int? {
        index[urn]
    }

    /// Every locality, sorted.
    public var localities: [String] {
        Array(Set(settings.map(\.locality))).sorted()
    }
}

public struct InactiveSetting: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        case closed, notYetOpen, suspended, outOfScope(typeGroup: String), otherLA(String)
        /// A school-run early-years provider: the school's own return covers it.
        case coveredBySchool(String)
    }
    public var urn: String
    public var name: String
    public var reason: Reason
}

public struct RegisterFileInfo: Sendable, Hashable {
    public var file: String
    public var fingerprint: FileFingerprint
    public var rows: Int
    public var kept: Int
    public var population: String
}

/// URNs are digits (six for schools), or `EY` and digits for early-years providers
/// registered with Ofsted.
public enum URN {
    /// The URN in canonical form (trimmed, `EY` upper case), or nil if it cannot be one.
    public static func normalise(_ text: some StringProtocol) -> String? {
        // Six plain digits, the usual case, need no work.
        if text.utf8.count == 6, text.utf8.allSatisfy({ (48...57).contains($0) }) { return String(text) }
        var value = String(text.trimmingSpaces())
        if value.hasSuffix(".0") { value.removeLast(2) }  // Excel's number formatting
        var digits = Substring(value)
        var prefix = ""
        if value.count > 2, value.prefix(2).uppercased() == "EY" {
            prefix = "EY"
            digits = value.dropFirst(2)
        }
        guard (5...8).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return prefix + digits
    }
}
