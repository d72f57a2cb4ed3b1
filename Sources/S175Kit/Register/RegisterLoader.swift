/// Reads registers: the GIAS establishment extract (`edubasealldataYYYYMMDD.csv`) for
/// schools, and a list of providers on Ofsted's early years register for early years;
/// Windows-1252 or UTF-8.
public enum RegisterLoader {
    /// Where each field of a setting comes from: the accepted column names, first found wins.
    struct Layout {
        var urn: [String]
        var name: [String]
        var status: [String]
        var laCode: [String]
        var laName: [String]
        var establishmentNumber: [String] = []
        var type: [String]
        var subtype: [String] = []
        var typeGroup: [String] = []
        var phase: [String] = []
        var lowAge: [String] = []
        var highAge: [String] = []
        var pupils: [String]
        var trustCode: [String] = []
        var trustName: [String]
        var federation: [String] = []
        var senPRU: [String] = []
        var district: [String]
        var postcode: [String]
        var linkedSchool: [String] = []

        static let schools = Layout(
            urn: ["URN"], name: ["EstablishmentName"], status: ["EstablishmentStatus (name)"], laCode: ["LA (code)"],
            laName: ["LA (name)"], establishmentNumber: ["EstablishmentNumber"], type: ["TypeOfEstablishment (name)"],
            typeGroup: ["EstablishmentTypeGroup (name)"], phase: ["PhaseOfEducation (name)"], lowAge: ["StatutoryLowAge"],
            highAge: ["StatutoryHighAge"], pupils: ["NumberOfPupils"], trustCode: ["Trusts (code)"], trustName: ["Trusts (name)"],
            federation: ["Federations (name)"], senPRU: ["SENPRU (name)"], district: ["DistrictAdministrative (name)"],
            postcode: ["Postcode"])

        /// The column names of the LA's own provider lists and of Ofsted's published data.
        /// The owner (a nursery group, a charity) plays the part a trust plays for schools.
        static let earlyYears = Layout(
            urn: ["URN", "Provider URN"], name: ["ProviderName", "Provider name", "EstablishmentName"],
            status: ["RegistrationStatus", "Registration status", "Provider status"],
            laCode: ["LA (code)", "Local authority code"], laName: ["LA (name)", "Local authority"],
            type: ["ProviderType", "Provider type"], subtype: ["ProviderSubtype", "Provider subtype"],
            pupils: ["Places", "Registered places", "Number of registered places"],
            trustName: ["Owner", "OwnerName", "Provider group", "Organisation"], district: ["Ward", "DistrictAdministrative (name)"],
            postcode: ["Postcode", "Provider postcode"], linkedSchool: ["LinkedSchoolURN", "Linked school URN", "School URN"])

        static func of(_ population: String) -> Layout { population == EarlyYears.population ? earlyYears : schools }
    }

    /// Reads every register source; a problem in a row is a diagnostic and the row is left out.
    /// Returns nil for the register when a file cannot be used at all.
    public static func load(_ sources: [RegisterSource]) -> (Register?, [Diagnostic]) {
        var settings: [Setting] = []
        var seen: [String: SourceLocation] = [:]
        var inactive: [String: InactiveSetting] = [:]
        var infos: [RegisterFileInfo] = []
        var diagnostics: [Diagnostic] = []
        var covered: [(Setting, school: String, SourceLocation)] = []
        var usable = true
        for source in sources {
            let result = read(source, seen: &seen)
            diagnostics += result.diagnostics
            guard let info = result.info else {
                usable = false
                continue
            }
            infos.append(info)
            settings += result.settings
            inactive.merge(result.inactive) { first, _ in first }
            covered += result.covered
        }
        // A school-run provider is covered by its school's return only if that school is
        // expected to return one; otherwise it must send its own.
        let open = Set(settings.map(\.urn))
        for (provider, school, location) in covered {
            if open.contains(school) {
                inactive[provider.urn] = InactiveSetting(urn: provider.urn, name: provider.name, reason: .coveredBySchool(school))
            } else {
                diagnostics.append(Diagnostic(
                    .warning, .registerRow, at: location, urn: provider.urn,
                    "\(provider.name) is linked to school URN \(school), which is not an open school in the register, so it is expected to send its own return",
                    fix: "Correct the linked school URN, or clear it if the provider is no longer run by a school."))
                settings.append(provider)
            }
        }
        for setting in settings { inactive[setting.urn] = nil }
        return (usable ? Register(settings: settings, inactive: inactive, sources: infos) : nil, diagnostics)
    }

