// Package analysis turns a loaded customer table into an Ideal Customer Profile: it
// ranks customers by a composite best-customer score, tests every attribute condition
// for over- and under-representation among the best customers (lift, Wilson interval,
// one-sided Fisher exact p, Benjamini–Hochberg q over every candidate searched), and
// selects a small, non-redundant set of criteria and disqualifiers.
//
// The package never prints and never opens files: it takes a *dataset.Table and
// returns values. Every statistic it reports carries its sample size.
package analysis
