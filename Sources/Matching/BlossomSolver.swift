// Weighted Edmonds blossom algorithm (primal-dual) for maximum-weight
// matching: all alternating trees grow at once, dual changes are applied
// lazily, and monotone heaps find the next of the four kinds of dual-change
// events, so a dual step costs O(log) instead of a scan over all edges.
//
// Phases: a warm start (duals = heaviest incident weight, greedy matching of
// the edges this makes tight), then the fractional relaxation solved by the
// same machinery without blossoms (odd cycles stay half-integral), then the
// blossom phase starting from those cycles as blossoms. Only the few cycles
// remain as trees for the blossom phase.
//
// Units: weights are doubled (W = 2w), vertex duals y = 2*pi and blossom duals
// Z = 2*zeta, so every quantity stays integral; after the fractional phase
// everything is doubled once more. The slack of an edge between different
// top-level blossoms is y_u + y_v - W. All tree roots keep duals of equal
// parity, so even-even slacks are even and the dual step that closes them
// (slack / 2) is integral.
//
// Lazy duals: `delta` is the total dual change applied so far. A vertex in an
// even top-level blossom stores yOff = y + delta (so y = yOff - delta), an odd
// one yOff = y - delta, a vertex outside the forest its plain dual. Top-level
// blossom duals are encoded the same way with 2 * delta. Changing a label
// re-encodes the affected vertices, which the label change touches anyway.
//
// Event heaps, keyed so that an entry's key never changes while it is valid:
//   h1: even vertex v, key yOff[v]                 -> y_v reaches 0
//   h2: arc even x -> out-of-forest v, key slack + delta  -> grow or augment
//   h3: arc even x -> even v (other blossom), key slack + 2*delta -> shrink/augment
//   h4: odd blossom b, key Z + 2*delta             -> expand
// Stale entries are left in place and discarded when popped (lazy deletion).
// Among simultaneous events h3 goes first, then h2, h4, h1; equal keys in one
// heap pop last-in first-out. Everything depends only on the input order.

struct SolverOutput {
    var mate: [Int32]
    var vertexDual: [Int]
    /// Blossoms in use at the end, as parent links into the same arrays.
    var blossomParent: [Int]
    var blossomDual: [Int]
    /// Innermost blossom of each vertex (index into blossom arrays) or -1.
    var vertexBlossom: [Int]
}

/// Event counters, for tests and profiling.
struct SolverStats: Sendable {
    var grow = 0
    var shrink = 0
    var expand = 0
    var augment = 0
    var zeroDual = 0
    var nestedRebase = 0
    var initialRoots = 0
    var destroyedVertices = 0
    var cycles = 0
    var integralRoots = 0
    var compactions = 0
}

struct BlossomSolver {
    // Label values (per top-level blossom and mirrored per vertex).
    static let free: UInt8 = 0   // not in any alternating tree
    static let even: UInt8 = 1
    static let odd: UInt8 = 2

    let n: Int
    let n32: Int32
    let warmStart: Bool
    var stats = SolverStats()

    // Graph in CSR form; arc p goes arcSrc[p] -> arcDst[p], arcRev[p] is its twin.
    let adjStart: [Int32]
    let arcSrc: [Int32]
    let arcDst: [Int32]
    let arcRev: [Int32]
    var arcW: [Int]

    // Per vertex.
    var mate: [Int32]
    var vLabel: [UInt8]
    // Top-level blossom of a vertex = setTop[setOf[v]]. When blossoms merge,
    // the largest child's set is kept and only the other vertices move, so a
    // vertex moves O(log n) times per nesting chain instead of at every level.
    var setOf: [Int32]
    var treeOf: [Int32]      // root vertex of the vertex's tree, or -1
    var yOff: [Int]
    var nextV: [Int32]       // blossom vertex lists are contiguous runs of this list

    // Per blossom id: 0..<n are the vertices themselves, n..<2n are real blossoms.
    var parent: [Int32]
    var base: [Int32]
    var label: [UInt8]       // meaningful for top-level blossoms only
    var head: [Int32]
    var tail: [Int32]
    var lblX: [Int32]        // odd blossom: edge (lblX in the even parent, lblY inside)
    var lblY: [Int32]
    var zOff: [Int]          // inner blossoms store their plain dual
    var inUse: [Bool]
    var blossomSet: [Int32]  // set id of a top-level blossom
    var size: [Int32]        // number of vertices
    var setTop: [Int32]      // per set id
    var freeSets: [Int32] = []
    // Real blossom b: children[b - n] in cycle order starting at the base child;
    // childEdges[b - n][2i], [2i+1] are the endpoints of the edge joining
    // child i (first endpoint) and child i+1 mod k (second endpoint).
    var children: [[Int32]]
    var childEdges: [[Int32]]
    var freeIds: [Int32]

