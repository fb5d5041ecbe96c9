// Package analysis turns a loaded customer table into an Ideal Customer Profile: it
// ranks customers by a composite best-customer score, tests every attribute condition
// for over- and under-representation among the best customers (lift, Wilson interval,
// one-sided Fisher exact p, Benjamini–Hochberg q over every candidate searched), and
// selects a small, non-redundant set of criteria and disqualifiers.
//
// The package never prints and never opens files: it takes a *dataset.Table and
// returns values. Every statistic it reports carries its sample size.
//
// The statistics themselves (tests, intervals, corrections, ranks, rounding) are in
// package analysis/stats, which imports nothing of this project. What uses a derived
// profile afterwards has packages of its own: analysis/drift compares two quarters,
// analysis/winrate summarises deals by fit tier.
package analysis
