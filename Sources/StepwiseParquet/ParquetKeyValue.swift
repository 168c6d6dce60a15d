/// One entry of the file's key-value metadata (`FileMetaData.key_value_metadata`).
///
/// pyarrow shows them as the schema's metadata (`pq.read_schema(f).metadata`, bytes to
/// bytes); HF `datasets` takes its features from a `huggingface` key holding
/// `{"info": {"features": …}}` JSON when one is there. Entries are written in the order
/// given, so the bytes are deterministic.
public struct ParquetKeyValue: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
