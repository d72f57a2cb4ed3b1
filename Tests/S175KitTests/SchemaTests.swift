import Foundation
import Testing
@testable import S175Kit

@Suite("Built-in schemas")
struct SchemaTests {
    /// The binary carries copies of questionnaires/schema/*.xsd; they must not drift apart.
    @Test(arguments: [("questionnaire.xsd", Schemas.questionnaire), ("cycle.xsd", Schemas.cycle)])
    func embeddedSchemaMatchesTheFile(name: String, embedded: String) throws {
        let file = try String(contentsOfFile: fixtures + "/../../../questionnaires/schema/" + name, encoding: .utf8)
        #expect(file.trimmingCharacters(in: .newlines) == embedded, "run `make schemas`")
    }
}
