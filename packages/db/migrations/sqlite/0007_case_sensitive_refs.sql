-- MySQL's 0007 makes order and shop references compare case-sensitively (utf8mb4_bin).
-- SQLite compares text with the BINARY collation already, so this step changes nothing here;
-- it exists so that both dialects carry the same migrations under the same numbers.
SELECT 1;