    var members: [[Int32]]   // vertices ever added to the tree rooted at each vertex
    var activeTrees = 0
    var delta = 0

    /// Fractional phase: no blossoms; a tree that closes an odd cycle keeps it
    /// half-integral and stops. Solving this relaxation first leaves only its
    /// cycles for the blossom phase, which avoids repeatedly growing and
    /// dissolving huge trees when many vertices start exposed.
    var fractionalPhase = false
    /// Half-integral cycle successor during the fractional phase, else -1.
    var cycNext: [Int32]
    /// 1 after the fractional phase doubled all units (duals then 4 * pi).
    var unitShift = 0

    var h1 = RadixHeap()
    var h2 = RadixHeap()
    var h3 = RadixHeap()
    var h4 = RadixHeap()
    // Heap sizes after their last compaction, and the dedup marks it uses.
    var h1Compacted = 0
    var h2Compacted = 0
    var h3Compacted = 0
    var seen: [UInt32] = []
    var seenStamp: UInt32 = 0

    // Scratch buffers reused across events.
    var scanEvenList: [Int32] = []
    var scanFreeList: [Int32] = []
    var stackB: [Int32] = []
    var stackV: [Int32] = []
    var pathA: [Int32] = []
    var pathB: [Int32] = []
    var chain: [Int32] = []
    var mark: [UInt32]
    var stamp: UInt32 = 0

    init(graph g: CSRGraph, warmStart: Bool = true) {
        n = g.vertexCount
        n32 = Int32(n)
        self.warmStart = warmStart
        adjStart = g.adjStart
        arcSrc = g.arcSrc
        arcDst = g.arcDst
        arcRev = g.arcRev
        arcW = g.arcW
        mate = Array(repeating: -1, count: n)
        vLabel = Array(repeating: BlossomSolver.free, count: n)
        setOf = (0..<n32).map { $0 }
        setTop = (0..<n32).map { $0 }
        treeOf = Array(repeating: -1, count: n)
        yOff = Array(repeating: 0, count: n)
        nextV = Array(repeating: -1, count: n)
        let nb = 2 * n
        let nv = Int32(n)
        parent = Array(repeating: -1, count: nb)
        base = (0..<Int32(nb)).map { $0 < nv ? $0 : -1 }
        label = Array(repeating: BlossomSolver.free, count: nb)
        head = (0..<Int32(nb)).map { $0 < nv ? $0 : -1 }
        tail = head
        lblX = Array(repeating: -1, count: nb)
        lblY = Array(repeating: -1, count: nb)
        zOff = Array(repeating: 0, count: nb)
        inUse = Array(repeating: false, count: nb)
        blossomSet = (0..<Int32(nb)).map { $0 < nv ? $0 : -1 }
        size = (0..<Int32(nb)).map { $0 < nv ? 1 : 0 }
        children = Array(repeating: [], count: n)
        childEdges = Array(repeating: [], count: n)
        freeIds = (Int32(n)..<Int32(nb)).reversed()
        members = Array(repeating: [], count: n)
        mark = Array(repeating: 0, count: nb)
        cycNext = Array(repeating: -1, count: n)
        fractionalPhase = warmStart
    }

    // MARK: - Dual bookkeeping

    @inline(__always)
    func top(_ v: Int32) -> Int32 { setTop[Int(setOf[Int(v)])] }

    /// Index of the child with the most vertices (first on ties).
    func largestChild(_ ch: [Int32]) -> Int32 {
        var best = ch[0]
        for c in ch where size[Int(c)] > size[Int(best)] { best = c }
        return best
    }

    @inline(__always)
    func currentY(_ v: Int32) -> Int {
        switch vLabel[Int(v)] {
        case BlossomSolver.even: return yOff[Int(v)] - delta
        case BlossomSolver.odd: return yOff[Int(v)] + delta
        default: return yOff[Int(v)]
        }
    }

    @inline(__always)
    func currentZ(_ b: Int32) -> Int {
        switch label[Int(b)] {
        case BlossomSolver.even: return zOff[Int(b)] + 2 * delta
        case BlossomSolver.odd: return zOff[Int(b)] - 2 * delta
        default: return zOff[Int(b)]
        }
    }

    /// Sets the label of blossom `b` (top-level now or about to be) and
    /// re-encodes its dual for that label. Vertices are handled separately.
    @inline(__always)
    mutating func relabelBlossom(_ b: Int32, _ newLabel: UInt8) {
        if b >= n32 {
            let z = currentZ(b)
            switch newLabel {
            case BlossomSolver.even: zOff[Int(b)] = z - 2 * delta
            case BlossomSolver.odd: zOff[Int(b)] = z + 2 * delta
            default: zOff[Int(b)] = z
            }
        }
        label[Int(b)] = newLabel
    }

