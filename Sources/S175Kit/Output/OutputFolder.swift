#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A cycle's output folder, replaced all at once: files are written as they are ready
/// into a staging folder beside it, which is swapped in by rename when every file is
/// there. A run that is interrupted leaves the previous outputs as they were.
/// Writes may come from several threads at once.
public final class OutputFolder: Sendable {
    public struct WriteError: Error, Sendable {
        public var path: String
        public var message: String
    }

    /// A file written, with its fingerprint when one was asked for.
    public struct Written: Sendable, Hashable {
        public var path: String
        public var fingerprint: FileFingerprint?
        public var bytes: Int
    }

    public let folder: String
    private let staging: String
    private let previous: String
    private let written = Mutex<[Written]>([])

    /// Prepares an empty staging folder beside `folder`.
    public init(_ folder: String) throws(WriteError) {
        self.folder = folder
        let parent = Paths.directory(of: folder)
        let name = Paths.fileName(of: folder)
        staging = Paths.join(parent, ".\(name).staging")
        previous = Paths.join(parent, ".\(name).previous")
        try OutputFolder.makeDirectories(parent)
        // A run killed between the two renames of `commit` left the old outputs aside: restore them.
        if !Paths.exists(folder) && Paths.exists(previous) {
            _ = rename(previous, folder)
        }
        OutputFolder.removeTree(staging)
        OutputFolder.removeTree(previous)
        try OutputFolder.makeDirectories(staging)
    }

    /// Writes `path` (relative to the folder) into the staging folder.
    /// - Parameter fingerprint: record its SHA-256 for the manifest.
    public func write(_ path: String, _ bytes: [UInt8], fingerprint: Bool = true) throws(WriteError) {
        let full = Paths.join(staging, path)
        try OutputFolder.makeDirectories(Paths.directory(of: full))
        try OutputFolder.write(bytes, to: full)
        let record = Written(
            path: path, fingerprint: fingerprint ? FileFingerprint(sha256: SHA256.hex(of: bytes), bytes: bytes.count) : nil,
            bytes: bytes.count)
        written.withLock { $0.append(record) }
    }

    /// Everything written so far, sorted by path.
    public var files: [Written] {
        written.withLock { $0 }.sorted { $0.path < $1.path }
    }

    /// The bytes of a staged file (for tests and for files built from others).
    public func contents(of path: String) -> [UInt8]? {
        try? LoadedFile.read(path: Paths.join(staging, path), displayPath: path).bytes
    }

    /// Swaps the staging folder in for the old outputs.
    public func commit() throws(WriteError) {
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
        OutputFolder.removeTree(previous)
    }

    /// Drops what was staged, leaving the previous outputs alone.
    public func abandon() {
        OutputFolder.removeTree(staging)
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
