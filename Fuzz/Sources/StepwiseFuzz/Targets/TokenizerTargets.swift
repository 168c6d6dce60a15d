import Foundation
@testable import StepwiseTokenizer

/// Loads a model from any bytes: a tokenizer, or a `TokenizerError` naming the file. What
/// loads must encode and decode a few texts without trapping.
private func loadAnyModel(_ target: String, _ data: UnsafeRawBufferPointer) {
    do throws(TokenizerError) {
        let tokenizer = try SentencePieceTokenizer(data: Data(data), name: "fuzz.model")
        for text in ["", " ", "Hello world", "a</s>b <extra_id_0>", "ｆｕｌｌ　ｗｉｄｔｈ ﬁ", String(repeating: "-", count: 70)] {
            let ids = tokenizer.encode(text, maxLength: 64)
            for id in ids where id < 0 || Int(id) >= max(tokenizer.vocabularySize, 1) {
                violated(target, "id \(id) outside the vocabulary of \(tokenizer.vocabularySize) for \(text.debugDescription)")
            }
            _ = tokenizer.decode(ids)
        }
    } catch {
        if !error.description.contains("fuzz.model") { violated(target, "an error that does not name the file: \(error)") }
    }
}

let spieceModelTarget = FuzzTarget(name: "spiece-model", summary: "spiece.model (protobuf) loading from any bytes") { data in
    // Start with the protobuf tag the loader looks for, so every input takes that path.
    var bytes: [UInt8] = [0x0A]
    bytes.append(contentsOf: data)
    bytes.withUnsafeBytes { loadAnyModel("spiece-model", $0) }
}

let tokenizerJSONTarget = FuzzTarget(name: "tokenizer-json", summary: "tokenizer.json loading from any bytes") { data in
    var bytes: [UInt8] = Array("{".utf8)
    bytes.append(contentsOf: data)
    bytes.withUnsafeBytes { loadAnyModel("tokenizer-json", $0) }
}

/// The models of data/tokenizer, loaded once.
private let models: [(String, SentencePieceTokenizer)] = {
    let dir = repositoryRoot.appendingPathComponent("data/tokenizer")
    return ["sample.model", "sample-tokenizer.json", "sample-tokenizer-prepend-first.json", "repeats-tokenizer.json"].map { name in
        do {
            return (name, try SentencePieceTokenizer(contentsOf: dir.appendingPathComponent(name)))
        } catch {
            fatalError("cannot load \(name): \(error)")
        }
    }
}()
private let session = EncodingSession(capacity: 64)

/// Encoding any text: ids inside the vocabulary ending in EOS; the same ids with and without a
/// session and with shared prefixes; and re-encoding the decoded ids gives them back when the
/// model knew every piece (no unk).
let tokenizeTarget = FuzzTarget(name: "tokenize", summary: "encode any text: valid ids, sessions agree, decode/encode round trip") { data in
    let input = Selected(data, among: models.count)
    let (name, tokenizer) = models[input.choice]
    let text = String(decoding: input.rest, as: UTF8.self)
    let ids = tokenizer.encode(text)
    guard ids.last == tokenizer.eosID else { violated("tokenize", "\(name): ids do not end in EOS for \(text.debugDescription)") }
    for id in ids where id < 0 || Int(id) >= tokenizer.vocabularySize {
        violated("tokenize", "\(name): id \(id) outside the vocabulary for \(text.debugDescription)")
    }
    if tokenizer.encode(text, session: session) != ids {
        violated("tokenize", "\(name): a session gives other ids for \(text.debugDescription)")
    }
    let prefixes = ["predict: ", "explain: "]
    let shared = tokenizer.encode(text, prefixes: prefixes, session: session)
    for (prefix, got) in zip(prefixes, shared) where got != tokenizer.encode(prefix + text) {
        violated("tokenize", "\(name): shared-prefix ids differ after \(prefix.debugDescription) for \(text.debugDescription)")
    }
    let truncated = tokenizer.encode(text, maxLength: 5)
    if truncated.count > 5 || (ids.count > 5 && truncated.last != tokenizer.eosID) {
        violated("tokenize", "\(name): truncation to 5 gave \(truncated)")
    }
    // Decoding drops the first token's leading `▁` (as HF does), so when the first token is
    // nothing but `▁` (text that starts with whitespace the model keeps, or a character its
    // normalizer turns into a space) it cannot come back; everything else must.
    let firstIsSpace = tokenizer.piece(for: ids[0]).map { !$0.isEmpty && $0.allSatisfy { $0 == "▁" } } ?? false
    // Added tokens (`</s>`, sentinels) split the text, and decoding does not restore the
    // spaces around them: only text without them must come back.
    let hasAddedToken = ids.dropLast().contains {
        $0 == tokenizer.eosID || $0 == tokenizer.padID || tokenizer.piece(for: $0)?.hasPrefix("<extra_id_") == true
    }
    if !ids.contains(tokenizer.unkID), !firstIsSpace, !hasAddedToken {
        let decoded = tokenizer.decode(Array(ids.dropLast()), skipSpecialTokens: false)
        let again = tokenizer.encode(decoded)
        if again != ids {
            violated("tokenize", "\(name): encode(decode(ids)) != ids for \(text.debugDescription): decoded \(decoded.debugDescription), \(ids) vs \(again)")
        }
    }
}
