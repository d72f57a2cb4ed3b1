import Testing
@testable import S175Kit

@Suite("CSV reader")
struct CSVReaderTests {
    /// Reads every record as strings, with malformed rows as "!line:column".
    func records(_ text: String, chunk: Int? = nil) -> [[String]] {
        records(bytes: Array(text.utf8), chunk: chunk)
    }

    func records(bytes: [UInt8], chunk: Int? = nil) -> [[String]] {
        var reader: CSVReader
        let scratch = Scratch()
        defer { scratch.remove() }
        if let chunk {
            let path = scratch.write("input.csv", bytes: bytes)
            reader = CSVReader(source: try! FileSource(path: path, displayPath: "input.csv"), chunkSize: chunk)
        } else {
            reader = CSVReader(bytes: bytes)
        }
        var rows: [[String]] = []
        while true {
            switch reader.next() {
            case .end: return rows
            case .malformed(_, let line, let column, _): rows.append(["!\(line):\(column)"])
            case .record: rows.append((0..<reader.fieldCount).map { reader.string($0) })
            }
        }
    }

    @Test func plainRows() {
        #expect(records("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func quotedCommasQuotesAndLineBreaks() {
        let text = "urn,evidence\n100001,\"Reviewed, signed \"\"by\"\" governors\nin October\"\n100002,x\n"
        #expect(records(text) == [["urn", "evidence"], ["100001", "Reviewed, signed \"by\" governors\nin October"], ["100002", "x"]])
    }

    @Test func byteOrderMarkAndCRLF() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("urn,a\r\n1,\"x\r\ny\"\r\n2,z\r\n".utf8)
        #expect(records(bytes: bytes) == [["urn", "a"], ["1", "x\ny"], ["2", "z"]])
    }

    @Test func carriageReturnOnlyLineEnds() {
        #expect(records("a,b\r1,2\r") == [["a", "b"], ["1", "2"]])
    }

    @Test func emptyFieldsAndNoFinalNewline() {
        #expect(records("a,,c\n,,x") == [["a", "", "c"], ["", "", "x"]])
        #expect(records("a,b,\n") == [["a", "b", ""]])
    }

    @Test func blankRowsAndRowsOfCommasAreSkipped() {
        #expect(records("a,b\n\n,,\n1,2\n , \n") == [["a", "b"], ["1", "2"]])
    }

    @Test func unterminatedQuoteIsReportedWhereItOpensAndReadingResumes() {
        let text = "urn,a,b\n100001,met,ok\n100002,\"never closed,met\n100003,met,fine\n"
        let rows = records(text)
        // The quote opens at line 3, column 8; the row after it is still read.
        #expect(rows == [["urn", "a", "b"], ["100001", "met", "ok"], ["!3:8"], ["100003", "met", "fine"]])
    }

    @Test func unbalancedQuoteBeforeOtherQuotedCellsIsFoundAtItsOpening() {
        // The stray quote on line 2 would otherwise pair with the first quote on line 3.
        let text = "urn,a,b\n100001,\"Policy agreed, see minutes,met\n100002,\"Draft, pending\",met\n100003,x,y\n"
        #expect(records(text) == [["urn", "a", "b"], ["!2:8"], ["100002", "Draft, pending", "met"], ["100003", "x", "y"]])
    }

    @Test func unterminatedQuoteAtEndOfFile() {
        #expect(records("a,b\n1,\"open") == [["a", "b"], ["!2:3"]])
    }

    @Test func textAfterClosingQuoteIsAnError() {
        #expect(records("a,b\n1,\"x\"y,2\n3,4\n") == [["a", "b"], ["!2:3"], ["3", "4"]])
    }

    @Test func windows1252IsDetectedAndDecoded() {
        // "£5 café – ok" in Windows-1252: £ = A3, é = E9, en dash = 96.
        let bytes: [UInt8] = Array("a\n".utf8) + [0xA3] + Array("5 caf".utf8) + [0xE9, 0x20, 0x96] + Array(" ok\n".utf8)
        #expect(records(bytes: bytes) == [["a"], ["£5 café – ok"]])
    }

    @Test func utf8IsKept() {
        #expect(records("a\nZoë’s “quote”\n") == [["a"], ["Zoë’s “quote”"]])
    }

    @Test func semicolonAndTabDelimitersAreDetected() {
        #expect(records("a;b;c\n1;2,5;3\n") == [["a", "b", "c"], ["1", "2,5", "3"]])
        #expect(records("a\tb\n1\t2\n") == [["a", "b"], ["1", "2"]])
    }

    @Test func smallChunksGiveTheSameRecords() {
        let text = "urn,evidence,x\n100001,\"long, quoted\n\"\"text\"\" here\",1\r\n100002,plain,2\n100003,\"unterminated\n100004,z,3\n"
        let whole = records(text)
        for chunk in [1, 2, 3, 5, 7, 16, 64] {
            #expect(records(text, chunk: chunk) == whole, "chunk \(chunk)")
        }
        let semicolons: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a;b\r\n\"x;\r\ny\";2\r\n".utf8)
        for chunk in [1, 2, 4] {
            #expect(records(bytes: semicolons, chunk: chunk) == [["a", "b"], ["x;\ny", "2"]], "chunk \(chunk)")
        }
    }

    @Test func linesAndColumnsOfFields() {
        var reader = CSVReader(bytes: Array("a,b\n\"multi\nline\",é,x\n".utf8))
        _ = reader.next()
        guard case .record = reader.next() else { Issue.record("no record"); return }
        #expect(reader.fields[0].line == 2)
        #expect(reader.fields[1].line == 3)
        #expect(reader.column(of: 1) == 7)  // after `line",`
        #expect(reader.column(of: 2) == 9)  // é counts as one character
    }
}
