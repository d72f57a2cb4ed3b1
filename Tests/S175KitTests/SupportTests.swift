import Testing
@testable import S175Kit

@Suite("SHA-256")
struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hardwareAndPortableBlocksAgree() {
        guard SHA256.hardware else { return }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in [0, 1, 55, 56, 63, 64, 65, 1000, 4096, 100_003] {
            let bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            var hardware = SHA256()
            var portable = SHA256()
            portable.useHardware = false
            hardware.update(bytes)
            portable.update(bytes)
            #expect(hardware.finalizeHex() == portable.finalizeHex(), "length \(length)")
        }
    }

    @Test func streamingInPiecesMatchesWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        for piece in [1, 3, 63, 64, 65, 200] {
            var hasher = SHA256()
            var i = 0
            while i < bytes.count {
                hasher.update(Array(bytes[i..<min(i + piece, bytes.count)]))
                i += piece
            }
            #expect(hasher.finalizeHex() == SHA256.hex(of: bytes))
        }
    }
}

@Suite("Dates and times")
struct DateTests {
    @Test func parsesISOAndUKDates() {
        #expect(CivilDate(parsing: "2025-09-12") == CivilDate(year: 2025, month: 9, day: 12))
        #expect(CivilDate(parsing: "12/09/2025") == CivilDate(year: 2025, month: 9, day: 12))
        #expect(CivilDate(parsing: "1/9/2025") == CivilDate(year: 2025, month: 9, day: 1))
    }

    @Test func rejectsImpossibleAndAmbiguousDates() {
        for text in ["2026-02-30", "2025-13-01", "31/04/2026", "12/09/25", "2025-9-12", "next week", "", "2025-09-12x"] {
            #expect(CivilDate(parsing: text) == nil, "\(text)")
        }
        #expect(CivilDate(parsing: "29/02/2024") != nil)
        #expect(CivilDate(parsing: "29/02/2025") == nil)
    }

    @Test func addingMonthsClampsToMonthEnd() {
        let date = CivilDate(year: 2026, month: 3, day: 31)!
        #expect(date.adding(months: -1) == CivilDate(year: 2026, month: 2, day: 28))
        #expect(date.adding(months: -24) == CivilDate(year: 2024, month: 3, day: 31))
        #expect(CivilDate(year: 2026, month: 1, day: 15)!.adding(months: -13) == CivilDate(year: 2024, month: 12, day: 15))
    }

    @Test func daysSinceEpochRoundTrips() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CivilDate(year: 2026, month: 11, day: 28)!.weekday == 6)  // a Saturday
    }

    @Test func timestampsInUTCAndUKLocalTime() {
        #expect(Timestamp(parsing: "2026-11-14T10:32:00Z")?.description == "2026-11-14T10:32:00Z")
        #expect(Timestamp(parsing: "2026-11-14T10:32:00+01:00")?.description == "2026-11-14T09:32:00Z")
        // Excel's UK form is local time: GMT in November, BST in June.
        #expect(Timestamp(parsing: "14/11/2026 10:32")?.description == "2026-11-14T10:32:00Z")
        #expect(Timestamp(parsing: "14/06/2026 9:05")?.description == "2026-06-14T08:05:00Z")
        #expect(Timestamp(parsing: "2026-06-14")?.description == "2026-06-13T23:00:00Z")
        #expect(Timestamp(parsing: "2026-11-14T10:32:00.123Z")?.description == "2026-11-14T10:32:00Z")
        for bad in ["2026-11-14T25:00", "2026-11-14T10:61", "14/11/2026 10", "2026-11-14Z", "yesterday"] {
            #expect(Timestamp(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func ukDateOfLateEveningSubmissionsInSummer() {
        // 23:30 UTC on 14 June is 00:30 BST on 15 June.
        #expect(Timestamp(parsing: "2026-06-14T23:30:00Z")?.ukDate == CivilDate(year: 2026, month: 6, day: 15))
        #expect(Timestamp(parsing: "2026-11-14T23:30:00Z")?.ukDate == CivilDate(year: 2026, month: 11, day: 14))
    }

    @Test func summerTimeBoundaries() {
        // 2026: BST from 01:00 UTC on 29 March to 01:00 UTC on 25 October.
        #expect(UKTime.offset(atUTC: Timestamp(parsing: "2026-03-29T00:59:59Z")!.secondsSinceEpoch) == 0)
        #expect(UKTime.offset(atUTC: Timestamp(parsing: "2026-03-29T01:00:00Z")!.secondsSinceEpoch) == 3600)
        #expect(UKTime.offset(atUTC: Timestamp(parsing: "2026-10-25T00:59:59Z")!.secondsSinceEpoch) == 3600)
        #expect(UKTime.offset(atUTC: Timestamp(parsing: "2026-10-25T01:00:00Z")!.secondsSinceEpoch) == 0)
    }
}

