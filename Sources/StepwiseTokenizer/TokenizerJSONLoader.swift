import Foundation
import StepwiseCore

/// Reads an HF `tokenizer.json` holding a Unigram model. Implemented components: normalizers
/// `Precompiled`, `Replace` (string patterns and the regexes `X{n,}` / `X+` of one
/// character), `Strip`, `Sequence`; pre-tokenizer `Metaspace` (alone or in a `Sequence`);
/// post-processor `TemplateProcessing` of the form `$A <special>`; `added_tokens` matched on
/// the raw text. Anything else is refused with a message naming the component, rather than
/// tokenized differently from HF. `truncation` and `padding` are ignored, as transformers
/// ignores them.
enum TokenizerJSONLoader {
    static func load(_ data: Data, file: String) throws(TokenizerError) -> TokenizerDefinition {
        let root: JSONValue
        do throws(JSONSyntaxError) {
            root = try JSONValue(parsing: data)
        } catch {
            throw TokenizerError(.corrupt, file: file, "invalid JSON: \(error)")
        }
        guard case .object = root else {
            throw TokenizerError(.unrecognizedFormat, file: file, "JSON top level is not an object: not a tokenizer.json")
        }
        guard let model = root["model"], case .object = model else {
            throw TokenizerError(.unrecognizedFormat, file: file, "no \"model\" object: not a tokenizer.json")
        }
        let modelType = model["type"]?.stringValue ?? (model["vocab"]?.arrayValue != nil ? "Unigram" : "unknown")
        guard modelType == "Unigram" else {
            throw TokenizerError(.unsupportedModel, file: file, "model type \(modelType): only Unigram models are supported")
        }
        if model["byte_fallback"] == .bool(true) {
            throw TokenizerError(.unsupportedComponent, file: file, "Unigram byte_fallback is not supported")
        }
        guard let vocab = model["vocab"]?.arrayValue, !vocab.isEmpty else {
            throw TokenizerError(.corrupt, file: file, "model.vocab is missing or empty")
        }
        var pieces: [String] = []
        pieces.reserveCapacity(vocab.count)
        for (index, entry) in vocab.enumerated() {
            guard let pair = entry.arrayValue, pair.count == 2, let piece = pair[0].stringValue, pair[1].isNumber else {
                throw TokenizerError(.corrupt, file: file, "model.vocab[\(index)] is not a [piece, score] pair")
            }
            pieces.append(piece)
        }
        // The scores as HF reads them, from their text (see `SerdeJSONFloat`): Foundation's
        // values differ in the last bits for many of them, which changes Viterbi tie-breaks.
        guard let scores = data.withUnsafeBytes({ TokenizerJSONScores.read($0.bindMemory(to: UInt8.self)) }),
            scores.count == pieces.count
        else {
            throw TokenizerError(.corrupt, file: file, "model.vocab scores could not be read as JSON numbers")
        }
        guard let unkID = model["unk_id"]?.intValue, pieces.indices.contains(unkID) else {
            throw TokenizerError(.corrupt, file: file, "model.unk_id is missing or outside the vocabulary")
        }

        var addedTokens: [AddedToken] = []
        for (index, token) in (root["added_tokens"]?.arrayValue ?? []).enumerated() {
            guard let content = token["content"]?.stringValue, let id = token["id"]?.intValue else {
                throw TokenizerError(.corrupt, file: file, "added_tokens[\(index)] lacks content or id")
            }
            if token["normalized"] == .bool(true) {
                throw TokenizerError(.unsupportedComponent, file: file, "added token \(content) has normalized=true, which is not supported")
            }
            if token["single_word"] == .bool(true) {
                throw TokenizerError(.unsupportedComponent, file: file, "added token \(content) has single_word=true, which is not supported")
            }
            addedTokens.append(AddedToken(
                content: Array(content.utf8), id: id, lstrip: token["lstrip"]?.boolValue ?? false,
                rstrip: token["rstrip"]?.boolValue ?? false, special: token["special"]?.boolValue ?? false))
        }

        let normalizers = try normalizerSteps(root["normalizer"], file: file)
        let metaspace = try metaspaceOptions(root["pre_tokenizer"], file: file)
        let id = { (content: String) -> Int? in
            addedTokens.first { $0.content == Array(content.utf8) }?.id ?? pieces.firstIndex(of: content)
        }
        var eosID = try templateEOS(root["post_processor"], file: file) ?? id("</s>")
        if eosID == nil { eosID = unkID }
        let padID = id("<pad>") ?? 0

        var specialIDs = Set(addedTokens.filter(\.special).map(\.id))
        specialIDs.formUnion([unkID, padID, eosID ?? unkID])
        for (index, piece) in pieces.enumerated() where piece.hasPrefix("<extra_id_") && piece.hasSuffix(">") {
            specialIDs.insert(index)
        }
        return TokenizerDefinition(
            pieces: pieces, scores: scores, unkID: unkID, eosID: eosID ?? unkID, padID: padID,
            normalizers: normalizers, metaspace: metaspace, addedTokens: addedTokens, specialIDs: specialIDs)
    }

