import StepwiseCore
import StepwiseTokenizer

/// Turns kept records into multi-task examples: `input_prefix` + input and
/// `rationale_prefix` + input as the two encoder inputs, and the gold label, teacher label
/// and rationale as targets. Every column ends with EOS; inputs are cut to
/// `maxInputTokens` and targets to `maxTargetTokens`, EOS kept last, and each cut is
/// counted (`truncated_<column>`).
public struct TokenizeStage: Stage {
    public let name = "tokenize"
    public let tokenizer: SentencePieceTokenizer
    public let inputPrefix: String
    public let rationalePrefix: String
    public let maxInputTokens: Int
    public let maxTargetTokens: Int
    private let prefixes: [String]
    /// Per-batch encoding sessions: each worker gets its own word cache and buffers.
    private let sessions = EncodingSessionPool()

    public init(
        tokenizer: SentencePieceTokenizer, inputPrefix: String, rationalePrefix: String,
        maxInputTokens: Int, maxTargetTokens: Int
    ) {
        self.tokenizer = tokenizer
        self.inputPrefix = inputPrefix
        self.rationalePrefix = rationalePrefix
        self.maxInputTokens = maxInputTokens
        self.maxTargetTokens = maxTargetTokens
        self.prefixes = [inputPrefix, rationalePrefix]
    }

    /// The settings it tokenizes with, as JSON.
    public var settings: JSONValue {
        [
            "model": .string(tokenizer.fingerprint), "input_prefix": .string(inputPrefix),
            "rationale_prefix": .string(rationalePrefix), "max_input_tokens": .int(maxInputTokens),
            "max_target_tokens": .int(maxTargetTokens),
        ]
    }

    public func process(_ batch: [ParsedRecord], context: inout BatchContext) async throws -> [TokenizedExample] {
        var counts: [String: Int] = [:]
        let out = sessions.withSession { session in tokenize(batch, session: session, counts: &counts) }
        for (name, n) in counts.sorted(by: { $0.key < $1.key }) { context.count(name, n) }
        return out
    }

    private func tokenize(_ batch: [ParsedRecord], session: EncodingSession, counts: inout [String: Int]) -> [TokenizedExample] {
        var out: [TokenizedExample] = []
        out.reserveCapacity(batch.count)
        // Every column's ids go to one buffer kept for the batch, then once into the
        // example's own array at its exact size: one allocation per example.
        var scratch: [Int32] = []
        var prefixEnds: [Int] = []
        let eos = tokenizer.eosID
        for record in batch {
            scratch.removeAll(keepingCapacity: true)
            prefixEnds.removeAll(keepingCapacity: true)
            // Both encoder inputs share the input's segmentation (see `append(_:prefixes:)`).
            tokenizer.append(record.source.input, prefixes: prefixes, session: session, to: &scratch, ends: &prefixEnds)
            // Column k's ids are scratch[bounds[k]..<bounds[k + 1]] (a SIMD value: no allocation).
            var bounds = SIMD8<Int32>()
            bounds[1] = Int32(prefixEnds[0])
            bounds[2] = Int32(prefixEnds[1])
            tokenizer.append(record.source.label, session: session, to: &scratch)
            bounds[3] = Int32(scratch.count)
            tokenizer.append(record.teacherLabel, session: session, to: &scratch)
            bounds[4] = Int32(scratch.count)
            tokenizer.append(record.rationale, session: session, to: &scratch)
            bounds[5] = Int32(scratch.count)
            var truncated: [String] = []
            var size = 0
            for k in 0..<5 {
                let count = Int(bounds[k + 1] - bounds[k])
                let limit = k < 2 ? maxInputTokens : maxTargetTokens
                if count > limit { truncated.append(Self.columns[k]) }
                size += min(count, limit)
            }
            var tokens: [Int32] = []
            tokens.reserveCapacity(size)
            var ends = SIMD4<Int32>()
            for k in 0..<5 {
                let start = Int(bounds[k]), end = Int(bounds[k + 1])
                // A column over its limit keeps its first limit - 1 ids and EOS.
                let limit = k < 2 ? maxInputTokens : maxTargetTokens
                if end - start > limit {
                    tokens.append(contentsOf: scratch[start..<(start + limit - 1)])
                    tokens.append(eos)
                } else {
                    tokens.append(contentsOf: scratch[start..<end])
                }
                if k < 4 { ends[k] = Int32(tokens.count) }
            }
            for column in truncated { counts["truncated_\(column)", default: 0] += 1 }
            out.append(TokenizedExample(parsed: record, tokens: tokens, ends: ends, truncated: truncated))
        }
        return out
    }

    /// The token columns in ``TokenizedExample``'s order, as truncation counters name them.
    static let columns = ["input_ids", "expl_input_ids", "labels", "teacher_labels", "aux_labels"]
}
