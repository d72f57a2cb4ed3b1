import Testing
@testable import S175Kit

@Suite("Hostile and broken XML")
struct XMLSecurityTests {
    @Test func billionLaughsIsRefusedBeforeExpansion() {
        var entities = #"<!ENTITY lol "lol">"#
        for i in 1...9 {
            let previous = i == 1 ? "lol" : "lol\(i - 1)"
            entities += "\n <!ENTITY lol\(i) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE return [
             \(entities)
            ]>
            <return xmlns="urn:s175:return:1" questionnaire="mini" version="1" urn="100001" submitted="2026-11-10T09:00:00Z">
              <answer question="A1.1" value="met"><evidence>&lol9;</evidence></answer>
            </return>
            """
        let result = Mini.run(["laughs.xml": xml])
        let refused = result.problems(.xmlForbidden)
        #expect(refused.count == 1)
        #expect(refused.first?.location.line == 2)
        #expect(refused.first?.location.column == 1)
        #expect(result.accepted.isEmpty)
    }

    @Test func externalEntityPointingAtALocalFileIsNeverRead() {
        let scratch = Scratch()
        defer { scratch.remove() }
        let secret = scratch.write("secret.txt", "TOP-SECRET-CONTENT")
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE return [<!ENTITY leak SYSTEM "file://\(secret)">]>
            <return xmlns="urn:s175:return:1" questionnaire="mini" version="1" urn="100001" submitted="2026-11-10T09:00:00Z">
              <answer question="A1.1" value="met"><evidence>&leak;</evidence></answer>
            </return>
            """
        let result = Mini.run(["xxe.xml": xml])
        #expect(result.problems(.xmlForbidden).count == 1)
        #expect(result.accepted.isEmpty)
        #expect(!result.diagnostics.contains { $0.message.contains("TOP-SECRET") })
    }

    @Test func externalDTDIsRefused() {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE return SYSTEM "http://example.invalid/return.dtd">
            <return xmlns="urn:s175:return:1" questionnaire="mini" version="1" urn="100001" submitted="2026-11-10T09:00:00Z">
              <answer question="A1.1" value="met"/>
            </return>
            """
        let result = Mini.run(["dtd.xml": xml])
        #expect(result.problems(.xmlForbidden).count == 1)
        #expect(result.accepted.isEmpty)
    }

    @Test func aTruncatedFileKeepsTheReturnsBeforeTheCut() {
        let first = Mini.xml(urn: "100001", answers: Mini.fullAnswers).replacingOccurrences(of: Mini.xmlHeader + "\n", with: "")
        let second = Mini.xml(urn: "100003", answers: Mini.fullAnswers).replacingOccurrences(of: Mini.xmlHeader + "\n", with: "")
        let whole = "<returns xmlns=\"urn:s175:return:1\">\n" + first + second + "</returns>\n"
        let cut = String(whole.prefix(whole.count - 60))
        let result = Mini.run(["cut.xml": cut])
        #expect(result.accepted.map(\.setting.urn) == ["100001"])
        let problem = result.problems(.xmlMalformed).first
        #expect(problem?.effect == .returnRejected)
        #expect(problem?.urn == "100003")
        #expect(problem?.message.contains("ends before the XML is complete") == true)
        #expect((problem?.location.line ?? 0) > 10)
    }

    @Test func aMisspeltElementIsAWarningAndTheReturnIsKept() {
        let xml = Mini.xml(answers: Mini.fullAnswers).replacingOccurrences(of: "</return>", with: "<comment>hi</comment></return>")
        let result = Mini.run(["a.xml": xml])
        #expect(result.accepted.count == 1)
        #expect(result.problems(.xmlUnexpected).map(\.severity) == [.warning])
    }

    @Test func aForeignDocumentIsNotAReturn() {
        let result = Mini.run(["a.xml": #"<?xml version="1.0"?><invoice xmlns="urn:other"><total>3</total></invoice>"#])
        #expect(result.problems(.xmlUnexpected).first?.effect == .fileSkipped)
    }

    @Test func manyReturnsInOneDocument() {
        let returns = ["100001", "100002", "100003", "100005"].map {
            Mini.xml(urn: $0, answers: Mini.fullAnswers).replacingOccurrences(of: Mini.xmlHeader + "\n", with: "")
        }
        let result = Mini.run(["all.xml": Mini.xmlHeader + "\n<returns xmlns=\"urn:s175:return:1\">\n" + returns.joined() + "</returns>\n"])
        #expect(result.accepted.count == 4)
        #expect(result.diagnostics.isEmpty)
    }
}
