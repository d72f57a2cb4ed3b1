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
        var elements = [Score](repeating: Score(), count: questionnaire.elements.count)
        var criticalFailures: [Int] = []
        var criticalUnanswered: [Int] = []
        var answered = 0
        var unanswered = 0
        var notApplicable = 0
        var mandatoryUnanswered = 0
        var applicable = 0
        var failedStandards = Set<Int>()
        var failedElements = Set<Int>()
        for (index, question) in questionnaire.questions.enumerated() {
            let code = record.answers[index]
            if code == AnswerCode.notForThisSetting { continue }
            applicable += 1
            if code == AnswerCode.unanswered {
                unanswered += 1
                if question.mandatory { mandatoryUnanswered += 1 }
                if question.critical { criticalUnanswered.append(index) }
                continue
            }
            answered += 1
            guard code != AnswerCode.recorded, let scaleIndex = question.scale else { continue }
            let scale = questionnaire.scales[scaleIndex]
            let option = scale.options[Int(code)]
            if option.notApplicable {
                notApplicable += 1
                continue
            }
            elements[question.element] += Score(
                achieved: question.weight * (option.score ?? 0), possible: question.weight * scale.maxScore)
            if question.critical && !option.compliant {
                criticalFailures.append(index)
                failedStandards.insert(question.standard)
                failedElements.insert(question.element)
            }
        }
        var standards = [Score](repeating: Score(), count: questionnaire.standards.count)
        for (index, element) in questionnaire.elements.enumerated() {
            standards[element.standard] += elements[index]
        }
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
