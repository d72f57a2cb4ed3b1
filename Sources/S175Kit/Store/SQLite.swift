import CSQLite

/// Something went wrong with the history store; the batch cannot run (exit code 1).
public struct StoreError: Error, Sendable {
    public var path: String
    public var message: String
}

/// The one place that calls SQLite: a connection, statements, transactions.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String

    init(path: String) throws(StoreError) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        if sqlite3_open_v2(path, &handle, flags, nil) != SQLITE_OK {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw StoreError(path: path, message: message)
        }
        sqlite3_busy_timeout(handle, 5000)
        try execute("PRAGMA foreign_keys = ON")
        // A write-ahead log keeps readers (an analyst's sqlite3 shell) working during a run;
        // with it, NORMAL sync still never loses a committed cycle to a crash of s175.
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        // A national cycle is written in one transaction: give it room before it spills.
        try execute("PRAGMA cache_size = -65536")
    }

    deinit {
        sqlite3_close(handle)
    }

    func execute(_ sql: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw StoreError(path: path, message: message)
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure()
        }
        return Statement(statement, database: self)
    }

    func failure() -> StoreError {
        StoreError(path: path, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed")
    }

    /// Runs `body` in one transaction: all of it happens or none of it does.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var userVersion: Int {
        get throws(StoreError) {
            let statement = try prepare("PRAGMA user_version")
            return try statement.step() ? statement.int(0) : 0
        }
    }
}

/// A prepared statement. Parameters are 1-based, columns 0-based, as in SQLite.
final class Statement {
    private let handle: OpaquePointer
    private unowned let database: SQLiteDatabase
    /// SQLITE_TRANSIENT: SQLite copies bound text, which Swift may move.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds each value in order; `nil` is NULL.
    @discardableResult
    func bind(_ values: [Value?]) -> Statement {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case nil: sqlite3_bind_null(handle, index)
            case .int(let v): sqlite3_bind_int64(handle, index, Int64(v))
            case .text(let s): sqlite3_bind_text(handle, index, s, -1, Statement.transient)
            case .blob(let bytes):
                _ = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Statement.transient) }
            }
        }
        return self
    }

    enum Value {
        case int(Int)
        case text(String)
        case blob([UInt8])
    }

    /// Steps once; true when a row is ready to read.
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.failure()
        }
    }

    // Typed binds for hot loops, which would otherwise build an array per row.

    func bind(_ index: Int32, _ value: String) {
        sqlite3_bind_text(handle, index, value, -1, Statement.transient)
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    func bind(_ index: Int32, _ value: Int?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Runs a statement whose parameters are bound, then resets it for the next row.
    func execute() throws(StoreError) {
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds, runs to completion and resets, for inserts.
    func run(_ values: [Value?]) throws(StoreError) {
        bind(values)
        while try step() {}
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds and collects every row through `read`.
    func rows<T>(_ values: [Value?] = [], _ read: (Statement) -> T) throws(StoreError) -> [T] {
        bind(values)
        var result: [T] = []
        while try step() { result.append(read(self)) }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        return result
    }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: text)
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

extension Statement.Value {
    static func from(_ text: String?) -> Statement.Value? { text.map { .text($0) } }
}