    @inline(__always)
    mutating func joinTree(_ v: Int32, _ tree: Int32) {
        if treeOf[Int(v)] != tree {
            treeOf[Int(v)] = tree
            members[Int(tree)].append(v)
        }
    }

    /// Marks all vertices of top-level blossom `b` even in `tree` and queues
    /// them for an adjacency scan.
    mutating func makeVerticesEven(_ b: Int32, tree: Int32) {
        var v = head[Int(b)]
        let last = tail[Int(b)]
        while true {
            let y = currentY(v)
            vLabel[Int(v)] = BlossomSolver.even
            yOff[Int(v)] = y + delta
            joinTree(v, tree)
            h1.push(y + delta, v)
            scanEvenList.append(v)
            if v == last { break }
            v = nextV[Int(v)]
        }
    }

    mutating func makeVerticesOdd(_ b: Int32, tree: Int32) {
        var v = head[Int(b)]
        let last = tail[Int(b)]
        while true {
            let y = currentY(v)
            vLabel[Int(v)] = BlossomSolver.odd
            yOff[Int(v)] = y - delta
            joinTree(v, tree)
            if v == last { break }
            v = nextV[Int(v)]
        }
    }

    mutating func makeVerticesFree(_ b: Int32) {
        var v = head[Int(b)]
        let last = tail[Int(b)]
        while true {
            yOff[Int(v)] = currentY(v)
            vLabel[Int(v)] = BlossomSolver.free
            treeOf[Int(v)] = -1
            scanFreeList.append(v)
            if v == last { break }
            v = nextV[Int(v)]
        }
    }

    /// Pushes the events created by even vertex `v`: edges to other even
    /// blossoms (h3) and to vertices outside the forest (h2).
    mutating func scanEven(_ v: Int32) {
        let yv = yOff[Int(v)]
        let tv = setOf[Int(v)]
        let lo = Int(adjStart[Int(v)]), hi = Int(adjStart[Int(v) + 1])
        var p = lo
        while p < hi {
            let u = Int(arcDst[p])
            let l = vLabel[u]
            if l == BlossomSolver.even {
                if setOf[u] != tv { h3.push(yv + yOff[u] - arcW[p], Int32(p)) }
            } else if l == BlossomSolver.free {
                h2.push(yv + yOff[u] - arcW[p], Int32(p))
            }
            p += 1
        }
    }

    /// Pushes grow/augment events from even neighbours of a vertex that just
    /// left the forest.
    mutating func scanFree(_ v: Int32) {
        let yv = yOff[Int(v)]
        let lo = Int(adjStart[Int(v)]), hi = Int(adjStart[Int(v) + 1])
        var p = lo
        while p < hi {
            let u = Int(arcDst[p])
            if vLabel[u] == BlossomSolver.even {
                h2.push(yOff[u] + yv - arcW[p], arcRev[p])
            }
            p += 1
        }
    }

    /// Heaps keep stale entries until they surface, and an entry can even
    /// become valid again (a vertex relabelled without a dual change), so an
    /// arc may sit in a heap many times. When a heap has doubled since its
    /// last clean-up and exceeds a few entries per arc, keep one valid entry
    /// per item: memory stays O(m), amortised O(1) per push.
    mutating func compactIfNeeded() {
        let floor = arcSrc.count + 4 * n + 1024
        if h2.count > floor && h2.count > 2 * h2Compacted {
            var h = h2
            h2 = RadixHeap()
            nextCompactionStamp()
            h.filter { isValidGrow($0) && firstSighting(Int($0.item)) }
            h2 = h
            h2Compacted = h2.count
            stats.compactions += 1
        }
        if h3.count > floor && h3.count > 2 * h3Compacted {
            var h = h3
            h3 = RadixHeap()
            nextCompactionStamp()
            h.filter { isValidEvenEven($0) && firstSighting(Int($0.item)) }
            h3 = h
            h3Compacted = h3.count
            stats.compactions += 1
        }
        if h1.count > floor && h1.count > 2 * h1Compacted {
            var h = h1
            h1 = RadixHeap()
            nextCompactionStamp()
            h.filter {
                vLabel[Int($0.item)] == BlossomSolver.even && yOff[Int($0.item)] == $0.key
                    && firstSighting(Int($0.item))
            }
            h1 = h
            h1Compacted = h1.count
            stats.compactions += 1
        }
    }

    mutating func nextCompactionStamp() {
        if seen.isEmpty { seen = Array(repeating: 0, count: max(arcSrc.count, n)) }
        seenStamp &+= 1
        if seenStamp == 0 {
            for i in seen.indices { seen[i] = 0 }
            seenStamp = 1
        }
    }

