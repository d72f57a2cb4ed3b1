/// Reads registers in the shape of the GIAS establishment extract
/// (`edubasealldataYYYYMMDD.csv`, Windows-1252 or UTF-8).
public enum RegisterLoader {
    struct Columns {
        static let urn = "URN"
        static let name = "EstablishmentName"
        static let status = "EstablishmentStatus (name)"
        static let optional = [
            "LA (code)", "LA (name)", "EstablishmentNumber", "TypeOfEstablishment (name)",
            "EstablishmentTypeGroup (name)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
            "NumberOfPupils", "Trusts (code)", "Trusts (name)", "Federations (name)", "SENPRU (name)",
            "DistrictAdministrative (name)", "Postcode",
        ]
    }

    /// Reads every register source; a problem in a row is a diagnostic and the row is left out.
    /// Returns nil for the register when a file cannot be used at all.
    public static func load(_ sources: [RegisterSource]) -> (Register?, [Diagnostic]) {
        var settings: [Setting] = []
        var seen: [String: SourceLocation] = [:]
        var inactive: [String: InactiveSetting] = [:]
        var infos: [RegisterFileInfo] = []
        var diagnostics: [Diagnostic] = []
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
        }
        for setting in settings { inactive[setting.urn] = nil }
        return (usable ? Register(settings: settings, inactive: inactive, sources: infos) : nil, diagnostics)
    }

    private struct FileResult {
        var settings: [Setting] = []
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
                "the register is empty", fix: "Export the establishment list from GIAS as CSV."))
            return result
        }
        var column: [String: Int] = [:]
        for index in 0..<reader.fieldCount {
            let name = reader.trimmedString(index)
            if column[name.lowercased()] == nil { column[name.lowercased()] = index }
        }
        func position(_ name: String) -> Int? { column[name.lowercased()] }
        let required = [Columns.urn, Columns.name, Columns.status, source.localityColumn]
        let missing = required.filter { position($0) == nil }
        if !missing.isEmpty {
            result.diagnostics.append(Diagnostic(
                .error, .csvMissingColumn, at: SourceLocation(file: display, line: 1, column: 1),
                "the register has no column " + missing.map { "\"\($0)\"" }.joined(separator: ", "),
                fix: "Export it from GIAS with these columns, or set locality-column in the cycle file to a column it has."))
            return result
        }
        let urnColumn = position(Columns.urn)!
        let nameColumn = position(Columns.name)!
        let statusColumn = position(Columns.status)!
        let localityColumn = position(source.localityColumn)!
        let optional = Columns.optional.map(position)
        let laCodes = Set(source.laCodes)
        let excluded = Set(source.excludedTypeGroups)
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
                urn: urn, name: text(nameColumn), laCode: text(optional[0]), laName: text(optional[1]),
                establishmentNumber: text(optional[2]), type: text(optional[3]), typeGroup: text(optional[4]),
                status: text(statusColumn), phase: text(optional[5]), lowAge: integer(optional[6]),
                highAge: integer(optional[7]), pupils: integer(optional[8]), trustCode: text(optional[9]),
                trustName: text(optional[10]), federation: text(optional[11]), senPRU: text(optional[12]),
                district: text(optional[13]), postcode: text(optional[14]), locality: text(localityColumn))
            if !laCodes.isEmpty && !laCodes.contains(setting.laCode) {
                result.inactive[urn] = InactiveSetting(urn: urn, name: setting.name, reason: .otherLA(setting.laName))
                continue
            }
            if !setting.isOpen {
                let reason: InactiveSetting.Reason = setting.status == "Proposed to open" ? .notYetOpen : .closed
                result.inactive[urn] = InactiveSetting(urn: urn, name: setting.name, reason: reason)
                continue
            }
            if excluded.contains(setting.typeGroup) {
                result.inactive[urn] = InactiveSetting(urn: urn, name: setting.name, reason: .outOfScope(typeGroup: setting.typeGroup))
                continue
            }
            let location = SourceLocation(file: display, line: line, column: reader.column(of: urnColumn))
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
                    "\(setting.name) has no \(source.localityColumn), so it is reported under \"Not recorded\"",
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
        result.info = RegisterFileInfo(file: display, fingerprint: file.fingerprint(), rows: rows, kept: kept)
        return result
    }
}
