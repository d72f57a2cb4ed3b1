/// Monotone priority queue over non-negative `Int` keys (a radix heap).
///
/// Every pushed key must be >= the key of the last popped entry. The solver's
/// event keys are "slack + elapsed dual change", which never drop below the
/// current threshold, so this holds and both push (O(1)) and pop (amortised
/// O(log C)) stay cheap even with many stale entries left for lazy deletion.
/// Entries with equal keys pop in LIFO order, which is deterministic.
struct RadixHeap {
    struct Entry {
        var key: Int
        var item: Int32
    }

    /// Bucket 0 holds keys equal to `last`; bucket i > 0 holds keys whose
    /// highest bit differing from `last` is bit i - 1. Keys are < 2^63, so 64
    /// buckets suffice.
    private var buckets: [[Entry]] = Array(repeating: [], count: 64)
    private var bucketMin: [Int] = Array(repeating: Int.max, count: 64)
    private var nonEmpty: UInt64 = 0
    private var spare: [Entry] = []
    private(set) var last: Int = 0
    private(set) var count: Int = 0

    var isEmpty: Bool { nonEmpty == 0 }

    @inline(__always)
    private func bucket(for key: Int) -> Int {
        key == last ? 0 : 64 - (key ^ last).leadingZeroBitCount
    }

    @inline(__always)
    mutating func push(_ key: Int, _ item: Int32) {
        assert(key >= last, "radix heap keys must be monotone")
        let b = bucket(for: key)
        buckets[b].append(Entry(key: key, item: item))
        if key < bucketMin[b] { bucketMin[b] = key }
        nonEmpty |= 1 << UInt64(b)
        count += 1
    }

    /// Smallest key, or `Int.max` when empty. Does not reorganise buckets, so
    /// later pushes only need to respect the last *popped* key.
    @inline(__always)
    var minKey: Int {
        if nonEmpty == 0 { return Int.max }
        let b = nonEmpty.trailingZeroBitCount
        return b == 0 ? last : bucketMin[b]
    }

    mutating func popMin() -> Entry {
        precondition(nonEmpty != 0)
        if nonEmpty & 1 == 0 {
            let b = nonEmpty.trailingZeroBitCount
            last = bucketMin[b]
            swap(&spare, &buckets[b])
            bucketMin[b] = Int.max
            nonEmpty &= ~(1 << UInt64(b))
            for e in spare {
                let nb = bucket(for: e.key)
                buckets[nb].append(e)
                if e.key < bucketMin[nb] { bucketMin[nb] = e.key }
                nonEmpty |= 1 << UInt64(nb)
            }
            spare.removeAll(keepingCapacity: true)
        }
        let e = buckets[0].removeLast()
        if buckets[0].isEmpty { nonEmpty &= ~1 }
        count -= 1
        return e
    }

    /// Drops entries for which `keep` is false. Bucket positions depend only
    /// on keys and `last`, so survivors stay where they are.
    mutating func filter(_ keep: (Entry) -> Bool) {
        for b in 0..<64 where !buckets[b].isEmpty {
            // Fresh arrays also release the capacity of the old peak.
            buckets[b] = buckets[b].filter(keep)
            var lo = Int.max
            for e in buckets[b] where e.key < lo { lo = e.key }
            bucketMin[b] = lo
            if buckets[b].isEmpty { nonEmpty &= ~(1 << UInt64(b)) }
        }
        count = buckets.reduce(0) { $0 + $1.count }
        spare = []
    }

    mutating func removeAll() {
        for b in 0..<64 where !buckets[b].isEmpty {
            buckets[b].removeAll(keepingCapacity: true)
            bucketMin[b] = Int.max
        }
        nonEmpty = 0
        count = 0
        last = 0
    }
}