    @inline(__always)
    mutating func firstSighting(_ item: Int) -> Bool {
        if seen[item] == seenStamp { return false }
        seen[item] = seenStamp
        return true
    }

    @inline(__always)
    func isValidGrow(_ e: RadixHeap.Entry) -> Bool {
        let p = Int(e.item)
        let x = Int(arcSrc[p]), v = Int(arcDst[p])
        return vLabel[x] == BlossomSolver.even && vLabel[v] == BlossomSolver.free
            && e.key == yOff[x] + yOff[v] - arcW[p]
    }

    @inline(__always)
    func isValidEvenEven(_ e: RadixHeap.Entry) -> Bool {
        let p = Int(e.item)
        let x = Int(arcSrc[p]), v = Int(arcDst[p])
        return vLabel[x] == BlossomSolver.even && vLabel[v] == BlossomSolver.even
            && setOf[x] != setOf[v] && e.key == yOff[x] + yOff[v] - arcW[p]
    }

    mutating func flushScans() {
        if !scanEvenList.isEmpty {
            var i = 0
            while i < scanEvenList.count {
                scanEven(scanEvenList[i])
                i += 1
            }
            scanEvenList.removeAll(keepingCapacity: true)
        }
        if !scanFreeList.isEmpty {
            var i = 0
            while i < scanFreeList.count {
                scanFree(scanFreeList[i])
                i += 1
            }
            scanFreeList.removeAll(keepingCapacity: true)
        }
        compactIfNeeded()
    }

    // MARK: - Initialisation

    mutating func initialise() {
        // Warm start: y_v = heaviest incident weight, tight exactly on mutual
        // heaviest edges, which a greedy pass then matches. Cold start (tests
        // only): one common dual, empty matching.
        var globalMax = Int.min
        let uniform = !warmStart
        if uniform {
            for w in arcW where w > globalMax { globalMax = w }
            if globalMax == Int.min { globalMax = 0 }
        }
        var y = [Int](repeating: 0, count: n)
        for v in 0..<n {
            if uniform {
                y[v] = globalMax / 2
            } else {
                var best = 0
                for p in Int(adjStart[v])..<Int(adjStart[v + 1]) where arcW[p] > best { best = arcW[p] }
                y[v] = best / 2
            }
        }
        // Greedy matching on tight edges, in vertex then adjacency order.
        for v in 0..<n where warmStart && mate[v] < 0 {
            for p in Int(adjStart[v])..<Int(adjStart[v + 1]) {
                let u = Int(arcDst[p])
                if mate[u] < 0 && y[v] + y[u] == arcW[p] {
                    mate[v] = Int32(u)
                    mate[u] = Int32(v)
                    break
                }
            }
        }
        // Every tree root must share the parity of the others so that
        // even-even slacks stay even; raising an exposed vertex's dual is safe.
        for v in 0..<n where mate[v] < 0 && y[v] & 1 == 1 { y[v] += 1 }
        for v in 0..<n { yOff[v] = y[v] }
        for v in 0..<n where mate[v] < 0 && y[v] > 0 {
            let r = Int32(v)
            label[v] = BlossomSolver.even
            makeVerticesEven(r, tree: r)
            activeTrees += 1
        }
        stats.initialRoots = activeTrees
        flushScans()
    }

    // MARK: - Main loop

    mutating func run() {
        initialise()
        if fractionalPhase {
            eventLoop()
            convertCyclesToBlossoms()
            fractionalPhase = false
        }
        eventLoop()
    }

    mutating func eventLoop() {
        while true {
            if activeTrees == 0 { break }
            let k1 = h1.minKey, k2 = h2.minKey, k3 = h3.minKey, k4 = h4.minKey
            var t = Int.max
            if k1 < t { t = k1 }
            if k2 < t { t = k2 }
            if k3 != Int.max && (k3 + 1) >> 1 < t { t = (k3 + 1) >> 1 }
            if k4 != Int.max && (k4 + 1) >> 1 < t { t = (k4 + 1) >> 1 }
            if t == Int.max {
                assertionFailure("active trees but no pending events")
                break
            }
            if t > delta { delta = t }

            if k3 <= 2 * delta {
                let e = h3.popMin()
                let p = Int(e.item)
                let x = arcSrc[p], v = arcDst[p]
                if isValidEvenEven(e) {
                    if treeOf[Int(x)] == treeOf[Int(v)] {
                        if fractionalPhase {
                            stats.cycles += 1
                            formCycle(x, v)
                        } else {
                            stats.shrink += 1
                            shrink(x, v)
                        }
                    } else {
                        stats.augment += 1
                        let tx = treeOf[Int(x)], tv = treeOf[Int(v)]
                        augmentToRoot(x, v)
                        augmentToRoot(v, x)
                        destroyTrees(tx, tv)
                    }
                }
            } else if k2 <= delta {
                let e = h2.popMin()
                if isValidGrow(e) {
                    let p = Int(e.item)
                    grow(arcSrc[p], arcDst[p])
                }
            } else if k4 <= 2 * delta {
                let e = h4.popMin()
                let b = e.item
                if inUse[Int(b)] && parent[Int(b)] < 0 && label[Int(b)] == BlossomSolver.odd
                    && zOff[Int(b)] == e.key {
                    stats.expand += 1
                    expandOdd(b)
                }
            } else if k1 <= delta {
                let e = h1.popMin()
                let v = e.item
                if vLabel[Int(v)] == BlossomSolver.even && yOff[Int(v)] == e.key {
                    // y_v reached zero: v becomes the exposed vertex of its tree.
                    stats.zeroDual += 1
                    let tree = treeOf[Int(v)]
                    augmentToRoot(v, -1)
                    destroyTrees(tree, -1)
                }
            }
        }
    }

