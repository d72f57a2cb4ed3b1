#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input file read in chunks. Every byte that passes is fingerprinted, so the
/// manifest's SHA-256 costs no second read.
final class FileSource {
    /// The path as the user wrote it, for messages and the manifest.
    let displayPath: String
    private var descriptor: Int32
    private var hasher = SHA256()
    private(set) var bytesRead = 0
    private(set) var atEnd = false

    struct OpenError: Error {
        let message: String
    }

    init(path: String, displayPath: String) throws(OpenError) {
        self.displayPath = displayPath
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            throw OpenError(message: FileSource.describe(errno: errno))
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw OpenError(message: "it is a folder, not a file")
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: "the file does not exist"
        case EACCES, EPERM: "permission to read it was refused"
        case EISDIR: "it is a folder, not a file"
        default: String(cString: strerror(code))
        }
    }

    /// Bytes already read by `peek` and not yet handed out.
    private var peeked: [UInt8] = []

    /// The first bytes of the file, without consuming them (to tell XML from CSV).
    func peek(_ count: Int) throws(OpenError) -> [UInt8] {
        if peeked.count < count && !atEnd {
            let chunk = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 8)
            defer { chunk.deallocate() }
            let n = try readFromFile(into: chunk, count: count - peeked.count)
            peeked += UnsafeRawBufferPointer(start: chunk, count: n)
        }
        return Array(peeked.prefix(count))
    }

    /// Reads up to `count` bytes into `destination`; returns 0 at the end of the file.
    func read(into destination: UnsafeMutableRawPointer, count: Int) throws(OpenError) -> Int {
        if !peeked.isEmpty {
            let n = min(count, peeked.count)
            peeked.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: n) }
            peeked.removeFirst(n)
            return n
        }
        return try readFromFile(into: destination, count: count)
    }

    private func readFromFile(into destination: UnsafeMutableRawPointer, count: Int) throws(OpenError) -> Int {
        guard !atEnd else { return 0 }
        while true {
            let n = Glibc.read(descriptor, destination, count)
            if n < 0 {
                if errno == EINTR { continue }
                throw OpenError(message: FileSource.describe(errno: errno))
            }
            if n == 0 {
                atEnd = true
                return 0
            }
            hasher.update(UnsafeRawBufferPointer(start: destination, count: n))
            bytesRead += n
            return n
        }
    }

    /// The rest of the file, for inputs small enough to hold whole.
    func readAll() throws(OpenError) -> [UInt8] {
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let n = try read(into: chunk, count: 1 << 16)
            if n == 0 { return bytes }
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: chunk, count: n))
        }
    }

    /// Reads whatever the parser did not need, so the fingerprint covers the whole file.
    func fingerprint() -> FileFingerprint {
        peeked.removeAll()
        if !atEnd {
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 8)
            defer { scratch.deallocate() }
            while (try? readFromFile(into: scratch, count: 1 << 16)) ?? 0 > 0 {}
        }
        var copy = hasher
        return FileFingerprint(sha256: copy.finalizeHex(), bytes: bytesRead)
    }
}

/// What the manifest records of each input file.
public struct FileFingerprint: Sendable, Hashable {
    public var sha256: String
    public var bytes: Int
}
