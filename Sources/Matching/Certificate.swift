/// Dual solution proving a matching optimal.
///
/// All dual values are scaled by 4 (4 * pi_v, 4 * zeta_B) so they are integers.
/// For every input edge (u, v, w) the reduced cost
///     vertexDuals[u] + vertexDuals[v] + sum of blossomDuals[B] over blossoms B containing u and v - 4w
/// must be >= 0, and == 0 for matched edges; every blossom with a positive
/// dual must contain (|B| - 1) / 2 matched edges.
///
/// Vertex and blossom duals are >= 0 and exposed vertices have dual 0 (LP
/// duality for the matching polytope, Edmonds 1965).
///
/// `.maximumCardinality`: the same conditions hold for the shifted weights
/// w + `cardinalityShift`, where the shift exceeds n * max|w|. Two matchings
/// differ in original weight by at most n * max|w|, so a maximum-weight
/// matching for the shifted weights has maximum cardinality and, among those,
/// maximum original weight.
public struct MatchingCertificate: Sendable, Hashable {
    /// 4 * pi_v for each vertex.
    public var vertexDuals: [Int]
    /// Blossoms form a laminar family stored as a forest: the smallest
    /// enclosing blossom of blossom i, or -1.
    public var blossomParent: [Int]
    /// 4 * zeta_B for each blossom.
    public var blossomDuals: [Int]
    /// Innermost blossom containing each vertex, or -1.
    public var vertexBlossom: [Int]
    /// Added to every weight in `.maximumCardinality` mode; 0 otherwise.
    public var cardinalityShift: Int

    public init(vertexDuals: [Int], blossomParent: [Int], blossomDuals: [Int],
                vertexBlossom: [Int], cardinalityShift: Int) {
        self.vertexDuals = vertexDuals
        self.blossomParent = blossomParent
        self.blossomDuals = blossomDuals
        self.vertexBlossom = vertexBlossom
        self.cardinalityShift = cardinalityShift
    }
}

public struct CertificateError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Checks that `matching` is a valid matching of the given graph with the
/// stated total weight and that `certificate` proves it optimal for `mode`.
/// Runs in O(n + m * blossom depth). Throws on the first violated condition.
public func verifyOptimality<Weight>(
    vertexCount: Int,
    edges: [WeightedEdge<Weight>],
    mode: MatchingMode,
    matching: WeightedMatching<Weight>,
    certificate: MatchingCertificate
) throws(CertificateError) {
    var us = [Int32](), vs = [Int32](), ws = [Int]()
    for e in edges {
        guard e.u >= 0, e.u < vertexCount, e.v >= 0, e.v < vertexCount, e.u != e.v else {
            throw CertificateError("invalid edge \(e.u)-\(e.v)")
        }
        guard let w = Int(exactly: e.weight) else { throw CertificateError("weight does not fit in Int") }
        us.append(Int32(e.u))
        vs.append(Int32(e.v))
        ws.append(w)
    }
    guard let total = Int(exactly: matching.totalWeight) else {
        throw CertificateError("total weight does not fit in Int")
    }
    try _verifyCore(vertexCount: vertexCount, us: us, vs: vs, ws: ws, mode: mode,
                    mate: matching.mate, totalWeight: total, certificate: certificate)
}

@inline(__always)
private func checkedAdd(_ a: Int, _ b: Int) throws(CertificateError) -> Int {
    let (r, o) = a.addingReportingOverflow(b)
    if o { throw CertificateError("arithmetic overflow in dual values") }
    return r
}