    // MARK: - Events

    /// Even x reaches out-of-forest v by a tight edge.
    mutating func grow(_ x: Int32, _ v: Int32) {
        let bv = top(v)
        let m = mate[Int(base[Int(bv)])]
        if m < 0 {
            // v's blossom is exposed (dual zero) or v lies on a half-integral
            // cycle: augmenting path found.
            stats.augment += 1
            if cycNext[Int(v)] >= 0 { openCycle(at: v) }
            if bv >= n32 { rebase(bv, v) }
            mate[Int(v)] = x
            let tree = treeOf[Int(x)]
            augmentToRoot(x, v)
            destroyTrees(tree, -1)
            return
        }
        stats.grow += 1
        let tree = treeOf[Int(x)]
        lblX[Int(bv)] = x
        lblY[Int(bv)] = v
        relabelBlossom(bv, BlossomSolver.odd)
        makeVerticesOdd(bv, tree: tree)
        if bv >= n32 { h4.push(zOff[Int(bv)], bv) }
        let c = top(m)
        relabelBlossom(c, BlossomSolver.even)
        makeVerticesEven(c, tree: tree)
        flushScans()
    }

    /// Next even blossom towards the root, or -1 at the root.
    @inline(__always)
    func evenParent(_ b: Int32) -> Int32 {
        let t = mate[Int(base[Int(b)])]
        if t < 0 { return -1 }
        return top(lblX[Int(top(t))])
    }

    /// Walks up from the blossoms of x and v (same tree) to their nearest
    /// common even ancestor, which it returns; pathA/pathB get the even
    /// blossoms strictly below it on each side, bottom first.
    mutating func meetingPoint(_ x: Int32, _ v: Int32) -> Int32 {
        stamp &+= 1
        if stamp == 0 {
            for i in mark.indices { mark[i] = 0 }
            stamp = 1
        }
        pathA.removeAll(keepingCapacity: true)
        pathB.removeAll(keepingCapacity: true)
        var a = top(x), b = top(v)
        var lca: Int32 = -1
        // Alternate between both sides so the work is proportional to the
        // shorter distance to the meeting point.
        while true {
            if a >= 0 {
                if mark[Int(a)] == stamp { lca = a; break }
                mark[Int(a)] = stamp
                pathA.append(a)
                a = evenParent(a)
            }
            if b >= 0 {
                if mark[Int(b)] == stamp { lca = b; break }
                mark[Int(b)] = stamp
                pathB.append(b)
                b = evenParent(b)
            }
        }
        if let i = pathA.firstIndex(of: lca) { pathA.removeSubrange(i...) }
        if let i = pathB.firstIndex(of: lca) { pathB.removeSubrange(i...) }
        return lca
    }

    /// Fractional phase: tight edge inside one tree. The odd cycle through
    /// the meeting point becomes half-integral, which covers the root once the
    /// stem above it is flipped; the tree is done.
    mutating func formCycle(_ x: Int32, _ v: Int32) {
        let lca = meetingPoint(x, v)
        var cyc: [Int32] = [lca]
        var i = pathA.count - 1
        while i >= 0 {
            cyc.append(mate[Int(pathA[i])])
            cyc.append(pathA[i])
            i -= 1
        }
        for bj in pathB {
            cyc.append(bj)
            cyc.append(mate[Int(bj)])
        }
        let tree = treeOf[Int(x)]
        augmentToRoot(lca, -1)
        for k in 0..<cyc.count {
            mate[Int(cyc[k])] = -1
            cycNext[Int(cyc[k])] = cyc[k + 1 == cyc.count ? 0 : k + 1]
        }
        destroyTrees(tree, -1)
    }

