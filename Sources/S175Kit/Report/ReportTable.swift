/// A table for a report, built as data so disclosure control can work on it before it
/// is rendered. Every cell knows how many settings stand behind it.
public struct ReportTable: Sendable {
    public struct Cell: Sendable {
        public enum Kind: Sendable { case text, count, percent, rag }
        public var text: String
        public var kind: Kind
        /// Settings behind the value; nil for labels and values that concern no setting.
        public var contributors: Int?
        public var rag: RAG?
        /// A percentage in tenths, to shade heatmap cells.
        public var heat: Int?
        /// Cells this one is worked out from (a percentage from its counts).
        public var dependsOn: [CellRef] = []
        public var suppression: Suppression?

        public static func text(_ text: String) -> Cell { Cell(text: text, kind: .text) }

        public static func count(_ value: Int) -> Cell {
            Cell(text: String(value), kind: .count, contributors: value)
        }

        /// `count / total` as a percentage with its denominator, e.g. `92.9% (65/70)`.
        public static func percent(_ count: Int, of total: Int, showing: Bool = true, dependsOn: [CellRef] = []) -> Cell {
            guard let permille = Percent.permille(count, of: total) else { return Cell(text: "–", kind: .text) }
            let text = Percent.text(permille: permille) + "%" + (showing ? " (\(count)/\(total))" : "")
            return Cell(text: text, kind: .percent, contributors: total, heat: permille, dependsOn: dependsOn)
        }

        /// A mean of settings' percentages, with how many settings.
        public static func mean(_ permille: Int?, of settings: Int) -> Cell {
            guard let permille else { return Cell(text: "–", kind: .text) }
            return Cell(text: Percent.text(permille: permille) + "% (n = \(settings))", kind: .percent, contributors: settings, heat: permille)
        }

        public static func rag(_ rag: RAG?) -> Cell {
            guard let rag else { return Cell(text: "not rated", kind: .text) }
            return Cell(text: rag.label, kind: .rag, rag: rag)
        }
    }

    public struct CellRef: Sendable, Hashable {
        public var row: Int
        public var column: Int
        public init(_ row: Int, _ column: Int) {
            self.row = row
            self.column = column
        }
    }

    public enum Suppression: Sendable {
        /// Fewer than the threshold of settings contributed.
        case primary
        /// Hidden so a primary cell cannot be worked out from the others.
        case secondary
    }

    public var id: String
    public var caption: String
    public var columns: [String]
    public var rows: [(header: String, cells: [Cell])]
    /// Groups of cells where, with all but one known, the last could be worked out
    /// (a row's parts and its total).
    public var additiveGroups: [[CellRef]] = []
    /// Shade percentage cells as a heatmap.
    public var heatmap = false
    public var notes: [String] = []

    public init(id: String, caption: String, columns: [String], rows: [(header: String, cells: [Cell])] = []) {
        self.id = id
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }

    public subscript(ref: CellRef) -> Cell {
        get { rows[ref.row].cells[ref.column] }
        set { rows[ref.row].cells[ref.column] = newValue }
    }

    /// How many cells disclosure control hid.
    public var suppressedCount: (primary: Int, secondary: Int) {
        var primary = 0
        var secondary = 0
        for row in rows {
            for cell in row.cells {
                if cell.suppression == .primary { primary += 1 }
                if cell.suppression == .secondary { secondary += 1 }
            }
        }
        return (primary, secondary)
    }
}

