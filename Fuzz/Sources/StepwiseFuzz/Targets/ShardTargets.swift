import Foundation
import StepwiseCore
import StepwiseShards

/// Separates `index.json` from the shard bytes in an `mds` input.
let shardSeparator = Array("\n--stepwise-fuzz-shard--\n".utf8)

/// A split directory made of any bytes — `index.json`, then the separator, then the bytes
/// of every shard file it names: the reader yields samples or a `ShardError`, and `verify`
/// reports problems naming a file; neither traps.
let mdsTarget = FuzzTarget(name: "mds", summary: "ShardReader and ShardVerifier on any index.json and shard bytes") { data in
    let pieces = parts(data, separator: shardSeparator)
    let root = freshScratch().appendingPathComponent("out")
    let split = root.appendingPathComponent("train")
    let index = pieces[0]
    let shard = pieces.count > 1 ? pieces[1] : []
    write(index, to: split.appendingPathComponent("index.json"))
    for name in basenames(in: index) { write(shard, to: split.appendingPathComponent(name)) }

    do {
        let reader = try ShardReader(directory: split)
        var cursor = reader.samples(in: 0..<min(reader.sampleCount, 10_000))
        while let sample = try cursor.next() {
            _ = sample.id
        }
    } catch let error as ShardError {
        if error.description.isEmpty { violated("mds", "a ShardError without a message") }
    } catch {
        // Reading index.json can fail in JSON terms; the CLI names the file for those too.
        _ = "\(error)"
    }
    for directory in ShardVerifier.verify(root: root) {
        for problem in directory.problems where problem.path.isEmpty || problem.problem.isEmpty {
            violated("mds", "a verify problem without a file or text: \(problem)")
        }
    }
}

/// The shard file names an index lists, when they stay inside the split directory.
private func basenames(in index: [UInt8]) -> [String] {
    guard let value = try? JSONParser.parse(index), let shards = value["shards"]?.arrayValue else { return [] }
    var names: [String] = []
    for shard in shards.prefix(8) {
        for key in ["raw_data", "zip_data"] {
            guard let name = shard[key]?["basename"]?.stringValue else { continue }
            let safe = !name.isEmpty && name.count < 100 && !name.contains("..") && !name.hasPrefix("/")
                && name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
            if safe { names.append(name) }
        }
    }
    return names
}
