/// The report templates: the defaults built into s175, each replaceable by a file of the
/// same name in a folder the LA chooses (wording, branding, styles), without recompiling.
public struct ReportTemplates: Sendable {
    private var templates: [String: Template]
    public private(set) var css: String

    /// The built-in templates.
    public static let defaults: ReportTemplates = {
        do { return try ReportTemplates(files: DefaultTemplates.files.map { ($0.name, $0.text, "built-in " + $0.name) }) } catch {
            preconditionFailure("a built-in template does not parse: \(error)")
        }
    }()

    private init(files: [(name: String, text: String, display: String)]) throws(TemplateError) {
        templates = [:]
        css = ""
        for file in files {
            if file.name.hasSuffix(".css") {
                css = file.text
            } else if file.name.hasSuffix(".mustache") {
                let name = String(file.name.dropLast(".mustache".count))
                templates[name] = try Template(file.text, name: name, file: file.display)
            }
        }
    }

    /// The defaults with any `*.mustache` or `report.css` found in `folder` put in their place.
    public static func load(overrides folder: String?) -> (ReportTemplates?, [Diagnostic]) {
        guard let folder else { return (defaults, []) }
        guard Paths.isDirectory(folder) else {
            return (nil, [Diagnostic(.error, .unreadableFile, at: SourceLocation(file: folder),
                                     "the templates folder does not exist", fix: "Check the path given with --templates.")])
        }
        var files = DefaultTemplates.files.map { (name: $0.name, text: $0.text, display: "built-in " + $0.name) }
        var diagnostics: [Diagnostic] = []
        for name in Paths.entries(of: folder) where name.hasSuffix(".mustache") || name == "report.css" {
            let path = Paths.join(folder, name)
            do {
                let text = String(decoding: try LoadedFile.read(path: path, displayPath: path).bytes, as: UTF8.self)
                files.removeAll { $0.name == name }
                files.append((name, text, path))
            } catch {
                diagnostics.append(Diagnostic(.error, .unreadableFile, at: SourceLocation(file: path),
                                              "the template could not be read: \(error.message)", fix: "Check the file."))
            }
        }
        do {
            return (diagnostics.isEmpty ? try ReportTemplates(files: files) : nil, diagnostics)
        } catch {
            return (nil, diagnostics + [Diagnostic(.error, .unrecognisedFile, at: error.location, error.message,
                                                   fix: "Correct the template; the built-in one is in the s175 source under templates/.")])
        }
    }

    /// Renders template `name` with `context`; an unknown name renders nothing.
    public func render(_ name: String, _ context: TemplateValue) -> [UInt8] {
        templates[name]?.render(context, partials: templates) ?? []
    }

    func has(_ name: String) -> Bool { templates[name] != nil }
}