    /// Replaces the half-integral cycle through v by a perfect matching of
    /// the other cycle vertices, leaving v exposed.
    mutating func openCycle(at v: Int32) {
        var u = cycNext[Int(v)]
        cycNext[Int(v)] = -1
        while u != v {
            let w = cycNext[Int(u)]
            cycNext[Int(u)] = -1
            mate[Int(u)] = w
            mate[Int(w)] = u
            u = cycNext[Int(w)]
            cycNext[Int(w)] = -1
        }
    }

    /// End of the fractional phase: every tree is gone and each remaining
    /// half-integral cycle becomes a blossom with zero dual. Units double so
    /// that all new roots have even duals (even-even slacks stay even).
    mutating func convertCyclesToBlossoms() {
        precondition(activeTrees == 0)
        h1.removeAll(); h2.removeAll(); h3.removeAll(); h4.removeAll()
        h1Compacted = 0; h2Compacted = 0; h3Compacted = 0
        delta = 0
        unitShift = 1
        for p in arcW.indices { arcW[p] *= 2 }
        for v in 0..<n { yOff[v] *= 2 }
        var cyc: [Int32] = []
        for v0 in 0..<n32 where cycNext[Int(v0)] >= 0 {
            cyc.removeAll(keepingCapacity: true)
            var u = v0
            repeat {
                cyc.append(u)
                let nx = cycNext[Int(u)]
                cycNext[Int(u)] = -1
                u = nx
            } while u != v0
            // A zero-dual vertex may stay exposed for good; otherwise the
            // blossom becomes a tree root.
            if let z = cyc.firstIndex(where: { yOff[Int($0)] == 0 }), z != 0 {
                cyc = Array(cyc[z...] + cyc[..<z])
            }
            let k = cyc.count
            let nb = freeIds.removeLast()
            inUse[Int(nb)] = true
            parent[Int(nb)] = -1
            base[Int(nb)] = cyc[0]
            label[Int(nb)] = BlossomSolver.free
            zOff[Int(nb)] = 0
            head[Int(nb)] = cyc[0]
            tail[Int(nb)] = cyc[k - 1]
            let set = blossomSet[Int(cyc[0])]
            setTop[Int(set)] = nb
            blossomSet[Int(nb)] = set
            size[Int(nb)] = Int32(k)
            var ed: [Int32] = []
            ed.reserveCapacity(2 * k)
            for i in 0..<k {
                let c = cyc[i], d = cyc[i + 1 == k ? 0 : i + 1]
                parent[Int(c)] = nb
                if i > 0 {
                    freeSets.append(blossomSet[Int(c)])
                    setOf[Int(c)] = set
                }
                if i + 1 < k { nextV[Int(c)] = d }
                ed.append(c)
                ed.append(d)
                if i & 1 == 1 {
                    mate[Int(c)] = d
                    mate[Int(d)] = c
                }
            }
            mate[Int(cyc[0])] = -1
            children[Int(nb) - n] = cyc
            childEdges[Int(nb) - n] = ed
            if yOff[Int(cyc[0])] > 0 {
                label[Int(nb)] = BlossomSolver.even
                zOff[Int(nb)] = 0
                makeVerticesEven(nb, tree: cyc[0])
                activeTrees += 1
            }
        }
        stats.integralRoots = activeTrees
        flushScans()
    }

    /// Tight edge between two even blossoms of the same tree: contract the
    /// odd cycle through their nearest common even ancestor into a blossom.
    mutating func shrink(_ x: Int32, _ v: Int32) {
        let lca = meetingPoint(x, v)
        // Cycle order: lca, down x's side (odd, even, ..., x's blossom), the
        // edge x-v, then up v's side back to lca. Edge i joins children i and
        // i+1, so the matched edges sit at odd positions as rebase expects.
        var ch: [Int32] = [lca]
        var ed: [Int32] = []
        ch.reserveCapacity(2 * (pathA.count + pathB.count) + 1)
        ed.reserveCapacity(4 * (pathA.count + pathB.count) + 2)
        var i = pathA.count - 1
        while i >= 0 {
            let ai = pathA[i]
            let t = mate[Int(base[Int(ai)])]
            let bt = top(t)
            ed.append(lblX[Int(bt)]); ed.append(lblY[Int(bt)])
            ch.append(bt)
            ed.append(t); ed.append(base[Int(ai)])
            ch.append(ai)
            i -= 1
        }
        ed.append(x); ed.append(v)
        for bj in pathB {
            ch.append(bj)
            let t = mate[Int(base[Int(bj)])]
            let bt = top(t)
            ed.append(base[Int(bj)]); ed.append(t)
            ch.append(bt)
            ed.append(lblY[Int(bt)]); ed.append(lblX[Int(bt)])
        }

        let nb = freeIds.removeLast()
        inUse[Int(nb)] = true
        parent[Int(nb)] = -1
        base[Int(nb)] = base[Int(lca)]
        label[Int(nb)] = BlossomSolver.even
        zOff[Int(nb)] = -2 * delta  // Z = 0
        head[Int(nb)] = head[Int(ch[0])]
        tail[Int(nb)] = tail[Int(ch[ch.count - 1])]
        let keep = largestChild(ch)
        let set = blossomSet[Int(keep)]
        setTop[Int(set)] = nb
        blossomSet[Int(nb)] = set
        var total: Int32 = 0
        for k in 0..<ch.count {
            let c = ch[k]
            total += size[Int(c)]
            if k + 1 < ch.count { nextV[Int(tail[Int(c)])] = head[Int(ch[k + 1])] }
            let wasOdd = label[Int(c)] == BlossomSolver.odd
            relabelBlossom(c, BlossomSolver.free)  // inner blossoms keep a plain dual
            parent[Int(c)] = nb
            if c != keep { freeSets.append(blossomSet[Int(c)]) }
            guard c != keep || wasOdd else { continue }
            var u = head[Int(c)]
            let last = tail[Int(c)]
            while true {
                setOf[Int(u)] = set
                if wasOdd {
                    let y = yOff[Int(u)] + delta
                    vLabel[Int(u)] = BlossomSolver.even
                    yOff[Int(u)] = y + delta
                    h1.push(y + delta, u)
                    scanEvenList.append(u)
                }
                if u == last { break }
                u = nextV[Int(u)]
            }
        }
        size[Int(nb)] = total
        children[Int(nb) - n] = ch
        childEdges[Int(nb) - n] = ed
        flushScans()
    }

