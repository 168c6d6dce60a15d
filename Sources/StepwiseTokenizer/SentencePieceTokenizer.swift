import Crypto
import Foundation
import Synchronization

/// T5's SentencePiece unigram tokenizer, giving exactly the ids of HF `tokenizers` on the same
/// model (the paper's `T5TokenizerFast`).
///
/// Loads either file users have, detected from the content:
/// - `spiece.model` (SentencePiece `ModelProto`): behaves like the tokenizer.json that
///   transformers' T5 conversion makes of it — 100 sentinels `<extra_id_0…99>` appended
///   (ids counting down from the last), `</s>` and sentinels inside text matched as pieces.
/// - HF `tokenizer.json` with a Unigram model: honours its normalizers, Metaspace
///   `prepend_scheme`, `added_tokens` and post-processor; `truncation`/`padding` are ignored.
///
/// Thread safety: the instance is immutable; each `encode` call uses its own scratch
/// buffers, so any number of tasks may encode concurrently.
///
/// Text is Swift `String`, hence always valid Unicode: bytes that were not valid UTF-8 were
/// already replaced by U+FFFD when the string was made, and U+FFFD then tokenizes like any
/// character outside the vocabulary (the unk id).
public final class SentencePieceTokenizer: Sendable {
    private let encoder: UnigramEncoder
    private var definition: TokenizerDefinition { encoder.definition }

    /// `sha256:` + the hex SHA-256 of the model file's bytes. A changed file changes it.
    public let fingerprint: String

    /// Sessions without a word cache, lent to calls made without a session so that each
    /// does not allocate scratch buffers afresh.
    private let idleScratch = Mutex<[EncodingSession]>([])

