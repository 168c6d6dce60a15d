/// One decoded sample: its position and its column values by name.
public struct ShardSample: Sendable, Hashable {
    /// 0-based position in the split (across all shards of the index).
    public let index: Int
    /// The shard it is in, and its position there.
    public let shard: Int
    public let indexInShard: Int
    public let names: [String]
    public let values: [ColumnValue]

    public subscript(_ name: String) -> ColumnValue? {
        names.firstIndex(of: name).map { values[$0] }
    }

    public func string(_ name: String) -> String? { self[name]?.stringValue }
    public func tokens(_ name: String) -> [Int32]? { self[name]?.tokensValue }

    /// The sample's `id` column, if it has one.
    public var id: String? { string("id") }
}
