/// A value kept behind one shared reference until it is changed (copy on write).
///
/// Records hold a dozen strings and arrays and are copied from stage to stage; inside a
/// `CopyOnWrite`, a copy costs one reference count instead of one per field, and the
/// first change to a shared copy duplicates it, so records keep value semantics.
@usableFromInline
struct CopyOnWrite<Value>: @unchecked Sendable {
    @usableFromInline
    final class Storage {
        @usableFromInline var value: Value
        @usableFromInline init(_ value: Value) { self.value = value }
    }

    @usableFromInline var storage: Storage

    @inlinable init(_ value: Value) { storage = Storage(value) }

    @inlinable var value: Value {
        get { storage.value }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.value) }
            yield &storage.value
        }
    }
}

extension CopyOnWrite: Equatable where Value: Equatable {
    @inlinable static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.storage === rhs.storage || lhs.value == rhs.value
    }
}

extension CopyOnWrite: Hashable where Value: Hashable {
    @inlinable func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
