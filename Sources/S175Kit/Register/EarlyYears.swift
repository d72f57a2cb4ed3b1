/// Early-years providers as the register describes them: Ofsted's provider types and
/// registration statuses brought to the four kinds the early-years questionnaire and the
/// reports use.
public enum EarlyYears {
    public static let population = "early-years"
    /// The provider types the early-years questionnaire's applies-to filters name.
    public static let providerTypes = ["Childminder", "Nursery", "Pre-school", "Out of school"]
    public static let typeGroup = "Early years"

    /// Early-years cells in ESG editions need at least this many providers, or the edition's
    /// threshold if higher: a locality may have only a few providers of a type, and a
    /// childminder is one person, so small groups are easier to recognise than schools.
    public static func minimumCell(_ threshold: Int) -> Int { max(threshold, 5) }

    /// A population as readers say it: `schools`, `early-years providers`.
    public static func describe(_ population: String) -> String {
        population == Self.population ? "early-years providers" : population
    }

    /// A childminder is a person: never named outside the Local Authority's own edition.
    public static func isChildminder(_ setting: Setting) -> Bool {
        setting.population == population && setting.type == "Childminder"
    }

    struct Settled {
        var inactive: InactiveSetting.Reason?
        var problems: [(message: String, fix: String)] = []
    }

    /// Makes a register row an early-years setting: its provider type (also its phase, so
    /// reports and pairing compare like with like) and whether it is expected to return.
    static func settle(_ setting: inout Setting, subtype: String) -> Settled {
        setting.population = population
        setting.typeGroup = typeGroup
        var settled = Settled()
        let given = [setting.type, subtype].filter { !$0.isEmpty }.joined(separator: ": ")
        if let type = providerType(setting.type + " " + subtype) {
            setting.type = type
        } else {
            // Reported as "Other": an unusual type could single out one person in a table.
            setting.type = "Other"
            settled.problems.append((
                "\(setting.name) has provider type \"\(given)\", which is not one of \(providerTypes.joined(separator: ", ")); it is reported as Other, and questions for particular provider types will not be asked of it",
                "Correct the provider type in the register."))
        }
        setting.phase = setting.type
        switch setting.status.lowercased() {
        case "active", "registered", "open":
            break
        case "suspended":
            settled.inactive = .suspended
        case "applied", "pending", "registration pending", "proposed to open":
            settled.inactive = .notYetOpen
        case "resigned", "cancelled", "closed", "inactive", "refused", "deregistered":
            settled.inactive = .closed
        default:
            settled.problems.append((
                setting.status.isEmpty
                    ? "\(setting.name) has no registration status; it is treated as registered and expected to return"
                    : "\(setting.name) has registration status \"\(setting.status)\", which s175 does not know; it is treated as registered and expected to return",
                "Use Active, Suspended, Resigned or Cancelled as Ofsted does."))
        }
        return settled
    }

    /// Ofsted's type and subtype (e.g. "Childcare on non-domestic premises: Sessional day care")
    /// as one of `providerTypes`, or nil if the text names none of them.
    static func providerType(_ text: String) -> String? {
        let t = text.lowercased()
        func has(_ words: String...) -> Bool { words.contains { t.contains($0) } }
        if has("childminder") { return "Childminder" }
        if has("out of school", "out-of-school", "holiday", "breakfast", "after school", "after-school", "wraparound") { return "Out of school" }
        if has("pre-school", "preschool", "playgroup", "sessional") { return "Pre-school" }
        if has("nursery", "full day", "day care", "non-domestic") { return "Nursery" }
        return nil
    }
}
