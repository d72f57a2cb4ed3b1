import Foundation
import Testing
@testable import S175Kit

@Suite("Files built into the binary")
struct EmbeddedFileTests {
    static let root = fixtures + "/../../../"

    /// The binary carries copies of questionnaires/schema/*.xsd; they must not drift apart.
    @Test(arguments: ["questionnaire.xsd", "cycle.xsd"])
    func embeddedSchemaMatchesTheFile(name: String) throws {
        let embedded = name == "cycle.xsd" ? Schemas.cycle : Schemas.questionnaire
        let file = try String(contentsOfFile: EmbeddedFileTests.root + "questionnaires/schema/" + name, encoding: .utf8)
        #expect(file == embedded, "run `make embed`")
    }

    /// Likewise the default report templates in templates/.
    @Test func embeddedTemplatesMatchTheFiles() throws {
        let folder = EmbeddedFileTests.root + "templates/"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".mustache") || $0.hasSuffix(".css") }
        #expect(Set(names) == Set(DefaultTemplates.files.map(\.name)), "run `make embed`")
        for (name, text) in DefaultTemplates.files {
            #expect(try String(contentsOfFile: folder + name, encoding: .utf8) == text, "\(name): run `make embed`")
        }
    }
}
