/// A return's scores at every level, each with its denominator.
public struct ReturnScore: Sendable, Hashable {
    public var overall: Score
    public var standards: [Score]
    public var elements: [Score]
    public var overallRAG: RAG?
    public var standardRAG: [RAG?]
    public var elementRAG: [RAG?]
    /// Critical (statutory) questions answered with a non-compliant answer.
    public var criticalFailures: [Int]
    /// Critical questions left blank: not failures (blank is not "no"), but not assured either.
    public var criticalUnanswered: [Int]
    /// Questions that apply to this setting and were answered (including not applicable).
    public var answered: Int
    public var unanswered: Int
    public var notApplicable: Int
    public var mandatoryUnanswered: Int
    /// Questions that apply to this setting.
    public var applicable: Int
}

public enum Scorer {
    /// Scores one return: weighted points over points possible, per element, standard
    /// and overall. Not-applicable answers and blanks add nothing to either side; a
    /// critical failure makes its standard and the overall rating Red.
    public static func score(_ record: ReturnRecord, with questionnaire: Questionnaire) -> ReturnScore {
        let table = questionnaire.table
        var elements = [Score](repeating: Score(), count: questionnaire.elements.count)
        var criticalFailures: [Int] = []
        var criticalUnanswered: [Int] = []
        var answered = 0
        var unanswered = 0
        var notApplicable = 0
        var mandatoryUnanswered = 0
        var applicable = 0
        var failedElements: [Int] = []
        for index in 0..<table.count {
            let code = record.answers[index]
            if code == AnswerCode.notForThisSetting { continue }
            applicable += 1
            let flags = table.flags[index]
            if code == AnswerCode.unanswered {
                unanswered += 1
                if flags & ScoringTable.mandatory != 0 { mandatoryUnanswered += 1 }
                if flags & ScoringTable.critical != 0 { criticalUnanswered.append(index) }
                continue
            }
            answered += 1
            guard code != AnswerCode.recorded, flags & ScoringTable.scored != 0 else { continue }
            let option = table.optionStart[index] + Int(code)
            let optionFlags = table.optionFlags[option]
            if optionFlags & ScoringTable.notApplicable != 0 {
                notApplicable += 1
                continue
            }
            let weight = table.weight[index]
            let element = table.element[index]
            elements[element].achieved += weight * table.optionScore[option]
            elements[element].possible += weight * table.maxScore[index]
            if flags & ScoringTable.critical != 0 && optionFlags & ScoringTable.compliant == 0 {
                criticalFailures.append(index)
                failedElements.append(element)
            }
        }
        var standards = [Score](repeating: Score(), count: questionnaire.standards.count)
        for (index, element) in questionnaire.elements.enumerated() {
            standards[element.standard] += elements[index]
        }
        let failedStandards = Set(failedElements.map { questionnaire.elements[$0].standard })
        let overall = standards.reduce(Score(), +)
        let rag = questionnaire.rag
        return ReturnScore(
            overall: overall, standards: standards, elements: elements,
            overallRAG: criticalFailures.isEmpty ? rag.rating(overall) : .red,
            standardRAG: standards.indices.map { failedStandards.contains($0) ? .red : rag.rating(standards[$0]) },
            elementRAG: elements.indices.map { failedElements.contains($0) ? .red : rag.rating(elements[$0]) },
            criticalFailures: criticalFailures, criticalUnanswered: criticalUnanswered, answered: answered,
            unanswered: unanswered, notApplicable: notApplicable, mandatoryUnanswered: mandatoryUnanswered,
            applicable: applicable)
    }
}

/// Per question and per option, the numbers scoring uses, in flat arrays.
struct ScoringTable: Sendable {
    static let critical: UInt8 = 1
    static let mandatory: UInt8 = 2
    static let scored: UInt8 = 4
    static let notApplicable: UInt8 = 1
    static let compliant: UInt8 = 2

    var count: Int
    var flags: [UInt8] = []
    var weight: [Int] = []
    var element: [Int] = []
    var maxScore: [Int] = []
    /// Where each question's options start in the option arrays.
    var optionStart: [Int] = []
    var optionScore: [Int] = []
    var optionFlags: [UInt8] = []

    init(questions: [Question], scales: [Scale]) {
        count = questions.count
        for question in questions {
            var flag: UInt8 = 0
            if question.critical { flag |= ScoringTable.critical }
            if question.mandatory { flag |= ScoringTable.mandatory }
            if question.scale != nil { flag |= ScoringTable.scored }
            flags.append(flag)
            weight.append(question.weight)
            element.append(question.element)
            optionStart.append(optionScore.count)
            let scale = question.scale.map { scales[$0] }
            maxScore.append(scale?.maxScore ?? 0)
            for option in scale?.options ?? [] {
                optionScore.append(option.score ?? 0)
                optionFlags.append((option.notApplicable ? ScoringTable.notApplicable : 0) | (option.compliant ? ScoringTable.compliant : 0))
            }
        }
    }
}