    private struct FileResult {
        var settings: [Setting] = []
        /// Early-years providers run by a school, with the school's URN.
        var covered: [(Setting, school: String, SourceLocation)] = []
        var inactive: [String: InactiveSetting] = [:]
        var diagnostics: [Diagnostic] = []
        var info: RegisterFileInfo?
    }

    private static func read(_ source: RegisterSource, seen: inout [String: SourceLocation]) -> FileResult {
        var result = FileResult()
        let display = source.file.display
        let file: FileSource
        do {
            file = try FileSource(path: source.file.path, displayPath: display)
        } catch {
            result.diagnostics.append(Diagnostic(
                .error, .unreadableFile, at: SourceLocation(file: display),
                "the register could not be read: \(error.message)", fix: "Check the path in the cycle file."))
            return result
        }
        var reader = CSVReader(source: file)
        guard case .record = reader.next() else {
            result.diagnostics.append(Diagnostic(
                .error, .unrecognisedFile, at: SourceLocation(file: display, line: 1),
                "the register is empty",
                fix: source.population == EarlyYears.population ? "Export the list of early-years providers as CSV." : "Export the establishment list from GIAS as CSV."))
            return result
        }
        var column: [String: Int] = [:]
        for index in 0..<reader.fieldCount {
            let name = reader.trimmedString(index)
            if column[name.lowercased()] == nil { column[name.lowercased()] = index }
        }
        let layout = Layout.of(source.population)
        func position(_ names: [String]) -> Int? { names.lazy.compactMap { column[$0.lowercased()] }.first }
        // An early-years list may name the LA in Ofsted's words rather than GIAS's.
        var localityNames = [source.localityColumn]
        if source.localityColumn == RegisterSource.defaultLocalityColumn { localityNames = layout.laName }
        let required = [(layout.urn, "URN"), (layout.name, "name"), (layout.status, "status"), (localityNames, "locality")]
        let missing = required.filter { position($0.0) == nil }
        if !missing.isEmpty {
            let names = missing.map { names, _ in names.map { "\"\($0)\"" }.joined(separator: " or ") }
            result.diagnostics.append(Diagnostic(
                .error, .csvMissingColumn, at: SourceLocation(file: display, line: 1, column: 1),
                "the register has no column " + names.joined(separator: ", "),
                fix: source.population == EarlyYears.population
                    ? "Export the provider list with these columns, or set locality-column in the cycle file to a column it has."
                    : "Export it from GIAS with these columns, or set locality-column in the cycle file to a column it has."))
            return result
        }
        let urnColumn = position(layout.urn)!
        let nameColumn = position(layout.name)!
        let statusColumn = position(layout.status)!
        let localityColumn = position(localityNames)!
        let columns = (
            laCode: position(layout.laCode), laName: position(layout.laName), number: position(layout.establishmentNumber),
            type: position(layout.type), subtype: position(layout.subtype), typeGroup: position(layout.typeGroup),
            phase: position(layout.phase), lowAge: position(layout.lowAge), highAge: position(layout.highAge),
            pupils: position(layout.pupils), trustCode: position(layout.trustCode), trustName: position(layout.trustName),
            federation: position(layout.federation), senPRU: position(layout.senPRU), district: position(layout.district),
            postcode: position(layout.postcode), linkedSchool: position(layout.linkedSchool))
        let laCodes = Set(source.laCodes)
        if !laCodes.isEmpty && columns.laCode == nil {
            // Without it every row would be dropped as another LA's, and nobody expected to return.
            result.diagnostics.append(Diagnostic(
                .error, .csvMissingColumn, at: SourceLocation(file: display, line: 1, column: 1),
                "the cycle keeps only LA codes \(source.laCodes.joined(separator: " ")), but the register has no column " + layout.laCode.map { "\"\($0)\"" }.joined(separator: " or "),
                fix: "Add the LA code column to the register, or remove la-codes from its line in the cycle file."))
            return result
        }
        let excluded = Set(source.excludedTypeGroups)
        let headerCount = reader.fieldCount
        var rows = 0
        var kept = 0

        loop: while true {
            switch reader.next() {
            case .end:
                break loop
            case .malformed(let problem, let line, let col, let message):
                result.diagnostics.append(Diagnostic(
                    .error, problem, at: SourceLocation(file: display, line: line, column: col),
                    message, fix: "Correct the row in the register.", effect: .settingSkipped))
                continue
            case .record:
                break
            }
            rows += 1
            let line = reader.recordLine
            if reader.fieldCount > headerCount {
                // Usually a name with a comma that was not quoted: every later column has moved.
                result.diagnostics.append(Diagnostic(
                    .error, .csvFieldCount, at: SourceLocation(file: display, line: line, column: reader.column(of: headerCount)),
                    "this row has \(reader.fieldCount) cells but the header has \(headerCount), so its columns cannot be trusted and it is left out",
                    fix: "Put quotes round any cell that contains a comma, or export the register again.", effect: .settingSkipped))
                continue
            }
            func text(_ index: Int?) -> String {
                guard let index, index < reader.fieldCount else { return "" }
                return reader.trimmedString(index)
            }
            let rawURN = text(urnColumn)
            guard let urn = URN.normalise(rawURN) else {
                result.diagnostics.append(Diagnostic(
                    .warning, .registerRow,
                    at: SourceLocation(file: display, line: line, column: urnColumn < reader.fieldCount ? reader.column(of: urnColumn) : 0),
                    "\"\(rawURN)\" is not a URN, so this row is left out of the register",
                    fix: "A URN is six digits (EY and six digits for early-years providers).", effect: .settingSkipped))
                continue
            }
            func integer(_ index: Int?) -> Int? { Int(text(index)) }
            var setting = Setting(
                urn: urn, name: text(nameColumn), laCode: text(columns.laCode), laName: text(columns.laName),
                establishmentNumber: text(columns.number), type: text(columns.type), typeGroup: text(columns.typeGroup),
                status: text(statusColumn), phase: text(columns.phase), lowAge: integer(columns.lowAge),
                highAge: integer(columns.highAge), pupils: integer(columns.pupils), trustCode: text(columns.trustCode),
                trustName: text(columns.trustName), federation: text(columns.federation), senPRU: text(columns.senPRU),
                district: text(columns.district), postcode: text(columns.postcode), locality: text(localityColumn))
            let location = SourceLocation(file: display, line: line, column: reader.column(of: urnColumn))
            if !laCodes.isEmpty && !laCodes.contains(setting.laCode) {
                result.inactive[urn] = InactiveSetting(urn: urn, name: setting.name, reason: .otherLA(setting.laName))
                continue
            }
            var inactiveReason: InactiveSetting.Reason?
            if source.population == EarlyYears.population {
                let registered = EarlyYears.settle(&setting, subtype: text(columns.subtype))
                for problem in registered.problems {
                    result.diagnostics.append(Diagnostic(.warning, .registerRow, at: location, urn: urn, problem.message, fix: problem.fix))
                }
                inactiveReason = registered.inactive
                if inactiveReason == nil, let school = URN.normalise(text(columns.linkedSchool)) {
                    result.covered.append((setting, school, location))
                    continue
                }
            } else if !setting.isOpen {
                inactiveReason = setting.status == "Proposed to open" ? .notYetOpen : .closed
            }
            if let inactiveReason {
                result.inactive[urn] = InactiveSetting(urn: urn, name: setting.name, reason: inactiveReason)
                continue
            }
            if excluded.contains(setting.typeGroup) {
                result.inactive[urn] = InactiveSetting(urn: urn, name: setting.name, reason: .outOfScope(typeGroup: setting.typeGroup))
                continue
            }
            if let first = seen[urn] {
                result.diagnostics.append(Diagnostic(
                    .warning, .registerDuplicate, at: location, urn: urn,
                    "URN \(urn) appears again in the register (first at \(first.description)); this row is ignored",
                    fix: "Remove the repeated row.", effect: .settingSkipped))
                continue
            }
            seen[urn] = location
            if setting.locality.isEmpty {
                setting.locality = "Not recorded"
                result.diagnostics.append(Diagnostic(
                    .warning, .registerRow, at: location, urn: urn,
                    "\(setting.name) has no \(localityNames[0]), so it is reported under \"Not recorded\"",
                    fix: "Fill in the column in the register."))
            }
            result.settings.append(setting)
            kept += 1
        }
        if let error = reader.ioError {
            result.diagnostics.append(Diagnostic(
                .error, .unreadableFile, at: SourceLocation(file: display, line: reader.recordLine),
                "the register could not be read to the end: \(error)", fix: "Check the file and run again."))
            return result
        }
        if let line = reader.mixedEncodingLine {
            result.diagnostics.append(Diagnostic(
                .warning, .encoding, at: SourceLocation(file: display, line: line),
                "the register mixes UTF-8 and Windows-1252 text; this line was read as Windows-1252",
                fix: "Check names with accents or symbols on this line."))
        }
        result.info = RegisterFileInfo(file: display, fingerprint: file.fingerprint(), rows: rows, kept: kept, population: source.population)
        return result
    }
}
