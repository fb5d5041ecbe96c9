// Package scoring is matching a record against a profile and the fit score; one
// implementation used by derive, score, report, compare and kept in agreement with
// profile/sqlgen.
//
// A record is a row of a loaded table (ScoreTable, MatchColumn) or the cells of a CSV
// record (Compile, Matcher, MatchRaw); ScoreCSV streams a CSV export through the
// Matcher and writes it back with the score, tier and reasons appended.
package scoring
