import StepwiseCore

/// The `parse` stage: turns each ``TeacherRecord`` into a ``ParsedRecord`` and filters.
///
/// For every record, in this order:
/// 1. `teacher_failed` — the teacher gave no completion.
/// 2. The dataset's ``RationaleParser`` (mode from ``ParseOptions/mode``):
///    `empty_completion` (an empty or whitespace-only one), `no_answer_phrase`, `label_outside_space`, `empty_rationale`.
/// 3. `rationale_too_long` — `rationaleTokenCount(rationale) > maxRationaleTokens`, when
///    ``ParseOptions/rationaleTooLong`` is `.filter` (with `.truncate` the record is kept
///    and the tokenizer stage cuts the rationale).
/// 4. `teacher_disagrees_with_gold` — only with ``ParseOptions/dropTeacherDisagreement``.
///
/// A filtered record is dropped through ``BatchContext/drop(_:reason:detail:)``: counted,
/// and carried down the flow (with its completion, and its teacher verdict, which still
/// counts towards teacher accuracy) to `rejects.jsonl`.
///
/// Named count: `recovered` (labels the robust pass found that the paper's rule lost).
/// `duplicate_input` needs state across batches and is ``DuplicateInputStage``'s job.
///
/// The stage keeps no state, so it may run with several workers.
public struct ParseStage: Stage {
    public typealias Input = TeacherRecord
    public typealias Output = ParsedRecord

    public let name = "parse"
    public let options: ParseOptions
    /// The tokenizer's target limit (`tokenizer.max_target_tokens`).
    public let maxRationaleTokens: Int
    /// Where the rationale comes from (the teacher's completion, or the dataset's own
    /// explanation with the human teacher).
    public let rationaleSource: RationaleSource
    public let parser: RationaleParser
    /// Several samples per record, and the vote (`teacher.samples`, `vote`, `keep`,
    /// `min_agreement`); see ``parseSamples(_:)``.
    public let voting: SampleVoting
    private let rationaleTokenCount: @Sendable (String) -> Int

    /// - Parameter rationaleTokenCount: the number of target tokens the tokenizer stage
    ///   will produce for a rationale (including EOS if the tokenizer appends it), compared
    ///   with `maxRationaleTokens`. Called only for records that passed the parse filters.
    public init(
        rules: AnswerRules, options: ParseOptions = ParseOptions(), maxRationaleTokens: Int = 256,
        rationaleSource: RationaleSource = .completion, voting: SampleVoting = SampleVoting(),
        rationaleTokenCount: @escaping @Sendable (String) -> Int
    ) {
        self.options = options
        self.voting = voting
        self.maxRationaleTokens = maxRationaleTokens
        self.rationaleSource = rationaleSource
        self.parser = RationaleParser(rules: rules, mode: options.mode)
        self.rationaleTokenCount = rationaleTokenCount
    }

    /// The settings it parses with, as JSON.
    public var settings: JSONValue {
        .object([
            ("options", options.canonical), ("max_rationale_tokens", .int(maxRationaleTokens)),
            ("rationale_source", .string(rationaleSource.rawValue)), ("labels", .string(parser.rules.labels.kind.rawValue)),
            ("voting", .object([
                ("samples", .int(voting.samples)), ("vote", .string(voting.rule.rawValue)), ("keep", .string(voting.keep.rawValue)),
                ("min_agreement", voting.minAgreement.map(JSONValue.double) ?? .null),
            ])),
        ])
    }

    public func process(_ batch: [TeacherRecord], context: inout BatchContext) async throws -> [ParsedRecord] {
        var out: [ParsedRecord] = []
        out.reserveCapacity(batch.count)
        var recoveredCount = 0
        for record in batch {
            let parsedSamples: [ParsedRecord]
            if record.moreSamples.isEmpty {
                let (parsed, recovered) = try parse(record)
                if recovered { recoveredCount += 1 }
                parsedSamples = [parsed]
            } else {
                let (parsed, recovered) = try parseSamples(record)
                recoveredCount += recovered
                parsedSamples = parsed
            }
            for parsed in parsedSamples {
                if parsed.status == .kept {
                    out.append(parsed)
                } else {
                    context.drop(parsed, reason: parsed.reason ?? "unknown")
                }
            }
        }
        if recoveredCount > 0 { context.count("recovered", recoveredCount) }
        return out
    }

    /// Parses and filters one record; `recovered` is true when the robust pass found the
    /// label. Throws when a record of a choices task has no answer choices (a loader error).
    public func parse(_ record: TeacherRecord) throws -> (record: ParsedRecord, recovered: Bool) {
        if rationaleSource == .explanation { return (parsedFromHuman(record), false) }
        guard let completion = record.completion else {
            return (filtered(record, rationale: "", label: "", reason: .teacherFailed, correct: nil), false)
        }
        let source = record.source
        let labels = parser.rules.labels
        if labels.kind == .choices, source.choices?.isEmpty ?? true {
            throw RecordError(
                recordID: source.id, message: "record \(source.id) has no answer choices to parse the label against")
        }
        let outcome = parser.parse(completion, choices: source.choices)
        let space = LabelSpace(labels, choices: source.choices)
        let correct = space.teacherCorrect(teacherLabel: outcome.label, gold: source.label)
        if let reason = outcome.reason {
            return (filtered(record, rationale: outcome.rationale, label: outcome.label, reason: reason, correct: correct), false)
        }
        let parsed = finish(record, rationale: outcome.rationale, label: outcome.label, correct: correct)
        return (parsed, outcome.recovered)
    }

    /// The `human` teacher's record: the dataset's explanation as the rationale and the
    /// gold label as the label (the completion is ignored), so no text is built only to be
    /// parsed again. Filters `empty_rationale` (no explanation) and `rationale_too_long`;
    /// `teacherCorrect` is `true`.
    public func parsedFromHuman(_ record: TeacherRecord) -> ParsedRecord {
        let rationale = record.source.explanation ?? ""
        let label = record.source.label
        if rationale.unicodeScalars.allSatisfy({ UTF8Text.isPythonSpace($0.value) }) {
            return filtered(record, rationale: rationale, label: label, reason: .emptyRationale, correct: true)
        }
        return finish(record, rationale: rationale, label: label, correct: true)
    }

    /// The filters after parsing: length, then agreement with gold.
    private func finish(_ record: TeacherRecord, rationale: String, label: String, correct: Bool?) -> ParsedRecord {
        if options.rationaleTooLong == .filter, rationaleTokenCount(rationale) > maxRationaleTokens {
            return filtered(record, rationale: rationale, label: label, reason: .rationaleTooLong, correct: correct)
        }
        if options.dropTeacherDisagreement, correct != true {
            return filtered(record, rationale: rationale, label: label, reason: .teacherDisagreesWithGold, correct: correct)
        }
        return ParsedRecord(
            teacher: record, rationale: rationale, teacherLabel: label, status: .kept, teacherCorrect: correct)
    }

    func filtered(
        _ record: TeacherRecord, rationale: String, label: String, reason: FilterReason, correct: Bool?
    ) -> ParsedRecord {
        ParsedRecord(
            teacher: record, rationale: rationale, teacherLabel: label, status: .filtered, reason: reason.rawValue,
            teacherCorrect: correct)
    }
}
