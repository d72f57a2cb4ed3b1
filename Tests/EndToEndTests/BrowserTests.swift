import Foundation
import Testing

/// Renders each kind of page in headless Chromium, to a screenshot and to PDF, and checks
/// the browser reported no console errors or failed loads (the pages are self-contained).
@Suite("Pages in a real browser", .serialized)
struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func browse(_ page: String, screenshot: String?, pdf: String?) throws -> String {
        guard let chromium = BrowserTests.chromium else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "chromium is not installed: apt-get install chromium (make test does this)"])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        var arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                         "--no-first-run", "--window-size=1100,1600", "--user-data-dir=" + NSTemporaryDirectory() + "s175-chromium"]
        if let screenshot { arguments.append("--screenshot=" + screenshot) }
        if let pdf { arguments += ["--print-to-pdf=" + pdf, "--no-pdf-header-footer"] }
        process.arguments = arguments + ["file://" + page]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium failed on \(page): \(log)")
        return log
    }

    @Test func everyKindOfPageRendersAndPrints() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try s175(["run", "samples/2026/cycle.xml", "--output", output]).status == 0)
        let school = files(under: output + "/2026/schools").first!
        let pages = ["report.html", "esg/wokingham.html", "schools/" + school]
        for page in pages {
            let path = output + "/2026/" + page
            // Self-contained: nothing in the page may point outside it.
            let html = try String(contentsOfFile: path, encoding: .utf8)
            for outward in ["src=", "<script", "<link", "url(http", "url(//", "href=\"http", "@import"] {
                #expect(!html.contains(outward), "\(page) contains \(outward)")
            }
            let png = output + "/page.png"
            let pdf = output + "/page.pdf"
            let log = try browse(path, screenshot: png, pdf: nil) + (try browse(path, screenshot: nil, pdf: pdf))
            for line in log.split(separator: "\n") where line.contains("CONSOLE") || line.contains("Failed to load") || line.contains("ERR_") {
                Issue.record("\(page): \(line)")
            }
            let image = try Data(contentsOf: URL(fileURLWithPath: png))
            #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(page) gave no PNG")
            #expect(image.count > 20_000, "\(page) screenshot looks blank")
            let document = try Data(contentsOf: URL(fileURLWithPath: pdf))
            #expect(document.starts(with: Array("%PDF".utf8)), "\(page) gave no PDF")
            let pagesPrinted = String(decoding: document, as: UTF8.self).components(separatedBy: "/Type /Page\n").count
                + String(decoding: document, as: UTF8.self).components(separatedBy: "/Type /Page>").count - 2
            if page == "report.html" { #expect(pagesPrinted >= 5, "the LA report printed to \(pagesPrinted) pages") }
        }
    }
}
