import CJemalloc

/// The allocator the process runs on: jemalloc, linked into the executable so that its
/// malloc and free replace the C library's everywhere (Swift runtime, Foundation, SQLite,
/// zstd). A run makes and frees hundreds of thousands of records on different threads;
/// glibc's malloc spent about a third of the CPU of an e-SNLI run on that, jemalloc a tenth.
enum Allocator {
    /// `jemalloc <version>`, as `--verbose` runs report it; "libc malloc" if jemalloc is not the allocator.
    static var description: String {
        var version: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return "libc malloc" }
        return "jemalloc " + String(cString: version)
    }
}
