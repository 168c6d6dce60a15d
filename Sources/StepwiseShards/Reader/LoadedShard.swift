/// One shard decompressed and checked, ready to decode.
public struct LoadedShard: Sendable {
    public let number: Int
    public let path: String
    let raw: RawShard
    let schema: ShardSchema
    /// Split position of its first sample.
    let start: Int

    public var sampleCount: Int { raw.count }
    public var rawBytes: Int { raw.bytes.count }
    /// The config blob (what MDSWriter embeds; may be empty).
    public var configBlob: [UInt8] { Array(raw.blob) }

    public func sample(_ i: Int) throws -> ShardSample {
        guard i >= 0 && i < raw.count else {
            throw ShardError.damaged(path: path, problem: "has no sample \(i) (it holds \(raw.count))")
        }
        let values = try raw.decode(sample: i, schema: schema, path: path)
        return ShardSample(index: start + i, shard: number, indexInShard: i, names: schema.names, values: values)
    }
}
