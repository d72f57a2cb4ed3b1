import Dispatch
import Synchronization

/// Why a batch could not run at all (exit code 1): the inputs it stands on are unusable.
public struct BatchFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
}

/// Runs a cycle: loads the definitions and register, reads every return (in parallel),
/// validates, resolves resubmissions and scores.
public enum Batch {
    /// Reports how many return files have been read, for a progress line.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    public static func run(_ cycle: CycleSettings, progress: Progress? = nil) -> Result<BatchResult, BatchFailure> {
        let definitions = DefinitionLoader.load(cycle.questionnaires)
        var diagnostics = definitions.diagnostics
        if definitions.hasErrors || definitions.questionnaires.isEmpty {
            if definitions.questionnaires.isEmpty && !definitions.hasErrors {
                diagnostics.append(Diagnostic(
                    .error, .badCycle, at: SourceLocation(file: cycle.file?.display ?? "cycle"),
                    "the cycle names no questionnaire", fix: "Add a <questionnaire href=\"...\"/> to the cycle file."))
            }
            return .failure(BatchFailure(diagnostics: diagnostics))
        }
        let (policies, policyProblems) = RiskPolicyLoader.load(cycle.riskPolicies, questionnaires: definitions.questionnaires)
        diagnostics += policyProblems
        if policyProblems.contains(where: { $0.severity == .error }) {
            return .failure(BatchFailure(diagnostics: diagnostics))
        }
        let (loadedRegister, registerProblems) = RegisterLoader.load(cycle.registers)
        diagnostics += registerProblems
        guard let register = loadedRegister else { return .failure(BatchFailure(diagnostics: diagnostics)) }

        let (paths, missing) = returnFiles(cycle.returns)
        if !missing.isEmpty {
            return .failure(BatchFailure(diagnostics: diagnostics + missing))
        }
        let context = ValidationContext(cycle: cycle, register: register, questionnaires: definitions.questionnaires)
        let outcomes = readAll(paths, context: context, progress: progress)
        var result = assemble(outcomes, context: context, diagnostics: diagnostics)
        result.policies = policies
        return .success(result)
    }

    /// Expands folders into the files under them, in sorted order.
    static func returnFiles(_ inputs: [InputPath]) -> ([InputPath], [Diagnostic]) {
        var files: [InputPath] = []
        var missing: [Diagnostic] = []
        for input in inputs {
            if Paths.isDirectory(input.path) {
                for path in Paths.files(under: input.path) {
                    let relative = String(path.dropFirst(input.path.count).drop { $0 == "/" })
                    files.append(InputPath(path, display: Paths.join(input.display, relative)))
                }
            } else if Paths.exists(input.path) {
                files.append(input)
            } else {
                missing.append(Diagnostic(
                    .error, .unreadableFile, at: SourceLocation(file: input.display),
                    "the returns file or folder does not exist", fix: "Check the returns path in the cycle file."))
            }
        }
        return (files, missing)
    }

    /// Reads files on every core; results come back in input order whatever finished first.
    static func readAll(_ paths: [InputPath], context: ValidationContext, progress: Progress?) -> [FileOutcome] {
        let slots = Slots<FileOutcome>(count: paths.count)
        let done = Atomic<Int>(0)
        let total = paths.count
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            slots[index] = ReturnFileReader.read(paths[index], context: context)
            let finished = done.add(1, ordering: .relaxed).newValue
            progress?(finished, total)
        }
        return slots.values()
    }

    static func assemble(_ outcomes: [FileOutcome], context: ValidationContext, diagnostics initial: [Diagnostic]) -> BatchResult {
        var diagnostics = initial
        var files: [ReturnFileInfo] = []
        var candidates: [(record: ReturnRecord, order: Int)] = []
        var rejected: [RejectedReturn] = []
        var readOrder = 0
        for outcome in outcomes {
            files.append(ReturnFileInfo(
                file: outcome.file, carrier: outcome.carrier, fingerprint: outcome.fingerprint, returnsRead: outcome.returns.count))
            diagnostics += outcome.diagnostics
            for assembled in outcome.returns {
                diagnostics += assembled.diagnostics
                if let record = assembled.record {
                    candidates.append((record, readOrder))
                } else {
                    rejected.append(RejectedReturn(
                        urn: assembled.urn, submitted: assembled.submitted,
                        questionnaireID: assembled.questionnaireID, source: assembled.start))
                }
                readOrder += 1
            }
        }

        // The latest submission from a setting wins; on a tie, the one read last.
        var winners: [String: (record: ReturnRecord, order: Int)] = [:]
        var superseded: [(record: ReturnRecord, by: ReturnRecord)] = []
        for candidate in candidates {
            let key = candidate.record.urn + "\u{0}" + candidate.record.questionnaire.id
            guard let current = winners[key] else {
                winners[key] = candidate
                continue
            }
            if (candidate.record.submitted, candidate.order) > (current.record.submitted, current.order) {
                superseded.append((current.record, candidate.record))
                winners[key] = candidate
            } else {
                superseded.append((candidate.record, current.record))
            }
        }
        for (old, new) in superseded {
            let same = old.submitted == new.submitted
            diagnostics.append(Diagnostic(
                .note, .duplicateReturn, at: old.source, urn: old.urn,
                same
                    ? "this return and the one at \(new.source.description) were submitted at the same time (\(new.submitted)); the one later in the batch is used"
                    : "this return (submitted \(old.submitted)) is replaced by the later one submitted \(new.submitted) at \(new.source.description)",
                fix: same ? "Check which return the setting meant to send." : "No action needed: the latest return is scored and this one is kept for the record.",
                effect: .returnSuperseded))
        }
        for reject in rejected {
            guard let kept = winners[reject.urn + "\u{0}" + reject.questionnaireID]?.record,
                  let submitted = reject.submitted, submitted > kept.submitted
            else { continue }
            diagnostics.append(Diagnostic(
                .note, .duplicateReturn, at: reject.source, urn: reject.urn,
                "this later return was rejected, so the setting's earlier return submitted \(kept.submitted) at \(kept.source.description) is scored instead",
                fix: "Fix the problems listed for this return and run the batch again to score it.", effect: .returnRejected))
        }

        return BatchResult.make(
            context: context, files: files, winners: winners.values.map(\.record),
            superseded: superseded.map(\.record).sorted { $0.source < $1.source }, rejected: rejected,
            diagnostics: Diagnostic.sortedForReport(diagnostics))
    }
}

