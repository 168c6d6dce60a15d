/// Reads a SentencePiece `ModelProto` (`spiece.model`) and builds the tokenizer that
/// transformers' T5 conversion (`T5TokenizerFast` from a slow tokenizer, 4.24) makes of it:
/// all pieces with their scores, then `<extra_id_99>` … `<extra_id_0>` with score 0;
/// precompiled charsmap followed by collapsing runs of 2+ spaces into one; Metaspace with a
/// `▁` prepended to every segment; EOS `</s>` appended; no added tokens (so `</s>` and the
/// sentinels inside text are matched as ordinary pieces). Scores are the ones that
/// tokenizer.json holds once HF reads it back (`SerdeJSONFloat.writtenAndReread`), so a bare
/// model and its published tokenizer.json break Viterbi ties alike.
enum SentencePieceModelLoader {
    /// T5's sentinel count.
    static let sentinelCount = 100

    /// Protobuf field numbers of `sentencepiece_model.proto`.
    private enum Field {
        static let pieces = 1, trainerSpec = 2, normalizerSpec = 3
        static let piece = 1, score = 2, type = 3
        static let modelType = 3, unkID = 40, eosID = 42, padID = 43
        static let precompiledCharsMap = 2
    }

    /// `SentencePiece.Type.CONTROL`: pieces like `<pad>` and `</s>`.
    private static let controlType: UInt64 = 3

    static func load(_ bytes: [UInt8], file: String) throws(TokenizerError) -> TokenizerDefinition {
        var pieces: [String] = []
        var scores: [Double] = []
        var controlIDs: Set<Int> = []
        var modelType: UInt64 = 1
        var unkID = 0
        var eosIDField = 2
        var padIDField = -1
        var charsMap: [UInt8] = []
        var sawTrainerSpec = false, sawNormalizerSpec = false
        do {
            var reader = ProtobufReader(bytes)
            while !reader.isAtEnd {
                let (field, wireType) = try reader.readTag()
                switch (field, wireType) {
                case (Field.pieces, .lengthDelimited):
                    let range = try reader.readLengthDelimited()
                    var pieceReader = ProtobufReader(bytes, range: range)
                    var text = ""
                    var score: Float = 0
                    var type: UInt64 = 1
                    while !pieceReader.isAtEnd {
                        let (pieceField, pieceWire) = try pieceReader.readTag()
                        switch (pieceField, pieceWire) {
                        case (Field.piece, .lengthDelimited): text = reader.string(try pieceReader.readLengthDelimited())
                        case (Field.score, .fixed32): score = Float(bitPattern: try pieceReader.readFixed32())
                        case (Field.type, .varint): type = try pieceReader.readVarint()
                        default: try pieceReader.skip(pieceWire)
                        }
                    }
                    if type == controlType { controlIDs.insert(pieces.count) }
                    pieces.append(text)
                    // As in the tokenizer.json transformers writes of this model (see
                    // `SerdeJSONFloat`), so both files of one model give the same ids.
                    scores.append(SerdeJSONFloat.writtenAndReread(Double(score)))
                case (Field.trainerSpec, .lengthDelimited):
                    sawTrainerSpec = true
                    var specReader = ProtobufReader(bytes, range: try reader.readLengthDelimited())
                    while !specReader.isAtEnd {
                        let (specField, specWire) = try specReader.readTag()
                        switch (specField, specWire) {
                        case (Field.modelType, .varint): modelType = try specReader.readVarint()
                        case (Field.unkID, .varint): unkID = Int(Int32(truncatingIfNeeded: try specReader.readVarint()))
                        case (Field.eosID, .varint): eosIDField = Int(Int32(truncatingIfNeeded: try specReader.readVarint()))
                        case (Field.padID, .varint): padIDField = Int(Int32(truncatingIfNeeded: try specReader.readVarint()))
                        default: try specReader.skip(specWire)
                        }
                    }
                case (Field.normalizerSpec, .lengthDelimited):
                    sawNormalizerSpec = true
                    var specReader = ProtobufReader(bytes, range: try reader.readLengthDelimited())
                    while !specReader.isAtEnd {
                        let (specField, specWire) = try specReader.readTag()
                        if specField == Field.precompiledCharsMap && specWire == .lengthDelimited {
                            charsMap = specReader.slice(try specReader.readLengthDelimited())
                        } else {
                            try specReader.skip(specWire)
                        }
                    }
                default:
                    try reader.skip(wireType)
                }
            }
        } catch {
            throw TokenizerError(.corrupt, file: file, "not a valid SentencePiece model: \(error.message) at byte \(error.offset)")
        }

        guard !pieces.isEmpty else {
            throw TokenizerError(.unrecognizedFormat, file: file, "no pieces found: neither a SentencePiece model nor a tokenizer.json")
        }
        // The specs follow the pieces; a file cut between two pieces still parses, so their
        // absence is how truncation there shows.
        guard sawTrainerSpec && sawNormalizerSpec else {
            throw TokenizerError(
                .corrupt, file: file,
                "no \(sawTrainerSpec ? "normalizer_spec" : "trainer_spec") after \(pieces.count) pieces: the model file is truncated or not a SentencePiece model")
        }
        guard modelType == 1 else {
            let name = [2: "BPE", 3: "word", 4: "char"][Int(modelType)] ?? "type \(modelType)"
            throw TokenizerError(.unsupportedModel, file: file, "SentencePiece \(name) model: only unigram models are supported")
        }
        guard pieces.indices.contains(unkID) else {
            throw TokenizerError(.corrupt, file: file, "unk_id \(unkID) is outside the \(pieces.count) pieces")
        }

        let pieceCount = pieces.count
        for sentinel in stride(from: sentinelCount - 1, through: 0, by: -1) {
            pieces.append("<extra_id_\(sentinel)>")
            scores.append(0)
        }
        let firstID = { (piece: String) in pieces.firstIndex(of: piece) }
        let eosID = firstID("</s>") ?? (pieces.indices.contains(eosIDField) ? eosIDField : unkID)
        let padID = firstID("<pad>") ?? (pieces.indices.contains(padIDField) ? padIDField : 0)

        var normalizers: [NormalizationStep] = []
        if !charsMap.isEmpty {
            do {
                normalizers.append(.precompiled(try PrecompiledCharsMap(charsMap)))
            } catch {
                throw TokenizerError(.corrupt, file: file, error.message)
            }
        }
        normalizers.append(.collapseRuns(unit: [0x20], minimumRun: 2, content: [0x20]))

        var specialIDs = controlIDs
        specialIDs.formUnion([unkID, eosID, padID])
        specialIDs.formUnion(pieceCount..<pieces.count)
        return TokenizerDefinition(
            pieces: pieces, scores: scores, unkID: unkID, eosID: eosID, padID: padID,
            normalizers: normalizers,
            metaspace: MetaspaceOptions(replacement: Array("▁".utf8), prependScheme: .always, split: true),
            addedTokens: [], specialIDs: specialIDs)
    }
}
