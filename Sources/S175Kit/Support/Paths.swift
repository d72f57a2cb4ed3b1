#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path arithmetic and directory listing on POSIX calls.
public enum Paths {
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    public static func join(_ base: String, _ name: String) -> String {
        if name.hasPrefix("/") || base.isEmpty || base == "." { return name }
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// Removes `.` segments and resolves `..` against earlier segments, textually.
    public static func normalise(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Names in a directory, sorted, without `.` and `..`; empty if it cannot be read.
    public static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Every file under `directory`, depth first, in sorted order, skipping hidden
    /// files and the lock files Office leaves (`~$...`).
    public static func files(under directory: String) -> [String] {
        var result: [String] = []
        for (name, isFolder) in typedEntries(of: directory) where !name.hasPrefix(".") && !name.hasPrefix("~$") {
            let path = join(directory, name)
            if isFolder {
                result += files(under: path)
            } else {
                result.append(path)
            }
        }
        return result
    }

    /// Names in a directory with whether each is a folder, sorted by name. The type comes
    /// from the directory entry itself where the file system gives it (no stat per file).
    static func typedEntries(of directory: String) -> [(name: String, isFolder: Bool)] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [(String, Bool)] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let type = entry.pointee.d_type
            let isFolder = type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK)
                ? isDirectory(join(directory, name)) : type == UInt8(DT_DIR)
            names.append((name, isFolder))
        }
        return names.sorted { $0.0 < $1.0 }
    }

    static func xmlFiles(in directories: [String]) -> [String] {
        directories.flatMap { directory in
            entries(of: directory).filter { $0.hasSuffix(".xml") }.map { join(directory, $0) }
        }
    }

    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An absolute, normalised form of `path`.
    public static func absolute(_ path: String) -> String {
        normalise(path.hasPrefix("/") ? path : join(currentDirectory(), path))
    }

    /// `path` relative to `base` when it lies inside it, otherwise as given.
    public static func relative(_ path: String, to base: String) -> String {
        let full = absolute(path)
        let root = absolute(base)
        if full == root { return "." }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : path
    }
}
