import S175Kit

#if canImport(Glibc)
import Glibc
#endif

/// Printing for people: problems to standard error (coloured on a terminal), the rest to standard output.
enum Console {
    static let errorIsTerminal = isatty(2) == 1

    static func print(_ diagnostics: [Diagnostic], limit: Int = .max, moreIn file: String? = nil) {
        let shown = diagnostics.filter { $0.severity != .note }
        for diagnostic in shown.prefix(limit) {
            error(render(diagnostic))
        }
        if shown.count > limit {
            error("... and \(shown.count - limit) more" + (file.map { " in \($0)" } ?? ""))
        }
    }

    static func render(_ diagnostic: Diagnostic) -> String {
        guard errorIsTerminal else { return diagnostic.rendered }
        let colour = diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
        return diagnostic.rendered(severity: colour + diagnostic.severity.rawValue + "\u{1B}[0m")
    }

    static func error(_ line: String) {
        write(line + "\n", to: 2)
    }

    static func out(_ text: String) {
        write(text + "\n", to: 1)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }

    /// A progress line on a terminal, rewritten in place.
    static func progress(_ label: String) -> Batch.Progress? {
        guard errorIsTerminal else { return nil }
        return { done, total in
            guard total >= 200, done % max(1, total / 100) == 0 || done == total else { return }
            write("\r\(label) \(done)/\(total)" + (done == total ? "\r\u{1B}[K" : ""), to: 2)
        }
    }
}
