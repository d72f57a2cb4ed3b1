// Reads an `a,b,weight` edge file, solves maximum-weight matching and prints
// one JSON line: total weight, matching size and solve time in seconds
// (everything after the file has been parsed into an edge array).
// Usage: matching-bench EDGEFILE [--cardinality] [--repeat N]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Matching

func fail(_ message: String) -> Never {
    print(message)
    exit(2)
}

func readEdges(path: String) -> (Int, [WeightedEdge<Int>]) {
    guard let f = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if got == 0 { break }
        bytes.append(contentsOf: chunk[0..<got])
    }
    // Plain state machine over the bytes (no closures over mutable locals).
    var edges: [WeightedEdge<Int>] = []
    edges.reserveCapacity(bytes.count / 12)
    var n = 0
    var f0 = 0, f1 = 0
    var field = 0, value = 0, negative = false, inNumber = false
    var ok = true
    bytes.append(UInt8(ascii: "\n"))  // terminate a last line without newline
    bytes.withUnsafeBufferPointer { buf in
        for c in buf {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                value = value &* 10 &+ Int(c &- UInt8(ascii: "0"))
                inNumber = true
            } else if c == UInt8(ascii: ",") || c == UInt8(ascii: "\n") {
                if c == UInt8(ascii: "\n") && field == 0 && !inNumber { continue }  // blank line
                guard inNumber, (c == UInt8(ascii: ",")) == (field < 2) else { ok = false; break }
                let x = negative ? -value : value
                switch field {
                case 0: f0 = x
                case 1: f1 = x
                default:
                    edges.append(WeightedEdge(f0, f1, x))
                    n = max(n, f0 + 1, f1 + 1)
                }
                field = c == UInt8(ascii: "\n") ? 0 : field + 1
                value = 0
                negative = false
                inNumber = false
            } else if c == UInt8(ascii: "-") && !inNumber {
                negative = true
            } else if c != UInt8(ascii: "\r") && c != UInt8(ascii: " ") {
                ok = false
                break
            }
        }
    }
    if !ok { fail("malformed input near edge \(edges.count + 1)") }
    return (n, edges)
}

var args = Array(CommandLine.arguments.dropFirst())
var mode = MatchingMode.maximumWeight
var repeats = 1
var path: String?
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--cardinality": mode = .maximumCardinality
    case "--repeat":
        guard let r = args.first.flatMap({ Int($0) }), r > 0 else { fail("--repeat needs a count") }
        repeats = r
        args.removeFirst()
    default: path = a
    }
}
guard let path else { fail("usage: matching-bench EDGEFILE [--cardinality] [--repeat N]") }
let (n, edges) = readEdges(path: path)

var best = Double.infinity
var result: WeightedMatching<Int>?
let clock = ContinuousClock()
for _ in 0..<repeats {
    let start = clock.now
    let r = maximumWeightMatching(vertexCount: n, edges: edges, mode: mode)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    best = min(best, seconds)
    result = r
}
let r = result!
print("{\"solver\":\"swift\",\"vertices\":\(n),\"edges\":\(edges.count),\"total_weight\":\(r.totalWeight),"
      + "\"size\":\(r.count),\"solve_s\":\(String(format6(best)))}")

func format6(_ x: Double) -> String {
    let micros = Int((x * 1e6).rounded())
    let frac = String(micros % 1_000_000)
    return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - frac.count) + frac
}