extension BatchResult {
    /// Scores the winning returns, puts them in report order and works out who has not
    /// returned. Shared by a run and by reloading a cycle from the store, so both give the
    /// same result.
    static func make(
        context: ValidationContext, files: [ReturnFileInfo], winners: [ReturnRecord], superseded: [ReturnRecord],
        rejected: [RejectedReturn], diagnostics: [Diagnostic]
    ) -> BatchResult {
        var accepted: [(position: Int, scored: ScoredReturn)] = []
        for record in winners {
            guard let position = context.register.position(urn: record.urn),
                  let questionnaire = context.questionnaires.first(where: { $0.key == record.questionnaire })
            else { continue }
            accepted.append((position, ScoredReturn(
                record: record, setting: context.register.settings[position], score: Scorer.score(record, with: questionnaire),
                timeliness: context.cycle.timeliness(of: record.submitted))))
        }
        // The register is in report order, so sorting by position sorts by locality, name and URN.
        let order = accepted.indices.sorted {
            (accepted[$0].position, accepted[$0].scored.record.questionnaire) < (accepted[$1].position, accepted[$1].scored.record.questionnaire)
        }

        let returned = Set(accepted.map(\.scored.setting.urn))
        var rejectedAt: [String: SourceLocation] = [:]
        for reject in rejected where rejectedAt[reject.urn] == nil { rejectedAt[reject.urn] = reject.source }
        let nonReturns = context.register.settings.filter { !returned.contains($0.urn) }
            .map { NonReturn(setting: $0, status: rejectedAt[$0.urn] == nil ? .noReturn : .rejected, rejectedAt: rejectedAt[$0.urn]) }

        return BatchResult(
            cycle: context.cycle, questionnaires: context.questionnaires, policies: [], register: context.register, files: files,
            accepted: order.map { accepted[$0].scored }, superseded: superseded, rejected: rejected,
            nonReturns: nonReturns, diagnostics: diagnostics)
    }
}

/// Result slots that concurrent workers fill by index; each slot is written by one worker only.
final class Slots<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = Mutex(())

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    subscript(index: Int) -> Value? {
        get { lock.withLock { _ in storage[index] } }
        set { lock.withLock { _ in storage[index] = newValue } }
    }

    func values() -> [Value] {
        lock.withLock { _ in storage.map { $0! } }
    }
}
