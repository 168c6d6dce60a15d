import StepwiseCore
import Testing

@testable import StepwiseRationales

/// Several samples per record: the majority vote, the keep modes, margins and
/// `min_agreement`, on five samples with a planted majority.
@Suite("sample vote")
struct SampleVoteTests {
    /// Five e-SNLI samples: three say entailment (samples 0, 2, 4 — sample 4 in another
    /// spelling the robust parser maps), one neutral, one without an answer.
    static let planted: [String?] = [
        "A dog is an animal.\nAnswer: entailment",
        "Maybe it is not.\nAnswer: neutral",
        "Dogs are animals.\nAnswer: entailment",
        "I cannot tell at all.",
        "It follows.\nAnswer: Entailment",
    ]

    func record(_ completions: [String?], gold: String = "entailment", index: Int = 0) -> TeacherRecord {
        var record = TestRecords.teacher(.esnli, completion: completions[0], gold: gold, index: index)
        record.moreSamples = completions.dropFirst().map { SampleAnswer(completion: $0) }
        record.usage = TokenUsage(promptTokens: 100, completionTokens: 50, completions: completions.count)
        return record
    }

    func run(_ voting: SampleVoting, _ batch: [TeacherRecord]) async throws -> (kept: [ParsedRecord], context: BatchContext) {
        let stage = ParseStage(dataset: .esnli, voting: voting, rationaleTokenCount: TestRecords.wordCount)
        var context = BatchContext(stage: stage.name, counters: StageCounters(name: stage.name))
        let out = try await stage.process(batch, context: &context)
        return (out, context)
    }

    @Test func agreeingKeepsEverySampleWithTheVotedLabel() async throws {
        let (kept, context) = try await run(SampleVoting(samples: 5), [record(Self.planted)])
        #expect(kept.map(\.sample) == [0, 2, 4])
        #expect(kept.allSatisfy { $0.teacherLabel == "entailment" })
        #expect(context.rejections.map(\.reason) == ["vote_disagrees", "no_answer_phrase"])
        let vote = try #require(kept.first?.vote)
        #expect(vote == VoteSummary(label: "entailment", votes: 3, samples: 5, runnerUp: 1))
        #expect(vote.agreement == 0.6)
        #expect(abs(vote.margin - 0.4) < 1e-12)
        // The record counts once: sample 0 carries the verdict and the usage.
        #expect(kept.map(\.teacherVerdict) == [.correct, nil, nil])
        #expect(kept.map(\.teacherUsage) == [TokenUsage(promptTokens: 100, completionTokens: 50, completions: 5), nil, nil])
        #expect(context.rejections.allSatisfy { $0.teacherVerdict == nil && $0.teacherUsage == nil })
        #expect(kept[1].metadataJSON == #"{"sample":2,"vote":"entailment","votes":3,"samples":5,"runner_up":1}"#)
        #expect(context.rejections[0].record["sample"] == 1)
        #expect(context.rejections[0].record["vote"]?["vote"] == "entailment")
    }

    @Test func oneKeepsTheFirstAgreeingSample() async throws {
        let (kept, context) = try await run(SampleVoting(samples: 5, keep: .one), [record(Self.planted)])
        #expect(kept.map(\.sample) == [0])
        #expect(context.rejections.map(\.reason) == ["vote_disagrees", "vote_not_kept", "no_answer_phrase", "vote_not_kept"])
    }

    @Test func allKeepsEveryParsedSampleWithItsOwnLabel() async throws {
        let (kept, context) = try await run(SampleVoting(samples: 5, keep: .all), [record(Self.planted)])
        #expect(kept.map(\.sample) == [0, 1, 2, 4])
        #expect(kept.map(\.teacherLabel) == ["entailment", "neutral", "entailment", "entailment"])
        #expect(context.rejections.map(\.reason) == ["no_answer_phrase"])
    }

    @Test func belowMinAgreementTheRecordIsFiltered() async throws {
        let (kept, context) = try await run(SampleVoting(samples: 5, minAgreement: 0.7), [record(Self.planted)])
        #expect(kept.isEmpty)
        #expect(context.rejections.map(\.reason) == Array(repeating: "low_agreement", count: 5))
        // Still one verdict for the record, from the vote.
        #expect(context.rejections.compactMap(\.teacherVerdict) == [.correct])
        let (passing, _) = try await run(SampleVoting(samples: 5, minAgreement: 0.6), [record(Self.planted)])
        #expect(passing.count == 3)
    }

    @Test func aWrongMajorityIsTheRecordsVerdict() async throws {
        let (kept, _) = try await run(SampleVoting(samples: 5), [record(Self.planted, gold: "neutral")])
        #expect(kept.first?.teacherVerdict == .wrong)
        #expect(kept.first?.teacherCorrect == false)
    }

    @Test func tiesGoToTheLabelVotedFirst() async throws {
        let tie: [String?] = [
            "x.\nAnswer: neutral", "y.\nAnswer: contradiction", "z.\nAnswer: contradiction", "w.\nAnswer: neutral",
        ]
        let (kept, _) = try await run(SampleVoting(samples: 4), [record(tie, gold: "neutral")])
        #expect(kept.map(\.sample) == [0, 3])
        #expect(kept.first?.vote?.margin == 0)
    }

    @Test func noParsedLabelIsLowAgreement() async throws {
        let (kept, context) = try await run(SampleVoting(samples: 3), [record(["a", "b", "c"])])
        #expect(kept.isEmpty)
        #expect(context.rejections.map(\.reason) == ["low_agreement", "low_agreement", "low_agreement"])
        #expect(context.rejections.first?.teacherVerdict == .unparsed)
    }

    @Test func voteNoneParsesEverySampleAlone() async throws {
        let (kept, context) = try await run(SampleVoting(samples: 5, rule: .none), [record(Self.planted)])
        #expect(kept.map(\.sample) == [0, 1, 2, 4])
        #expect(kept.allSatisfy { $0.vote == nil })
        #expect(context.rejections.map(\.reason) == ["no_answer_phrase"])
    }

    @Test func numbersVoteByValue() async throws {
        var record = TestRecords.teacher(.svamp, completion: "x. The answer is 2.0", gold: "2")
        record.moreSamples = [SampleAnswer(completion: "y. The answer is 2"), SampleAnswer(completion: "z. The answer is 3")]
        let stage = ParseStage(dataset: .svamp, voting: SampleVoting(samples: 3), rationaleTokenCount: TestRecords.wordCount)
        var context = BatchContext(stage: stage.name, counters: StageCounters(name: stage.name))
        let kept = try await stage.process([record], context: &context)
        #expect(kept.map(\.sample) == [0, 1])
        #expect(kept.first?.vote?.votes == 2)
    }
}
