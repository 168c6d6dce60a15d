/// One column of a Parquet file: a name, a kind and whether it may hold nulls.
///
/// How each kind is stored (what `pyarrow.parquet` and HF `datasets` read it as):
///
/// | kind | Parquet schema | pyarrow | datasets |
/// |---|---|---|---|
/// | `string` | `binary` (`String` / `UTF8`) | `string` | `Value("string")` |
/// | `int32` | `int32` | `int32` | `Value("int32")` |
/// | `int64` | `int64` | `int64` | `Value("int64")` |
/// | `double` | `double` | `double` | `Value("float64")` |
/// | `bool` | `boolean` | `bool` | `Value("bool")` |
/// | `int32List` | `group (LIST) { repeated group list { required int32 element; } }` | `list<element: int32 not null>` | `List(Value("int32"))` (`Sequence` before datasets 4) |
///
/// The list is the standard three-level LIST layout that Arrow writes (with
/// `use_compliant_nested_type`, its default). Its elements are never null; the list itself
/// is `required` unless `nullable`, and an empty list is not a null one.
public struct ParquetColumn: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case string
        case int32
        case int64
        case double
        case bool
        case int32List = "list<int32>"
    }

    public var name: String
    public var kind: Kind
    /// Whether rows may hold ``ParquetValue/null`` here (an `optional` field).
    public var nullable: Bool

    public init(name: String, kind: Kind, nullable: Bool = false) {
        self.name = name
        self.kind = kind
        self.nullable = nullable
    }

    public static func string(_ name: String, nullable: Bool = false) -> ParquetColumn {
        ParquetColumn(name: name, kind: .string, nullable: nullable)
    }

    public static func int32(_ name: String, nullable: Bool = false) -> ParquetColumn {
        ParquetColumn(name: name, kind: .int32, nullable: nullable)
    }

    public static func int64(_ name: String, nullable: Bool = false) -> ParquetColumn {
        ParquetColumn(name: name, kind: .int64, nullable: nullable)
    }

    public static func double(_ name: String, nullable: Bool = false) -> ParquetColumn {
        ParquetColumn(name: name, kind: .double, nullable: nullable)
    }

    public static func bool(_ name: String, nullable: Bool = false) -> ParquetColumn {
        ParquetColumn(name: name, kind: .bool, nullable: nullable)
    }

    public static func int32List(_ name: String, nullable: Bool = false) -> ParquetColumn {
        ParquetColumn(name: name, kind: .int32List, nullable: nullable)
    }

    /// `name: kind` with `?` when nullable, e.g. `input_ids: list<int32>`.
    public var description: String { "\(name): \(kind.rawValue)\(nullable ? "?" : "")" }
}
