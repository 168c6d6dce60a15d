import Foundation

/// A full shard on its way to disk: everything the detached task needs, by value.
struct ShardJob: Sendable {
    let number: Int
    let directory: URL
    /// The whole raw shard file.
    let raw: [UInt8]
    let samples: Int
    let compression: ShardCompression
    let hashes: [ShardHashAlgorithm]
    let lengths: [String: [Int]]
    let schema: ShardSchema
    let companion: (any ShardCompanion)?

    /// Hashes, compresses and writes `<final name>.partial` (fsynced), and the companion's
    /// file from the same samples in a task of its own, so the two use two cores.
    func run() async throws -> PreparedShard {
        let rawBytes = raw
        let rawName = ShardDirectory.rawName(number)
        let companionTask = companion.map { companion in
            Task.detached(priority: .medium) { [self] in
                let path = directory.appendingPathComponent(rawName).path
                return try companion.write(
                    shard: LoadedShard(number: number, path: path, raw: try RawShard(bytes: rawBytes, path: path), schema: schema, start: 0))
            }
        }
        let rawInfo = ShardFileInfo(basename: rawName, bytes: rawBytes.count, hashes: ShardHashAlgorithm.digests(hashes, of: rawBytes))
        var zip: ShardFileInfo?
        let stored: [UInt8]
        let finalName: String
        switch compression {
        case .none:
            stored = rawBytes
            finalName = rawName
        case .zstd(let level):
            stored = try Zstd.compress(rawBytes, level: level)
            finalName = rawName + ".zstd"
            zip = ShardFileInfo(basename: finalName, bytes: stored.count, hashes: ShardHashAlgorithm.digests(hashes, of: stored))
        }
        let finalPath = directory.appendingPathComponent(finalName).path
        try DurableFile.write(stored, to: finalPath + ".partial")
        let companionFile = try await companionTask?.value
        var histograms: [String: LengthHistogram] = [:]
        for (name, list) in lengths {
            var h = LengthHistogram()
            for n in list { h.add(length: n) }
            histograms[name] = h
        }
        return PreparedShard(
            number: number, samples: samples, raw: rawInfo, zip: zip, lengths: histograms,
            partialPath: finalPath + ".partial", finalPath: finalPath, companion: companionFile)
    }
}

/// A shard written under its `.partial` name, ready to be committed.
struct PreparedShard: Sendable {
    let number: Int
    let samples: Int
    let raw: ShardFileInfo
    let zip: ShardFileInfo?
    let lengths: [String: LengthHistogram]
    let partialPath: String
    let finalPath: String
    let companion: CompanionFile?
}
