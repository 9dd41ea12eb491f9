-- 0001: the outgoing register (ทะเบียนหนังสือส่ง).
-- One SQL text for SQLite and PostgreSQL: natural keys (series, year, seq), no auto-increment,
-- dates and times as ISO text, so the same statements run on both.

-- The last number issued per series and calendar year (B.E.); the row an issuer locks.
CREATE TABLE counters (
    series   TEXT    NOT NULL,
    year     INTEGER NOT NULL,
    last     INTEGER NOT NULL,
    PRIMARY KEY (series, year)
);

-- One row per issued number: a letter, or a circular with its distribution.
CREATE TABLE entries (
    series      TEXT    NOT NULL,
    year        INTEGER NOT NULL,            -- B.E.: numbers run from 1 each calendar year
    seq         INTEGER NOT NULL,            -- the register number (เลขทะเบียนส่ง)
    number      TEXT    NOT NULL,            -- as printed after ที่, Arabic digits
    letter_date TEXT    NOT NULL,            -- ISO date of the letter (ลงวันที่)
    subject     TEXT    NOT NULL,
    sender      TEXT    NOT NULL,            -- จาก: the owning agency
    recipient   TEXT    NOT NULL,            -- ถึง: the recipient, or the circular's group salutation
    via         TEXT    NOT NULL DEFAULT '', -- how it was sent: e-saraban, e-mail, post, hand
    remark      TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL CHECK (status IN ('issued', 'cancelled')),
    reason      TEXT    NOT NULL DEFAULT '', -- why a number was cancelled
    issued_at   TEXT    NOT NULL,            -- ISO time (UTC) of the transaction
    issued_by   TEXT    NOT NULL,            -- user@host of the issuing process
    spec        TEXT    NOT NULL DEFAULT '', -- the spec file the letter was built from
    folder      TEXT    NOT NULL DEFAULT '', -- where the files were written
    PRIMARY KEY (series, year, seq)
);
CREATE INDEX entries_number ON entries (number);

-- Every file written under a number: one per recipient of a merge, and the combined files.
CREATE TABLE documents (
    series    TEXT    NOT NULL,
    year      INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    ordinal   INTEGER NOT NULL,
    recipient TEXT    NOT NULL DEFAULT '',   -- empty for a file that goes to no one recipient
    file      TEXT    NOT NULL,              -- the file name as written
    sha256    TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    PRIMARY KEY (series, year, seq, ordinal),
    FOREIGN KEY (series, year, seq) REFERENCES entries (series, year, seq)
);
CREATE INDEX documents_sha256 ON documents (sha256);