    /// Loads `spiece.model` (protobuf) or HF `tokenizer.json`, detected from the content.
    /// - Throws: `TokenizerError` naming the file and the problem.
    public convenience init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenizerError(.unreadable, file: url.path, "cannot read: \(error.localizedDescription)")
        }
        try self.init(data: data, name: url.path)
    }

    /// Loads a model from bytes; `name` is used in error messages.
    public init(data: Data, name: String) throws(TokenizerError) {
        let bytes = [UInt8](data)
        let firstSignificant = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let definition: TokenizerDefinition
        if bytes.isEmpty {
            throw TokenizerError(.unrecognizedFormat, file: name, "empty file: neither a SentencePiece model nor a tokenizer.json")
        } else if firstSignificant == UInt8(ascii: "{") {
            definition = try TokenizerJSONLoader.load(data, file: name)
        } else if bytes[0] == 0x0A {
            // A ModelProto starts with its first `pieces` entry: field 1, length-delimited.
            definition = try SentencePieceModelLoader.load(bytes, file: name)
        } else {
            throw TokenizerError(.unrecognizedFormat, file: name, "neither a SentencePiece model (protobuf) nor a tokenizer.json (JSON)")
        }
        // The trie packs node numbers into 24 bits; there are at most as many nodes as piece bytes.
        let pieceBytes = definition.pieces.reduce(0) { $0 + $1.utf8.count }
        guard pieceBytes < 1 << 24 else {
            throw TokenizerError(.unsupportedModel, file: name, "vocabulary of \(pieceBytes) bytes of pieces is too large (limit 16 MiB)")
        }
        // Every id the encoder can emit must name a piece or an added token: an EOS, unk or
        // pad id past the vocabulary would reach the shards and the trainer's embedding.
        let size = max(definition.pieces.count, (definition.addedTokens.map(\.id).max() ?? -1) + 1)
        for (role, id) in [("EOS", definition.eosID), ("unk", definition.unkID), ("pad", definition.padID)] where !(0..<size).contains(id) {
            throw TokenizerError(.corrupt, file: name, "the \(role) id \(id) is outside the vocabulary of \(size) ids")
        }
        if let bad = definition.addedTokens.first(where: { $0.id < 0 }) {
            throw TokenizerError(.corrupt, file: name, "added token \(String(decoding: bad.content, as: UTF8.self).debugDescription) has the negative id \(bad.id)")
        }
        self.encoder = UnigramEncoder(definition: definition)
        self.fingerprint = "sha256:" + SHA256.hex(bytes)
    }

    /// Number of ids: pieces plus sentinels/added tokens beyond them (32,100 for T5).
    public var vocabularySize: Int {
        max(definition.pieces.count, (definition.addedTokens.map(\.id).max() ?? -1) + 1)
    }

    public var eosID: Int32 { Int32(definition.eosID) }
    public var padID: Int32 { Int32(definition.padID) }
    public var unkID: Int32 { Int32(definition.unkID) }

    /// Ids for `text`, EOS appended when `addEOS`; with `maxLength`, truncated to that many ids
    /// keeping EOS last (as HF truncation before the `$A </s>` template does).
    ///
    /// With a `session` (one task at a time), repeated words come from its cache and its
    /// buffers are reused; the ids are the same as without one.
    public func encode(
        _ text: String, addEOS: Bool = true, maxLength: Int? = nil, session: EncodingSession? = nil
    ) -> [Int32] {
        var ids: [Int32] = []
        ids.reserveCapacity(text.utf8.count / 3 + 2)
        append(text, addEOS: addEOS, session: session, to: &ids)
        if let maxLength { Self.truncate(&ids, to: maxLength, keepingLast: addEOS) }
        return ids
    }

    /// Appends the ids of `text` to `ids`: the ids ``encode(_:addEOS:maxLength:session:)``
    /// returns (untruncated), without an array of their own — a caller that gathers many
    /// texts' ids in one buffer makes no allocation per text.
    public func append(_ text: String, addEOS: Bool = true, session: EncodingSession? = nil, to ids: inout [Int32]) {
        var text = text
        text.withUTF8 { append(utf8: $0, addEOS: addEOS, session: session, to: &ids) }
    }

    /// Appends the ids of the UTF-8 text in `bytes` to `ids`. The bytes must be valid UTF-8
    /// (a `String`'s are; repair others with `String(decoding:as:)` first).
    public func append(
        utf8 bytes: UnsafeBufferPointer<UInt8>, addEOS: Bool = true, session: EncodingSession? = nil,
        to ids: inout [Int32]
    ) {
        if let session {
            session.use(for: fingerprint)
            encoder.encode(bytes, into: &ids, scratch: &session.scratch)
        } else {
            let lent = idleScratch.withLock { $0.popLast() } ?? EncodingSession(capacity: 0)
            encoder.encode(bytes, into: &ids, scratch: &lent.scratch)
            idleScratch.withLock { if $0.count < 64 { $0.append(lent) } }
        }
        if addEOS { ids.append(eosID) }
    }

    /// Appends the ids of `prefix + text`, joined in the session's buffer rather than a new string.
    private func append(prefix: String, text: String, addEOS: Bool, session: EncodingSession, to ids: inout [Int32]) {
        var joined: [UInt8] = []
        swap(&joined, &session.joined)
        defer { swap(&joined, &session.joined) }
        joined.removeAll(keepingCapacity: true)
        joined.append(contentsOf: prefix.utf8)
        joined.append(contentsOf: text.utf8)
        joined.withUnsafeBufferPointer { append(utf8: $0, addEOS: addEOS, session: session, to: &ids) }
    }

    /// Ids of `prefix + text` for each prefix (EOS appended when `addEOS`), equal to calling
    /// ``encode(_:addEOS:maxLength:session:)`` on each concatenation.
    ///
    /// The pipeline encodes every input twice, after `predict: ` and after `explain: `. When the
    /// model splits words at each `▁` (Metaspace with split, as T5's) and the prefixes are
    /// plain ASCII words ending in one space, the text's words do not depend on which prefix
    /// precedes them — only the prefix's final space touches the text, and it is the same for
    /// all — so the text is segmented once and each prefix's own ids are put in front.
    /// Otherwise each concatenation is encoded in full.
    public func encode(
        _ text: String, prefixes: [String], addEOS: Bool = true, session: EncodingSession? = nil
    ) -> [[Int32]] {
        var ids: [Int32] = []
        var ends: [Int] = []
        append(text, prefixes: prefixes, addEOS: addEOS, session: session, to: &ids, ends: &ends)
        var start = 0
        return ends.map { end in
            defer { start = end }
            return Array(ids[start..<end])
        }
    }

    /// Appends the ids of `prefix + text` for each prefix to `ids`, back to back, and the end
    /// of each one's ids to `ends`: ``encode(_:prefixes:addEOS:session:)`` without an array
    /// per prefix.
    public func append(
        _ text: String, prefixes: [String], addEOS: Bool = true, session: EncodingSession? = nil,
        to ids: inout [Int32], ends: inout [Int]
    ) {
        let start = ids.count
        func appendEachInFull() {
            for prefix in prefixes {
                append(prefix + text, addEOS: addEOS, session: session, to: &ids)
                ends.append(ids.count)
            }
        }
        guard prefixes.count > 1, let prefixIDs = sharablePrefixIDs(prefixes, session: session) else {
            return appendEachInFull()
        }
        if let session {
            append(prefix: prefixes[0], text: text, addEOS: addEOS, session: session, to: &ids)
        } else {
            append(prefixes[0] + text, addEOS: addEOS, to: &ids)
        }
        let firstEnd = ids.count
        guard ids[start..<firstEnd].starts(with: prefixIDs[0]) else {
            ids.removeSubrange(start...)
            return appendEachInFull()
        }
        ends.append(firstEnd)
        // The text's ids (and EOS) after the first prefix's, copied after each other prefix's.
        let tail = (start + prefixIDs[0].count)..<firstEnd
        for own in prefixIDs.dropFirst() {
            ids.append(contentsOf: own)
            let at = ids.count
            ids.append(contentsOf: repeatElement(0, count: tail.count))
            ids.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress, !tail.isEmpty else { return }
                (base + at).update(from: base + tail.lowerBound, count: tail.count)
            }
            ends.append(ids.count)
        }
    }

    /// The ids of each prefix's words (its final space left out), or `nil` when some prefix
    /// is not sharable; remembered by the session, since a stage passes the same prefixes
    /// for every record.
    private func sharablePrefixIDs(_ prefixes: [String], session: EncodingSession?) -> [[Int32]]? {
        session?.use(for: fingerprint)
        if let session, let known = session.prefixIDs[prefixes] { return known }
        let ids: [[Int32]]? =
            prefixes.allSatisfy(isSharablePrefix)
            ? prefixes.map { encode(String($0.dropLast()), addEOS: false, session: session) } : nil
        session?.prefixIDs[prefixes] = ids
        return ids
    }

    /// A prefix whose words never interact with the text after it: printable ASCII without
    /// added tokens, words separated by single spaces, ending in exactly one space.
    private func isSharablePrefix(_ prefix: String) -> Bool {
        guard let metaspace = definition.metaspace, metaspace.split else { return false }
        let bytes = Array(prefix.utf8)
        guard bytes.count >= 2, bytes.last == 0x20, bytes[bytes.count - 2] != 0x20, bytes.first != 0x20 else { return false }
        for (i, b) in bytes.enumerated() {
            guard b >= 0x20, b < 0x7F else { return false }
            if b == 0x20, i > 0, bytes[i - 1] == 0x20 { return false }
        }
        return !definition.addedTokens.contains { token in
            !token.content.isEmpty && bytes.count >= token.content.count
                && (0...(bytes.count - token.content.count)).contains { bytes[$0..<($0 + token.content.count)].elementsEqual(token.content) }
        }
    }

    /// How many ids `encode(text, addEOS:)` returns before truncation.
    public func tokenCount(_ text: String, addEOS: Bool = true) -> Int {
        encode(text, addEOS: addEOS).count
    }

    static func truncate(_ ids: inout [Int32], to maxLength: Int, keepingLast: Bool) {
        guard ids.count > maxLength else { return }
        guard maxLength > 0 else {
            ids.removeAll()
            return
        }
        if keepingLast, let last = ids.last {
            ids.removeSubrange((maxLength - 1)..<ids.count)
            ids.append(last)
        } else {
            ids.removeSubrange(maxLength..<ids.count)
        }
    }

    /// The piece (or added token) text for `id`; nil when out of range.
    public func piece(for id: Int32) -> String? {
        let index = Int(id)
        if definition.pieces.indices.contains(index) { return definition.pieces[index] }
        return definition.addedTokens.first { $0.id == index }.map { String(decoding: $0.content, as: UTF8.self) }
    }

    /// Text for `ids`, as HF's Metaspace decoder gives it: `▁` becomes a space, and the first
    /// emitted token loses its `▁`s. With `skipSpecialTokens`, pad, EOS, unk, control pieces,
    /// sentinels and special added tokens are left out. Unknown ids are skipped.
    public func decode(_ ids: [Int32], skipSpecialTokens: Bool = true) -> String {
        let replacement = definition.metaspace?.replacement ?? Array("▁".utf8)
        let stripFirst = definition.metaspace.map { $0.prependScheme != .never } ?? false
        var output: [UInt8] = []
        var emitted = 0
        for id in ids {
            if skipSpecialTokens && definition.specialIDs.contains(Int(id)) { continue }
            guard let piece = piece(for: id) else { continue }
            let bytes = Array(piece.utf8)
            var index = 0
            while index < bytes.count {
                if index + replacement.count <= bytes.count && Array(bytes[index..<(index + replacement.count)]) == replacement {
                    if !(emitted == 0 && stripFirst) { output.append(0x20) }
                    index += replacement.count
                } else {
                    output.append(bytes[index])
                    index += 1
                }
            }
            emitted += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
