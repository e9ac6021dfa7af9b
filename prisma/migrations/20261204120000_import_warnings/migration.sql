-- Issue 8, item 5: lines imported with a change (invalid UTF-8 replaced by U+FFFD, NUL removed) are
-- counted and the first of them kept with their line numbers, beside the errors.
ALTER TABLE "Import" ADD COLUMN "warningCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "warnings" JSONB NOT NULL DEFAULT '[]';
