/// Simple undirected graph (parallel edges merged) in compressed adjacency
/// form, as the solver wants it.
struct CSRGraph {
    var vertexCount: Int
    /// Unique edges, in order of (smaller endpoint, first appearance).
    var edgeU: [Int32] = []
    var edgeV: [Int32] = []
    var edgeW: [Int] = []
    /// Arcs of vertex v are adjStart[v]..<adjStart[v+1].
    var adjStart: [Int32] = []
    var arcSrc: [Int32] = []
    var arcDst: [Int32] = []
    var arcRev: [Int32] = []
    /// Doubled weights, the solver's unit.
    var arcW: [Int] = []

    /// Merges parallel edges keeping the heaviest, optionally dropping edges
    /// of weight <= 0. O(n + m); the result depends only on the input order.
    init(vertexCount n: Int, us: [Int32], vs: [Int32], ws: [Int], dropNonPositive: Bool) {
        vertexCount = n
        let m = us.count
        // Bucket edge indices by smaller endpoint (stable counting sort).
        var start = [Int32](repeating: 0, count: n + 1)
        for i in 0..<m where !(dropNonPositive && ws[i] <= 0) {
            start[Int(min(us[i], vs[i])) + 1] += 1
        }
        for v in 0..<n { start[v + 1] += start[v] }
        var fill = start
        var order = [Int32](repeating: 0, count: Int(start[n]))
        for i in 0..<m where !(dropNonPositive && ws[i] <= 0) {
            let a = Int(min(us[i], vs[i]))
            order[Int(fill[a])] = Int32(i)
            fill[a] += 1
        }
        // Within a bucket, a stamp per far endpoint finds repeated pairs.
        var seen = [Int32](repeating: -1, count: n)
        var slot = [Int32](repeating: 0, count: n)
        edgeU.reserveCapacity(order.count)
        edgeV.reserveCapacity(order.count)
        edgeW.reserveCapacity(order.count)
        var degree = [Int32](repeating: 0, count: n + 1)
        for a in 0..<n {
            for k in Int(start[a])..<Int(start[a + 1]) {
                let i = Int(order[k])
                let b = Int(max(us[i], vs[i]))
                if seen[b] == Int32(a) {
                    let id = Int(slot[b])
                    if ws[i] > edgeW[id] { edgeW[id] = ws[i] }
                } else {
                    seen[b] = Int32(a)
                    slot[b] = Int32(edgeU.count)
                    edgeU.append(Int32(a))
                    edgeV.append(Int32(b))
                    edgeW.append(ws[i])
                    degree[a + 1] += 1
                    degree[b + 1] += 1
                }
            }
        }
        for v in 0..<n { degree[v + 1] += degree[v] }
        adjStart = degree
        let arcs = 2 * edgeU.count
        arcSrc = [Int32](repeating: 0, count: arcs)
        arcDst = [Int32](repeating: 0, count: arcs)
        arcRev = [Int32](repeating: 0, count: arcs)
        arcW = [Int](repeating: 0, count: arcs)
        var pos = degree
        for e in 0..<edgeU.count {
            let a = Int(edgeU[e]), b = Int(edgeV[e])
            let pa = Int(pos[a]), pb = Int(pos[b])
            pos[a] += 1
            pos[b] += 1
            arcSrc[pa] = Int32(a); arcDst[pa] = Int32(b); arcRev[pa] = Int32(pb)
            arcSrc[pb] = Int32(b); arcDst[pb] = Int32(a); arcRev[pb] = Int32(pa)
            arcW[pa] = 2 * edgeW[e]
            arcW[pb] = 2 * edgeW[e]
        }
    }
}
