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
// Account keys are read as written in the files: from the cells the loader kept as
// written (dataset.Options.KeepCellsOf with DealCells and AccountCells), not from the
// text or folded categories it reads them as. The package never opens a file.
package crm
