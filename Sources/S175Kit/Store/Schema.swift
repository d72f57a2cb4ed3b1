/// The history store's tables. Each version's script runs once, in order, so a store made
/// by any earlier s175 is brought forward when opened; `PRAGMA user_version` records how far.
/// Never edit a released script: add a new one. The tables are documented in docs/store.md.
enum Schema {
    static let migrations: [String] = [version1, version2, version3, version4]

    static var latest: Int { migrations.count }

    static func migrate(_ database: SQLiteDatabase) throws(StoreError) {
        let current = try database.userVersion
        if current > latest {
            throw StoreError(path: database.path, message: "the store was written by a newer version of s175 (schema \(current); this one knows \(latest))")
        }
        for version in current..<latest {
            try database.transaction { () throws(StoreError) in
                try database.execute(migrations[version])
                try database.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }

    /// Peer-review groups, so later cycles can avoid repeating recent partners.
    static let version3 = """
        CREATE TABLE pairings (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            group_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('pair', 'triad')),
            position INTEGER NOT NULL,
            urn TEXT NOT NULL,
            reviews_urn TEXT NOT NULL,
            focus TEXT NOT NULL,
            value INTEGER NOT NULL,
            rationale TEXT NOT NULL,
            PRIMARY KEY (cycle, group_id, position)
        );
        ALTER TABLE cycles ADD COLUMN peer_review TEXT;
        """

    /// Risk flags: the policies used, the flags and what triggered them, and officers'
    /// notes. Notes belong to the LA, not to a run, so rerunning a cycle keeps them.
    static let version2 = """
        CREATE TABLE risk_policies (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            questionnaire TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            content BLOB NOT NULL,
            PRIMARY KEY (cycle, position)
        );
        CREATE TABLE risk_flags (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            urn TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('new', 'continuing', 'resolved', 'closed')),
            severity TEXT NOT NULL,
            rules TEXT NOT NULL,
            PRIMARY KEY (cycle, urn)
        ) WITHOUT ROWID;
        CREATE TABLE risk_triggers (
            cycle TEXT NOT NULL,
            urn TEXT NOT NULL,
            position INTEGER NOT NULL,
            rule TEXT NOT NULL,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL,
            question TEXT NOT NULL,
            question_text TEXT NOT NULL,
            answer TEXT NOT NULL,
            evidence TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (cycle, urn, position),
            FOREIGN KEY (cycle, urn) REFERENCES risk_flags(cycle, urn) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE TABLE risk_notes (
            cycle TEXT NOT NULL,
            urn TEXT NOT NULL,
            position INTEGER NOT NULL,
            date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('note', 'resolved')),
            text TEXT NOT NULL,
            PRIMARY KEY (cycle, urn, position)
        );
        """

    /// Cycles, their inputs, every return with its answers and provenance, scores,
    /// problems, and per-group tallies for trends. Answers are held as one byte per question
    /// in `returns.codes` (a national cycle is millions of answers) and shown as rows by the
    /// `answers` view, which decodes them through `options`.
    static let version1 = """
        CREATE TABLE cycles (
            id TEXT PRIMARY KEY,
            area TEXT NOT NULL,
            census_date TEXT NOT NULL,
            deadline TEXT NOT NULL,
            final_deadline TEXT NOT NULL,
            min_cell INTEGER NOT NULL,
            final INTEGER NOT NULL,
            settings_file TEXT,
            templates TEXT,
            tool_version TEXT NOT NULL
        );
        CREATE TABLE definitions (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            content BLOB NOT NULL,
            PRIMARY KEY (cycle, position)
        );
        CREATE TABLE questions (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            questionnaire TEXT NOT NULL,
            version TEXT NOT NULL,
            position INTEGER NOT NULL,
            id TEXT NOT NULL,
            standard TEXT NOT NULL,
            element TEXT NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            weight INTEGER,
            critical INTEGER NOT NULL,
            mandatory INTEGER NOT NULL,
            themes TEXT NOT NULL,
            continues TEXT NOT NULL,
            module TEXT,
            PRIMARY KEY (cycle, questionnaire, id)
        );
        CREATE TABLE register_sources (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            rows INTEGER NOT NULL,
            settings INTEGER NOT NULL,
            locality_column TEXT NOT NULL,
            la_codes TEXT NOT NULL,
            excluded_type_groups TEXT NOT NULL,
            PRIMARY KEY (cycle, position)
        );
        CREATE TABLE settings (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            urn TEXT NOT NULL,
            name TEXT NOT NULL,
            la_code TEXT NOT NULL,
            la_name TEXT NOT NULL,
            establishment_number TEXT NOT NULL,
            type TEXT NOT NULL,
            type_group TEXT NOT NULL,
            status TEXT NOT NULL,
            phase TEXT NOT NULL,
            low_age INTEGER,
            high_age INTEGER,
            pupils INTEGER,
            trust_code TEXT NOT NULL,
            trust_name TEXT NOT NULL,
            federation TEXT NOT NULL,
            sen_pru TEXT NOT NULL,
            district TEXT NOT NULL,
            postcode TEXT NOT NULL,
            locality TEXT NOT NULL,
            population TEXT NOT NULL,
            PRIMARY KEY (cycle, urn)
        ) WITHOUT ROWID;
        CREATE TABLE input_files (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            file TEXT NOT NULL,
            carrier TEXT,
            sha256 TEXT,
            bytes INTEGER,
            returns_read INTEGER NOT NULL,
            PRIMARY KEY (cycle, position)
        );
        CREATE TABLE returns (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            id INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('accepted', 'superseded', 'rejected')),
            urn TEXT NOT NULL,
            questionnaire TEXT NOT NULL,
            version TEXT NOT NULL,
            submitted TEXT,
            timeliness TEXT,
            file TEXT NOT NULL,
            line INTEGER NOT NULL,
            "column" INTEGER NOT NULL,
            file_sha256 TEXT,
            codes BLOB,
            PRIMARY KEY (cycle, id)
        );
        CREATE INDEX returns_by_urn ON returns (urn, cycle);
        CREATE TABLE options (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            questionnaire TEXT NOT NULL,
            question TEXT NOT NULL,
            position INTEGER NOT NULL,
            code_byte TEXT NOT NULL,
            code TEXT NOT NULL,
            label TEXT NOT NULL,
            score INTEGER,
            not_applicable INTEGER NOT NULL,
            compliant INTEGER NOT NULL,
            PRIMARY KEY (cycle, questionnaire, question, position)
        ) WITHOUT ROWID;
        CREATE TABLE answer_details (
            cycle TEXT NOT NULL,
            return_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            value TEXT,
            evidence TEXT,
            action TEXT,
            action_due TEXT,
            action_owner TEXT,
            PRIMARY KEY (cycle, return_id, position),
            FOREIGN KEY (cycle, return_id) REFERENCES returns(cycle, id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE TABLE scores (
            cycle TEXT NOT NULL,
            return_id INTEGER NOT NULL,
            urn TEXT NOT NULL,
            scope TEXT NOT NULL CHECK (scope IN ('overall', 'standard')),
            scope_id TEXT NOT NULL,
            achieved INTEGER NOT NULL,
            possible INTEGER NOT NULL,
            permille INTEGER,
            rag TEXT,
            PRIMARY KEY (cycle, return_id, scope, scope_id),
            FOREIGN KEY (cycle, return_id) REFERENCES returns(cycle, id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE TABLE diagnostics (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            file TEXT NOT NULL,
            line INTEGER NOT NULL,
            "column" INTEGER NOT NULL,
            urn TEXT NOT NULL,
            severity TEXT NOT NULL,
            problem TEXT NOT NULL,
            message TEXT NOT NULL,
            fix TEXT NOT NULL,
            outcome TEXT NOT NULL,
            PRIMARY KEY (cycle, position)
        );
        CREATE TABLE group_tallies (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            questionnaire TEXT NOT NULL,
            locality TEXT NOT NULL,
            expected INTEGER NOT NULL,
            returned INTEGER NOT NULL,
            PRIMARY KEY (cycle, questionnaire, locality)
        ) WITHOUT ROWID;
        CREATE VIEW answers AS
        SELECT r.cycle, r.id AS return_id, r.urn, r.status, q.position, q.id AS question, o.code AS answer, o.label,
               o.score, d.value, d.evidence, d.action, d.action_due, d.action_owner
        FROM returns r
        JOIN questions q ON q.cycle = r.cycle AND q.questionnaire = r.questionnaire AND q.version = r.version
        LEFT JOIN options o ON o.cycle = q.cycle AND o.questionnaire = q.questionnaire AND o.question = q.id
            AND o.code_byte = hex(substr(r.codes, q.position + 1, 1))
        LEFT JOIN answer_details d ON d.cycle = r.cycle AND d.return_id = r.id AND d.position = q.position
        WHERE r.status != 'rejected'
            AND (hex(substr(r.codes, q.position + 1, 1)) NOT IN ('FF', 'FE') OR d.return_id IS NOT NULL);
        CREATE TABLE question_tallies (
            cycle TEXT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            questionnaire TEXT NOT NULL,
            locality TEXT NOT NULL,
            question TEXT NOT NULL,
            met INTEGER NOT NULL,
            answered INTEGER NOT NULL,
            not_applicable INTEGER NOT NULL,
            unanswered INTEGER NOT NULL,
            PRIMARY KEY (cycle, questionnaire, locality, question)
        ) WITHOUT ROWID;
        """

    /// Early-years provider lists beside the GIAS extract: which population each register file holds.
    static let version4 = """
        ALTER TABLE register_sources ADD COLUMN population TEXT NOT NULL DEFAULT 'schools';
        """
}
