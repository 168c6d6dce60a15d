/// Several samples per record and how they become training examples: `teacher.samples`,
/// `teacher.vote`, `teacher.keep` and `teacher.min_agreement`.
public struct SampleVoting: Sendable, Hashable {
    /// How the teacher label of a record with several samples is decided.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// The most common parsed label (ties: the label whose first vote came first).
        case majority
        /// No vote: every sample is parsed and filtered on its own.
        case none
    }

    /// Which samples become training examples after a vote.
    public enum Keep: String, Sendable, Hashable, CaseIterable {
        /// Every sample whose label equals the vote.
        case agreeing
        /// The first sample whose label equals the vote.
        case one
        /// Every sample that parsed, whatever its label.
        case all
    }

    /// Completions per record (≥ 1).
    public var samples: Int
    public var rule: Rule
    public var keep: Keep
    /// The least fraction of the samples that must carry the voted label; records below
    /// it are filtered as `low_agreement`.
    public var minAgreement: Double?

    public init(samples: Int = 1, rule: Rule = .majority, keep: Keep = .agreeing, minAgreement: Double? = nil) {
        self.samples = samples
        self.rule = rule
        self.keep = keep
        self.minAgreement = minAgreement
    }

    /// Whether records carry several samples to vote on.
    public var votes: Bool { samples > 1 && rule == .majority }
}

/// The outcome of a record's vote, carried by each of its examples (the shards' `metadata`
/// column) and tallied for `stats`.
public struct VoteSummary: Sendable, Hashable {
    /// The voted label ("" when no sample parsed).
    public var label: String
    /// Samples whose parsed label equals `label`.
    public var votes: Int
    /// Samples asked.
    public var samples: Int
    /// Votes for the runner-up label.
    public var runnerUp: Int

    public init(label: String, votes: Int, samples: Int, runnerUp: Int) {
        self.label = label
        self.votes = votes
        self.samples = samples
        self.runnerUp = runnerUp
    }

    /// `votes / samples`.
    public var agreement: Double { samples > 0 ? Double(votes) / Double(samples) : 0 }
    /// `(votes − runnerUp) / samples`: 1 when every sample agrees, 0 on a tie.
    public var margin: Double { samples > 0 ? Double(votes - runnerUp) / Double(samples) : 0 }

    public var json: JSONValue {
        .object([
            ("vote", .string(label)), ("votes", .int(votes)), ("samples", .int(samples)), ("runner_up", .int(runnerUp)),
        ])
    }
}