@Suite("Numbers and percentages")
struct NumberTests {
    @Test func decimalParsingIsExact() {
        #expect(DecimalNumber(parsing: "97.5")?.scaled == 975_000)
        #expect(DecimalNumber(parsing: " -0.25 ")?.description == "-0.25")
        #expect(DecimalNumber(parsing: "100")?.description == "100")
        for bad in ["", "1.", ".", "1.23456", "12a", "1,000", "--1", "95%"] {
            #expect(DecimalNumber(parsing: bad) == nil, "\(bad)")
        }
        #expect(DecimalNumber(parsing: ".5")?.description == "0.5")
    }

    @Test func percentagesRoundHalfUp() {
        #expect(Score(achieved: 14, possible: 17).percentText == "82.4")
        #expect(Score(achieved: 1, possible: 8).percentText == "12.5")
        #expect(Score(achieved: 1, possible: 16).percentText == "6.3")  // 6.25 rounds up
        #expect(Score(achieved: 2, possible: 3).percentText == "66.7")
        #expect(Score(achieved: 0, possible: 0).percentText == "")
        #expect(Score(achieved: 5, possible: 5).percentText == "100.0")
    }

    @Test func ragThresholdsAreExactAtTheBoundary() {
        let rag = RAGThresholds(greenFromHundredths: 8500, amberFromHundredths: 6500)
        #expect(rag.rating(Score(achieved: 85, possible: 100)) == .green)
        #expect(rag.rating(Score(achieved: 849_999, possible: 1_000_000)) == .amber)
        #expect(rag.rating(Score(achieved: 13, possible: 20)) == .amber)  // exactly 65
        #expect(rag.rating(Score(achieved: 12, possible: 20)) == .red)
        #expect(rag.rating(Score()) == nil)
    }
}

@Suite("Writing outputs")
struct OutputTests {
    @Test func csvCellsThatCouldBeFormulasAreNeutralised() {
        #expect(CSVWriter.neutralised("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
        #expect(CSVWriter.neutralised("+44 118") == "'+44 118")
        #expect(CSVWriter.neutralised("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0")
        #expect(CSVWriter.neutralised("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.neutralised("\tx") == "'\tx")
        #expect(CSVWriter.neutralised("\rx") == "'\rx")
        #expect(CSVWriter.neutralised("-4.5") == "-4.5")
        #expect(CSVWriter.neutralised("met") == "met")
    }

    @Test func csvHasBOMQuotesAndCRLF() {
        var csv = CSVWriter(header: ["a", "b"])
        csv.row(["x,y", "say \"hi\"\nbye"])
        let text = String(decoding: csv.bytes.dropFirst(3), as: UTF8.self)
        #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(text == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\nbye\"\r\n")
    }

    @Test func jsonEscapes() {
        let value = JSONValue.object([("a", .string("q\"\\\n<\u{01}")), ("b", .array([.int(1), .null, .bool(true)]))])
        #expect(value.text == "{\n  \"a\": \"q\\\"\\\\\\n\\u003c\\u0001\",\n  \"b\": [\n    1,\n    null,\n    true\n  ]\n}\n")
    }

    @Test func outputFolderIsReplacedWhole() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let first = try OutputFolder(scratch.file("out/2026"))
        try first.write("a.csv", Array("one".utf8))
        try first.write("sub/b.csv", Array("two".utf8))
        try first.commit()
        let second = try OutputFolder(scratch.file("out/2026"))
        try second.write("a.csv", Array("three".utf8))
        #expect(scratch.read("out/2026/a.csv") == "one")  // untouched until commit
        try second.commit()
        #expect(scratch.read("out/2026/a.csv") == "three")
        #expect(!Paths.exists(scratch.file("out/2026/sub/b.csv")))
        #expect(Paths.entries(of: scratch.file("out")) == ["2026"])
        #expect(second.files.map(\.path) == ["a.csv"])
        #expect(second.files.first?.fingerprint?.sha256 == SHA256.hex(of: Array("three".utf8)))
    }

    @Test func anInterruptedSwapIsRecovered() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        // As a run killed between its two renames leaves it: the old outputs set aside.
        scratch.write("out/.2026.previous/a.csv", "old")
        scratch.write("out/.2026.staging/a.csv", "half")
        let next = try OutputFolder(scratch.file("out/2026"))
        #expect(scratch.read("out/2026/a.csv") == "old")
        try next.write("a.csv", Array("new".utf8))
        try next.commit()
        #expect(scratch.read("out/2026/a.csv") == "new")
        #expect(Paths.entries(of: scratch.file("out")) == ["2026"])
    }

    @Test func anAbandonedRunLeavesThePreviousOutputs() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        scratch.write("out/2026/a.csv", "old")
        let run = try OutputFolder(scratch.file("out/2026"))
        try run.write("a.csv", Array("new".utf8))
        run.abandon()
        #expect(scratch.read("out/2026/a.csv") == "old")
        #expect(Paths.entries(of: scratch.file("out")) == ["2026"])
    }
}
