/// Everything the encoder and decoder need, whichever file it was read from. Both loaders
/// (`spiece.model` and `tokenizer.json`) produce one of these; a bare `spiece.model` is turned
/// into what transformers' T5 conversion would write as a tokenizer.json.
struct TokenizerDefinition: Sendable {
    /// Unigram pieces in id order, with their log-probability scores.
    var pieces: [String]
    var scores: [Double]
    var unkID: Int
    var eosID: Int
    var padID: Int
    /// Normalization steps applied, in order, to each text segment between added tokens.
    var normalizers: [NormalizationStep]
    /// `nil` when the file has no pre-tokenizer: the whole normalized segment is one word.
    var metaspace: MetaspaceOptions?
    /// Tokens matched on the raw text before normalization (tokenizer.json `added_tokens`).
    var addedTokens: [AddedToken]
    /// Ids `decode(skipSpecialTokens: true)` leaves out.
    var specialIDs: Set<Int>
}

/// One normalizer of a tokenizer.json `normalizer` sequence that this encoder implements.
enum NormalizationStep: Sendable {
    /// SentencePiece's precompiled character map (NFKC-like rewriting).
    case precompiled(PrecompiledCharsMap)
    /// Removes Unicode whitespace at the left and/or right end.
    case strip(left: Bool, right: Bool)
    /// Replaces every run of at least `minimumRun` copies of `unit` by `content`
    /// (covers the regexes ` {2,}` and ` +` and plain string patterns of one character).
    case collapseRuns(unit: [UInt8], minimumRun: Int, content: [UInt8])
    /// Replaces every occurrence of a literal string by `content`.
    case replaceLiteral(pattern: [UInt8], content: [UInt8])
}

/// When the Metaspace pre-tokenizer puts a `▁` in front of a segment.
enum PrependScheme: Sendable {
    case always, first, never
}

/// The Metaspace pre-tokenizer: spaces become `▁`, a `▁` is prepended per `prependScheme`,
/// and with `split` each `▁` starts a new word.
struct MetaspaceOptions: Sendable {
    var replacement: [UInt8]
    var prependScheme: PrependScheme
    var split: Bool
}

/// A token of tokenizer.json's `added_tokens`, matched on the raw text (leftmost-longest).
struct AddedToken: Sendable {
    var content: [UInt8]
    var id: Int
    /// Absorb Unicode whitespace on the left / right into the match.
    var lstrip: Bool
    var rstrip: Bool
    var special: Bool
}
