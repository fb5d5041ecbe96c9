// Package crm turns CRM exports — accounts plus deals/opportunities or subscriptions —
// into one customer table with derived outcomes, ready for analysis.DetectRoles and
// analysis.Derive.
//
// The flow is
//
//	cols, kind, notes, err := crm.DetectDealColumns(dealsTable, crm.DealColumns{})
//	deals, summary, err := crm.Deals(dealsTable, cols)
//	customers, notes, err := crm.Join(accountsTable, "", deals, kind)
//
// Deals from an opportunities export give per account: ltv (sum of won amounts),
// sales_cycle_days (median days from created to closed of won deals) and the won/closed
// counts and win rate (win_rate, deals_won, deals_closed: outcome-derived, never
// attributes; see DerivedColumns). Subscriptions give ltv (MRR × months active) and
// churned (no active subscription left).
//
// Account keys are read as written in the files: a column the loader kept only as text
// (ids, names) or folded (categories) is read again from the file, whose SHA-256 must
// not have changed since it was loaded.
package crm