    /// Odd blossom whose dual reached zero: split it into its children; the
    /// even-length path from the entry child to the base child stays in the
    /// tree, the rest leaves the forest.
    mutating func expandOdd(_ b: Int32) {
        let bi = Int(b) - n
        let ch = children[bi]
        let ed = childEdges[bi]
        let k = ch.count
        let x0 = lblX[Int(b)], y0 = lblY[Int(b)]
        var c = y0
        while parent[Int(c)] != b { c = parent[Int(c)] }
        let j = ch.firstIndex(of: c)!
        let tree = treeOf[Int(y0)]

        let keep = largestChild(ch)
        setTop[Int(blossomSet[Int(b)])] = keep
        blossomSet[Int(keep)] = blossomSet[Int(b)]
        for cc in ch {
            parent[Int(cc)] = -1
            if cc == keep { continue }
            let set = freeSets.removeLast()
            setTop[Int(set)] = cc
            blossomSet[Int(cc)] = set
            var u = head[Int(cc)]
            let last = tail[Int(cc)]
            while true {
                setOf[Int(u)] = set
                if u == last { break }
                u = nextV[Int(u)]
            }
        }
        // New labels along the path; everything else leaves the forest.
        var newLabel = [UInt8](repeating: BlossomSolver.free, count: k)
        newLabel[j] = BlossomSolver.odd
        lblX[Int(ch[j])] = x0
        lblY[Int(ch[j])] = y0
        if j != 0 {
            let forward = j & 1 == 1
            var i = j
            while i != 0 {
                if forward {
                    let ie = (i + 1) % k
                    let io = (ie + 1) % k
                    newLabel[ie] = BlossomSolver.even
                    newLabel[io] = BlossomSolver.odd
                    lblX[Int(ch[io])] = ed[2 * ie]
                    lblY[Int(ch[io])] = ed[2 * ie + 1]
                    i = io
                } else {
                    let ie = i - 1
                    let io = ie - 1
                    newLabel[ie] = BlossomSolver.even
                    newLabel[io] = BlossomSolver.odd
                    lblX[Int(ch[io])] = ed[2 * io + 1]
                    lblY[Int(ch[io])] = ed[2 * io]
                    i = io
                }
            }
        }
        for idx in 0..<k {
            let cc = ch[idx]
            // Children were inner blossoms: label free, plain dual.
            switch newLabel[idx] {
            case BlossomSolver.odd:
                relabelBlossom(cc, BlossomSolver.odd)
                if cc >= n32 { h4.push(zOff[Int(cc)], cc) }
                // Vertices are already odd-encoded and in the tree.
            case BlossomSolver.even:
                relabelBlossom(cc, BlossomSolver.even)
                makeVerticesEven(cc, tree: tree)
            default:
                relabelBlossom(cc, BlossomSolver.free)
                makeVerticesFree(cc)
            }
        }
        releaseBlossom(b)
        flushScans()
    }

    mutating func releaseBlossom(_ b: Int32) {
        inUse[Int(b)] = false
        blossomSet[Int(b)] = -1
        label[Int(b)] = BlossomSolver.free
        parent[Int(b)] = -1
        children[Int(b) - n] = []
        childEdges[Int(b) - n] = []
        freeIds.append(b)
    }