/// Statistical disclosure control for editions that must not identify a setting.
public enum DisclosureControl {
    /// Hides every cell built from fewer than `threshold` settings (zero counts stay: they
    /// describe no one), then hides further cells until no hidden value can be recovered by
    /// subtraction within an additive group, and hides anything worked out from a hidden cell.
    public static func apply(to table: inout ReportTable, threshold: Int) {
        for r in table.rows.indices {
            for c in table.rows[r].cells.indices {
                let cell = table.rows[r].cells[c]
                if let contributors = cell.contributors, contributors > 0, contributors < threshold {
                    table.rows[r].cells[c].suppression = .primary
                }
            }
        }
        var changed = true
        while changed {
            changed = false
            for r in table.rows.indices {
                for c in table.rows[r].cells.indices where table.rows[r].cells[c].suppression == nil {
                    if table.rows[r].cells[c].dependsOn.contains(where: { table[$0].suppression != nil }) {
                        table.rows[r].cells[c].suppression = .secondary
                        changed = true
                    }
                }
            }
            for group in table.additiveGroups {
                let hidden = group.filter { table[$0].suppression != nil }
                guard hidden.count == 1 else { continue }
                // Hide the smallest other cell, so the least information is lost; but not a
                // zero while a non-zero cell is left: counts cannot be negative, so a hidden
                // zero whose own column adds up without it is known, and protects nothing.
                let candidates = group.filter { table[$0].suppression == nil && table[$0].contributors != nil }
                func rank(_ ref: ReportTable.CellRef) -> (Int, Int, Int, Int) {
                    (table[ref].contributors! == 0 ? 1 : 0, table[ref].contributors!, ref.row, ref.column)
                }
                guard let pick = candidates.min(by: { rank($0) < rank($1) }) else { continue }
                table[pick].suppression = .secondary
                changed = true
            }
        }
    }

    /// Plain-English account of what was hidden, for the method section.
    public static func explain(_ tables: [ReportTable], threshold: Int) -> [String] {
        let primary = tables.reduce(0) { $0 + $1.suppressedCount.primary }
        let secondary = tables.reduce(0) { $0 + $1.suppressedCount.secondary }
        var lines = [
            "A cell built from fewer than \(threshold) settings shows c (confidential) instead of its value, so that no setting can be identified. A count of zero is shown: it describes no setting.",
            "Where one hidden value could be worked out by subtracting the others from a total, a further cell is hidden too (secondary suppression); a percentage worked out from a hidden count is hidden with it.",
        ]
        if primary + secondary == 0 {
            lines.append("No cell in this edition needed to be hidden.")
        } else {
            lines.append("In this edition \(primary) cell\(primary == 1 ? " was" : "s were") hidden because fewer than \(threshold) settings contributed, and \(secondary) more to protect them.")
        }
        return lines
    }
}

extension ReportTable {
    /// The table as a template value: header, rows and cells with their classes.
    public var templateValue: TemplateValue {
        let head = TemplateValue.list(columns.map { .text($0) })
        let body = TemplateValue.list(rows.map { row in
            .object([
                "header": .text(row.header),
                "cells": .list(row.cells.map(ReportTable.cellValue)),
            ])
        })
        var value: [String: TemplateValue] = [
            "id": .text(id), "caption": .text(caption), "columns": head, "rows": body,
            "notes": .list(notes.map { .text($0) }), "heatmap": .bool(heatmap),
        ]
        value["empty"] = .bool(rows.isEmpty)
        return .object(value)
    }

    static func cellValue(_ cell: Cell) -> TemplateValue {
        if cell.suppression != nil {
            return .object(["text": "c", "class": "num suppressed", "cellNote": "confidential: too few settings to show"])
        }
        var classes: [String] = []
        switch cell.kind {
        case .count, .percent: classes.append("num")
        case .rag: if let rag = cell.rag { classes.append("rag rag-\(rag.rawValue.lowercased())") }
        case .text: break
        }
        if let heat = cell.heat { classes.append("heat-\(Heat.band(heat))") }
        return .object(["text": .text(cell.text), "class": .text(classes.joined(separator: " "))])
    }
}

/// Heatmap shading: five bands of % met, each with a text colour that keeps AA contrast.
public enum Heat {
    /// 0 (lowest) to 4 (highest), from tenths of a percent.
    public static func band(_ permille: Int) -> Int {
        switch permille {
        case ..<600: 0
        case 600..<750: 1
        case 750..<850: 2
        case 850..<950: 3
        default: 4
        }
    }
}