    private static func normalizerSteps(_ value: JSONValue?, file: String) throws(TokenizerError) -> [NormalizationStep] {
        guard let object = value, case .object = object else { return [] }
        let type = object["type"]?.stringValue ?? "?"
        switch type {
        case "Sequence":
            var steps: [NormalizationStep] = []
            for item in object["normalizers"]?.arrayValue ?? [] {
                steps += try normalizerSteps(item, file: file)
            }
            return steps
        case "Precompiled":
            guard let encoded = object["precompiled_charsmap"]?.stringValue else { return [] }
            guard let blob = Data(base64Encoded: encoded) else {
                throw TokenizerError(.corrupt, file: file, "Precompiled normalizer: precompiled_charsmap is not base64")
            }
            if blob.isEmpty { return [] }
            do {
                return [.precompiled(try PrecompiledCharsMap([UInt8](blob)))]
            } catch {
                throw TokenizerError(.corrupt, file: file, "Precompiled normalizer: \(error.message)")
            }
        case "Strip":
            return [.strip(left: object["strip_left"]?.boolValue ?? false, right: object["strip_right"]?.boolValue ?? false)]
        case "Replace":
            let content = Array((object["content"]?.stringValue ?? "").utf8)
            let pattern = object["pattern"] ?? .null
            if let literal = pattern["String"]?.stringValue, !literal.isEmpty {
                return [.replaceLiteral(pattern: Array(literal.utf8), content: content)]
            }
            if let regex = pattern["Regex"]?.stringValue, let (unit, minimum) = singleCharacterRun(regex) {
                return [.collapseRuns(unit: unit, minimumRun: minimum, content: content)]
            }
            throw TokenizerError(.unsupportedComponent, file: file, "Replace normalizer pattern \(pattern.jsonText()) is not supported")
        default:
            throw TokenizerError(.unsupportedComponent, file: file, "normalizer \(type) is not supported")
        }
    }

    /// Parses `X{n,}` and `X+` where X is one literal character (optionally backslash-escaped).
    private static func singleCharacterRun(_ regex: String) -> ([UInt8], Int)? {
        var characters = Array(regex)
        guard !characters.isEmpty else { return nil }
        var unit = characters.removeFirst()
        if unit == "\\" {
            guard !characters.isEmpty else { return nil }
            unit = characters.removeFirst()
            guard !unit.isLetter && !unit.isNumber else { return nil }
        } else if "[](){}.*+?^$|".contains(unit) {
            return nil
        }
        let rest = String(characters)
        if rest == "+" { return (Array(String(unit).utf8), 1) }
        guard rest.hasPrefix("{"), rest.hasSuffix(",}"), let minimum = Int(rest.dropFirst().dropLast(2)), minimum >= 1 else {
            return nil
        }
        return (Array(String(unit).utf8), minimum)
    }

    private static func metaspaceOptions(_ value: JSONValue?, file: String) throws(TokenizerError) -> MetaspaceOptions? {
        guard let object = value, case .object = object else { return nil }
        let type = object["type"]?.stringValue ?? "?"
        if type == "Sequence" {
            let items = object["pretokenizers"]?.arrayValue ?? []
            guard items.count == 1 else {
                throw TokenizerError(.unsupportedComponent, file: file, "pre-tokenizer Sequence of \(items.count) steps is not supported (only a single Metaspace)")
            }
            return try metaspaceOptions(items[0], file: file)
        }
        guard type == "Metaspace" else {
            throw TokenizerError(.unsupportedComponent, file: file, "pre-tokenizer \(type) is not supported (only Metaspace)")
        }
        let replacement = object["replacement"]?.stringValue ?? "▁"
        guard replacement.count == 1 else {
            throw TokenizerError(.unsupportedComponent, file: file, "Metaspace replacement \(replacement.debugDescription) is not one character")
        }
        var scheme = PrependScheme.always
        switch object["prepend_scheme"]?.stringValue {
        case nil, "always": scheme = .always
        case "first": scheme = .first
        case "never": scheme = .never
        case let other?:
            throw TokenizerError(.unsupportedComponent, file: file, "Metaspace prepend_scheme \(other) is not supported")
        }
        if object["add_prefix_space"] == .bool(false) { scheme = .never }
        return MetaspaceOptions(
            replacement: Array(replacement.utf8), prependScheme: scheme, split: object["split"]?.boolValue ?? true)
    }

    /// The id of the special token a `$A <special>` template appends; nil without a post-processor.
    private static func templateEOS(_ value: JSONValue?, file: String) throws(TokenizerError) -> Int? {
        guard let object = value, case .object = object else { return nil }
        let type = object["type"]?.stringValue ?? "?"
        guard type == "TemplateProcessing", let single = object["single"]?.arrayValue else {
            throw TokenizerError(.unsupportedComponent, file: file, "post-processor \(type) is not supported (only TemplateProcessing \"$A </s>\")")
        }
        guard single.count == 2, single[0]["Sequence"] != nil,
            let name = single[1]["SpecialToken"]?["id"]?.stringValue
        else {
            throw TokenizerError(.unsupportedComponent, file: file, "post-processor template is not of the form \"$A <special>\"")
        }
        guard let ids = object["special_tokens"]?[name]?["ids"]?.arrayValue?.compactMap(\.intValue), ids.count == 1 else {
            throw TokenizerError(.corrupt, file: file, "post-processor special token \(name) has no single id")
        }
        return ids[0]
    }
}
