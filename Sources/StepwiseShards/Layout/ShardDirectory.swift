import Foundation

/// File names and the on-disk layout of a Stepwise output:
/// `OUT/<split>/index.json`, `OUT/<split>/shard.NNNNN.mds.zstd`, `OUT/<split>/stats.stepwise`,
/// and for partitioned runs `OUT/<split>/<rank, 5 digits>/…` with the same files.
public enum ShardDirectory {
    /// `shard.00003.mds` (6 digits from shard 100000 on, like MDSWriter).
    public static func rawName(_ number: Int) -> String { "shard." + zeroPadded(number) + ".mds" }

    /// `00003`: the folder of rank 3 inside each split.
    public static func rankFolderName(_ rank: Int) -> String { zeroPadded(rank) }

    /// The directory a writer of `split` (and `rank`, for partitioned runs) writes into.
    public static func splitDirectory(root: URL, split: String, rank: Int? = nil) -> URL {
        let dir = root.appendingPathComponent(split, isDirectory: true)
        return rank.map { dir.appendingPathComponent(rankFolderName($0), isDirectory: true) } ?? dir
    }

    static func zeroPadded(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 5 ? s : String(repeating: "0", count: 5 - s.count) + s
    }

    /// Rank folders (`00000`, `00001`, …) directly inside `splitDirectory`, by rank.
    public static func rankFolders(in splitDirectory: URL) -> [(rank: Int, url: URL)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: splitDirectory.path)) ?? []
        return names.compactMap { name -> (Int, URL)? in
            guard name.count >= 5, name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let r = Int(name) else { return nil }
            let url = splitDirectory.appendingPathComponent(name, isDirectory: true)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else { return nil }
            return (r, url)
        }.sorted { $0.0 < $1.0 }
    }

    /// The split directories of an output root: those holding `index.json`, `stats.stepwise`
    /// or rank folders. `train`, `valid`, `test` first, then the rest by name.
    public static func splits(in root: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let fm = FileManager.default
        let found = names.filter { name in
            let dir = root.appendingPathComponent(name)
            return fm.fileExists(atPath: dir.appendingPathComponent("index.json").path)
                || fm.fileExists(atPath: dir.appendingPathComponent(SplitStats.fileName).path)
                || !rankFolders(in: dir).isEmpty
        }
        let known = ["train", "valid", "test"]
        return known.filter(found.contains) + found.filter { !known.contains($0) }.sorted()
    }

    /// Readies `directory` for a writer: loads the committed index (checking its settings
    /// against `template`), removes `.partial` files, shard files the index does not list and
    /// decompressed `.mds` copies beside listed zips, and loads or rebuilds the stats.
    static func prepareForWriting(
        _ directory: URL, matching template: ShardIndexEntry, schema: ShardSchema
    ) throws -> (index: ShardIndex, stats: SplitStats) {
        let fm = FileManager.default
        do { try fm.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw ShardError.io(path: directory.path, problem: "cannot create the directory (\(error.localizedDescription))")
        }
        let indexURL = directory.appendingPathComponent("index.json")
        var index = ShardIndex(shards: [])
        if fm.fileExists(atPath: indexURL.path) {
            index = try ShardIndex.load(from: indexURL)
            for (i, entry) in index.shards.enumerated() {
                if let difference = settingsDifference(entry, template) {
                    throw ShardError.configuration(
                        "\(indexURL.path): shard[\(i)] was written with \(difference); "
                            + "resume with the same output settings or start a fresh directory")
                }
            }
        }
        let listed = Set(index.shards.flatMap { [$0.rawData.basename, $0.zipData?.basename].compactMap { $0 } })
        let staleCopies = Set(index.shards.filter { $0.zipData != nil }.map(\.rawData.basename))
        let names = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() {
            let remove = name.hasSuffix(".partial") || (name.hasPrefix("shard.") && !listed.contains(name))
                || staleCopies.contains(name)
            if remove { try DurableFile.remove(directory.appendingPathComponent(name).path) }
        }
        for entry in index.shards {
            let path = directory.appendingPathComponent(entry.storedFile.basename).path
            let size = (try? fm.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            guard size == entry.storedFile.bytes else {
                throw ShardError.damaged(
                    path: path, problem: size == nil ? "listed in index.json but missing; cannot resume"
                        : "has \(size ?? 0) bytes, index.json says \(entry.storedFile.bytes); cannot resume")
            }
        }
        guard !index.shards.isEmpty else { return (index, SplitStats()) }
        let statsURL = directory.appendingPathComponent(SplitStats.fileName)
        if let stats = try? SplitStats.load(from: statsURL), stats.matches(index) { return (index, stats) }
        // The run stopped between the index commit and the stats commit: rebuild from the shards.
        let stats = try ShardStatsScanner.scan(ShardReader(directory: directory))
        try DurableFile.replace(statsURL.path, with: stats.encoded())
        return (index, stats)
    }

    /// A description of how `entry`'s settings differ from `template`'s, or `nil`.
    static func settingsDifference(_ entry: ShardIndexEntry, _ template: ShardIndexEntry) -> String? {
        if entry.columnNames != template.columnNames || entry.columnEncodings != template.columnEncodings {
            return "columns \(zip(entry.columnNames, entry.columnEncodings).map { "\($0):\($1)" }) "
                + "(this run: \(zip(template.columnNames, template.columnEncodings).map { "\($0):\($1)" }))"
        }
        if entry.compression != template.compression {
            return "compression \(entry.compression ?? "none") (this run: \(template.compression ?? "none"))"
        }
        if entry.hashes != template.hashes { return "hashes \(entry.hashes) (this run: \(template.hashes))" }
        if entry.sizeLimit != template.sizeLimit {
            return "size limit \(entry.sizeLimit.map(String.init) ?? "none") (this run: \(template.sizeLimit.map(String.init) ?? "none"))"
        }
        return nil
    }
}
