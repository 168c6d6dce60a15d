import StepwiseCore

extension SampleCodec {
    /// Appends the encoding of `example`, column k taken from `columns[k]` (the schema's
    /// names resolved, with encodings that fit them: see ``resolve(_:)``), straight from the
    /// example's own storage; sets `tokenCounts[k]` to each token column's length.
    /// The bytes are those of ``append(_:schema:to:recordID:)`` on the example's values.
    static func append(
        _ example: TokenizedExample, columns: [TokenizedExample.Column], schema: ShardSchema, to out: inout [UInt8],
        tokenCounts: inout [Int]
    ) throws -> Int {
        let start = out.count
        for (k, column) in columns.enumerated() {
            if case .tokens(let c) = column {
                let encoding = schema.encodings[k]
                let count = try example.withColumn(c) { tokens in
                    if encoding == .uint16Array, let bad = tokens.first(where: { $0 < 0 || $0 > 65535 }) {
                        throw ShardError.badValue(
                            recordID: example.source.id,
                            problem: "column '\(schema.names[k])': token \(bad) does not fit ndarray:uint16")
                    }
                    return tokens.count
                }
                appendU32(UInt32(shapeHeaderSize(count: count) + count * (encoding.itemSize ?? 4)), to: &out)
                tokenCounts[k] = count
            } else {
                appendU32(UInt32(example.text(of: column).utf8.count), to: &out)
            }
        }
        for (k, column) in columns.enumerated() {
            if case .tokens(let c) = column {
                let wide = schema.encodings[k] == .int32Array
                example.withColumn(c) { tokens in
                    appendShape(tokens.count, to: &out)
                    if wide {
                        out.append(contentsOf: UnsafeRawBufferPointer(tokens))
                    } else {
                        for v in tokens {
                            out.append(UInt8(truncatingIfNeeded: v))
                            out.append(UInt8(truncatingIfNeeded: v >> 8))
                        }
                    }
                }
            } else {
                out.append(contentsOf: example.text(of: column).utf8)
            }
        }
        return out.count - start
    }

    /// The schema's columns as example columns, or the problem with the first that is not
    /// one (an unknown name, or text where the schema wants tokens and the reverse).
    static func resolve(_ schema: ShardSchema) -> Result<[TokenizedExample.Column], SampleProblem> {
        var columns: [TokenizedExample.Column] = []
        for (name, encoding) in zip(schema.names, schema.encodings) {
            guard let column = TokenizedExample.Column(name: name) else {
                return .failure(SampleProblem("no value for column '\(name)'"))
            }
            switch (column, encoding) {
            case (.tokens, .str): return .failure(SampleProblem("column '\(name)' holds text, got tokens"))
            case (.tokens, _): break
            case (_, .str): break
            case (_, _): return .failure(SampleProblem("column '\(name)' holds tokens, got text"))
            }
            columns.append(column)
        }
        return .success(columns)
    }
}
