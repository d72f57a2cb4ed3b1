#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of output files that replaces a cycle's output folder all at once: written to a
/// staging folder beside it, then swapped in by rename, so a run that is interrupted
/// leaves the previous outputs as they were.
public struct OutputSet: Sendable {
    public private(set) var files: [(path: String, bytes: [UInt8])] = []

    public init() {}

    public mutating func add(_ path: String, _ bytes: [UInt8]) {
        files.append((path, bytes))
    }

    public mutating func add(_ path: String, text: String) {
        files.append((path, Array(text.utf8)))
    }

    public func bytes(of path: String) -> [UInt8]? {
        files.first { $0.path == path }?.bytes
    }

    public struct WriteError: Error, Sendable {
        public var path: String
        public var message: String
    }

    /// Writes every file into `folder`, replacing what was there.
    public func commit(to folder: String) throws(WriteError) {
        let parent = Paths.directory(of: folder)
        let name = Paths.fileName(of: folder)
        let staging = Paths.join(parent, ".\(name).staging")
        let previous = Paths.join(parent, ".\(name).previous")
        try OutputSet.makeDirectories(parent)
        // A run killed between the two renames below left the old outputs aside: restore them.
        if !Paths.exists(folder) && Paths.exists(previous) {
            _ = rename(previous, folder)
        }
        OutputSet.removeTree(staging)
        OutputSet.removeTree(previous)
        try OutputSet.makeDirectories(staging)
        for file in files {
            let path = Paths.join(staging, file.path)
            try OutputSet.makeDirectories(Paths.directory(of: path))
            try OutputSet.write(file.bytes, to: path)
        }
        if Paths.exists(folder) {
            guard rename(folder, previous) == 0 else {
                throw WriteError(path: folder, message: FileSource.describe(errno: errno))
            }
        }
        guard rename(staging, folder) == 0 else {
            let reason = FileSource.describe(errno: errno)
            _ = rename(previous, folder)
            throw WriteError(path: folder, message: reason)
        }
        OutputSet.removeTree(previous)
    }

    /// Writes one file atomically: a temporary file beside it, then rename.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(WriteError) {
        try makeDirectories(Paths.directory(of: path))
        let temporary = Paths.join(Paths.directory(of: path), ".\(Paths.fileName(of: path)).tmp")
        try write(bytes, to: temporary)
        guard rename(temporary, path) == 0 else {
            throw WriteError(path: path, message: FileSource.describe(errno: errno))
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, message: FileSource.describe(errno: errno)) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, message: FileSource.describe(errno: errno))
            }
            offset += n
        }
    }

    static func makeDirectories(_ path: String) throws(WriteError) {
        if path.isEmpty || path == "." || path == "/" || Paths.isDirectory(path) { return }
        try makeDirectories(Paths.directory(of: path))
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw WriteError(path: path, message: FileSource.describe(errno: errno))
        }
    }

    /// Deletes a file or folder and everything in it; missing is fine.
    static func removeTree(_ path: String) {
        guard Paths.exists(path) else { return }
        if Paths.isDirectory(path) {
            for name in Paths.entries(of: path) { removeTree(Paths.join(path, name)) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