    /// Makes `s` the exposed vertex of its top-level blossom, matches it to
    /// `partner` (or leaves it exposed for -1), and flips the alternating path
    /// from that blossom up to its tree root.
    mutating func augmentToRoot(_ s0: Int32, _ partner0: Int32) {
        var s = s0, partner = partner0
        while true {
            let bs = top(s)
            let t = mate[Int(base[Int(bs)])]
            if bs >= n32 { rebase(bs, s) }
            mate[Int(s)] = partner
            if t < 0 { break }  // bs was the root blossom
            let bt = top(t)
            let x = lblX[Int(bt)], y = lblY[Int(bt)]
            if bt >= n32 { rebase(bt, y) }
            mate[Int(y)] = x
            s = x
            partner = y
        }
    }

    /// Rotates the internal matching of blossom `top` so that vertex `v`
    /// becomes its base (exposed within it). Iterative, and each job walks its
    /// chain of nested blossoms once, so deep nesting costs linear time.
    mutating func rebase(_ top: Int32, _ v: Int32) {
        stackB.append(top)
        stackV.append(v)
        while let b0 = stackB.popLast() {
            let v = stackV.removeLast()
            if b0 < n32 { continue }
            chain.removeAll(keepingCapacity: true)
            var c = v
            while c != b0 {
                chain.append(c)
                c = parent[Int(c)]
            }
            chain.append(b0)
            var level = chain.count - 1
            while level >= 1 {
                let b = chain[level], c = chain[level - 1]
                level -= 1
                if b != top { stats.nestedRebase += 1 }
                let bi = Int(b) - n
                let k = children[bi].count
                let i = children[bi].firstIndex(of: c)!
                if i != 0 {
                    // Flip the even-length path from child i to the base child;
                    // each newly matched edge rebases the children it touches.
                    var jj = i & 1 == 1 ? i + 1 : i - 2
                    let step = i & 1 == 1 ? 2 : -2
                    while jj >= 0 && jj < k {
                        let a = children[bi][jj]
                        let bb = children[bi][jj + 1 == k ? 0 : jj + 1]
                        let ea = childEdges[bi][2 * jj], eb = childEdges[bi][2 * jj + 1]
                        mate[Int(ea)] = eb
                        mate[Int(eb)] = ea
                        stackB.append(a); stackV.append(ea)
                        stackB.append(bb); stackV.append(eb)
                        jj += step
                    }
                    let oldC = children[bi], oldE = childEdges[bi]
                    children[bi] = Array(oldC[i...] + oldC[..<i])
                    childEdges[bi] = Array(oldE[(2 * i)...] + oldE[..<(2 * i)])
                }
                base[Int(b)] = v
            }
        }
    }

    /// Dissolves the given trees (-1 = none): their vertices leave the forest
    /// with their current duals, then re-offer their edges to other trees.
    mutating func destroyTrees(_ t1: Int32, _ t2: Int32) {
        dissolve(t1)
        if t2 >= 0 { dissolve(t2) }
        flushScans()
    }

    private mutating func dissolve(_ t: Int32) {
        activeTrees -= 1
        var list: [Int32] = []
        swap(&list, &members[Int(t)])
        for v in list where treeOf[Int(v)] == t {
            let b = top(v)
            if label[Int(b)] != BlossomSolver.free { relabelBlossom(b, BlossomSolver.free) }
            yOff[Int(v)] = currentY(v)
            vLabel[Int(v)] = BlossomSolver.free
            treeOf[Int(v)] = -1
            scanFreeList.append(v)
            stats.destroyedVertices += 1
        }
    }

    // MARK: - Output

    func output() -> SolverOutput {
        // Certificates are in units of 4 * pi; without the fractional phase
        // the solver worked in 2 * pi.
        let scale = unitShift == 1 ? 1 : 2
        var y = [Int](repeating: 0, count: n)
        for v in 0..<n { y[v] = currentY(Int32(v)) * scale }
        var index = [Int](repeating: -1, count: 2 * n)
        var bParent: [Int] = []
        var bDual: [Int] = []
        var ids: [Int32] = []
        for b in n..<(2 * n) where inUse[b] {
            index[b] = ids.count
            ids.append(Int32(b))
        }
        for b in ids {
            let p = parent[Int(b)]
            bParent.append(p < 0 ? -1 : index[Int(p)])
            bDual.append((parent[Int(b)] < 0 ? currentZ(b) : zOff[Int(b)]) * scale)
        }
        var vb = [Int](repeating: -1, count: n)
        for v in 0..<n where parent[v] >= 0 { vb[v] = index[Int(parent[v])] }
        return SolverOutput(mate: mate, vertexDual: y, blossomParent: bParent, blossomDual: bDual,
                            vertexBlossom: vb)
    }
}
