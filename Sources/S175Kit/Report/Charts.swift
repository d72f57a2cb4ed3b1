/// Inline SVG charts drawn from report tables after disclosure control, so a chart never
/// shows what its table hides. Every chart sits beside its table, has a title and a
/// description for screen readers, and never relies on colour alone: bars carry their
/// values as text and RAG segments carry a letter and a pattern.
public enum Charts {
    static let width = 680
    static let labelWidth = 220
    static let barWidth = 330
    static let rowHeight = 26

    /// Horizontal bars of the percentages in `column`, one per row.
    public static func bars(_ table: ReportTable, column: Int, title: String) -> String {
        let height = table.rows.count * rowHeight + 30
        var svg = open(title: title, description: "Bar chart of \(table.columns[column]) by \(table.columns.first ?? "row"); the values are in the table \"\(table.caption)\".", height: height)
        for (index, row) in table.rows.enumerated() {
            let y = 10 + index * rowHeight
            let cell = row.cells[column]
            svg += label(row.header, y: y)
            if cell.suppression != nil {
                svg += valueText("c (too few settings to show)", x: labelWidth + 6, y: y)
            } else if let heat = cell.heat {
                let length = max(1, barWidth * heat / 1000)
                svg += #"<rect x="\#(labelWidth)" y="\#(y + 4)" width="\#(length)" height="\#(rowHeight - 10)" class="bar"/>"#
                svg += valueText(cell.text, x: labelWidth + length + 6, y: y)
            } else {
                svg += valueText(cell.text, x: labelWidth + 6, y: y)
            }
        }
        svg += axis(y: 10 + table.rows.count * rowHeight)
        return svg + "</svg>"
    }

    /// Stacked Red/Amber/Green bars from the count columns `red`, `amber`, `green`.
    public static func ragStacks(_ table: ReportTable, red: Int, amber: Int, green: Int, title: String) -> String {
        let height = table.rows.count * rowHeight + 20
        var svg = open(title: title, description: "Stacked bars of the number of settings rated Red, Amber and Green; the values are in the table \"\(table.caption)\".", height: height)
        for (index, row) in table.rows.enumerated() {
            let y = 10 + index * rowHeight
            svg += label(row.header, y: y)
            let cells = [(RAG.red, row.cells[red]), (RAG.amber, row.cells[amber]), (RAG.green, row.cells[green])]
            if cells.contains(where: { $0.1.suppression != nil }) {
                svg += valueText("c (too few settings to show)", x: labelWidth + 6, y: y)
                continue
            }
            let counts = cells.map { ($0.0, Int($0.1.text) ?? 0) }
            let total = counts.reduce(0) { $0 + $1.1 }
            guard total > 0 else {
                svg += valueText("no settings rated", x: labelWidth + 6, y: y)
                continue
            }
            var x = labelWidth
            for (rag, count) in counts where count > 0 {
                let length = max(1, barWidth * count / total)
                svg += #"<rect x="\#(x)" y="\#(y + 3)" width="\#(length)" height="\#(rowHeight - 8)" class="rag-\#(rag.rawValue.lowercased())" fill="url(#pattern-\#(rag.rawValue.lowercased()))"/>"#
                if length >= 34 {
                    svg += #"<text x="\#(x + 4)" y="\#(y + rowHeight / 2 + 4)" class="on-\#(rag.rawValue.lowercased())">\#(rag.rawValue) \#(count)</text>"#
                }
                x += length
            }
            svg += valueText("R \(counts[0].1) · A \(counts[1].1) · G \(counts[2].1)", x: labelWidth + barWidth + 8, y: y)
        }
        return svg + "</svg>"
    }

    private static func open(title: String, description: String, height: Int) -> String {
        let id = "chart-" + String(SHA256.hex(of: Array((title + description).utf8)).prefix(8))
        return #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \#(width) \#(height)" role="img" aria-labelledby="\#(id)-t \#(id)-d">"#
            + #"<title id="\#(id)-t">\#(Template.escaped(title))</title><desc id="\#(id)-d">\#(Template.escaped(description))</desc>"#
            + patterns
    }

    /// Red is hatched, Amber dotted, Green plain: readable without colour and in greyscale print.
    private static let patterns = """
        <defs>\
        <pattern id="pattern-r" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="rag-r"/><line x1="0" y1="0" x2="0" y2="6" class="hatch"/></pattern>\
        <pattern id="pattern-a" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="rag-a"/><circle cx="3" cy="3" r="1.2" class="dot"/></pattern>\
        <pattern id="pattern-g" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="rag-g"/></pattern>\
        </defs>
        """

    private static func label(_ text: String, y: Int) -> String {
        let shown = text.count > 32 ? String(text.prefix(31)) + "…" : text
        return #"<text x="\#(labelWidth - 8)" y="\#(y + rowHeight / 2 + 4)" text-anchor="end" class="label">\#(Template.escaped(shown))</text>"#
    }

    private static func valueText(_ text: String, x: Int, y: Int) -> String {
        #"<text x="\#(x)" y="\#(y + rowHeight / 2 + 4)" class="value">\#(Template.escaped(text))</text>"#
    }

    private static func axis(y: Int) -> String {
        var svg = #"<line x1="\#(labelWidth)" y1="\#(y)" x2="\#(labelWidth + barWidth)" y2="\#(y)" class="axis"/>"#
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = labelWidth + barWidth * tick / 100
            svg += #"<text x="\#(x)" y="\#(y + 14)" text-anchor="middle" class="tick">\#(tick)%</text>"#
        }
        return svg
    }
}
