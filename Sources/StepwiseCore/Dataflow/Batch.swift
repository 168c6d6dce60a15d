/// What travels on a channel between two stages: the records a stage passed on, and the
/// records dropped anywhere upstream since the previous batch, each with its stage and reason.
///
/// Drops ride the stream instead of being written where they happen, so every drop reaches
/// the end of the flow by one route, in order with the records around it: the sink there
/// commits both together (the shard sink writes `rejects.jsonl` exactly up to its last
/// commit, which is what makes a resumed run's rejects file exact).
public struct Batch<Element: Sendable>: Sendable {
    public var records: [Element]
    public var rejections: [Rejection]

    public init(records: [Element], rejections: [Rejection] = []) {
        self.records = records
        self.rejections = rejections
    }

    public var isEmpty: Bool { records.isEmpty && rejections.isEmpty }
}
