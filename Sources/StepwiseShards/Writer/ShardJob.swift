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
    /// file from the same samples.
    func run() throws -> PreparedShard {
        let rawBytes = raw
        let rawName = ShardDirectory.rawName(number)
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
        var companionFile: CompanionFile?
        if let companion {
            let shard = LoadedShard(
                number: number, path: finalPath, raw: try RawShard(bytes: rawBytes, path: finalPath), schema: schema, start: 0)
            companionFile = try companion.write(shard: shard)
        }
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
