import Testing
import StepwiseCore
@testable import StepwiseRationales

@Suite("parse stage and its filters")
struct ParseStageTests {
    func run(_ stage: ParseStage, _ batch: [TeacherRecord]) async throws -> ([ParsedRecord], BatchContext) {
        var context = BatchContext(stage: stage.name, counters: StageCounters(name: stage.name))
        let out = try await stage.process(batch, context: &context)
        return (out, context)
    }

    func stage(
        _ dataset: DatasetName, _ options: ParseOptions = ParseOptions(), maxRationaleTokens: Int = 256,
        rationaleSource: RationaleSource = .completion
    ) -> ParseStage {
        ParseStage(
            dataset: dataset, options: options, maxRationaleTokens: maxRationaleTokens, rationaleSource: rationaleSource,
            rationaleTokenCount: TestRecords.wordCount)
    }

    @Test func everyReasonIsDroppedAndCountedWithItsCompletion() async throws {
        let batch = [
            TestRecords.teacher(.esnli, completion: "A dog is an animal.\nAnswer: entailment", gold: "entailment", index: 0),
            TestRecords.teacher(.esnli, completion: nil, gold: "neutral", index: 1),
            TestRecords.teacher(.esnli, completion: "No idea at all.", gold: "neutral", index: 2),
            TestRecords.teacher(.esnli, completion: "na\nAnswer: na", gold: "neutral", index: 3),
            TestRecords.teacher(.esnli, completion: " \nAnswer: neutral", gold: "neutral", index: 4),
            TestRecords.teacher(
                .esnli, completion: String(repeating: "word ", count: 300) + "\nAnswer: neutral", gold: "neutral", index: 5),
        ]
        let (out, context) = try await run(stage(.esnli), batch)
        #expect(out.map(\.recordID) == ["esnli-train-0"])
        #expect(out[0].status == .kept)
        #expect(out[0].rationale == "A dog is an animal.")
        #expect(out[0].teacherCorrect == true)
        #expect(context.rejections.map(\.reason) == [
            "teacher_failed", "no_answer_phrase", "label_outside_space", "empty_rationale", "rationale_too_long",
        ])
        #expect(context.rejections.allSatisfy { $0.stage == "parse" })
        #expect(context.rejections[2].record["completion"] == "na\nAnswer: na")
        #expect(context.rejections[2].record["status"] == "filtered")
        #expect(context.rejections[2].record["teacher_label"] == "na")
        // Teacher accuracy counts the label whatever filtered the record: five records had a
        // completion, three labels were right (records 0, 4 and 5), one was not parsed.
        #expect(out[0].teacherVerdict == .correct)
        #expect(context.rejections.map(\.teacherVerdict) == [nil, .unparsed, .unparsed, .correct, .correct])
    }

    @Test func filteredRecordsAreDroppedWithWhatTheParserFound() async throws {
        let batch = [
            TestRecords.teacher(.anli, completion: "X. So the answer is neutral.", gold: "neutral", index: 0),
            TestRecords.teacher(.anli, completion: "Nothing here.", gold: "neutral", index: 1),
        ]
        let (out, context) = try await run(stage(.anli), batch)
        #expect(out.map(\.status) == [.kept])
        let rejected = try #require(context.rejections.first)
        #expect(rejected.reason == "no_answer_phrase")
        #expect(rejected.record["rationale"] == "")
        #expect(rejected.record["teacher_label"] == "")
        #expect(rejected.record["reason"] == "no_answer_phrase")
        #expect(rejected.record["cached"] == nil)
    }

    @Test func truncatePolicyKeepsLongRationales() async throws {
        var options = ParseOptions(rationaleTooLong: .truncate)
        let record = TestRecords.teacher(.esnli, completion: "one two three four\nAnswer: neutral", gold: "neutral")
        #expect(try await run(stage(.esnli, options, maxRationaleTokens: 3), [record]).0.first?.status == .kept)
        options.rationaleTooLong = .filter
        #expect(try await run(stage(.esnli, options, maxRationaleTokens: 3), [record]).1.rejections.first?.reason == "rationale_too_long")
        #expect(try await run(stage(.esnli, options, maxRationaleTokens: 4), [record]).0.count == 1)
    }

    @Test func teacherDisagreementIsOptional() async throws {
        let record = TestRecords.teacher(.cqa, completion: "It is kept. So the answer is (a) bank.", gold: "pocket", choices: TestRecords.choices)
        let (kept, _) = try await run(stage(.cqa), [record])
        #expect(kept.first?.teacherCorrect == false)
        var options = ParseOptions()
        options.dropTeacherDisagreement = true
        let (out, context) = try await run(stage(.cqa, options), [record])
        #expect(out.isEmpty)
        #expect(context.rejections.map(\.reason) == ["teacher_disagrees_with_gold"])
    }

    @Test func equationsAreComparedByValue() async throws {
        let record = TestRecords.teacher(.svamp, completion: "84 / 2 = 42. The answer is (84 / 2).", gold: "( 84.0 / 2.0 )")
        let (out, _) = try await run(stage(.svamp), [record])
        #expect(out.first?.teacherCorrect == true)
        let asdiv = TestRecords.teacher(.asdiv, completion: "So 21. The answer is (9 + 12).", gold: "21")
        #expect(try await run(stage(.asdiv), [asdiv]).0.first?.teacherCorrect == true)
    }

    @Test func robustRecoveriesAreCounted() async throws {
        let record = TestRecords.teacher(.esnli, completion: "Guys are guys.\nAnswer: entailment\n\nPre", gold: "entailment")
        let (out, context) = try await run(stage(.esnli), [record])
        #expect(out.first?.teacherLabel == "entailment")
        #expect(context.extraCounts["recovered"] == 1)
        let (paper, paperContext) = try await run(stage(.esnli, ParseOptions(mode: .paper)), [record])
        #expect(paper.isEmpty)
        #expect(paperContext.rejections.first?.reason == "label_outside_space")
    }

    @Test func cqaWithoutChoicesIsALoaderError() async throws {
        let record = TestRecords.teacher(.cqa, completion: "So the answer is (a) bank.", gold: "bank", choices: nil)
        await #expect(throws: RecordError.self) { try await run(stage(.cqa), [record]) }
    }

    @Test func humanExplanationWithoutStringGames() async throws {
        let batch = [
            TestRecords.teacher(.esnli, completion: nil, gold: "neutral", explanation: "Not all dogs run.", index: 0),
            TestRecords.teacher(.esnli, completion: nil, gold: "neutral", explanation: nil, index: 1),
        ]
        let (out, context) = try await run(stage(.esnli, rationaleSource: .explanation), batch)
        #expect(out.count == 1)
        #expect(out[0].rationale == "Not all dogs run.")
        #expect(out[0].teacherLabel == "neutral")
        #expect(out[0].teacherCorrect == true)
        #expect(context.rejections.map(\.reason) == ["empty_rationale"])
    }

    /// Chat models return empty and whitespace-only answers; the robust pass once trapped on
    /// them (and, the completion being cached, on every resume). Every dataset, both modes:
    /// a named reject, never a trap.
    @Test(arguments: DatasetName.allCases, [ParseMode.paper, .robust])
    func emptyAndWhitespaceCompletionsAreANamedReject(dataset: DatasetName, mode: ParseMode) async throws {
        let texts = ["", " ", "\n", "\n\n\t ", "\u{00A0}\u{3000}", "\r\n"]
        let batch = texts.enumerated().map { i, text in
            TestRecords.teacher(dataset, completion: text, gold: "x", choices: TestRecords.choices, index: i)
        }
        let (out, context) = try await run(stage(dataset, ParseOptions(mode: mode)), batch)
        #expect(out.isEmpty)
        #expect(context.rejections.map(\.reason) == Array(repeating: "empty_completion", count: texts.count))
        #expect(context.rejections.map(\.sourceIndex) == Array(0..<texts.count))
        // Counted for teacher accuracy like any completion without a label.
        #expect(context.rejections.allSatisfy { $0.teacherVerdict == .unparsed })
    }

    /// Short and odd completions around the empty case reach the parser and get its reasons.
    @Test(arguments: DatasetName.allCases, [ParseMode.paper, .robust])
    func tinyCompletionsParseWithoutTrapping(dataset: DatasetName, mode: ParseMode) async throws {
        let texts = ["x", " x", "Q:", "\nQ:", "Premise:", "\nPremise:", "(", ")", "(a)", "Answer:", "So the answer is", "\u{FFFD}", "é"]
        let batch = texts.enumerated().map { i, text in
            TestRecords.teacher(dataset, completion: text, gold: "x", choices: TestRecords.choices, index: i)
        }
        let (out, context) = try await run(stage(dataset, ParseOptions(mode: mode)), batch)
        #expect(out.count + context.rejections.count == texts.count)
        #expect(context.rejections.allSatisfy { ["no_answer_phrase", "label_outside_space", "empty_rationale"].contains($0.reason) })
    }
}
