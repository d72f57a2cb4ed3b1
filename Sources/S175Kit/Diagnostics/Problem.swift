/// Stable identifiers for every kind of problem, written to `rejected.csv` so
/// officers can filter and scripts can count them.
public enum Problem: String, Sendable, CaseIterable {
    // Files and formats
    case unreadableFile = "unreadable-file"
    case unrecognisedFile = "unrecognised-file"
    case encoding = "encoding"
    case csvUnterminatedQuote = "csv-unterminated-quote"
    case csvMalformed = "csv-malformed"
    case csvFieldCount = "csv-field-count"
    case csvMissingColumn = "csv-missing-column"
    case csvDuplicateColumn = "csv-duplicate-column"
    case csvUnknownColumn = "csv-unknown-column"
    case xmlMalformed = "xml-malformed"
    case xmlForbidden = "xml-forbidden"
    case xmlUnexpected = "xml-unexpected"
    case schema = "schema"

    // Register
    case registerRow = "register-row"
    case registerDuplicate = "register-duplicate"

    // Returns
    case missingField = "missing-field"
    case unknownSchool = "unknown-school"
    case closedSchool = "closed-school"
    case outOfScopeSchool = "out-of-scope-school"
    case unknownQuestionnaire = "unknown-questionnaire"
    case wrongVersion = "wrong-version"
    case wrongQuestionnaire = "wrong-questionnaire"
    case unknownQuestion = "unknown-question"
    case repeatedAnswer = "repeated-answer"
    case answerNotOnScale = "answer-not-on-scale"
    case badDate = "bad-date"
    case badNumber = "bad-number"
    case badTimestamp = "bad-timestamp"
    case notApplicableQuestion = "question-does-not-apply"
    case mandatoryUnanswered = "mandatory-unanswered"
    case duplicateReturn = "duplicate-return"
    case emptyReturn = "empty-return"
    case badActionDate = "bad-action-date"
    case afterFinalDeadline = "after-final-deadline"

    // Definitions (lint)
    case duplicateID = "duplicate-id"
    case unknownReference = "unknown-reference"
    case badWeight = "bad-weight"
    case criticalWithoutRequirement = "critical-without-requirement"
    case undeclaredTheme = "undeclared-theme"
    case badScale = "bad-scale"
    case badBand = "bad-band"
    case badThreshold = "bad-threshold"
    case badAppliesTo = "bad-applies-to"
    case badModule = "bad-module"
    case emptyText = "empty-text"
    case badQuestion = "bad-question"
    case badCycle = "bad-cycle"
    case badRule = "bad-rule"
}