func _verifyCore(vertexCount n: Int, us: [Int32], vs: [Int32], ws: [Int], mode: MatchingMode,
                 mate: [Int?], totalWeight: Int, certificate c: MatchingCertificate) throws(CertificateError) {
    let m = us.count
    // Matching validity.
    guard mate.count == n else { throw CertificateError("mate has \(mate.count) entries, expected \(n)") }
    for v in 0..<n {
        if let u = mate[v] {
            guard u >= 0, u < n, u != v, mate[u] == v else {
                throw CertificateError("mate is not a symmetric pairing at vertex \(v)")
            }
        }
    }
    // Weight of each matched pair = heaviest parallel edge between them.
    var pairWeight = [Int?](repeating: nil, count: n)
    for i in 0..<m {
        let a = Int(us[i]), b = Int(vs[i])
        if mate[a] == b {
            if pairWeight[a] == nil || ws[i] > pairWeight[a]! { pairWeight[a] = ws[i] }
            if pairWeight[b] == nil || ws[i] > pairWeight[b]! { pairWeight[b] = ws[i] }
        }
    }
    var total = 0
    for v in 0..<n {
        guard let u = mate[v] else { continue }
        guard let w = pairWeight[v] else { throw CertificateError("matched pair \(v)-\(u) is not an edge") }
        if v < u { total = try checkedAdd(total, w) }
    }
    guard total == totalWeight else {
        throw CertificateError("totalWeight \(totalWeight) but matched edges sum to \(total)")
    }

    // From here on, conditions are on the (possibly shifted) weights.
    let shift = c.cardinalityShift
    switch mode {
    case .maximumWeight:
        guard shift == 0 else { throw CertificateError("cardinalityShift must be 0 in maximumWeight mode") }
    case .maximumCardinality:
        guard let needed = cardinalityShift(vertexCount: n, ws: ws) else {
            throw CertificateError("weights too large to certify maximum cardinality")
        }
        guard shift >= needed else {
            throw CertificateError("cardinalityShift \(shift) is below n * max|w| + 1 = \(needed)")
        }
    }

    // Blossom forest shape.
    let nb = c.blossomDuals.count
    guard c.vertexDuals.count == n, c.vertexBlossom.count == n, c.blossomParent.count == nb else {
        throw CertificateError("certificate arrays have inconsistent sizes")
    }
    for b in 0..<nb {
        guard c.blossomParent[b] >= -1, c.blossomParent[b] < nb, c.blossomParent[b] != b else {
            throw CertificateError("invalid blossom parent at \(b)")
        }
        guard c.blossomDuals[b] >= 0 else { throw CertificateError("blossom \(b) has negative dual") }
    }
    for v in 0..<n {
        guard c.vertexBlossom[v] >= -1, c.vertexBlossom[v] < nb else {
            throw CertificateError("invalid blossom of vertex \(v)")
        }
    }
    // Depths (rejecting cycles), then sizes bottom-up and dual sums top-down.
    var depth = [Int](repeating: -1, count: nb)
    var chain: [Int] = []
    for b in 0..<nb where depth[b] < 0 {
        var x = b
        chain.removeAll(keepingCapacity: true)
        while x >= 0 && depth[x] < 0 {
            guard chain.count <= nb else { throw CertificateError("blossom parents form a cycle") }
            chain.append(x)
            x = c.blossomParent[x]
        }
        var d = x < 0 ? -1 : depth[x]
        for y in chain.reversed() {
            d += 1
            depth[y] = d
        }
    }
    var byDepth = Array(0..<nb)
    byDepth.sort { depth[$0] < depth[$1] }
    var size = [Int](repeating: 0, count: nb)
    for v in 0..<n where c.vertexBlossom[v] >= 0 { size[c.vertexBlossom[v]] += 1 }
    for b in byDepth.reversed() where c.blossomParent[b] >= 0 { size[c.blossomParent[b]] += size[b] }
    for b in 0..<nb where size[b] < 3 || size[b] % 2 == 0 {
        throw CertificateError("blossom \(b) has \(size[b]) vertices; blossoms must be odd sets of at least 3")
    }
    var zSum = [Int](repeating: 0, count: nb)  // dual of b plus all enclosing blossoms
    for b in byDepth {
        let p = c.blossomParent[b]
        zSum[b] = try checkedAdd(c.blossomDuals[b], p >= 0 ? zSum[p] : 0)
    }
    func commonBlossom(_ u: Int, _ v: Int) -> Int {
        var a = c.vertexBlossom[u], b = c.vertexBlossom[v]
        while a != b {
            let da = a < 0 ? -1 : depth[a], db = b < 0 ? -1 : depth[b]
            if da >= db { a = c.blossomParent[a] } else { b = c.blossomParent[b] }
        }
        return a
    }

    // Vertex dual conditions.
    let y = c.vertexDuals
    for v in 0..<n {
        guard y[v] >= 0 else { throw CertificateError("vertex \(v) has negative dual") }
        guard mate[v] != nil || y[v] == 0 else {
            throw CertificateError("exposed vertex \(v) has nonzero dual \(y[v])")
        }
    }

    // Edge reduced costs.
    for i in 0..<m {
        let a = Int(us[i]), b = Int(vs[i])
        let lca = commonBlossom(a, b)
        var s = try checkedAdd(y[a], y[b])
        s = try checkedAdd(s, lca >= 0 ? zSum[lca] : 0)
        let (ws4, o0) = ws[i].addingReportingOverflow(shift)
        let (w4, o1) = ws4.multipliedReportingOverflow(by: 4)
        let o = o0 || o1
        if o { throw CertificateError("arithmetic overflow in edge weight") }
        let (slack, o2) = s.subtractingReportingOverflow(w4)
        if o2 { throw CertificateError("arithmetic overflow in reduced cost") }
        guard slack >= 0 else { throw CertificateError("edge \(a)-\(b) has negative reduced cost \(slack)") }
        if mate[a] == b && ws[i] == pairWeight[a] && slack != 0 {
            throw CertificateError("matched edge \(a)-\(b) is not tight (reduced cost \(slack))")
        }
    }

    // Blossoms with positive dual must be full.
    var inside = [Int](repeating: 0, count: nb)
    for v in 0..<n {
        if let u = mate[v], v < u {
            let lca = commonBlossom(v, u)
            if lca >= 0 { inside[lca] += 1 }
        }
    }
    for b in byDepth.reversed() where c.blossomParent[b] >= 0 { inside[c.blossomParent[b]] += inside[b] }
    for b in 0..<nb where c.blossomDuals[b] > 0 && inside[b] != (size[b] - 1) / 2 {
        throw CertificateError("blossom \(b) has positive dual but \(inside[b]) of \((size[b] - 1) / 2) matched edges")
    }
}
